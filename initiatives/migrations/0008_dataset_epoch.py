"""A random epoch beside the dataset version, drawn by PostgreSQL for the existing row (and
for any row made later, by `flush` or psql): with the cluster's system identifier and the
database's OID it makes every ETag name its database (initiatives/dataset.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0007_touch_moves_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataset",
            name="epoch",
            field=models.UUIDField(db_default=models.Func(function="gen_random_uuid"), editable=False),
        ),
    ]

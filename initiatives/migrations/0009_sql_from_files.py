"""The functions and triggers of migrations 0002, 0003 and 0007 now live in
initiatives/sql/*.sql (see initiatives/sql_files.py): this re-creates them from the files,
which become the one place to read and change them."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0008_dataset_epoch")]

    operations = [sql_files.reload(digest="ad7bebf4261b")]

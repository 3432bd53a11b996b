"""The change log of the partners' feed (/api/v1/changes/): its table, and the trigger that
fills it (initiatives/sql/change_log.sql)."""

import django.contrib.postgres.fields
import django.db.models.functions.text
from django.db import migrations, models

from initiatives import sql_files


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0012_map_cells'),
    ]

    operations = [
        migrations.CreateModel(
            name='Change',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('txid', models.BigIntegerField()),
                ('initiative_id', models.BigIntegerField()),
                ('slug', models.CharField(max_length=120)),
                ('action', models.CharField(choices=[('created', 'Created'), ('updated', 'Updated'), ('removed', 'Removed')], max_length=10)),
                ('reason', models.CharField(blank=True, max_length=20)),
                ('version', models.PositiveIntegerField()),
                ('at', models.DateTimeField()),
                ('before', models.TextField(null=True)),
                ('feature', models.TextField(null=True)),
                ('diff', models.JSONField(null=True)),
                ('source', models.CharField(blank=True, max_length=100)),
                ('themes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=60), default=list, size=None)),
                ('networks', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=120), default=list, size=None)),
                ('departments', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), default=list, size=None)),
                ('regions', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=2), default=list, size=None)),
            ],
            options={
                'indexes': [models.Index(fields=['txid', 'id'], name='change_position'), models.Index(fields=['initiative_id', 'txid'], name='change_initiative'), models.Index(django.db.models.functions.text.Lower('source'), models.F('txid'), models.F('id'), name='change_source')],
            },
        ),
        sql_files.reload(digest="bd69efff73ae"),
    ]

"""Merging initiatives (initiatives/merging.py): the merged-away one's pointer to its survivor,
the merge revision, the change log's `merged` tombstone with the survivor's id
(initiatives/sql/change_log.sql); how far the change log was pruned; and the indexes that
answer each test of the duplicate candidates (initiatives/duplicates.py) at 100,000
initiatives: commune code, commune name, website domain, identifier at the source."""

import django.db.models.deletion
from django.db import migrations, models

from initiatives import sql_files

INDEXES = r"""
CREATE INDEX initiative_insee_code ON initiatives_initiative (insee_code) WHERE insee_code <> '';
CREATE INDEX initiative_commune_search ON initiatives_initiative (immutable_unaccent(lower(commune))) WHERE commune <> '';
CREATE INDEX initiative_website_domain ON initiatives_initiative
    ((lower(substring(website from '^[A-Za-z]+://(?:www\.)?([^/:?#]+)')))) WHERE website <> '';
CREATE INDEX initiative_source_id ON initiatives_initiative (source_id) WHERE source_id <> '';
"""
DROP_INDEXES = """
DROP INDEX IF EXISTS initiative_insee_code;
DROP INDEX IF EXISTS initiative_commune_search;
DROP INDEX IF EXISTS initiative_website_domain;
DROP INDEX IF EXISTS initiative_source_id;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0014_sources'),
    ]

    operations = [
        migrations.AddField(
            model_name='change',
            name='merged_into',
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='initiative',
            name='merged_into',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_from', to='initiatives.initiative', verbose_name='fusionnée dans'),
        ),
        migrations.AlterField(
            model_name='revision',
            name='kind',
            field=models.CharField(choices=[('create', 'Création'), ('edit', 'Modification'), ('revert', 'Restauration d’une version'), ('archive', 'Archivage'), ('restore', 'Désarchivage'), ('import', 'Import'), ('merge', 'Fusion')], max_length=10, verbose_name='nature'),
        ),
        migrations.CreateModel(
            name='ChangeLogHorizon',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('txid', models.BigIntegerField()),
                ('change_id', models.BigIntegerField()),
                ('pruned_at', models.DateTimeField()),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='change_log_horizon_single_row')],
            },
        ),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
        sql_files.reload(digest="0e3c8bd72f8e"),
    ]

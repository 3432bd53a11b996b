"""The sums the territory pages and the graph read, kept by triggers
(initiatives/sql/network_reach.sql), counted once here."""

from django.db import migrations, models

from initiatives import sql_files


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0018_map_cells_incremental'),
    ]

    operations = [
        migrations.CreateModel(
            name='NetworkPair',
            fields=[
                ('pk', models.CompositePrimaryKey('network_a', 'network_b', blank=True, editable=False, primary_key=True, serialize=False)),
                ('network_a', models.BigIntegerField()),
                ('network_b', models.BigIntegerField()),
                ('members', models.IntegerField()),
            ],
            options={
                'db_table': 'initiatives_network_pair',
                'indexes': [models.Index(fields=['network_b', 'network_a'], include=('members',), name='network_pair_b'), models.Index(condition=models.Q(('members', 0)), fields=['network_a'], name='network_pair_zero')],
            },
        ),
        migrations.CreateModel(
            name='NetworkReach',
            fields=[
                ('pk', models.CompositePrimaryKey('network_id', 'kind', 'code', blank=True, editable=False, primary_key=True, serialize=False)),
                ('network_id', models.BigIntegerField()),
                ('kind', models.CharField(max_length=11)),
                ('code', models.CharField(blank=True, max_length=3)),
                ('members', models.IntegerField()),
            ],
            options={
                'db_table': 'initiatives_network_reach',
                'indexes': [models.Index(fields=['kind', 'code', 'network_id'], include=('members',), name='network_reach_territory'), models.Index(condition=models.Q(('members', 0)), fields=['network_id'], name='network_reach_zero')],
            },
        ),
        sql_files.reload(digest="61804b87faa4"),
        migrations.RunSQL("SELECT network_reach_rebuild()", migrations.RunSQL.noop),
    ]

"""Each initiative's public memberships and how many initiatives have that many, kept by the
triggers of initiatives/sql/network_reach.sql: the whole map's multi-membership rate without a
recount of every membership. Counted once here."""

from django.db import migrations, models

from initiatives import sql_files


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', "0021_tile_points"),
    ]

    operations = [
        migrations.CreateModel(
            name='MemberReach',
            fields=[
                ('member_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('networks', models.IntegerField()),
            ],
            options={
                'db_table': 'initiatives_member_reach',
            },
        ),
        migrations.CreateModel(
            name='MembershipSpread',
            fields=[
                ('networks', models.IntegerField(primary_key=True, serialize=False)),
                ('members', models.IntegerField()),
            ],
            options={
                'db_table': 'initiatives_membership_spread',
            },
        ),
        sql_files.reload(digest="5aac6b74fe18"),
        migrations.RunSQL("SELECT member_reach_rebuild()", migrations.RunSQL.noop),
    ]

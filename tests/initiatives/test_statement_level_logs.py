"""The change log, the map cells' log of positions and the tiles' copy follow each statement
on initiatives as a whole (initiatives/sql/change_log.sql, map_cells.sql, tile_points.sql):
a statement that writes many rows leaves what the same writes one by one would leave. Each
write here commits, as the change feed needs."""

import pytest
from django.db import connection, transaction

from initiatives.models import Change, Initiative
from tests.factories import BREST, LYON, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def logged_since(last):
    return {(c.initiative_id, c.action, c.reason, tuple(sorted(c.diff or ()))) for c in Change.objects.filter(id__gt=last)}


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def test_one_update_of_many_rows_logs_each_change_once():
    kept, archived, renamed, moved = (make_initiative(slug=f"lieu-{n}") for n in range(4))
    pending = make_initiative(slug="en-attente", status="pending")
    last = Change.objects.latest("id").id
    sql("DELETE FROM initiatives_map_cell_dirty")

    sql("""UPDATE initiatives_initiative SET
               status = CASE WHEN id = %(archived)s THEN 'archived' ELSE status END,
               name = CASE WHEN id = %(renamed)s THEN 'Nouveau nom' ELSE name END,
               location = CASE WHEN id = %(moved)s THEN ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) ELSE location END
           WHERE id = ANY(%(ids)s)""",
        {"archived": archived.pk, "renamed": renamed.pk, "moved": moved.pk, "lon": LYON[0], "lat": LYON[1],
         "ids": [kept.pk, archived.pk, renamed.pk, moved.pk, pending.pk]})  # fmt: skip

    assert logged_since(last) == {
        (archived.pk, "removed", "archived", ()),
        (renamed.pk, "updated", "", ("name",)),
        (moved.pk, "updated", "", ("geometry",)),
    }
    # The positions left (archived, moved) and taken (moved): nothing for rows that stayed.
    assert sorted(sql("SELECT lon, lat FROM initiatives_map_cell_dirty")) == sorted([BREST, BREST, LYON])
    assert sql("SELECT id, name FROM initiatives_tile_point ORDER BY id") == [
        (kept.pk, kept.name), (renamed.pk, "Nouveau nom"), (moved.pk, moved.name)
    ]  # fmt: skip


def test_statements_of_one_transaction_leave_one_entry_per_initiative():
    renamed, back = make_initiative(slug="renomme"), make_initiative(slug="aller-retour")
    last = Change.objects.latest("id").id

    with transaction.atomic():
        sql("UPDATE initiatives_initiative SET name = 'Premier' WHERE id = ANY(%s)", [[renamed.pk, back.pk]])
        sql("UPDATE initiatives_initiative SET name = 'Second' WHERE id = %s", [renamed.pk])
        sql("UPDATE initiatives_initiative SET name = %s WHERE id = %s", [back.name, back.pk])
        created = make_initiative(slug="nouveau")
        sql("UPDATE initiatives_initiative SET summary = 'Changé' WHERE id = %s", [created.pk])

    assert logged_since(last) == {(renamed.pk, "updated", "", ("name",)), (created.pk, "created", "", ())}
    entry = Change.objects.get(id__gt=last, initiative_id=renamed.pk)
    assert entry.diff == {"name": {"before": renamed.name, "after": "Second"}}


def test_one_delete_of_many_rows_logs_each_removal():
    gone = [make_initiative(slug=f"parti-{n}") for n in range(3)]
    last = Change.objects.latest("id").id

    Initiative.objects.filter(pk__in=[i.pk for i in gone]).delete()

    assert logged_since(last) == {(i.pk, "removed", "deleted", ()) for i in gone}
    assert sql("SELECT count(*) FROM initiatives_tile_point") == [(0,)]

"""Write a planned batch in bulk: what the single-row path (snapshots.apply, then
changes.record_import) writes for each row — the initiative, its themes, memberships and
links, an accepted import revision holding its snapshot — in a fixed number of statements
per batch. New rows go in by COPY: no model instance and no SQL parameter per value (with
them, Django and psycopg spent more time building a batch's INSERTs than PostgreSQL spent
running them).

A new initiative's id is drawn from its sequence first, and its themes, memberships and
links are inserted before the row itself (the foreign keys are checked at commit): the
database then builds its Feature and its change-log entry once, from the complete row,
instead of once more for every relation added after it. The batch's rows are COPYed into a
temporary table, then inserted with their Features built by one plan for the whole batch
(initiative_features(), initiatives/sql/feature.sql) rather than by the insert trigger, row by
row."""

import json

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import memberships
from ..models import Initiative, Link, Membership, Revision, Theme
from ..slugs import free_slugs
from ..snapshots import FIELDS
from .errors import ImportRefused
from .report import CREATED, UPDATED

NEW_IDS_SQL = "SELECT nextval(pg_get_serial_sequence('initiatives_initiative', 'id')) FROM generate_series(1, %s)"

# Every field of an update in one statement, which also claims the next version of each row
# that still has the version the plan read (a row edited meanwhile is left out, and refused).
UPDATE_SQL = f"""
UPDATE initiatives_initiative AS i
SET {", ".join(f"{name} = v.{name}" for name in FIELDS)},
    location = CASE WHEN v.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326) END,
    version = i.version + 1, updated_at = %(now)s
FROM unnest(%(id)s::bigint[], %(version)s::int[], %(lon)s::float8[], %(lat)s::float8[],
            {", ".join(f"%({name})s::text[]" for name in FIELDS)})
     AS v(id, version, lon, lat, {", ".join(FIELDS)})
WHERE i.id = v.id AND i.version = v.version
RETURNING i.id
"""
# The new rows of a batch wait here between their COPY and their INSERT (empty in between).
STAGE_SQL = "CREATE TEMPORARY TABLE IF NOT EXISTS import_initiatives (LIKE initiatives_initiative) ON COMMIT DROP"
NEW_COLUMNS = ("id", "slug", "status", "source", "source_id", "location", "created_at", "updated_at", "version",
               "locked", *FIELDS)  # fmt: skip
INSERT_STAGED_SQL = f"""
INSERT INTO initiatives_initiative ({", ".join(NEW_COLUMNS)}, feature)
SELECT {", ".join(f"s.{name}" for name in NEW_COLUMNS)}, f
FROM import_initiatives AS s LEFT JOIN LATERAL initiative_features(ROW(s.*)::initiatives_initiative) AS f ON true
ORDER BY s.id
"""
DELETE_PAIRS_SQL = """
DELETE FROM {table} AS t USING unnest(%s::bigint[], %s::bigint[]) AS d(owner, other)
WHERE t.{owner} = d.owner AND t.{other} = d.other
"""


class Writer:
    def __init__(self, source):
        self.source = source
        self.summary = _("import %s") % source
        self.theme_ids = dict(Theme.objects.values_list("slug", "pk"))
        self.network_ids = dict(Initiative.objects.networks().values_list("slug", "pk"))
        self.through = Initiative.themes.through
        with connection.cursor() as cursor:
            cursor.execute(STAGE_SQL)

    def prepare(self, plans):
        """What write() needs of a batch and takes no query: each revision's body."""
        for plan in plans:
            plan.body = json.dumps(plan.snapshot)

    def write(self, plans):
        """Write a prepared batch."""
        created = [plan for plan in plans if plan.report.status == CREATED]
        updated = [plan for plan in plans if plan.report.status == UPDATED]
        try:
            if created:
                self._create(created)
            if updated:
                self._update(updated)
        except IntegrityError as exc:
            if memberships.is_cycle_error(exc):
                # Rows checked against the map, but a membership added since closes a cycle with them.
                raise ImportRefused(_("Un réseau ne peut pas appartenir à l’un de ses propres membres : depuis l’essai, "
                                      "une modification ferme un cycle d’appartenance avec cet import. Rien n’a été "
                                      "importé ; relancez-le.")) from None  # fmt: skip
            # A concurrent write took a slug or an id between the reads and the writes.
            raise ImportRefused(_("Une écriture concurrente a gêné l’import : rien n’a été importé, relancez-le.")) from None
        now = timezone.now()
        _copy(Revision._meta.db_table, ("initiative_id", "kind", "status", "snapshot", "version", "summary", "decided_at", "created_at",
                         "author_email", "suspicious", "reason", "hidden"),
              ((plan.pk, Revision.Kind.IMPORT, Revision.Status.ACCEPTED, plan.body, plan.version,
                self.summary, now, now, "", "", "", False) for plan in created + updated))  # fmt: skip

    def _create(self, plans):
        slugs = free_slugs([plan.snapshot["name"] for plan in plans])
        with connection.cursor() as cursor:
            cursor.execute(NEW_IDS_SQL, [len(plans)])
            ids = [row[0] for row in cursor.fetchall()]
        for plan, pk, slug in zip(plans, ids, slugs):
            plan.pk, plan.version, plan.report.slug = pk, 1, slug
        self._add_relations([(plan.pk, None, plan.snapshot) for plan in plans])
        now = timezone.now()
        _copy("import_initiatives", NEW_COLUMNS,
              ((plan.pk, plan.report.slug, Initiative.Status.PUBLISHED, self.source, plan.report.source_id,
                _point(plan.snapshot), now, now, 1, False, *(plan.snapshot[name] for name in FIELDS))
               for plan in plans))  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(INSERT_STAGED_SQL)
            cursor.execute("TRUNCATE import_initiatives")

    def _update(self, plans):
        params = {name: [plan.snapshot[name] for plan in plans] for name in FIELDS}
        params.update(
            now=timezone.now(), id=[plan.pk for plan in plans], version=[plan.version for plan in plans],
            lon=[(plan.snapshot["location"] or [None, None])[0] for plan in plans],
            lat=[(plan.snapshot["location"] or [None, None])[1] for plan in plans],
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(UPDATE_SQL, params)
            written = {row[0] for row in cursor.fetchall()}
        for plan in plans:
            if plan.pk not in written:
                raise ImportRefused(_("« %s » a été modifiée pendant l’import : relancez-le.") % plan.report.name)
            plan.version += 1
        self._remove_relations(plans)
        self._add_relations([(plan.pk, plan.before, plan.snapshot) for plan in plans])

    def _remove_relations(self, plans):
        """Themes and memberships an update drops; all the links of a row whose links change
        (they are rewritten in their new order, as snapshots.apply_relations does)."""
        for table, owner, other, key, ids in (
            (self.through._meta.db_table, "initiative_id", "theme_id", "themes", self.theme_ids),
            (Membership._meta.db_table, "member_id", "network_id", "networks", self.network_ids),
        ):
            pairs = [(plan.pk, ids[slug]) for plan in plans for slug in set(plan.before[key]) - set(plan.snapshot[key])]
            if pairs:
                with connection.cursor() as cursor:
                    cursor.execute(DELETE_PAIRS_SQL.format(table=table, owner=owner, other=other),
                                   [[pk for pk, _o in pairs], [o for _pk, o in pairs]])  # fmt: skip
        relinked = [plan.pk for plan in plans if plan.before["links"] != plan.snapshot["links"]]
        if relinked:
            Link.objects.filter(initiative_id__in=relinked).delete()

    def _add_relations(self, rows):
        """The themes and memberships each (pk, before, snapshot) gains, and its links when
        they change (`before` None: a new initiative)."""
        empty = {"themes": [], "networks": [], "links": []}
        now = timezone.now()
        _copy(self.through._meta.db_table, ("initiative_id", "theme_id"),
              ((pk, self.theme_ids[slug])
               for pk, before, after in rows for slug in sorted(set(after["themes"]) - set((before or empty)["themes"]))))  # fmt: skip
        _copy(Membership._meta.db_table, ("member_id", "network_id", "created_at"),
              ((pk, self.network_ids[slug], now)
               for pk, before, after in rows for slug in sorted(set(after["networks"]) - set((before or empty)["networks"]))))  # fmt: skip
        _copy(Link._meta.db_table, ("initiative_id", "label", "url", "position"),
              ((pk, label, url, i)
               for pk, before, after in rows if (before or empty)["links"] != after["links"]
               for i, (label, url) in enumerate(after["links"])))  # fmt: skip


def _copy(table, columns, rows):
    """COPY `rows` (tuples in the order of `columns`) into `table`; nothing when there are
    none (a COPY of no row would still fire the table's statement triggers)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    # Django does not wrap a COPY's errors: without this, a constraint the database enforces
    # would surface as psycopg's own exception, not as an IntegrityError.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write_row(first)
            for row in rows:
                copy.write_row(row)


def _point(snapshot):
    """The location as PostGIS reads it from text (EWKT)."""
    location = snapshot["location"]
    return f"SRID=4326;POINT({location[0]!r} {location[1]!r})" if location else None

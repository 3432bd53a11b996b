"""The change feed partners sync from: creations, updates (with their field-level diff) and
removals of published initiatives, read from the change log that PostgreSQL writes
(initiatives/sql/change_log.sql).

Why not a timestamp or a sequence: both are taken before commit, so a transaction that
commits late can land behind a position a partner has already passed, and be missed. Each
log row carries its transaction's id (xid8), and a page only holds rows of transactions older
than the oldest one still running (`pg_snapshot_xmin`): those are final — committed, or rolled
back and gone — so nothing can ever appear behind a position once served. The position is
(txid, id): a total order, the same on every read. The price: a transaction that stays open
delays the feed (never loses a row) until it ends.

The cursor is opaque to partners: it names the position and the database it comes from (a
cursor from another database — a restored copy, a test instance — is refused, not misread)."""

import base64
import binascii
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone

from .models import Change, ChangeLogHorizon

# Transactions at or after this one may still be running: their rows are not served yet.
HORIZON = RawSQL("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", [])


class BadCursor(ValueError):
    """The cursor was not given by this database's feed."""


class Pruned(Exception):
    """The changes after this cursor were partly pruned (prune_change_log): resuming would miss
    some. The partner reads everything again, then follows from `head`."""

    def __init__(self, head):
        super().__init__(f"pruned; resync, then resume from {head}")
        self.head = head


@dataclass(frozen=True)
class Position:
    txid: int
    id: int


START = Position(0, 0)


def encode_cursor(position, identity):
    raw = f"{identity}.{position.txid}.{position.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor, identity):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        their_identity, txid, id_ = raw.split(".")
        position = Position(int(txid), int(id_))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor("malformed") from None
    if their_identity != identity:
        raise BadCursor("other database")
    if not (0 <= position.txid < 2**63 and 0 <= position.id < 2**63):
        raise BadCursor("out of range")
    return position


# A change as partners read it, as JSON text built by PostgreSQL. The stored Feature (JSON text
# our trigger wrote) is concatenated as it is: casting it to json to build an object parsed
# ~1.2 MB a page again, a third of the query's time. Strings go through to_json (escaping).
# A removal is a tombstone: the id, the slug and why (and, of a merge, the survivor's id).
ENTRY = RawSQL("""('{"action":' || to_json(action)::text || ',"id":' || initiative_id || ',"slug":' || to_json(slug)::text
    || ',"version":' || version || ',"at":"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"'
    || CASE
        WHEN action = 'removed' AND reason = 'merged' THEN ',"reason":' || to_json(reason)::text
            || ',"merged_into":' || coalesce(merged_into::text, 'null')
        WHEN action = 'removed' THEN ',"reason":' || to_json(reason)::text
        WHEN action = 'created' THEN ',"feature":' || coalesce(feature, 'null')
        ELSE ',"feature":' || coalesce(feature, 'null') || ',"diff":' || coalesce(diff::text, 'null')
    END || '}')""", [])  # fmt: skip


@dataclass
class Page:
    entries: list  # each change as JSON text
    position: Position  # where the next page starts
    more: bool


def changes_after(position, *, size, themes=(), networks=(), departments=(), regions=(), source=None):
    """The next `size` final changes after `position`, in feed order, in one query."""
    # txid >= … first: the index range starts at the position instead of the log's start.
    changes = Change.objects.filter(txid__lt=HORIZON, txid__gte=position.txid).filter(
        Q(txid__gt=position.txid) | Q(id__gt=position.id)
    )
    if themes:
        changes = changes.filter(themes__overlap=list(themes))
    if networks:
        changes = changes.filter(networks__overlap=list(networks))
    if departments:
        changes = changes.filter(departments__overlap=list(departments))
    if regions:
        changes = changes.filter(regions__overlap=list(regions))
    if source is not None:
        changes = changes.annotate(source_lower=Lower("source")).filter(source_lower=source.lower())
    page = changes.order_by("txid", "id").values_list("txid", "id", ENTRY)[: size + 1]
    sql, params = page.query.sql_with_params()
    # In the same query: whether the log was pruned past `position` (a row first, flagged 0).
    # Put in order here, not by PostgreSQL: a sort there copies the page's megabyte of text.
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT 0, txid, change_id, NULL FROM {ChangeLogHorizon._meta.db_table}
            WHERE (txid, change_id) > (%s, %s)
            UNION ALL SELECT 1, * FROM ({sql}) AS page""", [position.txid, position.id, *params])  # fmt: skip
        rows = sorted(cursor.fetchall(), key=lambda row: row[:3])
    if rows and rows[0][0] == 0:
        raise Pruned(head())
    rows = [row[1:] for row in rows]
    more = len(rows) > size
    rows = rows[:size]
    last = Position(*rows[-1][:2]) if rows else position
    return Page([entry for _txid, _id, entry in rows], last, more)


def head():
    """The position after every final change: where a partner that has just read everything
    resumes from."""
    last = Change.objects.filter(txid__lt=HORIZON).order_by("-txid", "-id").values_list("txid", "id").first()
    if last is None:
        pruned = ChangeLogHorizon.objects.filter(pk=1).values_list("txid", "change_id").first()
        return Position(*pruned) if pruned else START
    return Position(*last)


@transaction.atomic
def prune(*, before):
    """Delete the final changes older than `before` (a datetime): a prefix of the log in feed
    order, up to the first change that is still recent, and remember how far it went — a
    cursor from before there gets a 410, never a page that silently misses changes. Returns
    how many went."""
    final = Change.objects.filter(txid__lt=HORIZON)
    first_kept = final.filter(at__gte=before).order_by("txid", "id").values_list("txid", "id").first()
    gone = final if first_kept is None else final.filter(
        Q(txid__lt=first_kept[0]) | Q(txid=first_kept[0], id__lt=first_kept[1])
    )  # fmt: skip
    last = gone.order_by("-txid", "-id").values_list("txid", "id").first()
    if last is None:
        return 0
    count, _ = gone.filter(Q(txid__lt=last[0]) | Q(txid=last[0], id__lte=last[1])).delete()
    ChangeLogHorizon.objects.update_or_create(
        pk=1, defaults={"txid": last[0], "change_id": last[1], "pruned_at": timezone.now()}
    )
    return count

"""The dataset row: which data this database holds, and at which version.

`version` and `changed_at` (bumped by triggers on every write) make the ETag and
Last-Modified of every read. A version alone does not tell two databases apart: a restored
backup, a staging copy or another cluster may reach the same version with other content. So
every ETag also carries the database's identity: the cluster's system identifier (new at each
initdb), the database's OID (new at each CREATE DATABASE, so at each restore) and a random
epoch drawn when the dataset row is created (migration 0008, or a `flush`).

The licence and site URL are mirrored from settings, because every stored GeoJSON Feature
carries them. Updating the row makes PostgreSQL rebuild the features."""

import datetime as dt
import hashlib
import weakref
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from project.replicas import reading


class DatasetState(NamedTuple):
    version: int
    changed_at: dt.datetime  # aware
    identity: str  # short, the same for every request to this database, different elsewhere

    @property
    def key(self):
        """What names this state in cache keys and ETags: the database and its version
        (changed_at too: a restored backup may reach the same version again)."""
        return f"{self.identity}:{self.version}:{self.changed_at.timestamp()}"


# Read on every API request (a 304 reads nothing else): one query in plain SQL, since through
# the ORM this one-row read took 0.5 ms instead of 0.2. The cluster's identifier and the
# database's OID cannot change while a connection lives, so each connection reads them once,
# in its first such query: reading them every time made the query ~1.8× slower.
STATE_SQL = "SELECT version, changed_at, epoch::text FROM initiatives_dataset WHERE id = 1"
STATE_AND_PLACE_SQL = """
    SELECT d.version, d.changed_at, d.epoch::text, s.system_identifier::text || ':' || db.oid::text
    FROM initiatives_dataset d, pg_control_system() s, pg_database db
    WHERE d.id = 1 AND db.datname = current_database()
"""
_place_of_connection = weakref.WeakKeyDictionary()  # psycopg connection → "system id:OID"


def dataset_state():
    """The dataset's version, last change and database identity."""
    db = reading()
    with db.cursor() as cursor:
        raw = db.connection
        place = _place_of_connection.get(raw)
        if place is None:
            cursor.execute(STATE_AND_PLACE_SQL)
            version, changed_at, epoch, place = cursor.fetchone()
            _place_of_connection[raw] = place
        else:
            cursor.execute(STATE_SQL)
            version, changed_at, epoch = cursor.fetchone()
    identity = hashlib.sha1(f"{place}:{epoch}".encode()).hexdigest()[:10]
    return DatasetState(version, changed_at, identity)


def dataset_settings():
    return {
        "license": settings.DATA_LICENSE,
        "license_url": settings.DATA_LICENSE_URL,
        "attribution": settings.DATA_ATTRIBUTION,
        "site_url": settings.SITE_URL.rstrip("/"),
    }


def sync_dataset_settings(**kwargs):
    from .models import Dataset

    wanted = dataset_settings()
    current = Dataset.objects.filter(pk=1).values(*wanted).first()
    if current is None:  # a `flush` empties it; it emits post_migrate, which lands here
        Dataset.objects.create(pk=1, changed_at=timezone.now(), **wanted)
    elif current != wanted:
        Dataset.objects.filter(pk=1).update(**wanted)

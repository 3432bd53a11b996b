"""Possible duplicates of a new initiative, each with the reasons a person can check — the one
rule for the importer (initiatives/imports/dedup.py), the contribution form and the API.

A candidate has at least one reason:
- the same commune (INSEE code, else its name) and a similar name (trigram similarity, accents
  and case ignored);
- within 50 m, when both positions are precise (two positions placed at a commune's centre
  say nothing about each other);
- the same website domain (except hosts that many unrelated initiatives share);
- the same identifier at another source (long enough to mean something).
and is dropped by a veto: in different communes and more than 1 km apart (a chain's shops share
a website), or of incompatible kinds (a gathering is not the place or the network that holds it).

One query, each test a branch that an index answers (migrations 0015_merging_and_duplicates,
0024_duplicates_by_name_nearest, 0029_duplicates_commune_hashed), with constants the planner
can use, not the materialised `target` row (bench/duplicates.py). The name tests read the
commune's names nearest to the probe's (GiST on a hash of the commune, then the name's
trigrams; trigram distance = 1 − similarity), NAME_MATCHES of them at most, then keep those
of the same commune (the hash's rare collisions aside; the equality beside the hashed one in
the index scan made the planner expect two rows, and sort the town's thousands instead) and
similar enough: a big town's thousands of rows are never all read, and pg_trgm's `%%`
threshold (0.3, looser than NAME_SIMILARITY: tens of thousands of names at 100k) is not used."""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from project.replicas import reading

from .models import Initiative

NEAR_METRES = 50
FAR_METRES = 1000  # in different communes and farther apart than this: not the same one
NAME_SIMILARITY = 0.5
# The names nearest to the probe's read in its commune: well over what is ever shown (`limit`).
NAME_MATCHES = 50
# A shared identifier says little when it is short ("12" exists at every source).
MIN_SHARED_ID_LENGTH = 8
# Many unrelated initiatives share these hosts: the same domain there says nothing.
SHARED_HOSTS = {
    "facebook.com", "instagram.com", "linkedin.com", "twitter.com", "x.com", "youtube.com",
    "helloasso.com", "linktr.ee", "wordpress.com", "wixsite.com", "blogspot.com",
    "over-blog.com", "google.com", "sites.google.com", "framasite.org", "gogocarto.fr",
    "pagesjaunes.fr", "free.fr", "orange.fr", "wanadoo.fr", "github.io",
}  # fmt: skip
# A gathering is never the same thing as a place, a collective or a network.
_KIND_FAMILY = {Initiative.Kind.EVENT: "event"}

# The website's domain as the index of migration 0015 holds it (the same as domain() below).
WEBSITE_DOMAIN_SQL = r"lower(substring(website from '^[A-Za-z]+://(?:www\.)?([^/:?#]+)'))"

CANDIDATES_SQL = f"""
WITH target AS (
    SELECT immutable_unaccent(lower(%(name)s)) AS name,
           immutable_unaccent(lower(%(commune)s)) AS commune,
           CASE WHEN %(lon)s::float8 IS NULL THEN NULL
                ELSE ST_SetSRID(ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326)::geography END AS point
), found AS (
    SELECT id FROM (
        SELECT i.id, i.search_name, i.insee_code FROM initiatives_initiative i
        WHERE %(insee)s <> '' AND i.insee_code <> '' AND hashtext(i.insee_code) = hashtext(%(insee)s)
          AND i.status = ANY(%(statuses)s) AND i.id <> %(exclude)s
        ORDER BY i.search_name <-> immutable_unaccent(lower(%(name)s)) LIMIT %(name_matches)s
    ) AS same_code WHERE insee_code = %(insee)s AND similarity(search_name, immutable_unaccent(lower(%(name)s))) >= %(similar)s
    UNION
    SELECT id FROM (
        SELECT i.id, i.search_name, i.commune FROM initiatives_initiative i
        WHERE %(commune)s <> '' AND i.commune <> ''
          AND hashtext(immutable_unaccent(lower(i.commune))) = hashtext(immutable_unaccent(lower(%(commune)s)))
          AND i.status = ANY(%(statuses)s) AND i.id <> %(exclude)s
        ORDER BY i.search_name <-> immutable_unaccent(lower(%(name)s)) LIMIT %(name_matches)s
    ) AS same_name WHERE immutable_unaccent(lower(commune)) = immutable_unaccent(lower(%(commune)s))
                     AND similarity(search_name, immutable_unaccent(lower(%(name)s))) >= %(similar)s
    UNION
    SELECT i.id FROM initiatives_initiative i, target
    WHERE %(exact)s AND target.point IS NOT NULL AND i.location_precision <> 'commune'
      AND ST_DWithin(i.location::geography, target.point, %(near)s)
    UNION
    SELECT i.id FROM initiatives_initiative i
    WHERE %(host)s <> '' AND i.website <> '' AND {WEBSITE_DOMAIN_SQL.replace("website", "i.website")} = %(host)s
    UNION
    SELECT i.id FROM initiatives_initiative i
    WHERE %(source_id)s <> '' AND i.source_id <> '' AND i.source_id = %(source_id)s AND lower(i.source) <> lower(%(source)s)
)
SELECT i.id, i.slug, i.name, i.kind, i.source,
       similarity(i.search_name, target.name),
       (%(insee)s <> '' AND i.insee_code = %(insee)s)
           OR (target.commune <> '' AND immutable_unaccent(lower(i.commune)) = target.commune),
       CASE WHEN %(insee)s <> '' AND i.insee_code <> '' THEN i.insee_code <> %(insee)s
            ELSE target.commune <> '' AND i.commune <> '' AND immutable_unaccent(lower(i.commune)) <> target.commune END,
       ST_Distance(i.location::geography, target.point),
       i.location_precision <> 'commune',
       {WEBSITE_DOMAIN_SQL.replace("website", "i.website")} = %(host)s,
       %(source_id)s <> '' AND i.source_id = %(source_id)s
FROM found JOIN initiatives_initiative i ON i.id = found.id, target
WHERE i.status = ANY(%(statuses)s) AND i.id <> %(exclude)s
"""


# The per-snapshot parameters of CANDIDATES_SQL; BATCH_CANDIDATES_SQL takes the probes as one
# JSON array of objects and runs CANDIDATES_SQL once per element (LATERAL), in one statement.
# One text parameter: psycopg dumps an array element by element in Python, and nine arrays of
# 1,000 probes took an import's second thread ~30 ms a batch, against ~1 ms for json.dumps.
# Each probe's name and commune, accents and case removed, are worked out once, in a subquery
# kept apart (OFFSET 0): written in the query, they were worked out again at each use, for
# each row read (~12 calls of the SQL function immutable_unaccent a probe, up to a third of
# a batch's query: bench/README.md). For one snapshot, they are constants that the planner
# works out once.
PROBE = ("name", "insee", "commune", "lon", "lat", "exact", "host", "source_id")
_PROBE_TYPES = ("text", "text", "text", "float8", "float8", "bool", "text", "text")
_KEYED_SQL = CANDIDATES_SQL.replace("immutable_unaccent(lower(%(name)s))", "%(name_key)s").replace(
    "immutable_unaccent(lower(%(commune)s))", "%(commune_key)s"
)
BATCH_CANDIDATES_SQL = (
    "SELECT probe.n, c.* FROM json_to_recordset(%(probes)s::json) AS given(n int, "
    + ", ".join(f"{name} {kind}" for name, kind in zip(PROBE, _PROBE_TYPES))
    + ") CROSS JOIN LATERAL (SELECT given.*, immutable_unaccent(lower(given.name)) AS name_key, "
    "immutable_unaccent(lower(given.commune)) AS commune_key OFFSET 0) AS probe CROSS JOIN LATERAL ("
    + re.sub(r"%\((" + "|".join((*PROBE, "name_key", "commune_key")) + r")\)s", r"probe.\1", _KEYED_SQL)
    + ") AS c"
)


@dataclass
class Candidate:
    id: int
    slug: str
    name: str
    reasons: list = field(default_factory=list)
    similarity: float = 0.0

    def __str__(self):
        return f"« {self.name} » ({self.slug}) : {', '.join(self.reasons)}"


class PossibleDuplicates(Exception):
    """A new initiative looks like ones already there: the author says whether it is another
    one (then it goes on) or corrects the existing one instead."""

    def __init__(self, candidates):
        super().__init__(", ".join(str(candidate) for candidate in candidates))
        self.candidates = candidates


def domain(url):
    """A website's host without "www.", lower-case; "" when there is none."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def compatible_kinds(kind, other):
    return not kind or not other or _KIND_FAMILY.get(kind) == _KIND_FAMILY.get(other)


PROPOSAL_LIMIT = 5


def for_proposal(snapshot):
    """What a person proposing `snapshot` is shown: published ones only (the public's)."""
    return find(snapshot, published_only=True, limit=PROPOSAL_LIMIT)


def find(snapshot, *, source="", source_id="", published_only=False, exclude=None, limit=10):
    """The candidates for `snapshot` (a normalised snapshot, initiatives/snapshots.py), most
    reasons first. `published_only`: what the public may see (proposals); else pending ones
    too (imports). `exclude`: an initiative's id that is not its own duplicate."""
    probe = _probe(snapshot, source_id)
    params = {**probe, "near": NEAR_METRES, "similar": NAME_SIMILARITY, "name_matches": NAME_MATCHES, "source": source,
              "statuses": _statuses(published_only), "exclude": exclude or 0}  # fmt: skip
    with reading().cursor() as cursor:
        cursor.execute(CANDIDATES_SQL, params)
        return _candidates(snapshot, probe, cursor.fetchall(), limit)


def find_many(rows, *, source="", limit=10):
    """find() for each of [(snapshot, source id)] — an import's batch — in one query: the
    same rule, each row probing the same indexes (BATCH_CANDIDATES_SQL)."""
    if not rows:
        return []
    probes = [_probe(snapshot, source_id) for snapshot, source_id in rows]
    params = {"probes": json.dumps([{"n": n, **probe} for n, probe in enumerate(probes)]), "near": NEAR_METRES,
              "similar": NAME_SIMILARITY, "name_matches": NAME_MATCHES, "source": source, "statuses": _statuses(False),
              "exclude": 0}  # fmt: skip
    found = [[] for _row in rows]
    with reading().cursor() as cursor:
        cursor.execute(BATCH_CANDIDATES_SQL, params)
        for n, *row in cursor.fetchall():
            found[n].append(row)
    return [_candidates(snapshot, probe, got, limit) for (snapshot, _id), probe, got in zip(rows, probes, found)]


def _statuses(published_only):
    return [Initiative.Status.PUBLISHED] + ([] if published_only else [Initiative.Status.PENDING])


def _probe(snapshot, source_id):
    """What CANDIDATES_SQL compares, for one snapshot."""
    location = snapshot["location"]
    host = domain(snapshot["website"])
    return {
        "name": snapshot["name"], "insee": snapshot["insee_code"], "commune": snapshot["commune"],
        "lon": location[0] if location else None, "lat": location[1] if location else None,
        "exact": snapshot["location_precision"] != Initiative.Precision.COMMUNE,
        "host": "" if host in SHARED_HOSTS else host,
        "source_id": source_id if len(source_id) >= MIN_SHARED_ID_LENGTH else "",
    }  # fmt: skip


def _candidates(snapshot, probe, rows, limit):
    """The vetoes and the reasons, over CANDIDATES_SQL's rows."""
    found = []
    for id_, slug, name, kind, other_source, similarity, same_commune, other_commune, distance, precise, same_host, same_id in rows:
        if not compatible_kinds(snapshot["kind"], kind):
            continue
        if other_commune and distance is not None and distance > FAR_METRES:
            continue
        reasons = []
        if same_id:
            reasons.append(_("même identifiant « %(id)s » chez %(source)s") % {"id": probe["source_id"], "source": other_source})
        if same_commune and similarity >= NAME_SIMILARITY:
            reasons.append(_("même commune, nom semblable à %d %%") % round(similarity * 100))
        if probe["exact"] and precise and distance is not None and distance <= NEAR_METRES:
            reasons.append(_("à %d m") % round(distance))
        if same_host:
            reasons.append(_("même site web (%s)") % probe["host"])
        if reasons:
            found.append(Candidate(id_, slug, name, reasons, similarity))
    found.sort(key=lambda c: (-len(c.reasons), -c.similarity, c.id))
    return found[:limit]

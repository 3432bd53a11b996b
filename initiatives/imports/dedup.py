"""Possible duplicates of a row that matches nothing by its source id, each with its reasons:
the same commune and a similar name (trigram similarity, accents ignored), within 50 m, the
same website domain, the same identifier at another source. The name and distance tests run
in PostgreSQL on the trigram and geography indexes (migration 0003_search); the domain and
identifier tests on two dictionaries built once per import. Two positions placed at a
commune's centre say nothing about each other: distance counts only between precise ones."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connection
from django.utils.translation import gettext as _

from ..models import Initiative

NEAR_METRES = 50
NAME_SIMILARITY = 0.5
# A shared identifier says little when it is short ("12" exists at every source).
MIN_SHARED_ID_LENGTH = 8
# Many unrelated initiatives share these hosts: the same domain there says nothing.
SHARED_HOSTS = {
    "facebook.com", "instagram.com", "linkedin.com", "twitter.com", "x.com", "youtube.com",
    "helloasso.com", "linktr.ee", "wordpress.com", "wixsite.com", "blogspot.com",
    "over-blog.com", "google.com", "sites.google.com", "framasite.org", "gogocarto.fr",
    "pagesjaunes.fr", "free.fr", "orange.fr", "wanadoo.fr", "github.io",
}  # fmt: skip

# One query for a whole batch: the batch's rows as arrays, each row's candidates found by a
# lateral subquery on the trigram and geography indexes.
CANDIDATES_SQL = """
WITH target AS (
    SELECT t.n, immutable_unaccent(lower(t.name)) AS name, t.insee, t.commune, t.exact,
           CASE WHEN t.lon IS NULL THEN NULL
                ELSE ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)::geography END AS point
    FROM unnest(%(n)s::int[], %(name)s::text[], %(insee)s::text[], %(commune)s::text[],
                %(lon)s::float8[], %(lat)s::float8[], %(exact)s::bool[]) AS t(n, name, insee, commune, lon, lat, exact)
)
SELECT target.n, c.slug, c.name, c.similarity, c.same_commune, c.distance
FROM target CROSS JOIN LATERAL (
    SELECT i.id, i.slug, i.name,
           similarity(i.search_name, target.name) AS similarity,
           ((target.insee <> '' AND i.insee_code = target.insee)
            OR (target.commune <> '' AND immutable_unaccent(lower(i.commune)) = immutable_unaccent(lower(target.commune)))) AS same_commune,
           ST_Distance(i.location::geography, target.point) AS distance
    FROM initiatives_initiative i
    WHERE i.status <> 'archived' AND (
        (i.search_name %% target.name AND (
            (target.insee <> '' AND i.insee_code = target.insee)
            OR (target.commune <> '' AND immutable_unaccent(lower(i.commune)) = immutable_unaccent(lower(target.commune)))))
        OR (target.point IS NOT NULL AND target.exact AND i.location_precision <> 'commune'
            AND ST_DWithin(i.location::geography, target.point, %(near)s))
    )
    ORDER BY similarity DESC, i.id
    LIMIT 10
) AS c
ORDER BY target.n, c.similarity DESC, c.id
"""


@dataclass
class Candidate:
    slug: str
    name: str
    reasons: list

    def __str__(self):
        return f"« {self.name} » ({self.slug}) : {', '.join(self.reasons)}"


def domain(url):
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


class Finder:
    def __init__(self, source):
        self.source = source.lower()
        self.by_domain, self.by_source_id = {}, {}
        rows = Initiative.objects.exclude(status=Initiative.Status.ARCHIVED).values_list(
            "slug", "name", "website", "source", "source_id"
        )
        for slug, name, website, other, source_id in rows.iterator(chunk_size=5000):
            host = domain(website)
            if host and host not in SHARED_HOSTS:
                self.by_domain.setdefault(host, []).append((slug, name))
            if len(source_id) >= MIN_SHARED_ID_LENGTH and other.lower() != self.source:
                self.by_source_id.setdefault(source_id, []).append((slug, name, other))

    def candidates(self, snapshot, source_id):
        return self.candidates_of([(snapshot, source_id)])[0]

    def candidates_of(self, rows):
        """[[Candidate]] for [(snapshot, source id)], in one query."""
        found = [{} for _row in rows]

        def reason(n, slug, name, text):
            found[n].setdefault(slug, Candidate(slug, name, [])).reasons.append(text)

        for n, (snapshot, source_id) in enumerate(rows):
            for slug, name, other in self.by_source_id.get(source_id, []):
                reason(n, slug, name, _("même identifiant « %(id)s » chez %(source)s") % {"id": source_id, "source": other})
        snapshots = [snapshot for snapshot, _id in rows]
        exact = [snapshot["location_precision"] != "commune" for snapshot in snapshots]
        params = {
            "n": list(range(len(rows))), "name": [s["name"] for s in snapshots],
            "insee": [s["insee_code"] for s in snapshots], "commune": [s["commune"] for s in snapshots],
            "lon": [s["location"][0] if s["location"] else None for s in snapshots],
            "lat": [s["location"][1] if s["location"] else None for s in snapshots],
            "exact": exact, "near": NEAR_METRES,
        }  # fmt: skip
        if rows:
            with connection.cursor() as cursor:
                cursor.execute(CANDIDATES_SQL, params)
                for n, slug, name, similarity, same_commune, distance in cursor.fetchall():
                    if same_commune and similarity >= NAME_SIMILARITY:
                        reason(n, slug, name, _("même commune, nom semblable à %d %%") % round(similarity * 100))
                    if distance is not None and distance <= NEAR_METRES and exact[n]:
                        reason(n, slug, name, _("à %d m") % round(distance))
        for n, snapshot in enumerate(snapshots):
            host = domain(snapshot["website"])
            for slug, name in self.by_domain.get(host, []) if host else []:
                reason(n, slug, name, _("même site web (%s)") % host)
        return [list(candidates.values()) for candidates in found]

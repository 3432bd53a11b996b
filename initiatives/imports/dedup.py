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

CANDIDATES_SQL = """
WITH target AS (
    SELECT immutable_unaccent(lower(%(name)s)) AS name,
           CASE WHEN %(lon)s::float8 IS NULL THEN NULL
                ELSE ST_SetSRID(ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326)::geography END AS point
)
SELECT i.id, i.slug, i.name,
       similarity(i.search_name, target.name) AS similarity,
       ((%(insee)s <> '' AND i.insee_code = %(insee)s)
        OR (%(commune)s <> '' AND immutable_unaccent(lower(i.commune)) = immutable_unaccent(lower(%(commune)s)))) AS same_commune,
       ST_Distance(i.location::geography, target.point) AS distance
FROM initiatives_initiative i, target
WHERE i.status <> 'archived' AND (
    (i.search_name %% target.name AND (
        (%(insee)s <> '' AND i.insee_code = %(insee)s)
        OR (%(commune)s <> '' AND immutable_unaccent(lower(i.commune)) = immutable_unaccent(lower(%(commune)s)))))
    OR (target.point IS NOT NULL AND %(exact)s AND i.location_precision <> 'commune'
        AND ST_DWithin(i.location::geography, target.point, %(near)s))
)
ORDER BY similarity DESC, i.id
LIMIT 10
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
        found = {}

        def reason(slug, name, text):
            found.setdefault(slug, Candidate(slug, name, [])).reasons.append(text)

        for slug, name, other in self.by_source_id.get(source_id, []):
            reason(slug, name, _("même identifiant « %(id)s » chez %(source)s") % {"id": source_id, "source": other})
        location = snapshot["location"]
        params = {
            "name": snapshot["name"], "insee": snapshot["insee_code"], "commune": snapshot["commune"],
            "lon": location[0] if location else None, "lat": location[1] if location else None,
            "near": NEAR_METRES, "exact": snapshot["location_precision"] != "commune",
        }  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(CANDIDATES_SQL, params)
            for _id, slug, name, similarity, same_commune, distance in cursor.fetchall():
                if same_commune and similarity >= NAME_SIMILARITY:
                    reason(slug, name, _("même commune, nom semblable à %d %%") % round(similarity * 100))
                if distance is not None and distance <= NEAR_METRES and params["exact"]:
                    reason(slug, name, _("à %d m") % round(distance))
        host = domain(snapshot["website"])
        for slug, name in self.by_domain.get(host, []) if host else []:
            reason(slug, name, _("même site web (%s)") % host)
        return list(found.values())

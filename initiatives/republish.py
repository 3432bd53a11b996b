"""Our published initiatives in other networks' formats, so that their maps can import us:
data·inclusion `structure` (schema v1) and GoGoCarto's "gogofull" JSON.

Each record is built by PostgreSQL (json_build_object) and read through a server-side
cursor, chunk by chunk, as the GeoJSON and CSV exports are: memory stays flat. `source` is
REPUBLISH_SOURCE_NAME and `id` our slug, so that importing our own export back (under that
source name) matches every record and reports it unchanged."""

import json

from django.conf import settings

from project.replicas import reading

from .dataset import dataset_settings
from .provenance import registered_sources
from .selectors import chunks_of

# Where an imported record comes from (initiatives/provenance.py says the same in Python);
# null for an initiative proposed here. The schemas have no such field: readers ignore it.
PROVENANCE_SQL = r"""CASE WHEN i.source_id <> '' THEN json_build_object(
        'source', COALESCE(s.name, i.source), 'source_id', i.source_id,
        'source_url', COALESCE(NULLIF(s.home_url, ''), s.url, ''), 'licence', COALESCE(s.licence, ''),
        'licence_url', COALESCE(s.licence_url, ''), 'attribution', COALESCE(s.attribution, ''),
        'synced_at', to_char(s.last_synced_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) END"""
FROM_SQL = r"""FROM initiatives_initiative i
LEFT JOIN initiatives_source s ON i.source_id <> '' AND lower(s.name) = lower(i.source),
initiatives_dataset d"""

# data·inclusion: nom between 3 and 150 characters; a description of 5 at least.
DATA_INCLUSION_SQL = r"""
SELECT json_build_object(
    'source', %(source)s,
    'id', i.slug,
    'nom', i.name,
    'date_maj', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
    'description', CASE WHEN length(i.description) >= 5 THEN i.description END,
    'lien_source', d.site_url || '/initiatives/' || i.slug || '/',
    'siret', NULL,
    'commune', NULLIF(i.commune, ''),
    'code_postal', NULLIF(i.postal_code, ''),
    'code_insee', NULLIF(i.insee_code, ''),
    'adresse', NULLIF(i.address, ''),
    'complement_adresse', NULL,
    'longitude', ST_X(i.location),
    'latitude', ST_Y(i.location),
    'telephone', NULL,
    'courriel', NULLIF(i.contact_email, ''),
    'site_web', NULLIF(i.website, ''),
    'horaires_accueil', NULL,
    'accessibilite_lieu', NULL,
    'reseaux_porteurs', NULL,
    'provenance', """ + PROVENANCE_SQL + r"""
)::text
""" + FROM_SQL + r"""
WHERE d.id = 1 AND i.status = 'published' AND length(i.name) BETWEEN 3 AND 150
ORDER BY i.id
"""

# GoGoCarto reads descriptions as HTML: our text is escaped there, line breaks as <br>.
HTML_TEXT = r"""replace(replace(replace(replace(replace({0}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                         '"', '&quot;'), E'\n', '<br>')"""

# Themes and networks both become categories (by name): GoGoCarto has one taxonomy.
GOGOCARTO_SQL = r"""
SELECT json_build_object(
    'id', i.slug,
    'name', i.name,
    'geo', json_build_object('latitude', ST_Y(i.location), 'longitude', ST_X(i.location)),
    'address', json_build_object(
        'streetAddress', i.address, 'addressLocality', i.commune, 'postalCode', i.postal_code,
        'addressCountry', 'FR'),
    'categories', COALESCE((
        SELECT json_agg(t.name_fr ORDER BY t.position, t.slug)
        FROM initiatives_initiative_themes it JOIN initiatives_theme t ON t.id = it.theme_id
        WHERE it.initiative_id = i.id), '[]'::json)::jsonb || COALESCE((
        SELECT jsonb_agg(n.name ORDER BY n.name, n.id)
        FROM initiatives_membership m JOIN initiatives_initiative n ON n.id = m.network_id
        WHERE m.member_id = i.id AND n.status = 'published'), '[]'::jsonb),
    'description', """ + HTML_TEXT.format("i.summary") + r""",
    'descriptionMore', """ + HTML_TEXT.format("i.description") + r""",
    'email', i.contact_email,
    'website', i.website,
    'kind', i.kind,
    'url', d.site_url || '/initiatives/' || i.slug || '/',
    'createdAt', to_char(i.created_at AT TIME ZONE 'UTC', 'DD/MM/YYYY'),
    'updatedAt', to_char(i.updated_at AT TIME ZONE 'UTC', 'DD/MM/YYYY'),
    'provenance', """ + PROVENANCE_SQL + r"""
)::text
""" + FROM_SQL + r"""
WHERE d.id = 1 AND i.status = 'published' AND i.location IS NOT NULL
ORDER BY i.id
"""


def data_inclusion_stream(*, chunk_size=2000):
    """A JSON list of data·inclusion structures, as text chunks."""
    rows = chunks_of(reading(), DATA_INCLUSION_SQL, {"source": settings.REPUBLISH_SOURCE_NAME}, chunk_size=chunk_size)
    return _joined("[", rows, "]")


def gogocarto_stream(*, chunk_size=2000):
    """{"ontology": "gogofull", "data": [...], licence, sources}, as text chunks: `sources`
    names the licence and attribution of every source our data comes from."""
    licence = dataset_settings()
    sources = [{"name": source.name, "url": source.home_url or source.url, "licence": source.licence,
                "licence_url": source.licence_url, "attribution": source.attribution} for source in registered_sources()]  # fmt: skip
    head = (
        '{"ontology":"gogofull",'
        f'"license":{json.dumps(licence["license"])},'
        f'"attribution":{json.dumps(licence["attribution"], ensure_ascii=False)},'
        f'"sources":{json.dumps(sources, ensure_ascii=False)},'
        '"data":['
    )
    return _joined(head, chunks_of(reading(), GOGOCARTO_SQL, {}, chunk_size=chunk_size), "]}")


def _joined(head, chunks, tail):
    """The records of `chunks` (read from the request's database, chosen when the stream was
    made: it is read after the view has returned) between `head` and `tail`, comma-separated."""
    yield head
    separator = ""
    for chunk in chunks:
        yield separator + ",".join(chunk)
        separator = ","
    yield tail

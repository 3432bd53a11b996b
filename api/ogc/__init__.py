"""OGC API – Features (Part 1: Core, GeoJSON, HTML, OpenAPI 3.0; Part 3: queryables) at /ogc/.

A façade over the same read path as /api/v1/: the same published Features built in PostGIS,
the same filters (api.filters.InitiativeFilter), the same ETag / conditional GET / CORS. Only
the vocabulary changes: `limit`/`offset` instead of pages, `datetime` on `updated_at`, and
errors as OGC exceptions ({"code", "description"})."""

"""CORS on the read side of the API only. django-cors-headers matches URLs, not methods, so
settings.CORS_URLS_REGEX matches nothing and this receiver of its `check_request_enabled`
signal decides: partner sites may read /api/v1/ from any origin, but a write's response
carries no Access-Control-Allow-Origin and a write's preflight is not answered, so browsers
refuse both. A read's preflight allows If-None-Match and If-Modified-Since
(settings.CORS_ALLOW_HEADERS): a partner's page revalidates what it read and gets a 304."""

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_PREFIXES = ("/api/v1/", "/ogc/", "/tiles/")  # the API, OGC API – Features, vector tiles


def enable_for_reads(sender, request, **kwargs):
    if not request.path_info.startswith(READ_PREFIXES):
        return False
    method = request.method
    if method == "OPTIONS":  # a preflight asks for the method that would follow
        method = request.headers.get("Access-Control-Request-Method", "OPTIONS").strip().upper()
    return method in READ_METHODS

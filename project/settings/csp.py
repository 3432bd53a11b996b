"""The Content-Security-Policy of every response (django-csp): scripts only from our origin,
plus folium's inline script that creates a map, which carries the request's nonce
(frontend/templates/frontend/_map_scripts.html). /embed/ alone may be framed, by any site
(frontend/views/map.py: csp_replace). Styles keep 'unsafe-inline': Leaflet positions its
panes and markers with style attributes, and theme colours are per-record style attributes;
a style cannot run code."""

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF

UNSAFE_INLINE = "'unsafe-inline'"


def content_security_policy(tiles_url):
    # A tile server with {s} subdomains (a.tile…, b.tile…) is allowed as *.tile….
    tiles = urlsplit(tiles_url.replace("{s}", "*"))
    tile_origin = [f"{tiles.scheme}://{tiles.netloc}"] if tiles_url else []
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", *tile_origin],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [NONE],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        },
    }

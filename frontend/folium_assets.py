"""Serve folium's JavaScript and CSS from our own static files, never a CDN.

folium hard-codes CDN URLs (jsdelivr, cdnjs, code.jquery.com, ...) in the
``default_js`` / ``default_css`` class attributes of ``Map`` and of every
plugin (``JSCSSMixin`` subclasses): lists of ``(name, url)`` pairs that become
``<script>``/``<link>`` tags when the figure is rendered. We do not load code
from third parties, so ``scripts/vendor-assets`` copies those files from npm
into ``frontend/static/vendor/`` (``scripts/build-js`` joins Leaflet's) and
:func:`self_host` points the rendered page at them.

:func:`self_host` raises :class:`UnvendoredAssetError` for any CDN URL it has
no local copy for, so a folium upgrade or a newly used plugin fails loudly in
tests instead of silently reaching a CDN. A few elements add links straight to
the figure header at render time (branca colormaps' d3, ``VegaLite``), which no
walk can see: use :func:`external_assets` on the rendered HTML in tests.
"""

import re
from collections.abc import Callable

__all__ = ["LOCAL_ASSETS", "UnvendoredAssetError", "self_host", "assets", "external_assets"]

# CDN URL used by folium 0.20.0 -> path under STATIC_URL. Versions vendored are in
# frontend/static/vendor/VERSIONS.md. Leaflet and the two controls the map uses are served
# joined, one script and one stylesheet (scripts/build-js): a page asks for two files instead
# of six before its first markers; assets() lists each once.
LEAFLET_JS = "frontend/js/leaflet-with-controls.js"
LEAFLET_CSS = "frontend/js/leaflet-with-controls.css"
LOCAL_ASSETS: dict[str, str] = {
    # frontend.maps.LeanMap: Leaflet only (folium's jQuery, Bootstrap, icon fonts are dropped)
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": LEAFLET_JS,
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": LEAFLET_CSS,
    # folium.plugins.Fullscreen
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": LEAFLET_JS,
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": LEAFLET_CSS,
    # folium.plugins.LocateControl
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet-locatecontrol/0.66.2/L.Control.Locate.min.js": LEAFLET_JS,
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet-locatecontrol/0.66.2/L.Control.Locate.min.css": LEAFLET_CSS,
}

_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class UnvendoredAssetError(LookupError):
    """A folium element wants a CDN asset that we have no local copy of."""


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def self_host(map_obj, static: Callable[[str], str] | None = None):
    """Point every folium JS/CSS link in ``map_obj``'s figure at our static files.

    Call it once all children (markers, plugins, ...) are added, just before
    rendering. It walks the whole figure and assigns new ``default_js`` /
    ``default_css`` lists on the *instances* (the class lists are shared by
    every map in the process and are left untouched). URLs that are already
    same-origin (not absolute) are kept, so calling it twice is harmless.

    ``static`` maps a path under STATIC_URL to a URL; it defaults to Django's
    ``django.templatetags.static.static``. Returns ``map_obj``.
    Raises :class:`UnvendoredAssetError` for an absolute URL not in LOCAL_ASSETS.
    """
    if static is None:
        from django.templatetags.static import static
    for element in _walk(map_obj.get_root()):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if not links:
                continue
            rewritten = []
            for name, url in links:
                if _ABSOLUTE.match(url):
                    try:
                        url = static(LOCAL_ASSETS[url])
                    except KeyError:
                        raise UnvendoredAssetError(
                            f"{type(element).__name__} needs {name!r} from {url}, which is not "
                            "vendored: add it to frontend/package.json and scripts/vendor-assets, "
                            "then map it in frontend/folium_assets.LOCAL_ASSETS."
                        ) from None
                rewritten.append((name, url))
            setattr(element, attr, rewritten)
    return map_obj


def assets(map_obj):
    """The stylesheet and script URLs that ``map_obj``'s figure needs, in folium's order
    (the map's own first, then each plugin's), without duplicates: ``(css, js)``.
    Call it after :func:`self_host`."""
    css, js = [], []
    for element in _walk(map_obj.get_root()):
        for attr, urls in (("default_css", css), ("default_js", js)):
            for _name, url in getattr(element, attr, None) or []:
                if url not in urls:
                    urls.append(url)
    return css, js


_TAG_URL = re.compile(
    r"<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE
)


def external_assets(html: str) -> list[str]:
    """The absolute URLs of ``<script src>`` / ``<link href>`` tags in ``html``.

    A self-hosted page gives ``[]``; tile URLs and attribution links (in the
    inline script and in ``<a>`` tags) are not counted.
    """
    return [url for url in _TAG_URL.findall(html) if _ABSOLUTE.match(url)]

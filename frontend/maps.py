"""Maps composed on the server with folium: the Leaflet map, its tiles and controls, and
nothing else. No data is put in them — the browser loads it from the API
(frontend/js/), which builds every popup and label from text nodes, never from HTML.

folium's script is reduced to creating the map (the one inline script of a page, with the
CSP nonce): frontend/js/folium-map.js finds the map object from its container, and our
ES modules draw the offline background themselves.

A composed map depends only on its arguments, the language and the tile settings — never on
the data — so :func:`composed_map` builds each once per process."""

import functools

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language, gettext as _
from folium.plugins import Fullscreen, LocateControl

from .folium_assets import assets, self_host

FRANCE_CENTRE = (46.6, 2.4)


class LeanMap(folium.Map):
    """folium's Map with only what our pages use: Leaflet. folium's defaults also load jQuery,
    Bootstrap's JS and CSS, glyphicons, Font Awesome and awesome-markers for its own Icon and
    Popup helpers, which our pages do not use (markers are drawn by our modules)."""

    default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
    default_css = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]


def compose_map(*, centre=FRANCE_CENTRE, zoom=6, locate=True):
    fmap = LeanMap(location=centre, zoom_start=zoom, tiles=None, control_scale=True)
    # One map per page: a fixed name ("map_page") instead of folium's random one, so that a
    # page rendered once (a cached fragment holding the map's <div>) matches any process's script.
    fmap._id = "page"
    if settings.MAP_TILES_URL:
        folium.TileLayer(
            tiles=settings.MAP_TILES_URL,
            attr=settings.MAP_TILES_ATTRIBUTION,
            max_zoom=settings.MAP_TILES_MAX_ZOOM,
            name=_("Fond de carte"),
        ).add_to(fmap)
    Fullscreen(title=_("Plein écran"), title_cancel=_("Quitter le plein écran")).add_to(fmap)
    if locate:
        # Our own SVG icon (site.css) instead of the plugin's default Font Awesome glyph.
        LocateControl(
            strings={"title": _("Me localiser"), "popup": _("Vous êtes ici")},
            icon="locate-icon", iconLoading="locate-icon locate-icon--loading",
            flyTo=True, keepCurrentZoomLevel=False, initialZoomLevel=13,
        ).add_to(fmap)  # fmt: skip
    return self_host(fmap)


def offline_background():
    """What js/offline-background.js draws when no tile server is set: the countries around
    France (Natural Earth, public domain, vendored by scripts/vendor-assets), from our origin."""
    if settings.MAP_TILES_URL:
        return None
    return {
        "url": static("vendor/natural-earth/countries-around-france.geojson"),
        "attribution": _("Fond : Natural Earth"),
    }


def map_parts(fmap):
    """The pieces of a folium figure to place in our own templates: the stylesheets and
    scripts its elements need (from our origin), the map's <div> and the script that creates
    it. folium's header (inline styles, its viewport tag, `L_NO_TOUCH` globals) is left out:
    site.css sizes the map, and nothing inline runs but the map's own script (with the CSP
    nonce). Built by folium from our settings only — no user text — so templates may emit them."""
    figure = fmap.get_root()
    figure.render()
    css, js = assets(fmap)
    return {
        "css": css,
        "js": js,
        "body": figure.html.render(),
        "script": figure.script.render(),
        "background": offline_background(),
    }


def composed_map(*, centre=FRANCE_CENTRE, zoom=6, locate=True):
    """map_parts(compose_map(...)), built once per process for these arguments, the active
    language and the tile settings: folium took a few milliseconds per page to compose the
    same map again (more on a loaded server)."""
    tiles = (settings.MAP_TILES_URL, settings.MAP_TILES_ATTRIBUTION, settings.MAP_TILES_MAX_ZOOM)
    return dict(_composed(tuple(centre), zoom, locate, get_language(), tiles))


@functools.lru_cache(maxsize=64)
def _composed(centre, zoom, locate, language, tiles):
    # `language` and `tiles` are only part of the key: compose_map reads them itself.
    return map_parts(compose_map(centre=centre, zoom=zoom, locate=locate))

"""Maps composed on the server with folium: the Leaflet map, its tiles and controls, and
nothing else. No data is put in them — the browser loads it from the API
(static/frontend/js/), which builds every popup and label from text nodes, never from HTML.

folium's script is reduced to creating the map: our ES modules receive the map object from
the map's container (see :class:`HandOver` and static/frontend/js/folium-map.js), never
through folium's random global name, and draw the offline background themselves."""

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _
from folium.plugins import Fullscreen, LocateControl
from folium.template import Template

from .folium_assets import assets, self_host

FRANCE_CENTRE = (46.6, 2.4)


class LeanMap(folium.Map):
    """folium's Map with only what our pages use: Leaflet. folium's defaults also load jQuery,
    Bootstrap's JS and CSS, glyphicons, Font Awesome and awesome-markers for its own Icon and
    Popup helpers, which our pages do not use (markers are drawn by our modules)."""

    default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
    default_css = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]


class HandOver(folium.MacroElement):
    """The one line of script we add to folium's: put the Leaflet map on its container, where
    static/frontend/js/folium-map.js finds it (modules run after this classic script)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().leafletMap = {{ this._parent.get_name() }};
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "HandOver"


def compose_map(*, centre=FRANCE_CENTRE, zoom=6, locate=True):
    fmap = LeanMap(location=centre, zoom_start=zoom, tiles=None, control_scale=True)
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
    HandOver().add_to(fmap)
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

"""Maps composed on the server with folium: tiles, controls and self-hosted assets. No data
is put in them — the browser loads it from the API (static/frontend/map.js), which builds
every popup and label from text nodes, never from HTML."""

import re

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _
from folium.plugins import Fullscreen, LocateControl
from folium.template import Template

from .folium_assets import self_host

FRANCE_CENTRE = (46.6, 2.4)
# folium's viewport tag forbids zooming the page (an accessibility failure): ours is in base.html.
FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>', re.S)


class OfflineBackground(folium.MacroElement):
    """With no tile server, the countries around France (Natural Earth, public domain, vendored
    by scripts/vendor-assets) drawn beneath everything, so that the map still reads as a map.
    The browser loads the file from our origin; nothing is inlined."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            map.createPane("offline-background").style.zIndex = 150;  // below tiles and markers
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
            fetch({{ this.url|tojson }})
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (countries) {
                    if (!countries) return;
                    L.geoJSON(countries, {
                        pane: "offline-background", interactive: false,
                        style: {color: "#a7b0ba", weight: 1, fillColor: "#fbfaf6", fillOpacity: 1}
                    }).addTo(map);
                });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "OfflineBackground"
        self.url = static("vendor/natural-earth/countries-around-france.geojson")
        self.attribution = _("Fond : Natural Earth")


def compose_map(*, centre=FRANCE_CENTRE, zoom=6, locate=True):
    fmap = folium.Map(location=centre, zoom_start=zoom, tiles=None, control_scale=True)
    if settings.MAP_TILES_URL:
        folium.TileLayer(
            tiles=settings.MAP_TILES_URL,
            attr=settings.MAP_TILES_ATTRIBUTION,
            max_zoom=settings.MAP_TILES_MAX_ZOOM,
            name=_("Fond de carte"),
        ).add_to(fmap)
    else:
        OfflineBackground().add_to(fmap)
    Fullscreen(title=_("Plein écran"), title_cancel=_("Quitter le plein écran")).add_to(fmap)
    if locate:
        LocateControl(
            strings={"title": _("Me localiser"), "popup": _("Vous êtes ici")},
            flyTo=True, keepCurrentZoomLevel=False, initialZoomLevel=13,
        ).add_to(fmap)  # fmt: skip
    return self_host(fmap)


def map_parts(fmap):
    """The pieces of a folium figure to place in our own templates: what goes in <head>,
    the map's <div>, the script that creates it, and the JS name of the Leaflet map.
    Built by folium from our settings only — no user text — so the templates may emit them."""
    figure = fmap.get_root()
    figure.render()
    return {
        "head": FOLIUM_VIEWPORT.sub("", figure.header.render()),
        "body": figure.html.render(),
        "script": figure.script.render(),
        "name": fmap.get_name(),
    }

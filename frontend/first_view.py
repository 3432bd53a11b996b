"""The map's first view, prepared on the server: the box it fits when the URL names no view,
and the clusters it will draw, put in the page so that the first markers need no request
(first markers at 100k and 1M, issues 10 and 13).

The page cannot know the size of the map, which decides the bbox (and, for a fitted view,
the zoom). So it carries the clusters of a map as big as most screens' map, centred where
the map will be: js/embedded-clusters.js answers the map's first request from them when the
map's own cells are among them, and the map asks the API as usual otherwise (a bigger map,
another zoom, past the clustered zooms)."""

import hashlib
import json
import math
from urllib.parse import urlencode

from rest_framework.exceptions import ValidationError

from api.filters import InitiativeFilter
from api.views.clusters import view_features
from initiatives.extents import placed_extent
from initiatives.map_cells import ZOOM_TO_LEVEL, view_cells, world_fraction
from initiatives.models import Initiative
from initiatives.selectors import UNCLUSTERED_FROM_ZOOM, per_dataset_version

from .state import FILTERS

EMBEDDED_MAP = (1600, 1024)  # the biggest map (pixels) whose first view the page holds
SMALLEST_MAP = (320, 360)  # a phone's, panel folded: the fitted zooms run between the two
FITTED = {"padding": 8, "max_zoom": 12}  # as js/first-view.js fits the extent
FITTED_ZOOMS = 3  # at most, the biggest maps' first


def filter_data(state):
    """The page's filters as the API's parameters (lists stay lists)."""
    return {
        name: ("true" if value else "false") if name == "transitive" else value
        for name, value in state.items() if name in FILTERS
    }  # fmt: skip


def _cache_key(name, state):
    filters = json.dumps(filter_data(state), sort_keys=True).encode()
    return f"{name}:{hashlib.sha1(filters).hexdigest()}"  # a cache key of safe characters


def first_view_extent(state, dataset=None):
    """The box the first view fits when the URL names no view: where the published
    initiatives the page's filters keep are (a territory, a network... or all of them),
    remembered per dataset version and filters. None when nothing is placed."""
    queryset = InitiativeFilter(filter_data(state), queryset=Initiative.objects.published()).qs
    return per_dataset_version(_cache_key("first-view", state), lambda: placed_extent(queryset), state=dataset)


def requested_view(state):
    """(lon, lat, zoom) when the URL names a view at a whole zoom, else None."""
    zoom = state.get("z")
    if "lat" not in state or "lon" not in state or zoom is None or zoom != int(zoom):
        return None
    return state["lon"], state["lat"], int(zoom)


def _corners(extent):
    """The north-west and south-east corners of `extent` ([w, s, e, n]), as world fractions."""
    west, south, east, north = extent
    return world_fraction(west, north), world_fraction(east, south)


def fitted_zooms(extent):
    """The zooms at which js/first-view.js fits `extent` ([w, s, e, n]) to maps from
    SMALLEST_MAP to EMBEDDED_MAP, the biggest first: a likely range, not an exact one (the
    browser checks what it draws)."""
    (x0, y0), (x1, y1) = _corners(extent)
    pad = 2 * FITTED["padding"]

    def zoom(width, height):
        dx, dy = max((x1 - x0) * 256, 1e-9), max((y1 - y0) * 256, 1e-9)
        level = math.floor(round(math.log2(min((width - pad) / dx, (height - pad) / dy)) / 0.01) * 0.01)
        return min(FITTED["max_zoom"], max(0, level))

    return list(range(zoom(*EMBEDDED_MAP), zoom(*SMALLEST_MAP) - 1, -1))[:FITTED_ZOOMS]


def first_view_clusters(state, extent, dataset):
    """[{zoom, level, cells, filters, features}]: the clusters of the view the URL names, or,
    when it names none and sets no filter, of the fitted view's likely zooms (remembered per
    dataset version: the same for every visitor of `/`). Empty otherwise."""
    named = requested_view(state)
    if named:
        lon, lat, zoom = named
        return [] if zoom >= UNCLUSTERED_FROM_ZOOM else _views(state, world_fraction(lon, lat), [zoom], dataset)
    if extent is None or any(name in state for name in FILTERS):
        return []
    (x0, y0), (x1, y1) = _corners(extent)
    centre = ((x0 + x1) / 2, (y0 + y1) / 2)  # the fitted view's, in Web Mercator
    compute = lambda: _views(state, centre, fitted_zooms(extent), dataset)  # noqa: E731
    return per_dataset_version(_cache_key("first-clusters", state), compute, state=dataset)


def _views(state, centre, zooms, dataset):
    data = filter_data(state)
    # As js/url-state.js's filterParams writes them, for the map to compare with its own URL.
    filters = urlencode([
        (name, "true" if v is True else v) for name in FILTERS
        for v in (state[name] if isinstance(state.get(name), list) else [state.get(name)]) if v not in (None, "", False)
    ])  # fmt: skip
    views = []
    for zoom in zooms:
        level = zoom + ZOOM_TO_LEVEL
        cells = view_cells(level, centre, *EMBEDDED_MAP)
        try:
            features = view_features(data, zoom=zoom, dataset=dataset, cells=cells)
        except ValidationError:  # map_state kept only valid filters; never fail the page for this
            return []
        views.append({"zoom": zoom, "level": level, "cells": cells, "filters": filters,
                      "features": [json.loads(f) for f in features]})  # fmt: skip
    return views

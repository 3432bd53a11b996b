"""The map's first request: the first view's clusters are asked for by a small early module
(js/pages/map-early.js) while Leaflet and the map's modules still load, and the map takes that
answer instead of asking again — issue 10, first markers at 100k. Behaviour, not timings: the
request goes out while Leaflet is held back, and only one goes out. Most first views need not
even that: the page holds their clusters (frontend/first_view.py), and nothing is asked."""

import random
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import close_when_idle, new_context, wait_for_map

pytestmark = pytest.mark.browser

LEAFLET = "**/frontend/js/leaflet-with-controls.js"  # Leaflet and its controls, joined
SOURCES = Path(__file__).resolve().parents[2] / "frontend" / "js"  # what scripts/build-js bundles


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)


@pytest.mark.parametrize(
    "path, viewport",
    [
        # Pages that hold no first clusters (frontend/first_view.py): a fitted view with filters,
        # a view past the clustered zooms.
        ("/?theme=communs", {"width": 1280, "height": 800}),
        ("/embed/?theme=communs", {"width": 600, "height": 400}),
        ("/?lat=48.39&lon=-4.49&z=16", {"width": 1280, "height": 800}),
    ],
    ids=["fitted-filtered", "embed-filtered", "unclustered-zoom"],
)
def test_the_first_clusters_go_out_before_leaflet_has_loaded_and_only_once(browser, live_server, sample_map, path, viewport):
    context = new_context(browser, viewport=viewport, locale="fr-FR")
    page = context.new_page()
    held, clusters = [], []
    page.route(LEAFLET, lambda route: held.append(route))  # answered only when the test says so
    page.on("request", lambda r: "/api/v1/clusters/" in r.url and clusters.append(r.url))
    try:
        with page.expect_request(lambda r: "/api/v1/clusters/" in r.url):
            page.goto(live_server.url + path, wait_until="commit")
        assert len(held) == 1 and page.evaluate("typeof L") == "undefined"  # Leaflet not there yet
        held[0].continue_()
        wait_for_map(page)
        page.wait_for_timeout(400)  # past the debounce of a moveend that should not come
        assert len(clusters) == 1, clusters
        assert page.locator(".initiative-icon, .cluster-icon").count() > 0
        # The early request asked for the view the map shows, with the page's filters.
        asked = parse_qs(urlsplit(clusters[0]).query)
        assert asked["zoom"] == [str(page.evaluate("document.querySelector('.folium-map').leafletMap.getZoom()"))]
        assert asked.get("theme") == (["communs"] if "theme" in path else None)
    finally:
        close_when_idle(context)


@pytest.mark.parametrize(
    "path, viewport",
    [
        ("/?lat=48.2&lon=-3.0&z=8", {"width": 1280, "height": 800}),  # the view the URL names
        ("/embed/?lat=48.2&lon=-3.0&z=7&theme=communs", {"width": 1280, "height": 800}),
        ("/", {"width": 1280, "height": 800}),  # the data's extent, fitted
        ("/", {"width": 390, "height": 844}),  # a phone: the panel folded
    ],
    ids=["url-view", "url-view-filtered", "fitted", "phone"],
)
def test_the_first_view_is_drawn_from_the_page_with_no_request(browser, live_server, sample_map, path, viewport):
    """The page holds the first view's clusters (js/embedded-clusters.js): nothing is asked,
    and what is drawn is what the API answers for the map's own URL."""
    context = new_context(browser, viewport=viewport, locale="fr-FR")
    page = context.new_page()
    clusters = []
    page.on("request", lambda r: "/api/v1/clusters/" in r.url and clusters.append(r.url))
    page.add_init_script("document.addEventListener('map:loaded', (e) => { window.drawn = window.drawn || e.detail; })")
    try:
        page.goto(live_server.url + path)
        wait_for_map(page)
        page.wait_for_timeout(400)  # past the debounce of a moveend that should not come
        assert clusters == []
        drawn = page.evaluate("window.drawn")
        assert drawn["zoom"] == page.evaluate("document.querySelector('.folium-map').leafletMap.getZoom()")
        answer = page.evaluate("async (url) => (await (await fetch(url)).json()).features.length", drawn["url"])
        assert drawn["count"] == answer > 0
        assert page.locator(".initiative-icon, .cluster-icon").count() > 0
        # The next view is asked for as usual.
        clusters.clear()  # the test's own fetch above
        with page.expect_request(lambda r: "/api/v1/clusters/" in r.url):
            page.evaluate("document.querySelector('.folium-map').leafletMap.panBy([400, 0], { animate: false })")
        assert len(clusters) == 1 and not clusters[0].endswith(drawn["url"])
    finally:
        close_when_idle(context)


@pytest.mark.parametrize("path", ["/?lat=48.2&lon=-3.0&z=8", "/"])
def test_a_map_bigger_than_the_page_covers_asks_once(browser, live_server, sample_map, path):
    context = new_context(browser, viewport={"width": 2200, "height": 1300}, locale="fr-FR")
    page = context.new_page()
    clusters = []
    page.on("request", lambda r: "/api/v1/clusters/" in r.url and clusters.append(r.url))
    try:
        page.goto(live_server.url + path)
        wait_for_map(page)
        page.wait_for_timeout(400)  # past the debounce of a moveend that should not come
        assert len(clusters) == 1
        assert page.locator(".initiative-icon, .cluster-icon").count() > 0
    finally:
        close_when_idle(context)


def test_the_first_view_is_computed_as_leaflet_computes_it(page, live_server, sample_map):
    """js/first-view.js against Leaflet itself, over random maps, views and extents: the same
    snapped bbox (the request's URL) every time. The page imports the two source modules,
    served for this test from frontend/js/ (the site serves them bundled)."""
    page.route("**/test-sources/*.js", lambda route: route.fulfill(
        path=SOURCES / route.request.url.rsplit("/", 1)[1], content_type="text/javascript"))
    page.goto(live_server.url + "/")
    wait_for_map(page)
    rng = random.Random(10)
    cases = [
        {
            "width": rng.randint(200, 1900), "height": rng.randint(200, 1200),
            "lat": rng.uniform(-70, 70), "lon": rng.uniform(-179, 179), "zoom": rng.randint(1, 18),
            "extent": sorted([rng.uniform(-20, 20), rng.uniform(-20, 20)]) + sorted([rng.uniform(35, 60), rng.uniform(35, 60)]),
        }
        for _ in range(200)
    ]  # fmt: skip
    mismatches = page.evaluate(
        """async (cases) => {
        const { firstView, fitBoundsView, viewBbox } = await import("/test-sources/first-view.js");
        const { snapBbox } = await import("/test-sources/grid.js");
        const div = document.createElement("div");
        div.style.position = "absolute";
        div.style.left = "-5000px";
        document.body.append(div);
        const out = [];
        for (const c of cases) {
          div.style.width = `${c.width}px`;
          div.style.height = `${c.height}px`;
          const map = L.map(div, { center: [46.6, 2.4], zoom: 6 });
          const size = { width: c.width, height: c.height };
          const snapped = (bbox, zoom) => snapBbox(bbox, zoom, 2).join(",");
          const leaflet = () => { const b = map.getBounds(); return snapped([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom()); };
          map.setView([c.lat, c.lon], c.zoom, { reset: true });
          const mine = snapped(viewBbox({ lat: c.lat, lon: c.lon, zoom: c.zoom }, size), c.zoom);
          if (mine !== leaflet()) out.push({ case: c, mine, leaflet: leaflet() });
          const [w, e, s, n] = c.extent;
          map.fitBounds([[s, w], [n, e]], { padding: [8, 8], maxZoom: 12, animate: false });
          const fitted = fitBoundsView([[s, w], [n, e]], size, { padding: 8, maxZoom: 12 });
          if (fitted.zoom !== map.getZoom()) out.push({ case: c, fittedZoom: fitted.zoom, leafletZoom: map.getZoom() });
          map.setView([fitted.lat, fitted.lon], fitted.zoom, { reset: true });
          if (snapped(viewBbox(fitted, size), fitted.zoom) !== leaflet()) out.push({ case: c, fitted });
          map.remove();
        }
        return out;
      }""",
        cases,
    )
    assert mismatches == []

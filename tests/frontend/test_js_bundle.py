"""The pages load the bundles scripts/build-js makes from frontend/js/ (git-ignored, built by
scripts/setup): they must be what the sources under test build to, or the browser tests
would test stale code."""

import filecmp
import os
import subprocess
from pathlib import Path

from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "frontend" / "static" / "frontend" / "js"


def test_the_bundles_are_built_from_the_current_sources(tmp_path):
    subprocess.run([ROOT / "scripts" / "build-js"], env={**os.environ, "BUILD_JS_OUT": str(tmp_path)},
                   cwd=ROOT, check=True)  # fmt: skip
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert "map.js" in fresh and any(name.startswith("chunk-") for name in fresh)
    assert sorted(p.name for p in BUILT.iterdir()) == fresh, "run scripts/build-js"
    _, mismatch, errors = filecmp.cmpfiles(BUILT, tmp_path, fresh, shallow=False)
    assert (mismatch, errors) == ([], []), "run scripts/build-js"


def test_an_entry_point_is_preloaded_with_the_chunk_it_imports_and_nothing_else():
    html = Template('{% load modules %}{% modulepreload "frontend/js/map-early.js" "frontend/js/map.js" %}').render(Context())
    chunks = sorted(p.name for p in BUILT.glob("chunk-*.js"))
    assert html.count("<link") == len(chunks) == 1
    assert f'href="/static/frontend/js/{chunks[0]}"' in html
    assert Template('{% load modules %}{% modulepreload "frontend/js/site.js" %}').render(Context()) == ""

"""Static files as production serves them: whitenoise's compressed manifest storage, with
Django's rewriting of ES module imports turned on, so that `import … from "./dom.js"` in a
hashed module points at the hashed dom.js — the same URL as the page's modulepreload link
(frontend/templatetags/modules.py) — and every module can be cached for a year."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

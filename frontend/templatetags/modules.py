"""{% modulepreload "frontend/js/map.js" %}: a <link rel="modulepreload"> for every module
an entry point imports, directly or not (the chunks scripts/build-js shares between entries),
so the browser fetches them with the entry instead of once it has read it. Given several
entry points (empty ones are skipped), the first one's imports come first, each module once."""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html_join

register = template.Library()
# `import … from "./x.js"`, `export … from "./x.js"` or `import "./x.js"`, one per line.
IMPORT = re.compile(r"""^\s*(?:import|export)\b(?:[^;]*?\bfrom)?\s*["'](\.{1,2}/[^"']+)["']""", re.M)


def _imports(path):
    source = open(finders.find(path), encoding="utf-8").read()
    folder = path.rsplit("/", 1)[0]
    found = []
    for relative in IMPORT.findall(source):
        parts = folder.split("/")
        for piece in relative.split("/"):
            if piece == "..":
                parts.pop()
            elif piece != ".":
                parts.append(piece)
        found.append("/".join(parts))
    return found


def module_graph(entry):
    """The static paths of the modules `entry` imports, directly or not, in a stable order."""
    seen, todo = [], [entry]
    while todo:
        for dependency in _imports(todo.pop(0)):
            if dependency not in seen and dependency != entry:
                seen.append(dependency)
                todo.append(dependency)
    return seen


_cached_graph = lru_cache(maxsize=None)(module_graph)


@register.simple_tag
def modulepreload(*entries):
    entries = [entry for entry in entries if entry]
    graph = []
    for entry in entries:
        found = module_graph(entry) if settings.DEBUG else _cached_graph(entry)
        graph += [path for path in found if path not in graph and path not in entries]
    return format_html_join("\n", '<link rel="modulepreload" href="{}">', ((static(path),) for path in graph))

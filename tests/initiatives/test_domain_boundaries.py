"""The domain knows nothing of the doors: no DRF, no api/ nor frontend/ in initiatives/."""

import ast
from pathlib import Path

import initiatives

FORBIDDEN = ("rest_framework", "api", "frontend", "django.http")


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_the_domain_imports_no_door():
    root = Path(initiatives.__file__).parent
    found = {
        f"{path.relative_to(root)}: {module}"
        for path in root.rglob("*.py")
        for module in imported_modules(path)
        if any(module == name or module.startswith(name + ".") for name in FORBIDDEN)
    }
    assert found == set()

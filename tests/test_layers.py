"""The layers import downwards only: nothing below the views imports a view."""

import ast
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[1] / "catalogue"
ABOVE_THE_VIEWS = {CATALOGUE / "urls.py"}


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


BELOW_THE_VIEWS = sorted(
    path
    for path in CATALOGUE.rglob("*.py")
    if "views" not in path.relative_to(CATALOGUE).parts and path not in ABOVE_THE_VIEWS
)


@pytest.mark.parametrize("path", BELOW_THE_VIEWS, ids=lambda p: str(p.relative_to(CATALOGUE)))
def test_no_module_below_the_views_imports_a_view(path):
    views = {name for name in imported_modules(path) if name.startswith("catalogue.views")}
    assert not views, f"{path.relative_to(CATALOGUE)} imports {sorted(views)}"

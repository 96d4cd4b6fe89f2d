"""The code is built in floors that only look down (docs/architecture.md):

core → models → importers / selectors and the helpers beside them → views → urls.

Each test reads the imports of every module (no code runs) and fails on one that looks up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[1] / "catalogue"
MODULES = sorted(p for p in CATALOGUE.rglob("*.py") if "migrations" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def where(path: Path) -> str:
    return str(path.relative_to(CATALOGUE))


def in_package(path: Path, package: str) -> bool:
    return path.relative_to(CATALOGUE).parts[0] == package


BELOW_THE_VIEWS = [p for p in MODULES if not in_package(p, "views") and where(p) != "urls.py"]
PURE_IMPORTER_STEPS = [p for p in MODULES if in_package(p, "importers") and p.name != "loader.py"]
OUTSIDE_THE_IMPORT_PATH = [
    p for p in MODULES if not in_package(p, "importers") and not in_package(p, "management")
]


def test_the_check_reads_imports_of_every_form(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import django.db\nfrom catalogue import views\nfrom . import x\n")
    assert imported_modules(module) == {"django.db", "catalogue", "catalogue.views"}


@pytest.mark.parametrize("path", BELOW_THE_VIEWS, ids=where)
def test_no_module_below_the_views_imports_a_view(path: Path) -> None:
    views = {name for name in imported_modules(path) if name.startswith("catalogue.views")}
    assert not views, f"{where(path)} imports {sorted(views)}"


@pytest.mark.parametrize("path", sorted((CATALOGUE / "core").glob("*.py")), ids=where)
def test_the_core_stands_on_nothing(path: Path) -> None:
    for name in imported_modules(path):
        assert not name.startswith(("django", "simple_history", "django_filters")), name
        if name.startswith("catalogue"):
            assert name.startswith("catalogue.core"), f"{where(path)} imports {name}"


def test_the_models_stand_on_the_core_alone() -> None:
    above = {
        name
        for name in imported_modules(CATALOGUE / "models.py")
        if name.startswith("catalogue.") and not name.startswith("catalogue.core")
    }
    assert not above, f"models.py imports {sorted(above)}"


@pytest.mark.parametrize("path", PURE_IMPORTER_STEPS, ids=where)
def test_reading_parsing_and_resolving_are_pure(path: Path) -> None:
    """Only the loader writes; the steps before it know neither Django nor the models."""
    for name in imported_modules(path):
        assert not name.startswith("django"), f"{where(path)} imports {name}"
        if name.startswith("catalogue."):
            assert name.startswith(("catalogue.core", "catalogue.importers")), name
            assert not name.startswith("catalogue.importers.loader"), name


@pytest.mark.parametrize("path", OUTSIDE_THE_IMPORT_PATH, ids=where)
def test_only_the_commands_reach_into_the_importers(path: Path) -> None:
    importers = {name for name in imported_modules(path) if name.startswith("catalogue.importers")}
    assert not importers, f"{where(path)} imports {sorted(importers)}"

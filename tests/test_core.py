"""The core floor (catalogue/core/) stands on nothing: no Django, nothing above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from catalogue.core import vocabulary

CORE = Path(__file__).resolve().parents[1] / "catalogue" / "core"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_imports_neither_django_nor_the_floors_above(path: Path) -> None:
    for module in imported_modules(path):
        assert not module.startswith(("django", "simple_history", "django_filters")), module
        if module.startswith("catalogue"):
            assert module.startswith("catalogue.core"), module


def test_the_check_sees_a_django_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport catalogue.models\n")
    assert imported_modules(bad) == {"django.db", "catalogue.models"}


VOCABULARIES = [
    value
    for value in vars(vocabulary).values()
    if isinstance(value, type)
    and issubclass(value, vocabulary.Vocabulary)
    and value is not vocabulary.Vocabulary
]


@pytest.mark.parametrize("enum", VOCABULARIES, ids=lambda e: e.__name__)
def test_every_member_has_a_label(enum) -> None:
    assert all(member.label for member in enum)


def test_members_of_two_vocabularies_with_one_value_keep_their_own_labels() -> None:
    assert vocabulary.OrganisationKind.GOVERNMENT.label == "Government body"
    assert vocabulary.PartyKind.GOVERNMENT.label == "Government"
    assert vocabulary.RegionKind.DISTRICT.label == "District"
    assert vocabulary.PartnerLevel.DISTRICT.label == "District or city"


def test_words_and_accents() -> None:
    from catalogue.core.text import fold, strip_accents, words

    assert words("«8th of March» – VO") == ["8th", "of", "march", "vo"]
    assert strip_accents("Kŭlob, тоҷикӣ") == "Kulob, тоҷики"
    assert fold(" a \n\t b ") == "a b"

"""The core floor (catalogue/core/): its vocabulary and text rules.

That it imports neither Django nor anything above it is checked in test_layers.py.
"""

from __future__ import annotations

import pytest

from catalogue.core import vocabulary


@pytest.mark.parametrize("enum", vocabulary.VOCABULARIES, ids=lambda e: e.__name__)
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

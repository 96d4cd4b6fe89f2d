"""Partnerships as loaded: our own case studies (tests/data/partners_case.txt) and the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalogue import models as m
from catalogue.importers.loader import load_catalogue
from catalogue.importers.sources import read_documents

DATA = Path(__file__).resolve().parent / "data"
BOOK = DATA / "partners_case.txt"

# Sentences that place or register an organisation: never the line a partnership cites.
NOT_COLLABORATION = re.compile(r"\bregistered\b|\bis located\b|\bterritory of\b", re.IGNORECASE)


def cited_lines(partnership: m.Partnership) -> str:
    lines = partnership.source_document.text.splitlines()
    return " ".join(lines[partnership.first_line - 1 : partnership.last_line])


@pytest.fixture
def own_book(db):
    load_catalogue(read_documents([BOOK]))
    return m.Partnership.objects.select_related("case_study", "government_body")


def test_own_book_no_registration_or_location_sentence_is_a_partnership(own_book) -> None:
    assert own_book.exists()
    for partnership in own_book:
        assert not NOT_COLLABORATION.search(cited_lines(partnership)), partnership
    assert not own_book.filter(government_body__name="Ministry of Justice").exists()
    assert not own_book.filter(government_body__name="Majlisi Oli").exists()


def test_own_book_unnamed_bodies_are_not_shared(own_book) -> None:
    # "the Jamoat" of NGO Gamma (Dushanbe, no jamoat known) and "the local Jamoat" of VO Sigma
    # (no jamoat in its address) are two bodies; VO Omega's is Jamoat Jombakht of its address
    jamoats = {
        p.case_study.organisation.name: p.government_body.name
        for p in own_book.filter(level="jamoat")
    }
    assert len(set(jamoats.values())) == len(jamoats) == 3
    assert "Jamoat Jombakht" in jamoats.values()
    assert all(
        name.endswith(organisation) for organisation, name in jamoats.items() if "not named" in name
    )


@pytest.mark.django_db
def test_seeds_no_registration_or_location_sentence_is_a_partnership(seeded) -> None:
    for partnership in m.Partnership.objects.select_related("source_document"):
        assert not NOT_COLLABORATION.search(cited_lines(partnership)), (
            partnership.case_study_id,
            partnership.government_body.name,
            partnership.first_line,
        )


@pytest.mark.django_db
def test_seeds_the_ministry_of_justice_is_a_partner_where_the_book_says_so(seeded) -> None:
    # Nine case studies say they were registered there; only the Legal Education Centre
    # names it among "the partners of the centre" (book line 959-960).
    ((number, line),) = m.Partnership.objects.filter(
        government_body__name="Ministry of Justice"
    ).values_list("case_study__number", "first_line")
    assert (number, line) == (5, 960)


@pytest.mark.django_db
def test_seeds_no_government_body_is_shared_unless_it_is_named(seeded) -> None:
    shared = (
        m.Organisation.objects.filter(
            kind=m.OrganisationKind.GOVERNMENT, name__contains="not named"
        )
        .filter(partnerships__isnull=False)
        .distinct()
    )
    for body in shared:
        assert body.partnerships.values("case_study").distinct().count() == 1, body.name

"""The resolve step: what printed names and places mean, decided without a database."""

from __future__ import annotations

import pytest

from catalogue.core.dates import PartialDate
from catalogue.core.text import Span
from catalogue.core.vocabulary import DocumentKind, PartnerLevel, PartyKind, RegistrationStatus
from catalogue.importers import resolve
from catalogue.importers.entities import Entity, printed_level
from catalogue.importers.gazetteer import load_gazetteer
from catalogue.importers.records import CaseStudyRecord, Contact, ParsedDocument


@pytest.mark.parametrize(
    ("printed", "level"),
    [
        ("local Jamoat", PartnerLevel.JAMOAT),
        ("the Khukumat", PartnerLevel.DISTRICT),
        ("district department of education", PartnerLevel.DISTRICT),
        ("oblast administration", PartnerLevel.OBLAST),
        ("state structure", None),
    ],
)
def test_printed_level(printed: str, level: PartnerLevel | None) -> None:
    assert printed_level(printed) == level


def test_a_government_contributor_the_table_does_not_know_is_named_by_its_level() -> None:
    # Without a place to name it by, the label says the source names none.
    assert resolve.government_contributor("rayon hukumat of Nowhere", ()) == (
        "Hukumat (place not named in the source)",
        PartnerLevel.DISTRICT,
    )
    assert resolve.government_contributor("state structure", ()) is None


def test_donor_entity_only_for_donor_parts() -> None:
    assert resolve.donor_entity("MSDSP", PartyKind.COMMUNITY) is None
    found = resolve.donor_entity("MSDSP", PartyKind.DONOR)
    assert isinstance(found, Entity) and found.key == "msdsp"


def _case_study(address: str, book_region: str, **extra) -> CaseStudyRecord:
    return CaseStudyRecord(
        number=1,
        title="Bees for the village",
        organisation="VO Example",
        book_region=book_region,
        span=Span(1, 3),
        contact=Contact(address=address),
        **extra,
    )


def _document(*lines: str) -> ParsedDocument:
    return ParsedDocument(
        file_name="book.txt",
        kind=DocumentKind.BOOK,
        title="A book",
        publisher="",
        year=2007,
        language="en",
        lines=lines,
    )


def test_a_case_study_is_placed_from_its_address_within_its_region_group() -> None:
    gazetteer = load_gazetteer()
    located = resolve.locate_case_study(
        _case_study("Khovaling district, Khatlon oblast", "Khatlon"),
        _document("VO Example", "Bees", "Address: Khovaling"),
        gazetteer,
    )
    assert (located.region, located.district, located.warning) == ("khatlon", "khovaling", "")


def test_a_case_study_with_no_place_in_its_region_is_reported_not_guessed() -> None:
    located = resolve.locate_case_study(
        _case_study("Khovaling district", "GBAO"),
        _document("VO Example", "Bees", "Address: Khovaling"),
        load_gazetteer(),
    )
    assert located.chain == ()
    assert "no place of the book's region 'GBAO'" in located.warning


def test_an_unnamed_body_is_named_by_the_case_studys_place() -> None:
    chain = resolve.locate_case_study(
        _case_study("Khovaling district, Khatlon oblast", "Khatlon"),
        _document("x", "y", "z"),
        load_gazetteer(),
    ).chain
    body = resolve.unnamed_body("local Khukumat", PartnerLevel.DISTRICT, chain)
    assert (body.name if isinstance(body, Entity) else body).endswith("Khovaling")
    assert resolve.unnamed_body("Jamoat", PartnerLevel.JAMOAT, ()) == (
        "Jamoat (place not named in the source)"
    )


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ({"not_registered": True}, RegistrationStatus.NOT_REGISTERED),
        ({"registered": PartialDate(2001)}, RegistrationStatus.REGISTERED),
        ({}, RegistrationStatus.UNKNOWN),
    ],
)
def test_registration_status(extra: dict, status: RegistrationStatus) -> None:
    assert resolve.registration_status(_case_study("", "Khatlon", **extra)) == status

"""The resolve step: what printed names and places mean, decided without a database."""

from __future__ import annotations

import pytest

from catalogue.core.dates import PartialDate
from catalogue.core.text import Span
from catalogue.core.vocabulary import DocumentKind, PartnerLevel, PartyKind, RegistrationStatus
from catalogue.importers import resolve
from catalogue.importers.entities import Entity, Role, printed_level
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
    # Unnamed and without a place to name it by, the label says the source names none.
    assert resolve.government_contributor("the rayon hukumat", ()) == (
        "Hukumat (place not named in the source)",
        PartnerLevel.DISTRICT,
    )
    assert resolve.government_contributor("state structure", ()) is None


@pytest.mark.parametrize(
    ("printed", "body", "level"),
    [
        # a body the table does not list but the words name: a record of that name
        ("rayon hukumat of Nowhere", "Rayon hukumat of Nowhere", PartnerLevel.DISTRICT),
        ("the Khukumat of Nurobod rayon", "Khukumat of Nurobod rayon", PartnerLevel.DISTRICT),
        ("Jamoat Tugarak", "Jamoat Tugarak", PartnerLevel.JAMOAT),
        # no local level printed: national when the name says so (kind_rules.toml)
        ("the Ministry of Water Resources", "Ministry of Water Resources", PartnerLevel.NATIONAL),
        ("State Fund for Roads", "State Fund for Roads", PartnerLevel.NATIONAL),
        # the table's state funds are government bodies at national level
        ("National Social Investment Fund of Tajikistan (NSIFT)", None, PartnerLevel.NATIONAL),
        ("the President's Fund", None, PartnerLevel.NATIONAL),
    ],
)
def test_a_named_government_contributor_is_its_own_body(
    printed: str, body: str | None, level: PartnerLevel
) -> None:
    who, found_level = resolve.government_contributor(printed, ())
    if body is None:
        assert isinstance(who, Entity) and Role.GOVERNMENT in who.roles
    else:
        assert who == body
    assert found_level == level


def test_a_jamoat_of_a_rayon_is_unnamed() -> None:
    # "the Jamoat of Vose rayon" names the rayon it is in, not the jamoat
    who, level = resolve.government_contributor("the Jamoat of Vose rayon", ())
    assert level == PartnerLevel.JAMOAT and "not named in the source" in who


@pytest.mark.parametrize(
    ("party", "name", "short_name", "kind"),
    [
        ("the Fund for Rural Women", "Fund for Rural Women", "Fund for Rural Women", "foundation"),
        ("Embassy of Finland", "Embassy of Finland", "Embassy of Finland", "embassy"),
        ("Zarafshon Development Fund (ZDF)", "Zarafshon Development Fund", "ZDF", "foundation"),
        ("UNICEF", "UNICEF", "UNICEF", "multilateral"),
        (
            "Swiss Cooperation Office",
            "Swiss Cooperation Office",
            "Swiss Cooperation Office",
            "bilateral",
        ),
        ("Peace Corps", "Peace Corps", "Peace Corps", "international_ngo"),
        ("Caritas Luxembourg", "Caritas Luxembourg", "Caritas Luxembourg", "other"),
    ],
)
def test_an_unknown_donor_is_a_new_donor_of_the_kind_its_name_says(
    party: str, name: str, short_name: str, kind: str
) -> None:
    found = resolve.donor_entity(party, PartyKind.DONOR)
    assert isinstance(found, Entity)
    assert (found.name, found.short_name, str(found.donor_kind)) == (name, short_name, kind)
    assert found.key == resolve.donor_entity(name.upper(), PartyKind.DONOR).key  # one record


def test_no_donor_record_for_a_donor_not_named() -> None:
    assert resolve.donor_entity("donor", PartyKind.DONOR) is None
    assert resolve.donor_entity("donors", PartyKind.DONOR) is None


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

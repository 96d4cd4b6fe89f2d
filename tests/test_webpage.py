"""The web page parser on the four seed pages and on small samples in tests/data."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from catalogue.core.text import Span
from catalogue.core.vocabulary import DocumentKind
from catalogue.importers.records import ParsedDocument, ParseError, ProfileRecord, StatedFigure
from catalogue.importers.webpage import (
    BlockKind,
    classify_blocks,
    is_foreign_language,
    is_language_switcher,
    looks_like_web_page,
    parse_web_page,
    split_blocks,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def seed_text(prefix: str) -> str:
    return next(ROOT.glob(f"seeds/{prefix}_*.txt")).read_text(encoding="utf-8")


@cache
def parsed(prefix: str) -> ParsedDocument:
    path = next(ROOT.glob(f"seeds/{prefix}_*.txt"))
    return parse_web_page(path.name, path.read_text(encoding="utf-8"))


def profile(prefix: str) -> ProfileRecord:
    record = parsed(prefix).profile
    assert record is not None
    return record


def partner_names(record: ProfileRecord) -> tuple[str, ...]:
    return tuple(partner.name for partner in record.partners)


def covered_lines(record: ProfileRecord) -> set[int]:
    return set(range(record.span.first_line, record.span.last_line + 1))


# --- Mission East -----------------------------------------------------------


def test_mission_east_document() -> None:
    doc = parsed("000")
    assert doc.kind is DocumentKind.WEB_PAGE
    assert doc.title == "Improve the lives of people in rural Tajikistan"
    assert doc.publisher == "Mission East"
    assert doc.year == 2021  # "Achievements in Tajikistan 2021"
    assert doc.language == "en"
    assert len(doc.lines) == 30


def test_mission_east_profile() -> None:
    p = profile("000")
    assert p.organisation == "Mission East"
    assert p.programme_areas == (
        "Disability and inclusion",
        "Disaster Risk Reduction",
        "Water, Sanitation and Hygiene",
    )
    assert p.regions == ("Gorno-Badakhshan", "Khatlon", "Sughd")
    assert p.coordinates == (Decimal("38.861034"), Decimal("71.276093"))
    assert p.figures == ()  # "thousands", "Hundreds": no stated figure
    assert p.span == Span(6, 17)
    assert p.description.startswith("Since the end of the civil war in 1997, Mission East")
    assert p.description.endswith("one of the lead WASH and DRR agencies in the country.")


def test_mission_east_captions_are_not_content() -> None:
    p = profile("000")
    for caption in (
        "Et barn med handicap i Tadsjikistan",
        "Dreng med handicap leger",
        "WASH-projekt i Darvoz",
        "Help ensure a life of health",  # a donation appeal
        "38.861034",
    ):
        assert caption not in p.description
    assert "Darvoz" not in p.regions  # named only in a Danish caption


# --- IOM: community stabilisation ---------------------------------------------


def test_iom_stabilisation_profile() -> None:
    doc = parsed("001")
    p = profile("001")
    assert doc.title == "Community Stabilization and Emergencies"
    assert doc.publisher == "International Organization for Migration"
    assert doc.year is None
    assert p.organisation == "International Organization for Migration"
    assert p.programme_areas == (
        "Emergency Response",
        "Community Stabilization",
        "Community Infrastructure",
        "Community Cohesion and Cross-Border Cooperation",
    )
    assert p.regions == ("Dushanbe", "GBAO", "Khatlon", "Badakhshon")
    assert p.coordinates is None
    assert partner_names(p) == (
        "Committee for Emergency Situations and Civil Defence (CoES)",
        "Adult Training Centres of Tajikistan",
        "Ministry of Labour, Migration and Employment",
    )


def test_iom_stabilisation_figures() -> None:
    assert profile("001").figures == (
        StatedFigure(
            "Since 2015, 210 businesses have been supported through in-kind grants.", Span(31, 31)
        ),
        StatedFigure(
            "In partnership with the Adult Training Centres of Tajikistan (part of the Ministry"
            " of Labour, Migration and Employment) IOM has provided vocational training to"
            " over 800 people.",
            Span(33, 33),
        ),
        StatedFigure(
            "Since 2015, IOM has completed 21 community infrastructure projects across"
            " Badakhshon and Khatlon.",
            Span(39, 39),
        ),
        StatedFigure("The completed projects are used by over 20,000 people.", Span(39, 39)),
        StatedFigure(
            "Over 600 people have attended cross-border cultural exchanges involving musicians"
            " and performers from Tajikistan and Afghanistan.",
            Span(49, 49),
        ),
        StatedFigure(
            "Cross-border sporting exchanges have also been facilitated by IOM, with the"
            " construction of 16 volleyball courts in remote border villages in Afghanistan"
            " which have played host to matches between Tajik and Afghan youth.",
            Span(49, 49),
        ),
    )


def test_iom_stabilisation_contact_and_exclusions() -> None:
    p = profile("001")
    assert p.contact.address == (
        "734013, 22A Azizbekov Street, 2nd Driveway, Dushanbe, Republic of Tajikistan"
    )
    assert p.contact.phones == ("(+992 48) 701 0202", "701 0303", "701 0222")
    assert p.contact.faxes == ("(+992 37) 251 0062",)
    assert p.contact.emails == ()  # only the spam-protection notice is printed
    assert p.contact.span == Span(55, 57)
    assert "Tajik and Afghan youth play volleyball" not in p.description
    assert "protected from spambots" not in p.description
    # the paragraph broken by a blank line after "To date, IOM has" is one paragraph
    assert "To date, IOM has constructed or rehabilitated: markets;" in p.description


# --- ICRC on the MFA site -------------------------------------------------------


def test_icrc_page() -> None:
    doc = parsed("002")
    p = profile("002")
    assert doc.title == "ICRC activities in Tajikistan"
    assert doc.publisher == "Ministry of foreign affairs of the Republic of Tajikistan"
    assert doc.year == 2019
    assert p.organisation == "ICRC"
    assert p.regions == ("Dushanbe", "Rasht valley", "Khujand")
    assert p.figures == (
        StatedFigure(
            "At the beginning of its presence in Tajikistan, the ICRC focused its work on the"
            " response to the humanitarian problems related to the internal armed conflict and"
            " provided assistance during this period to more than 200 000 victims of war.",
            Span(6, 6),
        ),
    )
    assert p.programme_areas == (
        "addressing humanitarian problems inherited from the past (mines and missing people)",
        "emergency preparedness and response",
        "promotion of international humanitarian law (IHL) and humanitarian principles",
    )
    assert "Tajik National Mine Action Center (TNMAC)" in partner_names(p)
    assert "RCST" in partner_names(p)
    assert "Ministry of Health" in partner_names(p)


def test_icrc_page_mfa_contact_is_not_the_icrc_s() -> None:
    p = profile("002")
    assert p.contact.address == ""
    assert p.contact.phones == ()
    assert p.contact.emails == ()
    assert "Ministry of foreign affairs of the Republic of Tajikistan" not in partner_names(p)
    assert "Тоҷикӣ" not in p.description
    assert "Department for international organization" not in p.description
    assert p.span == Span(5, 24)


# --- IOM Tajikistan Today ---------------------------------------------------------


def test_iom_today() -> None:
    doc = parsed("003")
    p = profile("003")
    assert doc.title == "IOM Tajikistan Today"
    assert doc.publisher == "International Organization for Migration"
    assert p.organisation == "IOM"
    assert p.figures == (
        StatedFigure("12 active projects in 7 thematic service areas", Span(5, 5)),
        StatedFigure("More than 30 staff members throughout the country", Span(6, 6)),
    )
    assert p.programme_areas == ()
    assert p.regions == ()
    assert partner_names(p) == ("Government of Tajikistan",)
    assert p.contact.head == "Tajma Kurt (Chief of Mission, IOM Tajikistan)"
    assert "Best Regards" not in p.description
    assert "nearly 10% of the population" in p.description  # context, not a headline figure


# --- general rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Тоҷикӣ | Русский | English  ", True),
        ("English | Deutsch", True),
        ("Home | About us | Contact", False),
        ("Water, Sanitation and Hygiene", False),
    ],
)
def test_language_switcher(line: str, expected: bool) -> None:
    assert is_language_switcher(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Et barn med handicap i Tadsjikistan", True),
        ("Dreng med handicap leger på Mission Øst-center.", True),
        ("WASH-projekt i Darvoz, Tadsjikistan.", True),
        ("Disaster Risk Reduction", False),
        ("I think so", False),  # English "I" is not Danish "i"
        ("Improve the lives of people in rural Tajikistan", False),
        ("Tajik and Afghan youth play volleyball on an IOM constructed court.", False),
    ],
)
def test_caption_language(line: str, expected: bool) -> None:
    assert is_foreign_language(line) is expected


def test_block_kinds_of_the_mission_east_page() -> None:
    blocks = split_blocks(parsed("000").lines)
    classify_blocks(blocks)
    kinds = {b.first_line: b.kind for b in blocks}
    assert kinds[1] is BlockKind.CAPTION
    assert kinds[10] is BlockKind.CAPTION
    assert kinds[19] is BlockKind.BOILERPLATE
    assert kinds[23] is BlockKind.COORDINATES
    assert kinds[28] is BlockKind.LIST


def test_sample_page_with_own_contact() -> None:
    doc = parse_web_page("page_rcst_sample.txt", (DATA / "page_rcst_sample.txt").read_text())
    p = doc.profile
    assert p is not None
    assert doc.publisher == "Red Crescent Society of Tajikistan"
    assert doc.year == 2020
    assert p.organisation == "Red Crescent Society of Tajikistan"
    assert p.programme_areas == ("First aid", "Disaster preparedness", "Restoring family links")
    assert p.regions == ("Khatlon", "Sughd", "Khorog")
    assert p.figures == (
        StatedFigure("In 2018, 4 500 volunteers were trained in first aid.", Span(7, 7)),
    )
    assert p.coordinates == (Decimal("37.489"), Decimal("71.553"))
    assert p.contact.emails == ("rcs@example.tj",)
    assert p.contact.phones == ("(992 37) 224-03-74", "224-53-78")
    assert partner_names(p) == ("Committee for Emergency Situations", "IFRC")
    assert "Волонтёры" not in p.description
    assert "Volunteers train teachers" not in p.description  # echo caption
    assert "Read more" not in p.description


def test_parse_errors() -> None:
    name = "page_blank.txt"
    text = (DATA / name).read_text()
    assert not looks_like_web_page(text)
    with pytest.raises(ParseError, match=name):
        parse_web_page(name, text)


def test_a_page_about_an_organisation_no_table_knows_is_its_profile() -> None:
    """A heading, a paragraph that opens with the organisation's name, a footer: the layout
    of a page, whoever it is about (this used to be refused)."""
    text = (DATA / "page_unknown_org.txt").read_text()
    assert looks_like_web_page(text)
    p = parse_web_page("page_unknown_org.txt", text).profile
    assert p is not None
    assert p.organisation == "Friends of the Valley association"
    assert p.description == "The Friends of the Valley association repairs footpaths in the hills."


@pytest.mark.parametrize(
    "text",
    [
        "Just a shopping list.\nMilk\nBread\n",  # no heading
        "PRESS RELEASE: Wells for Vose\nThe Jamoat and the VO built two wells.\n",  # one block
        "Our news\n\nIt rained all week in the hills and the roads were closed.\n",  # nobody
    ],
)
def test_text_without_a_page_s_layout_or_organisation_is_not_a_page(text: str) -> None:
    assert not looks_like_web_page(text)


def test_empty_string_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_web_page("empty.txt", "")


def test_looks_like_web_page() -> None:
    for prefix in ("000", "001", "002", "003"):
        assert looks_like_web_page(seed_text(prefix))
    assert not looks_like_web_page(seed_text("004"))  # the book


def test_regions_are_the_places_the_gazetteer_knows_not_a_list_in_the_parser() -> None:
    from catalogue.importers.webpage import find_regions

    texts = [
        "We run clinics in Muminobod and Danghara districts of Khatlon oblast.",
        "Our office in the village of Sarichashma serves Shahriston.",
    ]
    # Districts and regions as printed, each once; villages are too fine to be regions.
    assert find_regions(texts) == ("Muminobod", "Danghara", "Khatlon", "Shahriston")

"""Tests for the book parser: small sample books, then the real 2007 book.

Expected values for the real book were written down by reading the seed text, not by
running the parser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from catalogue.core.dates import PartialDate
from catalogue.core.text import Span
from catalogue.core.vocabulary import DocumentKind
from catalogue.importers.book import (
    canonical_region,
    looks_like_book,
    parse_book,
    parse_date_phrase,
    registration_facts,
    section_key,
)
from catalogue.importers.records import CaseStudyRecord, Contact, ParsedDocument, ParseError

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data"
SEEDS = ROOT / "seeds"
BOOK = SEEDS / "004_1b46115389516dbe.txt"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def _book() -> ParsedDocument:
    return parse_book(BOOK.name, _read(BOOK))


@cache
def _mini() -> ParsedDocument:
    return parse_book("book_mini.txt", _read(DATA / "book_mini.txt"))


def _case(organisation: str) -> CaseStudyRecord:
    matches = [cs for cs in _book().case_studies if cs.organisation == organisation]
    assert len(matches) == 1, organisation
    return matches[0]


# -- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("December 3rd, 1999", PartialDate(1999, 12, 3)),
        ("09.06.2004", PartialDate(2004, 6, 9)),
        ("16.04.1999 # 475", PartialDate(1999, 4, 16)),
        ("14 October, 1991", PartialDate(1991, 10, 14)),
        ("2.05.2000", PartialDate(2000, 5, 2)),
        ("in June, 1998", PartialDate(1998, 6)),
        ("May 9th, 1990", PartialDate(1990, 5, 9)),
        ("July 7th, 2002", PartialDate(2002, 7, 7)),
        ("April 24th, 2006", PartialDate(2006, 4, 24)),
        ("in 1999", PartialDate(1999)),
        ("in August 2002 with the purpose", PartialDate(2002, 8)),
        ("February 1st, 2005.", PartialDate(2005, 2, 1)),
        ("in 19.06.2003 as a public organization", PartialDate(2003, 6, 19)),
    ],
)
def test_parse_date_phrase(phrase: str, expected: PartialDate) -> None:
    assert parse_date_phrase(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "August 31st",  # no year: not a date we may complete
        "280 villagers",
        "it may be 12 days",
        "31.02.2005",  # no such day
        "",
    ],
)
def test_parse_date_phrase_rejects(phrase: str) -> None:
    assert parse_date_phrase(phrase) is None


def test_registration_facts_keep_founding_and_registration_apart() -> None:
    text = (
        "The Association was formed on August 31st and registered in the Ministry "
        "of Justice of Republic of Tajikistan on 14 October, 1991."
    )
    # the day and month of the founding share the year of the registration after them
    assert registration_facts(text) == (PartialDate(1991, 8, 31), PartialDate(1991, 10, 14), False)


def test_registration_facts_date_before_the_verb() -> None:
    text = "In 1999 with the assistance of MSDSP, a village organization was formed."
    assert registration_facts(text) == (PartialDate(1999), None, False)


def test_registration_facts_not_registered_wins() -> None:
    text = "It was created on 10.06.2004. It is not registered in judicial authorities of RT."
    assert registration_facts(text) == (PartialDate(2004, 6, 10), None, True)


def test_registration_facts_ignore_unrelated_verbs() -> None:
    text = "Kadbonu has established partnership with donors in 2003. CSOs registered 5 times."
    assert registration_facts(text) == (None, None, False)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Dushanbe and RRS  ", "Dushanbe and RRS"),
        ("Soghd Oblast .", "Soghd"),
        (" Khatlon  Oblast  ", "Khatlon"),
        ("GBAO  ", "GBAO"),
        ("Public Association Shehmizon", None),
    ],
)
def test_canonical_region(label: str, expected: str | None) -> None:
    assert canonical_region(label) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("General data  ", "general_information"),
        (" Background  ", "background"),
        ("Achievements and key factors for successful cooperation ", "achievements"),
        ("Key factors for success  ", "achievements"),
        ("General comments, conclusions  ", "conclusion"),
        ("Plans for the future ", "plans"),
        ("Activity of VO is the activity of the community", None),
    ],
)
def test_section_key(line: str, expected: str | None) -> None:
    assert section_key(line) == expected


# -- sample books ----------------------------------------------------------------------


def test_mini_book_document() -> None:
    doc = _mini()
    assert doc.kind is DocumentKind.BOOK
    assert doc.title == "CSOs and Government: A Small Test Book"
    assert doc.publisher == "Test Consulting Group"
    assert doc.year == 2009
    assert doc.language == "en"
    assert doc.profile is None
    assert len(doc.lines) == 80
    assert [cs.number for cs in doc.case_studies] == [1, 2]


def test_mini_book_first_case_study() -> None:
    alpha = _mini().case_studies[0]
    assert alpha.title == "Alpha - means “Clean Water”"
    assert alpha.organisation == "NGO “Alpha”"
    assert alpha.book_region == "Dushanbe and RRS"
    assert alpha.span == Span(40, 63)
    assert alpha.section_spans == {
        "summary": Span(43, 44),
        "general_information": Span(45, 47),
        "activity": Span(48, 54),
        "achievements": Span(55, 56),
    }
    # hyphenated line breaks stay, the page number goes, paragraphs stay apart
    assert alpha.sections["activity"] == (
        "Alpha built 3 water lines together with the local Khukumat. The non- "
        "governmental sector helped.\n\nA second paragraph about the work."
    )
    assert alpha.contact == Contact(
        head="Alieva Zarina",
        address="Dushanbe, 12 Rudaki Avenue",
        phones=("224-00-01", "224-00-02", "(918 000001 (mob.)"),
        faxes=("224-00-03",),
        emails=("alpha@example.org",),
        span=Span(57, 63),
    )
    assert alpha.founded == PartialDate(1997, 2, 12)
    assert alpha.registered == PartialDate(1999, 4, 16)
    assert alpha.not_registered is False


def test_mini_book_last_case_study_stops_before_the_book_conclusion() -> None:
    doc = _mini()
    beta = doc.case_studies[1]
    assert beta.title == (
        "Building a bridge for the benefit of the whole village and of all the neighbours"
    )
    assert beta.organisation == "VO Beta"
    assert beta.book_region == "Khatlon"
    assert beta.span == Span(67, 78)
    assert doc.lines[78 - 1].startswith("Address: Khatlon Oblast")
    assert beta.contact == Contact(
        head="Boboev Bobo", address="Khatlon Oblast, village Beta", span=Span(76, 78)
    )
    assert beta.founded == PartialDate(2004, 6, 9)
    assert beta.registered is None
    assert beta.not_registered is True


def test_mini_book_region_line_is_not_part_of_the_previous_case_study() -> None:
    doc = _mini()
    alpha_end = doc.case_studies[0].span.last_line
    assert doc.lines[alpha_end].strip() == "Khatlon oblast"


def test_missing_case_study_is_an_error_naming_it() -> None:
    text = _read(DATA / "book_missing_case.txt")
    assert looks_like_book(text)
    with pytest.raises(ParseError, match="A school on the roof of the world"):
        parse_book("book_missing_case.txt", text)


def test_extra_case_study_in_the_body_is_an_error() -> None:
    with pytest.raises(ParseError, match="body has 3 case studies .* lists 2"):
        parse_book("book_extra_case.txt", _read(DATA / "book_extra_case.txt"))


def test_text_without_table_of_contents_is_an_error() -> None:
    text = _read(SEEDS / "001_984c89f6a5810e2c.txt")
    with pytest.raises(ParseError, match="no table of contents"):
        parse_book("001.txt", text)


def test_table_of_contents_without_case_studies_is_an_error() -> None:
    text = "TABLE OF CONTENTS\nPreface..........5\nConclusion.......9\n\nPreface\nText.\n"
    assert not looks_like_book(text)
    with pytest.raises(ParseError, match="lists no case studies"):
        parse_book("x.txt", text)


@pytest.mark.parametrize(
    "name",
    [
        "000_a7c9688a125b9f09.txt",
        "001_984c89f6a5810e2c.txt",
        "002_d8ebfbcb0b030b76.txt",
        "003_b93ce2844df419db.txt",
    ],
)
def test_web_pages_do_not_look_like_the_book(name: str) -> None:
    assert not looks_like_book(_read(SEEDS / name))


# -- the real book -------------------------------------------------------------------

# (organisation as in the TOC, region group, title line, last line), read off the seed.
BOOK_CASES = [
    ("National Association of business women Kadbonu", "Dushanbe and RRS", 285, 596),
    ("Association of women with a university education", "Dushanbe and RRS", 599, 649),
    ("Association of teenagers Aurora", "Dushanbe and RRS", 652, 844),
    ("Cultural-Educational Centre Adabsaro", "Dushanbe and RRS", 848, 939),
    ("Legal Education Centre", "Dushanbe and RRS", 945, 1117),
    ("NGO “Women-voters”", "Dushanbe and RRS", 1119, 1202),
    ("Public Association Nuri Umed", "Dushanbe and RRS", 1205, 1277),
    ("Red Crescent Society of Tajikistan", "Dushanbe and RRS", 1279, 1532),
    ("NGO Marifat", "Dushanbe and RRS", 1533, 1663),
    # ends with a photo caption printed after the contact block
    ("Public Association Nurien", "Dushanbe and RRS", 1666, 1720),
    ("Public Association Centre of protection and cooperation", "Soghd", 1724, 1816),
    ("CSSC Women of the East", "Soghd", 1819, 1931),
    ("VO «8th of March»", "Khatlon", 1935, 1999),
    ("VO Darai Muhtor", "Khatlon", 2003, 2064),
    ("VO Obi Ravshan", "Khatlon", 2067, 2111),
    ("VO Yalabuli", "Khatlon", 2114, 2162),
    ("VO Pistamazor", "Khatlon", 2165, 2225),
    ("VO SINO", "Khatlon", 2228, 2272),
    ("Public Association Chey-Pivol", "Khatlon", 2277, 2343),
    ("Public Association Shehmizon", "Khatlon", 2348, 2391),
    ("CSSC Kalam", "GBAO", 2395, 2492),
    ("VO Vichkut", "GBAO", 2496, 2532),
    ("VO Dashti Andarob", "GBAO", 2535, 2599),
    ("Centre Nur", "GBAO", 2602, 2643),
    ("VO Sovetobod", "GBAO", 2647, 2694),
]


def test_book_document() -> None:
    doc = _book()
    assert doc.kind is DocumentKind.BOOK
    assert doc.title == "CSOs and Government: Development of Collaboration"
    assert doc.publisher == "Civil Initiative Consulting Group"
    assert doc.year == 2007
    assert doc.language == "en"
    assert len(doc.lines) == 2785
    assert doc.profile is None
    assert all(cs.projects == () for cs in doc.case_studies)


def test_book_looks_like_book() -> None:
    assert looks_like_book(_read(BOOK))


def test_book_has_25_case_studies_in_order() -> None:
    case_studies = _book().case_studies
    assert len(case_studies) == 25
    assert [cs.number for cs in case_studies] == list(range(1, 26))


def test_book_organisations_regions_and_spans() -> None:
    got = [
        (cs.organisation, cs.book_region, cs.span.first_line, cs.span.last_line)
        for cs in _book().case_studies
    ]
    assert got == BOOK_CASES


def test_book_spans_increase_without_overlap() -> None:
    spans = [cs.span for cs in _book().case_studies]
    for before, after in zip(spans, spans[1:], strict=False):
        assert before.last_line < after.first_line


def test_book_spans_start_at_the_title_line() -> None:
    doc = _book()
    for cs in doc.case_studies:
        first = doc.lines[cs.span.first_line - 1]
        assert cs.title.startswith(" ".join(first.split())), cs.organisation


@pytest.mark.parametrize(
    ("organisation", "title"),
    [
        ("National Association of business women Kadbonu", "Kadbonu - means “Diligent Mistress”"),
        (
            "Association of women with a university education",
            "The Government – main partner In the solution of gender problems",
        ),
        (
            "Public Association Nurien",
            "Beginning with small initiatives and assisting in the Jamoat development strategy",
        ),
        ("NGO Marifat", "TOGETHER on the way to DEMOCRACY"),
        ("VO SINO", "MTS – improving the lives of villagers in the area"),
        ("VO Yalabuli", "Water is life"),
        ("Centre Nur", "Nur - a Ray of Hope"),
        ("VO Sovetobod", "Study at a spacious school"),
    ],
)
def test_book_titles_are_the_body_headings(organisation: str, title: str) -> None:
    assert _case(organisation).title == title


def test_book_back_matter_is_not_swallowed() -> None:
    doc = _book()
    last = doc.case_studies[-1]
    assert doc.lines[last.span.last_line].strip() == "Conclusions and the general recommendations"
    assert not any("confidently moves" in text for text in last.sections.values())
    # the preface and introduction precede the first case study
    assert doc.case_studies[0].span.first_line > 282


def test_book_sections_and_contacts_lie_inside_their_case_study() -> None:
    for cs in _book().case_studies:
        assert cs.sections.keys() == cs.section_spans.keys()
        for span in cs.section_spans.values():
            assert cs.span.contains(span), cs.organisation
        assert cs.contact.span is not None and cs.span.contains(cs.contact.span)


def test_book_section_keys() -> None:
    assert list(_case("National Association of business women Kadbonu").sections) == [
        "summary",
        "general_information",
        "background",
        "activity",
        "plans",
        "achievements",
        "conclusion",
    ]
    assert list(_case("VO Obi Ravshan").sections) == ["background", "activity"]
    centre = _case("Public Association Centre of protection and cooperation")
    assert centre.section_spans["achievements"] == Span(1772, 1798)
    assert centre.sections["achievements"].count("\n\nKey factors for success\n\n") == 1
    assert centre.section_spans["conclusion"] == Span(1799, 1810)
    assert centre.section_spans["plans"] == Span(1763, 1771)


def test_book_section_text() -> None:
    kadbonu = _case("National Association of business women Kadbonu")
    assert kadbonu.sections["conclusion"] == (
        "From their history of success, Kadbonu has established partnership with various "
        "structures of the government, developed close mutual relations with international "
        "donors, and CSOs."
        "\n\n"
        "The success that the CSO has reached through partnership with state organizations "
        "is a step ahead of most, yet much more work needs to be done and Kadbonu is poised "
        "to lead the way."
    )
    assert kadbonu.section_spans["conclusion"] == Span(584, 589)
    assert "is a non- governmental, non-commercial" in kadbonu.sections["general_information"]


BOOK_CONTACTS = {
    "National Association of business women Kadbonu": Contact(
        head="Rahimzoda Sabohat",
        address="Dushanbe 96 Rudaki Avenue",
        phones=("224-30-28", "224-43-43", "224-02-24", "237-06-17", "(96 201-30-28 (mob.)"),
        faxes=("224-49-80",),
        emails=("kadbonu@hotmail.com",),
        span=Span(590, 596),
    ),
    "Association of teenagers Aurora": Contact(
        head="Alimova Sabohat",
        address=(
            '743024 Tajikistan, Dushanbe Aini street, #46, Club " Aurora " '
            "Dushanbe, Buhoro street 10/1 ¬17"
        ),
        phones=("(992 372 23-54-64", "23-54-65"),
        faxes=('(992 372 21-04-04 (city to specify the addressee: PA "Aurora")',),
        emails=("sabohat@tojikiston.com",),
        span=Span(838, 844),
    ),
    "NGO “Women-voters”": Contact(
        head="Chairman of Council Rabieva Galiya, Director Ahunova Rano",
        address="2 Parvin street, apt. 7, Dushanbe",
        phones=("224-76-22", "918-63-3410"),
        emails=("women_taj@yahoo.com",),
        span=Span(1196, 1202),
    ),
    "Red Crescent Society of Tajikistan": Contact(
        head="Fajzulloev Nusratullo (President) Ohoniyozov Varka (General Secretary)",
        address="734017 Dushanbe Umari Hajyom street 120",
        phones=("224-03-74",),
        faxes=("224-53-78",),
        emails=("rstj01@mail.ru", "rstj02@mail.ru"),
        span=Span(1526, 1532),
    ),
    "NGO Marifat": Contact(
        head="Shokirova Marifat",
        address="735400, Vahdat, Centre of youth",
        phones=("8(3136) 2-22-55", "2-24-60", "236-08-44"),
        span=Span(1659, 1663),
    ),
    # the "Fax:" line prints an e-mail address
    "CSSC Women of the East": Contact(
        head="Sharipova Fatima",
        address="85 Rudaki Avenue, Penjikent",
        phones=("(3475) 54329", "56167", "93 5004379"),
        emails=("nfotima@mail.ru",),
        span=Span(1926, 1931),
    ),
    "CSSC Kalam": Contact(
        head="Buribekov Buribek",
        address="GBAO, Khorog, Lenin 139, apt. 14",
        phones=("2-23-30", "2-24-73"),
        emails=("buribek@rambler.ru",),
        span=Span(2488, 2492),
    ),
    "VO Dashti Andarob": Contact(
        head="Pahlavonbekov F", address="Ishkashim, village Andarob", span=Span(2597, 2599)
    ),
    # "Chairman: Address: GBAO, Khorog" - the chairman's name is missing
    "Centre Nur": Contact(head="", address="GBAO, Khorog", span=Span(2641, 2643)),
    # "Phone. (Jamoat: 21-1-39)" is the Jamoat's number, not the VO's
    "VO Sovetobod": Contact(
        head="Navruz Kurbonbekov", address="Roshtkala, village Sovetobod", span=Span(2691, 2694)
    ),
}


@pytest.mark.parametrize("organisation", list(BOOK_CONTACTS))
def test_book_contacts(organisation: str) -> None:
    assert _case(organisation).contact == BOOK_CONTACTS[organisation]


def test_book_contact_with_e_mail_on_the_phone_line() -> None:
    contact = _case("Association of women with a university education").contact
    assert contact.phones == ()
    assert contact.emails == ("bguljahon@mail.ru",)


# organisation -> (founded, registered, not_registered), read off each summary and
# general information. Where the book states nothing, all stay empty.
BOOK_DATES: dict[str, tuple[PartialDate | None, PartialDate | None, bool]] = {
    # only "Background" dates it: "In 1999 the national association ... was created"; the
    # group it grew from was "formed ... in 1992" (a predecessor, not the association)
    "National Association of business women Kadbonu": (
        PartialDate(1999),
        PartialDate(1999, 12, 3),
        False,
    ),
    # "formed on August 31st and registered ... on 14 October, 1991": one year for both
    "Association of women with a university education": (
        PartialDate(1991, 8, 31),
        PartialDate(1991, 10, 14),
        False,
    ),
    "Association of teenagers Aurora": (PartialDate(1990, 5, 9), PartialDate(1997, 7, 25), False),
    "Cultural-Educational Centre Adabsaro": (
        PartialDate(1997, 2, 12),
        PartialDate(1998, 8, 6),
        False,
    ),
    "Legal Education Centre": (None, PartialDate(2002, 7, 7), False),
    "NGO “Women-voters”": (PartialDate(1998, 6), PartialDate(1998, 9), False),
    # registered as a local CSO on 1.06.2000, as a republican one on 18.04.2005
    "Public Association Nuri Umed": (PartialDate(2000, 5, 2), PartialDate(2000, 6, 1), False),
    # only the re-registration is dated
    "Red Crescent Society of Tajikistan": (PartialDate(1927), PartialDate(2006, 4, 24), False),
    "NGO Marifat": (None, PartialDate(1999, 4, 16), False),
    "Public Association Nurien": (PartialDate(2001), None, False),
    "Public Association Centre of protection and cooperation": (
        PartialDate(2002, 8),
        None,
        False,
    ),
    "CSSC Women of the East": (None, None, False),
    "VO «8th of March»": (PartialDate(2004, 6, 9), None, True),
    "VO Darai Muhtor": (PartialDate(2004, 6, 16), None, True),
    "VO Obi Ravshan": (None, None, False),
    "VO Yalabuli": (PartialDate(2005, 2, 1), None, True),
    "VO Pistamazor": (PartialDate(2003, 6, 19), None, False),
    "VO SINO": (PartialDate(2003, 4, 4), None, False),
    "Public Association Chey-Pivol": (PartialDate(2004, 6, 10), None, True),
    "Public Association Shehmizon": (PartialDate(2004, 6, 12), None, True),
    # registered in 1999, re-registered in 2005
    "CSSC Kalam": (PartialDate(1998), PartialDate(1999), False),
    "VO Vichkut": (PartialDate(2002), None, True),
    "VO Dashti Andarob": (PartialDate(1999), None, True),
    "Centre Nur": (PartialDate(2001), None, False),
    # "The organization has no legal status"
    "VO Sovetobod": (PartialDate(1999), None, True),
}


def test_book_dates_cover_every_case_study() -> None:
    assert set(BOOK_DATES) == {cs.organisation for cs in _book().case_studies}


@pytest.mark.parametrize("organisation", list(BOOK_DATES))
def test_book_founded_and_registered(organisation: str) -> None:
    cs = _case(organisation)
    assert (cs.founded, cs.registered, cs.not_registered) == BOOK_DATES[organisation]


def test_numbered_items_start_their_own_paragraphs():
    book = parse_book(BOOK.name, _read(BOOK))
    activity = book.case_studies[12].sections["activity"]  # VO 8th of March
    assert (
        "\n\n2. Internal roads and bridges were reconstructed for the total sum of $9158."
        in activity
    )
    # Only paragraph breaks change: the words are exactly those of the section's lines.
    span = book.case_studies[12].section_spans["activity"]
    printed = " ".join(book.lines[span.first_line : span.last_line]).split()  # after the heading
    assert activity.split() == printed

"""Theme and collaboration tagging on the real seed texts (no Django needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.importers.tagging import (
    COLLABORATION_MIN_HITS,
    THEME_MIN_HITS,
    Tag,
    compile_term,
    load_collaboration_types,
    load_themes,
    matched_terms,
    tag_collaboration,
    tag_themes,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOOK_LINES = (SEEDS / "004_1b46115389516dbe.txt").read_text(encoding="utf-8").split("\n")

# The 25 case studies of the book: title line to end of the contact block (1-based, inclusive).
CASES = {
    "Kadbonu": (285, 597),
    "Association of Women with University Education": (599, 650),
    "Aurora": (652, 845),
    "Adabsaro": (848, 940),
    "Legal Education Centre": (945, 1118),
    "Women-voters": (1119, 1203),
    "Nuri Umed": (1205, 1278),
    "Red Crescent Society": (1279, 1532),
    "Marifat": (1533, 1664),
    "Nurien": (1666, 1719),
    "Centre of Protection and Cooperation": (1724, 1817),
    "Women of the East": (1819, 1932),
    "VO 8th of March": (1935, 2001),
    "VO Darai Muhtor": (2003, 2065),
    "VO Obi Ravshan": (2067, 2112),
    "VO Yalabuli": (2114, 2163),
    "VO Pistamazor": (2165, 2226),
    "VO Sino": (2228, 2273),
    "VO Chei-Pivol": (2277, 2344),
    "VO Shehmizon": (2348, 2392),
    "CSSC Kalam": (2395, 2494),
    "VO Vichkut": (2496, 2533),
    "VO Dashti Andarob": (2535, 2600),
    "Centre Nur": (2602, 2644),
    "VO Sovetobod": (2647, 2695),
}


def case(name: str) -> str:
    first, last = CASES[name]
    return "\n".join(BOOK_LINES[first - 1 : last])


def page(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def slugs(tags: list[Tag]) -> set[str]:
    return {t.slug for t in tags}


# --------------------------------------------------------------------------- vocabularies
def test_vocabularies_load_with_the_agreed_entries():
    themes = {e.slug for e in load_themes()}
    assert themes == {
        "water-sanitation", "education", "livelihoods-microcredit", "agriculture", "gender",
        "legal-aid-human-rights", "democracy-elections", "health-hiv", "disability",
        "disaster-risk-reduction", "youth-children", "infrastructure", "migration", "civil-society",
    }  # fmt: skip
    types = {e.slug for e in load_collaboration_types()}
    assert types == {
        "advocacy-law-making", "joint-service-delivery", "co-financing", "training-officials",
        "councils-forums", "election-support",
    }  # fmt: skip
    for entry in (*load_themes(), *load_collaboration_types()):
        assert entry.name and entry.description and entry.terms
    assert load_themes() is load_themes()  # cached


def test_case_study_spans_start_at_their_titles():
    assert BOOK_LINES[285 - 1].startswith("Kadbonu - means")
    assert "Water is life" in BOOK_LINES[2114 - 1]
    assert "Study  at a spacious school" in BOOK_LINES[2647 - 1]
    assert all(first <= last for first, last in CASES.values()) and len(CASES) == 25


# --------------------------------------------------------------------------- term syntax
@pytest.mark.parametrize(
    ("term", "text", "hit"),
    [
        ("bee-keep*", "Revival of beekeeping", True),
        ("bee-keep*", "popular: bee-keeping ;", True),
        ("micro-credit", "Microcredit was given", True),
        ("micro-credit", "the micro credit", True),
        ("WASH", "(WASH) projects", True),
        ("WASH", "wash the dishes", False),
        ("school*", "schoolchildren", True),
        ("school", "preschool", False),
        ("khukumat allocated", "the regional \nKhukumat allocated a place", True),
        ("train* ... judges", "led the training of 100 judges and 112 lawyers", True),
        ("train* ... judges", "training. Later the judges", False),
        ("draft law*", "the draft laws of RT", True),
    ],
)
def test_term_syntax(term, text, hit):
    assert bool(compile_term(term).search(text)) is hit


def test_one_search_per_entry_finds_what_the_term_by_term_searches_find():
    """``any_term`` only skips entries with no hit: on every paragraph of the book, and on the
    terms' own texts, the matched terms are those of one search per term."""
    paragraphs = "\n".join(BOOK_LINES).split("\n\n")
    for entry in (*load_themes(), *load_collaboration_types()):
        for text in [*paragraphs, *entry.terms, "WASH", "wash", "nothing to see"]:
            blanked = text
            for phrase in entry.not_terms:
                blanked = compile_term(phrase).sub(lambda m: " " * len(m.group()), blanked)
            expected = tuple(t for t in entry.terms if compile_term(t).search(blanked))
            assert matched_terms(text, entry) == expected, (entry.slug, text[:60])


def test_bad_terms_and_thresholds_are_refused():
    with pytest.raises(ValueError):
        compile_term("... judges")
    with pytest.raises(ValueError):
        tag_themes("water", min_hits=0)


def test_tags_carry_the_matched_words_and_count_distinct_terms():
    text = "The water line brought potable water; the water line again."
    (water,) = [t for t in tag_themes(text) if t.slug == "water-sanitation"]
    assert water.matched == ("water line*", "potable water")
    assert tag_themes("A water line and another water line.") == []  # one distinct term only
    assert THEME_MIN_HITS == 2 and COLLABORATION_MIN_HITS == 1


def test_tags_are_ordered_by_hits():
    tags = tag_themes(case("VO Sino"))
    assert [len(t.matched) for t in tags] == sorted((len(t.matched) for t in tags), reverse=True)
    assert tags[0].slug == "agriculture"


# --------------------------------------------------------------------------- the seed texts
@pytest.mark.parametrize(
    "name", ["VO 8th of March", "VO Yalabuli", "VO Chei-Pivol", "VO Shehmizon", "VO Dashti Andarob"]
)
def test_water_line_case_studies_get_water_and_sanitation(name):
    assert "water-sanitation" in slugs(tag_themes(case(name)))


def test_women_voters_is_democracy_and_election_support():
    text = case("Women-voters")
    assert {"democracy-elections", "gender"} <= slugs(tag_themes(text))
    assert "election-support" in slugs(tag_collaboration(text))


def test_marifat_is_election_support():
    assert "election-support" in slugs(tag_collaboration(case("Marifat")))


def test_legal_education_centre_is_legal_aid_and_trains_judges():
    text = case("Legal Education Centre")
    themes = tag_themes(text)
    assert themes[0].slug == "legal-aid-human-rights"
    assert "legal aid" in themes[0].matched
    assert "training-officials" in slugs(tag_collaboration(text))


def test_kadbonu_is_gender_and_advocacy():
    text = case("Kadbonu")
    assert tag_themes(text)[0].slug == "gender"
    collaboration = slugs(tag_collaboration(text))
    assert {"advocacy-law-making", "councils-forums", "co-financing"} <= collaboration


def test_obi_ravshan_is_agriculture_through_beekeeping():
    (agriculture,) = [t for t in tag_themes(case("VO Obi Ravshan")) if t.slug == "agriculture"]
    assert "bee-keep*" in agriculture.matched


def test_centre_of_protection_and_cooperation_lobbies_for_laws():
    (advocacy,) = [t for t in tag_collaboration(case("Centre of Protection and Cooperation"))
                   if t.slug == "advocacy-law-making"]  # fmt: skip
    assert {"draft law*", "lobby*"} <= set(advocacy.matched)


@pytest.mark.parametrize(
    ("name", "collaboration"),
    [
        ("VO Pistamazor", "co-financing"),
        ("VO Vichkut", "co-financing"),
        ("VO Sovetobod", "co-financing"),
        ("Centre Nur", "co-financing"),
        ("CSSC Kalam", "training-officials"),
        ("CSSC Kalam", "councils-forums"),
    ],
)
def test_collaboration_types_of_local_case_studies(name, collaboration):
    assert collaboration in slugs(tag_collaboration(case(name)))


def test_centre_nur_is_disability_and_kalam_civil_society():
    assert "disability" in slugs(tag_themes(case("Centre Nur")))
    assert "civil-society" in slugs(tag_themes(case("CSSC Kalam")))


def test_every_case_study_gets_at_least_one_theme():
    for name in CASES:
        assert tag_themes(case(name)), name


def test_mission_east_page_gets_disability_drr_and_water():
    themes = slugs(tag_themes(page("000")))
    assert {"disability", "disaster-risk-reduction", "water-sanitation"} <= themes


def test_iom_pages_get_migration():
    assert {"migration", "disaster-risk-reduction", "infrastructure"} <= slugs(
        tag_themes(page("001"))
    )
    assert "migration" in slugs(tag_themes(page("003")))
    assert "training-officials" in slugs(tag_collaboration(page("003")))


def test_icrc_page_gets_health_and_disability():
    assert {"health-hiv", "disability"} <= slugs(tag_themes(page("002")))


def test_matched_terms_is_transparent():
    (water,) = [e for e in load_themes() if e.slug == "water-sanitation"]
    assert matched_terms("Mission East runs WASH and latrines", water) == ("latrine*", "WASH")

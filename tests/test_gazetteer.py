"""Gazetteer data and resolver, checked against the seed texts (no Django needed)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from catalogue.importers.gazetteer import (
    KINDS,
    Gazetteer,
    Place,
    gazetteer_meta,
    load_gazetteer,
    normalise,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOOK = SEEDS / "004_1b46115389516dbe.txt"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def keys(places: list[Place]) -> list[str]:
    return [p.key for p in places]


# --------------------------------------------------------------------------- data file
def test_load_is_cached_and_well_formed(gaz):
    assert load_gazetteer() is gaz
    kinds = Counter(p.kind for p in gaz)
    assert kinds["country"] == 1
    assert kinds["region"] == 5
    assert set(kinds) <= set(KINDS)
    assert {p.key for p in gaz if p.kind == "region"} == {
        "dushanbe",
        "rrs",
        "sughd",
        "khatlon",
        "gbao",
    }


def test_every_district_of_the_2000s_is_present(gaz):
    # 58 districts (GADM TJK_adm3) plus Dushanbe's four; some are kind "city" here, and
    # Qurghonteppa, Khorog, Khujand and a few small cities come on top.
    units = [p for p in gaz if p.kind in {"district", "city"}]
    by_region = Counter(gaz.region_of(p).key for p in units)
    assert by_region["dushanbe"] == 4
    assert by_region["rrs"] == 13
    assert by_region["gbao"] >= 8  # 7 districts + Khorog
    assert by_region["sughd"] >= 18  # 14 districts + Khujand and other cities
    assert by_region["khatlon"] >= 25  # 24 districts + Qurghonteppa


def test_meta_names_sources_and_method():
    meta = gazetteer_meta()
    assert meta["sources"] and all(isinstance(s, str) for s in meta["sources"])
    assert "not checked" in meta["note"] or "approximate" in meta["note"]


def test_coordinates_are_inside_tajikistan(gaz):
    for place in gaz:
        if place.lat is not None or place.lon is not None:
            assert 36.6 <= place.lat <= 41.1 and 67.3 <= place.lon <= 75.2, place.key


def test_every_small_place_cites_a_book_line():
    # Jamoats, villages and makhallas come only from the book: each entry says where.
    text = (Path(__file__).resolve().parent.parent / "catalogue/data/gazetteer.toml").read_text()
    for block in text.split("[[place]]")[1:]:
        if re.search(r'kind = "(jamoat|village|makhalla)"', block):
            assert re.search(r"book L\d+", block), block


# --------------------------------------------------------------------------- resolve
ALIAS_GROUPS = {
    "qurghonteppa": [
        "Kurgan-Tube",
        "Kurgonteppa",
        "Bokhtar",
        "KurganTube",
        "Kurgan tube",
        "Qurghonteppa",
    ],
    "sughd": ["Sughd", "Soghd", "Leninabad", "Soghd Oblast", "Sughd oblast"],
    "vahdat": ["Vahdat", "Ordzhonikidzeabad", "Kofarnihon", "Vahdat rayon"],
    "shuroobod": ["Shurobod", "Shuroobod", "Shuroabad", "Shurabad", "Shurobod rayon"],
    "khovaling": ["Khovaling", "Hovaling", "Khovaling rayon"],
    "isfara": ["Isfara"],
    "panjakent": ["Penjikent", "Panjakent", "Pendzhikent"],
    "khujand": ["Khujand", "Khojend", "Hodzhent", "Khodzhent"],
    "darvoz": ["Darvoz", "Darvaz"],
    "rasht": ["Rasht", "Rasht valley"],
    "varzob": ["Varzob"],
    "ismoili-somoni": ["Ismoili Somoni", "I. Somoni", "I.Somoni", "Somoni rayon"],
    "shohmansur": ["Shohmansur", "Shomansur"],
    "sino": ["Sino", "Sino rayon"],
    "firdavsi": ["Firdavsi"],
    "gbao": ["GBAO", "Gorno-Badakhshan", "Badakhshon", "Gorno-Badakhshan Autonomous Region"],
    "rrs": ["RRS", "Rayons of Republican Subordination", "Districts of Republican Subordination"],
    "dushanbe": ["Dushanbe", "Dushanbe City"],
    "khatlon": ["Khatlon", "Khatlon oblast"],
    "jombakht": ["Jamoat Jombaht", "Jonbaht", "Jombakht", "Dzhonbaht", "jamoat Dzhonbaht"],
    "sari-omiyob": ["Jamoat Sari Omiyob"],
    "sarichashma-jamoat": ["Jamoat Sarichashma"],
    "sarichashma": ["village Sarichashma", "Sarichashma village"],
    "yalabuli": ["Yalabuli", "Jamoat Jalabuli"],  # the book's address inverts jamoat and village
    "darai-muhtor": ["village Darai Muhtor", "Darai-Muhtor"],
    "obi-ravshan": ["Obi Ravshan"],
    "pistamazor": ["Pistamazor", "Village Pistamazor", "Pistamazor makhalla"],
    "sino-shuroobod": ["Village Sino"],
    "chei-pivol": ["Chei Pivol", "Chey-Pivol", "Village Chei pivol"],
    "shehmizon": ["Shehmizon", "Shekhmizon", "Shakhmezon"],
    "vichkut": ["Vichkut", "kishlak Vichkut"],
    "dashti-andarob": ["Dashti Andarob", "makhalla Dasht"],
    "sovetobod": ["Sovetobod"],
}


@pytest.mark.parametrize(("key", "spelling"), [(k, s) for k, v in ALIAS_GROUPS.items() for s in v])
def test_aliases_resolve_to_one_place(gaz, key, spelling):
    place = gaz.resolve(spelling)
    assert place is not None and place.key == key, (spelling, place)


def test_normalise_folds_case_quotes_dashes_and_kind_words():
    assert normalise("Khatlon oblast") == ("khatlon", "region")
    assert normalise("Jamoat “Bahor”") == ("bahor", "jamoat")
    assert normalise("Kurgan–Tube")[0] == normalise("KURGAN TUBE")[0] == "kurgantube"
    assert normalise("Vose'")[0] == normalise("Vose")[0]
    assert normalise("Rŭshon")[0] == "rushon"


def test_resolve_with_kind_and_ambiguity(gaz):
    assert gaz.resolve("Sino").key == "sino"  # without context the Dushanbe district
    assert gaz.resolve("Sino", kind="village").key == "sino-shuroobod"
    assert gaz.resolve("Khovaling", kind="jamoat").key == "khovaling-jamoat"
    assert gaz.resolve("Bokhtar district").key == "bokhtar-district"
    assert gaz.resolve("Somoni") is None  # the currency, not a place
    assert gaz.resolve("Sino", kind="region") is None
    assert gaz.resolve("Atlantis") is None
    with pytest.raises(ValueError):
        gaz.resolve("Sino", kind="planet")


# --------------------------------------------------------------------------- hierarchy
def test_ancestors_and_region(gaz):
    darai = gaz.get("darai-muhtor")
    assert keys(gaz.ancestors(darai)) == ["tajikistan", "khatlon", "khovaling", "jombakht"]
    assert gaz.region_of(darai).key == "khatlon"
    assert gaz.region_of(gaz.get("vahdat")).key == "rrs"
    assert gaz.region_of(gaz.get("sino")).key == "dushanbe"
    assert gaz.region_of(gaz.get("gbao")).key == "gbao"
    assert gaz.ancestors(gaz.get("tajikistan")) == []
    with pytest.raises(ValueError):
        gaz.region_of(gaz.get("tajikistan"))


def test_bad_data_is_refused():
    country = Place("t", "T", "country", None)
    with pytest.raises(ValueError, match="unknown parent"):
        Gazetteer([country, Place("a", "A", "region", "nowhere")])
    with pytest.raises(ValueError, match="duplicate"):
        Gazetteer([country, country])
    with pytest.raises(ValueError, match="unknown kind"):
        Gazetteer([country, Place("a", "A", "planet", "t")])
    with pytest.raises(ValueError, match="cycle"):
        Gazetteer([country, Place("a", "A", "region", "b"), Place("b", "B", "region", "a")])


# --------------------------------------------------------------------------- locate
# Every contact address of the 25 case studies, as printed (book line), with the region and
# the most specific place determined by reading the case study.
CASE_ADDRESSES = [
    (593, "Kadbonu", "Dushanbe 96 Rudaki Avenue,", "dushanbe", "dushanbe"),
    (
        648,
        "Assoc. of Women with University Education",
        "Dushanbe, Bukhoro street 10/1 apt.17",
        "dushanbe",
        "dushanbe",
    ),
    (
        841,
        "Aurora",
        'Adres: 743024 Tajikistan, Dushanbe Aini street, #46, Club " Aurora "',
        "dushanbe",
        "dushanbe",
    ),
    (937, "Adabsaro", "Adres: Dushanbe, Tahmos street 216", "dushanbe", "dushanbe"),
    (
        1115,
        "Legal Education Centre",
        "Dushanbe, 112M. Tursunzoda street, apt. 89.",
        "dushanbe",
        "dushanbe",
    ),
    (1200, "NGO Women-voters", "2 Parvin street, apt. 7, Dushanbe", "dushanbe", "dushanbe"),
    (
        1275,
        "Nuri Umed",
        "legal: Dushanbe Chashmasor street 30/1 apt.3, actual: Rudaki 1/31 street apt 4",
        "dushanbe",
        "dushanbe",
    ),
    (
        1530,
        "Red Crescent Society",
        "734017 Dushanbe Umari Hajyom street 120",
        "dushanbe",
        "dushanbe",
    ),
    (1662, "NGO Marifat", "735400, Vahdat, Centre of youth", "rrs", "vahdat"),
    (1716, "PA Nurien", "735400, Vahdat", "rrs", "vahdat"),
    (1814, "Centre of Protection and Cooperation", "18 Lenin Street, Isfara", "sughd", "isfara"),
    (1929, "CSSC Women of the East", "85 Rudaki Avenue, Penjikent", "sughd", "panjakent"),
    (
        1999,
        "VO 8th of March",
        "Khatlon Oblast. Hovaling, Jamoat Hovaling, Street of 8-March,",
        "khatlon",
        "8th-of-march",
    ),
    (
        2064,
        "VO Darai Muhtor",
        "Khatlon oblast, Khovaling rayon, Jamoat Jombaht, village Darai Muhtor",
        "khatlon",
        "darai-muhtor",
    ),
    (
        2111,
        "VO Obi Ravshan",
        "Khatlon Oblast, Hovaling, Jamoat Sari Omiyob, village Obi Ravshan.",
        "khatlon",
        "obi-ravshan",
    ),
    (
        2162,
        "VO Yalabuli",
        "Khatlon, Shuroobod, Jamoat Jalabuli village Sarichashma.",
        "khatlon",
        "sarichashma",
    ),
    (
        2225,
        "VO Pistamazor",
        "Khatlon oblast, Shurobod, Jamoat Sarichashma, Village Pistamazor",
        "khatlon",
        "pistamazor",
    ),
    (
        2272,
        "VO Sino",
        "Khatlon Oblast Shurobod, Jamoat Shurobod, Village Sino",
        "khatlon",
        "sino-shuroobod",
    ),
    (
        2343,
        "VO Chei-Pivol",
        "Khatlon Oblast. Hovaling, Jamoat Jonbaht, Village Chei pivol,",
        "khatlon",
        "chei-pivol",
    ),
    (
        2391,
        "VO Shehmizon",
        "Khatlon Oblast. Hovaling, Jamoat Dzhonbaht, Shehmizon.",
        "khatlon",
        "shehmizon",
    ),
    (2490, "CSSC Kalam", "GBAO, Khorog, Lenin 139, apt. 14", "gbao", "khorog"),
    (2532, "VO Vichkut", "Ishkashim, Jamoat Ptup, village Vichkut", "gbao", "vichkut"),
    (2599, "VO Dashti Andarob", "Ishkashim, village Andarob", "gbao", "andarob"),
    (2643, "Centre Nur", "Chairman: Address: GBAO, Khorog", "gbao", "khorog"),
    (2693, "VO Sovetobod", "Adres- Roshtkala, village Sovetobod", "gbao", "sovetobod"),
]


def test_the_address_table_covers_25_case_studies_as_printed():
    lines = BOOK.read_text(encoding="utf-8").split("\n")
    assert len(CASE_ADDRESSES) == 25
    for line_no, _org, address, _region, _place in CASE_ADDRESSES:
        printed = re.sub(r"^(Adres[:-]|Address:)\s*", "", address)
        assert printed.split(",")[0].strip() in lines[line_no - 1], (line_no, address)


@pytest.mark.parametrize(
    ("line_no", "org", "address", "region", "place"),
    CASE_ADDRESSES,
    ids=[c[1] for c in CASE_ADDRESSES],
)
def test_locate_case_study_addresses(gaz, line_no, org, address, region, place):
    chain = gaz.locate(address)
    assert chain, (org, address)
    assert chain[0].key == region
    assert chain[-1].key == place
    for outer, inner in zip(chain, chain[1:], strict=False):
        assert inner.parent == outer.key  # a proper chain, no gaps


def test_locate_full_chains(gaz):
    assert keys(
        gaz.locate("Khatlon oblast, Khovaling rayon, Jamoat Jombaht, village Darai Muhtor")
    ) == [
        "khatlon",
        "khovaling",
        "jombakht",
        "darai-muhtor",
    ]
    assert keys(gaz.locate("735400, Vahdat")) == ["rrs", "vahdat"]
    assert keys(gaz.locate("Dushanbe 96 Rudaki Avenue")) == ["dushanbe"]
    assert keys(gaz.locate("Khatlon Oblast Shurobod, Jamoat Shurobod, Village Sino")) == [
        "khatlon",
        "shuroobod",
        "shuroobod-jamoat",
        "sino-shuroobod",
    ]
    assert gaz.locate("Geneva, Switzerland") == []
    assert keys(gaz.locate("Republic of Tajikistan")) == ["tajikistan"]


# --------------------------------------------------------------------------- mentions
@pytest.mark.parametrize(
    ("seed", "sentence", "expected"),
    [
        (
            "000_a7c9688a125b9f09.txt",
            "the provinces of Gorno-Badakhshan, Khatlon and Sughd",
            ["gbao", "khatlon", "sughd"],
        ),
        ("000_a7c9688a125b9f09.txt", "WASH-projekt i Darvoz", ["darvoz"]),
        ("001_984c89f6a5810e2c.txt", "in both GBAO and Khatlon regions", ["gbao", "khatlon"]),
        ("001_984c89f6a5810e2c.txt", "across Badakhshon and Khatlon", ["gbao", "khatlon"]),
        ("002_d8ebfbcb0b030b76.txt", "medical structures in the Rasht valley", ["rasht"]),
        ("002_d8ebfbcb0b030b76.txt", "Orthopaedic Centre in Khujand", ["khujand"]),
        ("002_d8ebfbcb0b030b76.txt", "opened a delegation in Dushanbe", ["dushanbe"]),
    ],
)
def test_mentions_in_web_page_sentences(gaz, seed, sentence, expected):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert sentence in text
    assert keys(gaz.mentions(sentence)) == expected


def test_mentions_in_whole_web_pages(gaz):
    def found(seed: str) -> set[str]:
        return set(keys(gaz.mentions((SEEDS / seed).read_text(encoding="utf-8"))))

    assert found("000_a7c9688a125b9f09.txt") == {"tajikistan", "gbao", "khatlon", "sughd", "darvoz"}
    assert found("001_984c89f6a5810e2c.txt") == {"tajikistan", "dushanbe", "gbao", "khatlon"}
    assert found("002_d8ebfbcb0b030b76.txt") == {"tajikistan", "dushanbe", "rasht", "khujand"}


def test_mentions_use_nearby_context_and_skip_streets_and_currency(gaz):
    assert keys(gaz.mentions("schools # 93 of Sino rayon in Dushanbe")) == ["sino", "dushanbe"]
    assert keys(gaz.mentions("VO Sino is located in Jamoat Shuroabad, Khatlon.")) == [
        "sino-shuroobod",
        "shuroobod-jamoat",
        "khatlon",
    ]
    assert gaz.mentions("96 Rudaki Avenue; 112M. Tursunzoda street; a grant of 3969 Somoni") == []
    assert keys(gaz.mentions("Jamoat Aini of Varzob")) == ["aini-varzob", "varzob"]
    assert keys(gaz.mentions("Kuhistoni Mastchoh and Mastchoh")) == [
        "kuhistoni-mastchoh",
        "mastchoh",
    ]


def test_book_mentions_find_the_case_study_villages(gaz):
    found = set(keys(gaz.mentions(BOOK.read_text(encoding="utf-8"))))
    for key in (
        "darai-muhtor",
        "obi-ravshan",
        "yalabuli",
        "pistamazor",
        "chei-pivol",
        "shehmizon",
        "vichkut",
        "dashti-andarob",
        "sovetobod",
        "isfara",
        "panjakent",
        "vahdat",
    ):
        assert key in found

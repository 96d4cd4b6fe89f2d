"""The entity table and resolver, checked against the seed texts."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from catalogue.core.text import Span, lines_of
from catalogue.core.vocabulary import OrganisationKind, PartnerLevel
from catalogue.importers import entities, partners
from catalogue.importers.entities import (
    DonorKind,
    Role,
    all_entities,
    classify_organisation,
    entity_by_key,
    find_donors,
    normalise_name,
    resolve_donor,
    resolve_government,
    resolve_organisation,
)

ROOT = Path(__file__).resolve().parent.parent


@cache
def seed_lines(prefix: str) -> tuple[str, ...]:
    path = next(ROOT.glob(f"seeds/{prefix}_*.txt"))
    return lines_of(path.read_text(encoding="utf-8"))


def book(first: int, last: int) -> tuple[tuple[str, ...], int]:
    return seed_lines("004")[first - 1 : last], first


# --- names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("MSDSP – Aga Khan Fund", "msdsp - aga khan fund"),
        ("VO «8th of March»", "VO 8th of March"),
        ("NGO “Women-voters”", "NGO Women voters"),
        ("The  Khovaling office\nof MSDSP", "Khovaling office of MSDSP"),
        ("I.Somoni", "I. Somoni"),
    ],
)
def test_normalise_name(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


# --- the table ------------------------------------------------------------------


def test_every_attestation_prints_an_alias() -> None:
    """Each "NNN:LINE" in the table names a line (or the next two, for a wrapped
    name) that really prints one of the entity's names or, for a local body, its
    place ("Khukumat of Vahdat")."""
    for entity in all_entities():
        assert entity.attested, entity.key
        names = [normalise_name(a) for a in entity.aliases]
        names += [normalise_name(p) for p in entity.places]
        for ref in entity.attested:
            prefix, line = ref.split(":")
            lines = seed_lines(prefix)
            n = int(line)
            window = normalise_name(" ".join(lines[n - 1 : n + 2]))
            printed = any(re.search(rf"(?<!\w){re.escape(x)}(?!\w)", window) for x in names)
            # "the Netherlands, Finnish, ... Red Crosses" prints the name only as a list
            listed = entity in [e for e, _ in find_donors(lines[n - 1 : n + 2], n)]
            # "all 4 Khukumats of Dushanbe" prints the city's district bodies as a count
            grouped = any(
                entity in group
                for group, _, _ in entities.district_groups(" ".join(lines[n - 1 : n + 2]))
            )
            assert printed or listed or grouped, (entity.key, ref)


def test_table_summary() -> None:
    entities = all_entities()
    orgs = [e for e in entities if Role.ORGANISATION in e.roles]
    donors = [e for e in entities if Role.DONOR in e.roles]
    government = [e for e in entities if Role.GOVERNMENT in e.roles]
    assert len(orgs) == 28  # 25 case studies + IOM, ICRC, Mission East (RCST is both)
    assert len(donors) >= 45
    levels = {e.level for e in government}
    assert levels <= set(PartnerLevel)
    assert {PartnerLevel.NATIONAL, PartnerLevel.DISTRICT, PartnerLevel.JAMOAT} <= levels
    assert all(e.kind in {k.value for k in DonorKind} for e in donors)
    assert all(e.level is not None for e in government)
    assert len({e.key for e in entities}) == len(entities)


# --- resolving -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "names"),
    [
        (
            "iom",
            [
                "International Organization for Migration",
                "IOM",
                "IOM Mission in Tajikistan",
                "International Organization for Migration - Mission in Tajikistan",
                "IOM Mission\nin Tajikistan",
            ],
        ),
        ("icrc", ["ICRC", "International Committee of the Red Cross"]),
        ("mission-east", ["Mission East", "Mission Øst"]),
        (
            "rcst",
            [
                "Red Crescent Society of Tajikistan",
                "RCST",
                "Society of the Red Crescent of Tajikistan (OKPT)",
            ],
        ),
        (
            "vo-shehmizon",
            [
                "VO Shehmizon",
                "VO Shekhmizon",
                "VO Shakhmezon",
                "VO SHehmizon",
                "Public Association Shehmizon",
            ],
        ),
        ("vo-yalabuli", ["VO Yalabuli", "PA Yalabuli"]),
        (
            "vo-chei-pivol",
            ["VO Chei-Pivol", "VO Chei Pivol", "Public Association Chey-Pivol", "Chei Pivol"],
        ),
        ("vo-pistamazor", ["VO Pistamazor", "VO  Pistamazor"]),
        (
            "nabw-kadbonu",
            ["NABW Kadbonu", "NAWB Kadbonu", "National Association of business women Kadbonu"],
        ),
        (
            "cssc-kalam",
            [
                "CSSC Kalam",
                "Civil Society Support Centre (CSSC) Kalam",
                'Civil Society Support Centre "Kalam"',
            ],
        ),
        ("legal-education-centre", ["Legal Education Centre", "Centre of Legal Education"]),
    ],
)
def test_organisation_aliases(key: str, names: list[str]) -> None:
    for name in names:
        found = resolve_organisation(name)
        assert found is not None and found.key == key, name


@pytest.mark.parametrize(
    ("key", "names"),
    [
        (
            "msdsp",
            [
                "MSDSP",
                "MSDSP – Aga Khan Fund",
                "MSDSP - Aga Khan Foundation",
                "the Khovaling office of MSDSP",
                "MSDSP of the Aga Khan Fund",
            ],
        ),
        ("mercy-corps", ["Mercy Corps", "MKM", "Mercy Corps (MKM)", "Mercy Corps of Tajikistan"]),
        ("cida", ["CIDA", "CIDA (Canada)"]),
        ("tacis", ["TACIS"]),
        ("novib", ["NOVIB"]),
        ("caip", ["CAIP"]),
        ("sida", ["SIDA", "the Swedish donor SIDA"]),
        (
            "echo",
            ["ECHO", "European Commission Office on Humanitarian Assistance (ECHO)"],
        ),
        ("dipecho", ["DIPECHO"]),  # listed beside ECHO as a funder of its own
        ("european-commission", ["European Commission", "European Union"]),
        ("undp", ["UNDP"]),
        ("osce", ["OSCE", "OSCE (Dushanbe)"]),
        ("usaid", ["USAID"]),
        ("us-embassy", ["Democracy Commission of the US Embassy", "US Embassy"]),
        ("eurasia-foundation", ["Eurasia Foundation"]),
        ("osi-tajikistan", ["Tajik branch of the Open Society Institute"]),
        ("soros-kazakhstan", ["Soros Foundation-Kazakhstan", "Soros Foundation -Kazakhstan"]),
        ("icrc", ["ICRC"]),
        ("ifrc", ["International Federation of Red Cross and Red Crescent Society"]),
        ("fao", ["UNFAO"]),
        ("irex", ["IREX", "council on international research and exchange (IREX)"]),
    ],
)
def test_donor_aliases(key: str, names: list[str]) -> None:
    for name in names:
        found = resolve_donor(name)
        assert found is not None and found.key == key, name


def test_donor_kinds_and_countries() -> None:
    assert (entity_by_key("cida").kind, entity_by_key("cida").country) == ("bilateral", "CA")
    assert entity_by_key("undp").kind == "multilateral"
    assert entity_by_key("us-embassy").kind == "embassy"
    assert entity_by_key("eurasia-foundation").kind == "foundation"
    assert entity_by_key("mercy-corps").kind == "international_ngo"
    assert entity_by_key("icrc").organisation_kind is OrganisationKind.INTERNATIONAL
    assert entity_by_key("rcst").organisation_kind is OrganisationKind.NATIONAL_SOCIETY


@pytest.mark.parametrize(
    ("name", "key", "level"),
    [
        ("Ministry of Justice of RT", "ministry-of-justice", PartnerLevel.NATIONAL),
        ("Majhlisi Oli", "majlisi-oli", PartnerLevel.NATIONAL),
        (
            "Committee on Women and Family Affairs under the Government of the Republic of "
            "Tajikistan",
            "committee-women-family",
            PartnerLevel.NATIONAL,
        ),
        ("Emergency Situations Committee", "coes", PartnerLevel.NATIONAL),
        ("CoES", "coes", PartnerLevel.NATIONAL),
        ("Khukumat of Vahdat", "hukumat-vahdat", PartnerLevel.DISTRICT),
        ("I. Somoni Khukumat", "hukumat-ismoili-somoni", PartnerLevel.DISTRICT),
        ("Hukumat of Dushanbe", "hukumat-dushanbe", PartnerLevel.OBLAST),
        ("Khukumat of GBAO", "hukumat-gbao", PartnerLevel.OBLAST),
        ("Jamoat Jombaht", "jamoat-jombakht", PartnerLevel.JAMOAT),
        ("Jamoat Dzhonbaht", "jamoat-jombakht", PartnerLevel.JAMOAT),
        ('Jamoat "Bahor"', "jamoat-bahor", PartnerLevel.JAMOAT),
    ],
)
def test_government_aliases(name: str, key: str, level: PartnerLevel) -> None:
    found = resolve_government(name)
    assert found is not None and found.key == key, name
    assert found.level is level


@pytest.mark.parametrize(
    "name", ["", "Friends of the Valley", "Mission West", "VO Atlantis", "Ministry of Magic"]
)
def test_unknown_names(name: str) -> None:
    assert resolve_organisation(name) is None
    assert resolve_donor(name) is None
    assert resolve_government(name) is None


def test_roles_are_kept_apart() -> None:
    assert resolve_donor("Mission East") is None
    assert resolve_organisation("CIDA") is None
    assert resolve_organisation("ICRC") == resolve_donor("ICRC")  # one record, two parts


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("VO Gulshan", OrganisationKind.VILLAGE_ORGANISATION),
        ("Village Organisation Navobod", OrganisationKind.VILLAGE_ORGANISATION),
        ("CSSC Ittifoq", OrganisationKind.SUPPORT_CENTRE),
        ("Civil Society Support Centre Khujand", OrganisationKind.SUPPORT_CENTRE),
        ("Red Crescent Society of Kyrgyzstan", OrganisationKind.NATIONAL_SOCIETY),
        ("NGO Bonu", OrganisationKind.NGO),
        ("Public Association Madad", OrganisationKind.NGO),
        ("Association of Lawyers of RT", OrganisationKind.NGO),
        ("Centre of social development Accord", OrganisationKind.NGO),
        ("Ministry of Agriculture", OrganisationKind.GOVERNMENT),
        ("VO Shakhmezon", OrganisationKind.VILLAGE_ORGANISATION),  # from the table
        ("IOM", OrganisationKind.INTERNATIONAL),  # from the table
    ],
)
def test_classify_organisation(name: str, kind: OrganisationKind) -> None:
    assert classify_organisation(name) is kind


# --- scanning case studies ----------------------------------------------------------


def donors_in(first: int, last: int) -> list[tuple[str, int]]:
    return [(e.key, s.first_line) for e, s in find_donors(*book(first, last))]


def government_in(first: int, last: int) -> list[tuple[str, PartnerLevel, int]]:
    """The partners ``partners.collaborations`` finds: the table's key, else as printed."""
    found = []
    for record in partners.collaborations(*book(first, last)):
        entity = None
        if not partners.is_bare_sub_body(record.name):  # "Committee on women ..." of a place
            entity = resolve_government(record.name) or resolve_government(
                partners.strip_adjectives(record.name)
            )
        found.append((entity.key if entity else record.name, record.level, record.span.first_line))
    return found


def test_vo_8th_of_march() -> None:
    assert donors_in(1935, 1999) == [("msdsp", 1947), ("cida", 1958)]
    # "is located in Jamoat Khovaling" (1946) and the address line (1999) are places; the
    # summary's "cooperation between VO 8th of March and the makhalla committee" is a partner,
    # a committee the text names ("the makhalla committee from 8th March")
    assert government_in(1935, 1999) == [
        ("Makhalla committee 8th March", PartnerLevel.MAKHALLA, 1940)
    ]


def test_vo_darai_muhtor() -> None:
    assert donors_in(2003, 2064) == [
        ("msdsp", 2008),
        ("cida", 2043),
        ("tacis", 2050),
        ("european-commission", 2059),
    ]
    # "VO Darai Muhtor is located in the village of Darai Muhtor, Jamoat Jombakht" (2007)
    assert government_in(2003, 2064) == []


def test_vo_pistamazor_and_vo_sino() -> None:
    # the President's Fund (2199) is state money: a government body, not a donor
    assert donors_in(2165, 2225) == [("msdsp", 2177), ("caip", 2219)]
    # the summary's "Pistamazor makhalla, Jamoat Sarichashma, Shuroabad rayon" is an address
    # "computers were provided from the president's fund": a state fund is government (issue 9)
    assert government_in(2165, 2225) == [
        ("the Khukumat", PartnerLevel.DISTRICT, 2196),
        ("presidents-fund", PartnerLevel.NATIONAL, 2199),
    ]
    assert donors_in(2228, 2272) == [("msdsp", 2237), ("novib", 2266), ("cida", 2268)]


def test_kadbonu() -> None:
    assert donors_in(285, 596) == [
        ("mercy-corps", 412),
        ("fao", 440),
        ("eurasia-foundation", 458),
        ("counterpart", 463),
        ("pragma", 463),
        ("us-embassy", 468),
    ]
    found = government_in(285, 596)
    assert ("hukumat-faizabad", PartnerLevel.DISTRICT, 409) in found
    assert ("hukumat-varzob", PartnerLevel.DISTRICT, 409) in found
    assert ("hukumat-gissar", PartnerLevel.DISTRICT, 409) in found
    # "in close cooperation with Khukumats, departments of national education, and the
    # committees of women and families of Ismoili Somoni and Shomansur rayons" (418-419):
    # the list's host serves every item, one body per place
    assert ("hukumat-ismoili-somoni", PartnerLevel.DISTRICT, 418) in found
    assert ("hukumat-shohmansur", PartnerLevel.DISTRICT, 418) in found
    assert ("Department of education of Shohmansur district", PartnerLevel.DISTRICT, 418) in found
    assert (
        "Committee on women and family affairs of Shohmansur district",
        PartnerLevel.DISTRICT,
        419,
    ) in found
    # "member of the Advice Committee on Women and Families Affairs of Dushanbe Khukumat" (561)
    # is the association's membership; the capital's Khukumat has oblast status
    assert (
        "Committee on women and family affairs of Dushanbe city",
        PartnerLevel.OBLAST,
        561,
    ) in found
    # state institutions the table does not list
    assert ("Tajik State University of Commerce", PartnerLevel.NATIONAL, 409) in found
    assert ("President of the Republic of Tajikistan", PartnerLevel.NATIONAL, 531) in found
    # "the Hukumat of Dushanbe is trying to set up a boarding school" (505) says no collaboration
    assert not any(key == "hukumat-dushanbe" for key, _, _ in found)
    assert ("ministry-of-energy", PartnerLevel.NATIONAL, 540) in found
    # registered in the Ministry of Justice (297): no partner
    assert not any(key == "ministry-of-justice" for key, _, _ in found)
    # "the project in Yavan Rayon ... with direct support from the local Khukumat" (435-438)
    assert ("hukumat-yavan", PartnerLevel.DISTRICT, 438) in found


def test_red_crescent_society() -> None:
    assert donors_in(1279, 1532) == [
        ("ifrc", 1308),
        # "the Netherlands, Finnish, Danish, Swedish, Norwegian Red Crosses"
        ("netherlands-red-cross", 1309),
        ("finnish-red-cross", 1309),
        ("danish-red-cross", 1309),
        ("swedish-red-cross", 1309),
        ("norwegian-red-cross", 1309),
        ("dipecho", 1309),  # its own funder, beside ECHO
        ("echo", 1310),
        ("unaids", 1310),
        ("undp", 1310),
        ("global-fund", 1310),
        ("geneva-global", 1311),
        ("icrc", 1354),  # "International Committee of the Red Cross" wraps onto 1355
    ]
    found = government_in(1279, 1532)
    assert ("coes", PartnerLevel.NATIONAL, 1370) in found
    assert ("tnmac", PartnerLevel.NATIONAL, 1385) in found
    assert ("ministry-of-health", PartnerLevel.NATIONAL, 1406) in found
    assert ("hukumat-gbao", PartnerLevel.OBLAST, 1486) in found
    assert ("hukumat-shugnan", PartnerLevel.DISTRICT, 1486) in found
    # "... capacity in Jamoat Porshnev of Shugnan" (1490) says where; captions (1474-1478) too
    assert not any(key.startswith("jamoat-") for key, _, _ in found)
    # "the Ministry of Defence of the Russian Federation" (1363) is not a partner
    assert not any(key == "ministry-of-defence" for key, _, _ in found)


def test_centre_of_protection_and_cooperation() -> None:
    assert donors_in(1724, 1816) == []
    assert government_in(1724, 1816) == [
        ("Department of education of Isfara", PartnerLevel.DISTRICT, 1744),
        # "cooperation with ... various posts in Khukumat": unnamed, resolve names it by place
        ("Khukumat", PartnerLevel.DISTRICT, 1749),
        ("majlisi-namoyandagon", PartnerLevel.NATIONAL, 1753),
        ("majlisi-milli", PartnerLevel.NATIONAL, 1753),
        # "committees of Madjlisi Namoyandagon of Majlisi Oli" (1759) names the chamber's host;
        # "experts from the Soghd Khukumat Majlisi Olli conduct monitoring" (1779) remains
        ("hukumat-soghd", PartnerLevel.OBLAST, 1779),
        ("majlisi-oli", PartnerLevel.NATIONAL, 1779),
    ]


def test_vo_vichkut_generic_regional_khukumat() -> None:
    assert donors_in(2496, 2532) == [("msdsp", 2501), ("sida", 2514)]
    # "Vichkut Village is located in Jamoat Ptup" (2506) is not it; "informed the Jamoat Ptup" is
    assert government_in(2496, 2532) == [
        ("jamoat-ptup", PartnerLevel.JAMOAT, 2511),
        # "the chairman of the Jamoat brought up the problem to the regional Khukumat" (2512) is
        # the Jamoat's doing; "the regional Khukumat allocated a place ... and money" (2520)
        ("regional Khukumat", PartnerLevel.DISTRICT, 2520),
        ("Department of education of Ishkashim district", PartnerLevel.DISTRICT, 2526),
    ]


def test_women_voters_generic_bodies() -> None:
    found = government_in(1119, 1202)
    # "Regulations about makhalla councils were developed together with the Khukumat"
    assert ("the Khukumat", PartnerLevel.DISTRICT, 1139) in found
    # ... and "a specific proposal on the organization of the activity of makhalla councils"
    # (1140) is their topic; "the project covered the chairmen of makhallas" (1135) took them in
    assert ("chairmen of makhallas", PartnerLevel.MAKHALLA, 1135) in found
    assert not any(line == 1140 for _, _, line in found)
    # "selected by the chairmen of the committees on women and family affairs" (1158): several,
    # no host printed; "the coordination of the heads of Khukumat offices" (1160)
    assert ("Committee on women and family affairs (several)", PartnerLevel.DISTRICT, 1158) in found
    assert ("Khukumat offices", PartnerLevel.DISTRICT, 1160) in found
    # registered in the Ministry of Justice (1128); "Majlisi Oli" in a law's title (1177)
    assert not any(key in {"ministry-of-justice", "majlisi-oli"} for key, _, _ in found)


def test_spans_are_book_lines() -> None:
    ((entity, span),) = find_donors(["x", "financed by", "CIDA (Canada)"], 100)
    assert entity.key == "cida"
    assert span == Span(102, 102)
    ((entity, span),) = find_donors(["the Democracy Commission of the", "US Embassy"], 10)
    assert entity.key == "us-embassy"
    assert span == Span(10, 11)


def test_a_kind_the_vocabulary_does_not_know_is_an_error() -> None:
    row = {"key": "x", "name": "X Fund", "kind": "charity"}
    with pytest.raises(ValueError, match="unknown kind 'charity'"):
        entities._entity(row, "donor")


def test_a_donor_needs_a_donor_kind_not_an_organisation_kind() -> None:
    row = {"key": "x", "name": "X Society", "kind": "ngo", "also": ["donor"]}
    with pytest.raises(ValueError, match="a donor needs a donor kind"):
        entities._entity(row, "organisation")
    assert (
        entities._entity({**row, "kind": "foundation"}, "organisation").donor_kind == "foundation"
    )

"""Web pages in full: partners, milestones, programmes as projects and pages about
organisations no table knows, on the four seed pages and on two pages written for these
tests in the seeds' layout (tests/data/web_*.txt; their organisations are in no table)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from io import StringIO
from pathlib import Path

import pytest

from catalogue.core.dates import PartialDate
from catalogue.core.text import Span
from catalogue.core.vocabulary import OrganisationKind, PartnerLevel
from catalogue.importers import entities, resolve
from catalogue.importers.gazetteer import load_gazetteer
from catalogue.importers.page_facts import Subject, milestones, organisation_names, partners
from catalogue.importers.records import PartnerRecord, ProfileRecord
from catalogue.importers.sources import decode, parse_source
from catalogue.importers.webpage import parse_web_page

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@cache
def profile(name: str) -> ProfileRecord:
    path = next(ROOT.glob(f"seeds/{name}_*.txt")) if name.isdigit() else DATA / name
    record = parse_web_page(path.name, path.read_text(encoding="utf-8")).profile
    assert record is not None
    return record


def names(records) -> list[str]:
    return [r.name for r in records]


def dated(record: ProfileRecord) -> list[tuple[str, PartialDate | None]]:
    return [(m.text, m.date) for m in record.milestones]


# --- the seeds ---------------------------------------------------------------------------


def test_icrc_partners_are_the_bodies_it_works_with() -> None:
    """002 lines 5, 12, 14, 16, 18, 24: signed with, cooperates with, courses for doctors
    from, support for, supported, helps."""
    assert names(profile("002").partners) == [
        "Government of the Republic of Tajikistan",
        "Tajik National Mine Action Center (TNMAC)",
        "Ministry of Health",
        "Emergency Situations Committee",
        "Orthopaedic Centre",
        "National Centre of Legislation under the President of Republic of Tajikistan",
        "RCST",
    ]
    # the MFA that publishes the page and the Red Cross's principles are no partners


def test_iom_partners_and_no_mere_mention() -> None:
    assert names(profile("001").partners) == [
        "Committee for Emergency Situations and Civil Defence (CoES)",
        "Adult Training Centres of Tajikistan",
        "Ministry of Labour, Migration and Employment",
    ]  # not the "Russian Federation" where migrants go
    assert names(profile("003").partners) == ["Government of Tajikistan"]
    assert profile("000").partners == ()  # "together with Tajik organisations" names none


def test_seed_milestones_and_founding_dates() -> None:
    assert dated(profile("002")) == [
        ("The ICRC started working in Tajikistan in 1992", PartialDate(1992)),
        ("opened a delegation in Dushanbe in January 1993", PartialDate(1993, 1)),
        (
            "On 14 June 2003, a headquarters agreement was signed between the Government of the"
            " Republic of Tajikistan and the ICRC",
            PartialDate(2003, 6, 14),
        ),
        (
            "In September 2013, with the consent of Tajik authorities, the ICRC AFS office was"
            " opened in Dushanbe for the support of the humanitarian operations in Afghanistan",
            PartialDate(2013, 9),
        ),
    ]
    assert profile("002").founded == PartialDate(1992)
    assert dated(profile("003")) == [
        ("Tajikistan has been an IOM Member State since November 1994", PartialDate(1994, 11))
    ]
    assert profile("000").founded == PartialDate(1997, 6)  # "our presence, starting ... June 1997"
    # IOM's presence "began ... during the Tajik Civil War of 1992-1997": no single date
    assert dated(profile("001"))[0][1] is None
    assert profile("001").founded is None


def test_seed_programmes_are_projects() -> None:
    icrc = profile("002").projects
    assert [(p.title, p.span, p.years) for p in icrc] == [
        ("Micro Economic Initiatives (MEI)", Span(12, 12), (2012,)),
        ("MoveAbility foundation", Span(16, 16), ()),
        ("Emergency preparedness programme", Span(24, 24), ()),
    ]
    assert icrc[1].places == ("Dushanbe", "Khujand")
    iom = profile("001").projects
    assert [p.title for p in iom] == ["Emergency Operations Centre (EOC)"]
    assert names(iom[0].partners) == ["Committee for Emergency Situations and Civil Defence (CoES)"]
    # plural "programmes" and "projects" are no one programme
    assert profile("000").projects == () and profile("003").projects == ()


# --- pages of organisations no table knows ------------------------------------------------

PAGES = ["web_pamir_springs.txt", "web_zarafshon_women.txt"]


@pytest.mark.parametrize("name", PAGES)
def test_own_pages_are_about_organisations_no_table_knows(name: str) -> None:
    organisation = profile(name).organisation
    assert entities.resolve_any(organisation) is None
    text = (DATA / name).read_text(encoding="utf-8")
    assert parse_source(decode(name, text.encode())).profile.organisation == organisation


def test_pamir_springs_profile() -> None:
    p = profile("web_pamir_springs.txt")
    assert p.organisation == "Pamir Springs Foundation"
    assert p.regions == (
        "Gorno-Badakhshan",
        "Rasht valley",
        "Khatlon",
        "Khorog",
        "Roshtqal'a",
        "Ishkashim",
    )
    assert p.programme_areas == (
        "Safe drinking water",
        "Sanitation in schools",
        "Community water committees",
    )
    assert [f.text for f in p.figures] == [
        "Since 2012 the foundation has installed 140 gravity-fed water systems serving more than"
        " 35,000 people.",
        "By 2018 it had reached 62 schools in Roshtqal'a and Ishkashim.",
    ]
    assert p.contact.address == "12 Lenin street, Khorog 736000"
    for furniture in ("Бонуи", "Мактабе", "English", "©", "38.861034"):
        assert furniture not in p.description
    assert names(p.partners) == [
        "Ministry of Energy and Water Resources",
        "Khorog Water Users Association",
        "Khukumat of Roshtqal'a",
        "Swiss Agency for Development and Cooperation",
        "Nordic Water Fund",
    ]  # not the Ministry of Health that built a hospital
    assert p.founded == PartialDate(2004, 3)
    assert [m.date for m in p.milestones] == [
        PartialDate(2004, 3),
        PartialDate(2005),
        PartialDate(2009),
        PartialDate(2011, 5, 3),
    ]
    (project,) = p.projects
    assert (project.title, project.span, project.years) == (
        "Clean Schools Initiative",
        Span(15, 15),
        (2014, 2018),
    )
    assert [(c.party, c.money) for c in project.contributions] == [
        ("Swiss Agency for Development and Cooperation", None),
        ("Nordic Water Fund", None),
    ]
    assert project.places == ("Roshtqal'a", "Ishkashim")


def test_zarafshon_women_profile() -> None:
    p = profile("web_zarafshon_women.txt")
    assert p.organisation == "Women of Zarafshon Network"
    assert p.regions == ("Panjakent", "Ayni", "Istaravshan")
    assert p.programme_areas == ("Home gardens", "Women's health", "Savings groups")
    assert "Женщины" not in p.description
    # registration with the Ministry of Justice is no partnership; a built hospital no mention
    assert names(p.partners) == [
        "Panjakent Agricultural College",
        "Zarafshon Development Fund",
        "Khukumat of Panjakent",
    ]
    assert dated(p) == [
        ("WZN started work in October 1999 in Panjakent", PartialDate(1999, 10)),
        ("was registered with the Ministry of Justice in 2001", PartialDate(2001)),
    ]
    assert p.founded == PartialDate(1999, 10)
    (project,) = p.projects
    assert (project.title, project.years) == ("Home Garden", (2006,))
    assert [c.party for c in project.contributions] == ["Zarafshon Development Fund"]
    assert p.coordinates is None


# --- the rules one by one -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We work together with the Sughd Farmers Union on seed banks.", ["Sughd Farmers Union"]),
        (
            "In partnership with the Ministry of Agriculture we train vets.",
            ["Ministry of Agriculture"],
        ),
        (
            "An agreement was signed with the State Committee on Investments.",
            ["State Committee on Investments"],
        ),
        ("The Khatlon Women Association is one of many groups in the region.", []),  # a mention
        ("We were registered with the Ministry of Justice in 2001.", []),
        ("Our staff visited the Republic of Uzbekistan for talks.", []),
    ],
)
def test_partners_need_a_collaboration_word_before_the_name(sentence, expected) -> None:
    subject = Subject("Green Hills Trust")
    assert names(partners([(sentence, Span(1, 1))], subject)) == expected


def test_a_name_the_table_does_not_know_is_found_by_its_shape() -> None:
    found = organisation_names(
        "The Friends of the Valley association (FVA) and Tajik organisations met."
    )
    assert [(n.printed, n.entity, n.acronym) for n in found] == [
        ("Friends of the Valley association (FVA)", None, "FVA")
    ]


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("The association has been present in Tajikistan since 2001.", PartialDate(2001)),
        ("Our office in Kulob was opened in May 2010.", PartialDate(2010, 5)),
        ("The fund was founded in 1996 by teachers.", PartialDate(1996)),
        ("Since 2015, 210 businesses have been supported.", None),  # an activity, no milestone
    ],
)
def test_milestones(sentence, date) -> None:
    found = milestones([(sentence, Span(3, 3))])
    assert [m.date for m in found.items] == ([date] if date else [])


def test_partner_kinds_and_levels_are_decided_by_the_name() -> None:
    def resolved(name: str):
        p = resolve.profile_partner(PartnerRecord(name, None, Span(1, 1)))
        return p.kind, p.level

    assert resolved("Ministry of Water Resources") == (
        OrganisationKind.GOVERNMENT,
        PartnerLevel.NATIONAL,
    )
    assert resolved("Red Crescent Society of Tajikistan")[0] == OrganisationKind.NATIONAL_SOCIETY
    assert resolved("Khorog Water Users Association") == (OrganisationKind.NGO, None)
    partner = resolve.profile_partner(PartnerRecord("Nordic Water Fund (NWF)", None, Span(1, 1)))
    assert (partner.name, partner.acronym) == ("Nordic Water Fund", "NWF")


def test_a_pin_on_the_country_s_centre_is_no_location() -> None:
    gazetteer = load_gazetteer()
    assert resolve.profile_coordinates(profile("000"), gazetteer) is None
    khorog = ProfileRecord("X", "", Span(1, 1), coordinates=(Decimal("37.489"), Decimal("71.553")))
    assert resolve.profile_coordinates(khorog, gazetteer) == khorog.coordinates


# --- loaded ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_pages_load_in_full(seeded) -> None:
    from catalogue import models as m

    icrc = m.Organisation.objects.get(short_name="ICRC")
    assert icrc.region.slug == "dushanbe"  # its delegation in Dushanbe
    assert (icrc.founded_year, icrc.founded_month) == (1992, None)
    partners = {
        p.partner.name: (p.partner.kind, p.level, p.first_line) for p in icrc.partner_links.all()
    }
    assert partners["Red Crescent Society of Tajikistan"] == ("national_society", "", 24)
    assert partners["Tajik National Mine Action Center"] == ("government", "national", 12)
    assert partners["Ministry of Health"] == ("government", "national", 14)
    assert [(x.date_year, x.date_month, x.date_day) for x in icrc.milestones.all()] == [
        (1992, None, None),
        (1993, 1, None),
        (2003, 6, 14),
        (2013, 9, None),
    ]
    projects = m.Project.objects.filter(organisation=icrc, case_study=None)
    assert [(p.title, p.start_year, p.first_line) for p in projects.order_by("sequence")] == [
        ("Micro Economic Initiatives (MEI)", 2012, 12),
        ("MoveAbility foundation", None, 16),
        ("Emergency preparedness programme", None, 24),
    ]
    iom = m.Organisation.objects.get(short_name="IOM")
    assert "Remittances sent home account for more than a 1/3" in iom.description  # page 003
    assert "Close to one million Tajik citizens" in iom.description  # page 001
    assert {p.partner.name for p in iom.partner_links.all()} >= {
        "Committee for Emergency Situations and Civil Defence",
        "Ministry of Labour, Migration and Employment",
    }
    mission_east = m.Organisation.objects.get(name="Mission East")
    assert (mission_east.latitude, mission_east.longitude) == (None, None)
    assert (mission_east.founded_year, mission_east.founded_month) == (1997, 6)


@pytest.mark.django_db
def test_own_pages_load_as_new_organisations_and_reload_unchanged() -> None:
    from django.core.management import call_command

    from catalogue import models as m

    def load() -> str:
        out = StringIO()
        call_command("load_seeds", *(str(DATA / name) for name in PAGES), stdout=out)
        return out.getvalue()

    load()
    psf = m.Organisation.objects.get(name="Pamir Springs Foundation")
    assert psf.kind == "ngo"
    assert (psf.founded_year, psf.founded_month) == (2004, 3)
    assert psf.district.slug == "khorog"
    assert (psf.latitude, psf.longitude) == (None, None)  # the country's pin
    assert set(psf.regions_active.values_list("slug", flat=True)) >= {"khatlon", "gbao"}
    assert psf.headline_figures.count() == 2
    assert psf.milestones.count() == 4
    links = {p.partner.name: (p.partner.kind, p.level) for p in psf.partner_links.all()}
    assert links["Khorog Water Users Association"] == ("ngo", "")
    assert links["Ministry of Energy and Water Resources"] == ("government", "national")
    assert links["Nordic Water Fund"][0] == "ngo"
    (project,) = m.Project.objects.filter(organisation=psf)
    assert (project.title, project.start_year, project.end_year) == (
        "Clean Schools Initiative",
        2014,
        2018,
    )
    assert project.case_study is None
    assert list(project.contributions.values_list("party_name", "amount")) == [
        ("Swiss Agency for Development and Cooperation", None),
        ("Nordic Water Fund", None),
    ]
    assert (
        project.contributions.first().donor.name == "Swiss Agency for Development and Cooperation"
    )
    wzn = m.Organisation.objects.get(name="Women of Zarafshon Network")
    assert not wzn.partner_links.filter(partner__name="Ministry of Justice").exists()
    before = {
        model: model.objects.count()
        for model in (m.Organisation, m.Milestone, m.Project, m.OrganisationPartner)
    }
    load()
    after = {model: model.objects.count() for model in before}
    assert after == before


def test_a_new_organisation_named_more_often_than_a_known_partner_is_the_subject() -> None:
    text = (
        "English | Русский\n\nOur story\n\n"
        "The Kulob Youth Centre (KYC) runs sport clubs for teenagers. KYC works together with"
        " the Red Crescent Society of Tajikistan on first aid. KYC trains 300 volunteers a year.\n"
    )
    p = parse_web_page("kyc.txt", text).profile
    assert p is not None
    assert p.organisation == "Kulob Youth Centre"
    assert names(p.partners) == ["Red Crescent Society of Tajikistan"]

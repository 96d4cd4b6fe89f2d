"""load_seeds over the real seeds: what the catalogue gets out of the five documents."""

from decimal import Decimal

import pytest

from catalogue import models as m
from catalogue.core.text import printed_in_lines

pytestmark = pytest.mark.django_db

# Number → (organisation, region) as the book's table of contents and addresses give them.
CASE_STUDY_REGIONS = {
    1: ("National Association of Businesswomen Kadbonu", "Dushanbe"),
    2: ("Association of Women with University Education", "Dushanbe"),
    3: ("Association of Teenagers Aurora", "Dushanbe"),
    4: ("Cultural-Educational Centre Adabsaro", "Dushanbe"),
    5: ("Legal Education Centre", "Dushanbe"),
    6: ("NGO Women-Voters", "Dushanbe"),
    7: ("Public Association Nuri Umed", "Dushanbe"),
    8: ("Red Crescent Society of Tajikistan", "Dushanbe"),
    9: ("NGO Marifat", "RRS"),
    10: ("Public Association Nurien", "RRS"),
    11: ("Public Association Centre of Protection and Cooperation", "Soghd"),
    12: ("CSSC Women of the East", "Soghd"),
    13: ("VO 8th of March", "Khatlon"),
    14: ("VO Darai Muhtor", "Khatlon"),
    15: ("VO Obi Ravshan", "Khatlon"),
    16: ("VO Yalabuli", "Khatlon"),
    17: ("VO Pistamazor", "Khatlon"),
    18: ("VO Sino", "Khatlon"),
    19: ("VO Chei-Pivol", "Khatlon"),
    20: ("VO Shehmizon", "Khatlon"),
    21: ("CSSC Kalam", "GBAO"),
    22: ("VO Vichkut", "GBAO"),
    23: ("VO Dashti Andarob", "GBAO"),
    24: ("Centre Nur", "GBAO"),
    25: ("VO Sovetobod", "GBAO"),
}

C, D, G = "community", "donor", "government"

# Every figure of the Khatlon and GBAO village organisations, read off the book by hand:
# organisation → [(stated total as printed or None, [(party kind, party, amount as printed)])].
VILLAGE_FUNDING = {
    "VO 8th of March": [
        ("$965", [(C, "CSO", "$225"), (D, "CIDA", "$740")]),
        ("$9158", [(C, "VO", "$905"), (D, "MSDSP", "$8210")]),
        (None, [(D, "CIDA", "$391")]),
        ("$2010", [(C, "VO", "$220"), (D, "CIDA", "$1790")]),
        ("$1690", [(C, "VO", "$1015"), (D, "MSDSP", "$675")]),
    ],
    "VO Darai Muhtor": [
        ("$1470", [(C, "VO", "$450"), (D, "CIDA (Canada)", "$1020")]),
        ("$435", [(D, "MSDSP", "$435")]),  # "Microcredit was given by MSDSP": the one payer
        ("$5265", [(C, "VO", "$1328"), (D, "TACIS", "$3936")]),
        ("$2661", [(C, "VO", "$391"), (D, "TACIS", "$2270")]),
        ("$1058", [(C, "VO", "$392"), (D, "European Union", "$666")]),
    ],
    "VO Obi Ravshan": [
        ("$890", [(C, "VO", "$180"), (D, "MSDSP", "$710")]),
        ("$2100", [(C, "VO", "$308"), (D, "MSDSP", "$1792")]),
    ],
    "VO Yalabuli": [
        ("3969 Somoni", [(D, "MSDSP", "1218 Somoni"), (C, "VO", "1533 Somoni")]),
        ("25,126 Somoni", []),
        ("1230 Somoni", [(D, "MSDSP", "414 Somoni"), (C, "VO", "816 Somoni")]),
    ],
    "VO Pistamazor": [
        ("2006 Somoni", [(C, "VO", "$144"), (D, "MSDSP", "$440")]),
        ("$420", [(D, "MSDSP", "$420")]),  # "MSDSP allocated micro-credit": the one payer
        ("$6560", [(D, "CAIP", "$6270"), (G, "state structure", "$290")]),
    ],
    "VO Sino": [
        ("$3244", [(C, "VO", "$870"), (D, "MSDSP", "$2370")]),
        (None, [(D, "MSDSP", "$580")]),
        ("$1020", [(C, "VO", "$438"), (D, "NOVIB", "$844")]),
        ("$47,000", [(D, "CIDA", "$47,000")]),
    ],
    "VO Chei-Pivol": [
        ("$10,244", []),
        ("$261", []),
        ("$890", []),
        (None, [(D, "MSDSP", "$556")]),
        ("$587", []),
    ],
    "VO Shehmizon": [
        (None, [(D, "MSDSP", "$2174")]),
        ("$300", []),
        ("$200", []),
    ],
    "VO Vichkut": [
        (
            "$11,657",
            [
                (D, "SIDA", "$11,019"),
                (G, "local Khukumat", "$65"),
                (C, "villagers of kishlak Vichkut", "$573"),
                # goods, no amount: "the regional Khukumat allocated a place for the
                # construction of the school" (2520), "The equipment for the school was
                # allocated by the department of education of Ishkashim" (2527)
                (G, "regional Khukumat", ""),
                (G, "department of education of Ishkashim", ""),
            ],
        ),
    ],
    "VO Dashti Andarob": [
        ("$8298", [(D, "ECHO", "$5420"), (C, "population", "$2778"), (G, "Jamoat", "$100")]),
    ],
    "VO Sovetobod": [
        ("$60,870", [(G, "local Jamoat", "$270")]),
    ],
}


def funding_of(organisation_name: str):
    projects = (
        m.Project.objects.printing_amounts()
        .with_funding()
        .filter(organisation__name=organisation_name)
    )
    return [
        (
            project.total_printed or None,
            [(c.party_kind, c.party_name, c.amount_printed) for c in project.contributions.all()],
        )
        for project in projects.order_by("sequence")
    ]


def test_twenty_five_case_studies_with_their_regions(seeded):
    found = {
        c.number: (c.organisation.name, c.region.name)
        for c in m.CaseStudy.objects.select_related("organisation", "region")
    }
    assert found == CASE_STUDY_REGIONS


def test_places_below_the_region_where_the_book_gives_them(seeded):
    darai = m.CaseStudy.objects.get(number=14)
    assert darai.district.name == "Khovaling"
    assert {p.name for p in darai.places.all()} == {"Jombakht", "Darai Muhtor"}
    assert m.CaseStudy.objects.get(number=9).district.name == "Vahdat"
    assert m.CaseStudy.objects.get(number=22).district.name == "Ishkoshim"


@pytest.mark.parametrize("organisation", sorted(VILLAGE_FUNDING))
def test_village_organisation_funding_exactly_as_printed(seeded, organisation):
    assert funding_of(organisation) == VILLAGE_FUNDING[organisation]


def test_amounts_are_numbers_and_currencies_as_printed(seeded):
    roads = m.Project.objects.get(total_printed="$9158")
    assert (roads.total_amount, roads.total_currency) == (Decimal("9158"), "USD")
    yalabuli = m.Project.objects.get(total_printed="25,126 Somoni")
    assert (yalabuli.total_amount, yalabuli.total_currency) == (Decimal("25126"), "TJS")


def test_usd_normalisation(seeded):
    usd = m.Contribution.objects.filter(currency="USD")
    assert usd.exists()
    assert all(c.amount_usd == c.amount and c.exchange_rate is None for c in usd)
    tjs = m.Contribution.objects.select_related("exchange_rate").filter(currency="TJS")
    assert tjs.count() == 4  # VO Yalabuli's four parts; Pistamazor's parts are in $
    for contribution in tjs:
        rate = contribution.exchange_rate
        assert rate.currency == "TJS" and rate.source
        expected = (contribution.amount / rate.units_per_usd).quantize(Decimal("0.01"))
        assert contribution.amount_usd == expected


def test_project_totals_in_usd(seeded):
    usd_totals = m.Project.objects.filter(total_currency="USD")
    assert all(p.total_usd == p.total_amount and p.total_exchange_rate is None for p in usd_totals)
    water = m.Project.objects.select_related("total_exchange_rate").get(
        total_printed="25,126 Somoni"
    )
    rate = water.total_exchange_rate
    assert (rate.currency, rate.year) == ("TJS", 2007)  # the book's year: the project names none
    assert water.total_usd == (Decimal("25126") / rate.units_per_usd).quantize(Decimal("0.01"))
    assert not m.Project.objects.filter(total_amount__isnull=True, total_usd__isnull=False).exists()


def test_data_quality_flags(seeded):
    def flags(printed_total):
        return m.Project.objects.get(total_printed=printed_total).funding_flags()

    assert flags("$9158") == ["parts_do_not_add_up"]  # $905 + $8210 = $9115
    assert flags("2006 Somoni") == ["mixed_currencies"]
    assert flags("$10,244") == ["total_without_breakdown"]
    assert flags("$965") == []
    no_total = m.Project.objects.with_funding().get(
        organisation__name="VO 8th of March", contributions__amount_printed="$391"
    )
    assert no_total.funding_flags() == ["parts_without_total"]
    warnings = "\n".join(seeded.warnings)
    assert "stated total $9158; parts $905 + $8210" in warnings


def test_every_contribution_cites_lines_that_print_it(seeded):
    contributions = m.Contribution.objects.select_related("source_document")
    assert contributions.filter(amount__isnull=False).count() == 46  # test_grand_totals.py
    for c in contributions:
        lines = c.source_document.lines()[c.first_line - 1 : c.last_line]
        # an amount as printed, or (a funder named without one) the funder's name
        assert printed_in_lines(c.amount_printed or c.party_name, lines), c


def test_every_imported_record_has_provenance(seeded):
    for model in (m.CaseStudy, m.Project, m.Contribution, m.HeadlineFigure, m.Partnership):
        assert not model.objects.filter(source_document__isnull=True).exists(), model
    case_study = m.CaseStudy.objects.get(number=13)
    assert case_study.source_url() == "/sources/004_1b46115389516dbe/?lines=1935-1999#L1935-L1999"


def test_iom_is_one_organisation_across_two_pages(seeded):
    iom = m.Organisation.objects.get(name="International Organization for Migration")
    documents = set(iom.headline_figures.values_list("source_document__file_name", flat=True))
    assert documents == {"001_984c89f6a5810e2c.txt", "003_b93ce2844df419db.txt"}
    assert "IOM" in iom.aliases or iom.short_name == "IOM"
    assert iom.headline_figures.filter(text__contains="210 businesses").exists()


def test_red_crescent_is_one_organisation_in_book_and_icrc_page(seeded):
    # (a body the RCST's case study names without its place is labelled with the RCST's name)
    rcst = m.Organisation.objects.filter(name__icontains="Red Crescent Society").exclude(
        kind=m.OrganisationKind.GOVERNMENT
    )
    assert rcst.count() == 1
    assert rcst.get().case_studies.count() == 1
    assert "RCST" in (rcst.get().short_name, *rcst.get().aliases)


def test_donor_spellings_resolve_to_one_donor(seeded):
    msdsp = m.Donor.objects.get(short_name="MSDSP")
    paid = msdsp.contributions.filter(amount__isnull=False)
    assert set(paid.values_list("party_name", flat=True)) == {"MSDSP"}
    # named as a funder without an amount, as printed ("Khovaling office of MSDSP"): one donor
    assert all("MSDSP" in name for name in msdsp.contributions.values_list("party_name", flat=True))
    assert paid.count() == 13  # the MSDSP rows of VILLAGE_FUNDING
    cida = m.Donor.objects.get(short_name="CIDA")
    assert set(cida.contributions.values_list("party_name", flat=True)) == {"CIDA", "CIDA (Canada)"}
    mercy_corps = m.Donor.objects.get(name="Mercy Corps")
    assert "MKM" in mercy_corps.aliases
    assert m.Donor.objects.filter(short_name="MSDSP").count() == 1


def test_village_organisation_spellings(seeded):
    shehmizon = m.Organisation.objects.get(name="VO Shehmizon")
    assert {"Shekhmizon", "Shakhmezon"} <= {a.split()[-1] for a in shehmizon.aliases}


def test_government_partners_with_levels(seeded):
    vichkut = m.CaseStudy.objects.get(number=22)
    levels = dict(vichkut.partnerships.values_list("government_body__name", "level"))
    assert levels["Hukumat of Ishkashim district"] == "district"
    women_voters = m.CaseStudy.objects.get(number=6)
    # "Regulations about makhalla councils were developed together with the Khukumat" (1139);
    # its national bodies are where it registered (1128) and a law's title (1177): no partners
    assert women_voters.partnerships.filter(level="makhalla").exists()
    assert not women_voters.partnerships.filter(level="national").exists()
    contributor = m.Contribution.objects.get(amount_printed="$65").organisation
    assert contributor.name == "Hukumat of Ishkashim district"


def test_partial_dates_and_registration(seeded):
    kadbonu = m.Organisation.objects.get(name="National Association of Businesswomen Kadbonu")
    assert kadbonu.registered.isoformat() == "1999-12-03"
    women_voters = m.Organisation.objects.get(name="NGO Women-Voters")
    assert women_voters.founded.isoformat() == "1998-06"
    march = m.Organisation.objects.get(name="VO 8th of March")
    assert march.registration == "not_registered" and march.registered is None


def test_themes_and_collaboration_types_say_why(seeded):
    women_voters = m.CaseStudy.objects.get(number=6)
    tags = {
        t.collaboration_type.slug: t.matched_terms
        for t in women_voters.casestudycollaboration_set.all()
    }
    assert "election-support" in tags and tags["election-support"]
    water = m.CaseStudy.objects.get(number=23).casestudytheme_set.get(
        theme__slug="water-sanitation"
    )
    assert water.matched_terms


def test_web_page_profiles(seeded):
    mission_east = m.Organisation.objects.get(name="Mission East")
    # 000 line 23 pins "38.861034, 71.276093", the point web maps give for "Tajikistan" itself:
    # it says where the country is, not where Mission East is, so no location is stored.
    assert (mission_east.latitude, mission_east.longitude) == (None, None)
    assert {r.name for r in mission_east.regions_active.all()} == {"GBAO", "Khatlon", "Soghd"}
    assert "Tadsjikistan" not in mission_east.description  # Danish captions are not content
    assert {"disability", "water-sanitation", "disaster-risk-reduction"} <= set(
        mission_east.themes.values_list("slug", flat=True)
    )

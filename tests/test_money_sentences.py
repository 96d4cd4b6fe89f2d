"""Money sentences of organisations the entity table has never seen (issue 9, item 5).

Every paragraph here is written in the book's style with invented organisations: a party
named before or after its amount, in any of the book's phrasings, is a contribution of the
kind its name says (catalogue/data/kind_rules.toml); the one payer a paragraph names pays
its total; numbers in addresses are no money. tests/data/money_case.txt is a small book of
the same sentences, loaded to check that a new name becomes a new record of its kind.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from catalogue import models as m
from catalogue.core.vocabulary import Currency, PartyKind
from catalogue.importers.funding import extract_projects, named_funders, party_kind
from catalogue.importers.loader import load_catalogue
from catalogue.importers.parties import donor_kind, is_proper_name
from catalogue.importers.records import ProjectRecord
from catalogue.importers.sources import read_documents

DATA = Path(__file__).resolve().parent / "data"
COMMUNITY, DONOR, GOVERNMENT = PartyKind.COMMUNITY, PartyKind.DONOR, PartyKind.GOVERNMENT


def projects(text: str) -> tuple[ProjectRecord, ...]:
    return extract_projects(tuple(text.strip("\n").split("\n")), 1)


def figures(text: str) -> list[tuple]:
    """(total as printed, [(kind, party, amount as printed)], flags) per project."""
    return [
        (
            p.total.printed if p.total else None,
            [(c.party_kind, c.party, c.money.printed) for c in p.contributions],
            p.funding_flags(),
        )
        for p in projects(text)
    ]


# --- the kind of a party, by its name --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # donors: by what funders are called
        ("Fund for Rural Women", DONOR),
        ("Bright Future Foundation", DONOR),
        ("Mountain Villages Trust", DONOR),
        ("Embassy of Finland", DONOR),
        ("the Swiss Cooperation Office", DONOR),
        ("UNICEF", DONOR),
        ("Pamir Relief Mission", DONOR),
        ("Peace Corps", DONOR),
        ("Community Development Fund", DONOR),  # a name, not "the community"
        # a foreign government and its development department pay as donors
        ("the Government of Japan", DONOR),
        ("Department for International Development", DONOR),
        # a proper name no rule decides is an outside organisation paying
        ("Caritas Luxembourg", DONOR),
        # government: bodies of the state, and the state's own funds
        ("Khukumat of Nurobod rayon", GOVERNMENT),
        ("Jamoat Tugarak", GOVERNMENT),
        ("the district department of education", GOVERNMENT),
        ("Ministry of Water Resources", GOVERNMENT),
        ("Government of the Republic of Tajikistan", GOVERNMENT),
        ("the President's Fund", GOVERNMENT),
        ("State Fund for Roads", GOVERNMENT),
        ("National Social Investment Fund of Tajikistan (NSIFT)", GOVERNMENT),
        ("the state structure", GOVERNMENT),
        # community: the organisation and its people
        ("VO", COMMUNITY),
        ("members of the VO", COMMUNITY),
        ("villagers of kishlak Obi Safed", COMMUNITY),
        ("the village population", COMMUNITY),
        ("its own funds", COMMUNITY),
        # no party at all
        ("the sale of milk", None),
        ("each family", None),
        ("March", None),
    ],
)
def test_party_kind_by_name(name: str, kind: PartyKind | None) -> None:
    assert party_kind(name) is kind


@pytest.mark.parametrize(
    ("name", "proper"),
    [
        ("Jamoat Tugarak", True),
        ("Caritas Luxembourg", True),
        ("the local Khukumat", False),
        ("Jamoats", False),
        ("the VO", False),
        ("the donor", False),
    ],
)
def test_a_proper_name_names_someone(name: str, proper: bool) -> None:
    assert is_proper_name(name) is proper


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Embassy of Finland", "embassy"),
        ("UNICEF", "multilateral"),
        ("United Nations Volunteers", "multilateral"),
        ("Government of Japan", "bilateral"),
        ("Zarafshon Development Fund", "foundation"),
        ("Mountain Villages Trust", "foundation"),
        ("Pamir Relief Mission", "international_ngo"),
        ("Caritas Luxembourg", "other"),
    ],
)
def test_donor_kind_by_name(name: str, kind: str) -> None:
    assert donor_kind(name) == kind


# --- the party before or after the amount ----------------------------------------------------


def test_came_from_and_contribution_of_an_unknown_organisation() -> None:
    text = """
1. In 2005 the VO built a bridge over the river. The total cost of the bridge
was $2,500. $2,000 came from the Fund for Rural Women, and the contribution of
Bright Future Foundation was $500.
"""
    assert figures(text) == [
        (
            "$2,500",
            [
                (DONOR, "Fund for Rural Women", "$2,000"),
                (DONOR, "Bright Future Foundation", "$500"),
            ],
            [],
        )
    ]


@pytest.mark.parametrize(
    ("sentence", "kind", "party", "printed"),
    [
        # party after the amount
        ("$640 came from the Embassy of Finland.", DONOR, "Embassy of Finland", "$640"),
        ("$640 was given by the Embassy of Finland.", DONOR, "Embassy of Finland", "$640"),
        ("$75 was the contribution of the Jamoat Tugarak.", GOVERNMENT, "Jamoat Tugarak", "$75"),
        # party before the amount
        (
            "The contribution of the Zarafshon Development Fund was $1,200.",
            DONOR,
            "Zarafshon Development Fund",
            "$1,200",
        ),
        (
            "The Khukumat of Nurobod rayon allocated 3,000 Somoni for the roof.",
            GOVERNMENT,
            "Khukumat of Nurobod rayon",
            "3,000 Somoni",
        ),
        (
            "The Embassy of Finland provided a grant of $640 for the desks.",
            DONOR,
            "Embassy of Finland",
            "$640",
        ),
        ("Caritas Luxembourg gave $350 for the books.", DONOR, "Caritas Luxembourg", "$350"),
        (
            "Micro-credit for 25 families was given by the Mountain Villages Trust, for the "
            "sum of $3,000.",
            DONOR,
            "Mountain Villages Trust",
            "$3,000",
        ),
        (
            "The project was financed by the Pamir Relief Mission in the amount of $900.",
            DONOR,
            "Pamir Relief Mission",
            "$900",
        ),
        (
            "The Mountain Hope Trust allocated micro-credit to ten members of the VO in the "
            "sum of $1,000.",
            DONOR,
            "Mountain Hope Trust",
            "$1,000",
        ),
        (
            "The Ministry of Water Resources allocated $5,000 for the pipes.",
            GOVERNMENT,
            "Ministry of Water Resources",
            "$5,000",
        ),
        # state funds are government
        ("$600 came from the President's Fund.", GOVERNMENT, "President's Fund", "$600"),
        (
            "The contribution of the National Social Investment Fund of Tajikistan (NSIFT) "
            "was $20,000.",
            GOVERNMENT,
            "National Social Investment Fund of Tajikistan (NSIFT)",
            "$20,000",
        ),
        ("$400 came from its own funds.", COMMUNITY, "its own funds", "$400"),
        # more of the same kind
        (
            "In 2006 the VO received a grant of $1,500 from the Pamir Relief Mission.",
            DONOR,
            "Pamir Relief Mission",
            "$1,500",
        ),
        (
            "The school was repaired with the contribution of the Jamoat ($200).",
            GOVERNMENT,
            "Jamoat",
            "$200",
        ),
        ("The Jamoat's contribution was $200.", GOVERNMENT, "Jamoat", "$200"),
        ("Funding was provided by UNICEF in the amount of $3,000.", DONOR, "UNICEF", "$3,000"),
        (
            "Funds in the amount of $2,000 were allocated by the local Khukumat.",
            GOVERNMENT,
            "local Khukumat",
            "$2,000",
        ),
        ("Members of the VO contributed $150 in cash.", COMMUNITY, "Members of the VO", "$150"),
        ("Then the Sunrise Foundation allocated $300.", DONOR, "Sunrise Foundation", "$300"),
        (
            "The project was supported by the Rural Women Network with $800.",
            DONOR,
            "Rural Women Network",
            "$800",
        ),
    ],
)
def test_one_party_one_amount(sentence: str, kind: PartyKind, party: str, printed: str) -> None:
    ((total, parts, _flags),) = figures(sentence)
    assert (total, parts) == (None, [(kind, party, printed)])


def test_the_party_after_its_amount_with_by() -> None:
    text = (
        "The total sum of the project was $5,000, of which $3,000 was provided by the "
        "Zarafshon Development Fund and $2,000 by the VO."
    )
    assert figures(text) == [
        (
            "$5,000",
            [(DONOR, "Zarafshon Development Fund", "$3,000"), (COMMUNITY, "VO", "$2,000")],
            [],
        )
    ]


def test_two_payers_of_one_amount_are_not_split() -> None:
    # which of the two paid what is not said: the amount stays the project's total
    assert figures("The VO and the Sunrise Foundation spent $400 on seeds.") == [
        ("$400", [], ["total_without_breakdown"])
    ]


def test_an_amount_without_a_party_stays_a_total() -> None:
    assert figures("Milk was sold for $300 from the sale of cheese.") == [
        ("$300", [], ["total_without_breakdown"])
    ]


def test_dipecho_and_echo_are_two_funders() -> None:
    text = """
3. Goats were given to ten families. The total sum of the project was $1,100;
$600 came from the President's Fund, the contribution of DIPECHO was $300 and
$200 came from ECHO.
"""
    assert figures(text) == [
        (
            "$1,100",
            [
                (GOVERNMENT, "President's Fund", "$600"),
                (DONOR, "DIPECHO", "$300"),
                (DONOR, "ECHO", "$200"),
            ],
            [],
        )
    ]


# --- the one payer of a total ----------------------------------------------------------------


def test_the_one_payer_named_pays_the_total() -> None:
    # the book's "Microcredit was given ... for a total sum $435 ... Microcredit was given by X"
    given = """
1. Micro-credit was given to six needy women of the organization for the sum
of $300. The micro-credit was given by the Sunrise Foundation.
"""
    assert figures(given) == [("$300", [(DONOR, "Sunrise Foundation", "$300")], [])]
    # the book's "X allocated micro-credit ... The micro-credit distributed was $420."
    allocated = """
2. The Mountain Hope Trust allocated micro-credit for the development of
business to four members of the VO. The micro-credit distributed was $420.
"""
    assert figures(allocated) == [("$420", [(DONOR, "Mountain Hope Trust", "$420")], [])]
    financed = """
3. In 2006 the clinic of the village was repaired for the total sum of $900.
The project was financed by the Pamir Relief Mission.
"""
    assert figures(financed) == [("$900", [(DONOR, "Pamir Relief Mission", "$900")], [])]


def test_no_payer_is_guessed_among_several() -> None:
    two_payers = """
1. Micro-credit was given to six needy women for the sum of $300. The project was
financed by the Sunrise Foundation and the micro-credit was given by the Mountain Hope Trust.
"""
    assert figures(two_payers) == [("$300", [], ["total_without_breakdown"])]
    # goods are no payment of the total: "the Jamoat allocated land"
    land = """
1. The school was built for the total sum of $5,000. The Jamoat allocated land for
the school.
"""
    assert figures(land) == [("$5,000", [], ["total_without_breakdown"])]
    # two totals in one paragraph: which one the payer paid is not said
    grants = "- Use of agricultural grants for $300 and $200 financed by the Sunrise Foundation;"
    assert [f[1] for f in figures(grants)] == [[], []]


def test_printed_parts_are_not_replaced_by_the_payer() -> None:
    text = """
1. A water line was built. It was financed by the Sunrise Foundation. The total cost
was $1,000; $800 came from the donor and $200 was the contribution of the population.
"""
    assert figures(text) == [
        (
            "$1,000",
            [(DONOR, "Sunrise Foundation", "$800"), (COMMUNITY, "population", "$200")],
            [],
        )
    ]


# --- funders named without an amount --------------------------------------------------------


def test_named_funders_are_organisations_named_after_a_funding_cue() -> None:
    lines = (
        "In 2004 the association carried out the project with the financial support of the",
        "Zarafshon Development Fund. The training was sponsored by the Red Star",
        "Relief Society and funded by Caritas Luxembourg. The centre was equipped by the",
        "Embassy of Finland, with the support of Saida Karimova and of the local Khukumat.",
        "The design was financed by the Swedish donor SIDA.",  # the table's: find_donors
        "The roof was financed by the Finnish government.",  # no name: "Finnish" was cut
    )
    assert [(name, span.first_line, span.last_line) for name, span in named_funders(lines, 10)] == [
        ("Zarafshon Development Fund", 11, 11),
        ("Red Star Relief Society", 11, 12),  # wrapped across a line
        ("Caritas Luxembourg", 12, 12),  # a proper name after "funded by"
        # "with the support of" may name a person: Saida Karimova is none
        ("Embassy of Finland", 13, 13),
    ]


# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "Address: Vahdat, 7 Somoni street, village Anor",
        "Address: Khatlon Oblast, Somoni avenue 12, village Bodom",
        "Address: Kurgan-Tube, 25 Somoni str., office 4",
        "Address: Khujand, 3 Somoni Prospect",
    ],
)
def test_numbers_in_addresses_are_not_money(address: str) -> None:
    assert projects(address) == ()


def test_somoni_after_a_number_is_still_money_elsewhere() -> None:
    ((total, parts, _),) = figures("The Jamoat allocated 300 Somoni for the street lamps.")
    assert (total, parts) == (None, [(GOVERNMENT, "Jamoat", "300 Somoni")])
    assert figures("The project cost 7 Somoni.")[0][0] == "7 Somoni"
    assert figures("The project cost 7 Somoni. Street lamps were installed.")[0][0] == "7 Somoni"


# --- loaded ----------------------------------------------------------------------------------


@pytest.fixture
def money_book(db):
    load_catalogue(read_documents([DATA / "money_case.txt"]))


def test_unknown_donors_become_donor_records_of_their_kind(money_book) -> None:
    donors = {d.name: (str(d.kind), d.short_name) for d in m.Donor.objects.all()}
    assert donors["Fund for Rural Women"] == ("foundation", "")
    assert donors["Bright Future Foundation"] == ("foundation", "")
    assert donors["Embassy of Finland"] == ("embassy", "")
    assert donors["Pamir Relief Mission"] == ("international_ngo", "")
    assert donors["Sunrise Foundation"] == ("foundation", "")
    assert donors["Mountain Hope Trust"] == ("foundation", "")
    # the table's donors keep their records; DIPECHO is not folded into ECHO
    assert donors["DIPECHO"][0] == "multilateral"
    assert "European Commission Humanitarian Aid Office" in donors
    # state money is no donor's
    assert "President's Fund" not in donors
    # named as a funder without an amount ("with the assistance of the Zarafshon Development
    # Fund", line 41): a new donor the case study names
    zarafshon = m.Donor.objects.get(name="Zarafshon Development Fund")
    assert str(zarafshon.kind) == "foundation"
    link = m.CaseStudyDonor.objects.get(donor=zarafshon)
    assert (link.first_line, link.last_line, link.case_study.title) == (
        41,
        42,
        "A bridge over the river",
    )
    # each new donor is named by the case study it paid in, as a funder
    fund = m.Donor.objects.get(name="Fund for Rural Women")
    assert fund.contributions.get().amount == Decimal(2000)
    assert m.CaseStudyDonor.objects.filter(
        donor=fund, case_study__title__contains="bridge"
    ).exists()


def test_unknown_government_payers_are_named_bodies(money_book) -> None:
    khukumat = m.Contribution.objects.get(party_name="Khukumat of Nurobod rayon")
    assert khukumat.party_kind == "government"
    assert khukumat.organisation.name == "Khukumat of Nurobod rayon"
    assert khukumat.organisation.kind == m.OrganisationKind.GOVERNMENT
    fund = m.Contribution.objects.get(party_name="President's Fund")
    assert (fund.party_kind, fund.donor, fund.organisation.name) == (
        "government",
        None,
        "President's Fund",
    )


def test_new_records_load_again_unchanged(money_book) -> None:
    donors = set(m.Donor.objects.values_list("pk", "name"))
    again = load_catalogue(read_documents([DATA / "money_case.txt"]))
    assert not again.changed
    assert set(m.Donor.objects.values_list("pk", "name")) == donors


def test_loaded_splits_are_exact_and_unflagged(money_book) -> None:
    rows = []
    for project in m.Project.objects.order_by("first_line"):
        parts = [(c.party_kind, c.amount) for c in project.contributions.order_by("sequence")]
        rows.append((project.first_line, project.total_amount, parts))
        if project.total_amount is not None:
            assert sum(amount for _, amount in parts) == project.total_amount
    assert rows == [
        (
            44,
            Decimal(4000),
            [
                ("donor", Decimal(2000)),
                ("donor", Decimal(500)),
                ("government", Decimal(1000)),
                ("community", Decimal(500)),
            ],
        ),
        (48, None, [("donor", Decimal(640))]),
        (50, Decimal(900), [("donor", Decimal(900))]),
        (63, Decimal(300), [("donor", Decimal(300))]),
        (65, Decimal(420), [("donor", Decimal(420))]),
        (
            67,
            Decimal(1100),
            [("government", Decimal(600)), ("donor", Decimal(300)), ("donor", Decimal(200))],
        ),
    ]
    # "7 Somoni street" and "Somoni avenue 12" in the contact blocks are no projects
    assert not m.Project.objects.filter(total_currency=Currency.TJS).exists()

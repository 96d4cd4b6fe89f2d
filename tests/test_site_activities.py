"""The site on the sources in full (issue 9): activities with and without money, funders named
without an amount, project and organisation partners, milestones, donor roles, year filters.

Built with factories, not the seeds: each test makes the few records it reads.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import models as m
from catalogue.compare import build_comparison
from catalogue.selectors import charts as chart_selectors
from catalogue.selectors import records as selectors
from tests import factories

pytestmark = pytest.mark.django_db

BOOK = "\n".join(f"line {n}" for n in range(1, 41)) + "\n"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def government(name: str) -> m.Organisation:
    return factories.organisation(name=name, kind=m.OrganisationKind.GOVERNMENT)


def named_funder(project: m.Project, donor: m.Donor, **overrides) -> m.Contribution:
    """A funder the source names without an amount."""
    fields = {
        "project": project,
        "party_kind": m.PartyKind.DONOR,
        "party_name": donor.name,
        "donor": donor,
        "amount": None,
        "currency": "",
        "amount_printed": "",
        "amount_usd": None,
    }
    fields.update(overrides)
    return factories.contribution(**fields)


@pytest.fixture
def story():
    """A case study telling three activities: one with figures, one funded without an amount
    (computers given), one planned; partners at two levels; a second span for the second."""
    document = factories.source_document(text=BOOK)
    usaid = factories.donor(name="USAID", slug="usaid")
    osce = factories.donor(name="OSCE", slug="osce")
    factories.donor(name="Only Named Fund", slug="only-named")
    case_study = factories.case_study(
        title="Women's centre", source_document=document, first_line=1, last_line=40
    )
    m.CaseStudyDonor.objects.create(
        case_study=case_study, donor=osce, source_document=document, first_line=2, last_line=2
    )
    named = m.Donor.objects.get(slug="only-named")
    m.CaseStudyDonor.objects.create(
        case_study=case_study, donor=named, source_document=document, first_line=3, last_line=3
    )
    common = {"case_study": case_study, "source_document": document}
    bridge = factories.project(
        title="Bridge rebuilt",
        sequence=1,
        first_line=10,
        last_line=12,
        start_year=2004,
        end_year=2004,
        total_amount=Decimal("1200"),
        total_currency="USD",
        total_printed="$1200",
        total_usd=Decimal("1200"),
        **common,
    )
    factories.contribution(
        project=bridge,
        party_kind="donor",
        party_name="USAID",
        donor=usaid,
        amount=Decimal("1000"),
        amount_printed="$1000",
        amount_usd=Decimal("1000"),
        source_document=document,
        first_line=11,
        last_line=11,
    )
    factories.contribution(
        project=bridge,
        amount=Decimal("200"),
        amount_printed="$200",
        amount_usd=Decimal("200"),
        source_document=document,
        first_line=12,
        last_line=12,
    )
    training = factories.project(
        title="Legal literacy courses",
        sequence=2,
        first_line=14,
        last_line=16,
        start_year=2005,
        end_year=2007,
        also_cited=[[30, 31]],
        **common,
    )
    named_funder(
        training,
        osce,
        in_kind="computers",
        source_document=document,
        first_line=15,
        last_line=15,
    )
    factories.project(
        title="A second centre",
        sequence=3,
        first_line=20,
        last_line=21,
        status=m.ActivityStatus.PLANNED,
        **common,
    )
    committee = government("Rayon Committee on Women and Family Affairs")
    m.ProjectPartner.objects.create(
        project=training,
        government_body=committee,
        level=m.PartnerLevel.DISTRICT,
        source_document=document,
        first_line=16,
        last_line=16,
    )
    makhalla = government("Makhalla Committee Navruz")
    m.ProjectPartner.objects.create(
        project=training, government_body=makhalla, level=m.PartnerLevel.MAKHALLA
    )
    return {
        "document": document,
        "case_study": case_study,
        "bridge": bridge,
        "training": training,
        "usaid": usaid,
        "osce": osce,
        "named": named,
        "committee": committee,
    }


# --- amounts not stated: shown, never summed ------------------------------------------------


def test_funder_without_amount_shows_amount_not_stated_and_the_goods(client, story):
    content = page(client, story["training"].get_absolute_url())
    assert "amount not stated" in content
    assert "in kind: computers" in content
    assert "normal for an activity told without money" in content
    assert "None" not in content.split("<main", 1)[-1].split("Cite this record")[0]


def test_funder_without_amount_never_counts_in_sums(story):
    summary = selectors.donor_funding(story["osce"])
    assert summary.total_usd == 0 and summary.included == 0
    assert summary.excluded == 0  # not a missing figure
    assert summary.not_stated == 1
    assert "" not in summary.by_currency
    whole = selectors.catalogue_funding()
    assert whole.total_usd == Decimal("1200") and whole.not_stated == 1
    coverage = chart_selectors.coverage()
    assert (coverage.stated, coverage.with_usd, coverage.without_usd) == (2, 2, 0)
    assert coverage.not_stated == 1
    assert [title for title, _url, _mix in chart_selectors.mix_by_project()] == ["Bridge rebuilt"]
    assert [d.name for d in chart_selectors.donor_figures()] == ["USAID"]


def test_donor_page_funding_says_named_without_amount_apart(client, story):
    content = page(client, story["osce"].get_absolute_url())
    assert "1 funder named without an amount" in content
    assert "left out for lack of an exchange rate" not in content


def test_compare_counts_named_funders_apart_from_missing_figures(story):
    comparison = build_comparison("donors", ["osce", "usaid"])
    funding = next(row for row in comparison.rows if row.key == "funding")
    osce, usaid = (cell.text for cell in funding.cells)
    assert osce == "— (1 named without an amount)"
    assert "left out" not in osce
    assert usaid == "1,000.00 USD (1 contributions)"


def test_donor_list_and_its_exports_say_amount_not_stated(client, story):
    content = page(client, reverse("catalogue:donor_list"))
    assert "1 amount not stated" in content
    assert "1 funder is named without an amount" in content
    assert "contributions without an amount in USD are left out" not in content
    rows = client.get(reverse("catalogue:donor_list"), {"format": "json"}).json()["rows"]
    osce = next(row for row in rows if row["name"] == "OSCE")
    assert osce["contributions"] == 1 and osce["contributions_amount_not_stated"] == 1
    assert osce["contributed_usd"] == ""


def test_named_funder_is_not_a_funding_figure_for_the_filters(client, story):
    response = client.get(reverse("catalogue:project_list"), {"has_funding": "yes"})
    titles = {p.title for p in response.context["page"]}
    assert "Bridge rebuilt" in titles and "Legal literacy courses" not in titles
    response = client.get(reverse("catalogue:donor_list"), {"has_funding": "no"})
    assert "OSCE" in {d.name for d in response.context["page"]}


def test_completeness_does_not_take_a_named_funder_for_a_cost(story):
    from catalogue import quality

    training = selectors.project_detail().get(pk=story["training"].pk)
    checks = {check.label: check.met for check in quality.project_completeness(training)}
    assert checks["cost known"] is False and checks["split known"] is False
    assert training.funding_flags() == []


# --- case-study page: the activities in order ------------------------------------------------


def test_case_study_lists_activities_in_order_with_years_funders_partners(client, story):
    content = page(client, story["case_study"].get_absolute_url())
    table = content.split('<table class="activities', 1)[1].split("</table>", 1)[0]
    positions = [
        table.index(t) for t in ("Bridge rebuilt", "Legal literacy courses", "A second centre")
    ]
    assert positions == sorted(positions)
    assert "2005–2007" in table and ">2004<" in table.replace("\n", "")
    assert '<span class="badge planned">planned</span>' in table
    assert "USAID</a>: $1000 (USD)" in table
    assert "OSCE</a>: " in table and "amount not stated" in table
    assert "Rayon Committee on Women and Family Affairs</a>" in table
    assert (
        'Rayon Committee on Women and Family Affairs</a> <span class="kind">(District or city)'
        in table
    )
    assert "Makhalla Committee Navruz</a>" in table
    document = story["document"]
    assert f"/sources/{document.slug}/?lines=14-16#L14-L16" in table
    assert "?lines=30-31#L30-L31" in table  # the second telling of the courses
    assert "?lines=16-16#L16-L16" in table  # the line citing the partnership


def test_case_study_funding_tables_only_for_activities_with_figures(client, story):
    content = page(client, story["case_study"].get_absolute_url())
    assert "Funding of Bridge rebuilt" in content
    assert "Funding of Legal literacy courses" not in content
    assert "Funding of A second centre" not in content


# --- project page ---------------------------------------------------------------------------


def test_project_page_status_years_partners_and_second_span(client, story):
    content = page(client, story["training"].get_absolute_url())
    assert "<dd>Carried out</dd>" in content
    assert "2005–2007" in content
    assert "Rayon Committee on Women and Family Affairs</a>" in content
    assert "line 16<" in content
    assert "Also told at lines" in content and "?lines=30-31#L30-L31" in content
    planned = m.Project.objects.get(title="A second centre")
    content = page(client, planned.get_absolute_url())
    assert '<span class="badge planned">planned</span>' in content
    assert "not printed" in content  # no years invented


def test_source_page_anchors_the_second_span(client, story):
    content = page(client, story["document"].get_absolute_url())
    assert 'id="L30-L31"' in content


# --- donor page: funded vs named only -------------------------------------------------------


def test_donor_page_separates_funded_from_named_only(client, story):
    content = page(client, story["osce"].get_absolute_url())
    funded = content.split('id="funded"', 1)[1].split('id="named"', 1)[0]
    assert "Legal literacy courses" in funded and "amount not stated" in funded
    named = content.split('id="named"', 1)[1].split("</section>", 1)[0]
    assert "Women&#x27;s centre" not in named and "None." in named

    content = page(client, story["named"].get_absolute_url())
    funded = content.split('id="funded"', 1)[1].split('id="named"', 1)[0]
    assert "No contribution is recorded." in funded
    named = content.split('id="named"', 1)[1].split("</section>", 1)[0]
    assert "Women&#x27;s centre" in named and "#L3-L3" in named


def test_donor_and_organisation_link_each_other(client):
    icrc = factories.organisation(name="International Committee of the Red Cross")
    donor = factories.donor(name="ICRC as donor", slug="icrc", organisation=icrc)
    content = page(client, donor.get_absolute_url())
    assert "Also in the catalogue as an organisation:" in content
    assert f'href="{icrc.get_absolute_url()}"' in content
    content = page(client, icrc.get_absolute_url())
    assert "Also in the catalogue as a donor:" in content
    assert f'href="{donor.get_absolute_url()}"' in content
    plain = factories.donor(name="No organisation")
    assert "Also in the catalogue as an organisation" not in page(client, plain.get_absolute_url())


# --- organisation page ----------------------------------------------------------------------


@pytest.fixture
def web_organisation():
    document = factories.source_document(text=BOOK, kind=m.DocumentKind.WEB_PAGE)
    org = factories.organisation(
        name="Mission Test", source_document=document, first_line=1, last_line=9
    )
    later = m.Milestone.objects.create(
        organisation=org,
        sequence=1,
        text="Headquarters agreement signed",
        date_year=2003,
        date_month=6,
        date_day=14,
        source_document=document,
        first_line=7,
        last_line=7,
    )
    earlier = m.Milestone.objects.create(
        organisation=org,
        sequence=2,
        text="Started work in Tajikistan",
        date_year=1997,
        date_month=6,
        source_document=document,
        first_line=3,
        last_line=3,
    )
    ministry = government("Ministry of Health")
    red_crescent = factories.organisation(name="Red Crescent Test")
    m.OrganisationPartner.objects.create(
        organisation=org,
        partner=ministry,
        level=m.PartnerLevel.NATIONAL,
        source_document=document,
        first_line=5,
        last_line=5,
    )
    m.OrganisationPartner.objects.create(organisation=org, partner=red_crescent, level="")
    programme = factories.project(
        title="MoveAbility support",
        organisation=org,
        source_document=document,
        first_line=6,
        last_line=6,
    )
    m.ProjectPartner.objects.create(
        project=programme, government_body=ministry, level=m.PartnerLevel.NATIONAL
    )
    return {
        "org": org,
        "ministry": ministry,
        "later": later,
        "earlier": earlier,
        "programme": programme,
    }


def test_organisation_page_milestones_partners_and_web_projects(client, web_organisation):
    org = web_organisation["org"]
    content = page(client, org.get_absolute_url())
    milestones = content.split('id="milestones"', 1)[1].split("</section>", 1)[0]
    assert milestones.index("1997-06") < milestones.index("2003-06-14")
    assert "Started work in Tajikistan" in milestones and "#L3-L3" in milestones
    partners = content.split('id="organisation-partners"', 1)[1].split("</section>", 1)[0]
    assert "Ministry of Health</a> (National)" in partners and "#L5-L5" in partners
    assert "Red Crescent Test</a>" in partners and "Red Crescent Test</a> (" not in partners
    assert "Programmes its web pages describe" in content and "MoveAbility support" in content
    ministry = page(client, web_organisation["ministry"].get_absolute_url())
    assert "Named as a partner by" in ministry and "Mission Test" in ministry
    assert "Took part in" in ministry and "MoveAbility support" in ministry


# --- data quality ---------------------------------------------------------------------------


def test_data_quality_counts_activities_without_figures_as_normal(client, story):
    content = page(client, reverse("catalogue:data_quality"))
    assert "2 of 3 activities have no money figure" in content
    assert "1 of them names who paid, without an amount" in content
    assert "This is normal, not a defect" in content
    assert "Legal literacy courses" not in content and "A second centre" not in content


# --- projects list: status facet, year active -----------------------------------------------


def test_status_facet_and_planned_badge(client, story):
    response = client.get(reverse("catalogue:project_list"), {"status": "planned"})
    assert [p.title for p in response.context["page"]] == ["A second centre"]
    content = response.content.decode()
    assert '<span class="badge planned">planned</span>' in content
    facet = next(f for f in response.context["facets"] if f.name == "status")
    assert {(o.value, o.count) for o in facet.options} == {("carried_out", 2), ("planned", 1)}


@pytest.mark.parametrize(
    "year, expected",
    [
        ("2004", {"Bridge rebuilt"}),
        ("2006", {"Legal literacy courses"}),  # 2005–2007 covers 2006
        ("2007", {"Legal literacy courses"}),
        ("2008", set()),
    ],
)
def test_active_in_year_covers_the_printed_range(client, story, year, expected):
    factories.project(title="Only a first year", start_year=2010)
    factories.project(title="Only a last year", end_year=2012)
    response = client.get(reverse("catalogue:project_list"), {"active_in": year})
    assert {p.title for p in response.context["page"]} == expected


def test_active_in_year_with_one_printed_year(client):
    factories.project(title="Only a first year", start_year=2010)
    factories.project(title="Only a last year", end_year=2012)
    factories.project(title="Undated")
    for year, expected in (("2010", {"Only a first year"}), ("2012", {"Only a last year"})):
        response = client.get(reverse("catalogue:project_list"), {"active_in": year})
        assert {p.title for p in response.context["page"]} == expected


@pytest.mark.parametrize(
    "query",
    [
        "active_in=abc",
        "active_in=99999999999999999999999",
        "active_in=-3",
        "active_in=2005.5",
        "status=finished",
        "status=planned&status=planned&status=x",
        "active_in=",
    ],
)
def test_garbage_year_or_status_is_a_form_error_not_a_500(client, story, query):
    response = client.get(reverse("catalogue:project_list") + "?" + query)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 200 and query != "active_in=":
        assert 'role="alert"' in response.content.decode()


# --- query counts stay flat ------------------------------------------------------------------


def grow(story, n: int, start: int = 0) -> None:
    """``n`` more activities on the same case study, each with a named funder, a funder with
    an amount and a government partner; and ``n`` milestones and partners on its organisation."""
    case_study = story["case_study"]
    document = story["document"]
    org = case_study.organisation
    for i in range(start, start + n):
        project = factories.project(
            case_study=case_study,
            sequence=10 + i,
            source_document=document,
            first_line=1,
            last_line=2,
            also_cited=[[3, 4]],
        )
        named_funder(project, story["osce"])
        factories.contribution(project=project, party_kind="donor", donor=story["usaid"])
        m.ProjectPartner.objects.create(
            project=project, government_body=government(f"Jamoat {i}"), level="jamoat"
        )
        m.Milestone.objects.create(organisation=org, sequence=100 + i, text=f"Fact {i}")
        m.OrganisationPartner.objects.create(organisation=org, partner=government(f"Body {i}"))
        other = factories.case_study()
        m.CaseStudyDonor.objects.create(case_study=other, donor=story["osce"])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        page(client, url)
    return len(context.captured_queries)


def test_record_page_queries_do_not_grow_with_activities(client, story):
    urls = [
        story["case_study"].get_absolute_url(),
        story["case_study"].organisation.get_absolute_url(),
        story["osce"].get_absolute_url(),
        story["usaid"].get_absolute_url(),
        story["training"].get_absolute_url(),
        reverse("catalogue:data_quality"),
        reverse("catalogue:project_list") + "?status=carried_out&active_in=2005",
    ]
    grow(story, 1)  # one flagged project first: a data-quality page with none reads less
    before = [count_queries(client, url) for url in urls]
    grow(story, 6, start=1)
    after = [count_queries(client, url) for url in urls]
    assert after == before


def test_case_study_marks_each_named_donor_funder_or_named_only(client, story):
    content = page(client, story["case_study"].get_absolute_url())
    donors = content.split('id="donors"', 1)[1].split("</section>", 1)[0]
    assert 'OSCE</a> <span class="kind">(funder)</span>' in donors  # without an amount
    assert 'Only Named Fund</a> <span class="kind">(named only)</span>' in donors

"""Charts: pure geometry, then the /charts/ page over the real seeds, then flat query counts."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import chart_geometry
from catalogue import models as m
from tests import factories

FIGURES = (
    "region-cases",
    "region-funding",
    "donor-funding",
    "donor-region",
    "case-study-mix",
    "project-mix",
    "founding-years",
)


# Pure geometry ---------------------------------------------------------------------------


def test_quantile_classes_keep_zero_apart_and_put_the_largest_in_the_darkest_class():
    values = [8, 2, 2, 8, 5]
    bounds = chart_geometry.quantile_bounds(values)
    assert bounds == [2, 5, 8]  # three distinct values: one class each
    assert [chart_geometry.shade_index(v, bounds) for v in values] == [4, 2, 2, 4, 3]
    assert chart_geometry.shade_index(0, bounds) == 0
    legend = chart_geometry.shade_legend([0, *values], bounds)
    assert [(c.index, c.low, c.high, c.count) for c in legend] == [
        (0, 0, 0, 1),
        (2, 2, 2, 2),
        (3, 5, 5, 1),
        (4, 8, 8, 2),
    ]


def test_quantile_classes_with_many_values():
    values = list(range(1, 21))
    bounds = chart_geometry.quantile_bounds(values, classes=4)
    assert bounds == [5, 10, 15, 20]
    assert {chart_geometry.shade_index(v, bounds) for v in values} == {1, 2, 3, 4}
    assert chart_geometry.shade_index(5, bounds) == 1 and chart_geometry.shade_index(6, bounds) == 2


def test_mix_chart_bars_fill_the_width_in_party_order_and_skip_records_without_usd():
    chart = chart_geometry.mix_chart(
        [
            ("A project", "/p/a/", {"donor": Decimal(300), "community": Decimal(100)}),
            ("Nothing in USD", "/p/b/", {}),
        ]
    )
    (row,) = chart.rows
    assert [s.party_kind for s in row.segments] == ["community", "donor"]
    assert [s.percent for s in row.segments] == [Decimal("25.0"), Decimal("75.0")]
    assert row.segments[0].x == chart.bar_x
    assert sum(s.width for s in row.segments) == pytest.approx(chart.bar_width)
    assert row.by_party == [Decimal(100), Decimal(300), Decimal(0), Decimal(0)]  # + not attributed


def test_bar_chart_scales_to_the_largest_value():
    chart = chart_geometry.bar_chart(
        [("a", "/a/", 50, 1), ("b", "/b/", 100, 2), ("c", "/c/", 0, 0)]
    )
    a, b, c = chart.bars
    assert a.width == pytest.approx(b.width / 2)
    assert c.width == 0 and c.value == 0


def test_year_columns_keep_every_year_but_collapse_long_empty_runs():
    chart = chart_geometry.year_columns({1927: 1, 1998: 2, 2000: 4})
    labels = [c.label for c in chart.columns]
    assert labels == ["1927", "1928–1997", "1998", "1999", "2000"]
    assert [c.count for c in chart.columns] == [1, 0, 2, 0, 4]
    assert chart.columns[1].is_gap
    tallest = chart.columns[-1]
    assert tallest.y + tallest.height == pytest.approx(chart.baseline)
    assert chart.columns[2].height == pytest.approx(tallest.height / 2)


def test_long_labels_are_shortened_for_the_chart_only():
    label = chart_geometry.shorten("x" * 80)
    assert len(label) == chart_geometry.LABEL_CHARS and label.endswith("…")


# The page over the real seeds -------------------------------------------------------------


def figure(content: str, figure_id: str) -> str:
    match = re.search(
        rf'<figure class="chart-figure" id="{figure_id}">(.*?)</figure>', content, re.S
    )
    assert match, figure_id
    return match.group(1)


@pytest.fixture
def charts_page(client, seeded):
    response = client.get(reverse("catalogue:charts"))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_every_chart_is_an_accessible_svg_with_a_table(charts_page):
    content = charts_page.content.decode()
    for figure_id in FIGURES:
        body = figure(content, figure_id)
        assert f'id="{figure_id}-caption"' in body
        assert re.search(
            rf'<svg class="chart[^"]*"[^>]* role="img" aria-labelledby="{figure_id}-caption"', body
        )
        assert "<table>" in body and '<th scope="row">' in body
    for figure_id in ("region-funding", "donor-funding", "donor-region", "project-mix"):
        assert 'href="/exchange-rates/"' in figure(content, figure_id)
        assert "USD-normalised" in figure(content, figure_id)
    assert "style=" not in content  # colours via classes: a strict CSP can allow the page


@pytest.mark.django_db
def test_case_studies_per_region(charts_page):
    bars = charts_page.context["region_cases"].bars
    assert [(b.title, b.value) for b in bars] == [
        ("Dushanbe", 8),
        ("RRS", 2),
        ("Soghd", 2),
        ("Khatlon", 8),
        ("GBAO", 5),
    ]
    body = figure(charts_page.content.decode(), "region-cases")
    assert '<a href="/regions/khatlon/">Khatlon</a></th><td class="num">8</td>' in body
    assert "All 25 case studies" in body


@pytest.mark.django_db
def test_funding_by_region_and_donor_match_the_contributions(charts_page):
    # Independently: walk every contribution in Python.
    by_region: dict[str, Decimal] = {}
    by_donor: dict[str, Decimal] = {}
    contributions = m.Contribution.objects.filter(amount_usd__isnull=False)
    for c in contributions.select_related("donor", "project__case_study__region"):
        region = c.project.case_study.region.slug
        by_region[region] = by_region.get(region, Decimal(0)) + c.amount_usd
        if c.donor:
            by_donor[c.donor.slug] = by_donor.get(c.donor.slug, Decimal(0)) + c.amount_usd
    bars = {b.url: b.value for b in charts_page.context["region_funding"].bars}
    assert bars["/regions/khatlon/"] == by_region["khatlon"]
    assert bars["/regions/gbao/"] == by_region["gbao"]
    assert bars["/regions/dushanbe/"] == 0
    donors = {b.url.split("/")[-2]: b.value for b in charts_page.context["donor_funding"].bars}
    assert donors == by_donor
    body = figure(charts_page.content.decode(), "region-funding")
    assert "Includes 46 contributions" in body  # tests/test_grand_totals.py


@pytest.mark.django_db
def test_donor_region_matrix_cell(charts_page):
    cida = m.Donor.objects.get(short_name="CIDA")
    expected = sum(
        c.amount_usd
        for c in m.Contribution.objects.select_related("project__case_study__region")
        if c.donor_id == cida.pk and c.project.case_study.region.slug == "khatlon"
    )
    assert expected == Decimal("50941")
    matrix = charts_page.context["matrix"]
    columns = [url for _, url, _ in matrix.columns]
    row = next(r for r in matrix.rows if r.url == cida.get_absolute_url())
    assert row.cells[columns.index("/regions/khatlon/")].value == expected
    assert row.cells[columns.index("/regions/gbao/")].value == 0
    assert row.cells[columns.index("/regions/khatlon/")].shade > 0
    assert row.cells[columns.index("/regions/gbao/")].shade == 0
    body = figure(charts_page.content.decode(), "donor-region")
    # Columns: Dushanbe, RRS, Soghd, Khatlon, GBAO, then the row total.
    assert (
        f'<a href="{cida.get_absolute_url()}">{cida}</a></th>'
        '<td class="num">–</td><td class="num">–</td><td class="num">–</td>'
        '<td class="num">50,941</td><td class="num">–</td><td class="num">50,941</td>'
    ) in body


@pytest.mark.django_db
def test_funding_mix_per_project_and_case_study(charts_page):
    project_rows = charts_page.context["project_mix"].rows
    with_usd = m.Project.objects.filter(contributions__amount_usd__isnull=False).distinct()
    # 24 before the MSDSP micro-credits (2045, 2212) had their payer: 33 projects less the 7
    # "total without breakdown" (2145, 2318, 2320, 2325, 2334, 2384 twice)
    assert len(project_rows) == with_usd.count() == 26
    project = m.Project.objects.printing_amounts().filter(case_study__number=13).first()
    row = next(r for r in project_rows if r.url == project.get_absolute_url())
    parts = list(project.contributions.all())
    assert row.total_usd == sum(c.amount_usd for c in parts)
    assert row.amount("community") == sum(
        c.amount_usd for c in parts if c.party_kind == "community"
    )
    case_rows = charts_page.context["case_study_mix"].rows
    assert len(case_rows) == 11
    content = charts_page.content.decode()
    # of every project (the book's activities + 4 web programmes), 26 have a funding mix (24
    # before the MSDSP micro-credits of lines 2045 and 2212 had their payer)
    assert f"26 of {m.Project.objects.count():,} projects" in figure(content, "project-mix")
    assert "11 of 25 case studies" in figure(content, "case-study-mix")


@pytest.mark.django_db
def test_case_studies_by_founding_year(charts_page):
    years = charts_page.context["years"]
    expected: dict[int, int] = {}
    for case_study in m.CaseStudy.objects.select_related("organisation"):
        year = case_study.organisation.founded_year
        if year is not None:
            expected[year] = expected.get(year, 0) + 1
    assert years.by_year == expected
    # 21 of the 25 case studies date their founding (tests/test_book.py BOOK_DATES, read off
    # the book): Legal Education Centre, Marifat, Women of the East and Obi Ravshan do not.
    assert years.included == 21 and years.without_year == 4
    body = figure(charts_page.content.decode(), "founding-years")
    assert "Includes 21 case studies" in body and "leaves out 4" in body
    assert '<th scope="row">2004</th><td class="num">4</td>' in body


# Query counts ---------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def add_funded_case_study(region: m.Region, projects: int) -> None:
    donor = factories.donor()
    case_study = factories.case_study(
        region=region, organisation=factories.organisation(founded_year=2000 + projects)
    )
    for _ in range(projects):
        project = factories.project(case_study=case_study)
        factories.contribution(project=project, party_kind="donor", donor=donor)
        factories.contribution(project=project)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["charts", "map"])
def test_query_counts_do_not_grow_with_the_data(client, name):
    # Runs on an empty database: tests using the seeds run after all others (conftest).
    khatlon = factories.region(name="Region K", slug="region-k", latitude=37.8, longitude=68.8)
    gbao = factories.region(name="Region G", slug="region-g")
    add_funded_case_study(khatlon, 1)
    url = reverse(f"catalogue:{name}")
    few = queries_for(client, url)
    for n in range(5):
        add_funded_case_study(gbao if n % 2 else khatlon, 3)
        factories.region(
            name=f"Town {n}",
            slug=f"test-town-{n}",
            kind="city",
            parent=gbao,
            latitude=37,
            longitude=72,
        )
    assert queries_for(client, url) == few


@pytest.mark.django_db
def test_the_funding_mix_charts_show_what_stated_totals_leave_to_no_party(charts_page):
    # Sovetobod's school: $270 from the Jamoat of a stated $60,870 (60,600 left to no party);
    # its case study has no other project with figures
    school = m.Project.objects.get(total_amount=Decimal("60870"))
    rows = {r.url: r for r in charts_page.context["project_mix"].rows}
    row = rows[school.get_absolute_url()]
    assert [(s.party_kind, s.percent) for s in row.segments] == [
        ("government", Decimal("0.4")),
        ("not_attributed", Decimal("99.6")),
    ]
    cases = {r.url: r for r in charts_page.context["case_study_mix"].rows}
    assert cases[school.case_study.get_absolute_url()].amount("not_attributed") == Decimal(
        "60600.00"
    )

"""List filters: the place hierarchy, OR within a facet and AND across, facet counts, bad input."""

from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import models as m
from catalogue.filters import CaseStudyFilterSet, ProjectFilterSet
from tests import factories

pytestmark = pytest.mark.django_db


def params(query: str) -> QueryDict:
    return QueryDict(query)


def titles(filterset) -> set[str]:
    return {str(record) for record in filterset.qs}


def test_a_region_includes_its_districts_jamoats_and_villages(places):
    in_village = factories.case_study(title="In the village")
    in_village.places.add(places["village"])
    factories.case_study(title="In the district", district=places["district"])
    factories.case_study(title="In GBAO", region=places["gbao"])
    assert titles(CaseStudyFilterSet(params("region=khatlon"), m.CaseStudy.objects.all())) == {
        "In the village",
        "In the district",
    }
    # A region page's slug works for any level of the hierarchy.
    assert titles(CaseStudyFilterSet(params("region=jamoat"), m.CaseStudy.objects.all())) == {
        "In the village"
    }


def test_values_of_one_filter_combine_with_or_and_filters_with_and(places):
    water = factories.theme(slug="water")
    one = factories.case_study(title="Khatlon water", region=places["khatlon"])
    m.CaseStudyTheme.objects.create(case_study=one, theme=water)
    factories.case_study(title="Khatlon dry", region=places["khatlon"])
    two = factories.case_study(title="GBAO water", region=places["gbao"])
    m.CaseStudyTheme.objects.create(case_study=two, theme=water)
    qs = m.CaseStudy.objects.all()
    assert titles(CaseStudyFilterSet(params("region=khatlon&region=gbao"), qs)) == {
        "Khatlon water",
        "Khatlon dry",
        "GBAO water",
    }
    assert titles(CaseStudyFilterSet(params("region=khatlon&theme=water"), qs)) == {"Khatlon water"}


def test_to_many_filters_never_repeat_a_record(places):
    case_study = factories.case_study(region=places["khatlon"])
    for _ in range(3):
        factories.contribution(project=factories.project(case_study=case_study))
    filterset = CaseStudyFilterSet(params("party=community"), m.CaseStudy.objects.all())
    assert filterset.qs.count() == 1


def test_facet_counts_respect_the_other_filters_but_not_their_own(places):
    water = factories.theme(slug="water", name="Water")
    for region, themed in [("khatlon", True), ("khatlon", False), ("gbao", True)]:
        case_study = factories.case_study(region=places[region])
        if themed:
            m.CaseStudyTheme.objects.create(case_study=case_study, theme=water)
    filterset = CaseStudyFilterSet(params("region=khatlon&theme=water"), m.CaseStudy.objects.all())
    facets = {facet.name: facet for facet in filterset.facets()}
    regions = {option.value: option for option in facets["region"].options}
    # Counts for regions ignore the region filter but respect the theme filter.
    assert regions["khatlon"].count == 1 and regions["khatlon"].checked
    assert regions["gbao"].count == 1 and not regions["gbao"].checked
    themes = {option.value: option.count for option in facets["theme"].options}
    assert themes["water"] == 1  # in Khatlon only


def test_facets_take_one_query_each_however_many_options(places):
    def facet_queries() -> int:
        filterset = CaseStudyFilterSet(params("region=khatlon"), m.CaseStudy.objects.all())
        filterset.cleaned  # validation queries are not the facets'  # noqa: B018
        with CaptureQueriesContext(connection) as context:
            filterset.facets()
        return len(context.captured_queries)

    factories.case_study(region=places["khatlon"])
    few = facet_queries()
    for n in range(10):
        theme = factories.theme()
        donor = factories.donor()
        case_study = factories.case_study(region=places["gbao"] if n % 2 else places["khatlon"])
        m.CaseStudyTheme.objects.create(case_study=case_study, theme=theme)
        m.CaseStudyDonor.objects.create(case_study=case_study, donor=donor)
    assert facet_queries() == few
    facets = CaseStudyFilterSet(params(""), m.CaseStudy.objects.all()).facets()
    # Model facets list their options (one query) and group (one query); choice facets group.
    model_facets = sum(1 for facet in facets if facet.name in ("theme", "collaboration", "donor"))
    assert few == len(facets) + model_facets


def test_amount_range_uses_the_sum_of_the_projects_stated_totals_in_usd():
    rich = factories.case_study(title="Rich")
    factories.project(case_study=rich, total_usd=Decimal("600"))
    factories.project(case_study=rich, total_usd=Decimal("600"))
    poor = factories.case_study(title="Poor")
    factories.project(case_study=poor, total_usd=Decimal("100"))
    factories.case_study(title="None")
    qs = m.CaseStudy.objects.all()
    assert titles(CaseStudyFilterSet(params("min_usd=1000"), qs)) == {"Rich"}
    assert titles(CaseStudyFilterSet(params("max_usd=500"), qs)) == {"Poor"}


def test_has_funding_figures():
    funded = factories.project(title="Funded", total_amount=Decimal("5"), total_currency="USD")
    parts_only = factories.project(title="Parts only")
    factories.contribution(project=parts_only)
    factories.project(title="Bare")
    qs = m.Project.objects.all()
    mine = {"Funded", "Parts only", "Bare"}  # the contribution factory adds a spare project
    assert titles(ProjectFilterSet(params("has_funding=yes"), qs)) & mine == {
        "Funded",
        "Parts only",
    }
    assert titles(ProjectFilterSet(params("has_funding=no"), qs)) & mine == {"Bare"}
    assert funded.total_amount == Decimal("5")


def test_year_ranges_overlap():
    factories.project(title="2003-2006", start_year=2003, end_year=2006)
    factories.project(title="2009", start_year=2009, end_year=2009)
    factories.project(title="Undated")
    qs = m.Project.objects.all()
    assert titles(ProjectFilterSet(params("year_from=2005&year_to=2008"), qs)) == {"2003-2006"}
    assert titles(ProjectFilterSet(params("year_from=2007"), qs)) == {"2009"}


@pytest.mark.parametrize(
    "query, message",
    [
        ("min_usd=abc", "Enter a number."),
        ("min_usd=1e400", "Ensure that there are no more than"),
        ("max_usd=NaN", "Enter a number."),
        ("min_usd=-5", "greater than or equal to 0"),
        ("region=no-such-place", "Select a valid choice."),
        ("min_usd=500&max_usd=100", "The lower bound is larger than the upper bound."),
        ("year_from=2008&year_to=2001", "The lower bound is larger than the upper bound."),
        ("year_from=20000000000000000000", "Ensure this value is less than or equal to 2100"),
        ("has_funding=maybe", "Select a valid choice."),
        ("currency=EUR", "Select a valid choice."),
        ("q=" + "x" * 300, "at most 200 characters"),
        ("&".join(f"region=r{n}" for n in range(60)), "Choose at most 50 values."),
    ],
)
@pytest.mark.parametrize(
    "name", ["casestudy_list", "organisation_list", "project_list", "donor_list"]
)
def test_invalid_values_give_the_form_error_and_a_200(client, places, name, query, message):
    factories.case_study(title="Still listed", region=places["khatlon"])
    response = client.get(reverse(f"catalogue:{name}") + "?" + query)
    assert response.status_code == 200
    content = response.content.decode()
    form = response.context["result"].form
    if query.split("=")[0] in form.fields:
        assert 'role="alert"' in content
        assert message.replace("'", "&#x27;") in content


def test_an_invalid_filter_is_left_out_and_the_others_still_apply(client, places):
    factories.case_study(title="Khatlon one", region=places["khatlon"])
    factories.case_study(title="GBAO one", region=places["gbao"])
    response = client.get(reverse("catalogue:casestudy_list"), {"region": "gbao", "min_usd": "x"})
    content = response.content.decode()
    assert "GBAO one" in content and "Khatlon one" not in content


def test_repeated_values_redirect_to_the_short_url(client, places):
    factories.case_study(region=places["gbao"])
    url = reverse("catalogue:casestudy_list") + "?" + "&".join(["region=gbao"] * 500)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:casestudy_list") + "?region=gbao"
    assert client.get(response["Location"]).status_code == 200


def test_active_filters_are_removable_one_by_one(client, places):
    factories.case_study(region=places["gbao"])
    response = client.get(
        reverse("catalogue:casestudy_list"),
        {"region": ["khatlon", "gbao"], "q": "water", "sort": "title", "page": "2"},
    )
    active = {(a.legend, a.label): a.remove_url for a in response.context["active_filters"]}
    assert active[("Region", "Khatlon")] == "?region=gbao&q=water&sort=title"
    assert active[("Region", "GBAO")] == "?region=khatlon&q=water&sort=title"
    assert active[("Search", "water")] == "?region=khatlon&region=gbao&sort=title"
    content = response.content.decode()
    assert 'href="?region=gbao&amp;q=water&amp;sort=title"' in content
    assert "Remove filter Region: Khatlon" in content


def test_the_form_is_labelled_and_grouped(client, places):
    content = client.get(reverse("catalogue:project_list")).content.decode()
    assert "<fieldset" in content and "<legend>Region</legend>" in content
    assert '<label for="id_q">' in content and '<label for="id_min_usd">' in content
    assert 'method="get"' in content and "<script" not in content

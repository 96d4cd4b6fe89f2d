"""List pages: flat query counts with filters, sorting whitelist, pagination that keeps state."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = ["casestudy_list", "organisation_list", "project_list", "donor_list"]


def queries_for(client, url: str, data: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def add_records(khatlon: m.Region, theme: m.Theme, n: int) -> None:
    for _ in range(n):
        donor = factories.donor(kind=m.DonorKind.FOUNDATION)
        case_study = factories.case_study(region=khatlon)
        m.CaseStudyTheme.objects.create(case_study=case_study, theme=theme)
        m.CaseStudyDonor.objects.create(case_study=case_study, donor=donor)
        m.OrganisationTheme.objects.create(organisation=case_study.organisation, theme=theme)
        project = factories.project(case_study=case_study, total_usd=Decimal("10"))
        project.places.add(khatlon)
        project.themes.add(theme)
        factories.contribution(project=project, party_kind="donor", donor=donor)
        factories.partnership(case_study=case_study)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"region": "khatlon", "theme": "water", "min_usd": "1", "has_funding": "yes"},
        {"q": "case project organisation donor", "sort": "-usd"},
        {"region": "khatlon", "format": "csv"},
        {"theme": "water", "format": "json"},
    ],
)
def test_query_counts_do_not_grow_with_the_data(client, name, data):
    khatlon = factories.region(name="Khatlon", slug="khatlon")
    water = factories.theme(slug="water")
    add_records(khatlon, water, 1)
    url = reverse(f"catalogue:{name}")
    few = queries_for(client, url, data)
    add_records(khatlon, water, 12)
    assert queries_for(client, url, data) == few


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("sort", ["bogus", "-", "--name", "pk", "__class__", "usd", "-usd"])
def test_unknown_sorts_are_ignored(client, name, sort):
    factories.case_study()
    assert client.get(reverse(f"catalogue:{name}"), {"sort": sort}).status_code == 200


def test_sorting_by_usd_puts_missing_figures_last_and_ties_by_pk(client):
    big = factories.project(title="Big", total_usd=Decimal("900"))
    small = factories.project(title="Small", total_usd=Decimal("5"))
    none = factories.project(title="None")
    tie = factories.project(title="Tie", total_usd=Decimal("5"))
    url = reverse("catalogue:project_list")
    up = list(client.get(url, {"sort": "usd"}).context["page"])
    assert up == [small, tie, big, none]
    down = list(client.get(url, {"sort": "-usd"}).context["page"])
    assert down == [big, small, tie, none]


def test_sort_links_keep_the_filters_and_drop_the_page(client):
    factories.case_study()
    content = client.get(
        reverse("catalogue:casestudy_list"), {"region": "khatlon", "page": "1", "sort": "title"}
    ).content.decode()
    assert 'href="?region=khatlon&amp;sort=-title"' in content
    assert 'aria-sort="ascending"' in content


def test_pagination_keeps_the_filters(client):
    khatlon = factories.region(name="Khatlon", slug="khatlon")
    for _ in range(55):
        factories.case_study(region=khatlon)
    url = reverse("catalogue:casestudy_list")
    response = client.get(url, {"region": "khatlon", "sort": "-title"})
    assert len(response.context["page"]) == 50
    content = response.content.decode()
    assert 'href="?region=khatlon&amp;sort=-title&amp;page=2"' in content
    second = client.get(url, {"region": "khatlon", "sort": "-title", "page": "2"})
    assert len(second.context["page"]) == 5


@pytest.mark.parametrize(
    "page, expected", [("abc", 1), ("0", 2), ("-1", 2), ("999", 2), ("9" * 40, 2)]
)
def test_garbage_or_out_of_range_pages_give_the_first_or_last_page(client, page, expected):
    for _ in range(51):
        factories.donor()
    response = client.get(reverse("catalogue:donor_list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == expected


def test_usd_figures_say_what_they_include_and_leave_out(client):
    case_study = factories.case_study()
    factories.project(case_study=case_study, total_usd=Decimal("1000"))
    factories.project(case_study=case_study)
    content = client.get(reverse("catalogue:casestudy_list")).content.decode()
    assert "$1,000" in content
    assert "from 1 projects with a stated total" in content
    assert "1 project without a stated total is left out." in content
    assert "1 of 2 projects" in content
    assert "normalised" in content

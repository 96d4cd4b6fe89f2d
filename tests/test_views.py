"""The public pages: every page renders, unknown slugs 404, query counts stay flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def add_case_study_with_funding(region: m.Region, n: int) -> m.CaseStudy:
    document = m.SourceDocument.objects.first() or factories.source_document()
    donor = factories.donor()
    case_study = factories.case_study(
        region=region, source_document=document, first_line=1, last_line=2
    )
    for _ in range(n):
        project = factories.project(case_study=case_study)
        factories.contribution(
            project=project, party_kind="donor", party_name=str(donor), donor=donor
        )
        factories.contribution(project=project)
    m.CaseStudyDonor.objects.create(case_study=case_study, donor=donor)
    factories.partnership(case_study=case_study)
    return case_study


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "casestudy_list",
        "organisation_list",
        "project_list",
        "donor_list",
        "region_list",
        "source_list",
    ],
)
def test_list_query_counts_do_not_grow_with_the_data(client, name):
    region = factories.region(name="Khatlon", slug="khatlon")
    add_case_study_with_funding(region, 1)
    url = reverse(f"catalogue:{name}")
    few = queries_for(client, url)
    for _ in range(6):
        add_case_study_with_funding(region, 3)
    assert queries_for(client, url) == few


def test_detail_query_counts_do_not_grow_with_the_data(client):
    region = factories.region(name="Khatlon", slug="khatlon")
    small = add_case_study_with_funding(region, 1)
    large = add_case_study_with_funding(region, 8)
    for record_small, record_large in [
        (small, large),
        (small.organisation, large.organisation),
        (small.projects.first(), large.projects.first()),
    ]:
        assert queries_for(client, record_small.get_absolute_url()) == queries_for(
            client, record_large.get_absolute_url()
        )
    donor_small = small.donors.first()
    donor_large = large.donors.first()
    assert queries_for(client, donor_small.get_absolute_url()) == queries_for(
        client, donor_large.get_absolute_url()
    )


def test_unknown_slug_is_a_404(client):
    for name in (
        "casestudy_detail",
        "organisation_detail",
        "project_detail",
        "donor_detail",
        "region_detail",
        "source_detail",
    ):
        response = client.get(reverse(f"catalogue:{name}", kwargs={"slug": "no-such-thing"}))
        assert response.status_code == 404


def test_source_page_numbers_and_highlights_the_cited_lines(client):
    document = factories.source_document(slug="book", text="alpha\nbeta $905\ngamma\n")
    response = client.get(
        reverse("catalogue:source_detail", kwargs={"slug": "book"}), {"lines": "2-2"}
    )
    content = response.content.decode()
    assert '<li id="L2" class="highlight">' in content
    assert 'id="L2-L2"' in content
    assert '<li id="L1">' in content and "beta $905" in content
    assert document.line_count == 3


@pytest.mark.parametrize("garbage", ["abc", "5-2", "1-2-3", "9" * 50, ""])
def test_garbage_line_ranges_are_ignored(client, garbage):
    factories.source_document(slug="book")
    response = client.get(
        reverse("catalogue:source_detail", kwargs={"slug": "book"}), {"lines": garbage}
    )
    assert response.status_code == 200
    assert 'class="highlight"' not in response.content.decode()


def test_case_study_page_shows_funding_and_source(client):
    region = factories.region(name="Khatlon", slug="khatlon")
    case_study = add_case_study_with_funding(region, 2)
    content = client.get(case_study.get_absolute_url()).content.decode()
    assert "Activities" in content and "Funding figures" in content
    assert "$100" in content
    assert case_study.source_url().replace("&", "&amp;") in content

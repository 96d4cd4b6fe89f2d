"""Record and site pages over the real seeds: what a visitor reads, and that it is honest."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import models as m

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_counts_and_funding_split(client, seeded):
    content = page(client, reverse("catalogue:home"))
    assert "25 case studies" in content
    # every activity of the book (scored against the hand annotation in test_annotation) + 4
    # programmes the web pages describe (ICRC page 002 lines 12, 16 and 24: MEI, MoveAbility,
    # emergency preparedness; IOM page 001 line 14: EOC)
    web = m.Project.objects.filter(case_study__isnull=True).count()
    assert web == 4
    assert f"{m.Project.objects.count():,} projects" in content
    assert "Documented funding" in content
    for label in ("Community", "Donor", "Government"):
        assert label in content
    assert "Includes 46 contributions with a USD amount" in content  # test_grand_totals.py
    assert "never added across currencies" in content
    for region in ("Dushanbe", "RRS", "Soghd", "Khatlon", "GBAO"):
        assert f">{region}</a>" in content
    assert content.count('<a href="/regions/gbao/"') >= 2  # table row and map area


def test_home_funding_total_is_the_books_figures(client, seeded):
    from catalogue.selectors.records import funding_summary

    # Worked out by hand from the book's lines: tests/test_grand_totals.py.
    summary = funding_summary(m.Contribution.objects.all())
    assert summary.by_party == {
        "community": Decimal("10899.37"),
        "donor": Decimal("100202.08"),
        "government": Decimal("725.00"),
    }
    assert summary.total_usd == Decimal("111826.45")
    assert summary.included == 46 and summary.excluded == 0
    assert summary.by_currency == {"USD": Decimal("110670"), "TJS": Decimal("3981")}


def test_case_study_page(client, seeded):
    case_study = m.CaseStudy.objects.get(number=13)
    content = page(client, case_study.get_absolute_url())
    assert "Internal roads and bridges reconstructed" in content
    assert "The parts do not add up to the stated total." in content
    assert "$9158" in content and "$8210" in content
    assert '<svg viewBox="0 0 100 6"' in content  # proportional bar
    assert "Community 9.9%" in content  # $905 of the $9115 the parts add up to
    assert "cost known" in content and "source cited" in content
    assert "Cite this record" in content
    assert "lines 1935–1999" in content
    assert "Donors named" in content and "Government partners" in content


def test_project_page_shows_conversion_with_rate(client, seeded):
    project = m.Project.objects.get(total_printed="25,126 Somoni")
    content = page(client, project.get_absolute_url())
    assert "somoni per dollar (2007 average)" in content
    assert "A total is stated, but not who paid it." in content
    assert "✗</span> split known" in content


def test_region_page_rolls_up_what_lies_below(client, seeded):
    khatlon = m.Region.objects.get(slug="khatlon")
    content = page(client, khatlon.get_absolute_url())
    assert "8 case studies" in content
    assert "VO Darai Muhtor" in content
    assert "Documented funding" in content
    khovaling = m.Region.objects.get(slug="khovaling")
    content = page(client, khovaling.get_absolute_url())
    assert "VO 8th of March" in content and "VO Pistamazor" not in content  # Pistamazor: Shuroobod


def test_donor_page_lists_projects_amounts_and_regions(client, seeded):
    cida = m.Donor.objects.get(short_name="CIDA")
    content = page(client, cida.get_absolute_url())
    assert "$47,000" in content and "$740" in content
    assert ">Khatlon</a>" in content
    assert "Includes 5 contributions with a USD amount" in content  # 740, 391, 1790, 1020, 47000


def test_organisation_page_lists_partners_and_donors(client, seeded):
    vichkut = m.Organisation.objects.get(name="VO Vichkut")
    content = page(client, vichkut.get_absolute_url())
    assert "Hukumat of Ishkashim district" in content
    assert "Swedish International Development Cooperation Agency" in content or "SIDA" in content


def test_data_quality_page_lists_every_flagged_project(client, seeded):
    content = page(client, reverse("catalogue:data_quality"))
    flagged = [p for p in m.Project.objects.with_funding() if p.funding_flags()]
    # 20 before the MSDSP micro-credits (2045, 2212) had their payer: 7 totals without
    # breakdown, 6 parts that do not add up, 4 parts without a total, 1 mixed currencies
    assert len(flagged) == 18
    total = m.Project.objects.count()
    assert f"18 of {total:,} projects have figures that need care." in content
    for project in flagged:
        assert project.source_url().replace("&", "&amp;") in content


def test_source_page_anchors_every_cited_span(client, seeded):
    contribution = m.Contribution.objects.get(amount_printed="$8210")
    document = contribution.source_document
    content = page(client, document.get_absolute_url())
    assert f'id="L{contribution.first_line}-L{contribution.last_line}"' in content
    case_study = m.CaseStudy.objects.get(number=13)
    assert f'id="L{case_study.first_line}-L{case_study.last_line}"' in content
    assert 'class="cited"' in content


def test_site_404_page(client, seeded, settings):
    settings.DEBUG = False
    response = client.get("/case-studies/no-such-case/")
    assert response.status_code == 404
    assert "There is no page at this address." in response.content.decode()


@pytest.mark.parametrize("name", ["home", "data_quality", "region_list", "about"])
def test_site_pages_have_a_bounded_number_of_queries(client, seeded, name):
    with CaptureQueriesContext(connection) as context:
        page(client, reverse(f"catalogue:{name}"))
    # (14: the home page's funding adds one query for what the stated totals leave unpaid, and
    # one more says when its sources were published)
    assert len(context.captured_queries) <= 14, [q["sql"][:80] for q in context.captured_queries]


def test_record_pages_have_a_bounded_number_of_queries(client, seeded):
    pages = [
        m.CaseStudy.objects.get(number=8).get_absolute_url(),
        m.Region.objects.get(slug="khatlon").get_absolute_url(),
        m.Donor.objects.get(short_name="MSDSP").get_absolute_url(),
        m.Organisation.objects.get(name="Red Crescent Society of Tajikistan").get_absolute_url(),
        m.SourceDocument.objects.get(kind="book").get_absolute_url(),
    ]
    for url in pages:
        with CaptureQueriesContext(connection) as context:
            page(client, url)
        assert len(context.captured_queries) <= 25, (url, len(context.captured_queries))


def test_every_detail_page_offers_a_citation(client, seeded):
    records = [
        m.CaseStudy.objects.first(),
        m.Project.objects.first(),
        m.Organisation.objects.first(),
        m.Donor.objects.first(),
        m.Region.objects.get(slug="gbao"),
        m.Theme.objects.first(),
        m.CollaborationType.objects.first(),
        m.SourceDocument.objects.first(),
    ]
    for record in records:
        content = page(client, record.get_absolute_url())
        assert "Cite this record" in content, record
        assert f"http://testserver{record.get_absolute_url()}" in content, record
        assert "(retrieved " in content


def test_home_search_goes_to_the_search_page(client, seeded):
    content = page(client, reverse("catalogue:home"))
    assert f'action="{reverse("catalogue:search")}"' in content


def test_organisations_by_government_partner_level_are_the_csos(client, seeded):
    content = page(client, "/organisations/?partner_level=jamoat")
    assert 'href="/organisations/vo-vichkut/"' in content  # partnered with Jamoat Ptup
    assert 'href="/organisations/jamoat-ptup/"' not in content  # the jamoat itself is no CSO


def test_vocabulary_list_explains_every_tag_with_counts(client, seeded):
    content = page(client, reverse("catalogue:vocabulary_list"))
    from django.utils.html import escape

    for theme in m.Theme.objects.all():
        assert escape(theme.name) in content
    water = m.Theme.objects.get(slug="water-sanitation")
    count = m.CaseStudy.objects.filter(themes=water).count()
    assert f'?theme=water-sanitation">{count}</a>' in content
    assert "Election support" in content
    with CaptureQueriesContext(connection) as context:
        page(client, reverse("catalogue:vocabulary_list"))
    assert len(context.captured_queries) <= 4


def test_a_region_page_caps_its_lists_and_links_to_the_filtered_list(client, seeded):
    from catalogue.views.records import REGION_LIST_LIMIT

    dushanbe = m.Region.objects.get(slug="dushanbe")
    html = page(client, dushanbe.get_absolute_url())
    projects = html.split("<h2>Projects</h2>", 1)[1].split("</section>", 1)[0]
    assert projects.count("<li>") == REGION_LIST_LIMIT
    assert f'href="/projects/?region={dushanbe.slug}"' in projects
    from catalogue.selectors.records import region_contents

    total = region_contents(dushanbe).projects.count()
    assert total > REGION_LIST_LIMIT
    assert f"{total} projects here" in html  # the count is of all of them

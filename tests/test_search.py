"""Full-text search: on every list (q) and across lists (/search/), ranked and highlighted."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from catalogue import models as m
from catalogue import search
from catalogue.selectors import lists
from tests import factories

pytestmark = pytest.mark.django_db


def test_case_studies_match_titles_and_narratives():
    factories.case_study(title="Clean water for Andarob")
    factories.case_study(title="A school", background="The village had no clean water at all.")
    factories.case_study(title="Roads", summary="Nothing about it.")
    result = lists.case_study_list(params=QueryDict("q=water"))
    assert [cs.title for cs in result.rows] == ["Clean water for Andarob", "A school"]
    assert result.sort == "relevance"


def test_every_word_must_match():
    factories.case_study(title="Water school", summary="Pupils.")
    factories.case_study(title="Water", summary="Pumps.")
    result = lists.case_study_list(params=QueryDict("q=water+school"))
    assert [cs.title for cs in result.rows] == ["Water school"]


def test_organisations_match_aliases_and_descriptions_projects_descriptions():
    factories.organisation(name="Association of Teenagers", aliases=["PA Aurora"])
    factories.organisation(name="Other", description="Runs a greenhouse programme.")
    factories.project(title="Greenhouse", description="Winter vegetables.")
    factories.project(title="Bridge", description="A bridge over the greenhouse stream.")
    assert [o.name for o in lists.organisation_list(params=QueryDict("q=aurora")).rows] == [
        "Association of Teenagers"
    ]
    assert [o.name for o in lists.organisation_list(params=QueryDict("q=greenhouse")).rows] == [
        "Other"
    ]
    projects = [p.title for p in lists.project_list(params=QueryDict("q=greenhouse")).rows]
    assert projects == ["Greenhouse", "Bridge"]  # the title ranks above the description


def test_search_combines_with_filters_and_a_chosen_sort():
    khatlon = factories.region(name="Khatlon", slug="khatlon")
    factories.case_study(title="Water B", region=khatlon)
    factories.case_study(title="Water A", region=khatlon)
    factories.case_study(title="Water elsewhere")
    result = lists.case_study_list(params=QueryDict("q=water&region=khatlon&sort=title"))
    assert [cs.title for cs in result.rows] == ["Water A", "Water B"]


def test_matches_are_highlighted_and_html_is_escaped(client):
    factories.case_study(
        title="<b>Water</b> & wells", summary="<script>alert(1)</script> clean water here"
    )
    content = client.get(reverse("catalogue:casestudy_list"), {"q": "water"}).content.decode()
    assert "&lt;b&gt;<mark>Water</mark>&lt;/b&gt; &amp; wells" in content
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; clean <mark>water</mark> here" in content


def test_snippet_escapes_every_piece_and_marks_only_the_words():
    text = "<i>one</i> two " + "filler " * 80 + "Water & <mark>"
    out = search.snippet(text, ["water"], width=60)
    assert out.startswith("…")
    assert "<mark>Water</mark> &amp; &lt;mark&gt;" in out
    assert "<i>" not in out
    assert search.highlight("a<b", []) == "a&lt;b"


def test_query_words_ignore_operators_and_punctuation():
    assert search.terms('"clean water" OR -schools!') == ["clean", "water", "schools"]
    assert search.terms("   ") == []


def test_the_search_page_covers_case_studies_organisations_and_projects(client):
    org = factories.organisation(name="Irrigation Union")
    factories.case_study(title="Irrigation canals", organisation=org)
    factories.project(title="Drip irrigation", organisation=org)
    response = client.get(reverse("catalogue:search"), {"q": "irrigation"})
    content = response.content.decode()
    assert response.status_code == 200
    sections = {s.key: s.total for s in response.context["sections"]}
    assert sections == {"case_studies": 1, "organisations": 1, "projects": 1}
    assert "<mark>Irrigation</mark> canals" in content
    assert reverse("catalogue:casestudy_list") + "?q=irrigation" in content


@pytest.mark.parametrize("q", ["", "   ", '"', "-", "<script>", "x" * 500, "!!! ???"])
def test_odd_queries_never_fail(client, q):
    factories.case_study(title="Something")
    assert client.get(reverse("catalogue:search"), {"q": q}).status_code == 200
    assert client.get(reverse("catalogue:casestudy_list"), {"q": q}).status_code == 200


def test_an_empty_query_lists_everything():
    factories.case_study()
    factories.case_study()
    assert lists.case_study_list(params=QueryDict("q=")).rows.count() == 2
    assert m.CaseStudy.objects.count() == 2

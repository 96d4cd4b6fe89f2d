"""Bad input never produces a server error: every public page × hostile query strings."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GARBAGE = [
    "page=-1",
    "page=999999999999999999999",
    "sort=%00",
    "sort=-",
    "q=" + "x" * 5000,
    "q=%27%3B+DROP+TABLE+catalogue_project%3B--",
    "q=%E2%80%AE%F0%9F%92%A7",
    "region=../../etc/passwd",
    "region=" + "&region=".join(["gbao"] * 300),
    "min_usd=1e999&max_usd=-5",
    "min_usd=NaN&year_from=abc&year_to=99999",
    "format=xml",
    "format=csv&page=abc",
    "shade=<script>",
    "s=" + "&s=".join(["x"] * 100),
    "lines=99999999-1",
    "lines=1-99999999",
    "theme=%FF%FE",
    "has_funding=maybe&currency=EUR&party=bank",
]


def public_urls(seeded_records) -> list[str]:
    case_study, region, document = seeded_records
    return [
        reverse("catalogue:home"),
        reverse("catalogue:casestudy_list"),
        reverse("catalogue:organisation_list"),
        reverse("catalogue:project_list"),
        reverse("catalogue:donor_list"),
        reverse("catalogue:region_list"),
        reverse("catalogue:search"),
        reverse("catalogue:vocabulary_list"),
        reverse("catalogue:data_quality"),
        reverse("catalogue:source_list"),
        reverse("catalogue:exchange_rates"),
        reverse("catalogue:charts"),
        reverse("catalogue:map"),
        reverse("catalogue:compare", kwargs={"kind": "case-studies"}),
        reverse("catalogue:compare", kwargs={"kind": "regions"}),
        case_study.get_absolute_url(),
        region.get_absolute_url(),
        document.get_absolute_url(),
    ]


@pytest.fixture
def records(seeded):
    from catalogue import models as m

    return (
        m.CaseStudy.objects.get(number=13),
        m.Region.objects.get(slug="khatlon"),
        m.SourceDocument.objects.get(kind="book"),
    )


@pytest.mark.parametrize("query", GARBAGE)
def test_no_page_answers_a_garbage_query_with_a_server_error(client, records, query):
    for url in public_urls(records):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, query, response.status_code)


NUL_REQUESTS = [
    ("get", "catalogue:compare", {"kind": "case-studies"}, {"s": "\x00"}),
    ("get", "catalogue:casestudy_list", {}, {"q": "a\x00b"}),
    ("get", "catalogue:search", {}, {"q\x01": "x"}),
    ("post", "catalogue:compare_add", {}, {"kind": "case-studies", "slug": "\x00"}),
    ("post", "catalogue:compare_remove", {}, {"kind": "case-studies", "slug": "x\x1f"}),
]


@pytest.mark.parametrize(("method", "name", "kwargs", "data"), NUL_REQUESTS)
def test_a_nul_or_control_character_anywhere_is_a_400_page(client, method, name, kwargs, data):
    response = getattr(client, method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_nul_in_the_path_is_a_400(client):
    assert client.get("/case-studies/a%00b/").status_code == 400


def test_tabs_and_new_lines_in_form_values_are_allowed(client):
    response = client.get(reverse("catalogue:search"), {"q": "water\tsupply\r\n"})
    assert response.status_code == 200

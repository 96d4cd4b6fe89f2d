"""Whole-page caching (catalogue/cache.py): served from the cache, never stale after an edit."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.cache import CSRF_INPUT, page_key, version
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.HAMKORI_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue():
    return factories.one_of_everything()


def without_token(content: bytes) -> bytes:
    return CSRF_INPUT.sub(rb"\1\2", content)


def page_key_of(url: str) -> str:
    return page_key(RequestFactory().get(url))


def get(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries.captured_queries)


def test_a_second_visit_makes_no_query(client, page_cache, catalogue):
    url = catalogue["donor"].get_absolute_url()
    first, queries = get(client, url)
    again, cached_queries = get(client, url)
    assert queries > 0
    assert cached_queries == 0
    # The same page, but for the CSRF token, masked afresh for every response.
    assert without_token(again.content) == without_token(first.content)
    assert again["Content-Type"] == first["Content-Type"]


def test_off_by_default_without_redis(client, catalogue):
    url = catalogue["donor"].get_absolute_url()
    _response, queries = get(client, url)
    assert get(client, url)[1] == queries


def test_an_admin_edit_shows_at_once(
    client, admin_client, page_cache, catalogue, django_capture_on_commit_callbacks
):
    donor = catalogue["donor"]
    url = donor.get_absolute_url()
    get(client, url)
    get(client, reverse("catalogue:donor_list"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:catalogue_donor_change", args=[donor.pk]),
            {
                "name": "Renamed By Staff",
                "slug": donor.slug,
                "short_name": "",
                "kind": donor.kind,
                "country": "Canada",
                "aliases": "[]",
            },
        )
    assert response.status_code == 302, response.content[:2000]
    assert b"Renamed By Staff" in get(client, url)[0].content
    assert b"Renamed By Staff" in get(client, reverse("catalogue:donor_list"))[0].content


def test_a_many_to_many_change_shows_at_once(
    client, page_cache, catalogue, django_capture_on_commit_callbacks
):
    case_study = catalogue["case_study"]
    theme = factories.theme(name="Beekeeping and honey")
    url = case_study.get_absolute_url()
    assert b"Beekeeping and honey" not in get(client, url)[0].content
    with django_capture_on_commit_callbacks(execute=True):
        case_study.themes.add(theme)
    assert b"Beekeeping and honey" in get(client, url)[0].content


def test_an_uncommitted_write_does_not_change_the_version(page_cache, catalogue):
    before = version()
    catalogue["donor"].save()  # inside the test's transaction: not committed yet
    assert version() == before


def test_a_cached_page_carries_the_visitors_own_csrf_token(page_cache, catalogue):
    url = catalogue["case_study"].get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first.get(url)
    second = Client(enforce_csrf_checks=True)
    response, queries = get(second, url)
    assert queries == 0
    token = response.content.split(b'name="csrfmiddlewaretoken" value="')[1].split(b'"')[0]
    added = second.post(
        reverse("catalogue:compare_add"),
        {
            "kind": "case-studies",
            "slug": catalogue["case_study"].slug,
            "next": url,
            "csrfmiddlewaretoken": token.decode(),
        },
    )
    assert added.status_code == 302


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, page_cache, catalogue):
    case_study = catalogue["case_study"]
    url = case_study.get_absolute_url()
    get(Client(), url)
    client.post(reverse("catalogue:compare_add"), {"kind": "case-studies", "slug": case_study.slug})
    response, queries = get(client, url)
    assert queries > 0
    assert b"compare-tray" in response.content


def test_a_streamed_export_is_kept_once_sent_in_full(client, page_cache, catalogue):
    url = reverse("catalogue:project_list") + "?format=csv"
    with CaptureQueriesContext(connection) as queries:
        streamed = client.get(url)
        body = b"".join(streamed.streaming_content)
    assert len(queries.captured_queries) > 0
    again, cached_queries = get(client, url)
    assert cached_queries == 0
    assert again.content == body
    for header in ("Content-Type", "Content-Disposition", "X-Export-Total", "X-Export-Capped"):
        assert again[header] == streamed[header]


def test_a_redirect_is_not_cached(client, page_cache, catalogue):
    url = reverse("catalogue:project_list") + "?region=khatlon&region=khatlon"
    assert client.get(url).status_code == 302
    assert client.get(url).status_code == 302
    assert cache.get(page_key_of(url)) is None

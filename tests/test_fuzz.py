"""Property-based: random query strings and form posts never make any public page answer 5xx.

Every named URL of the catalogue is requested (a test fails if one is added and not listed
here), with real slugs from the seeds, under query strings built from the parameters the pages
read plus random keys, each value random text (NUL, other control characters, lone surrogates,
invalid UTF-8), huge or repeated. Each answer must be below 500, and each page's number of
queries must stay under a bound that does not grow with the input.
"""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import models as m
from catalogue.urls import urlpatterns

pytestmark = pytest.mark.django_db

MAX_QUERIES = 40  # the heaviest page (a case study) makes about 20; input must not add any

# The parameters each group of pages reads; random keys are added to them.
PARAMETERS = {
    "lists": [
        "q", "page", "sort", "format", "region", "theme", "collaboration", "kind",
        "organisation_kind", "donor", "partner_level", "party", "currency", "year_from",
        "year_to", "min_usd", "max_usd", "has_funding",
    ],
    "search and pages": ["q", "page", "sort", "shade", "format"],
    "details": ["lines", "page", "sort"],
    "compare": ["s", "format"],
    "compare forms": ["kind", "slug", "next"],
}  # fmt: skip

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def encoded(text: str) -> str:
    """Percent-encoded as a browser would, lone surrogates passed as their (invalid) bytes."""
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


values = st.one_of(
    st.text(max_size=40),  # any code point, NUL and lone surrogates included
    st.text(max_size=8).map(lambda text: text + "\x00"),  # PostgreSQL's DataError, before
    st.sampled_from(["csv", "json", "-1", "0", "1e999", "NaN", "1-99999999", "=1+1", "vo-sino"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["x" * 20_000, "9" * 5_000, "..%2F" * 1_000]),
)


def query_items(group: str):
    keys = st.one_of(st.sampled_from(PARAMETERS[group]), st.text(max_size=10))
    pairs = st.lists(st.tuples(keys, values), max_size=12)
    repeated = st.tuples(st.sampled_from(PARAMETERS[group]), values, st.integers(1, 300))
    return st.tuples(pairs, repeated)


def query_string(items: list[tuple[str, str]], repeat: tuple[str, str, int]) -> str:
    key, value, times = repeat
    items = [*items, *[(key, value)] * times]
    return "&".join(f"{encoded(k)}={encoded(v)}" for k, v in items)


@pytest.fixture
def urls(seeded) -> dict[str, list[str]]:
    """Every public page, grouped, with real slugs from the seeds."""
    case_study = m.CaseStudy.objects.get(number=13)
    organisation = m.Organisation.objects.order_by("pk").first()
    project = m.Project.objects.order_by("pk").first()
    donor = m.Donor.objects.order_by("pk").first()
    theme = m.Theme.objects.order_by("pk").first()
    collaboration = m.CollaborationType.objects.order_by("pk").first()
    document = m.SourceDocument.objects.get(kind="book")

    def url(name: str, slug: str | None = None, **kwargs) -> str:
        return reverse(f"catalogue:{name}", kwargs={"slug": slug} if slug else kwargs)

    groups = {
        "lists": [
            url(name)
            for name in ("casestudy_list", "organisation_list", "project_list", "donor_list")
        ],
        "search and pages": [
            url(name)
            for name in (
                "home",
                "search",
                "region_list",
                "vocabulary_list",
                "source_list",
                "exchange_rates",
                "about",
                "data_quality",
                "charts",
                "map",
            )
        ],  # fmt: skip
        "details": [
            url("casestudy_detail", case_study.slug),
            url("organisation_detail", organisation.slug),
            url("project_detail", project.slug),
            url("donor_detail", donor.slug),
            url("region_detail", "khatlon"),
            url("theme_detail", theme.slug),
            url("collaborationtype_detail", collaboration.slug),
            url("source_detail", document.slug),
        ],
        "compare": [url("compare", kind=kind) for kind in ("case-studies", "regions")],
        "compare forms": [url("compare_add"), url("compare_remove")],
    }
    return groups


def test_every_public_url_is_fuzzed(urls):
    fuzzed = {path.split("?")[0] for group in urls.values() for path in group}
    named = {pattern.name for pattern in urlpatterns}
    covered = {
        pattern.name
        for pattern in urlpatterns
        if any(pattern.pattern.match(path.lstrip("/")) for path in fuzzed)
    }
    assert covered == named


def assert_answers_cleanly(client: Client, method: str, path: str, **kwargs) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code < 500, (method, path, kwargs, response.status_code)
    assert len(queries) <= MAX_QUERIES, (method, path, len(queries))


@pytest.mark.parametrize("group", ["lists", "search and pages", "details", "compare"])
@FUZZ
@given(data=st.data())
def test_random_query_strings_never_give_a_server_error(urls, group, data):
    client = Client(raise_request_exception=False)
    path = data.draw(st.sampled_from(urls[group]))
    items, repeat = data.draw(query_items(group))
    assert_answers_cleanly(client, "get", f"{path}?{query_string(items, repeat)}")


@FUZZ
@given(data=st.data())
def test_random_form_posts_never_give_a_server_error(urls, data):
    client = Client(raise_request_exception=False)
    path = data.draw(st.sampled_from(urls["compare forms"]))
    slug = data.draw(st.one_of(st.sampled_from(["vo-sino", "khatlon"]), values))
    kind = data.draw(st.one_of(st.sampled_from(["case-studies", "regions"]), values))
    items, repeat = data.draw(query_items("compare forms"))
    body = query_string([("kind", kind), ("slug", slug), *items], repeat)
    assert_answers_cleanly(
        client, "post", path, data=body, content_type="application/x-www-form-urlencoded"
    )

"""The data-quality flags decided in SQL (``Project.objects.flagged``) are the core's rule
(``core.figures.funding_flags``) on every project, and /data-quality/ stays the same size and
makes as many queries however many projects are flagged."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import models as m
from catalogue.core.figures import FLAG_LABELS
from catalogue.views.pages import FLAGGED_PER_KIND
from tests import factories

pytestmark = pytest.mark.django_db

AMOUNTS = [None, Decimal("0"), Decimal("0.10"), Decimal("0.20"), Decimal("0.30"), Decimal("100"),
           Decimal("250.50"), Decimal("1218"), Decimal("1533"), Decimal("2751")]  # fmt: skip


def sql_flags() -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for code in FLAG_LABELS:
        for pk in m.Project.objects.flagged(code).values_list("pk", flat=True):
            found.setdefault(pk, set()).add(code)
    return found


def core_flags() -> dict[int, set[str]]:
    return {
        p.pk: set(flags) for p in m.Project.objects.with_funding() if (flags := p.funding_flags())
    }


def random_projects(n: int, seed: int) -> None:
    """Projects with every mix of totals, parts, currencies and funders without an amount,
    cents included (0.10 + 0.20 is exactly 0.30, which floats do not say)."""
    rng = random.Random(seed)
    for _ in range(n):
        total = rng.choice(AMOUNTS)
        currency = rng.choice(["USD", "TJS"])
        project = factories.project(
            total_amount=total,
            total_currency=currency if total is not None else "",
        )
        for position in range(rng.randint(0, 3)):
            amount = rng.choice(AMOUNTS)
            factories.contribution(
                project=project,
                sequence=position,
                amount=amount,
                currency=(rng.choice(["USD", "TJS", currency]) if amount is not None else ""),
                amount_usd=None,
            )


def test_sql_flags_are_the_core_rule_on_every_project():
    random_projects(300, seed=7)
    assert core_flags()  # the sample has flags of every kind ...
    assert {code for codes in core_flags().values() for code in codes} == set(FLAG_LABELS)
    assert sql_flags() == core_flags()  # ... and SQL finds exactly the same


def test_cents_that_add_up_are_no_gap():
    project = factories.project(total_amount=Decimal("0.30"), total_currency="USD")
    for position, amount in enumerate(["0.10", "0.20"]):
        factories.contribution(project=project, sequence=position, amount=Decimal(amount))
    assert not m.Project.objects.flagged().exists()


def test_sql_flags_on_the_seeds(seeded):
    assert sql_flags() == core_flags()
    assert len(core_flags()) == 18


def flagged_gap_project() -> m.Project:
    project = factories.project(total_amount=Decimal("3969"), total_currency="TJS")
    factories.contribution(project=project, sequence=1, amount=Decimal("1218"), currency="TJS")
    return project


def measure(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("catalogue:data_quality"))
    assert response.status_code == 200
    return len(context.captured_queries), len(response.content)


def test_the_data_quality_page_is_bounded(client):
    flagged_gap_project()
    queries, _size = measure(client)
    for _ in range(FLAGGED_PER_KIND + 10):
        flagged_gap_project()
    queries_more, size = measure(client)
    for _ in range(40):
        flagged_gap_project()
    queries_most, size_most = measure(client)
    assert queries == queries_more == queries_most
    assert size_most == size  # 20 listed either way; only the counts' digits are the same width
    html = client.get(reverse("catalogue:data_quality")).content.decode()
    section = html.split('id="parts_do_not_add_up"', 1)[1]
    assert section.count('<li><a href="/projects/') == FLAGGED_PER_KIND  # of 71
    assert "?kind=parts_do_not_add_up" in html


def test_one_kind_pages_through_all_its_projects(client):
    for _ in range(60):
        flagged_gap_project()
    url = reverse("catalogue:data_quality") + "?kind=parts_do_not_add_up"
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(url + "&page=2").content.decode()
    assert "Page 2 of 2" in second
    garbage = client.get(reverse("catalogue:data_quality") + "?kind=nonsense&page=x")
    assert garbage.status_code == 200

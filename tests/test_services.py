"""Staff corrections keep the USD amounts in step with the figures as edited."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalogue import models as m
from catalogue import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def somoni_project():
    return factories.somoni_project()


def test_refresh_recomputes_after_a_corrected_amount(somoni_project):
    project, contribution, rate = somoni_project
    contribution.amount = Decimal("1281")  # staff fix a typo against the book
    contribution.save()
    services.refresh_usd(project)
    contribution.refresh_from_db()
    assert contribution.amount_usd == Decimal("372.12")  # 1281 / 3.4424, half up
    assert contribution.exchange_rate == rate


def test_refresh_leaves_unchanged_rows_alone(somoni_project):
    project, contribution, _rate = somoni_project
    before = m.Contribution.history.count(), m.Project.history.count()
    services.refresh_usd(project)
    assert (m.Contribution.history.count(), m.Project.history.count()) == before


def test_no_rate_for_the_year_means_no_usd_amount(somoni_project):
    project, contribution, _rate = somoni_project
    project.start_year = 1950
    project.save()
    services.refresh_usd(project)
    contribution.refresh_from_db()
    project.refresh_from_db()
    assert contribution.amount_usd is None and project.total_usd is None


def test_dollars_are_their_own_usd_amount(somoni_project):
    project, contribution, _rate = somoni_project
    contribution.currency = "USD"
    contribution.amount = Decimal("440")
    contribution.save()
    services.refresh_usd(project)
    contribution.refresh_from_db()
    assert (contribution.amount_usd, contribution.exchange_rate) == (Decimal("440"), None)


def test_admin_edit_of_a_contribution_recomputes_its_usd(admin_client, somoni_project):
    project, contribution, _rate = somoni_project
    url = reverse("admin:catalogue_contribution_change", args=[contribution.pk])
    response = admin_client.post(
        url,
        {
            "project": project.pk,
            "sequence": contribution.sequence,
            "party_kind": "donor",
            "party_name": "MSDSP",
            "amount": "2000",
            "currency": "TJS",
            "amount_printed": "1218 Somoni",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    contribution.refresh_from_db()
    assert contribution.amount_usd == Decimal("580.99")  # 2000 / 3.4424
    assert contribution.history.first().history_user.is_superuser


def test_a_rate_correction_reads_rates_and_parts_once_however_many_projects():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project, _contribution, rate = factories.somoni_project()
    for _ in range(5):
        factories.contribution(
            project=factories.project(
                source_document=project.source_document,
                first_line=1,
                last_line=2,
                total_amount=Decimal("100"),
                total_currency="TJS",
                total_printed="100 Somoni",
            ),
            amount=Decimal("100"),
            currency="TJS",
            amount_printed="100 Somoni",
        )
    rate.units_per_usd = Decimal("4")
    rate.save()
    with CaptureQueriesContext(connection) as queries:
        assert services.refresh_usd_for_rate(rate) == 6
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "catalogue_exchangerate"' in sql for sql in reads) == 1
    assert sum('FROM "catalogue_contribution"' in sql for sql in reads) == 1
    project.refresh_from_db()
    assert project.total_usd == Decimal("992.25")  # 3969 / 4

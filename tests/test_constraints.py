"""What can never be right is refused: years out of range, a part larger than its total."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db

NEXT_ALLOWED = datetime.date.today().year + m.YEARS_AHEAD


# --- years: 1900 .. 2100 in the database, 1900 .. today + 10 in forms and full_clean() -------


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (factories.project, "start_year"),
        (factories.project, "end_year"),
        (factories.organisation, "founded_year"),
        (factories.source_document, "year"),
        (factories.exchange_rate, "year"),
    ],
)
@pytest.mark.parametrize("year", [1899, 3000])
def test_the_database_refuses_a_year_out_of_range(make, field, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        make(**{field: year})


def test_the_database_accepts_the_edges():
    project = factories.project(start_year=1900, end_year=2100)
    assert project.pk


@pytest.mark.parametrize("year", [NEXT_ALLOWED + 1, 2100, 1899])
def test_validation_refuses_a_year_too_far_ahead_or_too_early(year):
    project = factories.project()
    project.start_year = year
    with pytest.raises(ValidationError) as raised:
        project.full_clean()
    assert "start_year" in raised.value.message_dict


def test_validation_accepts_ten_years_ahead():
    project = factories.project(start_year=2005, end_year=NEXT_ALLOWED)
    project.full_clean()


def project_form(project, **changes):
    data = {
        "title": project.title,
        "slug": project.slug,
        "organisation": project.organisation_id,
        "total_amount": "965",
        "total_currency": "USD",
        "total_printed": "$965",
        "contributions-TOTAL_FORMS": "0",
        "contributions-INITIAL_FORMS": "0",
        "status": "carried_out",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_refuses_project_year_3000(admin_client):
    project = factories.project()
    url = reverse("admin:catalogue_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, start_year="3000"))
    assert response.status_code == 200  # the form again, with the error
    assert "too far ahead" in response.content.decode()
    project.refresh_from_db()
    assert project.start_year is None


# --- a part larger than its project's stated total ------------------------------------------


@pytest.fixture
def project_965():
    return factories.project(
        total_amount=Decimal("965"), total_currency="USD", total_printed="$965"
    )


def contribution_form(project, amount, **extra):
    data = {
        "project": project.pk,
        "sequence": "1",
        "party_kind": "community",
        "party_name": "the VO",
        "amount": amount,
        "currency": "USD",
        "amount_printed": f"${amount}",
    }
    data.update(extra)
    return data


def test_admin_refuses_a_part_larger_than_the_total(admin_client, project_965):
    url = reverse("admin:catalogue_contribution_add")
    response = admin_client.post(url, contribution_form(project_965, "99999999"))
    assert response.status_code == 200
    assert "larger than the project" in response.content.decode()
    assert not m.Contribution.objects.exists()


def test_a_confirmed_larger_part_is_saved_and_flagged(admin_client, project_965):
    url = reverse("admin:catalogue_contribution_add")
    data = contribution_form(project_965, "99999999", confirm_exceeds_total="on")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    project = m.Project.objects.with_funding().get(pk=project_965.pk)
    assert "part_exceeds_total" in project.funding_flags()


def test_a_part_within_the_total_needs_no_confirmation(admin_client, project_965):
    url = reverse("admin:catalogue_contribution_add")
    response = admin_client.post(url, contribution_form(project_965, "900"))
    assert response.status_code == 302


def test_a_part_in_another_currency_is_not_compared(admin_client, project_965):
    url = reverse("admin:catalogue_contribution_add")
    data = contribution_form(project_965, "5000", currency="TJS", amount_printed="5000 Somoni")
    response = admin_client.post(url, data)
    assert response.status_code == 302


def test_the_project_inline_checks_against_the_total_as_posted(admin_client, project_965):
    url = reverse("admin:catalogue_project_change", args=[project_965.pk])
    inline = {
        "contributions-TOTAL_FORMS": "1",
        "contributions-0-sequence": "1",
        "contributions-0-party_kind": "community",
        "contributions-0-party_name": "the VO",
        "contributions-0-amount": "1000",
        "contributions-0-currency": "USD",
        "contributions-0-amount_printed": "$1000",
    }
    # 1000 against a total lowered to 500 on the same page: refused.
    response = admin_client.post(url, project_form(project_965, total_amount="500", **inline))
    assert response.status_code == 200
    assert "larger than the project" in response.content.decode()
    # 1000 against a total raised to 2000: saved.
    response = admin_client.post(url, project_form(project_965, total_amount="2000", **inline))
    assert response.status_code == 302, response.content[:3000]
    assert project_965.contributions.get().amount == Decimal("1000")

"""History without gaps: every catalogue model, many-to-many included, with who, when and the
values before and after; an exchange-rate correction reaches the USD amounts computed from it."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db

SMALL = Path(__file__).resolve().parent / "data" / "small_catalogue"


def catalogue_models():
    return [
        model
        for model in apps.get_app_config("catalogue").get_models()
        if not model.__name__.startswith("Historical")
    ]


def history_models():
    return [
        model
        for model in apps.get_app_config("catalogue").get_models()
        if model.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", catalogue_models(), ids=lambda model: model.__name__)
def test_every_catalogue_model_keeps_history(model):
    assert hasattr(model, "history"), model


def project_form(project, themes, **changes):
    data = {
        "title": project.title,
        "slug": project.slug,
        "organisation": project.organisation_id,
        "themes": [theme.pk for theme in themes],
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


def test_a_change_of_themes_keeps_old_and_new_in_one_history_row(admin_client):
    water, health = factories.theme(name="Water"), factories.theme(name="Health")
    project = factories.project()
    project.themes.set([water])
    rows_before = project.history.count()
    url = reverse("admin:catalogue_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, [health]))
    assert response.status_code == 302, response.content[:3000]
    assert project.history.count() == rows_before + 1  # one edit, one row
    new, old = project.history.all()[:2]
    delta = new.diff_against(old)
    change = next(c for c in delta.changes if c.field == "themes")
    assert [row["theme"] for row in change.old] == [water.pk]
    assert [row["theme"] for row in change.new] == [health.pk]
    assert new.history_user.is_superuser
    history_page = admin_client.get(reverse("admin:catalogue_project_history", args=[project.pk]))
    assert history_page.status_code == 200


def test_tags_with_their_own_model_keep_history():
    organisation, water = factories.organisation(), factories.theme()
    tag = m.OrganisationTheme.objects.create(organisation=organisation, theme=water)
    tag.delete()
    assert [row.history_type for row in m.OrganisationTheme.history.all()] == ["-", "+"]


@pytest.fixture
def rated_project():
    project, contribution, rate = factories.somoni_project()
    return rate, project, contribution


def test_an_exchange_rate_correction_recomputes_usd_amounts_in_history(admin_client, rated_project):
    rate, project, contribution = rated_project
    url = reverse("admin:catalogue_exchangerate_change", args=[rate.pk])
    data = {"year": "2007", "currency": "TJS", "units_per_usd": "3.5", "source": "corrected"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    project.refresh_from_db()
    contribution.refresh_from_db()
    assert project.total_usd == Decimal("1134.00")  # 3969 / 3.5
    assert contribution.amount_usd == Decimal("348.00")  # 1218 / 3.5
    assert project.history.first().total_usd == Decimal("1134.00")
    assert project.history.first().history_user.is_superuser
    assert contribution.history.first().amount_usd == Decimal("348.00")
    assert rate.history.first().units_per_usd == Decimal("3.5")


def test_a_new_rate_fills_the_usd_amounts_that_lacked_one(admin_client):
    document = factories.source_document(year=2004)
    project = factories.project(
        source_document=document, total_amount=Decimal("700"), total_currency="TJS"
    )
    url = reverse("admin:catalogue_exchangerate_add")
    data = {"year": "2004", "currency": "TJS", "units_per_usd": "2.8", "source": "added"}
    assert admin_client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.total_usd == Decimal("250.00")


def test_an_edit_can_be_reverted_in_the_admin(admin_client):
    donor = factories.donor(name="CIDA", country="Canada")
    original = donor.history.get()
    form = {"name": "CIDA", "slug": donor.slug, "kind": "bilateral", "aliases": "[]"}
    url = reverse("admin:catalogue_donor_change", args=[donor.pk])
    assert admin_client.post(url, {**form, "country": "Kanada"}).status_code == 302
    donor.refresh_from_db()
    assert donor.country == "Kanada"
    revert_url = reverse(
        "admin:catalogue_donor_simple_history", args=[donor.pk, original.history_id]
    )
    page = admin_client.get(revert_url)
    assert page.status_code == 200 and b"Canada" in page.content
    assert admin_client.post(revert_url, {**form, "country": "Canada"}).status_code == 302
    donor.refresh_from_db()
    assert donor.country == "Canada"
    assert [row.country for row in donor.history.all()] == ["Canada", "Kanada", "Canada"]


def test_a_second_load_writes_no_history_row_anywhere():
    call_command("load_seeds", str(SMALL), stdout=StringIO())
    before = {model.__name__: model.objects.count() for model in history_models()}
    assert before["HistoricalProject"] and before["HistoricalCaseStudyTheme"]
    out = StringIO()
    call_command("load_seeds", str(SMALL), stdout=out)
    assert "Nothing changed" in out.getvalue()
    assert {model.__name__: model.objects.count() for model in history_models()} == before


def test_reverting_a_project_restores_its_themes_and_leaves_history(admin_client):
    water, health = factories.theme(name="Water"), factories.theme(name="Health")
    project = factories.project()
    project.themes.set([water])
    url = reverse("admin:catalogue_project_change", args=[project.pk])
    assert admin_client.post(url, project_form(project, [health])).status_code == 302
    with_water = project.history.all()[1]
    rows_before = project.history.count()
    revert_url = reverse(
        "admin:catalogue_project_simple_history", args=[project.pk, with_water.history_id]
    )
    response = admin_client.post(revert_url, project_form(project, [water]))
    assert response.status_code == 302, response.content[:3000]
    assert list(project.themes.all()) == [water]
    assert project.history.count() > rows_before
    assert [t.theme_id for t in project.history.first().themes.all()] == [water.pk]


def test_a_loaded_record_enters_the_history_once_whole(seeded):
    """A first load writes one "+" row per record, with its places and themes as loaded (not
    an empty "+" row followed by a "~" row per set written)."""
    projects = m.Project.objects.all()
    assert projects.filter(places__isnull=False).exists()
    assert projects.filter(themes__isnull=False).exists()
    for project in projects:
        (row,) = project.history.all()
        assert row.history_type == "+"
        assert {p.region_id for p in row.places.all()} == {p.pk for p in project.places.all()}
        assert {t.theme_id for t in row.themes.all()} == {t.pk for t in project.themes.all()}
        assert row.sequence == project.sequence
    for case_study in m.CaseStudy.objects.all():
        (row,) = case_study.history.all()
        assert {p.region_id for p in row.places.all()} == {p.pk for p in case_study.places.all()}

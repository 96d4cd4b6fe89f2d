"""Staff work in the Django admin: every model, every changelist and change form."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return factories.one_of_everything()


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "catalogue"]


def test_every_catalogue_model_is_registered():
    from django.apps import apps

    app_models = {
        model
        for model in apps.get_app_config("catalogue").get_models()
        if not model.__name__.startswith("Historical")
    }
    assert app_models == set(registered_models())


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("admin:catalogue_casestudy_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_permissions_are_sent_to_the_login(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:catalogue_project_changelist"))
    assert response.status_code == 302  # refused; more in test_accounts.py
    assert response["Location"].startswith(reverse("admin:login"))


def test_superuser_sees_every_changelist_and_change_form(admin_client, catalogue):
    for model in registered_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = admin_client.get(reverse(f"{prefix}_changelist"))
        assert changelist.status_code == 200, model
        obj = model.objects.first()
        assert obj is not None, f"factories made no {model.__name__}"
        change = admin_client.get(reverse(f"{prefix}_change", args=[obj.pk]))
        assert change.status_code == 200, model
        add = admin_client.get(reverse(f"{prefix}_add"))
        assert add.status_code == 200, model


def test_changelist_search_works(admin_client, catalogue):
    response = admin_client.get(reverse("admin:catalogue_donor_changelist"), {"q": "CIDA"})
    assert response.status_code == 200
    assert b"CIDA" in response.content


def test_provenance_is_read_only_with_a_link_to_the_lines(admin_client, catalogue):
    case_study = catalogue["case_study"]
    response = admin_client.get(reverse("admin:catalogue_casestudy_change", args=[case_study.pk]))
    content = response.content.decode()
    assert 'name="first_line"' not in content  # shown, not editable
    assert case_study.source_url().replace("&", "&amp;") in content


def test_admin_edit_is_recorded_in_history(admin_client, catalogue):
    donor = catalogue["donor"]
    url = reverse("admin:catalogue_donor_change", args=[donor.pk])
    response = admin_client.post(
        url,
        {
            "name": "Canadian International Development Agency",
            "slug": donor.slug,
            "short_name": "CIDA",
            "kind": "bilateral",
            "country": "Canada",
            "aliases": '["CIDA (Canada)"]',
        },
    )
    assert response.status_code == 302, response.content[:2000]
    donor.refresh_from_db()
    assert donor.country == "Canada"
    latest = donor.history.first()
    assert latest.history_type == "~"
    assert latest.history_user.is_superuser
    history = admin_client.get(reverse("admin:catalogue_donor_history", args=[donor.pk]))
    assert history.status_code == 200


def test_view_on_site_link(admin_client, catalogue):
    project = catalogue["project"]
    response = admin_client.get(reverse("admin:catalogue_project_change", args=[project.pk]))
    assert b"View on site" in response.content

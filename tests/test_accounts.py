"""Staff accounts: strong passwords, a lockout after repeated failures, two roles, and nothing
of the admin for staff without a permission."""

import datetime
import importlib

import pytest
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalogue import accounts
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase"
groups_migration = importlib.import_module("catalogue.migrations.0005_staff_groups")
later_groups_migrations = [
    importlib.import_module(f"catalogue.migrations.{name}")
    for name in ("0007_staff_groups_for_new_models", "0010_staff_groups_for_corrections")
]


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["1", "short-pw-11", "password1234", "123456789012345", "clerk-hamkori"]
)
def test_weak_passwords_are_refused(password, django_user_model):
    user = django_user_model(username="clerk-hamkori", email="clerk@hamkori.example")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted(django_user_model):
    validate_password(PASSWORD, django_user_model(username="clerk"))


# --- lockout ----------------------------------------------------------------------------------


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def login(client, username, password, address="192.0.2.1", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_the_right_password_logs_in(client, staff):
    assert login(client, "clerk", PASSWORD).status_code == 302


def test_thirty_wrong_logins_lock_the_user_out_even_with_the_right_password(client, staff):
    statuses = [login(client, "clerk", f"wrong-{n}").status_code for n in range(30)]
    assert statuses[:4] == [200] * 4  # the form again, with an error
    assert set(statuses[5:]) == {429}  # locked from the fifth failure on
    assert login(client, "clerk", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_from_any_address(client, staff):
    for n in range(5):
        login(client, "clerk", "wrong", address=f"198.51.100.{n}")
    assert login(client, "clerk", PASSWORD, address="203.0.113.9").status_code == 429


def test_the_lockout_is_per_address_for_any_user(client, staff):
    for n in range(5):
        login(client, f"guess-{n}", "wrong", address="198.51.100.7")
    assert login(client, "clerk", PASSWORD, address="198.51.100.7").status_code == 429
    # The user has no failures of their own: from another address they log in.
    assert login(client, "clerk", PASSWORD, address="198.51.100.8").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, staff):
    for _n in range(5):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 429
    assert get_cool_off() == datetime.timedelta(minutes=30)
    past = timezone.now() - get_cool_off() - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert login(client, "clerk", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, staff):
    for n in range(5):
        login(client, f"guess-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = login(client, "other", "wrong", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429  # same REMOTE_ADDR: no proxy is trusted by default


class Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_client_address_without_a_trusted_proxy(settings):
    settings.HAMKORI_TRUSTED_PROXY_COUNT = 0
    assert accounts.client_ip(Request("192.0.2.1", "203.0.113.5")) == "192.0.2.1"


def test_client_address_behind_trusted_proxies(settings):
    settings.HAMKORI_TRUSTED_PROXY_COUNT = 1  # nginx appends the address it saw
    assert accounts.client_ip(Request("10.0.0.2", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    settings.HAMKORI_TRUSTED_PROXY_COUNT = 2  # a CDN, then nginx
    assert accounts.client_ip(Request("10.0.0.2", "203.0.113.5, 10.9.9.9")) == "203.0.113.5"
    assert accounts.client_ip(Request("10.0.0.2")) == "10.0.0.2"  # header missing


# --- roles ------------------------------------------------------------------------------------


def test_every_catalogue_model_has_staff_permissions():
    catalogue = django_apps().get_app_config("catalogue")
    # History models of many-to-many fields are read through their record's history.
    models = {
        model._meta.model_name
        for model in catalogue.get_models()
        if not model._meta.model_name.startswith("historical")
    }
    covered = {
        codename.removeprefix("view_")
        for migration in (groups_migration, *later_groups_migrations)
        for codename in migration.GROUPS["Viewers"]
    }
    assert models <= covered


def test_the_groups_migration_is_idempotent():
    groups_migration.create_staff_groups(django_apps())
    groups_migration.create_staff_groups(django_apps())
    editors = Group.objects.get(name="Editors")
    viewers = Group.objects.get(name="Viewers")
    assert editors.permissions.filter(codename="change_project").exists()
    assert editors.permissions.filter(codename="view_historicalproject").exists()
    assert not editors.permissions.filter(codename__startswith="delete_").exists()
    assert set(viewers.permissions.values_list("codename", flat=True)) == {
        *groups_migration.GROUPS["Viewers"],
        *(code for migration in later_groups_migrations for code in migration.GROUPS["Viewers"]),
    }
    assert all(
        c.startswith("view_") for c in viewers.permissions.values_list("codename", flat=True)
    )


def django_apps():
    from django.apps import apps

    return apps


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def test_staff_in_neither_group_see_nothing_of_the_admin(client, django_user_model):
    client.force_login(member_of(django_user_model, None, "nobody"))
    for url in (reverse("admin:index"), reverse("admin:catalogue_project_changelist")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))
    login_page = client.get(reverse("admin:login"))
    assert b"not authorized to access this page" in login_page.content


def test_viewers_read_but_cannot_change(client, django_user_model):
    project = factories.project()
    client.force_login(member_of(django_user_model, "Viewers", "reader"))
    assert client.get(reverse("admin:index")).status_code == 200
    change_url = reverse("admin:catalogue_project_change", args=[project.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and b'name="title"' not in page.content  # read only
    assert (
        client.get(reverse("admin:catalogue_project_history", args=[project.pk])).status_code == 200
    )
    response = client.post(change_url, {"title": "Renamed"})
    assert response.status_code == 403
    assert client.get(reverse("admin:catalogue_project_add")).status_code == 403


def test_editors_change_records_and_read_history_but_cannot_delete(client, django_user_model):
    donor = factories.donor(name="CIDA")
    client.force_login(member_of(django_user_model, "Editors", "editor"))
    url = reverse("admin:catalogue_donor_change", args=[donor.pk])
    form = {"name": "CIDA", "slug": donor.slug, "kind": "bilateral", "aliases": "[]"}
    assert client.post(url, {**form, "country": "Canada"}).status_code == 302
    donor.refresh_from_db()
    assert donor.country == "Canada"
    assert donor.history.first().history_user.username == "editor"
    assert client.get(reverse("admin:catalogue_donor_history", args=[donor.pk])).status_code == 200
    assert client.get(reverse("admin:catalogue_donor_delete", args=[donor.pk])).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403

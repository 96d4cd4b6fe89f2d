"""Backup and restore round-trip everything: the seeds, an admin edit with its history and
admin log entry, users and groups, on SQLite and PostgreSQL."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from catalogue import models as m

pytestmark = pytest.mark.django_db

# Recreated by migrate (content types, permissions) or transient (sessions, login attempts).
NOT_BACKED_UP = {"contenttypes", "sessions", "axes"}


def backed_up_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in NOT_BACKED_UP and model._meta.label != "auth.Permission"
    ]


def snapshot() -> dict[str, list[str]]:
    """Every row of every backed-up table, with references by natural key (no database ids of
    content types, permissions, users or groups)."""
    state = {}
    for model in backed_up_models():
        rows = serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        many = {field.name for field in model._meta.many_to_many}
        for row in rows:  # a many-to-many set has no order; ties in Meta.ordering vary by engine
            for name in many & row["fields"].keys():
                row["fields"][name] = sorted(row["fields"][name], key=json.dumps)
        state[model._meta.label] = sorted(
            json.dumps(row, sort_keys=True, default=str) for row in rows
        )
    return state


def log_entries() -> list[tuple]:
    return sorted(
        (
            e.content_type.app_label,
            e.content_type.model,
            e.object_id,
            e.object_repr,
            e.user.username,
        )
        for e in LogEntry.objects.select_related("content_type", "user")
    )


def empty_the_database() -> None:
    """flush, inside the test's transaction (rolled back after it, so the seeds come back)."""
    if connection.vendor != "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        return
    # Foreign keys are checked at commit; TRUNCATE wants pending checks done first. Then back
    # to checking at commit, as in the real restore's own transaction.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_backup_and_restore_round_trip_everything(seeded, admin_client, tmp_path):
    donor = m.Donor.objects.order_by("pk").first()
    project = m.Project.objects.filter(themes__isnull=False).order_by("pk").first()
    assert (
        admin_client.post(
            reverse("admin:catalogue_donor_change", args=[donor.pk]),
            {
                "name": donor.name,
                "slug": donor.slug,
                "short_name": donor.short_name,
                "kind": donor.kind,
                "country": "Restored-land",
                "aliases": json.dumps(donor.aliases),
            },
        ).status_code
        == 302
    )
    project.themes.set([])  # a many-to-many change, with its history row
    before, entries = snapshot(), log_entries()
    assert entries and entries[0][:2] == ("catalogue", "donor")
    assert before["catalogue.HistoricalProject_themes"] and before["auth.User"]
    assert before["auth.Group"]  # Editors and Viewers

    call_command("backup", str(tmp_path / "backup.json.gz"), stdout=StringIO())
    empty_the_database()
    assert not m.Project.objects.exists() and not LogEntry.objects.exists()
    call_command("restore", str(tmp_path / "backup.json.gz"), stdout=StringIO())

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert log_entries() == entries  # the admin log still names the right models
    assert m.Donor.objects.get(pk=donor.pk).country == "Restored-land"


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, django_user_model):
    call_command("backup", str(tmp_path / "backup.json"), stdout=StringIO())
    django_user_model.objects.create_user("someone")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup.json"), stdout=StringIO())


def test_restore_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "nothing.json"))


def test_the_file_name_must_say_its_format(tmp_path):
    with pytest.raises(CommandError, match="must end in"):
        call_command("backup", str(tmp_path / "backup.xml"))

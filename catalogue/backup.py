"""Backup and restore of the whole database as one JSON file: the catalogue, its history,
users, groups and the admin log (docs/operations.md).

Natural keys make the file independent of the ids a database gives its content types and
permissions: rows that point at a model (the admin log, group permissions) name it by app and
model, users and groups are named by user name and group name. Content types, permissions,
sessions and the login-lockout records are left out: ``migrate`` creates the first two, and the
others are transient.

The file is what ``dumpdata --natural-foreign --natural-primary`` writes, with one difference:
times keep their microseconds (Django's JSON encoder cuts them to milliseconds, so history rows
and the admin log would come back with other times). XML would keep them but turns the
documents' carriage returns into line feeds. ``loaddata`` reads the file unchanged.
"""

from __future__ import annotations

import bz2
import datetime
import gzip
import lzma
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test.utils import override_settings

from catalogue import search

EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.Permission"}
OPENERS = {".json": open, ".json.gz": gzip.open, ".json.bz2": bz2.open, ".json.xz": lzma.open}


class BadPath(ValueError):
    """The file's name tells loaddata its format and compression."""


class NotEmpty(Exception):
    """A restore goes into an empty migrated database only, never over existing records."""


class PreciseEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()  # with microseconds
        return super().default(o)


def opener(path: Path):
    suffix = next((s for s in OPENERS if path.name.endswith(s)), None)
    if suffix is None:
        raise BadPath(f"{path}: the file name must end in one of {', '.join(OPENERS)}.")
    return OPENERS[suffix]


def backed_up_models() -> list:
    """Every model but the excluded ones, in an order loaddata can resolve natural keys in."""
    app_list = [
        (app_config, None)
        for app_config in apps.get_app_configs()
        if app_config.models_module is not None and app_config.label not in EXCLUDED_APPS
    ]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.label not in EXCLUDED_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


def write_backup(path: Path) -> int:
    """Everything but the excluded models into ``path``; returns the number of rows."""
    open_ = opener(path)
    count = 0

    def rows():
        nonlocal count
        for model in backed_up_models():
            for row in model._base_manager.order_by(model._meta.pk.name).iterator():
                count += 1
                yield row

    with transaction.atomic(), open_(path, "wt", encoding="utf-8") as stream:
        serializers.serialize(
            "json",
            rows(),
            stream=stream,
            cls=PreciseEncoder,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    return count


def is_empty() -> bool:
    """No user and no catalogue record (the groups the migrations create may exist)."""
    catalogue = apps.get_app_config("catalogue").get_models()
    return not get_user_model().objects.exists() and not any(
        model.objects.exists() for model in catalogue
    )


def read_backup(path: Path) -> None:
    """Load a backup into an empty migrated database, in one transaction."""
    opener(path)
    if not is_empty():
        raise NotEmpty("The database is not empty: restore into a new, migrated database.")
    # loaddata writes no history for the rows themselves (raw saves), but setting a
    # many-to-many field would add a history row: none may be added by a restore.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(path), verbosity=0)
        search.rebuild()  # loaddata's raw saves do not index; the index is derived, not backed up

"""Editors may record corrections (add, change, view) and read their history; Viewers may
read both, the same way 0005 and 0007 gave them the other models."""

import importlib

from django.db import migrations

staff_groups = importlib.import_module("catalogue.migrations.0005_staff_groups")

GROUPS = {
    "Editors": [
        "add_correction",
        "change_correction",
        "view_correction",
        "view_historicalcorrection",
    ],
    "Viewers": ["view_correction", "view_historicalcorrection"],
}


def add_permissions(apps, schema_editor=None):
    staff_groups.create_staff_groups(apps, schema_editor, groups=GROUPS)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0009_correction")]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]

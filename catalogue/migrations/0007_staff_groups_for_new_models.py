"""Editors and Viewers get the models added in 0006 (project partners,
organisations' partners, milestones), the
same way 0005 gave them the others."""

import importlib

from django.db import migrations

staff_groups = importlib.import_module("catalogue.migrations.0005_staff_groups")

MODELS = ["projectpartner", "organisationpartner", "milestone"]
HISTORY = [f"historical{model}" for model in MODELS]
GROUPS = {
    "Editors": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    + [f"view_{model}" for model in HISTORY],
    "Viewers": [f"view_{model}" for model in MODELS + HISTORY],
}


def add_permissions(apps, schema_editor=None):
    staff_groups.create_staff_groups(apps, schema_editor, groups=GROUPS)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_activities_partners_milestones")]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]

"""The two staff roles: Editors (add and change catalogue records, read their history) and
Viewers (read only). Idempotent: it adds what is missing and removes nothing; permissions are
looked up by codename. A later model needs its own migration adding its codenames here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "sourcedocument",
    "region",
    "theme",
    "collaborationtype",
    "organisation",
    "donor",
    "casestudy",
    "casestudytheme",
    "casestudycollaboration",
    "organisationtheme",
    "casestudydonor",
    "partnership",
    "project",
    "exchangerate",
    "contribution",
    "headlinefigure",
]
HISTORY = [f"historical{model}" for model in MODELS]

GROUPS = {
    "Editors": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    + [f"view_{model}" for model in HISTORY],
    "Viewers": [f"view_{model}" for model in MODELS + HISTORY],
}


def create_staff_groups(apps, schema_editor=None, groups=None):
    # Permissions are normally created after all migrations ran (post_migrate): make sure
    # they exist now, on a fresh database too.
    for app_config in apps.get_app_configs():
        # A migration's app configs have no models module, and create_permissions skips
        # those; put back what was there (the tests call this with the real registry).
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (groups or GROUPS).items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="catalogue", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"{name}: no such permissions: {sorted(missing)}")
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0004_history_for_every_model"),
    ]

    operations = [migrations.RunPython(create_staff_groups, migrations.RunPython.noop)]

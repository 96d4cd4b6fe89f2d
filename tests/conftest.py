from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The real seeds, loaded once for a module's read-only tests; emptied afterwards."""
    from django.core.management import call_command

    from catalogue.importers.loader import load_catalogue
    from catalogue.importers.sources import read_documents

    with django_db_blocker.unblock():
        report = load_catalogue(read_documents([SEEDS]))
        yield report
        call_command("flush", verbosity=0, interactive=False)


@pytest.fixture(autouse=True)
def plain_static_storage(request):
    """Tests render pages without running collectstatic; production keeps hashed names.

    Pure parser tests run without pytest-django too (``-p no:django``), so the
    ``settings`` fixture is only asked for when the plugin is loaded.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield

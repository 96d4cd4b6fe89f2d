"""Shared fixtures, and the test order that lets the real seeds load once per session.

How ``seeded`` works
--------------------
Loading the real seeds takes seconds, so ``seeded`` is session-scoped: the first test that asks
for it loads them, committed, into the (then empty) test database, and they stay until the
session ends, when the tables are flushed. Every test still runs inside its own transaction that
is rolled back, so a test that writes over the seeds leaves them as they were.

Committed rows would leak into tests that did not ask for them, so ``pytest_collection_modifyitems``
moves every test that uses ``seeded`` after all the others (keeping the order within both
groups): tests without ``seeded`` run first, on an empty database. A seeded test that is
transactional (``transaction=True``, ``transactional_db``, ``live_server``) would flush the seeds
at its end, so collection refuses it.
"""

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _uses_seeds(item: pytest.Item) -> bool:
    return "seeded" in getattr(item, "fixturenames", ())


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which it must not undo
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    transactional = [item.nodeid for item in items if _uses_seeds(item) and _is_transactional(item)]
    if transactional:
        raise pytest.UsageError(
            "Tests using `seeded` must not be transactional (they would flush the shared seeds): "
            + ", ".join(transactional)
        )
    items.sort(key=_uses_seeds)  # stable: False (no seeds) first, order kept within each group


@pytest.fixture(scope="session")
def seeded(django_db_setup, django_db_blocker):
    """The real seeds, loaded once per session; yields the loader's report. See module docstring."""
    from django.apps import apps
    from django.core.management import call_command

    from catalogue.importers.loader import load_catalogue
    from catalogue.importers.sources import read_documents

    with django_db_blocker.unblock():
        # "Exactly the seeds": nothing may have been committed before them.
        leftovers = [m for m in apps.get_app_config("catalogue").get_models() if m.objects.exists()]
        assert not leftovers, f"rows committed before the seeds: {leftovers}"
        report = load_catalogue(read_documents([SEEDS]))
    yield report
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False)


@pytest.fixture(autouse=True)
def test_settings(request):
    """Settings every test shares, where production differs on purpose:

    - static files unhashed: tests render pages without running collectstatic;
    - a fast password hasher for the users tests make (``admin_client``, ``create_user``),
      not the deliberately slow PBKDF2;
    - plain http: production's redirect to https is tested in test_deploy.py.

    Pure parser tests run without pytest-django too (``-p no:django``), so the ``settings``
    fixture is only asked for when the plugin is loaded.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    yield


@pytest.fixture
def places(db):
    """A small tree of places (``factories.place_tree``)."""
    from tests import factories

    return factories.place_tree()

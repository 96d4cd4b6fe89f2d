import pytest


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

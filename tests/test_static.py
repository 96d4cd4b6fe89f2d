"""Production serves static files with hashed names through whitenoise: they must build."""

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_builds_the_hashed_manifest(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"css/site.css": "css/site.' in manifest
    assert list(tmp_path.glob("css/site.*.css.gz")), "whitenoise did not compress the stylesheet"

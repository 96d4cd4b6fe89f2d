"""Settings come from the environment; production refuses to run without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env)
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.ALLOWED_HOSTS]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_runs_without_a_secret_key_on_sqlite():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert '[true, "django.db.backends.sqlite3"' in result.stdout


def test_database_url_switches_to_postgresql():
    result = load_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/hamkori",
        DJANGO_ALLOWED_HOSTS="hamkori.example, www.hamkori.example",
    )
    assert result.returncode == 0, result.stderr
    assert '"django.db.backends.postgresql"' in result.stdout
    assert '["hamkori.example", "www.hamkori.example"]' in result.stdout

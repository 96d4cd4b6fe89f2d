"""Settings come from the environment; production refuses to run without a strong secret key."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = "k3Y-for-tests-" + "abcdefghijklmnopqrstuvwxyz0123456789"
PRODUCTION = {"DJANGO_SECRET_KEY": GOOD_KEY}


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


def clean_env(**env: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return {**kept, **env, "DJANGO_SETTINGS_MODULE": "portal.settings"}


def settings_of(*names: str, **env: str) -> dict:
    """The named settings as Django sees them with exactly this environment."""
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(**env), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


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
        DJANGO_SECRET_KEY=GOOD_KEY,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/hamkori",
        DJANGO_ALLOWED_HOSTS="hamkori.example, www.hamkori.example",
    )
    assert result.returncode == 0, result.stderr
    assert '"django.db.backends.postgresql"' in result.stdout
    assert '["hamkori.example", "www.hamkori.example"]' in result.stdout


@pytest.mark.parametrize(
    "key",
    [
        "x",  # the probe's one character
        "a-49-character-key-that-is-one-short-of-the-rule",
        "x" * 60,  # long but not random
        "django-insecure-" + "abcdefghijklmnopqrstuvwxyz0123456789",
        "change-me-to-a-long-random-string-abcdefghijklmnopqrstuvwxyz",  # the old .env.example
    ],
)
def test_production_refuses_a_short_or_placeholder_secret_key(key):
    result = load_settings(DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too short or a placeholder" in result.stderr
    if len(key) > 1:
        assert key not in result.stderr  # the key itself is never printed


def test_debug_accepts_any_secret_key():
    assert load_settings(DJANGO_DEBUG="1", DJANGO_SECRET_KEY="x").returncode == 0


HARDENING = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def test_https_hardening_is_on_by_default_outside_debug():
    assert settings_of(*HARDENING, **PRODUCTION) == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_https_hardening_is_off_in_debug_and_each_part_can_be_turned_off():
    assert settings_of(*HARDENING, DJANGO_DEBUG="1") == {
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }
    off = settings_of(
        *HARDENING,
        **PRODUCTION,
        DJANGO_SECURE_PROXY_SSL_HEADER="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="0",
    )
    assert off["SECURE_PROXY_SSL_HEADER"] is None
    assert not off["SECURE_SSL_REDIRECT"] and not off["SESSION_COOKIE_SECURE"]
    assert off["SECURE_HSTS_SECONDS"] == 0


def test_proxy_origins_admins_and_connection_age_come_from_the_environment():
    values = settings_of(
        "CSRF_TRUSTED_ORIGINS",
        "ADMINS",
        "DATABASES",
        **PRODUCTION,
        DJANGO_CSRF_TRUSTED_ORIGINS="https://hamkori.example, https://www.hamkori.example",
        DJANGO_ADMINS="Ops Team <ops@hamkori.example>, dev@hamkori.example",
        DJANGO_CONN_MAX_AGE="60",
    )
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://hamkori.example",
        "https://www.hamkori.example",
    ]
    assert values["ADMINS"] == [["Ops Team", "ops@hamkori.example"], ["", "dev@hamkori.example"]]
    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] == 60


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def read_env_file(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_env_example_is_safe_as_it_stands():
    """Debug off and no secret key: used unedited, the site refuses to start, and says why."""
    env = read_env_file(ROOT / ".env.example")
    assert env["DJANGO_DEBUG"] == "0"
    result = load_settings(**{k: v for k, v in env.items() if k != "DATABASE_URL"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


ENV_READ = re.compile(r'(?:environ\.get|env_\w+)\(\s*"([A-Z_]+)"')


def test_every_variable_is_documented():
    settings_py = (ROOT / "portal/settings.py").read_text()
    gunicorn_conf = (ROOT / "portal/gunicorn.conf.py").read_text()
    names = set(ENV_READ.findall(settings_py + gunicorn_conf)) | {"DATABASE_URL"}
    assert {"DJANGO_SECRET_KEY", "DJANGO_CONN_MAX_AGE", "GUNICORN_BIND"} <= names
    for doc in ("README.md", "docs/deploy.md", ".env.example"):
        text = (ROOT / doc).read_text()
        missing = sorted(name for name in names if name not in text)
        assert not missing, f"{doc} does not mention {missing}"

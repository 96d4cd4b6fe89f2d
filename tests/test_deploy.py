"""Production behaviour: health check, request ids, JSON logs, compression, https, gunicorn."""

import gzip
import io
import json
import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

ROOT = Path(__file__).resolve().parents[1]


def boom(request):
    raise ZeroDivisionError("the failing view of tests/test_deploy.py")


# Used by the tests marked `pytest.mark.urls(__name__)`.
urlpatterns = [path("boom/", boom)]


@pytest.fixture
def log_lines():
    """What the configured stderr handler writes, as parsed JSON objects."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "stderr")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    lines: list[dict] = []
    yield lambda: lines or [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


# Health check


def test_healthz_answers_200_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_fails(client, db, log_lines):
    with mock.patch("ops.views.connection.cursor", side_effect=OperationalError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    [entry] = [e for e in log_lines() if e["logger"] == "ops.views"]
    assert entry["path"] == "/healthz" and "OperationalError: refused" in entry["exc_info"]


def test_healthz_answers_503_with_no_database_server():
    """A real production process pointed at a port where no PostgreSQL listens."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode().strip())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY="k3Y-for-tests-abcdefghijklmnopqrstuvwxyz0123456789",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nothing",  # the discard port: refused
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "503 database unreachable", result.stderr
    assert '"message": "health check failed: database unreachable"' in result.stderr


def test_healthz_is_not_redirected_to_https(client, db, settings):
    """Load balancers probe over plain http; every other page moves to https."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    response = client.get("/sources/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/sources/"


# Behind the proxy


def test_behind_the_proxy_https_pages_carry_hsts_and_the_security_headers(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# Request ids and logs


def test_every_response_carries_a_request_id(client, db):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client, db):
    kept = client.get("/healthz", headers={"X-Request-ID": "4f1c0d2e9a8b7c6d"})
    assert kept["X-Request-ID"] == "4f1c0d2e9a8b7c6d"
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" level=CRITICAL'})
    assert forged["X-Request-ID"] != 'x" level=CRITICAL'


@pytest.mark.urls(__name__)
def test_a_500_is_logged_as_one_json_line_with_its_traceback(db, log_lines):
    response = Client(raise_request_exception=False).get("/boom/?q=1")
    assert response.status_code == 500
    [entry] = [e for e in log_lines() if e["level"] == "ERROR"]
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /boom/"
    assert entry["path"] == "/boom/" and entry["method"] == "GET"
    assert entry["status_code"] == 500
    assert entry["request_id"] == response["X-Request-ID"]
    assert "Traceback (most recent call last)" in entry["exc_info"]
    assert "ZeroDivisionError: the failing view of tests/test_deploy.py" in entry["exc_info"]


def test_a_failed_login_is_logged_without_the_password(client, django_user_model, log_lines):
    django_user_model.objects.create_user("editor", password="the-right-password-1")
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a-wrong-guess-77"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200  # the form again, with an error
    [entry] = [e for e in log_lines() if e["logger"] == "ops.auth"]
    assert entry["message"] == "login failed" and entry["level"] == "WARNING"
    assert entry["username"] == "editor" and entry["remote_addr"] == "10.1.2.3"
    assert entry["path"] == "/admin/login/" and entry["request_id"] == response["X-Request-ID"]
    assert "a-wrong-guess-77" not in json.dumps(log_lines())


# Compression


def test_html_is_gzip_compressed_for_clients_that_accept_it(client, db):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"</html>" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get("/")  # and plain for those that do not


# gunicorn's configuration file


def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "portal" / "gunicorn.conf.py"))


def test_gunicorn_defaults_to_loopback_and_one_worker_per_core(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] == len(os.sched_getaffinity(0))
    assert config["wsgi_app"] == "portal.wsgi:application"
    assert config["chdir"] == str(ROOT)


def test_gunicorn_reads_bind_and_workers_from_the_environment(monkeypatch):
    config = gunicorn_config(
        monkeypatch, GUNICORN_BIND="0.0.0.0:9000,unix:/run/hamkori.sock", WEB_CONCURRENCY="5"
    )
    assert config["bind"] == ["0.0.0.0:9000", "unix:/run/hamkori.sock"]
    assert config["workers"] == 5

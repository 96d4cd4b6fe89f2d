"""CI runs the suite twice; the PostgreSQL run must really be on PostgreSQL."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_configured_database_is_the_one_in_use():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)

"""Tiny PostgreSQL helper for .ci/run, using the project's own psycopg (no psql needed)."""

import sys

import psycopg
from psycopg import sql


def main(argv: list[str]) -> None:
    command, url = argv[1], argv[2]
    with psycopg.connect(url, autocommit=True, connect_timeout=3) as connection:
        if command == "ping":
            connection.execute("SELECT 1")
        elif command == "recreate":
            name = sql.Identifier(argv[3])
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
        else:
            raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv)

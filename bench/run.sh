#!/usr/bin/env bash
# The load test of docs/benchmarks.md: a fresh PostgreSQL database with the seeds, production
# settings, gunicorn with one sync worker per core on a free loopback port, then
# bench/load.py (20 clients for 60 s by default). Not part of `make test`.
#
#   bash bench/run.sh                     # creates and loads the database hamkori_bench
#   BENCH_KEEP_DB=1 bash bench/run.sh     # reuse it as it is (skip drop, migrate and load)
#   BENCH_COLD=1 bash bench/run.sh        # start the clock without fetching each page once first
#   BENCH_CLIENTS=20 BENCH_DURATION=60 BENCH_WORKERS=2 BENCH_DB=hamkori_bench bash bench/run.sh
#
# Other variables pass through to the site (e.g. REDIS_URL, DJANGO_CONN_MAX_AGE).
set -euo pipefail
cd "$(dirname "$0")/.."

PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=${BENCH_DB:-hamkori_bench}
CLIENTS=${BENCH_CLIENTS:-20}
DURATION=${BENCH_DURATION:-60}
WORKERS=${BENCH_WORKERS:-$(nproc)}
BIN=.venv/bin

test -x "$BIN/python" || make install
"$BIN/python" -c "import gunicorn, httpx" 2>/dev/null || "$BIN/python" -m pip install --quiet -e ".[dev,bench]"

export DATABASE_URL="$PG/$DB"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="bench-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export DJANGO_SECURE_COOKIES=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1

if [ -z "${BENCH_KEEP_DB:-}" ]; then
    "$BIN/python" - "$PG" "$DB" <<'PY'
import sys

import psycopg

server, name = sys.argv[1], sys.argv[2]
with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.execute(f'CREATE DATABASE "{name}"')
PY
    "$BIN/python" manage.py migrate --no-input >/dev/null
    "$BIN/python" manage.py load_seeds >/dev/null
fi
"$BIN/python" manage.py collectstatic --no-input >/dev/null

PORT=$("$BIN/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
LOG=$(mktemp -t hamkori-bench-gunicorn.XXXXXX)
# Explicit options rather than a config file: the load test says exactly what it measured.
"$BIN/gunicorn" portal.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --worker-class sync --timeout 60 --log-level warning --error-logfile "$LOG" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 50); do
    if "$BIN/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=5)" 2>/dev/null; then
        break
    fi
    sleep 0.2
done

echo "gunicorn: $WORKERS sync workers on 127.0.0.1:$PORT; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN/python" bench/load.py "http://127.0.0.1:$PORT" --clients "$CLIENTS" --duration "$DURATION" \
    ${BENCH_JSON:+--json "$BENCH_JSON"} ${BENCH_COLD:+--no-warm-up}
echo "gunicorn workers: $(ps --ppid "$SERVER" -o times= | awk '{s += $1} END {print s}') s of CPU (warm-up included)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$LOG" ]; then echo "gunicorn log: $LOG"; else rm -f "$LOG"; fi

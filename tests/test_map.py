"""The region map: committed boundaries, projection, and /map/ over the real seeds."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from catalogue import maps
from catalogue import models as m
from catalogue.selectors.records import case_study_detail

SLUGS = ["dushanbe", "rrs", "sughd", "khatlon", "gbao"]


# Boundaries and projection (no database) ------------------------------------------------


def test_the_committed_boundaries_are_tajikistans_five_units_mapped_to_our_slugs():
    collection = maps.boundaries()
    assert "Natural Earth" in collection["source"]
    properties = [f["properties"] for f in collection["features"]]
    assert [p["hamkori_slug"] for p in properties] == SLUGS
    assert {p["code_hasc"] for p in properties} == {"TJ.DU", "TJ.RR", "TJ.LE", "TJ.KL", "TJ.BK"}
    for feature in collection["features"]:
        for polygon in maps._polygons(feature["geometry"]):
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                for lon, lat in ring:
                    assert 67 < lon < 75.5 and 36.5 < lat < 41.5  # Tajikistan's extent


def test_projection_points_east_and_north_the_right_way():
    outline = maps.outline()
    dushanbe_x, dushanbe_y = outline.point(68.78, 38.54)
    khorog_x, khorog_y = outline.point(71.55, 37.49)
    khujand_x, khujand_y = outline.point(69.62, 40.28)
    assert khorog_x > dushanbe_x and khorog_y > dushanbe_y  # east and south of Dushanbe
    assert khujand_y < dushanbe_y  # north
    # Longitude shrinks by cos(latitude): a degree east is shorter than a degree north.
    one_east = outline.point(70, 39)[0] - outline.point(69, 39)[0]
    one_north = outline.point(69, 38)[1] - outline.point(69, 39)[1]
    assert one_east / one_north == pytest.approx(0.78, abs=0.02)
    for shape in outline.shapes:
        assert shape.d.startswith("M") and shape.d.endswith("Z")
        for x, y in re.findall(r"([\d.]+),([\d.]+)", shape.d):
            assert 0 <= float(x) <= outline.width and 0 <= float(y) <= outline.height


def test_rrs_has_a_hole_where_dushanbe_is():
    shapes = {shape.slug: shape for shape in maps.outline().shapes}
    assert shapes["rrs"].d.count("M") == 2
    assert shapes["dushanbe"].d.count("M") == 1


# The page over the real seeds -----------------------------------------------------------


def areas(content: str) -> dict[str, tuple[str, str]]:
    """slug → (shade class, title) of each linked region path."""
    found = re.findall(
        r'<a href="/regions/([\w-]+)/"><path class="area (shade-\d)[^"]*"[^>]*>'
        r"<title>([^<]*)</title>",
        content,
    )
    return {slug: (shade, title) for slug, shade, title in found}


@pytest.mark.django_db
def test_map_links_each_region_to_its_page(client, seeded):
    content = client.get(reverse("catalogue:map")).content.decode()
    shaded = areas(content)
    assert list(shaded) == SLUGS
    for slug in SLUGS:
        assert client.get(f"/regions/{slug}/").status_code == 200
    # $90,746 + the MSDSP micro-credits of Darai Muhtor ($435) and Pistamazor ($420), both in
    # Khatlon (tests/test_grand_totals.py)
    assert shaded["khatlon"][1] == "Khatlon: 8 case studies, $91,601 documented"
    assert shaded["rrs"][1] == "RRS: 2 case studies, $0 documented"
    assert "style=" not in content


@pytest.mark.django_db
def test_shading_by_case_studies(client, seeded):
    shaded = areas(client.get(reverse("catalogue:map")).content.decode())
    counts = {"dushanbe": 8, "rrs": 2, "sughd": 2, "khatlon": 8, "gbao": 5}
    for a in SLUGS:
        for b in SLUGS:
            same_value = counts[a] == counts[b]
            assert (shaded[a][0] == shaded[b][0]) == same_value, (a, b)
    assert shaded["khatlon"][0] == "shade-4"  # the most: the darkest class


@pytest.mark.django_db
def test_shading_by_funding(client, seeded):
    response = client.get(reverse("catalogue:map"), {"shade": "funding"})
    content = response.content.decode()
    shaded = areas(content)
    assert shaded["dushanbe"][0] == shaded["rrs"][0] == shaded["sughd"][0] == "shade-0"
    assert shaded["khatlon"][0] == "shade-4"
    assert shaded["gbao"][0] not in ("shade-0", "shade-4")
    assert "shaded by documented funding" in content
    assert 'href="?shade=funding" aria-current="page"' in content
    assert 'href="/exchange-rates/"' in content


@pytest.mark.django_db
def test_a_bad_shade_parameter_is_ignored(client, seeded):
    default = client.get(reverse("catalogue:map")).content.decode()
    for bad in ("nonsense", "", "<script>", "funding'"):
        response = client.get(reverse("catalogue:map"), {"shade": bad})
        assert response.status_code == 200
        assert areas(response.content.decode()) == areas(default)


@pytest.mark.django_db
def test_table_alternative_and_legend(client, seeded):
    content = client.get(reverse("catalogue:map")).content.decode()
    rows = re.findall(
        r'<tr><th scope="row"><a href="/regions/([\w-]+)/">[^<]+</a></th>'
        r'<td class="num">(\d+)</td><td class="num">([\d,]+)</td>',
        content,
    )
    assert [(slug, int(n)) for slug, n, _ in rows] == [
        ("dushanbe", 8),
        ("rrs", 2),
        ("sughd", 2),
        ("khatlon", 8),
        ("gbao", 5),
    ]
    assert dict((slug, usd) for slug, _, usd in rows)["gbao"] == "20,225"
    assert "approximate centre" in content
    assert "Natural Earth" in content


@pytest.mark.django_db
def test_points_for_places_and_organisations_with_coordinates(client, seeded):
    content = client.get(reverse("catalogue:map")).content.decode()
    # Mission East's page pins the country's centre (000 line 23), which is not its location:
    # no seed organisation has coordinates, so no organisation point is drawn.
    assert not m.Organisation.objects.filter(latitude__isnull=False).exists()
    assert '/"><rect class="point point-organisation"' not in content  # only the legend's
    places = m.Region.objects.filter(latitude__isnull=False).exclude(kind__in=["country", "region"])
    assert content.count('class="point point-place"') == places.count() + 1  # + the legend's
    khorog = m.Region.objects.get(slug="khorog")
    assert f'<a href="{khorog.get_absolute_url()}"><circle class="point point-place"' in content


@pytest.mark.django_db
def test_inclusion_tags_for_other_pages(seeded):
    rendered = Template("{% load charts %}{% region_map highlight='gbao' %}").render(Context())
    assert len(areas(rendered)) == 5
    assert 'class="area shade-3 highlight"' in rendered
    case_study = case_study_detail().get(number=13)
    rendered = Template(
        "{% load charts %}{% funding_mix_chart case_study.projects.all 'cs-mix' %}"
    ).render(Context({"case_study": case_study}))
    assert 'role="img" aria-labelledby="cs-mix-caption"' in rendered
    assert "<table>" in rendered and "Funding mix per project" in rendered

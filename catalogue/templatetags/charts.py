"""Charts and the region map for embedding in other pages.

``{% load charts %}`` then:

- ``{% funding_mix_chart case_study.projects.all "cs-mix" caption %}``: one 100%-stacked bar per
  project with its table; reads prefetched contributions only (``Project.objects.with_funding()``),
  so it adds no queries.
- ``{% region_map %}`` or ``{% region_map shade="funding" highlight=region.slug %}``: the
  five-region map with links, legend and points; four queries, whatever the data.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import gettext as _

from catalogue import chart_geometry, quality
from catalogue.selectors import charts as selectors

register = template.Library()


@register.inclusion_tag("catalogue/_chart_mix.html")
def funding_mix_chart(projects: Iterable, chart_id: str = "funding-mix", caption: str = "") -> dict:
    records = []
    left_out = 0
    for project in projects:
        by_party = quality.usd_by_party(list(project.contributions.all()))
        if by_party:
            records.append((project.title, project.get_absolute_url(), by_party))
        else:
            left_out += 1
    chart = chart_geometry.mix_chart(records)
    note = _("%(included)d projects with USD amounts; %(left_out)d without them are left out.") % {
        "included": len(chart.rows),
        "left_out": left_out,
    }
    return {
        "chart": chart,
        "chart_id": chart_id,
        "caption": caption or _("Funding mix per project"),
        "note": note,
        "record_heading": _("Project"),
    }


@register.inclusion_tag("catalogue/_map.html")
def region_map(shade: str = "cases", highlight: str = "", map_id: str = "region-map") -> dict:
    return {**selectors.region_map_context(shade), "highlight": highlight, "map_id": map_id}

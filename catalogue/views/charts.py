"""Charts and the region map: thin views over ``selectors.charts`` and ``chart_geometry``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalogue import chart_geometry
from catalogue.cache import cached_page
from catalogue.selectors import charts as selectors


@require_safe
@cached_page
def charts(request: HttpRequest) -> HttpResponse:
    regions = selectors.region_figures()
    donors = selectors.donor_figures()
    years = selectors.case_studies_by_founding_year()
    context = {
        "coverage": selectors.coverage(),
        "project_mix": chart_geometry.mix_chart(selectors.mix_by_project()),
        "case_study_mix": chart_geometry.mix_chart(selectors.mix_by_case_study()),
        "region_cases": chart_geometry.bar_chart(
            (r.name, r.url, r.case_studies, r.case_studies) for r in regions
        ),
        "region_funding": chart_geometry.bar_chart(
            (r.name, r.url, r.funding_usd, r.contributions) for r in regions
        ),
        "donor_funding": chart_geometry.bar_chart(
            (d.name, d.url, d.funding_usd, d.contributions) for d in donors
        ),
        "matrix": chart_geometry.matrix(
            [(d.name, d.url) for d in donors],
            [(r.name, r.url) for r in regions],
            selectors.donor_region_matrix_cells(donors, regions),
        ),
        "years": years,
        "year_chart": chart_geometry.year_columns(years.by_year),
    }
    return render(request, "catalogue/charts.html", context)


@require_safe
@cached_page
def region_map(request: HttpRequest) -> HttpResponse:
    context = selectors.region_map_context(request.GET.get("shade"))
    return render(request, "catalogue/map.html", context)

"""Site-wide pages: home, about, sources with numbered lines, data quality, exchange rates."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from catalogue import quality
from catalogue.cache import cached_page
from catalogue.core.rates import rates_meta
from catalogue.models import ExchangeRate, Project, SourceDocument
from catalogue.quality import FLAG_LABELS, FLAG_TREATMENT
from catalogue.selectors import records as selectors

LINE_RANGE = re.compile(r"^(\d{1,6})(?:-(\d{1,6}))?$")


@require_safe
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": selectors.catalogue_counts(),
        "regions": selectors.region_list_with_projects(),
        "funding": selectors.catalogue_funding(),
        "published": selectors.sources_published(),
    }
    return render(request, "catalogue/home.html", context)


@require_safe
@cached_page
def about(request: HttpRequest) -> HttpResponse:
    context = {
        "facts": selectors.about_facts(),
        "example": selectors.citation_example(),
        "rates_meta": rates_meta(),
        "flags": [(code, FLAG_LABELS[code], FLAG_TREATMENT[code]) for code in FLAG_LABELS],
        "contact_email": settings.HAMKORI_CONTACT_EMAIL,
        "code_licence": settings.HAMKORI_CODE_LICENCE,
        "data_licence": settings.HAMKORI_DATA_LICENCE,
    }
    return render(request, "catalogue/about.html", context)


@require_safe
@cached_page
def data_quality(request: HttpRequest) -> HttpResponse:
    projects = selectors.flagged_projects()
    project_count = Project.objects.count()
    return render(
        request,
        "catalogue/data_quality.html",
        {
            "projects": projects,
            "kinds": quality.flags_by_kind(projects, project_count),
            "project_count": project_count,
            "without_figures": selectors.activities_without_figures(),
            "totals": selectors.headline_totals(),
        },
    )


@require_safe
@cached_page
def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/source_list.html", {"documents": selectors.source_list()})


def parse_line_range(value: str | None) -> tuple[int, int] | None:
    """'12-15' or '12' → (12, 15); anything else is ignored rather than an error."""
    match = LINE_RANGE.match(value or "")
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if first <= last else None


@require_safe
@cached_page
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(SourceDocument, slug=slug)
    highlight = parse_line_range(request.GET.get("lines"))
    lines = selectors.source_lines(document, highlight)
    context = {"document": document, "lines": lines, "highlight": highlight}
    return render(request, "catalogue/source_detail.html", context)


@require_safe
@cached_page
def exchange_rates(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/exchange_rates.html", {"rates": ExchangeRate.objects.all()})

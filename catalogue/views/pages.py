"""Site-wide pages: home, about, sources with numbered lines, data quality, exchange rates."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from catalogue import quality
from catalogue.cache import cached_page
from catalogue.core.rates import rates_meta
from catalogue.models import ExchangeRate, Project, SourceDocument
from catalogue.quality import FLAG_LABELS, FLAG_TREATMENT
from catalogue.selectors import records as selectors

# A kind of flag lists this many projects on the summary page, and this many per page alone.
FLAGGED_PER_KIND = 20
FLAGGED_PER_PAGE = 50

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
    """The summary by kind of flag, then a bounded list under each kind (``?kind=`` pages
    through all the projects of one kind): the page does not grow with the catalogue."""
    counts = selectors.flag_counts()
    project_count = Project.objects.count()
    kind = request.GET.get("kind")
    page = None
    if kind in FLAG_LABELS:
        page = Paginator(selectors.flagged_projects(kind), FLAGGED_PER_PAGE).get_page(
            request.GET.get("page")
        )
        kinds = [quality.flag_kind(kind, page.object_list, counts[kind], project_count)]
    else:
        kind = None
        kinds = [
            quality.flag_kind(code, projects, counts[code], project_count)
            for code, projects in selectors.first_flagged(FLAGGED_PER_KIND).items()
            if projects
        ]
    return render(
        request,
        "catalogue/data_quality.html",
        {
            "flagged_count": counts["any"],
            "kind": kind,
            "kinds": kinds,
            "page": page,
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

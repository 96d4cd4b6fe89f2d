"""Site-wide pages: home, sources with numbered lines, data quality, exchange rates."""

from __future__ import annotations

import re

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from catalogue.models import (
    CaseStudy,
    Contribution,
    Donor,
    ExchangeRate,
    Organisation,
    OrganisationKind,
    Project,
    SourceDocument,
)
from catalogue.selectors import records as selectors

LINE_RANGE = re.compile(r"^(\d{1,6})(?:-(\d{1,6}))?$")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": {
            "case_studies": CaseStudy.objects.count(),
            "organisations": Organisation.objects.exclude(kind=OrganisationKind.GOVERNMENT).count(),
            "government_bodies": Organisation.objects.filter(
                kind=OrganisationKind.GOVERNMENT
            ).count(),
            "projects": Project.objects.count(),
            "donors": Donor.objects.count(),
        },
        "regions": selectors.region_list().annotate(
            project_count=Count("case_studies__projects", distinct=True)
        ),
        "funding": selectors.funding_summary(Contribution.objects.all()),
    }
    return render(request, "catalogue/home.html", context)


@require_safe
def data_quality(request: HttpRequest) -> HttpResponse:
    projects = selectors.flagged_projects()
    return render(
        request,
        "catalogue/data_quality.html",
        {"projects": projects, "project_count": Project.objects.count()},
    )


@require_safe
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
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(SourceDocument, slug=slug)
    highlight = parse_line_range(request.GET.get("lines"))
    spans = selectors.cited_spans(document)
    # Every cited span gets an anchor at its first line (#L1955-L1958), and cited lines a mark.
    anchors: dict[int, list[str]] = {}
    cited: set[int] = set()
    for first, last in sorted(spans):
        anchors.setdefault(first, []).append(f"L{first}-L{last}")
        cited.update(range(first, last + 1))
    if highlight and f"L{highlight[0]}-L{highlight[1]}" not in anchors.get(highlight[0], []):
        anchors.setdefault(highlight[0], []).append(f"L{highlight[0]}-L{highlight[1]}")
    lines = [
        {
            "number": number,
            "text": text,
            "anchors": anchors.get(number, ()),
            "cited": number in cited,
            "highlighted": highlight is not None and highlight[0] <= number <= highlight[1],
        }
        for number, text in enumerate(document.lines(), start=1)
    ]
    context = {"document": document, "lines": lines, "highlight": highlight}
    return render(request, "catalogue/source_detail.html", context)


@require_safe
def exchange_rates(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/exchange_rates.html", {"rates": ExchangeRate.objects.all()})

"""Public pages: plain function views, one per page; reads live in ``selectors``."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from catalogue import selectors
from catalogue.models import (
    CaseStudy,
    Donor,
    ExchangeRate,
    Organisation,
    Project,
    SourceDocument,
)

PAGE_SIZE = 50
LINE_RANGE = re.compile(r"^(\d{1,6})(?:-(\d{1,6}))?$")


def paginate(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": {
            "case_studies": CaseStudy.objects.count(),
            "organisations": Organisation.objects.count(),
            "projects": Project.objects.count(),
            "donors": Donor.objects.count(),
        },
        "regions": selectors.region_list(),
    }
    return render(request, "catalogue/home.html", context)


@require_safe
def casestudy_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.case_study_list())
    return render(request, "catalogue/casestudy_list.html", {"page": page})


@require_safe
def casestudy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case_study = get_object_or_404(selectors.case_study_detail(), slug=slug)
    return render(request, "catalogue/casestudy_detail.html", {"case_study": case_study})


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.organisation_list())
    return render(request, "catalogue/organisation_list.html", {"page": page})


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisation_detail(), slug=slug)
    return render(request, "catalogue/organisation_detail.html", {"organisation": organisation})


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.project_list())
    return render(request, "catalogue/project_list.html", {"page": page})


@require_safe
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(selectors.project_detail(), slug=slug)
    return render(request, "catalogue/project_detail.html", {"project": project})


@require_safe
def donor_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.donor_list())
    return render(request, "catalogue/donor_list.html", {"page": page})


@require_safe
def donor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    donor = get_object_or_404(selectors.donor_detail(), slug=slug)
    return render(request, "catalogue/donor_detail.html", {"donor": donor})


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/region_list.html", {"regions": selectors.region_list()})


@require_safe
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(selectors.region_detail(), slug=slug)
    return render(request, "catalogue/region_detail.html", {"region": region})


@require_safe
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(selectors.theme_detail(), slug=slug)
    return render(request, "catalogue/term_detail.html", {"term": theme})


@require_safe
def collaborationtype_detail(request: HttpRequest, slug: str) -> HttpResponse:
    term = get_object_or_404(selectors.collaboration_type_detail(), slug=slug)
    return render(request, "catalogue/term_detail.html", {"term": term})


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
    lines = [
        {
            "number": number,
            "text": text,
            "highlighted": highlight is not None and highlight[0] <= number <= highlight[1],
        }
        for number, text in enumerate(document.lines(), start=1)
    ]
    context = {"document": document, "lines": lines, "highlight": highlight}
    return render(request, "catalogue/source_detail.html", context)


@require_safe
def exchange_rates(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/exchange_rates.html", {"rates": ExchangeRate.objects.all()})

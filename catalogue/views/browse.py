"""List pages: browse, filter, search, sort and export (see ``catalogue.selectors.lists``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalogue.selectors import lists

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def casestudy_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, lists.case_study_list())
    return render(request, "catalogue/casestudy_list.html", {"page": page})


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, lists.organisation_list())
    return render(request, "catalogue/organisation_list.html", {"page": page})


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, lists.project_list())
    return render(request, "catalogue/project_list.html", {"page": page})


@require_safe
def donor_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, lists.donor_list())
    return render(request, "catalogue/donor_list.html", {"page": page})

"""List pages: browse, filter, search, sort and export (see ``catalogue.selectors.lists``).

Each view parses the request, asks its selector, then renders a page or an export
(``?format=csv`` / ``?format=json``, with the same filters, search and sort).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from catalogue import exports
from catalogue import search as full_text
from catalogue.cache import cached_page
from catalogue.filters import MAX_QUERY_LENGTH
from catalogue.selectors import lists

PAGE_SIZE = 50


def _list_page(
    request: HttpRequest,
    selector: Callable[..., lists.ListResult],
    list_name: str,
    template: str,
) -> HttpResponse:
    if _has_repeats(request):
        return redirect(request.path + "?" + _deduplicated(request).urlencode())
    result = selector(params=request.GET)
    export_format = request.GET.get("format")
    if export_format in exports.formats(list_name):
        return exports.respond(request, list_name, result, export_format)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "result": result,
        "page": page,
        "facets": result.facets(),
        "active_filters": result.active(),
        "list_name": list_name,
    }
    return render(request, template, context)


def _has_repeats(request: HttpRequest) -> bool:
    return any(len(values) != len(set(values)) for _name, values in request.GET.lists())


def _deduplicated(request: HttpRequest) -> QueryDict:
    """The same query with each repeated value once, so shared URLs stay short."""
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        params.setlist(name, list(dict.fromkeys(values)))
    return params


@require_safe
@cached_page
def casestudy_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request, lists.case_study_list, "case-studies", "catalogue/casestudy_list.html"
    )


@require_safe
@cached_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request, lists.organisation_list, "organisations", "catalogue/organisation_list.html"
    )


@require_safe
@cached_page
def project_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, lists.project_list, "projects", "catalogue/project_list.html")


@require_safe
@cached_page
def donor_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, lists.donor_list, "donors", "catalogue/donor_list.html")


@require_safe
@cached_page
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    sections = lists.search_everything(q=q) if full_text.terms(q) else []
    context = {"q": q, "terms": full_text.terms(q), "sections": sections}
    return render(request, "catalogue/search.html", context)

"""Compare 2 to 4 records side by side; a tray in the session remembers the selection.

The comparison page's own URL holds the selection (``?s=slug&s=slug``) so it can be shared;
the tray only helps build it. Adding and removing are POSTs (they change state), and work
without JavaScript.
"""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from catalogue.cache import cached_page
from catalogue.compare import (
    COMPARABLES,
    MAX_ITEMS,
    MIN_ITEMS,
    build_comparison,
    clean_selection,
    comparison_url,
    find_record,
)
from catalogue.compare_tray import add_to_tray, remove_from_tray
from catalogue.exports import safe_cell


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = fallback
    return HttpResponseRedirect(target)


@require_POST
def compare_add(request: HttpRequest) -> HttpResponse:
    kind, slug = request.POST.get("kind", ""), request.POST.get("slug", "")
    if kind not in COMPARABLES:
        raise Http404
    record = find_record(kind, slug)
    if record is None:
        raise Http404
    slugs = add_to_tray(request, kind, slug, str(record))
    return redirect_back(request, comparison_url(kind, slugs))


@require_POST
def compare_remove(request: HttpRequest) -> HttpResponse:
    kind, slug = request.POST.get("kind", ""), request.POST.get("slug", "")
    remove_from_tray(request, kind, slug)
    return redirect_back(request, reverse("catalogue:home"))


@require_safe
@cached_page
def compare(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in COMPARABLES:
        raise Http404
    slugs = clean_selection(request.GET.getlist("s"))
    comparison = build_comparison(kind, slugs)
    if request.GET.get("format") == "csv" and len(comparison.records) >= MIN_ITEMS:
        return comparison_csv(comparison)
    context = {
        "comparable": COMPARABLES[kind],
        "comparison": comparison,
        "enough": len(comparison.records) >= MIN_ITEMS,
        "missing": len(slugs) - len(comparison.records),
        "min_items": MIN_ITEMS,
        "max_items": MAX_ITEMS,
        "csv_url": comparison_url(kind, [r.slug for r in comparison.records]) + "&format=csv",
    }
    return render(request, "catalogue/compare.html", context)


def comparison_csv(comparison) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="hamkori-compare-{comparison.kind}.csv"'
    )
    writer = csv.writer(response)
    # Every cell goes through safe_cell, the header too: it holds the records' names.
    writer.writerow(
        [safe_cell(_("Row")), *(safe_cell(record) for record in comparison.records), _("Differs")]
    )
    for row in comparison.rows:
        writer.writerow(
            [
                safe_cell(row.label),
                *(safe_cell(cell.text) for cell in row.cells),
                _("yes") if row.differs else "",
            ]
        )
    return response

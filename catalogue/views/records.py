"""Record pages: one function view per detail page; reads live in ``selectors.records``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from catalogue.cache import cached_page
from catalogue.selectors import records as selectors

# A region page lists this many case studies, projects and organisations of each kind.
REGION_LIST_LIMIT = 30


@require_safe
@cached_page
def casestudy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case_study = get_object_or_404(selectors.case_study_detail(), slug=slug)
    return render(request, "catalogue/casestudy_detail.html", {"case_study": case_study})


@require_safe
@cached_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisation_detail(), slug=slug)
    context = {
        "organisation": organisation,
        **selectors.organisation_projects(organisation),
        "funding": selectors.organisation_funding(organisation),
        "partners": selectors.partners_of(organisation),
        "donors": selectors.donors_of(organisation),
    }
    return render(request, "catalogue/organisation_detail.html", context)


@require_safe
@cached_page
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(selectors.project_detail(), slug=slug)
    return render(request, "catalogue/project_detail.html", {"project": project})


@require_safe
@cached_page
def donor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    donor = get_object_or_404(selectors.donor_detail(), slug=slug)
    context = {
        "donor": donor,
        "funding": selectors.donor_funding(donor),
        "roles": selectors.donor_roles(donor),
        "regions": selectors.regions_of_donor(donor),
    }
    return render(request, "catalogue/donor_detail.html", context)


@require_safe
@cached_page
def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/region_list.html", {"regions": selectors.region_list()})


@require_safe
@cached_page
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(selectors.region_detail(), slug=slug)
    contents = selectors.region_contents(region)
    # Each list shows its first rows and links to the full list filtered by this place.
    context = {
        "region": region,
        "case_studies": contents.case_studies[:REGION_LIST_LIMIT],
        "organisations": contents.organisations[:REGION_LIST_LIMIT],
        "projects": contents.projects[:REGION_LIST_LIMIT],
        "counts": {
            "case_studies": contents.case_studies.count(),
            "organisations": contents.organisations.count(),
            "projects": contents.projects.count(),
        },
        "funding": contents.funding,
    }
    return render(request, "catalogue/region_detail.html", context)


@require_safe
@cached_page
def vocabulary_list(request: HttpRequest) -> HttpResponse:
    themes, collaboration_types = selectors.vocabularies()
    context = {"themes": themes, "collaboration_types": collaboration_types}
    return render(request, "catalogue/vocabulary_list.html", context)


@require_safe
@cached_page
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(selectors.theme_detail(), slug=slug)
    return render(request, "catalogue/term_detail.html", {"term": theme})


@require_safe
@cached_page
def collaborationtype_detail(request: HttpRequest, slug: str) -> HttpResponse:
    term = get_object_or_404(selectors.collaboration_type_detail(), slug=slug)
    return render(request, "catalogue/term_detail.html", {"term": term})

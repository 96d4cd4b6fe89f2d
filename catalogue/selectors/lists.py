"""Reads for the list pages: filter (``catalogue.filters``), search, annotate, sort.

Each list selector takes the request's parameters and returns a ``ListResult``: the filtered
and sorted rows (not yet paginated), the FilterSet (form, errors, facets, active filters) and
an honest aggregate of the USD figures. Row annotations are correlated subqueries, so counts
and sums are never multiplied by joins, and the number of queries does not grow with the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from catalogue import search
from catalogue.filters import (
    ActiveFilter,
    CaseStudyFilterSet,
    DonorFilterSet,
    Facet,
    ListFilterSet,
    OrganisationFilterSet,
    ProjectFilterSet,
)
from catalogue.models import CaseStudy, CaseStudyDonor, Contribution, Donor, Organisation, Project

USD = models.DecimalField(max_digits=16, decimal_places=2)
RELEVANCE = "relevance"


def _count(model, fk: str, condition: Q | None = None, distinct: str = "pk"):
    rows = model.objects.filter(**{fk: OuterRef("pk")})
    if condition is not None:
        rows = rows.filter(condition)
    counted = rows.order_by().values(fk).annotate(_c=Count(distinct, distinct=True)).values("_c")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def _sum(model, fk: str, amount: str):
    summed = (
        model.objects.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(_s=Sum(amount))
        .values("_s")
    )
    return Subquery(summed, output_field=USD)


@dataclass
class Summary:
    """A USD aggregate that says what it includes and what it leaves out."""

    total_usd: Decimal | None
    included: int
    left_out: int
    unit: str  # "projects" or "contributions"
    not_stated: int = 0  # contributions naming a funder without an amount: not left-out figures


@dataclass
class ListResult:
    filterset: ListFilterSet
    rows: QuerySet
    sort: str
    sorts: list[tuple[str, str]]
    q: str
    terms: list[str]
    summary: Summary | None = None
    params: QueryDict = field(default_factory=QueryDict)
    # with a donor filter: those donors' own contributions to the listed projects
    donor_summary: Summary | None = None
    donor_names: str = ""

    def facets(self) -> list[Facet]:
        return self.filterset.facets()

    def active(self) -> list[ActiveFilter]:
        return self.filterset.active(self.params)

    @property
    def form(self):
        return self.filterset.form


def _ordering(sorts: dict, key: str) -> list:
    descending = key.startswith("-")
    fields = sorts[key.lstrip("-")][1]
    ordering = []
    for name in fields:
        expression = F(name)
        ordering.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    return [*ordering, "pk"]


@dataclass(frozen=True)
class ListSpec:
    """What makes one list: its filters (and so its model), its sorts and its row annotations."""

    filterset_class: type[ListFilterSet]
    sorts: dict[str, tuple[str, list[str]]]
    default_sort: str
    annotate: Callable[[QuerySet], QuerySet]


def _run(spec: ListSpec, params: QueryDict | None) -> ListResult:
    """Filter, search, annotate and sort one list (the rows stay a lazy queryset)."""
    params = params if params is not None else QueryDict()
    sorts, default_sort = spec.sorts, spec.default_sort
    model = spec.filterset_class._meta.model
    filterset = spec.filterset_class(params, queryset=model.objects.all())
    filtered = filterset.qs
    q = filterset.cleaned.get("q") or ""
    words = search.terms(q)
    rows = spec.annotate(filtered)
    choices = [(key, str(label)) for key, (label, _fields) in sorts.items()]
    requested = params.get("sort", "")
    if words:
        rows = search.with_rank(rows, q)
        choices.insert(0, (RELEVANCE, str(_("Relevance"))))
    if requested.lstrip("-") in sorts:
        sort = requested
    elif words and requested in ("", RELEVANCE):
        sort = RELEVANCE
    else:
        sort = default_sort
    if sort == RELEVANCE:
        rows = rows.order_by(F("rank").desc(), *_ordering(sorts, default_sort))
    else:
        rows = rows.order_by(*_ordering(sorts, sort))
    return ListResult(
        filterset=filterset,
        rows=rows,
        sort=sort,
        sorts=choices,
        q=q,
        terms=words,
        params=params,
    )


def _summary(rows: QuerySet, amount: str, unit: str) -> Summary:
    """One aggregate query: the sum of ``amount`` and how many rows have one or lack it."""
    figures = rows.order_by().aggregate(
        total=Sum(amount),
        included=Count("pk", filter=Q(**{f"{amount}__isnull": False})),
        left_out=Count("pk", filter=Q(**{f"{amount}__isnull": True})),
    )
    return Summary(figures["total"], figures["included"], figures["left_out"], unit)


def _project_summary(projects: QuerySet[Project]) -> Summary:
    return _summary(projects, "total_usd", "projects")


# --- case studies -------------------------------------------------------------------------

CASE_STUDY_SORTS = {
    "number": (_("Number"), ["number", "title"]),
    "title": (_("Title"), ["title"]),
    "organisation": (_("Organisation"), ["organisation__name"]),
    "region": (_("Region"), ["region__name", "number"]),
    "projects": (_("Projects"), ["project_count"]),
    "usd": (_("Stated totals (USD)"), ["usd_total"]),
}


def _annotate_case_studies(queryset: QuerySet[CaseStudy]) -> QuerySet[CaseStudy]:
    return queryset.select_related("organisation", "region", "district").annotate(
        project_count=_count(Project, "case_study"),
        usd_total=_sum(Project, "case_study", "total_usd"),
        usd_projects=_count(Project, "case_study", Q(total_usd__isnull=False)),
    )


CASE_STUDIES = ListSpec(CaseStudyFilterSet, CASE_STUDY_SORTS, "number", _annotate_case_studies)


def case_study_list(*, params: QueryDict | None = None) -> ListResult:
    result = _run(CASE_STUDIES, params)
    result.summary = _project_summary(Project.objects.of_case_studies(result.filterset.qs))
    return result


# --- organisations ------------------------------------------------------------------------

ORGANISATION_SORTS = {
    "name": (_("Name"), ["name"]),
    "kind": (_("Kind"), ["kind", "name"]),
    "region": (_("Region"), ["region__name", "name"]),
    "founded": (_("Founded"), ["founded_year", "name"]),
    "case_studies": (_("Case studies"), ["case_study_count"]),
    "projects": (_("Projects"), ["project_count"]),
    "usd": (_("Stated totals (USD)"), ["usd_total"]),
}


def _annotate_organisations(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return queryset.select_related("region").annotate(
        case_study_count=_count(CaseStudy, "organisation"),
        project_count=_count(Project, "organisation"),
        usd_total=_sum(Project, "organisation", "total_usd"),
        usd_projects=_count(Project, "organisation", Q(total_usd__isnull=False)),
    )


ORGANISATIONS = ListSpec(OrganisationFilterSet, ORGANISATION_SORTS, "name", _annotate_organisations)


def organisation_list(*, params: QueryDict | None = None) -> ListResult:
    result = _run(ORGANISATIONS, params)
    result.summary = _project_summary(Project.objects.of_organisations(result.filterset.qs))
    return result


# --- projects -----------------------------------------------------------------------------

PROJECT_SORTS = {
    "case_study": (_("Case study"), ["case_study__number", "sequence", "title"]),
    "title": (_("Title"), ["title"]),
    "organisation": (_("Organisation"), ["organisation__name", "title"]),
    "region": (_("Region"), ["case_study__region__name", "title"]),
    "year": (_("Year"), ["start_year", "end_year", "title"]),
    "usd": (_("Stated total (USD)"), ["total_usd"]),
}


def _annotate_projects(queryset: QuerySet[Project]) -> QuerySet[Project]:
    return queryset.select_related("organisation", "case_study__region")


PROJECTS = ListSpec(ProjectFilterSet, PROJECT_SORTS, "case_study", _annotate_projects)


def project_list(*, params: QueryDict | None = None) -> ListResult:
    result = _run(PROJECTS, params)
    result.summary = _project_summary(result.filterset.qs)
    form = result.filterset.form
    donors = list(form.cleaned_data.get("donor") or []) if form.is_valid() else []
    if donors:
        # the projects' stated totals include every party's share: say the donors' own
        result.donor_summary = _contribution_summary(
            Contribution.objects.filter(project__in=result.filterset.qs, donor__in=donors)
        )
        result.donor_names = ", ".join(str(d) for d in donors)
    return result


# --- donors -------------------------------------------------------------------------------

DONOR_SORTS = {
    "name": (_("Name"), ["name"]),
    "kind": (_("Kind"), ["kind", "name"]),
    "country": (_("Country"), ["country", "name"]),
    "projects": (_("Projects funded"), ["project_count"]),
    "case_studies": (_("Case studies"), ["case_study_count"]),
    "usd": (_("Contributed (USD)"), ["usd_total"]),
}


def _annotate_donors(queryset: QuerySet[Donor]) -> QuerySet[Donor]:
    return queryset.annotate(
        project_count=_count(Contribution, "donor", distinct="project"),
        case_study_count=_count(CaseStudyDonor, "donor"),
        usd_total=_sum(Contribution, "donor", "amount_usd"),
        usd_contributions=_count(Contribution, "donor", Q(amount_usd__isnull=False)),
        contribution_count=_count(Contribution, "donor"),
        not_stated_count=_count(Contribution, "donor", Q(amount__isnull=True)),
    )


DONORS = ListSpec(DonorFilterSet, DONOR_SORTS, "name", _annotate_donors)


def _contribution_summary(contributions: QuerySet[Contribution]) -> Summary:
    """One aggregate query: the USD sum, the stated amounts it includes and leaves out, and
    apart from both the funders named without an amount."""
    stated = Q(amount__isnull=False)
    figures = contributions.order_by().aggregate(
        total=Sum("amount_usd"),
        included=Count("pk", filter=Q(amount_usd__isnull=False)),
        left_out=Count("pk", filter=stated & Q(amount_usd__isnull=True)),
        not_stated=Count("pk", filter=~stated),
    )
    return Summary(
        figures["total"],
        figures["included"],
        figures["left_out"],
        "contributions",
        figures["not_stated"],
    )


def donor_list(*, params: QueryDict | None = None) -> ListResult:
    result = _run(DONORS, params)
    result.summary = _contribution_summary(Contribution.objects.of_donors(result.filterset.qs))
    return result


# --- search across lists ------------------------------------------------------------------

SEARCH_SECTION_SIZE = 10


@dataclass
class SearchSection:
    key: str
    title: str
    list_url_name: str
    rows: list
    total: int
    snippet_fields: str


def search_everything(*, q: str) -> list[SearchSection]:
    """The best matches for ``q`` among case studies, organisations and projects (the lists'
    rows without their summary aggregates, which the search page does not show)."""
    sections = []
    params = QueryDict(mutable=True)
    params["q"] = q
    for key, title, url_name, spec, snippet_fields in (
        (
            "case_studies",
            _("Case studies"),
            "catalogue:casestudy_list",
            CASE_STUDIES,
            " ".join(CaseStudy.SECTION_FIELDS),
        ),
        (
            "organisations",
            _("Organisations"),
            "catalogue:organisation_list",
            ORGANISATIONS,
            "description",
        ),
        ("projects", _("Projects"), "catalogue:project_list", PROJECTS, "description"),
    ):
        result = _run(spec, params)
        sections.append(
            SearchSection(
                key=key,
                title=str(title),
                list_url_name=url_name,
                rows=list(result.rows[:SEARCH_SECTION_SIZE]),
                total=result.filterset.qs.count(),
                snippet_fields=snippet_fields,
            )
        )
    return sections

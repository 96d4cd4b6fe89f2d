"""The list pages' filters (django-filter), their facet counts and the "active filters" bar.

Every list is filtered on the plain model queryset: each filter that follows a to-many relation
narrows by ``pk__in`` a subquery, so a record is never repeated and the annotations the
selectors add afterwards (counts, sums, rank) are never multiplied by joins.

Several values of one filter combine with OR, different filters with AND. A facet's counts
are computed over the records that match every *other* active filter, so each count says how
many results ticking that option would give (ticking one more option of the same facet widens
the results by at most that many). One query per facet: a ``GROUP BY`` for plain fields and
tags; for regions a single query over the regions with a correlated count, because a record
reaches a region through several paths (its region, district, places) and through the place
hierarchy (village → jamoat → district → region).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import django_filters as df
from django import forms
from django.db import models
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from catalogue import search
from catalogue.models import (
    ActivityStatus,
    CaseStudy,
    CollaborationType,
    Currency,
    Donor,
    DonorKind,
    Organisation,
    OrganisationKind,
    PartnerLevel,
    PartyKind,
    Project,
    Region,
    RegionQuerySet,
    Theme,
)

MAX_VALUES = 50  # values of one filter; more is an error, not a slow query
MAX_QUERY_LENGTH = 200


def place_q(paths: tuple[str, ...], target, lookup: str) -> Q:
    """Records with a place, on any of ``paths``, that is ``target`` or lies inside it."""
    condition = Q()
    for path in paths:
        chain = path
        for _level in range(RegionQuerySet.DEPTH):
            condition |= Q(**{f"{chain}__{lookup}": target})
            chain += "__parent"
    return condition


class LimitedMultipleChoiceField(forms.MultipleChoiceField):
    def clean(self, value):
        if value and len(set(value)) > MAX_VALUES:
            raise forms.ValidationError(
                _("Choose at most %(max)d values."), params={"max": MAX_VALUES}
            )
        return super().clean(sorted(set(value or [])))


class LimitedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if value and len(set(value)) > MAX_VALUES:
            raise forms.ValidationError(
                _("Choose at most %(max)d values."), params={"max": MAX_VALUES}
            )
        return super().clean(sorted(set(value or [])))


class FacetMixin:
    """A filter shown as a facet: checkboxes with counts. ``path`` is what the facet groups by."""

    def __init__(self, *args, path: str = "", **kwargs):
        self.path = path
        kwargs.setdefault("method", "filter_facet")
        super().__init__(*args, **kwargs)


class ChoiceFacet(FacetMixin, df.MultipleChoiceFilter):
    field_class = LimitedMultipleChoiceField


class ModelFacet(FacetMixin, df.ModelMultipleChoiceFilter):
    field_class = LimitedModelMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class RegionFacet(ModelFacet):
    """Accepts any place's slug (a region page's slug); offers the top-level regions."""

    def __init__(self, *args, paths: tuple[str, ...], **kwargs):
        self.paths = paths
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs["method"] = "filter_region"
        super().__init__(*args, path="", **kwargs)


class YearFilter(df.NumberFilter):
    field_class = forms.IntegerField


def amount_filter(label, lookup: str) -> df.NumberFilter:
    return df.NumberFilter(
        label=label,
        method="filter_amount",
        lookup_expr=lookup,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )


def year_filter(label, lookup: str) -> YearFilter:
    return YearFilter(
        label=label, method="filter_year", lookup_expr=lookup, min_value=1900, max_value=2100
    )


HAS_FUNDING_CHOICES = [("yes", _("With funding figures")), ("no", _("Without funding figures"))]


class ListForm(forms.Form):
    """Rejects reversed ranges on the field, so the rest of the filters still apply."""

    RANGES = (("min_usd", "max_usd"), ("year_from", "year_to"))

    def clean(self):
        cleaned = super().clean()
        for low, high in self.RANGES:
            bounds = cleaned.get(low), cleaned.get(high)
            if None not in bounds and bounds[0] > bounds[1]:
                message = _("The lower bound is larger than the upper bound.")
                self.add_error(low, message)
                self.add_error(high, message)
        return cleaned


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class Facet:
    name: str
    legend: str
    options: list[Option]


@dataclass(frozen=True)
class ActiveFilter:
    legend: str
    label: str
    remove_url: str


class ListFilterSet(df.FilterSet):
    """Shared behaviour: OR within a facet, AND across filters, facet counts, active filters."""

    q = df.CharFilter(label=_("Search"), method="filter_q", max_length=MAX_QUERY_LENGTH)

    amount_expression = None  # what the USD amount range compares, per record
    year_paths: tuple[str, str] = ("", "")  # (first year, last year)
    funding_condition: Q = Q()  # a record "has funding figures"
    range_legends = {
        "usd": _("Amount in USD (normalised)"),
        "year": _("Years"),
    }

    class Meta:
        form = ListForm
        fields: list[str] = []

    # --- filtering -------------------------------------------------------------------------

    def _within(self, queryset: QuerySet, condition: Q) -> QuerySet:
        model = queryset.model
        return queryset.filter(pk__in=model.objects.filter(condition).values("pk"))

    def filter_q(self, queryset, name, value):
        if not search.terms(value):
            return queryset
        # The index is read once per request; every facet's statement reuses the ids.
        cache = self.__dict__.setdefault("_search_ids", {})
        if value not in cache:
            cache[value] = search.matching_ids(queryset.model, value)
        return queryset.filter(pk__in_ids=cache[value])

    def filter_facet(self, queryset, name, value):
        if not value:
            return queryset
        f = self.filters[name]
        values = [getattr(v, "slug", v) for v in value]
        if "__" not in f.path:
            return queryset.filter(**{f"{f.path}__in": values})
        return self._within(queryset, Q(**{f"{f.path}__in": values}))

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        within = Region.objects.within(value).values("pk")
        condition = Q()
        for path in self.filters[name].paths:
            condition |= Q(**{f"{path}__in": within})
        return self._within(queryset, condition)

    def filter_amount(self, queryset, name, value):
        if value is None:
            return queryset
        lookup = self.filters[name].lookup_expr
        model = queryset.model
        matching = (
            model.objects.annotate(_amount=self.amount_expression)
            .filter(**{f"_amount__{lookup}": value})
            .values("pk")
        )
        return queryset.filter(pk__in=matching)

    def filter_year(self, queryset, name, value):
        """Year ranges overlap: a record from 2003 to 2006 is in 2005–2008."""
        if value is None:
            return queryset
        first, last = self.year_paths
        if self.filters[name].lookup_expr == "gte":
            condition = Q(**{f"{last}__gte": value}) | Q(
                **{f"{last}__isnull": True, f"{first}__gte": value}
            )
        else:
            condition = Q(**{f"{first}__lte": value}) | Q(
                **{f"{first}__isnull": True, f"{last}__lte": value}
            )
        return self._within(queryset, condition)

    def filter_active_in(self, queryset, name, value):
        """Active in a year: the project's printed years [first, last] cover it. A project that
        prints one year (the other empty) is active in that year alone; one without years in
        none, since nothing says when it ran."""
        if value is None:
            return queryset
        first, last = self.year_paths
        condition = (
            Q(**{f"{first}__lte": value, f"{last}__gte": value})
            | Q(**{first: value, f"{last}__isnull": True})
            | Q(**{f"{first}__isnull": True, last: value})
        )
        return self._within(queryset, condition)

    def filter_has_funding(self, queryset, name, value):
        if value == "yes":
            return self._within(queryset, self.funding_condition)
        if value == "no":
            return queryset.exclude(
                pk__in=queryset.model.objects.filter(self.funding_condition).values("pk")
            )
        return queryset

    # --- facets ----------------------------------------------------------------------------

    @property
    def cleaned(self) -> dict:
        self.errors  # validate once  # noqa: B018
        return getattr(self.form, "cleaned_data", {})

    def queryset_without(self, skip: str) -> QuerySet:
        """The base queryset filtered by every valid filter except ``skip``."""
        queryset = self.queryset.all()
        for name, value in self.cleaned.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_names(self) -> list[str]:
        return [name for name, f in self.filters.items() if isinstance(f, FacetMixin)]

    def facets(self) -> list[Facet]:
        return [self.facet(name) for name in self.facet_names()]

    def facet(self, name: str) -> Facet:
        f = self.filters[name]
        selected = {getattr(v, "slug", v) for v in self.cleaned.get(name) or []}
        base = self.queryset_without(name).order_by()
        if isinstance(f, RegionFacet):
            options = self._region_options(f, base)
        else:
            counts = dict(
                base.values(_key=F(f.path))
                .annotate(_n=Count("pk", distinct=True))
                .values_list("_key", "_n")
            )
            if isinstance(f, ModelFacet):
                choices = [(obj.slug, str(obj)) for obj in f.queryset.order_by("name")]
            else:
                choices = [(str(value), str(label)) for value, label in f.extra["choices"]]
            options = [(value, label, counts.get(value, 0)) for value, label in choices]
        return Facet(
            name=name,
            legend=str(f.label),
            options=[
                Option(value=value, label=label, count=count, checked=value in selected)
                for value, label, count in options
            ],
        )

    def _region_options(self, f: RegionFacet, base: QuerySet) -> list[tuple[str, str, int]]:
        counted = (
            base.filter(place_q(f.paths, OuterRef("pk"), "exact"))
            .annotate(_one=models.Value(1))
            .values("_one")
            .annotate(_n=Count("pk", distinct=True))
            .values("_n")
        )
        regions = (
            Region.objects.first_level()
            .annotate(_n=Coalesce(Subquery(counted), 0))
            .order_by("name")
            .values_list("slug", "name", "_n")
        )
        return list(regions)

    # --- the active filters bar ------------------------------------------------------------

    def active(self, params) -> list[ActiveFilter]:
        """Each active value with a link that drops just that value (and the page)."""
        active = []
        for name, value in self.cleaned.items():
            if value in (None, "", []) or (hasattr(value, "exists") and not value):
                continue
            f = self.filters[name]
            if isinstance(f, FacetMixin):
                labels = dict(f.extra.get("choices", []))
                for item in value:
                    raw = getattr(item, "slug", item)
                    active.append(
                        ActiveFilter(
                            legend=str(f.label),
                            label=str(labels.get(raw, item)),
                            remove_url=_without(params, name, raw),
                        )
                    )
            else:
                shown = value
                if name == "has_funding":
                    shown = dict(HAS_FUNDING_CHOICES)[value]
                elif isinstance(value, Decimal):
                    shown = f"{value:,.2f}"
                active.append(
                    ActiveFilter(
                        legend=str(f.label), label=str(shown), remove_url=_without(params, name)
                    )
                )
        return active


def _without(params, name: str, value: str | None = None) -> str:
    kept = params.copy()
    if value is None:
        kept.pop(name, None)
    else:
        kept.setlist(name, [v for v in kept.getlist(name) if v != value])
    kept.pop("page", None)
    kept.pop("format", None)
    return "?" + kept.urlencode() if kept else "?"


def has_funding_filter() -> df.ChoiceFilter:
    return df.ChoiceFilter(
        label=_("Funding figures"),
        choices=HAS_FUNDING_CHOICES,
        method="filter_has_funding",
        empty_label=_("Any"),
    )


def project_funding_q(prefix: str) -> Q:
    """A money figure: a stated total or a part with an amount (a funder named without an
    amount says who paid, not how much)."""
    return Q(**{f"{prefix}total_amount__isnull": False}) | Q(
        **{f"{prefix}contributions__amount__isnull": False}
    )


class CaseStudyFilterSet(ListFilterSet):
    region = RegionFacet(label=_("Region"), paths=("region", "district", "places"))
    theme = ModelFacet(label=_("Theme"), queryset=Theme.objects.all(), path="themes__slug")
    collaboration = ModelFacet(
        label=_("Collaboration type"),
        queryset=CollaborationType.objects.all(),
        path="collaboration_types__slug",
    )
    organisation_kind = ChoiceFacet(
        label=_("Organisation kind"), choices=OrganisationKind.choices, path="organisation__kind"
    )
    donor = ModelFacet(label=_("Donor"), queryset=Donor.objects.all(), path="donors__slug")
    partner_level = ChoiceFacet(
        label=_("Government partner level"),
        choices=PartnerLevel.choices,
        path="partnerships__level",
    )
    party = ChoiceFacet(
        label=_("Who contributed"),
        choices=PartyKind.choices,
        path="projects__contributions__party_kind",
    )
    currency = ChoiceFacet(
        label=_("Currency of stated totals"),
        choices=Currency.choices,
        path="projects__total_currency",
    )
    min_usd = amount_filter(_("At least (USD)"), "gte")
    max_usd = amount_filter(_("At most (USD)"), "lte")
    has_funding = has_funding_filter()

    amount_expression = Sum("projects__total_usd")
    funding_condition = project_funding_q("projects__")

    class Meta(ListFilterSet.Meta):
        model = CaseStudy


class OrganisationFilterSet(ListFilterSet):
    region = RegionFacet(label=_("Region"), paths=("region", "district", "regions_active"))
    kind = ChoiceFacet(label=_("Organisation kind"), choices=OrganisationKind.choices, path="kind")
    theme = ModelFacet(label=_("Theme"), queryset=Theme.objects.all(), path="themes__slug")
    collaboration = ModelFacet(
        label=_("Collaboration type"),
        queryset=CollaborationType.objects.all(),
        path="case_studies__collaboration_types__slug",
    )
    donor = ModelFacet(
        label=_("Donor"),
        queryset=Donor.objects.all(),
        path="projects__contributions__donor__slug",
    )
    # The levels its case studies worked with (``partnerships`` on an organisation are
    # those where it is the government body itself).
    partner_level = ChoiceFacet(
        label=_("Government partner level"),
        choices=PartnerLevel.choices,
        path="case_studies__partnerships__level",
    )
    year_from = year_filter(_("Founded from (year)"), "gte")
    year_to = year_filter(_("Founded until (year)"), "lte")
    min_usd = amount_filter(_("At least (USD)"), "gte")
    max_usd = amount_filter(_("At most (USD)"), "lte")
    has_funding = has_funding_filter()

    amount_expression = Sum("projects__total_usd")
    year_paths = ("founded_year", "founded_year")
    funding_condition = project_funding_q("projects__")

    class Meta(ListFilterSet.Meta):
        model = Organisation


class ProjectFilterSet(ListFilterSet):
    region = RegionFacet(label=_("Region"), paths=("places", "case_study__region"))
    theme = ModelFacet(label=_("Theme"), queryset=Theme.objects.all(), path="themes__slug")
    collaboration = ModelFacet(
        label=_("Collaboration type"),
        queryset=CollaborationType.objects.all(),
        path="case_study__collaboration_types__slug",
    )
    organisation_kind = ChoiceFacet(
        label=_("Organisation kind"), choices=OrganisationKind.choices, path="organisation__kind"
    )
    donor = ModelFacet(
        label=_("Donor"), queryset=Donor.objects.all(), path="contributions__donor__slug"
    )
    partner_level = ChoiceFacet(
        label=_("Government partner level"),
        choices=PartnerLevel.choices,
        path="case_study__partnerships__level",
    )
    party = ChoiceFacet(
        label=_("Who contributed"), choices=PartyKind.choices, path="contributions__party_kind"
    )
    currency = ChoiceFacet(
        label=_("Currency of the stated total"), choices=Currency.choices, path="total_currency"
    )
    status = ChoiceFacet(label=_("Status"), choices=ActivityStatus.choices, path="status")
    year_from = year_filter(_("From (year)"), "gte")
    year_to = year_filter(_("Until (year)"), "lte")
    active_in = YearFilter(
        label=_("Active in (year)"), method="filter_active_in", min_value=1900, max_value=2100
    )
    min_usd = amount_filter(_("At least (USD)"), "gte")
    max_usd = amount_filter(_("At most (USD)"), "lte")
    has_funding = has_funding_filter()

    amount_expression = F("total_usd")
    year_paths = ("start_year", "end_year")
    funding_condition = project_funding_q("")

    class Meta(ListFilterSet.Meta):
        model = Project


class DonorFilterSet(ListFilterSet):
    kind = ChoiceFacet(label=_("Donor kind"), choices=DonorKind.choices, path="kind")
    region = RegionFacet(
        label=_("Region of the case studies"),
        paths=("case_studies__region", "case_studies__district", "case_studies__places"),
    )
    theme = ModelFacet(
        label=_("Theme of the case studies"),
        queryset=Theme.objects.all(),
        path="case_studies__themes__slug",
    )
    min_usd = amount_filter(_("At least (USD)"), "gte")
    max_usd = amount_filter(_("At most (USD)"), "lte")
    has_funding = has_funding_filter()

    amount_expression = Sum("contributions__amount_usd")
    funding_condition = Q(contributions__amount__isnull=False)

    class Meta(ListFilterSet.Meta):
        model = Donor

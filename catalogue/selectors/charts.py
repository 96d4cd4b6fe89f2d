"""The reads behind the charts and the map: grouped queries only, a fixed number per page.

Every figure here is a sum of USD-normalised amounts (``Contribution.amount_usd``), never of
amounts in different currencies, and every function also says what it leaves out. A
contribution belongs to the region of its project's case study, so regional figures add up to
the national total of the contributions that have a region.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from catalogue import maps
from catalogue.models import (
    CaseStudy,
    Contribution,
    Organisation,
    PartyKind,
    Project,
    Region,
    RegionKind,
)
from catalogue.quality import NOT_ATTRIBUTED
from catalogue.selectors.records import project_gaps

WITH_USD = Q(amount_usd__isnull=False)
REGION_OF_CONTRIBUTION = "project__case_study__region"


@dataclass(frozen=True)
class Coverage:
    """How many contributions there are, and how many each chart can use."""

    contributions: int
    with_usd: int  # usable in any USD figure
    not_stated: int  # funders named without an amount: never in a sum, and not "missing"
    with_usd_and_region: int  # usable in regional figures
    donor_with_usd: int  # donor contributions with a USD amount
    donor_named_with_usd: int  # … of which resolve to a donor record
    projects: int
    projects_with_usd: int
    case_studies: int
    case_studies_with_usd: int

    @property
    def stated(self) -> int:
        """Contributions with an amount as printed."""
        return self.contributions - self.not_stated

    @property
    def without_usd(self) -> int:
        """Stated amounts that have no USD value (no rate): funders named without one are not
        counted here, the source gives no figure to convert."""
        return self.contributions - self.with_usd - self.not_stated

    @property
    def with_usd_no_region(self) -> int:
        return self.with_usd - self.with_usd_and_region

    @property
    def donor_unnamed(self) -> int:
        return self.donor_with_usd - self.donor_named_with_usd


def coverage() -> Coverage:
    """Three aggregate queries."""
    contributions = Contribution.objects.aggregate(
        total=Count("pk"),
        with_usd=Count("pk", filter=WITH_USD),
        not_stated=Count("pk", filter=Q(amount__isnull=True)),
        with_region=Count(
            "pk", filter=WITH_USD & Q(**{f"{REGION_OF_CONTRIBUTION}__kind": RegionKind.REGION})
        ),
        donor_parts=Count("pk", filter=WITH_USD & Q(party_kind=PartyKind.DONOR)),
        donor_named_parts=Count(
            "pk", filter=WITH_USD & Q(party_kind=PartyKind.DONOR, donor__isnull=False)
        ),
    )
    projects = Project.objects.aggregate(
        total=Count("pk", distinct=True),
        with_usd=Count("pk", filter=Q(contributions__amount_usd__isnull=False), distinct=True),
    )
    case_studies = CaseStudy.objects.aggregate(
        total=Count("pk", distinct=True),
        with_usd=Count(
            "pk", filter=Q(projects__contributions__amount_usd__isnull=False), distinct=True
        ),
    )
    return Coverage(
        contributions["total"],
        contributions["with_usd"],
        contributions["not_stated"],
        contributions["with_region"],
        contributions["donor_parts"],
        contributions["donor_named_parts"],
        projects["total"],
        projects["with_usd"],
        case_studies["total"],
        case_studies["with_usd"],
    )


def mix_by_project() -> list[tuple[str, str, dict[str, Decimal]]]:
    """(title, url, USD by party kind) for each project with a USD amount: one query."""
    found: dict[int, tuple[str, str, dict[str, Decimal]]] = {}
    rows = (
        Contribution.objects.with_usd()
        .values("project_id", "project__title", "project__slug", "party_kind")
        .annotate(usd=Sum("amount_usd"))
        .order_by("project__case_study__number", "project__sequence", "project_id", "party_kind")
    )
    for row in rows:
        title, url, by_party = found.setdefault(
            row["project_id"],
            (
                row["project__title"],
                reverse("catalogue:project_detail", kwargs={"slug": row["project__slug"]}),
                {},
            ),
        )
        by_party[row["party_kind"]] = row["usd"]
    # (over every project, not an id list that grows with the catalogue)
    for project, _, gap in project_gaps(Project.objects.all()):
        if project in found:
            found[project][2][NOT_ATTRIBUTED] = gap
    return list(found.values())


def mix_by_case_study() -> list[tuple[str, str, dict[str, Decimal]]]:
    """(title, url, USD by party kind) for each case study with a USD amount: one query."""
    found: dict[int, tuple[str, str, dict[str, Decimal]]] = {}
    rows = (
        Contribution.objects.with_usd()
        .filter(project__case_study__isnull=False)
        .values(
            "project__case_study_id",
            "project__case_study__number",
            "project__case_study__slug",
            "project__case_study__organisation__name",
            "party_kind",
        )
        .annotate(usd=Sum("amount_usd"))
        .order_by("project__case_study__number", "project__case_study_id", "party_kind")
    )
    for row in rows:
        number = row["project__case_study__number"]
        name = row["project__case_study__organisation__name"]
        title, url, by_party = found.setdefault(
            row["project__case_study_id"],
            (
                f"{number}. {name}" if number is not None else name,
                reverse(
                    "catalogue:casestudy_detail",
                    kwargs={"slug": row["project__case_study__slug"]},
                ),
                {},
            ),
        )
        by_party[row["party_kind"]] = row["usd"]
    for _, case_study, gap in project_gaps(Project.objects.filter(case_study__isnull=False)):
        if case_study in found:
            by_party = found[case_study][2]
            by_party[NOT_ATTRIBUTED] = by_party.get(NOT_ATTRIBUTED, Decimal(0)) + gap
    return list(found.values())


@dataclass(frozen=True)
class RegionFigures:
    pk: int
    name: str
    slug: str
    url: str
    case_studies: int
    funding_usd: Decimal
    contributions: int  # with a USD amount, counted in funding_usd


def region_figures() -> list[RegionFigures]:
    """The first-level regions in gazetteer order, with case studies and documented funding.

    Two queries: case-study counts, then USD sums grouped by region (joining both in one
    query would multiply rows).
    """
    regions = list(
        Region.objects.first_level()
        .annotate(case_study_count=Count("case_studies", distinct=True))
        .order_by("pk")
    )
    funding = {
        row[REGION_OF_CONTRIBUTION]: (row["usd"], row["n"])
        for row in Contribution.objects.with_usd()
        .filter(**{f"{REGION_OF_CONTRIBUTION}__kind": RegionKind.REGION})
        .values(REGION_OF_CONTRIBUTION)
        .annotate(usd=Sum("amount_usd"), n=Count("pk"))
        .order_by()
    }
    return [
        RegionFigures(
            region.pk,
            region.name,
            region.slug,
            region.get_absolute_url(),
            region.case_study_count,
            funding.get(region.pk, (Decimal(0), 0))[0],
            funding.get(region.pk, (Decimal(0), 0))[1],
        )
        for region in regions
    ]


@dataclass(frozen=True)
class DonorFigures:
    pk: int
    name: str
    url: str
    funding_usd: Decimal
    contributions: int


def donor_figures() -> list[DonorFigures]:
    """Donors with documented USD funding, largest first: one grouped query."""
    rows = (
        Contribution.objects.with_usd()
        .from_known_donors()
        .values("donor_id", "donor__name", "donor__short_name", "donor__slug")
        .annotate(usd=Sum("amount_usd"), n=Count("pk"))
        .order_by("-usd", "donor__name")
    )
    return [
        DonorFigures(
            row["donor_id"],
            row["donor__short_name"] or row["donor__name"],
            reverse("catalogue:donor_detail", kwargs={"slug": row["donor__slug"]}),
            row["usd"],
            row["n"],
        )
        for row in rows
    ]


def donor_region_cells() -> dict[tuple[int, int], tuple[Decimal, int]]:
    """(donor pk, region pk) → (USD, contributions): one grouped query."""
    return {
        (row["donor_id"], row[REGION_OF_CONTRIBUTION]): (row["usd"], row["n"])
        for row in Contribution.objects.with_usd()
        .from_known_donors()
        .filter(**{f"{REGION_OF_CONTRIBUTION}__kind": RegionKind.REGION})
        .values("donor_id", REGION_OF_CONTRIBUTION)
        .annotate(usd=Sum("amount_usd"), n=Count("pk"))
        .order_by()
    }


def donor_region_matrix_cells(
    donors: list[DonorFigures], regions: list[RegionFigures]
) -> dict[tuple[int, int], tuple[Decimal, int]]:
    """``donor_region_cells`` keyed by (row, column): the donor's place in ``donors`` and the
    region's in ``regions``; cells of regions not in the list are dropped. One query."""
    region_index = {region.pk: i for i, region in enumerate(regions)}
    donor_index = {donor.pk: i for i, donor in enumerate(donors)}
    return {
        (donor_index[donor_pk], region_index[region_pk]): value
        for (donor_pk, region_pk), value in donor_region_cells().items()
        if region_pk in region_index
    }


@dataclass(frozen=True)
class FoundingYears:
    by_year: dict[int, int]  # founding year of the organisation → case studies
    without_year: int

    @property
    def included(self) -> int:
        return sum(self.by_year.values())


def case_studies_by_founding_year() -> FoundingYears:
    """Case studies counted by the year their organisation was founded: one grouped query."""
    by_year: dict[int, int] = {}
    without = 0
    for row in (
        CaseStudy.objects.values("organisation__founded_year").annotate(n=Count("pk")).order_by()
    ):
        if row["organisation__founded_year"] is None:
            without += row["n"]
        else:
            by_year[row["organisation__founded_year"]] = row["n"]
    return FoundingYears(dict(sorted(by_year.items())), without)


def map_points() -> list[tuple[str, str, str, float, float]]:
    """(kind, name, url, lat, lon) of places below region level and organisations that have
    coordinates: two queries. Region centres are not points: regions are drawn as areas."""
    places = (
        Region.objects.filter(latitude__isnull=False)
        .exclude(kind__in=[RegionKind.COUNTRY, RegionKind.REGION])
        .values_list("name", "slug", "latitude", "longitude")
        .order_by("name")
    )
    organisations = (
        Organisation.objects.filter(latitude__isnull=False)
        .values_list("name", "slug", "latitude", "longitude")
        .order_by("name")
    )
    return [
        ("place", name, reverse("catalogue:region_detail", kwargs={"slug": slug}), lat, lon)
        for name, slug, lat, lon in places
    ] + [
        (
            "organisation",
            name,
            reverse("catalogue:organisation_detail", kwargs={"slug": slug}),
            lat,
            lon,
        )
        for name, slug, lat, lon in organisations
    ]


def region_map_context(shade: str | None) -> dict:
    """Everything ``_map.html`` needs, shaded by ``shade``: four queries, whatever the data."""
    figures = region_figures()
    points = maps.project_points(maps.outline(), map_points())
    return {
        "map": maps.region_map(figures, points, shade or "cases"),
        "regions": figures,
    }

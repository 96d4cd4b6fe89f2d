"""Reads for the record and site pages: querysets with the joins each page needs, region
roll-ups (``region_contents``), the home page's counts, a source's numbered lines, and funding
summaries in grouped queries, so a page's query count stays flat however many records there
are. The query vocabulary they use (``Region.objects.within()``, ``.in_places()``,
``Organisation.objects.civil_society()`` …) lives on the models' QuerySets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from catalogue.core.figures import funding_flags, unattributed_usd
from catalogue.core.text import rights_statements
from catalogue.models import (
    CaseStudy,
    CaseStudyCollaboration,
    CaseStudyDonor,
    CaseStudyTheme,
    CollaborationType,
    Contribution,
    Correction,
    Donor,
    ExchangeRate,
    HeadlineFigure,
    Milestone,
    Organisation,
    OrganisationPartner,
    Partnership,
    PartyKind,
    Project,
    ProjectPartner,
    Region,
    SourceDocument,
    Theme,
    flag_conditions,
)
from catalogue.quality import NOT_ATTRIBUTED, Share, has_money_figure, shares_of


def projects_with_activity() -> QuerySet[Project]:
    """Projects as an activity list shows them: funding parts, government partners (with the
    lines citing them), places and staff corrections, in a fixed number of queries."""
    return Project.objects.with_funding().prefetch_related(
        Prefetch("corrections", queryset=Correction.objects.select_related("contribution")),
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.select_related("government_body", "source_document"),
        ),
        Prefetch("places", queryset=Region.objects.order_by("kind", "name")),
    )


def case_study_detail() -> QuerySet[CaseStudy]:
    return CaseStudy.objects.select_related(
        "organisation", "region", "district", "source_document"
    ).prefetch_related(
        # Jamoat before makhalla and village: alphabetical kind order is also the hierarchy.
        Prefetch("places", queryset=Region.objects.order_by("kind", "name")),
        # Document order: the order the case study tells its activities in.
        Prefetch(
            "projects",
            queryset=projects_with_activity().order_by("sequence", "first_line", "pk"),
        ),
        Prefetch("casestudydonor_set", queryset=CaseStudyDonor.objects.select_related("donor")),
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.select_related("government_body", "source_document"),
        ),
        Prefetch("casestudytheme_set", queryset=CaseStudyTheme.objects.select_related("theme")),
        Prefetch(
            "casestudycollaboration_set",
            queryset=CaseStudyCollaboration.objects.select_related("collaboration_type"),
        ),
    )


def organisation_detail() -> QuerySet[Organisation]:
    return Organisation.objects.select_related(
        "region", "district", "source_document", "donor_record"
    ).prefetch_related(
        "regions_active",
        "headline_figures__source_document",
        "case_studies",
        Prefetch(
            "projects",
            queryset=projects_with_activity().order_by(
                "case_study__number", "sequence", "first_line", "pk"
            ),
        ),
        Prefetch(
            "partnerships", queryset=Partnership.objects.select_related("case_study__organisation")
        ),
        Prefetch("milestones", queryset=Milestone.objects.select_related("source_document")),
        Prefetch(
            "partner_links",
            queryset=OrganisationPartner.objects.select_related("partner", "source_document"),
        ),
        Prefetch(
            "partner_of_links",
            queryset=OrganisationPartner.objects.select_related("organisation"),
        ),
        Prefetch(
            "project_partnerships",
            queryset=ProjectPartner.objects.select_related("project__organisation"),
        ),
        "organisationtheme_set__theme",
    )


def organisation_projects(organisation: Organisation) -> dict[str, list[Project]]:
    """``organisation_detail``'s prefetched projects, grouped for its page (no query): the
    programmes its web pages describe, the activities its case studies tell, and those that
    print a money figure (the only ones given a funding table)."""
    projects = list(organisation.projects.all())
    return {
        "web_projects": [p for p in projects if p.case_study_id is None],
        "case_study_projects": [p for p in projects if p.case_study_id is not None],
        "funded_projects": [p for p in projects if has_money_figure(p)],
    }


def project_detail() -> QuerySet[Project]:
    return projects_with_activity().prefetch_related("themes")


def donor_detail() -> QuerySet[Donor]:
    return Donor.objects.select_related("source_document", "organisation").prefetch_related(
        Prefetch(
            "contributions",
            queryset=Contribution.objects.select_related(
                "project__case_study__region", "project__organisation", "source_document"
            ).order_by("project__case_study__number", "project__sequence", "sequence"),
        ),
        Prefetch(
            "casestudydonor_set",
            queryset=CaseStudyDonor.objects.select_related(
                "case_study__region", "source_document"
            ).order_by("case_study__number", "pk"),
        ),
    )


@dataclass(frozen=True)
class DonorRoles:
    """A donor's place in the case studies: where it funded something (a contribution, with or
    without an amount) and where it is only named (a partner, a trainer's employer, a sponsor)."""

    funded: list[CaseStudy]  # case studies with one of its contributions, in book order
    named_only: list[CaseStudyDonor]  # mentions of it in case studies it funds nothing in
    funded_elsewhere: list[Project]  # projects outside any case study (a web page's programme)


def donor_roles(donor: Donor) -> DonorRoles:
    """Reads ``donor_detail``'s prefetched rows only: no query."""
    funded: dict[int, CaseStudy] = {}
    elsewhere: dict[int, Project] = {}
    for contribution in donor.contributions.all():
        project = contribution.project
        if project.case_study_id is None:
            elsewhere.setdefault(project.pk, project)
        else:
            funded.setdefault(project.case_study_id, project.case_study)
    named_only = [
        mention for mention in donor.casestudydonor_set.all() if mention.case_study_id not in funded
    ]
    return DonorRoles(list(funded.values()), named_only, list(elsewhere.values()))


def count_per_region(rows: QuerySet, region_field: str = "region"):
    """How many of ``rows`` each region has, as a correlated subquery: one indexed count per
    region, where counting distinct rows over joined tables multiplied them first."""
    counted = (
        rows.filter(**{region_field: OuterRef("pk")})
        .order_by()
        .values(region_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def region_list() -> QuerySet[Region]:
    return (
        Region.objects.first_level()
        .annotate(
            case_study_count=count_per_region(CaseStudy.objects.all()),
            organisation_count=count_per_region(Organisation.objects.all()),
        )
        .order_by("pk")  # gazetteer order: Dushanbe, RRS, Soghd, Khatlon, GBAO
    )


def region_list_with_projects() -> QuerySet[Region]:
    """``region_list`` with how many projects each region's case studies have."""
    return region_list().annotate(
        project_count=count_per_region(Project.objects.all(), "case_study__region")
    )


def region_detail() -> QuerySet[Region]:
    return Region.objects.select_related("parent").prefetch_related(
        Prefetch("children", queryset=Region.objects.order_by("kind", "name"))
    )


def theme_detail() -> QuerySet[Theme]:
    return Theme.objects.prefetch_related(
        Prefetch(
            "case_studies", queryset=CaseStudy.objects.select_related("organisation", "region")
        )
    )


def collaboration_type_detail() -> QuerySet[CollaborationType]:
    return CollaborationType.objects.prefetch_related(
        Prefetch(
            "case_studies", queryset=CaseStudy.objects.select_related("organisation", "region")
        )
    )


def source_list() -> QuerySet[SourceDocument]:
    return SourceDocument.objects.defer("text")


@dataclass(frozen=True)
class SourceFacts:
    """A source document as the About page presents it, with the rights it states."""

    document: SourceDocument
    rights: list[tuple[int, str]]  # (line, statement)


@dataclass(frozen=True)
class AboutFacts:
    sources: list[SourceFacts]
    published: tuple[int, int] | None  # first and last year a source was published
    activities: tuple[int, int] | None  # first and last year an activity is dated
    rates: tuple[int, int, int] | None  # how many annual rates, first and last year
    corrections: int


def _span(first, last) -> tuple[int, int] | None:
    return (first, last) if first is not None else None


@dataclass(frozen=True)
class Period:
    published: tuple[int, int] | None  # first and last year a source was published
    activities: tuple[int, int] | None  # first and last year an activity is dated


def sources_published() -> tuple[int, int] | None:
    """The first and last year a source document was published."""
    published = SourceDocument.objects.aggregate(first=Min("year"), last=Max("year"))
    return _span(published["first"], published["last"])


def catalogue_period() -> Period:
    """When the sources were published and when the activities they tell are dated."""
    dated = Project.objects.aggregate(
        first=Min("start_year"), last=Max(Coalesce("end_year", "start_year"))
    )
    return Period(published=sources_published(), activities=_span(dated["first"], dated["last"]))


def about_facts() -> AboutFacts:
    """What the About page says about the catalogue, read from the catalogue itself. Sources
    are read in full for their rights notices: they are few (and the page is cached)."""
    documents = SourceDocument.objects.order_by("kind", "file_name")
    period = catalogue_period()
    rates = ExchangeRate.objects.aggregate(n=Count("pk"), first=Min("year"), last=Max("year"))
    return AboutFacts(
        sources=[SourceFacts(d, rights_statements(d.lines())) for d in documents],
        published=period.published,
        activities=period.activities,
        rates=(rates["n"], rates["first"], rates["last"]) if rates["n"] else None,
        corrections=Correction.objects.count(),
    )


def citation_example() -> Project | None:
    """A project cited to its lines, to show how a record is cited."""
    return (
        Project.objects.filter(first_line__isnull=False)
        .select_related("source_document")
        .order_by("pk")
        .first()
    )


def catalogue_counts() -> dict[str, int]:
    """How many records of each kind the catalogue holds: five counts."""
    return {
        "case_studies": CaseStudy.objects.count(),
        "organisations": Organisation.objects.civil_society().count(),
        "government_bodies": Organisation.objects.government().count(),
        "projects": Project.objects.count(),
        "donors": Donor.objects.count(),
    }


@dataclass(frozen=True)
class FundingSummary:
    """Documented funding in USD by party kind, saying what it includes and leaves out."""

    by_party: dict[str, Decimal]
    by_currency: dict[str, Decimal]  # amounts as printed, summed within one currency only
    total_usd: Decimal
    included: int  # contributions with a USD amount
    excluded: int  # contributions with an amount but no USD one (no rate for their year)
    not_stated: int = 0  # funders named without an amount: never a missing figure, never summed
    # What the stated totals of these projects leave to no party (USD, summed over projects
    # whose parts fall short of a total in their own currency); None: not measured (a donor's
    # own contributions have no such base)
    not_attributed_usd: Decimal | None = None

    def shares(self) -> list[Share]:
        """Shares of the parties' contributions; where the projects state totals, of the
        parts plus what those totals leave to no party (its own "not attributed" share)."""
        if not self.not_attributed_usd:
            return shares_of(self.by_party)
        return shares_of({**self.by_party, NOT_ATTRIBUTED: self.not_attributed_usd})

    @property
    def against_totals(self) -> bool:
        return bool(self.not_attributed_usd)


STATED = Q(amount__isnull=False)


def project_gaps(projects: QuerySet[Project]) -> list[tuple[int, int | None, Decimal]]:
    """(project id, case study id, USD) for each of ``projects`` whose stated total its parts
    (all in the total's currency) fall short of: what the total leaves to no party, the whole
    total where no part has an amount. Compared as printed (converted parts can differ from
    the converted total by a cent), then valued at the total's USD pro rata. One query."""
    parts = (
        Contribution.objects.filter(project=OuterRef("pk"), amount__isnull=False)
        .order_by()
        .values("project")
        .annotate(printed=Sum("amount"))
        .values("printed")
    )
    other_currency = Contribution.objects.filter(
        project=OuterRef("pk"), amount__isnull=False
    ).exclude(currency=OuterRef("total_currency"))
    rows = (
        projects.order_by()
        .filter(total_usd__gt=0, total_amount__gt=0)
        .exclude(Exists(other_currency))
        .annotate(parts_printed=Coalesce(Subquery(parts), Decimal(0)))
        .filter(parts_printed__lt=F("total_amount"))
        .values_list("pk", "case_study_id", "total_usd", "total_amount", "parts_printed")
    )
    return [
        (pk, case_study, unattributed_usd(usd, total, printed))
        for pk, case_study, usd, total, printed in rows
    ]


def not_attributed_usd(projects: QuerySet[Project]) -> Decimal:
    """What the stated totals of ``projects`` leave to no party, in USD (``project_gaps``)."""
    return sum((gap for *_, gap in project_gaps(projects)), Decimal(0))


def funding_summary(
    contributions: QuerySet[Contribution], projects: QuerySet[Project] | None = None
) -> FundingSummary:
    """Two grouped queries, however many contributions there are (three with ``projects``,
    whose stated totals then give the "not attributed" share)."""
    by_party = {kind: Decimal(0) for kind in PartyKind.values}
    included = excluded = not_stated = 0
    for row in (
        contributions.order_by()
        .values("party_kind")
        .annotate(
            usd=Sum("amount_usd"),
            with_usd=Count("pk", filter=Q(amount_usd__isnull=False)),
            without_usd=Count("pk", filter=STATED & Q(amount_usd__isnull=True)),
            without_amount=Count("pk", filter=~STATED),
        )
    ):
        by_party[row["party_kind"]] = row["usd"] or Decimal(0)
        included += row["with_usd"]
        excluded += row["without_usd"]
        not_stated += row["without_amount"]
    by_currency = {
        row["currency"]: row["total"]
        for row in contributions.filter(STATED)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"))
    }
    return FundingSummary(
        by_party,
        by_currency,
        sum(by_party.values()),
        included,
        excluded,
        not_stated,
        not_attributed_usd(projects) if projects is not None else None,
    )


@dataclass(frozen=True)
class HeadlineTotals:
    """The catalogue's three headline sums and how they relate (all USD-normalised).

    stated totals (the lists) = paid toward projects with a total + left to no party
    - ``beyond_usd`` (parts that exceed their total, are in another currency than it, or
    differ from it by a converted cent);
    paid (the home page) = paid toward projects with a total + toward projects with none;
    the donors page's sum is the donors' part of what was paid."""

    stated_usd: Decimal  # the projects' stated totals (lists' headline)
    stated_projects: int
    paid_usd: Decimal  # every contribution with a USD amount (home's "Total paid")
    paid_contributions: int
    paid_with_total_usd: Decimal  # of it, toward projects that state a total
    donors_usd: Decimal  # of it, by a donor (donors page's headline)
    donor_contributions: int
    not_attributed_usd: Decimal  # what the stated totals leave to no party

    @property
    def paid_without_total_usd(self) -> Decimal:
        return self.paid_usd - self.paid_with_total_usd

    @property
    def beyond_usd(self) -> Decimal:
        return self.paid_with_total_usd + self.not_attributed_usd - self.stated_usd


def headline_totals() -> HeadlineTotals:
    """Three aggregate queries, however large the catalogue."""
    stated = Project.objects.aggregate(
        usd=Sum("total_usd"), n=Count("pk", filter=Q(total_usd__isnull=False))
    )
    paid = Contribution.objects.filter(amount_usd__isnull=False).aggregate(
        usd=Sum("amount_usd"),
        n=Count("pk"),
        with_total=Sum("amount_usd", filter=Q(project__total_usd__isnull=False)),
        donors=Sum("amount_usd", filter=Q(donor__isnull=False)),
        donor_n=Count("pk", filter=Q(donor__isnull=False)),
    )
    zero = Decimal(0)
    return HeadlineTotals(
        stated_usd=stated["usd"] or zero,
        stated_projects=stated["n"],
        paid_usd=paid["usd"] or zero,
        paid_contributions=paid["n"],
        paid_with_total_usd=paid["with_total"] or zero,
        donors_usd=paid["donors"] or zero,
        donor_contributions=paid["donor_n"],
        not_attributed_usd=not_attributed_usd(Project.objects.all()),
    )


def catalogue_funding() -> FundingSummary:
    return funding_summary(Contribution.objects.all(), Project.objects.all())


def organisation_funding(organisation: Organisation) -> FundingSummary:
    return funding_summary(
        Contribution.objects.of_organisation(organisation),
        Project.objects.filter(organisation=organisation),
    )


def donor_funding(donor: Donor) -> FundingSummary:
    return funding_summary(donor.contributions.all())


def places_in(region: Region) -> QuerySet[Region]:
    """The region and every place inside it, as a subquery of ids."""
    return Region.objects.within([region]).values("pk")


def case_studies_in(places: QuerySet[Region]) -> QuerySet[CaseStudy]:
    return (
        CaseStudy.objects.in_places(places)
        .select_related("organisation", "region", "district")
        .order_by("number", "title", "pk")
    )


def organisations_in(places: QuerySet[Region]) -> QuerySet[Organisation]:
    return Organisation.objects.in_places(places).civil_society().order_by("name", "pk")


def projects_in(places: QuerySet[Region]) -> QuerySet[Project]:
    return (
        Project.objects.in_places(places)
        .select_related("organisation", "case_study")
        .order_by("case_study__number", "sequence", "pk")
    )


@dataclass(frozen=True)
class RegionContents:
    """What lies in a region (or in any place inside it), and the funding of its projects."""

    case_studies: QuerySet[CaseStudy]
    organisations: QuerySet[Organisation]
    projects: QuerySet[Project]
    funding: FundingSummary


def region_contents(region: Region) -> RegionContents:
    """Three lazy querysets and a funding summary (two queries)."""
    places = places_in(region)
    projects = projects_in(places)
    return RegionContents(
        case_studies=case_studies_in(places),
        organisations=organisations_in(places),
        projects=projects,
        funding=funding_summary(Contribution.objects.of_projects(projects), projects),
    )


def flagged_projects(code: str | None = None) -> QuerySet[Project]:
    """Projects whose figures carry the flag ``code`` (any flag when None), decided in SQL,
    in the book's order, with their figures prefetched for the flags' numbers."""
    return (
        Project.objects.with_funding()
        .flagged(code)
        .order_by("case_study__number", "sequence", "pk")
    )


def first_flagged(limit: int) -> dict[str, list[Project]]:
    """The first ``limit`` projects under each kind of flag, in the book's order: the ids by
    one bounded query per kind, then the projects and their figures once for all kinds, so
    the queries are as many whichever kinds the catalogue has."""
    ids = {
        code: list(flagged_projects(code).values_list("pk", flat=True)[:limit])
        for code in flag_conditions()
    }
    wanted = {pk for pks in ids.values() for pk in pks}
    projects = Project.objects.with_funding().in_bulk(wanted) if wanted else {}
    return {code: [projects[pk] for pk in pks] for code, pks in ids.items()}


def flag_counts() -> dict[str, int]:
    """How many projects carry each flag, and ``"any"`` flag: one query."""
    conditions = flag_conditions()
    any_flag = Q()
    for condition in conditions.values():
        any_flag |= condition
    counts = {code: Count("pk", filter=condition) for code, condition in conditions.items()}
    return Project.objects.with_flag_facts().aggregate(**counts, any=Count("pk", filter=any_flag))


def projects_funded_by(donor: Donor) -> QuerySet[Project]:
    """The projects one of whose parts ``donor`` paid, as a subquery (no id list)."""
    return Project.objects.filter(pk__in=Contribution.objects.filter(donor=donor).values("project"))


def flags_by_project(projects: QuerySet[Project]) -> dict[int, list[str]]:
    """Each of ``projects``' data-quality flags (``Project.funding_flags``), from one query that
    reads ``projects`` as a subquery joined to the parts. A prefetch would send the ids instead,
    a list that grows with the projects: past about 1,000, SQLite refuses a forward prefetch's
    OR'ed conditions ("Expression tree is too large")."""
    rows = (
        Project.objects.filter(pk__in=projects.values("pk"))
        .order_by("pk", "contributions__sequence")
        .values_list(
            "pk",
            "total_amount",
            "total_currency",
            "contributions__pk",
            "contributions__amount",
            "contributions__currency",
        )
    )
    totals: dict[int, tuple | None] = {}
    parts: dict[int, list[tuple]] = defaultdict(list)
    for pk, total, currency, part, amount, part_currency in rows:
        totals[pk] = (total, currency) if total is not None else None
        if part is not None:  # a project without parts still has its row (a left join)
            parts[pk].append((amount, part_currency))
    return {pk: funding_flags(total, parts[pk]) for pk, total in totals.items()}


def activities_without_figures() -> dict[str, int]:
    """How many projects the source tells without any money figure (no total, no amount),
    and how many of those still name who paid: one query."""
    with_amount = Contribution.objects.filter(amount__isnull=False).values("project")
    return (
        Project.objects.filter(total_amount__isnull=True)
        .exclude(pk__in=with_amount)
        .aggregate(
            total=Count("pk", distinct=True),
            with_funders=Count("pk", filter=Q(contributions__isnull=False), distinct=True),
            planned=Count("pk", filter=Q(status="planned"), distinct=True),
        )
    )


def cited_spans(document: SourceDocument) -> set[tuple[int, int]]:
    """Every line span that some record cites in a document: one query per kind of record."""
    spans: set[tuple[int, int]] = set()
    for model in (
        Organisation,
        Donor,
        CaseStudy,
        Project,
        Contribution,
        Partnership,
        CaseStudyDonor,
        HeadlineFigure,
        ProjectPartner,
        OrganisationPartner,
        Milestone,
    ):
        spans.update(
            model.objects.filter(source_document=document).values_list("first_line", "last_line")
        )
    # The other spans that tell a project's activity ("also told at lines …").
    for also_cited in Project.objects.filter(source_document=document).values_list(
        "also_cited", flat=True
    ):
        spans.update(tuple(span) for span in also_cited or () if len(span) == 2)
    return spans


def partners_of(organisation: Organisation) -> QuerySet[Partnership]:
    """The government bodies an organisation's case studies worked with."""
    return (
        Partnership.objects.filter(case_study__organisation=organisation)
        .select_related("government_body", "case_study")
        .order_by("level", "government_body__name")
    )


def donors_of(organisation: Organisation) -> QuerySet[Donor]:
    """Donors that funded its projects or that its case studies name."""
    return (
        Donor.objects.filter(
            Q(contributions__project__organisation=organisation)
            | Q(case_studies__organisation=organisation)
        )
        .distinct()
        .order_by("name")
    )


def partners_of_case_studies(case_studies: list[CaseStudy]) -> QuerySet[Partnership]:
    """The partnerships of ``case_studies``, with their government bodies."""
    return Partnership.objects.filter(case_study__in=[c.pk for c in case_studies]).select_related(
        "government_body"
    )


def donors_of_work(case_studies: list[CaseStudy], projects: list[Project]) -> QuerySet[Donor]:
    """Donors that funded one of ``projects`` or that one of ``case_studies`` names."""
    return Donor.objects.filter(
        Q(contributions__project__in=[p.pk for p in projects])
        | Q(case_studies__in=[c.pk for c in case_studies])
    ).distinct()


def regions_of_donor(donor: Donor) -> QuerySet[Region]:
    """The regions of the case studies a donor funded or is named in."""
    return (
        Region.objects.filter(
            Q(case_studies__projects__contributions__donor=donor)
            | Q(case_studies__casestudydonor__donor=donor)
        )
        .distinct()
        .order_by("pk")
    )


def vocabularies() -> tuple[QuerySet[Theme], QuerySet[CollaborationType]]:
    """Both tag vocabularies with how many case studies carry each tag (one query each)."""
    themes = Theme.objects.annotate(case_study_count=Count("case_studies", distinct=True))
    types = CollaborationType.objects.annotate(
        case_study_count=Count("case_studies", distinct=True)
    )
    return themes.order_by("name"), types.order_by("name")


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    anchors: tuple[str, ...]  # "L12-L15" for each cited span that starts here
    cited: bool
    highlighted: bool


def source_lines(document: SourceDocument, highlight: tuple[int, int] | None) -> list[SourceLine]:
    """A document's numbered lines: every cited span gets an anchor at its first line
    (#L1955-L1958), cited lines a mark, and the lines of ``highlight`` a highlight."""
    anchors: dict[int, list[str]] = {}
    cited: set[int] = set()
    for first, last in sorted(cited_spans(document)):
        anchors.setdefault(first, []).append(f"L{first}-L{last}")
        cited.update(range(first, last + 1))
    if highlight and f"L{highlight[0]}-L{highlight[1]}" not in anchors.get(highlight[0], []):
        anchors.setdefault(highlight[0], []).append(f"L{highlight[0]}-L{highlight[1]}")
    return [
        SourceLine(
            number=number,
            text=text,
            anchors=tuple(anchors.get(number, ())),
            cited=number in cited,
            highlighted=highlight is not None and highlight[0] <= number <= highlight[1],
        )
        for number, text in enumerate(document.lines(), start=1)
    ]

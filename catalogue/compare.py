"""Side-by-side comparison of 2 to 4 case studies, organisations, regions or donors.

``build_comparison`` turns records into rows of plain text cells (plus funding shares for
bars), and marks the rows whose values differ, so the page and the CSV say the same thing.
At most four records are compared, so the reads per record stay bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue import models as m
from catalogue.core.figures import FLAG_LABELS
from catalogue.quality import Share, funding_mix, gap_usd
from catalogue.selectors import records as selectors

MIN_ITEMS, MAX_ITEMS = 2, 4


@dataclass(frozen=True)
class Cell:
    text: str
    shares: tuple[Share, ...] = ()


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return len({cell.text for cell in self.cells}) > 1


@dataclass
class Comparison:
    kind: str
    records: list[Model]
    rows: list[Row]


def join(values) -> str:
    return "; ".join(str(v) for v in values if v) or "—"


def usd(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:,.2f} USD"


def mix_text(shares: Sequence[Share]) -> str:
    return join(f"{share.label} {share.percent}%" for share in shares)


def funding_cells(
    contributions: list[m.Contribution], projects: Sequence[m.Project] = ()
) -> tuple[Cell, Cell]:
    """Documented funding (USD, with how many parts it includes) and the mix; with
    ``projects``, the mix also shows what their stated totals leave to no party."""
    with_usd = [c for c in contributions if c.amount_usd is not None]
    total = sum((c.amount_usd for c in with_usd), Decimal(0))
    named_only = sum(1 for c in contributions if c.amount is None)
    left_out = len(contributions) - len(with_usd) - named_only
    text = usd(total) if with_usd else "—"
    if with_usd:
        text += " " + str(_("(%(n)d contributions)") % {"n": len(with_usd)})
    if left_out:
        text += " " + str(_("(%(n)d left out: no USD amount)") % {"n": left_out})
    if named_only:
        # A funder named without an amount is not a missing figure: the source states none.
        text += " " + str(_("(%(n)d named without an amount)") % {"n": named_only})
    gap = sum((gap_usd(project) for project in projects), Decimal(0))
    shares = tuple(funding_mix(contributions, gap))
    return Cell(text), Cell(mix_text(shares), shares)


def flag_cell(codes: Sequence[str]) -> Cell:
    """The data-quality flags of a record's projects, in words, never as codes."""
    return Cell(join(str(_(FLAG_LABELS[code])) for code in codes))


def partial_date(date) -> str:
    return date.isoformat() if date else "—"


def registration(organisation: m.Organisation) -> str:
    if organisation.registered:
        return f"{organisation.get_registration_display()} ({organisation.registered.isoformat()})"
    return str(organisation.get_registration_display())


def place_text(region, district, places=()) -> str:
    return " › ".join(str(p) for p in (region, district, *places) if p) or "—"


# --- one profile per kind: label → cell ---------------------------------------------


def case_study_profile(case_study: m.CaseStudy) -> dict[str, Cell]:
    projects = list(case_study.projects.all())
    contributions = [c for p in projects for c in p.contributions.all()]
    funding, mix = funding_cells(contributions, projects)
    organisation = case_study.organisation
    flags = sorted({flag for p in projects for flag in p.funding_flags()})
    return {
        "place": Cell(place_text(case_study.region, case_study.district, case_study.places.all())),
        "organisation": Cell(organisation.name),
        "kind": Cell(str(organisation.get_kind_display())),
        "founded": Cell(partial_date(organisation.founded)),
        "registered": Cell(registration(organisation)),
        "themes": Cell(join(sorted(t.theme.name for t in case_study.casestudytheme_set.all()))),
        "collaboration": Cell(
            join(
                sorted(
                    t.collaboration_type.name for t in case_study.casestudycollaboration_set.all()
                )
            )
        ),
        "projects": Cell(str(len(projects))),
        "funding": funding,
        "mix": mix,
        "donors": Cell(join(sorted(str(d.donor) for d in case_study.casestudydonor_set.all()))),
        "partners": Cell(
            join(
                f"{p.government_body} ({p.get_level_display()})"
                for p in case_study.partnerships.all()
            )
        ),
        "beneficiaries": Cell(join(p.beneficiaries for p in projects)),
        "flags": flag_cell(flags),
        "source": Cell(case_study.source_label() or "—"),
    }


def organisation_profile(organisation: m.Organisation) -> dict[str, Cell]:
    projects = list(organisation.projects.all())
    contributions = [c for p in projects for c in p.contributions.all()]
    funding, mix = funding_cells(contributions, projects)
    partners = selectors.partners_of(organisation)
    flags = sorted({flag for p in projects for flag in p.funding_flags()})
    return {
        "place": Cell(place_text(organisation.region, organisation.district)),
        "works_in": Cell(join(r.name for r in organisation.regions_active.all())),
        "kind": Cell(str(organisation.get_kind_display())),
        "founded": Cell(partial_date(organisation.founded)),
        "registered": Cell(registration(organisation)),
        "themes": Cell(
            join(sorted(t.theme.name for t in organisation.organisationtheme_set.all()))
        ),
        "case_studies": Cell(str(len(organisation.case_studies.all()))),
        "projects": Cell(str(len(projects))),
        "funding": funding,
        "mix": mix,
        "donors": Cell(join(str(d) for d in selectors.donors_of(organisation))),
        "partners": Cell(join(f"{p.government_body} ({p.get_level_display()})" for p in partners)),
        "beneficiaries": Cell(join(p.beneficiaries for p in projects)),
        "flags": flag_cell(flags),
        "source": Cell(organisation.source_label() or "—"),
    }


def region_profile(region: m.Region) -> dict[str, Cell]:
    places = selectors.places_in(region)
    # Their source lines are cited: the document by a join (without its text), not a query each.
    case_studies = list(
        selectors.case_studies_in(places)
        .select_related("source_document")
        .defer("source_document__text")
    )
    projects = list(selectors.projects_in(places).prefetch_related("contributions"))
    contributions = [c for p in projects for c in p.contributions.all()]
    funding, mix = funding_cells(contributions, projects)
    partners = selectors.partners_of_case_studies(case_studies)
    donors = selectors.donors_of_work(case_studies, projects)
    kinds = sorted({str(c.organisation.get_kind_display()) for c in case_studies})
    flags = sorted({flag for p in projects for flag in p.funding_flags()})
    return {
        "place": Cell(" › ".join(str(p) for p in (region.parent, region) if p)),
        "kind": Cell(join(kinds)),
        "case_studies": Cell(str(len(case_studies))),
        "projects": Cell(str(len(projects))),
        "funding": funding,
        "mix": mix,
        "donors": Cell(join(sorted({str(d) for d in donors}))),
        "partners": Cell(
            join(sorted({f"{p.government_body} ({p.get_level_display()})" for p in partners}))
        ),
        "beneficiaries": Cell(join(p.beneficiaries for p in projects)),
        "flags": flag_cell(flags),
        "source": Cell(join(sorted({c.source_label() for c in case_studies}))),
    }


def donor_profile(donor: m.Donor) -> dict[str, Cell]:
    contributions = list(donor.contributions.all())
    projects = {c.project for c in contributions}
    funding, _unused = funding_cells(contributions)
    regions = selectors.regions_of_donor(donor)
    by_project = selectors.flags_by_project(selectors.projects_funded_by(donor))
    flags = sorted({flag for codes in by_project.values() for flag in codes})
    return {
        "kind": Cell(str(donor.get_kind_display())),
        "place": Cell(join(r.name for r in regions)),
        "case_studies": Cell(str(len(donor.case_studies.all()))),
        "projects": Cell(str(len(projects))),
        "funding": funding,
        "beneficiaries": Cell(join(p.beneficiaries for p in projects)),
        "flags": flag_cell(flags),
        "source": Cell(donor.source_label() or "—"),
    }


LABELS = {
    "place": _("Region and places"),
    "works_in": _("Works in"),
    "organisation": _("Organisation"),
    "kind": _("Kind"),
    "founded": _("Founded"),
    "registered": _("Registration"),
    "themes": _("Themes"),
    "collaboration": _("Collaboration types"),
    "case_studies": _("Case studies"),
    "projects": _("Projects"),
    "funding": _("Documented funding (USD-normalised)"),
    "mix": _("Funding mix (community / donor / government / not attributed)"),
    "donors": _("Donors"),
    "partners": _("Government partners (level)"),
    "beneficiaries": _("Beneficiaries stated"),
    "flags": _("Data-quality flags"),
    "source": _("Source lines"),
}


@dataclass(frozen=True)
class Comparable:
    """A kind of record that can be compared: its URL slug, how to read it, its profile."""

    slug: str
    label: str
    queryset: Callable
    profile: Callable[[Model], dict[str, Cell]]


def _case_studies():
    return selectors.case_study_detail()


def _organisations():
    return selectors.organisation_detail()


def _regions():
    return m.Region.objects.select_related("parent")


def _donors():
    # The parts' projects by a join, their flags by a subquery (``donor_profile``): no
    # prefetch whose id list grows with the donor's projects.
    return m.Donor.objects.select_related("source_document").prefetch_related(
        "case_studies",
        Prefetch("contributions", queryset=m.Contribution.objects.select_related("project")),
    )


COMPARABLES = {
    "case-studies": Comparable(
        "case-studies", _("case studies"), _case_studies, case_study_profile
    ),
    "organisations": Comparable(
        "organisations", _("organisations"), _organisations, organisation_profile
    ),
    "regions": Comparable("regions", _("regions"), _regions, region_profile),
    "donors": Comparable("donors", _("donors"), _donors, donor_profile),
}


def clean_selection(slugs: Sequence[str]) -> list[str]:
    """Distinct slugs in the order given, at most MAX_ITEMS (extra ones are dropped)."""
    return list(dict.fromkeys(s for s in slugs if s))[:MAX_ITEMS]


def build_comparison(kind: str, slugs: Sequence[str]) -> Comparison:
    spec = COMPARABLES[kind]
    found = {r.slug: r for r in spec.queryset().filter(slug__in=slugs)}
    records = [found[s] for s in slugs if s in found]
    profiles = [spec.profile(record) for record in records]
    keys = [key for key in LABELS if profiles and key in profiles[0]]
    rows = [Row(key, str(LABELS[key]), [profile[key] for profile in profiles]) for key in keys]
    return Comparison(kind, records, rows)


def find_record(kind: str, slug: str) -> Model | None:
    """The record of a comparable kind with this slug, or None."""
    return COMPARABLES[kind].queryset().filter(slug=slug).first()


def comparison_url(kind: str, slugs: list[str]) -> str:
    """The comparison page's URL, which holds the selection (``?s=slug&s=slug``)."""
    query = "&".join(f"s={slug}" for slug in slugs)
    return reverse("catalogue:compare", kwargs={"kind": kind}) + (f"?{query}" if query else "")

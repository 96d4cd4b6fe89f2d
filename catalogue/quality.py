"""Computed facts about how complete and consistent a record's figures are.

Nothing here is stored: completeness, flags and shares follow from the figures as they are
now, so a staff correction shows at once. Functions read prefetched relations only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue.core.figures import FLAG_LABELS as FLAG_WORDING
from catalogue.core.figures import exceeds, funding_gap, share_percent, unattributed_usd
from catalogue.models import CaseStudy, Contribution, PartyKind, Project

# The core's wording, translated when shown (core/figures.py marks it for extraction).
FLAG_LABELS = {code: _(label) for code, label in FLAG_WORDING.items()}


@dataclass(frozen=True)
class Check:
    label: str
    met: bool
    why: str  # what is missing, in words, when not met


@dataclass(frozen=True)
class Share:
    party_kind: str
    label: str
    amount_usd: Decimal
    percent: Decimal


# The share of a funding picture that no party accounts for (beside the party kinds).
NOT_ATTRIBUTED = "not_attributed"

# What the catalogue does with a project that carries each flag, for /data-quality/.
FLAG_TREATMENT = {
    "parts_do_not_add_up": _(
        "Both figures are kept as printed; the flag gives the gap. The project's funding bar is "
        "drawn against the stated total, what no party accounts for shown as not attributed "
        "(pictures summing many projects still show shares of the parts)."
    ),
    "mixed_currencies": _(
        "Both figures are kept as printed. Parts and total are not compared, as the source gives "
        "no rate between them."
    ),
    "total_without_breakdown": _(
        "The total counts in the project's cost; nobody's share is counted, as none is stated."
    ),
    "parts_without_total": _(
        "The parts count in who paid what; the cost shown is their sum, labelled as such."
    ),
    "part_exceeds_total": _("Both figures are kept as printed; no share is shown above 100 %."),
}


@dataclass(frozen=True)
class Flag:
    code: str
    label: str  # the rule, in words
    detail: str  # the rule applied to this project's figures, with the numbers


def money(amount: Decimal, currency: str) -> str:
    """An amount with thousands grouped and its currency code: "3,969 TJS"."""
    places = 0 if amount == amount.to_integral_value() else 2  # as printed: "$1,218", "$0.50"
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)} {currency}"


def _total(project: Project) -> tuple[Decimal, str] | None:
    if project.total_amount is None:
        return None
    return project.total_amount, project.total_currency


def _gap_detail(project: Project, parts: list[Contribution]) -> str:
    gap = funding_gap(_total(project), [(c.amount, c.currency) for c in parts])
    values = {
        "parts": money(gap.parts, gap.currency),
        "total": money(gap.total, gap.currency),
        "gap": money(abs(gap.difference), gap.currency),
        "percent": number_format(gap.percent) if gap.percent is not None else "—",
    }
    if gap.difference > 0:
        wording = gettext(
            "Parts %(parts)s of a stated %(total)s: %(gap)s (%(percent)s %%) not attributed."
        )
    else:
        wording = gettext(
            "Parts %(parts)s of a stated %(total)s: %(gap)s (%(percent)s %%) more than the total."
        )
    return wording % values


def _currencies_detail(project: Project, parts: list[Contribution]) -> str:
    return gettext("Total stated in %(total)s, parts in %(parts)s.") % {
        "total": project.total_currency,
        "parts": ", ".join(sorted({c.currency for c in parts})),
    }


def _no_breakdown_detail(project: Project, parts: list[Contribution]) -> str:
    return gettext("A total of %(total)s is stated; no funder is named.") % {
        "total": money(project.total_amount, project.total_currency)
    }


def _no_total_detail(project: Project, parts: list[Contribution]) -> str:
    by_currency: dict[str, Decimal] = {}
    for c in parts:
        by_currency[c.currency] = by_currency.get(c.currency, Decimal(0)) + c.amount
    return gettext("Parts of %(parts)s are stated; no total.") % {
        "parts": " + ".join(money(amount, code) for code, amount in sorted(by_currency.items()))
    }


def _exceeds_detail(project: Project, parts: list[Contribution]) -> str:
    total = _total(project)
    part = max((c for c in parts if exceeds((c.amount, c.currency), total)), key=lambda c: c.amount)
    return gettext("%(party)s alone gave %(part)s, more than the stated total of %(total)s.") % {
        "party": part.party_name,
        "part": money(part.amount, part.currency),
        "total": money(*total),
    }


# Each flag's rule applied to one project's figures (the flag guarantees the figures exist).
_DETAILS = {
    "parts_do_not_add_up": _gap_detail,
    "mixed_currencies": _currencies_detail,
    "total_without_breakdown": _no_breakdown_detail,
    "parts_without_total": _no_total_detail,
    "part_exceeds_total": _exceeds_detail,
}


def project_flag_details(project: Project) -> list[Flag]:
    """Each data-quality flag of a project with its numbers (uses prefetched parts)."""
    parts = stated_parts(project)
    return [
        Flag(code, str(FLAG_LABELS[code]), _DETAILS[code](project, parts))
        for code in project.funding_flags()
    ]


def project_flags(project: Project) -> list[tuple[str, str]]:
    """(code, label) of each data-quality flag of a project."""
    return [(code, str(FLAG_LABELS[code])) for code in project.funding_flags()]


def stated_parts(project: Project) -> list[Contribution]:
    """The parts of a project's cost that print an amount (uses prefetched rows); a funder
    named without one is who paid, not how much."""
    return [c for c in project.contributions.all() if c.amount is not None]


def has_money_figure(project: Project) -> bool:
    """The source prints a total or an amount for the project (uses prefetched rows)."""
    return project.total_amount is not None or bool(stated_parts(project))


def project_completeness(project: Project) -> list[Check]:
    has_parts = bool(stated_parts(project))
    return [
        Check(
            str(_("cost known")),
            project.total_amount is not None or has_parts,
            str(_("The source states no amount.")),
        ),
        Check(
            str(_("split known")),
            has_parts and not project.funding_flags(),
            str(_("Who paid what is not stated, or does not match the total.")),
        ),
        Check(
            str(_("places known")),
            bool(project.places.all()),
            str(_("The source names no place for it.")),
        ),
        Check(
            str(_("source cited")),
            project.source_document_id is not None,
            str(_("Entered by staff without a source.")),
        ),
    ]


def case_study_completeness(case_study: CaseStudy) -> list[Check]:
    projects = list(case_study.projects.all())
    return [
        Check(
            str(_("cost known")),
            any(has_money_figure(p) for p in projects),
            str(_("The source states no amounts for its work.")),
        ),
        Check(
            str(_("split known")),
            any(stated_parts(p) for p in projects),
            str(_("The source does not say who paid what.")),
        ),
        Check(
            str(_("places known")),
            case_study.district_id is not None,
            str(_("The source gives no district or city.")),
        ),
        Check(
            str(_("source cited")),
            case_study.source_document_id is not None,
            str(_("Entered by staff without a source.")),
        ),
    ]


def shares_of(usd_by_party: dict[str, Decimal]) -> list[Share]:
    """Each party kind's share of a USD total, for proportional bars and tables."""
    grand = sum(usd_by_party.values())
    if not grand:
        return []
    return [
        Share(kind, party_label(kind), amount, (amount * 100 / grand).quantize(Decimal("0.1")))
        for kind, amount in usd_by_party.items()
        if amount
    ]


def party_label(kind: str) -> str:
    return str(_("Not attributed")) if kind == NOT_ATTRIBUTED else str(PartyKind(kind).label)


def usd_by_party(contributions: list[Contribution]) -> dict[str, Decimal]:
    """USD-normalised amounts summed per party kind, in ``PartyKind`` order (uses prefetched
    rows); contributions without a USD amount are left out, and so are party kinds with none."""
    totals: dict[str, Decimal] = {}
    for contribution in contributions:
        if contribution.amount_usd is not None:
            totals[contribution.party_kind] = (
                totals.get(contribution.party_kind, Decimal(0)) + contribution.amount_usd
            )
    return {kind: totals[kind] for kind in PartyKind.values if kind in totals}


def funding_mix(
    contributions: list[Contribution], not_attributed: Decimal = Decimal(0)
) -> list[Share]:
    """Shares of USD-normalised contributions (uses prefetched rows), with what the stated
    totals leave to no party as a share of its own when given."""
    return shares_of({**usd_by_party(contributions), NOT_ATTRIBUTED: not_attributed})


@dataclass(frozen=True)
class ProjectMix:
    """A project's funding picture: the parts' shares of the stated total where one is stated
    in the parts' currency, with what no part accounts for as its own segment; else shares of
    the parts' sum, and the picture says so."""

    shares: list[Share]
    against_total: bool  # the base is the stated total (else the sum of the parts)
    over_usd: Decimal | None = None  # the parts exceed the stated total by this much


def _printed_parts(project: Project) -> Decimal | None:
    """The sum of the parts as printed when they can be compared with the stated total (a
    total with a USD value, every part with an amount in its currency); else None."""
    if not project.total_usd or not project.total_amount:
        return None
    printed = [c for c in project.contributions.all() if c.amount is not None]
    if any(c.currency != project.total_currency for c in printed):
        return None
    return sum((c.amount for c in printed), Decimal(0))


def gap_usd(project: Project) -> Decimal:
    """What a project's stated total leaves to no party, in USD (uses prefetched rows): the
    difference as printed, valued at the total's USD pro rata (so a cent lost converting the
    parts is no gap); the whole total when no part has an amount; 0 when not comparable."""
    parts = _printed_parts(project)
    if parts is None:
        return Decimal(0)
    return unattributed_usd(project.total_usd, project.total_amount, parts)


def project_mix(project: Project) -> ProjectMix:
    """The picture of one project's funding (uses prefetched rows)."""
    by_party = usd_by_party(list(project.contributions.all()))
    paid = sum(by_party.values(), Decimal(0))
    parts = _printed_parts(project)
    if not paid or parts is None:
        return ProjectMix(shares_of(by_party), against_total=False)
    if parts > project.total_amount:
        return ProjectMix(
            shares_of(by_party), against_total=False, over_usd=paid - project.total_usd
        )
    gap = gap_usd(project)
    base = paid + gap
    shares = [
        Share(kind, party_label(kind), amount, share_percent(amount, base))
        for kind, amount in (*by_party.items(), (NOT_ATTRIBUTED, gap))
        if amount
    ]
    return ProjectMix(shares, against_total=True)


@dataclass(frozen=True)
class FlaggedProject:
    project: Project
    flag: Flag


@dataclass(frozen=True)
class FlagKind:
    """One kind of flag across the catalogue: what it means, how it is treated, how many
    projects have it, and those shown on this page."""

    code: str
    label: str
    treatment: str
    projects: list[FlaggedProject]  # this page's (a bounded number)
    count: int  # all the projects with the flag
    percent: Decimal  # share of all projects, to one decimal


def flag_kind(code: str, projects, count: int, project_count: int) -> FlagKind:
    """The kind ``code`` with ``projects`` (prefetched) listed under it, each with the numbers
    of that flag."""
    rows = []
    for project in projects:
        flag = next((f for f in project_flag_details(project) if f.code == code), None)
        if flag is not None:  # always, as the list was filtered by the same rule in SQL
            rows.append(FlaggedProject(project, flag))
    percent = Decimal(count * 100) / project_count if project_count else Decimal(0)
    return FlagKind(
        code,
        str(FLAG_LABELS[code]),
        str(FLAG_TREATMENT[code]),
        rows,
        count,
        percent.quantize(Decimal("0.1")),
    )

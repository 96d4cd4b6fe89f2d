"""Computed facts about how complete and consistent a record's figures are.

Nothing here is stored: completeness, flags and shares follow from the figures as they are
now, so a staff correction shows at once. Functions read prefetched relations only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from catalogue.core.figures import FLAG_LABELS as FLAG_WORDING
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
        Share(
            kind,
            str(PartyKind(kind).label),
            amount,
            (amount * 100 / grand).quantize(Decimal("0.1")),
        )
        for kind, amount in usd_by_party.items()
        if amount
    ]


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


def funding_mix(contributions: list[Contribution]) -> list[Share]:
    """Shares of one project's USD-normalised contributions (uses prefetched rows)."""
    return shares_of(usd_by_party(contributions))

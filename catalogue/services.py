"""Writes that follow from a staff edit (the loader has its own write path).

They go through ``save()`` so django-simple-history records them like any edit.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, prefetch_related_objects

from catalogue.core import rates
from catalogue.models import Currency, ExchangeRate, Project


def rate_year(project: Project) -> int | None:
    document_year = project.source_document.year if project.source_document_id else None
    return rates.rate_year(project.start_year, document_year)


def usd_value(amount: Decimal | None, currency: str, rates_of_year: dict[str, ExchangeRate]):
    """(amount in USD, rate used); (None, None) when no rate of that year is on record."""
    if amount is None or not currency:
        return None, None
    if currency == Currency.USD:
        return amount, None
    rate = rates_of_year.get(currency)
    if rate is None:
        return None, None
    return rates.convert(amount, rate.units_per_usd), rate


def set_usd(contribution, rates_of_year: dict[str, ExchangeRate]) -> None:
    """Fill a contribution's USD amount before it is saved, so an edit is one history row."""
    contribution.amount_usd, contribution.exchange_rate = usd_value(
        contribution.amount, contribution.currency, rates_of_year
    )


def refresh_usd_for_rate(rate: ExchangeRate) -> int:
    """Recompute every USD amount that used ``rate`` or would use it now (same currency and
    year), after staff corrected or added it; returns the number of projects looked at.

    Each changed row is saved, so the correction shows in the projects' and contributions'
    history too.
    """
    linked = set(
        Project.objects.filter(
            Q(total_exchange_rate=rate) | Q(contributions__exchange_rate=rate)
        ).values_list("pk", flat=True)
    )
    candidates = Project.objects.filter(
        Q(pk__in=linked) | Q(start_year=rate.year) | Q(start_year__isnull=True)
    ).select_related("source_document")
    projects = [p for p in candidates if p.pk in linked or rate_year(p) == rate.year]
    prefetch_related_objects(projects, "contributions")
    rates_by_year: dict[int | None, dict[str, ExchangeRate]] = {}
    for project in projects:
        year = rate_year(project)
        if year not in rates_by_year:
            rates_by_year[year] = rates_of(year)
        refresh_usd(project, rates_by_year[year])
    return len(projects)


def rates_of(year: int | None) -> dict[str, ExchangeRate]:
    """The stored rates of one year, by currency."""
    return {rate.currency: rate for rate in ExchangeRate.objects.filter(year=year)}


def refresh_usd(project: Project, rates_of_year: dict[str, ExchangeRate] | None = None) -> None:
    """Recompute the USD amounts of a project's total and contributions after an edit.

    Only rows whose USD value or rate would change are saved, so an edit that touches
    no figure leaves no extra history behind.
    """
    if rates_of_year is None:
        rates_of_year = rates_of(rate_year(project))
    usd, rate = usd_value(project.total_amount, project.total_currency, rates_of_year)
    if (project.total_usd, project.total_exchange_rate_id) != (usd, rate and rate.pk):
        project.total_usd, project.total_exchange_rate = usd, rate
        project.save(update_fields=["total_usd", "total_exchange_rate"])
    for contribution in project.contributions.all():
        usd, rate = usd_value(contribution.amount, contribution.currency, rates_of_year)
        if (contribution.amount_usd, contribution.exchange_rate_id) != (usd, rate and rate.pk):
            contribution.amount_usd, contribution.exchange_rate = usd, rate
            contribution.save(update_fields=["amount_usd", "exchange_rate"])

"""Writes that follow from a staff edit (the loader has its own write path).

They go through ``save()`` so django-simple-history records them like any edit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from catalogue.models import Currency, ExchangeRate, Project

CENT = Decimal("0.01")


def rate_year(project: Project) -> int | None:
    """The year whose rate converts a project's figures: as the loader chooses it."""
    if project.start_year is not None:
        return project.start_year
    if project.source_document_id is not None:
        return project.source_document.year
    return None


def usd_value(amount: Decimal | None, currency: str, year: int | None):
    """(amount in USD, rate used); (None, None) when no rate of that year is on record."""
    if amount is None or not currency:
        return None, None
    if currency == Currency.USD:
        return amount, None
    rate = ExchangeRate.objects.filter(currency=currency, year=year).first()
    if rate is None:
        return None, None
    return (amount / rate.units_per_usd).quantize(CENT, rounding=ROUND_HALF_UP), rate


def refresh_usd(project: Project) -> None:
    """Recompute the USD amounts of a project's total and contributions after an edit.

    Only rows whose USD value or rate would change are saved, so an edit that touches
    no figure leaves no extra history behind.
    """
    year = rate_year(project)
    usd, rate = usd_value(project.total_amount, project.total_currency, year)
    if (project.total_usd, project.total_exchange_rate_id) != (usd, rate and rate.pk):
        project.total_usd, project.total_exchange_rate = usd, rate
        project.save(update_fields=["total_usd", "total_exchange_rate"])
    for contribution in project.contributions.all():
        usd, rate = usd_value(contribution.amount, contribution.currency, year)
        if (contribution.amount_usd, contribution.exchange_rate_id) != (usd, rate and rate.pk):
            contribution.amount_usd, contribution.exchange_rate = usd, rate
            contribution.save(update_fields=["amount_usd", "exchange_rate"])

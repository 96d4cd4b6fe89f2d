"""The rules every figure is held to: the data-quality flags of a project's funding.

A project states a total, and parts paid by the community, donors and government. The
source's figures are never corrected; where they disagree the project is flagged, and the
loader, the data-quality page, the admin and the export all use this one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from catalogue.core.translation import gettext_noop

# The one wording of each flag: the loader prints it, the site shows it translated.
FLAG_LABELS: dict[str, str] = {
    "parts_do_not_add_up": gettext_noop("The parts do not add up to the stated total."),
    "mixed_currencies": gettext_noop("The total and its parts are stated in different currencies."),
    "total_without_breakdown": gettext_noop("A total is stated, but not who paid it."),
    "parts_without_total": gettext_noop("Contributions are stated, but no total."),
    "part_exceeds_total": gettext_noop("One part alone is larger than the stated total."),
}

Amount = tuple[Decimal, str]  # (amount, currency code) as printed
# A funder named without an amount is a part of unknown size: (None, "").
Part = tuple[Decimal | None, str]


def exceeds(part: Amount, total: Amount) -> bool:
    """A part larger than the total it is a part of, in the same currency: never right."""
    return str(part[1]) == str(total[1]) and part[0] > total[0]


def funding_flags(total: Amount | None, parts: Iterable[Part]) -> list[str]:
    """Data-quality codes (keys of ``FLAG_LABELS``) for one project's figures.

    A part without an amount (a funder named, amount unknown) says who paid but never counts
    in a sum: it only keeps "a total is stated, but not who paid it" from being raised.
    """
    parts = list(parts)
    named_only = any(amount is None for amount, _ in parts)
    parts = [(amount, str(currency)) for amount, currency in parts if amount is not None]
    if total is None:
        return ["parts_without_total"] if parts else []
    if not parts:
        return [] if named_only else ["total_without_breakdown"]
    currencies = {str(total[1])} | {currency for _, currency in parts}
    if len(currencies) > 1:
        return ["mixed_currencies"]
    flags = []
    if sum((amount for amount, _ in parts), Decimal(0)) != total[0]:
        flags.append("parts_do_not_add_up")
    if any(exceeds(part, total) for part in parts):
        flags.append("part_exceeds_total")
    return flags


@dataclass(frozen=True)
class Gap:
    """How the stated parts of a project compare with its stated total, in one currency."""

    total: Decimal
    parts: Decimal
    currency: str

    @property
    def difference(self) -> Decimal:
        """What the parts leave unattributed (positive) or add beyond the total (negative)."""
        return self.total - self.parts

    @property
    def percent(self) -> Decimal | None:
        """The difference as a share of the stated total (None for a zero total): to one
        decimal, or two below 1 % so that a small gap does not read as none."""
        if not self.total:
            return None
        return share_percent(abs(self.difference), self.total)


def share_percent(amount: Decimal, base: Decimal) -> Decimal:
    """``amount`` as a percentage of ``base``: to one decimal, or two below 1 % so that a
    small share does not read as none."""
    share = amount * 100 / base
    return share.quantize(Decimal("0.1") if share >= 1 else Decimal("0.01"))


def unattributed_usd(total_usd: Decimal, total: Decimal, parts: Decimal) -> Decimal:
    """What a stated total leaves to no party, in USD: the difference as printed (``total``
    and ``parts`` in the total's currency, so a cent lost converting the parts is no gap),
    valued at the total's USD pro rata; 0 when the parts reach the total."""
    if parts >= total:
        return Decimal(0)
    return (total_usd * (total - parts) / total).quantize(Decimal("0.01"))


def funding_gap(total: Amount | None, parts: Iterable[Part]) -> Gap | None:
    """The gap between a stated total and the parts that print an amount, when both exist and
    share the total's currency (mixed currencies have no gap without a rate: see the flag)."""
    amounts = [(amount, str(currency)) for amount, currency in parts if amount is not None]
    if total is None or not amounts:
        return None
    currency = str(total[1])
    if any(part_currency != currency for _, part_currency in amounts):
        return None
    return Gap(total[0], sum((amount for amount, _ in amounts), Decimal(0)), currency)

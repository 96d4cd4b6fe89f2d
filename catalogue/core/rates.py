"""Convert amounts printed in somoni to US dollars at the annual average rate of their year.

Pure Python, no Django. The rates are in ``catalogue/data/exchange_rates.toml`` (somoni per
dollar, one row per year, with a note on where each figure comes from and how far it was
checked). Amounts are Decimal throughout: money is never a float here.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "exchange_rates.toml"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    year: int
    currency: str  # ISO 4217 code, e.g. "TJS"
    units_per_usd: Decimal  # units of ``currency`` for one US dollar
    source: str  # where the figure comes from, shown next to converted amounts


USD_SOURCE = "identity (amount already in US dollars)"


def _code(currency: object) -> str:
    # Accepts a vocabulary.Currency member or a plain string.
    return str(currency).strip().upper()


@functools.cache
def _table() -> tuple[dict[int, Rate], dict]:
    with DATA_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    meta = data["meta"]
    code = meta["currency"]
    rates: dict[int, Rate] = {}
    for row in data["rate"]:
        year = int(row["year"])
        if year in rates:
            raise ValueError(f"exchange_rates.toml: year {year} twice")
        try:
            value = Decimal(str(row["units_per_usd"]))
        except InvalidOperation as exc:
            raise ValueError(f"exchange_rates.toml: bad rate for {year}") from exc
        if value <= 0:
            raise ValueError(f"exchange_rates.toml: rate for {year} must be positive")
        source = (
            f"{meta['source']}; {year} annual average (check: {row.get('check', 'unverified')})"
        )
        rates[year] = Rate(year=year, currency=code, units_per_usd=value, source=source)
    return rates, meta


def rates_meta() -> dict:
    """The ``[meta]`` table: source, unit and how the figures were obtained."""
    return _table()[1]


def known_years(currency: object = "TJS") -> tuple[int, ...]:
    rates, meta = _table()
    return tuple(sorted(rates)) if _code(currency) == meta["currency"] else ()


def rate_for(currency: object, year: int) -> Rate:
    """The annual average rate of ``currency`` against the dollar in ``year``.

    USD is 1 in every year. Somoni for a year outside the table raise LookupError, as does any
    other currency: better no conversion than a wrong one.
    """
    code = _code(currency)
    if code == "USD":
        return Rate(year=year, currency="USD", units_per_usd=Decimal(1), source=USD_SOURCE)
    rates, meta = _table()
    if code != meta["currency"]:
        raise LookupError(f"no exchange rates for currency {code!r}")
    try:
        return rates[year]
    except KeyError:
        raise LookupError(
            f"no {code} rate for {year}; the table covers {min(rates)}-{max(rates)}"
        ) from None


def to_usd(amount: Decimal, currency: object, year: int) -> tuple[Decimal, Rate]:
    """``amount`` of ``currency`` in US dollars at ``year``'s rate, rounded half up to cents."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        raise ValueError(f"amount must be finite, not {amount}")
    rate = rate_for(currency, year)
    return convert(amount, rate.units_per_usd), rate


def convert(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    """An amount in US dollars, rounded half up to cents."""
    return (amount / units_per_usd).quantize(CENT, rounding=ROUND_HALF_UP)


def rate_year(first_year: int | None, document_year: int | None) -> int | None:
    """The year whose rate converts a project's figures: the first year the project names,
    else the year of the document that states them."""
    return first_year if first_year is not None else document_year

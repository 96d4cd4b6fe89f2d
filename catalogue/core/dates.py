"""Dates as sources give them: to the year, the month or the day."""

from __future__ import annotations

from dataclasses import dataclass

# English month names and the abbreviations sources print, in calendar order.
_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("January", "Jan"),
    ("February", "Feb"),
    ("March", "Mar"),
    ("April", "Apr"),
    ("May",),
    ("June", "Jun"),
    ("July", "Jul"),
    ("August", "Aug"),
    ("September", "Sept", "Sep"),
    ("October", "Oct"),
    ("November", "Nov"),
    ("December", "Dec"),
)
MONTH_NAMES: tuple[str, ...] = tuple(spellings[0] for spellings in _SPELLINGS)
# Every spelling (capitalised, as printed) by month number.
MONTHS: dict[str, int] = {
    name: number for number, spellings in enumerate(_SPELLINGS, start=1) for name in spellings
}


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"bad month {self.month}")
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError(f"bad day {self.day}")

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

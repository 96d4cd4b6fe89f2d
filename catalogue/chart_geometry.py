"""Chart geometry: plain data in, SVG-ready dataclasses out (no ORM, no HTML).

Templates (``templates/catalogue/_chart_*.html``) draw these as inline SVG with only
attributes and CSS classes, so a strict Content-Security-Policy can allow them, and each
chart is paired with a table that says the same thing in words and numbers.

Coordinates are in SVG user units of a fixed ``viewBox``; the browser scales the whole chart.
All amounts given to these functions are USD-normalised: nothing here adds currencies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

PARTY_ORDER = ("community", "donor", "government")
# A funding mix also shows what the stated totals leave to no party (quality.NOT_ATTRIBUTED).
MIX_ORDER = (*PARTY_ORDER, "not_attributed")
WIDTH = 680
LABEL_WIDTH = 250
ROW = 22  # height of one bar row, including the gap
BAR = 14
TOP = 8
LABEL_CHARS = 36


def label_width(titles: Iterable[str]) -> int:
    """Room for the longest (shortened) label at 12px, at most ``LABEL_WIDTH``."""
    longest = max((len(shorten(title)) for title in titles), default=0)
    return min(LABEL_WIDTH, 12 + 7 * longest)


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """A label that fits the chart's label column; the full text goes in <title> and the table."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Shading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShadeClass:
    """One class of a choropleth or matrix: CSS class ``shade-<index>``, and the values in it."""

    index: int  # 0: none (zero or no data); 1..n: quantile classes, darker is more
    low: Decimal
    high: Decimal
    count: int  # how many areas or cells fall in it

    @property
    def css(self) -> str:
        return f"shade-{self.index}"


def quantile_bounds(values: Iterable[Decimal | int], classes: int = 4) -> list[Decimal]:
    """Upper bounds of up to ``classes`` quantile classes of the positive values.

    Zero is kept apart (class 0) so "nothing documented" never looks like "a little". With no
    more distinct positive values than classes, each distinct value is its own class.
    """
    positive = sorted(Decimal(v) for v in values if v and v > 0)
    if not positive:
        return []
    distinct = sorted(set(positive))
    if len(distinct) <= classes:
        return distinct
    bounds: list[Decimal] = []
    for i in range(1, classes + 1):
        bound = positive[math.ceil(i * len(positive) / classes) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def shade_index(value: Decimal | int | None, bounds: Sequence[Decimal], classes: int = 4) -> int:
    """0 for nothing; otherwise the value's class, counted so that the top class is always
    ``classes`` (the darkest), even when there are fewer distinct values than classes."""
    if not value or value <= 0 or not bounds:
        return 0
    offset = max(classes - len(bounds), 0)
    for index, bound in enumerate(bounds, start=1):
        if value <= bound:
            return index + offset
    return len(bounds) + offset


def shade_legend(
    values: Sequence[Decimal | int], bounds: Sequence[Decimal], classes: int = 4
) -> list[ShadeClass]:
    """Each class with the lowest and highest value actually in it (empty classes left out)."""
    members: dict[int, list[Decimal]] = {}
    for value in values:
        members.setdefault(shade_index(value, bounds, classes), []).append(Decimal(value or 0))
    return [
        ShadeClass(index, min(found), max(found), len(found))
        for index, found in sorted(members.items())
    ]


# Funding mix: one 100% bar per record ----------------------------------------------------


@dataclass(frozen=True)
class Segment:
    party_kind: str
    amount_usd: Decimal
    percent: Decimal
    x: float
    width: float


@dataclass(frozen=True)
class MixRow:
    label: str  # shortened for the chart
    title: str  # in full
    url: str
    total_usd: Decimal
    segments: list[Segment]
    y: float

    @property
    def text_y(self) -> float:
        return self.y + BAR - 3

    def amount(self, party_kind: str) -> Decimal:
        for segment in self.segments:
            if segment.party_kind == party_kind:
                return segment.amount_usd
        return Decimal(0)

    @property
    def by_party(self) -> list[Decimal]:
        return [self.amount(kind) for kind in MIX_ORDER]


@dataclass(frozen=True)
class MixChart:
    rows: list[MixRow]
    width: int = WIDTH
    height: float = 0
    bar_x: int = LABEL_WIDTH
    bar_width: int = WIDTH - LABEL_WIDTH - 10
    bar_height: int = BAR
    parties: tuple[str, ...] = MIX_ORDER

    @property
    def label_x(self) -> int:
        return self.bar_x - 6


def mix_chart(records: Iterable[tuple[str, str, dict[str, Decimal]]]) -> MixChart:
    """(title, url, USD by party kind) per record → one 100%-stacked bar per record.

    Records without any USD amount are left out: the caller counts them as left out.
    """
    records = list(records)
    rows: list[MixRow] = []
    bar_x = label_width(title for title, _, _ in records)
    bar_width = WIDTH - LABEL_WIDTH - 10
    for title, url, by_party in records:
        total = sum((by_party.get(kind) or Decimal(0) for kind in MIX_ORDER), Decimal(0))
        if not total:
            continue
        y = TOP + len(rows) * ROW
        segments, offset = [], 0.0
        for kind in MIX_ORDER:
            amount = by_party.get(kind) or Decimal(0)
            if not amount:
                continue
            width = float(amount / total) * bar_width
            segments.append(
                Segment(
                    kind,
                    amount,
                    (amount * 100 / total).quantize(Decimal("0.1")),
                    round(bar_x + offset, 2),
                    round(width, 2),
                )
            )
            offset += width
        rows.append(MixRow(shorten(title), title, url, total, segments, y))
    return MixChart(
        rows=rows,
        width=bar_x + bar_width + 10,
        height=TOP * 2 + len(rows) * ROW,
        bar_x=bar_x,
        bar_width=bar_width,
    )


# Horizontal bars: one amount per label ---------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    url: str
    value: Decimal
    count: int  # records behind the value (contributions, case studies)
    y: float
    width: float  # bar length in user units
    x: float  # where the bar starts

    @property
    def value_x(self) -> float:
        return self.x + self.width + 4

    @property
    def text_y(self) -> float:
        return self.y + BAR - 3


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int = WIDTH
    height: float = 0
    bar_x: int = LABEL_WIDTH
    bar_height: int = BAR
    label_x: int = LABEL_WIDTH - 6


def bar_chart(items: Iterable[tuple[str, str, Decimal | int, int]]) -> BarChart:
    """(title, url, value, count) → bars scaled to the largest value; zero values keep a row."""
    items = list(items)
    bar_x = label_width(title for title, _, _, _ in items)
    # Room on the right for the value printed after the longest bar.
    room = WIDTH - LABEL_WIDTH - 90
    largest = max((Decimal(value) for _, _, value, _ in items), default=Decimal(0))
    bars = []
    for i, (title, url, value, count) in enumerate(items):
        width = float(Decimal(value) / largest) * room if largest else 0.0
        bars.append(
            Bar(
                shorten(title),
                title,
                url,
                Decimal(value),
                count,
                TOP + i * ROW,
                round(width, 2),
                bar_x,
            )
        )
    return BarChart(
        bars=bars,
        width=bar_x + room + 90,
        height=TOP * 2 + len(bars) * ROW,
        bar_x=bar_x,
        label_x=bar_x - 6,
    )


# Columns over years, with long empty stretches collapsed ----------------------------------


@dataclass(frozen=True)
class Column:
    label: str  # the year, or "1928–1989" for a collapsed gap
    count: int
    x: float
    y: float
    height: float
    is_gap: bool = False

    @property
    def center(self) -> float:
        return self.x + COLUMN_WIDTH / 2


COLUMN_WIDTH = 26
COLUMN_GAP = 6
PLOT_HEIGHT = 140
COLUMN_TOP = 20
MAX_EMPTY_RUN = 3  # a longer run of years with nothing is drawn as one marked gap


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    width: float
    height: float
    baseline: float
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (count, y) gridlines


def year_columns(counts: dict[int, int]) -> ColumnChart:
    """Case studies (or anything) per year. Every year between the first and last gets a
    column, so the axis is honest about time, except runs of more than ``MAX_EMPTY_RUN``
    empty years, which become one labelled gap."""
    slots: list[tuple[str, int, bool]] = []
    if counts:
        years = sorted(counts)
        previous = None
        for year in years:
            if previous is not None:
                empty = year - previous - 1
                if empty > MAX_EMPTY_RUN:
                    slots.append((f"{previous + 1}–{year - 1}", 0, True))
                else:
                    slots.extend((str(y), 0, False) for y in range(previous + 1, year))
            slots.append((str(year), counts[year], False))
            previous = year
    largest = max(counts.values(), default=0)
    baseline = COLUMN_TOP + PLOT_HEIGHT
    columns = []
    for i, (label, count, is_gap) in enumerate(slots):
        height = PLOT_HEIGHT * count / largest if largest else 0
        x = 30 + i * (COLUMN_WIDTH + COLUMN_GAP)
        columns.append(
            Column(label, count, x, round(baseline - height, 2), round(height, 2), is_gap)
        )
    ticks = [(n, round(baseline - PLOT_HEIGHT * n / largest, 2)) for n in range(1, largest + 1)]
    width = 30 + len(slots) * (COLUMN_WIDTH + COLUMN_GAP) + 10
    return ColumnChart(columns, max(width, 200), baseline + 60, baseline, ticks)


# Matrix: amounts in a grid of rows × columns -------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: Decimal
    count: int
    shade: int
    x: float
    y: float

    @property
    def center(self) -> float:
        return self.x + CELL_WIDTH / 2

    @property
    def text_y(self) -> float:
        return self.y + CELL_HEIGHT / 2 + 4


@dataclass(frozen=True)
class MatrixRow:
    label: str
    title: str
    url: str
    cells: list[Cell]
    total: Decimal
    y: float

    @property
    def text_y(self) -> float:
        return self.y + CELL_HEIGHT / 2 + 4


@dataclass(frozen=True)
class Matrix:
    columns: list[tuple[str, str, float]]  # (label, url, x of the column's centre)
    rows: list[MatrixRow]
    legend: list[ShadeClass]
    column_totals: list[Decimal]
    width: float
    height: float
    cell_width: int
    cell_height: int
    head: int
    label_x: int = LABEL_WIDTH - 6


CELL_WIDTH = 84
CELL_HEIGHT = 24
MATRIX_HEAD = 28


def matrix(
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    values: dict[tuple[int, int], tuple[Decimal, int]],
    classes: int = 4,
) -> Matrix:
    """rows and columns: (title, url); values: (row index, column index) → (amount, count).

    Cells are shaded by quantile class of the non-empty cells; empty cells are class 0.
    """
    left = label_width(title for title, _ in rows)
    bounds = quantile_bounds((value for value, _ in values.values()), classes)
    all_values = [
        values.get((r, c), (Decimal(0), 0))[0]
        for r in range(len(rows))
        for c in range(len(columns))
    ]
    matrix_rows = []
    for r, (title, url) in enumerate(rows):
        y = MATRIX_HEAD + r * CELL_HEIGHT
        cells = []
        for c in range(len(columns)):
            value, count = values.get((r, c), (Decimal(0), 0))
            cells.append(
                Cell(
                    value,
                    count,
                    shade_index(value, bounds, classes),
                    left + c * CELL_WIDTH,
                    y,
                )
            )
        matrix_rows.append(
            MatrixRow(
                shorten(title), title, url, cells, sum((c.value for c in cells), Decimal(0)), y
            )
        )
    column_totals = [
        sum((row.cells[c].value for row in matrix_rows), Decimal(0)) for c in range(len(columns))
    ]
    return Matrix(
        columns=[
            (title, url, left + c * CELL_WIDTH + CELL_WIDTH / 2)
            for c, (title, url) in enumerate(columns)
        ],
        rows=matrix_rows,
        legend=shade_legend(all_values, bounds, classes),
        column_totals=column_totals,
        width=left + len(columns) * CELL_WIDTH + 10,
        height=MATRIX_HEAD + len(rows) * CELL_HEIGHT + 8,
        cell_width=CELL_WIDTH,
        cell_height=CELL_HEIGHT,
        head=MATRIX_HEAD,
        label_x=left - 6,
    )

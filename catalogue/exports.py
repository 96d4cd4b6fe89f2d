"""CSV and JSON downloads of a list page, filtered, searched and sorted as shown.

Column names are stable (documented in README "Exports" and docs/site.md). Cells carry labels,
not internal codes. At most ``CAP`` rows: a capped CSV starts with a note line, a capped JSON
says ``"capped": true`` with the ``total``; both send ``X-Export-Total`` and
``X-Export-Capped``. CSV cells that a spreadsheet would run as a formula are prefixed with '.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from catalogue.selectors.lists import ListResult

CAP = 10_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[object], object]


def _usd(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _name(record) -> str:
    return "" if record is None else str(record)


def _url(request: HttpRequest) -> Callable[[object], str]:
    return lambda record: request.build_absolute_uri(record.get_absolute_url())


def columns_for(list_name: str, request: HttpRequest) -> list[Column]:
    url = _url(request)
    if list_name == "case-studies":
        return [
            Column("number", lambda r: r.number),
            Column("title", lambda r: r.title),
            Column("url", url),
            Column("organisation", lambda r: _name(r.organisation)),
            Column("region", lambda r: _name(r.region)),
            Column("district", lambda r: _name(r.district)),
            Column("projects", lambda r: r.project_count),
            Column("projects_with_stated_total", lambda r: r.usd_projects),
            Column("stated_totals_usd", lambda r: _usd(r.usd_total)),
        ]
    if list_name == "organisations":
        return [
            Column("name", lambda r: r.name),
            Column("url", url),
            Column("kind", lambda r: r.get_kind_display()),
            Column("region", lambda r: _name(r.region)),
            Column("founded", lambda r: r.founded.isoformat() if r.founded else ""),
            Column("case_studies", lambda r: r.case_study_count),
            Column("projects", lambda r: r.project_count),
            Column("projects_with_stated_total", lambda r: r.usd_projects),
            Column("stated_totals_usd", lambda r: _usd(r.usd_total)),
        ]
    if list_name == "projects":
        return [
            Column("title", lambda r: r.title),
            Column("url", url),
            Column("case_study", lambda r: _name(r.case_study)),
            Column("organisation", lambda r: _name(r.organisation)),
            Column("region", lambda r: _name(r.case_study.region if r.case_study else None)),
            Column("status", lambda r: r.get_status_display()),
            Column("first_year", lambda r: r.start_year),
            Column("last_year", lambda r: r.end_year),
            Column("stated_total_as_printed", lambda r: r.total_printed),
            Column("stated_total", lambda r: _usd(r.total_amount)),
            Column("stated_total_currency", lambda r: r.get_total_currency_display()),
            Column("stated_total_usd", lambda r: _usd(r.total_usd)),
        ]
    if list_name == "donors":
        return [
            Column("name", lambda r: r.name),
            Column("url", url),
            Column("kind", lambda r: r.get_kind_display()),
            Column("country", lambda r: r.country),
            Column("projects_funded", lambda r: r.project_count),
            Column("case_studies", lambda r: r.case_study_count),
            Column("contributions", lambda r: r.contribution_count),
            # Of those, the ones naming the donor without an amount (never in the USD sum).
            Column("contributions_amount_not_stated", lambda r: r.not_stated_count),
            Column("contributed_usd", lambda r: _usd(r.usd_total)),
        ]
    raise ValueError(list_name)


def safe_cell(value: object) -> str:
    """A CSV cell: empty for None, and never a formula (OWASP: prefix with ')."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filename(list_name: str, extension: str) -> str:
    return f"hamkori-{list_name}-{timezone.now():%Y-%m-%d}.{extension}"


def respond(
    request: HttpRequest, list_name: str, result: ListResult, export_format: str
) -> HttpResponse:
    total = result.filterset.qs.count()
    capped = total > CAP
    columns = columns_for(list_name, request)
    rows = result.rows[:CAP]
    headers = {"X-Export-Total": str(total), "X-Export-Capped": "true" if capped else "false"}
    if export_format == "json":
        payload = {
            "list": list_name,
            "url": request.build_absolute_uri(),
            "total": total,
            "capped": capped,
            "cap": CAP,
            "usd_note": "USD amounts are normalised at each year's average exchange rate.",
            "columns": [column.name for column in columns],
            "rows": [{c.name: _json_value(c.value(row)) for c in columns} for row in rows],
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
            headers=headers,
        )
    else:
        response = StreamingHttpResponse(
            _csv_lines(columns, rows, total, capped),
            content_type="text/csv; charset=utf-8",
            headers=headers,
        )
    extension = "json" if export_format == "json" else "csv"
    response["Content-Disposition"] = f'attachment; filename="{_filename(list_name, extension)}"'
    return response


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _csv_lines(columns: list[Column], rows, total: int, capped: bool) -> Iterator[str]:
    writer = csv.writer(_Echo())
    if capped:
        yield writer.writerow([f"# capped: the first {CAP} of {total} rows"])
    yield writer.writerow([column.name for column in columns])
    for row in rows.iterator(chunk_size=2000):
        yield writer.writerow([safe_cell(column.value(row)) for column in columns])

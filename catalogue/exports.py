"""CSV and JSON downloads of a list page, filtered, searched and sorted as shown.

Column names are stable (documented in README "Exports" and docs/site.md). Cells carry labels,
not internal codes. At most ``CAP`` rows: a capped CSV starts with a note line, a capped JSON
says ``"capped": true`` with the ``total``; both send ``X-Export-Total`` and
``X-Export-Capped``. CSV cells that a spreadsheet would run as a formula are prefixed with '.

Exports carry the evidence: every record's source file and line span, a project's flags with
their numbers and each part of its cost (in JSON a list per project; in CSV a second file,
``?format=contributions.csv``, one row per contribution). Dates are the site's local date, the
same as a page's citation ("retrieved"), so a download made just after midnight in Dushanbe
is not named after the day before.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from catalogue.models import Contribution
from catalogue.quality import project_flag_details
from catalogue.selectors.lists import ListResult

CAP = 10_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTRIBUTIONS_CSV = "contributions.csv"
FORMATS = ("csv", "json")
# Formats only some lists have: the parts of a project's cost belong to the projects list.
EXTRA_FORMATS = {"projects": (CONTRIBUTIONS_CSV,)}


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[object], object]
    # The JSON value where it is richer than the CSV cell (a list rather than joined text).
    json: Callable[[object], object] | None = None

    def json_value(self, record: object) -> object:
        return _json_value((self.json or self.value)(record))


def formats(list_name: str) -> tuple[str, ...]:
    """The ``format`` values a list exports to."""
    return FORMATS + EXTRA_FORMATS.get(list_name, ())


def _decimal(value: Decimal | None) -> str:
    """Two decimals, or empty when there is no figure (never 0: "not stated" is not zero)."""
    return "" if value is None else f"{value:.2f}"


def _name(record) -> str:
    return "" if record is None else str(record)


SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_STANDIN = "slug-standin-0"


def _url(request: HttpRequest) -> Callable[[object], str]:
    """Each record's absolute URL, with ``reverse()`` once per kind of record rather than once
    per row (a third of a long export's time): a record's path is its kind's path around its
    slug. A slug ``reverse()`` would quote (never one the loader or the admin makes) takes the
    long way."""
    paths: dict[type, tuple[str, str] | None] = {}

    def url(record) -> str:
        kind = type(record)
        if kind not in paths:
            path = kind(slug=SLUG_STANDIN).get_absolute_url()
            before, standin, after = path.partition(SLUG_STANDIN)
            paths[kind] = (before, after) if standin and SLUG_STANDIN not in after else None
        around = paths[kind]
        if around is None or not SLUG.fullmatch(record.slug):
            return request.build_absolute_uri(record.get_absolute_url())
        return request.build_absolute_uri(around[0] + record.slug + around[1])

    return url


def _label(field: str) -> Callable[[object], object]:
    """``get_<field>_display()``, each label translated once per export rather than per row."""
    labels: dict[object, object] = {}

    def label(record) -> object:
        value = getattr(record, field)
        if value not in labels:
            labels[value] = getattr(record, f"get_{field}_display")()
        return labels[value]

    return label


def _source_columns(request: HttpRequest) -> list[Column]:
    """Where a record was read: file, line span and a link to those lines (empty for records
    staff created)."""

    def file_name(record) -> str:
        return record.source_document.file_name if record.source_document_id else ""

    def source_url(record) -> str:
        path = record.source_url()
        return request.build_absolute_uri(path) if path else ""

    return [
        Column("source_file", file_name),
        Column("first_line", lambda r: r.first_line),
        Column("last_line", lambda r: r.last_line),
        Column("source_url", source_url),
    ]


def _flags_cell(project) -> str:
    return " | ".join(f"{flag.code}: {flag.detail}" for flag in project_flag_details(project))


def _flags_json(project) -> list[dict[str, str]]:
    return [
        {"code": flag.code, "label": flag.label, "detail": flag.detail}
        for flag in project_flag_details(project)
    ]


def contribution_columns(request: HttpRequest) -> list[Column]:
    """One part of a project's cost as printed; a funder named without an amount has empty
    amounts, never 0."""
    return [
        Column("party_kind", _label("party_kind")),
        Column("party", lambda c: c.party_name),
        Column("donor", lambda c: _name(c.donor)),
        Column("amount_as_printed", lambda c: c.amount_printed),
        Column("amount", lambda c: _decimal(c.amount)),
        Column("currency", _label("currency")),
        Column("amount_usd", lambda c: _decimal(c.amount_usd)),
        Column("in_kind", lambda c: c.in_kind),
        *_source_columns(request),
    ]


def _contributions_json(request: HttpRequest) -> Callable[[object], list[dict]]:
    columns = contribution_columns(request)
    return lambda project: [
        {column.name: column.json_value(part) for column in columns}
        for part in project.contributions.all()
    ]


def columns_for(list_name: str, request: HttpRequest) -> list[Column]:
    url = _url(request)
    source = _source_columns(request)
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
            Column("stated_totals_usd", lambda r: _decimal(r.usd_total)),
            *source,
        ]
    if list_name == "organisations":
        return [
            Column("name", lambda r: r.name),
            Column("url", url),
            Column("kind", _label("kind")),
            Column("region", lambda r: _name(r.region)),
            Column("founded", lambda r: r.founded.isoformat() if r.founded else ""),
            Column("case_studies", lambda r: r.case_study_count),
            Column("projects", lambda r: r.project_count),
            Column("projects_with_stated_total", lambda r: r.usd_projects),
            Column("stated_totals_usd", lambda r: _decimal(r.usd_total)),
            *source,
        ]
    if list_name == "projects":
        return [
            Column("title", lambda r: r.title),
            Column("url", url),
            Column("case_study", lambda r: _name(r.case_study)),
            Column("organisation", lambda r: _name(r.organisation)),
            Column("region", lambda r: _name(r.case_study.region if r.case_study else None)),
            Column("status", _label("status")),
            Column("first_year", lambda r: r.start_year),
            Column("last_year", lambda r: r.end_year),
            Column("stated_total_as_printed", lambda r: r.total_printed),
            Column("stated_total", lambda r: _decimal(r.total_amount)),
            Column("stated_total_currency", _label("total_currency")),
            Column("stated_total_usd", lambda r: _decimal(r.total_usd)),
            Column("flags", _flags_cell, json=_flags_json),
            # In CSV the number of parts (each is a row of ?format=contributions.csv); in JSON
            # the parts themselves.
            Column(
                "contributions",
                lambda r: len(r.contributions.all()),
                json=_contributions_json(request),
            ),
            *source,
        ]
    if list_name == "donors":
        return [
            Column("name", lambda r: r.name),
            Column("url", url),
            Column("kind", _label("kind")),
            Column("country", lambda r: r.country),
            Column("projects_funded", lambda r: r.project_count),
            Column("case_studies", lambda r: r.case_study_count),
            Column("contributions", lambda r: r.contribution_count),
            # Of those, the ones naming the donor without an amount (never in the USD sum).
            Column("contributions_amount_not_stated", lambda r: r.not_stated_count),
            Column("contributed_usd", lambda r: _decimal(r.usd_total)),
            *source,
        ]
    raise ValueError(list_name)


# A source document's full text is the whole book: the export needs its file name and slug only.
DOCUMENT_TEXT = "source_document__text"


def _with_evidence(list_name: str, rows, *, whole_parts: bool = True):
    """The list's rows with what the export reads besides the page's columns, in a fixed
    number of queries: the source document, and a project's parts (its flags use them).
    Like ``Project.objects.with_funding()``, without each row carrying the document's text.
    Without ``whole_parts`` (the projects CSV, which counts the parts and reads their flags),
    the parts come without their donor, organisation, rate and document: a fifth of the
    records to build."""
    if list_name == "projects":
        parts = Contribution.objects.all()
        if whole_parts:
            parts = Contribution.objects.for_funding_table().defer(DOCUMENT_TEXT)
        return (
            rows.select_related("organisation", "case_study", "source_document")
            .defer(DOCUMENT_TEXT)
            .prefetch_related(Prefetch("contributions", queryset=parts))
        )
    return rows.select_related("source_document").defer(DOCUMENT_TEXT)


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
    """Named after the site's local date (settings.TIME_ZONE), as the citation's "retrieved"."""
    return f"hamkori-{list_name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def respond(
    request: HttpRequest, list_name: str, result: ListResult, export_format: str
) -> HttpResponse:
    total = result.filterset.qs.count()
    capped = total > CAP
    rows = _with_evidence(list_name, result.rows, whole_parts=export_format != "csv")[:CAP]
    headers = {"X-Export-Total": str(total), "X-Export-Capped": "true" if capped else "false"}
    if export_format == CONTRIBUTIONS_CSV:
        response = StreamingHttpResponse(
            _contribution_lines(request, rows, total, capped),
            content_type="text/csv; charset=utf-8",
            headers=headers,
        )
        name = _filename(f"{list_name}-contributions", "csv")
    elif export_format == "json":
        columns = columns_for(list_name, request)
        payload = {
            "list": list_name,
            "url": request.build_absolute_uri(),
            "retrieved": timezone.localdate().isoformat(),
            "total": total,
            "capped": capped,
            "cap": CAP,
            "usd_note": "USD amounts are normalised at each year's average exchange rate.",
            "columns": [column.name for column in columns],
            "rows": [{c.name: c.json_value(row) for c in columns} for row in rows],
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
            headers=headers,
        )
        name = _filename(list_name, "json")
    else:
        columns = columns_for(list_name, request)
        response = StreamingHttpResponse(
            _csv_lines(columns, rows, total, capped),
            content_type="text/csv; charset=utf-8",
            headers=headers,
        )
        name = _filename(list_name, "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _cap_note(total: int, unit: str) -> list[str]:
    return [f"# capped: the first {CAP} of {total} {unit}"]


def _csv_lines(columns: list[Column], rows, total: int, capped: bool) -> Iterator[str]:
    writer = csv.writer(_Echo())
    if capped:
        yield writer.writerow(_cap_note(total, "rows"))
    yield writer.writerow([column.name for column in columns])
    for row in rows.iterator(chunk_size=2000):
        yield writer.writerow([safe_cell(column.value(row)) for column in columns])


def _contribution_lines(request: HttpRequest, projects, total: int, capped: bool) -> Iterable[str]:
    """One row per part of a project's cost, keyed by the project's title and URL, in the
    list's order (a project with no part has no row)."""
    writer = csv.writer(_Echo())
    url = _url(request)
    columns = contribution_columns(request)
    if capped:
        yield writer.writerow(_cap_note(total, "projects"))
    yield writer.writerow(["project", "project_url", *(column.name for column in columns)])
    for project in projects.iterator(chunk_size=2000):
        key = [safe_cell(project.title), safe_cell(url(project))]
        for part in project.contributions.all():
            yield writer.writerow(key + [safe_cell(column.value(part)) for column in columns])

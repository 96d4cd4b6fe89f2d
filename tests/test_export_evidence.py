"""Exports carry the evidence: source file and lines, flags with their numbers, each part of a
project's cost (a list in JSON, a second CSV), in a fixed number of queries, dated in the site's
time zone."""

import csv
import datetime
import io
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import models as m
from catalogue.models import Currency, PartyKind, Project
from tests import factories

D = Decimal
PROJECTS = "catalogue:project_list"
CONTRIBUTIONS = "contributions.csv"
GAP = "Parts 2,751 TJS of a stated 3,969 TJS: 1,218 TJS (30.7 %) not attributed."


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def poultry(title: str = "Poultry farming", file_name: str = "book.txt") -> Project:
    """A project told like Yalabuli's: a total, two parts that fall short of it, and a funder
    the text names without an amount."""
    document = factories.source_document(file_name=file_name, text="x\n" * 20)
    msdsp = m.Donor.objects.filter(name="MSDSP").first() or factories.donor(name="MSDSP")
    project = factories.project(
        title=title,
        total_amount=D("3969"),
        total_currency=Currency.TJS,
        total_printed="3969 Somoni",
        total_usd=D("1221.23"),
        source_document=document,
        first_line=11,
        last_line=14,
    )
    parts = [
        (PartyKind.DONOR, "MSDSP", msdsp, D("1218"), "1218 Somoni", 12),
        (PartyKind.COMMUNITY, "the VO", None, D("1533"), "1533 Somoni", 13),
        (PartyKind.GOVERNMENT, "the Jamoat", None, None, "", 14),
    ]
    for sequence, (kind, party, donor, amount, printed, line) in enumerate(parts):
        factories.contribution(
            project=project,
            sequence=sequence,
            party_kind=kind,
            party_name=party,
            donor=donor,
            amount=amount,
            currency=Currency.TJS if amount is not None else "",
            amount_printed=printed,
            amount_usd=None if amount is None else (amount / D("3.25")).quantize(D("0.01")),
            in_kind="premises" if amount is None else "",
            source_document=document,
            first_line=line,
            last_line=line,
        )
    return project


@pytest.mark.django_db
def test_the_projects_csv_has_the_flags_with_their_numbers_and_the_source_lines(client):
    project = poultry()
    [row] = csv_rows(client.get(reverse(PROJECTS), {"format": "csv"}))
    assert row["flags"] == f"parts_do_not_add_up: {GAP}"
    assert row["stated_total_as_printed"] == "3969 Somoni"
    assert (row["stated_total"], row["stated_total_currency"]) == ("3969.00", "Tajik somoni")
    assert row["stated_total_usd"] == "1221.23"
    assert row["contributions"] == "3"
    assert (row["source_file"], row["first_line"], row["last_line"]) == ("book.txt", "11", "14")
    assert row["source_url"] == "http://testserver" + project.source_url()
    assert row["source_url"].endswith("?lines=11-14#L11-L14")


@pytest.mark.django_db
def test_several_flags_are_joined_in_one_cell():
    from catalogue.exports import _flags_cell

    project = factories.project(total_amount=D("2006"), total_currency=Currency.TJS)
    factories.contribution(project=project, amount=D("3000"), currency=Currency.TJS)
    project = Project.objects.with_funding().get(pk=project.pk)
    cell = _flags_cell(project)
    assert cell.count(" | ") == 1
    assert cell.startswith("parts_do_not_add_up: Parts 3,000 TJS of a stated 2,006 TJS")
    assert "part_exceeds_total: the VO alone gave 3,000 TJS" in cell


@pytest.mark.django_db
def test_the_projects_json_lists_each_part_and_the_flags(client):
    poultry()
    payload = json.loads(client.get(reverse(PROJECTS), {"format": "json"}).content)
    [row] = payload["rows"]
    assert payload["columns"] == list(row)
    assert row["flags"] == [
        {"code": "parts_do_not_add_up", "label": row["flags"][0]["label"], "detail": GAP}
    ]
    assert (row["source_file"], row["first_line"], row["last_line"]) == ("book.txt", 11, 14)
    msdsp, vo, jamoat = row["contributions"]
    assert msdsp == {
        "party_kind": "Donor",
        "party": "MSDSP",
        "donor": "MSDSP",
        "amount_as_printed": "1218 Somoni",
        "amount": "1218.00",
        "currency": "Tajik somoni",
        "amount_usd": "374.77",
        "in_kind": "",
        "source_file": "book.txt",
        "first_line": 12,
        "last_line": 12,
        "source_url": msdsp["source_url"],
    }
    assert msdsp["source_url"].endswith("?lines=12-12#L12-L12")
    assert (vo["party_kind"], vo["amount"], vo["donor"]) == ("Community", "1533.00", "")
    # Named without an amount: empty, never 0.
    assert (jamoat["amount"], jamoat["currency"], jamoat["amount_usd"]) == ("", "", "")
    assert (jamoat["amount_as_printed"], jamoat["in_kind"]) == ("", "premises")


@pytest.mark.django_db
def test_the_contributions_csv_has_one_row_per_part_keyed_by_project(client):
    project = poultry()
    factories.project(title="No parts")  # has no row
    response = client.get(reverse(PROJECTS), {"format": CONTRIBUTIONS})
    assert response["Content-Type"].startswith("text/csv")
    assert "hamkori-projects-contributions-" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [(r["project"], r["party"], r["amount"], r["first_line"]) for r in rows] == [
        ("Poultry farming", "MSDSP", "1218.00", "12"),
        ("Poultry farming", "the VO", "1533.00", "13"),
        ("Poultry farming", "the Jamoat", "", "14"),
    ]
    assert {r["project_url"] for r in rows} == {"http://testserver" + project.get_absolute_url()}
    assert rows[2]["amount_usd"] == "" and rows[2]["in_kind"] == "premises"


@pytest.mark.django_db
def test_the_contributions_csv_keeps_the_filters_search_and_cells_safe(client):
    poultry("Poultry farming")
    other = factories.project(title="Water line")
    factories.contribution(project=other, party_name="=HYPERLINK(1)")
    rows = csv_rows(client.get(reverse(PROJECTS), {"q": "water", "format": CONTRIBUTIONS}))
    assert [(r["project"], r["party"]) for r in rows] == [("Water line", "'=HYPERLINK(1)")]
    # Only the projects list has it; elsewhere the format is unknown and the page is shown.
    response = client.get(reverse("catalogue:donor_list"), {"format": CONTRIBUTIONS})
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_projects_page_links_the_contributions_csv(client):
    page = client.get(reverse(PROJECTS), {"region": "khatlon"}).content.decode()
    assert "region=khatlon&amp;format=contributions.csv" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, factory",
    [
        ("casestudy_list", factories.case_study),
        ("organisation_list", factories.organisation),
        ("donor_list", factories.donor),
    ],
)
def test_the_other_lists_carry_their_source_lines(client, name, factory):
    document = factories.source_document(file_name="book.txt", text="x\n" * 20)
    factory(source_document=document, first_line=3, last_line=7)
    [row] = csv_rows(client.get(reverse(f"catalogue:{name}"), {"format": "csv"}))
    assert (row["source_file"], row["first_line"], row["last_line"]) == ("book.txt", "3", "7")
    assert row["source_url"].startswith("http://testserver/sources/")
    [record] = json.loads(client.get(reverse(f"catalogue:{name}"), {"format": "json"}).content)[
        "rows"
    ]
    assert (record["first_line"], record["last_line"]) == (3, 7)


def _queries(client, url: str, data: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "json", CONTRIBUTIONS])
def test_project_exports_take_as_many_queries_for_one_project_as_for_twenty(client, export_format):
    poultry("Poultry 0")
    url = reverse(PROJECTS)
    few = _queries(client, url, {"format": export_format})
    # the page's summary, the count, the projects (with organisation, case study, region and
    # document), their parts (with donor, rate and document)
    assert few == 4
    for n in range(1, 20):
        poultry(f"Poultry {n}", file_name=f"book-{n}.txt")
    assert _queries(client, url, {"format": export_format}) == few


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["casestudy_list", "organisation_list", "donor_list"])
def test_other_exports_do_not_query_per_record_for_their_source(client, name):
    url = reverse(f"catalogue:{name}")
    document = factories.source_document()
    factories.case_study(source_document=document, first_line=1, last_line=2)
    factories.donor(source_document=document, first_line=1, last_line=2)
    few = _queries(client, url, {"format": "csv"})
    for _ in range(10):
        document = factories.source_document()
        factories.case_study(source_document=document, first_line=1, last_line=2)
        factories.donor(source_document=document, first_line=1, last_line=2)
    assert _queries(client, url, {"format": "csv"}) == few


# 20:30 UTC on 5 December is 01:30 on 6 December in Dushanbe (UTC+5).
LATE_EVENING_UTC = datetime.datetime(2026, 12, 5, 20, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "json", CONTRIBUTIONS])
def test_exports_are_dated_in_the_sites_time_zone(client, settings, export_format):
    assert settings.TIME_ZONE == "Asia/Dushanbe"
    factories.project()
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):
        response = client.get(reverse(PROJECTS), {"format": export_format})
    assert "-2026-12-06." in response["Content-Disposition"]
    if export_format == "json":
        assert json.loads(response.content)["retrieved"] == "2026-12-06"


@pytest.mark.django_db
def test_the_export_date_is_the_citations_date(client):
    project = factories.project()
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):
        cited = client.get(project.get_absolute_url()).context["retrieved"]
        payload = json.loads(client.get(reverse(PROJECTS), {"format": "json"}).content)
        with override_settings(TIME_ZONE="UTC"):
            utc = client.get(reverse(PROJECTS), {"format": "csv"})
    assert payload["retrieved"] == cited.isoformat() == "2026-12-06"
    assert "-2026-12-05." in utc["Content-Disposition"]  # the setting decides


@pytest.mark.django_db
def test_yalabulis_poultry_as_exported_from_the_seeds(client, seeded):
    # "a grant for total sum of 3969 Somoni, The contribution of MSDSP was 1218 Somoni and the
    # contribution of the VO was 1533 Somoni" (book lines 2141-2144).
    project = Project.objects.get(total_amount=D("3969"), total_currency=Currency.TJS)
    data = {"q": project.title, "format": "csv"}
    [row] = [
        r for r in csv_rows(client.get(reverse(PROJECTS), data)) if r["title"] == project.title
    ]
    assert row["flags"] == f"parts_do_not_add_up: {GAP}"
    assert (row["first_line"], row["last_line"]) == ("2141", "2144")
    assert row["source_file"] == "004_1b46115389516dbe.txt"
    assert row["stated_total_as_printed"] and row["stated_total_currency"] == "Tajik somoni"
    parts = [
        r
        for r in csv_rows(client.get(reverse(PROJECTS), {**data, "format": CONTRIBUTIONS}))
        if r["project"] == project.title
    ]
    assert [(r["party_kind"], r["amount"], r["currency"]) for r in parts] == [
        ("Donor", "1218.00", "Tajik somoni"),
        ("Community", "1533.00", "Tajik somoni"),
    ]
    assert parts[0]["donor"] == "MSDSP"
    assert all(2141 <= int(r["first_line"]) <= int(r["last_line"]) <= 2144 for r in parts)


@pytest.mark.django_db
def test_seeded_funders_named_without_an_amount_export_empty_amounts(client, seeded):
    named = m.Contribution.objects.filter(amount__isnull=True).count()
    assert named  # the book names funders without amounts (docs/loading.md)
    rows = csv_rows(client.get(reverse(PROJECTS), {"format": CONTRIBUTIONS}))
    assert len(rows) == m.Contribution.objects.count()
    empty = [r for r in rows if r["amount"] == ""]
    assert len(empty) == named
    assert all(r["currency"] == "" and r["amount_usd"] == "" for r in empty)
    assert not [r for r in rows if r["amount"] in ("0", "0.00")]


@pytest.mark.django_db
def test_a_capped_contributions_csv_says_how_many_projects(client, monkeypatch):
    from catalogue import exports

    monkeypatch.setattr(exports, "CAP", 1)
    for n in range(2):
        factories.contribution(project=factories.project(title=f"P{n}"))
    response = client.get(reverse(PROJECTS), {"format": CONTRIBUTIONS})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "# capped: the first 1 of 2 projects"
    assert len(lines) == 1 + 1 + 1  # note, header, the first project's one part
    assert response["X-Export-Capped"] == "true"

"""CSV and JSON exports: the list as shown, labels not codes, safe cells, an honest cap."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from catalogue import exports
from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_csv_has_stable_columns_labels_and_the_filters_of_the_page(client):
    khatlon = factories.region(name="Khatlon", slug="khatlon")
    vo = factories.organisation(name="VO Yalabuli", kind=m.OrganisationKind.VILLAGE_ORGANISATION)
    case_study = factories.case_study(title="Water is life", organisation=vo, region=khatlon)
    factories.project(case_study=case_study, total_usd=Decimal("8809"))
    factories.case_study(title="Elsewhere")
    response = client.get(
        reverse("catalogue:casestudy_list"), {"region": "khatlon", "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "number",
        "title",
        "url",
        "organisation",
        "region",
        "district",
        "projects",
        "projects_with_stated_total",
        "stated_totals_usd",
        "source_file",
        "first_line",
        "last_line",
        "source_url",
    ]
    assert len(rows) == 2
    assert rows[1][1] == "Water is life" and rows[1][4] == "Khatlon"
    assert rows[1][8] == "8809.00"
    assert rows[1][9:] == ["", "", "", ""]  # made by staff: no source lines
    org_rows = csv_rows(client.get(reverse("catalogue:organisation_list"), {"format": "csv"}))
    assert "Village organisation" in {row[2] for row in org_rows}
    assert "village_organisation" not in {row[2] for row in org_rows}


def test_projects_export_the_amount_as_printed_and_in_usd(client):
    factories.project(
        title="Greenhouse",
        total_amount=Decimal("3300"),
        total_currency="TJS",
        total_printed="3,300 somoni",
        total_usd=Decimal("1000"),
    )
    response = client.get(reverse("catalogue:project_list"), {"format": "json"})
    payload = json.loads(response.content)
    assert payload["capped"] is False and payload["total"] == 1
    row = payload["rows"][0]
    assert row["stated_total_as_printed"] == "3,300 somoni"
    assert row["stated_total_currency"] == "Tajik somoni"
    assert row["stated_total_usd"] == "1000.00"
    assert payload["columns"] == list(row)


def test_exports_keep_the_search_and_sort(client):
    for title in ["Water B", "Water A", "Roads"]:
        factories.project(title=title)
    rows = csv_rows(
        client.get(
            reverse("catalogue:project_list"), {"q": "water", "sort": "-title", "format": "csv"}
        )
    )
    assert [row[0] for row in rows[1:]] == ["Water B", "Water A"]


@pytest.mark.parametrize("payload", ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tx"])
def test_csv_cells_are_never_formulas(client, payload):
    factories.donor(name=payload, slug="d")
    rows = csv_rows(client.get(reverse("catalogue:donor_list"), {"format": "csv"}))
    assert rows[1][0] == "'" + payload
    assert exports.safe_cell("plain") == "plain" and exports.safe_cell(None) == ""


def test_a_capped_export_says_so(client, monkeypatch):
    monkeypatch.setattr(exports, "CAP", 2)
    for _ in range(3):
        factories.donor()
    response = client.get(reverse("catalogue:donor_list"), {"format": "csv"})
    rows = csv_rows(response)
    assert rows[0] == ["# capped: the first 2 of 3 rows"]
    assert len(rows) == 1 + 1 + 2
    assert response["X-Export-Capped"] == "true" and response["X-Export-Total"] == "3"
    payload = json.loads(client.get(reverse("catalogue:donor_list"), {"format": "json"}).content)
    assert payload["capped"] is True and payload["total"] == 3 and len(payload["rows"]) == 2


@pytest.mark.parametrize(
    "name", ["casestudy_list", "organisation_list", "project_list", "donor_list"]
)
def test_every_list_links_its_exports_and_exports_every_format(client, name):
    factories.case_study()
    url = reverse(f"catalogue:{name}")
    content = client.get(url, {"region": "nowhere"}).content.decode()
    assert "format=csv" in content and "format=json" in content
    assert client.get(url, {"format": "csv"}).status_code == 200
    assert json.loads(client.get(url, {"format": "json"}).content)["list"]
    # An unknown format is the page itself.
    assert client.get(url, {"format": "xlsx"})["Content-Type"].startswith("text/html")

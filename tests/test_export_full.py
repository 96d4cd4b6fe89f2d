"""`export_catalogue` holds the sources in full (issue 9): funders without amounts and goods,
project status, partners and second spans, organisations' milestones and partners, donors'
organisation records. Built with factories; the shape is docs/export.md."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "\n".join(f"line {n}" for n in range(1, 31)) + "\n"


def export() -> dict:
    out = StringIO()
    call_command("export_catalogue", stdout=out)
    return json.loads(out.getvalue())


def build(n: int = 1) -> dict:
    """An organisation with ``n`` case-study activities (each with a funder named without an
    amount, a funder with one and a government partner), a web-page programme, milestones,
    partners, and a donor that is also an organisation."""
    document = factories.source_document(text=TEXT)
    org = factories.organisation(name=f"Org {factories._n()}")
    case_study = factories.case_study(
        organisation=org, source_document=document, first_line=1, last_line=30
    )
    funder = factories.donor()
    paying = factories.donor()
    only_named = factories.donor()
    for donor, line in ((funder, 2), (only_named, 3)):
        m.CaseStudyDonor.objects.create(
            case_study=case_study,
            donor=donor,
            source_document=document,
            first_line=line,
            last_line=line,
        )
    body = factories.organisation(kind=m.OrganisationKind.GOVERNMENT)
    m.Partnership.objects.create(
        case_study=case_study,
        government_body=body,
        level=m.PartnerLevel.MAKHALLA,
        source_document=document,
        first_line=4,
        last_line=4,
    )
    projects = []
    for i in range(n):
        project = factories.project(
            case_study=case_study,
            sequence=i + 1,
            source_document=document,
            first_line=10,
            last_line=12,
            start_year=2005,
            end_year=None,
            status=m.ActivityStatus.PLANNED if i == 0 else m.ActivityStatus.CARRIED_OUT,
            also_cited=[[20, 21], [25, 25]],
        )
        factories.contribution(
            project=project,
            party_kind="donor",
            party_name="The Fund",
            donor=funder,
            amount=None,
            currency="",
            amount_printed="",
            amount_usd=None,
            in_kind="computers",
            source_document=document,
            first_line=11,
            last_line=11,
        )
        factories.contribution(project=project, party_kind="donor", donor=paying)
        m.ProjectPartner.objects.create(
            project=project,
            government_body=body,
            level=m.PartnerLevel.DISTRICT,
            source_document=document,
            first_line=12,
            last_line=12,
        )
        projects.append(project)
    factories.project(organisation=org, title="Web programme")
    m.Milestone.objects.create(
        organisation=org,
        sequence=1,
        text="Agreement signed",
        date_year=2003,
        date_month=6,
        date_day=14,
        source_document=document,
        first_line=6,
        last_line=6,
    )
    m.Milestone.objects.create(
        organisation=org, sequence=2, text="Started work", date_year=1997, date_month=6
    )
    m.Milestone.objects.create(organisation=org, sequence=3, text="Undated fact")
    m.OrganisationPartner.objects.create(
        organisation=org,
        partner=body,
        level=m.PartnerLevel.NATIONAL,
        source_document=document,
        first_line=7,
        last_line=7,
    )
    red_crescent = factories.organisation()
    m.OrganisationPartner.objects.create(organisation=org, partner=red_crescent)
    twin = factories.donor(organisation=red_crescent)
    return {
        "document": document,
        "org": org,
        "case_study": case_study,
        "funder": funder,
        "only_named": only_named,
        "body": body,
        "projects": projects,
        "red_crescent": red_crescent,
        "twin": twin,
    }


def test_contribution_without_amount_keeps_funder_goods_and_null_amounts():
    records = build()
    data = export()
    project = next(p for p in data["projects"] if p["id"] == records["projects"][0].pk)
    named = project["contributions"][0]
    assert named == {
        "party": "The Fund",
        "party_kind": "donor",
        "donor": records["funder"].pk,
        "amount": None,
        "currency": "",
        "printed": "",
        "amount_usd": None,
        "in_kind": "computers",
        "source": {"file": records["document"].file_name, "first_line": 11, "last_line": 11},
    }
    assert project["contributions"][1]["amount"] == "100"
    assert project["contributions"][1]["in_kind"] == ""
    assert project["total"] is None
    # The $100 part has no total beside it; the named funder adds no flag of its own.
    assert project["flags"] == ["parts_without_total"]


def test_project_status_years_partners_and_second_spans():
    records = build(2)
    data = export()
    planned, done = (p for p in data["projects"] if p["case_study"] == records["case_study"].pk)
    assert (planned["status"], done["status"]) == ("planned", "carried_out")
    assert planned["years"] == {"first": 2005, "last": None}
    assert planned["partners"] == [
        {
            "body": records["body"].pk,
            "name": records["body"].name,
            "level": "district",
            "source": {"file": records["document"].file_name, "first_line": 12, "last_line": 12},
        }
    ]
    file = records["document"].file_name
    assert planned["also_cited"] == [
        {"file": file, "first_line": 20, "last_line": 21},
        {"file": file, "first_line": 25, "last_line": 25},
    ]
    web = next(p for p in data["projects"] if p["title"] == "Web programme")
    assert web["case_study"] is None and web["also_cited"] == [] and web["partners"] == []
    assert web["status"] == "carried_out" and web["years"] is None


def test_case_study_partners_and_donor_roles_have_the_issue_shape():
    records = build()
    data = export()
    case_study = next(c for c in data["case_studies"] if c["id"] == records["case_study"].pk)
    assert case_study["partners"] == [
        {
            "body": records["body"].pk,
            "name": records["body"].name,
            "level": "makhalla",
            "source": {"file": records["document"].file_name, "first_line": 4, "last_line": 4},
        }
    ]
    roles = {d["donor"]: d["role"] for d in case_study["donors"]}
    # The funder named without an amount is a funder; the other donor is only named.
    assert roles == {records["funder"].pk: "funder", records["only_named"].pk: "named"}
    assert all(set(d) == {"donor", "name", "role", "source"} for d in case_study["donors"])


def test_organisation_milestones_partners_and_donor_link():
    records = build()
    data = export()
    org = next(o for o in data["organisations"] if o["id"] == records["org"].pk)
    file = records["document"].file_name
    dated = [mile for mile in org["milestones"] if mile["date"]]
    assert dated == [
        {"text": "Started work", "date": "1997-06", "source": None},
        {
            "text": "Agreement signed",
            "date": "2003-06-14",
            "source": {"file": file, "first_line": 6, "last_line": 6},
        },
    ]
    assert {"text": "Undated fact", "date": None, "source": None} in org["milestones"]
    partners = sorted(org["partners"], key=lambda p: p["organisation"])
    assert partners == [
        {
            "organisation": records["body"].pk,
            "name": records["body"].name,
            "level": "national",
            "source": {"file": file, "first_line": 7, "last_line": 7},
        },
        {
            "organisation": records["red_crescent"].pk,
            "name": records["red_crescent"].name,
            "level": None,
            "source": None,
        },
    ]
    donors = {d["id"]: d for d in data["donors"]}
    assert donors[records["twin"].pk]["organisation"] == records["red_crescent"].pk
    assert donors[records["funder"].pk]["organisation"] is None


def test_export_amounts_never_sum_a_missing_amount():
    build()
    data = export()
    amounts = [c["amount"] for p in data["projects"] for c in p["contributions"]]
    assert None in amounts and "100" in amounts
    assert all(
        c["amount_usd"] is None
        for p in data["projects"]
        for c in p["contributions"]
        if c["amount"] is None
    )


def test_export_queries_do_not_grow_with_activities_milestones_and_partners(
    django_assert_max_num_queries,
):
    build(1)
    with django_assert_max_num_queries(30) as captured:
        export()
    build(5)
    build(3)
    with django_assert_max_num_queries(len(captured)):
        data = export()
    assert sum(len(p["partners"]) for p in data["projects"]) == 9
    assert sum(len(o["milestones"]) for o in data["organisations"]) == 9


def test_export_is_decimal_strings_not_floats():
    records = build()
    data = export()
    project = next(p for p in data["projects"] if p["id"] == records["projects"][0].pk)
    assert isinstance(project["contributions"][1]["amount"], str)
    assert Decimal(project["contributions"][1]["amount_usd"]) == Decimal("100")

"""CSV exports stream, and the short cuts that make them fast change no byte: each export of the
seeds equals the one built the plain way (``reverse()`` and ``get_<field>_display()`` per row,
every part with its donor, organisation, rate and document)."""

import pytest
from django.urls import reverse

from catalogue import exports
from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = {
    "case-studies": "catalogue:casestudy_list",
    "organisations": "catalogue:organisation_list",
    "projects": "catalogue:project_list",
    "donors": "catalogue:donor_list",
}
EXPORTS = [(name, "csv") for name in LISTS] + [("projects", exports.CONTRIBUTIONS_CSV)]


def plain_url(request):
    return lambda record: request.build_absolute_uri(record.get_absolute_url())


def plain_label(field):
    return lambda record: getattr(record, f"get_{field}_display")()


def download(client, name: str, export_format: str, **query: str) -> bytes:
    response = client.get(reverse(LISTS[name]), {"format": export_format, **query})
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("name", "export_format"), EXPORTS)
@pytest.mark.parametrize("query", [{}, {"sort": "-usd"}, {"region": "khatlon"}])
def test_streamed_csv_equals_the_plain_export(
    client, seeded, monkeypatch, name, export_format, query
):
    if query.get("sort") and name != "projects":
        query = {}
    fast = download(client, name, export_format, **query)
    with_evidence = exports._with_evidence
    monkeypatch.setattr(exports, "_url", plain_url)
    monkeypatch.setattr(exports, "_label", plain_label)
    monkeypatch.setattr(
        exports, "_with_evidence", lambda list_name, rows, **_: with_evidence(list_name, rows)
    )
    plain = download(client, name, export_format, **query)
    assert fast == plain
    assert fast.count(b"\n") > 3


def test_each_kind_of_record_gets_its_own_path(rf):
    records = [
        factories.project(slug="plain-slug_1"),
        factories.organisation(slug="org-2"),
        factories.donor(slug="donor-3"),
        factories.case_study(slug="case-4"),
    ]
    request = rf.get("/")
    url = exports._url(request)
    for record in records:
        assert url(record) == "http://testserver" + record.get_absolute_url()


def test_labels_are_read_once_per_value_and_match_the_model():
    project = factories.project(status=m.ActivityStatus.PLANNED)
    label = exports._label("status")
    assert label(project) == project.get_status_display() == label(project)

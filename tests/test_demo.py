"""generate_demo_data: synthetic records, marked by their source document, removed exactly."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from catalogue import demo
from catalogue import models as m
from tests import factories

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def catalogue():
    """Places, tags and a rate: what the demo data borrows from a loaded catalogue."""
    tree = factories.place_tree()
    factories.region(name="Rasht", slug="rasht", kind=m.RegionKind.DISTRICT, parent=tree["gbao"])
    for name in ("Water", "Health", "Education"):
        factories.theme(name=name, slug=name.lower())
    factories.collaboration_type(name="Co-financing", slug="co-financing")
    factories.exchange_rate(year=2010)
    return tree


def snapshot() -> dict[str, list]:
    """Every row of every catalogue table (history included), as values."""
    tables = {}
    for model in apps.get_app_config("catalogue").get_models(include_auto_created=True):
        rows = model.objects.order_by("pk").values()
        tables[model._meta.db_table] = [
            {k: v for k, v in row.items() if k != "imported_at"} for row in rows
        ]
    return tables


def flags_of_demo_projects() -> list[list[str]]:
    projects = m.Project.objects.filter(source_document__file_name=demo.DEMO_FILE_NAME)
    return [project.funding_flags() for project in projects.with_funding()]


def test_generates_marked_records_in_real_places(catalogue):
    output = run("--projects", "50", "--seed", "3")
    document = m.SourceDocument.objects.get(file_name=demo.DEMO_FILE_NAME)
    assert "synthetic" in document.title and "Nothing in it is real" in document.text
    # 50 // 10 organisations plus one district administration per district; at least 20 donors.
    assert m.Project.objects.count() == 50
    assert m.Organisation.objects.civil_society().count() == 5
    assert m.Organisation.objects.government().count() == 2
    assert m.Donor.objects.count() == 20
    assert m.CaseStudy.objects.count() == 10
    assert 50 <= m.Contribution.objects.count() <= 200
    assert "Generated demo data: 7 organisations, 20 donors, 10 case studies, 50 projects" in output
    for model in demo.DEMO_MODELS.values():
        assert not model.objects.exclude(source_document=document).exists()
    # Every project in a real district, tagged with the catalogue's own themes, dated.
    districts = {catalogue["district"].pk, m.Region.objects.get(slug="rasht").pk}
    assert set(m.Project.places.through.objects.values_list("region_id", flat=True)) <= districts
    assert m.Project.objects.filter(themes__isnull=False).distinct().count() == 50
    assert not m.Project.objects.filter(start_year__isnull=True).exists()
    organisation = m.Organisation.objects.civil_society().first()
    assert organisation.region.kind == m.RegionKind.REGION
    assert organisation.district.parent == organisation.region
    # The three kinds of party pay, donors through donor records.
    assert set(m.Contribution.objects.values_list("party_kind", flat=True)) == set(
        m.PartyKind.values
    )
    assert not m.Contribution.objects.filter(party_kind="donor", donor__isnull=True).exists()


def test_a_share_of_projects_carries_each_kind_of_flag(catalogue):
    run("--projects", "300", "--seed", "1")
    flags = flags_of_demo_projects()
    flagged = [f for f in flags if f]
    assert 0.03 * len(flags) < len(flagged) < 0.25 * len(flags)
    assert {flag for f in flagged for flag in f} >= {
        "parts_do_not_add_up",
        "mixed_currencies",
        "total_without_breakdown",
        "parts_without_total",
    }
    # The converted somoni figures use the catalogue's stored rate of their year.
    converted = m.Project.objects.filter(total_currency="TJS", start_year=2010)
    assert converted.exists()
    assert not converted.filter(total_exchange_rate__isnull=True).exists()


def test_same_seed_same_data_and_a_second_run_replaces_the_first(catalogue):
    def content():
        return (
            list(m.Project.objects.order_by("slug").values_list("slug", "title", "total_amount")),
            list(
                m.Contribution.objects.order_by("project__slug", "sequence").values_list(
                    "party_name", "amount", "currency"
                )
            ),
        )

    run("--projects", "60", "--seed", "7")
    first = content()
    run("--projects", "60", "--seed", "7")
    assert content() == first  # replaced, not doubled
    run("--projects", "60", "--seed", "8")
    assert content() != first


def test_remove_deletes_exactly_the_demo_records_and_twice_is_harmless(seeded):
    before = snapshot()
    run("--projects", "50")
    assert m.Project.objects.count() == len(before["catalogue_project"]) + 50
    output = run("--remove")
    assert output.startswith("Removed demo data:") and "50 projects" in output
    assert snapshot() == before
    assert "0 projects" in run("--remove")
    assert snapshot() == before


def test_remove_refuses_while_a_staff_record_points_at_demo_data(catalogue):
    run("--projects", "20")
    donor = m.Donor.objects.first()
    staff_project = factories.project()  # no source document: made by staff
    factories.contribution(project=staff_project, party_kind="donor", donor=donor)
    with pytest.raises(CommandError, match="contributions point at demo donors"):
        run("--remove")
    assert m.Project.objects.count() == 21


def test_needs_the_places_of_a_loaded_catalogue():
    with pytest.raises(CommandError, match="load_seeds"):
        run("--projects", "10")
    assert not m.SourceDocument.objects.exists()


def test_projects_must_be_positive(catalogue):
    with pytest.raises(CommandError, match="at least 1"):
        run("--projects", "0")


def test_search_finds_demo_projects_and_forgets_them_after_remove(catalogue):
    from catalogue import search

    run("--projects", "40")
    project = m.Project.objects.filter(source_document=demo.demo_document()).first()
    word = max(project.title.split(), key=len)
    assert project.pk in search.matching_ids(m.Project, word)
    run("--remove")
    assert project.pk not in search.matching_ids(m.Project, word)

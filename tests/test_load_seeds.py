"""The load_seeds command: idempotent, transactional, staff edits win, bad input loses nothing."""

import dataclasses
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalogue import models as m
from catalogue.core.text import Span
from catalogue.importers import entities
from catalogue.importers.records import LoadError
from catalogue.importers.resolve import verify_figures
from catalogue.importers.sources import read_documents

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "small_catalogue"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def load(*paths: Path, dry_run: bool = False) -> str:
    out = StringIO()
    args = [str(p) for p in paths] + (["--dry-run"] if dry_run else [])
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue()


def row(output: str, kind: str) -> list[int]:
    """created, updated, unchanged, kept for one kind of record in the summary."""
    line = next(line for line in output.splitlines() if line.startswith(kind + " "))
    return [int(n) for n in line.split()[-4:]]


def database_state() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            m.SourceDocument,
            m.Region,
            m.Organisation,
            m.Donor,
            m.CaseStudy,
            m.Project,
            m.Contribution,
            m.Partnership,
            m.HeadlineFigure,
            m.CaseStudyTheme,
        )
    }


def test_first_load_creates_and_reports(tmp_path):
    output = load(SMALL)
    assert row(output, "case studies") == [2, 0, 0, 0]
    assert row(output, "contributions") == [4, 0, 0, 0]
    assert "Data-quality warnings" not in output
    beta = m.Project.objects.with_funding().get(total_printed="3300 Somoni")
    jamoat = beta.contributions.get(party_kind="government")
    assert (jamoat.amount_printed, jamoat.currency) == ("3000 Somoni", "TJS")
    assert jamoat.amount_usd is not None and jamoat.exchange_rate.year == 2009


def test_second_load_changes_nothing_and_says_so():
    load(SMALL)
    before = database_state()
    history_before = m.Organisation.history.count()
    output = load(SMALL)
    assert "Nothing changed" in output
    for kind in (
        "regions",
        "documents",
        "organisations",
        "case studies",
        "projects",
        "contributions",
    ):
        created, updated, unchanged, kept = row(output, kind)
        assert (created, updated, kept) == (0, 0, 0), kind
        assert unchanged > 0, kind
    assert database_state() == before
    assert m.Organisation.history.count() == history_before  # not even a no-op save


def test_real_seeds_load_twice_identically(seeded):
    # The first load is the session's `seeded` one, into an empty database: its report.
    first = seeded.counts["case studies"]
    assert [first[o] for o in ("created", "updated", "unchanged", "kept")] == [25, 0, 0, 0]
    before = database_state()
    second = load(SEEDS)
    assert "Nothing changed" in second
    assert row(second, "case studies") == [0, 0, 25, 0]
    assert row(second, "contributions") == [0, 0, m.Contribution.objects.count(), 0]
    assert database_state() == before


def test_staff_edits_are_kept():
    load(SMALL)
    organisation = m.Organisation.objects.get(name="VO Beta")
    organisation.head = "Corrected by staff"
    organisation.save()
    case_study = m.CaseStudy.objects.get(organisation=organisation)
    # Staff tag the case study by hand: tags are part of the record the loader keeps.
    m.CaseStudyTheme.objects.create(case_study=case_study, theme=m.Theme.objects.get(slug="gender"))
    contribution = m.Contribution.objects.get(amount_printed="$1000")
    contribution.party_name = "MSDSP (Aga Khan Foundation)"
    contribution.save()

    output = load(SMALL)

    assert row(output, "organisations")[3] == 1
    assert row(output, "case studies")[3] == 1
    assert row(output, "contributions")[3] == 1
    assert "edited by staff were kept" in output
    organisation.refresh_from_db()
    assert organisation.head == "Corrected by staff"
    assert case_study.casestudytheme_set.filter(theme__slug="gender", matched_terms=[]).exists()
    contribution.refresh_from_db()
    assert contribution.party_name == "MSDSP (Aga Khan Foundation)"


def test_changed_source_updates_records_staff_did_not_touch(tmp_path):
    load(SMALL)
    folder = tmp_path / "seeds"
    folder.mkdir()
    text = (SMALL / "book.txt").read_text(encoding="utf-8")
    (folder / "book.txt").write_text(text.replace("Boboev Bobo", "Boboeva Bibi"), encoding="utf-8")
    (folder / "rcst_page.txt").write_text((SMALL / "rcst_page.txt").read_text(encoding="utf-8"))
    output = load(folder)
    assert row(output, "organisations")[1] >= 1
    assert row(output, "documents") == [0, 1, 1, 0]
    assert m.Organisation.objects.get(name="VO Beta").head == "Boboeva Bibi"


def test_dry_run_writes_nothing():
    output = load(SMALL, dry_run=True)
    assert "Dry run: nothing was written." in output
    assert row(output, "case studies") == [2, 0, 0, 0]
    assert sum(database_state().values()) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "binary file"),
        ("Ce n'est pas de l'UTF-8: é".encode("latin-1"), "not UTF-8"),
        (b"", "empty document"),
        (b"   \n\n  ", "empty document"),
        (b"Just a shopping list.\nMilk\nBread\n", "neither a case-study book nor"),
    ],
)
def test_bad_file_fails_with_one_line_and_changes_nothing(tmp_path, content, message):
    load(SMALL)
    before = database_state()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as error:
        load(SMALL / "book.txt", bad)
    text = str(error.value)
    assert "bad.txt" in text and message in text and "\n" not in text
    assert database_state() == before


def test_missing_path_is_an_error():
    with pytest.raises(CommandError, match="no-such-folder: no such file or folder"):
        load(Path("no-such-folder"))
    assert sum(database_state().values()) == 0


def test_book_whose_contents_name_a_missing_case_study(tmp_path):
    with pytest.raises(CommandError) as error:
        load(DATA / "book_missing_case.txt")
    assert "book_missing_case.txt" in str(error.value)
    assert "not in the body" in str(error.value)
    assert sum(database_state().values()) == 0


def test_failure_midway_rolls_back_everything(monkeypatch):
    from catalogue.importers import loader

    def explode(*args, **kwargs):
        raise LoadError("simulated failure after the first writes")

    monkeypatch.setattr(loader.CatalogueLoader, "load_headline_figures", explode)
    with pytest.raises(CommandError, match="simulated failure"):
        load(SMALL)
    assert sum(database_state().values()) == 0


def test_loader_checks_each_amount_is_printed_in_its_lines():
    documents = read_documents([SMALL / "book.txt"])
    source, parsed = documents[0]
    beta = parsed.case_studies[1]
    project = beta.projects[0]
    wrong = dataclasses.replace(project.contributions[0], span=Span(1, 2))
    broken_project = dataclasses.replace(project, contributions=(wrong,))
    broken = dataclasses.replace(
        parsed,
        case_studies=(
            parsed.case_studies[0],
            dataclasses.replace(beta, projects=(broken_project,)),
        ),
    )
    with pytest.raises(LoadError, match=r"'\$200' is not printed in the lines it cites"):
        verify_figures([(source, broken)])


@pytest.mark.parametrize(
    "spelling",
    [
        "MSDSP",
        "MSDSP – Aga Khan Fund",
        "MSDSP - Aga Khan Foundation",
        "the Khovaling office of MSDSP",
    ],
)
def test_msdsp_spellings_are_one_donor(spelling):
    assert entities.resolve_donor(spelling).short_name == "MSDSP"


def test_export_catalogue_shape():
    load(SMALL)
    out = StringIO()
    call_command("export_catalogue", stdout=out)
    import json

    data = json.loads(out.getvalue())
    assert set(data) == {
        "documents",
        "organisations",
        "case_studies",
        "donors",
        "regions",
        "projects",
    }
    beta = next(o for o in data["organisations"] if o["name"] == "VO Beta")
    assert beta["registered"] == "not registered" and beta["founded"] == "2004-06-09"
    assert beta["region"] == "Khatlon"
    # (not "Hukumat (place not named in the source) — NGO “Alpha”", its unnamed partner)
    alpha = next(
        o for o in data["organisations"] if "Alpha" in o["name"] and o["kind"] != "government"
    )
    assert alpha["founded"] == "1997-02-12" and alpha["registered"] == "1999-04-16"
    bridge = next(p for p in data["projects"] if p["total"] and p["total"]["printed"] == "$1200")
    assert bridge["total"] == {"amount": "1200", "currency": "USD", "printed": "$1200"}
    assert [(c["party_kind"], c["amount"], c["currency"]) for c in bridge["contributions"]] == [
        ("community", "200", "USD"),
        ("donor", "1000", "USD"),
    ]
    assert bridge["contributions"][1]["donor"] is not None
    assert bridge["flags"] == []
    assert bridge["source"]["file"] == "book.txt"
    case_study = data["case_studies"][1]
    assert set(case_study) >= {"id", "title", "organisation", "region", "district", "source"}


def export_data() -> dict:
    import json

    out = StringIO()
    call_command("export_catalogue", stdout=out)
    return json.loads(out.getvalue())


def test_export_holds_partners_donor_roles_tags_places_years_and_rates():
    load(SMALL)
    data = export_data()
    beta = next(c for c in data["case_studies"] if c["title"].startswith("Building a bridge"))
    # MSDSP is named in the summary and pays $1000 of the bridge: a funder, cited where named.
    assert [(d["name"], d["role"], d["source"]["first_line"]) for d in beta["donors"]] == [
        ("Mountain Societies Development Support Programme", "funder", 72)
    ]
    assert [(p["level"], p["source"]["first_line"]) for p in beta["partners"]] == [("jamoat", 80)]
    alpha = next(c for c in data["case_studies"] if c["title"].startswith("Alpha"))
    # "together with the local Khukumat" (49), Alpha being in Dushanbe: the capital's Khukumat,
    # which has the status of an oblast's
    assert ("oblast", 49) in [(p["level"], p["source"]["first_line"]) for p in alpha["partners"]]
    assert alpha["themes"] and all(set(t) == {"slug", "name", "evidence"} for t in alpha["themes"])
    water = next(p for p in data["projects"] if p["total"] and p["total"]["currency"] == "TJS")
    assert water["years"] is None  # the paragraph prints no year: the document's year converts
    rate = m.Project.objects.get(pk=water["id"]).total_exchange_rate
    assert water["total_usd"] == {
        "amount": "796.58",  # 3300 / 4.1427, the rate of the document's year
        "rate": {"units_per_usd": str(rate.units_per_usd.normalize()), "year": rate.year},
    }
    bridge = next(p for p in data["projects"] if p["total"] and p["total"]["printed"] == "$1200")
    assert bridge["total_usd"] == {"amount": "1200", "rate": None}


def test_export_queries_do_not_grow_with_the_data(django_assert_max_num_queries):
    load(SMALL)
    # One query per list and per prefetched relation (issue 9 added project partners,
    # milestones and organisation partners): 21 today, whatever the data.
    with django_assert_max_num_queries(24) as captured:
        export_data()
    load(SEEDS)
    with django_assert_max_num_queries(len(captured)):
        data = export_data()
    # On the real seeds the lists are filled: places, "works in", project years.
    assert any(p["kind"] == "village" for c in data["case_studies"] for p in c["places"])
    assert any(o["works_in"] for o in data["organisations"])
    assert any(p["years"] and p["years"]["first"] for p in data["projects"])


def test_an_activity_read_for_the_first_time_takes_no_other_activitys_record(monkeypatch):
    """A better reading finds an activity told before the ones already loaded: they keep their
    records, staff edits and parts; the new one is new (projects are keyed by where the text
    tells them, not by their rank)."""
    from catalogue.importers import sources
    from catalogue.importers.records import ProjectRecord

    load(SMALL)
    first = m.Project.objects.filter(case_study__isnull=False).order_by("case_study", "sequence")[0]
    first.title = "Corrected by staff"
    first.save()
    parts = list(first.contributions.values_list("pk", "amount_printed"))
    read = sources.extract_activities

    def reading_one_more(lines, case_span, section_spans):
        found = read(lines, case_span, section_spans)
        line = case_span.first_line + 1  # before any activity of the case study
        told = ProjectRecord("A training read only now", "A training.", Span(line, line))
        return (told, *found)

    monkeypatch.setattr(sources, "extract_activities", reading_one_more)
    output = load(SMALL)

    first.refresh_from_db()
    assert first.title == "Corrected by staff"
    assert list(first.contributions.values_list("pk", "amount_printed")) == parts
    assert first.sequence == 2  # its place in the text's order, behind the new one
    new = m.Project.objects.get(title="A training read only now", case_study=first.case_study)
    assert new.sequence == 1
    assert not new.contributions.exists()
    assert row(output, "projects")[0] == m.CaseStudy.objects.count()  # one new per case study

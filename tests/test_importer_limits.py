"""The importer's limits: file size, line length, symbolic links, linear parsing, one load.

Times are CPU times (``time.process_time``), so a busy machine running other suites does not
make them fail.
"""

from __future__ import annotations

import contextlib
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from catalogue import models as m
from catalogue.importers import loader
from catalogue.importers.book import looks_like_book, parse_toc
from catalogue.importers.funding import extract_projects
from catalogue.importers.records import ParseError
from catalogue.importers.sources import MAX_LINE_CHARS, read_documents, read_source
from catalogue.importers.webpage import looks_like_web_page

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "small_catalogue"
BOOK = (SMALL / "book.txt").read_text()
MEGABYTE = 1024 * 1024


def load(*paths: Path) -> str:
    out = StringIO()
    call_command("load_seeds", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def one_line_error(*paths: Path) -> str:
    with pytest.raises(CommandError) as error:
        load(*paths)
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.django_db
def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path, settings, monkeypatch):
    settings.HAMKORI_MAX_SOURCE_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1001)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self))
    message = one_line_error(big)
    assert message == f"{big}: 0.0 MB, larger than the 0.0 MB a source file may be " + (
        "(HAMKORI_MAX_SOURCE_BYTES)"
    )
    assert not read and not m.SourceDocument.objects.exists()


def test_the_size_cap_stops_reading_a_sparse_200_mb_file_at_once(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as file:
        file.truncate(200 * MEGABYTE)  # sparse: no disk used
    started = time.process_time()
    with pytest.raises(ParseError, match=r"huge.txt: 200.0 MB, larger than the 5.0 MB"):
        read_source(big)
    assert time.process_time() - started < 0.1


def test_the_default_cap_is_far_above_the_book():
    book = Path(__file__).resolve().parents[1] / "seeds" / "004_1b46115389516dbe.txt"
    assert read_source(book).name == book.name  # 160 KB, under 5 MB


@pytest.mark.django_db
def test_a_line_too_long_to_parse_is_refused_with_its_number(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("Title\n" + "." * (MAX_LINE_CHARS + 1) + "\n")
    assert one_line_error(long) == "long.txt:2: a line of 4,001 characters (at most 4,000 are read)"


def test_a_one_megabyte_single_line_is_refused_in_under_a_second(tmp_path):
    for content in ("." * MEGABYTE, "$1 " * (MEGABYTE // 3), "1" * MEGABYTE, "word " * 200_000):
        single = tmp_path / "single.txt"
        single.write_text(content)
        started = time.process_time()
        with pytest.raises(ParseError, match="single.txt:1: a line of"):
            read_documents([single])
        assert time.process_time() - started < 1


@pytest.mark.parametrize("leader", ["." * MEGABYTE, "…" * MEGABYTE, ". " * (MEGABYTE // 2)])
def test_the_table_of_contents_reader_is_linear_in_line_length(leader):
    """Its leader pattern was quadratic: 32,000 dots took 13 s. The reader is called directly,
    past the line-length cap, so the pattern itself is what is timed."""
    heading = BOOK.index("TABLE OF CONTENTS")
    book = BOOK[:heading] + "TABLE OF CONTENTS\n" + leader + "\n"
    for line in (leader, "Title" + leader + "7", "Title" + leader + "x", leader + "1234"):
        started = time.process_time()
        with contextlib.suppress(ParseError):  # the entry line may be read or refused
            parse_toc(("TABLE OF CONTENTS", "Khatlon", "VO Beta", line))
        assert time.process_time() - started < 1, line[:20]
    started = time.process_time()
    assert not looks_like_book(book)
    assert time.process_time() - started < 1


@pytest.mark.parametrize("unit", ["$1 ", "1 Somoni ", "the contribution of MSDSP was $1; "])
def test_many_amounts_in_one_paragraph_are_read_in_linear_time(unit):
    """Each amount of a paragraph is a project; each used to search the whole paragraph again
    and the text before it unbounded (a 4,000-character line of "$1 " took 8 s)."""
    line = (unit * (MAX_LINE_CHARS // len(unit) + 1))[:MAX_LINE_CHARS]
    started = time.process_time()
    projects = extract_projects((line, line), 1)
    assert projects and time.process_time() - started < 1


@pytest.mark.parametrize(
    "unit", ["Aa ", "Bb of the Cc ", "the local village ", "MSDSP allocated micro-credit "]
)
def test_a_long_paragraph_of_names_is_read_in_linear_time(unit):
    """The one payer of a paragraph ("MSDSP allocated micro-credit") is found by its verb, then
    the name right before it: looking for a name at every capitalised word of a 4,000-character
    paragraph of names took 2.8 s."""
    extract_projects(("MSDSP allocated a grant of $1",), 1)  # the patterns compiled
    line = (unit * (MAX_LINE_CHARS // len(unit) + 1))[: MAX_LINE_CHARS - 3] + " $1"
    started = time.process_time()
    extract_projects((line,), 1)
    assert time.process_time() - started < 1


@pytest.mark.parametrize("unit", ["1", "1,", ". ", "word ", "(a "])
def test_the_parsers_scan_a_long_line_without_amounts_in_linear_time(unit):
    """Past the line cap, on 50,000 characters (about 0.3 s for the slowest, dots): a run of
    digits with no currency after it once made the amount pattern retry from every digit,
    quadratic (4,000 digits took 0.2 s, so 50,000 would take half a minute)."""
    line = (unit * (50_000 // len(unit) + 1))[:50_000]
    started = time.process_time()
    extract_projects((line,), 1)
    looks_like_web_page(line)
    assert time.process_time() - started < 1


@pytest.mark.django_db
def test_a_symbolic_link_in_a_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not for /sources/")
    folder = tmp_path / "seeds"
    folder.mkdir()
    for source in SMALL.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "z_link.txt").symlink_to(outside)
    assert (
        one_line_error(folder) == f"{folder / 'z_link.txt'}: a symbolic link; give the file itself"
    )
    assert not m.SourceDocument.objects.exists()


@pytest.mark.django_db
def test_a_symbolic_link_given_by_name_is_refused(tmp_path):
    link = tmp_path / "book.txt"
    link.symlink_to(SMALL / "book.txt")
    assert "a symbolic link" in one_line_error(link)
    linked_folder = tmp_path / "folder"
    linked_folder.symlink_to(SMALL)
    assert "a symbolic link" in one_line_error(linked_folder)


@pytest.mark.django_db
def test_a_second_load_while_the_first_holds_the_lock_stops_with_one_line(settings):
    """Another connection holds the load lock, as a running load does, for the whole test."""
    other = _other_connection()
    try:
        _hold_load_lock(other)
        message = one_line_error(SMALL)
        assert message == loader.ANOTHER_LOAD
        assert not m.SourceDocument.objects.exists()
    finally:
        # Released before closing: the server frees a closed session's locks a moment later,
        # and the next test (which loads) must not find it still held.
        other.execute("SELECT pg_advisory_unlock_all()")
        other.close()


def _other_connection():
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        return psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname=settings["NAME"],
            autocommit=True,
        )
    pytest.skip("SQLite test databases live in memory; see the test below")


def _hold_load_lock(other) -> None:
    other.execute("SELECT pg_advisory_lock(%s)", [loader.LOAD_LOCK_KEY])


@pytest.mark.django_db
def test_sqlite_reports_a_held_write_lock_in_one_line(monkeypatch):
    """On SQLite a second writer waits for the connection's timeout, then is told so."""
    from django.db import OperationalError

    def locked():
        raise OperationalError("database is locked")

    monkeypatch.setattr(loader, "lock_for_load", locked)
    assert one_line_error(SMALL) == loader.ANOTHER_LOAD


@pytest.mark.django_db
def test_the_lock_does_not_stop_a_load_that_holds_it():
    assert "created" in load(SMALL)
    assert "Nothing changed" in load(SMALL)

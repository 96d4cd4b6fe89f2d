"""Kinds of source document: each is one registered parser, tried in order."""

from __future__ import annotations

import dataclasses

import pytest

from catalogue.core.vocabulary import DocumentKind
from catalogue.importers.records import ParsedDocument, ParseError
from catalogue.importers.sources import PARSERS, DocumentParser, decode, parse_source


def _press_release(name: str, text: str) -> ParsedDocument:
    lines = tuple(text.splitlines())
    return ParsedDocument(
        file_name=name,
        kind=DocumentKind.WEB_PAGE,
        title=lines[0].removeprefix("PRESS RELEASE: "),
        publisher="",
        year=None,
        language="en",
        lines=lines,
    )


PRESS_RELEASE = DocumentParser(
    DocumentKind.WEB_PAGE,
    "a press release",
    lambda text: text.startswith("PRESS RELEASE:"),
    _press_release,
)
TEXT = b"PRESS RELEASE: Wells for Vose\nThe Jamoat and the VO built two wells.\n"


def test_a_new_kind_of_document_is_one_more_parser() -> None:
    parsed = parse_source(decode("release.txt", TEXT), (*PARSERS, PRESS_RELEASE))
    assert (parsed.kind, parsed.title) == (DocumentKind.WEB_PAGE, "Wells for Vose")


def test_a_document_no_parser_recognises_names_every_kind() -> None:
    with pytest.raises(ParseError) as error:
        parse_source(decode("release.txt", TEXT))
    assert str(error.value) == (
        "release.txt: neither a case-study book nor an organisation web page"
    )


def test_a_parser_must_return_its_own_kind() -> None:
    wrong = dataclasses.replace(PRESS_RELEASE, kind=DocumentKind.BOOK)
    with pytest.raises(ParseError, match="the book parser returned a web_page"):
        parse_source(decode("release.txt", TEXT), (wrong,))


def test_every_kind_of_the_vocabulary_has_a_parser() -> None:
    assert {parser.kind for parser in PARSERS} == set(DocumentKind)

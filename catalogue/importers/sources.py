"""Reading source files and turning them into parsed documents (pure: no Django).

The kind of a document is told from its content, never from its file name.
Every problem becomes a ``ParseError`` whose message names the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogue.core.vocabulary import DocumentKind
from catalogue.importers.book import looks_like_book, parse_book
from catalogue.importers.funding import extract_projects
from catalogue.importers.records import ParsedDocument, ParseError
from catalogue.importers.webpage import looks_like_web_page, parse_web_page


@dataclass(frozen=True)
class SourceFile:
    name: str  # the file name, which is the document's natural key
    text: str
    checksum: str  # SHA-256 of the bytes as read


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the regular files of named folders (sorted, no hidden files)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            )
        elif path.is_file():
            files.append(path)
        else:
            raise ParseError(f"{path}: no such file or folder")
    if not files:
        raise ParseError("no source files found in " + ", ".join(str(p) for p in paths))
    return files


def decode(name: str, data: bytes) -> SourceFile:
    if b"\x00" in data:
        raise ParseError(f"{name}: binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(f"{name}: not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise ParseError(f"{name}: empty document")
    return SourceFile(name=name, text=text, checksum=hashlib.sha256(data).hexdigest())


def read_source(path: Path) -> SourceFile:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(f"{path}: cannot be read ({error.strerror})") from None
    return decode(path.name, data)


@dataclass(frozen=True)
class DocumentParser:
    """How one kind of source document is recognised and read."""

    kind: DocumentKind
    description: str  # what it is, for errors: "a case-study book"
    recognises: Callable[[str], bool]  # text -> whether it is a document of this kind
    parse: Callable[[str, str], ParsedDocument]  # (file name, text) -> records


def parse_book_with_projects(name: str, text: str) -> ParsedDocument:
    return with_projects(parse_book(name, text))


# Every kind of document the loader reads, tried in this order; the first that recognises
# a text parses it. Adding a kind is adding a line here (docs/loading.md).
PARSERS: tuple[DocumentParser, ...] = (
    DocumentParser(
        DocumentKind.BOOK, "a case-study book", looks_like_book, parse_book_with_projects
    ),
    DocumentParser(
        DocumentKind.WEB_PAGE, "an organisation web page", looks_like_web_page, parse_web_page
    ),
)


def parse_source(source: SourceFile, parsers: Sequence[DocumentParser] = PARSERS) -> ParsedDocument:
    """Parse one document with the first parser that recognises it."""
    parser = next((p for p in parsers if p.recognises(source.text)), None)
    if parser is None:
        kinds = " nor ".join(p.description for p in parsers)
        raise ParseError(f"{source.name}: neither {kinds}")
    try:
        parsed = parser.parse(source.name, source.text)
    except ParseError as error:
        message = str(error)
        raise ParseError(
            message if message.startswith(source.name) else f"{source.name}: {message}"
        ) from None
    if parsed.kind != parser.kind:
        raise ParseError(f"{source.name}: the {parser.kind} parser returned a {parsed.kind}")
    return parsed


def with_projects(book: ParsedDocument) -> ParsedDocument:
    """Attach each case study's funded projects, read from its own lines."""
    case_studies = tuple(
        dataclasses.replace(
            case_study,
            projects=extract_projects(
                book.lines[case_study.span.first_line - 1 : case_study.span.last_line],
                case_study.span.first_line,
            ),
        )
        for case_study in book.case_studies
    )
    return dataclasses.replace(book, case_studies=case_studies)


def read_documents(paths: Sequence[Path]) -> list[tuple[SourceFile, ParsedDocument]]:
    """Read and parse every file first, so a bad one stops the load before any write."""
    sources = [read_source(path) for path in expand_paths(paths)]
    names = [source.name for source in sources]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ParseError(f"{sorted(duplicates)[0]}: the same file name is given twice")
    return [(source, parse_source(source)) for source in sources]

"""Reading source files and turning them into parsed documents (pure: no Django).

The kind of a document is told from its content, never from its file name.
Every problem becomes a ``ParseError`` whose message names the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogue.core.vocabulary import DocumentKind
from catalogue.importers.activities import extract_activities
from catalogue.importers.book import looks_like_book, parse_book
from catalogue.importers.records import ParsedDocument, ParseError
from catalogue.importers.webpage import looks_like_web_page, parse_web_page


@dataclass(frozen=True)
class SourceFile:
    name: str  # the file name, which is the document's natural key
    text: str
    checksum: str  # SHA-256 of the bytes as read


# The largest file read by default, in bytes (the book is 160 KB); the command passes the
# HAMKORI_MAX_SOURCE_BYTES setting. A larger file is refused before it is read.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# The longest line read, in characters (the seeds' longest is 685). The parsers scan lines with
# regular expressions; a cap keeps their work per line bounded whatever a file holds.
MAX_LINE_CHARS = 4_000


def _regular_file(path: Path) -> Path:
    """A path that is a regular file and no symbolic link (a link may point anywhere)."""
    if path.is_symlink():
        raise ParseError(f"{path}: a symbolic link; give the file itself")
    if not path.is_file():
        raise ParseError(f"{path}: not a regular file")
    return path


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the regular files of named folders (sorted, no hidden files).

    Symbolic links are refused, named or inside a folder, so only files under the given paths
    are read (and later published on /sources/).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_symlink():
            raise ParseError(f"{path}: a symbolic link; give the file or folder itself")
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
            files.extend(_regular_file(p) for p in entries if p.is_symlink() or p.is_file())
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
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ParseError(
                f"{name}:{number}: a line of {len(line):,} characters "
                f"(at most {MAX_LINE_CHARS:,} are read)"
            )
    return SourceFile(name=name, text=text, checksum=hashlib.sha256(data).hexdigest())


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Read one file, refusing it before reading if it is larger than max_bytes."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise ParseError(
                    f"{path}: {_megabytes(size)}, larger than the {_megabytes(max_bytes)} "
                    "a source file may be (HAMKORI_MAX_SOURCE_BYTES)"
                )
            data = file.read(max_bytes + 1)  # a file that grew since is still cut off
    except OSError as error:
        raise ParseError(f"{path}: cannot be read ({error.strerror})") from None
    if len(data) > max_bytes:
        raise ParseError(f"{path}: larger than the {_megabytes(max_bytes)} a source file may be")
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
    """Attach each case study's projects: every activity it tells, with money or without."""
    case_studies = tuple(
        dataclasses.replace(
            case_study,
            projects=extract_activities(book.lines, case_study.span, case_study.section_spans),
        )
        for case_study in book.case_studies
    )
    return dataclasses.replace(book, case_studies=case_studies)


def read_documents(
    paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[tuple[SourceFile, ParsedDocument]]:
    """Read and parse every file first, so a bad one stops the load before any write."""
    sources = [read_source(path, max_bytes=max_bytes) for path in expand_paths(paths)]
    names = [source.name for source in sources]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ParseError(f"{sorted(duplicates)[0]}: the same file name is given twice")
    return [(source, parse_source(source)) for source in sources]

"""Lines and whitespace: how source text is numbered and compared."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Lines of a source document, 1-based and inclusive, as an editor numbers them."""

    first_line: int
    last_line: int

    def __post_init__(self) -> None:
        if not 1 <= self.first_line <= self.last_line:
            raise ValueError(f"bad span {self.first_line}-{self.last_line}")

    def contains(self, other: Span) -> bool:
        return self.first_line <= other.first_line and other.last_line <= self.last_line


def lines_of(text: str) -> tuple[str, ...]:
    """Split text into lines the way an editor numbers them (line n is result[n - 1]).

    Only "\\n" ends a line: ``str.splitlines`` would also break on form feeds and
    other separators, and the line numbers cited on the site would drift.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line.removesuffix("\r") for line in lines)


def fold(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) to one space and trim."""
    return " ".join(text.split())


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The text's words, case folded; punctuation, quotes and dashes only separate them."""
    return _WORD.findall(text.casefold())


def strip_accents(text: str) -> str:
    """Drop combining marks: "Kulob" for "Kŭlob", "и" for "ӣ"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def printed_in_lines(printed: str, lines: Sequence[str]) -> bool:
    """Whether a figure's printed text occurs in these lines (whitespace folded).

    Amounts can wrap a line ("25,126 \\nSomoni"), so a raw substring test of the lines
    joined with newlines would miss them.
    """
    return fold(printed) in fold(" ".join(lines))


_RIGHTS = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)


def rights_statements(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(line number, statement) for each rights notice a document prints: "©", "copyright",
    "all rights reserved". A statement runs on over following lines that continue its sentence
    (they start in lower case; at most three lines), as a book's front matter wraps it."""
    found: list[tuple[int, str]] = []
    taken = 0
    for number, line in enumerate(lines, start=1):
        if number <= taken or not _RIGHTS.search(line):
            continue
        statement, last = line.strip(), number
        while not statement.endswith((".", "!")) and last < min(number + 2, len(lines)):
            following = lines[last].strip()  # line last + 1
            if not following[:1].islower():
                break
            statement, last = f"{statement} {following}", last + 1
        found.append((number, fold(statement)))
        taken = last
    return found

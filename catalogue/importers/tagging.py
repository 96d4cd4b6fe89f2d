"""Tag texts with themes (sectors) and kinds of CSO-government collaboration.

Pure Python, no Django. The vocabularies are ``catalogue/data/themes.toml`` and
``catalogue/data/collaboration_types.toml``; each entry has a list of terms. Tagging is plain
counting, on purpose: a text gets a tag when at least ``min_hits`` *different* terms of the
entry occur in it, and the tag carries the terms that matched, so a reader sees why.

Term syntax: whole words, case-insensitive; a trailing ``*`` matches any ending ("beekeep*");
``...`` allows up to six words in between ("train* ... judges"); a word written in capitals
(HIV, WASH) must appear in capitals, so "WASH" does not match "wash"; a hyphen or apostrophe
inside a word is optional ("micro-credit" also matches "microcredit" and "micro credit").

An entry may list ``not_terms`` in the same syntax: phrases in which its words mean something
else ("a bridge between the state and CSOs" is no bridge). Their text is blanked before the
entry's terms are matched. The quoted titles of laws and codes are blanked before themes are
matched: a legal centre that cites the Law "About entrepreneurship" does not work on it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
THEMES_FILE = DATA_DIR / "themes.toml"
COLLABORATION_FILE = DATA_DIR / "collaboration_types.toml"

# Thresholds chosen by running the 25 case studies and the 4 web pages (see tests): one theme
# word is too often incidental ("school" in a beekeeping story), two distinct ones are not;
# the collaboration phrases are specific enough to count once.
THEME_MIN_HITS = 2
COLLABORATION_MIN_HITS = 1
_SEP = r"[^\w.;:!?]+"
_GAP = rf"(?:{_SEP}\w+){{0,6}}?"  # up to six words in between


# "Laws "About entrepreneurship", "About dehkan farms"", "Law of the RT “About ...”".
_QUOTED = r"[\"“«][^\"”»]{1,200}[\"”»]"
_LAW_TITLES = re.compile(
    rf"\b(?:laws?|codes?)(?:\s+of\s+(?:the\s+)?(?:RT|Republic\s+of\s+Tajikistan))?\s*"
    rf"(?P<titles>{_QUOTED}(?:\s*,?\s*(?:and\s+)?{_QUOTED})*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class VocabularyEntry:
    slug: str
    name: str
    description: str
    terms: tuple[str, ...]
    not_terms: tuple[str, ...] = ()  # phrases in which the terms do not count


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    matched: tuple[str, ...]  # the terms that occurred, in vocabulary order


def _word_pattern(word: str) -> str:
    prefix = word.endswith("*")
    word = word.rstrip("*")
    parts = []
    for ch in word:
        if ch in "-'’":
            parts.append(r"[-'’\s]?")  # "micro-credit" = "microcredit" = "micro credit"
        else:
            parts.append(re.escape(ch))
    body = "".join(parts) + (r"\w*" if prefix else "")
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return f"(?-i:{body})"  # acronyms keep their case
    return body


@functools.cache
def compile_term(term: str) -> re.Pattern[str]:
    """The regular expression for one vocabulary term (see the module docstring)."""
    words = term.split()
    if not words or words[0] == "..." or words[-1] == "...":
        raise ValueError(f"bad term {term!r}")
    pattern = _word_pattern(words[0])
    for word in words[1:]:
        # Words of a phrase may be split by spaces, line breaks or dashes, not by a full stop.
        pattern += _GAP if word == "..." else _SEP + _word_pattern(word)
    return re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE)


def _load(path: Path, table: str) -> tuple[VocabularyEntry, ...]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries = []
    seen: set[str] = set()
    for row in data[table]:
        if row["slug"] in seen:
            raise ValueError(f"{path.name}: duplicate slug {row['slug']!r}")
        seen.add(row["slug"])
        terms = tuple(dict.fromkeys(t.strip() for t in row["terms"] if t.strip()))
        if not terms:
            raise ValueError(f"{path.name}: {row['slug']} has no terms")
        not_terms = tuple(t.strip() for t in row.get("not_terms", ()) if t.strip())
        for term in (*terms, *not_terms):
            compile_term(term)  # fail early on a malformed term
        entries.append(
            VocabularyEntry(row["slug"], row["name"], row["description"], terms, not_terms)
        )
    return tuple(entries)


@functools.cache
def load_themes() -> tuple[VocabularyEntry, ...]:
    return _load(THEMES_FILE, "theme")


@functools.cache
def load_collaboration_types() -> tuple[VocabularyEntry, ...]:
    return _load(COLLABORATION_FILE, "type")


def _blank(text: str, pattern: re.Pattern[str], group: int | str = 0) -> str:
    """The text with every match of the pattern (or of its group) replaced by spaces."""
    return pattern.sub(
        lambda m: (
            m.group()[: m.start(group) - m.start()]
            + " " * len(m.group(group))
            + m.group()[m.end(group) - m.start() :]
        ),
        text,
    )


def without_law_titles(text: str) -> str:
    """The text with the quoted titles of laws and codes blanked."""
    return _blank(text, _LAW_TITLES, "titles")


@functools.cache
def any_term(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches where any of ``terms`` does (an alternation finds a match iff
    one of its branches does): most texts hold none of an entry's terms, and one search says
    so instead of one per term."""
    return re.compile("|".join(f"(?:{compile_term(t).pattern})" for t in terms), re.IGNORECASE)


def matched_terms(text: str, entry: VocabularyEntry) -> tuple[str, ...]:
    for phrase in entry.not_terms:
        text = _blank(text, compile_term(phrase))
    if not any_term(entry.terms).search(text):
        return ()
    return tuple(term for term in entry.terms if compile_term(term).search(text))


def tag(text: str, vocabulary: tuple[VocabularyEntry, ...], min_hits: int) -> list[Tag]:
    """Entries with at least ``min_hits`` distinct matching terms, most hits first."""
    if min_hits < 1:
        raise ValueError("min_hits must be at least 1")
    tags = []
    for entry in vocabulary:
        matched = matched_terms(text, entry)
        if len(matched) >= min_hits:
            tags.append(Tag(entry.slug, entry.name, matched))
    # Stable sort: ties keep vocabulary order.
    return sorted(tags, key=lambda t: -len(t.matched))


def tag_themes(text: str, min_hits: int = THEME_MIN_HITS) -> list[Tag]:
    # A law's title says what the law is about, not what the organisation works on; for the
    # kinds of collaboration it does count (amending a law is law-making).
    return tag(without_law_titles(text), load_themes(), min_hits)


def tag_collaboration(text: str, min_hits: int = COLLABORATION_MIN_HITS) -> list[Tag]:
    return tag(text, load_collaboration_types(), min_hits)

"""The words of full-text search, the same on every database (docs/search.md). Pure Python.

Text and queries are reduced to the same *tokens*, so that PostgreSQL's ``tsvector`` ('simple'
configuration: it takes our tokens as they are) and SQLite's FTS5 table match the same records:

- a word is a run of letters and digits (hyphens and apostrophes split words);
- lower case, Cyrillic transliterated by the rules in ``catalogue/data/search.toml``, accents
  dropped, then the English Snowball stem ("schools" -> "school", "keeping" -> "keep");
- stop words are dropped; so is a lone letter (the "s" of "women's");
- every two neighbouring words are also indexed joined ("bee keeping", "bee-keeping" ->
  "beekeep"), so a query written as one word finds it written as two, and the other way round.

A query is a list of groups: a record matches when it has a token of every group. A group
holds the word's token, its joins with its neighbours, other spellings of a Cyrillic word and
the members of its ``[[same]]`` set in the data file (and the other spellings of a place in
``catalogue/data/gazetteer.toml``).
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "search.toml"
GAZETTEER = DATA_FILE.with_name("gazetteer.toml")
MAX_QUERY = 200  # characters of a query that are read
MAX_GROUPS = 10  # words of a query that are searched for

WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ENGLISH = snowballstemmer.stemmer("english")
_RUSSIAN = snowballstemmer.stemmer("russian")


@dataclass(frozen=True)
class Rules:
    letters: tuple[tuple[str, str], ...]  # Cyrillic -> Latin, longer sequences first
    variants: tuple[tuple[str, str], ...]  # other spellings of some letters
    stopwords: frozenset[str]
    same: dict[str, frozenset[str]]  # a token -> the tokens of its set


@functools.cache
def rules(path: Path = DATA_FILE, places: Path | None = GAZETTEER) -> Rules:
    """The rules of ``path``; with ``places``, each place's spellings (gazetteer aliases) are
    one more set of words that find one another."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    letters = _by_length(data.get("transliteration", {}))
    partial = Rules(letters, (), frozenset(data.get("stopwords", {}).get("words", [])), {})
    sets = [entry["words"] for entry in data.get("same", [])]
    if places is not None:
        sets.extend(_place_spellings(places, data.get("places", {})))
    same: dict[str, frozenset[str]] = {}
    for words in sets:
        members: set[str] = set()
        for member in words:
            tokens = _member_tokens(member, partial)
            if not tokens:
                raise ValueError(f"search.toml: {member!r} has no searchable word")
            members |= tokens
        for token in members:
            same[token] = same.get(token, frozenset()) | members
    return Rules(letters, _by_length(data.get("variants", {})), partial.stopwords, same)


def _place_spellings(path: Path, options: dict) -> list[list[str]]:
    """Each place's name and aliases, of the kinds ``options["kinds"]``, without the generic
    words ``options["generic"]`` ("Khatlon Oblast" -> "Khatlon"); spellings of more than two
    words are left out."""
    with open(path, "rb") as fh:
        gazetteer = tomllib.load(fh)
    kinds = set(options.get("kinds", []))
    generic = {w.lower() for w in options.get("generic", [])}
    spellings = []
    for place in gazetteer.get("place", []):
        if place.get("kind") not in kinds:
            continue
        names = set()
        for name in [place["name"], *place.get("aliases", [])]:
            words = [w for w in split(name) if w not in generic]
            if 1 <= len(words) <= 2:
                names.add(" ".join(words))
        if len(names) > 1:
            spellings.append(sorted(names))
    return spellings


def _by_length(table: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(table.items(), key=lambda item: -len(item[0])))


def _member_tokens(member: str, r: Rules) -> set[str]:
    parts = split(member)
    if len(parts) > 2:
        raise ValueError(f"search.toml: {member!r} has more than two words")
    if len(parts) == 2:
        return {joined(parts[0], parts[1], r)}
    return set(word_tokens(parts[0], r)) if parts else set()


# --- words and tokens ------------------------------------------------------------------------


def split(text: str) -> list[str]:
    """The words of ``text``, lower case."""
    return WORD.findall((text or "").lower())


def transliterate(word: str, table: tuple[tuple[str, str], ...]) -> str:
    if not _CYRILLIC.search(word):
        return word
    out = []
    position = 0
    while position < len(word):
        for cyrillic, latin in table:
            if word.startswith(cyrillic, position):
                out.append(latin)
                position += len(cyrillic)
                break
        else:
            out.append(word[position])
            position += 1
    return "".join(out)


def _plain(word: str) -> str:
    """Accents dropped ("Médecins" -> "medecins"); letters without a plain form stay."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _ENGLISH.stemWord(word)


def token(word: str, r: Rules | None = None) -> str:
    """The indexed form of one lower-case word."""
    r = r or rules()
    return _stem(_plain(transliterate(word, r.letters)))


def is_indexed(word: str, r: Rules) -> bool:
    if word in r.stopwords:
        return False
    return not (len(word) == 1 and word.isalpha())


def joined(first: str, second: str, r: Rules | None = None) -> str:
    """The token of two neighbouring words written as one."""
    r = r or rules()
    return token(transliterate(first, r.letters) + transliterate(second, r.letters), r)


def word_tokens(word: str, r: Rules) -> list[str]:
    """Every token a query word may stand for: its own, and for a Cyrillic word its other
    spellings and, so that case endings don't matter, those of its Russian stem."""
    found = [token(word, r)]
    if _CYRILLIC.search(word):
        forms = [word]
        stem = _RUSSIAN.stemWord(word)
        if stem != word and len(stem) >= 4:  # a short word's stem says too little
            forms.append(stem)
        for form in forms:
            spellings = [transliterate(form, r.letters)]
            for cyrillic, latin in r.variants:
                if cyrillic in form:
                    table = _by_length(dict(r.letters) | {cyrillic: latin})
                    spellings.append(transliterate(form, table))
            found.extend(_stem(_plain(s)) for s in spellings)
    return list(dict.fromkeys(t for t in found if t))


def document(text: str, r: Rules | None = None) -> str:
    """The tokens of ``text`` to index, separated by spaces (words, then neighbours joined)."""
    r = r or rules()
    words = split(text)
    tokens = [token(w, r) for w in words if is_indexed(w, r)]
    for first, second in zip(words, words[1:], strict=False):
        if is_indexed(first, r) and is_indexed(second, r):
            tokens.append(joined(first, second, r))
    return " ".join(t for t in tokens if t)


# --- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]  # the query's searched words, as typed (lower case)
    groups: tuple[frozenset[str], ...]  # a record has a token of every group

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset().union(*self.groups)


def parse(q: str | None, r: Rules | None = None) -> Query:
    """The groups of tokens a query asks for; words that are operators or punctuation in a
    search syntax are words like any other here, and symbols are ignored."""
    r = r or rules()
    words = split((q or "")[:MAX_QUERY])
    kept: list[int] = []
    for i, word in enumerate(words):
        if is_indexed(word, r) and word not in (words[k] for k in kept):
            kept.append(i)
    kept = kept[:MAX_GROUPS]
    groups = []
    for i in kept:
        word = words[i]
        group = set(word_tokens(word, r))
        for neighbour in (i - 1, i + 1):
            if 0 <= neighbour < len(words) and is_indexed(words[neighbour], r):
                pair = (words[neighbour], word) if neighbour < i else (word, words[neighbour])
                group.add(joined(*pair, r))
        for t in list(group):
            group |= r.same.get(t, frozenset())
        groups.append(frozenset(group))
    return Query(tuple(words[i] for i in kept), tuple(groups))

"""A small gazetteer of Tajikistan and a resolver for the place names of the seed texts.

Pure Python, no Django: the data is ``catalogue/data/gazetteer.toml``; this module reads it into
frozen :class:`Place` records and answers three questions:

* ``resolve(name)``: which place does this one name mean?
* ``locate(address)``: which chain of places (region first) does a contact address give?
* ``mentions(text)``: which places does a text name anywhere?

Names are compared after folding case, accents, quotes, dashes and spaces, and after removing
words that only say what kind of place it is ("rayon", "Jamoat", "village", "oblast"...). Those
words are kept as a hint: "Jamoat Sarichashma" is the jamoat, "village Sarichashma" the village.
When a name still fits several places ("Sino" is a Dushanbe district and a Khatlon village) the
surrounding places decide; without context the larger unit wins.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogue.core.text import strip_accents

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gazetteer.toml"

# Larger units first: the order breaks ties between places of the same name.
KINDS = ("country", "region", "city", "district", "jamoat", "makhalla", "village")
_RANK = {kind: i for i, kind in enumerate(KINDS)}

# A hint of one kind also admits these kinds: the book says "Vahdat rayon" of a city and
# "Village Pistamazor" of a makhalla.
_COMPATIBLE = {
    "country": {"country"},
    "region": {"region"},
    "city": {"city", "district"},
    "district": {"district", "city"},
    "jamoat": {"jamoat"},
    "makhalla": {"makhalla", "village"},
    "village": {"village", "makhalla"},
}

# Words that say what kind of place a name is, as the seed texts spell them.
_KIND_WORDS = {
    **dict.fromkeys(
        ("oblast", "oblasts", "oblasti", "region", "regions", "province", "provinces", "viloyat"),
        "region",
    ),
    **dict.fromkeys(
        ("rayon", "rayons", "raion", "raions", "district", "districts", "nohiya", "nohiyai"),
        "district",
    ),
    **dict.fromkeys(("city", "cities", "town", "shahr", "shahri"), "city"),
    **dict.fromkeys(("jamoat", "jamoats", "jamoati"), "jamoat"),
    **dict.fromkeys(
        ("village", "villages", "kishlak", "kishlaks", "kishlok", "qishloq", "settlement", "deha"),
        "village",
    ),
    **dict.fromkeys(("makhalla", "makhallas", "mahalla", "mahallas", "magalla"), "makhalla"),
}
_FILLERS = frozenset({"of", "the"})
# A name followed by one of these (house numbers allowed between) is a street, not a place:
# "96 Rudaki Avenue", "Rudaki 1/31 street", "112M. Tursunzoda street", "Aini street".
_STREET_WORDS = frozenset(
    {
        "street",
        "str",
        "st",
        "avenue",
        "ave",
        "prospect",
        "prospekt",
        "lane",
        "road",
        "park",
        "square",
    }
)
_SEPARATORS = re.compile(r"[,.;:()\[\]\n]")
_TOKEN = re.compile(r"[^\W_]+(?:['’`][^\W_]+)*")
# Places named within this many characters weigh first when a name is ambiguous.
_NEAR = 400
_QUOTES = re.compile(r"['’‘`\"“”«»]")


@dataclass(frozen=True)
class Place:
    key: str  # stable slug, e.g. "khovaling"
    name: str  # canonical English name
    kind: str  # one of KINDS
    parent: str | None  # key of the enclosing place; None for the country
    aliases: tuple[str, ...] = ()  # every other spelling, as written in the data file
    lat: float | None = None  # approximate centre point, see the data file's note
    lon: float | None = None


def _fold_word(word: str) -> str:
    word = strip_accents(word)
    return _QUOTES.sub("", word.casefold())


def normalise(name: str) -> tuple[str, str | None]:
    """Reduce a name to a comparison key and the kind its words announce, if any.

    >>> normalise("Khatlon oblast")
    ('khatlon', 'region')
    >>> normalise("Kurgan-Tube") == normalise("KurganTube")
    True
    """
    hint = None
    core = []
    for match in _TOKEN.finditer(_QUOTES.sub("", name)):
        word = _fold_word(match.group())
        kind = _KIND_WORDS.get(word)
        if kind is not None:
            hint = hint or kind
        elif word not in _FILLERS:
            core.append(word)
    # Joined without spaces so "Kurgan-Tube", "Kurgan tube" and "KurganTube" agree.
    return "".join(core), hint


@dataclass(frozen=True)
class _Token:
    word: str  # folded
    start: int
    end: int


@dataclass(frozen=True)
class _Match:
    start: int  # character offsets in the text
    end: int
    candidates: tuple[Place, ...]


class Gazetteer:
    def __init__(self, places: Iterable[Place], qualified: Iterable[tuple[str, str]] = ()):
        """``qualified`` holds (key, alias) pairs that count only next to a kind word."""
        self._places: dict[str, Place] = {}
        for place in places:
            if place.key in self._places:
                raise ValueError(f"duplicate place key {place.key!r}")
            if place.kind not in _RANK:
                raise ValueError(f"{place.key}: unknown kind {place.kind!r}")
            self._places[place.key] = place
        for place in self._places.values():
            if place.parent is not None and place.parent not in self._places:
                raise ValueError(f"{place.key}: unknown parent {place.parent!r}")
            if (place.parent is None) != (place.kind == "country"):
                raise ValueError(f"{place.key}: only the country has no parent")
        for place in self._places.values():
            self.ancestors(place)  # fails on a cycle
        qualified_set = {(key, normalise(alias)[0]) for key, alias in qualified}
        # name key -> [(place, needs a kind word)]
        self._index: dict[str, list[tuple[Place, bool]]] = {}
        for place in self._places.values():
            seen: set[str] = set()
            for spelling in (place.name, *place.aliases):
                core = normalise(spelling)[0]
                if core and core not in seen:
                    seen.add(core)
                    needs_hint = (place.key, core) in qualified_set
                    self._index.setdefault(core, []).append((place, needs_hint))
        self._max_words = max(
            len(_TOKEN.findall(s)) for p in self._places.values() for s in (p.name, *p.aliases)
        )

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self):
        return iter(self._places.values())

    def get(self, key: str) -> Place:
        return self._places[key]

    def ancestors(self, place: Place) -> list[Place]:
        """The enclosing places, the country first; the place itself is not included."""
        chain: list[Place] = []
        seen = {place.key}
        parent = place.parent
        while parent is not None:
            if parent in seen:
                raise ValueError(f"cycle through {parent!r}")
            seen.add(parent)
            node = self._places[parent]
            chain.append(node)
            parent = node.parent
        return chain[::-1]

    def region_of(self, place: Place) -> Place:
        """The first-level region (Dushanbe, RRS, Sughd, Khatlon or GBAO) containing a place."""
        if place.kind == "region":
            return place
        for ancestor in self.ancestors(place):
            if ancestor.kind == "region":
                return ancestor
        raise ValueError(f"{place.key} is not inside a region")

    def depth(self, place: Place) -> int:
        return len(self.ancestors(place))

    def is_within(self, place: Place, container: Place) -> bool:
        return container.key in {a.key for a in self.ancestors(place)}

    def _candidates(self, core: str, hints: Sequence[str | None], strict: bool) -> list[Place]:
        """Places named ``core``, narrowed by the first hint that fits any of them."""
        entries = self._index.get(core, [])
        for hint in hints:
            if hint is None:
                continue
            exact = [p for p, _ in entries if p.kind == hint]
            fitting = exact or [p for p, _ in entries if p.kind in _COMPATIBLE[hint]]
            if fitting:
                return fitting
            if strict:
                return []
        # No kind word fits: qualified aliases ("Somoni", "Aini") do not count on their own.
        return [p for p, needs_hint in entries if not needs_hint]

    def resolve(self, name: str, kind: str | None = None) -> Place | None:
        """The place a single name means, or None.

        ``kind`` insists on a kind ("village" also admits a makhalla, "district" a city); a kind
        word inside the name ("Jamoat Sarichashma") is a softer hint. Among several places of the
        same name the larger unit wins ("Sino" is the Dushanbe district).
        """
        if kind is not None and kind not in _RANK:
            raise ValueError(f"unknown kind {kind!r}")
        core, hint = normalise(name)
        found = self._candidates(core, [kind] if kind else [hint], strict=kind is not None)
        return min(found, key=lambda p: _RANK[p.kind], default=None)

    # ------------------------------------------------------------------ text scanning
    def _scan(self, text: str) -> list[_Match]:
        """Longest-first, non-overlapping name matches in reading order, streets left out."""
        tokens = [_Token(_fold_word(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]

        def adjacent(i: int, j: int) -> bool:  # no punctuation between tokens i and j
            lo, hi = sorted((i, j))
            return not _SEPARATORS.search(text, tokens[lo].end, tokens[hi].start)

        def kind_at(i: int, neighbour: int) -> str | None:
            if 0 <= i < len(tokens) and adjacent(i, neighbour):
                return _KIND_WORDS.get(tokens[i].word)
            return None

        def is_street(after: int) -> bool:
            i = after
            while i < len(tokens) and tokens[i].word[:1].isdigit():
                i += 1
            return i < len(tokens) and tokens[i].word in _STREET_WORDS

        matches: list[_Match] = []
        i = 0
        while i < len(tokens):
            found = None
            for width in range(min(self._max_words, len(tokens) - i), 0, -1):
                words = tokens[i : i + width]
                if {words[0].word, words[-1].word} & (_KIND_WORDS.keys() | _FILLERS):
                    continue
                if width > 1 and not all(adjacent(i, i + k) for k in range(1, width)):
                    continue
                core = "".join(
                    t.word for t in words if t.word not in _KIND_WORDS and t.word not in _FILLERS
                )
                if core not in self._index:
                    continue
                last = i + width - 1
                # "Jamoat Sarichashma" binds to the word before, "Khatlon oblast" to the word after.
                hints = [kind_at(i - 1, i), kind_at(last + 1, last)]
                candidates = self._candidates(core, hints, strict=False)
                if candidates and not is_street(last + 1):
                    found = _Match(words[0].start, words[-1].end, tuple(candidates))
                    i += width
                break
            if found is None:
                i += 1
            else:
                matches.append(found)
        return matches

    def _lca_depth(self, a: Place, b: Place) -> int:
        """Depth of the smallest place containing both (0 = the country, -1 = none)."""
        chain_a = [*self.ancestors(a), a]
        chain_b = [*self.ancestors(b), b]
        depth = -1
        for x, y in zip(chain_a, chain_b, strict=False):
            if x.key != y.key:
                break
            depth += 1
        return depth

    def locate(self, address: str) -> list[Place]:
        """The most specific chain of places an address gives, region first.

        "Khatlon oblast, Khovaling rayon, Jamoat Jombaht, village Darai Muhtor" gives
        [Khatlon, Khovaling, Jombakht, Darai Muhtor]; "735400, Vahdat" gives [RRS, Vahdat].
        Each name is read in the context of the ones before it, so "Village Sino" after
        "Shurobod" is the Khatlon village, not the Dushanbe district. A name from another
        region than the one already found is ignored (it is usually a street or a person).
        """
        current: Place | None = None
        for match in self._scan(address):
            if current is None:
                current = min(match.candidates, key=lambda p: _RANK[p.kind])
                continue
            best = max(match.candidates, key=lambda c: self._fit(c, current))
            relation, _ = self._fit(best, current)
            if relation == 3 or (relation == 1 and self.depth(best) >= self.depth(current)):
                current = best
        if current is None:
            return []
        if current.kind == "country":
            return [current]
        return [*(a for a in self.ancestors(current) if a.kind != "country"), current]

    def _fit(self, candidate: Place, current: Place) -> tuple[int, int]:
        """How well a candidate extends the chain ending at ``current`` (higher is better)."""
        if self.is_within(candidate, current):
            return 3, -_RANK[candidate.kind]  # goes deeper
        if candidate.key == current.key or self.is_within(current, candidate):
            return 2, 0  # already known
        lca = self._lca_depth(candidate, current)
        return (1, lca) if lca >= 1 else (0, lca)  # a sibling in the same region, or elsewhere

    def printed_names(self, text: str, kinds: Iterable[str]) -> list[str]:
        """Names of places of these kinds as the text prints them, each once, in order."""
        wanted = set(kinds)
        names = (
            text[match.start : match.end]
            for match in self._scan(text)
            if any(place.kind in wanted for place in match.candidates)
        )
        return list(dict.fromkeys(names))

    def mentions(self, text: str) -> list[Place]:
        """Places named anywhere in a text, each once, in order of first mention.

        A name that fits several places goes to the one closest to the places named
        unambiguously near it (then anywhere in the text); failing that, to the larger unit.
        """
        matches = self._scan(text)
        context = [(m.start, m.candidates[0]) for m in matches if len(m.candidates) == 1]
        found: dict[str, Place] = {}
        for match in matches:
            near = [p for at, p in context if abs(at - match.start) <= _NEAR]
            everywhere = [p for _, p in context]

            def closeness(c: Place, near=near, everywhere=everywhere) -> tuple[int, int, int]:
                return (
                    max((self._lca_depth(c, o) for o in near), default=-1),
                    max((self._lca_depth(c, o) for o in everywhere), default=-1),
                    -_RANK[c.kind],
                )

            place = max(match.candidates, key=closeness)
            found.setdefault(place.key, place)
        return list(found.values())


def _place_from_toml(entry: dict) -> Place:
    aliases = tuple(dict.fromkeys((*entry.get("aliases", ()), *entry.get("qualified", ()))))
    return Place(
        key=entry["key"],
        name=entry["name"],
        kind=entry["kind"],
        parent=entry.get("parent"),
        aliases=tuple(a for a in aliases if a != entry["name"]),
        lat=entry.get("lat"),
        lon=entry.get("lon"),
    )


def load_gazetteer_file(path: Path) -> Gazetteer:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries = data["place"]
    qualified = [(e["key"], alias) for e in entries for alias in e.get("qualified", ())]
    return Gazetteer((_place_from_toml(e) for e in entries), qualified)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The project gazetteer, read once."""
    return load_gazetteer_file(DATA_FILE)


@functools.cache
def gazetteer_meta() -> dict:
    """The ``[meta]`` table of the data file: sources and how the values were obtained."""
    with DATA_FILE.open("rb") as fh:
        return tomllib.load(fh)["meta"]

"""One record per real thing: resolve printed names to canonical organisations,
donors and government bodies listed in ``catalogue/data/entities.toml``.

Pure functions over a table loaded once. Sources print the same body many ways
("MSDSP – Aga Khan Fund", "the Khovaling office of MSDSP"; "VO Shekhmizon",
"VO Shakhmezon"); the table lists the spellings, this module folds the noise
(quotes, dashes, case, articles) and finds mentions in running text.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from catalogue.core.text import Span, fold
from catalogue.core.vocabulary import DonorKind, OrganisationKind, PartnerLevel

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "entities.toml"


class Role(StrEnum):
    ORGANISATION = "organisation"
    DONOR = "donor"
    GOVERNMENT = "government"


GOVERNMENT_KIND = "government"
_CSO_KINDS = {k.value for k in OrganisationKind}
_KINDS = _CSO_KINDS | {k.value for k in DonorKind}


@dataclass(frozen=True)
class Entity:
    key: str  # stable slug
    name: str  # canonical name
    short_name: str
    kind: str  # a DonorKind or OrganisationKind value, or "government"
    country: str  # ISO 3166-1 alpha-2, "" if multilateral or not stated
    aliases: tuple[str, ...]  # spellings as printed (name and short_name included)
    roles: tuple[Role, ...] = ()
    level: PartnerLevel | None = None  # government bodies only
    attested: tuple[str, ...] = ()  # "NNN:LINE" = seeds/NNN_*.txt line LINE
    exact: tuple[str, ...] = ()  # aliases matched case-sensitively in running text
    places: tuple[str, ...] = ()  # local government: the place names it is printed with
    within: str = ""  # local government: the place whose "all N Khukumats" it is one of

    @property
    def organisation_kind(self) -> OrganisationKind:
        """The kind as an organisation record would store it."""
        if self.kind in _CSO_KINDS:
            return OrganisationKind(self.kind)
        if self.kind == GOVERNMENT_KIND:
            return OrganisationKind.GOVERNMENT
        if self.kind in {DonorKind.MULTILATERAL, DonorKind.INTERNATIONAL_NGO, DonorKind.OTHER}:
            return OrganisationKind.INTERNATIONAL
        return OrganisationKind.DONOR_AGENCY

    @property
    def donor_kind(self) -> DonorKind:
        """The kind as a donor record would store it (the table checks every donor has one)."""
        return DonorKind(self.kind)


# --- names -----------------------------------------------------------------

_QUOTES = "\"'«»“”„‟‘’‚‛`´"
_DASHES = "-‐‑‒–—―−"
_FOLD = str.maketrans({**{q: " " for q in _QUOTES}, **{d: " " for d in _DASHES}, ".": " "})
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def normalise_name(s: str) -> str:
    """Fold case, quotes, dashes, dots and whitespace; drop a leading article.

    "MSDSP – Aga Khan Fund" and "msdsp - aga khan fund" compare equal, as do
    "I.Somoni" and "I. Somoni"; "Chei-Pivol" equals "Chei Pivol".
    """
    s = fold(unicodedata.normalize("NFKC", s).casefold().translate(_FOLD))
    return _ARTICLE.sub("", s)


# Legal-form prefixes: "PA Yalabuli" (contact block) is "VO Yalabuli" (heading).
_LEGAL_FORM = re.compile(
    r"^(?:vo|pa|ngo|cssc|public association|village organi[sz]ation|rural organi[sz]ation"
    r"|public organi[sz]ation)\s+"
)


def _core(normalised: str) -> str:
    return _LEGAL_FORM.sub("", normalised)


# --- the table -------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    entities: tuple[Entity, ...]
    by_alias: dict[tuple[Role, str], Entity]
    by_core: dict[str, Entity]  # organisations by name without legal form, if unique
    places: dict[str, Entity]  # local government: normalised place -> body


def _as_tuple(value: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(value or ())


def _entity(row: dict, section: str) -> Entity:
    roles = [Role.GOVERNMENT if section == "local_government" else Role(section)]
    roles += [Role(r) for r in row.get("also", ())]
    level = PartnerLevel(row["level"]) if "level" in row else None
    kind = row.get("kind", GOVERNMENT_KIND if level else "")
    if kind not in _KINDS | {GOVERNMENT_KIND}:
        raise ValueError(f"{row['key']}: unknown kind {kind!r}")
    if Role.DONOR in roles and kind not in {k.value for k in DonorKind}:
        raise ValueError(f"{row['key']}: a donor needs a donor kind, not {kind!r}")
    name = row["name"]
    short_name = row.get("short_name", name)
    aliases = dict.fromkeys([name, short_name, *row.get("aliases", ())])
    return Entity(
        key=row["key"],
        name=name,
        short_name=short_name,
        kind=kind,
        country=row.get("country", "TJ" if level else ""),
        aliases=tuple(aliases),
        roles=tuple(dict.fromkeys(roles)),
        level=level,
        attested=_as_tuple(row.get("attested")),
        exact=_as_tuple(row.get("exact")),
        places=_as_tuple(row.get("places")),
        within=row.get("within", ""),
    )


@cache
def _table() -> _Table:
    with DATA_FILE.open("rb") as f:
        data = tomllib.load(f)
    entities: list[Entity] = []
    places: dict[str, Entity] = {}
    for section in ("organisation", "donor", "government", "local_government"):
        for row in data.get(section, ()):
            entity = _entity(row, section)
            entities.append(entity)
            for place in row.get("places", ()):
                places[normalise_name(place)] = entity
    keys = [e.key for e in entities]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate keys in entities.toml")
    by_alias: dict[tuple[Role, str], Entity] = {}
    cores: dict[str, set[Entity]] = {}
    for entity in entities:
        for alias in entity.aliases:
            norm = normalise_name(alias)
            for role in entity.roles:
                other = by_alias.setdefault((role, norm), entity)
                if other is not entity:
                    raise ValueError(f"alias {alias!r} is both {other.key} and {entity.key}")
            if Role.ORGANISATION in entity.roles:
                cores.setdefault(_core(norm), set()).add(entity)
    by_core = {core: next(iter(es)) for core, es in cores.items() if len(es) == 1}
    return _Table(tuple(entities), by_alias, by_core, places)


def all_entities() -> tuple[Entity, ...]:
    return _table().entities


def entity_by_key(key: str) -> Entity:
    for entity in _table().entities:
        if entity.key == key:
            return entity
    raise KeyError(key)


_TRAILING_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def _resolve(name: str, role: Role) -> Entity | None:
    table = _table()
    norm = normalise_name(name)
    if found := table.by_alias.get((role, norm)):
        return found
    # "Mercy Corps (MKM)", "CIDA (Canada)": try the name, then the bracketed part
    if m := _TRAILING_PAREN.match(name):
        for part in m.groups():
            if part.strip() and (found := table.by_alias.get((role, normalise_name(part)))):
                return found
    if role is Role.ORGANISATION and (core := _core(norm)) != norm:
        return table.by_core.get(core)
    return None


def resolve_organisation(name: str) -> Entity | None:
    """The organisation (CSO or international organisation) a printed name refers to."""
    return _resolve(name, Role.ORGANISATION)


def resolve_donor(name: str) -> Entity | None:
    """The donor or funder a printed name refers to."""
    return _resolve(name, Role.DONOR)


def resolve_government(name: str) -> Entity | None:
    """The government body a printed name refers to ("Khukumat of Vahdat" included)."""
    if found := _resolve(name, Role.GOVERNMENT):
        return found
    matches = [m for m in _local_matches(name, 0) if m[1] == 0 and m[2] == len(name)]
    entities = {e.key: e for m in matches for e in m[0]}
    return next(iter(entities.values())) if len(entities) == 1 else None


def resolve_any(name: str) -> Entity | None:
    return resolve_organisation(name) or resolve_donor(name) or resolve_government(name)


# --- classifying unknown names ---------------------------------------------

_CLASS_RULES: tuple[tuple[re.Pattern[str], OrganisationKind], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (
            r"^(?:VO\b|village organi[sz]ation|rural organi[sz]ation)",
            OrganisationKind.VILLAGE_ORGANISATION,
        ),
        (r"^CSSC\b|civil society support cent(?:re|er)", OrganisationKind.SUPPORT_CENTRE),
        (r"red crescent|red cross|national society", OrganisationKind.NATIONAL_SOCIETY),
        (
            r"\b(?:ministry|k?hukumat|jamoat|majlisi?)\b|under the government",
            OrganisationKind.GOVERNMENT,
        ),
        (
            r"\bembassy\b|\bagency for (?:international )?development\b|\bcooperation agency\b",
            OrganisationKind.DONOR_AGENCY,
        ),
        (
            r"^(?:united nations|un)\b|\binternational organi[sz]ation\b",
            OrganisationKind.INTERNATIONAL,
        ),
    )
)


def classify_organisation(name: str) -> OrganisationKind:
    """Kind of organisation by its name; table entries win over the name rules.

    NGO, public association, association, centre and anything else unrecognised
    count as NGOs: that is what most of the book's CSOs are.
    """
    if entity := resolve_organisation(name):
        return entity.organisation_kind
    for pattern, kind in _CLASS_RULES:
        if pattern.search(name.strip()):
            return kind
    return OrganisationKind.NGO


# --- finding mentions in text ----------------------------------------------
#
# The lines are joined with "\n" so that a name broken over a line wrap still
# matches; offsets map back to line numbers.

_SEP = rf"[\s{re.escape(_QUOTES + _DASHES)}.]+"
_LEFT = r"(?<![\w])"
_RIGHT = r"(?![\w])"
# "Ministry of Defence of the Russian Federation" is not a Tajik partner.
_FOREIGN = re.compile(
    r"\s+of\s+(?:the\s+)?(?:Russian\s+Federation|Russia|Uzbekistan|Kazakhstan|Kyrgyzstan|Afghanistan)",
    re.IGNORECASE,
)


def _alias_pattern(alias: str, case_sensitive: bool) -> str:
    words = normalise_name(alias).split()
    if case_sensitive:  # keep the printed case: "CoES", "Parliament"
        words = unicodedata.normalize("NFKC", alias).translate(_FOLD).split()
    body = _SEP.join(re.escape(w) for w in words)
    # quotes may open or close a name: Jamoat "Bahor", NGO “Marifat”
    q = f"[{re.escape(_QUOTES)}]?"
    body = f"{q}{body}{q}" if len(words) == 1 else body
    return body if case_sensitive else f"(?i:{body})"


def _is_case_sensitive(alias: str, entity: Entity) -> bool:
    letters = [c for c in alias if c.isalpha()]
    acronym = (
        " " not in alias.strip()
        and sum(c.isupper() for c in letters) >= 2
        and (not any(c.islower() for c in letters) or len(alias) <= 6)
    )
    return acronym or alias in entity.exact


@cache
def alias_regex(*roles: Role) -> re.Pattern[str]:
    """One alternation of every alias of the roles (all roles if none), longest
    first so that the longest name wins: "Democracy Commission of the US Embassy"
    over "US Embassy"."""
    seen: dict[str, None] = {}
    for entity in _table().entities:
        if roles and not set(roles) & set(entity.roles):
            continue
        for alias in entity.aliases:
            seen[_alias_pattern(alias, _is_case_sensitive(alias, entity))] = None
    patterns = sorted(seen, key=len, reverse=True)
    return re.compile(f"{_LEFT}(?:{'|'.join(patterns)}){_RIGHT}")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [i + 1 for i, c in enumerate(text) if c == "\n"]
    return starts


def _line_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def span_of(starts: Sequence[int], first_line: int, start: int, end: int) -> Span:
    """The lines of text[start:end], ``starts`` being the offsets where lines begin."""
    return _span(starts, first_line, start, end)


def _span(starts: Sequence[int], first_line: int, start: int, end: int) -> Span:
    return Span(
        first_line + _line_of(starts, start),
        first_line + _line_of(starts, max(start, end - 1)),
    )


# "the Netherlands, Finnish, Danish, Swedish, Norwegian Red Crosses": expand the
# list into one name per adjective.
_SOCIETY_LIST = re.compile(
    r"((?:(?:the\s+)?[A-Z][a-z]+,?\s+(?:and\s+)?){1,8})([A-Z][a-z]+)\s+(Red\s+Cross(?:es)?|RC)\b"
)


def _society_list_matches(text: str) -> Iterable[tuple[str, int, int]]:
    for m in _SOCIETY_LIST.finditer(text):
        for word in re.finditer(r"[A-Z][a-z]+", m.group(1)):
            yield f"{word.group()} Red Cross", word.start() + m.start(1), word.end() + m.start(1)


def _scan(role: Role, lines: Sequence[str], first_line: int) -> list[tuple[Entity, Span]]:
    text = "\n".join(lines)
    starts = _line_starts(text)
    found: dict[str, tuple[Entity, Span]] = {}
    hits: list[tuple[int, int, Entity]] = []
    for m in alias_regex(role).finditer(text):
        if role is Role.GOVERNMENT and _FOREIGN.match(text, m.end()):
            continue
        if entity := _table().by_alias.get((role, normalise_name(m.group()))):
            hits.append((m.start(), m.end(), entity))
    if role is Role.DONOR:
        for name, start, end in _society_list_matches(text):
            if entity := resolve_donor(name):
                hits.append((start, end, entity))
    for start, end, entity in sorted(hits, key=lambda h: h[0]):
        found.setdefault(entity.key, (entity, _span(starts, first_line, start, end)))
    return list(found.values())


def find_donors(lines: Sequence[str], first_line: int) -> list[tuple[Entity, Span]]:
    """Donors named in ``lines`` (line ``first_line`` first), each once, in order of
    first mention. A mention is not proof of funding: the caller reads amounts."""
    return _scan(Role.DONOR, lines, first_line)


# Local government bodies: "Khukumat(s) of A, B and C rayons", "I. Somoni Khukumat",
# "Jamoat Bahor", "Harangon Jamoat".
_HUKUMAT = r"(?:[Kk]?[Hh]ukumats?|[Hh]okum(?:ats?)?)"
_JAMOAT = r"(?:[Jj]amoats?)"
_UNIT = r"(?i:rayons?|raions?|districts?|city|cities|oblast)"


@cache
def _place_regex() -> str:
    places = sorted(_table().places, key=len, reverse=True)
    return "|".join(_alias_pattern(p, False) for p in places)


@cache
def _local_regex() -> re.Pattern[str]:
    place = f"(?:{_place_regex()})"
    q = f"[{re.escape(_QUOTES)}]?"
    listed = rf"{q}{place}{q}(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+){q}{place}{q})*"
    return re.compile(
        rf"{_LEFT}(?P<body>{_HUKUMAT}|{_JAMOAT})\s+of\s+(?:the\s+)?(?:city\s+of\s+)?"
        rf"(?P<list>{listed})(?:\s+{_UNIT})?{_RIGHT}"
        rf"|{_LEFT}(?P<before>{listed})(?:\s+{_UNIT})?\s+(?P<body2>{_HUKUMAT}|{_JAMOAT}){_RIGHT}"
        rf"|{_LEFT}(?P<body3>{_JAMOAT})\s+(?P<after>{q}{place}{q}){_RIGHT}"
    )


def _local_matches(text: str, offset: int) -> list[tuple[list[Entity], int, int]]:
    """Named local bodies in ``text``: (bodies, start, end) per match."""
    table = _table()
    place_re = re.compile(_place_regex())
    out = []
    for m in _local_regex().finditer(text):
        body = m.group("body") or m.group("body2") or m.group("body3")
        names = m.group("list") or m.group("before") or m.group("after")
        want_jamoat = body.lower().startswith("jamoat")
        places = [normalise_name(p.group()) for p in place_re.finditer(names)]
        bodies = []
        for p in places:
            entity = table.places.get(p)
            if entity and (entity.level is PartnerLevel.JAMOAT) == want_jamoat:
                bodies.append(entity)
        # "all 4 Khukumats of Dushanbe" are the city's district hukumats, not the city's
        if body.lower().endswith("s") and len(places) == 1:
            bodies = []
        if bodies:
            out.append((bodies, m.start() + offset, m.end() + offset))
    return out


def printed_level(party: str) -> PartnerLevel | None:
    """The level a government party names as printed ("local Jamoat", "Khukumat",
    "district department", "makhalla committee"), or None ("state structure")."""
    lowered = party.casefold()
    if re.search(r"ma(?:k?h|g)all?a", lowered):
        return PartnerLevel.MAKHALLA
    if "jamoat" in lowered:
        return PartnerLevel.JAMOAT
    if "oblast" in lowered:
        return PartnerLevel.OBLAST
    if re.search(r"hukumat|hokumat|district|rayon|raion|city", lowered):
        return PartnerLevel.DISTRICT
    return None


def organisation_core(name: str) -> str:
    """A printed organisation's name folded and without its legal form ("VO Sino" -> "sino")."""
    return _core(normalise_name(name))


# --- mentions for the partner rules (catalogue/importers/partners.py) ----------------------


def government_mentions(text: str) -> list[tuple[Entity, int, int]]:
    """Every mention of a government body the table knows, national or local, with offsets
    (one per body of a list: "Khukumats of A, B and C rayons" gives three)."""
    found = []
    for m in alias_regex(Role.GOVERNMENT).finditer(text):
        if _FOREIGN.match(text, m.end()):
            continue
        if entity := _table().by_alias.get((Role.GOVERNMENT, normalise_name(m.group()))):
            found.append((entity, m.start(), m.end()))
    for bodies, start, end in _local_matches(text, 0):
        found.extend((entity, start, end) for entity in bodies)
    return found


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


@cache
def _group_regex() -> re.Pattern[str]:
    return re.compile(
        rf"{_LEFT}(?:all\s+)?(?P<n>\d+|{'|'.join(_NUMBER_WORDS)})\s+{_HUKUMAT}\s+of\s+(?:the\s+)?"
        rf"(?:city\s+of\s+)?(?P<place>{_place_regex()}){_RIGHT}",
        re.IGNORECASE,
    )


def district_groups(text: str) -> list[tuple[list[Entity], int, int]]:
    """ "all 4 Khukumats of Dushanbe": the bodies listed as within that place, when the table
    lists exactly as many as the text counts."""
    out = []
    for m in _group_regex().finditer(text):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        host = _table().places.get(normalise_name(m.group("place")))
        if host is None:
            continue
        within = [e for e in _table().entities if e.within and e.within == host.key]
        if len(within) == count:
            out.append((within, m.start(), m.end()))
    return out


def _hukumat_place(norm: str) -> Entity | None:
    entity = _table().places.get(norm)
    if entity is None or entity.level is PartnerLevel.JAMOAT:
        return None
    return entity


def place_at(text: str, at: int) -> tuple[Entity, int] | None:
    """The Khukumat of a place printed at ``text[at:]`` (with its "rayon", "district" or
    "city") and where the place ends, or None."""
    m = re.compile(rf"(?:{_place_regex()})(?:\s+{_UNIT})?{_RIGHT}").match(text, at)
    if m is None:
        return None
    place = re.sub(rf"\s+{_UNIT}$", "", m.group())
    entity = _hukumat_place(normalise_name(place))
    return (entity, m.end()) if entity else None


@cache
def _place_before_regex() -> re.Pattern[str]:
    return re.compile(rf"{_LEFT}(?:{_place_regex()})(?:\s+{_UNIT})?\s+$")


def place_before(text: str, at: int) -> tuple[Entity, int] | None:
    """The Khukumat of a place printed just before ``at`` ("the Vose rayon| department") and
    where the place starts, or None."""
    window = max(0, at - 60)
    m = _place_before_regex().search(text[window:at])
    if m is None:
        return None
    place = re.sub(rf"\s+{_UNIT}$", "", m.group().strip())
    entity = _hukumat_place(normalise_name(place))
    return (entity, window + m.start()) if entity else None


def seat_name(body: Entity) -> str:
    """What a local body's name says it governs: "Hukumat of Vahdat city" -> "Vahdat city"."""
    return re.sub(r"^(?:k?hukumat|jamoat)\s+(?:of\s+)?", "", body.name, flags=re.IGNORECASE)


def district_place_matches(text: str) -> list[tuple[int, str]]:
    """Places with a Khukumat in the table that ``text`` names as places ("Yavan rayon",
    "the city of Vahdat"), each with where it starts, as printed, in order."""
    place = _place_regex()
    pattern = re.compile(
        rf"{_LEFT}(?:(?P<a>{place})\s+(?:rayons?|raions?|districts?|city){_RIGHT}"
        rf"|city\s+of\s+(?P<b>{place}){_RIGHT})",
        re.IGNORECASE,
    )
    out = []
    for m in pattern.finditer(text):
        name = m.group("a") or m.group("b")
        if _hukumat_place(normalise_name(name)):
            out.append((m.start(), m.group() if m.group("a") else name))
    return out


def body_for_place(place: str, level: PartnerLevel) -> Entity | None:
    """The table's local body of a place at a level ("Khorog", district); a Khukumat asked
    for at district level may be an oblast-level one (Dushanbe's), and the other way."""
    entity = _table().places.get(normalise_name(place))
    if entity is None or entity.level is None:
        return None
    hukumat_levels = {PartnerLevel.DISTRICT, PartnerLevel.OBLAST}
    if entity.level == level or (level in hukumat_levels and entity.level in hukumat_levels):
        return entity
    return None

"""Who a paying party is, by its name: community, government or donor (pure: no Django).

The entity table (``entities``) knows the book's organisations; an unseen document names
others ("$2,000 came from the Fund for Rural Women", "the Khukumat of Nurobod rayon
allocated 3,000 Somoni"). Their kind, a new donor's kind and a new government body's level
are decided by the words of the name, with rules kept as data in
``catalogue/data/kind_rules.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from catalogue.core.text import fold
from catalogue.core.vocabulary import DonorKind, PartnerLevel, PartyKind
from catalogue.importers.entities import (
    Entity,
    Role,
    alias_regex,
    normalise_name,
    resolve_donor,
    resolve_government,
)

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "kind_rules.toml"


@dataclass(frozen=True)
class _Rules:
    party: tuple[tuple[PartyKind, tuple[re.Pattern[str], ...]], ...]
    proper_name_kind: PartyKind
    not_names: frozenset[str]
    generic: frozenset[str]
    national: tuple[re.Pattern[str], ...]
    donor_kinds: tuple[tuple[DonorKind, tuple[re.Pattern[str], ...]], ...]
    donor_default: DonorKind


def _patterns(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@cache
def rules() -> _Rules:
    with DATA_FILE.open("rb") as f:
        data = tomllib.load(f)
    return _Rules(
        party=tuple((PartyKind(r["kind"]), _patterns(r["patterns"])) for r in data["party"]),
        proper_name_kind=PartyKind(data["proper_name"]["kind"]),
        not_names=frozenset(w.casefold() for w in data["proper_name"]["not_names"]),
        generic=frozenset(w.casefold() for w in data["names"]["generic"]),
        national=_patterns(data["government_level"]["national"]),
        donor_kinds=tuple(
            (DonorKind(r["kind"]), _patterns(r["patterns"])) for r in data["donor_kind"]["rule"]
        ),
        donor_default=DonorKind(data["donor_kind"]["default"]),
    )


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _name_words(name: str) -> list[str]:
    """The words of a name outside brackets: "NSIFT" of "Fund (NSIFT)" is an acronym."""
    return _WORD.findall(re.sub(r"\([^()]*\)", " ", name)) or _WORD.findall(name)


def is_proper_name(name: str) -> bool:
    """A name, not a description: some word that is no generic word starts with a capital
    ("Jamoat Tugarak", "Caritas Luxembourg", "MSDSP"; not "the local Khukumat", "VO")."""
    rules_ = rules()
    for word in _name_words(name):
        folded = re.sub(r"['’]s$", "", word.casefold())
        singular = re.sub(r"(?<=[a-z])(?:ies|s)$", lambda m: "y" if m[0] == "ies" else "", folded)
        if not word[0].isupper() or rules_.generic & {folded, singular}:
            continue
        if folded not in rules_.not_names:
            return True
    return False


def party_kind(name: str, *, proper_name: bool = True) -> PartyKind | None:
    """Who a party is: the entity table's record, else the first rule of kind_rules.toml
    whose words the name has, else a donor if it is a proper name (unless ``proper_name`` is
    False: where a person may be meant); None for anything else ("the sale of milk")."""
    name = fold(name)
    if not name:
        return None
    if resolve_government(name):
        return PartyKind.GOVERNMENT
    if resolve_donor(name):
        return PartyKind.DONOR
    rules_ = rules()
    for kind, patterns in rules_.party:
        if any(p.search(name) for p in patterns):
            return kind
    # a donor of the table named inside a longer name: "the Khovaling office of MSDSP"
    if alias_regex(Role.DONOR).search(name):
        return PartyKind.DONOR
    if proper_name and is_proper_name(name):
        return rules_.proper_name_kind
    return None


def donor_kind(name: str) -> DonorKind:
    """The kind of a donor the entity table does not list, by the words of its name."""
    rules_ = rules()
    for kind, patterns in rules_.donor_kinds:
        if any(p.search(name) for p in patterns):
            return kind
    return rules_.donor_default


def national_level(name: str) -> PartnerLevel | None:
    """National, when a government body's name says so (a ministry, a state fund ...)."""
    if any(p.search(name) for p in rules().national):
        return PartnerLevel.NATIONAL
    return None


_BRACKET = re.compile(r"^(?P<name>.*?)\s*\((?P<short>[^()]+)\)\s*$")


def split_short_name(name: str) -> tuple[str, str]:
    """ "Zarafshon Development Fund (ZDF)" -> ("Zarafshon Development Fund", "ZDF"); a
    bracket that is no acronym stays in the name."""
    if (m := _BRACKET.match(name)) and re.fullmatch(r"[A-Z][A-Za-z&-]{1,11}", m["short"]):
        return m["name"], m["short"]
    return name, ""


def display_name(name: str) -> str:
    """The party as a record's name: as printed, without a leading article, first letter up."""
    name = re.sub(r"^(?:the|a|an)\s+", "", fold(name), flags=re.IGNORECASE)
    return name[:1].upper() + name[1:]


def new_donor(party: str) -> Entity | None:
    """A donor record for a paying party the entity table does not list ("the Fund for Rural
    Women"), of the kind its name says; None for a party that names no one ("the donor")."""
    if not is_proper_name(party):
        return None
    name, short_name = split_short_name(display_name(party))
    key = re.sub(r"[^a-z0-9]+", "-", normalise_name(name)).strip("-")
    return Entity(
        key=key or "donor",
        name=name,
        short_name=short_name or name,
        kind=str(donor_kind(name)),
        country="",
        aliases=tuple(dict.fromkeys(a for a in (name, short_name, fold(party)) if a)),
        roles=(Role.DONOR,),
    )


def new_government_body(party: str, level: PartnerLevel | None) -> tuple[str, PartnerLevel] | None:
    """A government body the entity table does not list, named as printed ("Jamoat Tugarak",
    "Ministry of Water Resources"), with its level: the printed one, else national when the
    name says so. None for a body the words do not name ("the local Jamoat"): the case
    study's place says which one that is. A jamoat "of Vose rayon" names its rayon, not itself."""
    if not is_proper_name(party):
        return None
    level = level or national_level(party)
    if level is None:
        return None
    if level in (PartnerLevel.JAMOAT, PartnerLevel.MAKHALLA) and re.search(
        r"\bof\s+(?:the\s+)?\S+\s+(?:rayon|raion|district|city|oblast)\b", party, re.IGNORECASE
    ):
        return None
    return display_name(party), level

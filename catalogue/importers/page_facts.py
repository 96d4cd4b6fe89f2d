"""What an organisation's web page states beyond its description: the organisations it
names and which of them it works with, dated milestones, and the programmes it describes.

Pure: sentences (with the lines they occupy) in, records out. Names are kept as printed;
an organisation the entity table does not know is still found, by its shape: capitalised
words that end in a word for an organisation ("Association", "Centre", "Ministry" ...),
with a bracketed acronym if one follows. Every rule is about English phrasing, never
about one page's organisations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from catalogue.core.dates import PartialDate
from catalogue.core.text import Span, fold
from catalogue.core.vocabulary import ActivityStatus, PartnerLevel, PartyKind
from catalogue.importers.book import find_dates
from catalogue.importers.entities import (
    Entity,
    Role,
    alias_regex,
    normalise_name,
    printed_level,
    resolve_any,
    resolve_government,
)
from catalogue.importers.funding import parse_money
from catalogue.importers.gazetteer import load_gazetteer
from catalogue.importers.records import (
    ContributionRecord,
    MilestoneRecord,
    Money,
    PartnerRecord,
    ProjectRecord,
)

Sentence = tuple[str, Span]

# --- names of organisations ------------------------------------------------------------

# Words that make a run of capitalised words an organisation's name.
_ORG_WORDS = frozenset(
    [
        "association",
        "associations",
        "society",
        "societies",
        "foundation",
        "fund",
        "organisation",
        "organization",
        "organisations",
        "organizations",
        "union",
        "council",
        "network",
        "centre",
        "center",
        "centres",
        "centers",
        "committee",
        "ministry",
        "agency",
        "institute",
        "university",
        "academy",
        "hospital",
        "clinic",
        "school",
        "college",
        "department",
        "service",
        "services",
        "office",
        "authority",
        "mission",
        "bank",
        "trust",
        "alliance",
        "corps",
        "khukumat",
        "hukumat",
        "jamoat",
        "government",
        "embassy",
        "partnership",
        "coalition",
        "club",
        "league",
        "forum",
        "cooperative",
        "commission",
        "administration",
        "ngo",
    ]
)
# Lower-case words that may close a name printed in running text ("Friends of the Valley
# association"); singular only, so "Tajik organisations" is no name.
_TRAILING_ORG_WORDS = (
    "association|society|foundation|fund|organi[sz]ation|union|network|centre|center|"
    "committee|council|trust|cooperative|club"
)
# Capitalised words that open sentences or titles rather than names.
_NOT_NAME_START = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "since",
        "during",
        "after",
        "before",
        "our",
        "we",
        "its",
        "their",
        "this",
        "these",
        "today",
        "together",
        "through",
        "as",
        "also",
        "while",
        "when",
        "chief",
        "head",
        "director",
        "deputy",
        "coordinator",
        "manager",
        "welcome",
        "about",
        "dear",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)
_CAP = r"(?:[A-Z][\w'’\-]*\w|[A-Z])(?<!['’]s)"
_CONNECTOR = r"(?:(?:of|for|on|under|de)(?:\s+the)?|and|&)"
_NAME = re.compile(
    rf"(?<![\w\"“«]){_CAP}(?:\s+(?:{_CONNECTOR}\s+)?{_CAP})*"
    rf"(?:\s+(?:{_TRAILING_ORG_WORDS})\b)?"
    r"(?:\s*\((?P<acronym>[A-Z][A-Za-z]{1,9})\))?"
)


@dataclass(frozen=True)
class Name:
    """An organisation named in a sentence: known to the entity table or not."""

    printed: str  # as printed, a bracketed acronym included
    start: int
    end: int
    entity: Entity | None = None
    acronym: str = ""

    @property
    def key(self) -> str:
        return self.entity.key if self.entity else normalise_name(self.bare)

    @property
    def bare(self) -> str:
        """The name without its bracketed acronym."""
        return re.sub(r"\s*\([^()]*\)$", "", self.printed) if self.acronym else self.printed


def _known_names(sentence: str) -> list[Name]:
    out = []
    for m in alias_regex().finditer(sentence):
        entity = resolve_any(m.group())
        if entity is None:
            continue
        printed, end = m.group(), m.end()
        # keep a bracketed acronym with the name: "... Mine Action Center (TNMAC)"
        tail = re.match(r"\s*\(([^()]{2,12})\)", sentence[end:])
        if tail and resolve_any(tail.group(1)) == entity:
            printed += tail.group()
            end += tail.end()
        out.append(Name(fold(printed), m.start(), end, entity))
    return out


def _is_place(text: str) -> bool:
    """The whole name is a place ("Gorno-Badakhshan"), not one that names a place."""
    printed = load_gazetteer().printed_names(text, ("country", "region", "city", "district"))
    return any(normalise_name(p) == normalise_name(text) for p in printed)


def _is_organisation_shaped(words: Sequence[str]) -> bool:
    """ "... Association", "... Centre": the last word; "Ministry of ...", "Khukumat of ...":
    the word before the first connector."""
    head = next(
        (words[i - 1] for i, w in enumerate(words) if i and w in ("of", "for", "on", "under")),
        words[-1],
    )
    return words[-1].casefold() in _ORG_WORDS or head.casefold() in _ORG_WORDS


def _unknown_names(sentence: str) -> list[Name]:
    out = []
    for m in _NAME.finditer(sentence):
        printed, start = m.group(), m.start()
        while (first := printed.split(" ", 1)[0]).casefold() in _NOT_NAME_START:
            if " " not in printed:
                break
            rest = printed.split(" ", 1)[1]
            start += len(printed) - len(rest)
            printed = rest
        words = re.sub(r"\s*\([^()]*\)$", "", printed).split()
        if first.casefold() in _NOT_NAME_START or len(words) < 2:
            continue
        if not _is_organisation_shaped(words) or _is_place(" ".join(words)):
            continue
        if sentence[:start].rstrip().endswith(("“", '"', "«")):
            continue  # a quoted title is a programme's, not an organisation's
        if sentence[m.end() : m.end() + 2] in ("'s", "’s"):
            continue  # "the Red Cross and Red Crescent's principles"
        out.append(Name(fold(printed), start, m.end(), None, m["acronym"] or ""))
    return out


def organisation_names(sentence: str) -> list[Name]:
    """Organisations a sentence names, in order; a name the table knows wins over its shape."""
    known = _known_names(sentence)
    names = list(known)
    for name in _unknown_names(sentence):
        overlapping = [k for k in known if k.start < name.end and name.start < k.end]
        # "Ministry of Energy and Water Resources" is not the "Ministry of Energy" it begins with
        if overlapping and all(
            name.start <= k.start and k.end < name.end and k.end - k.start < len(name.printed)
            for k in overlapping
        ):
            names = [n for n in names if n not in overlapping]
        elif overlapping:
            continue
        names.append(name)
    return sorted(names, key=lambda n: n.start)


# --- partners ----------------------------------------------------------------------------

# A sentence states collaboration when one of these precedes the other organisation's name:
# "in partnership with", "together with", "closely cooperates with", "supports", "helps",
# "an agreement was signed between", "co-chairing it with", "courses for ... from".
_COLLABORATION = re.compile(
    r"\b(?:with|jointly|partner\w*|cooperat\w*|co-operat\w*|collaborat\w*|support\w*|"
    r"help\w*|assist\w*|agreement|memorandum|signed|co-?chair\w*|fund\w*|financ\w*|"
    r"sponsor\w*|grants?|train\w*|courses?|seminars?|workshops?|for)\b",
    re.IGNORECASE,
)
_REGISTRATION = re.compile(r"\bregist\w*\s+(?:with|at|by|in)\s+(?:the\s+)?$", re.IGNORECASE)
_FUNDING = re.compile(
    r"\b(?:(?:funded|financed|sponsored|supported)\s+by|with\s+(?:the\s+)?(?:financial\s+)?"
    r"support\s+(?:of|from)|grants?\s+from|funding\s+from|thanks\s+to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Subject:
    """The organisation a page is about, to tell it from the others it names."""

    name: str
    entity: Entity | None = None
    acronym: str = ""

    def is_named_by(self, name: Name) -> bool:
        if self.entity is not None and name.entity is not None:
            return name.entity.key == self.entity.key
        own = {normalise_name(self.name), normalise_name(self.acronym)} - {""}
        if self.entity is not None:
            own |= {normalise_name(a) for a in self.entity.aliases}
        first_word = normalise_name(name.bare.split()[0])
        # "the ICRC MoveAbility foundation" is the subject's own unit
        return normalise_name(name.bare) in own or first_word in own


def _level(name: Name) -> PartnerLevel | None:
    if name.entity is not None and name.entity.level is not None:
        return name.entity.level
    body = resolve_government(name.bare)
    return body.level if body and body.level else printed_level(name.bare)


def partners(
    sentences: Sequence[Sentence], subject: Subject, publisher: str = ""
) -> tuple[PartnerRecord, ...]:
    """Organisations the page says its subject works with: named after a collaboration
    word of the same sentence; a name merely mentioned is no partner. Each once, as first
    printed, with the line of that sentence."""
    publisher_key = normalise_name(publisher)
    found: dict[str, PartnerRecord] = {}
    for sentence, span in sentences:
        cue = _COLLABORATION.search(sentence)
        if cue is None:
            continue
        for name in organisation_names(sentence):
            if name.start < cue.start() or subject.is_named_by(name):
                continue
            if _REGISTRATION.search(sentence[max(0, name.start - 30) : name.start]):
                continue  # "registered with the Ministry of Justice" is no partnership
            if publisher_key and normalise_name(name.bare) == publisher_key:
                continue
            found.setdefault(name.key, PartnerRecord(name.printed, _level(name), span))
    return tuple(found.values())


def funders(sentence: str, span: Span, subject: Subject) -> list[ContributionRecord]:
    """ "funded by X", "with the support of X", "a grant from X": X funded it (no amount)."""
    out = []
    for cue in _FUNDING.finditer(sentence):
        rest = sentence[cue.end() :]
        previous_end = 0
        for name in organisation_names(rest):
            # "funded by X and by Y": names joined by "and", "by", commas
            if not re.fullmatch(
                r"[\s,]*(?:and\s+)?(?:by\s+)?(?:the\s+)?", rest[previous_end : name.start]
            ):
                break
            previous_end = name.end
            if subject.is_named_by(name):
                continue
            kind = (
                PartyKind.GOVERNMENT
                if (name.entity and Role.GOVERNMENT in name.entity.roles) or _level(name)
                else PartyKind.DONOR
            )
            out.append(ContributionRecord(kind, name.printed, None, span))
    return out


# --- milestones --------------------------------------------------------------------------

# Dated facts about the organisation itself, not about its activities ("Since 2015, 210
# businesses have been supported" is no milestone).
_STARTED = re.compile(
    r"\b(?:start\w*|began|begun|commenc\w*)\b.{0,40}?\b(?:work\w*|operat\w*|"
    r"activit\w*|presence)\b|\bpresence\b.{0,60}?\b(?:began|begun|start\w*)\b|"
    r"\b(?:was|were|been)\s+(?:founded|established|created|set up)\b|\bfounded\s+in\b|"
    r"\b(?:present|active|working|worked|operating|operated)\b[^.;]{0,40}?\bsince\b",
    re.IGNORECASE,
)
_OFFICE = (
    r"(?:delegation|office|sub-office|branch|representation|headquarters|mission|"
    r"representative office)"
)
_OPENED = re.compile(
    rf"\b(?:opened|established|set up|launched)\b[^.;]{{0,40}}?\b{_OFFICE}\b|"
    rf"\b{_OFFICE}\b[^.;]{{0,20}}?\b(?:was|were|has been)\s+(?:opened|established|set up)\b",
    re.IGNORECASE,
)
_AGREEMENT = re.compile(
    r"\b(?:agreement|memorandum)\b[^.;]{0,40}?\bsigned\b|\bsigned\b[^.;]{0,60}?\b"
    r"(?:agreement|memorandum)\b",
    re.IGNORECASE,
)
_MEMBER = re.compile(r"\bmember(?:\s+state)?\b[^.;]{0,20}?\bsince\b|\bjoined\b", re.IGNORECASE)
_REGISTERED = re.compile(r"\b(?:was|were|been)\s+registered\b", re.IGNORECASE)
# A clause that starts again after "and": "started working in 1992 and opened a delegation".
_CLAUSE_BREAK = re.compile(r";\s*|,?\s+and\s+(?=(?:has|have|had|was|were)\b|[a-z]+ed\b)")
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)?\d{2}\b")


def is_office_opening(text: str) -> bool:
    """ "opened a delegation in Dushanbe", "the office was opened in Khorog"."""
    return bool(_OPENED.search(text))


@dataclass(frozen=True)
class Milestones:
    items: tuple[MilestoneRecord, ...]
    founded: PartialDate | None  # when the organisation was founded or started work here


def _clause_date(clause: str) -> PartialDate | None:
    """The first date of a clause; a year inside a range ("1992-1997") dates nothing."""
    if _YEAR_RANGE.search(clause):
        return None
    dates = find_dates(clause)
    return dates[0][0] if dates else None


def milestones(sentences: Sequence[Sentence]) -> Milestones:
    """Started work, offices opened, agreements signed, membership and registration, each
    with its date when one is printed; the first dated start is the founding date."""
    items: list[MilestoneRecord] = []
    founded: PartialDate | None = None
    for sentence, span in sentences:
        for clause in _CLAUSE_BREAK.split(sentence):
            clause = clause.strip(" ,.;")
            started = _STARTED.search(clause)
            if not (
                started
                or _OPENED.search(clause)
                or _AGREEMENT.search(clause)
                or _MEMBER.search(clause)
                or _REGISTERED.search(clause)
            ):
                continue
            date = _clause_date(clause)
            if date is None and not started:
                continue  # an undated office or agreement says nothing we can place
            items.append(MilestoneRecord(clause, date, span))
            if started and date is not None and founded is None:
                founded = date
    return Milestones(tuple(items), founded)


# --- programmes ----------------------------------------------------------------------------

_PROGRAMME = r"(?:programme|program|project|initiative|campaign|scheme|foundation|fund)"
_QUOTED = re.compile(r"[\"“«]([^\"”»]{3,80})[\"”»]")
# "a sustainable victim assistance programme "Micro Economic Initiatives (MEI)""
_QUOTED_PROGRAMME = re.compile(
    rf"\b{_PROGRAMME}\s+[\"“«](?P<title>[^\"”»]{{3,80}})[\"”»]|"
    rf"[\"“«](?P<title2>[^\"”»]{{3,80}})[\"”»]\s+{_PROGRAMME}\b",
    re.IGNORECASE,
)
# "the ICRC MoveAbility foundation provides", "our Safe Water Project"; a capitalised
# "Foundation" or "Fund" closes an organisation's name, not a programme's
_NAMED_PROGRAMME = re.compile(
    r"(?P<title>(?:[A-Z][\w\-]*\s+){1,5}(?:programme|program|project|initiative|campaign|"
    r"scheme|foundation|fund|Programme|Program|Project|Initiative|Campaign))\b"
)
# "The emergency preparedness programme is implemented to ...": a programme told by what it is
_DESCRIBED_PROGRAMME = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Oo]ur)\s+(?P<title>(?:[a-z][\w\-]*\s+){{1,4}}{_PROGRAMME})\s+"
    r"(?:is|was|has been|will be|aims|aimed|helps|helped|provides|provided|supports|"
    r"supported|assists|assisted|trains|trained|covers|covered|runs|ran)\b",
)
# "IOM established the Emergency Operations Centre (EOC)": a unit the organisation set up
_SET_UP = re.compile(
    r"\b(?:established|set up|opened|launched|initiated|created|founded)\s+(?:the|a|an)\s+"
)
_PLANNED = re.compile(r"\b(?:will|plans? to|planning to|is to be|are to be)\b", re.IGNORECASE)
_AMOUNT = re.compile(
    r"\$[ \t]?(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,]\d)|(?:\d{1,3}(?:,\d{3})+|\d+)\s+Somoni\b"
)
_YEAR = re.compile(r"(?<![\d.,])(?:19[5-9]\d|20[0-4]\d)(?![\d.,]\d)")


def _programme_title(sentence: str, subject: Subject) -> str:
    """The name of the one programme a sentence introduces, or ""."""
    if m := _QUOTED_PROGRAMME.search(sentence):
        return fold(m["title"] or m["title2"])
    for m in _QUOTED.finditer(sentence):
        if re.search(rf"\b{_PROGRAMME}$", m.group(1), re.IGNORECASE):
            return fold(m.group(1))  # "the "Clean Schools Initiative""
    for m in _NAMED_PROGRAMME.finditer(sentence):
        words = m["title"].split()
        while words and (
            words[0].casefold() in _NOT_NAME_START or subject.is_named_by(Name(words[0], 0, 0))
        ):
            words = words[1:]
        if len(words) >= 2 and resolve_any(" ".join(words)) is None:
            return " ".join(words)
    if m := _DESCRIBED_PROGRAMME.search(sentence):
        title = m["title"]
        return title[0].upper() + title[1:]
    if m := _SET_UP.search(sentence):
        before = organisation_names(sentence[: m.start()])
        if any(subject.is_named_by(n) for n in before):
            after = organisation_names(sentence[m.end() :])
            if after and after[0].start == 0 and after[0].entity is None:
                return after[0].printed
    return ""


def _years(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(y) for y in _YEAR.findall(text)}))


def _places(text: str) -> tuple[str, ...]:
    return tuple(load_gazetteer().printed_names(text, ("region", "city", "district")))


def _amounts(sentence: str) -> list[Money]:
    out = []
    for m in _AMOUNT.finditer(sentence):
        try:
            out.append(parse_money(m.group()))
        except ValueError:
            continue
    return out


def programmes(
    paragraphs: Sequence[Sequence[Sentence]], subject: Subject
) -> tuple[ProjectRecord, ...]:
    """Each programme a page names and describes is a project: from the sentence that
    introduces it to the end of its paragraph (or the next programme), with the years,
    funders, government partners and places those sentences print."""
    projects: list[ProjectRecord] = []
    for sentences in paragraphs:
        titles = [_programme_title(sentence, subject) for sentence, _ in sentences]
        starts = [(i, title) for i, title in enumerate(titles) if title]
        for n, (index, title) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(sentences)
            told = sentences[index:end]
            text = " ".join(s for s, _ in told)
            span = Span(told[0][1].first_line, told[-1][1].last_line)
            contributions = [c for s, sp in told for c in funders(s, sp, subject)]
            amounts = [a for s, _ in told for a in _amounts(s)]
            total = amounts[0] if len(amounts) == 1 and not contributions else None
            if len(amounts) == 1 and len(contributions) == 1:
                contributions = [
                    ContributionRecord(
                        contributions[0].party_kind, contributions[0].party, amounts[0], span
                    )
                ]
            government = tuple(p for p in partners(told, subject) if p.level is not None)
            projects.append(
                ProjectRecord(
                    title=title,
                    description=text,
                    span=span,
                    total=total,
                    contributions=tuple(contributions),
                    years=_years(text),
                    status=(
                        ActivityStatus.PLANNED
                        if _PLANNED.search(told[0][0])
                        else ActivityStatus.CARRIED_OUT
                    ),
                    partners=government,
                    places=_places(text),
                )
            )
    return tuple(projects)

"""Every activity a case study tells of, with or without money (pure: no Django).

The book's money paragraphs are read by ``funding.extract_projects``; most of what the
organisations did prints no amount ("In 2003 the centre organised a number of conferences
...", "2002 - project "Be healthy" ... with the support of UNFPA"). This module reads the
narrative sections (``[sections]`` in ``catalogue/data/activities.toml``) sentence by
sentence and returns a ``ProjectRecord`` per activity:

* a list item is one activity unless its list states aims ("focused on the following:");
* in prose, a sentence with a cue of doing (a verb or a kind of activity, from the data file)
  starts an activity, unless it only goes on with the one before ("The project was financed
  by ..."); a sentence without a cue goes on with the activity before it;
* "3 projects "A", "B" and "C"" is three activities;
* the same quoted title told twice (activity and achievements) is one activity citing both;
* a paragraph that prints an amount is left to ``extract_projects``, whose projects are kept.

Each activity gets the years printed in its sentences, its funders (a donor named after a
funding cue: a contribution with no amount), the government bodies its sentences say took
part (``partners.collaborations``) and a status: planned when it says so or stands under
"Plans for the future".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from catalogue.core.text import Span, fold
from catalogue.core.vocabulary import ActivityStatus, PartyKind
from catalogue.importers import entities, parties, partners
from catalogue.importers.entities import Role
from catalogue.importers.funding import (
    MONEY,
    TITLE_MAX,
    extract_projects,
    make_title,
    named_funders,
    paragraphs,
    printed_years,
    truncate,
)
from catalogue.importers.records import ContributionRecord, ProjectRecord

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "activities.toml"


@dataclass(frozen=True)
class _Rules:
    sections: dict[str, ActivityStatus]
    cue: re.Pattern[str]
    not_activity: re.Pattern[str]
    new_activity: re.Pattern[str]
    continuation: re.Pattern[str]
    result_item: re.Pattern[str]
    planned: re.Pattern[str]
    aims_list: re.Pattern[str]
    funding: re.Pattern[str]
    funding_after: re.Pattern[str]
    channel: re.Pattern[str]
    government_funding: re.Pattern[str]
    goods: re.Pattern[str]
    giving: re.Pattern[str]
    money_goods: re.Pattern[str]


def _any(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@cache
def rules() -> _Rules:
    with DATA_FILE.open("rb") as f:
        data = tomllib.load(f)
    sentence = data["sentence"]
    return _Rules(
        sections={name: ActivityStatus(status) for name, status in data["sections"].items()},
        cue=_any(data["cues"]["verbs"] + data["cues"]["nouns"]),
        not_activity=_any(sentence["not_activity"]),
        continuation=_any(sentence["continuation"]),
        result_item=_any(sentence["result_item"]),
        new_activity=_any(sentence["new_activity"]),
        planned=_any(sentence["planned"]),
        aims_list=_any(sentence["aims_list"]),
        funding=_any(sentence["funding"]),
        funding_after=_any(sentence["funding_after"]),
        channel=re.compile("|".join(f"(?:{p})" for p in sentence["channel"])),
        government_funding=_any(sentence["government_funding"]),
        goods=_any(sentence["goods"]),
        giving=_any(sentence["giving"]),
        money_goods=_any(sentence["money_goods"]),
    )


# --- one section's text ----------------------------------------------------------------------


@dataclass
class _Draft:
    """An activity being read: character ranges of its sentences in the section text."""

    ranges: list[tuple[int, int]]
    status: ActivityStatus
    title: str = ""
    told_in: tuple[int, int] | None = None  # the sentence that enumerates it with others


# A list item: "1.", "1)", "-", "•" at the start of a line.
_ITEM_MARK = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]\s|[-•*])\s*(?=\w)")
_QUOTED = re.compile(r"[\"“«„]\s*(?P<title>[^\"“”«»„]{3,160}?)\s*[\"”»“]")
# "3 projects "A", "B", and "C"": several quoted titles right after a plural kind word.
_ENUMERATION = re.compile(
    r"\b(?:\d+|two|three|four|five|six|several|a\s+number\s+of|these|the\s+following)\s+"
    r"(?:new\s+|state\s+)?(?:projects|programmes|programs|trainings|seminars|courses)\b",
    re.IGNORECASE,
)
_PROJECT_TITLE = re.compile(
    r"\b(?:implemented|realized|realised|carried\s+out|conducted|organi[sz]ed|launched|held)\s+"
    r"(?:the\s+)?[\"“«„]\s*(?P<done>[^\"“”«»„]{3,160}?)\s*[\"”»“]|"
    r"^\s*\d{4}(?:\s*[-–]\s*\d{4})?\s*[-–]\s*[\"“«„]\s*(?P<dated>[^\"“”«»„]{3,160}?)\s*[\"”»“]|\b(?:project|programme|program|campaign|course|seminar|training|conference|roundtable)s?"
    r"\s*(?:on|called|named|entitled)?\s*[:,-]?\s*[\"“«„]\s*(?P<title>[^\"“”«»„]{3,160}?)\s*"
    r"[\"”»“]|[\"“«„]\s*(?P<before>[^\"“”«»„]{3,160}?)\s*[\"”»“]\s*(?:-\s*)?"
    r"(?:project|programme|program)\b",
    re.IGNORECASE,
)
_LEADING_DATE = re.compile(
    r"^(?:\d{4}(?:\s*[-–]\s*(?:\d{4}|on\s+(?:a\s+)?long-term\s+basis))?|"
    r"\d{4}\s*[-–]?\s*on\s+(?:a\s+)?long-term\s+basis)\s*[-–]\s*",
    re.IGNORECASE,
)


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))


def _quoted_title(sentence: str) -> str:
    match = _PROJECT_TITLE.search(sentence)
    if match is None:
        return ""
    title = match["done"] or match["dated"] or match["title"] or match["before"]
    return fold(title).strip(" .,;:-")


def _is_activity(sentence: str) -> bool:
    r = rules()
    return bool(r.cue.search(sentence)) and not r.not_activity.search(sentence)


def _starts_new(sentence: str) -> bool:
    return bool(rules().new_activity.search(sentence))


_BACK_REFERENCE = re.compile(r"^(?:the|this|these|that|such)\s+(?P<noun>[a-z]+)\b", re.IGNORECASE)


def _refers_back(sentence: str, before: str) -> bool:
    """Whether a sentence goes on about what the one before it named: "The workshop will
    employ 12 women" after "... to open a sewing workshop"."""
    if rules().continuation.search(sentence):
        return True
    match = _BACK_REFERENCE.match(sentence)
    if match is None:
        return False
    noun = match["noun"].lower().rstrip("s")
    return (
        len(noun) > 2 and re.search(rf"\b{re.escape(noun)}s?\b", before, re.IGNORECASE) is not None
    )


def _intends(sentence: str, before: str) -> bool:
    """A plan of its own, not one more sentence about the plan before it."""
    return bool(rules().planned.search(sentence)) and not _refers_back(sentence, before)


def _status(sentence: str, default: ActivityStatus, listed: bool = False) -> ActivityStatus:
    """Planned when the sentence says so. Under "Plans for the future" a list item is a plan;
    running text that says no plan tells what is done ("As a result, local government
    allocated a computer to the school")."""
    if rules().planned.search(sentence):
        return ActivityStatus.PLANNED
    if default == ActivityStatus.PLANNED and not listed:
        return ActivityStatus.CARRIED_OUT
    return default


def _enumerated(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Ranges and titles of the quoted titles a sentence enumerates, if it lists several."""
    sentence = text[start:end]
    listed = _ENUMERATION.search(sentence)
    if listed is None:
        return []
    quotes = list(_QUOTED.finditer(sentence, listed.end()))
    if len(quotes) < 2:
        return []
    return [(start + q.start(), start + q.end(), fold(q["title"])) for q in quotes]


# The end of a paragraph that ends a sentence: one that doesn't was cut by the page layout.
_ENDED = re.compile(r"[.!?:;\"”»)]\s*$")


def _blocks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """Paragraphs and list items; a paragraph cut mid-sentence is joined to the next."""
    blocks: list[tuple[int, int]] = []
    for first, end in paragraphs(lines, _ITEM_MARK):
        # A list item's wrapped tail starts in lower case ("sustainable and independent.").
        if (
            blocks
            and not _ITEM_MARK.match(lines[first])
            and not _ENDED.search(lines[blocks[-1][1] - 1])
            and (not _ITEM_MARK.match(lines[blocks[-1][0]]) or lines[first].lstrip()[:1].islower())
        ):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((first, end))
    return blocks


def _drafts(text: str, default: ActivityStatus) -> list[_Draft]:
    """The activities of one section, read from its text (captions already blanked)."""
    r = rules()
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    drafts: list[_Draft] = []
    aims = False  # inside a list whose introduction says it lists aims
    # Under "Plans for the future" each intention is its own activity.
    each_sentence = default == ActivityStatus.PLANNED
    for first, end in _blocks(lines):
        chunk = "\n".join(lines[first:end])
        base = starts[first]
        mark = _ITEM_MARK.match(chunk)
        listed = mark is not None
        if listed:  # the mark is no sentence of its own: blank it, keeping offsets
            chunk = " " * mark.end() + chunk[mark.end() :]
        else:
            aims = bool(r.aims_list.search(chunk.rstrip()))
        if MONEY.search(chunk) or (listed and (aims or r.result_item.match(chunk))):
            continue
        current: _Draft | None = None
        previous = ""
        for index, (s, e) in enumerate(partners.sentence_spans(chunk)):
            sentence, previous = fold(chunk[s:e]), fold(chunk[:s][-400:])
            if not sentence or (sentence.endswith(":") and not listed):
                continue
            span = (base + s, base + e)
            items = _enumerated(text, *span)
            if items:
                status = _status(sentence, default, listed)
                drafts += [_Draft([item], status, title, told_in=span) for *item, title in items]
                current = None
                continue
            opens = (listed and index == 0) or (
                _is_activity(sentence)
                and (
                    current is None
                    or _starts_new(sentence)
                    or (each_sentence and _intends(sentence, previous))
                )
            )
            if opens:
                current = _Draft(
                    [span], _status(sentence, default, listed), _quoted_title(sentence)
                )
                drafts.append(current)
            elif current is not None:
                current.ranges.append(span)
                if not current.title:
                    current.title = _quoted_title(sentence)
    return drafts


# --- from drafts to records ------------------------------------------------------------------


def _masked(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """The text with everything outside ``ranges`` blanked, newlines kept (so lines count)."""
    keep = bytearray(len(text))
    for start, end in ranges:
        keep[start:end] = b"\x01" * (end - start)
    return "".join(c if keep[i] or c == "\n" else " " for i, c in enumerate(text))


def _funders(masked: str, first_line: int, starts: Sequence[int]) -> list[ContributionRecord]:
    """Donors a funding cue says paid for the activity, each once, as contributions with no
    amount. A donor only named (a partner, a trainer's employer) is not a funder."""
    r = rules()
    found: dict[str, ContributionRecord] = {}
    donor = entities.alias_regex(Role.DONOR)
    for s, e in partners.sentence_spans(masked):
        sentence = masked[s:e]
        cue = r.funding.search(sentence)
        channels = [c.end() for c in r.channel.finditer(sentence)]
        for match in donor.finditer(sentence):
            after_cue = cue is not None and match.start() >= cue.start()
            funds = r.funding_after.match(sentence[match.end() :])
            # the nearest cue before it is a channel's: it carried the money, did not pay it
            carried = any(cue is not None and cue.end() <= end <= match.start() for end in channels)
            goods = _goods_given(sentence, match.start(), match.end())
            if not (after_cue or funds or goods is not None) or carried:
                continue
            entity = entities.resolve_donor(match.group())
            if entity is None or entity.key in found:
                continue
            found[entity.key] = ContributionRecord(
                PartyKind.DONOR,
                fold(match.group()),
                None,
                entities.span_of(starts, first_line, s + match.start(), s + match.end()),
                in_kind=goods or "",
            )
    found.update(_government_funders(masked, first_line, starts))
    # Funders the entity table does not list ("financed by the Nordic Solidarity Fund", "The
    # Embassy of Japan financed the project"): a new donor, of the kind its name says
    # (kind_rules.toml).
    for name, span in [
        *named_funders(masked.split("\n"), first_line),
        *_named_before_funding(masked, first_line, starts),
    ]:
        key = f"new:{name.lower()}"
        if key not in found and all(c.party.lower() != name.lower() for c in found.values()):
            found[key] = ContributionRecord(PartyKind.DONOR, name, None, span)
    return sorted(found.values(), key=lambda c: c.span.first_line)


def _goods_given(sentence: str, start: int, end: int) -> str | None:
    """The goods a party named at ``start:end`` gave, as printed ("" for money), when the
    sentence says it gave them: "UNDP provided computers", "equipment was donated by UNDP",
    "computers from UNDP". None when it does not (or the giving is only planned)."""
    r = rules()
    goods = r.goods.search(sentence)
    if goods is None or r.planned.search(sentence):
        return None
    given = fold(goods.group())
    kept = "" if r.money_goods.match(given.lower()) else given
    verb = r.giving.search(sentence, end)
    if verb is not None and verb.start() - end < 40:  # the party gave: "UNDP provided ..."
        return kept
    # "... was donated by UNDP", "computers from UNDP": goods or a verb come before it
    given_to_it = re.search(r"\b(?:by|from)\s+(?:the\s+)?$", sentence[:start])
    if given_to_it and (goods.end() <= start or r.giving.search(sentence[:start])):
        return kept
    return None


# "The Embassy of Japan financed the project": a proper name right before a funding verb.
_PAYER_BEFORE_VERB = re.compile(
    r"(?:^|(?<=[\s,;(]))(?:[Tt]he\s+)?(?P<party>[A-Z][\w'’-]*(?:\s+(?:of|for|and|de)?\s*"
    r"[A-Z][\w'’-]*){0,6})\s+(?:has\s+|have\s+|also\s+)?(?:co-?)?(?:financed|funded|sponsored)\b"
)


def _named_before_funding(
    masked: str, first_line: int, starts: Sequence[int]
) -> list[tuple[str, Span]]:
    found = []
    for match in _PAYER_BEFORE_VERB.finditer(masked):
        name = fold(match["party"])
        if parties.party_kind(name) == PartyKind.DONOR:
            span = entities.span_of(starts, first_line, match.start("party"), match.end("party"))
            found.append((name, span))
    return found


def _government_funders(
    masked: str, first_line: int, starts: Sequence[int]
) -> dict[str, ContributionRecord]:
    """Government bodies that paid, with money or goods, as contributions with no amount:
    "financed by the health department of the rayon" (money), "the regional Khukumat
    allocated a place for the school" (goods: a verb of giving and what was given)."""
    r = rules()
    found: dict[str, ContributionRecord] = {}
    for s, e in partners.sentence_spans(masked):
        sentence = masked[s:e]
        cue = r.government_funding.search(sentence)
        if cue is None or r.planned.search(sentence):
            continue
        goods = r.goods.search(sentence)
        financed = cue.group().lower().endswith("by")
        if not (financed or goods):
            continue
        bodies = partners.mentions(sentence)
        # The giver: who the verb is said of ("the Jamoat allocated"), or who follows it
        # ("was financed by X", "provided from the president's fund").
        before = [m for m in bodies if m.end <= cue.start() and cue.start() - m.end < 40]
        after = [
            m
            for m in bodies
            if m.start >= cue.end()
            and re.search(
                r"(?:^|\b(?:by|from|of))\s*(?:the\s+)?$"
                if financed
                else r"\b(?:by|from|of)\s+(?:the\s+)?$",
                sentence[cue.end() : m.start],
            )
        ]
        givers = after[:1] if financed or not before else before[-1:]
        for mention in givers:
            key = f"government:{mention.printed.lower()}"
            found.setdefault(
                key,
                ContributionRecord(
                    PartyKind.GOVERNMENT,
                    fold(sentence[mention.start : mention.end]),  # as printed
                    None,
                    entities.span_of(starts, first_line, s + mention.start, s + mention.end),
                    in_kind=fold(goods.group()) if goods and not financed else "",
                ),
            )
    return found


def _record(text: str, first_line: int, starts: Sequence[int], draft: _Draft) -> ProjectRecord:
    def lines_of(start: int, end: int) -> Span:
        return entities.span_of(starts, first_line, start, end)

    ranges = sorted(draft.ranges)
    told = [draft.told_in] if draft.told_in else ranges
    description = fold(_ITEM_MARK.sub("", " ".join(text[s:e] for s, e in told).lstrip(), count=1))
    opening = fold(_ITEM_MARK.sub("", text[slice(*ranges[0])].lstrip(), count=1))
    title = draft.title or _title(opening)
    # Only the activity's own lines are read again (the section's would cost time per activity).
    own = entities.span_of(starts, 1, told[0][0], told[-1][1])  # counted from 1
    low, high = own.first_line - 1, own.last_line - 1
    base = starts[low]
    masked = _masked(text[base : starts[high + 1] - 1], [(s - base, e - base) for s, e in told])
    own_starts = [start - base for start in starts[low : high + 2]]
    span = lines_of(ranges[0][0], ranges[-1][1])
    also = lines_of(*draft.told_in) if draft.told_in else span
    return ProjectRecord(
        title=truncate(title[:1].upper() + title[1:], TITLE_MAX),
        description=description,
        span=span,
        years=printed_years(masked),
        status=draft.status,
        contributions=tuple(_funders(masked, first_line + low, own_starts)),
        partners=tuple(partners.collaborations(masked.split("\n"), first_line + low)),
        also_cited=(also,) if also != span else (),
    )


# A lead-in that says when, how or in what order, not what: "In addition, ...", "With the
# assistance of the centre, ...", "In 2002-2003 ...", "From 2003 to the present, ...".
_LEAD_IN = re.compile(
    r"^(?:(?:in\s+addition|also|moreover|besides|then|after\s+this|for\s+example|initially|"
    r"as\s+a\s+(?:result|whole)|at\s+(?:first|the\s+beginning)|in\s+(?:total|general)|"
    r"(?:in|on|at|for|from|since|during|by|until|till|within|with|through|thanks\s+to|under|"
    r"after|also|except\s+for|apart\s+from|as\s+a\s+result\s+of|according\s+to|"
    r"in\s+(?:cooperation|partnership)\s+with)\b[^,;:]{0,90})\s*,\s*"
    r"|(?:in|from|since|during)\s+\d{4}(?:\s*[-–]\s*\d{4})?\s+(?=[a-z]*\s*[A-Z]|the\b))",
    re.IGNORECASE,
)


# Where a title stops naming the activity: who paid for it or took part.
_TITLE_END = re.compile(
    r"\s+(?:with|through|thanks\s+to|under)\s+(?:the\s+)?(?:\w+\s+)?(?:support|assistance|help)\b"
    r"|\s+(?:co-?)?(?:financed|funded|sponsored)\s+by\b"
    r"|\s+(?:together|along|jointly)\s+with\b"
    r"|\s+in\s+(?:close\s+)?(?:cooperation|partnership|collaboration)\s+with\b",
    re.IGNORECASE,
)


def _title(body: str) -> str:
    """A short title from an activity's first sentence, past its lead-ins and dates."""
    text = _LEADING_DATE.sub("", body)
    text = _TITLE_END.split(text, maxsplit=1)[0]
    for _ in range(3):
        shorter = _LEAD_IN.sub("", text, count=1)
        if shorter == text or len(shorter.split()) < 3:
            break
        text = shorter
    title = make_title(text, listed=True)
    if len(re.findall(r"[^\W\d_]{2,}", title)) < 2:  # a lead-in or a number, not a name
        title = truncate(fold(text), TITLE_MAX)
    return title


def _retold_into(first: ProjectRecord, again: ProjectRecord) -> ProjectRecord:
    """``first`` citing the lines of ``again`` too, with what only ``again`` names."""
    paying = {c.party for c in first.contributions}
    partnering = {p.name for p in first.partners}
    return replace(
        first,
        also_cited=(*first.also_cited, again.span, *again.also_cited),
        contributions=first.contributions
        + tuple(c for c in again.contributions if c.party not in paying),
        partners=first.partners + tuple(p for p in again.partners if p.name not in partnering),
        years=tuple(sorted({*first.years, *again.years})),
    )


def _section_of(span: Span, section_spans: Mapping[str, Span]) -> str:
    return next(
        (n for n, s in section_spans.items() if s.first_line <= span.first_line <= s.last_line),
        "",
    )


def merge_retold(
    projects: Sequence[ProjectRecord], section_spans: Mapping[str, Span]
) -> list[ProjectRecord]:
    """One project per activity told twice: a later telling in another section joins the
    first when it repeats its quoted title ("Clean hands" in the list and in achievements).
    Only activities without money join; a money project is never merged away. (Sharing
    rare words was tried and joined distinct activities: results told of several at once.)"""
    ordered = sorted(projects, key=lambda p: p.span.first_line)
    kept: list[int] = []
    result: dict[int, ProjectRecord] = {}
    for j, record in enumerate(ordered):
        target = None
        if record.total is None and not any(c.money for c in record.contributions):
            section = _section_of(record.span, section_spans)
            key = _title_key(record.title)
            for i in kept:
                if _section_of(ordered[i].span, section_spans) == section:
                    continue
                if len(key) > 8 and key == _title_key(ordered[i].title):
                    target = i
                    break
        if target is None:
            kept.append(j)
            result[j] = record
        else:
            result[target] = _retold_into(result[target], record)
    return [result[i] for i in kept]


def narrative_activities(
    lines: Sequence[str], section_spans: Mapping[str, Span]
) -> list[ProjectRecord]:
    """The activities without a printed amount told in a case study's narrative sections;
    ``lines`` are the whole document's (line n is lines[n - 1])."""
    records: list[ProjectRecord] = []
    for name, status in rules().sections.items():
        span = section_spans.get(name)
        if span is None:
            continue
        # The heading line is the section's first: blank it so it joins no paragraph.
        section = ["", *partners.blank_non_text(lines[span.first_line : span.last_line])]
        text = "\n".join(section)
        starts = [0]
        for line in section:
            starts.append(starts[-1] + len(line) + 1)
        records += [
            _record(text, span.first_line, starts, draft) for draft in _drafts(text, status)
        ]
    return records


def with_named_funders(project: ProjectRecord, lines: Sequence[str]) -> ProjectRecord:
    """A money project plus the donors its paragraph says funded it without printing their
    amount ("The project was financed by X" beside another party's figure)."""
    chunk = list(lines[project.span.first_line - 1 : project.span.last_line])
    text = "\n".join(chunk)
    starts = [0]
    for line in chunk:
        starts.append(starts[-1] + len(line) + 1)

    def who(party: str) -> str:
        entity = entities.resolve_donor(party)
        return entity.key if entity is not None else party.lower()

    paying = {who(c.party) for c in project.contributions}
    named = [
        c for c in _funders(text, project.span.first_line, starts) if who(c.party) not in paying
    ]
    if not named:
        return project
    return replace(project, contributions=project.contributions + tuple(named))


def extract_activities(
    lines: Sequence[str], case_span: Span, section_spans: Mapping[str, Span]
) -> tuple[ProjectRecord, ...]:
    """A case study's projects in the order the text tells them: its money projects
    (``funding.extract_projects``) and the activities without a printed amount."""
    own = lines[case_span.first_line - 1 : case_span.last_line]
    money = [with_named_funders(p, lines) for p in extract_projects(own, case_span.first_line)]
    told = narrative_activities(lines, section_spans)
    return tuple(merge_retold([*money, *told], section_spans))

"""Parse the 2007 book "CSOs and Government: Development of Collaboration".

The book is plain text extracted from a PDF: a table of contents groups the case
studies by region (an organisation line, then a title line with a dotted leader and
a page number), and the body prints each case study as a title, an optional
organisation line, headed sections and a contact block. Spelling, quotes, dashes and
case differ between the table of contents and the body, so body titles are found by
fuzzy matching, in table-of-contents order.

Everything here is pure: text in, ``records`` dataclasses out. Text is kept as
printed; only whitespace is folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from catalogue.core.dates import MONTHS, PartialDate
from catalogue.core.text import Span, fold, lines_of, words
from catalogue.core.vocabulary import DocumentKind
from catalogue.importers.records import CaseStudyRecord, Contact, ParsedDocument, ParseError

# A body line (or two consecutive lines) must be at least this similar, word by word,
# to the table-of-contents title. The loosest real pair in the book scores 0.78
# ("MTS – for the benefit of ..." vs "MTS – improving the lives of ..."); the best
# wrong line elsewhere in the body scores 0.67.
TITLE_MATCH_THRESHOLD = 0.7
# Titles start with a capital or an opening quote; wrapped prose lines rarely do.
_TITLE_START = re.compile(r"\s*[\"“«A-Z]")

# This many lines without a dotted leader means the table of contents is over
# (the longest real run is region + organisation + a title wrapped onto two lines).
_TOC_MAX_PENDING = 5

_TOC_HEADING = re.compile(r"\s*(?:table\s+of\s+)?contents\s*", re.IGNORECASE)
# "Title ……… 7", "Title … … ..18", "... of village..50"
# The leader is searched for, not matched after a lazy ``(?P<text>.*?)``: that form retried the
# leader from every character of the line, quadratic in its length (13 s for 32,000 dots).
# The look-behind starts a try only where a run of leader characters starts, so each
# character is looked at a bounded number of times; the text is what comes before the leader.
_TOC_LEADER = re.compile(r"(?<![\s.…])(?P<leader>[\s.…]+)(?P<page>\d{1,3})\s*\Z")
_PAGE_NUMBER = re.compile(r"\s*\d{1,3}\s*")


# Region group labels as the book prints them, mapped to the catalogue's names.
@dataclass(frozen=True)
class RegionGroup:
    """A heading the table of contents groups case studies under."""

    name: str  # the catalogue's name for the group, e.g. "Dushanbe and RRS"
    pattern: re.Pattern[str]  # the printed label, normalised (see ``_norm``)
    places: tuple[str, ...]  # the gazetteer regions the group covers


# "Dushanbe and RRS" is two regions; which one is decided from each organisation's address.
REGION_GROUPS: tuple[RegionGroup, ...] = (
    RegionGroup("Dushanbe and RRS", re.compile(r"dushanbe(?: and rrs)?|rrs"), ("dushanbe", "rrs")),
    RegionGroup(
        "Soghd", re.compile(r"(?:soghd|sughd|sogd)(?: oblast| region| province)?"), ("sughd",)
    ),
    RegionGroup("Khatlon", re.compile(r"khatlon(?: oblast| region| province)?"), ("khatlon",)),
    RegionGroup(
        "GBAO",
        re.compile(r"gbao|(?:gorno )?badakhshan(?: autonomous)?(?: oblast| region)?"),
        ("gbao",),
    ),
)


_SECTION_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("summary", re.compile(r"summary")),
    ("general_information", re.compile(r"general (?:information|data)")),
    ("background", re.compile(r"background")),
    ("activity", re.compile(r"activit(?:y|ies)")),
    (
        "achievements",
        re.compile(
            r"achievements(?: and key factors for (?:successful cooperation|success))?"
            r"|key factors for success"
        ),
    ),
    ("plans", re.compile(r"plans(?: for the future)?")),
    ("conclusion", re.compile(r"conclusions?|general comments,? conclusions?")),
)

_CONTACT_HEADING = re.compile(r"\s*contacts?(?:\s+information)?\s*:?\s*", re.IGNORECASE)

# Contact labels. At the start of a line the separator may be ":", "." or "-"
# ("Phone. (Jamoat: ...)", "Adres- Roshtkala", "Head -Navruz ..."); inside a line only
# "Label:" counts ("... 10/1 ¬17 Tel.: ...", "Chairman: Address: GBAO").
_LABELS = {
    "organization": "org",
    "organisation": "org",
    "head": "head",
    "heads": "head",
    "head of vo": "head",
    "chairman": "head",
    "chairperson": "head",
    "director": "head",
    "address": "address",
    "adres": "address",
    "tel": "phone",
    "phone": "phone",
    "fax": "fax",
    "e-mail": "email",
    "email": "email",
    "website": "web",
    "web site": "web",
    "web": "web",
}
_LABEL_WORDS = "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
_START_LABEL = re.compile(rf"\s*(?P<label>{_LABEL_WORDS})\s*[.:\-–]+\s*", re.IGNORECASE)
_INLINE_LABEL = re.compile(
    r"\b(?P<label>address|adres|tel|phone|fax|e-?mail)\.?:\s*", re.IGNORECASE
)
# A number label qualified by whose number it is, at a line start or inside a line:
# "Phone (Jamoat): 2-12-12", "Phone. (Jamoat: 21-1-39)", "Tel (mob.): 93 ...". In the second
# form the number sits inside the brackets, whose closing bracket is dropped with it.
_QUALIFIED_LABEL = re.compile(
    r"\b(?P<label>tel|phone|fax)\.?\s*\(\s*(?P<whose>[^():]+?)\s*"
    r"(?:\)\s*[.:\-–]+|(?P<inside>:))\s*",
    re.IGNORECASE,
)
# Qualifiers that say which of the organisation's own numbers it is; any other qualifier
# names another party ("Jamoat", "school", "hukumat"), whose number is not the organisation's.
_OWN_NUMBER_KINDS = frozenset(
    {"mob", "mobile", "cell", "cellular", "office", "home", "work", "fax", "tel", "landline"}
)
# Another party's number: read, so that it ends the field before it, then dropped.
_OTHER_PARTY = "other party"
_HEAD_OF = re.compile(r"\s*head of\s+(?P<rest>.*)", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_WEBSITE = re.compile(r"(?:https?://|www\.)[^\s,;]+", re.IGNORECASE)

# Month names are matched capitalised only, so the verb "may" is never a month.
_MONTH = "(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)\b"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
# Alternatives in order of precedence at one position; the leftmost match wins.
_DATE = re.compile(
    "|".join(
        (
            # 09.06.2004, 2.05.2000 (day first)
            r"\b" + _DAY.format("dd") + r"\." + r"(?P<dm>[01]?\d)\." + _YEAR.format("dy"),
            # December 3rd, 1999 / May 9th 1990
            r"\b"
            + _MONTH.format("mm")
            + r"\s+"
            + _DAY.format("md")
            + r",?\s+"
            + _YEAR.format("my"),
            # 14 October, 1991
            r"\b"
            + _DAY.format("xd")
            + r"\s+"
            + _MONTH.format("xm")
            + r",?\s+"
            + _YEAR.format("xy"),
            # June, 1998 / August 2002
            r"\b" + _MONTH.format("om") + r",?\s+" + _YEAR.format("oy"),
            # 1999
            r"\b" + _YEAR.format("yy"),
        )
    )
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“«(])")
_AUX = r"(?:was|were|is|are|been|be)\s+"
# A founding verb counts only in the passive ("X was created ..."), so an organisation
# that "has established partnership" is not read as a founding statement.
_FOUNDED_VERB = re.compile(rf"\b{_AUX}(?:\w+\s+)?(?P<verb>created|formed|established|founded)\b")
_FOUNDING = r"(?P<verb>created|formed|established|founded)"
# Two more founding forms, neither of which can be a partnership "established":
# a participle opening a clause and followed by its date ("Founded in 1996, the centre ...",
# "VO Sino, created on 4.04.2003, ..."), and an active verb whose object is an organisation
# ("In 2001 the villagers formed a village organization", "women founded the association").
# The active form needs founders for a subject: when an organisation is the subject ("the
# NGO ... created a centre for youth"), it is that organisation's activity, not its founding.
_FOUNDED_PARTICIPLE = re.compile(
    rf"(?:^|[,(]\s*){_FOUNDING}(?=\s+(?:in|on)\s+[\dA-Z])", re.IGNORECASE
)
_ORGANISATION_WORD = (
    r"(?:organi[sz]ations?|associations?|VOs?|NGOs?|cent(?:re|er)s?|unions?|societ(?:y|ies)"
    r"|clubs?|foundations?|CSOs?)"
)
_FOUNDED_ACTIVE = re.compile(
    rf"\b{_FOUNDING}\s+(?:(?:a|an|the|their|its|our)\s+)?(?:[\w\-“”\"«»]+\s+){{0,3}}?"
    rf"{_ORGANISATION_WORD}\b"
)
_ORGANISATION_SUBJECT = re.compile(rf"\b{_ORGANISATION_WORD}\b", re.IGNORECASE)
# A body named after "on the basis of" is the organisation's predecessor: "NABW X was created
# on the basis of the group X which was formed in 1992" dates the group, not the association
# ("on the basis of the decision of the meeting on 5.05.2003" names no body and stays).
_PREDECESSOR = re.compile(
    r"\b(?:on the basis of|based on|grew out of|out of|(?:as )?(?:a |the )?successor (?:of|to))"
    r"\s+(?:(?:the|a|an|its|their)\s+)?(?:[\w\-“”\"«»]+\s+){0,3}?"
    rf"(?:groups?|programmes?|projects?|{_ORGANISATION_WORD})\b",
    re.IGNORECASE,
)
# A day and month printed without a year ("formed on August 31st and registered ... on
# 14 October, 1991"): the clause shares the year of the next full date in the sentence.
_YEARLESS_DATE = re.compile(
    r"\b(?:"
    + _MONTH.format("am")
    + r"\s+"
    + _DAY.format("ad")
    + r"|"
    + _DAY.format("bd")
    + r"\s+"
    + _MONTH.format("bm")
    + r")(?!,?\s*(?:19|20)\d\d)\b"
)
_NOT_REGISTERED = re.compile(
    r"\b(?:not|never)\s+(?:been\s+)?registered\b|\bunregistered\b|\bno legal status\b",
    re.IGNORECASE,
)
_REGISTERED_VERB = re.compile(r"(?<!not )(?<!re-)\bregistered\b", re.IGNORECASE)
_REREGISTERED_VERB = re.compile(r"\bre-registered\b", re.IGNORECASE)
# "registered" also means "on the books" ("children who are registered in law
# enforcement bodies"): it counts after an auxiliary or before "in/by/with the ...".
_REGISTRATION_CONTEXT = re.compile(rf"{_AUX}(?:\w+\s+)?$")
_REGISTRATION_FOLLOW = re.compile(
    r"\s+(?:in|by|with)\s+(?:the\s+)?(?:ministry|department|judicial)", re.I
)


@dataclass(frozen=True)
class TocEntry:
    """One case study as the table of contents lists it."""

    organisation: str
    title: str
    region: str  # one of the catalogue's four names
    line: int  # the line with the page number


@dataclass(frozen=True)
class Toc:
    heading_line: int
    last_line: int  # the last line with a dotted leader
    entries: tuple[TocEntry, ...]
    region_labels: frozenset[str]  # group labels as printed, normalised
    back_matter: tuple[str, ...]  # items listed after the last case study


# -- small helpers -----------------------------------------------------------------


def _norm(text: str) -> str:
    """A label compared by its words alone: case, quotes and punctuation folded."""
    return " ".join(words(text))


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_page_number(line: str) -> bool:
    return _PAGE_NUMBER.fullmatch(line) is not None


def _is_filler(line: str) -> bool:
    return _is_blank(line) or _is_page_number(line)


def canonical_region(label: str) -> str | None:
    """The catalogue's name for a printed region group label, or None."""
    normal = _norm(label)
    return next((group.name for group in REGION_GROUPS if group.pattern.fullmatch(normal)), None)


def region_group_places(name: str) -> tuple[str, ...]:
    """The gazetteer regions of a region group's name (empty for an unknown name)."""
    return next((group.places for group in REGION_GROUPS if group.name == name), ())


# -- dates -------------------------------------------------------------------------


def _date_from_match(m: re.Match[str]) -> PartialDate | None:
    groups = m.groupdict()
    if groups["dy"]:
        year, month, day = int(groups["dy"]), int(groups["dm"]), int(groups["dd"])
    elif groups["my"]:
        year, month, day = int(groups["my"]), MONTHS[groups["mm"]], int(groups["md"])
    elif groups["xy"]:
        year, month, day = int(groups["xy"]), MONTHS[groups["xm"]], int(groups["xd"])
    elif groups["oy"]:
        return PartialDate(int(groups["oy"]), MONTHS[groups["om"]])
    else:
        return PartialDate(int(groups["yy"]))
    try:
        date(year, month, day)
    except ValueError:
        return None  # "31.02.2005" is a misprint we cannot resolve, not a date
    return PartialDate(year, month, day)


def find_dates(text: str) -> list[tuple[PartialDate, int, int]]:
    """Every date phrase in text with its start and end offsets, left to right."""
    found = []
    for m in _DATE.finditer(text):
        parsed = _date_from_match(m)
        if parsed is not None:
            found.append((parsed, m.start(), m.end()))
    return found


def parse_date_phrase(text: str) -> PartialDate | None:
    """The first date in a phrase such as "on December 3rd, 1999" or "in 19.06.2003".

    Dotted dates are day first; a month or a day without a year is not a date.
    """
    dates = find_dates(text)
    return dates[0][0] if dates else None


# -- table of contents -------------------------------------------------------------


def _find_toc_heading(lines: tuple[str, ...]) -> int | None:
    for number, line in enumerate(lines, start=1):
        if _TOC_HEADING.fullmatch(line):
            return number
    return None


def _leader_text(line: str) -> str | None:
    """The text of a table-of-contents entry line ("Title ……… 7"), or None for another line."""
    m = _TOC_LEADER.search(line)
    if m is None or not line[: m.start()].strip():
        return None
    leader = m["leader"]
    # At least two dots or one ellipsis: "Soghd Oblast ." and "Section 5" are no leaders.
    return line[: m.start()] if leader.count(".") + 2 * leader.count("…") >= 2 else None


def parse_toc(lines: tuple[str, ...]) -> Toc:
    """Read the table of contents: region groups, then organisation + title entries."""
    heading = _find_toc_heading(lines)
    if heading is None:
        raise ParseError("no table of contents found")
    entries: list[TocEntry] = []
    back_matter: list[str] = []
    labels: set[str] = set()
    region: str | None = None
    pending: list[str] = []
    last_leader: int | None = None
    for number in range(heading + 1, len(lines) + 1):
        line = lines[number - 1]
        if _is_filler(line):
            continue
        entry_text = _leader_text(line)
        if entry_text is None:
            pending.append(fold(line))
            if len(pending) >= _TOC_MAX_PENDING:
                break
            continue
        last_leader = number
        rest: list[str] = []
        for text in pending:
            canonical = canonical_region(text) if not rest else None
            if canonical is not None:
                region = canonical
                labels.add(_norm(text))
            else:
                rest.append(text)
        pending = []
        title = fold(" ".join([*rest[1:], entry_text]))
        if not rest:  # no organisation line: preface, introduction, conclusion, ...
            if entries:
                back_matter.append(title)
            continue
        if region is None:
            raise ParseError(f"table of contents lists {rest[0]!r} outside any region group")
        entries.append(TocEntry(rest[0], title, region, number))
    if last_leader is None or not entries:
        raise ParseError("the table of contents lists no case studies")
    return Toc(heading, last_leader, tuple(entries), frozenset(labels), tuple(back_matter))


def looks_like_book(text: str) -> bool:
    """True if the text has a table of contents with region groups and case studies."""
    try:
        parse_toc(lines_of(text))
    except ParseError:
        return False
    return True


# -- body --------------------------------------------------------------------------


def _find_title(
    lines: tuple[str, ...], line_words: list[list[str]], start: int, title: str
) -> tuple[int, int, float] | None:
    """The best-matching line, or pair of consecutive lines, at or after line start.

    Returns (first_line, last_line, score); ties go to the earliest line.
    """
    target = words(title)
    best: tuple[int, int, float] | None = None
    limit = 2 * len(target) + 6  # a paragraph line is never a title
    for number in range(start, len(lines) + 1):
        one = line_words[number - 1]
        if not one or len(one) > limit or not _TITLE_START.match(lines[number - 1]):
            continue
        candidates = [(number, one)]
        if number < len(lines) and line_words[number]:
            candidates.append((number + 1, one + line_words[number]))
        for last, candidate in candidates:
            matcher = SequenceMatcher(None, target, candidate, autojunk=False)
            # the first match must reach the threshold, a later one must beat the best
            floor = best[2] if best else TITLE_MATCH_THRESHOLD
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score >= floor and (best is None or score > best[2]):
                best = (number, last, score)
    return best


def _is_region_label(line: str, toc: Toc) -> bool:
    return bool(line.strip()) and _norm(line) in toc.region_labels


def _trim_end(lines: tuple[str, ...], first: int, last: int, toc: Toc) -> int:
    """Drop trailing blank, page-number and region-group lines."""
    while last > first and (_is_filler(lines[last - 1]) or _is_region_label(lines[last - 1], toc)):
        last -= 1
    return last


def _contact_heading(lines: tuple[str, ...], first: int, last: int) -> int | None:
    found = None
    for number in range(first, last + 1):
        if _CONTACT_HEADING.fullmatch(lines[number - 1]):
            found = number
    return found


def _is_back_matter(line: str, toc: Toc) -> bool:
    normal = _norm(line)
    if not normal or len(normal.split()) > 8:
        return False
    # "Conclusions and the general recommendations" prints "General recommendations"
    return any(item and f" {item}" in f" {normal}" for item in (_norm(i) for i in toc.back_matter))


def _last_extent_end(lines: tuple[str, ...], title_last: int, toc: Toc) -> int:
    """Where the last case study ends: before the book's own back matter."""
    contact = _contact_heading(lines, title_last + 1, len(lines))
    search_from = contact if contact is not None else title_last + 1
    for number in range(search_from + 1, len(lines) + 1):
        if _is_back_matter(lines[number - 1], toc):
            return number - 1
    if contact is not None:
        return _contact_block_end(lines, contact, len(lines))
    return len(lines)


def _contact_block_end(lines: tuple[str, ...], heading: int, limit: int) -> int:
    last = heading
    for number in range(heading + 1, limit + 1):
        if _is_blank(lines[number - 1]):
            break
        last = number
    return last


# -- sections ----------------------------------------------------------------------


def section_key(line: str) -> str | None:
    """The section a heading line opens ("General data" -> general_information)."""
    text = fold(line).rstrip(" :").lower()
    if not text or len(text) > 70:
        return None
    for key, pattern in _SECTION_HEADINGS:
        if pattern.fullmatch(text):
            return key
    return None


# A line that opens a list item: "1. ", "2) ", "3.3 ", "• ", "- ".
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})?[.)]?\s|[•\-–]\s)")


def paragraphs(lines: tuple[str, ...], first: int, last: int) -> str:
    """Lines first..last as paragraphs, whitespace folded.

    A paragraph ends at a blank line, and before a line that opens a list item: the book
    numbers a case study's projects inline ("1. … 2. …"), one item per line start.
    """
    result: list[str] = []
    current: list[str] = []
    for number in range(first, last + 1):
        line = lines[number - 1]
        if _is_page_number(line):
            continue
        if _is_blank(line) or (current and _LIST_ITEM.match(line)):
            if current:
                result.append(fold(" ".join(current)))
                current = []
            if _is_blank(line):
                continue
        current.append(line)
    if current:
        result.append(fold(" ".join(current)))
    return "\n\n".join(result)


def _last_text_line(lines: tuple[str, ...], first: int, last: int) -> int:
    while last > first and _is_filler(lines[last - 1]):
        last -= 1
    return last


def parse_sections(
    lines: tuple[str, ...], first: int, last: int
) -> tuple[dict[str, str], dict[str, Span]]:
    """Headed sections between lines first and last.

    A heading that repeats a key ("Achievements", then "Key factors for success")
    continues that section; its heading line is kept as a paragraph of the text.
    """
    headings = [
        (number, key)
        for number in range(first, last + 1)
        if (key := section_key(lines[number - 1])) is not None
    ]
    texts: dict[str, list[str]] = {}
    spans: dict[str, Span] = {}
    for index, (number, key) in enumerate(headings):
        end = headings[index + 1][0] - 1 if index + 1 < len(headings) else last
        end = _last_text_line(lines, number, end)
        body = paragraphs(lines, number + 1, end)
        if key in texts:
            texts[key].append(fold(lines[number - 1]))
            previous = spans[key]
            spans[key] = Span(previous.first_line, max(previous.last_line, end))
        else:
            texts[key] = []
            spans[key] = Span(number, end)
        if body:
            texts[key].append(body)
    return {key: "\n\n".join(parts) for key, parts in texts.items()}, spans


# -- contacts ----------------------------------------------------------------------


def _qualified_field(m: re.Match[str]) -> str:
    """The field of a qualified number label: the organisation's own, or another party's."""
    whose = fold(m["whose"]).rstrip(".").lower()
    return _LABELS[m["label"].lower()] if whose in _OWN_NUMBER_KINDS else _OTHER_PARTY


@dataclass(frozen=True)
class _Label:
    field: str
    start: int
    end: int
    bracketed: bool  # "Phone. (Jamoat: 21-1-39)": the value ends with the closing bracket


def _qualified(m: re.Match[str], offset: int = 0) -> _Label:
    return _Label(_qualified_field(m), m.start() + offset, m.end() + offset, bool(m["inside"]))


def _next_label(line: str, pos: int) -> _Label | None:
    """The next label inside a line at or after pos."""
    found = []
    if (qualified := _QUALIFIED_LABEL.search(line, pos)) is not None:
        found.append(_qualified(qualified))
    if (inline := _INLINE_LABEL.search(line, pos)) is not None:
        name = inline["label"].lower()
        field = _LABELS["e-mail" if name.startswith("e") else name]
        found.append(_Label(field, inline.start(), inline.end(), False))
    return min(found, key=lambda label: label.start, default=None)


def _first_label(line: str) -> _Label | None:
    indent = len(line) - len(line.lstrip())
    if (qualified := _QUALIFIED_LABEL.match(line, indent)) is not None:
        return _qualified(qualified)
    if (start := _START_LABEL.match(line)) is not None:
        return _Label(_LABELS[start["label"].lower()], start.start(), start.end(), False)
    return None


def _label_segments(line: str) -> list[tuple[str | None, str]]:
    """Split a contact line into (field, text) pieces; field None continues the last."""
    segments: list[tuple[str | None, str]] = []
    label = _first_label(line)
    field, pos, bracketed = (label.field, label.end, label.bracketed) if label else (None, 0, False)
    while True:
        following = _next_label(line, pos)
        text = line[pos : following.start if following else len(line)]
        segments.append((field, text.rstrip().removesuffix(")") if bracketed else text))
        if following is None:
            return segments
        field, pos, bracketed = following.field, following.end, following.bracketed


def _head_of(rest: str, organisation: str) -> str:
    """The name in "Head of CSSC Kalam - Buribekov B." or "Head of VO Dasht Pahlavonbekov F"."""
    sep = re.search(r"\s+[-–]\s*|\s*:\s*", rest)
    if sep is not None:
        return rest[sep.end() :]
    if organisation and _norm(rest).startswith(_norm(organisation)):
        # no separator: skip as many words as the organisation's name has
        return " ".join(rest.split()[len(organisation.split()) :])
    return rest


def _items(pieces: list[str]) -> tuple[str, ...]:
    """Phone or fax numbers as printed: split on commas and semicolons."""
    found = []
    for piece in pieces:
        for item in re.split(r"[,;]", piece):
            item = fold(item).rstrip(" .")
            if item and "@" not in item and re.search(r"\d", item):
                found.append(item)
    return tuple(found)


def _clean(pieces: list[str]) -> str:
    # a dangling separator at the end of a printed field is not part of its value
    return fold(" ".join(pieces)).rstrip(" ,;")


# Names and initials are capitalised; a lowercase word after the last of them ("Head:
# Nurova Lola the") is a stray word of the extracted text, not part of the name.
_TRAILING_LOWERCASE = re.compile(r"(?:\s+[a-z][a-z'’]*)+\s*$")


def _head_names(pieces: list[str]) -> str:
    return _TRAILING_LOWERCASE.sub("", _clean(pieces))


def parse_contact(lines: tuple[str, ...], heading: int, last: int, organisation: str) -> Contact:
    """The contact block from its heading line to the last line of the block."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for number in range(heading + 1, last + 1):
        line = lines[number - 1]
        head_of = _HEAD_OF.fullmatch(line)
        if head_of is not None and not _START_LABEL.match(line):
            current = "head"
            fields.setdefault(current, []).append(_head_of(head_of["rest"], organisation))
            continue
        for field, text in _label_segments(line):
            current = field or current or "org"
            fields.setdefault(current, []).append(text)
    block = "\n".join(lines[heading - 1 : last])
    return Contact(
        head=_head_names(fields.get("head", [])),
        address=_clean(fields.get("address", [])),
        phones=_items(fields.get("phone", [])),
        faxes=_items(fields.get("fax", [])),
        emails=tuple(dict.fromkeys(_EMAIL.findall(block))),
        website=next((w.rstrip(".") for w in _WEBSITE.findall(block)), ""),
        span=Span(heading, last),
    )


# -- founded / registered ------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s for paragraph in text.split("\n\n") for s in _SENTENCE_END.split(fold(paragraph))]


def _founding_verbs(sentence: str) -> list[tuple[str, int, int]]:
    """Founding verbs before any predecessor clause, in any of the three forms."""
    cut = m.start() if (m := _PREDECESSOR.search(sentence)) else len(sentence)
    starts: dict[int, int] = {}
    for pattern in (_FOUNDED_VERB, _FOUNDED_PARTICIPLE, _FOUNDED_ACTIVE):
        for m in pattern.finditer(sentence, 0, cut):
            if pattern is _FOUNDED_ACTIVE and _ORGANISATION_SUBJECT.search(sentence[: m.start()]):
                continue
            starts.setdefault(m.start("verb"), m.end("verb"))
    return [("founded", start, end) for start, end in starts.items()]


def _verbs(sentence: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of founding and registration verbs, left to right."""
    found = _founding_verbs(sentence)
    for m in _REREGISTERED_VERB.finditer(sentence):
        found.append(("reregistered", m.start(), m.end()))
    for m in _REGISTERED_VERB.finditer(sentence):
        before, after = sentence[: m.start()], sentence[m.end() :]
        if _REGISTRATION_CONTEXT.search(before) or _REGISTRATION_FOLLOW.match(after):
            found.append(("registered", m.start(), m.end()))
    return sorted(found, key=lambda verb: verb[1])


def _yearless_date(text: str, later: list[tuple[PartialDate, int, int]]) -> PartialDate | None:
    """A day and month without a year, dated by the next full date after it when that one
    falls later in the same year ("August 31st ... 14 October, 1991" is 31.08.1991)."""
    m = _YEARLESS_DATE.search(text)
    if m is None or not later:
        return None
    month = MONTHS[m["am"] or m["bm"]]
    day = int(m["ad"] or m["bd"])
    following = later[0][0]
    if following.month is None or month > following.month:
        return None
    try:
        date(following.year, month, day)
    except ValueError:
        return None
    return PartialDate(following.year, month, day)


def _verb_dates(sentence: str) -> list[tuple[str, PartialDate]]:
    """Each verb's date: the first date after it (up to the next verb); failing that,
    for the sentence's first verb only, the date nearest before it ("In 1999 ... was
    formed", "On April 24th, 2006 the Society re-registered"); failing that, a day and
    month without a year that the sentence's next full date dates."""
    verbs = _verbs(sentence)
    cut = m.start() if (m := _PREDECESSOR.search(sentence)) else len(sentence)
    result = []
    for index, (kind, start, end) in enumerate(verbs):
        stop = verbs[index + 1][1] if index + 1 < len(verbs) else len(sentence)
        if kind == "founded":
            stop = min(stop, max(cut, end))
        after = find_dates(sentence[end:stop])
        if after:
            result.append((kind, after[0][0]))
        elif index == 0 and (before := find_dates(sentence[:start])):
            result.append((kind, before[-1][0]))
        elif yearless := _yearless_date(sentence[end:stop], find_dates(sentence[stop:])):
            result.append((kind, yearless))
    return result


def registration_facts(text: str) -> tuple[PartialDate | None, PartialDate | None, bool]:
    """(founded, registered, not_registered) as stated in a summary or general information.

    The first stated date of each kind wins; a re-registration date stands in for the
    registration only when no first registration is stated.
    """
    firsts: dict[str, PartialDate] = {}
    for sentence in _sentences(text):
        for kind, when in _verb_dates(sentence):
            firsts.setdefault(kind, when)
    not_registered = _NOT_REGISTERED.search(fold(text)) is not None
    registered = None if not_registered else firsts.get("registered", firsts.get("reregistered"))
    return firsts.get("founded"), registered, not_registered


# -- the book ----------------------------------------------------------------------


def _cover_title(lines: tuple[str, ...], before: int) -> str:
    """The first run of text lines: the cover title, with shouted words un-shouted."""
    run: list[str] = []
    for line in lines[: before - 1]:
        if _is_filler(line):
            if run:
                break
            continue
        run.append(line)
    title = fold(" ".join(run))
    # "CSOs and GOVERNMENT:" - all-caps words are cover typography, acronyms are short
    return re.sub(r"\b[A-Z]{5,}\b", lambda m: m.group().capitalize(), title)


def _publisher_and_year(lines: tuple[str, ...], before: int) -> tuple[str, int | None]:
    front = lines[: before - 1]
    for line in front:
        m = re.fullmatch(r"\s*(?:©|\(c\)|c)\s+(?P<who>.+?),\s*(?P<year>(?:19|20)\d\d)\s*", line)
        if m:
            return fold(m["who"]), int(m["year"])
    text = fold(" ".join(front))
    m = re.search(r"prepared by (?:the )?(?P<who>[A-Z][^,.]*?)(?: with\b|[,.])", text)
    year = re.search(r"\b[A-Z][a-z]+:? ((?:19|20)\d\d)\b", text)
    return (m["who"] if m else ""), (int(year[1]) if year else None)


@dataclass(frozen=True)
class _Located:
    entry: TocEntry
    title_first: int
    title_last: int


def _locate_titles(lines: tuple[str, ...], toc: Toc) -> list[_Located]:
    line_words = [words(line) for line in lines]
    located: list[_Located] = []
    start = toc.last_line + 1
    for number, entry in enumerate(toc.entries, start=1):
        found = _find_title(lines, line_words, start, entry.title)
        if found is None:
            raise ParseError(
                f"case study {number} {entry.title!r} ({entry.organisation}) "
                "is in the table of contents but not in the body"
            )
        first, last, _score = found
        located.append(_Located(entry, first, last))
        start = last + 1
    return located


def _case_study(
    lines: tuple[str, ...], number: int, where: _Located, extent_end: int, toc: Toc
) -> CaseStudyRecord:
    end = _trim_end(lines, where.title_last, extent_end, toc)
    contact_heading = _contact_heading(lines, where.title_last + 1, end)
    body_end = contact_heading - 1 if contact_heading is not None else end
    sections, spans = parse_sections(lines, where.title_last + 1, body_end)
    contact = Contact()
    if contact_heading is not None:
        block_end = _contact_block_end(lines, contact_heading, end)
        contact = parse_contact(lines, contact_heading, block_end, fold(where.entry.organisation))
    stated = "\n\n".join(
        sections[key]
        for key in sorted(("summary", "general_information"), key=lambda k: _first_line(spans, k))
        if key in sections
    )
    founded, registered, not_registered = registration_facts(stated)
    if founded is None and "background" in sections:
        # the organisation's history may date its founding where the summary does not
        founded = registration_facts(sections["background"])[0]
    title = fold(" ".join(lines[where.title_first - 1 : where.title_last]))
    return CaseStudyRecord(
        number=number,
        title=title,
        organisation=fold(where.entry.organisation),
        book_region=where.entry.region,
        span=Span(where.title_first, end),
        sections=sections,
        section_spans=spans,
        contact=contact,
        founded=founded,
        registered=registered,
        not_registered=not_registered,
    )


def _first_line(spans: dict[str, Span], key: str) -> int:
    return spans[key].first_line if key in spans else 0


def parse_book(file_name: str, text: str) -> ParsedDocument:
    """Parse the book into a document with one record per case study, in book order."""
    lines = lines_of(text)
    toc = parse_toc(lines)
    located = _locate_titles(lines, toc)

    last_end = _last_extent_end(lines, located[-1].title_last, toc)
    body_contacts = sum(
        1
        for number in range(located[0].title_first, last_end + 1)
        if _CONTACT_HEADING.fullmatch(lines[number - 1])
    )
    if body_contacts != len(toc.entries):
        raise ParseError(
            f"the body has {body_contacts} case studies (contact blocks) "
            f"but the table of contents lists {len(toc.entries)}"
        )

    case_studies = []
    for index, where in enumerate(located):
        extent_end = located[index + 1].title_first - 1 if index + 1 < len(located) else last_end
        case_studies.append(_case_study(lines, index + 1, where, extent_end, toc))

    publisher, year = _publisher_and_year(lines, toc.heading_line)
    return ParsedDocument(
        file_name=file_name,
        kind=DocumentKind.BOOK,
        title=_cover_title(lines, toc.heading_line),
        publisher=publisher,
        year=year,
        language="en",
        lines=lines,
        case_studies=tuple(case_studies),
        profile=None,
    )

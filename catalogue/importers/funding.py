"""Monetary figures of a case study: which project cost what, and who paid which part.

The book states its figures in prose ("The total sum of the project was $890 in which the
contribution of VO was $180 and the contribution of MSDSP was $710"). This module reads one
case study's lines and returns a ``ProjectRecord`` per funded activity. It is pure text
processing: no Django, no database.

How an amount is read (sentence level, no per-case-study rules):

* A *paragraph* is a numbered or dashed list item, or a run of lines between blank lines and
  section headings. Only paragraphs that print an amount become projects.
* Each amount is attributed by the words right around it, inside its clause:
  - "... $5420 came from the donor", "$392 from the VO", "$2778 was the contribution of the
    population", "$640 was given by the Embassy of Finland" -> a contribution by the party
    *after* the amount;
  - "the contribution of MSDSP was $710", "the VO contributed $391", "MSDSP allocated $580",
    "the Khukumat of X rayon allocated 3,000 Somoni", "X provided a grant of $640", "X allocated
    micro-credit to five members in the sum of $420", "financed by CIDA in the amount of $391",
    "was given by X, for the sum of $3,000", "received from MSDSP for $2174" -> a
    contribution by the party *before* the amount;
  - "$145 to everyone" -> a per-person share of another figure, not a project figure;
  - anything else ("the total sum of the project was $890", "in the sum of $587",
    "The micro-credit distributed was $420") -> the project's total.
* Party names are kept as printed minus articles and bare role words: "the VO" -> "VO",
  "the donor (CIDA)" -> "CIDA", "NOVIB (donor)" -> "NOVIB", "donor, in this case TACIS" ->
  "TACIS", "CIDA (Canada)" stays "CIDA (Canada)" (a qualifier, not a role). A bare "the donor"
  becomes the one organisation the paragraph says financed the project ("financed by ECHO"),
  if there is exactly one.
* Who a party is (community, government, donor) is the entity table's, else decided by the
  words of its name (``parties``, rules in catalogue/data/kind_rules.toml), so that a name the
  table has never seen ("the Fund for Rural Women") is attributed too.
* "100% of the project was funded by X" makes X the contributor of the whole stated total;
  so does the one payer a paragraph names without an amount ("Microcredit was given by X",
  "X allocated micro-credit", "financed by X") when no part is printed for anyone.
* "7 Somoni street" is an address, not 7 somoni.
* Several totals in one paragraph ("agricultural grants for $300 and $200") are several
  projects.

Figures are never corrected: totals the parts do not add up to and mixed currencies are kept
as printed and reported by ``catalogue.core.figures.funding_flags``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from catalogue.core.text import Span, fold
from catalogue.core.vocabulary import Currency, PartyKind
from catalogue.importers import parties
from catalogue.importers.entities import Role, alias_regex
from catalogue.importers.records import ContributionRecord, Money, ProjectRecord

TITLE_MAX = 80


_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
# "$965", "$47,000", "$ 1020"; "3969 Somoni", "25,126 \nSomoni" (wrapped across lines). A somoni
# amount starts where its digits start: retrying from inside a long run of digits is quadratic.
# "7 Somoni street" is an address: the street is named after Ismoili Somoni, not a sum.
_STREET = r"(?i:street|str|st|avenue|ave|prospect|prospekt|pr|road|lane|square|boulevard|blvd)\b"
MONEY = re.compile(
    rf"\$[ \t]?(?P<usd>{_NUMBER})(?![\d,]\d)"
    rf"|(?<![\d,])(?P<tjs>{_NUMBER})\s+Somoni\b(?!\s*{_STREET})"
)
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def parse_money(text: str) -> Money:
    """Read one printed amount: "$965", "$47,000", "$ 1020", "1218 Somoni" (TJS).

    ``printed`` keeps the text as printed, with a line break inside it folded to a space.
    """
    printed = fold(text)
    match = MONEY.fullmatch(printed)
    if match is None:
        raise ValueError(f"not an amount of money: {text!r}")
    if match["usd"] is not None:
        return Money(Decimal(match["usd"].replace(",", "")), Currency.USD, printed)
    return Money(Decimal(match["tjs"].replace(",", "")), Currency.TJS, printed)


# --- parties ---------------------------------------------------------------------------

# Who a party is (community, government, donor) is decided by the entity table and the
# rules of catalogue/data/kind_rules.toml: see ``parties``.
party_kind = parties.party_kind

# A party named in running text: a proper name ("the Embassy of Finland", "Khukumat of
# Nurobod rayon", "National Social Investment Fund of Tajikistan (NSIFT)"), or a described one
# ("the local Jamoat", "members of the VO", "the department of education of Ishkashim").
_CAP = r"[A-Z](?:[\w'’&-]|\.(?=\w))*"  # "ECHO." ends a sentence, "I.Somoni" is one word
_CAPS = rf"{_CAP}(?:\s+{_CAP})*"
_PROPER = (
    rf"{_CAPS}(?:\s+(?:of|for|on|de)\s+(?:the\s+)?{_CAPS}(?:\s+and\s+{_CAPS})?)*"
    r"(?:\s+(?:rayon|raion|district|city|oblast|region))?(?:\s*\([^()\n]{1,40}\))?"
)
_ADJECTIVE = r"(?:(?:local|regional|district|rayon|village|state|city|oblast|national)\s+)"
_DESCRIBED = rf"[a-z][\w-]*(?:\s+of\s+(?:the\s+)?(?:{_PROPER}|[a-z][\w-]*)){{0,2}}"
_SUBJECT = rf"(?:[Tt]he\s+)?{_ADJECTIVE}{{0,2}}(?:{_PROPER}|{_DESCRIBED})"
# What is paid: "allocated a grant of", "provided micro-credit ... for the sum of".
_MONEY_NOUN = r"(?:(?:micro-?)?credits?|loans?|grants?|funds|money|financing|means)"
_GIVING = r"(?:contributed|allocated|provided|spent|gave|granted|donated|paid|invested|disbursed)"
_SUM_OF = (
    r"(?:(?:in|for)\s+(?:the\s+|a\s+)?(?:total\s+)?(?:sum|amount)(?:\s+of)?|of|worth|"
    r"totall?ing|amounting\s+to|to\s+the\s+(?:sum|amount)\s+of|:|-|–|\()"
)
_BY = r"(?:financed|funded|sponsored|given|granted|provided|allocated|paid|donated|issued)\s+by"


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


# A sentence's first word is capitalised: "Then MSDSP allocated $300" names MSDSP.
_ADVERBS = (
    r"Then|Later|Also|Finally|Thus|Additionally|Moreover|Besides|Furthermore|Afterwards|"
    r"Subsequently|Consequently|Therefore|Meanwhile|Hence|Next"
)
_ADVERB = re.compile(rf"^(?:{_ADVERBS})\s+")


def party_name(raw: str) -> str:
    """The party as printed, minus articles, role words and trailing qualifications."""
    name = fold(raw)
    name = re.split(r"\s+including\b", name)[0].strip(" .,;:-")
    name = _strip_article(_ADVERB.sub("", name))
    for pattern in (
        r"donor\s*\((?P<name>.+)\)",  # "donor (CIDA)"
        r"donor,\s*(?:in this case\s+)?(?P<name>.+)",  # "donor, CAIP", "donor, in this case X"
        r"(?P<name>.+?)\s*\(donor\)",  # "NOVIB (donor)"
    ):
        match = re.fullmatch(pattern, name)
        if match:
            name = _strip_article(match["name"].strip())
            break
    return name


# The organisation a paragraph says paid for its activity, without an amount:
# "it was financed by ECHO", "Microcredit was given by MSDSP", "MSDSP allocated micro-credit".
_FINANCER = (
    re.compile(rf"\b(?:financed|funded|sponsored)\s+by\s+(?P<party>{_SUBJECT})"),
    re.compile(
        rf"\b(?i:{_MONEY_NOUN}|it|project)\s+(?:was|were|has\s+been|have\s+been)\s+{_BY}\s+"
        rf"(?P<party>{_SUBJECT})"
    ),
)
# "MSDSP allocated micro-credit": found by its verb first, then the subject right before it
# (searching for the subject everywhere would try every capitalised word of the paragraph).
_GAVE_CREDIT = re.compile(
    rf"\s+(?:also\s+)?(?:allocated|gave|granted|provided|issued|disbursed|extended)\s+"
    rf"(?:a\s+|an\s+)?{_MONEY_NOUN}\b"
)
_SUBJECT_AT_END = re.compile(rf"(?:^|.*?[\s,;(])(?P<party>{_SUBJECT})$", re.S)


def _financer(paragraph: str) -> tuple[str, PartyKind] | None:
    """The one party the paragraph says paid for the activity, if exactly one."""
    printed = [m["party"] for pattern in _FINANCER for m in pattern.finditer(paragraph)]
    for verb in _GAVE_CREDIT.finditer(paragraph):
        if subject := _SUBJECT_AT_END.match(_window(paragraph[: verb.start()])):
            printed.append(subject["party"])
    names: dict[str, tuple[str, PartyKind]] = {}
    for party in printed:
        name = party_name(party)
        kind = party_kind(name)
        if kind is not None and name.lower() not in {"donor", "donors"}:
            names.setdefault(fold(name).casefold(), (name, kind))
    return names.popitem()[1] if len(names) == 1 else None


# --- funders named without an amount --------------------------------------------------------

# "with the financial support of the Nordic Solidarity Fund", "sponsored by the Red Star Relief
# Society", "funded by Caritas Luxembourg and ...", "a grant from X": X is named as a funder.
# A person or a state body may support or assist, but only an organisation finances: after
# the `strong` cues any proper name is a funder ("funded by Caritas Luxembourg"), after the
# others only a name whose words say donor.
_FUNDING_CUE = re.compile(
    r"\b(?:(?P<strong>(?:co-?)?(?:financed|funded|sponsored)\s+by|grants?\s+(?:from|of)"
    r"|funding\s+from)"
    r"|(?:equipped|supported)\s+by"
    r"|with\s+the\s+(?:financial\s+|kind\s+)?(?:support|assistance|help)\s+(?:of|from)"
    r"|(?:financial\s+)?support\s+from)\s+",
    re.IGNORECASE,
)
_NAMED_FUNDER = re.compile(rf"(?:the\s+)?(?P<party>{_PROPER})")
# A name followed by a lower-case word that goes on with it was cut: "the Finnish government".
_NAME_GOES_ON = re.compile(
    r"[ \t]*\n?[ \t]*(?!(?:and|or|in|for|with|to|through|at|on|from|by|as|which|who|that|since|"
    r"until|during|under|within|was|were|is|are|has|have|had|of|the|a|an|via|it|its|their|"
    r"this|these|also|together|amounting|totalling|worth)\b)[a-z]"
)


def named_funders(lines: Sequence[str], first_line: int) -> list[tuple[str, Span]]:
    """Organisations the text names after a funding cue, as printed, with their lines, when
    they are donors (kind_rules.toml; see _FUNDING_CUE for proper names). The table's donors
    are found by ``entities.find_donors``."""
    text = "\n".join(lines)
    starts = _line_starts(list(lines))
    found: list[tuple[str, Span]] = []
    for cue in _FUNDING_CUE.finditer(text):
        match = _NAMED_FUNDER.match(text, cue.end())
        if match is None or alias_regex(Role.DONOR).match(text, match.start("party")):
            continue  # none, or the table's ("the Tajik branch of the Open Society Institute")
        if _NAME_GOES_ON.match(text, match.end()):
            continue
        name = party_name(match["party"])
        if party_kind(name, proper_name=bool(cue["strong"])) is PartyKind.DONOR:
            span = Span(
                first_line + _line_at(starts, match.start("party")),
                first_line + _line_at(starts, match.end("party") - 1),
            )
            found.append((name, span))
    return found


# --- attributing one amount ------------------------------------------------------------

# Party *after* the amount, right after it: "$2270 from TACIS", "$5420 came from the donor",
# "$2778 was the contribution of the population including labour", "$640 was given by X".
_PARTY_AFTER = (
    re.compile(
        r"^\s*(?:came\s+|was\s+given\s+|was\s+received\s+)?from\s+(?!which\b)"
        r"(?P<party>.+?)(?=[.,;]|\s+and\s|$)",
        re.S,
    ),
    re.compile(
        r"^\s*(?:was|is)\s+the\s+contribution\s+of\s+(?P<party>.+?)(?=[.,;]|\s+and\s|$)", re.S
    ),
    re.compile(rf"^\s*(?:was|were)\s+{_BY}\s+(?P<party>.+?)(?=[.,;]|\s+and\s|$)", re.S),
    # "of which $3,000 was provided by X and $2,000 by the VO"
    re.compile(r"^\s*by\s+(?P<party>(?:the\s+)?[\w-]+(?:\s+[A-Z][\w-]*)*)(?=[.,;)]|\s+and\s|$)"),
)
# Party *before* the amount, right before it.
_PARTY_BEFORE = (
    # "the contribution of the donor (CIDA) was", "contribution from MSDSP was",
    # "the contribution of MSDSP being", "contribution of MSDSP -", "contribution of X ($200"
    re.compile(
        r".*\bcontribution\s+(?:of|from)\s+(?P<party>.+?)\s*"
        r"(?:\bwas|\bis|\bbeing|\bmakes|\bamounted\s+to|\btotall?ed|-|\(|:)\s*$",
        re.S,
    ),
    # "from which the VO contribution was", "the Jamoat's contribution was"
    re.compile(
        r".*(?<![\w'’])(?P<party>(?:the\s+)?\w+)(?:['’]s)?\s+contribution\s+(?:was|is)\s*$", re.S
    ),
    # "the VO contributed", "The local Jamoat allocated", "MSDSP provided", "The VO spent",
    # "the Embassy of Finland provided a grant of", "X allocated micro-credit ... in the sum of"
    re.compile(
        # "The VO and MSDSP spent $400": two payers, no one part each ("$308 and MSDSP
        # contributed $1792" is one)
        rf"(?:^|.*?[\s,;(])(?<![A-Za-z)]\sand\s)(?<![A-Za-z)]\sor\s)"
        rf"(?<![A-Za-z)]\sand\sthe\s)(?<![A-Za-z)]\sor\sthe\s)"
        rf"(?P<party>{_SUBJECT})\s+(?:also\s+)?{_GIVING}"
        rf"(?:\s+(?:(?:a|an|the)\s+)?{_MONEY_NOUN}\b[^.;$]{{0,100}}?\s*{_SUM_OF})?\s*$",
        re.S,
    ),
    # "financed by CIDA in the amount of", "was given by the X Trust, for the sum of",
    # "supported by the X Network with"
    re.compile(
        rf".*\b(?:{_BY}|supported\s+by)\s+(?P<party>{_SUBJECT})\s*,?\s*(?:{_SUM_OF}|with)\s*$",
        re.S,
    ),
    # "credit received from MSDSP for"
    re.compile(r".*\bfrom\s+(?P<party>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)\s+for\s*$", re.S),
)
# A share of another figure, e.g. "$580 for four peasants or $145 to everyone".
_PER_PERSON = re.compile(r"^\s*(?:to|for|per)\s+(?:everyone|each|every\s+\w+|person|head)\b")
_CLAUSE_END = re.compile(r"[.;](?=\s|$)")


@dataclass(frozen=True)
class _Amount:
    money: Money
    span: Span
    role: str  # "total", "part" or "per_person"
    party: str = ""
    kind: PartyKind | None = None


# A party that starts right after a capitalised word is the end of a longer name the rules
# could not take whole ("The VO and the Sunrise Foundation spent $400": "Foundation").
_CUT_NAME = re.compile(
    rf"(?<![\w'’&-])(?!(?:The|A|An|In|On|At|As|By|For|With|From|After|When|Since|During|"
    rf"{_ADVERBS})\s)[A-Z][\w'’&-]*\s+$"
)


def _attribute(
    before: str, after: str, financer: tuple[str, PartyKind] | None
) -> tuple[str, str, PartyKind | None]:
    if _PER_PERSON.match(after):
        return "per_person", "", None
    candidates = [p.match(after) for p in _PARTY_AFTER] + [p.match(before) for p in _PARTY_BEFORE]
    for match in candidates:
        if match is None:
            continue
        if match.string is before and _CUT_NAME.search(before, 0, match.start("party")):
            continue  # "the Sunrise Foundation spent": the party is a name cut in two
        name = party_name(match["party"])
        if name.lower() == "donor" and financer and financer[1] == PartyKind.DONOR:
            name = financer[0]
        kind = party_kind(name)
        if kind is not None:
            return "part", name, kind
    return "total", "", None


# --- paragraphs --------------------------------------------------------------------------

_HEADINGS = {
    "summary",
    "general information",
    "general data",
    "background",
    "activity",
    "achievements",
    "plans for the future",
    "contact information",
    "conclusion",
    "conclusions",
}
_ITEM = re.compile(r"^\s*(?:\d{1,2}\.|-|•)\s+")


def _is_heading(line: str) -> bool:
    return line.strip().rstrip(":").strip().lower() in _HEADINGS


def paragraphs(lines: Sequence[str], item: re.Pattern[str] = _ITEM) -> list[tuple[int, int]]:
    """Index ranges [start, end) of paragraphs: list items, or runs between blanks/headings."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if not line.strip() or _is_heading(line):
            if start is not None:
                ranges.append((start, i))
            start = None
            continue
        if start is not None and item.match(line):
            ranges.append((start, i))
            start = None
        if start is None:
            start = i
    if start is not None:
        ranges.append((start, len(lines)))
    return ranges


def _line_starts(lines: Sequence[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _line_at(starts: list[int], offset: int) -> int:
    """Index of the line holding character ``offset`` of the newline-joined text."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


# The party named before an amount is looked for in at most this many characters before it
# (the longest real phrase is under 100): the patterns of _PARTY_BEFORE backtrack over what
# they are given, so an unbounded text would cost time quadratic in its length.
_BEFORE_WINDOW = 300


def _window(before: str) -> str:
    """The end of ``before``, cut at a space so no word is cut in two."""
    if len(before) <= _BEFORE_WINDOW:
        return before
    tail = before[-_BEFORE_WINDOW:]
    space = re.search(r"\s", tail)
    return tail[space.start() :] if space else ""


def _amounts(text: str, starts: list[int], first_line: int) -> list[_Amount]:
    matches = list(MONEY.finditer(text))
    financer = _financer(text)
    clause_ends = [m.end() for m in _CLAUSE_END.finditer(text)]
    amounts = []
    for i, match in enumerate(matches):
        ended = bisect.bisect_right(clause_ends, match.start())
        clause_start = clause_ends[ended - 1] if ended else 0
        prev_end = matches[i - 1].end() if i else 0
        before = _window(text[max(clause_start, prev_end) : match.start()])
        next_start = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        after = text[match.end() : next_start]
        role, party, kind = _attribute(before, after, financer)
        span = Span(
            first_line + _line_at(starts, match.start()),
            first_line + _line_at(starts, match.end() - 1),
        )
        amounts.append(_Amount(parse_money(match.group()), span, role, party, kind))
    return amounts


def _group(amounts: list[_Amount]) -> list[list[_Amount]]:
    """One group per project: a second total in a paragraph starts another project."""
    groups: list[list[_Amount]] = [[]]
    for amount in amounts:
        if amount.role == "per_person":
            continue
        if amount.role == "total" and any(a.role == "total" for a in groups[-1]):
            groups.append([])
        groups[-1].append(amount)
    return [g for g in groups if g]


_FULL_FUNDING = re.compile(
    r"100\s?%\s+of\s+the\s+project\s+was\s+(?:funded|financed)\s+by\s+(?:the\s+)?"
    r"(?P<party>[A-Z][\w-]*(?:\s+\([^)]*\))?)"
)


def _project(
    group: list[_Amount],
    paragraph: str,
    span: Span,
    title: str,
    years: tuple[int, ...],
    financer: tuple[str, PartyKind] | None = None,
) -> ProjectRecord:
    total = next((a for a in group if a.role == "total"), None)
    parts = [
        ContributionRecord(a.kind, a.party, a.money, a.span)
        for a in group
        if a.role == "part" and a.kind is not None
    ]
    full = _full_funding(paragraph)
    if full and total is not None and not parts:
        # "for the total sum of $47,000 and 100% of the project was funded by CIDA":
        # the funder's share is the printed total itself.
        name = party_name(full["party"])
        kind = party_kind(name)
        if kind is not None:
            parts.append(ContributionRecord(kind, name, total.money, total.span))
    if financer and total is not None and not parts:
        # "Microcredit was given ... for a total sum $435. Microcredit was given by MSDSP.":
        # the one party said to pay, with no part printed for anyone, paid the total.
        parts.append(ContributionRecord(financer[1], financer[0], total.money, total.span))
    return ProjectRecord(
        title=title,
        description=paragraph,
        span=span,
        total=total.money if total else None,
        contributions=tuple(parts),
        beneficiaries=_beneficiaries(paragraph),
        years=years,
    )


def extract_projects(lines: Sequence[str], first_line: int) -> tuple[ProjectRecord, ...]:
    """The funded projects of one case study; ``first_line`` is the line number of lines[0]."""
    projects: list[ProjectRecord] = []
    for start, end in paragraphs(lines):
        chunk = [line.rstrip() for line in lines[start:end]]
        text = "\n".join(chunk)
        if not MONEY.search(text):
            continue
        amounts = _amounts(text, _line_starts(chunk), first_line + start)
        groups = _group(amounts)
        paragraph = fold(_ITEM.sub("", text, count=1))
        span = Span(first_line + start, first_line + end - 1)
        years = printed_years(text)
        title = make_title(paragraph, listed=bool(_ITEM.match(chunk[0])))
        # the paragraph's one payer pays a total only when the paragraph is one project
        financer = _financer(text) if len(groups) == 1 else None
        for group in groups:
            own_title = title
            if len(groups) > 1:
                # e.g. "Use of agricultural grants ($300)" and "... ($200)"
                first = group[0].money.printed
                own_title = f"{truncate(title, TITLE_MAX - len(first) - 3)} ({first})"
            projects.append(_project(group, paragraph, span, own_title, years, financer))
    return tuple(projects)


# --- years and beneficiaries ---------------------------------------------------------------


def printed_years(text: str) -> tuple[int, ...]:
    """Years named in the text, not counting amounts that look like years ("2006 Somoni")."""
    money = [m.span() for m in MONEY.finditer(text)]
    years = {
        int(m.group())
        for m in _YEAR.finditer(text)
        if not any(s <= m.start() < e for s, e in money)
    }
    return tuple(sorted(years))


_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)"
_BENEFICIARY_PATTERNS = (
    re.compile(r"[Bb]eneficiaries of the project were (?P<who>[^.;]+)"),
    re.compile(r"(?P<who>\d+(?:\.\d+)?\s?%\s+of\s+women\s+in\s+the\s+village)"),
    re.compile(r"(?P<who>\b[Aa]ll\s+members\s+of\s+the\s+organi[sz]ation)"),
    re.compile(
        rf"(?P<who>\b{_COUNT}\s+(?:needy\s+(?:and\s+wounded\s+)?)?"
        r"(?:members|women|families|households|peasants)"
        r"(?:\s+(?:of|from|in)\s+the\s+(?:rural\s+organization|organization|VO|community|village))?)",
        re.IGNORECASE,
    ),
)


# A paragraph with many amounts is many projects sharing its text: the searches over the whole
# paragraph are made once per paragraph, not once per project (which was quadratic).
@functools.lru_cache(maxsize=16)
def _full_funding(paragraph: str) -> re.Match[str] | None:
    return _FULL_FUNDING.search(paragraph)


@functools.lru_cache(maxsize=16)
def _beneficiaries(paragraph: str) -> str:
    """Who benefited, as stated: "10 members", "27 % of women in the village"."""
    found: list[tuple[int, int, str]] = []
    for pattern in _BENEFICIARY_PATTERNS:
        for match in pattern.finditer(paragraph):
            start, end = match.span("who")
            if not any(s < end and start < e for s, e, _ in found):
                found.append((start, end, match["who"].strip()))
    return "; ".join(who for *_, who in sorted(found))


# --- titles --------------------------------------------------------------------------------

# Where the first clause stops being a name for the activity: the money phrase.
_TITLE_CUT = re.compile(
    r"\s+(?:in|for)\s+(?:the\s+|a\s+)?(?:total\s+)?(?:sum|amount)\b|\s+for\s+\$|\s*\$|"
    r"\s+with\s+(?:the\s+)?contribution\b|\s+in\s+the\s+form\s+of\b|"
    r"\s+with\s+a\s+(?:received\s+)?grant\b|[,;:]"
)
_LEAD_IN = re.compile(
    r"^(?:A|The)\s+project\s+(?:was\s+)?(?:conducted|implemented|realized|directed\s+at)\s+"
    r"(?:to\s+)?"
)
_PURPOSE = re.compile(r"^(?:With the purpose of|With a view of|In order to|Because of)\b")
_PASSIVE = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+(?P<verb>[a-z]\w*)\b")
_PREPOSITION = {"to", "for", "in", "at", "by", "from", "with", "on", "into"}
# A single project told as prose rather than as a list item: name it by what was built.
_BUILT = re.compile(
    r"\b(?:construction\s+of|construct|build|run|lay)\s+"
    r"(?P<what>(?:a|an|the)\s+(?:new\s+)?(?:school|water\s+line|road|bridge|toilet)s?)\b",
    re.IGNORECASE,
)


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;") + "…"


def _main_clause(sentence: str) -> str:
    """Drop a leading purpose phrase: "In order to ... a water line has been laid" -> the rest."""
    passive = _PASSIVE.search(sentence)
    if passive is None:
        return sentence.split(",", 1)[-1]
    head = sentence[: passive.start()].split()
    # The subject: from an article close before the verb, else after the last comma, else
    # the single word before the verb ("in village cows have been given").
    for back in range(1, 5):
        if len(head) > back and head[-back - 1].lower() in {"a", "an"}:
            return " ".join(head[-back - 1 :]) + sentence[passive.start() - 1 :]
    before = sentence[: passive.start()]
    if "," in before:
        return before.rsplit(",", 1)[1] + sentence[passive.start() - 1 :]
    return head[-1] + sentence[passive.start() - 1 :]


def _drop_auxiliary(title: str) -> str:
    """'Roads were reconstructed for ...' -> 'Roads reconstructed', but keep 'were given goats'."""
    match = _PASSIVE.search(title)
    if match is None:
        return title
    rest = title[match.end() :].split()
    if rest and rest[0].lower() not in _PREPOSITION:
        return title
    return title[: match.start()] + match["verb"] + title[match.end() :]


def make_title(paragraph: str, listed: bool = True) -> str:
    """A short readable title from the paragraph's first clause."""
    if not listed and (built := _BUILT.search(paragraph)):
        return "Construction of " + fold(built["what"]).lower()
    sentence = re.split(r"(?<=[.;])\s", paragraph, maxsplit=1)[0]
    sentence = re.sub(r"\s*\([^)]*\)", "", sentence)  # "(jars, covers, sugar ...)"
    sentence = re.sub(r",\s*being\s[^,]*,", "", sentence)  # "families, being members ..., were"
    sentence = _LEAD_IN.sub("", sentence)
    if _PURPOSE.match(sentence):
        sentence = _main_clause(sentence).strip()
    sentence = _TITLE_CUT.split(sentence, maxsplit=1)[0]
    sentence = re.sub(r"\s+(?:was|were)\s+(?:completed|realized|implemented)$", "", sentence)
    sentence = _drop_auxiliary(sentence.strip(" .;"))
    sentence = re.sub(r"^the\s+", "", sentence, flags=re.IGNORECASE)
    sentence = fold(sentence)
    return truncate(sentence[:1].upper() + sentence[1:], TITLE_MAX)

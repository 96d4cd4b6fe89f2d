"""Parse a saved web page (plain text) about one organisation into a ProfileRecord.

A page is read as blank-line separated blocks. Each block is classified by
general rules, never by line number: navigation (a language switcher), boilerplate
(spam-protected e-mail notices, appeals), image captions (a caption in another
language, or a one-sentence block that only repeats the block before it), the
footer/contact block, coordinates, headings, list items and content paragraphs.
Names, figures and regions are kept exactly as printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, auto

from catalogue.core.dates import MONTH_NAMES
from catalogue.core.text import Span, fold, lines_of
from catalogue.core.vocabulary import DocumentKind
from catalogue.importers import page_facts
from catalogue.importers.entities import (
    Entity,
    Role,
    alias_regex,
    normalise_name,
    resolve_any,
    resolve_organisation,
)
from catalogue.importers.gazetteer import load_gazetteer
from catalogue.importers.page_facts import Subject, organisation_names
from catalogue.importers.records import (
    Contact,
    ParsedDocument,
    ParseError,
    ProfileRecord,
    StatedFigure,
)

LANGUAGE = "en"
MAX_PAGE_LINES = 400  # longer texts are books or reports, not single pages


class BlockKind(Enum):
    NAVIGATION = auto()
    BOILERPLATE = auto()
    CAPTION = auto()
    COORDINATES = auto()
    FOOTER = auto()  # contact block, © lines, the office heading above them
    SIGNATURE = auto()  # "Best Regards," and the name and title below it
    HEADING = auto()
    LIST = auto()  # short lines, one item each, no sentences
    CONTENT = auto()


@dataclass
class Block:
    first_line: int  # 1-based
    lines: list[str]
    kind: BlockKind = BlockKind.CONTENT

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1

    @property
    def span(self) -> Span:
        return Span(self.first_line, self.last_line)

    @property
    def text(self) -> str:
        return fold(" ".join(self.lines))


# --- line and block rules --------------------------------------------------

_LANGUAGE_NAMES = {
    "english",
    "русский",
    "тоҷикӣ",
    "тоджикӣ",
    "tajik",
    "тоҷики",
    "russian",
    "deutsch",
    "français",
    "dansk",
    "español",
    "o'zbek",
    "ўзбек",
    "қазақ",
    "кыргызча",
}
_BOILERPLATE = (
    re.compile(r"email address is being protected from spambots", re.IGNORECASE),
    re.compile(r"you need javascript enabled", re.IGNORECASE),
    re.compile(r"^(?:skip to (?:main )?content|read more|share|print|back to top)$", re.IGNORECASE),
)
# A one-sentence appeal: "Help ensure a life of health and dignity ...!"
_APPEAL = re.compile(r"^(?:help|donate|support|join|give|act)\b[^.?]*!$", re.IGNORECASE)
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}\.\d{3,})\s*,\s*(-?\d{1,3}\.\d{3,})\s*$")
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*", re.IGNORECASE)
_CONTACT_LINE = re.compile(
    r"^\s*(?:©|\(c\)\s|tel\b|phone\b|fax\b|e-?mail\b|address\b|\d{6},)"
    r"|\b\d{6}\b.*\b(?:street|str\.|avenue|ave\.)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"^(?:best|kind|warm)?\s*regards,?$|^(?:sincerely|yours),?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;:,…]\s*$")


# Stop words that mark a line as written in a language other than English.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ENGLISH_WORDS = _word_set(
    "the a an and or of in on at to for with by from is are was were be has have had "
    "this that these those it its we our their his her as not"
)
_FOREIGN_WORDS = _word_set(
    # Danish/Norwegian/Swedish, German, French, Russian/Tajik. Danish "i" is counted
    # apart, in lower case only, so that English "I" is not foreign.
    "et en og med på af til er det som fra har ikke den der ved "
    "und mit der die das ein eine im ist von zu auf "
    "le la les des du un une est dans avec pour "
    "и в на с по для из от у"
)
_FOREIGN_LETTERS = re.compile(r"[æøåÆØÅßäöüÄÖÜ]|[а-яА-ЯёЁҷҳқғӣӯ]")


def _words(s: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", s.casefold())


def is_language_switcher(line: str) -> bool:
    """ "Тоҷикӣ | Русский | English": two or more language names between bars."""
    parts = [p.strip().casefold() for p in line.split("|")]
    return (
        len(parts) >= 2
        and all(p and len(p.split()) == 1 for p in parts)
        and any(p in _LANGUAGE_NAMES for p in parts)
    )


def is_foreign_language(line: str) -> bool:
    """A line not in English: more foreign than English stop words, or foreign letters
    with no English stop word. Image captions left in the site's home language
    ("Et barn med handicap i Tadsjikistan") are the usual case."""
    words = _words(line)
    english = sum(w in _ENGLISH_WORDS for w in words)
    foreign = sum(w in _FOREIGN_WORDS for w in words) + len(re.findall(r"(?<!\w)i(?!\w)", line))
    if foreign > english:
        return True
    return english == 0 and bool(_FOREIGN_LETTERS.search(line))


def is_boilerplate(line: str) -> bool:
    s = fold(line)
    return any(p.search(s) for p in _BOILERPLATE) or bool(_APPEAL.match(s))


_STOP = _ENGLISH_WORDS | _word_set("also which who into across as part")


def _stems(s: str) -> set[str]:
    return {w.rstrip("s") for w in _words(s) if w not in _STOP and len(w) > 2}


def is_echo_caption(block: Block, previous: Block | None) -> bool:
    """A photo caption in English: one short sentence, no figures, whose words
    nearly all come from the paragraph before it ("Tajik and Afghan youth play
    volleyball ..." after the paragraph about volleyball courts)."""
    if previous is None or previous.kind is not BlockKind.CONTENT:
        return False
    text = block.text
    if len(_sentences(text)) != 1 or re.search(r"\d", text) or len(text.split()) > 30:
        return False
    stems = _stems(text)
    return bool(stems) and len(stems & _stems(previous.text)) / len(stems) >= 0.6


def _is_heading_text(text: str) -> bool:
    return bool(text) and len(text.split()) <= 10 and not _SENTENCE_END.search(text)


def split_blocks(lines: Sequence[str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Block(number, [])
            blocks.append(current)
        current.lines.append(line)
    return _merge_broken_paragraphs(blocks)


def _merge_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """ "To date, IOM has" / blank / "constructed or rehabilitated: ...": a paragraph
    that stops mid-sentence and resumes in lower case after a blank line is one."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev.text.split()) > 10
            and not _SENTENCE_END.search(prev.text)
            and block.text[:1].islower()
        ):
            gap = block.first_line - prev.last_line - 1
            prev.lines.extend([""] * gap + block.lines)
            continue
        out.append(block)
    return out


def classify_blocks(blocks: list[Block]) -> None:
    """Set each block's kind in place."""
    for block in blocks:
        text = block.text
        if all(is_language_switcher(line) for line in block.lines):
            block.kind = BlockKind.NAVIGATION
        elif all(is_boilerplate(line) for line in block.lines):
            block.kind = BlockKind.BOILERPLATE
        elif all(is_foreign_language(line) for line in block.lines):
            block.kind = BlockKind.CAPTION
        elif len(block.lines) == 1 and _COORDINATES.match(block.lines[0]):
            block.kind = BlockKind.COORDINATES
        elif _is_heading_text(text) and (
            len(block.lines) == 1 or all(line.strip()[:1].islower() for line in block.lines[1:])
        ):
            block.kind = BlockKind.HEADING  # possibly wrapped: "IOM Mission" / "in Tajikistan"
        elif len(block.lines) >= 2 and all(_is_list_item(line) for line in block.lines):
            block.kind = BlockKind.LIST
    _mark_footer(blocks)
    _mark_signature(blocks)
    previous: Block | None = None
    for block in blocks:
        if block.kind is BlockKind.CONTENT and is_echo_caption(block, previous):
            block.kind = BlockKind.CAPTION
        if block.kind not in (BlockKind.CAPTION, BlockKind.BOILERPLATE, BlockKind.NAVIGATION):
            previous = block


def _is_list_item(line: str) -> bool:
    s = line.strip()
    bullet = bool(re.match(r"^[•\-*–]\s+", s))
    s = re.sub(r"^[•\-*–]\s+", "", s)
    return (bullet or s[:1].isupper()) and _is_heading_text(s)


def _mark_footer(blocks: list[Block]) -> None:
    """The footer runs from the first contact line (©, Tel, Fax, E-mail, address)
    to the end, taking in the heading blocks right above it ("International
    Organization for Migration - Mission in Tajikistan")."""
    start = next(
        (i for i, b in enumerate(blocks) if any(_CONTACT_LINE.search(line) for line in b.lines)),
        None,
    )
    if start is None:
        return
    while start > 0 and blocks[start - 1].kind is BlockKind.HEADING:
        start -= 1
    for block in blocks[start:]:
        if block.kind in (BlockKind.HEADING, BlockKind.CONTENT, BlockKind.LIST):
            block.kind = BlockKind.FOOTER


def _mark_signature(blocks: list[Block]) -> None:
    for i, block in enumerate(blocks):
        if len(block.lines) == 1 and _SIGN_OFF.match(block.text):
            for later in blocks[i:]:
                if later.kind in (BlockKind.HEADING, BlockKind.CONTENT, BlockKind.LIST):
                    later.kind = BlockKind.SIGNATURE
            return


# --- sentences and figures -------------------------------------------------

_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|No|Nr|St|Mr|Mrs|Dr|Tel|Fax|vs|approx)\.$")


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    buf = ""
    for piece in re.split(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])", text):
        buf = f"{buf} {piece}" if buf else piece
        if not _ABBREVIATION.search(buf):
            parts.append(buf)
            buf = ""
    if buf:
        parts.append(buf)
    return [p.strip() for p in parts if p.strip()]


_MONTHS = "|".join(MONTH_NAMES)
_NUMBER = re.compile(r"(?<![\d.,/])\d{1,3}(?:[ ,]\d{3})+(?![\d/])|(?<![\d.,/])\d+(?![\d/])")


def _is_headline_number(sentence: str, m: re.Match[str]) -> bool:
    """A count of something: not a year, a day of a month, a percentage or fraction."""
    digits = re.sub(r"\D", "", m.group())
    after = sentence[m.end() :].lstrip()
    before = sentence[: m.start()].rstrip()
    if len(digits) == 4 and 1900 <= int(digits) <= 2099 and "," not in m.group():
        return False  # a year ("Since 2015", "1992-1997")
    if after.startswith(("%", "percent", "per cent", "-", "–")) or before.endswith(("-", "–")):
        return False
    if re.match(rf"(?:{_MONTHS})\b", after, re.IGNORECASE):
        return False  # "14 June 2003"
    if re.search(rf"\b(?:{_MONTHS})$", before, re.IGNORECASE):
        return False
    return bool(re.match(r"[^\W\d_]", after))  # a number followed by what it counts


def headline_figures(sentence: str) -> bool:
    return any(_is_headline_number(sentence, m) for m in _NUMBER.finditer(sentence))


def _sentence_spans(block: Block) -> list[tuple[str, Span]]:
    """Sentences of a block with the lines each one occupies; a list item is one."""
    if block.kind is BlockKind.LIST:
        return [
            (
                fold(re.sub(r"^\s*[•\-*–]\s+", "", line)),
                Span(block.first_line + i, block.first_line + i),
            )
            for i, line in enumerate(block.lines)
        ]
    out: list[tuple[str, Span]] = []
    joined = ""
    line_at: list[int] = []  # line number of each character in ``joined``
    for offset, line in enumerate(block.lines):
        piece = re.sub(r"^\s*[•\-*–]\s+", "", line).strip()
        if not piece:
            continue
        if joined:
            joined += " "
            line_at.append(block.first_line + offset)
        joined += piece
        line_at.extend([block.first_line + offset] * len(piece))
    folded_index = 0
    for sentence in _sentences(fold(joined)):
        start = fold(joined).find(sentence, folded_index)
        folded_index = start + len(sentence)
        # map folded offsets back: folding only shrinks runs of spaces
        first = _unfolded_line(joined, line_at, start)
        last = _unfolded_line(joined, line_at, folded_index - 1)
        out.append((sentence, Span(first, last)))
    return out


def _unfolded_line(joined: str, line_at: list[int], folded_offset: int) -> int:
    count = -1
    prev_space = True
    for i, c in enumerate(joined):
        is_space = c.isspace()
        if not (is_space and prev_space):
            count += 1
        prev_space = is_space
        if count >= folded_offset:
            return line_at[i]
    return line_at[-1]


# --- regions ---------------------------------------------------------------

# The units a page names when it says where an organisation works; villages and jamoats
# are too fine to count as its regions.
_REGION_KINDS = ("region", "city", "district")


def find_regions(texts: Sequence[str]) -> tuple[str, ...]:
    """Regions, cities and districts the texts name, as printed (the gazetteer knows them)."""
    gazetteer = load_gazetteer()
    found: dict[str, None] = {}
    for text in texts:
        found.update(dict.fromkeys(gazetteer.printed_names(text, _REGION_KINDS)))
    return tuple(found)


# --- organisations ---------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    entity: Entity
    printed: str
    line: int


def find_mentions(blocks: Sequence[Block]) -> list[Mention]:
    """Every organisation, donor or government body named in the blocks."""
    out: list[Mention] = []
    for block in blocks:
        for offset, line in enumerate(block.lines):
            for m in alias_regex().finditer(line):
                printed = m.group()
                entity = resolve_any(printed)
                if entity is None:
                    continue
                # keep a bracketed acronym with the name: "... Mine Action Center (TNMAC)"
                tail = re.match(r"\s*\(([^()]{2,12})\)", line[m.end() :])
                if tail and resolve_any(tail.group(1)) == entity:
                    printed += tail.group()
                out.append(Mention(entity, fold(printed), block.first_line + offset))
    return out


def _subject(mentions: Sequence[Mention]) -> Mention | None:
    """The organisation the table knows that the page names most often."""
    counts: dict[str, int] = {}
    for m in mentions:
        if Role.ORGANISATION in m.entity.roles:
            counts[m.entity.key] = counts.get(m.entity.key, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -_first_index(mentions, k)))
    return mentions[_first_index(mentions, best)]


def _may_be_subject(name: page_facts.Name) -> bool:
    """A government body is what a page names beside its subject, never the subject."""
    return name.entity is None or set(name.entity.roles) != {Role.GOVERNMENT}


def _acronym(name: str, paragraphs: Sequence[Block]) -> str:
    """The acronym the paragraphs give a name: "The Pamir Springs Foundation (PSF) is ..."."""
    text = " ".join(b.text for b in paragraphs)
    m = re.search(re.escape(name) + r"\s*\(([A-Z][A-Za-z]{1,9})\)", text)
    return m.group(1) if m else ""


def _times_named(name: str, acronym: str, text: str) -> int:
    """How often a text names an organisation, by its name or its acronym."""
    times = len(re.findall(re.escape(name), text))
    if acronym:
        times += len(re.findall(rf"(?<![(\w]){re.escape(acronym)}(?![)\w])", text))
    return times


def find_subject(blocks: Sequence[Block]) -> Subject | None:
    """The organisation the page is about, known to the entity table or not: the first
    organisation a heading names (a new one only if the paragraphs name it too), else
    the one the paragraphs name most often (at least twice), else the one the first
    paragraph opens with ("The Friends of the Valley association repairs ...")."""
    readable = _readable(blocks)
    paragraphs = [b for b in readable if b.kind is not BlockKind.HEADING]
    if not paragraphs:
        return None
    content = normalise_name(" ".join(b.text for b in paragraphs))
    for block in (b for b in readable if b.kind is BlockKind.HEADING):
        for name in organisation_names(block.text):
            if not _may_be_subject(name):
                continue
            if name.entity is not None:
                return Subject(name.printed, name.entity)
            if normalise_name(name.bare) in content:
                return Subject(name.bare, None, name.acronym or _acronym(name.bare, paragraphs))
    mentions = find_mentions(readable)
    known = _subject(mentions)
    known_count = sum(known is not None and m.entity.key == known.entity.key for m in mentions)
    text = " ".join(b.text for b in paragraphs)
    unknown = {
        n.key: n
        for b in paragraphs
        for n in organisation_names(b.text)
        if n.entity is None and _may_be_subject(n)
    }
    counts = {key: _times_named(n.bare, n.acronym, text) for key, n in unknown.items()}
    best = max(counts, key=lambda k: counts[k], default=None)
    if best is not None and counts[best] >= 2 and counts[best] > known_count:
        return Subject(unknown[best].bare, None, unknown[best].acronym)
    if known is not None:
        return Subject(known.printed, known.entity)
    first = _sentences(paragraphs[0].text)[0]
    opening = organisation_names(first)
    if opening and opening[0].start <= len("The ") and _may_be_subject(opening[0]):
        return Subject(opening[0].bare, opening[0].entity, opening[0].acronym)
    return None


def _first_index(mentions: Sequence[Mention], key: str) -> int:
    return next(i for i, m in enumerate(mentions) if m.entity.key == key)


def _printed_name(mentions: Sequence[Mention], entity: Entity) -> str:
    """The canonical name if the page prints it, else its most frequent printed form."""
    printed = [m.printed for m in mentions if m.entity.key == entity.key]
    if any(normalise_name(p) == normalise_name(entity.name) for p in printed):
        return entity.name
    return max(dict.fromkeys(printed), key=printed.count)


# --- contact ---------------------------------------------------------------


def _labelled(line: str, label: str) -> str | None:
    m = re.search(rf"\b{label}\s*\.?\s*:?\s*(.+?)\s*$", line, re.IGNORECASE)
    return m.group(1) if m else None


def _split_numbers(value: str) -> tuple[str, ...]:
    # "(+992 48) 701 0202, 701 0303" -> two numbers; keep each as printed
    return tuple(p.strip() for p in re.split(r"[,;]\s*(?=[(+\d])", value.rstrip(";")) if p.strip())


def parse_contact(blocks: Sequence[Block]) -> Contact:
    """Address, phones, faxes and e-mails from the footer blocks."""
    lines = [(b.first_line + i, line) for b in blocks for i, line in enumerate(b.lines)]
    address, phones, faxes, emails, used = "", [], [], [], []
    for number, raw in lines:
        line = _COPYRIGHT.sub("", raw).strip()
        line = re.sub(r"^(?:19|20)\d{2}\s+", "", line)  # "© 2019 Address: ..."
        if is_boilerplate(line) and not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", line):
            continue
        tel = _labelled(line.split("Fax")[0], r"tel")
        fax = _labelled(line, r"fax")
        email = re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", line)
        if tel or fax or email:
            phones += _split_numbers(tel) if tel else ()
            faxes += _split_numbers(fax) if fax else ()
            emails += email
            used.append(number)
        elif (value := _labelled(line, "address")) or re.search(r"\b\d{6}\b", line):
            address = address or fold(value or line)
            used.append(number)
    if not used:
        return Contact()
    return Contact(
        address=address,
        phones=tuple(phones),
        faxes=tuple(faxes),
        emails=tuple(emails),
        span=Span(min(used), max(used)),
    )


def _signature_contact(blocks: Sequence[Block]) -> Contact:
    """ "Best Regards," / "Tajma Kurt" / "Chief of Mission, IOM Tajikistan": the
    signatory is the head, with the title as printed."""
    lines = [line.strip() for b in blocks for line in b.lines if line.strip()]
    if len(lines) < 2:
        return Contact()
    head = lines[1] + (f" ({', '.join(lines[2:])})" if len(lines) > 2 else "")
    return Contact(head=head, span=Span(blocks[0].first_line, blocks[-1].last_line))


# --- programme areas -------------------------------------------------------

_PRIORITY_LIST = re.compile(
    r"\b(?:priorities|programme areas|program areas|areas of work|thematic areas)"
    r"\s*:\s*(.+?)\.(?:\s|$)",
    re.IGNORECASE,
)


def _split_list(text: str) -> list[str]:
    """Split "a (x and y), b, and c" at the commas outside brackets."""
    items, depth, buf = [], 0, ""
    for c in text:
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            items.append(buf)
            buf = ""
        else:
            buf += c
    items.append(buf)
    return [re.sub(r"^(?:and|or)\s+", "", i.strip()) for i in items if i.strip()]


def programme_areas(
    blocks: Sequence[Block], title_block: Block | None, subject: Subject | None = None
) -> tuple[str, ...]:
    """Section headings (when the page has several), items of a short list of
    headings, and lists printed after "priorities:"; a heading that names the
    organisation is its name, not an area."""
    sections = [
        b
        for b in blocks
        if b.kind is BlockKind.HEADING
        and b is not title_block
        and not _has_year(b.text)
        and resolve_any(b.text) is None
        and not (subject and _names_subject(b.text, subject))
    ]
    areas: list[str] = []
    if len(sections) >= 2:
        areas += [b.text for b in sections]
    for b in blocks:
        if b.kind is BlockKind.LIST:
            items = [fold(re.sub(r"^\s*[•\-*–]\s+", "", line)) for line in b.lines]
            areas += [i for i in items if not re.search(r"\d", i)]
        elif b.kind is BlockKind.CONTENT:
            for m in _PRIORITY_LIST.finditer(b.text):
                areas += _split_list(m.group(1))
    return tuple(dict.fromkeys(areas))


def _has_year(text: str) -> bool:
    return bool(re.search(r"\b(?:19|20)\d{2}\b", text))


# --- the page --------------------------------------------------------------


def looks_like_web_page(text: str) -> bool:
    """A page's layout: a short text, not a book, with a heading and paragraphs about one
    organisation (whether or not the entity table knows it)."""
    lines = lines_of(text)
    if not text.strip() or len(lines) > MAX_PAGE_LINES:
        return False
    if re.search(r"\bISBN\b|TABLE OF CONTENTS", text):
        return False
    blocks = split_blocks(lines)
    classify_blocks(blocks)
    kinds = {b.kind for b in _readable(blocks)}
    if BlockKind.HEADING not in kinds or BlockKind.CONTENT not in kinds:
        return False
    return find_subject(blocks) is not None


def _readable(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if b.kind in (BlockKind.HEADING, BlockKind.CONTENT, BlockKind.LIST)]


def parse_web_page(file_name: str, text: str) -> ParsedDocument:
    if not text.strip():
        raise ParseError(f"{file_name}: the page is empty")
    lines = lines_of(text)
    blocks = split_blocks(lines)
    classify_blocks(blocks)
    readable = _readable(blocks)
    mentions = find_mentions(readable)
    subject = find_subject(blocks)
    if subject is None:
        raise ParseError(
            f"{file_name}: no organisation is named in the page's headings or paragraphs"
        )
    entity = subject.entity
    organisation = _printed_name(mentions, entity) if entity else subject.name

    title_block = next(
        (
            b
            for b in blocks
            if b.kind is BlockKind.HEADING
            and resolve_organisation(b.text) is None
            and normalise_name(b.text) != normalise_name(subject.name)
        ),
        None,
    )
    title = title_block.text if title_block else organisation
    footer = [b for b in blocks if b.kind is BlockKind.FOOTER]
    publisher, year = _publisher_and_year(footer, blocks, entity.name if entity else organisation)
    content = [b for b in blocks if b.kind in (BlockKind.CONTENT, BlockKind.LIST)]
    description_blocks = [b for b in content if b.kind is BlockKind.CONTENT or _has_figure(b)]
    if not description_blocks:
        raise ParseError(f"{file_name}: the page has no content paragraphs")

    sentences = [pair for b in description_blocks for pair in _sentence_spans(b)]
    dated = page_facts.milestones(sentences)
    profile = ProfileRecord(
        organisation=organisation,
        description="\n\n".join(_block_prose(b) for b in description_blocks),
        span=Span(description_blocks[0].first_line, description_blocks[-1].last_line),
        programme_areas=programme_areas(blocks, title_block, subject),
        regions=find_regions([b.text for b in readable if b.kind is not BlockKind.FOOTER]),
        figures=tuple(
            StatedFigure(sentence, span)
            for sentence, span in sentences
            if headline_figures(sentence)
        ),
        coordinates=_coordinates(blocks),
        contact=_contact_for(subject, footer, blocks, publisher),
        partners=page_facts.partners(sentences, subject, publisher),
        founded=dated.founded,
        milestones=dated.items,
        projects=page_facts.programmes(
            [_sentence_spans(b) for b in description_blocks if b.kind is BlockKind.CONTENT],
            subject,
        ),
    )
    return ParsedDocument(
        file_name=file_name,
        kind=DocumentKind.WEB_PAGE,
        title=title,
        publisher=publisher,
        year=year,
        language=LANGUAGE,
        lines=lines,
        profile=profile,
    )


def _has_figure(block: Block) -> bool:
    return any(headline_figures(s) for s, _ in _sentence_spans(block))


def _block_prose(block: Block) -> str:
    if block.kind is BlockKind.LIST:
        return "\n".join(fold(re.sub(r"^\s*[•\-*–]\s+", "", line)) for line in block.lines)
    return block.text


def _coordinates(blocks: Sequence[Block]) -> tuple[Decimal, Decimal] | None:
    for b in blocks:
        if b.kind is BlockKind.COORDINATES and (m := _COORDINATES.match(b.lines[0])):
            lat, lon = Decimal(m.group(1)), Decimal(m.group(2))
            if abs(lat) <= 90 and abs(lon) <= 180:
                return lat, lon
    return None


def _publisher_and_year(
    footer: Sequence[Block], blocks: Sequence[Block], organisation: str
) -> tuple[str, int | None]:
    """The © line names the publisher and year; otherwise the organisation (by its
    canonical name) publishes its own page and the year is the one a heading states
    ("Achievements in Tajikistan 2021")."""
    for b in footer:
        for line in b.lines:
            if m := re.match(r"^\s*(?:©|\(c\)|copyright)\s*((?:19|20)\d{2})?\s*(.*)$", line, re.I):
                name = m.group(2).strip()
                if name and not re.match(r"(?i)address|tel|fax|e-?mail", name):
                    return name, int(m.group(1)) if m.group(1) else None
    for b in blocks:
        if b.kind is BlockKind.HEADING and (y := re.search(r"\b((?:19|20)\d{2})\s*$", b.text)):
            return organisation, int(y.group(1))
    return organisation, None


def _contact_for(
    subject: Subject, footer: Sequence[Block], blocks: Sequence[Block], publisher: str
) -> Contact:
    """The footer's contact block is the organisation's only if it is signed with
    the organisation's name; under another publisher's © line (the ICRC page on the
    Ministry of Foreign Affairs site) it is the publisher's and is left out."""
    signature = [b for b in blocks if b.kind is BlockKind.SIGNATURE]
    others = resolve_any(publisher) is not None or organisation_names(publisher)
    if others and not _names_subject(publisher, subject):
        return _signature_contact(signature) if signature else Contact()
    heads = [b for b in footer if _is_heading_text(b.text)]
    if footer and (not heads or any(_names_subject(h.text, subject) for h in heads)):
        return parse_contact(footer)
    return _signature_contact(signature) if signature else Contact()


def _names_subject(text: str, subject: Subject) -> bool:
    if normalise_name(subject.name) in normalise_name(text):
        return True
    return any(subject.is_named_by(n) for n in organisation_names(text))

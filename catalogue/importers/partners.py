"""Which government bodies a text says the organisation worked with (pure: text in, records out).

A body named in a case study is not for that a partner: the book names the Ministry of
Justice where an organisation was registered, the Jamoat where a village lies, the
parliament in a law's title, Jamoats in photo captions. A mention counts when its sentence
carries a cue of collaboration (worked with, supported by, financed, signed, trained,
participation of ...) and none of the traps holds (registration, location, a title, the
head's biography, a plan). The cues and traps are data: ``catalogue/data/partners.toml``.

``collaborations(lines, first_line)`` works on any span (a case study, a project) and
returns ``PartnerRecord``s: the body as printed, its level, and the line of the mention
that states the collaboration. Unnamed bodies ("the local Khukumat") keep their printed
words; when the same or the previous sentence names the place ("a project in Yavan rayon
... with the local Khukumat"), the place is appended ("local Khukumat of Yavan rayon") so
that ``resolve`` can name the body. Resolving names to records is ``resolve``'s work.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from catalogue.core.text import Span
from catalogue.core.vocabulary import PartnerLevel
from catalogue.importers import entities
from catalogue.importers.records import PartnerRecord

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "partners.toml"

_WORDS = {"hukumat": r"(?:k?hukumat|hokumat)", "jamoat": r"jamoat"}
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“"}


@dataclass(frozen=True)
class _Rules:
    collaboration: tuple[re.Pattern[str], ...]
    traps: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern on the text before)
    place_before: tuple[re.Pattern[str], ...]
    place_after: tuple[re.Pattern[str], ...]
    planned: tuple[re.Pattern[str], ...]
    sub_bodies: tuple[tuple[str, re.Pattern[str]], ...]  # (canonical, pattern)
    unnamed: tuple[tuple[PartnerLevel, bool, re.Pattern[str]], ...]  # (level, plural, pattern)


def _compile(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    for word, spelled in _WORDS.items():
        pattern = pattern.replace("{" + word + "}", spelled)
    return re.compile(pattern, flags)


@cache
def rules() -> _Rules:
    with DATA_FILE.open("rb") as f:
        data = tomllib.load(f)
    trap = data["trap"]
    return _Rules(
        collaboration=tuple(_compile(p) for p in data["collaboration"]),
        traps=tuple(
            (kind, _compile(p))
            for kind in ("registration", "location", "law_title", "biography")
            for p in trap[kind]
        ),
        place_before=tuple(_compile(p) for p in trap["place"]["before"]),
        # "of Shuroabad rayon": the capital letter matters, so no IGNORECASE here
        place_after=tuple(_compile(p, 0) for p in trap["place"]["after"]),
        planned=tuple(_compile(p) for p in trap["planned"]),
        sub_bodies=tuple((row["canonical"], _compile(row["pattern"])) for row in data["sub_body"]),
        unnamed=tuple(
            (
                PartnerLevel(row["level"]),
                row.get("plural", False),
                _compile(rf"\b(?:{row['pattern']})\b"),
            )
            for row in data["unnamed"]
        ),
    )


# --- the text: captions out, sentences -----------------------------------------------------

_ADDRESS_LINE = re.compile(r"^\s*(?:address|adres)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;:]\s*[\"”»']?\s*$")
_ENDS_WITH_YEAR = re.compile(r"\b(?:19|20)\d\d\s*\.?\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[•\-–*]|\d{1,2}[.)]|\d{4}\s*[-–])")
_MAX_CAPTION_LINES = 3
_MAX_CAPTION_CHARS = 160


def caption_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of lines that are photo captions: a short block between blank lines, one
    phrase starting with a capital letter and not ending as a sentence does (or ending with
    the photo's year), that is no list item. "Event in school #1 in Shahrak Jamoat"."""
    captions: set[int] = set()
    block: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            block.append(i)
            continue
        if block and _is_caption([lines[j] for j in block]):
            captions.update(block)
        block = []
    return captions


def _is_caption(block: list[str]) -> bool:
    text = " ".join(line.strip() for line in block)
    if len(block) > _MAX_CAPTION_LINES or len(text) > _MAX_CAPTION_CHARS:
        return False
    if not text[:1].isupper() or _LIST_MARK.match(text):
        return False
    if re.search(r"[.!?;]\s+[A-Z]", text):  # two sentences: running text, not a caption
        return False
    return not _SENTENCE_END.search(text) or bool(_ENDS_WITH_YEAR.search(text))


# A sentence ends at . ! ? ; before a capital, a digit or a list mark, but not after an
# initial ("I. Somoni", "K.R. Kosimova") or a short abbreviation ("No.", "apt.").
_BOUNDARY = re.compile(
    r"(?<!\b[A-Z])(?<!\bNo)(?<!\bapt)(?<!\bSt)[.!?;][\"”»']?(?=\s+[\"“«(]?[A-Z0-9•]|[A-Z][a-z])"
    r"|\n(?=\s*(?:[•*]|\d{1,2}\.\s|\d{4}\s*[-–]))"
)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    return out


# --- mentions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    printed: str  # whitespace folded, as printed
    level: PartnerLevel
    start: int
    end: int
    named: bool  # a named body (entity table or a Khukumat's committee), not "the Jamoat"
    plural: bool = False
    sub_body: bool = False


def _fold(s: str) -> str:
    return " ".join(s.split())


def _named_mentions(text: str) -> list[Mention]:
    found = []
    mentioned = entities.government_mentions(text)
    stretches = Counter((start, end) for _, start, end in mentioned)
    for entity, start, end in mentioned:
        assert entity.level is not None
        # one stretch naming several bodies ("Khukumats of A and B rayons"): each by its name
        printed = entity.name if stretches[(start, end)] > 1 else _fold(text[start:end])
        found.append(Mention(printed, entity.level, start, end, named=True))
    for group, start, end in entities.district_groups(text):
        for entity in group:
            assert entity.level is not None
            found.append(Mention(entity.name, entity.level, start, end, named=True))
    return found


_OF_HOST = re.compile(
    r"^\s*(?:of|in|under)\s+(?:the\s+)?(?:city\s+)?",
    re.IGNORECASE,
)


def _sub_body_mentions(text: str, named: list[Mention]) -> list[Mention]:
    """A Khukumat's committee or department followed by its host: "department of education
    of the Khukumat of Isfara", "committee on women and family affairs of Yavan rayon"."""
    found = []
    for canonical, pattern in rules().sub_bodies:
        for m in pattern.finditer(text):
            rest = text[m.end() :]
            of = _OF_HOST.match(rest)
            if not of:
                continue
            host_at = m.end() + of.end()
            host = next(
                (n for n in named if n.start == host_at and n.level != PartnerLevel.NATIONAL),
                None,
            )
            if host is not None:
                body = entities.resolve_government(host.printed)
                hosts = [(body, host.end)] if body else []
            else:
                hosts = _listed_places(text, host_at)
            found.extend(
                Mention(
                    f"{canonical} of {entities.seat_name(body)}",
                    PartnerLevel.DISTRICT,
                    m.start(),
                    end,
                    named=True,
                    sub_body=True,
                )
                for body, end in hosts
            )
    return found


_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*and|,|and)\s+", re.IGNORECASE)


def _listed_places(text: str, at: int) -> list[tuple[entities.Entity, int]]:
    """The Khukumats of the places listed from ``at`` ("Ismoili Somoni and Shomansur rayons"),
    each with where the list ends."""
    bodies = []
    while found := entities.place_at(text, at):
        bodies.append(found[0])
        end = found[1]
        separator = _LIST_SEPARATOR.match(text, end)
        if separator is None:
            break
        at = separator.end()
    return [(body, end) for body in bodies] if bodies else []


def _unnamed_mentions(text: str) -> list[Mention]:
    found = []
    for level, plural, pattern in rules().unnamed:
        for m in pattern.finditer(text):
            found.append(Mention(_fold(m.group()), level, m.start(), m.end(), False, plural))
    return found


def mentions(text: str) -> list[Mention]:
    """Every government body the text names, the longest reading of each stretch winning."""
    named = _named_mentions(text)
    candidates = _sub_body_mentions(text, named) + named + _unnamed_mentions(text)
    # longest first, then named before unnamed; drop what overlaps a kept mention
    candidates.sort(key=lambda c: (-(c.end - c.start), not c.named))
    kept: list[Mention] = []
    for c in candidates:
        overlaps = any(c.start < k.end and k.start < c.end for k in kept)
        same_stretch = any((c.start, c.end) == (k.start, k.end) for k in kept)
        if not overlaps or (
            same_stretch and c.named and c.printed not in {k.printed for k in kept}
        ):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


# --- is it collaboration? ----------------------------------------------------------------


def _inside_quotes(before: str) -> bool:
    if before.count('"') % 2:
        return True
    return any(before.count(o) > before.count(c) for o, c in _QUOTE_PAIRS.items())


_LEVEL_WORD = re.compile(r"^\s+levels?\b", re.IGNORECASE)


def trap(sentence: str, mention: Mention, offset: int) -> str | None:
    """Why a mention in its sentence is not collaboration, or None. ``offset`` is where the
    sentence starts in the text the mention's offsets count in."""
    before = sentence[: mention.start - offset]
    after = sentence[mention.end - offset :]
    r = rules()
    for kind, pattern in r.traps:
        if pattern.search(before):
            return kind
    if _inside_quotes(before.replace(mention.printed, "")):
        return "law_title"
    is_place = mention.level in (PartnerLevel.JAMOAT, PartnerLevel.MAKHALLA) and not mention.plural
    said_as_place = not _LEVEL_WORD.match(after) and (
        any(p.search(before) for p in r.place_before) or any(p.search(after) for p in r.place_after)
    )
    if is_place and said_as_place:
        return "location"
    if any(p.search(sentence) for p in r.planned):
        return "proposed"
    if not any(p.search(sentence) for p in r.collaboration):
        return "no cue"
    return None


# --- the records -------------------------------------------------------------------------


def _context_place(text: str, sentences: list[tuple[int, int]], index: int, at: int) -> str | None:
    """A district or city the same sentence (before the mention) or the previous one names."""
    first = sentences[max(0, index - 1)][0]
    places = entities.district_places(text[first:at])
    return places[-1] if places else None


def _line_spans(text: str, first_line: int):
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def span(start: int, end: int) -> Span:
        return entities.span_of(starts, first_line, start, end)

    return span


def blank_non_text(lines: Sequence[str]) -> list[str]:
    """The lines with address lines and photo captions blanked (they name no partner)."""
    captions = caption_lines(lines)
    return [
        "" if i in captions or _ADDRESS_LINE.match(line) else line for i, line in enumerate(lines)
    ]


def collaborations(lines: Sequence[str], first_line: int) -> list[PartnerRecord]:
    """The government bodies ``lines`` say the organisation worked with, each once (as first
    printed in a sentence of collaboration), in order. An unnamed body ("the Jamoat") is
    left out when a named body of its level is a partner in the same lines."""
    text = "\n".join(blank_non_text(lines))
    span = _line_spans(text, first_line)
    sentences = _sentences(text)
    records: dict[str, PartnerRecord] = {}
    unnamed: list[tuple[str, PartnerRecord]] = []
    named_levels: set[PartnerLevel] = set()
    for index, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        for mention in mentions(sentence):
            mention = Mention(
                mention.printed,
                mention.level,
                mention.start + s,
                mention.end + s,
                mention.named,
                mention.plural,
                mention.sub_body,
            )
            if trap(sentence, mention, s) is not None:
                continue
            record_span = span(mention.start, mention.end)
            if mention.named:
                key = _key(mention.printed)
                records.setdefault(key, PartnerRecord(mention.printed, mention.level, record_span))
                if not mention.sub_body:
                    named_levels.add(mention.level)
                continue
            place = (
                None if mention.plural else _context_place(text, sentences, index, mention.start)
            )
            if place:
                record = PartnerRecord(f"{mention.printed} of {place}", mention.level, record_span)
                resolved = entities.resolve_government(strip_adjectives(record.name))
                if resolved is not None:
                    named_levels.add(mention.level)
                    records.setdefault(resolved.key, record)
                    continue
            key = f"unnamed:{mention.level}:{mention.plural}"
            unnamed.append((key, PartnerRecord(mention.printed, mention.level, record_span)))
    for key, record in unnamed:
        if record.level not in named_levels:
            records.setdefault(key, record)
    return sorted(records.values(), key=lambda r: r.span.first_line)


def _key(printed: str) -> str:
    """One key per body: the entity's, else the folded name."""
    entity = entities.resolve_government(printed)
    return entity.key if entity else entities.normalise_name(printed)


_ADJECTIVES = re.compile(r"^(?:(?:the|local|regional|city|rayon|district)\s+)+", re.IGNORECASE)


def strip_adjectives(name: str) -> str:
    """ "the local Khukumat of Yavan rayon" -> "Khukumat of Yavan rayon"."""
    return _ADJECTIVES.sub("", name)


def is_plural(printed: str) -> bool:
    """Whether the words name several unnamed bodies ("local khukumats", "Jamoats")."""
    folded = _fold(printed)
    return any(plural and p.fullmatch(folded) for _, plural, p in rules().unnamed)


def is_sub_body(printed: str) -> bool:
    """Whether the name is a Khukumat's committee or department ("Department of education of
    Isfara")."""
    folded = _fold(printed)
    for canonical, pattern in rules().sub_bodies:
        if folded.casefold().startswith(canonical.casefold() + " of "):
            return True
        if (m := pattern.match(folded)) and _OF_HOST.match(folded[m.end() :]):
            return True
    return False

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
    refers_back: tuple[re.Pattern[str], ...]  # a sentence that takes the previous one's cue
    traps: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern on the text before)
    place_before: tuple[re.Pattern[str], ...]
    place_after: tuple[re.Pattern[str], ...]
    planned: tuple[re.Pattern[str], ...]
    sub_bodies: tuple[tuple[str, re.Pattern[str]], ...]  # (canonical, pattern)
    unnamed: tuple[tuple[PartnerLevel, bool, re.Pattern[str]], ...]  # (level, plural, pattern)
    named_local: tuple[tuple[PartnerLevel, re.Pattern[str]], ...]  # "makhalla committee X"
    state_bodies: tuple[tuple[str, re.Pattern[str]], ...]  # (canonical or "", pattern)
    district_list: tuple[re.Pattern[str], re.Pattern[str]]  # (the bracket, the text before)


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
        refers_back=tuple(_compile(p) for p in data["refers_back"]),
        traps=tuple(
            (kind, _compile(p))
            for kind in (
                "registration",
                "location",
                "law_title",
                "biography",
                "generic",
                "other_body",
            )
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
            if not row.get("named")
        ),
        named_local=tuple(
            (PartnerLevel(row["level"]), _compile(rf"\b(?:{row['pattern']})"))
            for row in data["unnamed"]
            if row.get("named")
        ),
        district_list=(
            _compile(data["district_list"]["pattern"], 0),
            _compile(data["district_list"]["before"]),
        ),
        state_bodies=tuple(
            (row.get("canonical", ""), _compile(row["pattern"], 0)) for row in data["state_body"]
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
    # a caption may open with a quoted title: “Who will know ...” at the training
    if not text.lstrip("\"“«„'")[:1].isupper() or _LIST_MARK.match(text):
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


def sentence_spans(text: str) -> list[tuple[int, int]]:
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
    bracket, before = rules().district_list
    for m in bracket.finditer(text):
        if not before.search(text[: m.start()]):
            continue
        for item in m["list"].split(","):
            item = item.strip().removeprefix("and ").strip()
            found_at = entities.place_at(item, 0)
            if found_at and found_at[1] == len(item):
                body, level = found_at[0].name, found_at[0].level or PartnerLevel.DISTRICT
            elif re.fullmatch(r"[A-Z][\w'’-]+", item):  # a district the table does not list
                body, level = f"Hukumat of {item}", PartnerLevel.DISTRICT
            else:
                continue
            found.append(Mention(body, level, m.start(), m.end(), named=True))
    for canonical, pattern in rules().state_bodies:
        for m in pattern.finditer(text):
            printed = canonical or _fold(m.group())
            found.append(Mention(printed, PartnerLevel.NATIONAL, m.start(), m.end(), named=True))
    for level, pattern in rules().named_local:
        for m in pattern.finditer(text):
            printed = _fold(m.group())
            name = re.sub(r"^\S+\s+\S+\s+(?:(?:from|of)\s+)?", "", printed)
            if entities.place_at(name, 0):  # "makhalla committees of Vahdat city": a place
                continue
            printed = "Makhalla committee " + name.strip('“”"«»')
            found.append(Mention(printed, level, m.start(), m.end(), named=True))
    return found


def state_body_name(printed: str) -> str | None:
    """The name of a state institution the entity table does not list ("Tajik State University
    of Commerce"), if the printed words are one (the `state_body` rules)."""
    folded = _fold(printed)
    for canonical, pattern in rules().state_bodies:
        if folded == canonical or pattern.fullmatch(folded):
            return canonical or folded
    return None


def is_named_makhalla(printed: str) -> bool:
    """ "Makhalla committee Navbahor": a makhalla committee the text names."""
    return any(
        level is PartnerLevel.MAKHALLA and p.match(printed) for level, p in rules().named_local
    )


_OF_HOST = re.compile(
    r"^\s*(?:of|in|under)\s+(?:the\s+)?(?:city\s+)?",
    re.IGNORECASE,
)


_UNNAMED_HOST = re.compile(
    r"(?:(?:local|regional|city|rayon|district)\s+)?(?:k?hukumat|hokumat|rayon|raion|district|city)\b"
    r"(?!\s+of\b)",
    re.IGNORECASE,
)
_SHARED_HOST = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?(?:its\s+)?", re.IGNORECASE)

_PLURAL_BODY = re.compile(
    r"\b(?:committees|departments|managements|offices|cent(?:re|er)s|authorities)\b", re.IGNORECASE
)
_NATIONAL_HOST = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:of|under|at)\s+(?:the\s+)?", re.IGNORECASE)
_PLURAL_HUKUMAT = re.compile(r"\b(?:k?hukumats|hokumats)\b", re.IGNORECASE)
_Host = tuple[entities.Entity, int]  # the Khukumat hosting a sub-body, and where its name ends


def _hosts_after(text: str, at: int, named: list[Mention]) -> tuple[list[_Host], int] | None:
    """The Khukumats printed as a sub-body's host after it ("of Yavan rayon", "of the Khukumat
    of Isfara", "of A and B rayons"), and where an unnamed host ends ("of the city Khukumat",
    "of the rayon"): ``([], end)``; ``([], at)`` when none is printed; None when the host is a
    national body (the body is the state's, not a Khukumat's)."""
    # "the committee of youth policy of Majlisi Oli": the state's, no Khukumat's
    national = _NATIONAL_HOST.match(text, at)
    if national and any(
        n.start == national.end() and n.level == PartnerLevel.NATIONAL for n in named
    ):
        return None
    of = _OF_HOST.match(text[at:])
    if not of:
        return [], at
    host_at = at + of.end()
    host = next((n for n in named if n.start == host_at and n.level != PartnerLevel.NATIONAL), None)
    if host is not None:
        body = entities.resolve_government(host.printed)
        return ([(body, host.end)] if body else []), host.end
    if listed := _listed_places(text, host_at):
        return listed, listed[-1][1]
    if unnamed := _UNNAMED_HOST.match(text, host_at):
        return [], unnamed.end()
    return [], at


def _sub_body_mentions(text: str, named: list[Mention]) -> list[Mention]:
    """A Khukumat's committee or department and its host: "department of education of the
    Khukumat of Isfara", "committee on women and family affairs of Yavan rayon", "the Vose
    rayon department of health"; in a list, the host printed after the last item serves
    every item ("the AIDS centre, health department and internal affairs of GBAO"). One with
    no host printed is unnamed: the place of its text or case study says which it is."""
    matches: list[tuple[str, re.Match[str]]] = []
    for canonical, pattern in rules().sub_bodies:
        matches.extend((canonical, m) for m in pattern.finditer(text))
    # "Khukumats, departments of education and committees of A and B rayons": the Khukumats too
    matches.extend(("", m) for m in _PLURAL_HUKUMAT.finditer(text))
    matches.sort(key=lambda cm: (cm[1].start(), -cm[1].end()))
    kept: list[tuple[str, re.Match[str]]] = []
    for canonical, m in matches:  # the longest reading of each stretch
        if not kept or m.start() >= kept[-1][1].end():
            kept.append((canonical, m))
    found: list[Mention] = []
    shared: list[_Host] = []  # the hosts of the item after, in the same list
    for index in range(len(kept) - 1, -1, -1):
        canonical, m = kept[index]
        start = m.start()
        after = _hosts_after(text, m.end(), named)
        if after is None:
            shared = []
            continue
        hosts, end = after
        if not canonical:  # "all 4 Khukumats of Dushanbe" are not Dushanbe's: shared hosts only
            hosts, end = [], m.end()
        if not hosts and end == m.end() and (before := entities.place_before(text, start)):
            hosts, start = [(before[0], m.end())], before[1]
        if not hosts and end == m.end() and index + 1 < len(kept):
            between = text[m.end() : kept[index + 1][1].start()]
            if _SHARED_HOST.fullmatch(between):
                hosts = [(body, m.end()) for body, _ in shared]
        shared = hosts
        if not canonical:  # the Khukumats themselves, when a list's host names them
            found.extend(
                Mention(body.name, body.level or PartnerLevel.DISTRICT, start, m.end(), True)
                for body, _ in hosts
            )
            continue
        if not hosts:
            plural = bool(_PLURAL_BODY.search(m.group()))
            found.append(Mention(canonical, PartnerLevel.DISTRICT, start, end, False, plural, True))
            continue
        for body, body_end in hosts:
            level = body.level if body.level is PartnerLevel.OBLAST else PartnerLevel.DISTRICT
            found.append(
                Mention(
                    f"{canonical} of {entities.seat_name(body)}",
                    level,
                    start,
                    max(body_end, m.end()),
                    named=True,
                    sub_body=True,
                )
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
            start = m.start("body") if "body" in pattern.groupindex and m["body"] else m.start()
            found.append(Mention(_fold(m.group()), level, start, m.end(), False, plural))
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
    kept.sort(key=lambda c: c.start)
    # "committees of Madjlisi Namoyandagon of Majlisi Oli": the second names the first's host
    return [
        c
        for i, c in enumerate(kept)
        if not (
            i
            and c.named
            and kept[i - 1].named
            and PartnerLevel.NATIONAL == c.level == kept[i - 1].level
            and _HOST_OF.fullmatch(text[kept[i - 1].end : c.start])
        )
    ]


_HOST_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)


# --- is it collaboration? ----------------------------------------------------------------


def _inside_quotes(before: str) -> bool:
    if before.count('"') % 2:
        return True
    return any(before.count(o) > before.count(c) for o, c in _QUOTE_PAIRS.items())


_LEVEL_WORD = re.compile(r"^\s+levels?\b", re.IGNORECASE)


def trap(sentence: str, mention: Mention, offset: int, previous: str = "") -> str | None:
    """Why a mention in its sentence is not collaboration, or None. ``offset`` is where the
    sentence starts in the text the mention's offsets count in; ``previous`` is the sentence
    before, whose cue a sentence pointing back ("Some of the organizations include ...")
    takes."""
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
    cued = sentence
    if any(p.search(sentence) for p in r.refers_back):
        cued = f"{previous} {sentence}"
    if not any(p.search(cued) for p in r.collaboration):
        return "no cue"
    return None


# --- the records -------------------------------------------------------------------------


def _context_place(text: str, sentences: list[tuple[int, int]], index: int, at: int) -> str | None:
    """A district or city the same sentence (before the mention) or the previous one names,
    as a place ("Yavan rayon") or as its Khukumat ("the Khukumat of Penjikent")."""
    first = sentences[max(0, index - 1)][0]
    window = text[first:at]
    places = entities.district_place_matches(window)
    places += [
        (start, entities.seat_name(entity))
        for entity, start, _ in entities.government_mentions(window)
        if entity.level in (PartnerLevel.DISTRICT, PartnerLevel.OBLAST)
    ]
    if not places:  # a district the table does not list: "a centre in Nurobod rayon"
        places = [(m.start(), m.group()) for m in _PRINTED_DISTRICT.finditer(window)]
    return max(places)[1] if places else None


_PRINTED_DISTRICT = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:rayon|raion|district)\b")


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


def collaborations(
    lines: Sequence[str], first_line: int, restated: Span | None = None
) -> list[PartnerRecord]:
    """The government bodies ``lines`` say the organisation worked with, each once (as first
    printed in a sentence of collaboration), in order. An unnamed body ("the Jamoat") is
    left out when a named body of its level is a partner in the same lines. ``restated``:
    lines that retell the rest (a summary); a body they name cites the rest's statement
    when there is one."""
    text = "\n".join(blank_non_text(lines))
    span = _line_spans(text, first_line)
    sentences = sentence_spans(text)
    records: dict[str, PartnerRecord] = {}

    def retold(record: PartnerRecord) -> bool:
        return (
            restated is not None
            and record.span.first_line <= restated.last_line
            and (record.span.last_line >= restated.first_line)
        )

    def keep(key: str, record: PartnerRecord) -> None:
        if key not in records or (retold(records[key]) and not retold(record)):
            records[key] = record

    unnamed: list[tuple[str, PartnerRecord]] = []
    named_levels: set[PartnerLevel] = set()
    named_subs: set[str] = set()  # the canonical names of the sub-bodies named
    for index, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        in_sentence = mentions(sentence)
        for position, mention in enumerate(in_sentence):
            listed = _listed_beside_named(sentence, in_sentence, position)
            mention = Mention(
                mention.printed,
                mention.level,
                mention.start + s,
                mention.end + s,
                mention.named,
                mention.plural,
                mention.sub_body,
            )
            previous = text[sentences[index - 1][0] : sentences[index - 1][1]] if index else ""
            if trap(sentence, mention, s, previous) is not None:
                continue
            record_span = span(mention.start, mention.end)
            if mention.named:
                key = _key(mention.printed)
                keep(key, PartnerRecord(mention.printed, mention.level, record_span))
                if mention.sub_body:
                    named_subs.update(
                        c for c, _ in rules().sub_bodies if mention.printed.startswith(c + " of ")
                    )
                else:
                    named_levels.add(mention.level)
                continue
            if listed:  # "with I. Somoni Khukumat, Khukumat city and ...": another body
                keep(
                    f"unnamed:{mention.level}:listed",
                    PartnerRecord(mention.printed, mention.level, record_span),
                )
                continue
            place = (
                None if mention.plural else _context_place(text, sentences, index, mention.start)
            )
            if mention.sub_body:
                # "the welfare department": the one of the place named, else the case study's
                where = place and entities.place_at(place, 0)
                if where:
                    name = f"{mention.printed} of {entities.seat_name(where[0])}"
                    keep(_key(name), PartnerRecord(name, mention.level, record_span))
                    named_subs.add(mention.printed)
                else:
                    key = f"unnamed-sub:{mention.printed}:{mention.plural}"
                    name = mention.printed + (" (several)" if mention.plural else "")
                    unnamed.append((key, PartnerRecord(name, mention.level, record_span)))
                continue
            if place:
                record = PartnerRecord(f"{mention.printed} of {place}", mention.level, record_span)
                resolved = entities.resolve_government(strip_adjectives(record.name))
                if resolved is not None:
                    named_levels.add(mention.level)
                    keep(resolved.key, record)
                    continue
                if mention.level is PartnerLevel.DISTRICT and (
                    other := _PRINTED_DISTRICT.fullmatch(place)
                ):
                    # a district the table does not list: its Khukumat by the printed name
                    name = f"Hukumat of {other[1]}"
                    named_levels.add(mention.level)
                    keep(_key(name), PartnerRecord(name, mention.level, record_span))
                    continue
            key = f"unnamed:{mention.level}:{mention.plural}"
            unnamed.append((key, PartnerRecord(mention.printed, mention.level, record_span)))
    singular_subs = named_subs | {
        r.name for k, r in unnamed if k.startswith("unnamed-sub:") and k.endswith(":False")
    }
    for key, record in unnamed:
        if key.startswith("unnamed-sub:"):
            # several unnamed ("health departments") give way to one the text names or singles out
            if record.name.removesuffix(" (several)") not in (
                singular_subs if record.name.endswith(" (several)") else named_subs
            ):
                keep(key, record)
        elif record.level not in named_levels:
            keep(key, record)
    return sorted(records.values(), key=lambda r: r.span.first_line)


def _listed_beside_named(sentence: str, found: list[Mention], position: int) -> bool:
    """Whether an unnamed body is an item of a list beside a named body of its level ("with
    Ismoili Somoni Khukumat of Dushanbe, Khukumat city, and the Ministry"): another body than
    that one, so it does not give way to it."""
    mention = found[position]
    if mention.named or mention.plural or mention.sub_body:
        return False
    for other in (found[position - 1] if position else None, found[position + 1 : position + 2]):
        neighbour = other[0] if isinstance(other, list) and other else other
        if not isinstance(neighbour, Mention) or not neighbour.named or neighbour.sub_body:
            continue
        if neighbour.level != mention.level:
            continue
        first, second = sorted((neighbour, mention), key=lambda m: m.start)
        if _LIST_GAP.fullmatch(sentence[first.end : second.start]):
            return True
    return False


# between two items of a list, the first's place may follow it: "... Khukumat of Dushanbe, "
_LIST_GAP = re.compile(
    r"(?:\s+(?:of|in)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:city|rayon|district))?)?"
    r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?"
)


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


def names_a_district(printed: str) -> bool:
    """ "Hukumat of Nurobod": the Khukumat of a printed district the table does not list."""
    return re.fullmatch(r"Hukumat of [A-Z][\w'’-]+", printed) is not None


def is_bare_sub_body(printed: str) -> bool:
    """Whether the name is a sub-body printed with no host: its canonical name alone, with
    " (several)" when the text names several ("the committees on women and family affairs")."""
    return any(printed.removesuffix(" (several)") == c for c, _ in rules().sub_bodies)


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

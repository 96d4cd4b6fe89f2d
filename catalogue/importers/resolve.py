"""Resolve: what parsed records mean in the catalogue's terms (pure: no Django).

The parsers keep names and places as printed; the loader only writes. In between, this
module decides: which canonical organisation, donor or government body a printed name is,
where a case study's organisation is, which body "the local Khukumat" means there, and
which of the source's own figures the loader must report or refuse. Every rule here reads
the reference tables (``catalogue/data/`` through ``entities``, ``gazetteer`` and ``book``)
and the parsed records, and returns plain values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from catalogue.core.figures import FLAG_LABELS
from catalogue.core.text import Span, printed_in_lines
from catalogue.core.vocabulary import (
    OrganisationKind,
    PartnerLevel,
    PartyKind,
    RegistrationStatus,
)
from catalogue.importers import entities, funding, page_facts, parties, partners
from catalogue.importers.book import region_group_places
from catalogue.importers.gazetteer import Gazetteer, Place
from catalogue.importers.records import (
    CaseStudyRecord,
    LoadError,
    Money,
    ParsedDocument,
    PartnerRecord,
    ProfileRecord,
)

# --- names -------------------------------------------------------------------------------


def organisation_entity(name: str) -> entities.Entity | None:
    """The canonical organisation a printed name is, if the entity table knows it."""
    return entities.resolve_organisation(name) or entities.resolve_any(name)


def donor_entity(party: str, kind: PartyKind) -> entities.Entity | None:
    """The donor of a contribution, if a donor paid it: the table's record, else a new one
    named as printed ("the Fund for Rural Women"); None for "the donor" or "donors"."""
    if kind != PartyKind.DONOR:
        return None
    # a name the table does not list is a new donor, of the kind its name says
    return entities.resolve_donor(party) or parties.new_donor(party)


def government_contributor(
    party: str, chain: Sequence[Place], owner: str = ""
) -> tuple[entities.Entity | str, PartnerLevel] | None:
    """The government body that paid a contribution and its level, or None if neither is
    said ("state structure"). "local Jamoat" is the jamoat of the case study's place."""
    return government_body(party, entities.printed_level(party), chain, owner)


def government_body(
    printed: str, level: PartnerLevel | None, chain: Sequence[Place], owner: str = ""
) -> tuple[entities.Entity | str, PartnerLevel] | None:
    """The body a printed government name is, and its level: the table's entity ("Khukumat
    of Vahdat", "local Khukumat of Yavan rayon"), a Khukumat's committee by its canonical
    name, a body the table does not list by its printed name ("Jamoat Tugarak", "Ministry of
    Water Resources" at national level), else an unnamed body through the case study's place
    (``unnamed_body``)."""
    if partners.is_bare_sub_body(printed):  # before the table: "Committee on women ..." is
        return sub_body_of_place(printed, chain, owner)  # also the national committee's name
    body = entities.resolve_government(printed) or entities.resolve_government(
        partners.strip_adjectives(printed)
    )
    if body is not None and body.level is not None:
        return body, body.level
    if state_body := partners.state_body_name(printed):
        return state_body, PartnerLevel.NATIONAL
    if partners.is_sub_body(printed):
        return printed[:1].upper() + printed[1:], level or PartnerLevel.DISTRICT
    if partners.names_a_district(printed):
        return printed, PartnerLevel.DISTRICT
    if partners.is_named_makhalla(printed) and not any(p.kind == "makhalla" for p in chain):
        return printed, PartnerLevel.MAKHALLA
    if level is None:
        level = entities.printed_level(printed)
    # a body the table does not list but the words name: "Jamoat Tugarak", "Ministry of X"
    if (named := parties.new_government_body(printed, level)) is not None:
        return named
    if level is None:
        return None
    who = unnamed_body(printed, level, chain, owner)
    if isinstance(who, entities.Entity) and who.level is not None:
        return who, who.level
    return who, level


def project_partner(
    partner: PartnerRecord, chain: Sequence[Place], owner: str = ""
) -> tuple[entities.Entity | str, PartnerLevel] | None:
    """The government body a project's partner is, and its level, or None if neither is said.
    Resolved as the case study's partnerships are: an unnamed body with no place belongs to
    ``owner`` (the case study's organisation) alone."""
    return government_body(partner.name, partner.level, chain, owner)


def donors_named(
    case_study: CaseStudyRecord, lines: Sequence[str]
) -> list[tuple[entities.Entity, Span]]:
    """The donors a case study names in its text (the table's, and new ones named as funders),
    then any funder of its projects it does not name there, with the lines that name them."""
    named = list(entities.find_donors(lines, case_study.span.first_line))
    seen = {entity.key for entity, _ in named}
    # a donor the table does not list, named as a funder ("with the support of the X Fund")
    for name, span in funding.named_funders(lines, case_study.span.first_line):
        entity = donor_entity(name, PartyKind.DONOR)
        if entity and entity.key not in seen:
            seen.add(entity.key)
            named.append((entity, span))
    for project in case_study.projects:
        for contribution in project.contributions:
            entity = donor_entity(contribution.party, contribution.party_kind)
            if entity and entity.key not in seen:
                seen.add(entity.key)
                named.append((entity, contribution.span))
    return named


def copied_summary(case_study: CaseStudyRecord, document: ParsedDocument) -> Span | None:
    """The summary's lines when the book printed another case study's summary there: it
    names another organisation of the book and not the case study's own."""
    span = case_study.section_spans.get("summary")
    if span is None:
        return None
    text = entities.normalise_name(" ".join(document.lines[span.first_line - 1 : span.last_line]))

    def named(organisation: str) -> bool:
        core = entities.organisation_core(organisation)
        return bool(core) and re.search(rf"\b{re.escape(core)}\b", text) is not None

    others = [c for c in document.case_studies if c.number != case_study.number]
    if not named(case_study.organisation) and any(named(c.organisation) for c in others):
        return span
    return None


def government_partners(
    case_study: CaseStudyRecord,
    lines: Sequence[str],
    chain: Sequence[Place],
    skip: Span | None = None,
) -> list[tuple[entities.Entity | str, PartnerLevel, Span]]:
    """The government bodies a case study says its organisation worked with, each once, with
    its level and the line that states the collaboration (``partners.collaborations``).
    ``skip``: lines that are not the case study's own (a summary copied from another)."""
    first = case_study.span.first_line
    if skip is not None:
        lines = [
            "" if skip.first_line <= first + i <= skip.last_line else line
            for i, line in enumerate(lines)
        ]
    out: dict[str, tuple[entities.Entity | str, PartnerLevel, Span]] = {}
    summary = case_study.section_spans.get("summary") if skip is None else None
    for record in partners.collaborations(lines, first, summary):
        resolved = project_partner(record, chain, case_study.organisation)
        if resolved is None:
            continue
        who, level = resolved
        key = who.key if isinstance(who, entities.Entity) else who
        out.setdefault(key, (who, level, record.span))
    return list(out.values())


def sub_body_of_place(
    canonical: str, chain: Sequence[Place], owner: str = ""
) -> tuple[str, PartnerLevel]:
    """ "the welfare department" printed with no host: the one of the case study's district
    or city (a capital with oblast status: its own, at oblast level); else the case study's
    own. Several ("the committees on women and family affairs") are the case study's own."""
    plural = canonical.endswith(" (several)")
    canonical = canonical.removesuffix(" (several)")
    districts = [p for p in chain if p.kind in ("district", "city")]
    place = None if plural or not districts else districts[-1]
    level = PartnerLevel.DISTRICT
    if place is None and not plural:
        place = next((p for p in chain if p.kind == "region"), None)
        level = PartnerLevel.OBLAST
    if place is None:
        what = "several, not named in the source" if plural else "place not named in the source"
        return f"{canonical} ({what}) — {owner}" if owner else f"{canonical} ({what})", level
    body = entities.body_for_place(place.name, level)
    if body is not None and body.level is not None:
        return f"{canonical} of {entities.seat_name(body)}", body.level
    return f"{canonical} of {place.name}", level


_UNNAMED_LABELS = {
    PartnerLevel.MAKHALLA: (("makhalla",), "Makhalla committee"),
    PartnerLevel.JAMOAT: (("jamoat",), "Jamoat"),
    PartnerLevel.DISTRICT: (("district", "city"), "Hukumat"),
    PartnerLevel.OBLAST: (("region",), "Oblast hukumat"),
}


def unnamed_body(
    printed: str, level: PartnerLevel, chain: Sequence[Place], owner: str = ""
) -> entities.Entity | str:
    """'the local Khukumat' names no body: the case study's place says which one it is.

    Returns the named body when the entity table knows it, else a canonical name
    ("Hukumat of Khovaling"). When no place of that level is known, or the words name
    several bodies ("local khukumats"), the body is the case study's own: "Jamoat (place not
    named in the source) — VO X"; never one record shared by all such case studies.
    """
    kinds, label = _UNNAMED_LABELS.get(level, ((), "Government body"))
    plural = partners.is_plural(printed)
    place = None if plural else next((p for p in reversed(chain) if p.kind in kinds), None)
    if place is None and not plural and level == PartnerLevel.DISTRICT:
        # a city with oblast status (Dushanbe) is a region of the gazetteer: its Khukumat
        for region in (p for p in chain if p.kind == "region"):
            if found := entities.body_for_place(region.name, level):
                return found
    if place is None:
        what = (
            f"{label}s (not named in the source)"
            if plural
            else f"{label} (place not named in the source)"
        )
        return f"{what} — {owner}" if owner else what
    if found := entities.body_for_place(place.name, level):
        return found
    if level == PartnerLevel.JAMOAT:
        name = f"Jamoat {place.name}"
    elif level == PartnerLevel.MAKHALLA:
        name = f"Makhalla committee of {place.name}"
    else:
        name = f"{label} of {place.name}"
    return entities.resolve_government(name) or name


def registration_status(case_study: CaseStudyRecord) -> RegistrationStatus:
    if case_study.not_registered:
        return RegistrationStatus.NOT_REGISTERED
    if case_study.registered:
        return RegistrationStatus.REGISTERED
    return RegistrationStatus.UNKNOWN


# --- places ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where a record is: the chain of places from the region down, and any problem."""

    chain: tuple[Place, ...]
    warning: str = ""  # why no place was found, for the load report

    @property
    def region(self) -> str | None:
        return next((p.key for p in self.chain if p.kind == "region"), None)

    @property
    def district(self) -> str | None:
        return next((p.key for p in self.chain if p.kind in ("district", "city")), None)

    @property
    def local(self) -> frozenset[str]:
        """Jamoats, villages and makhallas of the chain."""
        return frozenset(p.key for p in self.chain if p.kind in ("jamoat", "village", "makhalla"))


def locate_case_study(
    case_study: CaseStudyRecord, document: ParsedDocument, gazetteer: Gazetteer
) -> Location:
    """Where a case study's organisation is: its address, else places its text names,
    within the region group the book lists it under."""
    allowed = region_group_places(case_study.book_region)
    chain = gazetteer.locate(case_study.contact.address)
    if chain and chain[0].key in allowed:
        return Location(tuple(chain))
    text = "\n".join(document.lines[case_study.span.first_line - 1 : case_study.span.last_line])
    for place in gazetteer.mentions(text):
        if place.kind != "country" and gazetteer.region_of(place).key in allowed:
            located = [a for a in gazetteer.ancestors(place) if a.kind != "country"]
            return Location((*located, place))
    return Location(
        (),
        warning=(
            f"{document.file_name}:{case_study.span.first_line} {case_study.organisation}: "
            f"no place of the book's region {case_study.book_region!r} found in its address "
            f"{case_study.contact.address!r} or text"
        ),
    )


# --- where an organisation works -----------------------------------------------------------

# A sentence says where the organisation works when it names its branches or offices ("The
# association has 6 branches in ..."), or where an activity was held, carried out or covered
# ("Five trainings were held in ...", "Seminars covered women in ...").
_PRESENCE = re.compile(
    r"\b(?:has|have|had|opened|with|its|their|our)\s+(?:\w+\s+){0,2}?"
    r"(?:branch(?:es)?|offices?|representations?|filials?)\b",
    re.IGNORECASE,
)
_ACTIVITY = re.compile(
    r"\b(?:held|conducted|carried out|organi[sz]ed|implemented|reali[sz]ed|took place|taught|teach"
    r"|trained|trainings?|seminars?|workshops?|round-?tables?|courses|projects?|programmes?"
    r"|covers|covered)\b|\b(?:works?|worked|working|operates?|operated|active)\s+in\b",
    re.IGNORECASE,
)
# Not where it works: plans, and a person's biography ("I worked as the vice-chairman of ...").
_NOT_DONE = re.compile(r"\b(?:will|plans?|planned|intends?|is to be)\b", re.IGNORECASE)
_BIOGRAPHY = re.compile(r"\b(?:I|he|she|born|graduated)\b")
# The places of a locative phrase: "in Dushanbe, Vahdat and Gissar rayons", up to the end of
# the phrase, with any list in brackets ("Khatlon Oblast (Kulyab, Vose)"); "B.Gafurov" keeps
# its dot. "of" ends it: "the Khukumat of X" is where
# someone else is.
_LOCATIVE = re.compile(
    r"\b(?:in|at|across|throughout|within)\s+(?P<places>(?:[^.;:]|\.(?=\S))*?)"
    r"(?=\.(?:\s|$)|[;:]|\b(?:with|by|for|from|which|who|that|under|of|to)\b|$)"
)
# "a technician from technical training college # 33 in Dushanbe": the place of another
# institution, not of the activity.
_INSTITUTION_BEFORE = re.compile(
    r"\b(?:colleges?|schools?|universit(?:y|ies)|institutes?|cent(?:re|er)s?|departments?"
    r"|committees?|offices?|k?hukumats?|ministr(?:y|ies)|courts?|hospitals?|administrations?)"
    r"(?:\s+(?:of|for)\s+[\w\s-]{1,40}?)?(?:\s*#\s*\d+)?\s*$",
    re.IGNORECASE,
)
# ... unless it is the organisation's own: "opened its office in Khorog".
_OWN_SEAT_BEFORE = re.compile(_PRESENCE.pattern + r"\s*$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“«(•\-])|\n\n|\s*•\s*")
# Sections that tell what was done; "Plans for the future" tells what is not done yet.
_DONE_SECTIONS = (
    "summary",
    "general_information",
    "background",
    "activity",
    "achievements",
    "conclusion",
)


def works_in_sentence(sentence: str, gazetteer: Gazetteer) -> list[Place]:
    """The places a sentence says the organisation works in (empty for any other sentence)."""
    if _NOT_DONE.search(sentence) or _BIOGRAPHY.search(sentence):
        return []
    if not (_PRESENCE.search(sentence) or _ACTIVITY.search(sentence)):
        return []
    found: dict[str, Place] = {}
    for phrase in _LOCATIVE.finditer(sentence):
        before = sentence[: phrase.start()]
        if _INSTITUTION_BEFORE.search(before) and not _OWN_SEAT_BEFORE.search(before):
            continue
        for place in gazetteer.mentions(phrase["places"]):
            if place.kind != "country":
                found.setdefault(place.key, place)
    return list(found.values())


def works_in(case_study: CaseStudyRecord, gazetteer: Gazetteer) -> frozenset[str]:
    """The places a case study says its organisation works in: its branches and offices, and
    where its activities were held. Places only named (a partner's seat, a biography, a plan)
    are not among them."""
    places: set[str] = set()
    for key in _DONE_SECTIONS:
        for sentence in _SENTENCE_BREAK.split(case_study.sections.get(key, "")):
            places.update(p.key for p in works_in_sentence(" ".join(sentence.split()), gazetteer))
    return frozenset(places)


def locate_profile(profile: ProfileRecord, gazetteer: Gazetteer) -> tuple[Location, frozenset]:
    """A web page's organisation: its home (from its address, else the place where the page
    says it opened its office or delegation) and the places it works in."""
    home = gazetteer.locate(profile.contact.address) if profile.contact.address else []
    if not home:
        home = next(
            (
                _chain_of(place, gazetteer)
                for milestone in profile.milestones
                if page_facts.is_office_opening(milestone.text)
                for place in gazetteer.mentions(milestone.text)
                if place.kind != "country"
            ),
            [],
        )
    active = frozenset(
        place.key
        for place in gazetteer.mentions(" ; ".join(profile.regions))
        if place.kind != "country"
    )
    return Location(tuple(home)), active


def _chain_of(place: Place, gazetteer: Gazetteer) -> list[Place]:
    return [*(a for a in gazetteer.ancestors(place) if a.kind != "country"), place]


# A pin this close (in degrees) to the country's centre marks the country, not an address.
COUNTRY_PIN_TOLERANCE = Decimal("0.05")


def profile_coordinates(
    profile: ProfileRecord, gazetteer: Gazetteer
) -> tuple[Decimal, Decimal] | None:
    """Where the page pins the organisation, unless the pin only says "Tajikistan"."""
    if profile.coordinates is None:
        return None
    latitude, longitude = profile.coordinates
    for country in (p for p in gazetteer if p.kind == "country"):
        if country.lat is None or country.lon is None:
            continue
        if (
            abs(latitude - Decimal(str(country.lat))) <= COUNTRY_PIN_TOLERANCE
            and abs(longitude - Decimal(str(country.lon))) <= COUNTRY_PIN_TOLERANCE
        ):
            return None
    return profile.coordinates


@dataclass(frozen=True)
class ProfilePartner:
    """What a web page's partner is in the catalogue: one record, of a kind, with a level."""

    entity: entities.Entity | None
    name: str  # canonical if the table knows it, else as printed without its acronym
    kind: OrganisationKind
    level: PartnerLevel | None  # government partners only
    acronym: str = ""


def profile_partner(partner: PartnerRecord) -> ProfilePartner:
    """The kind is the table's, else decided by the name ("Ministry of ..." is government,
    "... Red Crescent ..." a national society, "United Nations ..." international, any other
    an NGO); a government body's level is the table's, the page's, else national for a
    ministry, committee or agency of the state."""
    entity = entities.resolve_any(partner.name)
    acronym = ""
    name = partner.name
    if entity is None and (bracket := re.search(r"\s*\(([^()]+)\)$", name)):
        name, acronym = name[: bracket.start()], bracket.group(1)
    kind = entity.organisation_kind if entity else entities.classify_organisation(name)
    if entity is None and _STATE_BODY.search(name):
        kind = OrganisationKind.GOVERNMENT
    level = None
    if kind == OrganisationKind.GOVERNMENT:
        level = (entity.level if entity else None) or partner.level
        level = level or entities.printed_level(name) or PartnerLevel.NATIONAL
    return ProfilePartner(entity, entity.name if entity else name, kind, level, acronym)


# Names of state bodies the organisation-kind rules do not cover.
_STATE_BODY = re.compile(
    r"\b(?:committee|agency|service|inspectorate|council)\b.*\b(?:under the|of the republic)\b"
    r"|\bstate (?:committee|agency|service)\b|\bgovernment of\b",
    re.IGNORECASE,
)


# --- the source's own figures --------------------------------------------------------------


def verify_figures(documents: Iterable[tuple[object, ParsedDocument]]) -> None:
    """The loader checks the parsers' work: every amount is printed in the lines it cites."""
    for _, parsed in documents:
        for case_study in parsed.case_studies:
            for project in case_study.projects:
                figures: list[tuple[Money, Span]] = [
                    (c.money, c.span) for c in project.contributions if c.money
                ]
                if project.total is not None:
                    figures.append((project.total, project.span))
                for money, span in figures:
                    lines = parsed.lines[span.first_line - 1 : span.last_line]
                    if not printed_in_lines(money.printed, lines):
                        raise LoadError(
                            f"{parsed.file_name}:{span.first_line}-{span.last_line}: "
                            f"{money.printed!r} is not printed in the lines it cites "
                            f"({project.title!r})"
                        )


def flag_warnings(parsed: ParsedDocument, case_study: CaseStudyRecord) -> list[str]:
    """One line per data-quality flag of the case study's projects, with file and lines."""
    warnings = []
    for project in case_study.projects:
        for flag in project.funding_flags():
            printed_parts = (
                " + ".join(c.money.printed for c in project.contributions if c.money) or "none"
            )
            stated = project.total.printed if project.total else "none"
            warnings.append(
                f"{parsed.file_name}:{project.span.first_line}-{project.span.last_line} "
                f"{case_study.organisation} / {project.title}: {FLAG_LABELS[flag]} "
                f"(stated total {stated}; parts {printed_parts})"
            )
    return warnings

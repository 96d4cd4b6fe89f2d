"""Plain records that the parsers produce and the loader consumes.

No Django here: parsing is text in, these frozen dataclasses out, so it can be
unit-tested without a database. Names of things (organisations, donors, places)
are kept exactly as printed; resolving them to one record per real thing is a
separate step (see ``entities`` and ``gazetteer``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class ParseError(ValueError):
    """A document cannot be read or does not have the shape its kind requires."""


class DocumentKind(StrEnum):
    BOOK = "book"
    WEB_PAGE = "web_page"


class Currency(StrEnum):
    USD = "USD"
    TJS = "TJS"


class PartyKind(StrEnum):
    COMMUNITY = "community"
    DONOR = "donor"
    GOVERNMENT = "government"


class PartnerLevel(StrEnum):
    NATIONAL = "national"
    OBLAST = "oblast"
    DISTRICT = "district"  # district (rayon) or city
    JAMOAT = "jamoat"


class OrganisationKind(StrEnum):
    NGO = "ngo"  # NGO or public association
    VILLAGE_ORGANISATION = "village_organisation"
    SUPPORT_CENTRE = "support_centre"  # civil society support centre (CSSC)
    NATIONAL_SOCIETY = "national_society"
    INTERNATIONAL = "international"  # international organisation
    DONOR_AGENCY = "donor_agency"
    GOVERNMENT = "government"


@dataclass(frozen=True)
class Span:
    """Lines of a source document, 1-based and inclusive, as an editor numbers them."""

    first_line: int
    last_line: int

    def __post_init__(self) -> None:
        if not 1 <= self.first_line <= self.last_line:
            raise ValueError(f"bad span {self.first_line}-{self.last_line}")

    def contains(self, other: Span) -> bool:
        return self.first_line <= other.first_line and other.last_line <= self.last_line


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"bad month {self.month}")
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError(f"bad day {self.day}")

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: Currency
    printed: str  # exactly as in the text: "$8210", "$47,000", "1218 Somoni"


@dataclass(frozen=True)
class Contact:
    head: str = ""
    address: str = ""
    phones: tuple[str, ...] = ()
    faxes: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    website: str = ""
    span: Span | None = None


@dataclass(frozen=True)
class ContributionRecord:
    party_kind: PartyKind
    party: str  # as printed: "MSDSP", "the VO", "CIDA (Canada)", "local Khukumat"
    money: Money
    span: Span  # the lines that print this amount


@dataclass(frozen=True)
class ProjectRecord:
    title: str  # a short title derived from the paragraph
    description: str  # the paragraph, whitespace folded
    span: Span
    total: Money | None = None  # the stated total, if the text states one
    contributions: tuple[ContributionRecord, ...] = ()
    beneficiaries: str = ""  # as stated, e.g. "10 members", "27 % of women in the village"
    years: tuple[int, ...] = ()  # years named in the paragraph


@dataclass(frozen=True)
class CaseStudyRecord:
    number: int  # 1..25 in book order
    title: str  # the case study's own heading, e.g. "Water is life"
    organisation: str  # as in the table of contents, e.g. "VO Yalabuli"
    book_region: str  # the TOC group: "Dushanbe and RRS", "Soghd", "Khatlon", "GBAO"
    span: Span  # from the title line to the end of the contact block
    # summary, general_information, background, activity, achievements, plans, conclusion
    sections: dict[str, str] = field(default_factory=dict)
    section_spans: dict[str, Span] = field(default_factory=dict)
    contact: Contact = field(default_factory=Contact)
    founded: PartialDate | None = None
    registered: PartialDate | None = None
    not_registered: bool = False
    projects: tuple[ProjectRecord, ...] = ()


@dataclass(frozen=True)
class StatedFigure:
    """A headline figure as a web page states it, e.g. '210 businesses supported ...'."""

    text: str
    span: Span


@dataclass(frozen=True)
class ProfileRecord:
    """What a single-organisation web page says about that organisation."""

    organisation: str  # name as printed
    description: str
    span: Span
    programme_areas: tuple[str, ...] = ()  # as printed
    regions: tuple[str, ...] = ()  # as printed: "Gorno-Badakhshan", "Sughd", "Badakhshon"
    figures: tuple[StatedFigure, ...] = ()
    coordinates: tuple[Decimal, Decimal] | None = None  # (latitude, longitude)
    contact: Contact = field(default_factory=Contact)
    partners: tuple[str, ...] = ()  # other organisations named as partners, as printed


@dataclass(frozen=True)
class ParsedDocument:
    file_name: str
    kind: DocumentKind
    title: str
    publisher: str
    year: int | None
    language: str  # ISO 639-1
    lines: tuple[str, ...]  # the text split into lines; line n is lines[n - 1]
    case_studies: tuple[CaseStudyRecord, ...] = ()
    profile: ProfileRecord | None = None


def lines_of(text: str) -> tuple[str, ...]:
    """Split text into lines the way an editor numbers them (line n is result[n - 1]).

    Only "\\n" ends a line: ``str.splitlines`` would also break on form feeds and
    other separators, and the line numbers cited on the site would drift.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line.removesuffix("\r") for line in lines)

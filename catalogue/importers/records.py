"""Plain records that the parsers produce and the loader consumes.

No Django here: parsing is text in, these frozen dataclasses out, so it can be
unit-tested without a database. Their kinds, dates and spans are the core's
(``catalogue.core``), shared with the models. Names of things (organisations, donors, places)
are kept exactly as printed; resolving them to one record per real thing is a
separate step (see ``entities`` and ``gazetteer``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from catalogue.core.dates import PartialDate
from catalogue.core.figures import funding_flags
from catalogue.core.text import Span
from catalogue.core.vocabulary import (
    ActivityStatus,
    Currency,
    DocumentKind,
    PartnerLevel,
    PartyKind,
)


class ParseError(ValueError):
    """A document cannot be read or does not have the shape its kind requires."""


class LoadError(Exception):
    """The documents parse, but what they say cannot be loaded consistently."""


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
    money: Money | None  # None: a funder named without an amount (counts in no sum)
    span: Span  # the lines that print this amount, or that name the funder
    in_kind: str = ""  # goods given, as printed: "premises", "computers"


@dataclass(frozen=True)
class PartnerRecord:
    """A government body that took part in something, as printed, with its level; on a web
    page, any organisation the page's organisation works with (level None unless government)."""

    name: str  # as printed: "the Khukumat of Faizabad rayon", "local Jamoat", "Ministry of Health"
    level: PartnerLevel | None  # None when the text does not say
    span: Span  # the line that states the collaboration


@dataclass(frozen=True)
class ProjectRecord:
    title: str  # a short title derived from the paragraph
    description: str  # the paragraph, whitespace folded
    span: Span
    total: Money | None = None  # the stated total, if the text states one
    contributions: tuple[ContributionRecord, ...] = ()
    beneficiaries: str = ""  # as stated, e.g. "10 members", "27 % of women in the village"
    years: tuple[int, ...] = ()  # years printed for the activity (first and last are kept)
    status: ActivityStatus = ActivityStatus.CARRIED_OUT
    partners: tuple[PartnerRecord, ...] = ()  # government bodies that took part
    places: tuple[str, ...] = ()  # places named for the activity, as printed
    also_cited: tuple[Span, ...] = ()  # other passages telling the same activity

    def funding_flags(self) -> list[str]:
        """Data-quality codes of this project's figures (``catalogue.core.figures``)."""
        total = (self.total.amount, self.total.currency) if self.total else None
        return funding_flags(
            total,
            [
                (c.money.amount, c.money.currency) if c.money else (None, "")
                for c in self.contributions
            ],
        )


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
class MilestoneRecord:
    """A dated fact a page states: "present in Tajikistan since 1992", "office opened ..."."""

    text: str  # the statement, whitespace folded
    date: PartialDate | None
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
    partners: tuple[PartnerRecord, ...] = ()  # organisations it works with, as printed
    founded: PartialDate | None = None  # founded, or started work in the country
    milestones: tuple[MilestoneRecord, ...] = ()
    projects: tuple[ProjectRecord, ...] = ()  # programmes the page describes


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

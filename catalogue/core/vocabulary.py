"""The one vocabulary of the catalogue: every kind, level and currency a record can have.

Parsers produce these values, models store them (their ``TextChoices`` are built from these
enums, see ``catalogue.models.choices_of``) and the site labels them. An English label
for each member is marked for translation here and translated where it is shown.
"""

from __future__ import annotations

from enum import StrEnum

from catalogue.core.translation import gettext_noop as _


class Vocabulary(StrEnum):
    """A StrEnum whose members each carry an English label (``LABELS``)."""

    @property
    def label(self) -> str:
        return LABELS[type(self)][self.value]


class DocumentKind(Vocabulary):
    BOOK = "book"
    WEB_PAGE = "web_page"


class Currency(Vocabulary):
    USD = "USD"
    TJS = "TJS"


class RegionKind(Vocabulary):
    COUNTRY = "country"
    REGION = "region"
    DISTRICT = "district"
    CITY = "city"
    JAMOAT = "jamoat"
    VILLAGE = "village"
    MAKHALLA = "makhalla"


class OrganisationKind(Vocabulary):
    NGO = "ngo"  # NGO or public association
    VILLAGE_ORGANISATION = "village_organisation"
    SUPPORT_CENTRE = "support_centre"  # civil society support centre (CSSC)
    NATIONAL_SOCIETY = "national_society"
    INTERNATIONAL = "international"  # international organisation
    DONOR_AGENCY = "donor_agency"
    GOVERNMENT = "government"


class RegistrationStatus(Vocabulary):
    UNKNOWN = "unknown"
    REGISTERED = "registered"
    NOT_REGISTERED = "not_registered"


class DonorKind(Vocabulary):
    BILATERAL = "bilateral"
    MULTILATERAL = "multilateral"
    FOUNDATION = "foundation"
    INTERNATIONAL_NGO = "international_ngo"
    EMBASSY = "embassy"
    PRIVATE = "private"
    OTHER = "other"


class PartnerLevel(Vocabulary):
    NATIONAL = "national"
    OBLAST = "oblast"
    DISTRICT = "district"  # district (rayon) or city
    JAMOAT = "jamoat"
    MAKHALLA = "makhalla"  # a makhalla committee: its own kind of body, never a jamoat


class ActivityStatus(Vocabulary):
    """Whether the source tells an activity as done (or under way) or as planned."""

    CARRIED_OUT = "carried_out"
    PLANNED = "planned"


class PartyKind(Vocabulary):
    """Who paid a part of a project's cost."""

    COMMUNITY = "community"
    DONOR = "donor"
    GOVERNMENT = "government"


# Labels per vocabulary: members of different vocabularies may share a value ("district"),
# so one flat dict keyed by member would mix them up.
LABELS: dict[type[Vocabulary], dict[str, str]] = {
    DocumentKind: {
        DocumentKind.BOOK: _("Book"),
        DocumentKind.WEB_PAGE: _("Web page"),
    },
    Currency: {
        Currency.USD: _("US dollar"),
        Currency.TJS: _("Tajik somoni"),
    },
    RegionKind: {
        RegionKind.COUNTRY: _("Country"),
        RegionKind.REGION: _("Region"),
        RegionKind.DISTRICT: _("District"),
        RegionKind.CITY: _("City"),
        RegionKind.JAMOAT: _("Jamoat"),
        RegionKind.VILLAGE: _("Village"),
        RegionKind.MAKHALLA: _("Makhalla"),
    },
    OrganisationKind: {
        OrganisationKind.NGO: _("NGO or public association"),
        OrganisationKind.VILLAGE_ORGANISATION: _("Village organisation"),
        OrganisationKind.SUPPORT_CENTRE: _("Civil society support centre"),
        OrganisationKind.NATIONAL_SOCIETY: _("National society"),
        OrganisationKind.INTERNATIONAL: _("International organisation"),
        OrganisationKind.DONOR_AGENCY: _("Donor agency"),
        OrganisationKind.GOVERNMENT: _("Government body"),
    },
    RegistrationStatus: {
        RegistrationStatus.UNKNOWN: _("Not stated"),
        RegistrationStatus.REGISTERED: _("Registered"),
        RegistrationStatus.NOT_REGISTERED: _("Not registered"),
    },
    DonorKind: {
        DonorKind.BILATERAL: _("Bilateral agency"),
        DonorKind.MULTILATERAL: _("Multilateral agency"),
        DonorKind.FOUNDATION: _("Foundation"),
        DonorKind.INTERNATIONAL_NGO: _("International NGO"),
        DonorKind.EMBASSY: _("Embassy"),
        DonorKind.PRIVATE: _("Private sector"),
        DonorKind.OTHER: _("Other"),
    },
    PartnerLevel: {
        PartnerLevel.NATIONAL: _("National"),
        PartnerLevel.OBLAST: _("Oblast"),
        PartnerLevel.DISTRICT: _("District or city"),
        PartnerLevel.JAMOAT: _("Jamoat"),
        PartnerLevel.MAKHALLA: _("Makhalla committee"),
    },
    ActivityStatus: {
        ActivityStatus.CARRIED_OUT: _("Carried out"),
        ActivityStatus.PLANNED: _("Planned"),
    },
    PartyKind: {
        PartyKind.COMMUNITY: _("Community"),
        PartyKind.DONOR: _("Donor"),
        PartyKind.GOVERNMENT: _("Government"),
    },
}

# Every vocabulary, in the order above.
VOCABULARIES: tuple[type[Vocabulary], ...] = tuple(LABELS)

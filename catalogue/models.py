"""The catalogue's domain: source documents and what was read from them.

Every record the loader writes remembers the document and the lines it came
from (``Sourced``) and a fingerprint of what the loader last wrote
(``import_fingerprint``), so a later load can tell staff edits from its own.
Rules that span rows (a project's parts against its stated total) are computed
and reported, never enforced here: see ``catalogue.core.figures``. Kinds and levels
are the core's vocabulary (``catalogue.core.vocabulary``), turned into choices here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.core import vocabulary
from catalogue.core.dates import PartialDate
from catalogue.core.figures import exceeds, funding_flags
from catalogue.core.text import lines_of
from catalogue.core.vocabulary import Vocabulary


def choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """Django's field choices don't constrain the data: the database does."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def partial_date_checks(prefix: str, model: str) -> list[models.CheckConstraint]:
    """A partial date is a year, a year and month, or a full date: never a day without a month."""
    year, month, day = f"{prefix}_year", f"{prefix}_month", f"{prefix}_day"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{month}__isnull": True})
            | Q(**{f"{month}__gte": 1, f"{month}__lte": 12}),
            name=f"{model}_{prefix}_month_range",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{day}__isnull": True}) | Q(**{f"{day}__gte": 1, f"{day}__lte": 31}),
            name=f"{model}_{prefix}_day_range",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{month}__isnull": True}) | Q(**{f"{year}__isnull": False}),
            name=f"{model}_{prefix}_month_needs_year",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{day}__isnull": True}) | Q(**{f"{month}__isnull": False}),
            name=f"{model}_{prefix}_day_needs_month",
        ),
    ]


def coordinate_checks(model: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
            # Explicit IS NOT NULL: a CHECK that evaluates to NULL passes.
            | Q(
                latitude__isnull=False,
                longitude__isnull=False,
                latitude__gte=-90,
                latitude__lte=90,
                longitude__gte=-180,
                longitude__lte=180,
            ),
            name=f"{model}_point_complete_and_in_range",
        )
    ]


# Years: the database holds a fixed, generous range (a CHECK must be static); forms and
# full_clean() hold the tighter rule, "no later than ten years from today".
YEAR_MIN = 1900
YEAR_MAX_IN_DATABASE = 2100
YEARS_AHEAD = 10


def validate_year_not_far_ahead(value: int | None) -> None:
    """A year at most ``YEARS_AHEAD`` years after the current one."""
    latest = datetime.date.today().year + YEARS_AHEAD
    if value is not None and value > latest:
        raise ValidationError(
            _("%(value)s is too far ahead: a year must be %(latest)s or earlier."),
            code="year_too_far_ahead",
            params={"value": value, "latest": latest},
        )


YEAR_VALIDATORS = [MinValueValidator(YEAR_MIN), validate_year_not_far_ahead]


def year_check(field: str, model: str) -> models.CheckConstraint:
    """A year (when given) lies in 1900..2100; the validators narrow the upper bound."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX_IN_DATABASE}),
        name=f"{model}_{field}_in_range",
    )


def choices_of(vocabulary: type[Vocabulary]) -> type[models.TextChoices]:
    """Django choices for one of the core's vocabularies: same values, labels translated."""
    return models.TextChoices(
        vocabulary.__name__,
        [(member.name, (member.value, _(member.label))) for member in vocabulary],
    )


Currency = choices_of(vocabulary.Currency)
DocumentKind = choices_of(vocabulary.DocumentKind)
RegionKind = choices_of(vocabulary.RegionKind)
OrganisationKind = choices_of(vocabulary.OrganisationKind)
RegistrationStatus = choices_of(vocabulary.RegistrationStatus)
DonorKind = choices_of(vocabulary.DonorKind)
PartnerLevel = choices_of(vocabulary.PartnerLevel)
PartyKind = choices_of(vocabulary.PartyKind)
ActivityStatus = choices_of(vocabulary.ActivityStatus)


class Imported(models.Model):
    """A record the loader may write; staff may edit it, and then the loader keeps their version."""

    import_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Hash of the values the loader last wrote; empty for records staff created."),
    )

    class Meta:
        abstract = True


class SourceDocument(Imported):
    file_name = models.CharField(_("file name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("full text"))
    line_count = models.PositiveIntegerField(_("lines"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["file_name"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            choices_check("kind", DocumentKind, "sourcedocument_kind_valid"),
            year_check("year", "sourcedocument"),
        ]

    def __str__(self) -> str:
        return self.title or self.file_name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:source_detail", kwargs={"slug": self.slug})

    def lines(self) -> list[str]:
        return list(lines_of(self.text))

    def excerpt(self, first_line: int, last_line: int) -> str:
        return "\n".join(self.lines()[first_line - 1 : last_line])


class Sourced(Imported):
    """A record read from a source document, traceable to the exact lines it came from."""

    source_document = models.ForeignKey(
        SourceDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source document"),
    )
    first_line = models.PositiveIntegerField(_("first line"), null=True, blank=True)
    last_line = models.PositiveIntegerField(_("last line"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(first_line__isnull=True, last_line__isnull=True)
                    | Q(
                        source_document__isnull=False,
                        first_line__isnull=False,
                        last_line__isnull=False,
                        first_line__gte=1,
                        last_line__gte=models.F("first_line"),
                    )
                ),
                name="%(app_label)s_%(class)s_line_span_valid",
            )
        ]

    @property
    def is_printed(self) -> bool:
        """Read from lines of a source: its figures are what the source printed, which staff
        correct beside it (``Correction``), never over it."""
        return self.first_line is not None

    @property
    def line_anchor(self) -> str:
        if self.first_line is None:
            return ""
        return f"L{self.first_line}-L{self.last_line}"

    def source_url(self) -> str:
        if self.source_document_id is None or self.first_line is None:
            return ""
        url = reverse("catalogue:source_detail", kwargs={"slug": self.source_document.slug})
        return f"{url}?lines={self.first_line}-{self.last_line}#{self.line_anchor}"

    def source_label(self) -> str:
        if self.source_document_id is None or self.first_line is None:
            return ""
        return _("%(document)s, lines %(first)d–%(last)d") % {
            "document": self.source_document.file_name,
            "first": self.first_line,
            "last": self.last_line,
        }


class RegionQuerySet(models.QuerySet):
    # Levels of the hierarchy: country → region → district or city → jamoat → village/makhalla.
    DEPTH = 5

    def first_level(self) -> RegionQuerySet:
        """The regions proper (Dushanbe, RRS, Soghd, Khatlon, GBAO): no country, no districts."""
        return self.filter(kind=RegionKind.REGION)

    def within(self, regions) -> RegionQuerySet:
        """Each of ``regions`` and every place inside it, however deep (one query, no loop)."""
        ids = [region.pk for region in regions]
        condition = Q(pk__in=ids)
        chain = "parent"
        for _level in range(self.DEPTH - 1):
            condition |= Q(**{f"{chain}__in": ids})
            chain += "__parent"
        return self.filter(condition)


class Region(Imported):
    """A place in the hierarchy country → region → district/city → jamoat → village/makhalla."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text=_("Stable key used in URLs."))
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    aliases = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Spellings used in the sources."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = RegionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region or place")
        verbose_name_plural = _("regions and places")
        constraints = [
            choices_check("kind", RegionKind, "region_kind_valid"),
            models.UniqueConstraint(
                fields=["parent", "name"], name="region_unique_name_per_parent"
            ),
            *coordinate_checks("region"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:region_detail", kwargs={"slug": self.slug})


class VocabularyTerm(Imported):
    """A tag of a small controlled vocabulary, assigned by transparent word rules."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    terms = models.JSONField(
        _("matching words"),
        default=list,
        blank=True,
        help_text=_("Words and phrases whose presence in a text assigns this tag."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(VocabularyTerm):
    history = HistoricalRecords()

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_absolute_url(self) -> str:
        return reverse("catalogue:theme_detail", kwargs={"slug": self.slug})


class CollaborationType(VocabularyTerm):
    history = HistoricalRecords()

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("collaboration type")
        verbose_name_plural = _("collaboration types")

    def get_absolute_url(self) -> str:
        return reverse("catalogue:collaborationtype_detail", kwargs={"slug": self.slug})


class OrganisationQuerySet(models.QuerySet):
    def civil_society(self) -> OrganisationQuerySet:
        """Everything but government bodies: the organisations the catalogue is about."""
        return self.exclude(kind=OrganisationKind.GOVERNMENT)

    def government(self) -> OrganisationQuerySet:
        """Government bodies: the partners of case studies (and some contributors)."""
        return self.filter(kind=OrganisationKind.GOVERNMENT)

    def in_places(self, places) -> OrganisationQuerySet:
        """Based in, or working in, one of ``places`` (ids or a ``values("pk")`` subquery)."""
        return self.filter(
            Q(region_id__in=places) | Q(district_id__in=places) | Q(regions_active__in=places)
        ).distinct()


class Organisation(Sourced):
    name = models.CharField(_("name"), max_length=300, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, db_index=True
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        limit_choices_to={"kind": RegionKind.REGION},
        verbose_name=_("home region"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_organisations",
        limit_choices_to={"kind__in": [RegionKind.DISTRICT, RegionKind.CITY]},
        verbose_name=_("district or city"),
    )
    regions_active = models.ManyToManyField(
        Region,
        blank=True,
        related_name="active_organisations",
        verbose_name=_("works in"),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    founded_month = models.PositiveSmallIntegerField(_("founded (month)"), null=True, blank=True)
    founded_day = models.PositiveSmallIntegerField(_("founded (day)"), null=True, blank=True)
    registration = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.UNKNOWN,
    )
    registered_year = models.PositiveSmallIntegerField(
        _("registered (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    registered_month = models.PositiveSmallIntegerField(
        _("registered (month)"), null=True, blank=True
    )
    registered_day = models.PositiveSmallIntegerField(_("registered (day)"), null=True, blank=True)
    head = models.CharField(_("head"), max_length=300, blank=True)
    address = models.TextField(_("address"), blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    faxes = models.JSONField(_("faxes"), default=list, blank=True)
    emails = models.JSONField(_("e-mails"), default=list, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Names and spellings used in the sources."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    themes = models.ManyToManyField(Theme, through="OrganisationTheme", blank=True)

    objects = OrganisationQuerySet.as_manager()
    # Places are kept with each history row; tags have their own history (OrganisationTheme).
    history = HistoricalRecords(m2m_fields=[regions_active])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            *Sourced.Meta.constraints,
            choices_check("kind", OrganisationKind, "organisation_kind_valid"),
            choices_check("registration", RegistrationStatus, "organisation_registration_valid"),
            *partial_date_checks("founded", "organisation"),
            *partial_date_checks("registered", "organisation"),
            models.CheckConstraint(
                condition=Q(registered_year__isnull=True) | Q(registration="registered"),
                name="organisation_registered_date_needs_registration",
            ),
            *coordinate_checks("organisation"),
            year_check("founded_year", "organisation"),
            year_check("registered_year", "organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:organisation_detail", kwargs={"slug": self.slug})

    @property
    def founded(self) -> PartialDate | None:
        if self.founded_year is None:
            return None
        return PartialDate(self.founded_year, self.founded_month, self.founded_day)

    @property
    def registered(self) -> PartialDate | None:
        if self.registered_year is None:
            return None
        return PartialDate(self.registered_year, self.registered_month, self.registered_day)


class Donor(Sourced):
    name = models.CharField(_("name"), max_length=300, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=DonorKind.choices, default=DonorKind.OTHER
    )
    country = models.CharField(_("country"), max_length=120, blank=True)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Names and spellings used in the sources."),
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donor_record",
        verbose_name=_("same organisation"),
        help_text=_("The catalogue's organisation record of this donor, when it has one."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        constraints = [
            *Sourced.Meta.constraints,
            choices_check("kind", DonorKind, "donor_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:donor_detail", kwargs={"slug": self.slug})


class CaseStudyQuerySet(models.QuerySet):
    def in_places(self, places) -> CaseStudyQuerySet:
        """In one of ``places`` (ids or a ``values("pk")`` subquery) by region, district or a
        named jamoat or village."""
        return self.filter(
            Q(region_id__in=places) | Q(district_id__in=places) | Q(places__in=places)
        ).distinct()


class CaseStudy(Sourced):
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Order of the case study in its book.")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_studies",
        limit_choices_to={"kind": RegionKind.REGION},
        verbose_name=_("region"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_case_studies",
        limit_choices_to={"kind__in": [RegionKind.DISTRICT, RegionKind.CITY]},
        verbose_name=_("district or city"),
    )
    places = models.ManyToManyField(
        Region,
        blank=True,
        related_name="place_case_studies",
        verbose_name=_("jamoats and villages"),
    )
    summary = models.TextField(_("summary"), blank=True)
    general_information = models.TextField(_("general information"), blank=True)
    background = models.TextField(_("background"), blank=True)
    activity = models.TextField(_("activity"), blank=True)
    achievements = models.TextField(_("achievements and key factors"), blank=True)
    plans = models.TextField(_("plans"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    donors = models.ManyToManyField(
        Donor, through="CaseStudyDonor", blank=True, related_name="case_studies"
    )
    themes = models.ManyToManyField(
        Theme, through="CaseStudyTheme", blank=True, related_name="case_studies"
    )
    collaboration_types = models.ManyToManyField(
        CollaborationType, through="CaseStudyCollaboration", blank=True, related_name="case_studies"
    )

    objects = CaseStudyQuerySet.as_manager()
    # Places are kept with each history row; donors and tags have their own history.
    history = HistoricalRecords(m2m_fields=[places])

    SECTION_FIELDS = (
        "summary",
        "general_information",
        "background",
        "activity",
        "achievements",
        "plans",
        "conclusion",
    )

    class Meta:
        ordering = ["number", "title"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            *Sourced.Meta.constraints,
            models.UniqueConstraint(
                fields=["source_document", "number"], name="casestudy_unique_number_per_document"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:casestudy_detail", kwargs={"slug": self.slug})


def tagged_once(model: str, record: str, tag: str) -> models.UniqueConstraint:
    """A record carries a tag once."""
    return models.UniqueConstraint(fields=[record, tag], name=f"{model}_unique")


class Tagging(models.Model):
    """Why a record carries a tag: the words that matched, or empty when staff set it.

    Each concrete tagging names its two foreign keys: the record tagged and the tag.
    """

    record_field: ClassVar[str]
    tag_field: ClassVar[str]

    matched_terms = models.JSONField(_("matched words"), default=list, blank=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.record_field)} · {getattr(self, self.tag_field)}"

    def get_absolute_url(self) -> str:
        return getattr(self, self.record_field).get_absolute_url()

    @classmethod
    def tag_model(cls) -> type[models.Model]:
        return cls._meta.get_field(cls.tag_field).related_model


class CaseStudyTheme(Tagging):
    record_field = "case_study"
    tag_field = "theme"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("theme of a case study")
        verbose_name_plural = _("themes of case studies")
        constraints = [tagged_once("casestudytheme", "case_study", "theme")]


class CaseStudyCollaboration(Tagging):
    record_field = "case_study"
    tag_field = "collaboration_type"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE)
    collaboration_type = models.ForeignKey(CollaborationType, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("collaboration type of a case study")
        verbose_name_plural = _("collaboration types of case studies")
        constraints = [tagged_once("casestudycollaboration", "case_study", "collaboration_type")]


class OrganisationTheme(Tagging):
    record_field = "organisation"
    tag_field = "theme"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("theme of an organisation")
        verbose_name_plural = _("themes of organisations")
        constraints = [tagged_once("organisationtheme", "organisation", "theme")]


class CaseStudyDonor(Sourced):
    """A donor named as funding some of a case study's work, with the line that names it."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE)
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donor of a case study")
        verbose_name_plural = _("donors of case studies")
        constraints = [
            *Sourced.Meta.constraints,
            models.UniqueConstraint(fields=["case_study", "donor"], name="casestudydonor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_study} · {self.donor}"

    def get_absolute_url(self) -> str:
        return self.case_study.get_absolute_url() + "#donors"


class Partnership(Sourced):
    """A case study's collaboration with a government body, at the body's level."""

    case_study = models.ForeignKey(
        CaseStudy,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("case study"),
    )
    government_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        limit_choices_to={"kind": OrganisationKind.GOVERNMENT},
        verbose_name=_("government body"),
    )
    level = models.CharField(_("level"), max_length=20, choices=PartnerLevel.choices, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["case_study", "level", "government_body__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            *Sourced.Meta.constraints,
            choices_check("level", PartnerLevel, "partnership_level_valid"),
            models.UniqueConstraint(
                fields=["case_study", "government_body"], name="partnership_unique_body_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_study} · {self.government_body} ({self.get_level_display()})"

    def get_absolute_url(self) -> str:
        return self.case_study.get_absolute_url() + "#partners"


class ProjectQuerySet(models.QuerySet):
    def with_funding(self) -> ProjectQuerySet:
        """Everything a funding table needs, in a fixed number of queries."""
        return self.select_related(
            "organisation", "case_study", "source_document"
        ).prefetch_related(
            models.Prefetch("contributions", queryset=Contribution.objects.for_funding_table())
        )

    def printing_amounts(self) -> ProjectQuerySet:
        """Projects the source gives a money figure for: a stated total or an amount paid
        (most activities print none; their funders are named without an amount)."""
        paid = Contribution.objects.filter(project=OuterRef("pk"), amount__isnull=False)
        return self.filter(Q(total_amount__isnull=False) | Exists(paid))

    def with_flag_facts(self) -> ProjectQuerySet:
        """What ``core.figures.funding_flags`` reads, as correlated subqueries: how many parts
        print an amount, their sum and largest, whether one is in another currency than the
        total, whether a funder is named without an amount. ``flag_conditions`` turns them
        into the flags in SQL, so a page can count and filter flags without reading every
        project (tests hold the two to the same answer on every project)."""
        parts = Contribution.objects.filter(project=OuterRef("pk"), amount__isnull=False)
        per_project = parts.order_by().values("project")
        return self.annotate(
            flag_parts=Coalesce(
                Subquery(per_project.annotate(n=models.Count("pk")).values("n")), 0
            ),
            flag_parts_sum=Subquery(per_project.annotate(s=models.Sum("amount")).values("s")),
            flag_largest_part=Subquery(per_project.annotate(m=models.Max("amount")).values("m")),
            flag_other_currency=Exists(parts.exclude(currency=OuterRef("total_currency"))),
            flag_named_only=Exists(
                Contribution.objects.filter(project=OuterRef("pk"), amount__isnull=True)
            ),
        )

    def flagged(self, code: str | None = None) -> ProjectQuerySet:
        """Projects with the flag ``code`` (any flag when None), decided in SQL."""
        conditions = flag_conditions()
        if code is not None:
            return self.with_flag_facts().filter(conditions[code])
        any_flag = Q()
        for condition in conditions.values():
            any_flag |= condition
        return self.with_flag_facts().filter(any_flag)

    def of_case_studies(self, case_studies) -> ProjectQuerySet:
        """The projects of ``case_studies`` (a CaseStudy queryset, used as a subquery)."""
        return self.filter(case_study__in=case_studies.values("pk"))

    def of_organisations(self, organisations) -> ProjectQuerySet:
        """Implemented by one of ``organisations`` (a queryset, used as a subquery)."""
        return self.filter(organisation__in=organisations.values("pk"))

    def in_places(self, places) -> ProjectQuerySet:
        """In one of ``places`` (ids or a ``values("pk")`` subquery): through its case study,
        or by a place the project itself names."""
        in_case_studies = CaseStudy.objects.in_places(places).values("pk")
        return self.filter(Q(case_study__in=in_case_studies) | Q(places__in=places)).distinct()


# Half a cent: sums of two-decimal amounts are compared with it, as SQLite adds them as floats.
HALF_CENT = Decimal("0.005")


def flag_conditions() -> dict[str, Q]:
    """``core.figures.funding_flags`` as one condition per flag over ``with_flag_facts``."""
    stated = Q(total_amount__isnull=False)
    has_parts = Q(flag_parts__gt=0)
    one_currency = stated & has_parts & Q(flag_other_currency=False)
    return {
        "parts_do_not_add_up": one_currency
        & (
            Q(flag_parts_sum__gt=F("total_amount") + HALF_CENT)
            | Q(flag_parts_sum__lt=F("total_amount") - HALF_CENT)
        ),
        "mixed_currencies": stated & has_parts & Q(flag_other_currency=True),
        "total_without_breakdown": stated & Q(flag_parts=0) & Q(flag_named_only=False),
        "parts_without_total": Q(total_amount__isnull=True) & has_parts,
        "part_exceeds_total": one_currency & Q(flag_largest_part__gt=F("total_amount")),
    }


class Project(Sourced):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    sequence = models.PositiveSmallIntegerField(
        _("order"),
        null=True,
        blank=True,
        help_text=_("Order of the project within its case study."),
    )
    # Where the loader found the activity in its case study ("2141.1": the first line of its
    # passage, then which of the activities starting on that line): its identity across loads,
    # so an activity read for the first time never takes over another's record and edits.
    import_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("implementing organisation"),
    )
    case_study = models.ForeignKey(
        CaseStudy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("case study"),
    )
    places = models.ManyToManyField(
        Region, blank=True, related_name="projects", verbose_name=_("places")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="projects", verbose_name=_("themes")
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    beneficiaries = models.CharField(_("beneficiaries (as stated)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.CARRIED_OUT,
        db_index=True,
        help_text=_("Whether the source tells the activity as carried out or as planned."),
    )
    also_cited = models.JSONField(
        _("also cited"),
        default=list,
        blank=True,
        help_text=_(
            "Other line spans of the same document that tell this activity: [[first, last], ...]."
        ),
    )
    total_amount = models.DecimalField(
        _("stated total"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    total_currency = models.CharField(
        _("currency of the total"), max_length=3, choices=Currency.choices, blank=True
    )
    total_printed = models.CharField(
        _("total as printed"),
        max_length=60,
        blank=True,
        help_text=_("Exactly as the source prints it."),
    )
    total_usd = models.DecimalField(
        _("stated total in USD"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    total_exchange_rate = models.ForeignKey(
        "ExchangeRate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exchange rate used for the total"),
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[places, themes])

    class Meta:
        ordering = ["case_study__number", "sequence", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            *Sourced.Meta.constraints,
            models.CheckConstraint(
                condition=Q(total_amount__isnull=True) | Q(total_amount__gte=0),
                name="project_total_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total_usd__isnull=True) | Q(total_usd__gte=0),
                name="project_total_usd_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(total_amount__isnull=True) & Q(total_currency=""))
                | (Q(total_amount__isnull=False) & Q(total_currency__in=Currency.values)),
                name="project_total_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="project_years_ordered",
            ),
            year_check("start_year", "project"),
            year_check("end_year", "project"),
            choices_check("status", ActivityStatus, "project_status_valid"),
            models.UniqueConstraint(
                fields=["case_study", "import_key"],
                condition=~Q(import_key=""),
                name="project_unique_import_key_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["total_usd"], name="project_total_usd_idx"),
            models.Index(fields=["case_study", "sequence"], name="project_case_sequence_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:project_detail", kwargs={"slug": self.slug})

    def funding_flags(self) -> list[str]:
        """Data-quality flags computed from the figures as printed (uses prefetched parts)."""
        total = (self.total_amount, self.total_currency) if self.total_amount is not None else None
        parts = [(c.amount, c.currency) for c in self.contributions.all()]
        return funding_flags(total, parts)


class ProjectPartner(Sourced):
    """A government body that took part in a project, at its level, with the line saying so."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partners", verbose_name=_("project")
    )
    government_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="project_partnerships",
        limit_choices_to={"kind": OrganisationKind.GOVERNMENT},
        verbose_name=_("government body"),
    )
    level = models.CharField(_("level"), max_length=20, choices=PartnerLevel.choices, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "level", "government_body__name"]
        verbose_name = _("government partner of a project")
        verbose_name_plural = _("government partners of projects")
        constraints = [
            *Sourced.Meta.constraints,
            choices_check("level", PartnerLevel, "projectpartner_level_valid"),
            models.UniqueConstraint(
                fields=["project", "government_body"], name="projectpartner_unique_body"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.government_body} ({self.get_level_display()})"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url() + "#partners"


class ExchangeRate(Imported):
    """An annual average rate, in units of a currency per US dollar, with its source."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    units_per_usd = models.DecimalField(_("units per US dollar"), max_digits=12, decimal_places=6)
    source = models.TextField(_("source"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["currency", "year"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "year"], name="exchangerate_unique_year"),
            models.CheckConstraint(condition=Q(units_per_usd__gt=0), name="exchangerate_positive"),
            choices_check("currency", Currency, "exchangerate_currency_valid"),
            year_check("year", "exchangerate"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.units_per_usd} {self.currency}/USD"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:exchange_rates") + f"#{self.currency}-{self.year}"


class ContributionQuerySet(models.QuerySet):
    def with_usd(self) -> ContributionQuerySet:
        """Those with a USD amount: the only ones any USD figure may add up."""
        return self.filter(amount_usd__isnull=False)

    def from_known_donors(self) -> ContributionQuerySet:
        """Those whose donor resolves to a donor record."""
        return self.filter(donor__isnull=False)

    def of_projects(self, projects) -> ContributionQuerySet:
        """Parts of the cost of ``projects`` (a Project queryset, used as a subquery)."""
        return self.filter(project__in=projects.values("pk"))

    def of_organisation(self, organisation) -> ContributionQuerySet:
        """Parts of the cost of the projects an organisation implemented."""
        return self.filter(project__organisation=organisation)

    def of_donors(self, donors) -> ContributionQuerySet:
        """Paid by one of ``donors`` (a Donor queryset, used as a subquery)."""
        return self.filter(donor__in=donors.values("pk"))

    def for_funding_table(self) -> ContributionQuerySet:
        """Each row of a funding table: who paid, the rate used and the source lines."""
        return self.select_related("donor", "organisation", "exchange_rate", "source_document")


class Contribution(Sourced):
    """One stated part of a project's cost: who paid, how much, in which currency."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("project")
    )
    sequence = models.PositiveSmallIntegerField(_("order"), default=0)
    party_kind = models.CharField(
        _("party kind"), max_length=20, choices=PartyKind.choices, db_index=True
    )
    party_name = models.CharField(
        _("party (as printed)"),
        max_length=300,
        help_text=_("The contributor as the source names it."),
    )
    donor = models.ForeignKey(
        Donor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("donor"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("contributing organisation"),
        help_text=_("The community organisation or government body that contributed."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty when the source names the funder but not the amount."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    amount_printed = models.CharField(_("amount as printed"), max_length=60, blank=True)
    in_kind = models.CharField(
        _("in kind"),
        max_length=300,
        blank=True,
        help_text=_("Goods given instead of money, as printed: premises, equipment, computers."),
    )
    amount_usd = models.DecimalField(
        _("amount in USD"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    exchange_rate = models.ForeignKey(
        ExchangeRate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exchange rate used"),
    )

    objects = ContributionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "sequence"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            *Sourced.Meta.constraints,
            choices_check("party_kind", PartyKind, "contribution_party_kind_valid"),
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) & Q(currency=""))
                | (Q(amount__isnull=False) & Q(currency__in=Currency.values)),
                name="contribution_amount_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="contribution_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_usd__isnull=True) | Q(amount_usd__gte=0),
                name="contribution_amount_usd_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(donor__isnull=True) | Q(party_kind="donor"),
                name="contribution_donor_only_for_donor_party",
            ),
            models.UniqueConstraint(
                fields=["project", "sequence"], name="contribution_unique_sequence"
            ),
        ]
        indexes = [models.Index(fields=["amount_usd"], name="contribution_usd_idx")]

    def __str__(self) -> str:
        if self.amount is None:
            return f"{self.party_name}: {self.in_kind or _('amount not stated')}"
        printed = self.amount_printed or f"{self.amount} {self.currency}"
        return f"{self.party_name}: {printed}"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url() + f"#contribution-{self.pk}"

    def exceeds_total(self, project: Project | None = None) -> bool:
        """Larger than its project's stated total in the same currency: never right as a part.

        ``project`` is the project as being edited (the admin passes its unsaved values).
        """
        project = project or self.project
        if project.total_amount is None or self.amount is None:
            return False
        return exceeds((self.amount, self.currency), (project.total_amount, project.total_currency))

    @property
    def is_converted(self) -> bool:
        return self.currency != Currency.USD and self.amount_usd is not None


class HeadlineFigure(Sourced):
    """A figure an organisation states about itself, kept as the sentence that states it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="headline_figures"
    )
    sequence = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("statement"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "sequence"]
        verbose_name = _("headline figure")
        verbose_name_plural = _("headline figures")
        constraints = [
            *Sourced.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "source_document", "sequence"],
                name="headlinefigure_unique_sequence",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url() + f"#figure-{self.pk}"


class OrganisationPartner(Sourced):
    """An organisation a source says another works with, outside any case study (a web page's
    "in partnership with the Red Crescent", "with the Ministry of Health")."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partner_links",
        verbose_name=_("organisation"),
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partner_of_links",
        verbose_name=_("partner"),
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=PartnerLevel.choices,
        blank=True,
        help_text=_("For a government partner: the level of government."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "partner__name"]
        verbose_name = _("partner of an organisation")
        verbose_name_plural = _("partners of organisations")
        constraints = [
            *Sourced.Meta.constraints,
            models.CheckConstraint(
                condition=Q(level="") | Q(level__in=PartnerLevel.values),
                name="organisationpartner_level_valid",
            ),
            models.CheckConstraint(
                condition=~Q(organisation=models.F("partner")),
                name="organisationpartner_not_itself",
            ),
            models.UniqueConstraint(
                fields=["organisation", "partner"], name="organisationpartner_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.partner}"

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url() + "#partners"


class Milestone(Sourced):
    """A dated fact a source states about an organisation: started work, office opened ..."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="milestones"
    )
    sequence = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("statement"))
    date_year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    date_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    date_day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "date_year", "date_month", "date_day", "sequence"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            *Sourced.Meta.constraints,
            *partial_date_checks("date", "milestone"),
            year_check("date_year", "milestone"),
            models.UniqueConstraint(
                fields=["organisation", "source_document", "sequence"],
                name="milestone_unique_sequence",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url() + f"#milestone-{self.pk}"

    @property
    def date(self) -> PartialDate | None:
        if self.date_year is None:
            return None
        return PartialDate(self.date_year, self.date_month, self.date_day)


class CorrectionQuerySet(models.QuerySet):
    def for_display(self) -> CorrectionQuerySet:
        return self.select_related("project", "contribution", "created_by")


class Correction(models.Model):
    """A staff reading of a printed figure, kept beside the print and never over it.

    The printed figure stays what every sum, share and flag is computed on (the catalogue
    shows what the sources say); the correction is shown next to it, marked "corrected",
    with its reason. A correction of a contribution's amount names the contribution; one
    with no contribution corrects the project's stated total. The loader never writes
    corrections, so they survive every reload.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("project")
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("contribution"),
        help_text=_("Empty: the correction is of the project's stated total."),
    )
    amount = models.DecimalField(
        _("corrected amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    reason = models.TextField(
        _("reason"), help_text=_("Why the printed figure is wrong, in words a reader can check.")
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=500,
        blank=True,
        help_text=_("Optional: where the corrected figure comes from (a document, a page)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    created_at = models.DateTimeField(_("corrected on"), auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "contribution__sequence", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            choices_check("currency", Currency, "correction_currency_valid"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="correction_amount_not_negative"
            ),
            # One correction per figure: a second reading edits the first (history keeps both).
            models.UniqueConstraint(
                fields=["contribution"],
                condition=Q(contribution__isnull=False),
                name="correction_one_per_contribution",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(contribution__isnull=True),
                name="correction_one_per_total",
            ),
        ]

    def __str__(self) -> str:
        return _("%(figure)s corrected to %(amount)s %(currency)s") % {
            "figure": self.figure_label,
            "amount": self.amount,
            "currency": self.currency,
        }

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url() + f"#{self.anchor}"

    def clean(self) -> None:
        if (
            self.contribution_id
            and self.project_id
            and self.contribution.project_id != self.project_id
        ):
            raise ValidationError(
                {"contribution": _("This contribution belongs to another project.")}
            )

    @property
    def figure_label(self) -> str:
        if self.contribution_id is None:
            return str(_("stated total"))
        return str(self.contribution.party_name)

    @property
    def anchor(self) -> str:
        return f"correction-{self.pk}"

"""Synthetic demo data: a catalogue of any size, to measure pages and queries at scale.

Every demo record traces to one source document, ``DEMO_FILE_NAME``, whose text says the records
are synthetic: that document is the mark, and ``remove()`` deletes exactly the records that cite
it (never a seed record or one staff made). Places, themes, collaboration types and exchange
rates are the catalogue's own (load the seeds first); everything else is generated, with a
share of projects whose figures are inconsistent so that the data-quality flags have work.

Rows go in with ``bulk_create`` in batches inside one transaction: no ``save()``, so no
history rows, and the same ``seed`` builds the same catalogue.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import models, transaction

from catalogue import cache, search
from catalogue import models as m
from catalogue.core import rates

DEMO_FILE_NAME = "demo-data.txt"
DEMO_SLUG = "demo-data"
BATCH_SIZE = 2000
# The share of projects given a defect in their figures, and the defects, by the flag each raises.
INCONSISTENT_SHARE = 0.10
DEFECTS = ("parts_do_not_add_up", "mixed_currencies", "total_without_breakdown", "no_total")

ORGANISATION_KINDS = (
    (m.OrganisationKind.NGO, "Public Association"),
    (m.OrganisationKind.NGO, "Public Organisation"),
    (m.OrganisationKind.VILLAGE_ORGANISATION, "Village Organisation"),
    (m.OrganisationKind.SUPPORT_CENTRE, "Civil Society Support Centre"),
)
NAME_WORDS = (
    "Umed", "Nur", "Bunyod", "Dehkon", "Oshno", "Sarob", "Zarafshon", "Ittifoq", "Mehr",
    "Rushd", "Tamos", "Khorshed", "Navruz", "Bahor", "Obi Hayot", "Zan va Zamin", "Ravnaq",
)  # fmt: skip
DONOR_NAMES = (
    "Fund for Rural Water", "Mountain Communities Trust", "Foundation for Civic Initiatives",
    "Agency for Development Cooperation", "Programme for Local Governance", "Health Partnership",
    "Education Support Fund", "Women's Enterprise Facility", "Climate Resilience Fund",
)  # fmt: skip
ACTIVITIES = (
    "Construction of a school in {place}", "Drinking water supply for {place}",
    "Repair of the irrigation canal in {place}", "Training of women entrepreneurs in {place}",
    "Youth centre for {place}", "Rehabilitation of the health post in {place}",
    "Micro-credit for farmers of {place}", "Kindergarten for {place}",
    "Legal advice for labour migrants' families in {place}", "Bridge over the river in {place}",
)  # fmt: skip
COMMUNITY_NAMES = ("the community", "the residents", "the village organisation", "the mahalla")


@dataclass
class DemoCounts:
    organisations: int = 0
    donors: int = 0
    case_studies: int = 0
    projects: int = 0
    contributions: int = 0

    def items(self) -> Iterable[tuple[str, int]]:
        return ((f.name.replace("_", " "), getattr(self, f.name)) for f in fields(self))


class NoPlaces(Exception):
    """The catalogue has no districts to put demo records in: load the seeds first."""


def demo_document() -> m.SourceDocument | None:
    return m.SourceDocument.objects.filter(file_name=DEMO_FILE_NAME).first()


def counts(document: m.SourceDocument | None = None) -> DemoCounts:
    document = document or demo_document()
    if document is None:
        return DemoCounts()
    return DemoCounts(
        **{
            name: model.objects.filter(source_document=document).count()
            for name, model in DEMO_MODELS.items()
        }
    )


DEMO_MODELS = {
    "organisations": m.Organisation,
    "donors": m.Donor,
    "case_studies": m.CaseStudy,
    "projects": m.Project,
    "contributions": m.Contribution,
}
# Deleted in this order: what points at a record goes before it.
DELETION_ORDER = (
    m.CaseStudyDonor,
    m.Partnership,
    m.ProjectPartner,
    m.Contribution,
    m.Project,
    m.CaseStudy,
    m.Donor,
    m.Organisation,
)


class OutsideReferences(Exception):
    """Records that are not demo data point at demo records: removing these would break them."""


def outside_references(document: m.SourceDocument) -> list[str]:
    """Non-demo records (a seed's or staff's) that point at a demo record, described."""
    found = []
    for model in DELETION_ORDER:
        demo_ids = model.objects.filter(source_document=document).values("pk")
        for relation in model._meta.related_objects:
            related = relation.related_model
            if relation.many_to_many or not issubclass(related, m.Sourced):
                continue  # tag and place rows go with their record; history rows stay
            outside = related.objects.filter(**{f"{relation.field.name}__in": demo_ids}).exclude(
                source_document=document
            )
            if n := outside.count():
                found.append(
                    f"{n} {related._meta.verbose_name_plural} point at demo "
                    f"{model._meta.verbose_name_plural}"
                )
    return found


def remove() -> DemoCounts:
    """Delete every demo record and the demo document; returns what was deleted.

    Raw deletes: Django's ``delete()`` would load each record and write a history row for it
    (hundreds of thousands at scale); demo rows were never in the history to begin with.
    """
    document = demo_document()
    if document is None:
        return DemoCounts()
    with transaction.atomic():
        if problems := outside_references(document):
            raise OutsideReferences("; ".join(problems))
        deleted = counts(document)
        for model in DELETION_ORDER:
            demo = model.objects.filter(source_document=document)
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                _raw_delete(through.objects.filter(**{f"{field.m2m_field_name()}__in": demo}))
            _raw_delete(demo)
        _raw_delete(m.SourceDocument.objects.filter(pk=document.pk))
        after_bulk_writes()
    return deleted


def after_bulk_writes() -> None:
    """What the models' signals would have done for rows written or deleted in bulk: the
    search index follows, and cached pages are outdated."""
    search.rebuild()
    cache.bump_version()


def _raw_delete(queryset: models.QuerySet) -> int:
    return queryset._raw_delete(queryset.db)


def generate(projects: int, *, seed: int = 1, batch_size: int = BATCH_SIZE) -> DemoCounts:
    """Replace the demo data with a fresh set of about ``projects`` projects."""
    with transaction.atomic():
        remove()
        made = Generator(random.Random(seed), batch_size).build(projects, seed)
        after_bulk_writes()
        return made


def _money(amount: Decimal, currency: str) -> str:
    figure = f"{amount:,.0f}"
    return f"${figure}" if currency == "USD" else f"{figure} somoni"


class Generator:
    def __init__(self, rng: random.Random, batch_size: int):
        self.rng = rng
        self.batch_size = batch_size

    def bulk(self, model: type[models.Model], rows: list) -> list:
        return model.objects.bulk_create(rows, batch_size=self.batch_size)

    def build(self, projects: int, seed: int) -> DemoCounts:
        self.load_catalogue()
        text = (
            "Synthetic demo data, generated by `manage.py generate_demo_data "
            f"--projects {projects} --seed {seed}`.\n"
            "Nothing in it is real: remove it with `manage.py generate_demo_data --remove`.\n"
        )
        # Like every demo row, outside the history: bulk_create, no save().
        (self.document,) = m.SourceDocument.objects.bulk_create(
            [
                m.SourceDocument(
                    file_name=DEMO_FILE_NAME,
                    slug=DEMO_SLUG,
                    title="Demo data (synthetic, not real)",
                    publisher="generate_demo_data",
                    kind=m.DocumentKind.WEB_PAGE,
                    checksum=hashlib.sha256(text.encode()).hexdigest(),
                    text=text,
                    line_count=text.count("\n"),
                )
            ]
        )
        self.source = {"source_document": self.document, "first_line": 1, "last_line": 2}
        organisations = self.make_organisations(max(1, projects // 10))
        bodies = self.make_government_bodies()
        donors = self.make_donors(max(20, projects // 200))
        case_studies = self.make_case_studies(organisations, max(1, projects // 5))
        self.make_projects(projects, organisations, case_studies, bodies, donors)
        return counts(self.document)

    def load_catalogue(self) -> None:
        regions = {r.pk: r for r in m.Region.objects.order_by("slug")}

        def first_level(region: m.Region) -> m.Region | None:
            while region is not None and region.kind != m.RegionKind.REGION:
                region = regions.get(region.parent_id)
            return region

        kinds = (m.RegionKind.DISTRICT, m.RegionKind.CITY)
        self.districts = [
            (district, first_level(district))
            for district in regions.values()
            if district.kind in kinds and first_level(district) is not None
        ]
        self.district_by_id = {district.pk: district for district, _ in self.districts}
        if not self.districts:
            raise NoPlaces("No districts in the catalogue: run `manage.py load_seeds` first.")
        self.themes = list(m.Theme.objects.order_by("slug"))
        self.collaboration_types = list(m.CollaborationType.objects.order_by("slug"))
        self.rates = {(r.currency, r.year): r for r in m.ExchangeRate.objects.all()}

    def make_organisations(self, count: int) -> list[m.Organisation]:
        rows = []
        for n in range(1, count + 1):
            kind, phrase = self.rng.choice(ORGANISATION_KINDS)
            district, region = self.rng.choice(self.districts)
            founded = self.rng.randint(1994, 2020)
            rows.append(
                m.Organisation(
                    name=f"{phrase} {self.rng.choice(NAME_WORDS)} {n} (demo)",
                    slug=f"demo-organisation-{n}",
                    kind=kind,
                    region=region,
                    district=district,
                    founded_year=founded,
                    registration=m.RegistrationStatus.REGISTERED,
                    registered_year=founded + self.rng.randint(0, 2),
                    head=f"Head of organisation {n}",
                    description=f"A synthetic organisation working in {district.name}.",
                    **self.source,
                )
            )
        return self.bulk(m.Organisation, rows)

    def make_government_bodies(self) -> dict[int, m.Organisation]:
        """One district administration (hukumat) per district: the government parties."""
        rows = [
            m.Organisation(
                name=f"Hukumat of {district.name} (demo {district.slug})",
                slug=f"demo-hukumat-{district.slug}",
                kind=m.OrganisationKind.GOVERNMENT,
                region=region,
                district=district,
                **self.source,
            )
            for district, region in self.districts
        ]
        created = self.bulk(m.Organisation, rows)
        return {body.district_id: body for body in created}

    def make_donors(self, count: int) -> list[m.Donor]:
        kinds = [k for k in m.DonorKind.values if k != m.DonorKind.OTHER]
        rows = [
            m.Donor(
                name=f"{DONOR_NAMES[n % len(DONOR_NAMES)]} {n} (demo)",
                slug=f"demo-donor-{n}",
                short_name=f"DEMO-{n}",
                kind=self.rng.choice(kinds),
                **self.source,
            )
            for n in range(1, count + 1)
        ]
        return self.bulk(m.Donor, rows)

    def make_case_studies(
        self, organisations: list[m.Organisation], count: int
    ) -> list[m.CaseStudy]:
        rows = []
        for n in range(1, count + 1):
            organisation = self.rng.choice(organisations)
            rows.append(
                m.CaseStudy(
                    title=f"{organisation.name}: working with the district, case {n}",
                    slug=f"demo-case-study-{n}",
                    organisation=organisation,
                    region_id=organisation.region_id,
                    district_id=organisation.district_id,
                    summary="A synthetic case study of a CSO working with local government.",
                    **self.source,
                )
            )
        created = self.bulk(m.CaseStudy, rows)
        self.bulk(
            m.CaseStudyTheme,
            [
                m.CaseStudyTheme(case_study=cs, theme=theme)
                for cs in created
                for theme in self.sample(self.themes, 1, 2)
            ],
        )
        self.bulk(
            m.CaseStudyCollaboration,
            [
                m.CaseStudyCollaboration(case_study=cs, collaboration_type=kind)
                for cs in created
                for kind in self.sample(self.collaboration_types, 1, 2)
            ],
        )
        return created

    def sample(self, population: list, low: int, high: int) -> list:
        return self.rng.sample(population, min(len(population), self.rng.randint(low, high)))

    def make_projects(self, count, organisations, case_studies, bodies, donors) -> None:
        """Projects in batches, each batch with its contributions, places and themes."""
        sequences: dict[int, int] = {}
        case_donors: set[tuple[int, int]] = set()
        partnerships: set[tuple[int, int]] = set()
        for start in range(1, count + 1, self.batch_size):
            plans = []
            for n in range(start, min(count, start + self.batch_size - 1) + 1):
                case_study = self.rng.choice(case_studies) if self.rng.random() < 0.7 else None
                organisation = case_study.organisation if case_study else None
                organisation = organisation or self.rng.choice(organisations)
                plans.append(self.plan_project(n, organisation, case_study, sequences))
            self.bulk(m.Project, [project for project, _ in plans])  # sets their pks
            contributions, places, themes = [], [], []
            for project, parts in plans:
                body = bodies.get(project.organisation.district_id)
                contributions += self.contributions(project, parts, body, donors)
                places.append(
                    m.Project.places.through(
                        project=project, region_id=project.organisation.district_id
                    )
                )
                themes += [
                    m.Project.themes.through(project=project, theme=theme)
                    for theme in self.sample(self.themes, 1, 2)
                ]
                if project.case_study_id and body:
                    partnerships.add((project.case_study_id, body.pk))
            self.bulk(m.Contribution, contributions)
            self.bulk(m.Project.places.through, places)
            self.bulk(m.Project.themes.through, themes)
            case_donors |= {
                (c.project.case_study_id, c.donor_id)
                for c in contributions
                if c.donor_id and c.project.case_study_id
            }
        self.bulk(
            m.CaseStudyDonor,
            [
                m.CaseStudyDonor(case_study_id=cs, donor_id=d, **self.source)
                for cs, d in sorted(case_donors)
            ],
        )
        self.bulk(
            m.Partnership,
            [
                m.Partnership(
                    case_study_id=cs,
                    government_body_id=body,
                    level=m.PartnerLevel.DISTRICT,
                    **self.source,
                )
                for cs, body in sorted(partnerships)
            ],
        )

    def plan_project(self, n, organisation, case_study, sequences):
        """An unsaved project and its parts: [(party kind, amount or None, currency)]."""
        rng = self.rng
        district = self.district_by_id[organisation.district_id]
        start = rng.randint(2000, 2024)
        currency = "USD" if rng.random() < 0.7 else "TJS"
        total = Decimal(rng.randrange(5, 600) * (100 if currency == "USD" else 250))
        parts = self.split(total, currency, rng.randint(1, 4))
        if rng.random() < INCONSISTENT_SHARE:
            total, parts = self.spoil(total, parts, currency)
        sequence = None
        if case_study:
            sequence = sequences[case_study.pk] = sequences.get(case_study.pk, 0) + 1
        total_usd, total_rate = self.usd(total, currency, start)
        project = m.Project(
            title=rng.choice(ACTIVITIES).format(place=district.name),
            slug=f"demo-project-{n}",
            sequence=sequence,
            description=f"Synthetic activity number {n} of the demo data.",
            organisation=organisation,
            case_study=case_study,
            start_year=start,
            end_year=start + rng.choice((0, 0, 1, 2, 3)),
            beneficiaries=f"{rng.randrange(20, 3000)} people",
            status=(
                m.ActivityStatus.PLANNED if rng.random() < 0.1 else m.ActivityStatus.CARRIED_OUT
            ),
            total_amount=total,
            total_currency=currency if total is not None else "",
            total_printed=_money(total, currency) if total is not None else "",
            total_usd=total_usd,
            total_exchange_rate=total_rate,
            **self.source,
        )
        return project, parts

    def split(self, total: Decimal, currency: str, count: int) -> list:
        kinds = [m.PartyKind.DONOR] + [
            self.rng.choice(m.PartyKind.values) for _ in range(count - 1)
        ]
        cuts = sorted(self.rng.sample(range(1, 100), count - 1))
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        amounts = [(total * share / 100).quantize(Decimal(1)) for share in shares]
        amounts[-1] = total - sum(amounts[:-1])
        return [[kind, amount, currency] for kind, amount in zip(kinds, amounts, strict=True)]

    def spoil(self, total, parts, currency):
        """One of the defects real sources have; the flags must report it."""
        defect = self.rng.choice(DEFECTS)
        if defect == "parts_do_not_add_up":
            parts[0][1] = (parts[0][1] * Decimal("1.5")).quantize(Decimal(1)) + 1
        elif defect == "mixed_currencies":
            parts[-1][2] = "TJS" if currency == "USD" else "USD"
        elif defect == "total_without_breakdown":
            parts = []
        else:
            total = None
        return total, parts

    def usd(self, amount, currency, year):
        if amount is None:
            return None, None
        if currency == "USD":
            return amount, None
        try:
            usd, rate = rates.to_usd(amount, currency, year)
        except LookupError:
            return None, None
        return usd, self.rates.get((currency, rate.year))

    def contributions(self, project, parts, body, donors) -> list[m.Contribution]:
        rows = []
        for sequence, (kind, amount, currency) in enumerate(parts, start=1):
            donor = organisation = None
            if kind == m.PartyKind.DONOR:
                donor = self.rng.choice(donors)
                name = donor.name
            elif kind == m.PartyKind.GOVERNMENT and body is not None:
                organisation, name = body, body.name
            else:
                kind, organisation = m.PartyKind.COMMUNITY, project.organisation
                name = self.rng.choice(COMMUNITY_NAMES)
            usd, rate = self.usd(amount, currency, project.start_year)
            rows.append(
                m.Contribution(
                    project=project,
                    sequence=sequence,
                    party_kind=kind,
                    party_name=name,
                    donor=donor,
                    organisation=organisation,
                    amount=amount,
                    currency=currency,
                    amount_printed=_money(amount, currency),
                    amount_usd=usd,
                    exchange_rate=rate,
                    **self.source,
                )
            )
        return rows

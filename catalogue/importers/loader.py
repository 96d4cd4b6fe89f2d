"""Write parsed documents into the catalogue, in one transaction.

Records are keyed on natural keys (a document's file name, a case study's number in
its document, a project's order in its case study, an entity's canonical name ...).
Each record stores a fingerprint of the values the loader wrote; on the next load a
record whose current values no longer match that fingerprint was edited by staff,
and is kept as it is ("kept"). A second load of the same documents changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import OperationalError, connection, models, transaction
from django.db.models.signals import post_save
from django.utils.text import slugify

from catalogue import models as m
from catalogue import search
from catalogue.core import rates
from catalogue.core.dates import PartialDate
from catalogue.core.text import Span
from catalogue.core.vocabulary import PartyKind
from catalogue.importers import entities, resolve, tagging
from catalogue.importers.gazetteer import Gazetteer, Place, load_gazetteer
from catalogue.importers.records import (
    CaseStudyRecord,
    Contact,
    ContributionRecord,
    LoadError,
    Money,
    ParsedDocument,
    PartnerRecord,
    ProfileRecord,
    ProjectRecord,
)
from catalogue.importers.resolve import Location
from catalogue.importers.sources import SourceFile

OUTCOMES = ("created", "updated", "unchanged", "kept")


@dataclass
class LoadReport:
    dry_run: bool = False
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    warnings: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())


# --- fingerprints -----------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A JSON-ready form that is equal for equal values, however they were read."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # "965" for 965, 965.0 and 965.00
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=json.dumps)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    return value


def fingerprint(values: Mapping[str, Any]) -> str:
    encoded = json.dumps(canonical(values), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


# --- related sets: loader-managed relations that belong to a record ----------------


class RegionSet:
    """A many-to-many to places, compared by slug."""

    def __init__(self, attribute: str):
        self.attribute = attribute

    def read(self, obj: models.Model) -> frozenset:
        return frozenset(getattr(obj, self.attribute).values_list("slug", flat=True))

    def write(self, obj: models.Model, value: frozenset) -> None:
        getattr(obj, self.attribute).set(m.Region.objects.filter(slug__in=value))


class TagSet:
    """Tags with the words that matched, through a ``Tagging`` model."""

    def __init__(self, through: type[m.Tagging]):
        self.through = through
        self.owner, self.target = through.record_field, through.tag_field

    def read(self, obj: models.Model) -> frozenset:
        rows = self.through.objects.filter(**{self.owner: obj}).select_related(self.target)
        return frozenset((getattr(row, self.target).slug, tuple(row.matched_terms)) for row in rows)

    def write(self, obj: models.Model, value: frozenset) -> None:
        self.through.objects.filter(**{self.owner: obj}).delete()
        targets = self.through.tag_model().objects.in_bulk(
            [slug for slug, _ in value], field_name="slug"
        )
        for slug, terms in sorted(value):
            self.through.objects.create(
                **{self.owner: obj, self.target: targets[slug]}, matched_terms=list(terms)
            )


class ThemeSlugSet:
    def read(self, obj: m.Project) -> frozenset:
        return frozenset(obj.themes.values_list("slug", flat=True))

    def write(self, obj: m.Project, value: frozenset) -> None:
        obj.themes.set(m.Theme.objects.filter(slug__in=value))


class CaseStudyDonorSet:
    """(donor slug, document id, first line, last line) of each donor a case study names."""

    def read(self, obj: m.CaseStudy) -> frozenset:
        return frozenset(
            (row.donor.slug, row.source_document_id, row.first_line, row.last_line)
            for row in obj.casestudydonor_set.select_related("donor")
        )

    def write(self, obj: m.CaseStudy, value: frozenset) -> None:
        obj.casestudydonor_set.all().delete()
        donors = m.Donor.objects.in_bulk([row[0] for row in value], field_name="slug")
        for slug, document_id, first, last in sorted(value):
            m.CaseStudyDonor.objects.create(
                case_study=obj,
                donor=donors[slug],
                source_document_id=document_id,
                first_line=first,
                last_line=last,
            )


class PartnershipSet:
    """(government body slug, level, document id, first line, last line)."""

    def read(self, obj: m.CaseStudy) -> frozenset:
        return frozenset(
            (p.government_body.slug, p.level, p.source_document_id, p.first_line, p.last_line)
            for p in obj.partnerships.select_related("government_body")
        )

    def write(self, obj: m.CaseStudy, value: frozenset) -> None:
        for partnership in obj.partnerships.all():
            partnership.delete()  # one by one, so the history sees each
        bodies = m.Organisation.objects.in_bulk([row[0] for row in value], field_name="slug")
        for slug, level, document_id, first, last in sorted(value):
            m.Partnership.objects.create(
                case_study=obj,
                government_body=bodies[slug],
                level=level,
                source_document_id=document_id,
                first_line=first,
                last_line=last,
            )


class ProjectPartnerSet:
    """(government body slug, level, document id, first line, last line) of a project."""

    def read(self, obj: m.Project) -> frozenset:
        return frozenset(
            (p.government_body.slug, p.level, p.source_document_id, p.first_line, p.last_line)
            for p in obj.partners.select_related("government_body")
        )

    def write(self, obj: m.Project, value: frozenset) -> None:
        for partner in obj.partners.all():
            partner.delete()  # one by one, so the history sees each
        bodies = m.Organisation.objects.in_bulk([row[0] for row in value], field_name="slug")
        for slug, level, document_id, first, last in sorted(value):
            m.ProjectPartner.objects.create(
                project=obj,
                government_body=bodies[slug],
                level=level,
                source_document_id=document_id,
                first_line=first,
                last_line=last,
            )


CASE_STUDY_SETS = {
    "places": RegionSet("places"),
    "themes": TagSet(m.CaseStudyTheme),
    "collaboration_types": TagSet(m.CaseStudyCollaboration),
    "donors": CaseStudyDonorSet(),
    "partnerships": PartnershipSet(),
}
ORGANISATION_SETS = {
    "regions_active": RegionSet("regions_active"),
    "themes": TagSet(m.OrganisationTheme),
}
PROJECT_SETS = {
    "places": RegionSet("places"),
    "themes": ThemeSlugSet(),
    "partners": ProjectPartnerSet(),
}


# --- drafts: what the documents say about one real thing, merged across documents ---


@dataclass
class OrganisationDraft:
    key: str
    fields: dict[str, Any]
    aliases: list[str]
    sets: dict[str, frozenset] = field(default_factory=dict)
    from_profile: bool = False  # what a web page says, beside what a case study says

    def merge(self, other: OrganisationDraft) -> None:
        """The first document to say something wins; later ones fill gaps and add names.
        Two exceptions: every web page about an organisation adds its text to the
        description, and the book's founding date wins over a page's "started work in"."""
        if self.from_profile and other.from_profile:
            parts = [self.fields.get("description", ""), other.fields.get("description", "")]
            if parts[1] and parts[1] not in parts[0]:
                self.fields["description"] = "\n\n".join(p for p in parts if p)
        if self.from_profile and not other.from_profile and other.fields.get("founded_year"):
            for name in ("founded_year", "founded_month", "founded_day"):
                self.fields[name] = other.fields[name]
        self.from_profile = self.from_profile and other.from_profile
        for name, value in other.fields.items():
            if self.fields.get(name) in (None, "", [], ()):
                self.fields[name] = value
        for alias in other.aliases:
            if alias not in self.aliases:
                self.aliases.append(alias)
        for name, value in other.sets.items():
            combined = self.sets.get(name, frozenset()) | value
            self.sets[name] = merge_tags(combined) if name == "themes" else combined


def merge_tags(tags: Iterable[tuple[str, tuple[str, ...]]]) -> frozenset:
    """One (slug, matched words) per tag, the words of every document that matched it."""
    words: dict[str, set[str]] = defaultdict(set)
    for slug, matched in tags:
        words[slug].update(matched)
    return frozenset((slug, tuple(sorted(matched))) for slug, matched in words.items())


def partial_date_fields(prefix: str, date: PartialDate | None) -> dict[str, int | None]:
    return {
        f"{prefix}_year": date.year if date else None,
        f"{prefix}_month": date.month if date else None,
        f"{prefix}_day": date.day if date else None,
    }


def contact_fields(contact: Contact) -> dict[str, Any]:
    return {
        "head": contact.head,
        "address": contact.address,
        "phones": list(contact.phones),
        "faxes": list(contact.faxes),
        "emails": list(contact.emails),
        "website": contact.website,
    }


def source_fields(document: m.SourceDocument, span: Span) -> dict[str, Any]:
    return {
        "source_document_id": document.pk,
        "first_line": span.first_line,
        "last_line": span.last_line,
    }


def decimal_degrees(value: float | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


class CatalogueLoader:
    """Loads documents: reference data, then organisations and donors, then case studies."""

    def __init__(self, report: LoadReport):
        self.report = report
        self.gazetteer: Gazetteer = load_gazetteer()
        self.used_slugs: dict[type[models.Model], set[str]] = defaultdict(set)
        self.locations: dict[tuple[str, int], Location] = {}
        # Donors and government bodies are named in many places; the first mention in
        # document order is their provenance, and each is written once per load.
        self.written: dict[tuple[type[models.Model], str], models.Model] = {}
        # Ids of what this load has written, so rows can refer to it without a query each.
        self.region_pks: dict[str, int] = {}
        self.rate_pks: dict[tuple[str, int], int] = {}
        self.organisations: dict[str, m.Organisation] = {}

    def load(self, documents: Sequence[tuple[SourceFile, ParsedDocument]]) -> None:
        resolve.verify_figures(documents)
        self.load_regions()
        self.load_vocabularies()
        self.load_exchange_rates()
        stored = {source.name: self.load_document(source, parsed) for source, parsed in documents}
        organisations = self.gather_organisations(documents, stored)
        for draft in organisations.values():
            self.write_organisation(draft)
        for source, parsed in documents:
            document = stored[source.name]
            for case_study in parsed.case_studies:
                self.load_case_study(document, parsed, case_study)
                self.report.warnings.extend(resolve.flag_warnings(parsed, case_study))
            if parsed.profile is not None:
                self.load_headline_figures(document, parsed.profile)
                self.load_milestones(document, parsed.profile)
                self.load_profile_partners(document, parsed.profile)
                self.load_profile_projects(document, parsed, parsed.profile)

    # -- the one write path ----------------------------------------------------------

    def sync(
        self,
        kind: str,
        model: type[models.Model],
        lookup: dict[str, Any],
        fields: dict[str, Any],
        sets: Mapping[str, frozenset] | None = None,
        set_handlers: Mapping[str, Any] | None = None,
        created_with: Mapping[str, Any] | None = None,
    ) -> models.Model:
        """Create, update, leave or keep one record; staff edits always win.

        ``sets`` are loader-managed relations (tags, places, partners) that count as
        part of the record: a staff change to them also keeps the record. ``created_with``
        are values a new record starts with that are not part of its fingerprint (the
        caller keeps them up to date itself).
        """
        sets = dict(sets or {})
        handlers = set_handlers or {}
        wanted = fingerprint({**fields, **sets})
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **fields, **(created_with or {}), import_fingerprint=wanted)
            if sets:
                self.create_whole(obj, sets, handlers)
            else:
                obj.save()
            outcome = "created"
        else:
            current = fingerprint(
                {
                    **{name: getattr(obj, name) for name in fields},
                    **{name: handlers[name].read(obj) for name in sets},
                }
            )
            if not obj.import_fingerprint or current != obj.import_fingerprint:
                outcome = "kept"  # created or changed by staff since the last load
            elif wanted == obj.import_fingerprint:
                outcome = "unchanged"
            else:
                for name, value in fields.items():
                    setattr(obj, name, value)
                obj.import_fingerprint = wanted
                obj.save()
                for name, value in sets.items():
                    handlers[name].write(obj, value)
                outcome = "updated"
        self.report.add(kind, outcome)
        return obj

    @staticmethod
    def create_whole(obj: models.Model, sets: Mapping[str, frozenset], handlers) -> None:
        """Save a new record and write its sets, then record it in the history once, whole:
        not a "+" row without its places and a "~" row (with a copy of every set) per set
        written, which was a third of a first load's statements."""
        obj.skip_history_when_saving = True  # django-simple-history's switch
        try:
            obj.save()
            for name, value in sets.items():
                if value:  # a new record's sets start empty
                    handlers[name].write(obj, value)
        finally:
            del obj.skip_history_when_saving
        post_save.send(
            type(obj),
            instance=obj,
            created=True,
            update_fields=None,
            raw=False,
            using=obj._state.db,
        )

    def unique_slug(self, model: type[models.Model], text: str, lookup: dict[str, Any]) -> str:
        """A readable slug, stable across loads: the record's own slug if it exists."""
        existing = model.objects.filter(**lookup).values_list("slug", flat=True).first()
        base = slugify(text)[:180] or "record"
        slug = existing or base
        n = 2
        while slug in self.used_slugs[model] or (
            not existing and model.objects.filter(slug=slug).exclude(**lookup).exists()
        ):
            slug = f"{base}-{n}"
            n += 1
        self.used_slugs[model].add(slug)
        return slug

    # -- reference data ---------------------------------------------------------------

    def load_regions(self) -> None:
        regions: dict[str, m.Region] = {}
        for place in self.gazetteer:  # parents come before children in the data file
            parent = regions.get(place.parent) if place.parent else None
            if place.parent and parent is None:
                raise LoadError(f"gazetteer: {place.key} names an unknown parent {place.parent}")
            regions[place.key] = region = self.sync(
                "regions",
                m.Region,
                {"slug": place.key},
                {
                    "name": place.name,
                    "kind": place.kind,
                    "parent_id": parent.pk if parent else None,
                    "aliases": list(place.aliases),
                    "latitude": decimal_degrees(place.lat),
                    "longitude": decimal_degrees(place.lon),
                },
            )
            self.region_pks[place.key] = region.pk

    def load_vocabularies(self) -> None:
        for model, kind, vocabulary in (
            (m.Theme, "themes", tagging.load_themes()),
            (m.CollaborationType, "collaboration types", tagging.load_collaboration_types()),
        ):
            for entry in vocabulary:
                self.sync(
                    kind,
                    model,
                    {"slug": entry.slug},
                    {
                        "name": entry.name,
                        "description": entry.description,
                        "terms": list(entry.terms),
                    },
                )

    def load_exchange_rates(self) -> None:
        for year in rates.known_years("TJS"):
            rate = rates.rate_for("TJS", year)
            stored = self.sync(
                "exchange rates",
                m.ExchangeRate,
                {"currency": "TJS", "year": year},
                {"units_per_usd": rate.units_per_usd, "source": rate.source},
            )
            self.rate_pks[("TJS", year)] = stored.pk

    # -- documents --------------------------------------------------------------------

    def load_document(self, source: SourceFile, parsed: ParsedDocument) -> m.SourceDocument:
        lookup = {"file_name": source.name}
        return self.sync(
            "documents",
            m.SourceDocument,
            lookup,
            {
                "slug": self.unique_slug(m.SourceDocument, source.name.rsplit(".", 1)[0], lookup),
                "title": parsed.title,
                "publisher": parsed.publisher,
                "year": parsed.year,
                "language": parsed.language,
                "kind": str(parsed.kind),
                "checksum": source.checksum,
                "text": source.text,
                "line_count": len(parsed.lines),
            },
        )

    # -- places -----------------------------------------------------------------------

    def location(self, case_study: CaseStudyRecord, document: ParsedDocument) -> Location:
        key = (document.file_name, case_study.number)
        if key not in self.locations:
            location = resolve.locate_case_study(case_study, document, self.gazetteer)
            if location.warning:
                self.report.warnings.append(location.warning)
            self.locations[key] = location
        return self.locations[key]

    def region_id(self, key: str | None) -> int | None:
        return None if key is None else self.region_pks[key]

    # -- organisations ----------------------------------------------------------------

    def gather_organisations(
        self,
        documents: Sequence[tuple[SourceFile, ParsedDocument]],
        stored: Mapping[str, m.SourceDocument],
    ) -> dict[str, OrganisationDraft]:
        drafts: dict[str, OrganisationDraft] = {}
        for source, parsed in documents:
            document = stored[source.name]
            drafts_here: list[OrganisationDraft] = [
                self.case_study_organisation(document, parsed, case_study)
                for case_study in parsed.case_studies
            ]
            if parsed.profile is not None:
                drafts_here.append(self.profile_organisation(document, parsed.profile))
            for draft in drafts_here:
                if draft.key in drafts:
                    drafts[draft.key].merge(draft)
                else:
                    drafts[draft.key] = draft
        return drafts

    def case_study_organisation(
        self, document: m.SourceDocument, parsed: ParsedDocument, case_study: CaseStudyRecord
    ) -> OrganisationDraft:
        entity = resolve.organisation_entity(case_study.organisation)
        name = entity.name if entity else case_study.organisation
        location = self.location(case_study, parsed)
        sections = case_study.sections
        fields = {
            "name": name,
            "short_name": entity.short_name if entity and entity.short_name != name else "",
            "kind": str(
                entity.organisation_kind
                if entity
                else entities.classify_organisation(case_study.organisation)
            ),
            "region_id": self.region_id(location.region),
            "district_id": self.region_id(location.district),
            "registration": str(resolve.registration_status(case_study)),
            **partial_date_fields("founded", case_study.founded),
            **partial_date_fields("registered", case_study.registered),
            **contact_fields(case_study.contact),
            "description": sections.get("general_information") or sections.get("summary", ""),
            **source_fields(document, case_study.span),
        }
        aliases = [*(entity.aliases if entity else ()), case_study.organisation]
        sets = {"regions_active": resolve.works_in(case_study, self.gazetteer)}
        return OrganisationDraft(
            key=entity.key if entity else slugify(name), fields=fields, aliases=aliases, sets=sets
        )

    def profile_organisation(
        self, document: m.SourceDocument, profile: ProfileRecord
    ) -> OrganisationDraft:
        entity = resolve.organisation_entity(profile.organisation)
        name = entity.name if entity else profile.organisation
        home, active = resolve.locate_profile(profile, self.gazetteer)
        coordinates = resolve.profile_coordinates(profile, self.gazetteer)
        latitude, longitude = coordinates or (None, None)
        # A programme area is an explicit statement of a theme; prose needs more evidence.
        themes = [
            *tagging.tag_themes(profile.description),
            *tagging.tag_themes("\n".join(profile.programme_areas), min_hits=1),
        ]
        fields = {
            "name": name,
            "short_name": entity.short_name if entity and entity.short_name != name else "",
            "kind": str(
                entity.organisation_kind
                if entity
                else entities.classify_organisation(profile.organisation)
            ),
            "region_id": self.region_id(home.region),
            "district_id": self.region_id(home.district),
            "registration": str(m.RegistrationStatus.UNKNOWN),
            **partial_date_fields("founded", profile.founded),
            **partial_date_fields("registered", None),
            **contact_fields(profile.contact),
            "description": profile.description,
            "latitude": decimal_degrees(latitude),
            "longitude": decimal_degrees(longitude),
            **source_fields(document, profile.span),
        }
        aliases = [*(entity.aliases if entity else ()), profile.organisation]
        sets = {
            "regions_active": active,
            "themes": merge_tags((tag.slug, tuple(tag.matched)) for tag in themes),
        }
        return OrganisationDraft(
            key=entity.key if entity else slugify(name),
            fields=fields,
            aliases=aliases,
            sets=sets,
            from_profile=True,
        )

    def write_organisation(self, draft: OrganisationDraft) -> m.Organisation:
        lookup = {"name": draft.fields["name"]}
        fields = {
            **draft.fields,
            "slug": self.unique_slug(m.Organisation, draft.key, lookup),
            "aliases": [a for a in dict.fromkeys(draft.aliases) if a != draft.fields["name"]],
        }
        fields.setdefault("latitude", None)
        fields.setdefault("longitude", None)
        lookup_name = fields.pop("name")
        sets = {name: draft.sets.get(name, frozenset()) for name in ORGANISATION_SETS}
        organisation = self.sync(
            "organisations",
            m.Organisation,
            {"name": lookup_name},
            fields,
            sets,
            ORGANISATION_SETS,
        )
        self.organisations[lookup_name] = organisation
        return organisation

    def organisation_for(self, name: str) -> m.Organisation:
        entity = resolve.organisation_entity(name)
        return self.organisations[entity.name if entity else name]

    # -- donors and government bodies -------------------------------------------------

    def donor_record(self, entity: entities.Entity, document: m.SourceDocument, span: Span):
        if (m.Donor, entity.key) in self.written:
            return self.written[(m.Donor, entity.key)]
        lookup = {"name": entity.name}
        self.written[(m.Donor, entity.key)] = self.sync(
            "donors",
            m.Donor,
            lookup,
            {
                "slug": self.unique_slug(m.Donor, entity.key, lookup),
                "short_name": entity.short_name if entity.short_name != entity.name else "",
                "kind": str(entity.donor_kind),
                "country": entity.country,
                "aliases": [a for a in entity.aliases if a != entity.name],
                **source_fields(document, span),
            },
        )
        return self.written[(m.Donor, entity.key)]

    def government_body(
        self, who: entities.Entity | str, document: m.SourceDocument, span: Span
    ) -> m.Organisation:
        """The record of a government body, by entity or by the canonical name resolved."""
        if isinstance(who, entities.Entity):
            name, key, aliases = who.name, who.key, [a for a in who.aliases if a != who.name]
        else:
            name, key, aliases = who, slugify(who), []
        if (m.Organisation, key) in self.written:
            return self.written[(m.Organisation, key)]
        lookup = {"name": name}
        self.written[(m.Organisation, key)] = self.sync(
            "government bodies",
            m.Organisation,
            lookup,
            {
                "slug": self.unique_slug(m.Organisation, key, lookup),
                "kind": str(m.OrganisationKind.GOVERNMENT),
                "aliases": aliases,
                **source_fields(document, span),
            },
        )
        return self.written[(m.Organisation, key)]

    # -- case studies, projects, contributions ----------------------------------------

    def load_case_study(
        self,
        document: m.SourceDocument,
        parsed: ParsedDocument,
        case_study: CaseStudyRecord,
    ) -> m.CaseStudy:
        organisation = self.organisation_for(case_study.organisation)
        location = self.location(case_study, parsed)
        chain = location.chain
        lines = parsed.lines[case_study.span.first_line - 1 : case_study.span.last_line]
        text = "\n".join(lines)

        donor_links = set()
        for entity, span in resolve.donors_named(case_study, lines):
            donor = self.donor_record(entity, document, span)
            donor_links.add((donor.slug, document.pk, span.first_line, span.last_line))
        partner_rows = set()
        copied = resolve.copied_summary(case_study, parsed)
        for who, level, span in resolve.government_partners(case_study, lines, chain, copied):
            body = self.government_body(who, document, span)
            partner_rows.add((body.slug, str(level), document.pk, span.first_line, span.last_line))

        lookup = {"source_document_id": document.pk, "number": case_study.number}
        sections = {key: case_study.sections.get(key, "") for key in m.CaseStudy.SECTION_FIELDS}
        record = self.sync(
            "case studies",
            m.CaseStudy,
            lookup,
            {
                "title": case_study.title,
                "slug": self.unique_slug(m.CaseStudy, case_study.title, lookup),
                "organisation_id": organisation.pk,
                "region_id": self.region_id(location.region),
                "district_id": self.region_id(location.district),
                **sections,
                "first_line": case_study.span.first_line,
                "last_line": case_study.span.last_line,
            },
            {
                "places": location.local,
                "themes": frozenset((t.slug, tuple(t.matched)) for t in tagging.tag_themes(text)),
                "collaboration_types": frozenset(
                    (t.slug, tuple(t.matched)) for t in tagging.tag_collaboration(text)
                ),
                "donors": frozenset(donor_links),
                "partnerships": frozenset(partner_rows),
            },
            CASE_STUDY_SETS,
        )
        year = parsed.year
        starting = Counter()  # activities per first line, for each one's key
        for sequence, project in enumerate(case_study.projects, start=1):
            starting[project.span.first_line] += 1
            key = f"{project.span.first_line}.{starting[project.span.first_line]}"
            self.load_project(document, record, organisation, chain, project, (key, sequence), year)
        return record

    def load_project(
        self,
        document: m.SourceDocument,
        case_study: m.CaseStudy,
        organisation: m.Organisation,
        chain: Sequence[Place],
        project: ProjectRecord,
        place: tuple[str, int],
        publication_year: int | None,
    ) -> m.Project:
        """One activity, found again by where the text tells it (``import_key``), not by its
        rank: an activity read for the first time before it takes no other's record."""
        key, sequence = place
        lookup = {"case_study_id": case_study.pk, "import_key": key}
        total = project.total
        year = rates.rate_year(min(project.years, default=None), publication_year)
        total_usd, total_rate = self.usd(total, year) if total else (None, None)
        places = frozenset(p.key for p in chain[-1:] if p.kind != "region")
        themes = frozenset(t.slug for t in tagging.tag_themes(project.description, min_hits=1))
        partners = frozenset(
            (body.slug, str(level), document.pk, span.first_line, span.last_line)
            for body, level, span in self.project_partners(
                document, project, chain, organisation.name
            )
        )
        record = self.sync(
            "projects",
            m.Project,
            lookup,
            {
                "title": project.title,
                "slug": self.unique_slug(
                    m.Project,
                    f"{organisation.short_name or organisation.name} {project.title}",
                    lookup,
                ),
                "description": project.description,
                "organisation_id": organisation.pk,
                "start_year": min(project.years) if project.years else None,
                "end_year": max(project.years) if project.years else None,
                "beneficiaries": project.beneficiaries,
                "status": str(project.status),
                "also_cited": [[span.first_line, span.last_line] for span in project.also_cited],
                "total_amount": total.amount if total else None,
                "total_currency": str(total.currency) if total else "",
                "total_printed": total.printed if total else "",
                "total_usd": total_usd,
                "total_exchange_rate_id": total_rate,
                **source_fields(document, project.span),
            },
            {"places": places, "themes": themes, "partners": partners},
            PROJECT_SETS,
            created_with={"sequence": sequence},
        )
        if record.sequence != sequence:  # the order the text tells: the loader's, not an edit
            m.Project.objects.filter(pk=record.pk).update(sequence=sequence)
            record.sequence = sequence
        for position, contribution in enumerate(project.contributions, start=1):
            money = contribution.money
            usd, rate_id = self.usd(money, year) if money else (None, None)
            donor = resolve.donor_entity(contribution.party, contribution.party_kind)
            contributor = None
            if contribution.party_kind == PartyKind.COMMUNITY:
                contributor = organisation.pk
            elif contribution.party_kind == PartyKind.GOVERNMENT:
                paid_by = resolve.government_contributor(
                    contribution.party, chain, organisation.name
                )
                if paid_by is not None:
                    contributor = self.government_body(paid_by[0], document, contribution.span).pk
            self.sync(
                "contributions",
                m.Contribution,
                {"project_id": record.pk, "sequence": position},
                {
                    "party_kind": str(contribution.party_kind),
                    "party_name": contribution.party,
                    "donor_id": (
                        self.donor_record(donor, document, contribution.span).pk if donor else None
                    ),
                    "organisation_id": contributor,
                    "amount": money.amount if money else None,
                    "currency": str(money.currency) if money else "",
                    "amount_printed": money.printed if money else "",
                    "in_kind": contribution.in_kind,
                    "amount_usd": usd,
                    "exchange_rate_id": rate_id,
                    **source_fields(document, contribution.span),
                },
            )
        return record

    def project_partners(
        self,
        document: m.SourceDocument,
        project: ProjectRecord,
        chain: Sequence[Place],
        owner: str,
    ) -> list[tuple[m.Organisation, str, Span]]:
        """The government bodies that took part in a project, one row per body."""
        rows: dict[str, tuple[m.Organisation, str, Span]] = {}
        for partner in project.partners:
            resolved = resolve.project_partner(partner, chain, owner)
            if resolved is None:
                continue
            who, level = resolved
            body = self.government_body(who, document, partner.span)
            rows.setdefault(body.slug, (body, level, partner.span))
        return list(rows.values())

    def usd(self, money: Money, year: int | None) -> tuple[Decimal, int | None]:
        """The amount in US dollars and the stored rate used (none for dollars)."""
        if money.currency == "USD":
            return money.amount, None
        if year is None:
            raise LoadError(f"{money.printed}: no year to choose an exchange rate")
        usd, rate = rates.to_usd(money.amount, money.currency, year)
        return usd, self.rate_pks[(str(money.currency), rate.year)]

    # -- web page figures -------------------------------------------------------------

    def load_headline_figures(self, document: m.SourceDocument, profile: ProfileRecord) -> None:
        organisation = self.organisation_for(profile.organisation)
        for sequence, figure in enumerate(profile.figures, start=1):
            self.sync(
                "headline figures",
                m.HeadlineFigure,
                {
                    "organisation_id": organisation.pk,
                    "source_document_id": document.pk,
                    "sequence": sequence,
                },
                {
                    "text": figure.text,
                    "first_line": figure.span.first_line,
                    "last_line": figure.span.last_line,
                },
            )

    def load_milestones(self, document: m.SourceDocument, profile: ProfileRecord) -> None:
        organisation = self.organisation_for(profile.organisation)
        for sequence, milestone in enumerate(profile.milestones, start=1):
            self.sync(
                "milestones",
                m.Milestone,
                {
                    "organisation_id": organisation.pk,
                    "source_document_id": document.pk,
                    "sequence": sequence,
                },
                {
                    "text": milestone.text,
                    **partial_date_fields("date", milestone.date),
                    "first_line": milestone.span.first_line,
                    "last_line": milestone.span.last_line,
                },
            )

    def load_profile_partners(self, document: m.SourceDocument, profile: ProfileRecord) -> None:
        """One row per partner an organisation's pages name; the first page to name it wins."""
        organisation = self.organisation_for(profile.organisation)
        for partner in profile.partners:
            resolved = resolve.profile_partner(partner)
            record = self.partner_organisation(resolved, document, partner.span)
            key = (m.OrganisationPartner, f"{organisation.pk}:{record.pk}")
            if record.pk == organisation.pk or key in self.written:
                continue
            self.written[key] = self.sync(
                "organisation partners",
                m.OrganisationPartner,
                {"organisation_id": organisation.pk, "partner_id": record.pk},
                {
                    "level": str(resolved.level) if resolved.level else "",
                    **source_fields(document, partner.span),
                },
            )

    def partner_organisation(
        self, partner: resolve.ProfilePartner, document: m.SourceDocument, span: Span
    ) -> m.Organisation:
        """The partner's record: the catalogue's organisation of that name, a government
        body, or a new organisation of the kind its name tells."""
        if partner.name in self.organisations:
            return self.organisations[partner.name]
        if partner.kind == m.OrganisationKind.GOVERNMENT:
            return self.government_body(partner.entity or partner.name, document, span)
        entity = partner.entity
        key = entity.key if entity else slugify(partner.name)
        if (m.Organisation, key) not in self.written:
            lookup = {"name": partner.name}
            short_name = entity.short_name if entity else partner.acronym
            aliases = [*(entity.aliases if entity else ()), partner.acronym]
            self.written[(m.Organisation, key)] = self.sync(
                "partner organisations",
                m.Organisation,
                lookup,
                {
                    "slug": self.unique_slug(m.Organisation, key, lookup),
                    "short_name": short_name if short_name != partner.name else "",
                    "kind": str(partner.kind),
                    "aliases": [a for a in dict.fromkeys(aliases) if a and a != partner.name],
                    **source_fields(document, span),
                },
            )
        return self.written[(m.Organisation, key)]

    def load_profile_projects(
        self, document: m.SourceDocument, parsed: ParsedDocument, profile: ProfileRecord
    ) -> None:
        """A page's programmes are its organisation's projects, in no case study; keyed by
        (organisation, page, order)."""
        organisation = self.organisation_for(profile.organisation)
        for sequence, project in enumerate(profile.projects, start=1):
            lookup = {
                "case_study_id": None,
                "organisation_id": organisation.pk,
                "source_document_id": document.pk,
                "sequence": sequence,
            }
            year = rates.rate_year(min(project.years, default=None), parsed.year)
            total = project.total
            total_usd, total_rate = self.usd(total, year) if total else (None, None)
            places = frozenset(
                place.key
                for place in self.gazetteer.mentions(" ; ".join(project.places))
                if place.kind != "country"
            )
            partners = frozenset(
                (body.slug, str(level), document.pk, span.first_line, span.last_line)
                for body, level, span in self.project_partners(
                    document, project, (), organisation.name
                )
            )
            themes = tagging.tag_themes(project.description, min_hits=1)
            record = self.sync(
                "projects",
                m.Project,
                lookup,
                {
                    "title": project.title,
                    "slug": self.unique_slug(
                        m.Project,
                        f"{organisation.short_name or organisation.name} {project.title}",
                        lookup,
                    ),
                    "description": project.description,
                    "start_year": min(project.years) if project.years else None,
                    "end_year": max(project.years) if project.years else None,
                    "beneficiaries": project.beneficiaries,
                    "status": str(project.status),
                    "also_cited": [[s.first_line, s.last_line] for s in project.also_cited],
                    "total_amount": total.amount if total else None,
                    "total_currency": str(total.currency) if total else "",
                    "total_printed": total.printed if total else "",
                    "total_usd": total_usd,
                    "total_exchange_rate_id": total_rate,
                    "first_line": project.span.first_line,
                    "last_line": project.span.last_line,
                },
                {
                    "places": places,
                    "themes": frozenset(t.slug for t in themes),
                    "partners": partners,
                },
                PROJECT_SETS,
            )
            for position, contribution in enumerate(project.contributions, start=1):
                self.load_profile_contribution(document, record, contribution, position, year)

    def load_profile_contribution(
        self,
        document: m.SourceDocument,
        project: m.Project,
        contribution: ContributionRecord,
        position: int,
        year: int | None,
    ) -> None:
        money = contribution.money
        usd, rate_id = self.usd(money, year) if money else (None, None)
        donor = resolve.donor_entity(contribution.party, contribution.party_kind)
        body = None
        if contribution.party_kind == PartyKind.GOVERNMENT:
            resolved = resolve.profile_partner(
                PartnerRecord(contribution.party, None, contribution.span)
            )
            body = self.partner_organisation(resolved, document, contribution.span)
        self.sync(
            "contributions",
            m.Contribution,
            {"project_id": project.pk, "sequence": position},
            {
                "party_kind": str(contribution.party_kind),
                "party_name": contribution.party,
                "donor_id": (
                    self.donor_record(donor, document, contribution.span).pk if donor else None
                ),
                "organisation_id": body.pk if body else None,
                "amount": money.amount if money else None,
                "currency": str(money.currency) if money else "",
                "amount_printed": money.printed if money else "",
                "in_kind": contribution.in_kind,
                "amount_usd": usd,
                "exchange_rate_id": rate_id,
                **source_fields(document, contribution.span),
            },
        )


def load_catalogue(
    documents: Sequence[tuple[SourceFile, ParsedDocument]], *, dry_run: bool = False
) -> LoadReport:
    """Load parsed documents in one transaction; a dry run rolls everything back."""
    report = LoadReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            lock_for_load()
            with search.paused():  # indexed once at the end, not on every save
                CatalogueLoader(report).load(documents)
            if not dry_run:
                search.rebuild()
            if dry_run:
                transaction.set_rollback(True)
    except OperationalError as error:  # SQLite: another connection kept the write lock
        if "locked" not in str(error):
            raise
        raise LoadError(ANOTHER_LOAD) from None
    return report


# Any constant shared by every load; PostgreSQL advisory locks are keyed by a 64-bit integer.
LOAD_LOCK_KEY = 0x48414D4B4F5249  # "HAMKORI"
ANOTHER_LOAD = (
    "the database is locked by another load (or another writer): nothing was written; "
    "run load_seeds again when it has finished"
)


def lock_for_load() -> None:
    """Take the database's load lock for this transaction, or raise LoadError if it is held.

    Two loads at once would each create the same records and one would end in an
    IntegrityError. On PostgreSQL an advisory lock, released when the transaction ends, lets
    one load in at a time; the second stops at once with one line. On SQLite a write takes the
    database's write lock until the transaction ends; a second writer waits for it (the
    connection's timeout), then gets "database is locked", which ``load_catalogue`` reports.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOAD_LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise LoadError(ANOTHER_LOAD)
        elif connection.vendor == "sqlite":
            table = connection.ops.quote_name(m.SourceDocument._meta.db_table)
            cursor.execute(f"UPDATE {table} SET id = id WHERE 0 = 1")  # takes the write lock

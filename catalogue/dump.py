"""The whole catalogue as plain data, for `export_catalogue` (shape: docs/export.md).

Amounts are strings (exact decimals, never floats); each record cites its source lines.
Queries are fixed in number: one per list, with the joins each list needs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from catalogue import models as m


def amount(value: Decimal | None) -> str | None:
    if value is None:
        return None
    normalised = value.normalize()
    return format(normalised, "f")


def source(record: m.Sourced) -> dict[str, Any] | None:
    if record.source_document_id is None:
        return None
    return {
        "file": record.source_document.file_name,
        "first_line": record.first_line,
        "last_line": record.last_line,
    }


def registered(organisation: m.Organisation) -> str | None:
    if organisation.registration == m.RegistrationStatus.NOT_REGISTERED:
        return "not registered"
    date = organisation.registered
    return date.isoformat() if date else None


def tags(rows) -> list[dict[str, Any]]:
    """A record's tags with the words that assigned them (empty when staff set the tag)."""
    return [
        {"slug": tag.slug, "name": tag.name, "evidence": list(row.matched_terms)}
        for row in rows
        for tag in [getattr(row, row.tag_field)]
    ]


def places(regions) -> list[dict[str, Any]]:
    return [{"id": r.pk, "name": r.name, "kind": r.kind} for r in regions]


def case_study_donors(case_study: m.CaseStudy) -> list[dict[str, Any]]:
    """The donors a case study names; a "funder" pays a part of one of its projects (money or
    goods, with or without an amount printed), a donor only "named" pays none that the source
    states (a partner, a trainer's employer, a sponsor of an event)."""
    funders = {
        part.donor_id
        for project in case_study.projects.all()
        for part in project.contributions.all()
    }
    return [
        {
            "donor": mention.donor_id,
            "name": mention.donor.name,
            "role": "funder" if mention.donor_id in funders else "named",
            "source": source(mention),
        }
        for mention in case_study.casestudydonor_set.all()
    ]


def also_cited(project: m.Project) -> list[dict[str, Any]]:
    """The other spans of the project's document that tell the same activity."""
    if project.source_document_id is None:
        return []
    return [
        {"file": project.source_document.file_name, "first_line": first, "last_line": last}
        for first, last in (span for span in project.also_cited or () if len(span) == 2)
    ]


def partial_date(date) -> str | None:
    return date.isoformat() if date else None


def usd_total(project: m.Project) -> dict[str, Any] | None:
    if project.total_usd is None:
        return None
    rate = project.total_exchange_rate
    return {
        "amount": amount(project.total_usd),
        "rate": (
            {"units_per_usd": amount(rate.units_per_usd), "year": rate.year} if rate else None
        ),
    }


def corrected(correction: m.Correction, project: m.Project) -> dict[str, Any]:
    """A staff correction beside the printed figure it corrects: ``contribution`` is the index
    of that part in the project's ``contributions`` (null: the stated total)."""
    parts = [c.pk for c in project.contributions.all()]
    return {
        "contribution": (
            parts.index(correction.contribution_id) if correction.contribution_id else None
        ),
        "amount": amount(correction.amount),
        "currency": correction.currency,
        "reason": correction.reason,
        "evidence": correction.evidence,
        "corrected_on": timezone.localdate(correction.created_at).isoformat(),
    }


def export_catalogue() -> dict[str, list[dict[str, Any]]]:
    organisations = m.Organisation.objects.select_related(
        "region", "district", "source_document"
    ).prefetch_related(
        "regions_active",
        Prefetch("organisationtheme_set", m.OrganisationTheme.objects.select_related("theme")),
        Prefetch("milestones", m.Milestone.objects.select_related("source_document")),
        Prefetch(
            "partner_links",
            m.OrganisationPartner.objects.select_related("partner", "source_document"),
        ),
    )
    case_studies = m.CaseStudy.objects.select_related(
        "region", "district", "source_document"
    ).prefetch_related(
        "places",
        Prefetch("casestudytheme_set", m.CaseStudyTheme.objects.select_related("theme")),
        Prefetch(
            "casestudycollaboration_set",
            m.CaseStudyCollaboration.objects.select_related("collaboration_type"),
        ),
        Prefetch(
            "partnerships",
            m.Partnership.objects.select_related("government_body", "source_document"),
        ),
        Prefetch(
            "casestudydonor_set",
            m.CaseStudyDonor.objects.select_related("donor", "source_document"),
        ),
        Prefetch("projects__contributions", m.Contribution.objects.only("project", "donor")),
    )
    projects = m.Project.objects.with_funding().select_related("total_exchange_rate")
    projects = projects.prefetch_related(
        "places",
        "themes",
        "corrections",
        Prefetch(
            "partners",
            m.ProjectPartner.objects.select_related("government_body", "source_document"),
        ),
    )
    return {
        "documents": [
            {
                "file": d.file_name,
                "title": d.title,
                "kind": d.kind,
                "publisher": d.publisher,
                "year": d.year,
                "sha256": d.checksum,
                "lines": d.line_count,
            }
            for d in m.SourceDocument.objects.defer("text")
        ],
        "organisations": [
            {
                "id": o.pk,
                "name": o.name,
                "short_name": o.short_name,
                "kind": o.kind,
                "region": o.region.name if o.region else None,
                "district": o.district.name if o.district else None,
                "founded": o.founded.isoformat() if o.founded else None,
                "registered": registered(o),
                "head": o.head,
                "emails": list(o.emails),
                "aliases": list(o.aliases),
                "works_in": places(o.regions_active.all()),
                "themes": tags(o.organisationtheme_set.all()),
                "milestones": [
                    {"text": s.text, "date": partial_date(s.date), "source": source(s)}
                    for s in o.milestones.all()
                ],
                "partners": [
                    {
                        "organisation": link.partner_id,
                        "name": link.partner.name,
                        "level": link.level or None,
                        "source": source(link),
                    }
                    for link in o.partner_links.all()
                ],
                "source": source(o),
            }
            for o in organisations
        ],
        "case_studies": [
            {
                "id": c.pk,
                "number": c.number,
                "title": c.title,
                "organisation": c.organisation_id,
                "region": c.region.name if c.region else None,
                "district": c.district.name if c.district else None,
                "places": places(c.places.all()),
                "themes": tags(c.casestudytheme_set.all()),
                "collaboration_types": tags(c.casestudycollaboration_set.all()),
                "partners": [
                    {
                        "body": p.government_body_id,
                        "name": p.government_body.name,
                        "level": p.level,
                        "source": source(p),
                    }
                    for p in c.partnerships.all()
                ],
                "donors": case_study_donors(c),
                "source": source(c),
            }
            for c in case_studies
        ],
        "donors": [
            {
                "id": d.pk,
                "name": d.name,
                "kind": d.kind,
                "aliases": list(d.aliases),
                "organisation": d.organisation_id,
            }
            for d in m.Donor.objects.all()
        ],
        "regions": [
            {"id": r.pk, "name": r.name, "kind": r.kind, "parent": r.parent_id}
            for r in m.Region.objects.all()
        ],
        "projects": [
            {
                "id": p.pk,
                "title": p.title,
                "organisation": p.organisation_id,
                "case_study": p.case_study_id,
                "status": p.status,
                "years": (
                    {"first": p.start_year, "last": p.end_year}
                    if p.start_year is not None or p.end_year is not None
                    else None
                ),
                "places": places(p.places.all()),
                "themes": [t.slug for t in p.themes.all()],
                "partners": [
                    {
                        "body": partner.government_body_id,
                        "name": partner.government_body.name,
                        "level": partner.level,
                        "source": source(partner),
                    }
                    for partner in p.partners.all()
                ],
                "total_usd": usd_total(p),
                "total": (
                    {
                        "amount": amount(p.total_amount),
                        "currency": p.total_currency,
                        "printed": p.total_printed,
                    }
                    if p.total_amount is not None
                    else None
                ),
                "contributions": [
                    {
                        "party": c.party_name,
                        "party_kind": c.party_kind,
                        "donor": c.donor_id,
                        "amount": amount(c.amount),
                        "currency": c.currency,
                        "printed": c.amount_printed,
                        "amount_usd": amount(c.amount_usd),
                        "in_kind": c.in_kind,
                        "source": source(c),
                    }
                    for c in p.contributions.all()
                ],
                "flags": p.funding_flags(),
                "corrections": [corrected(c, p) for c in p.corrections.all()],
                "source": source(p),
                "also_cited": also_cited(p),
            }
            for p in projects
        ],
    }

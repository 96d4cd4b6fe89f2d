"""The whole catalogue as plain data, for `export_catalogue` (shape: docs/export.md).

Amounts are strings (exact decimals, never floats); each record cites its source lines.
Queries are fixed in number: one per list, with the joins each list needs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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


def export_catalogue() -> dict[str, list[dict[str, Any]]]:
    organisations = m.Organisation.objects.select_related("region", "district", "source_document")
    case_studies = m.CaseStudy.objects.select_related("region", "district", "source_document")
    projects = m.Project.objects.with_funding()
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
                "source": source(c),
            }
            for c in case_studies
        ],
        "donors": [
            {"id": d.pk, "name": d.name, "kind": d.kind, "aliases": list(d.aliases)}
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
                        "source": source(c),
                    }
                    for c in p.contributions.all()
                ],
                "flags": p.funding_flags(),
                "source": source(p),
            }
            for p in projects
        ],
    }

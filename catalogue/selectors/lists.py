"""Reads for the list pages: one selector per list, with the joins its rows need."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from catalogue.models import CaseStudy, Donor, Organisation, Project


def case_study_list() -> QuerySet[CaseStudy]:
    # Explicit order: Meta.ordering is not applied to aggregating queries, and pages must be stable.
    return (
        CaseStudy.objects.select_related("organisation", "region", "district")
        .annotate(project_count=Count("projects", distinct=True))
        .order_by("number", "title", "pk")
    )


def organisation_list() -> QuerySet[Organisation]:
    return (
        Organisation.objects.select_related("region")
        .annotate(
            case_study_count=Count("case_studies", distinct=True),
            project_count=Count("projects", distinct=True),
        )
        .order_by("name", "pk")
    )


def project_list() -> QuerySet[Project]:
    return Project.objects.select_related("organisation", "case_study__region").order_by(
        "case_study__number", "sequence", "title", "pk"
    )


def donor_list() -> QuerySet[Donor]:
    return Donor.objects.annotate(
        project_count=Count("contributions__project", distinct=True),
        case_study_count=Count("case_studies", distinct=True),
    ).order_by("name", "pk")

"""Reads for the public pages: each returns a queryset with the joins its page needs,
so a page's query count stays flat however many records there are."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from catalogue.models import (
    CaseStudy,
    CaseStudyCollaboration,
    CaseStudyDonor,
    CaseStudyTheme,
    CollaborationType,
    Donor,
    Organisation,
    Partnership,
    Project,
    Region,
    SourceDocument,
    Theme,
)


def case_study_detail() -> QuerySet[CaseStudy]:
    return CaseStudy.objects.select_related(
        "organisation", "region", "district", "source_document"
    ).prefetch_related(
        # Jamoat before makhalla and village: alphabetical kind order is also the hierarchy.
        Prefetch("places", queryset=Region.objects.order_by("kind", "name")),
        Prefetch("projects", queryset=Project.objects.with_funding()),
        Prefetch("casestudydonor_set", queryset=CaseStudyDonor.objects.select_related("donor")),
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.select_related("government_body", "source_document"),
        ),
        Prefetch("casestudytheme_set", queryset=CaseStudyTheme.objects.select_related("theme")),
        Prefetch(
            "casestudycollaboration_set",
            queryset=CaseStudyCollaboration.objects.select_related("collaboration_type"),
        ),
    )


def organisation_detail() -> QuerySet[Organisation]:
    return Organisation.objects.select_related(
        "region", "district", "source_document"
    ).prefetch_related(
        "regions_active",
        "headline_figures__source_document",
        "case_studies",
        Prefetch("projects", queryset=Project.objects.with_funding()),
        Prefetch(
            "partnerships", queryset=Partnership.objects.select_related("case_study__organisation")
        ),
        "organisationtheme_set__theme",
    )


def project_detail() -> QuerySet[Project]:
    return Project.objects.with_funding().prefetch_related("places", "themes")


def donor_detail() -> QuerySet[Donor]:
    return Donor.objects.select_related("source_document").prefetch_related(
        Prefetch(
            "contributions__project",
            queryset=Project.objects.select_related("case_study__region", "organisation"),
        ),
        "contributions__source_document",
        "case_studies__region",
    )


def region_list() -> QuerySet[Region]:
    return (
        Region.objects.filter(kind=Region.Kind.REGION)
        .annotate(
            case_study_count=Count("case_studies", distinct=True),
            organisation_count=Count("organisations", distinct=True),
        )
        .order_by("pk")  # gazetteer order: Dushanbe, RRS, Soghd, Khatlon, GBAO
    )


def region_detail() -> QuerySet[Region]:
    return Region.objects.select_related("parent").prefetch_related(
        "children",
        Prefetch("case_studies", queryset=CaseStudy.objects.select_related("organisation")),
        "organisations",
    )


def theme_detail() -> QuerySet[Theme]:
    return Theme.objects.prefetch_related(
        Prefetch(
            "case_studies", queryset=CaseStudy.objects.select_related("organisation", "region")
        )
    )


def collaboration_type_detail() -> QuerySet[CollaborationType]:
    return CollaborationType.objects.prefetch_related(
        Prefetch(
            "case_studies", queryset=CaseStudy.objects.select_related("organisation", "region")
        )
    )


def source_list() -> QuerySet[SourceDocument]:
    return SourceDocument.objects.defer("text")

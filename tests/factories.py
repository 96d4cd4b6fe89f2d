"""Small factories: each builds one valid record, with keyword overrides."""

from __future__ import annotations

import itertools
from decimal import Decimal

from catalogue import models

_serial = itertools.count(1)


def _n() -> int:
    return next(_serial)


def source_document(**overrides) -> models.SourceDocument:
    n = _n()
    text = overrides.pop("text", "line one\nline two\nline three\n")
    fields = {
        "file_name": f"doc_{n}.txt",
        "slug": f"doc-{n}",
        "title": f"Document {n}",
        "publisher": "Publisher",
        "year": 2007,
        "kind": models.DocumentKind.BOOK,
        "checksum": "0" * 64,
        "text": text,
        "line_count": text.count("\n"),
    }
    fields.update(overrides)
    return models.SourceDocument.objects.create(**fields)


def region(**overrides) -> models.Region:
    n = _n()
    fields = {"name": f"Region {n}", "slug": f"region-{n}", "kind": models.RegionKind.REGION}
    fields.update(overrides)
    return models.Region.objects.create(**fields)


def place_tree() -> dict[str, models.Region]:
    """Tajikistan › Khatlon › Khovaling › Jamoat › Village, and GBAO beside Khatlon."""
    country = region(name="Tajikistan", slug="tajikistan", kind=models.RegionKind.COUNTRY)
    khatlon = region(name="Khatlon", slug="khatlon", parent=country)
    gbao = region(name="GBAO", slug="gbao", parent=country)
    district = region(
        name="Khovaling", slug="khovaling", kind=models.RegionKind.DISTRICT, parent=khatlon
    )
    jamoat = region(name="Jamoat", slug="jamoat", kind=models.RegionKind.JAMOAT, parent=district)
    village = region(name="Village", slug="village", kind=models.RegionKind.VILLAGE, parent=jamoat)
    return {
        "country": country,
        "khatlon": khatlon,
        "gbao": gbao,
        "district": district,
        "jamoat": jamoat,
        "village": village,
    }


def theme(**overrides) -> models.Theme:
    n = _n()
    fields = {"name": f"Theme {n}", "slug": f"theme-{n}", "terms": ["water"]}
    fields.update(overrides)
    return models.Theme.objects.create(**fields)


def collaboration_type(**overrides) -> models.CollaborationType:
    n = _n()
    fields = {"name": f"Collaboration {n}", "slug": f"collaboration-{n}"}
    fields.update(overrides)
    return models.CollaborationType.objects.create(**fields)


def organisation(**overrides) -> models.Organisation:
    n = _n()
    fields = {
        "name": f"Organisation {n}",
        "slug": f"organisation-{n}",
        "kind": models.OrganisationKind.NGO,
    }
    fields.update(overrides)
    return models.Organisation.objects.create(**fields)


def donor(**overrides) -> models.Donor:
    n = _n()
    fields = {"name": f"Donor {n}", "slug": f"donor-{n}", "kind": models.DonorKind.BILATERAL}
    fields.update(overrides)
    return models.Donor.objects.create(**fields)


def case_study(**overrides) -> models.CaseStudy:
    n = _n()
    fields = {"title": f"Case study {n}", "slug": f"case-study-{n}"}
    fields.update(overrides)
    if "organisation" not in fields:  # not setdefault: that would build a spare record
        fields["organisation"] = organisation()
    return models.CaseStudy.objects.create(**fields)


def project(**overrides) -> models.Project:
    n = _n()
    fields = {"title": f"Project {n}", "slug": f"project-{n}"}
    fields.update(overrides)
    if "organisation" not in fields:
        fields["organisation"] = (
            fields["case_study"].organisation if "case_study" in fields else organisation()
        )
    return models.Project.objects.create(**fields)


def exchange_rate(**overrides) -> models.ExchangeRate:
    fields = {
        "year": 2006,
        "currency": models.Currency.TJS,
        "units_per_usd": Decimal("3.30"),
        "source": "test",
    }
    fields.update(overrides)
    return models.ExchangeRate.objects.create(**fields)


def contribution(**overrides) -> models.Contribution:
    fields = {
        "party_kind": models.PartyKind.COMMUNITY,
        "party_name": "the VO",
        "amount": Decimal("100"),
        "currency": models.Currency.USD,
        "amount_printed": "$100",
        "amount_usd": Decimal("100"),
    }
    fields.update(overrides)
    if "project" not in fields:
        fields["project"] = project()
    fields.setdefault("sequence", _n())
    return models.Contribution.objects.create(**fields)


def partnership(**overrides) -> models.Partnership:
    fields = {"level": models.PartnerLevel.DISTRICT}
    fields.update(overrides)
    if "case_study" not in fields:
        fields["case_study"] = case_study()
    if "government_body" not in fields:
        fields["government_body"] = organisation(kind=models.OrganisationKind.GOVERNMENT)
    return models.Partnership.objects.create(**fields)


def one_of_everything() -> dict[str, object]:
    """A small connected catalogue: one record of every model."""
    document = source_document()
    khatlon = region(name="Khatlon", slug="khatlon")
    district = region(
        name="Khovaling", slug="khovaling", kind=models.RegionKind.DISTRICT, parent=khatlon
    )
    water = theme(name="Water and sanitation", slug="water")
    cofinancing = collaboration_type(name="Co-financing", slug="co-financing")
    org = organisation(
        region=khatlon, district=district, source_document=document, first_line=1, last_line=2
    )
    cs = case_study(
        organisation=org, region=khatlon, source_document=document, first_line=1, last_line=3
    )
    models.CaseStudyTheme.objects.create(case_study=cs, theme=water, matched_terms=["water"])
    models.CaseStudyCollaboration.objects.create(case_study=cs, collaboration_type=cofinancing)
    models.OrganisationTheme.objects.create(organisation=org, theme=water)
    cida = donor(name="CIDA", slug="cida", aliases=["CIDA (Canada)"])
    models.CaseStudyDonor.objects.create(
        case_study=cs, donor=cida, source_document=document, first_line=2, last_line=2
    )
    proj = project(
        case_study=cs, total_amount=Decimal("965"), total_currency="USD", total_printed="$965"
    )
    rate = exchange_rate()
    contrib = contribution(
        project=proj, party_kind="donor", party_name="CIDA", donor=cida, exchange_rate=rate
    )
    partner = partnership(case_study=cs)
    figure = models.HeadlineFigure.objects.create(organisation=org, text="210 businesses supported")
    project_partner = models.ProjectPartner.objects.create(
        project=proj, government_body=partner.government_body, level=partner.level
    )
    organisation_partner = models.OrganisationPartner.objects.create(
        organisation=org, partner=partner.government_body, level=partner.level
    )
    milestone = models.Milestone.objects.create(
        organisation=org,
        text="Started work in Tajikistan in June 1997",
        date_year=1997,
        date_month=6,
    )
    correction = models.Correction.objects.create(
        project=proj,
        contribution=contrib,
        amount=Decimal("956"),
        currency="USD",
        reason="The annual report gives 956.",
    )
    return {
        "document": document,
        "region": khatlon,
        "district": district,
        "theme": water,
        "collaboration_type": cofinancing,
        "organisation": org,
        "case_study": cs,
        "donor": cida,
        "project": proj,
        "exchange_rate": rate,
        "contribution": contrib,
        "partnership": partner,
        "headline_figure": figure,
        "project_partner": project_partner,
        "organisation_partner": organisation_partner,
        "milestone": milestone,
        "correction": correction,
    }


def somoni_project() -> tuple[models.Project, models.Contribution, models.ExchangeRate]:
    """3,969 somoni of 2007 with a 1,218-somoni part, converted at that year's rate."""
    document = source_document(year=2007)
    rate = exchange_rate(year=2007, units_per_usd=Decimal("3.4424"))
    somoni = project(
        source_document=document,
        first_line=1,
        last_line=2,
        total_amount=Decimal("3969"),
        total_currency="TJS",
        total_printed="3969 Somoni",
        total_usd=Decimal("1152.97"),
        total_exchange_rate=rate,
    )
    part = contribution(
        project=somoni,
        amount=Decimal("1218"),
        currency="TJS",
        amount_printed="1218 Somoni",
        amount_usd=Decimal("353.82"),
        exchange_rate=rate,
    )
    return somoni, part, rate

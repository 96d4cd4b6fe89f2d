"""Template helpers for figures: flags, shares, completeness, bars and citations."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils import timezone

from catalogue import quality
from catalogue.models import CaseStudy, Project

register = template.Library()


@register.filter
def flags(project) -> list[quality.Flag]:
    """Each data-quality flag with the project's own numbers (prefetched rows)."""
    return quality.project_flag_details(project)


@register.filter
def money(amount, currency: str) -> str:
    """ "2,436 TJS": grouped, with its currency code."""
    return quality.money(amount, currency)


@register.filter
def correction_of(project, contribution=None):
    """The staff correction of one printed figure: a contribution's amount, or the stated
    total when no contribution is given (prefetched ``project.corrections``)."""
    contribution_id = contribution.pk if contribution is not None else None
    for correction in project.corrections.all():
        if correction.contribution_id == contribution_id:
            return correction
    return None


@register.filter
def has_money_figure(project) -> bool:
    """The project prints a total or an amount: worth a funding table (prefetched rows)."""
    return quality.has_money_figure(project)


@register.filter
def has_funding_tables(case_study) -> bool:
    """Some project of the case study prints a money figure (prefetched rows)."""
    return any(quality.has_money_figure(project) for project in case_study.projects.all())


@register.filter
def funder_ids(case_study) -> set[int]:
    """Donors with a contribution (with or without an amount) to one of the case study's
    projects: its funders; the other donors it names are only named (prefetched rows)."""
    return {
        contribution.donor_id
        for project in case_study.projects.all()
        for contribution in project.contributions.all()
        if contribution.donor_id is not None
    }


@dataclass(frozen=True)
class SpanLink:
    first: int
    last: int
    url: str

    @property
    def label(self) -> str:
        return f"{self.first}–{self.last}" if self.last != self.first else str(self.first)


@register.filter
def also_cited_links(project) -> list[SpanLink]:
    """Source-viewer links to the other spans that tell the same activity (``also_cited``)."""
    if project.source_document_id is None:
        return []
    url = reverse("catalogue:source_detail", kwargs={"slug": project.source_document.slug})
    links = []
    for span in project.also_cited or ():
        if len(span) != 2:
            continue
        first, last = int(span[0]), int(span[1])
        links.append(SpanLink(first, last, f"{url}?lines={first}-{last}#L{first}-L{last}"))
    return links


COMPLETENESS_CHECKS = {
    CaseStudy: quality.case_study_completeness,
    Project: quality.project_completeness,
}


@register.filter
def completeness(record) -> list[quality.Check]:
    """The completeness checks of a case study or a project; other records have none."""
    checks = COMPLETENESS_CHECKS.get(type(record))
    return checks(record) if checks else []


@register.filter
def project_mix(project) -> quality.ProjectMix:
    return quality.project_mix(project)


@register.inclusion_tag("catalogue/_funding_bar.html")
def funding_bar(shares, label: str = "", base: str = "") -> dict:
    """A proportional bar as inline SVG (no inline styles, so a strict CSP can allow it).
    ``shares`` is a list of shares of the parts' sum, or a project's ``ProjectMix``; ``base``
    says what the shares are of, when the caller knows better than "the amounts"."""
    mix = shares if isinstance(shares, quality.ProjectMix) else None
    segments, offset = [], 0.0
    for share in mix.shares if mix else shares:
        width = float(share.percent)
        segments.append({"share": share, "x": offset, "width": width})
        offset += width
    return {"segments": segments, "label": label, "mix": mix, "base": base}


@register.inclusion_tag("catalogue/_cite.html", takes_context=True)
def cite(context, record, title: str, expanded: bool = False) -> dict:
    request = context.get("request")
    url = request.build_absolute_uri(record.get_absolute_url()) if request else ""
    # Regions, tags and documents have no source lines of their own: cite the page alone.
    sourced = getattr(record, "source_document_id", None) is not None
    return {
        "record": record,
        "title": title,
        "document": record.source_document if sourced else None,
        "url": url,
        "retrieved": timezone.localdate(),
        "expanded": expanded,
    }

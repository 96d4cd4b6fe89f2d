"""Corrections are kept apart from the printed record: staff cannot edit what a source printed,
a correction is its own record shown beside the printed figure, flags stay computed on the
print, one admin save is one history row that names the change, and reloads keep corrections."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalogue import models as m
from catalogue.importers.loader import load_catalogue
from catalogue.importers.sources import read_documents
from tests import factories
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed():
    """A project read from lines 1-3 of a document: 3,969 TJS stated, parts 1,218 + 1,533."""
    document = factories.source_document(year=2007, text="a\nb\nc\nd\n")  # no rate on record
    project = factories.project(
        source_document=document,
        first_line=1,
        last_line=3,
        total_amount=Decimal("3969"),
        total_currency="TJS",
        total_printed="3969 Somoni",
    )
    parts = [
        factories.contribution(
            project=project,
            sequence=position,
            party_kind=kind,
            party_name=name,
            amount=Decimal(amount),
            currency="TJS",
            amount_printed=f"{amount} Somoni",
            amount_usd=None,
            source_document=document,
            first_line=2,
            last_line=2,
        )
        for position, (kind, name, amount) in enumerate(
            [("donor", "MSDSP", "1218"), ("community", "the VO", "1533")], start=1
        )
    ]
    return project, parts


def project_post(project, **extra):
    """The project's change form as the admin would post it back, unchanged."""
    contributions = list(project.contributions.order_by("sequence"))
    data = {
        "title": project.title,
        "slug": project.slug,
        "sequence": project.sequence if project.sequence is not None else "",
        "organisation": project.organisation_id,
        "status": project.status,
        "total_amount": "1",  # locked fields: whatever is posted is ignored
        "total_currency": "USD",
        "total_printed": "$1",
        "contributions-TOTAL_FORMS": str(len(contributions)),
        "contributions-INITIAL_FORMS": str(len(contributions)),
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
    }
    for i, c in enumerate(contributions):
        data |= {
            f"contributions-{i}-id": c.pk,
            f"contributions-{i}-project": project.pk,
            f"contributions-{i}-sequence": c.sequence,
            f"contributions-{i}-party_kind": c.party_kind,
            f"contributions-{i}-party_name": c.party_name,
            f"contributions-{i}-amount": "2436",  # locked: ignored
            f"contributions-{i}-currency": "USD",
            f"contributions-{i}-amount_printed": "2436 Somoni",
            f"contributions-{i}-in_kind": c.in_kind,
        }
    data.update(extra)
    return data


def test_printed_figures_cannot_be_edited_in_the_admin(admin_client, printed):
    project, (msdsp, _vo) = printed
    url = reverse("admin:catalogue_project_change", args=[project.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    assert all(form.fields[name].disabled for name in ("total_amount", "total_printed"))
    inline = page.context["inline_admin_formsets"][0].formset.forms[0]
    assert all(inline.fields[name].disabled for name in ("amount", "currency", "amount_printed"))

    response = admin_client.post(url, project_post(project))
    assert response.status_code == 302, response.content[:3000]
    project.refresh_from_db()
    msdsp.refresh_from_db()
    assert (project.total_amount, project.total_printed) == (Decimal("3969"), "3969 Somoni")
    assert (msdsp.amount, msdsp.currency, msdsp.amount_printed) == (
        Decimal("1218"),
        "TJS",
        "1218 Somoni",
    )
    # The contribution's own page locks them too.
    page = admin_client.get(reverse("admin:catalogue_contribution_change", args=[msdsp.pk]))
    assert page.context["adminform"].form.fields["amount"].disabled


def test_a_staff_created_part_keeps_its_figures_editable(admin_client, printed):
    project, _parts = printed
    added = factories.contribution(project=project, sequence=9, party_name="Jamoat")
    page = admin_client.get(reverse("admin:catalogue_contribution_change", args=[added.pk]))
    assert not page.context["adminform"].form.fields["amount"].disabled


def test_the_admin_project_page_shows_the_flags_with_their_numbers(admin_client, printed):
    project, _parts = printed
    page = admin_client.get(reverse("admin:catalogue_project_change", args=[project.pk]))
    html = page.content.decode()
    assert "Parts 2,751 TJS of a stated 3,969 TJS: 1,218 TJS (30.7 %) not attributed." in html


def correction_post(project, contribution, amount="2436", reason="The VO's ledger shows 2436."):
    return project_post(
        project,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-project": project.pk,
            "corrections-0-contribution": contribution.pk if contribution else "",
            "corrections-0-amount": amount,
            "corrections-0-currency": "TJS",
            "corrections-0-reason": reason,
            "corrections-0-evidence": "",
        },
    )


def test_a_correction_is_recorded_beside_the_print_in_one_history_row(admin_client, printed):
    project, (msdsp, _vo) = printed
    project_rows, part_rows = project.history.count(), msdsp.history.count()
    url = reverse("admin:catalogue_project_change", args=[project.pk])
    response = admin_client.post(url, correction_post(project, msdsp))
    assert response.status_code == 302, response.content[:3000]

    correction = m.Correction.objects.get()
    assert (correction.contribution, correction.amount) == (msdsp, Decimal("2436"))
    assert correction.created_by.is_superuser and correction.created_at
    msdsp.refresh_from_db()
    assert msdsp.amount == Decimal("1218")  # the print is untouched
    assert msdsp.history.count() == part_rows  # the part did not change: no row for it
    assert project.history.count() == project_rows + 1  # one save, one row ...
    row = project.history.first()
    assert "Added correction" in row.history_change_reason  # ... that names the change
    assert "MSDSP corrected to 2436" in row.history_change_reason
    history = admin_client.get(reverse("admin:catalogue_project_history", args=[project.pk]))
    assert "MSDSP corrected to 2436" in history.content.decode()


def test_the_public_page_shows_the_print_the_correction_and_the_flag(client, printed):
    project, (msdsp, _vo) = printed
    correction = m.Correction.objects.create(
        project=project,
        contribution=msdsp,
        amount=Decimal("2436"),
        currency="TJS",
        reason="The VO's ledger shows 2436.",
        evidence="Ledger 2006, page 4",
    )
    html = client.get(project.get_absolute_url()).content.decode()
    assert "1218 Somoni" in html  # the amount as printed stays in the table
    assert f'href="#correction-{correction.pk}"' in html  # with a badge to the correction
    assert f'id="correction-{correction.pk}"' in html
    assert "<strong>2,436 TJS</strong>" in html
    assert "The VO&#x27;s ledger shows 2436." in html and "Ledger 2006, page 4" in html
    # The flag is computed on the printed figures: it stays, with its numbers.
    assert 'data-flag="parts_do_not_add_up"' in html
    assert "Parts 2,751 TJS of a stated 3,969 TJS" in html


def test_a_correction_of_the_stated_total_is_marked_in_the_total_row(client, printed):
    project, _parts = printed
    correction = m.Correction.objects.create(
        project=project, amount=Decimal("2751"), currency="TJS", reason="Sum of the parts."
    )
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Stated total: the source prints 3969 Somoni." in html
    assert f'href="#correction-{correction.pk}"' in html


def test_a_correction_must_name_a_part_of_its_own_project(printed):
    project, _parts = printed
    other = factories.contribution(sequence=1)
    correction = m.Correction(
        project=project, contribution=other, amount=Decimal(1), currency="USD", reason="x"
    )
    with pytest.raises(ValidationError) as error:
        correction.full_clean()
    assert "contribution" in error.value.message_dict


def test_one_correction_per_figure(printed):
    from django.db import IntegrityError, transaction

    project, (msdsp, _vo) = printed
    fields = {"amount": Decimal(1), "currency": "TJS", "reason": "x"}
    m.Correction.objects.create(project=project, contribution=msdsp, **fields)
    m.Correction.objects.create(project=project, **fields)  # the total: another figure
    for contribution in (msdsp, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            m.Correction.objects.create(project=project, contribution=contribution, **fields)


def test_editing_a_staff_created_part_writes_one_history_row_for_it(admin_client):
    factories.exchange_rate(year=2006, units_per_usd=Decimal("3.30"))
    document = factories.source_document(year=2006)
    project = factories.project(source_document=document)
    part = factories.contribution(
        project=project, amount=Decimal("330"), currency="TJS", amount_printed="", sequence=1
    )
    rows = part.history.count()
    data = project_post(project)
    data |= {"contributions-0-amount": "660", "contributions-0-currency": "TJS"}
    url = reverse("admin:catalogue_project_change", args=[project.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    part.refresh_from_db()
    assert (part.amount, part.amount_usd) == (Decimal("660"), Decimal("200.00"))
    assert part.history.count() == rows + 1  # the USD amount came with the edit, not after
    assert "Changed Amount" in project.history.first().history_change_reason


def test_reloading_the_seeds_keeps_corrections(seeded):
    part = m.Contribution.objects.get(amount_printed__contains="1218")
    correction = m.Correction.objects.create(
        project=part.project, contribution=part, amount=Decimal(2436), currency="TJS", reason="x"
    )
    load_catalogue(read_documents([SEEDS]))
    correction.refresh_from_db()
    assert correction.contribution_id == part.pk
    part.refresh_from_db()
    assert part.amount == Decimal("1218")


def test_the_export_carries_corrections_beside_the_printed_figures(printed):
    from catalogue.dump import export_catalogue

    project, (msdsp, _vo) = printed
    m.Correction.objects.create(
        project=project, contribution=msdsp, amount=Decimal("2436"), currency="TJS", reason="r"
    )
    exported = next(p for p in export_catalogue()["projects"] if p["id"] == project.pk)
    assert exported["contributions"][0]["amount"] == "1218"  # as printed
    assert exported["flags"] == ["parts_do_not_add_up"]
    [correction] = exported["corrections"]
    assert correction["contribution"] == 0
    assert (correction["amount"], correction["currency"], correction["reason"]) == (
        "2436",
        "TJS",
        "r",
    )

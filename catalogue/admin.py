"""Staff editing: every model, with history (django-simple-history), search and
autocomplete, and provenance shown read-only so edits never lose where a record came from."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from catalogue import models, quality, services

PROVENANCE_FIELDS = ("source_document", "first_line", "last_line", "source_link")


class ProvenanceMixin:
    """Read-only provenance: staff may correct a record, not rewrite where it came from."""

    provenance_fieldset = (_("Provenance"), {"fields": PROVENANCE_FIELDS, "classes": ("collapse",)})

    @admin.display(description=_("source lines"))
    def source_link(self, obj) -> str:
        url = obj.source_url() if obj and obj.pk else ""
        if not url:
            return "—"
        return format_html('<a href="{}">{}</a>', url, obj.source_label())

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *PROVENANCE_FIELDS)


class OneHistoryRowPerEdit:
    """An admin edit leaves one history row, written after the many-to-many fields and the
    inlines are saved, so the row holds the record's fields *and* its places or themes as
    edited (and the row before it the old ones). Without this, saving the form writes a row
    with the old many-to-many values, then every ``set()`` writes another.

    Adding a record keeps django-simple-history's own rows ("+", then "~" for its places).
    """

    def changeform_view(self, request, *args, **kwargs):
        # Only the change form calls save_related; reverting from the history page does not,
        # and keeps django-simple-history's own rows.
        request.one_history_row = True
        return super().changeform_view(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and getattr(request, "one_history_row", False):
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        self.after_related_saved(obj)
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
            # The row's diff lists the record's own fields; its reason names every change of
            # the page, inlines included, in the words of the admin's own log.
            obj._change_reason = change_summary(self, request, form, formsets)
            obj.save()

    def after_related_saved(self, obj) -> None:
        """Writes that follow from the edit, recorded in the same history row."""


def change_summary(model_admin, request, form, formsets) -> str:
    """ "Changed Title. Added correction “MSDSP corrected to 2436 TJS”. …" for one save."""
    message = model_admin.construct_change_message(request, form, formsets, add=False)
    return LogEntry(change_message=json.dumps(message)).get_change_message()


# What a source printed: shown, never edited, on a record read from a source's lines.
PRINTED_HELP = _(
    "As printed in the source (read-only): record a correction to give another figure."
)


def lock_printed_fields(form: forms.ModelForm, names: tuple[str, ...]) -> None:
    """Disables the printed-figure fields of a record read from a source; staff-created
    records (no source lines) keep them editable."""
    instance = form.instance
    if instance.pk is None or not instance.is_printed:
        return
    for position, name in enumerate(names):
        if name in form.fields:
            form.fields[name].disabled = True
            form.fields[name].help_text = PRINTED_HELP if position == 0 else ""


class CatalogueAdmin(ProvenanceMixin, SimpleHistoryAdmin):
    list_per_page = 50
    show_full_result_count = False  # no extra COUNT(*) on large, filtered changelists


class ContributionForm(forms.ModelForm):
    """A part larger than its project's stated total (same currency) needs a tick to be saved.

    Such a part is also flagged (``part_exceeds_total``) wherever the project's flags show.
    The figures of a part read from a source are locked: a correction goes beside them.
    """

    PRINTED = ("amount", "currency", "amount_printed")

    confirm_exceeds_total = forms.BooleanField(
        label=_("larger than the total: confirmed"),
        required=False,
        help_text=_(
            "Tick only if the source really states a part larger than the project's total."
        ),
    )

    # Set by ContributionFormSet: the project as being edited on the same page.
    edited_project: models.Project | None = None

    class Meta:
        model = models.Contribution
        # The admin passes its own field list; these are the ones the rule reads.
        fields = ("project", "amount", "currency")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lock_printed_fields(self, self.PRINTED)

    def clean(self):
        cleaned = super().clean()
        project = self.edited_project or cleaned.get("project")
        if project is None or cleaned.get("amount") is None:
            return cleaned
        if self.fields["amount"].disabled:
            return cleaned  # as printed: the source's figure, flagged if it exceeds the total
        part = models.Contribution(amount=cleaned["amount"], currency=cleaned.get("currency"))
        if part.exceeds_total(project) and not cleaned.get("confirm_exceeds_total"):
            raise forms.ValidationError(
                _(
                    "This part (%(amount)s %(currency)s) is larger than the project's stated "
                    "total (%(total)s %(currency)s). Correct it, or tick "
                    "\u201clarger than the total: confirmed\u201d if the source says so."
                ),
                code="exceeds_total",
                params={
                    "amount": cleaned["amount"],
                    "currency": cleaned.get("currency"),
                    "total": project.total_amount,
                },
            )
        return cleaned


class ContributionFormSet(BaseInlineFormSet):
    """Checks each part against the total as posted on the same page, not as stored."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.edited_project = self.instance
        return form


# Narrow inputs so the funding table fits a 1366 px screen beside the admin's sidebar.
NARROW = {
    "sequence": forms.NumberInput(attrs={"style": "width: 3.5em"}),
    "party_name": forms.TextInput(attrs={"size": 18}),
    "amount": forms.NumberInput(attrs={"style": "width: 7em"}),
    "amount_printed": forms.TextInput(attrs={"size": 10}),
    "in_kind": forms.TextInput(attrs={"size": 12}),
}


class ContributionInline(admin.StackedInline):
    """One block per part, its fields in four short rows: a table of thirteen columns would
    not fit a 1366 px screen beside the admin's sidebar."""

    model = models.Contribution
    form = ContributionForm
    formset = ContributionFormSet
    extra = 0
    fields = (
        ("sequence", "party_kind", "party_name"),
        ("donor", "organisation"),
        ("amount", "currency", "amount_printed", "in_kind"),
        ("usd", "lines", "confirm_exceeds_total"),
    )
    readonly_fields = ("usd", "lines")
    autocomplete_fields = ("donor", "organisation")
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in NARROW:
            kwargs["widget"] = NARROW[db_field.name]
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.autocomplete_fields:
            # The row's change link edits the donor or body; four icons per cell would not fit.
            wrapper = field.widget
            wrapper.can_add_related = wrapper.can_change_related = False
            wrapper.can_delete_related = wrapper.can_view_related = False
            wrapper.widget.attrs["data-width"] = "11em"
        return field

    @admin.display(description=_("USD"))
    def usd(self, obj) -> str:
        if obj is None or obj.amount_usd is None:
            return "—"
        return quality.money(obj.amount_usd, "USD")

    @admin.display(description=_("lines"))
    def lines(self, obj) -> str:
        url = obj.source_url() if obj and obj.pk else ""
        if not url:
            return "—"
        return format_html('<a href="{}">{}</a>', url, obj.line_anchor)


class CorrectionInline(admin.StackedInline):
    """Corrections of this project's printed figures: its stated total or one of its parts."""

    model = models.Correction
    extra = 0
    fields = (("contribution", "amount", "currency"), "reason", "evidence", "recorded")
    readonly_fields = ("recorded",)
    form = forms.modelform_factory(
        models.Correction,
        fields=("contribution", "amount", "currency", "reason", "evidence"),
        widgets={"reason": forms.Textarea(attrs={"rows": 2, "cols": 80})},
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contribution":
            project_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = models.Contribution.objects.filter(project_id=project_id)
            kwargs["empty_label"] = _("the project's stated total")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("recorded"))
    def recorded(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        return _("%(when)s by %(who)s") % {
            "when": obj.created_at.strftime("%Y-%m-%d %H:%M"),
            "who": obj.created_by or _("unknown"),
        }


class ProjectInline(admin.TabularInline):
    model = models.Project
    extra = 0
    fields = ("sequence", "title", "total_printed")
    readonly_fields = ("total_printed",)  # figures are edited (or corrected) on the project
    show_change_link = True


class PartnershipInline(admin.TabularInline):
    model = models.Partnership
    extra = 0
    fields = ("government_body", "level", "first_line", "last_line")
    readonly_fields = ("first_line", "last_line")
    autocomplete_fields = ("government_body",)


class ProjectPartnerInline(admin.TabularInline):
    model = models.ProjectPartner
    extra = 0
    fields = ("government_body", "level", "first_line", "last_line")
    readonly_fields = ("first_line", "last_line")
    autocomplete_fields = ("government_body",)


class OrganisationPartnerInline(admin.TabularInline):
    model = models.OrganisationPartner
    fk_name = "organisation"
    extra = 0
    fields = ("partner", "level", "first_line", "last_line")
    readonly_fields = ("first_line", "last_line")
    autocomplete_fields = ("partner",)


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0
    fields = ("sequence", "text", "date_year", "date_month", "date_day", "first_line", "last_line")
    readonly_fields = ("first_line", "last_line")


class CaseStudyDonorInline(admin.TabularInline):
    model = models.CaseStudyDonor
    extra = 0
    fields = ("donor", "first_line", "last_line")
    readonly_fields = ("first_line", "last_line")
    autocomplete_fields = ("donor",)


class TaggingInline(admin.TabularInline):
    """A record's tags with the words that assigned them (see ``models.Tagging``)."""

    extra = 0

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        self.fields = (self.model.tag_field, "matched_terms")
        self.autocomplete_fields = (self.model.tag_field,)


class CaseStudyThemeInline(TaggingInline):
    model = models.CaseStudyTheme


class CaseStudyCollaborationInline(TaggingInline):
    model = models.CaseStudyCollaboration


class OrganisationThemeInline(TaggingInline):
    model = models.OrganisationTheme


class HeadlineFigureInline(admin.TabularInline):
    model = models.HeadlineFigure
    extra = 0
    fields = ("sequence", "text", "first_line", "last_line")
    readonly_fields = ("first_line", "last_line")


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("file_name", "title", "publisher", "year", "kind", "line_count")
    list_filter = ("kind", "language")
    search_fields = ("file_name", "title", "publisher")
    # The documents are the project's input: staff read them here, the loader writes them.
    readonly_fields = ("checksum", "text", "line_count", "imported_at")
    prepopulated_fields = {"slug": ("file_name",)}


@admin.register(models.Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "latitude", "longitude")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "aliases")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(models.Theme, models.CollaborationType)
class VocabularyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(models.Organisation)
class OrganisationAdmin(OneHistoryRowPerEdit, CatalogueAdmin):
    list_display = ("name", "short_name", "kind", "region", "registration")
    list_filter = ("kind", "registration", "region")
    list_select_related = ("region",)
    search_fields = ("name", "short_name", "aliases", "head", "emails")
    autocomplete_fields = ("region", "district", "regions_active")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (
        OrganisationThemeInline,
        HeadlineFigureInline,
        MilestoneInline,
        OrganisationPartnerInline,
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "short_name", "kind", "aliases", "description")}),
        (_("Place"), {"fields": ("region", "district", "regions_active", "latitude", "longitude")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("founded_year", "founded_month", "founded_day"),
                    "registration",
                    ("registered_year", "registered_month", "registered_day"),
                )
            },
        ),
        (_("Contact"), {"fields": ("head", "address", "phones", "faxes", "emails", "website")}),
        ProvenanceMixin.provenance_fieldset,
    )


@admin.register(models.Donor)
class DonorAdmin(CatalogueAdmin):
    list_display = ("name", "short_name", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "aliases", "country")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "short_name",
                    "kind",
                    "country",
                    "aliases",
                    "organisation",
                )
            },
        ),
        ProvenanceMixin.provenance_fieldset,
    )
    autocomplete_fields = ("organisation",)


@admin.register(models.CaseStudy)
class CaseStudyAdmin(OneHistoryRowPerEdit, CatalogueAdmin):
    list_display = ("number", "title", "organisation", "region", "district")
    list_display_links = ("number", "title")
    list_filter = ("region", "themes", "collaboration_types")
    list_select_related = ("organisation", "region", "district")
    search_fields = ("title", "organisation__name", "summary")
    autocomplete_fields = ("organisation", "region", "district", "places")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (
        ProjectInline,
        PartnershipInline,
        CaseStudyDonorInline,
        CaseStudyThemeInline,
        CaseStudyCollaborationInline,
    )
    fieldsets = (
        (None, {"fields": ("number", "title", "slug", "organisation")}),
        (_("Place"), {"fields": ("region", "district", "places")}),
        (_("Sections"), {"fields": models.CaseStudy.SECTION_FIELDS}),
        ProvenanceMixin.provenance_fieldset,
    )


class ProjectForm(forms.ModelForm):
    """The stated total of a project read from a source is locked, like its parts' figures."""

    PRINTED = ("total_amount", "total_currency", "total_printed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lock_printed_fields(self, self.PRINTED)


@admin.register(models.Project)
class ProjectAdmin(OneHistoryRowPerEdit, CatalogueAdmin):
    form = ProjectForm
    list_display = ("title", "organisation", "case_study", "total_printed", "total_currency")
    list_filter = ("total_currency", "case_study__region", "themes")
    list_select_related = ("organisation", "case_study")
    search_fields = ("title", "description", "organisation__name")
    autocomplete_fields = ("organisation", "case_study", "places", "themes")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (ContributionInline, CorrectionInline, ProjectPartnerInline)
    readonly_fields = ("figure_flags", "total_usd", "total_exchange_rate")
    fieldsets = (
        (
            None,
            {"fields": ("title", "slug", "sequence", "organisation", "case_study", "description")},
        ),
        (
            _("Scope"),
            {
                "fields": (
                    "status",
                    "places",
                    "themes",
                    ("start_year", "end_year"),
                    "beneficiaries",
                    "also_cited",
                )
            },
        ),
        (
            _("Stated total"),
            {
                "fields": (
                    "figure_flags",
                    ("total_amount", "total_currency", "total_printed"),
                    ("total_usd", "total_exchange_rate"),
                ),
                "description": _(
                    "Figures read from a source are shown as printed and cannot be edited: "
                    "a figure that is wrong gets a correction (below), shown beside the "
                    "printed one. The USD amounts of the total and of each contribution are "
                    "recomputed on save, with the rate of the project's first year (else its "
                    "source's)."
                ),
            },
        ),
        ProvenanceMixin.provenance_fieldset,
    )

    @admin.display(description=_("data-quality flags"))
    def figure_flags(self, obj) -> str:
        """The flags as the public page shows them, computed on the printed figures."""
        flags = quality.project_flag_details(obj) if obj and obj.pk else []
        if not flags:
            return _("None: the printed figures are consistent.")
        return format_html(
            "<ul style='margin:0;padding-left:1.2em'>{}</ul>",
            format_html_join(
                "", "<li><strong>{}</strong> {}</li>", ((f.label, f.detail) for f in flags)
            ),
        )

    def save_formset(self, request, form, formset, change):
        # USD amounts and who corrected are set before each row is saved: one history row each.
        rates_of_year = services.rates_of(services.rate_year(form.instance))
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            if isinstance(instance, models.Contribution):
                services.set_usd(instance, rates_of_year)
            elif isinstance(instance, models.Correction) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        formset.save_m2m()

    def after_related_saved(self, obj) -> None:
        services.refresh_usd(obj)


@admin.register(models.Contribution)
class ContributionAdmin(CatalogueAdmin):
    form = ContributionForm
    fields = (
        "project",
        "sequence",
        "party_kind",
        "party_name",
        "donor",
        "organisation",
        ("amount", "currency", "amount_printed"),
        "in_kind",
        "confirm_exceeds_total",
        ("amount_usd", "exchange_rate"),
        *PROVENANCE_FIELDS,
    )
    list_display = ("project", "party_name", "party_kind", "amount", "currency", "amount_usd")
    list_filter = ("party_kind", "currency")
    list_select_related = ("project",)
    search_fields = ("party_name", "project__title", "donor__name")
    autocomplete_fields = ("project", "donor", "organisation")
    readonly_fields = ("amount_usd", "exchange_rate")  # derived: recomputed on save

    def save_model(self, request, obj, form, change):
        services.set_usd(obj, services.rates_of(services.rate_year(obj.project)))
        super().save_model(request, obj, form, change)
        services.refresh_usd(obj.project)


@admin.register(models.Correction)
class CorrectionAdmin(SimpleHistoryAdmin):
    list_display = ("project", "figure", "amount", "currency", "created_by", "created_at")
    list_select_related = ("project", "contribution", "created_by")
    list_filter = ("currency",)
    search_fields = ("project__title", "contribution__party_name", "reason")
    autocomplete_fields = ("project", "contribution")
    fields = ("project", "contribution", ("amount", "currency"), "reason", "evidence")
    readonly_fields = ("created_by", "created_at")

    @admin.display(description=_("figure"))
    def figure(self, obj) -> str:
        return obj.figure_label

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.Partnership)
class PartnershipAdmin(CatalogueAdmin):
    list_display = ("case_study", "government_body", "level")
    list_filter = ("level",)
    list_select_related = ("case_study", "government_body")
    search_fields = ("case_study__title", "government_body__name")
    autocomplete_fields = ("case_study", "government_body")


@admin.register(models.ProjectPartner)
class ProjectPartnerAdmin(CatalogueAdmin):
    list_display = ("project", "government_body", "level")
    list_filter = ("level",)
    list_select_related = ("project", "government_body")
    search_fields = ("project__title", "government_body__name")
    autocomplete_fields = ("project", "government_body")


@admin.register(models.OrganisationPartner)
class OrganisationPartnerAdmin(CatalogueAdmin):
    list_display = ("organisation", "partner", "level")
    list_filter = ("level",)
    list_select_related = ("organisation", "partner")
    search_fields = ("organisation__name", "partner__name")
    autocomplete_fields = ("organisation", "partner")


@admin.register(models.Milestone)
class MilestoneAdmin(CatalogueAdmin):
    list_display = ("text", "organisation", "date_year")
    list_select_related = ("organisation",)
    search_fields = ("text", "organisation__name")
    autocomplete_fields = ("organisation",)


@admin.register(models.CaseStudyDonor)
class CaseStudyDonorAdmin(CatalogueAdmin):
    list_display = ("case_study", "donor")
    list_select_related = ("case_study", "donor")
    search_fields = ("case_study__title", "donor__name")
    autocomplete_fields = ("case_study", "donor")


@admin.register(models.HeadlineFigure)
class HeadlineFigureAdmin(CatalogueAdmin):
    list_display = ("text", "organisation")
    list_select_related = ("organisation",)
    search_fields = ("text", "organisation__name")
    autocomplete_fields = ("organisation",)


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ("year", "currency", "units_per_usd", "source")
    list_filter = ("currency",)
    search_fields = ("year", "source")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every USD amount computed from this rate follows it (each change kept in history).
        services.refresh_usd_for_rate(obj)


@admin.register(models.CaseStudyTheme, models.CaseStudyCollaboration, models.OrganisationTheme)
class TaggingAdmin(SimpleHistoryAdmin):
    """Tags are usually edited inline on their record; this lists every assignment and why."""

    list_display = ("__str__", "matched_terms")
    list_per_page = 100
    list_select_related = True

"""The annual report (*årsberetning*): one report per council and period (a calendar year or
a term), made of sections the secretariat can reorder, leave out or add to.

A data section is drafted from the database as of the period's end (``reports.drafting``) and
then belongs to the people who edit it: ``body`` is what they wrote (sanitised HTML),
``draft`` the machine's text it started from, and ``figures`` the numbers the draft stated,
each with its source, so a figure a person changed by hand is marked as such. "Opdatér fra
data" shows the difference to a fresh draft and never overwrites silently.

Approval at a meeting freezes a :class:`ReportVersion`: the whole report as HTML with the
SHA-256 of its content. What is sent and published is that frozen version, never the live
sections."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.models import CouncilOwnedModel
from core.richtext import html_to_text
from meetings.models import EasyReadText


class SectionKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Indledning")
    COMPOSITION = "composition", _("Sammensætning")
    MEETINGS = "meetings", _("Møder og mødedeltagelse")
    EVENTS = "events", _("Temadage, konferencer mv.")
    THEMES = "themes", _("Behandlede emner")
    RESPONSES = "responses", _("Høringssvar og kommentarer")
    ECONOMY = "economy", _("Økonomi")
    LIBRARY = "library", _("Rapporter til inspiration")
    OUTLOOK = "outlook", _("Anbefalinger og fremadrettet")
    ANNEX = "annex", _("Bilag")
    CUSTOM = "custom", _("Eget afsnit")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    ON_AGENDA = "on_agenda", _("På dagsordenen")
    APPROVED = "approved", _("Godkendt")
    PUBLISHED = "published", _("Offentliggjort")


class ReportBoilerplate(CouncilOwnedModel):
    """The short general paragraph about councils like this one, written once by the
    secretariat and reused in every year's introduction."""

    text = FreeTextField(_("generelt afsnit"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council"], name="reports_one_boilerplate_per_council")]


class AnnualReport(CouncilOwnedModel):
    year = models.PositiveSmallIntegerField(_("år"))
    # A report for a term (or any period) instead of a calendar year: start and end set, year is
    # the year the period ends.
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    title = FreeCharField(_("titel"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # "Medlemmer pr. dato": the extra roster date the composition section reports (the 2018
    # report told the roster on 1 April 2019).
    members_on = models.DateField(_("medlemmer pr. dato"), null=True, blank=True)
    # The working group (e.g. "Årsberetning 2026") whose members may edit the sections.
    working_group = models.ForeignKey("activities.WorkingGroup", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("arbejdsgruppe"))
    agenda_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = FreeCharField(_("sendt til"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-period_end"]
        constraints = [
            models.UniqueConstraint(fields=["council", "period_start", "period_end"],
                                    name="reports_one_report_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="reports_period_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_calendar_year(self) -> bool:
        return self.period_start == dt.date(self.year, 1, 1) and self.period_end == dt.date(self.year, 12, 31)

    @property
    def is_draft(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.ON_AGENDA)

    @property
    def is_on_agenda(self) -> bool:
        return self.status == ReportStatus.ON_AGENDA

    @property
    def is_approved(self) -> bool:
        return self.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class ReportSection(CouncilOwnedModel):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("type"), max_length=12, choices=SectionKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    included = models.BooleanField(_("med i beretningen"), default=True)
    title = FreeCharField(_("overskrift"), max_length=200)
    # What people wrote (sanitised HTML). Starts as the draft.
    body = FreeTextField(_("tekst"), blank=True)
    # The machine's text the body was last drafted from (sanitised HTML); "" for a custom section.
    draft = FreeTextField(blank=True)
    # The machine-drawn chart of the section (the attendance chart: sanitised SVG), kept apart
    # from the body so nobody edits it by hand; drafted with the body and frozen with it.
    chart = models.TextField(blank=True)
    # The figures the draft stated: [{"key", "label", "value", "text", "source"}] — "text" is how
    # the figure reads in the draft, "source" the internal page it comes from.
    figures = models.JSONField(default=list, blank=True)
    drafted_at = models.DateTimeField(null=True, blank=True)
    edited = models.BooleanField(default=False)  # a person changed the body since it was drafted
    version = models.PositiveIntegerField(default=0)  # for update_versioned (edits that collide)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "report", "kind"], condition=~Q(kind="custom"),
                                    name="reports_one_data_section_per_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_custom(self) -> bool:
        return self.kind == SectionKind.CUSTOM

    @property
    def is_annex(self) -> bool:
        return self.kind == SectionKind.ANNEX

    @property
    def figure_marks(self) -> list[dict]:
        """The drafted figures, each with ``hand_edited``: True when the figure as the draft wrote
        it ("6 møder") no longer appears in the text people edited."""
        text = " ".join(html_to_text(self.body).split())

        def edited(figure: dict) -> bool:
            return bool(figure.get("text")) and " ".join(str(figure["text"]).split()) not in text

        # "shown": the figure as people read it ("22. juni 2017", "6 møder"), never the stored value
        # (an ISO date, a decimal) that only the machine compares.
        return [{**figure, "hand_edited": edited(figure), "shown": figure.get("text") or str(figure.get("value", ""))}
                for figure in self.figures or []]

    @property
    def hand_edited_count(self) -> int:
        return sum(1 for figure in self.figure_marks if figure["hand_edited"])


class ReportVersion(CouncilOwnedModel):
    """The report as approved: every included section frozen, in order, with the SHA-256 of the
    content (``sections`` as canonical JSON: sorted keys, no spaces). The PDF, the Word file and
    the public page are rendered from this, never from the live sections."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # [{"kind", "title", "body", "chart"}] in the report's order; body is sanitised HTML, chart the
    # section's sanitised SVG ("" for none).
    sections = models.JSONField(default=list)
    sha256 = models.CharField(max_length=64)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["council", "report", "number"],
                                               name="reports_version_number_unique")]


class EasyReadReport(EasyReadText):
    """The easy-read version of a published annual report (``meetings.models.EasyReadText``);
    published only while the report is published."""

    # One per report: unique with the council (not the report alone), so it shards (core.citus).
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="easy_reads")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "report"], name="unique_easy_read_report")]
        verbose_name = _("letlæst årsberetning")
        verbose_name_plural = _("letlæste årsberetninger")

    def __str__(self) -> str:
        return str(self.report)

"""The annual report's internal pages (namespace "reports", mounted at
``<slug>/intern/aarsberetning/``): the list, creating a report, the report with its sections,
editing a section, refreshing it from data with a diff, the general paragraph, putting the draft
on an agenda, approving, sending and publishing, the documents, and several years side by side.

Thin: ``council_view`` decides the role, ``can_edit_report`` who may write in the sections (the
secretariat, the formandskab and the report's working group), one service call writes, and a
refusal is shown on the form with everything typed kept (an edit collision answers 409 with both
texts)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.documents import document_response
from core.errors import ApplicationError, EditConflict
from core.forms import form_status
from core.permissions import can_edit_report
from core.tenancy import council_view
from finance.formats import kr_short
from meetings.selectors.easyread import LIX_TARGET
from meetings.views.easyread import easy_read_editor, editor_pictograms
from meetings.views.easyread import easy_read_publish as easy_read_publish_response
from reports import documents, services
from reports.forms import (
    AgendaForm,
    BoilerplateForm,
    CustomSectionForm,
    RefreshForm,
    ReportCreateForm,
    ReportSettingsForm,
    SectionForm,
    SendForm,
    YearsForm,
)
from reports.selectors import easyread as easy_read_selectors
from reports.selectors import workflow
from reports.selectors.facts import years_compared

YEARS_SHOWN = 5


def _url(request, name: str, *args) -> str:
    return reverse(f"reports:{name}", args=[request.council.slug, *args])


def _post(request):
    return request.POST if request.method == "POST" else None


def _require_edit(request, report) -> None:
    if not can_edit_report(request.access, report):
        raise PermissionDenied("reports.edit")


# --- The list and creating a report ----------------------------------------------------------------

@require_GET
@council_view("reports.view")
def report_list(request):
    return render(request, "reports/list.html", {
        "nav": "reports", "reports": workflow.report_list(council=request.council),
        "can_manage": request.access.can("reports.manage")})


@council_view("reports.manage")
def report_create(request):
    groups = workflow.working_groups(council=request.council)
    form = ReportCreateForm(_post(request), groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(council=request.council, actor=request.user, **form.service_kwargs())
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Beretningen er dannet. Læs afsnittene igennem, og ret dem til."))
            return redirect(_url(request, "report", report.pk))
    return render(request, "reports/create.html", {"nav": "reports", "form": form}, status=form_status(form))


# --- One report -------------------------------------------------------------------------------------

def _report_context(request, report, **extra) -> dict:
    access = request.access
    sections = workflow.report_sections(report=report)
    can_manage = access.can("reports.manage") and report.is_draft
    context = {
        "nav": "reports", "report": report, "sections": sections,
        "can_edit": can_edit_report(access, report) and report.is_draft, "can_manage": can_manage,
        "can_approve": access.can("reports.approve") and report.is_on_agenda,
        "can_publish": access.can("reports.publish") and report.is_approved,
        "versions": workflow.report_versions(report=report),
        "meeting": report.agenda_item.meeting if report.agenda_item is not None else None,
    }
    if can_manage:
        groups = workflow.working_groups(council=request.council)
        context["settings_form"] = extra.pop("settings_form", None) or ReportSettingsForm(
            initial=ReportSettingsForm.initial_for(report), groups=groups)
        context["agenda_form"] = extra.pop("agenda_form", None) or AgendaForm(
            meetings=workflow.coming_meetings(council=request.council))
    if context["can_edit"]:
        context["custom_form"] = extra.pop("custom_form", None) or CustomSectionForm()
    if context["can_publish"]:
        context["send_form"] = extra.pop("send_form", None) or SendForm()
    context.update(extra)
    return context


@require_GET
@council_view("reports.view")
def report_detail(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    return render(request, "reports/report.html", _report_context(request, report))


def _refused(request, report, **forms):
    return render(request, "reports/report.html", _report_context(request, report, **forms),
                  status=form_status(*forms.values()))


@require_POST
@council_view("reports.manage")
def report_settings(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    form = ReportSettingsForm(request.POST, groups=workflow.working_groups(council=request.council))
    if form.is_valid():
        try:
            services.report_update(report=report, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Beretningens oplysninger er gemt."))
            return redirect(_url(request, "report", report.pk))
    return _refused(request, report, settings_form=form)


@require_POST
@council_view("reports.manage")
def report_agenda(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    form = AgendaForm(request.POST, meetings=workflow.coming_meetings(council=request.council))
    if form.is_valid():
        try:
            services.report_put_on_agenda(report=report, meeting=form.cleaned_data["meeting"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Beretningen er sat på dagsordenen som beslutningspunkt med udkastet "
                                        "vedhæftet som PDF."))
            return redirect(_url(request, "report", report.pk))
    return _refused(request, report, agenda_form=form)


@require_POST
@council_view("reports.approve")
def report_approve(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    try:
        version = services.report_approve(report=report, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Beretningen er godkendt og låst som version %(n)d.") % {"n": version.number})
    return redirect(_url(request, "report", report.pk))


@require_POST
@council_view("reports.publish")
def report_send(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            services.report_send(report=report, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Beretningen er lagt i udbakken og sendes med PDF’en som bilag."))
            return redirect(_url(request, "report", report.pk))
    return _refused(request, report, send_form=form)


@require_POST
@council_view("reports.publish")
def report_publish(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    try:
        services.report_publish(report=report, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Beretningen er offentliggjort på rådets side."))
    return redirect(_url(request, "report", report.pk))


@require_GET
@council_view("reports.view")
def report_file(request, pk, fmt):
    """The report as PDF or Word: the approved version once there is one, else the live draft."""
    report = workflow.report_get(council=request.council, pk=pk)
    version = workflow.latest_version(report=report) if report.is_approved else None
    draft = version is None
    if fmt == "pdf":  # the approved version's kept file, streamed (a draft renders now)
        return document_response(request, documents.report_pdf_document(report=report, version=version),
                                 filename=documents.report_filename(report, fmt, draft=draft))
    response = HttpResponse(
        documents.report_docx(report=report, version=version),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{documents.report_filename(report, fmt, draft=draft)}"'
    return response


# --- Sections ---------------------------------------------------------------------------------------

def _section(request, pk, section_pk):
    report = workflow.report_get(council=request.council, pk=pk)
    return report, workflow.section_get(council=request.council, report=report, pk=section_pk)


@council_view("reports.edit")
def section_edit(request, pk, section_pk):
    """The editor for those who write the report (can_edit_report) while it is a draft; anyone else
    with the role, and everyone once it is approved, sees the section and why it cannot be changed."""
    report, section = _section(request, pk, section_pk)
    writer = can_edit_report(request.access, report)
    if request.method == "POST" and not writer:
        raise PermissionDenied("reports.edit")
    form = SectionForm(_post(request), initial={"title": section.title, "body": section.body,
                                                "version": section.version}) if writer and report.is_draft else None
    conflict = None
    if request.method == "POST" and form is None:
        messages.error(request, _("Beretningen er godkendt og kan ikke længere ændres."))
        return redirect(_url(request, "report", report.pk))
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.section_update(section=section, body=data["body"], title=data["title"],
                                    expected_version=data["version"], actor=request.user)
        except EditConflict as error:
            conflict = error
            form = SectionForm(initial={**error.submitted, "version": error.stored_version})
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Afsnittet “%(title)s” er gemt.") % {"title": section.title})
            return redirect(f"{_url(request, 'report', report.pk)}#afsnit-{section.pk}")
    status = 409 if conflict else form_status(form)
    return render(request, "reports/section_edit.html", {
        "nav": "reports", "report": report, "section": section, "form": form, "conflict": conflict,
        "writer": writer, "stored_body": conflict.stored.get("body", "") if conflict else ""}, status=status)


@council_view("reports.edit")
def section_refresh(request, pk, section_pk):
    """"Opdatér fra data": the diff between the text and a fresh draft; taking the fresh draft is
    a POST with the version the diff was made against. Nothing is overwritten without that. Only
    those who write the report may choose; the others see the difference."""
    report, section = _section(request, pk, section_pk)
    writer = can_edit_report(request.access, report) and report.is_draft
    if request.method == "POST" and not writer:
        raise PermissionDenied("reports.edit")
    form = RefreshForm(_post(request), initial={"version": section.version})
    if request.method == "POST" and form.is_valid():
        if request.POST.get("choice") == "keep":
            messages.info(request, _("Teksten er beholdt uændret."))
            return redirect(f"{_url(request, 'report', report.pk)}#afsnit-{section.pk}")
        try:
            services.section_refresh_apply(section=section, expected_version=form.cleaned_data["version"],
                                           actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(_url(request, "section_refresh", report.pk, section.pk))
        messages.success(request, _("Afsnittet er opdateret med de nyeste data."))
        return redirect(f"{_url(request, 'report', report.pk)}#afsnit-{section.pk}")
    try:
        preview = services.section_refresh_preview(section=section)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_url(request, "report", report.pk))
    return render(request, "reports/section_refresh.html", {
        "nav": "reports", "report": report, "section": section, "preview": preview,
        "form": form if writer else None}, status=form_status(form))


@require_POST
@council_view("reports.edit")
def section_move(request, pk, section_pk):
    report, section = _section(request, pk, section_pk)
    _require_edit(request, report)
    try:
        services.section_move(section=section, direction=request.POST.get("direction", ""), actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(f"{_url(request, 'report', report.pk)}#afsnit-{section.pk}")


@require_POST
@council_view("reports.edit")
def section_include(request, pk, section_pk):
    report, section = _section(request, pk, section_pk)
    _require_edit(request, report)
    included = request.POST.get("included") == "1"
    try:
        services.section_include(section=section, included=included, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, (_("“%(title)s” er med i beretningen igen.") if included else
                                   _("“%(title)s” er udeladt. Det kan tages med igen.")) % {"title": section.title})
    return redirect(f"{_url(request, 'report', report.pk)}#afsnit-{section.pk}")


@require_POST
@council_view("reports.edit")
def section_add(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    _require_edit(request, report)
    form = CustomSectionForm(request.POST)
    if form.is_valid():
        try:
            section = services.section_add_custom(report=report, title=form.cleaned_data["title"],
                                                  actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Afsnittet er tilføjet. Skriv teksten nu."))
            return redirect(_url(request, "section_edit", report.pk, section.pk))
    return _refused(request, report, custom_form=form)


@require_POST
@council_view("reports.edit")
def section_delete(request, pk, section_pk):
    report, section = _section(request, pk, section_pk)
    _require_edit(request, report)
    try:
        services.section_delete(section=section, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Afsnittet “%(title)s” er slettet.") % {"title": section.title})
    return redirect(_url(request, "report", report.pk))


# --- The general paragraph and several years --------------------------------------------------------

@council_view("reports.manage")
def boilerplate(request):
    form = BoilerplateForm(_post(request), initial={"text": workflow.boilerplate_text(council=request.council)})
    if request.method == "POST" and form.is_valid():
        try:
            services.boilerplate_save(council=request.council, text=form.cleaned_data["text"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Det generelle afsnit er gemt. Det bruges i indledningen fremover."))
            return redirect(_url(request, "reports"))
    return render(request, "reports/boilerplate.html", {"nav": "reports", "form": form}, status=form_status(form))


@require_GET
@council_view("reports.view")
def years(request):
    form = YearsForm(request.GET or None)
    last = form.last_year()
    if not form.is_bound:
        form = YearsForm(initial={"til": last})
    summaries = years_compared(council=request.council, years=list(range(last - YEARS_SHOWN + 1, last + 1)))
    return render(request, "reports/years.html", {
        "nav": "reports", "form": form, "summaries": summaries, "last": last, "charts": years_charts(summaries),
        "today": timezone.localdate()})


def years_charts(summaries) -> list[dict]:
    """Bar charts of the years (one per measure), laid out for the SVG in years.html: each bar with
    its position, height and the value as text, so the chart says its numbers too."""
    measures = [
        (_("Møder holdt"), lambda s: s.meetings_held, lambda v: str(v)),
        (_("Fremmøde i gennemsnit"), lambda s: s.attendance_percent, lambda v: f"{v:.0f} %"),
        (_("Høringssvar"), lambda s: s.responses, lambda v: str(v)),
        (_("Høringssvar med kendt resultat"), lambda s: s.outcomes, lambda v: str(v)),
        (_("Forbrug"), lambda s: s.spent, kr_short),
    ]
    charts = []
    for title, value_of, label_of in measures:
        values = [value_of(s) or 0 for s in summaries]
        top = max(values, default=0) or 1
        bars = []
        for i, (summary, value) in enumerate(zip(summaries, values, strict=True)):
            height = round(float(value) / float(top) * 90, 1)
            x = 10 + i * 60
            bars.append({"year": summary.year, "x": x, "cx": x + 20, "height": height, "y": round(110 - height, 1),
                         "label_y": round(105 - height, 1), "label": label_of(value)})
        charts.append({"title": title, "bars": bars, "width": 20 + 60 * len(summaries)})
    return charts


# --- The easy-read version --------------------------------------------------------------------------

def _easy_page(request, report, easy, form, *, conflict=None, status=200):
    return render(request, "reports/easyread.html", {
        "nav": "reports", "report": report, "easy": easy, "form": form, "conflict": conflict,
        "lix_target": LIX_TARGET, "pictograms": editor_pictograms(), "save_url": _url(request, "easy_read", report.pk),
        "public_url": reverse("public:report_easy", args=[request.council.slug, report.year]),
        "can_publish": request.access.can("reports.publish"),
        "publish_url": _url(request, "easy_read_publish", report.pk), "publish_ready": report.is_published,
        "not_ready_text": _("Den letlæste udgave kan offentliggøres, når årsberetningen er offentliggjort."),
        "back_url": _url(request, "report", report.pk), "back_text": _("Tilbage til årsberetningen")}, status=status)


@council_view("reports.edit")
def easy_read(request, pk):
    """The easy-read annual report, for those who write the report (can_edit_report), once it is
    published. Opening it writes nothing: the first save starts the version from the form."""
    report = workflow.report_get(council=request.council, pk=pk)
    writer = can_edit_report(request.access, report)
    if request.method == "POST" and not writer:
        raise PermissionDenied("reports.edit")
    if not writer or not report.is_published:
        messages.error(request, _("Den letlæste udgave skrives af dem, der skriver beretningen, når den er "
                                  "offentliggjort."))
        return redirect(_url(request, "report", report.pk))
    return easy_read_editor(
        request, easy=easy_read_selectors.easy_report_get(report=report),
        starting_point=lambda: easy_read_selectors.starting_text(report=report),
        start=lambda: services.easy_report_start(report=report, actor=request.user),
        save=lambda easy, body, version: services.easy_report_save(
            easy=easy, body=body, expected_version=version, actor=request.user),
        page=lambda easy, form, **kwargs: _easy_page(request, report, easy, form, **kwargs),
        done_url=_url(request, "easy_read", report.pk))


@require_POST
@council_view("reports.publish")
def easy_read_publish(request, pk):
    report = workflow.report_get(council=request.council, pk=pk)
    return easy_read_publish_response(
        request, easy=easy_read_selectors.easy_report_get(report=report),
        done_url=_url(request, "easy_read", report.pk),
        publish=lambda easy: services.easy_report_publish(easy=easy, actor=request.user))

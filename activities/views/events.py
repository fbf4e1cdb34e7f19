"""Event pages (arrangementer): the list, creating and editing (the secretariat), the event page
with members' own sign-up and cancellation, attendance (the secretariat) and the report back.

Thin: ``council_view`` decides the role, ``selectors.event_get`` fetches (404 for another
council's event), one service call writes. On an ``ApplicationError`` the page is shown again
with the form as the user filled it and the message at the field, or as a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities import documents
from activities.forms.events import EVENT_FIELDS, AttendanceForm, CitizensAttendedForm, EventForm, ReportForm
from activities.models import SignupStatus
from activities.selectors import events as selectors
from activities.services import citizens as citizen_services
from activities.services import events as services
from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from councils.models import Person


def _url(request, name: str, event=None, anchor: str = "") -> str:
    args = [request.council.slug] + ([event.pk] if event is not None else [])
    url = reverse(f"activities:{name}", args=args)
    return f"{url}#{anchor}" if anchor else url


def _post(request):
    return request.POST if request.method == "POST" else None


def _own_person(request) -> Person | None:
    """The viewer's own person in this council (members sign themselves up)."""
    ids = request.access.person_ids
    if not ids:
        return None
    return Person.objects.filter(council=request.council, pk__in=ids).order_by("pk").first()


# --- The list ---------------------------------------------------------------------------------------

@require_GET
@council_view("events.view")
def event_list(request):
    asked = request.GET.get("aar", "")
    listing = selectors.event_list(request.council, person_ids=request.access.person_ids,
                                   past_year=int(asked) if asked.isdigit() else None)
    return render(request, "activities/events/list.html", {
        "nav": "events", "listing": listing, "can_manage": request.access.can("events.manage")})


# --- Create and edit ---------------------------------------------------------------------------------

@council_view("events.manage")
def event_create(request):
    form = EventForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(council=request.council, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Arrangementet “%(title)s” er oprettet.") % {"title": event.title})
            return redirect(_url(request, "event", event))
    return render(request, "activities/events/form.html", {
        "nav": "events", "form": form, "title": _("Opret et arrangement")}, status=form_status(form))


@council_view("events.manage")
def event_edit(request, pk):
    event = selectors.event_get(request.council, pk)
    form = EventForm(_post(request), initial={name: getattr(event, name) for name in EVENT_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Arrangementet er gemt."))
            return redirect(_url(request, "event", event))
    return render(request, "activities/events/form.html", {
        "nav": "events", "form": form, "event": event, "title": _("Ret arrangementet")},
        status=form_status(form))


# --- The event page ----------------------------------------------------------------------------------

@require_GET
@council_view("events.view")
def event_detail(request, pk):
    event = selectors.event_get(request.council, pk)
    access = request.access
    person_ids = access.person_ids
    row = selectors.event_row(event, person_ids)
    mine = selectors.own_signup(event, person_ids)
    manage = access.can("events.manage")
    citizens = selectors.citizen_list(event=event) if access.can("events.citizens") else None
    return render(request, "activities/events/detail.html", {
        "citizens": citizens, "citizens_form": CitizensAttendedForm(initial={"count": event.citizens_attended}),
        "event_begun": timezone.localtime(event.starts_at).date() <= timezone.localdate(),
        "nav": "events", "event": event, "row": row, "mine": mine,
        "attended": selectors.attended(event),
        "no_show": [s.person for s in event.signups.all() if s.status == SignupStatus.NO_SHOW],
        "cost": selectors.event_cost(event),
        "can_manage": manage,
        "can_signup": access.can("events.signup") and bool(person_ids),
        "can_report": access.can("events.signup") and services.can_report(event, person_ids=person_ids,
                                                                            manage=manage),
        "can_view_budget": access.can("budget.view"),
        "can_edit_agenda": access.can("agenda.edit"),
    })


def _signup_action(request, pk, action):
    event = selectors.event_get(request.council, pk)
    person = _own_person(request)
    if person is None:
        messages.error(request, _("Kun rådets medlemmer kan tilmelde sig selv."))
        return redirect(_url(request, "event", event))
    try:
        signup = action(event=event, person=person)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if signup.status == SignupStatus.SIGNED_UP:
            messages.success(request, _("Du er tilmeldt “%(title)s”.") % {"title": event.title})
        elif signup.status == SignupStatus.WAITING:
            messages.success(request, _("Der er ikke flere pladser, så du står på ventelisten. Du får automatisk "
                                        "en plads, hvis en anden melder fra."))
        else:
            messages.success(request, _("Du er meldt fra “%(title)s”.") % {"title": event.title})
    return redirect(_url(request, "event", event, "signup"))


@require_POST
@council_view("events.signup")
def event_signup(request, pk):
    return _signup_action(request, pk, lambda **kw: services.signup(actor=request.user, **kw))


@require_POST
@council_view("events.signup")
def event_cancel(request, pk):
    return _signup_action(request, pk, lambda **kw: services.signup_cancel(actor=request.user, **kw))


# --- Attendance --------------------------------------------------------------------------------------

@council_view("events.manage")
def event_attendance(request, pk):
    event = selectors.event_get(request.council, pk)
    choices = selectors.attendance_choices(request.council, event)
    form = AttendanceForm(_post(request), people=choices.people, initial={"attended": choices.initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(event=event, attended=[choices.person(i) for i in form.cleaned_data["attended"]],
                                       actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Fremmødet er registreret."))
            return redirect(_url(request, "event", event, "attendance"))
    return render(request, "activities/events/attendance.html", {
        "nav": "events", "event": event, "form": form}, status=form_status(form))


# --- Report back -------------------------------------------------------------------------------------

@council_view("events.signup")
def event_report(request, pk):
    event = selectors.event_get(request.council, pk)
    manage = request.access.can("events.manage")
    may_report = services.can_report(event, person_ids=request.access.person_ids, manage=manage)
    if not may_report and request.method == "POST":
        raise PermissionDenied("events.report: only attendees and the secretariat")
    form = ReportForm(_post(request), initial={"report": event.report})
    if request.method == "POST" and form.is_valid():
        first = event.reported_at is None
        try:
            services.report_save(event=event, report=form.cleaned_data["report"],
                                 reported_by=_own_person(request), actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            item = event.report_item
            if first and item is not None and item.meeting_id is not None:
                messages.success(request, _("Tak for tilbagemeldingen. Den er sat på dagsordenen til mødet den "
                                            "%(date)s som et orienteringspunkt.")
                                 % {"date": services.format_day(item.meeting.starts_at)})
            elif first:
                messages.success(request, _("Tak for tilbagemeldingen. Der er ikke planlagt et møde endnu, så den "
                                            "venter på listen over punkter til næste møde."))
            elif not getattr(event, "report_item_updated", True):
                messages.warning(request, _("Tilbagemeldingen er gemt. Punktet på dagsordenen er ikke ændret, fordi "
                                            "mødets referat er godkendt."))
            else:
                messages.success(request, _("Tilbagemeldingen er gemt."))
            return redirect(_url(request, "event", event, "report"))
    return render(request, "activities/events/report.html", {
        "nav": "events", "event": event, "form": form, "may_report": may_report,
        "next_meeting": selectors.next_meeting(request.council) if event.report_item_id is None else None},
        status=form_status(form))


# --- Public events: publishing and the citizens' list ------------------------------------------------

@require_POST
@council_view("events.manage")
def event_publish(request, pk):
    """Show the event on the council's public page, or take it off (``public=1`` / ``0``)."""
    event = selectors.event_get(request.council, pk)
    public = request.POST.get("public") == "1"
    try:
        citizen_services.event_publish_set(event=event, is_public=public, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Arrangementet vises nu på rådets offentlige side.") if public
                         else _("Arrangementet vises ikke længere på rådets offentlige side."))
    return redirect(_url(request, "event", event, "citizens"))


@require_GET
@council_view("events.citizens")
def event_citizens_pdf(request, pk):
    """The door list as PDF (names, phone numbers, the waiting list in order)."""
    event = selectors.event_get(request.council, pk)
    response = HttpResponse(documents.citizens_pdf(event), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.citizens_pdf_filename(event)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@council_view("events.manage")
def event_citizens_attended(request, pk):
    event = selectors.event_get(request.council, pk)
    form = CitizensAttendedForm(request.POST)
    if form.is_valid():
        try:
            citizen_services.citizens_attended_record(event=event, count=form.cleaned_data["count"],
                                                      actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Antallet af fremmødte borgere er gemt."))
    else:
        messages.error(request, " ".join(form.errors.get("count", [])))
    return redirect(_url(request, "event", event, "citizens"))

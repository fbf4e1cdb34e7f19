"""Attendance pages: the expected attendance and quorum (secretariat; members see who has sent
afbud), the whole meeting's attendance in one form, a member's own attendance with afbud, and
the personal afbud link that works without a login. Thin: council_view → selector → service;
ApplicationError → form error."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ApplicationError
from core.forms import form_status
from core.links import site_root
from core.tenancy import council_view
from councils.models import MembershipRole
from meetings import rules as meeting_rules
from meetings.forms.attendance import AfbudForm, AttendanceSheetForm, SubstituteCallForm
from meetings.models import AnswerChannel, AttendanceStatus, MeetingStatus
from meetings.selectors import attendance as selectors
from meetings.selectors import minutes as minutes_selectors
from meetings.selectors.common import meeting_get
from meetings.services import attendance as services
from meetings.services import minutes as minutes_services

# --- The expected attendance -----------------------------------------------------------------------

def _attendance_page(request, meeting, *, call_form=None, status=200):
    overview = selectors.attendance_overview(meeting=meeting)
    manage = request.access.can("attendance.manage")
    if manage and call_form is None:
        call_form = SubstituteCallForm(overview=overview)
    mine = next((r.attendance for r in overview.members + overview.substitutes + overview.guests
                 if r.attendance.person_id in request.access.person_ids), None)
    open_meeting = meeting.status in services.OPEN_STATUSES and not meeting_rules.has_started(meeting)
    can_invite = manage and meeting.status == MeetingStatus.AGENDA_PUBLISHED and open_meeting
    return render(request, "meetings/attendance.html", {
        "nav": "meetings", "meeting": meeting, "overview": overview, "manage": manage, "call_form": call_form,
        "mine": mine, "can_invite": can_invite, "can_record": request.access.can("minutes.edit"),
        "can_answer": manage and open_meeting}, status=status)


@council_view("meetings.view")
def attendance(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    return _attendance_page(request, meeting)


@require_POST
@council_view("attendance.manage")
def substitute_call(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    overview = selectors.attendance_overview(meeting=meeting)
    form = SubstituteCallForm(request.POST, overview=overview)
    if form.is_valid():
        absent = form.absent_rows[form.cleaned_data["absent"]]
        substitute = form.substitute_rows[form.cleaned_data["substitute"]].membership
        try:
            services.substitute_call(absent=absent, substitute=substitute, actor=request.user,
                                     base_url=site_root(request))
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(sub)s er indkaldt for %(name)s.")
                             % {"sub": substitute.person.name, "name": absent.person.name})
            return redirect("meetings:attendance", request.council.slug, meeting.pk)
    return _attendance_page(request, meeting, call_form=form, status=form_status(form))


#: The secretariat's one-click answers on the attendance page: service and message per button.
PHONE_ACTIONS = {
    "afbud": gettext_lazy("Afbud fra %(name)s er registreret (telefon)."),
    "coming": gettext_lazy("%(name)s kommer – registreret (telefon)."),
    "afbud_undo": gettext_lazy("Afbuddet fra %(name)s er fortrudt."),
    "coming_undo": gettext_lazy("“Kommer” for %(name)s er fortrudt."),
}


@require_POST
@council_view("attendance.manage")
def attendance_answer(request, pk, attendance_pk):
    """One click on the attendance page: an answer the secretariat got by phone ("Afbud pr.
    telefon", "Kommer (telefon)"), or undoing it. No form: the button says what happens."""
    meeting = meeting_get(council=request.council, pk=pk)
    attendance = selectors.attendance_get(council=request.council, meeting=meeting, pk=attendance_pk)
    action = request.POST.get("action", "")
    base_url = site_root(request)
    try:
        if action == "afbud":
            services.afbud_register(attendance=attendance, actor=request.user, base_url=base_url,
                                    via=AnswerChannel.PHONE)
        elif action == "coming":
            services.attendance_confirm(attendance=attendance, actor=request.user, via=AnswerChannel.PHONE)
        elif action == "afbud_undo":
            services.afbud_withdraw(attendance=attendance, actor=request.user, base_url=base_url)
        elif action == "coming_undo":
            services.attendance_confirm_withdraw(attendance=attendance, actor=request.user)
        else:
            raise ApplicationError(_("Vælg en af knapperne."))
    except ApplicationError as error:
        messages.error(request, f"{attendance.person.name}: {error.message}")
    else:
        messages.success(request, str(PHONE_ACTIONS[action]) % {"name": attendance.person.name})
    return redirect(f"{reverse('meetings:attendance', args=[request.council.slug, meeting.pk])}#person-{attendance.pk}")


@require_POST
@council_view("attendance.manage")
def reading_link_revoke(request, pk, attendance_pk):
    """"Luk personligt link": the person's reading link and short code stop working at once."""
    meeting = meeting_get(council=request.council, pk=pk)
    attendance = selectors.attendance_get(council=request.council, meeting=meeting, pk=attendance_pk)
    services.reading_link_revoke(attendance=attendance, actor=request.user)
    messages.success(request, _("Det personlige link til %(name)s er lukket. Det virker ikke mere.")
                     % {"name": attendance.person.name})
    return redirect(f"{reverse('meetings:attendance', args=[request.council.slug, meeting.pk])}#person-{attendance.pk}")


@require_POST
@council_view("attendance.manage")
def invitations_send(request, pk):
    """Invite the people who joined the council after the invitations were sent (the service
    is idempotent: nobody is invited twice)."""
    meeting = meeting_get(council=request.council, pk=pk)
    try:
        sent = services.invitations_send(meeting=meeting, actor=request.user, base_url=site_root(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext("%(n)d indkaldelse er sendt.", "%(n)d indkaldelser er sendt.",
                                           len(sent)) % {"n": len(sent)})
    return redirect("meetings:attendance", request.council.slug, meeting.pk)


@require_http_methods(["GET", "POST"])
@council_view("minutes.edit")
def attendance_record(request, pk):
    """The whole meeting's attendance in one form: everyone expected, present / afbud / absent
    and whom each substitute stands in for, saved in one go (or not at all)."""
    meeting = meeting_get(council=request.council, pk=pk)
    sheet = minutes_selectors.attendance_sheet(meeting=meeting)
    form = AttendanceSheetForm(request.POST or None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            changed = minutes_services.attendance_register(meeting=meeting, entries=form.entries(),
                                                           actor=request.user, base_url=site_root(request))
        except minutes_services.AttendanceSheetInvalid as error:
            form.add_sheet_errors(error)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, ngettext("Fremmødet er gemt (%(n)d ændring).",
                                               "Fremmødet er gemt (%(n)d ændringer).", len(changed))
                             % {"n": len(changed)})
            return redirect("meetings:attendance_record", request.council.slug, meeting.pk)
    return render(request, "meetings/attendance_sheet.html", {
        "nav": "meetings", "meeting": meeting, "sheet": sheet, "form": form, "groups": form.groups(sheet),
        "editable": meeting.status in minutes_services.DRAFT_STATUSES}, status=form_status(form))


# --- Changed rules and meetings already called ------------------------------------------------------

@council_view("attendance.manage")
def rules_apply(request):
    """The meetings ahead whose invitations would change under the rules of procedure now in
    force on their day: who would now be invited and who would no longer be called."""
    return render(request, "meetings/rules_apply.html", {
        "nav": "meetings", "diffs": selectors.rules_changes_pending(council=request.council)})


@require_POST
@council_view("attendance.manage")
def rules_apply_meeting(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    try:
        diff = services.rules_apply(meeting=meeting, actor=request.user, base_url=site_root(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Forretningsordenen er anvendt på mødet %(date)s: %(invited)d indkaldt, "
                                    "%(uncalled)d ikke længere indkaldt, %(changed)d møder nu eller ikke længere "
                                    "for et medlem. De har fået besked.") % {
            "date": date_format(timezone.localtime(meeting.starts_at)), "invited": len(diff.invite),
            "uncalled": len(diff.uncall), "changed": len(diff.stand_in) + len(diff.release)})
    return redirect("meetings:rules_apply", request.council.slug)


# --- A member's own attendance -------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@council_view("meetings.view")
def my_attendance(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    mine = selectors.my_attendance(meeting=meeting, person_ids=request.access.person_ids)
    form = AfbudForm(request.POST or None)
    if request.method == "POST":
        if mine is None:
            messages.error(request, _("Du er ikke indkaldt til dette møde."))
            return redirect("meetings:my_attendance", request.council.slug, meeting.pk)
        if form.is_valid():
            try:
                services.afbud_register(attendance=mine, note=form.cleaned_data["note"], actor=request.user,
                                        base_url=site_root(request), via=AnswerChannel.PAGE)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Dit afbud er registreret. Tak fordi du gav besked."))
                return redirect("meetings:my_attendance", request.council.slug, meeting.pk)
    return render(request, "meetings/attendance_mine.html", {
        "nav": "meetings", "meeting": meeting, "mine": mine, "form": form,
        "can_withdraw": mine is not None and mine.status == AttendanceStatus.AFBUD
        and mine.meeting.status in services.OPEN_STATUSES and not meeting_rules.has_started(meeting),
        "can_afbud": mine is not None and mine.status in (AttendanceStatus.INVITED, AttendanceStatus.NOT_CALLED)
        and mine.meeting.status in services.OPEN_STATUSES,
        "can_confirm": mine is not None and mine.status == AttendanceStatus.INVITED and mine.coming_at is None
        and mine.meeting.status in services.OPEN_STATUSES and not meeting_rules.has_started(meeting)},
        status=form_status(form))


@require_POST
@council_view("meetings.view")
def my_attendance_confirm(request, pk):
    """"Jeg kommer" from a logged-in person's own page."""
    meeting = meeting_get(council=request.council, pk=pk)
    mine = selectors.my_attendance(meeting=meeting, person_ids=request.access.person_ids)
    if mine is None:
        messages.error(request, _("Du er ikke indkaldt til dette møde."))
    else:
        try:
            services.attendance_confirm(attendance=mine, actor=request.user, via=AnswerChannel.PAGE)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Tak. Vi har noteret, at du kommer."))
    return redirect("meetings:my_attendance", request.council.slug, meeting.pk)


@require_POST
@council_view("meetings.view")
def my_attendance_withdraw(request, pk):
    """A logged-in person takes their afbud back from their own page."""
    meeting = meeting_get(council=request.council, pk=pk)
    mine = selectors.my_attendance(meeting=meeting, person_ids=request.access.person_ids)
    if mine is None:
        messages.error(request, _("Du er ikke indkaldt til dette møde."))
    else:
        try:
            services.afbud_withdraw(attendance=mine, actor=request.user, base_url=site_root(request))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Dit afbud er fortrudt. Du er indkaldt til mødet igen."))
    return redirect("meetings:my_attendance", request.council.slug, meeting.pk)


# --- The personal afbud link (no login) ----------------------------------------------------------

def _from_token(request, token):
    """``(attendance, None)`` for a usable link, or ``(None, response)`` with the page that
    says why not: altered (400), gone (404), or the meeting has started (410)."""
    try:
        return selectors.attendance_from_afbud_token(token), None
    except selectors.AfbudLinkInvalid:
        return None, render(request, "meetings/afbud_invalid.html", {"reason": "invalid"}, status=400)
    except selectors.AfbudLinkUnknown:
        return None, render(request, "meetings/afbud_invalid.html", {"reason": "unknown"}, status=404)
    except selectors.AfbudLinkExpired as expired:
        return None, render(request, "meetings/afbud_invalid.html", {
            "reason": "expired", "mine": expired.attendance, "meeting": expired.attendance.meeting,
            "council": expired.attendance.meeting.council}, status=410)


def _afbud_context(mine) -> dict:
    meeting = mine.meeting
    return {"meeting": meeting, "council": meeting.council, "mine": mine, "access": None, "token": None,  # nosec B105  # no token on this page
            "is_substitute": mine.membership_id and mine.membership.role == MembershipRole.SUBSTITUTE}


@require_http_methods(["GET", "POST"])
def afbud(request, token):
    mine, refused = _from_token(request, token)
    if refused is not None:
        return refused
    meeting = mine.meeting
    context = {**_afbud_context(mine), "token": token}
    if mine.status == AttendanceStatus.AFBUD:
        return render(request, "meetings/afbud_done.html", context)
    form = AfbudForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.afbud_register(attendance=mine, note=form.cleaned_data["note"], base_url=site_root(request))
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            return redirect("afbud", token)
    context["form"] = form
    context["closed"] = meeting.status not in services.OPEN_STATUSES or mine.status not in (
        AttendanceStatus.INVITED, AttendanceStatus.NOT_CALLED)
    return render(request, "meetings/afbud.html", context, status=form_status(form))


@require_POST
def afbud_withdraw(request, token):
    """“Fortryd afbud” behind the same personal link, until the meeting starts."""
    mine, refused = _from_token(request, token)
    if refused is not None:
        return refused
    try:
        services.afbud_withdraw(attendance=mine, base_url=site_root(request))
    except ApplicationError as error:
        return render(request, "meetings/afbud_done.html", {**_afbud_context(mine), "token": token,
                                                            "withdraw_error": error.message}, status=400)
    messages.success(request, _("Dit afbud er fortrudt. Du er indkaldt til mødet igen."))
    return redirect("afbud", token)

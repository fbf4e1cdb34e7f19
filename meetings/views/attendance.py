"""Attendance pages: the expected attendance and quorum (secretariat; members see who has sent
afbud), a member's own attendance with afbud, and the personal afbud link that works without
a login. Thin: council_view → selector → service; ApplicationError → form error."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ApplicationError
from core.forms import StemmeForm
from core.tenancy import council_view
from core.validators import validate_no_cpr
from councils.models import MembershipRole, SubstituteMode
from meetings import rules as meeting_rules
from meetings.models import AttendanceStatus, MeetingStatus
from meetings.selectors import attendance as selectors
from meetings.selectors.common import meeting_get
from meetings.services import attendance as services

# --- Forms -------------------------------------------------------------------------------------


class AfbudForm(StemmeForm):
    note = forms.CharField(
        label=gettext_lazy("Besked til sekretariatet"), required=False, max_length=300,
        validators=[validate_no_cpr], widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Fx “Jeg er syg” eller “Jeg kan komme til sidste halvdel”. "
                               "Du behøver ikke skrive noget."),
        error_messages={"max_length": gettext_lazy("Skriv højst 300 tegn.")})


class SubstituteCallForm(StemmeForm):
    """Call a substitute in for a member with afbud. Choices come from the overview."""

    absent = forms.TypedChoiceField(label=gettext_lazy("Medlem med afbud"), coerce=int,
                                    error_messages={"required": gettext_lazy("Vælg medlemmet, der har meldt afbud.")})
    substitute = forms.TypedChoiceField(label=gettext_lazy("Suppleant"), coerce=int,
                                        error_messages={"required": gettext_lazy("Vælg en suppleant.")})

    def __init__(self, *args, overview, **kwargs):
        super().__init__(*args, **kwargs)
        away = (AttendanceStatus.AFBUD, AttendanceStatus.ABSENT)
        covered = {r.attendance.stands_in_for_id for r in overview.substitutes
                   if r.attendance.stands_in_for_id and r.attendance.status not in away}
        absent = {r.attendance.pk: r.attendance for r in overview.members
                  if r.attendance.status in away and r.attendance.pk not in covered}
        free = {r.attendance.membership_id: r.attendance for r in overview.substitutes
                if r.attendance.membership_id and not r.attendance.stands_in_for_id
                and r.attendance.status not in away}
        pool = overview.rules is not None and overview.rules.substitute_mode == SubstituteMode.POOL
        if not pool:  # personal substitutes: only the pairs the rules allow
            members = {a.membership_id for a in absent.values()}
            free = {pk: a for pk, a in free.items() if a.membership.substitute_for_id in members}
            called_for = {a.membership.substitute_for_id for a in free.values()}
            absent = {pk: a for pk, a in absent.items() if a.membership_id in called_for}
        self.absent_rows, self.substitute_rows = absent, free
        self.fields["absent"].choices = [("", _("Vælg"))] + [(pk, a.person.name) for pk, a in self.absent_rows.items()]
        self.fields["substitute"].choices = [("", _("Vælg"))] + [
            (pk, self._substitute_label(a)) for pk, a in self.substitute_rows.items()]

    @staticmethod
    def _substitute_label(attendance) -> str:
        membership = attendance.membership
        if not membership.substitute_for_id:
            return attendance.person.name
        return _("%(sub)s (personlig suppleant for %(name)s)") % {
            "sub": attendance.person.name, "name": membership.substitute_for.person.name}

    @property
    def available(self) -> bool:
        return bool(self.absent_rows) and bool(self.substitute_rows)


RECORD_CHOICES = [(AttendanceStatus.PRESENT, gettext_lazy("Til stede")),
                  (AttendanceStatus.AFBUD, gettext_lazy("Afbud")),
                  (AttendanceStatus.ABSENT, gettext_lazy("Fraværende uden afbud")),
                  (AttendanceStatus.INVITED, gettext_lazy("Indkaldt – ikke registreret")),
                  (AttendanceStatus.NOT_CALLED, gettext_lazy("Ikke indkaldt"))]


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- The expected attendance -----------------------------------------------------------------------

def _attendance_page(request, meeting, *, call_form=None, status=200):
    overview = selectors.attendance_overview(meeting=meeting)
    manage = request.access.can("attendance.manage")
    if manage and call_form is None:
        call_form = SubstituteCallForm(overview=overview)
    mine = next((r.attendance for r in overview.members + overview.substitutes + overview.guests
                 if r.attendance.person_id in request.access.person_ids), None)
    can_invite = (manage and meeting.status == MeetingStatus.AGENDA_PUBLISHED
                  and not meeting_rules.has_started(meeting))
    return render(request, "meetings/attendance.html", {
        "nav": "meetings", "meeting": meeting, "overview": overview, "manage": manage, "call_form": call_form,
        "record_choices": RECORD_CHOICES, "mine": mine, "can_invite": can_invite}, status=status)


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
            services.substitute_call(absent=absent, substitute=substitute, called_by=request.user,
                                     base_url=_base_url(request))
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(sub)s er indkaldt for %(name)s.")
                             % {"sub": substitute.person.name, "name": absent.person.name})
            return redirect("meetings:attendance", request.council.slug, meeting.pk)
    return _attendance_page(request, meeting, call_form=form, status=400)


@require_POST
@council_view("attendance.manage")
def invitations_send(request, pk):
    """Invite the people who joined the council after the invitations were sent (the service
    is idempotent: nobody is invited twice)."""
    meeting = meeting_get(council=request.council, pk=pk)
    try:
        sent = services.invitations_send(meeting=meeting, sent_by=request.user, base_url=_base_url(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext("%(n)d indkaldelse er sendt.", "%(n)d indkaldelser er sendt.",
                                           len(sent)) % {"n": len(sent)})
    return redirect("meetings:attendance", request.council.slug, meeting.pk)


@require_POST
@council_view("attendance.manage")
def attendance_record(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    statuses = {}
    for key, value in request.POST.items():
        if key.startswith("status-") and key[7:].isdigit():
            statuses[int(key[7:])] = value
    try:
        changed = services.attendance_record(meeting=meeting, statuses=statuses, recorded_by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Fremmødet er gemt (%(n)d ændret).") % {"n": len(changed)})
    return redirect("meetings:attendance", request.council.slug, meeting.pk)


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
                services.afbud_register(attendance=mine, note=form.cleaned_data["note"], registered_by=request.user,
                                        base_url=_base_url(request))
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
        and mine.meeting.status in services.OPEN_STATUSES},
        status=400 if form.errors else 200)


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
            services.afbud_withdraw(attendance=mine, withdrawn_by=request.user, base_url=_base_url(request))
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
    return {"meeting": meeting, "council": meeting.council, "mine": mine, "access": None, "token": None,
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
    form = AfbudForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.afbud_register(attendance=mine, note=form.cleaned_data["note"], base_url=_base_url(request))
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            return redirect("afbud", token)
    context["form"] = form
    context["closed"] = meeting.status not in services.OPEN_STATUSES or mine.status not in (
        AttendanceStatus.INVITED, AttendanceStatus.NOT_CALLED)
    return render(request, "meetings/afbud.html", context, status=400 if form.errors else 200)


@require_POST
def afbud_withdraw(request, token):
    """“Fortryd afbud” behind the same personal link, until the meeting starts."""
    mine, refused = _from_token(request, token)
    if refused is not None:
        return refused
    try:
        services.afbud_withdraw(attendance=mine, base_url=_base_url(request))
    except ApplicationError as error:
        return render(request, "meetings/afbud_done.html", {**_afbud_context(mine), "token": token,
                                                            "withdraw_error": error.message}, status=400)
    messages.success(request, _("Dit afbud er fortrudt. Du er indkaldt til mødet igen."))
    return redirect("afbud", token)

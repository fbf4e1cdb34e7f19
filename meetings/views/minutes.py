"""The minutes pages: the editor used at and after the meeting (attendance with live quorum,
decisions with a version check, conflicts of interest, votes, action items, the election at
a constituting meeting), written approval by members, publishing, and the agenda and
minutes as PDF and Word.

Thin: ``council_view`` decides access, selectors read (404 for another council's objects),
one service call writes. Every button is its own POST view; on an ``ApplicationError`` the
editor is shown again with the form as the user filled it and the message at the field."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError, EditConflict
from core.formats import long_date
from core.forms import form_status
from core.links import site_root
from core.tenancy import council_view
from councils.models import Person
from meetings import documents, rules
from meetings.forms.minutes import (
    ActionItemForm,
    ActionStatusForm,
    AttendanceForm,
    ConflictForm,
    ElectionForm,
    GuestForm,
    IntroForm,
    ItemMinutesForm,
    VoteForm,
)
from meetings.models import MeetingKind, MeetingStatus, StandardItem
from meetings.selectors import minutes as selectors
from meetings.selectors.common import item_get, meeting_get
from meetings.services import minutes as services

DRAFT = services.DRAFT_STATUSES


def _editor_url(meeting, anchor: str = "") -> str:
    url = reverse("meetings:minutes", args=[meeting.council.slug, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _people(rows) -> list[Person]:
    return sorted((r.person for r in rows), key=lambda p: p.name)


def _voting(meeting):
    """The attendances, rules, voters and quorum, sharing one load of the attendance rows."""
    roster = rules.roster_for(meeting)
    attendances = rules.meeting_attendances(meeting, roster=roster)
    procedure = rules.rules_for(meeting)
    voting = rules.voting_attendances(meeting, attendances=attendances, rules=procedure)
    quorum = rules.quorum(meeting, attendances=attendances, rules=procedure, roster=roster)
    return sorted((a.person for a in voting), key=lambda p: p.name), quorum


def _vote_form(item, voters, data=None):
    conflicted = {c.person_id for c in item.conflicts.all()}
    return VoteForm(data, voters=[p for p in voters if p.pk not in conflicted], prefix=f"vote{item.pk}")


def _editor_context(request, meeting, *, bound=None, conflict=None) -> dict:
    """Everything the editor shows, in a constant number of queries whatever the number of
    items, votes or people. ``bound`` maps (form name, item id) to a bound form to show
    instead of a fresh one; ``conflict`` is an EditConflict to show at its item."""
    bound = bound or {}
    minutes = selectors.minutes_for_meeting(meeting=meeting)
    people = _people(minutes.rows)
    members = [r.person for r in minutes.rows if r.role == "member"]
    voters, quorum = _voting(meeting)
    for item in minutes.items:
        initial = {"decision": item.decision, "dissent": item.dissent, "version": item.minutes_version}
        item.conflict = None
        if conflict is not None and conflict.obj.pk == item.pk:
            item.conflict = conflict
            initial = {**conflict.submitted, "version": conflict.stored_version}
        item.minutes_form = bound.get(("minutes", item.pk)) or ItemMinutesForm(initial=initial,
                                                                               prefix=f"item{item.pk}")
        item.conflict_form = bound.get(("conflict", item.pk)) or ConflictForm(people=people,
                                                                              prefix=f"coi{item.pk}")
        item.vote_form = bound.get(("vote", item.pk)) or _vote_form(item, voters)
        item.action_form = bound.get(("action", item.pk)) or ActionItemForm(people=people, prefix=f"act{item.pk}")
        for action in item.action_items.all():
            action.status_form = ActionStatusForm(initial={"status": action.status, "note": action.status_note},
                                                  prefix=f"as{action.pk}")
    editable = meeting.status in DRAFT
    started = rules.has_started(meeting)
    previous = None
    if editable and started and any(i.standard == StandardItem.APPROVAL for i in minutes.items):
        previous = selectors.previous_minutes_to_approve(meeting=meeting)
    return {
        "nav": "meetings", "meeting": meeting, "minutes": minutes, "quorum": quorum, "voters": voters,
        "editable": editable, "started": started, "people": people, "members": members,
        "attendance_form": bound.get(("attendance", None)),
        "guest_form": bound.get(("guest", None)) or GuestForm(prefix="guest"),
        "intro_form": bound.get(("intro", None)) or IntroForm(initial={"minutes_intro": meeting.minutes_intro},
                                                               prefix="intro"),
        "election_form": (bound.get(("election", None)) or ElectionForm(members=members, prefix="election"))
        if meeting.kind == MeetingKind.CONSTITUTING else None,
        "approval": selectors.approval_state(meeting=meeting),
        "previous_to_approve": previous,
        "can_publish": request.access.can("minutes.publish") and meeting.status == MeetingStatus.MINUTES_APPROVED,
        "conflict": conflict,
    }


def _editor(request, meeting, *, bound=None, conflict=None, status=200):
    return render(request, "meetings/minutes.html", _editor_context(request, meeting, bound=bound,
                                                                    conflict=conflict), status=status)


def _item(request, meeting, item_pk):
    return item_get(council=request.council, meeting=meeting, pk=item_pk)


# --- The editor --------------------------------------------------------------------------------------

@council_view("minutes.edit")
def minutes(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    return _editor(request, meeting)


@require_GET
@council_view("minutes.edit")
def quorum(request, pk):
    """The quorum box (htmx: refreshed when attendance changes), with the ballot lists of
    every item swapped out of band so new voters appear at once."""
    meeting = meeting_get(council=request.council, pk=pk)
    voters, quorum = _voting(meeting)
    items = selectors.minutes_items(meeting=meeting) if request.htmx else []
    for item in items:
        item.vote_form = _vote_form(item, voters)
    return render(request, "meetings/minutes_quorum.html", {"meeting": meeting, "quorum": quorum,
                                                             "items": items, "oob": bool(request.htmx)})


@require_POST
@council_view("minutes.edit")
def attendance(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    rows = selectors.attendance_rows(meeting=meeting)
    form = AttendanceForm(request.POST, people=_people(rows), members=[r.person for r in rows if r.role == "member"])
    if form.is_valid():
        people = {p.pk: p for p in _people(rows)}
        data = form.cleaned_data
        try:
            services.attendance_record(meeting=meeting, person=people[data["person"]], status=data["status"],
                                       stands_in_for=people.get(data["stands_in_for"]), actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
    if request.htmx:
        rows = selectors.attendance_rows(meeting=meeting)
        response = render(request, "meetings/minutes_attendance.html", {
            "meeting": meeting, "rows": rows, "attendance_form": form if form.errors else None,
            "members": [r.person for r in rows if r.role == "member"], "editable": True,
            "saved_person": None if form.errors else form.cleaned_data.get("person")},
            status=form_status(form))
        if not form.errors:
            response["HX-Trigger"] = "attendanceChanged"
        return response
    if form.errors:
        return _editor(request, meeting, bound={("attendance", None): form}, status=form_status(form))
    messages.success(request, _("Fremmødet er gemt."))
    return redirect(_editor_url(meeting, "attendance"))


@require_POST
@council_view("minutes.edit")
def guest(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    form = GuestForm(request.POST, prefix="guest")
    if form.is_valid():
        try:
            services.guest_add(meeting=meeting, name=form.cleaned_data["name"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(name)s er tilføjet som gæst.") % {"name": form.cleaned_data["name"]})
            return redirect(_editor_url(meeting, "attendance"))
    return _editor(request, meeting, bound={("guest", None): form}, status=form_status(form))


@require_POST
@council_view("minutes.edit")
def intro(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    form = IntroForm(request.POST, prefix="intro")
    if form.is_valid():
        try:
            services.minutes_intro_save(meeting=meeting, text=form.cleaned_data["minutes_intro"],
                                        actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Indledningen er gemt."))
            return redirect(_editor_url(meeting, "intro"))
    return _editor(request, meeting, bound={("intro", None): form}, status=form_status(form))


@require_POST
@council_view("minutes.edit")
def mark_held(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    try:
        services.meeting_mark_held(meeting=meeting, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Mødet er registreret som afholdt. Referatet er en kladde, til det er godkendt."))
    return redirect(_editor_url(meeting))


@require_POST
@council_view("minutes.edit")
def item_minutes(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = _item(request, meeting, item_pk)
    form = ItemMinutesForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_minutes_save(item=item, decision=data["decision"], dissent=data["dissent"],
                                       expected_version=data["version"], actor=request.user)
        except EditConflict as conflict:
            return _editor(request, meeting, conflict=conflict, status=409)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Referatet af punkt “%(title)s” er gemt.") % {"title": item.title})
            return redirect(_editor_url(meeting, f"item-{item.pk}"))
    return _editor(request, meeting, bound={("minutes", item.pk): form}, status=form_status(form))


@require_POST
@council_view("minutes.edit")
def conflict(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = _item(request, meeting, item_pk)
    rows = selectors.attendance_rows(meeting=meeting)
    people = {p.pk: p for p in _people(rows)}
    form = ConflictForm(request.POST, people=people.values(), prefix=f"coi{item.pk}")
    if form.is_valid():
        try:
            services.conflict_declare(item=item, person=people[form.cleaned_data["person"]],
                                      note=form.cleaned_data["note"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Inhabiliteten er noteret."))
            return redirect(_editor_url(meeting, f"item-{item.pk}"))
    return _editor(request, meeting, bound={("conflict", item.pk): form}, status=form_status(form))


@require_POST
@council_view("minutes.edit")
def conflict_withdraw(request, pk, item_pk, conflict_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = _item(request, meeting, item_pk)
    declared = selectors.conflict_get(item=item, pk=conflict_pk)
    try:
        services.conflict_withdraw(conflict=declared, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Inhabiliteten er fjernet."))
    return redirect(_editor_url(meeting, f"item-{item.pk}"))


@require_POST
@council_view("minutes.edit")
def vote(request, pk, item_pk):
    """A vote. Ballots are read from every ``ballot_<person id>`` field posted, not only from
    the people the form lists, so a ballot for someone without voting right reaches the
    service and is refused there with their name."""
    meeting = meeting_get(council=request.council, pk=pk)
    item = _item(request, meeting, item_pk)
    items = selectors.minutes_items(meeting=meeting)
    item = next((i for i in items if i.pk == item.pk), item)
    voters, _quorum = _voting(meeting)
    prefix = f"vote{item.pk}-ballot_"
    posted = {int(k.removeprefix(prefix)): v for k, v in request.POST.items()
              if k.startswith(prefix) and k.removeprefix(prefix).isdigit()}
    form = _vote_form(item, voters, request.POST)
    if form.is_valid():
        ballots = {**form.ballots(), **{pid: v for pid, v in posted.items() if pid not in form.ballots()}}
        try:
            result = services.vote_record(item=item, question=form.cleaned_data["question"], ballots=ballots,
                                          actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Afstemningen er registreret: %(yes)d for, %(no)d imod, %(abstain)d undlod. "
                                        "Forslaget blev %(result)s.")
                             % {"yes": result.yes, "no": result.no, "abstain": result.abstain,
                                "result": _("vedtaget") if result.carried else _("ikke vedtaget")})
            return redirect(_editor_url(meeting, f"item-{item.pk}"))
    return _editor(request, meeting, bound={("vote", item.pk): form}, status=form_status(form))


@require_POST
@council_view("minutes.edit")
def vote_delete(request, pk, item_pk, vote_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = _item(request, meeting, item_pk)
    try:
        services.vote_delete(vote=selectors.vote_get(item=item, pk=vote_pk), actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Afstemningen er slettet."))
    return redirect(_editor_url(meeting, f"item-{item.pk}"))


@require_POST
@council_view("minutes.edit")
def action_create(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = _item(request, meeting, item_pk)
    rows = selectors.attendance_rows(meeting=meeting)
    people = {p.pk: p for p in _people(rows)}
    form = ActionItemForm(request.POST, people=people.values(), prefix=f"act{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_item_create(meeting=meeting, item=item, title=data["title"],
                                        owners=[people[o] for o in data["owners"]], due=data["due"],
                                        actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Opgaven “%(title)s” er oprettet.") % {"title": data["title"]})
            return redirect(_editor_url(meeting, f"item-{item.pk}"))
    return _editor(request, meeting, bound={("action", item.pk): form}, status=form_status(form))


@require_POST
@council_view("minutes.edit")
def action_status(request, pk, action_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    action = selectors.action_item_get(meeting=meeting, pk=action_pk)
    form = ActionStatusForm(request.POST, prefix=f"as{action.pk}")
    if form.is_valid():
        try:
            services.action_item_update_status(action_item=action, status=form.cleaned_data["status"],
                                               note=form.cleaned_data["note"], actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Status for “%(title)s” er gemt.") % {"title": action.title})
    else:
        messages.error(request, _("Vælg en status for opgaven."))
    return redirect(_editor_url(meeting, f"item-{action.item_id}" if action.item_id else "actions"))


@require_POST
@council_view("minutes.edit")
def election(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    members = selectors.member_choices(meeting=meeting)
    form = ElectionForm(request.POST, members=members, prefix="election")
    if form.is_valid():
        by_pk = {p.pk: p for p in members}
        chair, vice = by_pk[form.cleaned_data["chair"]], by_pk.get(form.cleaned_data["vice_chair"])
        try:
            services.chair_elect(meeting=meeting, chair=chair, vice_chair=vice, actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Valget er registreret, og medlemslisten er opdateret."))
            return redirect(_editor_url(meeting, "election"))
    return _editor(request, meeting, bound={("election", None): form}, status=form_status(form))


@require_POST
@council_view("minutes.edit")
def approve_previous(request, pk):
    """Under this meeting's first item: the previous meeting's minutes are approved."""
    meeting = meeting_get(council=request.council, pk=pk)
    previous = selectors.previous_minutes_to_approve(meeting=meeting)
    if previous is None:
        messages.error(request, _("Der er ikke et tidligere referat, der venter på godkendelse."))
    else:
        try:
            services.minutes_approve_at_meeting(meeting=previous, at_meeting=meeting, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Referatet fra mødet den %(date)s er godkendt.")
                             % {"date": long_date(services.meeting_date(previous))})
    return redirect(_editor_url(meeting, "approval"))


@require_POST
@council_view("minutes.edit")
def request_approval(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    try:
        sent = services.minutes_request_written_approval(meeting=meeting, actor=request.user,
                                                         base_url=site_root(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Referatet er sendt til skriftlig godkendelse hos %(n)d medlemmer.")
                         % {"n": len(sent)})
    return redirect(_editor_url(meeting, "approval"))


@require_POST
@council_view("minutes.publish")
def publish(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    try:
        services.minutes_publish(meeting=meeting, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Referatet er offentliggjort."))
    return redirect(_editor_url(meeting, "approval"))


# --- Written approval by a member ------------------------------------------------------------------

@council_view("minutes.approve")
def approve(request, pk):
    """A member reads the draft minutes and approves them with one click."""
    meeting = meeting_get(council=request.council, pk=pk)
    state = selectors.approval_state(meeting=meeting)
    mine = [p for p in state.approvers if p.pk in request.access.person_ids]
    if request.method == "POST":
        if not mine:
            messages.error(request, _("Referatet godkendes af de medlemmer, der var til stede på mødet. Du var ikke "
                                      "registreret som til stede."))
        else:
            try:
                services.minutes_approve_in_writing(meeting=meeting, person=mine[0], actor=request.user)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                meeting.refresh_from_db()
                if meeting.status == MeetingStatus.MINUTES_APPROVED:
                    messages.success(request, _("Tak. Alle har nu godkendt, så referatet er godkendt."))
                else:
                    messages.success(request, _("Tak. Din godkendelse er registreret."))
        return redirect("meetings:minutes_approve", request.council.slug, meeting.pk)
    minutes = selectors.minutes_for_meeting(meeting=meeting)
    return render(request, "meetings/minutes_approve.html", {
        "nav": "meetings", "meeting": meeting, "minutes": minutes, "state": state, "mine": mine,
        "already": bool(mine) and mine[0].pk in state.approved_ids})


@council_view("meetings.view")
def read(request, pk):
    """The minutes for everyone in the council, read-only (a draft is marked as such)."""
    meeting = meeting_get(council=request.council, pk=pk)
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED) and not request.access.can("minutes.edit"):
        raise PermissionDenied("meetings.view")
    state = selectors.approval_state(meeting=meeting)
    return render(request, "meetings/minutes_read.html", {
        "nav": "meetings", "meeting": meeting, "minutes": selectors.minutes_for_meeting(meeting=meeting),
        "state": state, "is_draft": meeting.status not in (MeetingStatus.MINUTES_APPROVED,
                                                             MeetingStatus.MINUTES_PUBLISHED),
        "asked_to_approve": state.requested and any(p.pk in request.access.person_ids for p in state.waiting)})


# --- Documents ------------------------------------------------------------------------------------

def _document(request, meeting, kind: str, fmt: str) -> HttpResponse:
    # Before the agenda is sent, the papers are the formandskab's working draft.
    if meeting.status == MeetingStatus.PLANNED and not request.access.can("agenda.edit"):
        raise PermissionDenied("meetings.view")
    builders = {("agenda", "pdf"): documents.agenda_pdf, ("minutes", "pdf"): documents.minutes_pdf,
                ("agenda", "docx"): documents.agenda_docx, ("minutes", "docx"): documents.minutes_docx}
    content_types = {"pdf": "application/pdf",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    response = HttpResponse(builders[(kind, fmt)](meeting), content_type=content_types[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{documents.pdf_filename(meeting, kind, fmt)}"'
    return response


@require_GET
@council_view("meetings.view")
def agenda_pdf(request, pk):
    return _document(request, meeting_get(council=request.council, pk=pk), "agenda", "pdf")


@require_GET
@council_view("meetings.view")
def minutes_pdf(request, pk):
    return _document(request, meeting_get(council=request.council, pk=pk), "minutes", "pdf")


@require_GET
@council_view("meetings.view")
def agenda_docx(request, pk):
    return _document(request, meeting_get(council=request.council, pk=pk), "agenda", "docx")


@require_GET
@council_view("meetings.view")
def minutes_docx(request, pk):
    return _document(request, meeting_get(council=request.council, pk=pk), "minutes", "docx")

"""The year plan's pages: the year as a list and as a month calendar, generating a year,
creating, editing and cancelling a meeting, and the meeting's own page that links the other
parts of the cycle. Thin: council_view → selector → service; ApplicationError → form error."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from core import fragments
from core.errors import ApplicationError
from core.forms import FORM_REFUSED_STATUS, form_status
from core.links import absolute_url, site_root
from core.tenancy import council_view
from councils.selectors import rules_during, rules_in_force
from meetings import ics, yearplan
from meetings.forms.plan import MeetingForm, YearPlanForm
from meetings.models import MeetingKind, MeetingStatus
from meetings.selectors import agenda as agenda_selectors
from meetings.selectors import common
from meetings.selectors import plan as selectors
from meetings.services import plan as services

_TIME_NOTE = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?\s*[–-]\s*(\d{1,2})(?:[.:](\d{2}))?")


def times_from_note(note: str) -> tuple[dt.time, dt.time] | None:
    """“Kl. 16–18” → (16:00, 18:00): the rules' meeting time as the form's suggestion."""
    match = _TIME_NOTE.search(note or "")
    if not match:
        return None
    h1, m1, h2, m2 = match.groups()
    try:
        start, end = dt.time(int(h1), int(m1 or 0)), dt.time(int(h2), int(m2 or 0))
    except ValueError:
        return None
    return (start, end) if end > start else None


def _int_param(request, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def _calendar_links(request, council) -> dict:
    """The public feed's address, and the person's own feed when the user is a council person."""
    public_url = absolute_url(reverse("public:meetings_ics", args=[council.slug]), request)
    links = {"public_feed_url": public_url}
    person_ids = request.access.person_ids
    if person_ids:
        url = absolute_url(reverse("public:personal_calendar",
                                   args=[council.slug, selectors.calendar_token(person_ids[0])]), request)
        links["personal_feed_url"] = url
        links["personal_feed_webcal"] = re.sub(r"^https?://", "webcal://", url)
    return links


def _unconfirmed_clashes(request, form) -> tuple[MeetingForm, list]:
    """The council's events on the form's date, when the user has not yet seen the warning for
    that date. The form comes back with the date marked as seen, so saving again keeps it."""
    day = form.cleaned_data["date"]
    found = yearplan.clashes_on(council=request.council, day=day)
    if not found or form.cleaned_data.get("clash_ok") == day.isoformat():
        return form, []
    data = request.POST.copy()
    data["clash_ok"] = day.isoformat()
    return MeetingForm(data), found


ENDED_TERM_SHOWN = 25  # the oldest open items of an ended term on the meeting page; the rest follow
CLASH_TEXT = gettext_lazy("Vælg en anden dato, eller gem igen for at beholde datoen.")


# --- The plan ------------------------------------------------------------------------------------

@council_view("meetings.view")
def plan(request):
    council = request.council
    today = timezone.localdate()
    year = _int_param(request, "aar", today.year, services.YEAR_MIN, services.YEAR_MAX)
    return render(request, "meetings/plan_year.html", {
        "nav": "meetings", "year": year,
        "months": selectors.year_by_month(council=council, year=year, with_others=True),
        "previous_year": year - 1 if year > services.YEAR_MIN else None,
        "next_year": year + 1 if year < services.YEAR_MAX else None,
        "calendar_month": today.month if year == today.year else 1,
        "rules_periods": rules_during(council=council, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)),
        **_calendar_links(request, council)})


@council_view("meetings.view")
def plan_calendar(request):
    council = request.council
    today = timezone.localdate()
    year = _int_param(request, "aar", today.year, services.YEAR_MIN, services.YEAR_MAX)
    month = _int_param(request, "maaned", today.month if year == today.year else 1, 1, 12)
    cal = selectors.month_calendar(council=council, year=year, month=month)
    in_range = range(services.YEAR_MIN, services.YEAR_MAX + 1)
    return render(request, "meetings/plan_calendar.html", {
        "nav": "meetings", "cal": cal,
        "previous": cal.previous if cal.previous.year in in_range else None,
        "next": cal.next if cal.next.year in in_range else None})


@council_view("meetings.plan")
def year_generate(request):
    council = request.council
    today = timezone.localdate()
    years = list(range(today.year - 1, today.year + 3))
    rules = rules_in_force(council=council, on=today)
    suggested = times_from_note(rules.meeting_time_note if rules else "") or (dt.time(16), dt.time(18))
    form = YearPlanForm(request.POST or None, years=years, initial={
        "year": today.year + 1 if today.month >= 9 else today.year, "weekday": 3,
        "start_time": suggested[0], "end_time": suggested[1]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.year_plan_generate(council=council, actor=request.user, **data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            if created:
                messages.success(request, ngettext("Der er oprettet %(n)d møde i %(year)d.",
                                                   "Der er oprettet %(n)d møder i %(year)d.", len(created))
                                 % {"n": len(created), "year": data["year"]})
            else:
                messages.warning(request, _("Der er ikke oprettet nye møder: året har allerede sine møder."))
            if created and created.skipped:
                messages.info(request, ngettext(
                    "%(n)d møde var der allerede og blev ikke oprettet igen.",
                    "%(n)d møder var der allerede og blev ikke oprettet igen.", len(created.skipped))
                    % {"n": len(created.skipped)})
            return redirect(reverse("meetings:plan", args=[council.slug]) + f"?aar={data['year']}")
    return render(request, "meetings/plan_generate.html", {"nav": "meetings", "form": form, "rules": rules},
                  status=form_status(form))


@council_view("meetings.plan")
def meeting_create(request):
    council = request.council
    rules = rules_in_force(council=council, on=timezone.localdate())
    start, end = times_from_note(rules.meeting_time_note if rules else "") or (dt.time(16), dt.time(18))
    initial = {"start_time": start, "end_time": end, "public": True, "kind": MeetingKind.ORDINARY}
    form = MeetingForm(request.POST or None, initial=initial)
    clashes = []
    if request.method == "POST" and form.is_valid():
        form, clashes = _unconfirmed_clashes(request, form)
        if not clashes:
            try:
                meeting = services.meeting_create(council=council, actor=request.user,
                                                  **form.service_kwargs())
            except ApplicationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Mødet er oprettet."))
                return redirect("meetings:meeting", council.slug, meeting.pk)
    return render(request, "meetings/meeting_form.html", {
        "nav": "meetings", "form": form, "title": _("Nyt møde"), "submit": _("Opret mødet"),
        "clashes": clashes, "clash_text": CLASH_TEXT}, status=form_status(form))


@council_view("meetings.plan")
def meeting_edit(request, pk):
    council = request.council
    meeting = common.meeting_get(council=council, pk=pk)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("Mødet er aflyst og kan ikke rettes. Opret et nyt møde i stedet."))
        return redirect("meetings:meeting", council.slug, meeting.pk)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    clashes = []
    if request.method == "POST" and form.is_valid():
        form, clashes = _unconfirmed_clashes(request, form)
        if not clashes:
            try:
                services.meeting_update(meeting=meeting, actor=request.user, **form.service_kwargs())
            except ApplicationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Mødet er gemt."))
                return redirect("meetings:meeting", council.slug, meeting.pk)
    elif request.method != "POST":
        clashes = yearplan.clashes_on(council=council, day=timezone.localdate(meeting.starts_at))
    return render(request, "meetings/meeting_form.html", {
        "nav": "meetings", "form": form, "meeting": meeting, "title": _("Ret mødet"), "submit": _("Gem"),
        "clashes": clashes, "clash_text": CLASH_TEXT if request.method == "POST" else ""}, status=form_status(form))


@council_view("meetings.plan")
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    council = request.council
    meeting = common.meeting_get(council=council, pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.meeting_cancel(meeting=meeting, actor=request.user)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Mødet er aflyst."))
            return redirect("meetings:meeting", council.slug, meeting.pk)
    elif meeting.status not in services.CANCELLABLE:
        return redirect("meetings:meeting", council.slug, meeting.pk)
    return render(request, "meetings/plan_cancel.html", {"nav": "meetings", "meeting": meeting, "error": error},
                  status=FORM_REFUSED_STATUS if error else 200)


# --- One meeting --------------------------------------------------------------------------------

# The other parts of the cycle put their pages here once their URLs exist: (url name, label).
PART_PAGES = [
    ("meetings:agenda", gettext_lazy("Dagsorden")),
    ("meetings:agenda_read", gettext_lazy("Læs dagsordenen")),
    ("meetings:attendance", gettext_lazy("Fremmøde og afbud")),
    ("meetings:my_attendance", gettext_lazy("Dit fremmøde – meld afbud")),
    ("meetings:minutes", gettext_lazy("Referat")),
]


def part_links(request, meeting) -> list[dict]:
    """Links to the parts of the cycle that exist and that the user may open (asked of the
    permission the target view declares through ``council_view``)."""
    links = []
    for name, label in PART_PAGES:
        try:
            url = reverse(name, args=[meeting.council.slug, meeting.pk])
        except NoReverseMatch:
            continue
        permission = getattr(resolve(url).func, "council_permission", None)
        if permission is None or request.access.can(permission):
            links.append({"name": name, "url": url, "label": label})
    return links


@council_view("meetings.view")
def meeting(request, pk):
    council = request.council
    meeting = common.meeting_get(council=council, pk=pk)

    def page() -> dict:
        """The page's body (a cached fragment, core.fragments): computed only on a miss."""
        ended_term = None
        if request.access.can("agenda.edit") and meeting.status in agenda_selectors.EDITABLE_STATUSES:
            ended_term = agenda_selectors.ended_term_items(meeting=meeting, limit=ENDED_TERM_SHOWN)
        return {
            "part_links": part_links(request, meeting),
            "ended_term": ended_term or None,
            "clashes": (yearplan.clashes_on(council=council, day=timezone.localdate(meeting.starts_at))
                        if meeting.status != MeetingStatus.CANCELLED else []),
            "previous_meeting": common.previous_meeting(meeting=meeting),
            "next_meeting": common.next_meeting(meeting=meeting),
            "can_cancel": meeting.status in services.CANCELLABLE,
            "public_url": (reverse("public:meeting", args=[council.slug, meeting.pk])
                           if meeting.public and meeting.status != MeetingStatus.CANCELLED else "")}

    # Nothing on it changes with the clock; what the user may open follows their roles.
    return render(request, "meetings/plan_meeting.html", {
        "nav": "meetings", "meeting": meeting, "page": fragments.Deferred(page),
        "fragment_vary": (meeting.pk, fragments.access_key(request.access))})


@council_view("meetings.view")
def meeting_ics(request, pk):
    """The meeting as a calendar file, for council people (also non-public meetings)."""
    meeting = common.meeting_get(council=request.council, pk=pk)
    body = ics.meeting_ics(meeting, internal=True, site=site_root(request))
    return ics.http_response(body, filename=ics.filename(meeting))

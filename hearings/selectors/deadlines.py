"""Reads for the deadlines overview (*frister*) and the deadline reminders.

A deadline is one of:

* a consultation (*høring*) of the council – as lead or as partner of a joint response – that
  is not sent yet (received, assigned, drafting or approved), overdue ones included;
* a comment letter on a committee meeting that is not sent yet, while the committee meeting
  is still ahead (after the meeting, comments are of no use);
* a meeting of a committee the council follows that has no letter yet, so the working group
  sees what is coming. Its deadline is the meeting date minus the follow's
  ``comment_days_before``.

A comment letter's deadline is its own ``deadline`` when set, otherwise computed like a
meeting without a letter. Rows for comment letters (and meetings without one) carry the
committee meeting's id as ``object_id`` – the same id the letter's pages use – so a letter
created later for a meeting keeps its reminders.

The number of queries is constant, whatever the number of consultations, letters, meetings
and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formats import long_date
from core.workdays import LONGEST_CLOSED_RUN
from hearings.models import (
    CommentLetter,
    CommitteeFollow,
    CommitteeMeeting,
    ConsultationStatus,
    DeadlineReminder,
    LetterStatus,
)
from hearings.selectors.consultations import consultations_for
from hearings.selectors.letters import comment_deadline

if TYPE_CHECKING:
    from councils.models import Council

KIND_CONSULTATION = "consultation"
KIND_COMMENT_LETTER = "comment_letter"
#: Consultations with a deadline still to meet.
OPEN_CONSULTATION_STATUSES = (ConsultationStatus.RECEIVED, ConsultationStatus.ASSIGNED,
                              ConsultationStatus.DRAFTING, ConsultationStatus.APPROVED)
#: The horizons the overview offers, in weeks.
HORIZONS = (2, 4, 6, 12)
DEFAULT_WEEKS = 6
#: Used when a letter has no deadline of its own and the committee is no longer followed.
DEFAULT_COMMENT_DAYS_BEFORE = 2


def _reverse(name: str, *args) -> str | None:
    """The URL, or None while the page does not exist (the pages are built in parallel)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class DeadlineRow:
    kind: str                   # "consultation" | "comment_letter"
    object_id: int              # consultation id, or the committee meeting's id for comment letters
    title: str
    deadline: dt.date
    days_left: int              # negative when overdue
    overdue: bool
    status: str                 # the status as shown ("Udkast skrives", "Kladde", "Intet brev endnu")
    url: str | None             # the internal page; None while it does not exist
    has_letter: bool = True     # False for a followed committee meeting without a letter yet
    meeting_date: dt.date | None = None   # comment letters: the committee meeting's date
    lead_council: str = ""      # joint consultations seen by a partner: the lead council's name
    #: The consultation's owners (tovholdere) or the committee's working group, only with ``with_people``.
    people: list = field(default_factory=list)
    #: Reminders queued for this object (DeadlineReminder rows, oldest first), only on the overview.
    reminders: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return _("Høring") if self.kind == KIND_CONSULTATION else _("Kommentarbrev")

    @property
    def days_text(self) -> str:
        """“om 3 dage”, “i morgen”, “i dag”, “overskredet med 2 dage”."""
        if self.days_left < 0:
            late = -self.days_left
            return ngettext("overskredet med %(n)d dag", "overskredet med %(n)d dage", late) % {"n": late}
        if self.days_left == 0:
            return _("i dag")
        if self.days_left == 1:
            return _("i morgen")
        return ngettext("om %(n)d dag", "om %(n)d dage", self.days_left) % {"n": self.days_left}

    @property
    def current_reminders(self) -> list:
        """Reminders queued for the deadline as it is now."""
        return [r for r in self.reminders if r.deadline == self.deadline]

    @property
    def earlier_reminders(self) -> list:
        """Reminders queued for an earlier (changed) deadline."""
        return [r for r in self.reminders if r.deadline != self.deadline]


@dataclass
class WeekGroup:
    key: str                    # "overdue" or "2026-W11"
    label: str                  # "Overskredne frister" or "Uge 11"
    first_day: dt.date | None
    last_day: dt.date | None
    rows: list[DeadlineRow]


def _row(*, kind, object_id, title, deadline, today, status, url, **extra) -> DeadlineRow:
    days_left = (deadline - today).days
    return DeadlineRow(kind=kind, object_id=object_id, title=title, deadline=deadline, days_left=days_left,
                       overdue=days_left < 0, status=status, url=url, **extra)


def _consultation_rows(*, council: Council, today, until, with_people) -> list[DeadlineRow]:
    qs = (consultations_for(council)
          .filter(status__in=OPEN_CONSULTATION_STATUSES, deadline__lte=until)
          .select_related("council"))
    if with_people:
        qs = qs.prefetch_related("owners")
    rows = []
    for consultation in qs:
        people = ([p for p in consultation.owners.all() if p.council_id == council.pk] if with_people else [])
        rows.append(_row(
            kind=KIND_CONSULTATION, object_id=consultation.pk, title=consultation.title,
            deadline=consultation.deadline, today=today, status=consultation.get_status_display(),
            url=_reverse("hearings:consultation", council.slug, consultation.pk), people=people,
            lead_council=consultation.council.name if consultation.council_id != council.pk else ""))
    return rows


def _letter_rows(*, council: Council, today, until, with_people) -> list[DeadlineRow]:
    follows_qs = CommitteeFollow.objects.filter(council=council)
    if with_people:
        follows_qs = follows_qs.prefetch_related("members")
    follows = {f.committee_id: f for f in follows_qs}
    longest = max([f.comment_days_before for f in follows.values()] + [DEFAULT_COMMENT_DAYS_BEFORE])
    # A meeting matters from today; its deadline lies at most ``longest`` days before it, and
    # moved back to a working day at most ``LONGEST_CLOSED_RUN`` days more.
    meetings_from = local_midnight(today)
    meetings_until = local_midnight(until + dt.timedelta(days=longest + LONGEST_CLOSED_RUN + 1))
    unsent_letters = CommentLetter.objects.filter(council=council).exclude(status=LetterStatus.SENT)
    letters_due = unsent_letters.filter(Q(deadline__isnull=True) | Q(deadline__lte=until))
    qs = (CommitteeMeeting.objects
          .filter(starts_at__gte=meetings_from)
          .filter(Q(committee_id__in=list(follows), starts_at__lt=meetings_until)
                  | Q(pk__in=letters_due.values("committee_meeting_id")))
          .select_related("committee")
          .prefetch_related(Prefetch("letters", queryset=CommentLetter.objects.filter(council=council),
                                     to_attr="council_letters")))
    rows = []
    for meeting in qs:
        letter = meeting.council_letters[0] if meeting.council_letters else None
        if letter is not None and letter.status == LetterStatus.SENT:
            continue
        follow = follows.get(meeting.committee_id)
        meeting_day = timezone.localdate(meeting.starts_at)
        if letter is not None and letter.deadline is not None:
            deadline = letter.deadline
        else:
            days_before = follow.comment_days_before if follow is not None else DEFAULT_COMMENT_DAYS_BEFORE
            deadline = comment_deadline(meeting_day, days_before)
        if deadline > until:
            continue
        title = _("%(committee)s – mødet den %(date)s") % {
            "committee": meeting.committee.name, "date": long_date(meeting_day)}
        if letter is not None:
            status, url = letter.get_status_display(), _reverse("hearings:comment_letter", council.slug, meeting.pk)
        else:
            status = _("Intet brev endnu")
            url = (_reverse("hearings:committee_meeting", council.slug, meeting.pk)
                   or _reverse("hearings:comment_letter", council.slug, meeting.pk))
        people = ([p for p in follow.members.all() if p.council_id == council.pk]
                  if with_people and follow is not None else [])
        rows.append(_row(kind=KIND_COMMENT_LETTER, object_id=meeting.pk, title=title, deadline=deadline,
                         today=today, status=status, url=url, has_letter=letter is not None,
                         meeting_date=meeting_day, people=people))
    return rows


def deadline_rows(*, council: Council, today: dt.date, until: dt.date, with_people: bool = False) -> list[DeadlineRow]:
    """Every open deadline of the council up to ``until`` (overdue ones included), by deadline.
    With ``with_people`` the rows carry the owners / working group (Person rows of this council)."""
    rows = (_consultation_rows(council=council, today=today, until=until, with_people=with_people)
            + _letter_rows(council=council, today=today, until=until, with_people=with_people))
    rows.sort(key=lambda r: (r.deadline, r.kind, r.title, r.object_id))
    return rows


def upcoming_deadlines(*, council: Council, today: dt.date, weeks: int = DEFAULT_WEEKS) -> list[DeadlineRow]:
    """The council's open deadlines up to ``weeks`` weeks ahead, overdue ones included, sorted by
    deadline. Each row carries the reminders already queued for it."""
    rows = deadline_rows(council=council, today=today, until=today + dt.timedelta(weeks=weeks))
    if rows:
        by_object: dict[tuple[str, int], list] = {}
        reminders = (DeadlineReminder.objects
                     .filter(council=council, kind__in={r.kind for r in rows},
                             object_id__in={r.object_id for r in rows})
                     .order_by("queued_at", "id"))
        for reminder in reminders:
            by_object.setdefault((reminder.kind, reminder.object_id), []).append(reminder)
        for row in rows:
            row.reminders = by_object.get((row.kind, row.object_id), [])
    return rows


def group_by_week(rows: list[DeadlineRow]) -> list[WeekGroup]:
    """Overdue rows first (one group), then one group per ISO week ("Uge 11"), in order. The year
    is added to the label when the week is not in the year of the first group."""
    groups: list[WeekGroup] = []
    overdue = [r for r in rows if r.overdue]
    if overdue:
        groups.append(WeekGroup("overdue", _("Overskredne frister"), None, None, overdue))
    weeks: dict[tuple[int, int], WeekGroup] = {}
    first_year = None
    for row in rows:
        if row.overdue:
            continue
        year, week, weekday = row.deadline.isocalendar()
        first_year = first_year or year
        group = weeks.get((year, week))
        if group is None:
            monday = row.deadline - dt.timedelta(days=weekday - 1)
            label = (_("Uge %(week)d") % {"week": week} if year == first_year
                     else _("Uge %(week)d (%(year)d)") % {"week": week, "year": year})
            group = weeks[(year, week)] = WeekGroup(f"{year}-W{week:02d}", label, monday,
                                                    monday + dt.timedelta(days=6), [])
            groups.append(group)
        group.rows.append(row)
    return groups

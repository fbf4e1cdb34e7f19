"""Reads for the agenda: the numbered items of a meeting (internal and public), members'
proposals, the backlog of items for later meetings and the open action items that the
approval item follows up. Every function filters on the council and prefetches what its
pages show, so the number of queries does not grow with the number of items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Window
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.disclosure import item_case_visible, item_decision_visible, item_visible
from core.prepared import PreparedQuerySet
from core.workdays import deadline_at, working_days_before
from councils.models import Council, SubstituteAttendance, Term
from councils.selectors import roster_on, rules_in_force, term_on
from meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MeetingStatus,
    ProposalStatus,
)
from notifications.addressing import contact_for

# Meetings whose agenda may still change: before and during the meeting.
EDITABLE_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD})
# Meetings whose agenda has been sent and may be shown outside the secretariat.
PUBLISHED_STATUSES = frozenset({MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED,
                                MeetingStatus.MINUTES_PUBLISHED})
# Meetings whose minutes are approved: the agenda, standard texts included, is part of the record.
RECORD_STATUSES = frozenset({MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED})
DEFAULT_PROPOSAL_DEADLINE_DAYS = 14
DEFAULT_AGENDA_NOTICE_DAYS = 7


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def agenda_sent(meeting: Meeting) -> bool:
    """The agenda has been sent to the members (and the meeting is not cancelled)."""
    return meeting.status in PUBLISHED_STATUSES


def standard_as_of(meeting: Meeting, *, today: dt.date | None = None) -> dt.date:
    """The date the standard items state their facts as of: the day the agenda was sent, once
    it is; before that today (the day the texts are written)."""
    if agenda_sent(meeting) and meeting.agenda_published_at is not None:
        return timezone.localdate(meeting.agenda_published_at)
    return today or timezone.localdate()


def meeting_term(*, meeting: Meeting) -> Term | None:
    """The term (*valgperiode*) the meeting belongs to: the one running on its day, or – in a
    gap between terms – the last one that started before it. None before the first term."""
    day = timezone.localdate(meeting.starts_at)
    term = term_on(council=meeting.council, on=day)
    return term if term is not None and term.start <= day else None


def term_items(term: Term | None, field: str) -> Q:
    """Rows that belong to ``term``: dated (by ``field``) from its start, or carried over to it.
    No term (before the first one): every row."""
    if term is None:
        return Q()
    return Q(**{f"{field}__gte": _local_midnight(term.start)}) | Q(carried_to_term=term)


def _items_qs(council_id) -> QuerySet[AgendaItem]:
    return (AgendaItem.objects.filter(council_id=council_id)
            .select_related("responsible", "proposed_by")
            .prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
                Prefetch("action_items", queryset=ActionItem.objects.prefetch_related("owners").order_by("due", "id")),
            ))


# The agenda's items are read by the agenda builder, the meeting page, the read page and the public
# minutes: the main query's SQL is compiled once per process (core.prepared; the prefetches as usual).
_agenda_of_meeting = PreparedQuerySet(
    lambda council, meeting: _items_qs(council).filter(meeting_id=meeting, proposal_status=ProposalStatus.ACCEPTED)
    .order_by("position", "id"),
    council=int, meeting=int)


def items_for_meeting(*, meeting: Meeting, public: bool = False) -> list[AgendaItem]:
    """The items on the meeting's agenda in order, each with ``number`` (1, 2, …; the internal
    numbering, also on public pages so "punkt 5" means the same everywhere). Once the agenda is
    sent, an item keeps the number it was sent with, and an item added after sending has a
    number like "4a" (see ``display_number``).

    ``public=True`` is for pages without login and follows the disclosure policy
    (``core.disclosure``): closed items are left out unless their title may be published; a
    closed item that stays has its case text, recommendation, attachments and responsible person
    removed, and its decision, dissent and action items too unless the decision may be published
    (``item.public_redacted`` is then True). Names are not decided here: public pages and
    documents render every person and text through a ``Disclosure``. Three queries."""
    items: list[AgendaItem] = list(_agenda_of_meeting(council=meeting.council_id, meeting=meeting.pk))
    for number, item in enumerate(items, start=1):
        item.number = display_number(item, number)  # type: ignore[attr-defined]  # added for the pages
        item.public_redacted = False  # type: ignore[attr-defined]  # added for the pages
    if not public:
        return items
    visible = []
    for item in items:
        if not item_visible(item):
            continue
        if not item_case_visible(item):
            item.public_redacted = True  # type: ignore[attr-defined]  # added above
            item.case_text = ""
            item.recommendation = ""
            item.responsible = None
            item._prefetched_objects_cache["attachments"] = Attachment.objects.none()  # type: ignore[attr-defined]  # Django's prefetch cache
        if not item_decision_visible(item):
            item.decision = ""
            item.dissent = ""
            item._prefetched_objects_cache["action_items"] = ActionItem.objects.none()  # type: ignore[attr-defined]  # Django's prefetch cache
        visible.append(item)
    return visible


def display_number(item: AgendaItem, place: int) -> int | str:
    """The item's number: the one it was sent with (``sent_number``; "4a" for an item added
    after sending), or before sending its ``place`` in the order (1, 2, 3 …)."""
    label = item.sent_number
    if not label:
        return place
    return int(label) if label.isdigit() else label


def number_key(label) -> tuple[int, str]:
    """Sort key of a number: 4 < "4a" < "4b" < 5."""
    text = str(label)
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits or 0), text[len(digits):]


def order_changed(items: list[AgendaItem]) -> bool:
    """Whether the items (in their current order) are no longer in the order of their sent
    numbers: they were moved after the agenda was sent. Pages then say so, because the
    numbers are those of the agenda the members have."""
    keys = [number_key(i.number) for i in items if getattr(i, "sent_number", "")]  # type: ignore[attr-defined]  # items_for_meeting
    return any(a > b for a, b in zip(keys, keys[1:], strict=False))


def supplement_pending(*, items: list[AgendaItem]) -> list[AgendaItem]:
    """The items (from ``items_for_meeting``) added after the agenda was sent that no
    supplementary agenda has been sent with yet."""
    return [i for i in items if i.supplementary and i.supplement_sent_at is None]


def supplement_open(meeting: Meeting, *, now: dt.datetime | None = None) -> bool:
    """Whether a supplementary agenda can still be sent: the agenda is out and the meeting
    has not begun."""
    return meeting.status == MeetingStatus.AGENDA_PUBLISHED and meeting.starts_at > (now or timezone.now())


def open_action_items(*, council: Council, before: dt.datetime, as_of: dt.date | None = None,
                      term: Term | None = None) -> list[ActionItem]:
    """Action items decided at meetings that started before ``before`` and open on ``as_of``
    (still open, or closed after that day; default: open now), oldest meeting first, with
    their owners, meeting and item. With ``term``: only the term's own items and those carried
    over to it – an ended term's items do not flow into a new term. Three queries."""
    qs = (ActionItem.objects.filter(council=council, meeting__starts_at__lt=before)
          .exclude(meeting__status=MeetingStatus.CANCELLED).filter(term_items(term, "meeting__starts_at")))
    if as_of is None:
        qs = qs.filter(status=ActionStatus.OPEN)
    else:
        qs = qs.filter(Q(status=ActionStatus.OPEN) | Q(closed_on__gt=as_of))
    return list(qs.select_related("meeting", "item", "carried_to_term").prefetch_related("owners")
                .order_by("meeting__starts_at", "due", "id"))


def proposals_for_meeting(*, meeting: Meeting) -> list[AgendaItem]:
    """Members' proposals for the meeting that are waiting for an answer or were declined
    (oldest first). Accepted proposals are on the agenda; postponed ones are in the backlog."""
    return list(AgendaItem.objects.filter(council_id=meeting.council_id, meeting=meeting,
                                          proposal_status__in=[ProposalStatus.PROPOSED, ProposalStatus.DECLINED])
                .select_related("proposed_by").order_by("created_at", "id"))


def pending_proposal_count(*, meeting: Meeting) -> int:
    return AgendaItem.objects.filter(council_id=meeting.council_id, meeting=meeting,
                                     proposal_status=ProposalStatus.PROPOSED).count()


def backlog(*, council: Council, as_of: dt.date | None = None, term: Term | None = None) -> list[AgendaItem]:
    """Items waiting for a later meeting ("Punkter til næste møde"), oldest first. With
    ``as_of``: only items written by that day; with ``term``: only the term's own items and
    those carried over to it."""
    qs = _items_qs(council.pk).filter(meeting__isnull=True, proposal_status=ProposalStatus.BACKLOG)
    if as_of is not None:
        qs = qs.filter(created_at__lt=_local_midnight(as_of + dt.timedelta(days=1)))
    return list(qs.filter(term_items(term, "created_at")).order_by("created_at", "id"))


@dataclass
class EndedTermItems:
    """What an ended term leaves open when a new one starts: its open action items and its
    backlog, not yet closed or carried over to ``term``."""

    term: Term
    actions: list[ActionItem]
    backlog: list[AgendaItem]
    action_count: int = 0   # all of them, also those a limited list leaves out
    backlog_count: int = 0

    def __bool__(self) -> bool:
        return bool(self.actions or self.backlog)

    @property
    def more(self) -> int:
        """How many the lists leave out (a page shows the oldest first)."""
        return self.action_count - len(self.actions) + self.backlog_count - len(self.backlog)


def _first(qs: QuerySet, limit: int | None) -> tuple[list, int]:
    """The first ``limit`` rows (all without a limit) and how many there are in all, in one
    query however many there are: the total is a window count over the whole result, computed
    before the limit cuts it."""
    if limit is None:
        rows = list(qs)
        return rows, len(rows)
    rows = list(qs.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, rows[0].total_rows if rows else 0


def _ended_term_querysets(council_id, term: Term) -> tuple[QuerySet[ActionItem], QuerySet[AgendaItem]]:
    start = _local_midnight(term.start)
    not_carried = Q(carried_to_term__isnull=True) | Q(carried_to_term__start__lt=term.start)
    actions = (ActionItem.objects.filter(not_carried, council_id=council_id, status=ActionStatus.OPEN,
                                         meeting__starts_at__lt=start)
               .exclude(meeting__status=MeetingStatus.CANCELLED))
    waiting = AgendaItem.objects.filter(not_carried, council_id=council_id, meeting__isnull=True,
                                        proposal_status=ProposalStatus.BACKLOG, created_at__lt=start)
    return actions, waiting


def ended_term_items(*, meeting: Meeting, limit: int | None = None) -> EndedTermItems | None:
    """The open action items and backlog items from before the meeting's term began that
    nobody has carried over to this term (or a later one) or closed, oldest first. None when the
    meeting has no term. With ``limit``, at most that many of each (a page stays the same size
    however much an old term left open) and the counts of all. Four queries."""
    term = meeting_term(meeting=meeting)
    if term is None:
        return None
    actions, waiting = _ended_term_querysets(meeting.council_id, term)
    action_rows, action_count = _first(actions.select_related("meeting").prefetch_related("owners")
                                       .order_by("meeting__starts_at", "due", "id"), limit)
    backlog_rows, backlog_count = _first(waiting.select_related("responsible", "proposed_by")
                                         .order_by("created_at", "id"), limit)
    return EndedTermItems(term=term, actions=action_rows, backlog=backlog_rows, action_count=action_count,
                          backlog_count=backlog_count)


def ended_term_count(*, meeting: Meeting, term: Term | None) -> int:
    """How many items ``ended_term_items`` lists (for a notice elsewhere). Two queries."""
    if term is None:
        return 0
    actions, waiting = _ended_term_querysets(meeting.council_id, term)
    return actions.count() + waiting.count()


def proposals_by_people(*, council: Council, person_ids, limit: int = 20) -> list[AgendaItem]:
    """The latest items proposed by these people (a member's own proposals and what became of
    them), with the meeting they were proposed for."""
    if not person_ids:
        return []
    return list(AgendaItem.objects.filter(council=council, proposed_by_id__in=person_ids)
                .select_related("meeting").order_by("-created_at", "-id")[:limit])


def _rules_on_meeting_day(meeting: Meeting):
    return rules_in_force(council=meeting.council, on=timezone.localdate(meeting.starts_at))


def proposal_deadline(*, meeting: Meeting, rules=None) -> dt.datetime:
    """Members' proposals for ``meeting`` are due this many days before it starts (the rules
    of procedure in force on the meeting day), at the meeting's time of day; a deadline on a
    weekend or a public holiday moves back to the working day before (``core.workdays``).
    ``rules``: those rules, when the caller has them already."""
    rules = rules if rules is not None else _rules_on_meeting_day(meeting)
    days = rules.proposal_deadline_days if rules else DEFAULT_PROPOSAL_DEADLINE_DAYS
    return deadline_at(meeting.starts_at, days)


def agenda_send_by(*, meeting: Meeting, rules=None) -> dt.date:
    """The last day the agenda can be sent under the rules in force on the meeting day
    (``agenda_notice_days`` before it), moved back to a working day."""
    rules = rules if rules is not None else _rules_on_meeting_day(meeting)
    days = rules.agenda_notice_days if rules else DEFAULT_AGENDA_NOTICE_DAYS
    return working_days_before(timezone.localdate(meeting.starts_at), days)


@dataclass
class AgendaDeadlines:
    proposals: dt.datetime   # members' proposals due
    send_by: dt.date         # the last day to send the agenda


def agenda_deadlines(*, meeting: Meeting) -> AgendaDeadlines:
    """Both deadlines of a meeting's agenda from one read of the rules."""
    rules = _rules_on_meeting_day(meeting)
    return AgendaDeadlines(proposals=proposal_deadline(meeting=meeting, rules=rules),
                           send_by=agenda_send_by(meeting=meeting, rules=rules))


def agenda_notice_deadline(*, meeting: Meeting) -> dt.datetime:
    """The agenda is due this many days before the meeting starts (``agenda_notice_days`` of
    the rules of procedure in force on the meeting day)."""
    rules = rules_in_force(council=meeting.council, on=timezone.localdate(meeting.starts_at))
    days = rules.agenda_notice_days if rules else DEFAULT_AGENDA_NOTICE_DAYS
    return meeting.starts_at - dt.timedelta(days=days)


def agenda_is_late(*, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) > agenda_notice_deadline(meeting=meeting)


def attachment_get(*, council: Council, meeting: Meeting, pk) -> Attachment:
    """An attachment of an item of ``meeting`` (404 for another meeting or council)."""
    return get_object_or_404(Attachment.objects.select_related("item"), council=council, item__meeting=meeting,
                             pk=pk)


def attachment_visible_to_public(attachment: Attachment, meeting: Meeting) -> bool:
    """Whether someone without a role in the council may download the attachment: the
    meeting is in the public meeting plan, its agenda has been sent, and the item's case is
    public by the disclosure policy (an open item on the agenda)."""
    item = attachment.item
    return (meeting.public and meeting.status in PUBLISHED_STATUSES and item_case_visible(item)
            and item.proposal_status == ProposalStatus.ACCEPTED and item.meeting_id == meeting.pk)


@dataclass
class Invitee:
    person: object
    role: str
    channel: str
    missing_address: bool = False


@dataclass
class InvitationPreview:
    invitees: list[Invitee]
    substitutes_when_needed: bool  # substitutes are called only when their member sends afbud


def invitation_preview(*, meeting: Meeting) -> InvitationPreview:
    """Who publishing the agenda will call, and by which channel (each person's preferred
    one): members and guests on the meeting day, and substitutes when the rules call them to
    every meeting. For the confirmation page; the invitations themselves are sent by
    meetings.services.attendance.invitations_send. Four queries."""
    day = timezone.localdate(meeting.starts_at)
    rules = rules_in_force(council=meeting.council, on=day)
    always = rules is not None and rules.substitute_attendance == SubstituteAttendance.ALWAYS
    roster = roster_on(council=meeting.council, on=day)
    groups = [roster.members, roster.substitutes if always else [], roster.guests]
    invitees, seen = [], set()
    for entries in groups:
        for entry in entries:
            m = entry.membership
            if m.person_id in seen:
                continue
            seen.add(m.person_id)
            person = m.person
            invitees.append(Invitee(person, m.get_role_display(), person.get_preferred_channel_display(),
                                    not contact_for(person).preferred))
    return InvitationPreview(invitees, substitutes_when_needed=not always and bool(roster.substitutes))


def supplement_recipients(*, meeting: Meeting) -> list[Invitee]:
    """Who gets the supplementary agenda: everyone invited to the meeting (also those who sent
    afbud), by their channel. One query."""
    rows = []
    for attendance in (Attendance.objects.filter(meeting=meeting, invited_at__isnull=False)
                       .select_related("person").order_by("person__name", "id")):
        person = attendance.person
        rows.append(Invitee(person, attendance.get_status_display(), person.get_preferred_channel_display(),
                            not contact_for(person).preferred))
    return rows

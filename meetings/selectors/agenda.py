"""Reads for the agenda: the numbered items of a meeting (internal and public), members'
proposals, the backlog of items for later meetings and the open action items that the
approval item follows up. Every function filters on the council and prefetches what its
pages show, so the number of queries does not grow with the number of items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from councils.selectors import rules_in_force
from meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attachment,
    Meeting,
    MeetingStatus,
    ProposalStatus,
)

# Meetings whose agenda may still change: before and during the meeting.
EDITABLE_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD})
# Meetings whose agenda has been sent and may be shown outside the secretariat.
PUBLISHED_STATUSES = frozenset({MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED,
                                MeetingStatus.MINUTES_PUBLISHED})
DEFAULT_PROPOSAL_DEADLINE_DAYS = 14
DEFAULT_AGENDA_NOTICE_DAYS = 7


def _items_qs(council_id) -> QuerySet[AgendaItem]:
    return (AgendaItem.objects.filter(council_id=council_id)
            .select_related("responsible", "proposed_by")
            .prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
                Prefetch("action_items", queryset=ActionItem.objects.prefetch_related("owners").order_by("due", "id")),
            ))


def items_for_meeting(*, meeting: Meeting, public: bool = False) -> list[AgendaItem]:
    """The items on the meeting's agenda in order, each with ``number`` (1, 2, …; the internal
    numbering, also on public pages so "punkt 5" means the same everywhere).

    ``public=True`` is for pages without login and follows the disclosure policy
    (``core.disclosure``): closed items are left out unless their title may be published; a
    closed item that stays has its case text, recommendation, attachments and responsible person
    removed, and its decision, dissent and action items too unless the decision may be published
    (``item.public_redacted`` is then True). Names are not decided here: public pages and
    documents render every person and text through a ``Disclosure``. Three queries."""
    from core.disclosure import item_case_visible, item_decision_visible, item_visible

    items = list(_items_qs(meeting.council_id).filter(meeting=meeting, proposal_status=ProposalStatus.ACCEPTED)
                 .order_by("position", "id"))
    for number, item in enumerate(items, start=1):
        item.number = number
        item.public_redacted = False
    if not public:
        return items
    visible = []
    for item in items:
        if not item_visible(item):
            continue
        if not item_case_visible(item):
            item.public_redacted = True
            item.case_text = ""
            item.recommendation = ""
            item.responsible = None
            item._prefetched_objects_cache["attachments"] = Attachment.objects.none()
        if not item_decision_visible(item):
            item.decision = ""
            item.dissent = ""
            item._prefetched_objects_cache["action_items"] = ActionItem.objects.none()
        visible.append(item)
    return visible


def open_action_items(*, council, before: dt.datetime) -> list[ActionItem]:
    """Open action items decided at meetings that started before ``before``, oldest meeting
    first, with their owners, meeting and item. Three queries."""
    return list(ActionItem.objects.filter(council=council, status=ActionStatus.OPEN, meeting__starts_at__lt=before)
                .exclude(meeting__status=MeetingStatus.CANCELLED)
                .select_related("meeting", "item").prefetch_related("owners")
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


def backlog(*, council) -> list[AgendaItem]:
    """Items waiting for a later meeting ("Punkter til næste møde"), oldest first."""
    return list(_items_qs(council.pk).filter(meeting__isnull=True, proposal_status=ProposalStatus.BACKLOG)
                .order_by("created_at", "id"))


def proposals_by_people(*, council, person_ids, limit: int = 20) -> list[AgendaItem]:
    """The latest items proposed by these people (a member's own proposals and what became of
    them), with the meeting they were proposed for."""
    if not person_ids:
        return []
    return list(AgendaItem.objects.filter(council=council, proposed_by_id__in=person_ids)
                .select_related("meeting").order_by("-created_at", "-id")[:limit])


def _rules_on_meeting_day(meeting: Meeting):
    from django.utils import timezone

    return rules_in_force(council=meeting.council, on=timezone.localdate(meeting.starts_at))


def proposal_deadline(*, meeting: Meeting, rules=None) -> dt.datetime:
    """Members' proposals for ``meeting`` are due this many days before it starts (the rules
    of procedure in force on the meeting day), at the meeting's time of day; a deadline on a
    weekend or a public holiday moves back to the working day before (``core.workdays``).
    ``rules``: those rules, when the caller has them already."""
    from core.workdays import deadline_at

    rules = rules if rules is not None else _rules_on_meeting_day(meeting)
    days = rules.proposal_deadline_days if rules else DEFAULT_PROPOSAL_DEADLINE_DAYS
    return deadline_at(meeting.starts_at, days)


def agenda_send_by(*, meeting: Meeting, rules=None) -> dt.date:
    """The last day the agenda can be sent under the rules in force on the meeting day
    (``agenda_notice_days`` before it), moved back to a working day."""
    from django.utils import timezone

    from core.workdays import working_days_before

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


def attachment_get(*, council, meeting: Meeting, pk) -> Attachment:
    """An attachment of an item of ``meeting`` (404 for another meeting or council)."""
    return get_object_or_404(Attachment.objects.select_related("item"), council=council, item__meeting=meeting,
                             pk=pk)


def attachment_visible_to_public(attachment: Attachment, meeting: Meeting) -> bool:
    """Whether someone without a role in the council may download the attachment: the
    meeting is in the public meeting plan, its agenda has been sent, and the item's case is
    public by the disclosure policy (an open item on the agenda)."""
    from core.disclosure import item_case_visible

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
    from django.utils import timezone

    from councils.models import Channel, SubstituteAttendance
    from councils.selectors import roster_on

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
            address = {Channel.EMAIL: person.email, Channel.SMS: person.phone,
                       Channel.LETTER: person.address}.get(person.preferred_channel, "")
            invitees.append(Invitee(person, m.get_role_display(), person.get_preferred_channel_display(),
                                    not (address or "").strip()))
    return InvitationPreview(invitees, substitutes_when_needed=not always and bool(roster.substitutes))

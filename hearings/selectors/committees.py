"""Reads for the committees a council follows: the municipality's committees, their meetings
and agenda items, and the council's own follow, working group and comments.

Tenancy: committees, committee meetings and agenda items belong to the *municipality*, so they
are fetched with ``municipality_id=council.municipality_id``; what the council writes (follows,
comments) is fetched with ``council=council``. Another municipality's id is a 404.

Every function that returns a list runs a fixed number of queries, whatever the number of
committees, meetings, items or working-group members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from councils.models import Council, Person
from councils.selectors import member_directory
from hearings.models import (
    CommentLetter,
    Committee,
    CommitteeAgendaItem,
    CommitteeFollow,
    CommitteeMeeting,
    ItemComment,
)

# Stands in for a follow when the council does not follow the committee: nobody is in its
# working group, so only the secretariat and the formandskab may comment
# (``core.permissions.can_comment_on_committee`` reads ``member_ids``).
NO_WORKING_GROUP = SimpleNamespace(member_ids=[], members=None)


def _members() -> Prefetch:
    return Prefetch("members", queryset=Person.objects.order_by("name", "pk"))


# --- Committees -------------------------------------------------------------------------------

def committees(*, council: Council) -> QuerySet[Committee]:
    """The committees of the council's municipality."""
    return Committee.objects.filter(municipality_id=council.municipality_id)


def committee_get(*, council: Council, pk) -> Committee:
    return get_object_or_404(committees(council=council), pk=pk)


def follow_get(*, council: Council, committee: Committee) -> CommitteeFollow | None:
    """The council's follow of ``committee`` with its working group (ordered by name), or None."""
    return (CommitteeFollow.objects.filter(council=council, committee=committee)
            .select_related("committee").prefetch_related(_members()).first())


@dataclass
class FollowedCommittee:
    committee: Committee
    follow: CommitteeFollow
    next_meeting_id: int | None
    next_meeting_at: dt.datetime | None


@dataclass
class CommitteeOverview:
    followed: list[FollowedCommittee]
    others: list[Committee]


def committee_overview(*, council: Council, now: dt.datetime | None = None) -> CommitteeOverview:
    """The committees the council follows (with the working group and the next meeting) and the
    others of the municipality. Three queries."""
    now = now or timezone.now()
    upcoming = (CommitteeMeeting.objects.filter(committee=OuterRef("pk"), starts_at__gte=now)
                .order_by("starts_at", "id"))
    rows = list(committees(council=council).annotate(
        next_meeting_id=Subquery(upcoming.values("pk")[:1]),
        next_meeting_at=Subquery(upcoming.values("starts_at")[:1])).order_by("name", "pk"))
    follows = {f.committee_id: f for f in
               CommitteeFollow.objects.filter(council=council).prefetch_related(_members())}
    followed: list[FollowedCommittee] = []
    others: list[Committee] = []
    for committee in rows:
        follow = follows.get(committee.pk)
        if follow is None:
            others.append(committee)
        else:
            follow.committee = committee
            followed.append(FollowedCommittee(committee, follow, committee.next_meeting_id,
                                              committee.next_meeting_at))
    others.sort(key=lambda c: (not c.is_active, c.name.casefold()))
    return CommitteeOverview(followed=followed, others=others)


def committee_meetings(*, council: Council, committee: Committee) -> list[CommitteeMeeting]:
    """The committee's meetings, newest first, each with ``item_count``, ``relevant_count`` (the
    council's relevant items) and ``letter_status`` (the council's comment letter, or None). One query."""
    letters = CommentLetter.objects.filter(council=council, committee_meeting=OuterRef("pk"))
    relevant = (ItemComment.objects.filter(council=council, item__meeting=OuterRef("pk"), relevant=True)
                .order_by().values("item__meeting").annotate(n=Count("pk")).values("n"))
    return list(CommitteeMeeting.objects.filter(committee=committee, municipality_id=council.municipality_id)
                .annotate(item_count=Count("items"), relevant_count=Subquery(relevant[:1]),
                          letter_status=Subquery(letters.values("status")[:1]))
                .order_by("-starts_at", "-id"))


# --- Committee meetings and agenda items --------------------------------------------------------

def committee_meeting_get(*, council: Council, pk) -> CommitteeMeeting:
    return get_object_or_404(CommitteeMeeting.objects.select_related("committee"),
                             municipality_id=council.municipality_id, pk=pk)


def committee_item_get(*, council: Council, pk) -> CommitteeAgendaItem:
    return get_object_or_404(CommitteeAgendaItem.objects.select_related("meeting", "meeting__committee"),
                             municipality_id=council.municipality_id, pk=pk)


def committee_meeting_items(*, council: Council, meeting: CommitteeMeeting) -> list[CommitteeAgendaItem]:
    """The meeting's agenda items by number, each with ``council_comment`` (the council's
    ItemComment or None; other councils' comments are never loaded). Two queries."""
    own = Prefetch("comments", queryset=ItemComment.objects.filter(council=council).select_related("updated_by"),
                   to_attr="council_comments")
    items: list[CommitteeAgendaItem] = list(
        CommitteeAgendaItem.objects.filter(meeting=meeting, municipality_id=council.municipality_id)
        .prefetch_related(own).order_by("number", "id"))
    for item in items:
        # council_comments is the prefetch's to_attr; council_comment is set here for the templates.
        item.council_comment = item.council_comments[0] if item.council_comments else None  # type: ignore[attr-defined]
    return items


def next_item_number(*, meeting: CommitteeMeeting) -> int:
    """The number a new item gets by default: one after the highest on the agenda."""
    highest = meeting.items.aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def item_comment_get(*, council: Council, item: CommitteeAgendaItem) -> ItemComment | None:
    return ItemComment.objects.filter(council=council, item=item).first()


# --- The working group --------------------------------------------------------------------------

def working_group_choices(*, council: Council, follow: CommitteeFollow | None = None,
                          on: dt.date | None = None) -> list[Person]:
    """Who can be put in a working group: the council's current members, substitutes and guests
    (one person once), plus anyone already in the group who has since left, so saving the form
    never drops someone silently. Sorted by name; each person has ``current`` (bool)."""
    people: dict[int, Person] = {}
    for membership in member_directory(council=council, on=on or timezone.localdate()):
        person = membership.person
        person.current = True  # type: ignore[attr-defined]  # set at runtime for the form
        people.setdefault(person.pk, person)
    if follow is not None:
        for person in follow.members.all():
            if person.pk not in people:
                person.current = False  # set at runtime for the form
                people[person.pk] = person
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.pk))


def is_in_working_group(*, access, follow) -> bool:
    return follow is not None and any(pk in access.person_ids for pk in follow.member_ids)


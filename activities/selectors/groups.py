"""Reads for working groups and for a person's own tasks. Every function takes the council and
filters on it (another council's group or task is a 404); prefetching lives here, so each page
costs the same number of queries however many groups, members, notes and tasks there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from activities.models import GroupNote, GroupTask, WorkingGroup
from councils.models import Council, Person
from councils.selectors import member_directory, term_on
from meetings.models import ActionItem, ActionStatus
from meetings.selectors.agenda import term_items

RECENTLY_DONE_DAYS = 14


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _open_first():
    """Open tasks by due date (no date last), then done tasks, latest done first."""
    return [F("done_at").desc(nulls_first=True), F("due").asc(nulls_last=True), "id"]


# --- Groups -------------------------------------------------------------------------------------

def group_list(*, council: Council, person_ids=(), today: dt.date | None = None) -> list[WorkingGroup]:
    """The council's groups, active first, each with ``members`` prefetched, ``open_tasks`` and
    ``overdue_tasks`` counts and ``is_mine`` (one of ``person_ids`` is in it). Two queries."""
    today = _today(today)
    groups: list[WorkingGroup] = list(
        WorkingGroup.objects.filter(council=council)
        .annotate(open_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True)),
                  overdue_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True, tasks__due__lt=today)))
        .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("name", "pk")))
        .order_by("-is_active", "name"))
    mine = set(person_ids)
    for group in groups:
        group.is_mine = any(p.pk in mine for p in group.members.all())  # type: ignore[attr-defined]  # for the page
    return groups


def group_get(*, council: Council, pk) -> WorkingGroup:
    return get_object_or_404(
        WorkingGroup.objects.prefetch_related(Prefetch("members", queryset=Person.objects.order_by("name", "pk"))),
        council=council, pk=pk)


def group_notes(*, group: WorkingGroup) -> QuerySet[GroupNote]:
    """Newest first."""
    return GroupNote.objects.filter(council_id=group.council_id, group=group).order_by("-created_at", "-id")


@dataclass
class GroupTasks:
    open: list[GroupTask]
    done: list[GroupTask]


def group_tasks(*, group: WorkingGroup, today: dt.date | None = None) -> GroupTasks:
    """The group's tasks with owners prefetched and ``overdue`` set: open ones by due date, then
    the done ones, latest first. Two queries."""
    today = _today(today)
    tasks = list(GroupTask.objects.filter(council_id=group.council_id, group=group)
                 .prefetch_related(Prefetch("owners", queryset=Person.objects.order_by("name", "pk")))
                 .order_by(*_open_first()))
    for task in tasks:  # overdue is set at runtime for the page
        task.overdue = task.done_at is None and task.due is not None and task.due < today  # type: ignore[attr-defined]
    return GroupTasks(open=[t for t in tasks if t.done_at is None], done=[t for t in tasks if t.done_at])


def task_get(*, council: Council, pk) -> GroupTask:
    """A task with its group and the group's members (for the ``can_work_in_group`` check)."""
    return get_object_or_404(
        GroupTask.objects.select_related("group").prefetch_related("group__members"), council=council, pk=pk)


def member_choices(*, council: Council, group: WorkingGroup | None = None, on: dt.date | None = None) -> list[Person]:
    """Who can be put in a group: the council's current members, substitutes and guests (one
    person once, from ``councils.selectors.member_directory``), plus anyone already in the group
    who has since left, so saving the form never drops someone silently. Sorted by name; each
    person has ``current`` (bool)."""
    people: dict[int, Person] = {}
    for membership in member_directory(council=council, on=on or timezone.localdate()):
        person = membership.person
        person.current = True  # type: ignore[attr-defined]  # set at runtime for the form
        people.setdefault(person.pk, person)
    if group is not None:
        for person in group.members.all():
            if person.pk not in people:
                person.current = False  # set at runtime for the form
                people[person.pk] = person
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.pk))


# --- A person's own tasks -----------------------------------------------------------------------

@dataclass
class MyTask:
    """One row on "Mine opgaver": a meeting's action item or a working group's task."""

    kind: str  # "meeting" or "group"
    title: str
    due: dt.date | None
    overdue: bool
    co_owners: list[Person]
    meeting: object = None  # meetings.Meeting, for an action item
    group: WorkingGroup | None = None  # for a group task
    task: GroupTask | None = None  # the group task (for the done/undone button)
    done_at: dt.datetime | None = None


@dataclass
class MyTasks:
    open: list[MyTask]
    recently_done: list[MyTask]

    @property
    def overdue_count(self) -> int:
        return sum(1 for t in self.open if t.overdue)


def _sort_key(task: MyTask):
    return (task.due is None, task.due or dt.date.max, task.title.casefold())


def my_tasks(*, council: Council, person_ids, today: dt.date | None = None) -> MyTasks:
    """The open action items from the council's meetings (``meetings.ActionItem``) and the open
    working-group tasks that any of ``person_ids`` owns, together by due date (no date last),
    plus their group tasks done in the last two weeks. An ended term's action items are not
    listed unless they were carried over to today's term (``meetings.selectors.agenda``). Five
    queries, however many tasks."""
    today = _today(today)
    person_ids = list(person_ids)
    if not person_ids:
        return MyTasks(open=[], recently_done=[])
    mine = set(person_ids)
    owners = Prefetch("owners", queryset=Person.objects.order_by("name", "pk"))

    def others(obj) -> list[Person]:
        return [p for p in obj.owners.all() if p.pk not in mine]

    term = term_on(council=council, on=today)
    actions = (ActionItem.objects.filter(term_items(term if term and term.start <= today else None,
                                                    "meeting__starts_at"),
                                         council=council, status=ActionStatus.OPEN,
                                         pk__in=ActionItem.owners.through.objects.filter(person_id__in=person_ids)
                                         .values("actionitem_id"))
               .select_related("meeting").prefetch_related(owners))
    since = timezone.now() - dt.timedelta(days=RECENTLY_DONE_DAYS)
    tasks = (GroupTask.objects.filter(Q(done_at__isnull=True) | Q(done_at__gte=since), council=council,
                                      pk__in=GroupTask.owners.through.objects.filter(person_id__in=person_ids)
                                      .values("grouptask_id"))
             .select_related("group").prefetch_related(owners))
    rows = [MyTask(kind="meeting", title=a.title, due=a.due, overdue=a.due is not None and a.due < today,
                   co_owners=others(a), meeting=a.meeting) for a in actions]
    done: list[MyTask] = []
    for t in tasks:
        row = MyTask(kind="group", title=t.title, due=t.due,
                     overdue=t.done_at is None and t.due is not None and t.due < today,
                     co_owners=others(t), group=t.group, task=t, done_at=t.done_at)
        (done if t.done_at else rows).append(row)
    # Every row in done has done_at set (only tasks with done_at go there).
    return MyTasks(open=sorted(rows, key=_sort_key),
                   recently_done=sorted(done, key=lambda r: cast(dt.datetime, r.done_at), reverse=True))

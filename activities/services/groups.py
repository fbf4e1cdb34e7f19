"""Writes for working groups (arbejdsgrupper): groups of council people with a purpose (one per
committee followed, the annual report group), their notes and their tasks.

Every function is keyword-only, takes the acting ``council`` (tenancy: every object must be the
council's), validates before it writes, runs in a transaction and audits with an
``activities.group*`` action code. Errors are ``ApplicationError`` with a Danish message and the
form field it belongs to. Who may call them (groups.manage, groups.work + ``can_work_in_group``)
is decided by the views, as everywhere in Stemme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import GroupNote, GroupTask, WorkingGroup
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from councils.models import Council, Person
from councils.selectors import member_directory

if TYPE_CHECKING:
    from accounts.models import User

# --- Helpers ------------------------------------------------------------------------------------

def _same_council(council: Council, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.council_id != council.pk:
            raise ApplicationError(_("Det hører til et andet råd."))


def _text(value) -> str:
    return (value or "").strip()


def _require_active(group: WorkingGroup) -> None:
    if not group.is_active:
        raise ApplicationError(_("Arbejdsgruppen er lukket. Sekretariatet kan åbne den igen."), code="closed")


def _current_person_ids(council: Council) -> set[int]:
    return {m.person_id for m in member_directory(council=council, on=timezone.localdate())}


def _check_members(council: Council, members, *, already: AbstractSet[int] = frozenset()) -> list[Person]:
    """The council's people only; someone new in the group must be on the council today (people
    already in the group who have since left may stay)."""
    members = list({p.pk: p for p in members}.values())
    if any(p.council_id != council.pk for p in members):
        raise ApplicationError(_("Arbejdsgruppen kan kun bestå af rådets egne folk."), field="members")
    new = {p.pk for p in members} - set(already)
    if new and not new <= _current_person_ids(council):
        raise ApplicationError(_("Vælg blandt rådets nuværende medlemmer, suppleanter og gæster."),
                               field="members")
    return members


def _check_name(council: Council, name: str, *, exclude_pk=None) -> str:
    name = _text(name)
    if not name:
        raise ApplicationError(_("Skriv arbejdsgruppens navn."), field="name")
    others = WorkingGroup.objects.filter(council=council).exclude(pk=exclude_pk).values_list("name", flat=True)
    if any(other.casefold() == name.casefold() for other in others):
        raise ApplicationError(_("Rådet har allerede en arbejdsgruppe, der hedder %(name)s.") % {"name": name},
                               field="name", code="unique")
    return name


def _save_group(group: WorkingGroup) -> None:
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:  # the same name saved by someone else at the same moment
        raise ApplicationError(_("Rådet har allerede en arbejdsgruppe, der hedder %(name)s.") % {"name": group.name},
                               field="name", code="unique") from None


def _group_state(group: WorkingGroup) -> dict:
    return {**snapshot(group), "members": sorted(group.members.values_list("pk", flat=True))}


# --- Groups -------------------------------------------------------------------------------------

@transaction.atomic
def working_group_create(*, council: Council, name: str, purpose: str = "", members=(),
                         actor: User | None = None) -> WorkingGroup:
    """A working group with a purpose and its members (the council's current people)."""
    name = _check_name(council, name)
    members = _check_members(council, members)
    group = WorkingGroup(council=council, name=name, purpose=_text(purpose))
    full_clean_or_raise(group, exclude=["council"], validate_unique=False, validate_constraints=False)
    _save_group(group)
    group.members.set(members)
    audit(action="activities.group.created", actor=actor, council=council, obj=group,
          after=_group_state(group))
    return group


@transaction.atomic
def working_group_update(*, council: Council, group: WorkingGroup, name: str, purpose: str = "", members=(),
                         is_active: bool = True, actor: User | None = None) -> WorkingGroup:
    """Rename, change the purpose and the members, close or reopen a group. Someone who leaves
    the group stops owning its open tasks (done tasks keep their history)."""
    _same_council(council, group)
    before = _group_state(group)
    name = _check_name(council, name, exclude_pk=group.pk)
    members = _check_members(council, members, already=set(before["members"]))
    group.name, group.purpose, group.is_active = name, _text(purpose), bool(is_active)
    full_clean_or_raise(group, exclude=["council"], validate_unique=False, validate_constraints=False)
    _save_group(group)
    group.members.set(members)
    removed = set(before["members"]) - {p.pk for p in members}
    if removed:
        GroupTask.owners.through.objects.filter(grouptask__group=group, grouptask__done_at__isnull=True,
                                                person_id__in=removed).delete()
    audit(action="activities.group.updated", actor=actor, council=council, obj=group, before=before,
          after=_group_state(group))
    return group


# --- Notes --------------------------------------------------------------------------------------

@transaction.atomic
def group_note_add(*, council: Council, group: WorkingGroup, text: str, actor: User | None = None) -> GroupNote:
    """A note in the group's shared notebook (newest first on the group page)."""
    _same_council(council, group)
    _require_active(group)
    text = _text(text)
    if not text:
        raise ApplicationError(_("Skriv noten."), field="text")
    author_user = actor if getattr(actor, "is_authenticated", False) else None
    note = GroupNote(council=council, group=group, text=text, author=author_user,
                     author_name=(author_user.get_full_name() if author_user else "")[:150])
    full_clean_or_raise(note, exclude=["council", "group", "author"], validate_unique=False, validate_constraints=False)
    note.save()
    audit(action="activities.group_note.added", actor=actor, council=council, obj=note)
    return note


# --- Tasks --------------------------------------------------------------------------------------

@transaction.atomic
def group_task_create(*, council: Council, group: WorkingGroup, title: str, owners, due: dt.date | None = None,
                      actor: User | None = None) -> GroupTask:
    """A task of the group with one or more owners (tovholdere) among the group's members."""
    _same_council(council, group)
    _require_active(group)
    title = _text(title)
    if not title:
        raise ApplicationError(_("Skriv, hvad der skal gøres."), field="title")
    owners = list({p.pk: p for p in owners}.values())
    if not owners:
        raise ApplicationError(_("Vælg mindst én tovholder blandt gruppens medlemmer."), field="owners")
    member_ids = set(group.members.values_list("pk", flat=True))
    if any(p.pk not in member_ids for p in owners):
        raise ApplicationError(_("Tovholderne skal være medlemmer af arbejdsgruppen."), field="owners")
    if due is not None and due < timezone.localdate():
        raise ApplicationError(_("Fristen kan ikke ligge før i dag."), field="due")
    task = GroupTask(council=council, group=group, title=title, due=due)
    full_clean_or_raise(task, exclude=["council", "group"], validate_unique=False, validate_constraints=False)
    task.save()
    task.owners.set(owners)
    audit(action="activities.group_task.created", actor=actor, council=council, obj=task,
          after={**snapshot(task), "owners": sorted(p.pk for p in owners)})
    return task


@transaction.atomic
def group_task_set_done(*, council: Council, task: GroupTask, done: bool, actor: User | None = None) -> GroupTask:
    """Mark a task done (with the time) or open again. Marking it as it already is changes
    nothing and writes no audit event."""
    _same_council(council, task)
    task = GroupTask.objects.select_for_update().get(pk=task.pk)
    if bool(task.done_at) == bool(done):
        return task
    _require_active(task.group)
    before = snapshot(task, ["done_at"])
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    audit(action="activities.group_task.done" if done else "activities.group_task.reopened", actor=actor,
          council=council, obj=task, before=before, after=snapshot(task, ["done_at"]))
    return task

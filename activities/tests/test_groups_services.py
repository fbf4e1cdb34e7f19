"""Working group services: creating and editing groups (members among the council's current
people, unique names, leaving members stop owning open tasks), notes (CPR refused), tasks
(owners among the members, due date not in the past, done/undone), every write audited, and
the "my tasks" selector putting meeting action items and group tasks together by due date."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import GroupNote, GroupTask, WorkingGroup
from activities.selectors import groups as selectors
from activities.services import groups as services
from activities.tests.groups_builders import in_days
from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services as council_services
from meetings.services import minutes as minutes_services
from meetings.tests.seed import build_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.world("group")]
CPR_TEXT = "Borgeren 010190-1234 har brug for hjælp."


def actions(obj) -> list[str]:
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                .order_by("id").values_list("action", flat=True))


# --- Groups -------------------------------------------------------------------------------------

def test_create_group_with_members_is_audited(world):
    group = world.group
    assert group.name == "Årsberetningen" and group.purpose.startswith("Skriver udkastet")
    assert sorted(p.name for p in group.members.all()) == ["Mads Lund", "Sune Dahl"]
    event = AuditEvent.objects.get(action="activities.group.created", object_id=str(group.pk))
    assert event.actor == world.seed.secretary and event.council == world.council
    assert sorted(event.after["members"]) == sorted(p.pk for p in group.members.all())


def test_group_name_is_unique_per_council_ignoring_case(world):
    with pytest.raises(ApplicationError) as error:
        services.working_group_create(council=world.council, name=" årsberetningen ", members=[])
    assert error.value.field == "name" and "allerede" in error.value.message
    assert WorkingGroup.objects.filter(council=world.council).count() == 1


def test_group_needs_a_name_and_refuses_cpr_in_the_purpose(world):
    with pytest.raises(ApplicationError) as error:
        services.working_group_create(council=world.council, name="  ", members=[])
    assert error.value.field == "name"
    with pytest.raises(ApplicationError) as error:
        services.working_group_create(council=world.council, name="SUS", purpose=CPR_TEXT, members=[])
    assert error.value.field == "purpose" and "CPR-nummer" in error.value.message


def test_members_must_be_the_councils_current_people(world, other):
    with pytest.raises(ApplicationError) as error:
        services.working_group_create(council=world.council, name="SUS", members=[other.group.members.first()])
    assert error.value.field == "members"
    # A person with no membership today.
    former = council_services.person_save(council=world.council, name="Gerda Gammel", email="gerda@example.org")
    with pytest.raises(ApplicationError) as error:
        services.working_group_create(council=world.council, name="SUS", members=[former])
    assert error.value.field == "members" and "nuværende" in error.value.message


def test_someone_who_left_may_stay_in_the_group(world):
    former = council_services.person_save(council=world.council, name="Gerda Gammel", email="gerda@example.org")
    world.group.members.add(former)
    services.working_group_update(council=world.council, group=world.group, name=world.group.name,
                                  members=list(world.group.members.all()))
    assert former in world.group.members.all()


def test_update_members_and_close_removes_leavers_from_open_tasks(world):
    seed, group = world.seed, world.group
    open_task = services.group_task_create(council=world.council, group=group, title="Skriv kapitel 1",
                                           owners=[seed["Sune Dahl"], seed["Mads Lund"]])
    done_task = services.group_task_create(council=world.council, group=group, title="Find billeder",
                                           owners=[seed["Mads Lund"]])
    services.group_task_set_done(council=world.council, task=done_task, done=True)
    services.working_group_update(council=world.council, group=group, name="Årsberetning 2026",
                                  purpose="Nyt formål", members=[seed["Sune Dahl"], seed["Helle Bøgh"]],
                                  is_active=True, actor=seed.secretary)
    group.refresh_from_db()
    assert group.name == "Årsberetning 2026"
    assert sorted(p.name for p in group.members.all()) == ["Helle Bøgh", "Sune Dahl"]
    assert [p.name for p in open_task.owners.all()] == ["Sune Dahl"]
    assert [p.name for p in done_task.owners.all()] == ["Mads Lund"]  # history kept
    event = AuditEvent.objects.get(action="activities.group.updated")
    assert event.before["name"] == "Årsberetningen" and event.after["name"] == "Årsberetning 2026"


def test_closed_group_takes_no_notes_or_tasks(world):
    services.working_group_update(council=world.council, group=world.group, name=world.group.name,
                                  members=list(world.group.members.all()), is_active=False)
    with pytest.raises(ApplicationError) as error:
        services.group_note_add(council=world.council, group=world.group, text="Hej")
    assert error.value.code == "closed"
    with pytest.raises(ApplicationError):
        services.group_task_create(council=world.council, group=world.group, title="X",
                                   owners=[world.seed["Sune Dahl"]])


# --- Notes --------------------------------------------------------------------------------------

def test_note_is_saved_with_author_and_audited(world):
    user = world.users["group"]
    note = services.group_note_add(council=world.council, group=world.group, text="  Vi mødes tirsdag.  ",
                                   actor=user)
    assert (note.text, note.author, note.author_name) == ("Vi mødes tirsdag.", user, "Sune Dahl")
    assert actions(note) == ["activities.group_note.added"]


def test_note_refuses_cpr_and_empty_text(world):
    with pytest.raises(ApplicationError) as error:
        services.group_note_add(council=world.council, group=world.group, text=CPR_TEXT)
    assert error.value.field == "text" and "CPR-nummer" in error.value.message
    with pytest.raises(ApplicationError) as error:
        services.group_note_add(council=world.council, group=world.group, text="   ")
    assert error.value.field == "text"
    assert not GroupNote.objects.exists()


def test_note_in_another_councils_group_is_refused(world, other):
    with pytest.raises(ApplicationError):
        services.group_note_add(council=world.council, group=other.group, text="Hej")


# --- Tasks --------------------------------------------------------------------------------------

def test_task_with_owners_among_members_and_done_undone(world):
    seed = world.seed
    task = services.group_task_create(council=world.council, group=world.group, title="Skriv udkast",
                                      owners=[seed["Sune Dahl"]], due=in_days(7), actor=world.users["group"])
    assert task.done_at is None and [p.name for p in task.owners.all()] == ["Sune Dahl"]
    task = services.group_task_set_done(council=world.council, task=task, done=True, actor=world.users["group"])
    assert task.done_at is not None
    again = services.group_task_set_done(council=world.council, task=task, done=True)  # no change, no audit
    assert again.done_at == task.done_at
    task = services.group_task_set_done(council=world.council, task=task, done=False)
    assert task.done_at is None
    assert actions(task) == ["activities.group_task.created", "activities.group_task.done",
                             "activities.group_task.reopened"]


def test_task_owner_outside_the_group_or_none_is_refused(world):
    seed = world.seed
    for owners in ([], [seed["Rasmus Krog"]]):
        with pytest.raises(ApplicationError) as error:
            services.group_task_create(council=world.council, group=world.group, title="Skriv", owners=owners)
        assert error.value.field == "owners"
    assert not GroupTask.objects.exists()


def test_task_refuses_cpr_empty_title_and_past_due(world):
    owner = [world.seed["Sune Dahl"]]
    cases = [({"title": CPR_TEXT}, "title"), ({"title": " "}, "title"),
             ({"title": "Skriv", "due": in_days(-1)}, "due")]
    for kwargs, field in cases:
        with pytest.raises(ApplicationError) as error:
            services.group_task_create(council=world.council, group=world.group, owners=owner, **kwargs)
        assert error.value.field == field
    assert not GroupTask.objects.exists()


def test_group_tasks_selector_orders_open_by_due_and_marks_overdue(world):
    seed, group = world.seed, world.group
    owner = [seed["Sune Dahl"]]
    later = services.group_task_create(council=world.council, group=group, title="Senere", owners=owner,
                                       due=in_days(10))
    undated = services.group_task_create(council=world.council, group=group, title="Uden frist", owners=owner)
    soon = services.group_task_create(council=world.council, group=group, title="Snart", owners=owner, due=in_days(1))
    done = services.group_task_create(council=world.council, group=group, title="Færdig", owners=owner)
    services.group_task_set_done(council=world.council, task=done, done=True)
    tasks = selectors.group_tasks(group=group, today=in_days(5))
    assert [t.title for t in tasks.open] == ["Snart", "Senere", "Uden frist"]
    assert [t.overdue for t in tasks.open] == [True, False, False]
    assert [t.title for t in tasks.done] == ["Færdig"]
    assert {later.pk, undated.pk, soon.pk} == {t.pk for t in tasks.open}


# --- Mine opgaver -------------------------------------------------------------------------------

def test_my_tasks_puts_action_items_and_group_tasks_together_by_due(world):
    seed, sune = world.seed, world.seed["Sune Dahl"]
    meeting = build_meeting(seed, day=timezone.localdate(), with_items=False).meeting
    minutes_services.action_item_create(meeting=meeting, item=None, title="Ring til forvaltningen",
                                        owners=[sune, seed["Jytte Holm"]], due=in_days(3))
    closed = minutes_services.action_item_create(meeting=meeting, item=None, title="Gammel opgave", owners=[sune],
                                                 due=in_days(1))
    minutes_services.action_item_update_status(action_item=closed, status="done")
    minutes_services.action_item_create(meeting=meeting, item=None, title="Ikke min", owners=[seed["Mads Lund"]],
                                        due=in_days(1))
    services.group_task_create(council=world.council, group=world.group, title="Skriv udkast", owners=[sune],
                               due=in_days(2))
    services.group_task_create(council=world.council, group=world.group, title="Læs korrektur", owners=[sune])
    finished = services.group_task_create(council=world.council, group=world.group, title="Find billeder",
                                          owners=[sune])
    services.group_task_set_done(council=world.council, task=finished, done=True)

    mine = selectors.my_tasks(council=world.council, person_ids=[sune.pk], today=in_days(2) + dt.timedelta(days=1))
    assert [(t.kind, t.title) for t in mine.open] == [("group", "Skriv udkast"), ("meeting", "Ring til forvaltningen"),
                                                      ("group", "Læs korrektur")]
    assert [t.overdue for t in mine.open] == [True, False, False]
    assert [p.name for p in mine.open[1].co_owners] == ["Jytte Holm"]
    assert mine.overdue_count == 1
    assert [t.title for t in mine.recently_done] == ["Find billeder"]
    assert selectors.my_tasks(council=world.council, person_ids=[]).open == []


def test_my_tasks_leave_out_an_ended_terms_action_items_unless_carried_over(world):
    """A task from a meeting of the previous term is not on "Mine opgaver" in the new term – until
    the secretariat carries it over at the constituting meeting."""
    from councils.models import Term
    from councils.services import term_create
    from meetings.services.agenda import ended_term_items_decide

    seed, sune = world.seed, world.seed["Sune Dahl"]
    current = Term.objects.filter(council=world.council).order_by("-start").first()
    old_term = term_create(council=world.council, name="Forrige", end=current.start - dt.timedelta(days=1),
                           start=current.start.replace(year=current.start.year - 4))
    old_meeting = build_meeting(seed, day=old_term.end - dt.timedelta(days=30), with_items=False).meeting
    old = minutes_services.action_item_create(meeting=old_meeting, item=None, title="Fra sidste periode",
                                              owners=[sune], due=None)
    today = max(timezone.localdate(), current.start)

    def titles():
        return [t.title for t in selectors.my_tasks(council=world.council, person_ids=[sune.pk], today=today).open]

    assert titles() == []
    new_meeting = build_meeting(seed, day=today + dt.timedelta(days=7), with_items=False).meeting
    ended_term_items_decide(meeting=new_meeting, decision="carry", action_ids=[old.pk], actor=seed.secretary)
    assert titles() == ["Fra sidste periode"]

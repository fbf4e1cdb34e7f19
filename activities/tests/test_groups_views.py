"""The working group pages through the Django test client: the list, the group form (the
secretariat chooses members among the council's current people; errors keep the input), the
group page (a member of the group writes notes and tasks; a member outside reads, sees no form
but a Danish explanation, and gets 403 on a direct POST), CPR refused with the text kept,
done/undone, "Mine opgaver", tenancy (another council's group or task id is 404) and query
counts that stay flat as data grows."""

import pytest
from django.urls import reverse

from activities.models import GroupNote, GroupTask, WorkingGroup
from activities.services import groups as services
from activities.tests.groups_builders import in_days
from core.models import AuditEvent
from meetings.services import minutes as minutes_services
from meetings.tests.seed import build_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.world("group")]
CPR_TEXT = "Borgeren 010190-1234 mangler en læge."


def as_user(client, world, key):
    client.force_login(world.users[key])
    return client


def note_post(text):
    return {"note-text": text}


def task_post(title, owners, due=""):
    return {"task-title": title, "task-owners": [str(p.pk) for p in owners], "task-due": str(due)}


# --- List and group form --------------------------------------------------------------------------

def test_list_shows_groups_members_and_actions_by_role(client, world):
    html = as_user(client, world, "secretariat").get(world.url()).content.decode()
    table = html[html.index('data-testid="groups"'):]
    assert "Årsberetningen" in table and "Sune Dahl" in table and "Mads Lund" in table
    assert "Ny arbejdsgruppe" in html
    html = as_user(client, world, "group").get(world.url()).content.decode()
    assert "Ny arbejdsgruppe" not in html and "Du er med" in html
    assert reverse("activities:my_tasks", args=[world.slug]) in html


def test_secretariat_creates_a_group_with_members(client, world):
    seed = world.seed
    as_user(client, world, "secretariat")
    form = client.get(world.url("ny/")).content.decode()
    assert "Rasmus Krog" in form and "Tove Ravn" in form  # members and substitutes
    response = client.post(world.url("ny/"), {"name": "Social- og Sundhedsudvalget", "purpose": "Følger SUS.",
                                              "members": [seed["Helle Bøgh"].pk, seed["Rasmus Krog"].pk]})
    group = WorkingGroup.objects.get(council=world.council, name="Social- og Sundhedsudvalget")
    assert response.status_code == 302 and response["Location"] == world.url(f"{group.pk}/")
    assert sorted(p.name for p in group.members.all()) == ["Helle Bøgh", "Rasmus Krog"]
    assert AuditEvent.objects.filter(action="activities.group.created", object_id=str(group.pk)).exists()


def test_group_form_errors_are_danish_and_keep_the_input(client, world):
    as_user(client, world, "secretariat")
    response = client.post(world.url("ny/"), {"name": "årsberetningen", "purpose": "Mit formål"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rådet har allerede en arbejdsgruppe" in html and "Mit formål" in html
    response = client.post(world.url("ny/"), {"name": "Ny", "purpose": CPR_TEXT})
    assert response.status_code == 400 and "CPR-nummer" in response.content.decode()
    assert CPR_TEXT in response.content.decode()
    # A person of another council or an unknown id is not a choice.
    response = client.post(world.url("ny/"), {"name": "Ny", "members": ["999999"]})
    assert response.status_code == 400
    assert WorkingGroup.objects.filter(council=world.council).count() == 1


def test_edit_group_and_close_it(client, world):
    as_user(client, world, "secretariat")
    url = world.url(f"{world.group.pk}/rediger/")
    html = client.get(url).content.decode()
    assert 'value="Årsberetningen"' in html and "Gruppen er i gang" in html
    response = client.post(url, {"name": "Årsberetningen", "purpose": "", "members": [world.seed["Sune Dahl"].pk]})
    assert response.status_code == 302
    world.group.refresh_from_db()
    assert not world.group.is_active and [p.name for p in world.group.members.all()] == ["Sune Dahl"]
    html = as_user(client, world, "group").get(world.url(f"{world.group.pk}/")).content.decode()
    assert "Gruppen er lukket" in html and 'name="note-text"' not in html


def test_members_cannot_manage_groups(client, world):
    for key in ("group", "member", "chair"):
        as_user(client, world, key)
        assert client.get(world.url("ny/")).status_code == 403
        assert client.post(world.url(f"{world.group.pk}/rediger/"), {"name": "Kapret"}).status_code == 403
    world.group.refresh_from_db()
    assert world.group.name == "Årsberetningen"


# --- The group page: who writes ------------------------------------------------------------------

@pytest.mark.parametrize("key", ["group", "chair", "secretariat"])
def test_group_members_formandskab_and_secretariat_write(client, world, key):
    as_user(client, world, key)
    page = client.get(world.url(f"{world.group.pk}/")).content.decode()
    assert 'name="note-text"' in page and 'name="task-title"' in page
    response = client.post(world.url(f"{world.group.pk}/noter/"), note_post(f"Note fra {key}."))
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    response = client.post(world.url(f"{world.group.pk}/ny-opgave/"),
                           task_post("Skriv udkast", [world.seed["Mads Lund"]], in_days(3)))
    assert response.status_code == 302 and response["Location"].endswith("#tasks")
    task = GroupTask.objects.get(group=world.group)
    assert [p.name for p in task.owners.all()] == ["Mads Lund"] and task.due == in_days(3)
    response = client.post(world.url(f"gruppeopgaver/{task.pk}/udfoert/"), {"done": "on"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None


def test_member_outside_the_group_reads_but_cannot_write(client, world):
    services.group_note_add(council=world.council, group=world.group, text="Første udkast er klar.")
    task = services.group_task_create(council=world.council, group=world.group, title="Skriv forord",
                                      owners=[world.seed["Sune Dahl"]])
    as_user(client, world, "member")
    response = client.get(world.url(f"{world.group.pk}/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Første udkast er klar." in html and "Skriv forord" in html
    assert 'name="note-text"' not in html and 'name="task-title"' not in html and "Markér som udført" not in html
    assert "Du er ikke med i denne arbejdsgruppe" in html
    notes, audits = GroupNote.objects.count(), AuditEvent.objects.count()
    for suffix, data in ((f"{world.group.pk}/noter/", note_post("Min mening.")),
                         (f"{world.group.pk}/ny-opgave/", task_post("Min opgave", [world.seed["Sune Dahl"]])),
                         (f"gruppeopgaver/{task.pk}/udfoert/", {"done": "on"})):
        response = client.post(world.url(suffix), data)
        assert response.status_code == 403 and "Ingen adgang" in response.content.decode(), suffix
    task.refresh_from_db()
    assert task.done_at is None and GroupNote.objects.count() == notes and AuditEvent.objects.count() == audits
    # GET is not a way in either.
    assert client.get(world.url(f"{world.group.pk}/noter/")).status_code == 405


def test_note_with_cpr_is_refused_and_the_text_kept(client, world):
    as_user(client, world, "group")
    response = client.post(world.url(f"{world.group.pk}/noter/"), note_post(CPR_TEXT))
    html = response.content.decode()
    assert response.status_code == 400 and "CPR-nummer" in html and CPR_TEXT in html
    assert not GroupNote.objects.exists()


def test_task_errors_keep_the_input(client, world):
    as_user(client, world, "group")
    response = client.post(world.url(f"{world.group.pk}/ny-opgave/"), task_post(CPR_TEXT, []))
    html = response.content.decode()
    assert response.status_code == 400 and "CPR-nummer" in html and CPR_TEXT in html
    assert "Vælg mindst én tovholder" in html
    # An owner outside the group is not a choice; a past due date is refused.
    response = client.post(world.url(f"{world.group.pk}/ny-opgave/"),
                           task_post("Skriv", [world.seed["Rasmus Krog"]]))
    assert response.status_code == 400
    response = client.post(world.url(f"{world.group.pk}/ny-opgave/"),
                           task_post("Skriv", [world.seed["Sune Dahl"]], in_days(-2)))
    assert response.status_code == 400 and "Fristen kan ikke ligge før i dag." in response.content.decode()
    assert not GroupTask.objects.exists()


def test_notes_newest_first_and_overdue_in_words(client, world):
    for text in ("Ældste note.", "Nyeste note."):
        services.group_note_add(council=world.council, group=world.group, text=text)
    task = services.group_task_create(council=world.council, group=world.group, title="For sent",
                                      owners=[world.seed["Sune Dahl"]], due=in_days(0))
    GroupTask.objects.filter(pk=task.pk).update(due=in_days(-3))
    html = as_user(client, world, "member").get(world.url(f"{world.group.pk}/")).content.decode()
    assert html.index("Nyeste note.") < html.index("Ældste note.")
    assert "Fristen er overskredet" in html


# --- Mine opgaver ---------------------------------------------------------------------------------

def test_my_tasks_shows_action_items_and_group_tasks(client, world):
    seed, sune = world.seed, world.seed["Sune Dahl"]
    meeting = build_meeting(seed, with_items=False).meeting
    minutes_services.action_item_create(meeting=meeting, item=None, title="Ring til forvaltningen", owners=[sune],
                                        due=in_days(4))
    task = services.group_task_create(council=world.council, group=world.group, title="Skriv udkast", owners=[sune],
                                      due=in_days(2))
    services.group_task_create(council=world.council, group=world.group, title="Ikke Sunes",
                               owners=[seed["Mads Lund"]])
    as_user(client, world, "group")
    html = client.get(world.url("mine-opgaver/")).content.decode()
    table = html[html.index('data-testid="my-open-tasks"'):]
    assert table.index("Skriv udkast") < table.index("Ring til forvaltningen")
    assert "Ikke Sunes" not in html
    assert reverse("meetings:meeting", args=[world.slug, meeting.pk]) in table
    response = client.post(world.url(f"gruppeopgaver/{task.pk}/udfoert/"), {"done": "on", "back": "mine"})
    assert response["Location"] == world.url("mine-opgaver/")
    html = client.get(world.url("mine-opgaver/")).content.decode()
    assert "Skriv udkast" in html[html.index('data-testid="my-done-tasks"'):]


def test_my_tasks_for_the_secretariat_explains_there_are_none(client, world):
    html = as_user(client, world, "secretariat").get(world.url("mine-opgaver/")).content.decode()
    assert "Du er ikke medlem af rådet" in html


# --- Tenancy --------------------------------------------------------------------------------------

def test_another_councils_group_and_task_ids_are_404(client, world, other):
    as_user(client, world, "secretariat")
    for suffix in (f"{other.group.pk}/", f"{other.group.pk}/rediger/"):
        response = client.get(world.url(suffix))
        assert response.status_code == 404 and "Andetbys gruppe" not in response.content.decode(), suffix
    for suffix, data in ((f"{other.group.pk}/noter/", note_post("Hej")),
                         (f"{other.group.pk}/ny-opgave/", task_post("X", [])),
                         (f"{other.group.pk}/rediger/", {"name": "Kapret"}),
                         (f"gruppeopgaver/{other.task.pk}/udfoert/", {"done": "on"})):
        assert client.post(world.url(suffix), data).status_code == 404, suffix
    other.task.refresh_from_db()
    assert other.task.done_at is None and not GroupNote.objects.exists()
    html = as_user(client, world, "group").get(world.url("mine-opgaver/")).content.decode()
    assert "Hemmelig Andetby-opgave" not in html


# --- Query counts ---------------------------------------------------------------------------------

def _more_groups(world, n=10):
    seed = world.seed
    people = [seed["Helle Bøgh"], seed["Janni Friis"], seed["Sune Dahl"]]
    for i in range(n):
        group = services.working_group_create(council=world.council, name=f"Gruppe {i}", members=people)
        for j in range(3):
            services.group_task_create(council=world.council, group=group, title=f"Opgave {i}.{j}",
                                       owners=people[:2] + [seed["Sune Dahl"]], due=in_days(j))
            services.group_note_add(council=world.council, group=world.group, text=f"Note {i}.{j}")
        services.group_task_create(council=world.council, group=world.group, title=f"Årsopgave {i}",
                                   owners=[seed["Sune Dahl"], seed["Mads Lund"]], due=in_days(i))


def test_list_query_count_is_flat(client, world, django_assert_max_num_queries):
    as_user(client, world, "group")
    with django_assert_max_num_queries(20) as baseline:
        assert client.get(world.url()).status_code == 200
    _more_groups(world)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(world.url())
    assert "Gruppe 9" in response.content.decode()


def test_group_page_query_count_is_flat(client, world, django_assert_max_num_queries):
    as_user(client, world, "group")
    url = world.url(f"{world.group.pk}/")
    services.group_note_add(council=world.council, group=world.group, text="Første")
    services.group_task_create(council=world.council, group=world.group, title="Første opgave",
                               owners=[world.seed["Sune Dahl"]])
    with django_assert_max_num_queries(20) as baseline:
        assert client.get(url).status_code == 200
    _more_groups(world)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert "Årsopgave 9" in response.content.decode() and "Note 9.2" in response.content.decode()


def test_my_tasks_query_count_is_flat(client, world, django_assert_max_num_queries):
    seed, sune = world.seed, world.seed["Sune Dahl"]
    meeting = build_meeting(seed, with_items=False).meeting
    minutes_services.action_item_create(meeting=meeting, item=None, title="Første", owners=[sune], due=in_days(1))
    services.group_task_create(council=world.council, group=world.group, title="Første opgave", owners=[sune])
    as_user(client, world, "group")
    with django_assert_max_num_queries(20) as baseline:
        assert client.get(world.url("mine-opgaver/")).status_code == 200
    _more_groups(world)
    for i in range(10):
        other_meeting = build_meeting(seed, day=in_days(-30 - i), with_items=False).meeting
        minutes_services.action_item_create(meeting=other_meeting, item=None, title=f"Mødeopgave {i}",
                                            owners=[sune, seed["Jytte Holm"]], due=in_days(i))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(world.url("mine-opgaver/"))
    html = response.content.decode()
    assert "Mødeopgave 9" in html and "Opgave 9.2" in html

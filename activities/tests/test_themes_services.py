"""Theme services: choosing 5–8 themes (a warning, never a block), owners and priorities,
links to the council's own agenda items, consultations and events only, postponement, and
``resurface_postponed`` — exactly on the date (or the first run after it), only once
(hypothesis over dates), the management command and the outbox worker."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import IdeaStatus, Theme, ThemeStatus
from activities.selectors import themes as selectors
from activities.services import themes as services
from activities.tests.ideas_builders import YEAR, brainstorm
from core.errors import ApplicationError
from core.models import AuditEvent
from meetings.models import AgendaItem, ProposalStatus

pytestmark = [pytest.mark.django_db, pytest.mark.world("idea")]
D = dt.timedelta
TODAY = dt.date(2026, 3, 10)


def choose(world, ideas, owner="Sune Dahl"):
    return services.themes_choose(council=world.council, year=YEAR, actor=world.secretary, picks=[
        services.ThemePick(idea=i, owner=world.seed[owner], priority=n) for n, i in enumerate(ideas, start=1)])


def test_count_warning_outside_5_to_8():
    assert selectors.count_warning(1) == "Rådet har valgt 1 tema. Anbefalingen er 5–8 hovedtemaer om året."
    assert selectors.count_warning(4).startswith("Rådet har valgt 4 temaer.")
    assert [selectors.count_warning(n) for n in (5, 6, 7, 8)] == ["", "", "", ""]
    assert "overvej at samle eller udsætte" in selectors.count_warning(9)


def test_choose_themes_sets_owner_priority_and_idea_status_and_is_not_blocked_outside_5_to_8(world):
    ideas = brainstorm(world)
    themes = choose(world, ideas[:3])  # only 3: allowed, with a warning on the page
    assert [(t.title, t.owner.name, t.priority) for t in themes] == [
        (ideas[0].title, "Sune Dahl", 1), (ideas[1].title, "Sune Dahl", 2), (ideas[2].title, "Sune Dahl", 3)]
    assert selectors.year_themes(world.council, YEAR).warning.startswith("Rådet har valgt 3 temaer")
    ideas[0].refresh_from_db()
    assert ideas[0].status == IdeaStatus.CHOSEN
    # Choosing again updates, never duplicates
    services.themes_choose(council=world.council, year=YEAR, picks=[
        services.ThemePick(idea=ideas[0], owner=world.seed["Mads Lund"], priority=4)])
    assert Theme.objects.filter(council=world.council).count() == 3
    assert Theme.objects.get(idea=ideas[0]).owner == world.seed["Mads Lund"]
    choose(world, ideas)  # all 7
    assert selectors.year_themes(world.council, YEAR).warning == ""
    assert AuditEvent.objects.filter(action="activities.theme.chosen").count() == 7


def test_choose_refuses_other_councils_people_and_ideas(world):
    mine = brainstorm(world, "A")[0]
    theirs = brainstorm(world, "B", council=world.other)[0]
    with pytest.raises(ApplicationError, match="andet råd"):
        services.themes_choose(council=world.council, year=YEAR, picks=[services.ThemePick(theirs, None, 1)])
    stranger = world.other  # a person of another council
    from councils import services as council_services
    person = council_services.person_save(council=stranger, name="Fremmed Person", email="f@example.org")
    with pytest.raises(ApplicationError, match="hører ikke til dette råd"):
        services.themes_choose(council=world.council, year=YEAR, picks=[services.ThemePick(mine, person, 1)])
    with pytest.raises(ApplicationError, match="mindst én idé"):
        services.themes_choose(council=world.council, year=YEAR, picks=[])
    assert not Theme.objects.exists()


def test_links_only_to_the_councils_own_objects(world):
    from hearings.services import consultations as consultation_services
    from meetings.tests.seed import build_meeting
    theme = services.theme_create(council=world.council, year=YEAR, title="Socialt frikort")
    item = build_meeting(world.seed).items["frikort"]
    consultation = consultation_services.consultation_create(
        council=world.council, title="Høring om frikort", summary="", received_on=TODAY, deadline=TODAY + D(20),
        sender="Forvaltningen", actor=world.secretary)
    other = consultation_services.consultation_create(
        council=world.other, title="Andebys høring", summary="", received_on=TODAY, deadline=TODAY + D(20),
        sender="Forvaltningen", actor=world.other_secretary)
    services.theme_links_set(theme=theme, agenda_items=[item], consultations=[consultation])
    assert list(theme.agenda_items.all()) == [item] and list(theme.consultations.all()) == [consultation]
    with pytest.raises(ApplicationError) as error:
        services.theme_links_set(theme=theme, consultations=[other])
    assert error.value.field == "consultations"
    assert list(theme.consultations.all()) == [consultation]


def test_theme_update_status_note_and_cpr(world):
    theme = services.theme_create(council=world.council, year=YEAR, title="Tandpleje", owner=world.seed["Mads Lund"])
    services.theme_update(theme=theme, status=ThemeStatus.DONE, status_note="Møde med tandplejen holdt i maj.")
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.DONE and theme.status_note.startswith("Møde")
    with pytest.raises(ApplicationError) as error:
        services.theme_update(theme=theme, status_note="Borger 010190-1234")
    assert error.value.field == "status_note" and "CPR" in error.value.message
    with pytest.raises(ApplicationError, match="Brug “Udsæt”"):
        services.theme_update(theme=theme, status=ThemeStatus.POSTPONED)


# --- Postponement and resurfacing ------------------------------------------------------------------

def test_postpone_needs_a_future_date_and_an_owner(world):
    theme = services.theme_create(council=world.council, year=YEAR, title="Tandpleje")
    with pytest.raises(ApplicationError) as error:
        services.theme_postpone(theme=theme, until=TODAY, owner=world.seed["Mads Lund"], today=TODAY)
    assert error.value.field == "until" and error.value.message == "Datoen skal ligge efter i dag."
    with pytest.raises(ApplicationError) as error:
        services.theme_postpone(theme=theme, until=TODAY + D(1), owner=None, today=TODAY)
    assert error.value.field == "owner"
    services.theme_postpone(theme=theme, until=TODAY + D(1), owner=world.seed["Mads Lund"],
                            note="Udsættes til efteråret", today=TODAY)
    theme.refresh_from_db()
    assert (theme.status, theme.postponed_until, theme.status_note) == (ThemeStatus.POSTPONED, TODAY + D(1),
                                                                        "Udsættes til efteråret")


def test_resurface_puts_it_on_the_backlog_exactly_on_the_date_once(world):
    idea = brainstorm(world, "Bedre adgang til tandpleje")[0]
    theme = services.idea_postpone(idea=idea, until=TODAY + D(5), owner=world.seed["Helle Bøgh"],
                                   note="Udsættes til efteråret", today=TODAY)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.POSTPONED and theme.status == ThemeStatus.POSTPONED
    assert services.resurface_postponed(today=TODAY + D(4)) == 0
    assert services.resurface_postponed(today=TODAY + D(5)) == 1
    assert services.resurface_postponed(today=TODAY + D(5)) == 0
    assert services.resurface_postponed(today=TODAY + D(30)) == 0
    theme.refresh_from_db()
    item = theme.resurfaced_item
    assert (item.meeting, item.proposal_status, item.responsible, item.title, item.council) == (
        None, ProposalStatus.BACKLOG, world.seed["Helle Bøgh"], "Bedre adgang til tandpleje", world.council)
    assert "Udsættes til efteråret" in item.case_text and "Tovholder: Helle Bøgh." in item.case_text
    assert theme.status == ThemeStatus.ACTIVE
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.CHOSEN
    assert AuditEvent.objects.filter(action="activities.theme.resurfaced", object_id=str(theme.pk)).count() == 1
    # Postponed again: it comes back again, once
    services.theme_postpone(theme=theme, until=TODAY + D(40), owner=world.seed["Helle Bøgh"], today=TODAY + D(30))
    assert services.resurface_postponed(today=TODAY + D(40)) == 1
    assert AgendaItem.objects.filter(council=world.council, proposal_status=ProposalStatus.BACKLOG).count() == 2


@settings(database=None, max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(offset=st.integers(min_value=1, max_value=40),
       runs=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=8))
def test_resurfaced_on_the_first_run_on_or_after_the_date_and_only_once(world, offset, runs):
    with transaction.atomic():
        theme = services.theme_create(council=world.council, year=YEAR, title="Udsat emne")
        services.theme_postpone(theme=theme, until=TODAY + D(offset), owner=world.seed["Mads Lund"], today=TODAY)
        created_on = [TODAY + D(r) for r in runs if services.resurface_postponed(today=TODAY + D(r))]
        due = [TODAY + D(r) for r in runs if r >= offset]
        assert created_on == due[:1]
        assert AgendaItem.objects.filter(council=world.council).count() == (1 if due else 0)
        transaction.set_rollback(True)


def test_command_and_outbox_worker_resurface(world):
    theme = services.theme_create(council=world.council, year=YEAR, title="Udsat emne")
    services.theme_postpone(theme=theme, until=TODAY + D(3), owner=world.seed["Mads Lund"], today=TODAY)
    out = io.StringIO()
    call_command("resurface_postponed", "--date", (TODAY + D(2)).isoformat(), stdout=out)
    assert "backlog: 0." in out.getvalue()
    call_command("resurface_postponed", "--date", (TODAY + D(3)).isoformat(), stdout=out)
    assert "backlog: 1." in out.getvalue()

    other = services.theme_create(council=world.council, year=YEAR, title="Endnu et emne")
    services.theme_postpone(theme=other, until=dt.date.today() + D(1), owner=world.seed["Mads Lund"],
                            today=dt.date.today())
    Theme.objects.filter(pk=other.pk).update(postponed_until=dt.date.today() - D(1))  # its date has passed
    out = io.StringIO()
    call_command("outbox_worker", "--once", stdout=out)
    assert "themes_resurfaced=1" in out.getvalue()
    other.refresh_from_db()
    assert other.resurfaced_item is not None


def test_outbox_worker_resurfacing_failure_does_not_stop_sending(world, monkeypatch):
    from activities.services import themes as theme_services
    from notifications import periodic
    from notifications.management.commands.outbox_worker import Command

    def boom(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(theme_services, "resurface_postponed", boom)
    job = periodic.JOBS["activities.services.themes.resurface_postponed"]
    command = Command(stdout=io.StringIO())
    command.reminders_interval = 3600.0
    command.run_job(job, verbosity=1)  # logged, not raised
    last = command.jobs_last[job.path]
    command.run_job(job, verbosity=1)  # within the hour: not run again
    assert command.jobs_last[job.path] == last

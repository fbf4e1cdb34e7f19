"""Idea catalogue services: the brainstorm (one idea per line, all or none), members' and
citizens' ideas, the CPR guard with Danish errors, dot-voting limits, ranking rules, and that
each member's votes replace their earlier ones."""

import pytest

from activities.models import Idea, IdeaSource, IdeaStatus, IdeaVote
from activities.selectors import ideas as selectors
from activities.services import ideas as services
from activities.tests.ideas_builders import YEAR, brainstorm
from core.errors import ApplicationError
from core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.world("idea")]
CPR = "Borgeren 010190-1234 har ringet"


def test_brainstorm_one_idea_per_line_marks_blanks_and_duplicates_dropped(world):
    ideas = brainstorm(world, "1. Socialt frikort\n\n- Værestedspladser\n• Tandpleje\n  socialt FRIKORT \n2.\n")
    assert [i.title for i in ideas] == ["Socialt frikort", "Værestedspladser", "Tandpleje", "2."]
    assert all(i.source == IdeaSource.BRAINSTORM and i.year == YEAR and i.council == world.council for i in ideas)
    assert AuditEvent.objects.filter(action="activities.idea.brainstormed", council=world.council).count() == 1


def test_brainstorm_all_or_none_and_the_line_is_named(world):
    with pytest.raises(ApplicationError) as error:
        brainstorm(world, "Socialt frikort\nTandpleje\n" + CPR)
    assert error.value.field == "text"
    assert error.value.message.startswith("Linje 3:") and "CPR-nummer" in error.value.message
    assert not Idea.objects.filter(council=world.council).exists()
    with pytest.raises(ApplicationError, match="Skriv mindst én idé"):
        brainstorm(world, " \n\n")
    with pytest.raises(ApplicationError, match="Linje 2:"):
        brainstorm(world, "Kort\n" + "x" * 201)


def test_brainstorm_meeting_of_another_council_is_refused(world):
    from meetings.services import plan as plan_services
    from meetings.tests.seed import build_meeting
    mine = build_meeting(world.seed, with_items=False).meeting
    other = plan_services.meeting_create(council=world.other, kind="ordinary", starts_at=mine.starts_at,
                                         ends_at=mine.ends_at, location="X", actor=world.other_secretary)
    with pytest.raises(ApplicationError, match="andet råd"):
        services.ideas_brainstorm(council=world.council, year=YEAR, text="A", meeting=other)
    assert services.ideas_brainstorm(council=world.council, year=YEAR, text="A", meeting=mine)[0].meeting == mine


def test_member_and_citizen_ideas(world):
    idea = services.idea_create(council=world.council, year=YEAR, title="  Tandpleje ",
                                proposed_by=world.seed["Mads Lund"])
    assert idea.title == "Tandpleje" and idea.source == IdeaSource.MEMBER
    with pytest.raises(ApplicationError, match="hører ikke til dette råd"):
        services.idea_create(council=world.other, year=YEAR, title="X", proposed_by=world.seed["Mads Lund"])
    citizen = services.citizen_idea_submit(council=world.council, title="Varme stuer", description="Om vinteren",
                                           name="")
    assert (citizen.source, citizen.citizen_name, citizen.year) == (IdeaSource.CITIZEN, "", selectors.today().year)
    with pytest.raises(ApplicationError) as error:
        services.citizen_idea_submit(council=world.council, title="Hjælp", description=CPR)
    assert error.value.field == "description" and "CPR-nummer" in error.value.message
    with pytest.raises(ApplicationError) as error:
        services.citizen_idea_submit(council=world.council, title="Hjælp", name="Ole 0101901234")
    assert error.value.field == "citizen_name"


def test_idea_update_and_set_aside_leaves_the_ballot(world):
    a, b = brainstorm(world, "A\nB")
    services.idea_update(idea=a, title="A2", description="mere", status=IdeaStatus.SET_ASIDE)
    a.refresh_from_db()
    assert (a.title, a.status) == ("A2", IdeaStatus.SET_ASIDE)
    assert [i.pk for i in selectors.votable_ideas(world.council, YEAR)] == [b.pk]
    with pytest.raises(ApplicationError, match="kan ikke prioriteres"):
        services.dots_cast(council=world.council, year=YEAR, person=world.seed["Mads Lund"], dots={a.pk: 1})


# --- Dots ---------------------------------------------------------------------------------

def test_dot_limits_in_danish(world):
    ideas = brainstorm(world)
    mads = world.seed["Mads Lund"]
    with pytest.raises(ApplicationError) as error:
        services.dots_cast(council=world.council, year=YEAR, person=mads, dots={ideas[0].pk: 4})
    assert error.value.message == "Du kan højst give 3 prikker til én idé."
    assert error.value.field == f"dots_{ideas[0].pk}"
    with pytest.raises(ApplicationError) as error:
        services.dots_cast(council=world.council, year=YEAR, person=mads,
                           dots={ideas[0].pk: 3, ideas[1].pk: 2, ideas[2].pk: 1})
    assert error.value.message == "Du har fordelt 6 prikker, men har kun 5. Tag 1 af."
    with pytest.raises(ApplicationError, match="negativt"):
        services.dots_cast(council=world.council, year=YEAR, person=mads, dots={ideas[0].pk: -1})
    with pytest.raises(ApplicationError, match="mindst én idé en prik"):
        services.dots_cast(council=world.council, year=YEAR, person=mads, dots={ideas[0].pk: 0})
    with pytest.raises(ApplicationError, match="Kun rådets medlemmer"):
        services.dots_cast(council=world.council, year=YEAR, person=None, dots={ideas[0].pk: 1})
    assert not IdeaVote.objects.exists()


def test_dots_replace_earlier_dots_and_keep_the_ranking(world):
    a, b, c = brainstorm(world, "A\nB\nC")
    mads = world.seed["Mads Lund"]
    services.dots_cast(council=world.council, year=YEAR, person=mads, dots={a.pk: 3, b.pk: 2})
    services.ranking_cast(council=world.council, year=YEAR, person=mads, ranks={a.pk: 2, c.pk: 1})
    services.dots_cast(council=world.council, year=YEAR, person=mads, dots={b.pk: 1, c.pk: 3, a.pk: None})
    votes = {v.idea_id: (v.dots, v.rank) for v in IdeaVote.objects.filter(person=mads)}
    assert votes == {a.pk: (0, 2), b.pk: (1, None), c.pk: (3, 1)}
    services.ranking_cast(council=world.council, year=YEAR, person=mads, ranks={b.pk: 1})
    votes = {v.idea_id: (v.dots, v.rank) for v in IdeaVote.objects.filter(person=mads)}
    assert votes == {b.pk: (1, 1), c.pk: (3, None)}  # A had neither left: its row is gone
    assert AuditEvent.objects.filter(action="activities.idea.dots_cast").count() == 2


def test_another_councils_idea_cannot_get_dots(world):
    mine = brainstorm(world, "A")[0]
    theirs = brainstorm(world, "B", council=world.other)[0]
    with pytest.raises(ApplicationError, match="kan ikke prioriteres"):
        services.dots_cast(council=world.council, year=YEAR, person=world.seed["Mads Lund"],
                           dots={mine.pk: 1, theirs.pk: 1})
    with pytest.raises(ApplicationError, match="hører ikke til dette råd"):
        services.dots_cast(council=world.other, year=YEAR, person=world.seed["Mads Lund"], dots={theirs.pk: 1})


# --- Ranks --------------------------------------------------------------------------------

def test_ranking_rules_in_danish(world):
    a, b, c, d = brainstorm(world, "A\nB\nC\nD")
    mads = world.seed["Mads Lund"]

    def cast(ranks):
        return services.ranking_cast(council=world.council, year=YEAR, person=mads, ranks=ranks)

    with pytest.raises(ApplicationError, match=r"Hvert nummer må kun bruges én gang \(1 er brugt flere gange\)"):
        cast({a.pk: 1, b.pk: 1})
    with pytest.raises(ApplicationError, match="nummer 2 mangler"):
        cast({a.pk: 1, b.pk: 3})
    with pytest.raises(ApplicationError, match="Nummer 1 er den vigtigste"):
        cast({a.pk: 0})
    with pytest.raises(ApplicationError, match="mindst én idé et nummer"):
        cast({a.pk: None, b.pk: ""})
    cast({a.pk: 2, b.pk: None, c.pk: 1, d.pk: 3})
    assert {v.idea_id: v.rank for v in IdeaVote.objects.filter(person=mads)} == {a.pk: 2, c.pk: 1, d.pk: 3}


def test_results_combine_dots_and_ranks_of_members_and_substitutes(world):
    a, b, c = brainstorm(world, "A\nB\nC")
    s = world.seed
    services.dots_cast(council=world.council, year=YEAR, person=s["Mads Lund"], dots={a.pk: 2, b.pk: 3})
    services.dots_cast(council=world.council, year=YEAR, person=s["Tove Ravn"], dots={b.pk: 1, a.pk: 3})
    services.ranking_cast(council=world.council, year=YEAR, person=s["Helle Bøgh"], ranks={a.pk: 1, b.pk: 2})
    result = selectors.results(world.council, YEAR)
    assert [(r.position, r.idea.title, r.dots, r.points) for r in result.rows] == [
        (1, "A", 5, 3), (2, "B", 4, 2), (3, "C", 0, 0)]
    assert result.voter_count == 3

"""What became of a citizen's message or idea (public.selectors.messages): each path – in the
catalogue, chosen as a theme, the theme or the message itself on a published agenda, the theme in a
sent consultation response – and the number of queries, which does not grow with the data."""

import pytest

from activities.models import IdeaStatus, Theme
from activities.services.ideas import citizen_idea_submit
from activities.services.themes import ThemePick, themes_choose
from meetings.models import AgendaItem, ProposalStatus
from meetings.services.agenda import backlog_schedule
from public.selectors import messages as selectors
from public.services import messages as services
from public.tests.messages_builders import consultation, meeting, submit

pytestmark = pytest.mark.django_db


def _idea_message(council, secretary, title="Varme om aftenen"):
    return services.message_to_idea(council=council, message=submit(council), title=title, actor=secretary)


def _theme(council, idea, priority=1) -> Theme:
    [theme] = themes_choose(council=council, year=idea.year, picks=[ThemePick(idea=idea, owner=None,
                                                                              priority=priority)])
    return theme


def test_a_new_message_is_received(council):
    outcome = selectors.message_outcome(submit(council))
    assert (outcome.code, outcome.rank) == ("received", 0)


def test_idea_then_theme_then_agenda_then_consultation(council, secretary):
    message = _idea_message(council, secretary)
    assert selectors.message_outcome(message).code == "idea"
    theme = _theme(council, message.idea)
    assert selectors.message_outcome(message).code == "theme"
    unpublished = meeting(council, published=False)
    item = AgendaItem.objects.create(council=council, meeting=unpublished, position=1, title="Varme")
    theme.agenda_items.add(item)
    assert selectors.message_outcome(message).code == "theme"  # the agenda is not out yet
    published = meeting(council, days=20)
    item.meeting = published
    item.save()
    outcome = selectors.message_outcome(message)
    assert (outcome.code, outcome.path(council)) == ("agenda", f"/{council.slug}/moeder/{published.pk}/")
    response = consultation(council)
    theme.consultations.add(response)
    outcome = selectors.message_outcome(message)
    assert (outcome.code, outcome.path(council)) == ("consultation", f"/{council.slug}/hoeringssvar/{response.pk}/")


def test_a_closed_item_the_public_may_not_see_is_no_outcome(council, secretary):
    message = _idea_message(council, secretary)
    theme = _theme(council, message.idea)
    theme.agenda_items.add(AgendaItem.objects.create(council=council, meeting=meeting(council), position=1,
                                                     title="Lukket", closed=True, publish_title=False))
    assert selectors.message_outcome(message).code == "theme"


def test_an_unsent_consultation_is_no_outcome(council, secretary):
    message = _idea_message(council, secretary)
    _theme(council, message.idea).consultations.add(consultation(council, sent=False))
    assert selectors.message_outcome(message).code == "theme"


def test_message_made_an_item_waits_then_is_on_the_agenda(council, secretary):
    message = services.message_to_agenda(council=council, message=submit(council), title="Varme", actor=secretary)
    assert selectors.message_outcome(message).code == "backlog"
    planned = meeting(council, published=False)
    backlog_schedule(item=message.agenda_item, meeting=planned, actor=secretary)
    assert selectors.message_outcome(message).code == "backlog"
    AgendaItem.objects.filter(pk=message.agenda_item_id).update(meeting=meeting(council, days=30),
                                                               proposal_status=ProposalStatus.ACCEPTED)
    assert selectors.message_outcome(message).code == "agenda"


def test_set_aside_and_postponed_ideas(council):
    a = citizen_idea_submit(council=council, title="A")
    b = citizen_idea_submit(council=council, title="B")
    a.status, b.status = IdeaStatus.SET_ASIDE, IdeaStatus.POSTPONED
    found = selectors.idea_outcomes([a, b])
    assert (found[a.pk].code, found[b.pk].code) == ("set_aside", "postponed")


def _world(council, secretary, n):
    published = meeting(council)
    response = consultation(council) if n else None
    for i in range(n):
        message = _idea_message(council, secretary, title=f"Idé {i}")
        theme = _theme(council, message.idea, priority=i + 1)
        theme.agenda_items.add(AgendaItem.objects.create(council=council, meeting=published, position=i + 1,
                                                         title=f"Punkt {i}"))
        if i % 2:
            theme.consultations.add(response)
        services.message_to_agenda(council=council, message=submit(council), title=f"P {i}", actor=secretary)


@pytest.mark.parametrize("n", [2, 8])
def test_outcomes_take_the_same_queries_whatever_the_number(council, secretary, n, django_assert_max_num_queries):
    _world(council, secretary, n)
    from public.models import CitizenMessage

    messages = list(CitizenMessage.objects.filter(council=council))
    with django_assert_max_num_queries(4):
        found = selectors.outcomes(messages)
    assert {o.code for o in found.values()} >= {"agenda", "consultation", "backlog"}
    with django_assert_max_num_queries(4):
        years = selectors.citizen_ideas_by_year(council=council)
    assert len(years[0].rows) == n and sum(count for _label, count in years[0].counts) == n


def test_ideas_by_year_counts_and_titles_only(council, secretary):
    citizen_idea_submit(council=council, title="Bænke ved stationen", name="Bo Borger")
    message = _idea_message(council, secretary)
    _theme(council, message.idea)
    [year] = selectors.citizen_ideas_by_year(council=council)
    assert [(r.title, r.outcome.code) for r in year.rows] == [("Bænke ved stationen", "idea"),
                                                             ("Varme om aftenen", "theme")]
    assert year.counts == [("Valgt som et af rådets temaer", 1), ("I rådets idékatalog", 1)]
    assert not hasattr(year.rows[0], "citizen_name")

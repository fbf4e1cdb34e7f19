"""A term ends cleanly: the open action items and backlog of an ended term do not flow into the
new term's agendas and minutes; at the new term's first meetings the secretariat carries them
over or closes them, item by item or all at once, and each decision is audited."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services as council_services
from meetings.models import ActionItem, ActionStatus, AgendaItem, MeetingKind, ProposalStatus
from meetings.selectors import agenda as selectors
from meetings.services import agenda as services
from meetings.services import minutes as minutes_services
from meetings.tests.agenda_builders import at, make_meeting, set_status


@pytest.fixture
def old_term(council):
    return council_services.term_create(council=council, name="2022–2025", start=dt.date(2022, 1, 1),
                                        end=dt.date(2025, 12, 31))


OLD_TERM_DAY = at("2025-10-01")


def old_backlog(council, title, *, written=OLD_TERM_DAY):
    """A backlog item written in the old term (the row's creation time stands for that day)."""
    item = AgendaItem.objects.create(council=council, meeting=None, title=title, position=0,
                                     proposal_status=ProposalStatus.BACKLOG)
    AgendaItem.objects.filter(pk=item.pk).update(created_at=written)
    return item


@pytest.fixture
def ended(council, people, old_term):
    """The last meeting of the old term left two open action items and a backlog item."""
    meeting = make_meeting(council, "2025-11-18")
    actions = [minutes_services.action_item_create(meeting=meeting, item=None, title=title, owners=[people["Nina"]],
                                                   due=dt.date(2026, 1, 31))
               for title in ("Undersøge en bisidderordning", "Aftale et interview med lokalavisen")]
    set_status(meeting, "minutes_published")
    return {"meeting": meeting, "actions": actions, "backlog": old_backlog(council, "Morgenmad på skolerne")}


@pytest.fixture
def constituting(council, people, ended):
    return make_meeting(council, "2026-03-17", kind=MeetingKind.CONSTITUTING)


def test_the_ended_terms_open_items_do_not_flow_into_the_new_terms_agenda(constituting, council, people):
    new_backlog = old_backlog(council, "Besøg af borgerrådgiveren", written=at("2026-02-20"))
    services.standard_items_create(meeting=constituting, as_of=dt.date(2026, 3, 9))
    approval = AgendaItem.objects.get(meeting=constituting, standard="approval").case_text
    assert "bisidderordning" not in approval and "lokalavisen" not in approval
    assert approval.startswith("Dagsordenen for dette møde godkendes.")  # the old term's minutes are not ours
    assert "Der er ingen åbne opgaver fra tidligere møder." in approval
    waiting = AgendaItem.objects.get(meeting=constituting, standard="next_items").case_text
    assert "Morgenmad på skolerne" not in waiting and "Besøg af borgerrådgiveren" in waiting
    assert [i.pk for i in selectors.backlog(council=council, term=selectors.meeting_term(meeting=constituting))] \
        == [new_backlog.pk]


def test_the_secretariat_sees_them_and_carries_one_over(constituting, ended, secretary):
    pending = selectors.ended_term_items(meeting=constituting)
    assert pending.term.name == "2026–2029"
    assert [a.title for a in pending.actions] == ["Undersøge en bisidderordning", "Aftale et interview med lokalavisen"]
    assert [i.title for i in pending.backlog] == ["Morgenmad på skolerne"]

    count = services.ended_term_items_decide(meeting=constituting, decision="carry",
                                             action_ids=[ended["actions"][0].pk], backlog_ids=[ended["backlog"].pk],
                                             actor=secretary)
    assert count == 2
    assert ActionItem.objects.get(pk=ended["actions"][0].pk).carried_to_term == pending.term
    event = AuditEvent.objects.get(action="meetings.action_item.carried_over")
    assert event.actor == secretary and event.before["carried_to_term_id"] is None
    assert event.after["carried_to_term_id"] == pending.term.pk
    assert AuditEvent.objects.filter(action="meetings.agenda_item.carried_over").count() == 1

    services.standard_items_create(meeting=constituting, as_of=dt.date(2026, 3, 9))
    approval = AgendaItem.objects.get(meeting=constituting, standard="approval").case_text
    assert "Fra mødet den 18. november 2025 (ført med fra sidste valgperiode):" in approval
    assert "• Undersøge en bisidderordning – tovholder: Nina Berg" in approval and "lokalavisen" not in approval
    assert "Morgenmad på skolerne" in AgendaItem.objects.get(meeting=constituting, standard="next_items").case_text
    left = selectors.ended_term_items(meeting=constituting)
    assert [a.title for a in left.actions] == ["Aftale et interview med lokalavisen"] and left.backlog == []


def test_closing_all_drops_the_action_items_and_declines_the_backlog(constituting, ended, secretary):
    pending = selectors.ended_term_items(meeting=constituting)
    services.ended_term_items_decide(meeting=constituting, decision="close",
                                     action_ids=[a.pk for a in pending.actions],
                                     backlog_ids=[i.pk for i in pending.backlog], actor=secretary,
                                     on=dt.date(2026, 3, 17))
    for action in ActionItem.objects.filter(pk__in=[a.pk for a in ended["actions"]]):
        assert action.status == ActionStatus.DROPPED and action.closed_on == dt.date(2026, 3, 17)
        assert action.status_note == "Lukket ved overgangen til valgperioden 2026–2029."
    backlog = AgendaItem.objects.get(pk=ended["backlog"].pk)
    assert backlog.proposal_status == ProposalStatus.DECLINED
    assert AuditEvent.objects.filter(action="meetings.agenda_item.closed_at_term_end").count() == 1
    assert not selectors.ended_term_items(meeting=constituting)
    with pytest.raises(ApplicationError, match="Der er ingen åbne opgaver"):
        services.ended_term_items_decide(meeting=constituting, decision="close", action_ids=[ended["actions"][0].pk])


def test_only_the_listed_items_can_be_decided(constituting, ended, council, other_council, people):
    current = minutes_services.action_item_create(meeting=make_meeting(council, "2026-02-10"), item=None,
                                                  title="Denne periodes opgave", owners=[people["Nina"]], due=None)
    with pytest.raises(ApplicationError, match="ikke længere på listen"):
        services.ended_term_items_decide(meeting=constituting, decision="carry", action_ids=[current.pk])
    with pytest.raises(ApplicationError, match="føres med eller lukkes"):
        services.ended_term_items_decide(meeting=constituting, decision="maybe", action_ids=[ended["actions"][0].pk])


def test_carried_items_of_an_older_term_come_up_again_when_the_next_term_starts(constituting, ended, council,
                                                                                   secretary):
    term = selectors.meeting_term(meeting=constituting)
    services.ended_term_items_decide(meeting=constituting, decision="carry",
                                     action_ids=[ended["actions"][0].pk], actor=secretary)
    later = council_services.term_create(council=council, name="2030–2033", start=dt.date(2030, 1, 1),
                                         end=dt.date(2033, 12, 31))
    first_of_later = make_meeting(council, "2030-03-12")
    pending = selectors.ended_term_items(meeting=first_of_later)
    assert pending.term == later and ended["actions"][0].pk in [a.pk for a in pending.actions]
    assert term != later


# --- The meeting page ---------------------------------------------------------------------------------

def _meeting_url(meeting):
    return reverse("meetings:meeting", args=[meeting.council.slug, meeting.pk])


def _decide_url(meeting):
    return reverse("meetings:ended_term_decide", args=[meeting.council.slug, meeting.pk])


def test_the_meeting_page_offers_each_choice_and_all_at_once(constituting, ended, secretary_client):
    page = secretary_client.get(_meeting_url(constituting)).content.decode()
    assert "Åbne opgaver fra sidste valgperiode" in page
    assert "Valgperioden 2026–2029 begyndte den 1. januar 2026." in page
    assert page.count('value="carry"') == 1 + 3 and page.count('value="close"') == 1 + 3
    assert "Før med<span class=\"sr-only\">: Undersøge en bisidderordning</span>" in page
    response = secretary_client.post(_decide_url(constituting), {"decision": "carry", "all": "1"}, follow=True)
    assert "3 opgaver og punkter er ført med til valgperioden 2026–2029." in response.content.decode()
    assert "Åbne opgaver fra sidste valgperiode" not in response.content.decode()
    assert ActionItem.objects.filter(carried_to_term__isnull=False).count() == 2


def test_members_do_not_see_the_section_and_cannot_decide(constituting, ended, member_client):
    assert "Åbne opgaver fra sidste valgperiode" not in member_client.get(_meeting_url(constituting)).content.decode()
    assert member_client.post(_decide_url(constituting), {"decision": "carry", "all": "1"}).status_code == 403
    assert not ActionItem.objects.filter(carried_to_term__isnull=False).exists()


def test_the_agenda_builder_points_to_the_decision(constituting, ended, secretary_client):
    url = reverse("meetings:agenda", args=[constituting.council.slug, constituting.pk])
    page = secretary_client.get(url).content.decode()
    assert "Der er 3 åbne opgaver og punkter fra sidste valgperiode" in page
    assert "#ended-term-heading" in page


def test_the_meeting_page_runs_a_constant_number_of_queries(constituting, ended, council, people, secretary_client):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert secretary_client.get(_meeting_url(constituting)).status_code == 200
        return len(ctx)

    count()
    first = count()
    for n in range(6):
        minutes_services.action_item_create(meeting=ended["meeting"], item=None, title=f"Gammel opgave {n}",
                                            owners=[people["Nina"], people["René"]], due=None)
        old_backlog(council, f"Gammelt punkt {n}")
    assert count() == first


def test_the_meeting_page_runs_as_many_queries_when_the_lists_are_cut(constituting, ended, council, people,
                                                                      secretary_client, monkeypatch):
    """The count of all the ended term's items comes with the rows, so a list longer than the page
    shows costs no extra query (the 10× bench page ran one more)."""
    from meetings.views import plan as plan_views

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert secretary_client.get(_meeting_url(constituting)).status_code == 200
        return len(ctx)

    monkeypatch.setattr(plan_views, "ENDED_TERM_SHOWN", 3)
    count()
    first = count()  # two action items and one backlog item: nothing cut
    for n in range(4):
        minutes_services.action_item_create(meeting=ended["meeting"], item=None, title=f"Gammel opgave {n}",
                                            owners=[people["Nina"]], due=None)
        old_backlog(council, f"Gammelt punkt {n}")
    assert count() == first


def test_a_long_list_from_an_ended_term_shows_the_oldest_and_counts_the_rest(constituting, ended, council, people,
                                                                          secretary_client, monkeypatch):
    """However much an old term left open, the meeting page stays the same size: the oldest items
    of each kind, the number of all of them, and the buttons for all."""
    from meetings.views import plan as plan_views

    monkeypatch.setattr(plan_views, "ENDED_TERM_SHOWN", 2)
    for n in range(4):
        minutes_services.action_item_create(meeting=ended["meeting"], item=None, title=f"Gammel opgave {n}",
                                            owners=[people["Nina"]], due=None)
    page = secretary_client.get(_meeting_url(constituting)).content.decode()
    assert "6 åbne opgaver" in page  # the two of the fixture and the four above
    assert page.count('name="action" value=') == 2 * 2  # two shown, each with carry and close
    assert "Listen viser de ældste. 4 flere vises" in page
    response = secretary_client.post(_decide_url(constituting), {"decision": "close", "all": "1"}, follow=True)
    assert "7 opgaver og punkter fra sidste valgperiode er lukket." in response.content.decode()

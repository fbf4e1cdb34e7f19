"""Service tests for the agenda: standard items, order, proposals, publishing."""

import datetime as dt

import pytest

from core.errors import ApplicationError
from core.models import AuditEvent
from meetings.models import AgendaItem, MeetingStatus, ProposalStatus
from meetings.selectors import agenda as selectors
from meetings.services import agenda as services
from meetings.tests.agenda_builders import at, make_meeting, own_items, set_status


def titles(meeting):
    return [i.title for i in selectors.items_for_meeting(meeting=meeting)]


def numbered(meeting):
    return [(i.number, i.position, i.title) for i in selectors.items_for_meeting(meeting=meeting)]


# --- Standard items -------------------------------------------------------------------------

def test_standard_items_frame_the_councils_own_items(april, secretary):
    own_items(april)
    created = services.standard_items_create(meeting=april, actor=secretary)
    assert [i.standard for i in created] == ["approval", "economy", "events", "membership", "next_items",
                                             "any_other"]
    assert titles(april) == [
        "Godkendelse af referat og dagsorden", "Fokus på socialt frikort", "Udkast til årsberetning",
        "Mødet med Social- og Sundhedsudvalget", "Emner udsættes til efteråret", "Økonomi",
        "Kommende arrangementer", "Status på medlemmer", "Punkter til næste møde", "Eventuelt"]
    # Numbering is the position order, 1…n without gaps.
    assert [(n, p) for n, p, _ in numbered(april)] == [(n, n) for n in range(1, 11)]
    kinds = {i.standard: i.kind for i in created}
    assert kinds["approval"] == "decision" and kinds["economy"] == "information"
    assert kinds["next_items"] == "discussion"
    assert AuditEvent.objects.filter(action="meetings.agenda.standard_items_created", actor=secretary).exists()


def test_approval_item_lists_every_open_action_item_with_owners_due_date_and_status(april):
    services.standard_items_create(meeting=april)
    approval = AgendaItem.objects.get(meeting=april, standard="approval")
    text = approval.case_text
    assert "Referatet af mødet den 12. marts 2026" in text
    assert "Fra mødet den 12. marts 2026:" in text
    assert ("• Interview med lokalavisen om frikortet – tovholdere: Jette Holm, Søren Dahl – frist 1. maj 2026 "
            "– status: Åben") in text
    assert "• Svar fra skolerne om morgenmad – tovholder: René Falk – frist 31. marts 2026 (overskredet)" in text
    assert "Opdatér hjemmesiden" not in text  # done: not open
    assert approval.recommendation == "Det indstilles, at referatet og dagsordenen godkendes."


def test_approval_item_leaves_out_action_items_of_later_meetings_and_other_councils(april, council, other_council,
                                                                                      people):
    from councils import services as council_services
    from meetings.services import minutes as minutes_services

    may = make_meeting(council, "2026-05-20")
    minutes_services.action_item_create(meeting=may, item=None, title="Opgave fra maj", owners=[people["Nina"]],
                                        due=None)
    stranger = council_services.person_save(council=other_council, name="Ole Sydby", email="ole@ex.org")
    other = make_meeting(other_council, "2026-03-01")
    minutes_services.action_item_create(meeting=other, item=None, title="Sydbys opgave", owners=[stranger],
                                        due=None)
    services.standard_items_create(meeting=april)
    text = AgendaItem.objects.get(meeting=april, standard="approval").case_text
    assert "Opgave fra maj" not in text and "Sydbys opgave" not in text
    assert "Interview med lokalavisen" in text


def test_first_meeting_has_no_minutes_to_approve_and_no_open_action_items(council, people):
    first = make_meeting(council, "2026-02-10")
    services.standard_items_create(meeting=first)
    text = AgendaItem.objects.get(meeting=first, standard="approval").case_text
    assert text.startswith("Dagsordenen for dette møde godkendes.")
    assert "Der er ingen åbne opgaver fra tidligere møder." in text


def test_membership_item_lists_changes_since_last_meeting_and_the_count(april):
    services.standard_items_create(meeting=april)
    text = AgendaItem.objects.get(meeting=april, standard="membership").case_text
    assert "Ændringer siden sidste møde den 12. marts 2026:" in text
    assert "• 20. marts 2026: Kirsten Vang – udtrådt som medlem: udtrådt efter eget ønske" in text
    assert "Per 23. april 2026 har rådet 4 medlemmer og 2 suppleanter." in text
    assert "Indstillet og venter på udpegning: Lise Agerholm." in text
    # Joins before the previous meeting are not news any more.
    assert "Jette Holm" not in text


def test_next_items_lists_the_backlog(april, council, people):
    march_item = services.item_propose(council=council, meeting=april, proposed_by=people["Nina"],
                                       title="Besøg af borgerrådgiveren", case_text="Efter sommerferien.",
                                       now=at("2026-03-25"))
    services.proposal_postpone(item=march_item)
    services.standard_items_create(meeting=april)
    text = AgendaItem.objects.get(meeting=april, standard="next_items").case_text
    assert "• Besøg af borgerrådgiveren (Nina Berg)" in text


def test_standard_items_are_idempotent_and_only_add_what_is_missing(april):
    own_items(april)
    services.standard_items_create(meeting=april)
    assert services.standard_items_create(meeting=april) == []
    assert AgendaItem.objects.filter(meeting=april).count() == 10
    # The secretariat deleted "Økonomi" and added an item; running again puts Økonomi back
    # before Kommende arrangementer and leaves everything else where it was.
    services.item_delete(item=AgendaItem.objects.get(meeting=april, standard="economy"))
    services.item_create(meeting=april, title="Nyt punkt")
    created = services.standard_items_create(meeting=april)
    assert [i.standard for i in created] == ["economy"]
    assert titles(april)[4:8] == ["Emner udsættes til efteråret", "Nyt punkt", "Økonomi", "Kommende arrangementer"]
    assert titles(april)[-1] == "Eventuelt"


def test_standard_items_keep_their_edited_text_refresh_rewrites_the_data_items(april, council, people):
    services.standard_items_create(meeting=april)
    membership = AgendaItem.objects.get(meeting=april, standard="membership")
    services.item_update(item=membership, case_text="Rettet i hånden.")
    services.standard_items_create(meeting=april)
    membership.refresh_from_db()
    assert membership.case_text == "Rettet i hånden."
    updated = services.standard_items_refresh(meeting=april)
    membership.refresh_from_db()
    assert "Kirsten Vang" in membership.case_text
    assert [i.standard for i in updated] == ["membership"]


def test_new_items_go_before_the_standard_tail(april):
    services.standard_items_create(meeting=april)
    item = services.item_create(meeting=april, title="Socialt frikort", kind="decision")
    assert item.position == 2
    second = services.item_create(meeting=april, title="Årsberetning")
    assert second.position == 3
    assert titles(april)[3] == "Økonomi"
    at_top = services.item_create(meeting=april, title="Velkomst", position=1)
    assert titles(april)[:2] == ["Velkomst", "Godkendelse af referat og dagsorden"]
    assert at_top.position == 1


# --- Order ------------------------------------------------------------------------------------

def test_items_3_and_4_are_swapped_at_the_meeting_like_in_2019(april, secretary):
    own_items(april)
    services.standard_items_create(meeting=april)
    set_status(april, MeetingStatus.HELD)  # during the meeting
    meeting_item = AgendaItem.objects.get(meeting=april, title="Mødet med Social- og Sundhedsudvalget")
    assert meeting_item.position == 4
    services.item_move(item=meeting_item, direction="up", actor=secretary)
    assert numbered(april)[2:4] == [(3, 3, "Mødet med Social- og Sundhedsudvalget"),
                                    (4, 4, "Udkast til årsberetning")]
    event = AuditEvent.objects.get(action="meetings.agenda.reordered")
    assert event.actor == secretary and event.before["order"] != event.after["order"]


def test_move_down_to_a_position_and_over_the_edges(april):
    a, b, c, d = own_items(april)
    services.item_move(item=a, direction="down")
    assert titles(april)[:2] == [b.title, a.title]
    services.item_move(item=d, position=1)
    assert titles(april) == [d.title, b.title, a.title, c.title]
    # The first item cannot go further up; nothing changes and no error.
    first = AgendaItem.objects.get(pk=d.pk)
    services.item_move(item=first, direction="up")
    assert titles(april)[0] == d.title
    with pytest.raises(ApplicationError) as error:
        services.item_move(item=AgendaItem.objects.get(pk=a.pk), position=9)
    assert str(error.value) == "Vælg et nummer fra 1 til 4."


def test_items_reorder_needs_exactly_the_items_on_the_agenda(april):
    a, b, c, d = own_items(april)
    services.items_reorder(meeting=april, ordered_ids=[d.pk, c.pk, b.pk, a.pk])
    assert titles(april) == [d.title, c.title, b.title, a.title]
    with pytest.raises(ApplicationError, match="Rækkefølgen passer ikke"):
        services.items_reorder(meeting=april, ordered_ids=[a.pk, b.pk])
    with pytest.raises(ApplicationError, match="Rækkefølgen passer ikke"):
        services.items_reorder(meeting=april, ordered_ids=[a.pk, b.pk, c.pk, c.pk])


@pytest.mark.parametrize("status", [MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED])
def test_the_agenda_is_frozen_once_the_minutes_are_approved(april, status):
    a, b, *_ = own_items(april)
    set_status(april, status)
    message = "Referatet af mødet er godkendt, så dagsordenen kan ikke længere ændres."
    for call in (lambda: services.item_move(item=b, direction="up"),
                 lambda: services.items_reorder(meeting=april, ordered_ids=[b.pk, a.pk]),
                 lambda: services.item_create(meeting=april, title="For sent"),
                 lambda: services.item_update(item=a, title="Ny titel"),
                 lambda: services.item_delete(item=a),
                 lambda: services.standard_items_create(meeting=april)):
        with pytest.raises(ApplicationError) as error:
            call()
        assert str(error.value) == message
    assert titles(april)[:2] == [a.title, b.title]


def test_a_cancelled_meeting_cannot_get_items(april):
    set_status(april, MeetingStatus.CANCELLED)
    with pytest.raises(ApplicationError, match="Mødet er aflyst"):
        services.item_create(meeting=april, title="Punkt")


def test_delete_renumbers_and_audits(april, secretary):
    a, b, c, d = own_items(april)
    services.item_delete(item=b, actor=secretary)
    assert [(n, p) for n, p, _ in numbered(april)] == [(1, 1), (2, 2), (3, 3)]
    event = AuditEvent.objects.get(action="meetings.agenda_item.deleted")
    assert event.before["title"] == b.title and event.actor == secretary


def test_responsible_from_another_council_is_refused(april, other_council):
    from councils import services as council_services

    stranger = council_services.person_save(council=other_council, name="Ole Sydby", email="ole@ex.org")
    with pytest.raises(ApplicationError) as error:
        services.item_create(meeting=april, title="Punkt", responsible=stranger)
    assert error.value.field == "responsible"
    assert not AgendaItem.objects.filter(meeting=april).exists()


def test_cpr_numbers_are_refused_in_case_text(april):
    with pytest.raises(ApplicationError) as error:
        services.item_create(meeting=april, title="Sag", case_text="Borgeren 010190-1234 har klaget.")
    assert error.value.field == "case_text" and error.value.code == "cpr"
    assert not AgendaItem.objects.filter(meeting=april).exists()


# --- Members' proposals ---------------------------------------------------------------------

def test_a_member_proposes_before_the_deadline(april, council, people):
    # Albertslund preset: proposals due 14 days before, i.e. 9 April 2026 at 16.00.
    deadline = selectors.proposal_deadline(meeting=april)
    assert deadline == at("2026-04-09", 16)
    item = services.item_propose(council=council, meeting=april, proposed_by=people["Søren"],
                                 title="Tandlægebesøg for udsatte", case_text="Mange kender ikke støtten.",
                                 now=deadline - dt.timedelta(minutes=1))
    assert item.proposal_status == ProposalStatus.PROPOSED and item.proposed_by == people["Søren"]
    assert titles(april) == []  # not on the agenda until accepted
    assert [p.pk for p in selectors.proposals_for_meeting(meeting=april)] == [item.pk]
    assert AuditEvent.objects.filter(action="meetings.agenda_item.proposed",
                                     actor=people["Søren"].user).exists()


def test_a_proposal_after_the_deadline_is_refused_naming_the_deadline(april, council, people):
    with pytest.raises(ApplicationError) as error:
        services.item_propose(council=council, meeting=april, proposed_by=people["Søren"], title="For sent",
                              case_text="Tekst", now=at("2026-04-09", 16, 1))
    assert str(error.value).startswith(
        "Fristen for at foreslå punkter til mødet den 23. april 2026 var 9. april 2026 kl. 16.00.")
    assert not AgendaItem.objects.filter(title="For sent").exists()


def test_the_deadline_follows_the_rules_in_force(april, council, people):
    from councils import services as council_services

    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 4, 1),
                                  proposal_deadline_days=10)
    assert selectors.proposal_deadline(meeting=april) == at("2026-04-13", 16)
    services.item_propose(council=council, meeting=april, proposed_by=people["Nina"], title="Nu går det",
                          case_text="Tekst", now=at("2026-04-12", 12))


def test_proposals_for_another_councils_meeting_or_by_its_people_are_refused(april, council, other_council,
                                                                                people):
    from councils import services as council_services

    stranger = council_services.person_save(council=other_council, name="Ole Sydby", email="ole@ex.org")
    with pytest.raises(ApplicationError):
        services.item_propose(council=council, meeting=april, proposed_by=stranger, title="X", case_text="Y",
                              now=at("2026-03-20"))
    with pytest.raises(ApplicationError):
        services.item_propose(council=other_council, meeting=april, proposed_by=stranger, title="X",
                              case_text="Y", now=at("2026-03-20"))


def test_accepting_puts_the_proposal_before_the_standard_tail(april, council, people):
    own_items(april)
    services.standard_items_create(meeting=april)
    item = services.item_propose(council=council, meeting=april, proposed_by=people["Søren"], title="Tandlæger",
                                 case_text="Tekst", now=at("2026-03-20"))
    services.proposal_accept(item=item)
    assert titles(april)[5] == "Tandlæger" and titles(april)[6] == "Økonomi"
    with pytest.raises(ApplicationError, match="allerede behandlet"):
        services.proposal_accept(item=item)


def test_declining_needs_a_reason(april, council, people):
    item = services.item_propose(council=council, meeting=april, proposed_by=people["Søren"], title="Vederlag",
                                 case_text="Tekst", now=at("2026-03-20"))
    with pytest.raises(ApplicationError) as error:
        services.proposal_decline(item=item, reason="   ")
    assert error.value.field == "reason"
    assert str(error.value).startswith("Skriv en begrundelse")
    item.refresh_from_db()
    assert item.proposal_status == ProposalStatus.PROPOSED
    services.proposal_decline(item=item, reason="Rådet er ikke lovpligtigt; emnet er afsluttet.")
    item.refresh_from_db()
    assert item.proposal_status == ProposalStatus.DECLINED
    assert item.decline_reason == "Rådet er ikke lovpligtigt; emnet er afsluttet."


def test_postponing_moves_to_the_backlog_and_a_later_meeting_can_take_it(april, council, people):
    a, b, c, d = own_items(april)
    proposal = services.item_propose(council=council, meeting=april, proposed_by=people["Søren"],
                                     title="Borgerrådgiveren", case_text="Tekst", now=at("2026-03-20"))
    services.proposal_postpone(item=proposal)
    services.proposal_postpone(item=d)  # "Emner udsættes til efteråret": an item already on the agenda
    assert titles(april) == [a.title, b.title, c.title]
    assert [i.title for i in selectors.backlog(council=council)] == ["Emner udsættes til efteråret",
                                                                      "Borgerrådgiveren"]
    june = make_meeting(council, "2026-06-11")
    services.backlog_schedule(item=proposal, meeting=june)
    assert titles(june) == ["Borgerrådgiveren"]
    assert [i.title for i in selectors.backlog(council=council)] == ["Emner udsættes til efteråret"]


def test_standard_items_cannot_be_postponed(april):
    services.standard_items_create(meeting=april)
    with pytest.raises(ApplicationError, match="Standardpunkter kan ikke udsættes"):
        services.proposal_postpone(item=AgendaItem.objects.get(meeting=april, standard="economy"))


# --- Publishing -------------------------------------------------------------------------------

@pytest.fixture
def sent(monkeypatch):
    """Records calls to the attendance part's invitations_send (tested by its owner)."""
    calls = []
    from meetings.services import attendance

    monkeypatch.setattr(attendance, "invitations_send", lambda **kwargs: calls.append(kwargs) or [])
    return calls


ON_TIME = at("2026-04-10", 9)  # before the notice deadline (seven days before 23 April)


def test_publish_sets_the_status_and_sends_the_invitations_once(april, secretary, sent):
    own_items(april)
    services.agenda_publish(meeting=april, actor=secretary, now=ON_TIME)
    april.refresh_from_db()
    assert april.status == MeetingStatus.AGENDA_PUBLISHED and april.agenda_published_at is not None
    assert sent == [{"meeting": april, "actor": secretary}]
    assert AuditEvent.objects.filter(action="meetings.agenda.published", actor=secretary).exists()
    with pytest.raises(ApplicationError, match="allerede udsendt"):
        services.agenda_publish(meeting=april, actor=secretary, now=ON_TIME)
    assert len(sent) == 1


def test_publish_refuses_pending_proposals_and_empty_agendas(april, council, people, secretary, sent):
    with pytest.raises(ApplicationError) as error:
        services.agenda_publish(meeting=april, actor=secretary)
    assert str(error.value) == "Dagsordenen har ingen punkter. Tilføj punkter, før den udsendes."
    own_items(april)
    services.item_propose(council=council, meeting=april, proposed_by=people["Søren"], title="Forslag",
                          case_text="Tekst", now=at("2026-03-20"))
    with pytest.raises(ApplicationError) as error:
        services.agenda_publish(meeting=april, actor=secretary)
    assert str(error.value).startswith("Et forslag fra et medlem venter på svar.")
    april.refresh_from_db()
    assert april.status == MeetingStatus.PLANNED and sent == []


def test_a_failing_invitation_rolls_the_publishing_back(april, secretary, monkeypatch):
    from meetings.services import attendance

    def boom(**kwargs):
        raise RuntimeError("mail store down")

    monkeypatch.setattr(attendance, "invitations_send", boom)
    own_items(april)
    with pytest.raises(RuntimeError):
        services.agenda_publish(meeting=april, actor=secretary, now=ON_TIME)
    april.refresh_from_db()
    assert april.status == MeetingStatus.PLANNED and april.agenda_published_at is None

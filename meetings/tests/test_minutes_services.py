"""Service tests for the minutes: attendance at the meeting, the edit conflict, conflicts of
interest, votes (voting right, quorum, tie-break), action items, the constituting meeting's
election, and the minutes' way from draft to approved to published."""

import datetime as dt

import pytest

from core.errors import ApplicationError, EditConflict
from core.models import AuditEvent
from councils import services as council_services
from councils.models import Position
from councils.selectors import roster_on
from meetings.models import (
    ActionItem,
    Attendance,
    Ballot,
    ConflictOfInterest,
    MeetingStatus,
    MinutesApproval,
    Vote,
)
from meetings.selectors import agenda as agenda_selectors
from meetings.selectors import minutes as selectors
from meetings.services import minutes as services
from meetings.tests.seed import MEMBERS, build_meeting, record_attendance
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def actions(council) -> list[str]:
    return list(AuditEvent.objects.filter(council=council).values_list("action", flat=True))


# --- The edit conflict --------------------------------------------------------------------------

def test_version_conflict_keeps_both_texts(seed):
    sm = build_meeting(seed)
    item = sm.items["frikort"]
    # Two people open the item at version 0. The first saves.
    services.item_minutes_save(item=item, decision="Rådet prioriterer en artikel i lokalavisen.", dissent="",
                               expected_version=0, actor=seed.secretary)
    item.refresh_from_db()
    assert item.minutes_version == 1
    # The second saves from the same starting point: refused, nothing overwritten, both texts kept.
    with pytest.raises(EditConflict) as caught:
        services.item_minutes_save(item=item, decision="Rådet vil også bruge Facebook.", dissent="To var imod.",
                                   expected_version=0, actor=seed.secretary)
    conflict = caught.value
    assert conflict.stored["decision"] == "Rådet prioriterer en artikel i lokalavisen."
    assert conflict.submitted["decision"] == "Rådet vil også bruge Facebook."
    assert conflict.submitted["dissent"] == "To var imod."
    assert conflict.stored_version == 1
    assert "ændret af en anden" in conflict.message
    item.refresh_from_db()
    assert item.decision == "Rådet prioriterer en artikel i lokalavisen." and item.dissent == ""
    # Merged and saved again with the version the conflict reported: accepted.
    merged = "Rådet prioriterer en artikel i lokalavisen.\nRådet vil også bruge Facebook."
    services.item_minutes_save(item=item, decision=merged, dissent="To var imod.",
                               expected_version=conflict.stored_version, actor=seed.secretary)
    item.refresh_from_db()
    assert (item.decision, item.dissent, item.minutes_version) == (merged, "To var imod.", 2)
    assert actions(seed.council).count("meetings.minutes.item_saved") == 2


def test_minutes_text_with_cpr_is_refused(seed):
    item = build_meeting(seed).items["frikort"]
    with pytest.raises(ApplicationError) as caught:
        services.item_minutes_save(item=item, decision="Borgeren 010190-1234 fik frikort.", dissent="",
                                   expected_version=0)
    assert "CPR-nummer" in caught.value.message and caught.value.field == "decision"
    item.refresh_from_db()
    assert item.decision == "" and item.minutes_version == 0


def test_minutes_are_locked_after_approval(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    services.meeting_mark_held(meeting=sm.meeting)
    later = build_meeting(seed, day=dt.date(2026, 6, 3), with_items=False).meeting
    services.minutes_approve_at_meeting(meeting=sm.meeting, at_meeting=later)
    with pytest.raises(ApplicationError, match="godkendt og kan ikke længere rettes"):
        services.item_minutes_save(item=sm.items["frikort"], decision="Ændret bagefter", dissent="",
                                   expected_version=0)


# --- Attendance ---------------------------------------------------------------------------------------

def test_attendance_with_substitute_standing_in_and_guest(seed):
    sm = build_meeting(seed)
    m = sm.meeting
    record_attendance(seed, m)
    guest = services.guest_add(meeting=m, name="Lise Agerholm", actor=seed.secretary)
    assert guest.is_guest and guest.status == "present" and guest.person.council_id == seed.council.pk
    summary = selectors.attendance_summary(selectors.attendance_rows(meeting=m))
    assert [r.person.name for r in summary.stand_ins] == ["Tove Ravn"]
    assert summary.stand_ins[0].stands_in_for.name == "Sune Dahl"
    assert {r.person.name for r in summary.afbud} == {"Sune Dahl", "Ulrik Mose"}
    assert len(summary.present) == 8
    assert [r.person.name for r in summary.guests] == ["Lise Agerholm"]
    with pytest.raises(ApplicationError, match="allerede på deltagerlisten"):
        services.guest_add(meeting=m, person=guest.person)
    assert "meetings.attendance.guest_added" in actions(seed.council)


def test_stand_in_rules(seed):
    m = build_meeting(seed, with_items=False).meeting
    record_attendance(seed, m, stand_ins=())
    # A member cannot stand in; a substitute cannot stand in for someone who is present or for
    # a member who is not their own (personal substitutes).
    with pytest.raises(ApplicationError, match="Kun en suppleant"):
        services.attendance_record(meeting=m, person=seed["Mads Lund"], status="present",
                                   stands_in_for=seed["Sune Dahl"])
    with pytest.raises(ApplicationError, match="til stede, så ingen kan møde"):
        services.attendance_record(meeting=m, person=seed["Per Skov"], status="present",
                                   stands_in_for=seed["Janni Friis"])
    with pytest.raises(ApplicationError, match="ikke personlig suppleant for Ulrik Mose"):
        services.attendance_record(meeting=m, person=seed["Tove Ravn"], status="present",
                                   stands_in_for=seed["Ulrik Mose"])
    with pytest.raises(ApplicationError, match="skal være til stede"):
        services.attendance_record(meeting=m, person=seed["Tove Ravn"], status="afbud",
                                   stands_in_for=seed["Sune Dahl"])
    stand_in = services.attendance_record(meeting=m, person=seed["Tove Ravn"], status="present",
                                          stands_in_for=seed["Sune Dahl"])
    assert stand_in.stands_in_for.person == seed["Sune Dahl"]
    # Sune turns up after all: he takes his seat back and Tove no longer stands in.
    services.attendance_record(meeting=m, person=seed["Sune Dahl"], status="present")
    stand_in.refresh_from_db()
    assert stand_in.stands_in_for is None


def test_attendance_refuses_unknown_status_and_other_council(seed, make_council, add_member):
    m = build_meeting(seed, with_items=False).meeting
    with pytest.raises(ApplicationError, match="Vælg til stede"):
        services.attendance_record(meeting=m, person=seed["Mads Lund"], status="maybe")
    other = make_council("andetraad")
    stranger = add_member(other, "Fremmed Person").person
    with pytest.raises(ApplicationError, match="andet råd"):
        services.attendance_record(meeting=m, person=stranger, status="present")
    assert not Attendance.objects.filter(person=stranger).exists()


def test_mark_held(seed):
    m = build_meeting(seed, with_items=False).meeting
    services.meeting_mark_held(meeting=m, actor=seed.secretary)
    m.refresh_from_db()
    assert m.status == MeetingStatus.HELD and m.held_at is not None
    with pytest.raises(ApplicationError, match="allerede registreret som afholdt"):
        services.meeting_mark_held(meeting=m)


# --- Conflicts of interest and votes -------------------------------------------------------------

def test_conflict_of_interest_recorded_and_keeps_person_out_of_the_vote(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    item = sm.items["beretning"]
    conflict = services.conflict_declare(item=item, person=seed["Helle Bøgh"], note="Skrev økonomiafsnittet.",
                                         actor=seed.secretary)
    assert ConflictOfInterest.objects.get(item=item).person == seed["Helle Bøgh"]
    assert conflict.note == "Skrev økonomiafsnittet."
    with pytest.raises(ApplicationError, match="allerede erklæret sig inhabil"):
        services.conflict_declare(item=item, person=seed["Helle Bøgh"])
    with pytest.raises(ApplicationError) as caught:
        services.vote_record(item=item, question="Godkendes årsberetningen?",
                             ballots={seed["Helle Bøgh"].pk: "yes", seed["Jytte Holm"].pk: "yes"})
    assert caught.value.code == "conflict" and "Helle Bøgh" in caught.value.message
    assert "meetings.conflict.declared" in actions(seed.council)


def test_vote_counts_and_majority(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    ballots = {seed["Jytte Holm"].pk: "yes", seed["Nanna Berg"].pk: "yes", seed["Mads Lund"].pk: "no",
               seed["Tove Ravn"].pk: "abstain"}  # Tove stands in for Sune: she votes
    vote = services.vote_record(item=sm.items["udvalg"], question="Skal årsberetningen være første emne?",
                                ballots=ballots, actor=seed.secretary)
    assert (vote.yes, vote.no, vote.abstain, vote.carried, vote.tie_broken_by_chair) == (2, 1, 1, True, False)
    assert dict(Ballot.objects.filter(vote=vote).values_list("person_id", "choice")) == ballots
    assert "meetings.vote.recorded" in actions(seed.council)


def test_vote_refuses_ballots_without_voting_right_naming_them(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    guest = services.guest_add(meeting=sm.meeting, name="Lise Agerholm").person
    ballots = {seed["Jytte Holm"].pk: "yes",
               seed["Ulrik Mose"].pk: "yes",    # member with afbud
               seed["Per Skov"].pk: "no",       # substitute not standing in
               guest.pk: "yes"}                 # a guest
    with pytest.raises(ApplicationError) as caught:
        services.vote_record(item=sm.items["udvalg"], question="Prøve", ballots=ballots)
    message = caught.value.message
    assert caught.value.code == "no_voting_right"
    assert "Lise Agerholm, Per Skov, Ulrik Mose" in message and "Jytte Holm" not in message
    assert not Vote.objects.exists()


def test_vote_refuses_bad_input(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    item = sm.items["udvalg"]
    with pytest.raises(ApplicationError, match="Skriv, hvad der stemmes om"):
        services.vote_record(item=item, question=" ", ballots={seed["Jytte Holm"].pk: "yes"})
    with pytest.raises(ApplicationError, match="mindst én stemme"):
        services.vote_record(item=item, question="Noget", ballots={seed["Jytte Holm"].pk: ""})
    with pytest.raises(ApplicationError, match="for, imod eller undlader"):
        services.vote_record(item=item, question="Noget", ballots={seed["Jytte Holm"].pk: "maybe"})


def test_tie_is_broken_by_the_chair(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    vote = services.vote_record(item=sm.items["udvalg"], question="Stemmelighed",
                                ballots={seed["Jytte Holm"].pk: "no", seed["Mads Lund"].pk: "yes"})
    assert (vote.carried, vote.tie_broken_by_chair) == (False, True)
    vote = services.vote_record(item=sm.items["udvalg"], question="Stemmelighed igen",
                                ballots={seed["Jytte Holm"].pk: "yes", seed["Mads Lund"].pk: "no"})
    assert (vote.carried, vote.tie_broken_by_chair) == (True, True)


def test_tie_with_chair_absent_falls_to_vice_chair(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting, afbud=("Jytte Holm", "Sune Dahl"))
    vote = services.vote_record(item=sm.items["udvalg"], question="Stemmelighed",
                                ballots={seed["Nanna Berg"].pk: "yes", seed["Mads Lund"].pk: "no"})
    assert (vote.carried, vote.tie_broken_by_chair) == (True, True)


def test_tie_fails_when_the_rules_say_so(seed):
    council_services.rules_update(council=seed.council, actor=seed.secretary, valid_from=dt.date(2026, 1, 1),
                                  tie_break="fails")
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    vote = services.vote_record(item=sm.items["udvalg"], question="Stemmelighed",
                                ballots={seed["Jytte Holm"].pk: "yes", seed["Mads Lund"].pk: "no"})
    assert (vote.carried, vote.tie_broken_by_chair) == (False, False)


def test_vote_needs_quorum(seed):
    sm = build_meeting(seed)
    # Only three of ten members present.
    record_attendance(seed, sm.meeting, afbud=MEMBERS[3:], stand_ins=())
    with pytest.raises(ApplicationError) as caught:
        services.vote_record(item=sm.items["udvalg"], question="Noget",
                             ballots={seed["Jytte Holm"].pk: "yes"})
    assert caught.value.code == "no_quorum" and "3 af 5" in caught.value.message


# --- Action items -----------------------------------------------------------------------------------

def test_action_items_with_owners_and_follow_up(seed):
    sm = build_meeting(seed)
    m = sm.meeting
    action = services.action_item_create(meeting=m, item=sm.items["frikort"], title="Kontakt lokalavisen",
                                         owners=[seed["Jytte Holm"], seed["Sune Dahl"]], due=dt.date(2026, 5, 1),
                                         actor=seed.secretary)
    assert set(action.owners.values_list("name", flat=True)) == {"Jytte Holm", "Sune Dahl"}
    # The next meeting's approval item follows it up while it is open.
    later = build_meeting(seed, day=dt.date(2026, 6, 3), with_items=False).meeting
    assert [a.title for a in agenda_selectors.open_action_items(council=seed.council,
                                                                before=later.starts_at)] == ["Kontakt lokalavisen"]
    services.action_item_update_status(action_item=action, status="done", note="Artiklen kom 12. maj.",
                                       actor=seed.secretary)
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("done", "Artiklen kom 12. maj.")
    assert agenda_selectors.open_action_items(council=seed.council, before=later.starts_at) == []
    assert {"meetings.action_item.created", "meetings.action_item.status_updated"} <= set(actions(seed.council))


def test_action_item_bad_input(seed):
    sm = build_meeting(seed)
    m, item = sm.meeting, sm.items["frikort"]
    with pytest.raises(ApplicationError, match="mindst én tovholder"):
        services.action_item_create(meeting=m, item=item, title="Noget", owners=[], due=None)
    with pytest.raises(ApplicationError, match="Skriv, hvad der skal gøres"):
        services.action_item_create(meeting=m, item=item, title="  ", owners=[seed["Jytte Holm"]], due=None)
    with pytest.raises(ApplicationError, match="kan ikke ligge før mødet"):
        services.action_item_create(meeting=m, item=item, title="For sent", owners=[seed["Jytte Holm"]],
                                    due=dt.date(2026, 3, 1))
    other_item = build_meeting(seed, day=dt.date(2026, 6, 3)).items["frikort"]
    with pytest.raises(ApplicationError, match="et andet møde"):
        services.action_item_create(meeting=m, item=other_item, title="X", owners=[seed["Jytte Holm"]], due=None)
    with pytest.raises(ApplicationError, match="Vælg en status"):
        action = services.action_item_create(meeting=m, item=item, title="Y", owners=[seed["Jytte Holm"]], due=None)
        services.action_item_update_status(action_item=action, status="halfway")
    assert not ActionItem.objects.filter(title__in=["Noget", "For sent", "X"]).exists()


# --- The constituting meeting ----------------------------------------------------------------------

def test_constituting_meeting_elects_chair_and_vice_chair(seed):
    m = build_meeting(seed, day=dt.date(2026, 9, 2), kind="constituting", with_items=False).meeting
    services.chair_elect(meeting=m, chair=seed["Sune Dahl"], vice_chair=seed["Jytte Holm"],
                         actor=seed.secretary)
    day = dt.date(2026, 9, 2)
    roster = roster_on(council=seed.council, on=day)
    positions = {e.membership.person.name: e.positions for e in roster.members}
    assert positions["Sune Dahl"] == ["Formand"]
    assert positions["Jytte Holm"] == ["Næstformand"]
    assert positions["Nanna Berg"] == []
    # The day before, the old chair and vice-chair still held their posts.
    before = {e.membership.person.name: e.positions for e in roster_on(council=seed.council,
                                                                         on=day - dt.timedelta(days=1)).members}
    assert before["Jytte Holm"] == ["Formand"] and before["Nanna Berg"] == ["Næstformand"]
    assert [p.person.name for p in selectors.elected_positions(meeting=m)] == ["Sune Dahl", "Jytte Holm"]
    assert "meetings.constituting.elected" in actions(seed.council)


def test_election_only_at_constituting_meeting_and_two_people(seed):
    ordinary = build_meeting(seed, with_items=False).meeting
    with pytest.raises(ApplicationError, match="konstituerende møde"):
        services.chair_elect(meeting=ordinary, chair=seed["Sune Dahl"], vice_chair=None)
    constituting = build_meeting(seed, day=dt.date(2026, 9, 2), kind="constituting", with_items=False).meeting
    with pytest.raises(ApplicationError, match="to forskellige personer"):
        services.chair_elect(meeting=constituting, chair=seed["Sune Dahl"], vice_chair=seed["Sune Dahl"])
    # A substitute is not a member and cannot be elected: nothing changes.
    with pytest.raises(ApplicationError, match="Kun et medlem"):
        services.chair_elect(meeting=constituting, chair=seed["Tove Ravn"], vice_chair=None)
    assert Position.objects.filter(council=seed.council, end__isnull=True).count() == 2


# --- Approval and publication -----------------------------------------------------------------------

def test_written_approval_flow(seed):
    sm = build_meeting(seed)
    m = sm.meeting
    record_attendance(seed, m, afbud=("Sune Dahl", "Ulrik Mose", "Rasmus Krog"))
    with pytest.raises(ApplicationError, match="afholdt"):
        services.minutes_request_written_approval(meeting=m)
    services.meeting_mark_held(meeting=m)
    sent = services.minutes_request_written_approval(meeting=m, actor=seed.secretary,
                                                     base_url="https://stemme.example.dk")
    approvers = selectors.written_approvers(meeting=m)
    # The members present (not the substitute standing in, not those with afbud) approve.
    assert [p.name for p in approvers] == sorted(n for n in MEMBERS if n not in ("Sune Dahl", "Ulrik Mose",
                                                                               "Rasmus Krog"))
    assert len(sent) == 7
    message = OutboxMessage.objects.filter(kind="meetings.minutes_approval", person=seed["Jytte Holm"]).get()
    assert f"https://stemme.example.dk/{seed.council.slug}/intern/moeder/{m.pk}/referat/godkend/" in message.body
    with pytest.raises(ApplicationError, match="allerede sendt"):
        services.minutes_request_written_approval(meeting=m)
    waiting = selectors.minutes_awaiting_approval_by(council=seed.council, person_ids=[seed["Jytte Holm"].pk])
    assert waiting == [m]
    assert selectors.minutes_awaiting_approval_by(council=seed.council, person_ids=[seed["Sune Dahl"].pk]) == []
    with pytest.raises(ApplicationError, match="ikke registreret som til stede"):
        services.minutes_approve_in_writing(meeting=m, person=seed["Sune Dahl"])
    for person in approvers[:-1]:
        services.minutes_approve_in_writing(meeting=m, person=person)
        services.minutes_approve_in_writing(meeting=m, person=person)  # twice is harmless
    m.refresh_from_db()
    assert m.status == MeetingStatus.HELD
    assert MinutesApproval.objects.filter(meeting=m).count() == 6
    assert selectors.minutes_awaiting_approval_by(council=seed.council, person_ids=[approvers[0].pk]) == []
    services.minutes_approve_in_writing(meeting=m, person=approvers[-1])
    m.refresh_from_db()
    assert m.status == MeetingStatus.MINUTES_APPROVED and m.minutes_approved_how == "in_writing"
    assert m.minutes_approved_at is not None
    assert {"meetings.minutes.written_approval_requested", "meetings.minutes.approved_by_member",
            "meetings.minutes.approved"} <= set(actions(seed.council))


def test_written_approval_requests_are_danish_and_a_letter_asks_for_an_answer_instead_of_a_click(seed):
    """The request is written in the council's language even when the secretary reads Stemme in
    English, and a printed letter (nobody clicks on paper) asks the member to tell the secretariat."""
    from django.utils import translation

    from councils.services import person_save

    m = build_meeting(seed).meeting
    record_attendance(seed, m)
    services.meeting_mark_held(meeting=m)
    jytte = seed["Jytte Holm"]
    person_save(council=seed.council, instance=jytte, preferred_channel="letter",
                address="Bytorvet 1, 2620 Albertslund")
    with translation.override("en"):
        services.minutes_request_written_approval(meeting=m, actor=seed.secretary,
                                                  base_url="https://stemme.example.dk")
    messages = OutboxMessage.objects.filter(kind="meetings.minutes_approval")
    letter = messages.get(person=jytte)
    assert letter.channel == "letter" and "/referat/godkend/" not in letter.body
    assert "giv sekretariatet besked, om du kan godkende det" in letter.body
    email = messages.exclude(person=jytte).filter(channel="email").first()
    assert email.subject.startswith("Godkend referatet fra mødet den ") and "med ét klik" in email.body
    assert "/referat/godkend/" in email.body


def test_changing_the_minutes_resets_written_approvals(seed):
    sm = build_meeting(seed)
    m = sm.meeting
    record_attendance(seed, m)
    services.meeting_mark_held(meeting=m)
    services.minutes_request_written_approval(meeting=m)
    services.minutes_approve_in_writing(meeting=m, person=seed["Jytte Holm"])
    assert MinutesApproval.objects.filter(meeting=m).count() == 1
    services.item_minutes_save(item=sm.items["frikort"], decision="Rettet efter en bemærkning.", dissent="",
                               expected_version=0)
    assert MinutesApproval.objects.filter(meeting=m).count() == 0
    assert "meetings.minutes.approvals_reset" in actions(seed.council)


def test_request_needs_members_present(seed):
    m = build_meeting(seed, with_items=False).meeting
    services.meeting_mark_held(meeting=m)
    with pytest.raises(ApplicationError, match="Ingen medlemmer er registreret som til stede"):
        services.minutes_request_written_approval(meeting=m)


def test_approval_at_next_meeting(seed):
    first = build_meeting(seed).meeting
    second = build_meeting(seed, day=dt.date(2026, 6, 3)).meeting
    with pytest.raises(ApplicationError, match="afholdt"):
        services.minutes_approve_at_meeting(meeting=first, at_meeting=second)
    services.meeting_mark_held(meeting=first)
    assert selectors.previous_minutes_to_approve(meeting=second) == first
    services.meeting_mark_held(meeting=second)
    with pytest.raises(ApplicationError, match="senere møde"):
        services.minutes_approve_at_meeting(meeting=second, at_meeting=first)
    services.minutes_approve_at_meeting(meeting=first, at_meeting=second, actor=seed.secretary)
    first.refresh_from_db()
    assert first.status == MeetingStatus.MINUTES_APPROVED and first.minutes_approved_how == "next_meeting"
    assert selectors.previous_minutes_to_approve(meeting=second) is None
    assert "meetings.minutes.approved_at_meeting" in actions(seed.council)


def test_publish_only_after_approval(seed):
    first = build_meeting(seed).meeting
    second = build_meeting(seed, day=dt.date(2026, 6, 3), with_items=False).meeting
    with pytest.raises(ApplicationError, match="først offentliggøres, når det er godkendt"):
        services.minutes_publish(meeting=first)
    services.meeting_mark_held(meeting=first)
    with pytest.raises(ApplicationError, match="først offentliggøres, når det er godkendt"):
        services.minutes_publish(meeting=first)
    services.minutes_approve_at_meeting(meeting=first, at_meeting=second)
    services.minutes_publish(meeting=first, actor=seed.secretary)
    first.refresh_from_db()
    assert first.status == MeetingStatus.MINUTES_PUBLISHED and first.minutes_published_at is not None
    with pytest.raises(ApplicationError, match="allerede offentliggjort"):
        services.minutes_publish(meeting=first)
    assert "meetings.minutes.published" in actions(seed.council)


def test_cancelled_meeting_has_no_minutes(seed):
    from meetings.services.plan import meeting_cancel

    sm = build_meeting(seed)
    meeting_cancel(meeting=sm.meeting)
    sm.meeting.refresh_from_db()
    with pytest.raises(ApplicationError, match="aflyst"):
        services.attendance_record(meeting=sm.meeting, person=seed["Jytte Holm"], status="present")

"""Services and selectors for committees: committees per municipality (unique abbreviation and
name), following with a working group, committee meetings and items by hand (unique item number),
the council's comment with its version check, and the overview's constant query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import ApplicationError, EditConflict
from core.models import AuditEvent
from councils import services as council_services
from hearings.models import CommentLetter, CommitteeFollow, ItemComment, LetterStatus
from hearings.selectors import committees as selectors
from hearings.services import committees as services
from hearings.tests.committees_builders import WORKING_GROUP, local, meeting_day

pytestmark = [pytest.mark.django_db, pytest.mark.world("committee")]


# --- Committees -----------------------------------------------------------------------------------

def test_committee_create_normalises_and_audits(seed):
    committee = services.committee_create(council=seed.council, name="  Børne- og Skoleudvalget ",
                                          abbreviation=" bsu ", actor=seed.secretary)
    assert (committee.name, committee.abbreviation) == ("Børne- og Skoleudvalget", "BSU")
    assert committee.municipality_id == seed.council.municipality_id
    assert AuditEvent.objects.filter(action="hearings.committee.created", object_id=str(committee.pk),
                                     actor=seed.secretary).exists()


def test_committee_abbreviation_and_name_are_unique_per_municipality(world, other):
    with pytest.raises(ApplicationError) as error:
        services.committee_create(council=world.council, name="Sundhedsudvalget", abbreviation="sus")
    assert error.value.field == "abbreviation"
    assert "Kommunen har allerede et udvalg med forkortelsen SUS (Social- og Sundhedsudvalget)" in error.value.message
    with pytest.raises(ApplicationError) as error:
        services.committee_create(council=world.council, name="social- og sundhedsudvalget", abbreviation="SSU")
    assert error.value.field == "name"
    assert "hedder Social- og Sundhedsudvalget" in error.value.message
    # Another municipality may have its own SUS.
    assert services.committee_create(council=other.council, name="Social- og Sundhedsudvalget",
                                     abbreviation="SUS").pk
    # Editing keeps its own abbreviation but cannot take another's.
    ebu = services.committee_create(council=world.council, name="Erhvervs- og Beskæftigelsesudvalget",
                                    abbreviation="EBU")
    services.committee_update(council=world.council, committee=ebu, name=ebu.name, abbreviation="EBU",
                              is_active=False)
    ebu.refresh_from_db()
    assert ebu.is_active is False
    with pytest.raises(ApplicationError, match="forkortelsen SUS"):
        services.committee_update(council=world.council, committee=ebu, name=ebu.name, abbreviation="SUS")


def test_committee_name_refuses_cpr(seed):
    with pytest.raises(ApplicationError) as error:
        services.committee_create(council=seed.council, name="Udvalg 010190-1234", abbreviation="X")
    assert error.value.field == "name" and "CPR-nummer" in error.value.message


def test_services_refuse_another_municipalitys_committee(world, other):
    with pytest.raises(ApplicationError, match="anden kommune"):
        services.committee_follow_save(council=world.council, committee=other.committee, members=[])
    with pytest.raises(ApplicationError, match="anden kommune"):
        services.committee_meeting_create(council=world.council, committee=other.committee,
                                          starts_at=local(meeting_day(), 10))
    with pytest.raises(ApplicationError, match="anden kommune"):
        services.committee_item_create(council=world.council, meeting=other.meeting, number=7, title="X")
    with pytest.raises(ApplicationError, match="anden kommune"):
        services.item_comment_save(council=world.council, item=other.item, relevant=True, text="X",
                                   expected_version=0)


# --- Following --------------------------------------------------------------------------------------

def test_follow_with_working_group_and_change_it(world):
    follow = world.follow
    assert sorted(p.name for p in follow.members.all()) == sorted(WORKING_GROUP)
    assert (follow.recipient_email, follow.comment_days_before) == ("sus@kommune.example", 3)
    seed = world.seed
    changed = services.committee_follow_save(council=world.council, committee=world.committee,
                                             members=[seed["Helle Bøgh"]], recipient_name="Udvalgssekretær",
                                             recipient_email="sekr@kommune.example", comment_days_before=5,
                                             actor=seed.secretary)
    assert changed.pk == follow.pk
    assert [p.name for p in changed.members.all()] == ["Helle Bøgh"]
    assert CommitteeFollow.objects.filter(council=world.council).count() == 1
    event = AuditEvent.objects.filter(action="hearings.committee.follow_updated").get()
    assert event.after["members"] == [seed["Helle Bøgh"].pk]
    assert sorted(event.before["members"]) == sorted(seed[n].pk for n in WORKING_GROUP)


def test_follow_refuses_other_councils_people_and_bad_days(world, other, add_member):
    stranger = add_member(other.council, "Fremmed Person").person
    with pytest.raises(ApplicationError) as error:
        services.committee_follow_save(council=world.council, committee=world.committee, members=[stranger])
    assert error.value.field == "members" and "rådets egne folk" in error.value.message
    with pytest.raises(ApplicationError) as error:
        services.committee_follow_save(council=world.council, committee=world.committee, members=[],
                                       comment_days_before=61)
    assert error.value.field == "comment_days_before"
    with pytest.raises(ApplicationError) as error:
        services.committee_follow_save(council=world.council, committee=world.committee, members=[],
                                       recipient_email="ikke-en-adresse")
    assert error.value.field == "recipient_email"


def test_unfollow_keeps_comments_and_letters(world):
    item = world.items[3]
    services.item_comment_save(council=world.council, item=item, relevant=True, text="Husk de hjemløse.",
                               expected_version=0)
    services.committee_unfollow(council=world.council, committee=world.committee, actor=world.seed.secretary)
    assert not CommitteeFollow.objects.filter(council=world.council).exists()
    assert ItemComment.objects.get(council=world.council, item=item).text == "Husk de hjemløse."
    assert AuditEvent.objects.filter(action="hearings.committee.unfollowed").exists()
    with pytest.raises(ApplicationError, match="følger ikke"):
        services.committee_unfollow(council=world.council, committee=world.committee)


def test_working_group_choices_are_current_people_plus_former_group_members(world):
    seed = world.seed
    choices = selectors.working_group_choices(council=world.council, follow=world.follow)
    names = [p.name for p in choices]
    assert names == sorted(names, key=str.casefold)
    assert "Tove Ravn" in names and "Jytte Holm" in names  # substitutes and the chair too
    assert len(names) == len(set(names))
    # Sune Dahl leaves the council: he stays a choice (so saving does not drop him silently), marked.
    council_services.membership_end(membership=seed.memberships["Sune Dahl"], end=dt.date(2026, 3, 1),
                                    reason="withdrew")
    follow = selectors.follow_get(council=world.council, committee=world.committee)
    choices = {p.name: p for p in selectors.working_group_choices(council=world.council, follow=follow)}
    assert choices["Sune Dahl"].current is False and choices["Mads Lund"].current is True


# --- Meetings and items ---------------------------------------------------------------------------------

def test_meeting_create_refuses_same_time_twice(world):
    with pytest.raises(ApplicationError) as error:
        services.committee_meeting_create(council=world.council, committee=world.committee,
                                          starts_at=world.meeting.starts_at)
    assert error.value.field == "starts_at" and "allerede et møde" in error.value.message
    moved = services.committee_meeting_update(council=world.council, meeting=world.meeting,
                                              starts_at=local(meeting_day(15), 9, 30), location="Byrådssalen",
                                              url="")
    assert moved.location == "Byrådssalen"


def test_item_number_is_unique_per_meeting(world):
    with pytest.raises(ApplicationError) as error:
        services.committee_item_create(council=world.council, meeting=world.meeting, number=3, title="Dublet")
    assert error.value.field == "number"
    assert error.value.message == ("Punkt 3 findes allerede på dagsordenen (“Udarbejdelse af ny Sundhedspolitik "
                                   "2018”). Vælg et andet nummer.")
    with pytest.raises(ApplicationError, match="Punkt 4 findes allerede"):
        services.committee_item_update(council=world.council, item=world.items[3], number=4,
                                       title=world.items[3].title)
    # The same number on another meeting is fine; keeping one's own number is fine.
    other_meeting = services.committee_meeting_create(council=world.council, committee=world.committee,
                                                      starts_at=local(meeting_day(40), 16))
    assert services.committee_item_create(council=world.council, meeting=other_meeting, number=3, title="Ok").pk
    item = services.committee_item_update(council=world.council, item=world.items[3], number=3,
                                          title="Ny Sundhedspolitik", case_code="sus/øu/kb")
    assert (item.title, item.case_code) == ("Ny Sundhedspolitik", "SUS/ØU/KB")
    assert selectors.next_item_number(meeting=world.meeting) == 5


# --- Comments -------------------------------------------------------------------------------------------

def test_comment_versions_and_conflict_keeps_both_texts(world):
    item, group_user = world.items[3], world.users["group"]
    first = services.item_comment_save(council=world.council, item=item, relevant=True,
                                       text="Rådet ønsker fokus på hjemløse.", expected_version=0,
                                       actor=group_user)
    assert (first.version, first.relevant, first.updated_by) == (1, True, group_user)
    # A second person opened the page at version 0 and writes something else.
    with pytest.raises(EditConflict) as conflict:
        services.item_comment_save(council=world.council, item=item, relevant=True,
                                   text="Rådet ønsker fokus på misbrug.", expected_version=0,
                                   actor=world.users["chair"])
    assert conflict.value.stored["text"] == "Rådet ønsker fokus på hjemløse."
    assert conflict.value.submitted["text"] == "Rådet ønsker fokus på misbrug."
    assert conflict.value.stored_version == 1 and conflict.value.stored_by == group_user
    assert "ændret af en anden" in conflict.value.message
    assert ItemComment.objects.get(item=item).text == "Rådet ønsker fokus på hjemløse."
    # Saving what is already stored is not a conflict.
    same = services.item_comment_save(council=world.council, item=item, relevant=True,
                                      text="Rådet ønsker fokus på hjemløse.", expected_version=0)
    assert same.version == 1
    merged = services.item_comment_save(council=world.council, item=item, relevant=True,
                                        text="Rådet ønsker fokus på hjemløse og misbrug.", expected_version=1)
    assert merged.version == 2
    assert AuditEvent.objects.filter(action="hearings.item_comment.saved").count() == 2


def test_comment_refuses_cpr_and_a_sent_letter(world):
    item = world.items[2]
    with pytest.raises(ApplicationError) as error:
        services.item_comment_save(council=world.council, item=item, relevant=True,
                                   text="Borgeren 010190-1234 mangler bolig.", expected_version=0)
    assert error.value.field == "text" and "CPR-nummer" in error.value.message
    assert not ItemComment.objects.exists()
    CommentLetter.objects.create(council=world.council, committee_meeting=world.meeting, status=LetterStatus.SENT)
    with pytest.raises(ApplicationError, match="sendt, så kommentarerne kan ikke længere rettes"):
        services.item_comment_save(council=world.council, item=item, relevant=True, text="Ny", expected_version=0)


def test_changing_a_comment_voids_the_letters_approval(world):
    item = world.items[3]
    services.item_comment_save(council=world.council, item=item, relevant=True, text="A", expected_version=0)
    letter = CommentLetter.objects.get(council=world.council, committee_meeting=world.meeting)  # started by "A"
    CommentLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.APPROVED, approved_by=world.users["chair"])
    services.item_comment_save(council=world.council, item=item, relevant=True, text="A", expected_version=1)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED  # nothing changed
    services.item_comment_save(council=world.council, item=item, relevant=True, text="B", expected_version=2)
    letter.refresh_from_db()
    assert (letter.status, letter.approved_by) == (LetterStatus.DRAFT, None)
    assert AuditEvent.objects.filter(action="hearings.comment_letter.approval_reset").count() == 1


def test_comments_are_per_council(world, other, make_council):
    """Two councils in one municipality see the same agenda, each with its own comments."""
    from councils.models import Council

    sister = make_council("handicapraadet", name="Handicaprådet")
    Council.objects.filter(pk=sister.pk).update(municipality=world.council.municipality)
    sister.refresh_from_db()
    item = world.items[3]
    services.item_comment_save(council=world.council, item=item, relevant=True, text="Udsatterådets",
                               expected_version=0)
    services.item_comment_save(council=sister, item=item, relevant=False, text="Handicaprådets", expected_version=0)
    mine = {i.number: i.council_comment for i in selectors.committee_meeting_items(council=world.council,
                                                                                     meeting=world.meeting)}
    theirs = {i.number: i.council_comment for i in selectors.committee_meeting_items(council=sister,
                                                                                       meeting=world.meeting)}
    assert mine[3].text == "Udsatterådets" and theirs[3].text == "Handicaprådets"
    assert mine[1] is None


# --- Reads --------------------------------------------------------------------------------------------------

def test_overview_followed_first_with_group_and_next_meeting(world):
    seed = world.seed
    services.committee_create(council=world.council, name="Børne- og Skoleudvalget", abbreviation="BSU")
    # A past meeting is not "next".
    services.committee_meeting_create(council=world.council, committee=world.committee,
                                      starts_at=local(meeting_day(-20), 16))
    later = services.committee_meeting_create(council=world.council, committee=world.committee,
                                              starts_at=local(meeting_day(30), 16))
    overview = selectors.committee_overview(council=world.council)
    assert [r.committee.abbreviation for r in overview.followed] == ["SUS"]
    row = overview.followed[0]
    assert row.next_meeting_id == world.meeting.pk and row.next_meeting_id != later.pk
    assert sorted(p.name for p in row.follow.members.all()) == sorted(WORKING_GROUP)
    assert [c.abbreviation for c in overview.others] == ["BSU"]
    assert seed.council.pk  # the seed council is the one asked about


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_overview_and_meeting_items_queries_are_constant(world):
    seed = world.seed

    def overview():
        o = selectors.committee_overview(council=world.council)
        return [(r.committee.name, [p.name for p in r.follow.members.all()]) for r in o.followed]

    def items():
        return [(i.title, i.council_comment and i.council_comment.text)
                for i in selectors.committee_meeting_items(council=world.council, meeting=world.meeting)]

    before = (_count(overview), _count(items))
    for n in range(8):
        committee = services.committee_create(council=world.council, name=f"Udvalg {n}", abbreviation=f"U{n}")
        services.committee_follow_save(council=world.council, committee=committee,
                                       members=[seed["Helle Bøgh"], seed["Anders Vinther"]])
        services.committee_meeting_create(council=world.council, committee=committee,
                                          starts_at=local(meeting_day(n + 1), 10))
        item = services.committee_item_create(council=world.council, meeting=world.meeting, number=10 + n,
                                              title=f"Punkt {n}")
        services.item_comment_save(council=world.council, item=item, relevant=True, text=f"K{n}", expected_version=0)
    assert (_count(overview), _count(items)) == before

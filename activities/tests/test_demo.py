"""The demo data of the council's year (``activities.demo``, ``finance.demo``, ``library.demo``
through ``councils.demo.seed_all``): ideas, votes and themes, groups, events, budget and
library, the refreshed agenda of the next meeting, and that seeding again changes nothing.

The demo is seeded once for the module inside a transaction that is rolled back at the end
(seeding takes seconds; files go to a temporary MEDIA_ROOT); each test runs in its own
savepoint on top of it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from activities.demo import CITIZENS_MEETING, NETWORK_2026
from activities.models import (
    Event,
    EventSignup,
    GroupNote,
    GroupTask,
    Idea,
    IdeaSource,
    IdeaVote,
    SignupStatus,
    Theme,
    ThemeStatus,
    WorkingGroup,
)
from councils.models import Council, Person, RulesOfProcedure
from finance.models import Budget, Category, Expense, PerDiemOptOut, Receipt
from library.models import Document, Tag
from meetings.models import AgendaItem, Meeting, MeetingStatus, ProposalStatus, StandardItem
from notifications.models import OutboxMessage

MODELS = [Idea, IdeaVote, Theme, WorkingGroup, GroupNote, GroupTask, Event, EventSignup, Budget, Expense, Receipt,
          PerDiemOptOut, Document, Tag, AgendaItem, RulesOfProcedure, OutboxMessage]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from core.demo import seed_all

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), django_db_blocker.unblock(), \
            transaction.atomic():
        added = []
        created = seed_all(added=added)
        yield created, added
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    return demo


def main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def _user(email: str):
    return get_user_model().objects.get(email=email)


def _council(slug="albertslund") -> Council:
    return Council.objects.get(slug=slug)


def _next_meeting() -> Meeting:
    return (Meeting.objects.filter(council__slug="albertslund", starts_at__gt=timezone.now(),
                                   status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED])
            .order_by("starts_at").first())


def test_seeding_twice_creates_nothing_new(seeded):
    from core.demo import seed_all

    created, added = seeded
    assert created == ["albertslund", "ishoej", "gentofte"]
    assert not any("themes" in a for a in added)  # the councils were new: listed in created only
    before = {model.__name__: model.objects.count() for model in MODELS}
    again = []
    assert seed_all(added=again) == [] and again == []
    assert {model.__name__: model.objects.count() for model in MODELS} == before


def test_a_council_seeded_before_gets_its_year_added(seeded):
    """A council from an older demo (no ideas, events, budget or library yet) gets them."""
    from core.demo import seed_all

    council = _council("ishoej")
    Event.objects.filter(council=council).delete()
    Expense.objects.filter(council=council).delete()
    Budget.objects.filter(council=council).delete()
    added = []
    seed_all(added=added)
    assert added == ["themes, groups, events, budget and library of ishoej"]
    assert Budget.objects.filter(council=council).count() == 2
    assert Event.objects.filter(council=council).count() == 2
    assert Document.objects.filter(council=council).count() == 1  # that part was there: not doubled


def test_ideas_votes_and_themes(seeded):
    council = _council()
    assert Idea.objects.filter(council=council, year=2019, source=IdeaSource.BRAINSTORM,
                               meeting__starts_at__date=dt.date(2019, 2, 11)).count() == 9
    main_2019 = Theme.objects.filter(council=council, year=2019).exclude(status=ThemeStatus.POSTPONED)
    assert 5 <= main_2019.count() <= 8 and all(t.owner_id for t in main_2019)
    # Put off "til efteråret" and back on the backlog on 1 September 2019.
    autumn = Theme.objects.filter(council=council, postponed_until=dt.date(2019, 9, 1))
    assert autumn.count() == 2 and all(t.resurfaced_item_id for t in autumn)
    assert all(t.resurfaced_item.proposal_status == ProposalStatus.BACKLOG and t.resurfaced_item.meeting_id is None
               for t in autumn)
    # Put off to a date in the coming weeks: not back yet.
    soon = Theme.objects.get(council=council, year=2026, status=ThemeStatus.POSTPONED)
    today = timezone.localdate()
    assert today < soon.postponed_until <= today + dt.timedelta(weeks=4) and soon.resurfaced_item_id is None
    # 2026: a citizen's idea, and the member login has voted.
    assert Idea.objects.filter(council=council, year=2026, source=IdeaSource.CITIZEN).exists()
    member = Person.objects.get(council=council, user__email="medlem@albertslund.example")
    assert IdeaVote.objects.filter(person=member, idea__year=2026).exists()
    assert 5 <= Theme.objects.filter(council=council, year=2026).exclude(status=ThemeStatus.POSTPONED).count() <= 8


def test_groups_events_and_per_diem(seeded):
    council = _council()
    today = timezone.localdate()
    member = Person.objects.get(council=council, user__email="medlem@albertslund.example")
    report = WorkingGroup.objects.get(council=council, name="Årsberetning 2026")
    assert report.tasks.filter(done_at__isnull=True, due__lt=today).exists()  # one overdue
    assert report.tasks.filter(owners=member, done_at__isnull=True).exists()
    assert WorkingGroup.objects.filter(council=council, name__startswith="Følgegruppe").count() == 3
    citizens = Event.objects.get(council=council, title=CITIZENS_MEETING)
    assert citizens.own and citizens.capacity
    assert citizens.is_public and citizens.public_capacity and "Teleslynge" in citizens.accessibility
    assert sorted(citizens.citizen_signups.values_list("name", flat=True)) == ["Birte", "Kim fra Værestedet", "Lasse"]
    assert citizens.signups.filter(person=member, status=SignupStatus.SIGNED_UP).exists()
    assert citizens.signups.filter(status=SignupStatus.WAITING).count() == 1
    # All seven events of the 2018 annual report, with as many members as it says took part, each of
    # them on the council on the event's day.
    from councils.selectors import roster_on

    # (The municipality's information meeting in January, before the council had members, is its own.)
    events_2018 = Event.objects.filter(council=council, starts_at__year=2018, own=False).order_by("starts_at")
    attended = [list(e.signups.filter(status=SignupStatus.ATTENDED).select_related("person")) for e in events_2018]
    assert [len(a) for a in attended] == [3, 3, 3, 2, 3, 1, 3]
    assert events_2018[0].title == "En fandenivoldsk aften i Albertslund"
    assert events_2018[5].title.startswith("Stiftende generalforsamling i Stop Spild Albertslund")
    for event, signups in zip(events_2018, attended, strict=True):
        on_council = {e.membership.person_id for e in roster_on(
            council=council, on=timezone.localtime(event.starts_at).date()).members}
        assert {s.person_id for s in signups} <= on_council, event.title
    # Per diem for the held 2026 meetings: not to the member who opted out nor the municipal board.
    opted = PerDiemOptOut.objects.get(council=council).person
    per_diem = Expense.objects.filter(council=council, category=Category.PER_DIEM)
    assert per_diem.exists() and not per_diem.filter(person=opted).exists()
    assert not per_diem.filter(person__memberships__seat_category__municipal_board=True).exists()
    assert Receipt.objects.filter(council=council).count() == 1
    assert Budget.objects.get(council=_council("ishoej"), year=2026).amount == 25_000
    assert Budget.objects.get(council=_council("gentofte"), year=2027).amount == 150_000


def test_the_next_agenda_shows_budget_events_and_the_report_back(seeded):
    meeting = _next_meeting()
    items = {item.standard: item for item in meeting.items.all()}
    assert "Budget 2026: 40.000 kr." in items[StandardItem.ECONOMY].case_text
    events = items[StandardItem.EVENTS].case_text
    assert CITIZENS_MEETING in events and "Maja Medlem" in events and "venteliste" in events
    report = Event.objects.get(title=NETWORK_2026).report_item
    assert report.meeting_id == meeting.pk and "Finn Formand" in report.case_text


def test_the_pages_show_the_demo(seeded, client):
    client.force_login(_user("sekretariat@albertslund.example"))
    themes = main(client.get(reverse("activities:themes", args=["albertslund"]) + "?aar=2026"))
    assert "Boliger til borgere, der står uden eller er ved at blive sat ud" in themes
    assert "Morgenmad på skolerne – hvordan går det?" in themes
    themes_2019 = main(client.get(reverse("activities:themes", args=["albertslund"]) + "?aar=2019"))
    assert "Få det sociale frikort ud til de borgere, det er tænkt for" in themes_2019
    assert CITIZENS_MEETING in main(client.get(reverse("activities:events", args=["albertslund"])))
    status = client.get(reverse("finance:status", args=["albertslund"]))
    assert status.status_code == 200 and "40.000" in main(status)
    found = main(client.get(reverse("library:documents", args=["albertslund"]), {"q": "bisidder"}))
    assert "Bisidderordninger for socialt udsatte" in found and "Sundhedsprofil" not in found
    assert "Socialt frikort til socialt udsatte" in main(
        client.get(reverse("library:documents", args=["albertslund"]), {"q": "FRIKORT"}))
    for name in ("activities:ideas", "activities:idea_results", "activities:groups", "finance:expenses",
                 "finance:per_diem"):
        assert client.get(reverse(name, args=["albertslund"])).status_code == 200, name


def test_the_member_sees_own_tasks_and_the_ishoej_kommissorium(seeded, client):
    client.force_login(_user("medlem@albertslund.example"))
    mine = main(client.get(reverse("activities:my_tasks", args=["albertslund"])))
    assert "Samle listen over de arrangementer og konferencer, rådet har deltaget i" in mine
    client.force_login(_user("sekretariat@ishoej.example"))
    document = Document.objects.get(council__slug="ishoej")
    assert "Kommissorium" in [t.name for t in document.tags.all()]
    response = client.get(reverse("library:document_file", args=["ishoej", document.pk]))
    assert response.status_code == 200 and b"".join(response).startswith(b"%PDF-1.4")

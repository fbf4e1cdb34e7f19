"""The demo data: the spring 2019 meeting of Albertslund modelled on the seed minutes, the
2026 year plan, and that running the seed twice changes nothing."""

import datetime as dt

import pytest
from django.db import transaction

from core.demo import seed_all
from meetings.models import ActionItem, AgendaItem, AttendanceStatus, Meeting, MeetingStatus, ProposalStatus
from meetings.selectors.agenda import items_for_meeting
from notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeded once for the module, in a transaction rolled back at its end; each test runs in a
    savepoint inside it (what a test writes, a second seeding too, is undone after it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert seed_all() == ["albertslund", "ishoej", "gentofte"]
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    return demo


def _counts():
    return (Meeting.objects.count(), AgendaItem.objects.count(), ActionItem.objects.count(),
            OutboxMessage.objects.count())


def test_spring_2019_meeting_like_the_seed(seeded):
    meeting = Meeting.objects.get(council__slug="albertslund", starts_at__date=dt.date(2019, 4, 1))
    titles = [i.title for i in items_for_meeting(meeting=meeting)]
    assert titles == [
        "Godkendelse af referat og dagsorden", "Fokus på det sociale frikort",
        "Mødet med Social- og Sundhedsudvalget den 23. maj 2019", "Udkast til rådets årsberetning 2018",
        "Emner, der udsættes til efteråret", "Økonomi", "Øvrige orienteringspunkter", "Eventuelt"]
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED and meeting.minutes_published_at.year == 2019
    assert meeting.minutes_approved_how == "in_writing"
    assert "velkommen til Lene Vinding, der er indstillet som nyt medlem" in meeting.minutes_intro
    approval = AgendaItem.objects.get(meeting=meeting, standard="approval")
    assert "Aftale et interview med lokalavisen – tovholder:" in approval.case_text
    sus = AgendaItem.objects.get(meeting=meeting, title__startswith="Mødet med Social")
    assert "\n1. Præsentation" in sus.decision and "\n6. " in sus.decision
    assert "1.200 kr." in AgendaItem.objects.get(meeting=meeting, standard="economy").decision
    actions = list(ActionItem.objects.filter(meeting=meeting).prefetch_related("owners"))
    assert len(actions) == 7 and all(a.owners.exists() and a.due for a in actions)
    attendances = list(meeting.attendances.all())
    assert sum(a.status == AttendanceStatus.AFBUD for a in attendances) == 2
    assert any(a.stands_in_for_id for a in attendances) and any(a.is_guest for a in attendances)
    february = Meeting.objects.get(council__slug="albertslund", starts_at__date=dt.date(2019, 2, 11))
    assert february.status == MeetingStatus.MINUTES_PUBLISHED and february.action_items.count() == 5


def test_2026_plan_and_outbox(seeded):
    meetings = list(Meeting.objects.filter(council__slug="albertslund", starts_at__year=2026))
    assert len(meetings) == 6
    upcoming = meetings[-1]
    assert upcoming.starts_at.month == 12 and upcoming.status == MeetingStatus.AGENDA_PUBLISHED
    assert AgendaItem.objects.filter(meeting=upcoming, proposal_status=ProposalStatus.PROPOSED).count() == 1
    # Nothing from the demo waits to be e-mailed; SMS/letters wait on the manual list.
    assert not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists()
    manual = OutboxMessage.objects.filter(status=OutboxStatus.MANUAL)
    assert manual.exists() and set(manual.values_list("meeting", flat=True)) <= {upcoming.pk} | set(
        Meeting.objects.filter(council__slug="ishoej", status=MeetingStatus.AGENDA_PUBLISHED)
        .values_list("pk", flat=True))
    for slug in ("ishoej", "gentofte"):
        assert Meeting.objects.filter(council__slug=slug, starts_at__year=2027).count() == 4
        assert AgendaItem.objects.filter(council__slug=slug).exists()


def test_seed_is_idempotent(seeded):
    before = _counts()
    assert seed_all() == []
    assert _counts() == before


def test_standard_texts_read_as_on_each_send_date(seeded, client):
    """The published minutes' economy item states that meeting's year as of the day its agenda
    went out, and the 2026 term's agendas carry nothing from 2019."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.formats import date_format

    published = Meeting.objects.filter(council__slug="albertslund", status=MeetingStatus.MINUTES_PUBLISHED)
    years = set()
    for meeting in published:
        year = meeting.starts_at.year
        sent = date_format(timezone.localdate(meeting.agenda_published_at), "j. F Y")
        economy = AgendaItem.objects.get(meeting=meeting, standard="economy").case_text
        assert economy.startswith(f"Budget {year}: ") and economy.endswith(f"Opgjort den {sent}."), economy
        page = client.get(reverse("public:meeting", args=["albertslund", meeting.pk])).content.decode()
        assert f"Budget {year}: " in page and f"Opgjort den {sent}." in page
        years.add(year)
    assert {2019, 2026} <= years
    for meeting in Meeting.objects.filter(council__slug="albertslund", starts_at__year=2026):
        approval = AgendaItem.objects.get(meeting=meeting, standard="approval").case_text
        assert "2019" not in approval, approval
        waiting = AgendaItem.objects.get(meeting=meeting, standard="next_items").case_text
        assert "Morgenmad til alle elever" not in waiting
    # The secretariat sees the 2019 term's open items on the coming meeting, to carry over or close.
    upcoming = Meeting.objects.get(council__slug="albertslund", status=MeetingStatus.AGENDA_PUBLISHED)
    from meetings.selectors.agenda import ended_term_items

    pending = ended_term_items(meeting=upcoming)
    assert len(pending.actions) == 10 and {i.title for i in pending.backlog} == {
        "Et net af frivillige bisiddere til samtaler med kommunen", "Morgenmad til alle elever på skolerne"}


def test_the_latest_published_minutes_have_a_published_easy_read_version(seeded, client):
    from meetings.models import EasyReadMinutes

    latest = (Meeting.objects.filter(council__slug="albertslund", public=True,
                                     status=MeetingStatus.MINUTES_PUBLISHED).order_by("-starts_at").first())
    easy = EasyReadMinutes.objects.get(meeting=latest)
    assert easy.is_published and easy.lix is not None and easy.body.startswith("[møde] Rådet holdt møde den")
    assert client.get(f"/albertslund/moeder/{latest.pk}/letlaest/").status_code == 200
    assert EasyReadMinutes.objects.filter(council__slug="albertslund").count() == 1

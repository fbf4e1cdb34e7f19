"""The year plan (årshjul) shows, beside the council's meetings, what other apps register: the committee
meetings the council follows, its consultation deadlines, its events and postponed themes coming
back – with a constant number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from hearings.models import Committee, CommitteeFollow, CommitteeMeeting, Consultation, ConsultationPartner

pytestmark = pytest.mark.django_db


def _committee_meeting(council, abbreviation, day, *, follow=True):
    committee, _ = Committee.objects.get_or_create(municipality=council.municipality, abbreviation=abbreviation,
                                                   defaults={"name": f"Udvalget {abbreviation}"})
    if follow:
        CommitteeFollow.objects.get_or_create(council=council, committee=committee)
    return CommitteeMeeting.objects.create(municipality=council.municipality, committee=committee,
                                           starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(16))))


def _consultation(council, title, deadline):
    return Consultation.objects.create(council=council, title=title, received_on=deadline - dt.timedelta(days=30),
                                       deadline=deadline)


@pytest.fixture
def setup(make_user, make_council):
    secretary = make_user("sek@ex.org")
    council = make_council("aarshjul", secretary=secretary)
    other = make_council("andet", secretary=make_user("sek2@ex.org"))
    return secretary, council, other


def test_plan_lists_followed_committee_meetings_and_deadlines(client, setup):
    secretary, council, other = setup
    sus = _committee_meeting(council, "SUS", dt.date(2026, 12, 7))
    _committee_meeting(council, "KB", dt.date(2026, 12, 9), follow=False)      # not followed
    _committee_meeting(other, "BSU", dt.date(2026, 12, 8))                     # another municipality
    youth = _consultation(council, "Ungestrategi", dt.date(2026, 12, 1))
    joint = _consultation(other, "Borgerservice for alle", dt.date(2026, 12, 15))
    ConsultationPartner.objects.create(council=council, consultation=joint)     # joint: ours too
    _consultation(other, "Andet råds høring", dt.date(2026, 12, 16))            # not ours
    _consultation(council, "Sidste år", dt.date(2025, 12, 1))                   # another year

    client.force_login(secretary)
    page = client.get("/aarshjul/intern/moeder/?aar=2026").content.decode()
    assert "Udvalgsmøder og frister i december" in page
    assert f'href="/aarshjul/intern/udvalg/udvalgsmoeder/{sus.pk}/">Udvalget SUS (SUS)</a>' in page
    assert f'href="/aarshjul/intern/hoeringer/{youth.pk}/">Ungestrategi</a>' in page
    assert "Borgerservice for alle" in page
    for absent in ("Udvalget KB", "Udvalget BSU", "Andet råds høring", "Sidste år"):
        assert absent not in page


def test_plan_query_count_is_constant(client, setup, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    secretary, council, _ = setup
    _committee_meeting(council, "SUS", dt.date(2026, 3, 2))
    _consultation(council, "Høring 0", dt.date(2026, 3, 9))
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/aarshjul/intern/moeder/?aar=2026").status_code == 200
    for month in range(1, 13):
        _committee_meeting(council, "BSU", dt.date(2026, month, 10))
        _consultation(council, f"Høring {month}", dt.date(2026, month, 20))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get("/aarshjul/intern/moeder/?aar=2026").content.decode()
    assert page.count('data-testid="plan-others"') == 12


def test_plan_lists_events_and_returning_themes(client, setup):
    from activities.models import Event, Theme, ThemeStatus

    secretary, council, other = setup
    event = Event.objects.create(council=council, title="Netværksmøde for udsatteråd", own=False,
                                 starts_at=timezone.make_aware(dt.datetime(2026, 10, 5, 10)))
    Event.objects.create(council=other, title="Andet råds temadag",
                         starts_at=timezone.make_aware(dt.datetime(2026, 10, 6, 10)))
    theme = Theme.objects.create(council=council, year=2026, title="Ensomhed", status=ThemeStatus.POSTPONED,
                                 postponed_until=dt.date(2026, 9, 1))
    client.force_login(secretary)
    page = client.get("/aarshjul/intern/moeder/?aar=2026").content.decode()
    assert f'href="/aarshjul/intern/arrangementer/{event.pk}/">Netværksmøde for udsatteråd</a>' in page
    assert f'href="/aarshjul/intern/temaer/{theme.pk}/">Ensomhed</a>' in page
    assert "Udsat tema kommer igen" in page
    assert "Andet råds temadag" not in page

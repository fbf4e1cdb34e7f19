"""The deadlines overview page: who may see it, what it shows (grouped by week, days left in
words, overdue with text and a badge, reminders queued), the horizon choice, tenancy and a
constant number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearings.models import DeadlineReminder
from hearings.tests.deadlines_builders import (
    _counter,
    follow,
    make_committee,
    make_consultation,
    make_letter,
    make_meeting,
)

pytestmark = pytest.mark.django_db
D = dt.timedelta


def url(council, **params):
    base = reverse("hearings:deadlines", args=[council.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def today():
    return timezone.localdate()


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def rows(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'data-testid="deadline-row" data-kind="(\w+)" data-object="(\d+)"', html)


@pytest.fixture
def as_secretary(client, secretary, council):
    client.force_login(secretary)
    return client


@pytest.fixture
def as_chair(client, chair_user, roster):
    client.force_login(chair_user)
    return client


def test_the_secretariat_and_the_chair_see_the_page_a_member_does_not(client, council, roster, secretary,
                                                                       chair_user, member_user):
    client.force_login(member_user)
    assert client.get(url(council)).status_code == 403
    client.force_login(chair_user)
    assert client.get(url(council)).status_code == 200
    client.force_login(secretary)
    response = client.get(url(council))
    assert response.status_code == 200
    assert response.context["nav"] == "deadlines"
    client.logout()
    assert client.get(url(council)).status_code == 302  # to the login page


def test_the_page_lists_deadlines_by_week_with_days_left_in_words(as_chair, council, roster):
    day = today()
    due = make_consultation(council, "Ungestrategi", deadline=day + D(3))
    overdue = make_consultation(council, "Budgetkatalog 2020", deadline=day - D(2), status="received")
    now = make_consultation(council, "Sundhedspolitik", deadline=day)
    sus = make_committee(council, "Social- og Sundhedsudvalget", "SUS")
    follow(council, sus, days_before=2)
    meeting = make_meeting(sus, day + D(12))

    response = as_chair.get(url(council))

    assert rows(response) == [("consultation", str(overdue.pk)), ("consultation", str(now.pk)),
                              ("consultation", str(due.pk)), ("comment_letter", str(meeting.pk))]
    page = text(response)
    assert "Overskredne frister" in page
    assert f"Uge {day.isocalendar()[1]}" in page
    # overdue in words inside a badge, not by colour only
    assert '<span class="badge badge-error">Overskredet med 2 dage</span>' in response.content.decode()
    assert "I dag" in page and "Om 3 dage" in page
    assert "Udkast skrives" in page and "Modtaget" in page and "Intet brev endnu" in page
    assert "Kommentarbrev" in page and "Social- og Sundhedsudvalget – mødet den" in page
    assert "Ikke sendt endnu" in page
    assert '<th scope="row"' in response.content.decode()


def test_reminders_already_queued_are_noted(as_secretary, council):
    day = today()
    consultation = make_consultation(council, "Ungestrategi", deadline=day + D(3))
    DeadlineReminder.objects.create(council=council, kind="consultation", object_id=consultation.pk,
                                    deadline=day + D(1), recipients=2)
    DeadlineReminder.objects.create(council=council, kind="consultation", object_id=consultation.pk,
                                    deadline=day + D(3), recipients=4)

    page = text(as_secretary.get(url(council)))

    assert re.search(r"Sendt \d+\. \w+ kl\. \d\d\.\d\d til 4 modtagere", page)
    assert "om den tidligere frist" in page
    assert "Ikke sendt endnu" not in page


def test_the_horizon_can_be_chosen(as_secretary, council):
    day = today()
    make_consultation(council, "Om tre uger", deadline=day + D(weeks=3))
    make_consultation(council, "Om ti uger", deadline=day + D(weeks=10))

    default = as_secretary.get(url(council))
    assert len(rows(default)) == 1 and default.context["weeks"] == 6
    assert '<label class="form-label" for="id_uger">Vis frister for de næste</label>' in default.content.decode()
    assert len(rows(as_secretary.get(url(council, uger=2)))) == 0
    wide = as_secretary.get(url(council, uger=12))
    assert len(rows(wide)) == 2 and 'value="12" selected' in wide.content.decode()


def test_a_bad_horizon_shows_a_danish_error_and_the_default(as_secretary, council):
    make_consultation(council, "Om tre uger", deadline=today() + D(weeks=3))

    response = as_secretary.get(url(council, uger=7))

    assert response.status_code == 200
    assert response.context["weeks"] == 6 and len(rows(response)) == 1
    assert "gyldig" in text(response)  # Django's Danish message: "Marker en gyldig valgmulighed …"


def test_the_empty_state_is_danish(as_secretary, council):
    response = as_secretary.get(url(council))
    assert "Der er ingen frister i de næste 6 uger og ingen overskredne frister." in text(response)
    assert rows(response) == []


def test_another_councils_data_is_never_shown(client, council, other_council, other_secretary, other_roster):
    day = today()
    make_consultation(council, "Nordbys hemmelige høring", deadline=day + D(3))
    sus = make_committee(council, "Nordbys udvalg", "NU")
    follow(council, sus)
    make_letter(council, make_meeting(sus, day + D(5)))
    client.force_login(other_secretary)

    response = client.get(url(other_council))

    assert rows(response) == []
    assert "Nordby" not in text(response).replace("Udsatterådet Nordby", "")
    assert "Nordbys" not in text(response)
    # and Sydby's secretary has no access to Nordby's page at all
    assert client.get(url(council)).status_code == 403


def test_a_joint_consultation_shows_on_the_partners_page_with_the_lead(client, council, other_council,
                                                                       other_secretary):
    joint = make_consultation(council, "Fælles svar om boliger", deadline=today() + D(4), partners=[other_council])
    client.force_login(other_secretary)

    response = client.get(url(other_council))

    assert rows(response) == [("consultation", str(joint.pk))]
    assert "Fælles svar med Udsatterådet Nordby" in text(response)


def grow(council, n):
    day = today()
    committee = make_committee(council, f"Udvalg {next(_counter)}")
    follow(council, committee, days_before=3)
    other = make_committee(council, f"Udvalg {next(_counter)}")  # not followed: letters only
    for i in range(n):
        c = make_consultation(council, f"Høring {next(_counter)}", deadline=day + D(i % 30 - 3),
                              status=["received", "assigned", "drafting", "approved"][i % 4])
        DeadlineReminder.objects.create(council=council, kind="consultation", object_id=c.pk, deadline=c.deadline,
                                        recipients=3)
        meeting = make_meeting(committee if i % 2 else other, day + D(i + 4))
        make_letter(council, meeting, status="approved" if i % 3 else "draft")
        make_meeting(committee, day + D(i + 5))


def test_the_query_count_is_constant(as_secretary, council):
    grow(council, 2)
    as_secretary.get(url(council))  # warm the session
    with CaptureQueriesContext(connection) as small:
        first = as_secretary.get(url(council))
    grow(council, 20)
    with CaptureQueriesContext(connection) as large:
        second = as_secretary.get(url(council, uger=12))

    assert len(rows(second)) >= len(rows(first)) + 40
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)

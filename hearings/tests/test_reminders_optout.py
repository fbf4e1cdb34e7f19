"""The deadline reminders and each person's preferences: nobody who said no to reminders (the
secretariat's users are always reminded), every person's text says how to stop, an SMS waits
out the quiet hours, and the job's own queries do not grow with the number of people."""

import datetime as dt

import pytest

from councils import services as council_services
from hearings.services import reminders
from hearings.services.reminders import KIND_REMINDER, deadline_reminders_queue
from hearings.tests.deadlines_builders import CPH, TODAY, at_noon, make_consultation
from notifications.models import OutboxMessage
from notifications.tests.queries import own_queries

pytestmark = pytest.mark.django_db
D = dt.timedelta


def sent_to() -> dict[str, OutboxMessage]:
    return {m.to_address: m for m in OutboxMessage.objects.filter(kind=KIND_REMINDER)}


def test_people_who_said_no_are_left_out_and_the_secretariat_is_always_reminded(council, roster):
    make_consultation(council, deadline=TODAY + D(2), owners=[roster["erik"]])
    for name in ("bent", "erik"):
        council_services.person_reminders_set(person=roster[name], wants=False, actor=None)

    assert deadline_reminders_queue(now=at_noon(TODAY)) == 2
    assert set(sent_to()) == {"sekretariat@example.org", "anna@example.org"}


def test_each_persons_text_says_how_to_stop_and_the_secretariats_does_not(council, roster):
    make_consultation(council, deadline=TODAY + D(2))
    deadline_reminders_queue(now=at_noon(TODAY))
    messages = sent_to()

    anna, bent, secretariat = messages["anna@example.org"], messages["+45 20 30 40 50"], messages[
        "sekretariat@example.org"]
    assert "Vil du ikke have påmindelser? Sig nej her:\n{stemme-site}/nordby/intern/mine-paamindelser/" in anna.body
    assert "Indkaldelser til møderne får du stadig." in anna.body
    assert "påmindelser" not in secretariat.body.split("-- ")[-1] and "mine-paamindelser" not in secretariat.body
    assert bent.body.endswith(" Ingen påmindelser? Sig det til sekretariatet.") and len(bent.body) < 300


def test_svar_stop_when_replies_reach_stemme(council, roster, settings):
    settings.STEMME_SMS_GATEWAY = "notifications.sms.LoggingGateway"
    settings.STEMME_SMS_WEBHOOK_SECRET = "hemmelig"
    make_consultation(council, deadline=TODAY + D(2))
    deadline_reminders_queue(now=at_noon(TODAY))
    assert sent_to()["+45 20 30 40 50"].body.endswith(" Svar STOP for ingen påmindelser.")


def test_an_sms_queued_at_night_waits_for_the_morning(council, roster, settings):
    settings.STEMME_SMS_QUIET_HOURS = "21-8"
    make_consultation(council, deadline=TODAY + D(2))

    deadline_reminders_queue(now=dt.datetime.combine(TODAY, dt.time(23, 15), tzinfo=CPH))

    messages = sent_to()
    assert messages["+45 20 30 40 50"].send_after == dt.datetime.combine(TODAY + D(1), dt.time(8), tzinfo=CPH)
    assert messages["anna@example.org"].send_after is None


def test_the_jobs_own_queries_do_not_grow_with_the_number_of_owners(council, other_council, add_member,
                                                                    monkeypatch):
    few = [add_member(council, f"Ejer{i} Holm", email=f"e{i}@nordby.dk").person for i in range(3)]
    many = [add_member(other_council, f"Ejer{i} Lund", email=f"e{i}@sydby.dk").person for i in range(30)]
    make_consultation(council, deadline=TODAY + D(2), owners=few)
    make_consultation(other_council, deadline=TODAY + D(2), owners=many)

    def run(c):
        return lambda: reminders.council_reminders_queue(council=c, today=TODAY, now=at_noon(TODAY))

    own_few, cost_few = own_queries(monkeypatch, run(council), reminders)
    own_many, cost_many = own_queries(monkeypatch, run(other_council), reminders)

    assert (cost_few.calls, cost_many.calls) == (3 + 1, 30 + 1)  # the owners and the secretariat
    assert own_few == own_many, "the job's own queries grew with the number of people"

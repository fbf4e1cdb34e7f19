"""Quiet hours (notifications.quiet): no SMS leaves at night. The rule by example, the nights the
clocks change, a property over any moment and window, and outbox_enqueue applying it to SMS
only, never earlier than the caller's own send_after; the worker then leaves it until morning."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from notifications import services
from notifications.models import OutboxMessage, OutboxStatus
from notifications.quiet import in_quiet_hours, parse_quiet_hours, quiet_hours_send_after

CPH = ZoneInfo("Europe/Copenhagen")
UTC = dt.UTC
DEFAULT = parse_quiet_hours("21-8")


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


@pytest.fixture
def quiet(settings):
    settings.STEMME_SMS_QUIET_HOURS = "21-8"


# --- The setting ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("21-8", (dt.time(21), dt.time(8))),
    (" 22:30 - 7:05 ", (dt.time(22, 30), dt.time(7, 5))),
    ("0-6", (dt.time(0), dt.time(6))),
    ("", None), ("off", None), ("8-8", None),
])
def test_the_setting_is_read_as_a_window_of_local_time(value, expected):
    assert parse_quiet_hours(value) == expected


@pytest.mark.parametrize("value", ["21", "21-25", "nat", "21:60-8", "21–8x"])
def test_a_setting_that_cannot_be_read_says_how_to_write_it(value):
    with pytest.raises(ImproperlyConfigured, match="21-8"):
        parse_quiet_hours(value)


# --- The rule by example ---------------------------------------------------------------------------

@pytest.mark.parametrize("now, expected", [
    (local(2026, 5, 12, 20, 59), None),
    (local(2026, 5, 12, 21, 0), local(2026, 5, 13, 8, 0)),
    (local(2026, 5, 12, 23, 45), local(2026, 5, 13, 8, 0)),
    (local(2026, 5, 13, 3, 0), local(2026, 5, 13, 8, 0)),
    (local(2026, 5, 13, 7, 59, 59), local(2026, 5, 13, 8, 0)),
    (local(2026, 5, 13, 8, 0), None),
    (local(2026, 5, 13, 12, 0), None),
    # The nights the clocks change: 08:00 local is still 08:00 local.
    (local(2026, 3, 28, 22, 0), local(2026, 3, 29, 8, 0)),    # spring forward (02:00 -> 03:00)
    (local(2026, 10, 24, 22, 0), local(2026, 10, 25, 8, 0)),  # fall back (03:00 -> 02:00)
    (local(2026, 12, 31, 23, 0), local(2027, 1, 1, 8, 0)),
])
def test_an_sms_in_quiet_hours_waits_until_eight(now, expected):
    got = quiet_hours_send_after(now, window=DEFAULT)
    assert got == expected
    if got is not None:
        assert got.tzinfo is not None and got.utcoffset() == dt.timedelta(0)  # stored as UTC


def test_the_night_the_clocks_go_back_an_end_that_exists_twice_is_never_in_the_past():
    window = parse_quiet_hours("21-2:30")
    # 02:10 the second time (CET, after the clocks went back): the first 02:30 (CEST) has passed.
    second = dt.datetime(2026, 10, 25, 2, 10, tzinfo=CPH).replace(fold=1)
    got = quiet_hours_send_after(second, window=window)
    assert got > second
    assert got == dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the second 02:30


def test_an_end_that_does_not_exist_that_night_gives_the_first_moment_after_the_gap():
    window = parse_quiet_hours("1-2:30")  # 02:30 does not exist on 29 March 2026
    got = quiet_hours_send_after(local(2026, 3, 29, 1, 30), window=window)
    assert got == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert not in_quiet_hours(got, window=window)


WINDOWS = st.sampled_from(["21-8", "22-7", "21:30-7:45", "0-6", "1-3", "2-3", "23-2:30", "2:30-3", "20-2"])
#: Moments over two years, with the nights the clocks change drawn often.
AROUND_DST = st.sampled_from([dt.datetime(2026, 3, 29, tzinfo=UTC), dt.datetime(2026, 10, 25, tzinfo=UTC),
                              dt.datetime(2027, 3, 28, tzinfo=UTC), dt.datetime(2027, 10, 31, tzinfo=UTC)])
MOMENTS = st.one_of(
    st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.just(UTC)),
    st.builds(lambda day, seconds: day + dt.timedelta(seconds=seconds), AROUND_DST,
              st.integers(min_value=-36 * 3600, max_value=36 * 3600)),
)


@hypothesis_settings(max_examples=400, deadline=None)
@given(now=MOMENTS, value=WINDOWS)
def test_the_time_given_is_never_in_quiet_hours_and_never_before_now(now, value):
    window = parse_quiet_hours(value)
    got = quiet_hours_send_after(now, window=window)
    if not in_quiet_hours(now, window=window):
        assert got is None
        return
    assert got is not None
    assert got > now
    assert not in_quiet_hours(got, window=window)
    assert got - now <= dt.timedelta(hours=25)
    # The first such moment: a minute earlier it was still quiet (or before now) – unless the
    # window's end did not exist that night (the clocks jumped over it within the hour before).
    earlier = got - dt.timedelta(minutes=1)
    jumped = (got - dt.timedelta(hours=1)).astimezone(CPH).utcoffset() != got.astimezone(CPH).utcoffset()
    assert earlier <= now or in_quiet_hours(earlier, window=window) or jumped


# --- outbox_enqueue -----------------------------------------------------------------------------------

def enqueue(council, person, channel, *, now, **fields):
    address = {"email": person.email, "sms": person.phone, "letter": person.address}[channel]
    return services.outbox_enqueue(council=council, channel=channel, person=person, to_address=address,
                                   subject="Påmindelse", body="Husk mødet i morgen.", kind="test.reminder",
                                   now=now, **fields)


def test_an_sms_stored_at_night_waits_until_eight_and_email_and_letters_do_not(council, people, quiet):
    night = local(2026, 5, 12, 23, 30)

    sms = enqueue(council, people["sms"], "sms", now=night)
    email = enqueue(council, people["email"], "email", now=night)
    letter = enqueue(council, people["letter"], "letter", now=night)

    assert sms.send_after == local(2026, 5, 13, 8, 0)
    assert email.send_after is None and letter.send_after is None


def test_by_day_an_sms_leaves_at_once(council, people, quiet):
    assert enqueue(council, people["sms"], "sms", now=local(2026, 5, 12, 14, 0)).send_after is None


def test_never_earlier_than_the_callers_own_send_after(council, people, quiet):
    night = local(2026, 5, 12, 23, 30)
    later = local(2026, 5, 13, 10, 0)
    assert enqueue(council, people["sms"], "sms", now=night, send_after=later).send_after == later
    # A wait asked for that ends in the quiet hours is moved to their end.
    assert (enqueue(council, people["sms"], "sms", now=local(2026, 5, 12, 14, 0),
                    send_after=local(2026, 5, 12, 22, 0)).send_after == local(2026, 5, 13, 8, 0))


def test_switched_off_no_sms_waits(council, people, settings):
    settings.STEMME_SMS_QUIET_HOURS = ""
    assert enqueue(council, people["sms"], "sms", now=local(2026, 5, 12, 23, 30)).send_after is None


def test_the_worker_leaves_the_sms_until_morning(council, people, quiet, settings):
    settings.STEMME_SMS_GATEWAY = "notifications.sms.LoggingGateway"
    sms = enqueue(council, people["sms"], "sms", now=local(2026, 5, 12, 23, 30))
    assert sms.status == OutboxStatus.PENDING

    assert services.outbox_send_pending(now=local(2026, 5, 13, 2, 0))["claimed"] == 0
    assert services.outbox_send_pending(now=local(2026, 5, 13, 8, 0))["sent"] == 1
    assert OutboxMessage.objects.get(pk=sms.pk).sent_at == local(2026, 5, 13, 8, 0)


class _FailingGateway:
    automatic = True

    def send(self, to, text):
        raise OSError("the provider is down")


def test_an_sms_that_fails_in_the_evening_is_not_retried_in_the_night(council, people, quiet, settings):
    settings.STEMME_SMS_GATEWAY = f"{__name__}._FailingGateway"
    settings.STEMME_OUTBOX_BACKOFF_SECONDS = 30 * 60  # the first retry would be at 21.10
    sms = enqueue(council, people["sms"], "sms", now=local(2026, 5, 12, 20, 40))

    services.outbox_send_pending(now=local(2026, 5, 12, 20, 40))

    sms.refresh_from_db()
    assert sms.status == OutboxStatus.FAILED and sms.send_after == local(2026, 5, 13, 8, 0)

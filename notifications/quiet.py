"""Being considerate: no SMS at night, and reminders only to those who want them.

**Quiet hours.** ``STEMME_SMS_QUIET_HOURS`` ["21-8"] is a window of local time (the site's
``TIME_ZONE``, Europe/Copenhagen) in which no SMS leaves: "21-8" is 21:00 to 08:00, "22:30-7"
works too, a window may lie within one day ("0-6"), and "" (or "off") switches it off.
``outbox_enqueue`` asks :func:`quiet_hours_send_after` for every SMS it stores – invitations and
reminders alike – and an SMS stored (or asked to wait until) inside the window waits until the
window ends (``send_after``). E-mail and letters are not affected.

The rule works when a message is stored, and again when a failed SMS is given its next try (the
retry waits out the window too). A message stored before the window with no wait but sent late
(the worker was stopped for hours) is not held back. An answer to a text the person has just
sent, and a login code they asked for, leave at once (``outbox_enqueue(asked_now=True)``).

The window is computed on local wall-clock time and the answer is an aware UTC datetime; the
days the clocks change are handled (an end time that does not exist that night, or exists twice,
gives the first moment after ``now`` at which the window is over).

**Reminders.** A person with ``Person.wants_reminders`` False gets no reminders (invitations
always come). :func:`reminder_contact` is the one rule every reminder job follows: the person's
channel and address (``notifications.addressing.contact_for``), or None for a person who said
no, or whom only a letter reaches (a letter arrives after what it reminds of). Every reminder
ends with :func:`stop_text`: how to say no to reminders."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import links
from councils.models import Channel
from notifications.addressing import Contact, contact_for
from notifications.models import OutboxChannel

DEFAULT_QUIET_HOURS = "21-8"
_WINDOW = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*$")


@lru_cache(maxsize=16)
def parse_quiet_hours(value: str) -> tuple[dt.time, dt.time] | None:
    """("21-8") -> (21:00, 08:00); None when switched off ("", "off", or start == end)."""
    if value is None or value.strip().lower() in ("", "off", "0", "none"):
        return None
    match = _WINDOW.match(value)
    if not match:
        raise ImproperlyConfigured(f"STEMME_SMS_QUIET_HOURS={value!r}: write it as \"21-8\" or \"21:30-7:45\".")
    start_h, start_m, end_h, end_m = (int(g) if g else 0 for g in match.groups())
    if start_h > 23 or end_h > 23 or start_m > 59 or end_m > 59:
        raise ImproperlyConfigured(f"STEMME_SMS_QUIET_HOURS={value!r}: hours 0–23 and minutes 0–59, "
                                   "as in \"21-8\" or \"21:30-7:45\".")
    start, end = dt.time(start_h, start_m), dt.time(end_h, end_m)
    return None if start == end else (start, end)


def quiet_window() -> tuple[dt.time, dt.time] | None:
    return parse_quiet_hours(str(getattr(settings, "STEMME_SMS_QUIET_HOURS", DEFAULT_QUIET_HOURS)))


def _in_window(wall: dt.time, window: tuple[dt.time, dt.time]) -> bool:
    start, end = window
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end  # across midnight


def in_quiet_hours(moment: dt.datetime, *, window: tuple[dt.time, dt.time] | None = None) -> bool:
    """Whether ``moment`` (aware) falls inside the quiet hours, by local wall-clock time."""
    window = window if window is not None else quiet_window()
    if window is None:
        return False
    local = moment.astimezone(timezone.get_default_timezone())
    return _in_window(local.time(), window)


def quiet_hours_send_after(now: dt.datetime, *, window: tuple[dt.time, dt.time] | None = None) -> dt.datetime | None:
    """When an SMS that would leave at ``now`` may leave instead: None outside the quiet hours,
    otherwise the first moment after ``now`` when they are over (the window's end, local time),
    as an aware UTC datetime."""
    window = window if window is not None else quiet_window()
    if window is None or not in_quiet_hours(now, window=window):
        return None
    tz = timezone.get_default_timezone()
    today = now.astimezone(tz).date()
    candidates = []
    for day in (today, today + dt.timedelta(days=1), today + dt.timedelta(days=2)):
        for fold in (0, 1):  # the end may exist twice the night the clocks go back
            at = dt.datetime.combine(day, window[1], tzinfo=tz).replace(fold=fold).astimezone(dt.UTC)
            if at > now and not in_quiet_hours(at, window=window):
                candidates.append(at)
    return min(candidates)


# --- Reminders ----------------------------------------------------------------------------------

def reminder_contact(person) -> Contact | None:
    """How a reminder reaches ``person``: their channel and address, or None when they want no
    reminders or only a letter reaches them."""
    if not person.wants_reminders:
        return None
    contact = contact_for(person)
    if contact.channel not in (Channel.EMAIL, Channel.SMS):
        return None
    return contact


def replies_enabled() -> bool:
    """Whether a member can answer an SMS (``notifications.sms.replies_enabled``)."""
    from notifications import sms

    check = getattr(sms, "replies_enabled", None)
    return bool(check()) if check is not None else False


def my_reminders_url(council, *, base_url: str | None = None) -> str:
    """The member's own page where they say yes or no to reminders."""
    return links.message_url(reverse("councils:my_reminders", args=[council.slug]), base_url)


def stop_text(*, council, channel: str, base_url: str | None = None) -> str:
    """The line at the end of every reminder that tells how to get no more reminders: "Svar
    STOP" by SMS when replies reach Stemme, otherwise the secretariat's phone; by e-mail the
    member's own page (and the phone). Invitations still come, and the text says so by e-mail."""
    phone = (getattr(council, "phone", "") or "").strip()
    if channel == Channel.SMS:
        if replies_enabled():
            return _("Svar STOP for ingen påmindelser.")
        if phone:
            return _("Ingen påmindelser? Ring %(phone)s.") % {"phone": phone}
        return _("Ingen påmindelser? Sig det til sekretariatet.")
    lines = [_("Vil du ikke have påmindelser? Sig nej her:"), my_reminders_url(council, base_url=base_url)]
    if phone:
        lines.append(_("Du kan også ringe til sekretariatet på %(phone)s.") % {"phone": phone})
    lines.append(_("Indkaldelser til møderne får du stadig."))
    return "\n".join(lines)


def reminder_enqueue(*, council, person, contact: Contact, template: str, context: dict, kind: str, meeting=None,
                     now: dt.datetime | None = None, base_url: str | None = None):
    """Queue one reminder to ``person`` by ``contact`` (from :func:`reminder_contact`): the subject
    from ``<template>_subject.txt``, the text from ``<template>.txt`` (e-mail) or
    ``<template>_sms.txt`` (one line), each given ``stop_text`` (how to say no to reminders) besides
    ``context``, ``council``, ``person`` and ``channel``. Through ``outbox_enqueue``, so an SMS
    waits out the quiet hours. The caller chooses the language (``translation.override``)."""
    from notifications.services import outbox_enqueue

    ctx = {"council": council, "person": person, "channel": contact.channel,
           "stop_text": stop_text(council=council, channel=contact.channel, base_url=base_url), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
    if contact.channel == Channel.SMS:
        body = " ".join(render_to_string(f"{template}_sms.txt", ctx).split())
    else:
        body = render_to_string(f"{template}.txt", ctx).strip() + "\n"
    return outbox_enqueue(council=council, channel=OutboxChannel(contact.channel), person=person,
                          to_address=contact.address, subject=subject, body=body, kind=kind, meeting=meeting, now=now)

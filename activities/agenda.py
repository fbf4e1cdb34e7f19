"""The activities app's part of the agenda: the case text of the standard item "Kommende
arrangementer" (registered in ``meetings.standard_texts`` by ``ActivitiesConfig.ready``).
The report back from an event becomes an information item through
``activities.services.events.report_save``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from activities.selectors import events as selectors
from core.formats import long_date, long_datetime, time_text


def _when(event) -> str:
    start = timezone.localtime(event.starts_at)
    text = long_datetime(start)
    if event.ends_at is not None:
        end = timezone.localtime(event.ends_at)
        text += "–" + (time_text(end) if end.date() == start.date() else long_date(end))
    return text


def event_line(row) -> str:
    """"• 12. maj 2026 kl. 10.00–15.00: Title, Place – tilmeldt: A, B – venteliste: C"."""
    event = row.event
    head = f"• {_when(event)}: {event.title}" + (f", {event.place}" if event.place else "")
    parts = [head]
    if row.signed_up:
        parts.append(_("tilmeldt: %(names)s") % {"names": ", ".join(p.name for p in row.signed_up)})
    else:
        parts.append(_("ingen tilmeldt endnu"))
    if row.waiting:
        parts.append(_("venteliste: %(names)s") % {"names": ", ".join(p.name for p in row.waiting)})
    if event.signup_deadline is not None:
        parts.append(_("tilmelding senest %(date)s") % {"date": long_date(event.signup_deadline)})
    return " – ".join(parts)


def events_text(*, meeting, as_of: dt.date) -> str:
    """Events from the meeting's day to about three months later that were known on ``as_of``
    (the day the agenda was sent), with who had signed up by then."""
    rows = selectors.events_for_agenda(meeting=meeting, as_of=as_of)
    if not rows:
        return _("Der er ingen kommende arrangementer de næste tre måneder.")
    lines = [_("Kommende arrangementer de næste tre måneder – hvem fra rådet deltager?")]
    lines += [event_line(row) for row in rows]
    return "\n".join(lines)

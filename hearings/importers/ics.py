"""iCalendar file (.ics) of committee meeting dates, e.g. the municipality's published meeting
plan. Each ``VEVENT`` is one meeting; there are no agenda items (they come later with the
manifest, which then fills in the same meeting).

* ``UID`` → the meeting's external id (a re-import updates the same meeting).
* ``SUMMARY`` names the committee: "Social- og Sundhedsudvalget", "SUS", "Social- og
  Sundhedsudvalget (SUS)", "SUS – Social- og Sundhedsudvalget" or "Møde i …".
* ``DTSTART`` → start (a zone-less time is local; a date without time is that day).
* ``LOCATION`` and ``URL`` → place and link.

Cancelled events (``STATUS:CANCELLED``) are not imported; a repeating event (``RRULE``) gives
its first date only – both are said in the report.
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
from django.utils.translation import gettext as _

from hearings.importers.base import (
    YEAR_MAX,
    YEAR_MIN,
    ImportRefused,
    ParsedMeeting,
    ParseResult,
    at_line,
    clean_line,
    format_moment,
    local_zone,
    register,
)

_ABBR = r"[A-ZÆØÅ][A-ZÆØÅ0-9]{1,9}"
_NAME_ABBR = re.compile(rf"^(?P<name>.+?)\s*\((?P<abbr>{_ABBR})\)$")
_ABBR_NAME = re.compile(rf"^(?P<abbr>{_ABBR})\s*[:–—-]\s*(?P<name>.+)$")
_ABBR_ONLY = re.compile(rf"^(?P<abbr>{_ABBR})$")
_PREFIX = re.compile(r"^(?:udvalgsmøde|møde|mødet)\s*(?:i|:|–|-)\s*", re.IGNORECASE)
_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")


def committee_from_summary(summary: str) -> tuple[str, str]:
    """``"Møde i Social- og Sundhedsudvalget (SUS)"`` → ``("Social- og Sundhedsudvalget", "SUS")``;
    ``"SUS"`` → ``("", "SUS")``; ``"Børne- og Skoleudvalget"`` → ``("Børne- og Skoleudvalget", "")``."""
    text = _PREFIX.sub("", clean_line(summary))
    for pattern in (_NAME_ABBR, _ABBR_NAME, _ABBR_ONLY):
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            return _PREFIX.sub("", groups.get("name") or "").strip(), groups["abbr"]
    return text, ""


def _scan(text: str) -> list[dict[str, int]]:
    """Check the file's lines (after unfolding) and return, for each VEVENT, the line of each
    of its properties ("BEGIN" = where it begins). Raises ImportRefused naming the first bad line."""
    event_lines: list[dict[str, int]] = []
    stack: list[tuple[str, int]] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw[0] in " \t":  # blank, or a folded continuation of the line above
            continue
        if not _CONTENT_LINE.match(raw):
            raise ImportRefused(_("Kalenderfilen kan ikke læses: linje %(line)s er ikke en gyldig kalenderlinje "
                                  "(“%(text)s”).") % {"line": number, "text": clean_line(raw)[:60]},
                                line=number, code="malformed")
        name, _sep, value = raw.partition(":")
        keyword = name.split(";", 1)[0].upper()
        component = value.strip().upper()
        if keyword == "BEGIN":
            stack.append((component, number))
            if component == "VEVENT":
                event_lines.append({"BEGIN": number})
        elif keyword == "END":
            if not stack or stack[-1][0] != component:
                raise ImportRefused(_("Kalenderfilen kan ikke læses: linje %(line)s afslutter %(component)s, som "
                                      "ikke er begyndt.") % {"line": number, "component": component[:30]},
                                    line=number, code="malformed")
            stack.pop()
        elif stack and stack[-1][0] == "VEVENT":
            event_lines[-1].setdefault(keyword, number)
    if stack:
        component, number = stack[-1]
        raise ImportRefused(_("Kalenderfilen kan ikke læses: %(component)s, der begynder i linje %(line)s, afsluttes "
                              "aldrig (filen er måske skåret over).") % {"component": component[:30], "line": number},
                            line=number, code="malformed")
    return event_lines


def _start(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=local_zone())
        return value.astimezone(local_zone())
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0), tzinfo=local_zone())
    raise ValueError


def _text(event, name: str) -> str:
    value = event.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice
        value = value[0]
    return clean_line(str(value))


class IcsImporter:
    kind = "ics"
    key = "ics"
    label = "Kalenderfil (iCalendar)"
    source = "ics"

    def accepts(self, sniffed) -> bool:
        return sniffed.kind == "ics"

    def parse(self, data: bytes) -> ParseResult:
        raw = data.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[:error.start].count(b"\n") + 1
            raise ImportRefused(_("Kalenderfilen er ikke gemt som UTF-8: linje %(line)s indeholder tegn, der ikke kan "
                                  "læses. Gem filen som UTF-8 og prøv igen.") % {"line": line},
                                line=line, code="encoding") from None
        event_lines = _scan(text)
        try:
            calendar = icalendar.Calendar.from_ical(text)
            events = list(calendar.walk("VEVENT"))
        except Exception as error:  # noqa: BLE001 – the library raises many kinds for broken input
            raise ImportRefused(_("Kalenderfilen kan ikke læses (%(reason)s).")
                                % {"reason": clean_line(str(error))[:120]}, code="malformed") from None
        if not events:
            raise ImportRefused(_("Kalenderfilen indeholder ingen møder (ingen VEVENT)."), code="no_meetings")
        result = ParseResult(importer_key=self.key, label=self.label, source=self.source)
        for index, event in enumerate(events):
            lines = event_lines[index] if len(event_lines) == len(events) else {}
            meeting = self._meeting(event, lines, result)
            if meeting is not None:
                result.meetings.append(meeting)
        return result

    def _meeting(self, event, lines: dict[str, int], result: ParseResult) -> ParsedMeeting | None:
        line = lines.get("BEGIN")
        try:
            name, abbreviation = committee_from_summary(_text(event, "SUMMARY"))
            if not name and not abbreviation:
                result.refused.append(at_line(line, _("begivenheden har ingen titel (SUMMARY), så udvalget kendes "
                                                      "ikke; den er ikke importeret")))
                return None
            prop = event.get("DTSTART")
            if prop is None:
                result.refused.append(at_line(line, _("mødet i %(committee)s har ingen starttid (DTSTART) og er ikke "
                                                      "importeret") % {"committee": abbreviation or name}))
                return None
            try:
                starts_at = _start(prop.dt)
            except Exception:  # noqa: BLE001 – a broken property raises on access
                reason = _("mødet i %(committee)s har en starttid (DTSTART), der ikke kan læses; det er ikke "
                           "importeret") % {"committee": abbreviation or name}
                result.refused.append(at_line(lines.get("DTSTART", line), reason))
                return None
            if not YEAR_MIN <= starts_at.year <= YEAR_MAX:
                result.refused.append(at_line(line, _("mødet i %(committee)s ligger i år %(year)s; det er ikke "
                                                      "importeret") % {"committee": abbreviation or name,
                                                                       "year": starts_at.year}))
                return None
            label = f"{abbreviation or name} {format_moment(starts_at)}"
            if _text(event, "STATUS").upper() == "CANCELLED":
                result.notes.append(at_line(line, _("mødet i %(label)s er aflyst i kalenderen og er ikke importeret")
                                            % {"label": label}))
                return None
            if event.get("RRULE") is not None:
                result.notes.append(at_line(line, _("mødet i %(label)s gentages i kalenderen; kun den første dato er "
                                                    "importeret") % {"label": label}))
            return ParsedMeeting(committee_name=name, committee_abbreviation=abbreviation,
                                 starts_at=starts_at, location=_text(event, "LOCATION"), url=_text(event, "URL"),
                                 external_id=_text(event, "UID")[:200], line=line, has_agenda=False)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError) as error:
            result.refused.append(at_line(line, _("begivenheden kan ikke læses (%(reason)s); den er ikke importeret")
                                          % {"reason": clean_line(str(error))[:80]}))
            return None


register(IcsImporter)

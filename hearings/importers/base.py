"""The shared shape of every committee-agenda importer: what a parsed file looks like, the
report an import gives back, the whole-file refusal, the helpers every format needs (dates,
text, numbers) and the registry that picks the importer for a file by looking at its content.

An importer is a small object with

* ``key`` (``"sbsys"``), ``label`` (shown in the report, e.g. "SBSYS-dagsorden (XML)"),
  ``source`` (``hearings.models.Source`` value stored on meetings it creates),
* ``accepts(sniffed: Sniffed) -> bool``: whether it reads a file whose kind ("xml"/"ics") and
  XML root element name (normalised, see ``xmltree.normalise``) are ``sniffed``,
* ``parse(data: bytes) -> ParseResult``: the meetings and items of the file. Problems with the
  file as a whole raise ``ImportRefused``; a bad meeting or item becomes a line in
  ``ParseResult.refused`` ("Linje 14: punktet mangler en overskrift") and is left out.

``register(importer)`` adds one (a later one with the same key replaces the earlier), so a new
records system (eDoc, FirstAgenda, …) is one module with one class and one ``register`` call.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formats import short_date, time_text

MAX_IMPORT_BYTES = 5 * 1024 * 1024  # a manifest of 2,000 items with case texts is well under this
MAX_ITEMS = 2000                    # per file, all meetings together
MAX_MEETINGS = 500                  # per file (a calendar of several years is far below this)
YEAR_MIN, YEAR_MAX = 1990, 2100     # a date outside this is a typing or export error


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)  # Europe/Copenhagen


# --- Parsed data --------------------------------------------------------------------------------

@dataclass
class ParsedItem:
    number: int
    title: str
    case_code: str = ""
    url: str = ""
    case_text: str = ""
    closed: bool = False
    external_id: str = ""
    line: int | None = None  # where the item starts in the file (for messages)


@dataclass
class ParsedMeeting:
    committee_name: str
    committee_abbreviation: str  # "" when the file gives only the name
    starts_at: dt.datetime  # aware, Europe/Copenhagen
    location: str = ""
    url: str = ""
    external_id: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    line: int | None = None
    has_agenda: bool = True  # False for calendar files: they carry dates, never items


@dataclass
class ParseResult:
    importer_key: str
    label: str
    source: str
    meetings: list[ParsedMeeting] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(m.items) for m in self.meetings)


@dataclass(frozen=True)
class Sniffed:
    kind: str        # "xml" | "ics"
    root: str = ""   # the XML root element's normalised name ("dagsorden")
    raw_root: str = ""  # as written, for messages


class ImportRefused(ApplicationError):
    """The file as a whole cannot be imported; nothing is written. ``message`` is Danish and
    names the line where that is known."""

    def __init__(self, message, *, line: int | None = None, code: str = "refused"):
        super().__init__(message, field="file", code=code)
        self.line = line


# --- The report -------------------------------------------------------------------------------

@dataclass
class ReportMeeting:
    """A committee meeting the import touched, for a link on the report page."""

    pk: int
    label: str   # "SUS 14.03.2018 kl. 16.00"
    status: str  # "added" | "changed" | "unchanged"

    # Flags for the report template, which compares with no raw string.
    @property
    def is_added(self) -> bool:
        return self.status == "added"

    @property
    def is_changed(self) -> bool:
        return self.status == "changed"


@dataclass
class ImportReport:
    """What an import did, as Danish sentences. ``refused`` lines name the source line and the
    reason; ``notes`` are things worth knowing that are neither (kept items, guessed
    abbreviations)."""

    filename: str = ""
    format_label: str = ""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    meetings: list[ReportMeeting] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "unchanged": len(self.unchanged),
                "refused": len(self.refused)}

    @property
    def wrote_anything(self) -> bool:
        return bool(self.added or self.changed)


# --- Helpers shared by the formats --------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\s*/?>", re.IGNORECASE)


def clean_line(value: str | None) -> str:
    """One line of text: control characters removed, whitespace collapsed, trimmed."""
    if not value:
        return ""
    return _SPACES.sub(" ", _CONTROL.sub("", value).replace("\n", " ")).strip()


def clean_text(value: str | None) -> str:
    """A multi-paragraph text: control characters removed, lines trimmed, at most one blank line
    between paragraphs. Text that is HTML (records systems often export the case text as
    escaped HTML) is turned into plain paragraphs."""
    if not value:
        return ""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if _TAG.search(value):
        value = _BLOCK_TAG.sub("\n\n", value)
        value = html.unescape(_TAG.sub("", value))
        value = _CONTROL.sub("", value)
    paragraphs, current = [], []
    for raw in value.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def at_line(line: int | None, message: str) -> str:
    """``"Linje 14: punktet mangler en overskrift"`` (or the bare message without a line)."""
    if line:
        return _("Linje %(line)s: %(message)s") % {"line": line, "message": message}
    return message[:1].upper() + message[1:]


_TRUE = {"1", "true", "ja", "yes", "j", "y", "sand", "lukket", "closed", "x"}
_FALSE = {"", "0", "false", "nej", "no", "n", "falsk", "aaben", "åben", "open", "public", "offentlig"}


def parse_bool(value: str | None) -> bool | None:
    """``"true"``/``"ja"``/``"1"`` → True, ``"false"``/``"nej"``/``"0"``/empty → False, else None."""
    value = clean_line(value).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


_NUMBER = re.compile(r"^(?:punkt|pkt\.?|item|nr\.?|no\.?)?\s*(\d{1,6})\s*\.?$", re.IGNORECASE)


def parse_number(value: str | None) -> int | None:
    """``"3"``, ``"3."``, ``"Punkt 3"`` → 3; anything else (or 0, or above 9999) → None."""
    match = _NUMBER.match(clean_line(value))
    if not match:
        return None
    number = int(match.group(1))
    return number if 1 <= number <= 9999 else None


MONTHS = {"januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5,
          "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
          "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
_DANISH = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})"
                     r"(?:,?\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?)?$", re.IGNORECASE)
_WORDS = re.compile(r"^(?:[a-zæøå]+dag\s+(?:den\s+)?)?(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})"
                    r"(?:,?\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2}))?$", re.IGNORECASE)
_TIME = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?(?:[:.]\d{2})?$", re.IGNORECASE)


class DateProblem(ValueError):
    """A date or time that cannot be read; ``str()`` is a Danish reason for the report."""


def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() == "Z":
        return dt.UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        raise ValueError
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def parse_time(value: str | None) -> dt.time | None:
    """``"16:00"``, ``"kl. 16.30"``, ``"16"`` → a time; empty → None; raises DateProblem."""
    text = clean_line(value)
    if not text:
        return None
    match = _TIME.match(text)
    try:
        if not match:
            raise ValueError
        return dt.time(int(match.group(1)), int(match.group(2) or 0))
    except ValueError:
        raise DateProblem(_("klokkeslættet “%(value)s” kan ikke læses (skriv fx 16:00)")
                          % {"value": text[:40]}) from None


def parse_datetime(value: str | None, time_value: str | None = None) -> dt.datetime:
    """A meeting's start from the ways records systems write it: ISO 8601 (``2018-03-14T16:00:00``,
    with or without ``Z``/offset), Danish numeric (``14.03.2018 kl. 16.00``, ``14-03-2018 16:00``)
    or in words (``onsdag den 14. marts 2018 kl. 16.00``). A separate ``time_value`` fills in a
    date without a time; a date with neither is midnight. Times without an offset are local
    (Europe/Copenhagen). Raises DateProblem with a Danish reason."""
    text = clean_line(value)
    if not text:
        raise DateProblem(_("mødet har ingen dato"))
    problem = DateProblem(_("datoen “%(value)s” kan ikke læses (skriv fx 2018-03-14T16:00 eller "
                            "14.03.2018 kl. 16.00)") % {"value": text[:60]})
    zone: dt.tzinfo | None = None
    match = _ISO.match(text)
    try:
        if match:
            year, month, day, hour, minute, second, offset = match.groups()
            zone = _offset(offset)
        elif match := _DANISH.match(text):
            day, month, year, hour, minute = match.groups()
            second = None
        elif match := _WORDS.match(text):
            day, month_name, year, hour, minute = match.groups()
            second = None
            month = MONTHS.get(month_name.lower())
            if month is None:
                raise ValueError
        else:
            raise problem
        date = dt.date(int(year), int(month), int(day))
        if hour is not None:
            time = dt.time(int(hour), int(minute), int(second or 0))
        else:
            time = parse_time(time_value) or dt.time(0, 0)
    except (ValueError, OverflowError) as error:
        if isinstance(error, DateProblem) and error is not problem:
            raise
        raise problem from None
    if not YEAR_MIN <= date.year <= YEAR_MAX:
        raise DateProblem(_("datoen “%(value)s” ligger uden for årene %(min)s–%(max)s")
                          % {"value": text[:60], "min": YEAR_MIN, "max": YEAR_MAX})
    moment = dt.datetime.combine(date, time)
    if zone is None:
        return moment.replace(tzinfo=local_zone())
    return moment.replace(tzinfo=zone).astimezone(local_zone())


def format_moment(moment: dt.datetime) -> str:
    """``14.03.2018 kl. 16.00`` in local time (``14.03.2018`` at midnight: a date without a time)."""
    local = moment.astimezone(local_zone())
    if local.hour == 0 and local.minute == 0:
        return short_date(local)
    return short_date(local) + " " + _("kl. %(time)s") % {"time": time_text(local)}


def format_size(size: int) -> str:
    mb = size / (1024 * 1024)
    return number_format(mb, 0 if mb == int(mb) else 1)


_STOPWORDS = {"og", "i", "for", "af", "til", "med", "the", "and", "of"}


def guess_abbreviation(name: str) -> str:
    """An abbreviation for a committee the file names without one: the initials of its words,
    a closing "-udvalget" counting as U ("Teknik- og Miljøudvalget" → "TMU"). The report says
    it was guessed, so the secretariat can correct it."""
    words = [w for w in re.split(r"[\s\-–/]+", clean_line(name)) if w and w.lower() not in _STOPWORDS]
    letters = "".join(w[0] for w in words if w[0].isalpha()).upper()
    if words and words[-1].lower().endswith("udvalget") and words[-1].lower() != "udvalget":
        letters += "U"
    return (letters or "UDV")[:10]


def check_size(data: bytes) -> None:
    """Refuse an empty or too large file before anything reads it."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(_("Filen er for stor (%(size)s MB). En importfil må højst fylde %(limit)s MB – del den "
                              "op i flere filer.") % {"size": format_size(len(data)),
                                                      "limit": format_size(MAX_IMPORT_BYTES)},
                            code="too_large")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise ImportRefused(_("Filen er tom."), code="empty")


def check_limits(result: ParseResult) -> None:
    if len(result.meetings) > MAX_MEETINGS:
        raise ImportRefused(_("Filen har %(n)s møder; der kan højst importeres %(limit)s ad gangen. Del filen op.")
                            % {"n": number_format(len(result.meetings), force_grouping=True),
                               "limit": number_format(MAX_MEETINGS, force_grouping=True)}, code="too_many")
    if result.item_count > MAX_ITEMS:
        raise ImportRefused(_("Filen har %(n)s dagsordenpunkter; der kan højst importeres %(limit)s ad gangen. "
                              "Del filen op.") % {"n": number_format(result.item_count, force_grouping=True),
                                                  "limit": number_format(MAX_ITEMS, force_grouping=True)},
                            code="too_many")


# --- The registry -------------------------------------------------------------------------------

_REGISTRY: dict[str, object] = {}


def register(importer):
    """Add an importer (an instance, or a class that is instantiated without arguments). Returns
    what it was given, so it works as a class decorator too."""
    instance = importer() if isinstance(importer, type) else importer
    _REGISTRY[instance.key] = instance
    return importer


def registered() -> list:
    return list(_REGISTRY.values())


def _strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def sniff(data: bytes) -> Sniffed:
    """What kind of file ``data`` is, from its content: an iCalendar file starts with
    BEGIN:VCALENDAR; an XML file with ``<`` (or a UTF-16 byte order mark) and is then read
    safely up to its root element. Raises ImportRefused for anything else."""
    from hearings.importers import xmltree  # a cycle: xmltree builds on this module's helpers

    check_size(data)
    head = _strip_bom(data).lstrip(b" \t\r\n")
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return Sniffed(kind="ics")
    if head.startswith(b"<") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raw = xmltree.root_name(data)
        return Sniffed(kind="xml", root=xmltree.normalise(raw), raw_root=raw)
    raise ImportRefused(_("Filen er hverken et XML-manifest fra et sagssystem eller en kalenderfil (iCalendar, "
                          ".ics). Eksportér dagsordenen som XML eller mødeplanen som .ics og prøv igen."),
                        code="unknown_format")


def detect(data: bytes):
    """The registered importer that reads ``data``; ImportRefused when none does."""
    sniffed = sniff(data)
    for importer in _REGISTRY.values():
        if importer.accepts(sniffed):
            return importer
    if sniffed.kind == "xml":
        known = ", ".join(f"{imp.label} (<{imp.root_names_display}>)" for imp in _REGISTRY.values()
                          if getattr(imp, "root_names_display", ""))
        raise ImportRefused(_("Filen er XML, men formatet kendes ikke: rodelementet hedder <%(root)s>. "
                              "Kendte formater: %(known)s.") % {"root": sniffed.raw_root[:60], "known": known},
                            code="unknown_format")
    raise ImportRefused(_("Der er ingen importfunktion til kalenderfiler."), code="unknown_format")


def parse(data: bytes) -> ParseResult:
    """Detect the format and parse the file. Raises ImportRefused when the file as a whole
    cannot be read; bad meetings and items are in ``result.refused``."""
    importer = detect(data)
    result = importer.parse(data)
    check_limits(result)
    return result

"""Importing committee meetings and agenda items from a file (XML manifest or iCalendar) into
the council's municipality: committees, meetings and items are public facts of the
municipality, so two councils in one municipality share one import.

Rules (also in docs/workflows):

* **Whole file or nothing when the file is bad.** A file that cannot be read (not XML, broken
  XML, a DTD/entities, wrong encoding, empty, too large, too many items, unknown format)
  raises ``ImportRefused`` and nothing is written.
* **Partial files.** A meeting or item that cannot be used (no title, unreadable date,
  duplicate number, a CPR number in its text, a too long field, a bad link) is refused with
  its line and the reason; the rest of the file is imported. A refused meeting takes its
  items with it.
* **Idempotent.** Committees are matched by abbreviation (case-insensitive), then by name;
  an unknown committee is created. Meetings are matched by (committee, external id), then by
  (committee, start time); items by (meeting, external id), then by number. Importing the same
  file again reports everything as unchanged and writes nothing.
* **Updates.** A field that is empty in the file keeps its stored value (a calendar file
  without LOCATION does not wipe the place the manifest gave). Items no longer in the file
  are kept – the council may have commented on them – and the report says so.
* **Atomic.** Everything happens in one transaction that also locks the municipality row,
  so two imports at once cannot duplicate a meeting and a crash leaves nothing behind.
* One audit event per import (``hearings.import.applied``) with the counts.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit
from core.errors import ApplicationError
from councils.models import Council, Municipality
from hearings import importers
from hearings.importers.base import (
    ImportReport,
    ParsedItem,
    ParsedMeeting,
    ParseResult,
    ReportMeeting,
    at_line,
    clean_line,
    format_moment,
    guess_abbreviation,
)
from hearings.models import Committee, CommitteeAgendaItem, CommitteeMeeting

if TYPE_CHECKING:
    from accounts.models import User

MEETING_FIELDS = {"starts_at": gettext_lazy("tidspunkt"), "location": gettext_lazy("sted"), "url": gettext_lazy("link")}
ITEM_FIELDS = ("number", "case_code", "title", "url", "case_text", "closed")


def _field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _reason(error: ValidationError, model) -> str:
    """``"overskrift: Sørg for at denne værdi højst indeholder 300 tegn …"`` – the first problem."""
    if hasattr(error, "error_dict"):
        parts = []
        for name, errors in error.error_dict.items():
            label = _field_label(model, name) if name != "__all__" else ""
            message = errors[0].messages[0] if hasattr(errors[0], "messages") else str(errors[0])
            parts.append(f"{label}: {message}" if label else message)
        return "; ".join(parts)
    return "; ".join(error.messages)


def _short(text: str, length: int = 80) -> str:
    text = clean_line(text)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class _Import:
    """One import in progress: the municipality's committees in memory, the report growing."""

    def __init__(self, *, council: Council, result: ParseResult, report: ImportReport):
        self.council = council
        self.municipality_id = council.municipality_id
        self.result = result
        self.report = report
        self.committees = list(Committee.objects.filter(municipality_id=self.municipality_id))
        self.refused_committees: dict[tuple[str, str], str] = {}
        self.seen_meetings: dict[tuple[int, str], int | None] = {}
        self.touched: dict[int, int | None] = {}  # meeting pk -> the line that imported it

    # --- committees ---------------------------------------------------------------------------

    def committee_for(self, parsed: ParsedMeeting) -> Committee | None:
        abbreviation = parsed.committee_abbreviation.casefold()
        name = parsed.committee_name.casefold()
        if abbreviation:
            for committee in self.committees:
                if committee.abbreviation.casefold() == abbreviation:
                    return committee
        if name:
            for committee in self.committees:
                if committee.name.casefold() == name:
                    return committee
        key = (abbreviation, name)
        if key in self.refused_committees:
            self.report.refused.append(at_line(parsed.line, self.refused_committees[key]))
            return None
        return self.committee_create(parsed, key)

    def committee_create(self, parsed: ParsedMeeting, key) -> Committee | None:
        name = parsed.committee_name or parsed.committee_abbreviation
        abbreviation = parsed.committee_abbreviation
        guessed = not abbreviation
        if guessed:
            base = guess_abbreviation(name)
            taken = {c.abbreviation.casefold() for c in self.committees}
            abbreviation, n = base, 2
            while abbreviation.casefold() in taken:
                abbreviation, n = f"{base[:9]}{n}", n + 1
        committee = Committee(municipality_id=self.municipality_id, name=name, abbreviation=abbreviation)
        try:
            committee.full_clean(exclude=["municipality"], validate_constraints=False)
        except ValidationError as error:
            message = _("udvalget “%(name)s” kan ikke oprettes (%(reason)s), så mødet og dets punkter er ikke "
                        "importeret") % {"name": _short(name, 60), "reason": _reason(error, Committee)}
            self.refused_committees[key] = message
            self.report.refused.append(at_line(parsed.line, message))
            return None
        committee.save()
        self.committees.append(committee)
        self.report.added.append(_("Udvalget %(name)s (%(abbreviation)s)") % {"name": committee.name,
                                                                              "abbreviation": committee.abbreviation})
        if not parsed.committee_name:
            self.report.notes.append(_("Filen gav kun forkortelsen %(abbreviation)s, så udvalget hedder det indtil "
                                       "videre. Skriv udvalgets fulde navn under Udvalg.")
                                     % {"abbreviation": committee.abbreviation})
        if guessed:
            self.report.notes.append(_("Filen gav ingen forkortelse for %(name)s, så den er sat til %(abbreviation)s. "
                                       "Ret den under Udvalg, hvis den er forkert.")
                                     % {"name": committee.name, "abbreviation": committee.abbreviation})
        return committee

    # --- meetings -----------------------------------------------------------------------------

    def meeting_apply(self, parsed: ParsedMeeting) -> None:
        committee = self.committee_for(parsed)
        if committee is None:
            return
        label = f"{committee.abbreviation} {format_moment(parsed.starts_at)}"
        if parsed.external_id:
            key = (committee.pk, parsed.external_id)
            if key in self.seen_meetings:
                self.report.refused.append(at_line(parsed.line, _(
                    "mødet %(label)s har samme id som et møde tidligere i filen (linje %(first)s) og er ikke "
                    "importeret igen") % {"label": label, "first": self.seen_meetings[key] or "?"}))
                return
            self.seen_meetings[key] = parsed.line
        meeting = None
        if parsed.external_id:
            meeting = CommitteeMeeting.objects.filter(committee=committee, external_id=parsed.external_id).first()
        if meeting is None:
            meeting = (CommitteeMeeting.objects.filter(committee=committee, starts_at=parsed.starts_at)
                       .order_by("id").first())
        if meeting is not None and meeting.pk in self.touched:
            self.report.refused.append(at_line(parsed.line, _(
                "mødet %(label)s står allerede i filen (linje %(first)s) og er ikke importeret igen")
                % {"label": label, "first": self.touched[meeting.pk] or "?"}))
            return
        created = meeting is None
        if meeting is None:
            meeting = CommitteeMeeting(municipality_id=self.municipality_id, committee=committee,
                                       source=self.result.source)
        changed = []
        if meeting.starts_at != parsed.starts_at:
            meeting.starts_at = parsed.starts_at
            changed.append("starts_at")
        for name in ("location", "url"):
            value = getattr(parsed, name)
            if value and getattr(meeting, name) != value:
                setattr(meeting, name, value)
                changed.append(name)
        if parsed.external_id and not meeting.external_id:
            meeting.external_id = parsed.external_id
            changed.append("external_id")
        if created or changed:
            try:
                meeting.full_clean(exclude=["municipality", "committee"], validate_constraints=False)
            except ValidationError as error:
                self.report.refused.append(at_line(parsed.line, _(
                    "mødet %(label)s er afvist (%(reason)s), og dets punkter er ikke importeret")
                    % {"label": label, "reason": _reason(error, CommitteeMeeting)}))
                return
            meeting.updated_at = timezone.now()
            meeting.save()
        self.touched[meeting.pk] = parsed.line
        visible = [n for n in changed if n in MEETING_FIELDS]
        if created:
            self.report.added.append(_("Mødet i %(label)s") % {"label": label})
        elif visible:
            self.report.changed.append(_("Mødet i %(label)s (ændret: %(fields)s)")
                                       % {"label": label, "fields": ", ".join(str(MEETING_FIELDS[n]) for n in visible)})
        else:
            self.report.unchanged.append(_("Mødet i %(label)s") % {"label": label})
        items_touched = self.items_apply(meeting, parsed, label, new_meeting=created) if parsed.has_agenda else False
        status = "added" if created else "changed" if (visible or items_touched) else "unchanged"
        self.report.meetings.append(ReportMeeting(pk=meeting.pk, label=label, status=status))

    # --- items --------------------------------------------------------------------------------

    def items_apply(self, meeting: CommitteeMeeting, parsed: ParsedMeeting, label: str, *, new_meeting: bool) -> bool:
        existing = [] if new_meeting else list(CommitteeAgendaItem.objects.filter(meeting=meeting))
        by_id = {item.external_id: item for item in existing if item.external_id}
        claimed: set[int] = set()
        matches: dict[int, CommitteeAgendaItem] = {}
        item: CommitteeAgendaItem | None
        for index, incoming in enumerate(parsed.items):
            if incoming.external_id and incoming.external_id in by_id:
                matches[index] = by_id[incoming.external_id]
                claimed.add(by_id[incoming.external_id].pk)
        for index, incoming in enumerate(parsed.items):
            if index in matches:
                continue
            for item in existing:
                if (item.pk not in claimed and item.number == incoming.number
                        and (not item.external_id or not incoming.external_id)):
                    matches[index] = item
                    claimed.add(item.pk)
                    break
        to_create: list[CommitteeAgendaItem] = []
        to_update: list[CommitteeAgendaItem] = []
        update_fields: set[str] = set()
        now = timezone.now()
        for index, incoming in enumerate(parsed.items):
            item = matches.get(index)
            item_label = _("%(meeting)s, punkt %(number)s: %(title)s") % {
                "meeting": label, "number": incoming.number, "title": _short(incoming.title)}
            if item is None:
                item = CommitteeAgendaItem(municipality_id=self.municipality_id, meeting=meeting,
                                           number=incoming.number, title=incoming.title, case_code=incoming.case_code,
                                           url=incoming.url, case_text=incoming.case_text, closed=incoming.closed,
                                           external_id=incoming.external_id)
                if self.item_valid(item, incoming):
                    to_create.append(item)
                    self.report.added.append(item_label)
                continue
            changed = self.item_changes(item, incoming)
            if not changed and not (incoming.external_id and not item.external_id):
                self.report.unchanged.append(item_label)
                continue
            before = {name: getattr(item, name) for name in (*ITEM_FIELDS, "external_id")}
            for name in changed:
                setattr(item, name, getattr(incoming, name))
            if incoming.external_id and not item.external_id:
                item.external_id = incoming.external_id
            if not self.item_valid(item, incoming):
                for name, value in before.items():  # leave the stored row as it was
                    setattr(item, name, value)
                continue
            item.updated_at = now
            to_update.append(item)
            update_fields.update(changed)
            if changed:
                self.report.changed.append(_("%(item)s (ændret: %(fields)s)") % {
                    "item": item_label,
                    "fields": ", ".join(_field_label(CommitteeAgendaItem, n) for n in changed)})
            else:
                self.report.unchanged.append(item_label)
        if to_create:
            CommitteeAgendaItem.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            fields = sorted(update_fields | {"external_id", "updated_at"})
            CommitteeAgendaItem.objects.bulk_update(to_update, fields, batch_size=200)
        present = {id(matches[i]) for i in matches}
        for item in existing:
            if id(item) not in present:
                self.report.notes.append(_("%(meeting)s, punkt %(number)s: %(title)s står ikke i filen og er "
                                           "bevaret") % {"meeting": label, "number": item.number,
                                                          "title": _short(item.title)})
        return bool(to_create or any(n != "external_id" for n in update_fields))

    @staticmethod
    def item_changes(item: CommitteeAgendaItem, incoming: ParsedItem) -> list[str]:
        changed = []
        for name in ITEM_FIELDS:
            value = getattr(incoming, name)
            if name in ("case_code", "url", "case_text") and not value:
                continue  # empty in the file: keep what is stored
            if getattr(item, name) != value:
                changed.append(name)
        return changed

    def item_valid(self, item: CommitteeAgendaItem, incoming: ParsedItem) -> bool:
        try:
            item.full_clean(exclude=["meeting", "municipality"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.report.refused.append(at_line(incoming.line, _("punkt %(number)s “%(title)s” er afvist: %(reason)s")
                                               % {"number": incoming.number, "title": _short(incoming.title, 60),
                                                  "reason": _reason(error, CommitteeAgendaItem)}))
            return False
        return True


_LEADING_LINE = re.compile(r"^\D*?(\d+):")


def _line_key(line: str) -> int:
    """Refused lines in file order (those without a line last)."""
    match = _LEADING_LINE.match(line)
    return int(match.group(1)) if match else 10**9


def import_file(*, council: Council, data: bytes, filename: str, actor: User | None) -> ImportReport:
    """Import a committee agenda manifest (XML) or meeting calendar (.ics) into the council's
    municipality. Returns the report; raises ``ImportRefused`` (an ApplicationError, field
    "file") when the file as a whole cannot be imported – then nothing is written."""
    result = importers.parse(data)
    report = ImportReport(filename=os.path.basename(filename or "")[:200], format_label=result.label,
                          refused=list(result.refused), notes=list(result.notes))
    try:
        with transaction.atomic():
            # One import per municipality at a time: meetings without an id have no unique key.
            Municipality.objects.select_for_update().filter(pk=council.municipality_id).first()
            run = _Import(council=council, result=result, report=report)
            for parsed in result.meetings:
                run.meeting_apply(parsed)
            audit(action="hearings.import.applied", actor=actor, council=council, after={
                "filename": report.filename, "format": result.importer_key, **report.counts,
                "meetings": [m.pk for m in report.meetings]})
        report.refused.sort(key=_line_key)
    except IntegrityError:
        raise ApplicationError(_("Importen kunne ikke gemmes, fordi de samme møder blev ændret samtidig (måske en "
                                 "anden import). Intet er gemt – prøv igen."), field="file", code="conflict") from None
    return report

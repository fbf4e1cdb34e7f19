"""The annual report's workflow: create and draft every section, edit (sanitised, with collisions
kept apart), refresh from data with a diff, order, leave out and add sections, put the draft on a
meeting's agenda with its PDF, approve once the meeting is held (freezing a version with its
SHA-256), send it as a letter through the outbox and publish it.

Every service validates with ``full_clean_or_raise``, writes an audit event in its transaction and
refuses with an ``ApplicationError`` in Danish."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, snapshot
from core.diff import DiffLine, text_diff
from core.errors import ApplicationError, EditConflict, full_clean_or_raise, update_versioned, validate_field
from core.formats import long_date
from core.richtext import check_no_cpr, html_to_text, sanitise, sanitise_svg, split_svg
from core.search import schedule_reindex
from meetings.models import ItemKind, Meeting, MeetingStatus
from meetings.services.agenda import attachment_add, item_create
from meetings.services.easyread import (
    EASY_READ_FIELDS,
    EasyReadResult,
    easy_read_mark_published,
    easy_read_save,
)
from meetings.services.minutes import item_minutes_save
from notifications.services import outbox_enqueue
from reports import documents, drafting
from reports.models import (
    AnnualReport,
    EasyReadReport,
    ReportBoilerplate,
    ReportSection,
    ReportStatus,
    ReportVersion,
    SectionKind,
)
from reports.selectors import easyread as easy_read_selectors
from reports.selectors import workflow
from reports.selectors.facts import year_facts

if TYPE_CHECKING:
    from accounts.models import User
    from activities.models import WorkingGroup
    from councils.models import Council

#: The data sections a new report is drafted with, in their first order.
DATA_KINDS: tuple[str, ...] = (
    SectionKind.INTRODUCTION, SectionKind.COMPOSITION, SectionKind.MEETINGS, SectionKind.EVENTS,
    SectionKind.THEMES, SectionKind.RESPONSES, SectionKind.ECONOMY, SectionKind.LIBRARY, SectionKind.OUTLOOK,
    SectionKind.ANNEX,
)
_HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED)
_COMING = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
_SECTION_FIELDS = ["title", "body", "included", "position", "edited", "version"]
_REPORT_FIELDS = ["title", "status", "members_on", "working_group", "agenda_item", "approved_at", "approved_by",
                  "published_at", "sent_at", "sent_to"]


# --- Helpers ------------------------------------------------------------------------------------

def _require_draft(report: AnnualReport) -> None:
    if not report.is_draft:
        raise ApplicationError(_("Beretningen er godkendt og kan ikke længere ændres."), code="approved")


def _same_council(report: AnnualReport, obj: Any, field: str | None = None) -> None:
    if obj is not None and obj.council_id != report.council_id:
        raise ApplicationError(_("Det valgte hører ikke til dette råd."), field=field, code="council")


def _boilerplate(council: Council) -> str:
    row = ReportBoilerplate.objects.filter(council=council).only("text").first()
    return row.text if row else ""


def _facts(report: AnnualReport) -> Any:
    return year_facts(council=report.council, start=report.period_start, end=report.period_end,
                                members_on=report.members_on)


@dataclass(frozen=True)
class Drafted:
    """A fresh draft, split into what people may edit (``body``) and the chart (``chart``)."""

    title: str
    body: str
    chart: str
    figures: list[dict]


def _draft(*, kind: str, facts: Any, council: Council, boilerplate: str) -> Drafted:
    draft = drafting.draft_section(kind=kind, facts=facts, council=council, boilerplate=boilerplate)
    body, chart = split_svg(draft.body)
    return Drafted(title=str(draft.title), body=sanitise(body), chart=sanitise_svg(chart),
                   figures=[dict(f) for f in draft.figures])


def _period_title(*, start: dt.date, end: dt.date) -> str:
    if start == dt.date(end.year, 1, 1) and end == dt.date(end.year, 12, 31):
        return _("Årsberetning %(year)s") % {"year": end.year}
    return _("Beretning %(start)s – %(end)s") % {"start": long_date(start), "end": long_date(end)}


def _text_edited(body: str, draft: str) -> bool:
    return " ".join(html_to_text(body).split()) != " ".join(html_to_text(draft).split())


# --- The report ---------------------------------------------------------------------------------

@transaction.atomic
def report_create(*, council: Council, year: int | None = None, start: dt.date | None = None,
                  end: dt.date | None = None, title: str = "", members_on: dt.date | None = None,
                  working_group: WorkingGroup | None = None, actor: User | None) -> AnnualReport:
    """Create the report of a calendar year (``year``) or any period (``start``–``end``, e.g. a
    term), and draft every data section from the facts as of the period's end."""
    if year is not None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if start is None or end is None:
        raise ApplicationError(_("Vælg et år eller en periode med start og slut."), field="year")
    if end < start:
        raise ApplicationError(_("Perioden skal slutte efter den begynder."), field="end")
    if AnnualReport.objects.filter(council=council, period_start=start, period_end=end).exists():
        raise ApplicationError(_("Der er allerede en beretning for den periode."), field="year", code="exists")
    if working_group is not None and working_group.council_id != council.pk:
        raise ApplicationError(_("Arbejdsgruppen hører ikke til dette råd."), field="working_group")
    report = AnnualReport(council=council, year=end.year, period_start=start, period_end=end,
                          title=title.strip() or _period_title(start=start, end=end), members_on=members_on,
                          working_group=working_group, created_by=actor)
    full_clean_or_raise(report)
    report.save()
    facts = _facts(report)
    boilerplate = _boilerplate(council)
    now = timezone.now()
    sections = []
    for position, kind in enumerate(DATA_KINDS):
        drafted = _draft(kind=kind, facts=facts, council=council, boilerplate=boilerplate)
        sections.append(ReportSection(council=council, report=report, kind=kind, position=position,
                                      title=drafted.title[:200], body=drafted.body, draft=drafted.body,
                                      chart=drafted.chart, figures=drafted.figures, drafted_at=now,
                                      updated_by=actor))
    ReportSection.objects.bulk_create(sections)
    audit(action="reports.report.created", actor=actor, council=council, obj=report,
          after=snapshot(report, ["year", "period_start", "period_end", "title", "members_on", "working_group"]))
    return report


@transaction.atomic
def report_update(*, report: AnnualReport, title: str, members_on: dt.date | None,
                  working_group: WorkingGroup | None, actor: User | None) -> AnnualReport:
    """The report's title, the "members on date D" of the composition section and the working
    group whose members may edit. A changed date shows in the composition section once it is
    refreshed from data."""
    _require_draft(report)
    _same_council(report, working_group, "working_group")
    before = snapshot(report, ["title", "members_on", "working_group"])
    report.title, report.members_on, report.working_group = title.strip(), members_on, working_group
    full_clean_or_raise(report)
    report.save(update_fields=["title", "members_on", "working_group"])
    audit(action="reports.report.updated", actor=actor, council=report.council, obj=report, before=before,
          after=snapshot(report, ["title", "members_on", "working_group"]))
    return report


@transaction.atomic
def boilerplate_save(*, council: Council, text: str, actor: User | None) -> ReportBoilerplate:
    """The council's general paragraph, written once and used in every introduction drafted
    from now on."""
    row = ReportBoilerplate.objects.filter(council=council).first() or ReportBoilerplate(council=council)
    before = snapshot(row, ["text"]) if row.pk else None
    row.text = text.strip()
    full_clean_or_raise(row)
    row.save()
    audit(action="reports.boilerplate.saved", actor=actor, council=council, obj=row, before=before,
          after=snapshot(row, ["text"]))
    return row


# --- Sections -----------------------------------------------------------------------------------

def _section_for_update(section: ReportSection) -> ReportSection:
    return ReportSection.objects.select_related("report").get(pk=section.pk)


def section_update(*, section: ReportSection, body: str, expected_version: int, title: str | None = None,
                   actor: User | None) -> ReportSection:
    """Save what a person wrote: sanitised, refused with a CPR number in it, and refused with
    ``EditConflict`` (both texts kept) when someone else saved the section since it was opened.
    The section is marked edited when its text differs from the draft."""
    _require_draft(section.report)
    clean = sanitise(body)
    check_no_cpr(clean)
    validate_field(ReportSection, "body", clean)
    new_title = section.title if title is None else title.strip()
    if not new_title:
        raise ApplicationError(_("Skriv afsnittets overskrift."), field="title")
    validate_field(ReportSection, "title", new_title)
    edited = _text_edited(clean, section.draft) if section.draft else bool(clean)
    with transaction.atomic():
        before = snapshot(section, ["title", "body", "edited", "version"])
        saved = update_versioned(ReportSection.objects.filter(pk=section.pk), version_field="version",
                                 expected_version=expected_version, body=clean, title=new_title, edited=edited,
                                 updated_by=actor, updated_at=timezone.now())
        if not saved:
            stored = ReportSection.objects.select_related("updated_by").get(pk=section.pk)
            raise EditConflict(
                _("En anden har gemt afsnittet, mens du skrev. Din tekst er bevaret herunder – sammenlign med "
                  "den gemte tekst, og gem igen."),
                obj=stored, stored={"body": stored.body, "title": stored.title},
                submitted={"body": clean, "title": new_title}, stored_version=stored.version,
                stored_by=stored.updated_by, field="body")
        section.refresh_from_db()
        audit(action="reports.section.updated", actor=actor, council=section.council, obj=section, before=before,
              after=snapshot(section, ["title", "body", "edited", "version"]))
    return section


@dataclass(frozen=True)
class RefreshPreview:
    """A fresh draft of a section beside what it says now: ``diff`` of their texts (line by
    line, words within a line), ``same`` when nothing would change."""

    section: ReportSection
    fresh: Drafted
    diff: list[DiffLine]
    same: bool


def section_refresh_preview(*, section: ReportSection) -> RefreshPreview:
    """Draft the section again from today's data and compare it with the current text. Writes
    nothing: taking the fresh draft is :func:`section_refresh_apply`."""
    if section.is_custom:
        raise ApplicationError(_("Et eget afsnit har ingen data at opdatere fra."), code="custom")
    report = section.report
    fresh = _draft(kind=section.kind, facts=_facts(report), council=report.council,
                   boilerplate=_boilerplate(report.council))
    old, new = html_to_text(section.body), html_to_text(fresh.body)
    return RefreshPreview(section=section, fresh=fresh, diff=text_diff(old, new),
                          same=" ".join(old.split()) == " ".join(new.split()) and section.chart == fresh.chart)


def section_refresh_apply(*, section: ReportSection, expected_version: int, actor: User | None) -> ReportSection:
    """Take the fresh draft: the text, the chart and the figures are replaced by what the data
    says today. Refused with ``EditConflict`` when the section was saved since the diff was shown
    (the diff the person accepted is then no longer the truth)."""
    _require_draft(section.report)
    preview = section_refresh_preview(section=section)
    fresh = preview.fresh
    with transaction.atomic():
        before = snapshot(section, ["body", "edited", "version"])
        saved = update_versioned(ReportSection.objects.filter(pk=section.pk), version_field="version",
                                 expected_version=expected_version, body=fresh.body, draft=fresh.body,
                                 chart=fresh.chart, figures=fresh.figures, drafted_at=timezone.now(), edited=False,
                                 updated_by=actor, updated_at=timezone.now())
        if not saved:
            stored = ReportSection.objects.get(pk=section.pk)
            raise EditConflict(
                _("Afsnittet er gemt af en anden, efter du så forskellen. Se forskellen igen, før du vælger."),
                obj=stored, stored={"body": stored.body}, submitted={"body": fresh.body},
                stored_version=stored.version, stored_by=stored.updated_by, field="body")
        section.refresh_from_db()
        audit(action="reports.section.refreshed", actor=actor, council=section.council, obj=section, before=before,
              after=snapshot(section, ["body", "edited", "version"]))
    return section


def _ordered(report: AnnualReport) -> list[ReportSection]:
    return list(ReportSection.objects.filter(report=report).order_by("position", "pk"))


def _write_positions(sections: list[ReportSection]) -> None:
    changed = []
    for position, s in enumerate(sections):
        if s.position != position:
            s.position = position
            changed.append(s)
    ReportSection.objects.bulk_update(changed, ["position"])


@transaction.atomic
def sections_reorder(*, report: AnnualReport, ordered_ids: list[int], actor: User | None) -> list[ReportSection]:
    """Put the sections in the given order (every section of the report, once)."""
    _require_draft(report)
    sections = _ordered(report)
    by_id = {s.pk: s for s in sections}
    if sorted(ordered_ids) != sorted(by_id):
        raise ApplicationError(_("Rækkefølgen skal nævne hvert afsnit i beretningen én gang."), code="order")
    before = [s.pk for s in sections]
    new = [by_id[pk] for pk in ordered_ids]
    _write_positions(new)
    audit(action="reports.sections.reordered", actor=actor, council=report.council, obj=report,
          before={"order": before}, after={"order": list(ordered_ids)})
    return new


@transaction.atomic
def section_move(*, section: ReportSection, direction: str, actor: User | None) -> list[ReportSection]:
    """Move a section one place up or down."""
    report = section.report
    ids = [s.pk for s in _ordered(report)]
    at = ids.index(section.pk)
    to = at - 1 if direction == "up" else at + 1 if direction == "down" else None
    if to is None:
        raise ApplicationError(_("Ukendt retning."), code="direction")
    if not 0 <= to < len(ids):
        return _ordered(report)
    ids[at], ids[to] = ids[to], ids[at]
    return sections_reorder(report=report, ordered_ids=ids, actor=actor)


@transaction.atomic
def section_include(*, section: ReportSection, included: bool, actor: User | None) -> ReportSection:
    """Leave a section out of the report (kept, and can be taken in again) or take it in."""
    _require_draft(section.report)
    before = snapshot(section, ["included"])
    section.included = included
    section.save(update_fields=["included", "updated_at"])
    audit(action="reports.section.included" if included else "reports.section.left_out", actor=actor,
          council=section.council, obj=section, before=before, after=snapshot(section, ["included"]))
    return section


@transaction.atomic
def section_add_custom(*, report: AnnualReport, title: str, body: str = "", actor: User | None) -> ReportSection:
    """Add a section of the council's own, before the annex (or last)."""
    _require_draft(report)
    clean = sanitise(body)
    check_no_cpr(clean)
    sections = _ordered(report)
    at = next((i for i, s in enumerate(sections) if s.kind == SectionKind.ANNEX), len(sections))
    section = ReportSection(council=report.council, report=report, kind=SectionKind.CUSTOM, position=at,
                            title=title.strip(), body=clean, draft="", edited=bool(clean), updated_by=actor)
    if not section.title:
        raise ApplicationError(_("Skriv afsnittets overskrift."), field="title")
    full_clean_or_raise(section)
    section.save()
    _write_positions(sections[:at] + [section] + sections[at:])
    audit(action="reports.section.added", actor=actor, council=report.council, obj=section,
          after=snapshot(section, ["title", "body", "position"]))
    return section


@transaction.atomic
def section_delete(*, section: ReportSection, actor: User | None) -> None:
    """Delete a section of the council's own. A data section is left out instead."""
    _require_draft(section.report)
    if not section.is_custom:
        raise ApplicationError(_("Et afsnit med data kan ikke slettes, men det kan udelades."), code="data_section")
    before = snapshot(section, ["title", "body", "position"])
    report = section.report
    section.delete()
    _write_positions(_ordered(report))
    audit(action="reports.section.deleted", actor=actor, council=report.council, obj=report, before=before)


# --- Approval -----------------------------------------------------------------------------------

@transaction.atomic
def report_put_on_agenda(*, report: AnnualReport, meeting: Meeting, actor: User | None) -> AnnualReport:
    """Put the draft on a coming meeting's agenda as a decision item, with the draft as PDF
    attached to the item (so it goes out with the invitation)."""
    report = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
    _require_draft(report)
    _same_council(report, meeting, "meeting")
    if meeting.status not in _COMING:
        raise ApplicationError(_("Vælg et møde, der ikke er holdt eller aflyst endnu."), field="meeting",
                               code="not_coming")
    if report.agenda_item_id is not None and report.agenda_item is not None:
        current = report.agenda_item.meeting
        if current is not None and current.status not in (MeetingStatus.CANCELLED,):
            raise ApplicationError(
                _("Beretningen er allerede på dagsordenen til mødet den %(day)s.")
                % {"day": long_date(timezone.localtime(current.starts_at).date())}, field="meeting", code="on_agenda")
    item = item_create(
        meeting=meeting, kind=ItemKind.DECISION, title=_("Godkendelse af %(title)s") % {"title": report.title},
        case_text=_("Udkastet til rådets beretning for perioden %(start)s – %(end)s er vedhæftet. Beretningen "
                    "sendes til politikerne og offentliggøres på rådets side, når den er godkendt.")
        % {"start": long_date(report.period_start), "end": long_date(report.period_end)},
        recommendation=_("Det indstilles, at rådet godkender beretningen."),
        publish_title=True, publish_decision=True, actor=actor)
    pdf = documents.report_pdf(report=report)
    name = documents.report_filename(report, "pdf", draft=True)
    attachment_add(item=item, file=SimpleUploadedFile(name, pdf, "application/pdf"), name=name, actor=actor)
    before = snapshot(report, ["status", "agenda_item"])
    report.agenda_item, report.status = item, ReportStatus.ON_AGENDA
    report.save(update_fields=["agenda_item", "status"])
    audit(action="reports.report.put_on_agenda", actor=actor, council=report.council, obj=report, before=before,
          after=snapshot(report, ["status", "agenda_item"]))
    return report


def version_payload(report: AnnualReport) -> list[dict]:
    """The included sections in order, as frozen in a version."""
    return [{"kind": s.kind, "title": s.title, "body": s.body, "chart": s.chart}
            for s in ReportSection.objects.filter(report=report, included=True).order_by("position", "pk")]


def canonical_sha256(sections: list[dict]) -> str:
    """SHA-256 of the sections as canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(sections, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def report_approve(*, report: AnnualReport, actor: User | None) -> ReportVersion:
    """Record the approval at the meeting whose agenda the report is on: once that meeting is
    held, freeze the included sections as a version with their SHA-256. While the minutes are a
    draft, an item without a decision gets "Rådet godkendte beretningen." """
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("agenda_item__meeting", "council").get(
        pk=report.pk)
    if report.is_approved:
        raise ApplicationError(_("Beretningen er allerede godkendt."), code="approved")
    meeting = report.agenda_item.meeting if report.agenda_item is not None else None
    if not report.is_on_agenda or meeting is None:
        raise ApplicationError(_("Sæt beretningen på dagsordenen til et møde først. Den godkendes på mødet."),
                               code="not_on_agenda")
    if meeting.status not in _HELD:
        raise ApplicationError(
            _("Beretningen kan først godkendes, når mødet den %(day)s er registreret som holdt.")
            % {"day": long_date(timezone.localtime(meeting.starts_at).date())}, code="not_held")
    sections = version_payload(report)
    if not sections:
        raise ApplicationError(_("Beretningen har ingen afsnit med."), code="empty")
    now = timezone.now()
    number = (ReportVersion.objects.filter(report=report).aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(council=report.council, report=report, number=number, sections=sections,
                            sha256=canonical_sha256(sections), meeting=meeting, approved_at=now, approved_by=actor)
    full_clean_or_raise(version)
    version.save()
    before = snapshot(report, ["status", "approved_at", "approved_by"])
    report.status, report.approved_at, report.approved_by = ReportStatus.APPROVED, now, actor
    report.save(update_fields=["status", "approved_at", "approved_by"])
    audit(action="reports.report.approved", actor=actor, council=report.council, obj=report, before=before,
          after={**snapshot(report, ["status", "approved_at", "approved_by"]), "sha256": version.sha256,
                 "version": number})
    item = report.agenda_item
    if item is not None and meeting.status == MeetingStatus.HELD and not item.decision.strip():
        # The minutes (still a draft) record the decision under the item, unless someone wrote one.
        item_minutes_save(item=item, decision=_("Rådet godkendte beretningen."), dissent=item.dissent,
                          expected_version=item.minutes_version, actor=actor)
    documents.keep_report_pdfs(report=report, version=version)
    return version


def _require_approved(report: AnnualReport) -> ReportVersion:
    version = workflow.latest_version(report=report) if report.is_approved else None
    if version is None:
        raise ApplicationError(_("Beretningen skal godkendes på et møde først."), code="not_approved")
    return version


@transaction.atomic
def report_send(*, report: AnnualReport, recipient_name: str, recipient_email: str,
                actor: User | None) -> AnnualReport:
    """Send the approved report as a letter with the PDF to the committee or the municipal board
    through the outbox."""
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("council").get(pk=report.pk)
    version = _require_approved(report)
    name, email = recipient_name.strip(), recipient_email.strip()
    if not name:
        raise ApplicationError(_("Skriv modtagerens navn, fx udvalgets navn."), field="recipient_name")
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(_("Skriv en gyldig e-mailadresse."), field="recipient_email") from None
    council = report.council
    subject = _("%(title)s fra %(council)s") % {"title": report.title, "council": council.name}
    body = "\n\n".join([
        _("Til %(name)s") % {"name": name},
        _("%(council)s sender hermed sin beretning for perioden %(start)s – %(end)s, som rådet godkendte den "
          "%(day)s.") % {"council": council.name, "start": long_date(report.period_start),
                         "end": long_date(report.period_end),
                         "day": long_date(timezone.localtime(version.approved_at).date())},
        _("Beretningen er vedhæftet som PDF."),
        _("Med venlig hilsen") + "\n" + council.name,
    ])
    outbox_enqueue(council=council, channel="email", person=None, to_address=email, subject=subject, body=body,
                   kind="reports.report", actor=actor,
                   attachments=[{"builder": "reports.report_pdf", "report_id": report.pk, "version_id": version.pk,
                                 "name": documents.report_filename(report, "pdf"), "content_type": "application/pdf"}])
    before = snapshot(report, ["sent_at", "sent_to"])
    report.sent_at, report.sent_to = timezone.now(), f"{name} <{email}>"[:200]
    report.save(update_fields=["sent_at", "sent_to"])
    audit(action="reports.report.sent", actor=actor, council=council, obj=report, before=before,
          after=snapshot(report, ["sent_at", "sent_to"]))
    return report


@transaction.atomic
def report_publish(*, report: AnnualReport, actor: User | None) -> AnnualReport:
    """Publish the approved version on the council's public pages (HTML and PDF)."""
    report = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
    if report.is_published:
        raise ApplicationError(_("Beretningen er allerede offentliggjort."), code="published")
    version = _require_approved(report)
    before = snapshot(report, ["status", "published_at"])
    report.status, report.published_at = ReportStatus.PUBLISHED, timezone.now()
    report.save(update_fields=["status", "published_at"])
    audit(action="reports.report.published", actor=actor, council=report.council, obj=report, before=before,
          after=snapshot(report, ["status", "published_at"]))
    documents.keep_report_pdfs(report=report, version=version)
    schedule_reindex(report.council, ["report"])  # public now (core.search)
    return report


# --- The easy-read version (letlæst årsberetning) -----------------------------------------------

@transaction.atomic
def easy_report_start(*, report: AnnualReport, actor: User | None) -> EasyReadReport:
    """The report's easy-read version, created from the starting point the first time. Only for
    a published report: the easy-read text retells the approved text."""
    existing = easy_read_selectors.easy_report_get(report=report)
    if existing is not None:
        return existing
    if not report.is_published:
        raise ApplicationError(_("Den letlæste udgave skrives, når årsberetningen er offentliggjort."),
                               code="not_published")
    easy = EasyReadReport(council_id=report.council_id, report=report,
                          body=easy_read_selectors.starting_text(report=report), updated_by=actor)
    full_clean_or_raise(easy)
    easy.save()
    audit(action="reports.easy_read.started", actor=actor, council=report.council, obj=easy,
          after=snapshot(easy, EASY_READ_FIELDS))
    return easy


@transaction.atomic
def easy_report_save(*, easy: EasyReadReport, body: str, expected_version: int,
                     actor: User | None) -> EasyReadResult:
    """Save the text unless someone saved it since ``expected_version`` (``EditConflict``)."""
    return easy_read_save(easy=easy, body=body, expected_version=expected_version, council=easy.report.council,
                          action="reports.easy_read", actor=actor)


@transaction.atomic
def easy_report_publish(*, easy: EasyReadReport, actor: User | None) -> EasyReadResult:
    """Publish the easy-read report with its LIX; refused unless the full report is published."""
    easy = EasyReadReport.objects.select_for_update().select_related("report__council").get(pk=easy.pk)
    if not easy.report.is_published:
        raise ApplicationError(_("Den letlæste udgave kan først offentliggøres, når årsberetningen er "
                                 "offentliggjort."), code="report_not_published")
    return easy_read_mark_published(easy=easy, council=easy.report.council, action="reports.easy_read",
                                    search_kind="easy_report", actor=actor)

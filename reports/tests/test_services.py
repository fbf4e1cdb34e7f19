"""The annual report's workflow services: creating and drafting, editing (sanitised, CPR-guarded,
collisions kept apart), figures edited by hand, refresh from data, order, leaving out and adding
sections, the agenda with the draft PDF, approval only after the meeting is held (a frozen version
with its SHA-256), sending through the outbox and publishing; who may edit."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.http import Http404
from django.utils import timezone

from activities.services.groups import working_group_create
from core.audit import AuditEvent
from core.errors import ApplicationError, EditConflict
from core.permissions import can_edit_report, roles_for
from meetings.models import Attachment, ItemKind, MeetingStatus
from meetings.tests.plan_builders import make_meeting
from notifications.attachments import build
from notifications.models import OutboxMessage
from reports import documents, services
from reports.models import AnnualReport, ReportSection, ReportStatus, ReportVersion, SectionKind
from reports.selectors import workflow
from reports.tests import workflow_builders
from reports.tests.workflow_builders import FIGURE

# The workflow's fixtures (reports/tests/workflow_builders.py), by name.
secretary, council, fake_drafting, fake_pdf, report = (
    workflow_builders.secretary, workflow_builders.council, workflow_builders.fake_drafting,
    workflow_builders.fake_pdf, workflow_builders.report)

pytestmark = pytest.mark.django_db

def _section(report, kind) -> ReportSection:
    return ReportSection.objects.get(report=report, kind=kind)


# --- Creating --------------------------------------------------------------------------------------

def test_create_drafts_every_data_section_in_order_with_chart_apart(report, secretary):
    sections = list(report.sections.order_by("position"))
    assert [s.kind for s in sections] == list(services.DATA_KINDS)
    assert [s.position for s in sections] == list(range(len(services.DATA_KINDS)))
    assert report.title == "Årsberetning 2026"
    assert (report.period_start, report.period_end, report.year) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31), 2026)
    meetings = _section(report, SectionKind.MEETINGS)
    assert "<svg" not in meetings.body and "<svg" not in meetings.draft
    assert meetings.chart.startswith("<svg") and "<title>Fremmøde</title>" in meetings.chart
    assert "onclick" not in meetings.chart and "script" not in meetings.chart
    assert meetings.figures == [FIGURE] and not meetings.edited
    assert AuditEvent.objects.filter(action="reports.report.created", object_id=str(report.pk)).exists()


def test_create_for_a_term_and_refuses_the_same_period_twice(council, secretary, fake_drafting):
    term = services.report_create(council=council, start=dt.date(2025, 7, 1), end=dt.date(2026, 6, 30),
                                  actor=secretary)
    assert term.year == 2026 and not term.is_calendar_year and "1. juli 2025" in term.title
    with pytest.raises(ApplicationError, match="allerede en beretning"):
        services.report_create(council=council, start=dt.date(2025, 7, 1), end=dt.date(2026, 6, 30), actor=secretary)
    with pytest.raises(ApplicationError, match="slutte efter"):
        services.report_create(council=council, start=dt.date(2026, 7, 1), end=dt.date(2026, 6, 30), actor=secretary)


def test_the_general_paragraph_goes_into_new_introductions(council, secretary, fake_drafting):
    services.boilerplate_save(council=council, text="Råd for udsatte findes i mange kommuner.", actor=secretary)
    report = services.report_create(council=council, year=2026, actor=secretary)
    assert "Råd for udsatte findes i mange kommuner." in _section(report, SectionKind.INTRODUCTION).body
    with pytest.raises(ApplicationError, match="CPR"):
        services.boilerplate_save(council=council, text="Kontakt 010203-1234", actor=secretary)


def test_another_councils_report_is_not_found(report, make_council):
    other = make_council("andetraad")
    with pytest.raises(Http404):
        workflow.report_get(council=other, pk=report.pk)
    section = _section(report, SectionKind.THEMES)
    with pytest.raises(Http404):
        workflow.section_get(council=other, report=report, pk=section.pk)


# --- Editing ---------------------------------------------------------------------------------------

def test_edit_is_sanitised_and_marks_the_section_edited(report, secretary):
    section = _section(report, SectionKind.THEMES)
    services.section_update(
        section=section, expected_version=section.version, actor=secretary, title="Emner vi arbejdede med",
        body='<p onclick="steal()">Rådet <strong>arbejdede</strong> med boliger.</p><script>alert(1)</script>'
             '<img src="x" onerror="y()"><a href="javascript:alert(1)">farlig</a><a href="https://kk.dk">kk</a>'
             '<p style="color:red">rød</p>')
    section.refresh_from_db()
    assert section.body == ('<p>Rådet <strong>arbejdede</strong> med boliger.</p><a rel="noopener">farlig</a>'
                            '<a href="https://kk.dk" rel="noopener">kk</a><p>rød</p>')
    assert section.title == "Emner vi arbejdede med" and section.edited and section.version == 1
    assert section.updated_by == secretary


def test_cpr_number_in_the_text_is_refused_in_danish_and_nothing_saved(report, secretary):
    section = _section(report, SectionKind.THEMES)
    before = section.body
    with pytest.raises(ApplicationError, match="CPR-nummer") as refusal:
        services.section_update(section=section, body="<p>Borgeren 010203-1234 klagede.</p>",
                                expected_version=section.version, actor=secretary)
    assert refusal.value.field == "body" and refusal.value.code == "cpr"
    section.refresh_from_db()
    assert section.body == before and section.version == 0


def test_edits_that_collide_keep_both_texts(report, secretary, make_user):
    section = _section(report, SectionKind.OUTLOOK)
    opened_at = section.version
    services.section_update(section=section, body="<p>Først gemt.</p>", expected_version=opened_at, actor=secretary)
    late = ReportSection.objects.get(pk=section.pk)
    with pytest.raises(EditConflict) as conflict:
        services.section_update(section=late, body="<p>Min tekst.</p>", expected_version=opened_at,
                                actor=make_user())
    assert conflict.value.stored["body"] == "<p>Først gemt.</p>"
    assert conflict.value.submitted["body"] == "<p>Min tekst.</p>"
    assert conflict.value.stored_version == 1 and conflict.value.stored_by == secretary
    assert "Din tekst er bevaret" in str(conflict.value.message)
    assert ReportSection.objects.get(pk=section.pk).body == "<p>Først gemt.</p>"


def test_a_figure_changed_by_hand_is_marked(report, secretary):
    section = _section(report, SectionKind.MEETINGS)
    assert [m["hand_edited"] for m in section.figure_marks] == [False]
    services.section_update(section=section, body="<p>Rådet holdt   6\nmøder og en temadag.</p>",
                            expected_version=0, actor=secretary)
    assert [m["hand_edited"] for m in section.figure_marks] == [False]  # spacing does not count
    services.section_update(section=section, body="<p>Rådet holdt syv møder.</p>", expected_version=1,
                            actor=secretary)
    marks = section.figure_marks
    assert marks[0]["hand_edited"] and marks[0]["source"] == FIGURE["source"]
    assert section.edited and section.hand_edited_count == 1
    assert section.chart.startswith("<svg")  # the chart is not part of what was edited


# --- Refresh from data ----------------------------------------------------------------------------

def test_refresh_shows_a_diff_and_overwrites_only_when_asked(report, secretary, fake_drafting):
    section = _section(report, SectionKind.EVENTS)
    services.section_update(section=section, body="<p>Udkast til events. Vi var på Christiansborg.</p>",
                            expected_version=0, actor=secretary)
    fake_drafting[SectionKind.EVENTS] = "<p>Udkast til events. Rådet holdt 7 møder.</p>"
    preview = services.section_refresh_preview(section=section)
    assert not preview.same
    kinds = {part.kind: part.text for line in preview.diff for part in line.parts if part.kind != "equal"}
    assert "Christiansborg" in kinds["delete"] and "7" in kinds["insert"]
    section.refresh_from_db()
    assert "Christiansborg" in section.body  # the preview wrote nothing
    services.section_refresh_apply(section=section, expected_version=section.version, actor=secretary)
    section.refresh_from_db()
    assert section.body == section.draft == "<p>Udkast til events. Rådet holdt 7 møder.</p>"
    assert not section.edited
    assert services.section_refresh_preview(section=section).same


def test_refresh_after_someone_saved_is_refused(report, secretary):
    section = _section(report, SectionKind.EVENTS)
    shown_at = section.version
    services.section_update(section=section, body="<p>Ny tekst.</p>", expected_version=shown_at, actor=secretary)
    with pytest.raises(EditConflict):
        services.section_refresh_apply(section=section, expected_version=shown_at, actor=secretary)
    assert ReportSection.objects.get(pk=section.pk).body == "<p>Ny tekst.</p>"


def test_a_custom_section_has_no_data_to_refresh(report, secretary):
    custom = services.section_add_custom(report=report, title="Formandens hilsen", actor=secretary)
    with pytest.raises(ApplicationError, match="ingen data"):
        services.section_refresh_preview(section=custom)


# --- Order, leaving out, own sections -------------------------------------------------------------

def test_reorder_move_leave_out_and_add_a_section_before_the_annex(report, secretary):
    ids = list(report.sections.order_by("position").values_list("pk", flat=True))
    services.sections_reorder(report=report, ordered_ids=[ids[1], ids[0], *ids[2:]], actor=secretary)
    assert list(report.sections.order_by("position").values_list("pk", flat=True))[:2] == [ids[1], ids[0]]
    with pytest.raises(ApplicationError, match="hvert afsnit"):
        services.sections_reorder(report=report, ordered_ids=ids[:-1], actor=secretary)
    services.section_move(section=ReportSection.objects.get(pk=ids[0]), direction="up", actor=secretary)
    assert list(report.sections.order_by("position").values_list("pk", flat=True)) == ids

    library = _section(report, SectionKind.LIBRARY)
    services.section_include(section=library, included=False, actor=secretary)
    custom = services.section_add_custom(report=report, title="Formandens hilsen", body="<p>Tak for i år.</p>",
                                         actor=secretary)
    kinds = list(report.sections.order_by("position").values_list("kind", flat=True))
    assert kinds[-2:] == [SectionKind.CUSTOM, SectionKind.ANNEX]
    assert custom.edited and custom.body == "<p>Tak for i år.</p>"
    assert [s["kind"] for s in services.version_payload(report)] == [k for k in kinds if k != SectionKind.LIBRARY]
    with pytest.raises(ApplicationError, match="udelades"):
        services.section_delete(section=library, actor=secretary)
    services.section_delete(section=custom, actor=secretary)
    assert not ReportSection.objects.filter(pk=custom.pk).exists()


# --- Who may edit ----------------------------------------------------------------------------------

def test_working_group_members_may_edit_and_plain_members_may_not(council, report, secretary, make_user,
                                                                  add_member):
    writer_user, plain_user = make_user("skribent@example.org"), make_user("medlem@example.org")
    writer = add_member(council, "Wilma Skribent", user=writer_user, start=dt.date(2026, 1, 1)).person
    add_member(council, "Palle Medlem", user=plain_user, start=dt.date(2026, 1, 1))
    group = working_group_create(council=council, name="Årsberetning 2026", members=[writer], actor=secretary)
    on = dt.date(2026, 3, 1)
    assert not can_edit_report(roles_for(writer_user, council, on=on), report)
    services.report_update(report=report, title=report.title, members_on=dt.date(2027, 4, 1),
                           working_group=group, actor=secretary)
    report = workflow.report_get(council=council, pk=report.pk)
    assert can_edit_report(roles_for(writer_user, council, on=on), report)
    assert not can_edit_report(roles_for(plain_user, council, on=on), report)
    assert roles_for(plain_user, council, on=on).can("reports.view")
    assert can_edit_report(roles_for(secretary, council, on=on), report)
    assert report.members_on == dt.date(2027, 4, 1)


# --- Agenda, approval, sending, publishing ---------------------------------------------------------

def _coming_meeting(council, days=7):
    return make_meeting(council, timezone.localdate() + dt.timedelta(days=days))


def test_put_on_agenda_adds_a_decision_item_with_the_draft_pdf(report, council, secretary):
    meeting = _coming_meeting(council)
    services.report_put_on_agenda(report=report, meeting=meeting, actor=secretary)
    report.refresh_from_db()
    assert report.status == ReportStatus.ON_AGENDA
    item = report.agenda_item
    assert item.meeting == meeting and item.kind == ItemKind.DECISION and "Årsberetning 2026" in item.title
    [attachment] = Attachment.objects.filter(item=item)
    assert attachment.content_type == "application/pdf" and attachment.name.endswith("-udkast.pdf")
    with attachment.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with pytest.raises(ApplicationError, match="allerede på dagsordenen"):
        services.report_put_on_agenda(report=report, meeting=_coming_meeting(council, 14), actor=secretary)


def test_put_on_agenda_refuses_a_held_or_foreign_meeting(report, council, secretary, make_council, fake_pdf):
    held = make_meeting(council, timezone.localdate() - dt.timedelta(days=3), status=MeetingStatus.HELD)
    with pytest.raises(ApplicationError, match="ikke er holdt"):
        services.report_put_on_agenda(report=report, meeting=held, actor=secretary)
    foreign = _coming_meeting(make_council("andetraad"))
    with pytest.raises(ApplicationError, match="hører ikke til"):
        services.report_put_on_agenda(report=report, meeting=foreign, actor=secretary)


def test_approve_only_once_the_meeting_is_held_and_freeze_a_version(report, council, secretary, fake_pdf):
    with pytest.raises(ApplicationError, match="dagsordenen"):
        services.report_approve(report=report, actor=secretary)
    meeting = _coming_meeting(council)
    services.report_put_on_agenda(report=report, meeting=meeting, actor=secretary)
    with pytest.raises(ApplicationError, match="registreret som holdt"):
        services.report_approve(report=report, actor=secretary)
    services.section_include(section=_section(report, SectionKind.LIBRARY), included=False, actor=secretary)
    type(meeting).objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)

    version = services.report_approve(report=report, actor=secretary)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_by == secretary
    assert version.number == 1 and version.meeting == meeting
    assert report.agenda_item.decision == "Rådet godkendte beretningen."
    expected = [{"kind": s.kind, "title": s.title, "body": s.body, "chart": s.chart}
                for s in report.sections.filter(included=True).order_by("position")]
    assert version.sections == expected and SectionKind.LIBRARY not in [s["kind"] for s in version.sections]
    canonical = json.dumps(expected, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert version.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    # Frozen: no more edits, no second approval.
    section = _section(report, SectionKind.THEMES)
    with pytest.raises(ApplicationError, match="godkendt"):
        services.section_update(section=section, body="<p>Sent.</p>", expected_version=section.version,
                                actor=secretary)
    with pytest.raises(ApplicationError, match="allerede godkendt"):
        services.report_approve(report=report, actor=secretary)


@pytest.fixture
def approved(report, council, secretary, fake_pdf):
    meeting = _coming_meeting(council)
    services.report_put_on_agenda(report=report, meeting=meeting, actor=secretary)
    type(meeting).objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    services.report_approve(report=report, actor=secretary)
    report.refresh_from_db()
    return report


def test_send_and_publish_are_refused_before_approval(report, secretary):
    with pytest.raises(ApplicationError, match="godkendes"):
        services.report_send(report=report, recipient_name="Socialudvalget", recipient_email="su@kommune.dk",
                             actor=secretary)
    with pytest.raises(ApplicationError, match="godkendes"):
        services.report_publish(report=report, actor=secretary)


def test_send_queues_a_letter_with_the_approved_pdf(approved, secretary, monkeypatch):
    with pytest.raises(ApplicationError, match="e-mailadresse") as refusal:
        services.report_send(report=approved, recipient_name="Socialudvalget", recipient_email="ikke-en-adresse",
                             actor=secretary)
    assert refusal.value.field == "recipient_email"
    services.report_send(report=approved, recipient_name="Socialudvalget", recipient_email="su@kommune.dk",
                         actor=secretary)
    [message] = OutboxMessage.objects.filter(kind="reports.report")
    version = ReportVersion.objects.get(report=approved)
    assert message.to_address == "su@kommune.dk" and message.channel == "email"
    assert "Årsberetning 2026" in message.subject and "Til Socialudvalget" in message.body
    [descriptor] = message.attachments
    assert descriptor["builder"] == "reports.report_pdf" and descriptor["version_id"] == version.pk
    built_with = []
    monkeypatch.setattr(documents, "report_pdf",
                        lambda **kw: built_with.append(kw) or b"%PDF-1.7 godkendt")
    assert build(descriptor).content == b"%PDF-1.7 godkendt"
    assert built_with[0]["version"] == version and built_with[0]["report"] == approved
    approved.refresh_from_db()
    assert approved.sent_to == "Socialudvalget <su@kommune.dk>" and approved.sent_at is not None


def test_publish_once(approved, secretary):
    services.report_publish(report=approved, actor=secretary)
    approved.refresh_from_db()
    assert approved.status == ReportStatus.PUBLISHED and approved.published_at is not None
    with pytest.raises(ApplicationError, match="allerede offentliggjort"):
        services.report_publish(report=approved, actor=secretary)
    assert AuditEvent.objects.filter(action="reports.report.published").count() == 1


def test_report_is_the_councils_own(report, council):
    assert AnnualReport.objects.get(pk=report.pk).council == council
    assert set(ReportSection.objects.filter(report=report).values_list("council", flat=True)) == {council.pk}


def test_a_cancelled_meeting_frees_the_report_for_another_agenda(report, council, secretary, fake_pdf):
    first = _coming_meeting(council)
    services.report_put_on_agenda(report=report, meeting=first, actor=secretary)
    type(first).objects.filter(pk=first.pk).update(status=MeetingStatus.CANCELLED)
    second = _coming_meeting(council, 21)
    services.report_put_on_agenda(report=report, meeting=second, actor=secretary)
    report.refresh_from_db()
    assert report.agenda_item.meeting == second and report.status == ReportStatus.ON_AGENDA

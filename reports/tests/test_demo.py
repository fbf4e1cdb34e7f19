"""The demo's annual reports (``reports.demo`` through ``core.demo.seed_all``): Albertslund's
report for 2018, drafted from the seeded year, carries the facts of the council's real 2018
report (``../shared/seeds/000_*.txt``) and went the way the real one did – on the agenda of
1 April 2019 with its PDF, approved there, published and sent to the Social- og
Sundhedsudvalget before 23 May 2019. The 2026 report is a draft with one section written by hand.

Every figure is asserted twice: against the real report's number, and against a count of the
seeded rows made here (not through ``reports.selectors``); and the drafted text must say it.
The demo is seeded once for the module inside a transaction rolled back at its end; each test
runs in a savepoint inside it."""

import datetime as dt
import hashlib
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from activities.models import Event, SignupStatus, Theme, ThemeStatus
from core.demo import seed_all
from core.richtext import html_to_text
from councils.models import Council, EndReason, Membership, MembershipRole, MembershipStatus, RulesOfProcedure
from hearings.models import CommentLetter, Consultation, LetterStatus
from library.models import Document
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from notifications.models import OutboxMessage, OutboxStatus
from reports.models import AnnualReport, ReportStatus, ReportVersion, SectionKind

pytestmark = pytest.mark.django_db

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED)
YEAR = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
WORDS = {1: "(?:en|et|én|ét)", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte", 9: "ni",
         10: "ti", 15: "femten"}

# The facts of the real 2018 report.
REAL_EVENTS = [("fandenivoldsk aften", 3), ("dialogmøde for lokale udsatteråd", 3), ("Sundhedsprofilen", 3),
               ("rusmiddelcenter", 2), ("Regionalt netværksmøde", 3), ("Stop Spild Albertslund", 1),
               ("bisidderordninger", 3)]
REAL_THEMES = ["behov", "hjemløse", "bisidder", "Morgenmad"]
REAL_COMMITTEES = {"SUS": "Social- og Sundhedsudvalget", "BSU": "Børne- og Skoleudvalget",
                   "EBU": "Erhvervs- og Beskæftigelsesudvalget"}
REAL_RESPONSES = ["Stærke valg", "Budgetkatalog"]
REAL_REPORTS = ["Socialt frikort", "Bisidderordninger for socialt udsatte", "Sundhedsprofil for Region Hovedstaden",
                "Årsrapport 2018"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), django_db_blocker.unblock(), \
            transaction.atomic():
        seed_all()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    return demo


def _council() -> Council:
    return Council.objects.get(slug="albertslund")


def _report(year: int) -> AnnualReport:
    return AnnualReport.objects.get(council__slug="albertslund", year=year)


def _text(kind: str, year: int = 2018) -> str:
    """The section's text as a reader sees it (tags gone, whitespace as one space per line)."""
    body = _report(year).sections.get(kind=kind).body
    return "\n".join(" ".join(line.split()) for line in html_to_text(body).splitlines() if line.strip())


def _says(text: str, n: int, after: str = "") -> bool:
    """``text`` gives ``n`` (in figures or in words), followed by ``after`` when given."""
    figure = rf"(?<![\d,.]){n}(?!\d|[,.]\d)"
    number = rf"(?:{figure}|\b{WORDS[n]}\b)" if n in WORDS else figure
    return re.search(number + re.escape(after), text, re.IGNORECASE) is not None


def _line(text: str, words: str) -> str:
    return next(line for line in text.splitlines() if words.casefold() in line.casefold())


def _local(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _in_2018():
    zone = timezone.get_current_timezone()
    return (dt.datetime.combine(YEAR[0], dt.time.min, tzinfo=zone),
            dt.datetime.combine(YEAR[1] + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


# --- The 2018 report's facts ------------------------------------------------------------------------

def test_five_meetings_where_the_rules_asked_for_four(seeded):
    council = _council()
    first, after = _in_2018()
    held = Meeting.objects.filter(council=council, starts_at__gte=first, starts_at__lt=after, status__in=HELD)
    assert held.count() == 5
    in_force = [RulesOfProcedure.objects.filter(council=council, valid_from__lte=day)
                .order_by("-valid_from", "-version").first() for day in YEAR]
    assert [rules.meetings_per_year for rules in in_force] == [4, 4]
    assert not RulesOfProcedure.objects.filter(council=council, valid_from__range=YEAR).exclude(
        meetings_per_year=4).exists()
    # From January 2019 six a year.
    assert RulesOfProcedure.objects.get(council=council, valid_from=dt.date(2019, 1, 1)).meetings_per_year == 6
    text = _text(SectionKind.MEETINGS)
    assert _says(text, 5, " møder") and _says(_line(text, "Forretningsordenen"), 4)


def test_attendance_15_at_the_first_meeting_and_about_half_after(seeded):
    council = _council()
    first, after = _in_2018()
    meetings = list(Meeting.objects.filter(council=council, starts_at__gte=first, starts_at__lt=after,
                                           status__in=HELD).order_by("starts_at"))
    counts = []
    for meeting in meetings:
        called = Attendance.objects.filter(meeting=meeting, is_guest=False).exclude(
            status=AttendanceStatus.NOT_CALLED)
        counts.append((called.filter(status=AttendanceStatus.PRESENT).count(), called.count()))
    assert meetings[0].kind == MeetingKind.CONSTITUTING and _local(meetings[0].starts_at) == dt.date(2018, 4, 10)
    assert counts[0][0] == 15
    assert all(0.4 <= present / called <= 0.6 for present, called in counts[1:]), counts
    assert [present for present, _called in counts] == [15, 7, 7, 7, 7]
    text = _text(SectionKind.MEETINGS)
    assert _says(_line(text, "konstituerende"), 15) and _says(_line(text, "konstituerende"), counts[0][1])
    assert _says(_line(text, "øvrige møder"), 7)
    # The constituting meeting in the composition section, with the chair and vice-chair elected.
    composition = _text(SectionKind.COMPOSITION)
    assert "formand" in _line(composition, "konstituerende møde").casefold() or "formand" in composition


def test_withdrawals_and_the_roster_on_1_april_2019(seeded):
    council = _council()
    left_2018 = Membership.objects.filter(council=council, end__range=YEAR, end_reason=EndReason.WITHDREW)
    assert left_2018.count() == 4
    assert set(left_2018.values_list("role", flat=True)) == {MembershipRole.SUBSTITUTE}
    early_2019 = Membership.objects.filter(council=council, end__range=(dt.date(2019, 1, 1), dt.date(2019, 3, 31)),
                                           end_reason__in=[EndReason.WITHDREW, EndReason.MOVED])
    assert early_2019.count() == 2
    day = dt.date(2019, 4, 1)
    on_day = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), council=council, start__lte=day,
                                       status=MembershipStatus.APPOINTED)
    assert on_day.filter(role=MembershipRole.MEMBER).count() == 8
    assert on_day.filter(role=MembershipRole.SUBSTITUTE).count() == 3
    text = _text(SectionKind.COMPOSITION)
    assert _says(text, 4, " suppleanter")
    spring = _line(text, "1. april 2019")
    assert _says(spring, 8, " medlemmer") and _says(spring, 3, " suppleanter")


def test_the_recruitment_and_the_appointment(seeded):
    text = _text(SectionKind.COMPOSITION)
    call = _line(text, "23. januar 2018")
    assert "18. januar 2018" in call  # the information meeting
    assert _says(call, 15, " kandidater")
    assert "13. marts 2018" in _line(text, "udpegede") and _says(_line(text, "udpegede"), 10, " medlemmer")
    assert _says(_line(text, "udpegede"), 7, " suppleanter")
    assert "22. juni 2017" in _text(SectionKind.INTRODUCTION)


def test_every_event_with_its_number_of_members(seeded):
    first, after = _in_2018()
    attended = {e.title: e.signups.filter(status=SignupStatus.ATTENDED).count()
                for e in Event.objects.filter(council=_council(), starts_at__gte=first, starts_at__lt=after)}
    went = {title: n for title, n in attended.items() if n}
    assert len(went) == 7
    text = _text(SectionKind.EVENTS)
    for words, n in REAL_EVENTS:
        title = next(t for t in went if words.casefold() in t.casefold())
        assert went[title] == n, title
        assert _says(_line(text, title), n, " fra rådet"), title
    assert _says(text, 7, " arrangementer")


def test_the_four_themes_with_status_and_what_came_of_them(seeded):
    themes = list(Theme.objects.filter(council=_council(), year=2018).order_by("priority"))
    assert len(themes) == 4
    for words, theme in zip(REAL_THEMES, themes, strict=True):
        assert words.casefold() in theme.title.casefold()
    assert [t.status for t in themes] == [ThemeStatus.ACTIVE, ThemeStatus.DONE, ThemeStatus.ACTIVE,
                                          ThemeStatus.ACTIVE]
    text = _text(SectionKind.THEMES)
    for theme in themes:
        assert theme.title in text
        assert theme.status_note.split(".")[0] in text  # what came of it
    # The bisidder scheme and school breakfast go on in 2019 (also as themes of 2019).
    assert text.count("Fortsætter i 2019") >= 2
    assert Theme.objects.filter(council=_council(), year=2019, title__icontains="bisidder").exists()
    assert Theme.objects.filter(council=_council(), year=2019, title__icontains="morgenmad").exists()


def test_three_comment_letters_and_two_responses_with_the_youth_strategy_outcome(seeded):
    first, after = _in_2018()
    letters = CommentLetter.objects.filter(council=_council(), status=LetterStatus.SENT, sent_at__gte=first,
                                           sent_at__lt=after).select_related("committee_meeting__committee")
    assert sorted(lt.committee_meeting.committee.abbreviation for lt in letters) == sorted(REAL_COMMITTEES)
    assert {_local(lt.sent_at).month for lt in letters} == {8}
    responses = Consultation.objects.filter(council=_council(), sent_at__gte=first, sent_at__lt=after)
    assert sorted(c.title.split()[0] for c in responses) == sorted(w.split()[0] for w in REAL_RESPONSES)
    youth = responses.get(title__startswith="Stærke valg")
    assert "ekstra mål" in youth.outcome and youth.outcome_recorded_at < after
    text = _text(SectionKind.RESPONSES)
    assert _says(text, 2, " høringssvar") and _says(text, 3, " kommentarbreve")
    for name in REAL_COMMITTEES.values():
        assert name in text
    for words in REAL_RESPONSES:
        assert words in text
    assert "hash" in _line(text, "Stærke valg")  # the added goal about young cannabis users
    annex = _text(SectionKind.ANNEX)
    assert all(f"Kommentarer til dagsordenen for mødet i {name}" in annex for name in REAL_COMMITTEES.values())


def test_four_reports_received(seeded):
    first, after = _in_2018()
    received = Document.objects.filter(council=_council(), added_at__gte=first, added_at__lt=after)
    assert sorted(d.title for d in received) == sorted(
        next(d.title for d in received if d.title.startswith(words)) for words in REAL_REPORTS)
    assert not Document.objects.filter(council=_council(), year=2018).exclude(pk__in=received).exists()
    text = _text(SectionKind.LIBRARY)
    assert _says(text, 4, " rapporter")
    for document in received:
        assert document.title in text


# --- The 2018 report's way through the council ----------------------------------------------------

def test_the_2018_report_was_approved_on_1_april_2019_published_and_sent_to_sus(seeded):
    report = _report(2018)
    assert report.status == ReportStatus.PUBLISHED and report.members_on == dt.date(2019, 4, 1)
    item = report.agenda_item
    assert item.title == "Udkast til rådets årsberetning 2018" and item.decision
    assert _local(item.meeting.starts_at) == dt.date(2019, 4, 1)
    assert item.meeting.status == MeetingStatus.MINUTES_PUBLISHED
    attachment = item.attachments.get()
    with attachment.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # The draft went out with the agenda, before the meeting.
    assert item.meeting.agenda_published_at < item.meeting.starts_at
    version = ReportVersion.objects.get(report=report)
    canonical = json.dumps(version.sections, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert version.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    assert version.meeting_id == item.meeting_id and _local(version.approved_at) == dt.date(2019, 4, 1)
    assert _local(report.published_at) < dt.date(2019, 5, 23) and _local(report.sent_at) < dt.date(2019, 5, 23)
    assert "sus@albertslund.example" in report.sent_to
    letter = OutboxMessage.objects.get(kind="reports.report", to_address="sus@albertslund.example")
    assert letter.status == OutboxStatus.SENT and _local(letter.sent_at) < dt.date(2019, 5, 23)
    # The recommendations were written by hand; the rest is the draft from the data.
    assert list(report.sections.filter(edited=True).values_list("kind", flat=True)) == [SectionKind.OUTLOOK]


# --- 2026 ----------------------------------------------------------------------------------------------

def test_the_2026_report_is_a_draft_with_one_section_written_by_hand(seeded, client):
    report = _report(2026)
    assert report.status == ReportStatus.DRAFT and not ReportVersion.objects.filter(report=report).exists()
    edited = list(report.sections.filter(edited=True))
    assert [s.kind for s in edited] == [SectionKind.OUTLOOK]
    assert edited[0].body != edited[0].draft and "borgermøder" in edited[0].body
    group = report.working_group
    assert group.name == "Årsberetning 2026" and group.members.count() == 2
    # A member of the working group (not in the formandskab) may edit it.
    member = get_user_model().objects.get(email="medlem@albertslund.example")
    assert group.members.filter(user=member).exists()
    client.force_login(member)
    url = reverse("reports:section_edit", args=["albertslund", report.pk, edited[0].pk])
    assert client.get(url).status_code == 200

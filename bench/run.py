"""Stemme benchmarks (``make bench``): queries per request and latency of the main pages at 1× and 10× data,
the time to render the PDFs, to import a committee agenda and to export the per diem payout list.

Never touches the development or production database. By default it builds a throwaway SQLite file in a
temporary directory (``DATABASE_URL`` from the environment is ignored); with ``BENCH_DATABASE_URL`` set it
creates a throwaway database ``stemme_bench_<pid>`` on that PostgreSQL server and drops it afterwards
(the role needs CREATEDB). Uploaded files (consultation material, receipts) go to a temporary ``MEDIA_ROOT``.

Scales (built with ``councils.demo.scale_council``):

* 1×  – one council with one term of full rosters (members and personal substitutes);
* 10× – the measured council has ten terms of history (``years=10``) and the database holds ten councils;
* the large case, only when asked for a size (``--councils 100 --years 10``, or ``BENCH_COUNCILS=100
  BENCH_YEARS=10``): the measured council of 10× (a new one when ``years`` is not 10), and the database
  filled up to ``councils`` councils, each of the added ones with ``years`` of bulk-created history
  (meetings, consultations, the council's year; their rosters have one term, as building ten terms of
  rosters through the services would take most of an hour for a hundred councils). Labelled
  ``100×10``. Only the pages are measured at that size (queries and in-process time; not the PDFs,
  imports and exports, which read the measured council only and are the same as at 10×).

Meetings (built by ``build_meetings`` with the real services of the meeting cycle): the measured council has
``6 × scale`` held meetings, two months apart, each with the six standard items and nine of its own (one
closed), decisions on every item and four action items, the minutes approved at the next meeting and
published; and one upcoming meeting with a published agenda. Attendance is recorded at every held meeting
(one in five sends afbud): the per diem payout list is built from it. So 10× means ten times the meetings,
items and action items of 1×. The other councils get six published meetings a year each (bulk-created, see
``bulk_meetings``): one year at 1× and 10×, ``years`` in the large case.

Hearings (built by ``build_hearings`` with the real services of ``hearings.services``): the measured council
gets a chair and a vice-chair with logins (for the formandskab's approvals). Its municipality has five
committees (SUS, BSU, EBU, ØU, KB); the council follows three with a working group each, and every followed
committee has ``2 × scale`` past meetings imported from SBSYS manifests (8 items each), two items commented
on and the comment letter approved and sent through the outbox. The council has ``8 × scale``
consultations: three open ones at every scale (received; being drafted – the measured page, with three pieces
of material, six draft versions and eight comments; approved by the formandskab, not yet sent) and the rest
sent (assigned, drafted, commented on, approved by chair and vice-chair, sent, every other one with an
outcome, one in eight not published). Sending dates are moved back to before each deadline, so the history
reads like history. The other councils get eight sent consultations each (bulk-created, ``bulk_hearings``).

The council's year (built by ``build_year`` with the real services of ``activities``, ``finance`` and
``library``), for each of the ``scale`` calendar years up to this one:

* ideas: a brainstorm of ten ideas at the year's first meeting, one from a member and one from a citizen;
  every member dot-votes (five dots) and every other member ranks three; the ``THEMES_PER_YEAR`` (6) first
  ideas of the result become themes with a tovholder. Past years' themes are done; this year one more idea
  is postponed three months ahead and the themes are linked to agenda items, a consultation and an event;
* events: ``EVENTS_PER_YEAR`` (8) past events (conferences, network meetings, theme days, dialogue and
  citizens' meetings, receptions), four members signed up, three recorded as having attended, a report
  back (written into the row: through the service each would land on today's upcoming agenda) and the
  cost as an expense; plus ``UPCOMING_EVENTS`` (3) upcoming events at every scale with committed costs.
  The measured event is the first upcoming one: four places, six signed up (two on the waiting list);
* money: a per diem rate of ``PER_DIEM_RATE`` kr in the rules of procedure, a budget of ``BUDGET`` kr per
  calendar year with meetings, per held meeting catering (with a PDF receipt) and transport for two members,
  two other expenses a year, and each year's payout list recorded as per diem expenses (``per_diem_record``);
* library: ``DOCUMENTS_PER_YEAR`` (12) documents (links) a year with two tags each, linked to a theme.

The other councils get one year of it bulk-created (``bulk_year``).

Pages measured: the meeting page and the agenda builder of the upcoming meeting, the public page of the last
held meeting (published minutes), the internal consultations list, the consultation page of the one being
drafted, the council's public page of consultation responses and comment letters; this year's themes
(``activities:themes``) and prioritising result (``activities:idea_results``), the events list (all events,
upcoming and past) and the measured event's page, the budget status and the expense list of this year
(``finance:status``, ``finance:expenses``), the per diem payout page for the last twelve months
(``finance:per_diem?fra=…&til=…``) and the library list (``library:documents``). For each page and
scale: the number of queries of one request (``CaptureQueriesContext``) and the median and p95 latency of
``BENCH_REQUESTS`` (default 200) requests through Django's test client, after a warm-up.

The six main pages (``Page.main``) have a target of at most 10 ms in-process at 10× data (DESIGN.md,
issue 14): the public minutes page, the agenda read page (the personal reading link ``/l/<token>/`` of the
chair's invitation to the upcoming meeting), the member's start page (the council's dashboard for the
chair, a member, with the "Hvad skal jeg nu?" panels), the internal meeting page, the agenda builder and
the consultation page. Their in-process time (median and p95 of the test client's requests, which run the
whole middleware stack in this process; the CPU time of the process is the figure compared with the
target, as the wall time on a shared machine is mostly other processes) is printed in a table of its own
beside the target; the bench asserts nothing about time. Every page is measured twice, in alternating
rounds: *warm*, the main figure, with its cached fragments (``core.fragments``, keyed by the council's
content generation) in the cache, as on every request after the first since the council's last write;
and *cold*, with the content generation bumped (outside the timed call) before every request, as by a
write, so every fragment is rendered again. Both query counts must be constant across the scales.
Anonymous public pages are measured as a render in both: the council's public generation is bumped
(outside the timed call) before every request, so the page cache keyed by it misses.

``BENCH_PAGES=main`` (or a comma-separated list of page keys) measures only those pages.

Timings (median of 3 runs): the agenda PDF and the minutes PDF of the last held meeting (15 items with case
text, decisions and action items), the response letter PDF of the newest sent consultation
(``letter_pdf(response_document(c))``, uncached), and the import of an SBSYS manifest with 500 items
(``hearings.importers.samples.make_manifest(500)`` through ``hearings.services.imports.import_file``): the
parse alone, the first import, and importing the same file again (must add and change nothing). Each import
run is rolled back, so every run starts from the same data. And the per diem payout list for the last twelve
months as XLSX and as CSV (``finance.selectors.per_diem_payout`` + ``finance.exports.payout_xlsx|csv``, as
the export views do; median of ``EXPORT_RUNS``).

The annual report (``bench/report_bench.py``): the busy year of ``reports.tests.busy_year`` at 1× and 10×,
the queries and seconds to assemble the report (the year's facts and every section's draft; queries must
be constant) and the seconds to build its PDF against the pure WeasyPrint render of the same HTML (goal:
at most 3 s, and at most 10 % over the pure render). ``BENCH_ONLY=reports`` runs only this part;
``BENCH_ONLY=pages`` only the pages (no PDFs, imports, exports or annual report: quick to repeat).

Prints six tables and writes ``bench/results.json``. Exits 1 when a page does not answer 200, when its
query count differs between the scales (DESIGN.md: queries per page are constant in the size of the data),
or when the re-import is not idempotent, or when assembling the annual report takes more queries at 10× than at 1×.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARMUP = 20
PDF_RUNS = 3
MEETINGS_PER_YEAR = 6
OWN_ITEMS = 9  # plus the six standard items = 15 items per meeting
ACTIONS_PER_MEETING = 4
SCALES = ((1, 1), (10, 10))  # (councils in the database, years of the measured council's history)
MAIN_TARGET_MS = 10.0  # DESIGN.md: every main page ≤ 10 ms in-process at 10× data (printed, not asserted)
BENCH_USER_EMAIL = "bench-sekretariat@stemme.example"
CONSULTATIONS_PER_YEAR = 8
# The open consultations (the same at every scale: history is finished work); the rest are sent.
OPEN_CONSULTATIONS = ("received", "drafting", "approved")
DRAFT_VERSIONS = 6   # saved versions of the measured consultation's draft
DRAFT_COMMENTS = 8   # members' comments on it
COMMITTEES = (("Social- og Sundhedsudvalget", "SUS"), ("Børne- og Skoleudvalget", "BSU"),
              ("Erhvervs- og Beskæftigelsesudvalget", "EBU"), ("Økonomiudvalget", "ØU"), ("Kommunalbestyrelsen", "KB"))
FOLLOWED = ("SUS", "BSU", "EBU")
COMMITTEE_MEETINGS_PER_YEAR = 2  # per followed committee, each with a sent comment letter
COMMITTEE_ITEMS = 8
RELEVANT_ITEMS = 2               # items commented on per committee meeting (the letter's sections)
IMPORT_ITEMS = 500
IMPORT_RUNS = 3
# The council's year (per year of data; upcoming events are the same at every scale).
THEMES_PER_YEAR = 6
EVENTS_PER_YEAR = 8
UPCOMING_EVENTS = 3
DOCUMENTS_PER_YEAR = 12
BUDGET = Decimal("60000")
PER_DIEM_RATE = Decimal("400")
EXPORT_RUNS = 3


@dataclass
class Page:
    key: str
    label: str
    url_name: str
    as_user: str  # "secretariat" | "member" (the chair) | "anonymous"
    target: str = ""  # "" (a council page) | a key of the built objects: "upcoming", "published", "consultation"
    query: str = ""   # "" | a key of the built objects holding the query string ("per_diem_query")
    main: bool = False  # one of the six main pages (≤ 10 ms in-process at 10× data)
    council_arg: bool = True  # the address starts with the council's slug (not /l/<token>/)


PAGES = (
    Page("roster", "internal roster", "councils:roster", "secretariat"),
    Page("composition", "composition", "councils:composition", "secretariat"),
    Page("public_members", "public members", "public:members", "anonymous"),
    Page("start", "member start page", "councils:dashboard", "member", main=True),
    Page("reading", "agenda read page", "reading", "anonymous", "reading_token", main=True, council_arg=False),
    Page("meeting", "meeting page", "meetings:meeting", "secretariat", "upcoming", main=True),
    Page("agenda", "agenda builder", "meetings:agenda", "secretariat", "upcoming", main=True),
    Page("public_minutes", "public minutes", "public:meeting", "anonymous", "published", main=True),
    Page("consultations", "consultations", "hearings:consultations", "secretariat"),
    Page("consultation", "consultation page", "hearings:consultation", "secretariat", "consultation", main=True),
    Page("public_responses", "public responses", "public:responses", "anonymous"),
    Page("themes", "themes", "activities:themes", "secretariat"),
    Page("idea_results", "idea results", "activities:idea_results", "secretariat"),
    Page("events", "events", "activities:events", "secretariat"),
    Page("event", "event page", "activities:event", "secretariat", "event"),
    Page("budget_status", "budget status", "finance:status", "secretariat"),
    Page("expenses", "expenses", "finance:expenses", "secretariat"),
    Page("per_diem", "per diem payout", "finance:per_diem", "secretariat", query="per_diem_query"),
    Page("library", "library", "library:documents", "secretariat"),
)


@dataclass
class PdfTiming:
    document: str
    scale: str
    object_id: int  # the meeting (agenda, minutes) or the consultation (response letter)
    items: int      # agenda items, or the response letter's paragraphs
    bytes: int
    median_s: float
    runs_s: list[float]


@dataclass
class ImportTiming:
    scale: str
    items: int
    bytes: int
    parse_median_s: float
    first_median_s: float
    reimport_median_s: float
    parse_runs_s: list[float]
    first_runs_s: list[float]
    reimport_runs_s: list[float]
    first_counts: dict
    reimport_counts: dict


@dataclass
class ExportTiming:
    export: str
    scale: str
    period: str
    rows: int       # people on the payout list
    bytes: int
    median_s: float
    runs_s: list[float]


@dataclass
class Measurement:
    page: str
    label: str
    scale: str
    url: str
    status: int
    bytes: int
    queries: int
    median_ms: float
    p95_ms: float
    mean_ms: float
    min_ms: float
    max_ms: float
    requests: int
    cpu_median_ms: float = 0.0  # the process's CPU time per request (time.process_time): steady on a busy machine
    cpu_p95_ms: float = 0.0
    # The figures above are *warm*: the page's cached fragments (core.fragments) are in the cache, as
    # on every request after the first since the council's last write. *Cold*: the council's content
    # generation is bumped before every request (as by a write), so every fragment is rendered again.
    # Measured in alternating rounds with the warm requests. An anonymous public page is a render in
    # both (its page cache always misses, see ``measure``).
    cold_queries: int = 0
    cold_median_ms: float = 0.0
    cold_p95_ms: float = 0.0
    cold_cpu_median_ms: float = 0.0
    cold_cpu_p95_ms: float = 0.0


# --- Database -------------------------------------------------------------------------------------

def configure_database() -> tuple[str, Path]:
    """Point the settings at a throwaway database and a throwaway media directory (uploaded
    consultation material) before Django is set up. Returns (kind, temp dir)."""
    os.environ.pop("DATABASE_URL", None)  # never the database the environment points at
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"  # measure without DEBUG's per-query bookkeeping
    tmp = Path(tempfile.mkdtemp(prefix="stemme-bench-"))
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if bench_url:
        os.environ["DATABASE_URL"] = bench_url
        return "postgresql", tmp
    os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    return "sqlite", tmp


BENCH_PG_NAME = f"stemme_bench_{os.getpid()}"


def create_database(kind: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    if kind == "postgresql":
        # A database of its own on the given server (not test_<name>, which a parallel
        # `make test` may be using); create_test_db migrates it and switches the connection.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = BENCH_PG_NAME
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)


def drop_database(kind: str, tmp: Path) -> None:
    from django.db import connection

    if kind == "postgresql":
        if connection.settings_dict["NAME"] == BENCH_PG_NAME:
            connection.creation.destroy_test_db(verbosity=0)
    else:
        connection.close()
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


# --- Data -----------------------------------------------------------------------------------------

def build_scale(councils: int, years: int, *, existing: int, other_years: int = 1):
    """Add councils until the database holds ``councils`` councils: one measured council with ``years``
    terms of history, the rest with ``other_years`` (bulk-created). ``existing`` councils were built for
    smaller scales. Returns the measured council, the number of councils now in the database, the number
    of memberships ``end_finished_terms`` had to end, the built objects the pages are measured on
    (meetings, consultations, the chair's reading token and login) and the bench secretary."""
    from django.db import transaction

    from councils.demo import scale_council

    with transaction.atomic():
        # At least two terms at every scale, so the measured meeting page lists the open items of an
        # ended term at 1× as at 10× (the same kinds of rows, only more of them).
        measured = scale_council(index=existing, years=max(years, 2))
        closed = end_finished_terms(measured)
        targets = build_meetings(measured, scale=years)
        user = bench_user(measured)
        targets.update(build_hearings(measured, scale=years, user=user))
        targets.update(build_year(measured, scale=years, user=user))
        targets.update(member_targets(measured, targets["upcoming"]))
    total = add_councils(councils, existing=existing + 1, years=other_years)
    return measured, total, closed, targets, user


def add_councils(councils: int, *, existing: int, years: int = 1) -> int:
    """Councils that are not measured, until the database holds ``councils``: one term of rosters each
    (through the services: a second or two each) and ``years`` of meetings, consultations and the
    council's year (bulk). Ten terms of rosters each through the services would take most of an hour
    for a hundred councils on a 2-core machine. Returns the number of councils now in the database."""
    from django.db import transaction

    from councils.demo import scale_council

    for index in range(existing, councils):
        with transaction.atomic():  # one council at a time: a long build keeps what it has built
            other = scale_council(index=index)
            bulk_meetings(other, years=years)
            bulk_hearings(other, years=years)
            bulk_year(other, years=years)
    return max(councils, existing)


def member_targets(council, upcoming) -> dict:
    """The chair (a member with a login, see ``_formandskab``): the user for the member's start page
    and the reading token of the chair's invitation to the upcoming meeting (the agenda read page)."""
    from django.contrib.auth import get_user_model

    from meetings.models import Attendance
    from meetings.selectors.reading import reading_token

    chair = get_user_model().objects.get(email=f"bench-chair-{council.slug}@stemme.example")
    attendance = Attendance.objects.get(meeting=upcoming, person__user=chair)
    return {"member": chair, "reading_token": reading_token(attendance)}


def _local(day: dt.date, hour: int) -> dt.datetime:
    from meetings.services.plan import local_zone

    return dt.datetime.combine(day, dt.time(hour), tzinfo=local_zone())


CASE_TEXT = ("Rådet drøftede på sidste møde, hvordan sagen kan komme videre. Sekretariatet har samlet "
             "erfaringer fra andre kommuner og talt med forvaltningen. " * 4).strip()


def build_meetings(council, *, scale: int) -> dict:
    """The measured council's meetings, built through the services a secretariat uses (plan, agenda,
    publish, held, decisions, action items, approval at the next meeting, publication). Returns the
    upcoming meeting and the last held meeting (published minutes)."""
    from django.db.models import Count, Q

    from councils.models import Person, Term
    from meetings.models import ActionStatus, AttendanceStatus, ItemKind, MeetingKind
    from meetings.selectors import minutes as minutes_selectors
    from meetings.services import agenda, minutes, plan

    people = list(Person.objects.filter(council=council).annotate(n=Count("memberships", filter=Q(
        memberships__end__isnull=True))).order_by("-n", "pk")[:12])
    today = dt.date.today()
    count = MEETINGS_PER_YEAR * scale
    days = [today - dt.timedelta(days=34 + 61 * n) for n in reversed(range(count))]
    term_start = Term.objects.filter(council=council).order_by("-start").values_list("start", flat=True).first()
    if term_start and days[0] >= term_start:
        # One meeting in the ended term (with open action items) at every scale: see build_scale.
        days.insert(0, term_start - dt.timedelta(days=61))
        count = len(days)

    def agenda_for(meeting, n: int):
        agenda.standard_items_create(meeting=meeting)
        kinds = (ItemKind.DECISION, ItemKind.DISCUSSION, ItemKind.INFORMATION)
        for j in range(OWN_ITEMS):
            agenda.item_create(meeting=meeting, title=f"Punkt {j + 1} på møde {n + 1}: socialt frikort og idékatalog",
                               kind=kinds[j % 3], case_text=CASE_TEXT,
                               recommendation="Det indstilles, at rådet drøfter sagen og træffer beslutning.",
                               responsible=people[j % len(people)], closed=(j == OWN_ITEMS - 1),
                               publish_title=True, publish_decision=False)
        agenda.agenda_publish(meeting=meeting, actor=None, now=meeting.starts_at - dt.timedelta(days=8))

    held = []
    for n, day in enumerate(days):
        meeting = plan.meeting_create(council=council, kind=MeetingKind.ORDINARY, starts_at=_local(day, 16),
                                      ends_at=_local(day, 18), location="Rådhuset, mødelokale 2")
        agenda_for(meeting, n)
        minutes.meeting_mark_held(meeting=meeting)
        items = list(meeting.items.order_by("position"))
        for item in items:
            minutes.item_minutes_save(item=item, decision=f"Rådet besluttede at gå videre med {item.title.lower()}.",
                                      dissent="", expected_version=item.minutes_version)
        own = [i for i in items if not i.standard]
        for k in range(ACTIONS_PER_MEETING):
            action = minutes.action_item_create(
                meeting=meeting, item=own[k], title=f"Følg op på punkt {k + 1} over for udvalget",
                owners=people[k % len(people):k % len(people) + 1 + k % 2], due=day + dt.timedelta(days=30))
            if n < count - 2 and k % 2 == 0:  # older meetings: half of their action items are done
                minutes.action_item_update_status(action_item=action, status=ActionStatus.DONE, note="Udført.")
        # Who came (one in five sent afbud): the per diem payout list is built from this.
        for attendance in meeting.attendances.filter(is_guest=False, status=AttendanceStatus.INVITED):
            status = AttendanceStatus.AFBUD if attendance.pk % 5 == 0 else AttendanceStatus.PRESENT
            minutes.attendance_record(meeting=meeting, person=attendance.person, status=status)
        if held:
            minutes.minutes_approve_at_meeting(meeting=held[-1], at_meeting=meeting)
            minutes.minutes_publish(meeting=held[-1])
        held.append(meeting)

    last = held[-1]
    upcoming_day = today + dt.timedelta(days=10)
    upcoming = plan.meeting_create(council=council, kind=MeetingKind.ORDINARY, starts_at=_local(upcoming_day, 16),
                                   ends_at=_local(upcoming_day, 18), location="Rådhuset, mødelokale 2")
    agenda_for(upcoming, count)
    # The upcoming meeting has not been held, so the last minutes are approved in writing.
    minutes.minutes_request_written_approval(meeting=last)
    for person in minutes_selectors.written_approvers(meeting=last):
        minutes.minutes_approve_in_writing(meeting=last, person=person)
    minutes.minutes_publish(meeting=last)
    return {"upcoming": upcoming, "published": last}


def bulk_meetings(council, *, years: int = 1) -> None:
    """Six published meetings a year (``years``) with 15 items and four action items each for a council
    that is not measured.
    Rows are bulk-created instead of going through the services: these councils only add volume to the
    tables, and the services (agenda order, invitations, audit rows) would make the 10× build several
    times slower without changing what is measured."""
    from councils.models import Person
    from meetings.models import ActionItem, AgendaItem, Meeting, MeetingKind, MeetingStatus

    owner = Person.objects.filter(council=council).order_by("pk").first()
    today = dt.date.today()
    meetings = Meeting.objects.bulk_create([
        Meeting(council=council, kind=MeetingKind.ORDINARY, starts_at=_local(day, 16), ends_at=_local(day, 18),
                location="Rådhuset", status=MeetingStatus.MINUTES_PUBLISHED, minutes_approved_how="next_meeting")
        for day in (today - dt.timedelta(days=20 + 61 * n) for n in range(MEETINGS_PER_YEAR * years))])
    meetings = list(Meeting.objects.filter(council=council))  # primary keys on every database
    AgendaItem.objects.bulk_create([
        AgendaItem(council=council, meeting=meeting, position=p, title=f"Punkt {p + 1}", case_text=CASE_TEXT,
                   decision="Rådet besluttede at gå videre.")
        for meeting in meetings for p in range(OWN_ITEMS + 6)])
    ActionItem.objects.bulk_create([
        ActionItem(council=council, meeting=meeting, title=f"Opgave {k + 1}", due=today)
        for meeting in meetings for k in range(ACTIONS_PER_MEETING)])
    if owner is not None:
        Through = ActionItem.owners.through
        Through.objects.bulk_create([Through(council=council, actionitem_id=pk, person_id=owner.pk) for pk in
                                     ActionItem.objects.filter(council=council).values_list("pk", flat=True)])


# --- Hearings: committees, comment letters, consultations ------------------------------------

DRAFT_TEXT = "\n\n".join([
    "{council} takker for muligheden for at afgive høringssvar om {title}.",
    ("Rådet har drøftet udkastet på sit møde og med sine baglande. Rådet bakker op om strategiens overordnede "
     "retning, men savner, at de mest udsatte borgere – hjemløse, borgere med misbrug og borgere med psykiske "
     "lidelser – nævnes direkte i målene, så indsatsen kan følges op år for år."),
    ("Rådet foreslår et mål om, at ingen under 25 år skal sove på gaden, og at kommunen giver hjemløse unge en "
     "fast kontaktperson inden for en uge. Det bør fremgå, hvem der har ansvaret, og hvordan rådet inddrages i "
     "opfølgningen."),
    ("Rådet anbefaler desuden, at værestederne får midler til længere åbningstider om vinteren, og at "
     "gadeplansindsatsen evalueres sammen med brugerne."),
    "Rådet stiller sig gerne til rådighed for en uddybning af svaret.",
])
TOPICS = ("Ungestrategi", "Budgetkatalog", "Sundhedspolitik", "Hjemløsestrategi", "Misbrugspolitik",
          "Boligsocial plan", "Beskæftigelsesplan", "Værdighedspolitik")


def current_members(council) -> list:
    """The people with an appointed member seat today, in the order they were appointed."""
    from django.utils import timezone

    from councils.models import Membership, MembershipRole, MembershipStatus

    today = timezone.localdate()
    return [m.person for m in Membership.objects.filter(
        council=council, role=MembershipRole.MEMBER, status=MembershipStatus.APPOINTED, end__isnull=True,
        start__lte=today, term__end__gte=today).select_related("person").order_by("pk")]


def _formandskab(council):
    """Chair and vice-chair of the current term (persons with a login each), for the formandskab
    approvals. Returns the two users and a handful of current members for tovholdere."""
    from django.contrib.auth import get_user_model

    from councils import services
    from councils.models import Membership

    members = current_members(council)
    User = get_user_model()
    users = []
    for kind, person in (("chair", members[0]), ("vice_chair", members[1])):
        user = User.objects.create_user(email=f"bench-{kind.replace('_', '')}-{council.slug}@stemme.example",
                                        password=None, name=person.name)
        services.person_save(council=council, instance=person, user=user)
        start = (Membership.objects.filter(council=council, person=person, end__isnull=True)
                 .order_by("start").values_list("start", flat=True).first())
        services.position_assign(council=council, person=person, kind=kind, start=start)
        users.append(user)
    return users[0], users[1], members


def build_hearings(council, *, scale: int, user) -> dict:
    """The measured council's committees and consultations, built through the services a secretariat
    uses. Returns the measured consultation (the open one being drafted) and the newest sent one."""
    chair, vice, members = _formandskab(council)
    committees = build_committees(council, scale=scale, user=user, members=members)
    return build_consultations(council, scale=scale, user=user, chair=chair, vice=vice, members=members,
                               committees=committees)


def build_committees(council, *, scale: int, user, members) -> list:
    """The municipality's five committees (SUS, BSU, EBU, ØU, KB); the council follows three of them
    with a working group of three members each. Every followed committee has
    ``COMMITTEE_MEETINGS_PER_YEAR × scale`` past meetings, each imported from an SBSYS manifest with
    ``COMMITTEE_ITEMS`` items; the working group comments on ``RELEVANT_ITEMS`` of them and the
    comment letter is saved, approved and sent (through the outbox, not delivered)."""
    from django.utils import timezone

    from hearings.importers.samples import make_manifest
    from hearings.models import CommentLetter, CommitteeAgendaItem, CommitteeMeeting
    from hearings.services import committees as committee_services
    from hearings.services import letters as letter_services
    from hearings.services.imports import import_file

    committees = {abbreviation: committee_services.committee_create(council=council, name=name,
                                                                    abbreviation=abbreviation, actor=user)
                  for name, abbreviation in COMMITTEES}
    today = timezone.localdate()
    count = COMMITTEE_MEETINGS_PER_YEAR * scale
    gap = 365 // COMMITTEE_MEETINGS_PER_YEAR
    for k, abbreviation in enumerate(FOLLOWED):
        committee = committees[abbreviation]
        email = f"{abbreviation.lower()}@{council.slug}.example"
        committee_services.committee_follow_save(
            council=council, committee=committee, members=members[2 + 3 * k:5 + 3 * k],
            recipient_name=f"Formanden for {committee.name}", recipient_email=email, comment_days_before=2,
            actor=user)
        for n in range(count):
            day = today - dt.timedelta(days=20 + k * 7 + n * gap)
            data = make_manifest(COMMITTEE_ITEMS, meeting_id=f"{abbreviation}-{day:%Y%m%d}",
                                 starts_at=dt.datetime.combine(day, dt.time(15)), committee=committee.name,
                                 abbreviation=abbreviation)
            report = import_file(council=council, data=data, filename=f"{abbreviation}-{day:%Y%m%d}.xml",
                                 actor=user)
            meeting = report.meetings[0]
            items = CommitteeAgendaItem.objects.filter(meeting_id=meeting.pk).order_by("number")[:RELEVANT_ITEMS]
            for item in items:
                committee_services.item_comment_save(
                    council=council, item=item, relevant=True, expected_version=0, actor=user,
                    text=(f"Rådet opfordrer udvalget til at inddrage brugerne, før der træffes beslutning om "
                          f"{item.title.lower()}. Det gælder især borgere uden fast bolig."))
            committee_meeting = CommitteeMeeting.objects.select_related("committee").get(pk=meeting.pk)
            letter_services.comment_letter_save(
                council=council, committee_meeting=committee_meeting, recipient_name=f"Formanden for {committee.name}",
                recipient_email=email, deadline=day - dt.timedelta(days=2), published=True, actor=user)
            letter_services.comment_letter_approve(council=council, committee_meeting=committee_meeting,
                                                   actor=user)
            letter = letter_services.comment_letter_send(council=council, committee_meeting=committee_meeting,
                                                         actor=user)
            # History: sent two days before the committee's meeting, not today.
            CommentLetter.objects.filter(pk=letter.pk).update(sent_at=_local(day - dt.timedelta(days=2), 10))
    return [committees[abbreviation] for abbreviation in FOLLOWED]


def build_consultations(council, *, scale: int, user, chair, vice, members, committees) -> dict:
    """``CONSULTATIONS_PER_YEAR × scale`` consultations. The open ones (``OPEN_CONSULTATIONS``: one
    received, one being drafted – the measured page, with material, ``DRAFT_VERSIONS`` versions and
    ``DRAFT_COMMENTS`` comments – and one approved by the formandskab, waiting to be sent) are the same
    at every scale; the rest are history: assigned, drafted in two versions, commented on, approved by
    the chair and vice-chair, sent through the outbox (sent_at moved back to before the deadline), every
    other one with an outcome, one in eight not published."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from hearings.documents import letter_pdf
    from hearings.models import Consultation
    from hearings.selectors.consultations import response_document
    from hearings.services import consultations as services

    today = timezone.localdate()
    total = CONSULTATIONS_PER_YEAR * scale
    gap = 365 // CONSULTATIONS_PER_YEAR

    def create(n: int, received: dt.date, deadline: dt.date, *, published: bool = True):
        topic = TOPICS[n % len(TOPICS)]
        return services.consultation_create(
            council=council, title=f"Høring om {topic} {received.year}", committee=committees[n % len(committees)],
            summary=f"Kommunen har sendt et udkast til {topic.lower()} i høring hos rådene.",
            received_on=received, deadline=deadline, recipient_name="Social- og Sundhedsforvaltningen",
            recipient_email=f"hoeringer@{council.slug}.example", published=published, actor=user)

    def draft(consultation, versions: int, author=None):
        for v in range(versions):
            text = DRAFT_TEXT.format(council=council.name, title=consultation.title)
            if v < versions - 1:
                text += f"\n\n(Arbejdsversion {v + 1})"
            services.draft_save(consultation=consultation, text=text, expected_version=consultation.draft_version,
                                note=f"Version {v + 1}", actor=author or (chair if v % 2 == 0 else vice))
        return consultation

    def approve(consultation):
        for approver in (chair, vice):
            services.formandskab_approve(consultation=consultation, actor=approver,
                                         expected_version=consultation.draft_version)
        consultation.refresh_from_db()
        return consultation

    newest_sent = None
    for n in range(total - len(OPEN_CONSULTATIONS)):  # n = 0 is the newest
        received = today - dt.timedelta(days=40 + n * gap)
        deadline = received + dt.timedelta(days=28)
        consultation = create(n, received, deadline, published=n % 8 != 7)
        services.consultation_assign(consultation=consultation, owners=members[n % 6:n % 6 + 2], actor=user)
        draft(consultation, 2)
        services.comment_add(consultation=consultation, council=council, actor=vice,
                             text="Godt udkast. Kan vi nævne væresteder i andet afsnit?")
        approve(consultation)
        services.consultation_send(consultation=consultation, actor=user)
        sent_at = _local(deadline - dt.timedelta(days=3), 10)
        Consultation.objects.filter(pk=consultation.pk).update(sent_at=sent_at)
        if n % 2 == 0:
            services.outcome_record(consultation=consultation, actor=user,
                                    outcome="Førte til et ekstra mål i strategien om hjemløse unge.")
            Consultation.objects.filter(pk=consultation.pk).update(outcome_recorded_at=sent_at + dt.timedelta(days=60))
        if newest_sent is None:
            newest_sent = consultation

    opened = {}
    for k, status in enumerate(OPEN_CONSULTATIONS):
        received = today - dt.timedelta(days=5 + 4 * k)
        consultation = create(total + k, received, received + dt.timedelta(days=35 - 10 * k))
        if status == "drafting":
            services.consultation_assign(consultation=consultation, owners=members[2:4], actor=user)
            draft(consultation, DRAFT_VERSIONS)
            for c in range(DRAFT_COMMENTS):
                services.comment_add(consultation=consultation, council=council, actor=(chair, vice, user)[c % 3],
                                     text=f"Kommentar {c + 1}: Forslaget om en fast kontaktperson er godt. Kan vi "
                                          f"tilføje et mål for, hvor hurtigt det skal ske?")
            for name, url in (("Udkast til strategien", "https://kommune.example/hoeringer/strategi"),
                              ("Høringsbrev", "https://kommune.example/hoeringer/hoeringsbrev")):
                services.material_add(consultation=consultation, name=name, url=url, actor=user)
            pdf = letter_pdf(response_document(consultation))
            services.material_add(consultation=consultation, name="Bilag: baggrundsnotat", actor=user,
                                  file=SimpleUploadedFile("notat.pdf", pdf, content_type="application/pdf"))
        elif status == "approved":
            services.consultation_assign(consultation=consultation, owners=members[4:6], actor=user)
            approve(draft(consultation, 2))
        opened[status] = consultation
    return {"consultation": opened["drafting"], "sent_consultation": newest_sent}


def bulk_hearings(council, *, years: int = 1) -> None:
    """``CONSULTATIONS_PER_YEAR`` sent, published consultations a year for a council that is not measured
    (bulk-created, like ``bulk_meetings``): volume in the tables the hearings pages read."""
    from django.utils import timezone

    from hearings.models import Consultation, ConsultationStatus

    today = timezone.localdate()
    gap = 365 // CONSULTATIONS_PER_YEAR
    text = DRAFT_TEXT.format(council=council.name, title="strategien")
    rows = []
    for n in range(CONSULTATIONS_PER_YEAR * years):
        received = today - dt.timedelta(days=40 + n * gap)
        deadline = received + dt.timedelta(days=28)
        rows.append(Consultation(
            council=council, title=f"Høring om {TOPICS[n % len(TOPICS)]} {received.year}",
            sender="Social- og Sundhedsforvaltningen", received_on=received, deadline=deadline,
            status=ConsultationStatus.SENT, recipient_name="Social- og Sundhedsforvaltningen",
            recipient_email="hoeringer@kommune.example", draft=text, draft_version=1, sent_text=text,
            sent_at=_local(deadline - dt.timedelta(days=3), 10), published=True))
    Consultation.objects.bulk_create(rows)


# --- The council's year: ideas and themes, events, budget and per diem, library ---------------------

IDEAS = ("Bedre adgang til varme rum om vinteren", "Socialt frikort – kend dine muligheder",
         "Bisidder-ordning for borgere i mødet med kommunen", "Flere væresteder med åbent i weekenden",
         "Hjemløse unge under 25", "Tandpleje til socialt udsatte", "Mad og fællesskab på tværs",
         "Gadeplansindsatsen evalueres med brugerne", "Psykiatri og misbrug under ét tag",
         "Boliger med social støtte")
LIBRARY_TAGS = ("bolig", "hjemløshed", "misbrug", "psykiatri", "sundhed", "beskæftigelse", "ungdom", "politik")
EVENT_KINDS = ("conference", "network", "theme_day", "dialogue", "citizens", "reception")
OWN_KINDS = ("theme_day", "dialogue", "citizens")
# A tiny PDF for the receipts (the upload check sniffs the content, not the name).
RECEIPT_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _years(scale: int) -> list[int]:
    """The calendar years of ideas, themes and documents: this year and ``scale - 1`` before it."""
    from django.utils import timezone

    this = timezone.localdate().year
    return [this - k for k in range(scale)]


def build_year(council, *, scale: int, user) -> dict:
    """The council's year, through the real services (``activities``, ``finance``, ``library``):
    ideas and themes, events, budget and expenses (with per diem), and the library. Returns the
    measured event and the query string of the per diem page (the last twelve months)."""
    members = current_members(council)
    targets = build_events(council, scale=scale, user=user, members=members)
    build_ideas(council, scale=scale, user=user, members=members, event=targets["event"])
    targets.update(build_finance(council, scale=scale, user=user, members=members))
    build_library(council, scale=scale, user=user)
    return targets


def build_ideas(council, *, scale: int, user, members, event) -> None:
    """Per year: a brainstorm of ``len(IDEAS)`` ideas at the year's first meeting, one idea from a
    member and one from a citizen (``IDEAS_PER_YEAR``); every member dot-votes (five dots) and half of
    them rank their top three; the formandskab chooses the ``THEMES_PER_YEAR`` first ideas of the result
    as themes, each with a tovholder. Past years' themes are done (with a status note); this year one
    more idea is postponed to a date three months ahead ("udsættes til efteråret") and the themes are
    linked to agenda items, a consultation and the measured event."""
    from django.utils import timezone

    from activities.models import ThemeStatus
    from activities.selectors import ideas as idea_selectors
    from activities.services import ideas as idea_services
    from activities.services import themes as theme_services
    from hearings.models import Consultation
    from meetings.models import AgendaItem, Meeting

    today = timezone.localdate()
    for k, year in enumerate(_years(scale)):
        meeting = (Meeting.objects.filter(council=council, starts_at__year=year, status="minutes_published")
                   .order_by("starts_at").first())
        ideas = idea_services.ideas_brainstorm(council=council, year=year, meeting=meeting, actor=user,
                                               text="\n".join(f"{title} ({year})" for title in IDEAS))
        ideas.append(idea_services.idea_create(council=council, year=year, proposed_by=members[2],
                                               title=f"Rådets årsberetning i et letlæst format ({year})",
                                               actor=user))
        ideas.append(idea_services.citizen_idea_submit(
            council=council, title=f"Et sted at lade telefonen op og få en kop kaffe ({year})",
            name="Borger", today=dt.date(year, 3, 1) if year < today.year else today))
        for v, person in enumerate(members):
            # Five dots: three on one idea, two on another, spread over the catalogue.
            first, second = ideas[(v * 3) % len(ideas)], ideas[(v * 3 + 1 + v % 4) % len(ideas)]
            idea_services.dots_cast(council=council, year=year, person=person,
                                    dots={first.pk: 3, second.pk: 2} if first.pk != second.pk else {first.pk: 3})
            if v % 2 == 0:
                idea_services.ranking_cast(council=council, year=year, person=person,
                                           ranks={ideas[(v + j) % len(ideas)].pk: j + 1 for j in range(3)})
        rows = idea_selectors.results(council, year).rows[:THEMES_PER_YEAR]
        picks = [theme_services.ThemePick(idea=row.idea, owner=members[n % len(members)], priority=row.position)
                 for n, row in enumerate(rows)]
        themes = theme_services.themes_choose(council=council, year=year, picks=picks, actor=user)
        if k > 0:
            for theme in themes:
                theme_services.theme_update(
                    theme=theme, status=ThemeStatus.DONE, actor=user,
                    status_note="Rådet har afsluttet temaet og skrevet om det i årsberetningen.")
            continue
        chosen = {t.idea_id for t in themes}
        postponed = next(i for i in ideas if i.pk not in chosen)
        theme_services.idea_postpone(idea=postponed, until=today + dt.timedelta(days=90), owner=members[1],
                                     note="Udsættes til efteråret, når budgettet er vedtaget.", actor=user)
        items = list(AgendaItem.objects.filter(council=council, standard="", meeting__isnull=False)
                     .order_by("-meeting__starts_at", "position")[:THEMES_PER_YEAR * 2])
        consultation = Consultation.objects.filter(council=council).order_by("-received_on").first()
        for n, theme in enumerate(themes):
            theme_services.theme_links_set(theme=theme, agenda_items=items[2 * n:2 * n + 2],
                                           consultations=[consultation] if n == 0 else [],
                                           events=[event] if n == 0 else [], actor=user)


def build_events(council, *, scale: int, user, members) -> dict:
    """``EVENTS_PER_YEAR × scale`` past events (conferences, network meetings, theme days, dialogue
    meetings, citizens' meetings, receptions; the council's own ones marked), each with four members
    signed up two weeks before, three of them recorded as having attended, a short report back and the
    cost as a spent expense; and ``UPCOMING_EVENTS`` upcoming ones at every scale, the cost committed.
    The measured event is the first upcoming one: four places for the council, six signed up (two on
    the waiting list), two committed expenses. Past reports are written into the rows directly (like
    the consultations' sending dates): through ``report_save`` each would become an information item on
    the *next* meeting, today's upcoming one, and make that agenda grow with the scale."""
    from django.utils import timezone

    from activities.models import Event
    from activities.services import events as services
    from finance import services as finance_services
    from finance.models import Category, ExpenseStatus

    today = timezone.localdate()
    gap = 365 // EVENTS_PER_YEAR

    def create(n: int, day: dt.date, **extra):
        kind = EVENT_KINDS[n % len(EVENT_KINDS)]
        own = kind in OWN_KINDS
        return services.event_create(
            council=council, kind=kind, own=own, title=f"{'Temadag om' if own else 'Konference om'} "
                                                       f"{IDEAS[n % len(IDEAS)].lower()}",
            starts_at=_local(day, 10), ends_at=_local(day, 15),
            place="Medborgerhuset" if own else "Odense Congress Center",
            organiser=council.name if own else "Rådet for Socialt Udsatte",
            description="Oplæg, drøftelse i grupper og frokost. Rådet deltager med op til fire medlemmer.",
            actor=user, **extra)

    for n in range(EVENTS_PER_YEAR * scale):
        day = today - dt.timedelta(days=12 + n * gap)
        event = create(n, day)
        going = [members[(n + j) % len(members)] for j in range(4)]
        for person in going:
            services.signup(event=event, person=person, actor=user, now=_local(day - dt.timedelta(days=14), 9))
        services.attendance_record(event=event, attended=going[:3], actor=user, today=day)
        Event.objects.filter(pk=event.pk).update(
            report=f"Vi hørte om {IDEAS[n % len(IDEAS)].lower()} og tog tre gode erfaringer med hjem til rådet.",
            reported_by=going[0], reported_at=_local(day + dt.timedelta(days=2), 12))
        finance_services.expense_create(
            council=council, date=day, category=Category.CATERING if event.own else Category.EVENTS,
            amount=Decimal("2500") if event.own else Decimal("1800"), event=event, actor=user,
            description="Forplejning" if event.own else "Deltagergebyr, fire pladser")

    measured = None
    for n in range(UPCOMING_EVENTS):
        day = today + dt.timedelta(days=14 + 20 * n)
        event = create(n, day, capacity=4 if n == 0 else None)
        for j in range(6 if n == 0 else 3):
            services.signup(event=event, person=members[(n + j) % len(members)], actor=user)
        costs = ((Decimal("3000"), "Forplejning, bestilt"), (Decimal("1200"), "Lokaleleje"))
        for amount, text in costs[:2 if n == 0 else 1]:
            finance_services.expense_create(council=council, date=day, category=Category.EVENTS, amount=amount,
                                            status=ExpenseStatus.COMMITTED, event=event, description=text,
                                            actor=user)
        measured = measured or event
    return {"event": measured}


def build_finance(council, *, scale: int, user, members) -> dict:
    """A per diem rate in the rules of procedure (from before the first meeting), a budget of
    ``BUDGET`` kr for every calendar year with meetings, and per held meeting: catering with a receipt
    and transport for two members (recorded apart from the per diem); two other expenses a year; then
    each year's payout list recorded as per diem expenses (``per_diem_record``: one per person present
    and meeting, not for the municipal board). Returns the query string of the measured per diem page:
    the last twelve months (six meetings at every scale)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from councils.selectors import rules_in_force
    from councils.services import rules_update
    from finance import services
    from finance.models import Category
    from meetings.models import Meeting, MeetingStatus

    today = timezone.localdate()
    held = list(Meeting.objects.filter(council=council, status=MeetingStatus.MINUTES_PUBLISHED).order_by("starts_at"))
    first = timezone.localtime(held[0].starts_at).date()
    # The rate applies to every meeting: a version from before the first meeting and, as the preset's
    # version 1 is valid from the current term's start, one more from that day (it copies the rate).
    current = rules_in_force(council=council, on=today)
    rules_update(council=council, actor=user, valid_from=first - dt.timedelta(days=30),
                 per_diem_rate=PER_DIEM_RATE)
    if current is not None and current.valid_from > first - dt.timedelta(days=30):
        rules_update(council=council, actor=user, valid_from=current.valid_from)
    years = range(first.year, today.year + 1)
    for year in years:
        services.budget_set(council=council, year=year, amount=BUDGET, actor=user,
                            note="Bevilget af Social- og Sundhedsudvalget.")
        for n, (text, amount) in enumerate((("Tryk af folder om rådet", "2400"), ("Abonnement på fagblad", "650"))):
            services.expense_create(council=council, date=dt.date(year, 3 + 6 * n, 15), category=Category.OTHER,
                                    amount=Decimal(amount), description=text, actor=user)
    for meeting in held:
        day = timezone.localtime(meeting.starts_at).date()
        catering = services.expense_create(council=council, date=day, category=Category.CATERING,
                                           amount=Decimal("1450"), meeting=meeting, actor=user,
                                           description="Sandwich, frugt og kaffe til mødet")
        services.receipt_add(expense=catering, council=council, actor=user,
                             file=SimpleUploadedFile("kvittering.pdf", RECEIPT_PDF, content_type="application/pdf"))
        for j, person in enumerate(members[2:4]):
            services.expense_create(council=council, date=day, category=Category.TRANSPORT, person=person,
                                    amount=Decimal("96") + 24 * j, meeting=meeting, actor=user,
                                    description="Transportgodtgørelse, bus")
    for year in years:
        services.per_diem_record(council=council, start=dt.date(year, 1, 1), end=min(dt.date(year, 12, 31), today),
                                 actor=user)
    start = today - dt.timedelta(days=365)
    return {"per_diem_query": f"fra={start.isoformat()}&til={today.isoformat()}",
            "per_diem_period": (start, today)}


def build_library(council, *, scale: int, user) -> None:
    """``DOCUMENTS_PER_YEAR`` documents per year (links, as most are reports on the web), each with two
    of the ``LIBRARY_TAGS`` and linked to one of the year's themes."""
    from activities.models import Theme
    from library import services

    for year in _years(scale):
        themes = list(Theme.objects.filter(council=council, year=year).order_by("priority", "id"))
        for n in range(DOCUMENTS_PER_YEAR):
            services.document_create(
                council=council, title=f"{IDEAS[n % len(IDEAS)]} – rapport {n + 1}", source="Rådet for Socialt Udsatte",
                year=year, description="Inspiration til rådets arbejde med årets temaer.",
                url=f"https://udsatte.example/rapporter/{year}/{n + 1}",
                tags=[LIBRARY_TAGS[n % len(LIBRARY_TAGS)], LIBRARY_TAGS[(n + 3) % len(LIBRARY_TAGS)]],
                themes=themes[n % len(themes):n % len(themes) + 1] if themes else [], actor=user)


def bulk_year(council, *, years: int = 1) -> None:
    """``years`` years of ideas with votes, themes, events with sign-ups, a budget with expenses and
    documents with tags for a council that is not measured (bulk-created, like ``bulk_meetings``)."""
    from django.utils import timezone

    from activities.models import Event, EventSignup, Idea, IdeaVote, Theme
    from finance.models import Budget, Category, Expense
    from library.models import Document, Tag

    today = timezone.localdate()
    people = current_members(council)
    Idea.objects.bulk_create([Idea(council=council, year=year, title=t) for year in _years(years) for t in IDEAS])
    ideas = list(Idea.objects.filter(council=council).order_by("pk"))
    by_year = {year: [i for i in ideas if i.year == year] for year in _years(years)}
    IdeaVote.objects.bulk_create([IdeaVote(council=council, idea=row[(v + j) % len(row)], person=p, dots=1)
                                  for row in by_year.values() for v, p in enumerate(people) for j in range(5)],
                                 ignore_conflicts=True)
    Theme.objects.bulk_create([Theme(council=council, year=year, priority=n + 1, title=i.title, idea=i)
                               for year, row in by_year.items() for n, i in enumerate(row[:THEMES_PER_YEAR])])
    Event.objects.bulk_create([Event(council=council, title=f"Konference {n + 1}", kind=EVENT_KINDS[n % 6],
                                     starts_at=_local(today - dt.timedelta(days=12 + 45 * n), 10))
                               for n in range(EVENTS_PER_YEAR * years)])
    events = list(Event.objects.filter(council=council))
    EventSignup.objects.bulk_create([EventSignup(council=council, event=e, person=p)
                                     for e in events for p in people[:4]])
    Budget.objects.bulk_create([Budget(council=council, year=year, amount=BUDGET) for year in _years(years)])
    Expense.objects.bulk_create([Expense(council=council, date=today - dt.timedelta(days=15 * n), amount=Decimal("500"),
                                         category=Category.CATERING, description=f"Forplejning {n + 1}")
                                 for n in range(24 * years)])
    Tag.objects.bulk_create([Tag(council=council, name=name) for name in LIBRARY_TAGS])
    tags = list(Tag.objects.filter(council=council))
    Document.objects.bulk_create([Document(council=council, title=f"Rapport {n + 1}", year=year,
                                           url="https://udsatte.example/rapport", search=f"rapport {n + 1}\n")
                                  for year in _years(years) for n in range(DOCUMENTS_PER_YEAR)])
    Through = Document.tags.through
    Through.objects.bulk_create([Through(council=council, document_id=pk, tag_id=tags[pk % len(tags)].pk) for pk in
                                 Document.objects.filter(council=council).values_list("pk", flat=True)])


def end_finished_terms(council) -> int:
    """End the memberships still open in terms that are over. ``scale_council`` ends the members of its
    history terms but not their substitutes, which would leave them on today's roster and make the 10×
    pages show more people instead of more history. A no-op once ``scale_council`` ends them itself."""
    from django.utils import timezone

    from councils import services
    from councils.models import Term

    ended = sum(services.term_memberships_end(term=term)
                for term in Term.objects.filter(council=council, end__lt=timezone.localdate()))
    if ended:
        print(f"  ended {ended} memberships left open in past terms of {council.slug}", file=sys.stderr)
    return ended


def bench_user(council):
    from django.contrib.auth import get_user_model

    from councils import services

    User = get_user_model()
    user = User.objects.filter(email=BENCH_USER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=BENCH_USER_EMAIL, password=None, name="Bench Sekretær")
    services.council_secretary_add(council=council, user=user)
    return user


def data_summary(council) -> dict:
    from councils.models import Council, Membership, Person, Term
    from hearings.models import (
        CommentLetter,
        CommitteeAgendaItem,
        CommitteeMeeting,
        Consultation,
        ConsultationStatus,
        DraftComment,
        DraftVersion,
    )
    from meetings.models import ActionItem, AgendaItem, Meeting

    consultations = Consultation.objects.filter(council=council)
    return {
        **year_summary(council),
        "consultations_in_database": Consultation.objects.count(),
        "measured_council_consultations": consultations.count(),
        "measured_council_consultations_sent": consultations.filter(
            status__in=(ConsultationStatus.SENT, ConsultationStatus.OUTCOME)).count(),
        "measured_council_consultations_published": consultations.filter(
            status__in=(ConsultationStatus.SENT, ConsultationStatus.OUTCOME), published=True).count(),
        "measured_council_draft_versions": DraftVersion.objects.filter(council=council).count(),
        "measured_council_draft_comments": DraftComment.objects.filter(council=council).count(),
        "measured_council_committee_meetings": CommitteeMeeting.objects.filter(
            municipality_id=council.municipality_id).count(),
        "measured_council_committee_items": CommitteeAgendaItem.objects.filter(
            municipality_id=council.municipality_id).count(),
        "measured_council_comment_letters_sent": CommentLetter.objects.filter(council=council,
                                                                              status="sent").count(),
        "meetings_in_database": Meeting.objects.count(),
        "agenda_items_in_database": AgendaItem.objects.count(),
        "action_items_in_database": ActionItem.objects.count(),
        "measured_council_meetings": Meeting.objects.filter(council=council).count(),
        "measured_council_agenda_items": AgendaItem.objects.filter(council=council).count(),
        "measured_council_action_items": ActionItem.objects.filter(council=council).count(),
        "councils_in_database": Council.objects.count(),
        "memberships_in_database": Membership.objects.count(),
        "people_in_database": Person.objects.count(),
        "measured_council": council.slug,
        "measured_council_terms": Term.objects.filter(council=council).count(),
        "measured_council_memberships": Membership.objects.filter(council=council).count(),
        "measured_council_people": Person.objects.filter(council=council).count(),
    }


def year_summary(council) -> dict:
    from activities.models import Event, EventSignup, Idea, IdeaVote, Theme
    from finance.models import Budget, Category, Expense, Receipt
    from library.models import Document

    mine = {"council": council}
    return {
        "measured_council_ideas": Idea.objects.filter(**mine).count(),
        "measured_council_idea_votes": IdeaVote.objects.filter(**mine).count(),
        "measured_council_themes": Theme.objects.filter(**mine).count(),
        "measured_council_events": Event.objects.filter(**mine).count(),
        "measured_council_event_signups": EventSignup.objects.filter(**mine).count(),
        "measured_council_budgets": Budget.objects.filter(**mine).count(),
        "measured_council_expenses": Expense.objects.filter(**mine).count(),
        "measured_council_per_diem_expenses": Expense.objects.filter(**mine, category=Category.PER_DIEM).count(),
        "measured_council_receipts": Receipt.objects.filter(**mine).count(),
        "measured_council_documents": Document.objects.filter(**mine).count(),
        "ideas_in_database": Idea.objects.count(),
        "events_in_database": Event.objects.count(),
        "expenses_in_database": Expense.objects.count(),
        "documents_in_database": Document.objects.count(),
    }


# --- Measuring ------------------------------------------------------------------------------------

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def _without_tokens(body: bytes) -> bytes:
    """The page with its CSRF token (new on every request, the same everywhere on one page) blanked."""
    for token in {t for pair in _TOKEN.findall(body) for t in pair if t}:
        body = body.replace(token, b"-")
    return body


def measure(page: Page, scale: str, council, user, targets: dict) -> Measurement:
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from councils.models import Council

    client = Client()
    if page.as_user == "secretariat":
        client.force_login(user)
    elif page.as_user == "member":
        client.force_login(targets["member"])
    target = targets[page.target] if page.target else None
    args = ([council.slug] if page.council_arg else []) + ([getattr(target, "pk", target)] if page.target else [])
    url = reverse(page.url_name, args=args) + (f"?{targets[page.query]}" if page.query else "")
    # An anonymous public page is measured as a render, not as a hit in a page cache keyed by the
    # council's public generation: bump it (outside the timed call) before every request.
    public = page.url_name.startswith("public:")

    def miss(cold: bool = False) -> None:
        fields = {"public_generation": F("public_generation") + 1} if public else {}
        if cold:
            fields["content_generation"] = F("content_generation") + 1
        if fields:
            Council.objects.filter(pk=council.pk).update(**fields)

    for _ in range(WARMUP):
        miss()
        response = client.get(url)
        if response.status_code != 200:
            break

    def counted(cold: bool):
        miss(cold)
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url)
        return answer, len(captured.captured_queries)

    cold_response, cold_queries = counted(True)
    response, queries = counted(False)
    status, size = response.status_code, len(response.content)
    if status == 200 and _without_tokens(cold_response.content) != _without_tokens(response.content):
        print(f"warning: {page.key} ({scale}) differs between a cold and a warm request", file=sys.stderr)

    samples: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    if status == 200:
        gc.collect()
        rounds = 4  # warm and cold in alternating rounds: the machine's load falls on both alike
        for index in range(2 * rounds):
            cold = bool(index % 2)
            for _ in range(max(1, REQUESTS // rounds)):
                miss(cold)
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                samples[cold].append((time.perf_counter() - start) * 1000)
                cpu[cold].append((time.process_time() - start_cpu) * 1000)
    else:
        samples = cpu = {False: [0.0], True: [0.0]}

    def p95_of(values: list[float]) -> float:
        return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]

    warm = samples[False]
    return Measurement(page=page.key, label=page.label, scale=scale, url=url, status=status, bytes=size,
                       queries=queries, median_ms=round(statistics.median(warm), 2), p95_ms=round(p95_of(warm), 2),
                       mean_ms=round(statistics.fmean(warm), 2), min_ms=round(min(warm), 2),
                       max_ms=round(max(warm), 2), requests=len(warm) if status == 200 else 0,
                       cpu_median_ms=round(statistics.median(cpu[False]), 2), cpu_p95_ms=round(p95_of(cpu[False]), 2),
                       cold_queries=cold_queries, cold_median_ms=round(statistics.median(samples[True]), 2),
                       cold_p95_ms=round(p95_of(samples[True]), 2),
                       cold_cpu_median_ms=round(statistics.median(cpu[True]), 2),
                       cold_cpu_p95_ms=round(p95_of(cpu[True]), 2))


def print_main_table(rows: list[Measurement]) -> None:
    """The six main pages: CPU time in-process at every scale beside the target (10 ms at 10× data),
    warm (fragments cached) and cold (every fragment rendered again), with their query counts."""
    main = [p for p in PAGES if p.main and any(r.page == p.key for r in rows)]
    labels = sorted({r.scale for r in rows}, key=_scale_order)
    print(f"main pages in-process, CPU median ms: warm (fragments cached) / cold (rendered again), "
          f"[wall median warm]; target ≤ {MAIN_TARGET_MS:.0f} ms at 10× (warm CPU)")
    header = f"{'page':<18} " + " ".join(f"{label:>22}" for label in labels) + f" {'queries w/c':>12}  at 10×"
    print(header)
    print("-" * len(header))
    for page in main:
        cells, warm_q, cold_q, verdict = [], set(), set(), ""
        for label in labels:
            r = next((r for r in rows if r.page == page.key and r.scale == label), None)
            cells.append(f"{r.cpu_median_ms:>6.1f} / {r.cold_cpu_median_ms:>5.1f} [{r.median_ms:>6.1f}]" if r
                         else f"{'–':>22}")
            if r:
                warm_q.add(r.queries)
                cold_q.add(r.cold_queries)
                if label == "10×":
                    verdict = "ok" if r.cpu_median_ms <= MAIN_TARGET_MS else "OVER"
        counts = f"{'/'.join(map(str, sorted(warm_q)))}/{'/'.join(map(str, sorted(cold_q)))}"
        print(f"{page.label:<18} " + " ".join(cells) + f" {counts:>12}  {verdict}")


def _scale_order(label: str) -> tuple[int, int]:
    councils, _, years = label.rstrip("×").partition("×")
    return int(councils), int(years or councils)


def print_table(rows: list[Measurement]) -> None:
    """Every page, warm (its fragments cached, if it has any) and cold (rendered again)."""
    header = (f"{'page':<18} {'scale':>5} {'queries':>8} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} "
              f"{'cold q':>7} {'cold cpu':>9} {'bytes':>8}")
    print(header)
    print("-" * len(header))
    for r in sorted(rows, key=lambda r: ([p.key for p in PAGES].index(r.page), _scale_order(r.scale))):
        status = "" if r.status == 200 else f"  HTTP {r.status}!"
        print(f"{r.label:<18} {r.scale:>5} {r.queries:>8} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} "
              f"{r.cpu_median_ms:>7.1f} {r.cold_queries:>7} {r.cold_cpu_median_ms:>9.1f} {r.bytes:>8}{status}")


def _timed(render, fetch=lambda: None, runs: int = PDF_RUNS) -> tuple[list[float], int]:
    """``render(fetch())`` ``runs`` times, timing only ``render`` (``fetch`` reads a fresh object):
    (seconds of each run, size of the last result)."""
    times, size = [], 0
    for _ in range(runs):
        obj = fetch()
        start = time.perf_counter()
        size = len(render(obj))
        times.append(round(time.perf_counter() - start, 3))
    return times, size


def time_pdfs(scale: str, meeting, consultation) -> list[PdfTiming]:
    """Seconds to render the agenda and the minutes PDF of one busy meeting, and the response letter
    of one sent consultation (``letter_pdf(response_document(c))``, uncached), median of ``PDF_RUNS``."""
    from hearings.documents import letter_pdf, paragraphs
    from hearings.models import Consultation
    from hearings.selectors.consultations import response_document
    from meetings import documents
    from meetings.models import Meeting

    rows = []
    for name, render in (("agenda PDF", documents.agenda_pdf), ("minutes PDF", documents.minutes_pdf)):
        runs, size = _timed(render, lambda: Meeting.objects.select_related("council").get(pk=meeting.pk))
        rows.append(PdfTiming(document=name, scale=scale, object_id=meeting.pk, items=meeting.items.count(),
                              bytes=size, median_s=round(statistics.median(runs), 3), runs_s=runs))

    runs, size = _timed(lambda fresh: letter_pdf(response_document(fresh)),
                        lambda: Consultation.objects.select_related("council", "council__municipality")
                        .get(pk=consultation.pk))
    rows.append(PdfTiming(document="response PDF", scale=scale, object_id=consultation.pk,
                          items=len(paragraphs(consultation.sent_text)), bytes=size,
                          median_s=round(statistics.median(runs), 3), runs_s=runs))
    return rows


def time_import(scale: str, council, user) -> ImportTiming:
    """Seconds to parse and import a manifest of ``IMPORT_ITEMS`` items into the council's
    municipality (``hearings.services.imports.import_file``: parse, match, write, audit): the first
    import, then the same file again (idempotent: everything unchanged, nothing written). Each run
    happens in a transaction that is rolled back, so all runs start from the same data and the
    measured pages never see the imported meeting. Also the parse alone. Median of ``IMPORT_RUNS``."""
    from django.db import transaction

    from hearings import importers
    from hearings.importers.samples import make_manifest
    from hearings.services.imports import import_file

    data = make_manifest(IMPORT_ITEMS)
    parse_runs, _size = _timed(lambda _none: importers.parse(data).meetings, runs=IMPORT_RUNS)
    first_runs, again_runs, first_counts, again_counts = [], [], {}, {}
    for _ in range(IMPORT_RUNS):
        with transaction.atomic():
            for runs, counts in ((first_runs, first_counts), (again_runs, again_counts)):
                start = time.perf_counter()
                report = import_file(council=council, data=data, filename="sus-dagsorden.xml", actor=user)
                runs.append(round(time.perf_counter() - start, 3))
                counts.update(report.counts)
            transaction.set_rollback(True)
    if again_counts.get("added") or again_counts.get("changed") or first_counts.get("refused"):
        print(f"  import of {IMPORT_ITEMS} items not idempotent or refused lines: first {first_counts}, "
              f"again {again_counts}", file=sys.stderr)
    return ImportTiming(scale=scale, items=IMPORT_ITEMS, bytes=len(data),
                        parse_median_s=round(statistics.median(parse_runs), 3),
                        first_median_s=round(statistics.median(first_runs), 3),
                        reimport_median_s=round(statistics.median(again_runs), 3), parse_runs_s=parse_runs,
                        first_runs_s=first_runs, reimport_runs_s=again_runs, first_counts=first_counts,
                        reimport_counts=again_counts)


def time_exports(scale: str, council, period: tuple[dt.date, dt.date]) -> list[ExportTiming]:
    """Seconds to build the per diem payout list of ``period`` (the last twelve months) and write it
    as XLSX and as CSV, as the export views do (``selectors.per_diem_payout`` + ``exports.payout_*``),
    median of ``EXPORT_RUNS``."""
    from finance import exports, selectors

    start, end = period
    rows = []
    for name, write in (("payout XLSX", exports.payout_xlsx), ("payout CSV", exports.payout_csv)):
        payout = None

        def build(_none, write=write):
            nonlocal payout
            payout = selectors.per_diem_payout(council=council, start=start, end=end)
            return write(payout)

        runs, size = _timed(build, runs=EXPORT_RUNS)
        rows.append(ExportTiming(export=name, scale=scale, period=f"{start}–{end}", rows=len(payout.rows),
                                 bytes=size, median_s=round(statistics.median(runs), 3), runs_s=runs))
    return rows


def print_export_table(rows: list[ExportTiming]) -> None:
    header = f"{'export':<18} {'scale':>5} {'people':>8} {'median s':>10} {'runs s':>22} {'bytes':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        runs = " ".join(f"{v:.3f}" for v in r.runs_s)
        print(f"{r.export:<18} {r.scale:>5} {r.rows:>8} {r.median_s:>10.3f} {runs:>22} {r.bytes:>8}")


def import_idempotent(row: ImportTiming) -> bool:
    """The re-import added and changed nothing, and the first import added every item."""
    return (not row.reimport_counts.get("added") and not row.reimport_counts.get("changed")
            and not row.first_counts.get("refused") and row.first_counts.get("added", 0) >= row.items)


def print_import_table(rows: list[ImportTiming]) -> None:
    header = (f"{'import':<18} {'scale':>5} {'items':>8} {'parse s':>8} {'first s':>8} {'again s':>8} "
              f"{'added':>6} {'unchanged':>9} {'bytes':>8}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{'SBSYS manifest':<18} {r.scale:>5} {r.items:>8} {r.parse_median_s:>8.2f} {r.first_median_s:>8.2f} "
              f"{r.reimport_median_s:>8.2f} {r.first_counts.get('added', 0):>6} "
              f"{r.reimport_counts.get('unchanged', 0):>9} {r.bytes:>8}")


def print_pdf_table(rows: list[PdfTiming]) -> None:
    header = f"{'document':<18} {'scale':>5} {'items':>8} {'median s':>10} {'runs s':>22} {'bytes':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        runs = " ".join(f"{v:.2f}" for v in r.runs_s)
        print(f"{r.document:<18} {r.scale:>5} {r.items:>8} {r.median_s:>10.2f} {runs:>22} {r.bytes:>8}")


# --- Main -----------------------------------------------------------------------------------------

@dataclass
class Scale:
    label: str
    councils: int     # councils in the database
    years: int        # years of the measured council's history
    other_years: int  # years of bulk-created history of every other council
    full: bool        # PDFs, imports and exports too (not only the pages)


def plan_scales(argv: list[str]) -> list[Scale]:
    """1× and 10×, then the large case when a size is asked for (``--councils``/``--years`` or
    ``BENCH_COUNCILS``/``BENCH_YEARS``; the one not given defaults to 10)."""
    import argparse

    parser = argparse.ArgumentParser(description="Stemme benchmarks (see the module's docstring).")
    parser.add_argument("--councils", type=int, default=int(os.environ.get("BENCH_COUNCILS", "0")),
                        help="councils in the database for the large case (e.g. 100)")
    parser.add_argument("--years", type=int, default=int(os.environ.get("BENCH_YEARS", "0")),
                        help="years of history of every council in the large case (e.g. 10)")
    args = parser.parse_args(argv)
    scales = [Scale(f"{n}×", n, years, 1, True) for n, years in SCALES]
    if args.councils or args.years:
        councils, years = args.councils or 10, args.years or 10
        if councils <= SCALES[-1][0]:
            parser.error(f"--councils must be more than {SCALES[-1][0]} (the councils of 10×)")
        scales.append(Scale(f"{councils}×{years}", councils, years, years, False))
    return scales


def selected_pages() -> tuple[Page, ...]:
    """``BENCH_PAGES=main`` (the six main pages) or a comma-separated list of page keys; all by default."""
    wanted = os.environ.get("BENCH_PAGES", "")
    if not wanted:
        return PAGES
    keys = {p.key for p in PAGES if p.main} if wanted == "main" else set(wanted.split(","))
    return tuple(p for p in PAGES if p.key in keys)


def main() -> int:
    started = time.perf_counter()
    plan = plan_scales(sys.argv[1:])
    sys.stdout.reconfigure(line_buffering=True)
    sys.path.insert(0, str(ROOT))
    kind, tmp = configure_database()

    import django

    django.setup()

    from django.db import connection

    try:
        create_database(kind)
        rows: list[Measurement] = []
        pdfs: list[PdfTiming] = []
        imports: list[ImportTiming] = []
        exports: list[ExportTiming] = []
        scales: dict[str, dict] = {}
        existing = 0
        only = os.environ.get("BENCH_ONLY", "")
        measured_years = 0
        for scale in plan if only != "reports" else ():
            label = scale.label
            t0 = time.perf_counter()
            if scale.years == measured_years:
                # The large case with the years of 10×: the same measured council (its pages read only
                # its own rows), in a database filled up with more councils.
                existing = add_councils(scale.councils, existing=existing, years=scale.other_years)
                closed = 0
            else:
                council, existing, closed, targets, user = build_scale(
                    scale.councils, scale.years, existing=existing, other_years=scale.other_years)
                measured_years = scale.years
            scales[label] = {**data_summary(council), "open_history_memberships_ended_by_bench": closed,
                             "build_seconds": round(time.perf_counter() - t0, 1)}
            summary = scales[label]
            print(f"built {label}: {summary['councils_in_database']} councils, "
                  f"{summary['measured_council_memberships']} memberships, "
                  f"{summary['measured_council_meetings']} meetings, "
                  f"{summary['measured_council_agenda_items']} items, "
                  f"{summary['measured_council_action_items']} action items, "
                  f"{summary['measured_council_consultations']} consultations "
                  f"({summary['measured_council_consultations_sent']} sent), "
                  f"{summary['measured_council_committee_meetings']} committee meetings, "
                  f"{summary['measured_council_comment_letters_sent']} comment letters, "
                  f"{summary['measured_council_ideas']} ideas, {summary['measured_council_themes']} themes, "
                  f"{summary['measured_council_events']} events, {summary['measured_council_expenses']} expenses, "
                  f"{summary['measured_council_documents']} documents in {council.slug} "
                  f"({summary['build_seconds']} s)", file=sys.stderr)
            for page in selected_pages():
                rows.append(measure(page, label, council, user, targets))
            if only == "pages" or not scale.full:
                continue
            pdfs.extend(time_pdfs(label, targets["published"], targets["sent_consultation"]))
            imports.append(time_import(label, council, user))
            exports.extend(time_exports(label, council, targets["per_diem_period"]))
        import report_bench  # bench/report_bench.py, beside this script (it needs Django set up)

        report_assemblies, report_pdfs = report_bench.run() if only in ("", "reports") else ([], [])

        vendor = connection.vendor
        if vendor == "postgresql":
            server_version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
        else:
            server_version = ".".join(str(p) for p in connection.Database.sqlite_version_info)
    finally:
        drop_database(kind, tmp)

    constant = {}
    for page in selected_pages() if rows else ():  # none with BENCH_ONLY=reports
        counts = {r.queries for r in rows if r.page == page.key}
        cold_counts = {r.cold_queries for r in rows if r.page == page.key}
        constant[page.key] = len(counts) == 1 and len(cold_counts) == 1
    failures = [r for r in rows if r.status != 200]

    print()
    print(f"Stemme bench – {vendor} {server_version}, {REQUESTS} requests per page and scale")
    print()
    if rows:  # not with BENCH_ONLY=reports
        print_table(rows)
        print()
        print_main_table(rows)
        print()
        for table, printer in ((pdfs, print_pdf_table), (imports, print_import_table), (exports, print_export_table)):
            if table:  # none with BENCH_ONLY=pages
                printer(table)
                print()
    if report_assemblies:
        report_bench.print_tables(report_assemblies, report_pdfs)
        print()
    for page in selected_pages() if rows else ():
        verdict = "constant" if constant[page.key] else "NOT CONSTANT"
        print(f"queries for {page.label}: {verdict} across {', '.join(scales)}")
    idempotent = all(import_idempotent(r) for r in imports)
    if imports:
        print(f"re-import of the {IMPORT_ITEMS}-item manifest: {'idempotent' if idempotent else 'NOT IDEMPOTENT'}")

    result = {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": {"vendor": vendor, "version": server_version},
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "requests_per_measurement": REQUESTS,
        "warmup_requests": WARMUP,
        "scales": scales,
        "queries_constant": constant,
        "results": [asdict(r) for r in rows],
        "main_pages": {
            "target_ms_at_10x": MAIN_TARGET_MS,
            "pages": [p.key for p in PAGES if p.main],
            "measure": "warm CPU median (fragments cached); cold_* fields: every fragment rendered again",
            "within_target_at_10x": {r.page: r.cpu_median_ms <= MAIN_TARGET_MS for r in rows
                                     if r.scale == "10×" and r.page in {p.key for p in PAGES if p.main}},
        },
        "pdf_results": [asdict(r) for r in pdfs],
        "import_results": [asdict(r) for r in imports],
        "export_results": [asdict(r) for r in exports],
        "import_idempotent": idempotent,
        "report_assembly_results": [asdict(r) for r in report_assemblies],
        "report_pdf_results": [asdict(r) for r in report_pdfs],
        "report_queries_constant": report_bench.queries_constant(report_assemblies) if report_assemblies else None,
        "report_pdf_goals_met": report_bench.pdf_goals_met(report_pdfs) if report_pdfs else None,
        "runtime_seconds": round(time.perf_counter() - started, 1),
    }
    # A partial run (BENCH_ONLY) keeps the full results of the last whole run.
    target = RESULTS.with_name(f"results-{only}.json") if only else RESULTS
    try:  # the HTTP bench (make bench-http) writes its figures under "http" of the same file: keep them
        previous = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    if isinstance(previous, dict) and "http" in previous:
        result["http"] = previous["http"]
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {target.relative_to(ROOT)} in {result['runtime_seconds']} s")
    reports_constant = report_bench.queries_constant(report_assemblies) if report_assemblies else True
    return 1 if failures or not all(constant.values()) or not idempotent or not reports_constant else 0


if __name__ == "__main__":
    sys.exit(main())

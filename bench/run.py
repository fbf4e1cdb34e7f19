"""Stemme benchmarks (``make bench``): queries per request and latency of the main pages at 1× and 10× data.

Never touches the development or production database. By default it builds a throwaway SQLite file in a
temporary directory (``DATABASE_URL`` from the environment is ignored); with ``BENCH_DATABASE_URL`` set it
creates a throwaway database ``stemme_bench_<pid>`` on that PostgreSQL server and drops it afterwards
(the role needs CREATEDB).

Scales (built with ``councils.demo.scale_council``):

* 1×  – one council with one term of full rosters (members and personal substitutes);
* 10× – the measured council has ten terms of history (``years=10``) and the database holds ten councils.

Meetings (built by ``build_meetings`` with the real services of the meeting cycle): the measured council has
``6 × scale`` held meetings, two months apart, each with the six standard items and nine of its own (one
closed), decisions on every item and four action items, the minutes approved at the next meeting and
published; and one upcoming meeting with a published agenda. So 10× means ten times the meetings, items and
action items of 1×. The other councils get six published meetings each (bulk-created, see
``bulk_meetings``). Pages measured: the meeting page and the agenda builder of the upcoming meeting, and the
public page of the last held meeting (published minutes). The agenda PDF and the minutes PDF of that last
held meeting (15 items with case text, decisions and action items) are rendered ``PDF_RUNS`` times and the
median seconds reported.

For each page and scale: the number of queries of one request (``CaptureQueriesContext``) and the median
and p95 latency of ``BENCH_REQUESTS`` (default 200) requests through Django's test client, after a warm-up.
Prints a table and writes ``bench/results.json``. Exits 1 when a page does not answer 200 or when its
query count differs between the scales (DESIGN.md: queries per page are constant in the size of the data).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARMUP = 20
PDF_RUNS = 3
MEETINGS_PER_YEAR = 6
OWN_ITEMS = 9  # plus the six standard items = 15 items per meeting
ACTIONS_PER_MEETING = 4
SCALES = (1, 10)
BENCH_USER_EMAIL = "bench-sekretariat@stemme.example"


@dataclass
class Page:
    key: str
    label: str
    url_name: str
    as_user: str  # "secretariat" | "anonymous"
    meeting: str = ""  # "" (a council page) | "upcoming" | "published": which of the built meetings


PAGES = (
    Page("roster", "internal roster", "councils:roster", "secretariat"),
    Page("composition", "composition", "councils:composition", "secretariat"),
    Page("public_members", "public members", "public:members", "anonymous"),
    Page("meeting", "meeting page", "meetings:meeting", "secretariat", "upcoming"),
    Page("agenda", "agenda builder", "meetings:agenda", "secretariat", "upcoming"),
    Page("public_minutes", "public minutes", "public:meeting", "anonymous", "published"),
)


@dataclass
class PdfTiming:
    document: str
    scale: str
    meeting_id: int
    items: int
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


# --- Database -------------------------------------------------------------------------------------

def configure_database() -> tuple[str, Path | None]:
    """Point the settings at a throwaway database before Django is set up. Returns (kind, temp dir)."""
    os.environ.pop("DATABASE_URL", None)  # never the database the environment points at
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"  # measure without DEBUG's per-query bookkeeping
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if bench_url:
        os.environ["DATABASE_URL"] = bench_url
        return "postgresql", None
    tmp = Path(tempfile.mkdtemp(prefix="stemme-bench-"))
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


def drop_database(kind: str, tmp: Path | None) -> None:
    from django.db import connection

    if kind == "postgresql":
        if connection.settings_dict["NAME"] == BENCH_PG_NAME:
            connection.creation.destroy_test_db(verbosity=0)
    else:
        connection.close()
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


# --- Data -----------------------------------------------------------------------------------------

def build_scale(scale: int, *, existing: int):
    """Add councils until the database holds ``scale`` councils: one measured council with ``years=scale``
    terms of history, the rest with one term. ``existing`` councils were built for smaller scales.
    Returns the measured council, the number of councils now in the database and the number of
    memberships ``end_finished_terms`` had to end."""
    from django.db import transaction

    from councils.demo import scale_council

    with transaction.atomic():
        measured = scale_council(index=existing, years=scale)
        closed = end_finished_terms(measured)
        meetings = build_meetings(measured, scale=scale)
        for index in range(existing + 1, max(scale, existing + 1)):
            bulk_meetings(scale_council(index=index))
    return measured, max(scale, existing + 1), closed, meetings


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

    from councils.models import Person
    from meetings.models import ActionStatus, AttendanceStatus, ItemKind, MeetingKind
    from meetings.services import agenda, minutes, plan

    people = list(Person.objects.filter(council=council).annotate(n=Count("memberships", filter=Q(
        memberships__end__isnull=True))).order_by("-n", "pk")[:12])
    today = dt.date.today()
    count = MEETINGS_PER_YEAR * scale
    days = [today - dt.timedelta(days=34 + 61 * n) for n in reversed(range(count))]

    def agenda_for(meeting, n: int):
        agenda.standard_items_create(meeting=meeting)
        kinds = (ItemKind.DECISION, ItemKind.DISCUSSION, ItemKind.INFORMATION)
        for j in range(OWN_ITEMS):
            agenda.item_create(meeting=meeting, title=f"Punkt {j + 1} på møde {n + 1}: socialt frikort og idékatalog",
                               kind=kinds[j % 3], case_text=CASE_TEXT,
                               recommendation="Det indstilles, at rådet drøfter sagen og træffer beslutning.",
                               responsible=people[j % len(people)], closed=(j == OWN_ITEMS - 1),
                               publish_title=True, publish_decision=False)
        agenda.agenda_publish(meeting=meeting, published_by=None)

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
        if held:
            minutes.minutes_approve_at_meeting(meeting=held[-1], at_meeting=meeting)
            minutes.minutes_publish(meeting=held[-1])
        held.append(meeting)

    last = held[-1]
    for attendance in last.attendances.filter(is_guest=False, status=AttendanceStatus.INVITED):
        status = AttendanceStatus.AFBUD if attendance.pk % 5 == 0 else AttendanceStatus.PRESENT
        minutes.attendance_record(meeting=last, person=attendance.person, status=status)
    upcoming_day = today + dt.timedelta(days=10)
    upcoming = plan.meeting_create(council=council, kind=MeetingKind.ORDINARY, starts_at=_local(upcoming_day, 16),
                                   ends_at=_local(upcoming_day, 18), location="Rådhuset, mødelokale 2")
    agenda_for(upcoming, count)
    minutes.minutes_approve_at_meeting(meeting=last, at_meeting=upcoming)
    minutes.minutes_publish(meeting=last)
    return {"upcoming": upcoming, "published": last}


def bulk_meetings(council) -> None:
    """Six published meetings with 15 items and four action items each for a council that is not measured.
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
        for day in (today - dt.timedelta(days=20 + 61 * n) for n in range(MEETINGS_PER_YEAR))])
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
        Through.objects.bulk_create([Through(actionitem_id=pk, person_id=owner.pk) for pk in
                                     ActionItem.objects.filter(council=council).values_list("pk", flat=True)])


def end_finished_terms(council) -> int:
    """End the memberships still open in terms that are over. ``scale_council`` ends the members of its
    history terms but not their substitutes, which would leave them on today's roster and make the 10×
    pages show more people instead of more history. A no-op once ``scale_council`` ends them itself."""
    from django.utils import timezone

    from councils import services
    from councils.models import EndReason, Membership

    stale = list(Membership.objects.filter(council=council, end__isnull=True, term__end__lt=timezone.localdate())
                 .select_related("term"))
    for membership in stale:
        services.membership_end(membership=membership, end=membership.term.end, reason=EndReason.TERM_ENDED)
    if stale:
        print(f"  ended {len(stale)} memberships left open in past terms of {council.slug}", file=sys.stderr)
    return len(stale)


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
    from meetings.models import ActionItem, AgendaItem, Meeting

    return {
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


# --- Measuring ------------------------------------------------------------------------------------

def measure(page: Page, scale: str, council, user, meetings: dict) -> Measurement:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    if page.as_user == "secretariat":
        client.force_login(user)
    args = [council.slug] + ([meetings[page.meeting].pk] if page.meeting else [])
    url = reverse(page.url_name, args=args)

    for _ in range(WARMUP):
        response = client.get(url)
        if response.status_code != 200:
            break
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    status, queries, size = response.status_code, len(captured.captured_queries), len(response.content)

    samples: list[float] = []
    if status == 200:
        gc.collect()
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
    else:
        samples = [0.0]
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1] if len(samples) > 1 else samples[0]
    return Measurement(page=page.key, label=page.label, scale=scale, url=url, status=status, bytes=size,
                       queries=queries, median_ms=round(statistics.median(samples), 2), p95_ms=round(p95, 2),
                       mean_ms=round(statistics.fmean(samples), 2), min_ms=round(min(samples), 2),
                       max_ms=round(max(samples), 2), requests=len(samples) if status == 200 else 0)


def print_table(rows: list[Measurement]) -> None:
    header = f"{'page':<18} {'scale':>5} {'queries':>8} {'median ms':>10} {'p95 ms':>8} {'bytes':>8}"
    print(header)
    print("-" * len(header))
    for r in sorted(rows, key=lambda r: ([p.key for p in PAGES].index(r.page), int(r.scale.rstrip("×")))):
        status = "" if r.status == 200 else f"  HTTP {r.status}!"
        print(f"{r.label:<18} {r.scale:>5} {r.queries:>8} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} {r.bytes:>8}{status}")


def time_pdfs(scale: str, meeting) -> list[PdfTiming]:
    """Seconds to render the agenda and the minutes PDF of one busy meeting (median of ``PDF_RUNS``)."""
    from meetings import documents
    from meetings.models import Meeting

    rows = []
    for name, render in (("agenda PDF", documents.agenda_pdf), ("minutes PDF", documents.minutes_pdf)):
        runs, size = [], 0
        for _ in range(PDF_RUNS):
            fresh = Meeting.objects.select_related("council").get(pk=meeting.pk)
            start = time.perf_counter()
            size = len(render(fresh))
            runs.append(round(time.perf_counter() - start, 3))
        rows.append(PdfTiming(document=name, scale=scale, meeting_id=meeting.pk, items=meeting.items.count(),
                              bytes=size, median_s=round(statistics.median(runs), 3), runs_s=runs))
    return rows


def print_pdf_table(rows: list[PdfTiming]) -> None:
    header = f"{'document':<18} {'scale':>5} {'items':>8} {'median s':>10} {'runs s':>22} {'bytes':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        runs = " ".join(f"{v:.2f}" for v in r.runs_s)
        print(f"{r.document:<18} {r.scale:>5} {r.items:>8} {r.median_s:>10.2f} {runs:>22} {r.bytes:>8}")


# --- Main -----------------------------------------------------------------------------------------

def main() -> int:
    started = time.perf_counter()
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
        scales: dict[str, dict] = {}
        existing = 0
        for scale in SCALES:
            label = f"{scale}×"
            t0 = time.perf_counter()
            council, existing, closed, meetings = build_scale(scale, existing=existing)
            user = bench_user(council)
            scales[label] = {**data_summary(council), "open_history_memberships_ended_by_bench": closed,
                             "build_seconds": round(time.perf_counter() - t0, 1)}
            print(f"built {label}: {scales[label]['councils_in_database']} councils, "
                  f"{scales[label]['measured_council_memberships']} memberships, "
                  f"{scales[label]['measured_council_meetings']} meetings, "
                  f"{scales[label]['measured_council_agenda_items']} items, "
                  f"{scales[label]['measured_council_action_items']} action items in {council.slug} "
                  f"({scales[label]['build_seconds']} s)", file=sys.stderr)
            for page in PAGES:
                rows.append(measure(page, label, council, user, meetings))
            pdfs.extend(time_pdfs(label, meetings["published"]))

        vendor = connection.vendor
        if vendor == "postgresql":
            server_version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
        else:
            server_version = ".".join(str(p) for p in connection.Database.sqlite_version_info)
    finally:
        drop_database(kind, tmp)

    constant = {}
    for page in PAGES:
        counts = {r.queries for r in rows if r.page == page.key}
        constant[page.key] = len(counts) == 1
    failures = [r for r in rows if r.status != 200]

    print()
    print(f"Stemme bench – {vendor} {server_version}, {REQUESTS} requests per page and scale")
    print()
    print_table(rows)
    print()
    print_pdf_table(pdfs)
    print()
    for page in PAGES:
        verdict = "constant" if constant[page.key] else "NOT CONSTANT"
        print(f"queries for {page.label}: {verdict} across {', '.join(scales)}")

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
        "pdf_results": [asdict(r) for r in pdfs],
        "runtime_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)} in {result['runtime_seconds']} s")
    return 1 if failures or not all(constant.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The production stack under load (``make bench-http``, part of ``make bench``): Debian's nginx with
deploy/nginx/stemme.conf in front of gunicorn with deploy/gunicorn.conf.py (started by
``deploy.localstack``), loaded with Debian's ``wrk`` on loopback. Every figure is a side-by-side
ratio from one run on this machine (issue 14, DESIGN.md "Performance targets"):

* the public minutes page from gunicorn against the same bytes served as a static file by WhiteNoise
  from the same gunicorn (goal ≥ 0.5);
* the same page through nginx's micro-cache against nginx serving the same bytes as a static file
  (goal ≥ 0.8);
* member pages with 20 clients, logged in by a session cookie: the member's start page, the internal
  meeting page and the agenda read page ``/l/<token>/`` (goal p95 < 100 ms);
* ``/healthz`` requests per second;
* gunicorn's ``preload_app`` on and off: time to boot, memory of the workers (PSS), and the member's
  start page (the measurement behind the default in deploy/gunicorn.conf.py);
* gunicorn's worker configurations (``BENCH_HTTP_WORKERS``, default sync with 2 and 5 workers and gthread
  with 2 × 4 threads): the member pages at 20 clients on each;
* with every run the CPU time nginx and gunicorn spent per request (from /proc), which stays meaningful when
  other work shares the machine and its requests per second swing; the micro-cache's ratio is given by it
  too, and with ``Accept-Encoding: gzip`` (a browser: Django's compressed copy from the cache against the
  static ``.gz``).

Load: ``wrk -t2 -c10 -d8s`` (``-c20`` for the member pages) after a warm-up of each URL (two rounds of as
many requests at once as there are clients, then 2 s of wrk), with a
Lua script that reports the requests per second and the 50th/95th/99th latency percentiles. The same
bytes: the page is fetched from gunicorn and written under STATIC_ROOT (``bench-http/``, removed
afterwards) before the stack starts, so WhiteNoise and nginx serve exactly what the page weighs.

Data: the demo (``seed_demo``: Albertslund's chair, its newest published minutes and the chair's reading
link), or with ``BENCH_HTTP_SCALE=10`` the bench's 10× data (bench/run.py's ``build_scale``: ten councils,
the measured one with ten years of history, built through the real services; over 15 minutes to build
on a busy 2-core machine, so not the default). Database: a throwaway SQLite file by default; with
``BENCH_DATABASE_URL`` a throwaway PostgreSQL database ``stemme_bench_<pid>`` on that server (dropped
afterwards), as bench/run.py does. The Makefile runs both.

Writes the figures under the key ``"http"`` of bench/results.json (read, merged, written; one entry
per database kind) and prints a table. Exits 1 when the stack does not start or a load run had errors
(a response not 2xx/3xx, a socket error or a response slower than 30 s; the goals are reported, not
enforced).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench_run  # noqa: E402  (bench/run.py: the data generator and the throwaway database)

from deploy import localstack  # noqa: E402

RESULTS = bench_run.RESULTS
DURATION = os.environ.get("BENCH_HTTP_DURATION", "8s")
WARMUP = "2s"
THREADS = 2
CLIENTS = 10
MEMBER_CLIENTS = 20
WRK = shutil.which("wrk") or "/usr/bin/wrk"
STATIC_DIR = localstack.STATIC_ROOT / "bench-http"
# The data: the demo (seed_demo, about a minute) unless BENCH_HTTP_SCALE names a scale of bench/run.py's
# generator (10: ten councils, the measured one with ten years of history; over 15 minutes to build on a
# busy 2-core machine).
SCALE = int(os.environ.get("BENCH_HTTP_SCALE", "0"))
# gunicorn's worker configurations compared on the member pages with 20 clients, each gunicorn alone
# (no nginx): "sync:<workers>" or "gthread:<workers>x<threads>" (BENCH_HTTP_WORKERS; empty: none).
WORKER_CONFIGS = [c for c in os.environ.get("BENCH_HTTP_WORKERS", "sync:2,sync:5,gthread:2x4").split(",") if c]
GOALS = {"public_vs_static": 0.5, "microcache_vs_nginx_static": 0.8, "member_p95_ms": 100.0}

# wrk's summary as one JSON line: requests/s, latency percentiles (microseconds), errors.
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx_3xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


class BenchError(RuntimeError):
    pass


def wrk(url: str, *, clients: int, duration: str = DURATION, cookie: str = "", script: Path,
        headers: tuple[str, ...] = ()) -> dict:
    """One wrk run against ``url``; returns requests/s, percentiles in ms, response bytes and errors."""
    # A response slower than wrk's timeout counts as an error, not as latency: 30 s (gunicorn's own timeout),
    # so a slow page on a busy machine shows as a long p95 instead of as missing samples.
    args = [WRK, f"-t{THREADS}", f"-c{clients}", f"-d{duration}", "--timeout", "30s", "-s", str(script)]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    for header in headers:
        args += ["-H", header]
    seconds = float(duration.rstrip("s"))
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^WRKJSON (.*)$", out.stdout, re.M)
    if out.returncode != 0 or not match:
        raise BenchError(f"wrk failed on {url}:\n{out.stdout}\n{out.stderr}")
    raw = json.loads(match.group(1))
    errors = raw["non_2xx_3xx"] + raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "url": url, "clients": clients, "duration": duration,
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "requests": raw["requests"], "errors": errors, "non_2xx_3xx": raw["non_2xx_3xx"],
        "bytes_per_response": round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0,
        "p50_ms": round(raw["p50_us"] / 1000, 2), "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2), "max_ms": round(raw["max_us"] / 1000, 2),
    }


def family(pid: int) -> list[int]:
    """A process and its children (nginx's or gunicorn's master and workers)."""
    pids = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def warm(url: str, *, clients: int, cookie: str) -> None:
    """Two rounds of ``clients`` requests at once before the timed warm-up: every gunicorn worker has then
    rendered the page (its first render loads templates and compiles queries: 100-200 ms of CPU). A 2 s
    warm-up alone did not reach every worker when the machine was busy (1-3 requests a second), and the
    first worker renders then counted in the measured run."""
    headers = {"Cookie": cookie} if cookie else {}
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(2):
            list(pool.map(lambda _: localstack.fetch(url, headers=headers, timeout=60), range(clients)))


def measure(name: str, url: str, *, script: Path, clients: int = CLIENTS, cookie: str = "",
            cpu_of: dict[str, int] | None = None, headers: tuple[str, ...] = ()) -> dict:
    """Warm-up, then the measured run. ``cpu_of`` (name → master's pid): the CPU time those processes
    spent per request in the measured run, in microseconds: what a request costs the server whatever
    else runs on the machine (the requests per second of a shared 2-core machine swing with its load)."""
    warm(url, clients=clients, cookie=cookie)
    wrk(url, clients=clients, duration=WARMUP, cookie=cookie, script=script, headers=headers)
    pids = {key: family(pid) for key, pid in (cpu_of or {}).items()}
    before = {key: cpu_seconds(p) for key, p in pids.items()}
    row = wrk(url, clients=clients, cookie=cookie, script=script, headers=headers)
    row["cpu_us_per_request"] = {key: round((cpu_seconds(p) - before[key]) * 1e6 / max(row["requests"], 1), 1)
                                 for key, p in pids.items()}
    row["load_1"] = round(os.getloadavg()[0], 2)
    row["name"] = name
    cpu = " ".join(f"{key} {us:.0f} µs" for key, us in row["cpu_us_per_request"].items())
    print(f"  {name:<38} {row['rps']:>9.1f} req/s   p50 {row['p50_ms']:>7.2f} ms   p95 {row['p95_ms']:>7.2f} ms"
          f"   {row['bytes_per_response']:>7} B   errors {row['errors']}   CPU/request: {cpu or '-'}"
          f"   load {row['load_1']}")
    if row["errors"]:
        print(f"  {name}: {row['errors']} errors ({row['non_2xx_3xx']} not 2xx/3xx) on {url}", file=sys.stderr)
    return row


def pss_kib(pid: int) -> int:
    """Proportional set size of a process and its children (gunicorn's master and workers), KiB."""
    total = 0
    pids = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def demo_targets() -> tuple:
    """seed_demo's Albertslund: the newest meeting with published minutes, the chair (a member with a
    login) and the reading token of the chair's invitation to a meeting with a published agenda."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from councils.models import Council
    from meetings.models import Attendance, Meeting
    from meetings.selectors.reading import reading_token

    call_command("seed_demo", stdout=open(os.devnull, "w"))
    council = Council.objects.get(slug="albertslund")
    chair = get_user_model().objects.get(email="formand@albertslund.example")
    attendance = (Attendance.objects.filter(meeting__council=council, person__user=chair,
                                            meeting__agenda_published_at__isnull=False)
                  .select_related("meeting").order_by("-meeting__starts_at").first())
    targets = {"published": Meeting.objects.filter(council=council, minutes_published_at__isnull=False)
               .order_by("-starts_at").first(),
               "upcoming": attendance.meeting, "member": chair, "reading_token": reading_token(attendance)}
    return council, Council.objects.count(), targets


def build(kind: str) -> dict:
    """The data in the throwaway database (the demo, or bench/run.py's generator at SCALE); the URLs
    and the member's session."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    if SCALE:
        council, councils, _closed, targets, _user = bench_run.build_scale(SCALE, SCALE, existing=0)
    else:
        council, councils, targets = demo_targets()
    member = targets["member"]
    client = Client()
    client.force_login(member)
    slug = council.slug
    urls = {
        "public_minutes": reverse("public:meeting", args=[slug, targets["published"].pk]),
        "start": reverse("councils:dashboard", args=[slug]),
        "meeting": reverse("meetings:meeting", args=[slug, targets["upcoming"].pk]),
        "reading": reverse("reading", args=[targets["reading_token"]]),
    }
    database_url = None
    if kind == "postgresql":
        server = os.environ["BENCH_DATABASE_URL"].split("?")[0].rsplit("/", 1)[0]
        database_url = f"{server}/{connection.settings_dict['NAME']}"
    connection.close()
    return {"urls": urls, "session": client.cookies["sessionid"].value, "councils": councils,
            "build_seconds": round(time.perf_counter() - started, 1), "database_url": database_url}


def check_stack(stack: localstack.Stack, data: dict) -> dict:
    """Before loading it: the pages answer 200, the public page sets no cookie and the micro-cache
    serves it (HIT), the member pages answer the member (not a login redirect)."""
    urls, cookie = data["urls"], {"Cookie": f"sessionid={data['session']}"}
    status, headers, body = localstack.fetch(stack.app_url + urls["public_minutes"])
    if status != 200:
        raise BenchError(f"public minutes page: {status}")
    cache = []
    for _ in range(3):
        _, nginx_headers, _ = localstack.fetch(stack.url + urls["public_minutes"])
        cache.append(nginx_headers.get("x-cache-status", ""))
    for name in ("start", "meeting"):
        status, _, _ = localstack.fetch(stack.url + urls[name], headers=cookie)
        if status != 200:
            raise BenchError(f"member page {name} ({urls[name]}): {status} with the member's session")
    status, _, _ = localstack.fetch(stack.url + urls["reading"])
    if status != 200:
        raise BenchError(f"agenda read page: {status}")
    return {"public_page_bytes": len(body), "public_page_sets_cookie": "set-cookie" in headers,
            "public_page_cache_control": headers.get("cache-control", ""), "micro_cache_statuses": cache}


def boot(env: dict, tmp: Path, *, preload: bool, script: Path, data: dict) -> dict:
    """gunicorn alone with preload on or off: seconds until /healthz answers, memory once the
    workers have served the member's start page, and that page's requests per second."""
    port = localstack.free_port()
    log = tmp / f"gunicorn-preload-{preload}.log"
    started = time.perf_counter()
    process = localstack.start_gunicorn(env, port=port, workers=None, preload=preload, log=log)
    try:
        localstack.wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log)
        boot_s = time.perf_counter() - started
        row = measure(f"start page, preload {'on' if preload else 'off'}",
                      f"http://127.0.0.1:{port}{data['urls']['start']}", script=script,
                      cookie=f"sessionid={data['session']}")
        return {"preload": preload, "boot_s": round(boot_s, 2), "pss_mib": round(pss_kib(process.pid) / 1024, 1),
                "start_page_rps": row["rps"], "start_page_p95_ms": row["p95_ms"]}
    finally:
        localstack.stop(process)


def worker_configs(env: dict, tmp: Path, *, script: Path, data: dict) -> list[dict]:
    """The member pages at 20 clients on gunicorn alone, for each of WORKER_CONFIGS."""
    results = []
    for spec in WORKER_CONFIGS:
        worker_class, _, size = spec.partition(":")
        workers, _, threads = size.partition("x")
        port = localstack.free_port()
        log = tmp / f"gunicorn-{worker_class}-{size}.log"
        process = localstack.start_gunicorn(env, port=port, workers=int(workers), preload=None, log=log,
                                            worker_class=worker_class, threads=int(threads or 1))
        try:
            localstack.wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log)
            row: dict = {"config": spec}
            for page in ("start", "meeting", "reading"):
                run = measure(f"{spec}: {page} (20 clients)", f"http://127.0.0.1:{port}{data['urls'][page]}",
                              script=script, clients=MEMBER_CLIENTS, cpu_of={"gunicorn": process.pid},
                              cookie="" if page == "reading" else f"sessionid={data['session']}")
                row[page] = {"rps": run["rps"], "p50_ms": run["p50_ms"], "p95_ms": run["p95_ms"],
                             "app_cpu_ms": round(run["cpu_us_per_request"]["gunicorn"] / 1000, 1),
                             "errors": run["errors"], "load_1": run["load_1"]}
            results.append(row)
        finally:
            localstack.stop(process)
    return results


def code() -> dict:
    """The commit measured and the files changed beside it: the bench runs the working tree, and a half-made
    edit there (a shared tree) shows as errors or as a page that is not what the commit has."""
    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else ""
    changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD") or "not a git checkout", "changed_files": changed}


def machine() -> dict:
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "load_1_5_15": [round(v, 2) for v in load],
            "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
            "nginx": subprocess.run([localstack.NGINX, "-v"], capture_output=True, text=True).stderr.strip(),
            "wrk": subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.splitlines()[0:1]}


def write_results(kind: str, figures: dict) -> None:
    results = {}
    if RESULTS.exists():
        try:
            results = json.loads(RESULTS.read_text())
        except ValueError:
            results = {}
    # One entry per database kind, and one per kind and scale for the bench's larger data (BENCH_HTTP_SCALE).
    results.setdefault("http", {})[f"{kind}_{SCALE}x" if SCALE else kind] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    # Stopped from outside (a timeout, Ctrl-C): unwind, so the stack is stopped and the database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in (WRK, localstack.NGINX):
        if not Path(tool).exists():
            print(f"{tool} not found: make bench-http installs Debian's wrk and nginx as root", file=sys.stderr)
            return 1
    kind, tmp = bench_run.configure_database()
    os.environ["SECRET_KEY"] = localstack.SECRET_KEY  # the member's session must be valid in the stack

    import django

    django.setup()
    from django.db import connection

    status = 0
    figures: dict = {"database": kind, "machine_before": machine(), "code": code(),
                     "data": f"bench/run.py build_scale at {SCALE}×" if SCALE else "seed_demo"}
    print(f"== HTTP bench on {kind} ({figures['machine_before']['uptime']}) ==")
    if figures["code"]["changed_files"]:
        print(f"  (the working tree differs from {figures['code']['commit']} in "
              f"{len(figures['code']['changed_files'])} files: measured as it is)")
    try:
        bench_run.create_database(kind)
        data = build(kind)
        figures |= {"councils": data["councils"], "build_seconds": data["build_seconds"], "urls": data["urls"]}
        print(f"built {figures['data']} ({data['councils']} councils) in {data['build_seconds']} s")
        stack_tmp = tmp / "stack"
        stack_tmp.mkdir()
        os.chmod(tmp, 0o755)
        os.chmod(stack_tmp, 0o755)
        script = stack_tmp / "report.lua"
        script.write_text(LUA)
        port = localstack.free_port()
        env = localstack.app_environment(
            database_url=data["database_url"],
            sqlite_path=None if data["database_url"] else Path(os.environ["SQLITE_PATH"]),
            base_url=f"http://127.0.0.1:{port}", media_root=tmp / "media")
        figures["preload"] = [boot(env, stack_tmp, preload=p, script=script, data=data) for p in (False, True)]
        figures["workers"] = worker_configs(env, stack_tmp, script=script, data=data)
        STATIC_DIR.mkdir(parents=True, exist_ok=True)
        try:
            # The page's bytes as a static file (WhiteNoise indexes STATIC_ROOT when gunicorn starts).
            with localstack.running(stack_tmp, env, workers=None, port=port, access_log=False, nginx_workers="auto",
                                    preload=None) as stack:
                _, _, page = localstack.fetch(stack.app_url + data["urls"]["public_minutes"])
            (STATIC_DIR / "minutes.html").write_bytes(page)
            # Its .gz beside it, as collectstatic writes one for every file (nginx's gzip_static).
            (STATIC_DIR / "minutes.html.gz").write_bytes(gzip.compress(page, 9, mtime=0))
            with localstack.running(stack_tmp, env, workers=None, port=port, access_log=False, nginx_workers="auto",
                                    preload=None) as stack:
                figures["checks"] = check_stack(stack, data)
                print(f"  public page: {figures['checks']['public_page_bytes']} B, sets a cookie: "
                      f"{figures['checks']['public_page_sets_cookie']}, micro-cache: "
                      f"{' '.join(figures['checks']['micro_cache_statuses'])}")
                urls, cookie = data["urls"], f"sessionid={data['session']}"
                static = "/static/bench-http/minutes.html"
                app, web = {"gunicorn": stack.processes[0].pid}, {"nginx": stack.processes[1].pid}
                both = app | web
                gzip_header = ("Accept-Encoding: gzip",)
                rows = {
                    "gunicorn_public_minutes": measure("gunicorn: public minutes page", stack.app_url
                                                       + urls["public_minutes"], script=script, cpu_of=app),
                    "gunicorn_static_same_bytes": measure("gunicorn: same bytes, WhiteNoise", stack.app_url + static,
                                                          script=script, cpu_of=app),
                    "nginx_microcache_public_minutes": measure("nginx: public minutes, micro-cache",
                                                               stack.url + urls["public_minutes"], script=script,
                                                               cpu_of=both),
                    "nginx_static_same_bytes": measure("nginx: same bytes, static", stack.url + static, script=script,
                                                       cpu_of=both),
                    # What a browser gets: gzip. The micro-cache keeps Django's compressed copy; static
                    # files come from their .gz (gzip_static): neither compresses per request.
                    "nginx_microcache_public_minutes_gzip": measure(
                        "nginx: micro-cache, gzip", stack.url + urls["public_minutes"], script=script, cpu_of=both,
                        headers=gzip_header),
                    "nginx_static_same_bytes_gzip": measure("nginx: same bytes, static .gz", stack.url + static,
                                                            script=script, cpu_of=both, headers=gzip_header),
                    "member_start_page": measure("member: start page (20 clients)", stack.url + urls["start"],
                                                 script=script, clients=MEMBER_CLIENTS, cookie=cookie, cpu_of=both),
                    "member_meeting_page": measure("member: meeting page (20 clients)", stack.url + urls["meeting"],
                                                   script=script, clients=MEMBER_CLIENTS, cookie=cookie,
                                                   cpu_of=both),
                    "member_reading_page": measure("member: agenda read page (20 clients)",
                                                   stack.url + urls["reading"], script=script,
                                                   clients=MEMBER_CLIENTS, cpu_of=both),
                    "healthz": measure("/healthz (nginx, not cached)", stack.url + "/healthz", script=script,
                                       cpu_of=both),
                }
        finally:
            shutil.rmtree(STATIC_DIR, ignore_errors=True)
        figures["runs"] = rows
        ratios = {
            "public_vs_static": round(rows["gunicorn_public_minutes"]["rps"]
                                      / rows["gunicorn_static_same_bytes"]["rps"], 3),
            "microcache_vs_nginx_static": round(rows["nginx_microcache_public_minutes"]["rps"]
                                                / rows["nginx_static_same_bytes"]["rps"], 3),
            "microcache_vs_nginx_static_gzip": round(rows["nginx_microcache_public_minutes_gzip"]["rps"]
                                                     / rows["nginx_static_same_bytes_gzip"]["rps"], 3),
            # The same comparison by nginx's CPU time per request (static ÷ micro-cache): steadier than
            # requests per second when other work shares the machine.
            "microcache_vs_nginx_static_by_nginx_cpu": round(
                rows["nginx_static_same_bytes"]["cpu_us_per_request"]["nginx"]
                / max(rows["nginx_microcache_public_minutes"]["cpu_us_per_request"]["nginx"], 0.1), 3),
            # Member pages: gunicorn's CPU per request (ms). With 20 clients on 2 cores a request waits
            # for about 20 × that ÷ 2 (Little's law), so this is what the p95 follows.
            "member_app_cpu_ms": {k: round(rows[f"member_{k}_page"]["cpu_us_per_request"]["gunicorn"] / 1000, 1)
                                  for k in ("start", "meeting", "reading")},
            "member_p95_ms": {k: rows[f"member_{k}_page"]["p95_ms"] for k in ("start", "meeting", "reading")},
            "healthz_rps": rows["healthz"]["rps"],
        }
        figures["ratios"] = ratios
        figures["goals_met"] = {
            "public_vs_static": ratios["public_vs_static"] >= GOALS["public_vs_static"],
            "microcache_vs_nginx_static": ratios["microcache_vs_nginx_static"] >= GOALS["microcache_vs_nginx_static"],
            "member_p95_ms": max(ratios["member_p95_ms"].values()) < GOALS["member_p95_ms"],
        }
        print_summary(kind, figures)
        failed = [row["name"] for row in rows.values() if row["errors"]]
        if failed:
            figures["error"] = f"load runs with errors: {', '.join(failed)}"
            print(f"HTTP bench: {figures['error']}", file=sys.stderr)
            status = 1
    except (BenchError, localstack.StackError, subprocess.TimeoutExpired) as error:
        print(f"HTTP bench failed: {error}", file=sys.stderr)
        figures["error"] = str(error)
        status = 1
    finally:
        figures["machine_after"] = machine()
        write_results(kind, figures)
        connection.close()
        bench_run.drop_database(kind, tmp)
    return status


def print_summary(kind: str, figures: dict) -> None:
    r, ok = figures["ratios"], figures["goals_met"]
    runs = figures["runs"]
    mark = {True: "met", False: "MISSED"}
    print(f"\nHTTP on {kind}: wrk -t{THREADS} -c{CLIENTS} -d{DURATION} (member pages -c{MEMBER_CLIENTS}); "
          f"load {figures['machine_before']['load_1_5_15']} → {machine()['load_1_5_15']}")
    print(f"  public page / same-server static   {runs['gunicorn_public_minutes']['rps']:>9.0f} / "
          f"{runs['gunicorn_static_same_bytes']['rps']:<9.0f} = {r['public_vs_static']:.2f}  (goal ≥ 0.5: "
          f"{mark[ok['public_vs_static']]})")
    print(f"  micro-cache / nginx static         {runs['nginx_microcache_public_minutes']['rps']:>9.0f} / "
          f"{runs['nginx_static_same_bytes']['rps']:<9.0f} = {r['microcache_vs_nginx_static']:.2f}  (goal ≥ 0.8: "
          f"{mark[ok['microcache_vs_nginx_static']]})")
    p95 = r["member_p95_ms"]
    print(f"  member pages p95 at 20 clients     start {p95['start']:.0f} ms, meeting {p95['meeting']:.0f} ms, "
          f"read {p95['reading']:.0f} ms  (goal < 100 ms: {mark[ok['member_p95_ms']]})")
    print(f"  micro-cache / nginx static (gzip)  {runs['nginx_microcache_public_minutes_gzip']['rps']:>9.0f} / "
          f"{runs['nginx_static_same_bytes_gzip']['rps']:<9.0f} = {r['microcache_vs_nginx_static_gzip']:.2f}")
    print(f"  micro-cache / nginx static by nginx's CPU per request: {r['microcache_vs_nginx_static_by_nginx_cpu']:.2f}"
          f" ({runs['nginx_static_same_bytes']['cpu_us_per_request']['nginx']:.0f} ÷ "
          f"{runs['nginx_microcache_public_minutes']['cpu_us_per_request']['nginx']:.0f} µs)")
    cpu = r["member_app_cpu_ms"]
    print(f"  member pages, gunicorn CPU/request  start {cpu['start']:.0f} ms, meeting {cpu['meeting']:.0f} ms, "
          f"read {cpu['reading']:.0f} ms")
    print(f"  /healthz                           {r['healthz_rps']:.0f} req/s")
    for row in figures.get("workers", []):
        print(f"  gunicorn {row['config']:<12} p95 start {row['start']['p95_ms']:.0f} ms, meeting "
              f"{row['meeting']['p95_ms']:.0f} ms, read {row['reading']['p95_ms']:.0f} ms "
              f"(req/s {row['start']['rps']:.0f} / {row['meeting']['rps']:.0f} / {row['reading']['rps']:.0f})")
    for row in figures["preload"]:
        print(f"  preload {'on ' if row['preload'] else 'off'}: boot {row['boot_s']:.1f} s, workers' PSS "
              f"{row['pss_mib']:.0f} MiB, start page {row['start_page_rps']:.0f} req/s "
              f"(p95 {row['start_page_p95_ms']:.0f} ms)")


if __name__ == "__main__":
    sys.exit(main())

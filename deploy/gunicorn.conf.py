"""gunicorn's configuration for Stemme: ``gunicorn -c deploy/gunicorn.conf.py config.wsgi``.

Every value can be changed from the environment (the systemd unit reads /etc/stemme/env), so
this file stays as it is in the repository. nginx (deploy/nginx/stemme.conf) sits in front: it
buffers slow clients and serves the static files, so plain sync workers are right here.
"""

import multiprocessing
import os

# Where nginx finds gunicorn (its upstream). A unix socket works too: "unix:/run/stemme/gunicorn.sock".
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, (2 × CPUs) + 1: while one worker waits for the database another renders. Each
# worker holds one database connection (CONN_MAX_AGE), so PostgreSQL's max_connections must allow
# workers × app servers (plus the outbox worker).
# Measured (make bench-http's "workers", and the same behind nginx; SQLite, the demo, 20 clients on the
# member pages, a 2-core machine shared with other work at load 10-12): sync × 2 spent the least CPU per
# request (4.3-5.1 ms against 5.7-6.6 ms for sync × 5: each process has its own in-memory caches, fewer
# processes keep them warmer) with p95 247/317/511 ms (start, meeting, read page) against 294/315/351 ms
# for sync × 5; gthread 2 × 4 served twice the requests per second at half the median, but with the
# longest p95 (308/425/643 ms: the threads take turns on one interpreter lock). No configuration won the
# p95 beyond the machine's noise; what sets it is a page's CPU time (20 clients × CPU ÷ 2 cores), so the
# default stays. With REDIS_URL (one cache for all) the extra processes lose less.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")  # "gthread" with GUNICORN_THREADS
threads = int(os.environ.get("GUNICORN_THREADS", "1"))  # per worker, for worker_class "gthread"

# A request that takes longer than this is killed and logged (the slowest pages, PDFs of a busy
# year, take a few seconds). nginx waits 60 s (proxy_read_timeout), longer than this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # on SIGTERM/HUP: time for running requests to finish
keepalive = 2

# A worker is replaced after 10,000 to 15,000 requests: any slow leak stays bounded. The jitter is wide
# on purpose: the workers share the load evenly, so with 1,000 ± 100 (tried first) all five were
# replaced within seconds of each other, and a new worker takes up to 30 s to load Stemme on a busy
# machine (without preload_app): make bench-http saw gunicorn answer nothing for that long.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))

# preload_app: measured by `make bench-http` ("preload" in bench/results.json: boot time, the workers'
# memory, the member's start page with 10 clients). Loading Stemme in the master before forking boots
# 5 workers far faster (5.6-17 s against 23-41 s on a busy 2-core machine) and saves memory (about
# 500 against 570-600 MiB PSS). The first runs had the preloaded workers serving the start page slower,
# but their warm-up reached only some workers; with every worker warmed before the run (three runs,
# SQLite and PostgreSQL) preloaded workers served it as fast or faster (SQLite 62 against 37 req/s,
# 4.1 against 1.6; PostgreSQL 7.3 against 6.8). So it is on; GUNICORN_PRELOAD=false turns it off.
# Nothing may open a database connection while Stemme loads (the workers would share it): Django
# connects on the first query, in the worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}

# Behind nginx on the same machine: trust its X-Forwarded-* headers only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to stdout/stderr: systemd's journal keeps them (journalctl -u stemme-web).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" turns it off
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "stemme"

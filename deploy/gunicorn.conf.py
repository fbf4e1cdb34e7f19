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
# Measured by `make bench-http` ("workers" in bench/results.json: the member pages at 20 clients on
# sync with 2, 3 and 5 workers and gthread with 2 × 4 and 5 × 2 threads, SQLite, 2 cores): no
# configuration was better than another beyond the machine's noise. Stemme's pages are CPU-bound
# (rendering and building SQL in Python; the GIL keeps a worker's threads on one core), so at 20
# clients a request waits about 20 × its CPU time ÷ 2 cores whatever the workers: the page's own CPU
# time sets the p95, not this file. gthread brings nothing for such pages; sync stays.
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
# 5 workers far faster (3.7-8 s against 27-36 s on a busy 2-core machine) and saves memory (about
# 500 against 570 MiB PSS), but in every run the preloaded workers served the start page slower
# (SQLite 7.4 against 9.0 req/s, PostgreSQL 4.6 against 8.7; p95 twice as long). Requests count more
# than boot time, so it is off; GUNICORN_PRELOAD=true turns it on.
preload_app = os.environ.get("GUNICORN_PRELOAD", "false").lower() in {"1", "true", "yes", "on"}

# Behind nginx on the same machine: trust its X-Forwarded-* headers only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to stdout/stderr: systemd's journal keeps them (journalctl -u stemme-web).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" turns it off
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "stemme"

# Stemme — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
PORT ?= 8000
# gettext compiles translations; pango and fonts are what WeasyPrint renders PDFs with.
RUN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation
PG_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/stemme)
# What the type checker checks (the rest is read for types only); see [tool.mypy] in pyproject.toml:
# core, and every app's services and selectors.
MYPY_SCOPE ?= core $(wildcard */services.py */services */selectors.py */selectors)

.PHONY: run test bench bench-search bench-outbox bench-http setup venv assets system-packages test-packages messages shape lint audit fuzz clean

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	touch $@

venv: .venv/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# DKFDS' stylesheet built from its SCSS with the Latin-1 subset fonts (assets/build-css.mjs);
# collectstatic picks it up from assets/build/ (git-ignored).
DKFDS_CSS := assets/build/dkfds/css/dkfds.min.css
$(DKFDS_CSS): node_modules/.installed assets/build-css.mjs assets/scss/_fonts.scss
	node assets/build-css.mjs

assets: node_modules/.installed $(DKFDS_CSS)

# Debian packages, installed only when missing and only when we are root (apt-get update first).
# The tests also need Chromium (browser tests), poppler (reading PDFs back) and nginx (the production
# stack's test, tests/deploy: deploy/nginx/stemme.conf in front of gunicorn on loopback).
# postgresql-client: pg_dump/pg_restore for manage.py backup and restore (tests/backup; at least the
# PostgreSQL server's major version).
define apt_install
	@missing=""; for pkg in $(1); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages (install them as root):$$missing"; fi; \
	fi
endef

system-packages:
	$(call apt_install,$(RUN_PACKAGES))

test-packages:
	$(call apt_install,$(RUN_PACKAGES) chromium poppler-utils nginx postgresql-client)

messages: venv system-packages
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

setup: venv assets messages
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo

run: setup
	@$(PY) manage.py demo_logins
	@echo "Stemme: http://127.0.0.1:$(PORT)  (the outbox worker runs beside it)"
	@echo "Mail is written to sent-mail/ (set EMAIL_BACKEND and EMAIL_HOST for a real SMTP server)."
	@trap 'kill 0' EXIT; \
	STEMME_BASE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py outbox_worker --interval 5 & \
	STEMME_BASE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

# The suite on the embedded SQLite database, then again on PostgreSQL when one is reachable (with
# CI=true an unreachable PostgreSQL or a missing Chromium is a failure). The browser journeys (tests
# using Chromium, marked "browser" by conftest.py) walk whole pages and cost a third of the time:
# with PostgreSQL reachable they run once, on PostgreSQL, the production database; without it, on SQLite.
test: venv assets test-packages messages shape
	$(PY) manage.py collectstatic --noinput -v 0
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== The suite on SQLite (the browser journeys run on PostgreSQL) =="; \
	  env -u DATABASE_URL $(PY) -m pytest -q -n 2 --dist loadfile -m "not browser" || exit 1; \
	  echo "== The suite on PostgreSQL, with the browser journeys =="; \
	  DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -n 2 --dist loadfile || exit 1; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is not reachable on 127.0.0.1:5432 (CI=true: failing)"; exit 1; \
	else echo "PostgreSQL not reachable: the whole suite on SQLite only"; \
	  env -u DATABASE_URL $(PY) -m pytest -q -n 2 --dist loadfile || exit 1; fi

# The pages, documents and imports at 1× and 10× (bench/run.py), then search latency (bench-search)
# and outbox throughput (bench-outbox), then the production stack under load (bench-http); fails when
# any misses its checks, after all have run.
bench: setup
	@status=0; $(PY) bench/run.py || status=1; $(MAKE) --no-print-directory bench-search || status=1; \
	$(MAKE) --no-print-directory bench-outbox || status=1; $(MAKE) --no-print-directory bench-http || status=1; \
	exit $$status

# Search latency on 100,000 documents (docs/search.md): SQLite, then PostgreSQL when reachable
# (database stemme_bench_search, created and dropped).
bench-search: venv
	env -u DATABASE_URL $(PY) bench/search_bench.py
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  BENCH_DATABASE_URL=$(PG_URL) $(PY) bench/search_bench.py; \
	else echo "PostgreSQL not reachable: skipped its search bench"; fi

# Outbox throughput (bench/outbox_bench.py): 500 e-mails to a local SMTP server and 500 SMS to the
# fake SMS provider through the worker's function, on SQLite, then PostgreSQL when reachable
# (database stemme_bench_outbox, created and dropped). Fails when a message is lost or duplicated.
bench-outbox: venv
	env -u DATABASE_URL $(PY) bench/outbox_bench.py
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  BENCH_DATABASE_URL=$(PG_URL) $(PY) bench/outbox_bench.py; \
	else echo "PostgreSQL not reachable: skipped its outbox bench"; fi

# The production stack under load (bench/http_bench.py): nginx (deploy/nginx/stemme.conf) in front of
# gunicorn (deploy/gunicorn.conf.py) on loopback, loaded with Debian's wrk, on the demo data (seed_demo;
# BENCH_HTTP_SCALE=10 for bench/run.py's 10×, slow to build): public page vs
# static, micro-cache vs nginx static (also with gzip, and by nginx's CPU per request), member pages'
# p95 and gunicorn's CPU per request, /healthz, gunicorn's preload and worker configurations
# (BENCH_HTTP_WORKERS). SQLite, then PostgreSQL when reachable (database stemme_bench_<pid>, created and
# dropped). Writes "http" in bench/results.json.
bench-http: venv assets
	$(call apt_install,nginx wrk)
	$(PY) manage.py collectstatic --noinput -v 0
	@status=0; env -u DATABASE_URL $(PY) bench/http_bench.py || status=1; \
	if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  BENCH_DATABASE_URL=$(PG_URL) $(PY) bench/http_bench.py || status=1; \
	else echo "PostgreSQL not reachable: skipped its HTTP bench"; fi; exit $$status

# The shape of the code, checked before the tests (so CI fails on it): no import against the
# layers ([tool.importlinter] in pyproject.toml) and no type error in MYPY_SCOPE.
shape: venv
	.venv/bin/lint-imports --no-cache
	.venv/bin/mypy $(MYPY_SCOPE)

# Style, then security: bandit ([tool.bandit] in pyproject.toml; its "nosec encountered" chatter
# about multi-line statements is filtered out), then pip-audit (optional where no advisory source
# answers, see tools/pip_audit.py and docs/security.md).
lint: venv shape
	.venv/bin/ruff check .
	set -o pipefail; .venv/bin/bandit -c pyproject.toml -r . -q 2>&1 | { grep -v "nosec encountered" || true; }
	@$(MAKE) --no-print-directory audit

# Known vulnerabilities in the pinned dependencies (pyproject.toml) through pip-audit.
audit: venv
	$(PY) tools/pip_audit.py

# The fuzz of every URL and form for every role (tests/fuzz) with many more examples than the
# suite's 3 a URL: FUZZ_EXAMPLES=200 make fuzz; on PostgreSQL with DATABASE_URL set.
FUZZ_EXAMPLES ?= 40
fuzz: venv
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/fuzz -q -p no:logging -n 2 --dist load

clean:
	rm -rf .venv node_modules staticfiles db.sqlite3* media .mypy_cache

# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON_VERSION ?= 3.11
PORT ?= 8501
VENV := .venv
PY := $(VENV)/bin/python
DB := $(or $(MONITOR_DB),build/monitor.duckdb)
DATA_FILES := $(wildcard data/*.csv)
# The derived tables and the macros the dashboard calls are built from these.
DERIVED := $(wildcard etl/sql/*) etl/macros.py
CHROMIUM ?= /usr/bin/chromium
REPLICAS ?= $(shell nproc 2>/dev/null || echo 2)
export UV_PYTHON := $(PYTHON_VERSION)

.PHONY: run serve test env env-run db refresh check lint browser haproxy bench clean

run: env-run db ## build the database if needed, then serve the dashboard on http://localhost:$(PORT)
	$(PY) -m streamlit run dashboard/asgi.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

serve: env db haproxy ## REPLICAS dashboard processes (default: one per core) behind HAProxy on http://localhost:$(PORT)
	$(PY) deploy/serve.py --replicas $(REPLICAS) --port $(PORT)

test: env browser haproxy ## the whole test suite, browser tests included
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q

# Two environments in one .venv, each with its own marker: `env` has everything (tests, lint,
# benchmarks), `env-run` only what the dashboard and the ETL need. Each sync removes what the
# other added, so each removes the other's marker too: after `make run` then `make test`
# (or the reverse) the next target syncs again instead of trusting a stale marker.
env: $(VENV)/.synced

env-run: $(VENV)/.synced-run

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
	uv sync --frozen
	@rm -f $(VENV)/.synced-run
	@touch $@

$(VENV)/.synced-run: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
	uv sync --frozen --no-dev
	@rm -f $(VENV)/.synced
	@touch $@

db: $(DB)

# Rebuilt when missing or older than any curated file or derived table definition. Needs
# only the run-time packages, whichever environment is there.
$(DB): $(DATA_FILES) $(DERIVED)
	@[ -x $(PY) ] || $(MAKE) env-run
	$(PY) -m etl refresh --data data --db $(DB)

refresh: env ## rebuild the database from data/ (shows what changed), CITATION.cff's version
	$(PY) -m etl refresh --data data --db $(DB)
	$(PY) -m etl citation --data data

check: env ## validate data/ without publishing: errors, suspected duplicates, coverage
	$(PY) -m etl check --data data
	$(PY) -m etl citation --data data

browser: ## Debian chromium for the browser tests (never a browser download)
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); \
	  else \
	    echo "Headless Chromium is missing: run 'sudo apt-get install -y chromium' and try again."; exit 1; \
	  fi; \
	fi

haproxy: ## Debian's HAProxy for make serve and the deploy tests (installed like chromium)
	@if ! command -v haproxy >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -q haproxy >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q haproxy >/dev/null)); \
	  else \
	    echo "HAProxy is missing: run 'sudo apt-get install -y haproxy' and try again."; exit 1; \
	  fi; \
	fi

bench: env ## speed and memory figures (see bench/)
	$(PY) -m bench --quick

clean:
	rm -rf build .pytest_cache

# Everyday commands. Needs GNU make and Python 3.11+; everything else goes into .venv.
#
#   make run       set up, migrate, load the demo data and serve on http://127.0.0.1:8000
#   make test      the whole test suite (browser tests included); PYTEST_ARGS="-k name -x" etc.
#   make e2e       only the browser tests (marker e2e)
#   make lint      ruff, formatting, the import layers and missing migrations
#   make bench     the benchmarks on PostgreSQL (scale dataset, load test): benchmarks/*.txt
#   make messages  refresh and compile the translation catalogues (needs gettext)
#
# DATABASE_URL in the environment is used as is (tests then run against that server).

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
# Written after a successful install; older than pyproject.toml means "install again".
INSTALL_STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
ADDRESS ?= 127.0.0.1:8000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/emulation_bench
SCALE ?= --clusters 1000 --members 15 --criteria 100
BENCH_ARGS ?=
LOAD_SECONDS ?= 20
LOAD_USERS ?= 8

.DEFAULT_GOAL := help
.PHONY: help install run test e2e lint bench messages

help:
	@sed -n 's/^#   make /make /p' $(firstword $(MAKEFILE_LIST))

# --- bootstrap (internal) ---------------------------------------------------------------

$(VENV_PYTHON):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALL_STAMP): pyproject.toml | $(VENV_PYTHON)
	@echo "Installing the project and its dev tools into $(VENV) (pip install -e \".[dev]\")..."
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(INSTALL_STAMP)

# --- what people type -------------------------------------------------------------------

run: install
	$(VENV_PYTHON) manage.py migrate --noinput
	$(VENV_PYTHON) manage.py seed_demo
	$(VENV_PYTHON) manage.py runserver $(ADDRESS)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

e2e: install
	$(VENV)/bin/pytest -m e2e $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV_PYTHON) manage.py makemigrations --check --dry-run

# On PostgreSQL (created if missing, seeded once): see README, "Benchmarks". A quick run:
#   make bench BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/emulation_bench_50 \
#     SCALE="--clusters 50" LOAD_SECONDS=5
bench: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" SCALE="$(SCALE)" BENCH_ARGS="$(BENCH_ARGS)" \
		LOAD_SECONDS="$(LOAD_SECONDS)" LOAD_USERS="$(LOAD_USERS)" $(VENV_PYTHON) benchmarks/run.py

messages: install
	$(VENV_PYTHON) manage.py makemessages -l vi -l en --no-obsolete --add-location=file \
		--ignore=.venv --ignore=staticfiles --ignore=media
	$(VENV_PYTHON) manage.py compilemessages --ignore=.venv

# Sourcewise: `make run` to try it, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= sourcewise-demo
export DEMO_PASSWORD

.PHONY: run setup test lint format bench bench-report eval-drafting mutation clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sourcewise needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.11.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

## setup: install, migrate SQLite and load the corpus and demo data (safe to re-run)
setup: export DJANGO_DEBUG ?= true
setup: $(VENV)/.installed-run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_corpus
	$(PY) manage.py check_evidence --load
	$(PY) manage.py build_quizzes
	$(PY) manage.py seed_demo

## run: set everything up on SQLite and serve the app at http://$(HOST):$(PORT)/
run: export DJANGO_DEBUG ?= true
run: setup
	@echo "Serving Sourcewise at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

TEST_WORKERS ?= auto

## test: run the whole suite (SQLite, or DATABASE_URL when set), one worker per core
##       (TEST_WORKERS=0 runs it in one process)
test: $(VENV)/.installed-dev
	$(PY) -m pytest -n $(TEST_WORKERS)

## lint: ruff check, ruff format --check, and no missing migrations
lint: export DJANGO_DEBUG ?= true
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

BENCH_POSTGRES_URL ?= postgres://root@127.0.0.1:5432/test
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/1
BENCH_ARGS ?=

## bench: answer submission under load vs a bare INSERT view, plus integrity checks:
##        SQLite, PostgreSQL, then two app servers sharing PostgreSQL and Redis
bench: export DJANGO_DEBUG ?= false
bench: export DJANGO_SECRET_KEY ?= benchmark-only-secret-key-not-for-production-use-0123456789
bench: export DJANGO_ALLOWED_HOSTS ?= testserver,127.0.0.1,localhost
bench: export DJANGO_SECURE_SSL_REDIRECT ?= false
bench: $(VENV)/.installed-dev
	@status=0; \
	echo "== bench 1/3: one server, SQLite"; \
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py bench $(BENCH_ARGS) || status=1; \
	echo "== bench 2/3: one server, PostgreSQL"; \
	env -u REDIS_URL DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) manage.py bench $(BENCH_ARGS) || status=1; \
	echo "== bench 3/3: two servers sharing PostgreSQL and Redis"; \
	DATABASE_URL=$(BENCH_POSTGRES_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) manage.py bench --servers 2 $(BENCH_ARGS) || status=1; \
	exit $$status

## bench-report: time the class report for 500 × 50 and 2,000 × 200 (SQLite, or DATABASE_URL)
bench-report: export DJANGO_DEBUG ?= false
bench-report: export DJANGO_SECRET_KEY ?= benchmark-only-secret-key-not-for-production-use-0123456789
bench-report: export DJANGO_ALLOWED_HOSTS ?= testserver,127.0.0.1,localhost
bench-report: export DJANGO_SECURE_SSL_REDIRECT ?= false
bench-report: $(VENV)/.installed-run
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py bench_report

## eval-drafting: drafting precision/recall (leave one seed article out, and held-out articles), in a throwaway SQLite database
eval-drafting: export DJANGO_DEBUG ?= true
eval-drafting: $(VENV)/.installed-run
	@tmp=$$(mktemp -d) && export DATABASE_URL="sqlite:///$$tmp/eval-drafting.sqlite3" \
	&& $(PY) manage.py migrate --no-input -v0 \
	&& $(PY) manage.py load_corpus > /dev/null \
	&& $(PY) manage.py check_evidence --load > /dev/null \
	&& $(PY) manage.py eval_drafting $(EVAL_ARGS); status=$$?; rm -rf "$$tmp"; exit $$status

## mutation: mutation-test the modules that keep the key true, a score per module (slow;
## not in CI; MUTATION_SAMPLE=05 runs a reproducible ~20 % sample). See docs/testing.md.
mutation: $(VENV)/.installed-dev
	$(PY) tools/mutation.py $(if $(MUTATION_SAMPLE),--sample $(MUTATION_SAMPLE)) $(MUTATION_MODULES)

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app assessment
HOST ?= 127.0.0.1
PORT ?= 5000
# DEMO=0 starts an empty installation at its set-up page instead of the demo organisation.
DEMO ?= 1

.PHONY: run dev test lint install install-test db clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp files re-run pip only when the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# `audits backfill` gives audits stored by earlier versions the plans and score rows they lack.
db: install
	$(FLASK) db upgrade
	$(FLASK) audits backfill
	$(FLASK) questions load
	@if [ "$(DEMO)" = "1" ]; then $(FLASK) demo --if-empty; fi

# gunicorn serves the app (WEB_CONCURRENCY workers, default 2) and the job worker runs beside
# it (report ZIPs and PDFs, large exports and imports); Ctrl-C stops both.
run: db
	@$(FLASK) jobs worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/gunicorn --config python:assessment.gunicorn_conf --bind $(HOST):$(PORT)

# Flask's development server with the reloader and debugger, and the job worker beside it
# (restart `make dev` after changing a job's code: the worker does not reload).
dev: db
	@$(FLASK) jobs worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

# One worker per core (pytest-xdist): CI has two, and the suite must stay under ten minutes.
test: install-test
	$(BIN)/pytest -n auto

lint: install-test
	$(BIN)/ruff check assessment tests benchmarks
	$(BIN)/mypy assessment

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

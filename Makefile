# Two commands do all set-up: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint bench messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.run-installed $@

run: $(VENV)/.run-installed
	$(PY) -m mttq_portal.devrun --port $(PORT)

test: $(VENV)/.dev-installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Every benchmark of bench/ on SQLite then PostgreSQL + Redis (127.0.0.1), one after the other: about
# 30 minutes on a 2-core machine; run it on a quiet machine and note the load average with the figures.
BENCHES := dashboard consolidate sweep rush inspections congresses approvals_pipeline
bench: $(VENV)/.dev-installed
	@for b in $(BENCHES); do echo "== bench/$$b.py (load average: $$(cut -d' ' -f1-3 /proc/loadavg))"; $(PY) bench/$$b.py || exit 1; done

messages: $(VENV)/.dev-installed
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/broker var/celerybeat-schedule* var/test*.sqlite3*

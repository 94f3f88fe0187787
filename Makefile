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

# Every benchmark of bench/ (SQLite then PostgreSQL + Redis where it applies), one after the other,
# at a quick size: a few minutes in all, to run before a commit that touches what they measure.
# `make bench FULL=1` runs them at national size (BENCH_FULL=1; each also takes --full): about 30
# minutes on a 2-core machine. Note the load average beside any figure you keep.
BENCHES := dashboard weak_connection consolidate sweep rush inspections congresses approvals_pipeline
FULL ?=
# The faults bench waits for the sweeps' intervals (about 16 minutes whatever the size): with FULL=1 only.
BENCHES += $(if $(FULL),faults,)
bench: $(VENV)/.dev-installed
	@status=0; for b in $(BENCHES); do echo "== bench/$$b.py (load average: $$(cut -d' ' -f1-3 /proc/loadavg))"; \
	  BENCH_FULL=$(FULL) $(PY) bench/$$b.py || { echo "== bench/$$b.py: a target not met or an error"; status=1; }; done; exit $$status

messages: $(VENV)/.dev-installed
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/broker var/celerybeat-schedule* var/test*.sqlite3*

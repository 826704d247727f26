# Rete PTP — `make run` serves the demo, `make test` runs the suite. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export DJANGO_SETTINGS_MODULE ?= config.settings

.PHONY: run setup test test-pg lint fix typecheck check bench lock clean

$(PY):
	"$$(scripts/find-python.sh)" -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.txt | $(PY)
	$(PIP_INSTALL) -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(PY)
	$(PIP_INSTALL) -r requirements/dev.txt
	@touch $@ $(VENV)/.base-installed

setup: $(VENV)/.base-installed
	@mkdir -p var/static
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_reference_data
	$(PY) manage.py seed_demo

run: setup
	PTP_STATIC_FROM_FINDERS=1 scripts/serve.sh

test: $(VENV)/.dev-installed
	$(PY) -m pytest -n 2 --dist loadfile -q

test-pg: $(VENV)/.dev-installed
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 --dist loadfile -q

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint ptp/templates --lint --quiet

fix: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(VENV)/.dev-installed
	$(VENV)/bin/mypy ptp config

check: lint typecheck
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings_prod \
	DJANGO_SECRET_KEY=check-deploy-$$(printf '%0.sx' $$(seq 1 60)) \
	PTP_ACCESSIBILITY_STATEMENT_URL=https://form.agid.gov.it/view/00000000-0000-0000-0000-000000000000 \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.dev-installed
	$(PY) bench/run_all.py

lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile requirements/base.in -o requirements/base.txt --generate-hashes --python-version 3.12 --quiet
	$(VENV)/bin/uv pip compile requirements/dev.in -o requirements/dev.txt --generate-hashes --python-version 3.12 --quiet

clean:
	rm -rf $(VENV) var

# clusteranalysis: `make help` lists the targets. Every target sets up what it needs,
# so `make report` and `make test` work on a fresh clone.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AIRFLOW_VENV := .venv-airflow

.PHONY: help setup browser data report test test-fast lint lab bench bench-tests clean airflow-3 airflow-2 airflow-lock

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip==25.3
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the package with its dev tools (pinned)

# The browser tests (the report's pages; JupyterLab, driven by Playwright) use Debian's
# chromium. The report's checks that Japanese renders, so it needs a Japanese font: when there
# is none, the small IPA Gothic (3.5 MB; fonts-noto-cjk, the one to read with, is 56 MB).
browser: ## install Debian's chromium and a Japanese font for the headless-browser tests, if missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
	  || { echo "could not install chromium: run 'apt-get install chromium' as root"; exit 1; }; }
	@test -n "$$(fc-list :lang=ja family 2>/dev/null)" || { \
	  echo "installing a Japanese font (Debian's fonts-ipafont-gothic) for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends fontconfig fonts-ipafont-gothic) >/dev/null \
	  || { echo "no Japanese font: run 'apt-get install fonts-noto-cjk' as root"; exit 1; }; }

data: $(STAMP) ## rebuild data/processed from data/raw
	$(VENV)/bin/clusteranalysis build

report: data ## run every notebook in reports.toml into reports/ (incremental)
	$(VENV)/bin/clusteranalysis report

# Lint first (a slip shows before the Airflow install), then one pytest session runs every
# layer, the committed notebooks under nbval and the Airflow 3 tests (-m "" lifts pyproject's
# "not airflow"), so the two workers share the work to the end; --dist loadscope keeps each
# notebook's nbval cells, in order, on one worker.
test: $(STAMP) browser ## lint, unit, table, notebook (nbval), report and Airflow 3 tests
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory $(AIRFLOW_VENV)-3/.package
	AIRFLOW_VENV=$(AIRFLOW_VENV)-3 $(VENV)/bin/pytest -n 2 --dist loadscope --durations=15 \
	  -m "" --nbval-lax tests notebooks

# Captions and findings cite the rows' source and line: a line number or a document's file
# name typed into the studies or the presentation code would go stale silently.
TYPED_CITATION := lines? [0-9]{1,4}\b|[0-9]{3}_[0-9a-f]{16}

test-fast: $(STAMP) ## the unit and data layers only (about a minute): lint, then pytest -m "not slow"
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest -n 2 -m "not slow and not airflow" tests/unit tests/data

lint: $(STAMP) ## ruff, the layers' import contract (import-linter), no typed-in citations
	$(VENV)/bin/ruff check src tests benchmarks deploy
	$(VENV)/bin/lint-imports --no-cache
	@! grep -rnE '$(TYPED_CITATION)' src/clusteranalysis/studies src/clusteranalysis/present \
	  || { echo "lint: a line number or file name typed in studies/ or present/ (above):" \
	       "cite the rows' source and line instead"; exit 1; }

# JupyterLab refuses to run as root unless told: allowed only when the user is root (a
# container). It serves the repository's folder, so runs/ (the README's papermill runs) and
# reports/ are in its file browser beside notebooks/, and opens the start-here notebook;
# news_url=None: no "get notified about Jupyter news?" pop-up over the notebook.
# LAB_ARGS passes more options (LAB_ARGS="--port=9999 --no-browser").
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_ARGS ?=

lab: $(STAMP) ## open JupyterLab on the repository, at notebooks/00_start_here.ipynb
	@$(if $(LAB_ROOT_FLAG),echo "make lab: running as root (a container?): JupyterLab starts with --allow-root")
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.news_url=None \
	  $(LAB_ROOT_FLAG) $(LAB_ARGS) \
	  notebooks/00_start_here.ipynb

bench: data ## time the report against a sequential papermill loop
	$(PY) benchmarks/report.py

bench-tests: $(STAMP) ## time make test-fast and make test against their goals (60 s, 5 min)
	$(PY) benchmarks/tests.py

clean: ## remove the virtual environments and reports (data/processed is kept: it is committed)
	rm -rf $(VENV) $(AIRFLOW_VENV)-3 $(AIRFLOW_VENV)-2 reports

# --- Airflow: the tests against a real Airflow (tests/airflow/, pytest marker `airflow`) --------
# .venv-airflow-N holds Airflow N and its papermill provider, pinned by constraints.txt plus
# deploy/constraints-airflow-N.txt, and the package installed as a worker installs it
# (docs/airflow.md, "Deploying it"): deploy/env_constraints.py keeps every installed package
# at its version. The environment is rebuilt only when those files change; the package alone
# is reinstalled when it changes.
PAPERMILL_PROVIDER ?= $(shell sed -n 's/^apache-airflow-providers-papermill==//p' deploy/constraints-airflow-3.txt)
AIRFLOW_3 ?= $(shell sed -n 's/^apache-airflow==//p' deploy/constraints-airflow-3.txt)
AIRFLOW_2 ?= $(shell sed -n 's/^apache-airflow==//p' deploy/constraints-airflow-2.txt)
PACKAGE_FILES := pyproject.toml $(shell find src -type f -not -path '*/__pycache__/*' -not -path '*.egg-info/*')

$(AIRFLOW_VENV)-%/.airflow: constraints.txt deploy/constraints-airflow-%.txt
	rm -rf $(AIRFLOW_VENV)-$*
	$(PYTHON) -m venv $(AIRFLOW_VENV)-$*
	$(AIRFLOW_VENV)-$*/bin/pip install --quiet --upgrade pip==25.3
	$(AIRFLOW_VENV)-$*/bin/pip install --quiet -c constraints.txt -c deploy/constraints-airflow-$*.txt \
	  apache-airflow apache-airflow-providers-papermill
	touch $@

# the worker install of docs/airflow.md (pip reinstalls a local folder each time)
$(AIRFLOW_VENV)-%/.package: $(AIRFLOW_VENV)-%/.airflow deploy/env_constraints.py $(PACKAGE_FILES)
	$(AIRFLOW_VENV)-$*/bin/python deploy/env_constraints.py constraints.txt > $(AIRFLOW_VENV)-$*/worker-constraints.txt
	$(AIRFLOW_VENV)-$*/bin/pip install --quiet -c $(AIRFLOW_VENV)-$*/worker-constraints.txt .
	$(AIRFLOW_VENV)-$*/bin/pip check
	touch $@

# make would delete these stamps as intermediate files of the pattern chain
.PRECIOUS: $(AIRFLOW_VENV)-%/.airflow $(AIRFLOW_VENV)-%/.package

airflow-3: $(STAMP) $(AIRFLOW_VENV)-3/.package ## Airflow 3 tests in a cached .venv-airflow-3 (make test runs them)
	AIRFLOW_VENV=$(AIRFLOW_VENV)-3 $(VENV)/bin/pytest -m airflow tests/airflow

airflow-2: $(STAMP) $(AIRFLOW_VENV)-2/.package ## the same tests on Airflow 2.11 (.venv-airflow-2)
	AIRFLOW_VENV=$(AIRFLOW_VENV)-2 $(VENV)/bin/pytest -m airflow tests/airflow

airflow-lock: $(STAMP) ## re-resolve deploy/constraints-airflow-{3,2}.txt (AIRFLOW_3=, AIRFLOW_2=, PAPERMILL_PROVIDER=)
	$(PY) -m tests.airflow.pins $(AIRFLOW_3) $(PAPERMILL_PROVIDER) deploy/constraints-airflow-3.txt
	$(PY) -m tests.airflow.pins $(AIRFLOW_2) $(PAPERMILL_PROVIDER) deploy/constraints-airflow-2.txt

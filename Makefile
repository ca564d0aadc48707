# clusteranalysis: `make help` lists the targets. Every target sets up what it needs,
# so `make report` and `make test` work on a fresh clone.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help setup browser data report test lint lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip==25.3
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the package with its dev tools (pinned)

# The browser test checks that Japanese renders, so it needs a Japanese font: when there is
# none, the small IPA Gothic (3.5 MB; fonts-noto-cjk, the one to read with, is 56 MB).
browser: ## install Debian's chromium and a Japanese font for the headless-browser test, if missing
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

test: $(STAMP) browser ## lint, unit, table, notebook (nbval) and report tests
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/pytest -n 2 --dist loadscope
	$(VENV)/bin/pytest --nbval-lax notebooks/

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check src tests benchmarks

lab: $(STAMP) ## open JupyterLab on notebooks/
	$(VENV)/bin/jupyter lab notebooks/

bench: data ## time the report against a sequential papermill loop
	$(PY) benchmarks/report.py

clean: ## remove the virtual environment and reports (data/processed is kept: it is committed)
	rm -rf $(VENV) reports

# `make` installs what is missing and rebuilds all media; `make test` runs the tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: notebook variant all media test test-fast bench bench-notes serve lint system clean

all: media

media: system $(READY)
	$(BIN)/snakemake --cores all

test: system $(READY)
	$(BIN)/pytest

test-fast: $(READY)
	$(BIN)/pytest -m "not slow"

bench: system $(READY)
	$(BIN)/python bench/pipeline.py

bench-notes: $(READY)
	$(BIN)/python bench/notes_scan.py

# The site, live: a changed note or config.yaml rebuilds just the media it needs, then the page reloads.
DOCS ?=
serve: system $(READY)
	$(BIN)/python scripts/serve.py $(if $(DOCS),"$(DOCS)")

lint: $(READY)
	$(BIN)/snakemake --lint

system:
	@scripts/install-system-deps.sh

$(READY): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

clean:
	rm -rf output .snakemake

# JupyterLab on the notebook that changes a value and shows the new medium
# (gdmedia.notebook); JupyterLab itself is pinned apart, in requirements-notebook.lock.
notebook: system $(READY)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-notebook.lock
	$(BIN)/jupyter lab docs/notebook.ipynb

# A named variant of config.yaml (its `variants:` block) built beside the defaults,
# sharing what it does not change: make variant NAME=big-step
variant: media
	$(BIN)/python -m gdmedia.variants "$(NAME)"

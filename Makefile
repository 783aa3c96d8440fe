# `make` installs what is missing and rebuilds all media; `make test` runs the tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# The SLURM environment: .venv plus SLURM's executor plugin (requirements-slurm.lock).
# Kept apart so that a plain `snakemake` never loads that plugin (README: "Running on a cluster").
SLURM_VENV := .venv-slurm
SLURM_READY := $(SLURM_VENV)/.ready

.PHONY: notebook variant all media slurm slurm-env test test-fast bench bench-notes serve lint system clean

all: media

media: system $(READY)
	$(BIN)/snakemake --cores all

# In parallel, one worker per core (pytest-xdist); tests/conftest.py keeps what a session shares in one worker.
test: system $(READY) $(SLURM_READY)
	$(BIN)/pytest -n auto

# Every job its own SLURM job, from a login node: make slurm ARGS="--default-resources slurm_account=A slurm_partition=P"
slurm: system $(SLURM_READY)
	$(SLURM_VENV)/bin/snakemake --profile profiles/slurm $(ARGS)

slurm-env: $(SLURM_READY)

test-fast: $(READY)
	$(BIN)/pytest -n auto -m "not slow"

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
	@# What moved to the SLURM environment leaves this one (a venv made before the move still has it).
	$(BIN)/pip uninstall --quiet --disable-pip-version-check -y $$(sed -n 's/==.*//p' requirements-slurm.lock)
	touch $@

# .venv's packages plus SLURM's plugin, which a plain `snakemake` would load on every start
# (scripts/slurm_env.py says how; jobs run with the interpreter that submitted them).
$(SLURM_READY): requirements-slurm.lock scripts/slurm_env.py $(READY)
	rm -rf $(SLURM_VENV)
	$(BIN)/python scripts/slurm_env.py $(SLURM_VENV) requirements-slurm.lock
	touch $@

clean:
	rm -rf output .snakemake

# JupyterLab on the notebook that changes a value and shows the new medium
# (gdmedia.workflow.authoring.notebook); JupyterLab itself is pinned apart, in requirements-notebook.lock.
notebook: system $(READY)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-notebook.lock
	$(BIN)/jupyter lab docs/notebook.ipynb

# A named variant of config.yaml (its `variants:` block) built beside the defaults,
# sharing what it does not change: make variant NAME=big-step
variant: media
	$(BIN)/python -m gdmedia.workflow.authoring.variants "$(NAME)"

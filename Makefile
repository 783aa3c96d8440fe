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

test: system $(READY) $(SLURM_READY)
	$(BIN)/pytest

# Every job its own SLURM job, from a login node: make slurm ARGS="--default-resources slurm_account=A slurm_partition=P"
slurm: system $(SLURM_READY)
	$(SLURM_VENV)/bin/snakemake --profile profiles/slurm $(ARGS)

slurm-env: $(SLURM_READY)

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
	@# What moved to the SLURM environment leaves this one (a venv made before the move still has it).
	$(BIN)/pip uninstall --quiet --disable-pip-version-check -y $$(sed -n 's/==.*//p' requirements-slurm.lock)
	touch $@

# A venv whose own site-packages hold only requirements-slurm.lock's packages and
# which reads .venv's through a .pth file: same Python, same packages, plus the plugin.
# Jobs run with the interpreter that submitted them, so they find the plugin too.
$(SLURM_READY): requirements-slurm.lock $(READY)
	rm -rf $(SLURM_VENV)
	$(BIN)/python -m venv --without-pip $(SLURM_VENV)
	$(SLURM_VENV)/bin/python -c 'import pathlib, sys, sysconfig; \
	  pathlib.Path(sysconfig.get_path("purelib"), "gdmedia-venv.pth").write_text(f"import site; site.addsitedir({sys.argv[1]!r})\n")' \
	  "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps \
	  --target "$$($(SLURM_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" \
	  -r requirements-slurm.lock
	printf '#!/bin/sh\n# snakemake with the SLURM plugin (Makefile: $(SLURM_READY))\nexec "$$(dirname "$$0")/python" -m snakemake "$$@"\n' \
	  > $(SLURM_VENV)/bin/snakemake
	chmod +x $(SLURM_VENV)/bin/snakemake
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

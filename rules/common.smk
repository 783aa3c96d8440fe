# Helpers that hand config to rules (through params:) and name rule inputs.

import re
from pathlib import Path

from gdmedia.config import FIGURE_KINDS


# Core and rendering modules, declared as inputs so that editing one reruns
# exactly the jobs whose maths or drawing it holds.
SHARED_CORE = [
    f"src/gdsim/{name}.py"
    for name in ("__init__", "errors", "optimizers", "descent", "simulate")
]
KIND_CORE = {
    "regression": ["src/gdsim/data.py", "src/gdsim/regression.py"],
    "surface": ["src/gdsim/surfaces.py"],
}
SIM_GLUE = ["src/gdmedia/config.py", "src/gdmedia/traces.py"]
RENDER_MODULES = [
    f"src/gdmedia/{name}.py"
    for name in ("style", "gif", "frames", "animate", "options", "runner", "traces")
]
# Core modules each figure imports to draw what is not in the trace (contours).
FIGURE_CORE = {
    "lr_gd": ["src/gdsim/regression.py"],
    "gd_multi_modal": ["src/gdsim/surfaces.py"],
}


def one_of(names):
    """A wildcard constraint matching exactly these names (or nothing)."""
    return "|".join(re.escape(n) for n in sorted(names)) or "(?!)"


def simulation_names():
    return list(config["simulations"])


def figure_media():
    return [name for name, m in config["media"].items() if m["figure"] in FIGURE_KINDS]


def all_media():
    return expand("output/{medium}.gif", medium=sorted(config["media"]))


def simulation_modules(wildcards):
    kind = "regression" if "regression" in simulation_config(wildcards) else "surface"
    return SHARED_CORE + KIND_CORE[kind] + SIM_GLUE


def simulation_config(wildcards):
    return config["simulations"][wildcards.sim]


def medium_config(wildcards):
    return config["media"][wildcards.medium]


def medium_trace(wildcards):
    return f"output/sims/{config['media'][wildcards.medium]['simulation']}.npz"


def medium_figure(wildcards):
    return config["media"][wildcards.medium]["figure"]


def medium_modules(wildcards):
    return RENDER_MODULES + FIGURE_CORE[medium_figure(wildcards)]

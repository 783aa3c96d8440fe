"""A scene run by hand (``manim -ql scenes/x.py X``): its checkout, its config, a trace that matches.

Under Snakemake a scene is handed its trace and options.  Run with ``manim``
alone, it needs the same from somewhere, safely:

- the checkout is the one the scene file lives in (``<checkout>/scenes/x.py``),
  not the one the virtualenv happens to have installed, and its ``config.yaml``;
- the trace on disk is used only if the parameters it was built with (recorded
  in its ``.json``) equal what that config asks for now; a stale, missing or
  damaged trace is simulated again and written where Snakemake keeps it;
- Manim's own files (partial movies, TeX and text caches, the final video) go
  under ``output/manim/`` of that checkout, never a ``media/`` folder in it.

This is workflow glue: it simulates.  A ``TracedScene`` Manim makes with no
trace names this module (``gdmedia.scene_kit.kit.BY_HAND``) and calls
``inputs``: the drawing kit imports nothing from here, and no Snakemake job
runs it.
"""

from __future__ import annotations

import json
from pathlib import Path

MANIM_DIR = Path("output") / "manim"


def checkout_of(scene_file: str | Path) -> Path:
    """The checkout a scene file belongs to (``<checkout>/scenes/x.py``), not the installed one."""
    from gdmedia.workflow.authoring.workspace import find_checkout

    return find_checkout(Path(scene_file).resolve().parent)


def _canonical(block: dict) -> str:
    return json.dumps(block, sort_keys=True, default=str)


def is_current(npz: Path, block: dict) -> bool:
    """Whether the trace at ``npz`` was built from exactly ``block`` (and can be read)."""
    from gdtrace.files import TraceError, load_summary

    if not npz.is_file():
        return False
    try:
        return _canonical(load_summary(npz.with_suffix(".json"))["parameters"]) == _canonical(block)
    except (TraceError, OSError, KeyError):
        return False


def trace_for(root: Path, config: dict, name: str):
    """The trace ``name`` as ``config`` asks for it: read if current, else simulated and saved."""
    from gdsim.simulate import simulate

    from gdmedia.workflow.settings.config import simulation_spec
    from gdmedia.workflow.settings.sweeps import trace_ids
    from gdtrace.files import TraceError, load, save_npz

    from gdmedia.workflow.jobs.traces import save_json

    block = trace_ids(config)[name]
    npz = root / "output" / "sims" / f"{name}.npz"
    if is_current(npz, block):
        try:
            return load(npz)
        except TraceError:
            pass  # damaged: simulate it again below
    trace = simulate(simulation_spec(block))
    npz.parent.mkdir(parents=True, exist_ok=True)
    save_npz(trace, npz)
    save_json(block, trace, npz.with_suffix(".json"))
    return trace


def inputs(scene_file: str | Path, script: str):
    """(trace, options, found) for a scene run by hand, from its checkout's config, the facts those
    written beside the trace; Manim's files kept in output/."""
    from gdmedia.workflow.settings.config import load_config
    from gdmedia.base.options import SceneOptions

    root = checkout_of(scene_file)
    keep_manim_files_in(root)
    config = load_config(root / "config.yaml")
    for medium in config["media"].values():
        if medium.get("scene") == script:
            from gdtrace.files import load_facts

            sims = root / "output" / "sims"
            trace = trace_for(root, config, medium["simulation"])
            found = load_facts(sims / f"{medium['simulation']}.npz")
            if medium.get("compare_with"):
                trace = (trace, trace_for(root, config, medium["compare_with"]))
                found = (found, load_facts(sims / f"{medium['compare_with']}.npz"))
            return trace, SceneOptions.from_mapping(medium), found
    raise LookupError(f"no medium in {root / 'config.yaml'} uses the scene {script!r}")


def keep_manim_files_in(root: Path) -> None:
    """Point Manim's media folder at ``output/manim/`` of the checkout (only for a run by hand)."""
    from manim import config as manim_config

    if Path(manim_config.media_dir) == Path("media") or not Path(manim_config.media_dir).is_absolute():
        manim_config.media_dir = str(root / MANIM_DIR)
        # Manim's own templates, set again: the command line has already resolved some from ./media.
        manim_config.video_dir = "{media_dir}/videos/{module_name}/{quality}"
        manim_config.images_dir = "{media_dir}/images/{module_name}"
        manim_config.partial_movie_dir = "{video_dir}/partial_movie_files/{scene_name}"
        manim_config.tex_dir = "{media_dir}/Tex"
        manim_config.text_dir = "{media_dir}/texts"

# Helpers that hand config to rules (through params:) and name rule inputs.

import functools
import hashlib
import json
import os
import re
from pathlib import Path

from snakemake.logging import logger

from snakemake.exceptions import WorkflowError

from gdmedia.workflow.jobs import interpreter, resources
from gdmedia.workflow.jobs import registry
from gdmedia.workflow.settings.config import kind
from gdmedia.notes import notes as note_files, scan, unused
from gdmedia.notes.manifest import refuse_overwrites
from gdmedia.workflow.settings.sweeps import is_sweep, trace_ids, traces_of
from gdtrace.files import damage, set_aside


# What each script is (kind, still, sweep) is declared in the script; its code
# inputs are what it imports (gdmedia.workflow.jobs.registry), so that editing one module
# reruns exactly the jobs whose code reaches it.  The parsed imports are cached
# beside Snakemake's own state, not among the outputs.
CHECKOUT = Path(workflow.basedir)
CODE = registry.code_table(CHECKOUT, cache=REGISTRY_CACHE)
FIGURES = registry.figures(CHECKOUT)
SCENES = registry.scenes(CHECKOUT)

interpreter.export()  # $GDMEDIA_PYTHON: what a one-line shell that starts a script runs it with


# The config is final once the Snakefile has checked it, and Snakemake calls input
# functions and params for every job (params twice): what they look up in the
# sweeps (each member a deep copy of its block) is worked out once, here.
TRACE_IDS = trace_ids(config)  # trace id → its simulation block
SIM_TRACES = {name: traces_of(config, name) for name in config["simulations"]}  # in config order
SIM_IS_SWEEP = {name: is_sweep(sim) for name, sim in config["simulations"].items()}
SCENE_TRACE_IDS = {m[key] for m in config["media"].values() if m.get("scene")
                   for key in ("simulation", "compare_with") if m.get(key)}


# What the notes' jobs ask a scheduler for on their first attempt: memory in MB
# and wall time in minutes.  Simulations and renders ask for what their config
# needs (``gdmedia.workflow.jobs.resources``), times the attempt, so a job killed for memory
# or time (profiles set `retries`) gets more.
FIRST_ATTEMPT = {
    "place": {"mem_mb": 100, "runtime": 2},
    "gallery": {"mem_mb": 500, "runtime": 2},
    "site": {"mem_mb": 1000, "runtime": 5},
}


def request(rule, resource):
    """A job's fixed request for ``resource``."""
    return FIRST_ATTEMPT[rule][resource]


def _estimate(job_kind, wildcards):
    if job_kind == "simulate":
        return resources.simulation(simulation_config(wildcards))
    medium = config["media"][wildcards.medium]
    return resources.scene(medium) if job_kind == "scene" else resources.figure(medium, still=job_kind == "still")


def estimated(rule, resource):
    """A job's request for ``resource`` (mem_mb or runtime), from its config, times the attempt."""
    field = {"mem_mb": "mem_mb", "runtime": "runtime_min"}[resource]

    def with_attempt(wildcards, attempt):
        return getattr(_estimate(rule, wildcards), field) * attempt

    return with_attempt


def job_limits():
    """config's ``machine`` block, lowered to ``--resources mem_mb`` when given: Snakemake would
    silently clip a bigger request to that and run the job anyway."""
    limits = {**config["machine"], "mem_from": "machine.mem_mb"}
    given = workflow.global_resources.get("mem_mb")
    given = getattr(given, "value", given)  # Snakemake wraps it in a Resource
    if isinstance(given, (int, float)) and not isinstance(given, bool):
        if given < limits["mem_mb"]:
            limits.update(mem_mb=int(given), mem_from="--resources mem_mb")
    return limits


def refuse_oversized_jobs():
    """Before any job: every simulation and medium fits one machine, or the run is refused with the estimate."""
    limits = job_limits()
    estimates = [(f"config.simulations.{' member '.join(Path(name).parts)}", resources.simulation(sim))
                 for name, sim in TRACE_IDS.items()]
    for name, medium in config["media"].items():
        if "scene" in medium:
            estimates.append((f"config.media.{name}", resources.scene(medium)))
        else:
            estimates.append((f"config.media.{name}", resources.figure(medium, still=FIGURES[medium["figure"]].still)))
    refusals = [r for r in (resources.refusal(where, e, limits) for where, e in estimates) if r]
    if refusals:
        raise WorkflowError("\n".join(refusals))


refuse_oversized_jobs()


def one_of(names):
    """A wildcard constraint matching exactly these names (or nothing)."""
    return "|".join(re.escape(n) for n in sorted(names)) or "(?!)"


def simulation_names():
    """Every trace id: a simulation's name, or name/member for each member of a sweep."""
    return list(TRACE_IDS)


def figure_media():
    """Media drawn by an animated figure."""
    return [name for name, m in config["media"].items() if m.get("figure") in FIGURES and not FIGURES[m["figure"]].still]


def still_media():
    return [name for name, m in config["media"].items() if m.get("figure") in FIGURES and FIGURES[m["figure"]].still]


def scene_media():
    return [name for name, m in config["media"].items() if m.get("scene") in SCENES]


def all_media():
    """Every file the media make: animations' GIF and last frame, stills' PNG and SVG, scenes' MP4, GIF and poster."""
    files = expand("output/{medium}.{ext}", medium=sorted(figure_media()), ext=["gif", "png"])
    files += expand("output/{medium}.{ext}", medium=sorted(still_media()), ext=["png", "svg"])
    return files + expand("output/{medium}.{ext}", medium=sorted(scene_media()), ext=["mp4", "gif", "png"])


def simulation_modules(wildcards):
    """The simulation script's import closure and that of the module owning the simulation's kind."""
    return CODE[f"simulate:{kind(simulation_config(wildcards))}"]


def simulation_config(wildcards):
    return TRACE_IDS[wildcards.sim]


def simulation_json(wildcards):
    """The simulation's completed config block as one JSON argument (scripts/simulate.py reads it)."""
    return json.dumps(simulation_config(wildcards), sort_keys=True)


def _executing():
    """This is the run that executes jobs: not a dry run, --touch, or a job's own process."""
    return (getattr(workflow, "executor_plugin", None) is not None and workflow.is_main_process
            and not workflow.dryrun and not workflow.touch)


def trace_damage(wildcards):
    """'' unless the built trace cannot be read.  A run that executes jobs sets the damaged file
    aside (``<name>.damaged``), so its output is missing and ``simulate`` rebuilds it; a dry run
    returns the reason instead, which differs from the params the trace was built with, so
    Snakemake's params trigger lists the rebuild without anything being moved."""
    damaged = damage(f"output/sims/{wildcards.sim}.npz")
    if damaged is None:
        return ""
    if _executing():
        logger.warning(f"{damaged}; set aside as {set_aside(damaged)}, this run rebuilds it")
        return ""
    logger.warning(f"{damaged}; a run rebuilds it")
    return str(damaged)


# What a medium's config says about it rather than draws: editing these reruns
# no render (the gallery and the report read them from the config).
DESCRIBING = ("caption", "alt")
# How many jobs render a scene changes no byte of it (src/gdmedia/scene_kit/segments.py): not a render option either.
NOT_DRAWN = DESCRIBING + ("segments",)


def medium_config(wildcards):
    """The medium's render options: its config block less what only describes it or splits its work."""
    return {k: v for k, v in config["media"][wildcards.medium].items() if k not in NOT_DRAWN}


def medium_trace(wildcards):
    """The medium's trace, or every trace of its sweep, in config order."""
    return [f"output/sims/{t}.npz" for t in SIM_TRACES[config["media"][wildcards.medium]["simulation"]]]


def medium_facts(wildcards):
    """The facts its simulation wrote beside each trace (.json), which the figure says, never measures."""
    return [path.removesuffix(".npz") + ".json" for path in medium_trace(wildcards)]


def medium_is_sweep(wildcards):
    return SIM_IS_SWEEP[config["media"][wildcards.medium]["simulation"]]


def medium_figure(wildcards):
    return config["media"][wildcards.medium]["figure"]


def medium_figure_script(wildcards):
    """The figure module the medium names, which scripts/figure.py draws."""
    return FIGURES[medium_figure(wildcards)].path


def medium_scene(wildcards):
    return config["media"][wildcards.medium]["scene"]


def medium_modules(wildcards):
    """The figure script's import closure and that of the module owning the kind it draws."""
    return CODE[f"figure:{medium_figure(wildcards)}"]


def medium_scene_script(wildcards):
    """The scene module the medium names, which scripts/scene.py renders."""
    return SCENES[medium_scene(wildcards)].path


def scene_modules(wildcards):
    """The scene script's import closure and that of the module owning the kind it draws."""
    return CODE[f"scene:{medium_scene(wildcards)}"]


def scenes_first(wildcards):
    """A simulation's priority: 1 (a scene's, see rules/scenes.smk) when a scene draws its trace.
    The scenes, the longest jobs, then start within seconds of each other, and the short
    figure jobs fill the cores at the end instead of a scene running alone."""
    return int(wildcards.sim in SCENE_TRACE_IDS)


def scene_traces(wildcards):
    """The scene's trace, and the one it compares with when its config names one; and the facts written
    beside each (.json), which the scene says, never measures."""
    medium = config["media"][wildcards.medium]
    traces = {"trace": f"output/sims/{medium['simulation']}.npz", "facts": f"output/sims/{medium['simulation']}.json"}
    if medium.get("compare_with"):
        traces["compare"] = f"output/sims/{medium['compare_with']}.npz"
        traces["compare_facts"] = f"output/sims/{medium['compare_with']}.json"
    return traces


@functools.cache
def media_products():
    """Medium name → the file extensions it makes (asked by every rendition job's input functions: made once)."""
    made = {}
    for path in all_media():
        name, ext = Path(path).name.rsplit(".", 1)
        made.setdefault(name, set()).add(ext)
    return made


# Notes drive the build.  The notes folder (config's `docs`) is read once per
# invocation; a bad reference stops the run here, before any job.
DOCS_ROOT = Path(config["docs"]).resolve()
# Placed paths are relative to the checkout when the notes live inside it, so
# that `snakemake docs/media/lr_gd.gif` names the placed file.
DOCS_PREFIX = (
    DOCS_ROOT.relative_to(Path.cwd().resolve()).as_posix()
    if DOCS_ROOT.is_relative_to(Path.cwd().resolve()) and DOCS_ROOT != Path.cwd().resolve()
    else str(DOCS_ROOT)
)
# One manifest twin per notes folder: placing another folder's media leaves this one's up to date.
PLACED_MANIFEST = f"output/docs/placed-{hashlib.sha1(DOCS_PREFIX.encode()).hexdigest()[:12]}.json"


def built_medium(embed):
    return Path(f"output/{embed.medium}.{embed.extension}")


def docs_embeds():
    """What the notes in config's `docs` folder embed; refused here, before any job, if a reference is bad."""
    embeds = scan(DOCS_ROOT, media_products(), cache="output/docs/scan-cache.json")
    refuse_overwrites(DOCS_ROOT, embeds, built_medium)
    idle = unused(embeds, sorted(config["media"]))
    if idle:
        logger.warning(f"Media no note in {config['docs']} embeds: {', '.join(idle)}")
    return embeds


EMBEDS = {e.target.relative_to(DOCS_ROOT).as_posix(): e for e in docs_embeds()}


def placed_pattern():
    """The ``place`` rule's output pattern; braces in the folder's own path are literal, not wildcards."""
    return os.path.join(DOCS_PREFIX.replace("{", "{{").replace("}", "}}"), "{placed}")


def placed_files():
    return [f"{DOCS_PREFIX}/{placed}" for placed in sorted(EMBEDS)]


def placed_docs():
    """Every placed copy, and the manifest that records them (and removes copies no note embeds now)."""
    return placed_files() + [PLACED_MANIFEST]


def placed_source(wildcards):
    return str(built_medium(EMBEDS[wildcards.placed]))


def placed_keep(wildcards):
    """Placed path (relative to the notes folder) → the medium it copies, for the manifest."""
    return {placed: str(built_medium(embed)) for placed, embed in sorted(EMBEDS.items())}


def docs_root(wildcards):
    """The notes folder as rules see it: relative inside the checkout, so a moved checkout reruns nothing."""
    return DOCS_PREFIX


# The notes the site is built from: every note of the folder (its placed media come from `placed_docs`).
DOCS_NOTES = [str(p) for p in note_files(DOCS_ROOT)]
PROJECT_DOCS = DOCS_ROOT == Path("docs").resolve()


def site_extras(wildcards):
    """The gallery and every medium it shows: the project's own site only (another folder's has its own media)."""
    return ["output/gallery.md", *all_media()] if PROJECT_DOCS else []


def all_media_config(wildcards):
    return config["media"]


def _values(value):
    return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in (value if isinstance(value, list) else [value]))


def report_labels(wildcards):
    """A medium's labels in the report: its simulation and that simulation's key parameters."""
    medium = config["media"][wildcards.medium]
    sim = config["simulations"][medium["simulation"]]
    optimizers = sim["optimizer"] if isinstance(sim["optimizer"], list) else [sim["optimizer"]]
    rates = [o["learning_rate"] for o in optimizers]
    return {
        "medium": wildcards.medium,
        "simulation": medium["simulation"],
        "problem": kind(sim) if kind(sim) == "regression" else f"{kind(sim)} {sim[kind(sim)]['name']}",
        "optimizer": _values([o["name"] for o in optimizers]),
        "learning rate": ", ".join(_values(r) for r in rates),
        "max steps": str(sim["stop"]["max_steps"]),
    }


# Scenes rendered in segments (rules/scenes.smk, src/gdmedia/scene_kit/segments.py).
def scene_segments(wildcards):
    return int(config["media"][wildcards.medium].get("segments", 1))


def segmented_media():
    return [name for name in scene_media() if config["media"][name].get("segments", 1) > 1]


def single_media():
    return [name for name in scene_media() if name not in segmented_media()]


def scene_code(wildcards):
    """The scene's script, which a segment job imports (its own script is scripts/scene_part.py)."""
    return f"scenes/{medium_scene(wildcards)}.py"


def segment_modules(wildcards):
    """A segment or join job's code: scripts/scene_part.py's import closure and its scene script's."""
    return CODE[f"segment:{medium_scene(wildcards)}"]


def segment_files(kind):
    def files(wildcards):
        return [f"output/segments/{wildcards.medium}/{i}.{kind}" for i in range(scene_segments(wildcards))]

    return files

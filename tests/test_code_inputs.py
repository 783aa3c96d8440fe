"""Code inputs follow the contract: an edit reruns what runs that code, and nothing else.

One table over the modules: for each, the jobs whose code it is (``gdmedia.workflow.jobs.registry.code_table``,
the import closures the rules take as inputs).  A figure draws a loaded trace and the facts
written beside it, so the core's simulation is never a figure's or a scene's code; a simulation draws
nothing and reads no config checking; the trace contract is everyone's.
"""

import pytest

from conftest import ROOT
from gdmedia.workflow.jobs import registry

TABLE = registry.code_table(ROOT)
JOB_KINDS = ("figure", "scene", "segment", "simulate")


def rerun_by(module: str) -> set[str]:
    """The kinds of job (figure, scene, segment, simulate) an edit of ``module`` reruns."""
    return {job.split(":")[0] for job, files in TABLE.items() if module in files}


def jobs_of(module: str) -> set[str]:
    return {job for job, files in TABLE.items() if module in files}


@pytest.mark.parametrize("module, reruns", [
    # the trace contract: every job reads or writes traces
    ("src/gdtrace/types.py", {"figure", "scene", "segment", "simulate"}),
    ("src/gdtrace/files.py", {"figure", "scene", "segment", "simulate"}),
    # the core's simulation: simulations only; a figure or scene draws what they wrote
    ("src/gdsim/optimizers.py", {"simulate"}),
    ("src/gdsim/descent.py", {"simulate"}),
    ("src/gdsim/starts.py", {"simulate"}),
    ("src/gdsim/kinds/regression.py", {"simulate"}),
    ("src/gdsim/simulate.py", {"simulate"}),
    # a scene run by hand with Manim finds its inputs through standalone, which no job runs
    ("src/gdmedia/workflow/authoring/standalone.py", set()),
    ("src/gdmedia/workflow/settings/config.py", set()),
    # the figure kit: figures only
    ("src/gdmedia/figure_kit/animate.py", {"figure"}),
    ("src/gdmedia/figure_kit/panels.py", {"figure"}),
    ("src/gdmedia/figure_kit/gif.py", {"figure"}),
    ("src/gdmedia/figure_kit/labels.py", {"figure"}),
    ("src/gdmedia/figure_kit/still.py", {"figure"}),
    # the scene kit: scenes only
    ("src/gdmedia/scene_kit/kit.py", {"scene", "segment"}),
    ("src/gdmedia/scene_kit/render.py", {"scene", "segment"}),
    ("src/gdmedia/scene_kit/live_number.py", {"scene", "segment"}),
    ("src/gdmedia/scene_kit/mobjects.py", {"scene", "segment"}),
    # the workflow's checking and the notes: no job's code
    ("src/gdmedia/workflow/settings/config_positions.py", set()),
    ("src/gdmedia/workflow/settings/overrides.py", set()),
    ("src/gdmedia/workflow/authoring/variants.py", set()),
    ("src/gdmedia/notes/quote.py", set()),
    ("src/gdmedia/workflow/jobs/resources.py", set()),
    ("src/gdmedia/notes/scan.py", set()),
    # what only the simulation job needs of the workflow
    ("src/gdmedia/workflow/settings/specs.py", {"simulate"}),
    ("src/gdmedia/workflow/jobs/traces.py", {"simulate"}),
])
def test_an_edit_reruns_exactly_the_jobs_whose_code_it_is(module, reruns):
    assert (ROOT / module).is_file(), module
    assert rerun_by(module) == reruns


def test_a_kinds_maths_reruns_only_that_kinds_simulations():
    for kind in registry.kind_modules(ROOT):
        module = f"src/gdsim/kinds/{kind}.py"
        simulations = {job for job in jobs_of(module) if job.startswith("simulate:")}
        assert simulations == {f"simulate:{kind}"}, module


def test_no_figure_or_scene_runs_a_simulation_or_reads_the_config():
    for job, files in TABLE.items():
        if job.startswith(("figure:", "scene:", "segment:")):
            assert not [f for f in files if f.startswith("src/gdsim/kinds/")], job
            assert not {"src/gdsim/optimizers.py", "src/gdsim/descent.py", "src/gdsim/facts.py",
                        "src/gdmedia/workflow/settings/config.py", "src/gdmedia/workflow/jobs/registry.py"} & set(files), job


def test_a_simulation_draws_nothing_and_reads_no_config_checking():
    for job, files in TABLE.items():
        if job.startswith("simulate:"):
            drawing = {"style", "animate", "gif", "panels", "still", "scene_kit", "options", "frames"}
            assert not [f for f in files if f.startswith("src/gdmedia/") and f.split("/")[-1][:-3] in drawing], job
            assert not {"src/gdmedia/workflow/settings/config.py", "src/gdmedia/workflow/jobs/registry.py", "src/gdmedia/workflow/settings/sweeps.py"} & set(files), job

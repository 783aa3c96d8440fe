"""The registry: scripts declare what they are, and a job's code inputs are what its script imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, snakemake
from gdmedia.workflow.jobs import registry
from gdmedia.workflow.jobs.registry import DeclarationError

FIGURE = '{imports}\n\nKIND = "k"\n{extra}\n\ndef draw(trace, options, found):\n    return None\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def bump(path: Path) -> None:
    """A later mtime, as an editor's save gives, even within the clock's resolution."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


@pytest.fixture
def tiny(tmp_path):
    """A checkout of a few modules: gdmedia.{a,b,c}, gdmedia.sub.{__init__,d}, a kind table with one kind."""
    write(tmp_path / "src/gdmedia/__init__.py", "")
    write(tmp_path / "src/gdmedia/a.py", "from . import b\n")
    write(tmp_path / "src/gdmedia/b.py", "def f():\n    from .sub.d import x\n")
    write(tmp_path / "src/gdmedia/c.py", "")
    write(tmp_path / "src/gdmedia/sub/__init__.py", "")
    write(tmp_path / "src/gdmedia/sub/d.py", "from ..c import y\nimport numpy\n")
    write(tmp_path / "src/gdsim/__init__.py", "")
    write(tmp_path / "src/gdsim/kinds/__init__.py", 'MODULES = {"k": "gdsim.kinds.k"}\n')
    write(tmp_path / "src/gdsim/kinds/k.py", "import gdsim.maths\n")
    write(tmp_path / "src/gdsim/maths.py", "")
    write(tmp_path / "figures/f.py", FIGURE.format(extra="", imports="import gdmedia.a"))
    return tmp_path


def test_closure_follows_from_relative_dotted_and_in_function_imports(tiny):
    assert registry.closure("figures/f.py", tiny) == (
        "figures/f.py", "src/gdmedia/__init__.py", "src/gdmedia/a.py", "src/gdmedia/b.py", "src/gdmedia/c.py",
        "src/gdmedia/sub/__init__.py", "src/gdmedia/sub/d.py",
    )


def test_code_inputs_add_the_kind_module_named_by_the_table(tiny):
    inputs = registry.code_inputs("figures/f.py", "k", tiny)
    assert {"src/gdsim/kinds/k.py", "src/gdsim/kinds/__init__.py", "src/gdsim/maths.py"} <= set(inputs)


def test_adding_an_import_is_all_it_takes(tiny):
    assert "src/gdsim/maths.py" not in registry.closure("src/gdmedia/c.py", tiny)
    write(tiny / "src/gdmedia/c.py", "from gdsim import maths\n")
    bump(tiny / "src/gdmedia/c.py")
    assert "src/gdsim/maths.py" in registry.closure("figures/f.py", tiny)


def test_declarations_are_read_not_run(tiny):
    write(tiny / "figures/g.py", FIGURE.format(extra="SWEEP = True\nSTILL = True", imports="raise SystemExit('never run')"))
    scripts = registry.figures(tiny)
    assert scripts["f"] == registry.Script("f", "figure", "figures/f.py", "k", still=False, sweep=False)
    assert scripts["g"].still and scripts["g"].sweep


@pytest.mark.parametrize("text, message", [
    ("def draw(trace, options, found):\n    pass\n", r"figures/f.py: no KIND = …; .*one of \['k'\]"),
    ('KIND = "nope"\ndef draw(trace, options, found):\n    pass\n', r"figures/f.py:1: KIND must be one of \['k'\], got 'nope'"),
    ('KIND = "k"\nSWEEP = "yes"\ndef draw(trace, options, found):\n    pass\n', r"figures/f.py:2: SWEEP must be True or False"),
    ('KIND = NAME\ndef draw(trace, options, found):\n    pass\n', r"figures/f.py:1: KIND must be a literal"),
    ('KIND = "k"\n', r"figures/f.py: no draw\(trace, options, found\)"),
])
def test_a_bad_declaration_is_named_with_its_file(tiny, text, message):
    write(tiny / "figures/f.py", text)
    bump(tiny / "figures/f.py")
    with pytest.raises(DeclarationError, match=message):
        registry.figures(tiny)


# -- the project's own scripts and core ----------------------------------------------
TABLE = registry.code_table(ROOT)
SCRIPTS = {**registry.figures(ROOT), **registry.scenes(ROOT)}


def jobs_of(kind: str) -> list[str]:
    """Every job key (script or simulation) that runs on ``kind``."""
    return [f"{s.role}:{n}" for n, s in SCRIPTS.items() if s.kind == kind] + [f"simulate:{kind}"]


def test_every_script_declares_a_kind_the_table_knows():
    from gdsim.kinds import MODULES

    assert SCRIPTS and {s.kind for s in SCRIPTS.values()} <= set(MODULES)
    assert registry.kind_modules(ROOT) == MODULES


def test_a_surface_edit_reruns_no_regression_job():
    for job in jobs_of("regression") + jobs_of("curve"):
        assert "src/gdsim/surfaces.py" not in TABLE[job], job
        assert "src/gdsim/kinds/surface.py" not in TABLE[job], job
    for job in jobs_of("surface"):
        assert "src/gdsim/surfaces.py" in TABLE[job], job


def test_a_regression_edit_reruns_the_jobs_whose_code_reaches_it():
    reaching = {job for job, files in TABLE.items() if "src/gdsim/regression.py" in files}
    assert set(jobs_of("regression")) <= reaching  # through the kind's module
    assert "figure:optimizer_race" in reaching  # a surface figure: panels draws regression contours too
    assert {"figure:gd_multi_modal", "simulate:surface", "simulate:curve"}.isdisjoint(reaching)


def test_a_scene_segment_runs_its_scene_and_the_segment_runner():
    for name, script in registry.scenes(ROOT).items():
        segment = set(TABLE[f"segment:{name}"])
        assert {script.path, "scripts/scene_part.py", "src/gdmedia/scene_kit/segments.py"} <= segment, name
        # whatever the one-job render runs, a segment runs too (but the one-job script itself)
        assert set(TABLE[f"scene:{name}"]) - {"scripts/scene.py"} <= segment, name


def test_stills_do_not_depend_on_the_animation_writer():
    for name, script in SCRIPTS.items():
        animation = {"src/gdmedia/figure_kit/animate.py", "src/gdmedia/figure_kit/gif.py"} & set(TABLE[f"{script.role}:{name}"])
        if script.still and name != "loss_surface":  # loss_surface draws with panels, which animate
            assert not animation, name
        if script.role == "figure" and not script.still:
            assert animation, name


def test_simulations_run_no_drawing_code():
    for kind in registry.kind_modules(ROOT):
        drawn = [f for f in TABLE[f"simulate:{kind}"] if Path(f).stem in
                 {"style", "animate", "gif", "panels", "still", "scene_kit", "scene_render", "chunks", "storyboard"}]
        assert not drawn, kind


@pytest.mark.parametrize("module", ["figure_kit/panels", "base/style", "figure_kit/animate", "figure_kit/gif",
                                    "base/frames", "base/storyboard", "figure_kit/still", "scene_kit/kit",
                                    "scene_kit/live_number", "base/options"])
def test_the_drawing_kit_reaches_no_simulation_or_glue(module):
    """Drawing helpers depend on core types, maths and style: nothing that simulates, reads config or files."""
    reached = registry.closure(f"src/gdmedia/{module}.py", ROOT)
    forbidden = {"src/gdsim/simulate.py", "src/gdsim/descent.py", "src/gdsim/optimizers.py",
                 "src/gdmedia/workflow/settings/config.py", "src/gdmedia/workflow/authoring/standalone.py", "src/gdmedia/workflow/jobs/traces.py",
                 "src/gdmedia/workflow/jobs/runner.py"}
    assert not forbidden & set(reached)
    assert not [f for f in reached if f.startswith("src/gdsim/kinds/")]


def test_dispatching_on_kind_imports_only_the_kind_asked_for():
    program = textwrap.dedent("""
        import sys
        import gdmedia.workflow.jobs.traces, gdmedia.workflow.settings.config, gdsim.facts, gdsim.simulate
        before = sorted(m for m in sys.modules if m.startswith(("gdsim.kinds.", "gdsim.surfaces", "gdsim.curves")))
        from gdsim.descent import StopRule
        from gdsim.kinds.curve import CurveSpec
        from gdsim.types import OptimizerSpec
        trace = gdsim.simulate.simulate(CurveSpec("parabola", 1.0, OptimizerSpec("gd", 0.1), StopRule(10, 0.0, 1, 1e6, 1)))
        gdsim.facts.facts(trace), gdmedia.workflow.jobs.traces.summary(trace)
        after = sorted(m for m in sys.modules if m.startswith(("gdsim.kinds.", "gdsim.surfaces", "gdsim.curves")))
        print(before, after)
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}).stdout
    assert out.strip() == "[] ['gdsim.curves', 'gdsim.kinds.curve']"


def test_code_table_cache_is_reused_and_survives_damage(tmp_path):
    cache = tmp_path / "registry-cache.json"
    first = registry.code_table(ROOT, cache=cache)
    assert cache.is_file() and first == TABLE
    kept = json.loads(cache.read_text())
    assert kept["imports"] and all(path.startswith(str(ROOT.resolve()) + os.sep) for path in kept["imports"])
    cache.write_text("{not json")
    assert registry.code_table(ROOT, cache=cache) == TABLE


@pytest.mark.slow
def test_snakemake_reruns_exactly_the_jobs_an_edit_reaches(tmp_path):
    """Built: a regression simulation with its still, and a surface simulation.  A surface edit reruns
    only the surface job; a regression-maths edit only the regression jobs."""
    project = copy_project(tmp_path / "project")
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    targets = ["output/final_fit.png", "output/sims/multi_modal.npz"]
    snakemake(project, "--cores", "1", *targets)

    def would_run(edited: str) -> set[str]:
        """The outputs a dry run plans to make after ``edited`` is changed (and then makes them)."""
        path = project / edited
        path.write_text(path.read_text() + "\n# an edit\n")
        bump(path)
        plan = snakemake(project, "-n", "--cores", "1", *targets).stdout
        snakemake(project, "--cores", "1", *targets)  # settle before the next edit
        return {line.split(":", 1)[1].split(",")[0].strip() for line in plan.splitlines()
                if line.strip().startswith("output:")}

    assert would_run("src/gdsim/surfaces.py") == {"output/sims/multi_modal.npz"}
    assert would_run("src/gdsim/regression.py") == {"output/sims/linreg.npz", "output/final_fit.png"}
    assert would_run("src/gdmedia/figure_kit/animate.py") == set()  # a still does not import the animation writer

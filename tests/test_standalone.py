"""A scene run by hand: its checkout's config, a trace that matches it, nothing written outside output/."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project
from gdmedia.workflow.settings.config import load_config
from gdmedia.workflow.authoring.standalone import checkout_of, is_current, trace_for


def test_the_checkout_is_the_one_the_scene_file_lives_in(tmp_path):
    project = copy_project(tmp_path / "elsewhere")
    assert checkout_of(project / "scenes" / "regression_fit.py") == project.resolve()
    assert checkout_of(ROOT / "scenes" / "regression_fit.py") == ROOT


def test_a_trace_is_reused_only_while_it_matches_the_config(tmp_path):
    project = copy_project(tmp_path / "p")
    config = load_config(project / "config.yaml")
    npz = project / "output" / "sims" / "valley.npz"
    first = trace_for(project, config, "valley")
    assert npz.is_file() and is_current(npz, config["simulations"]["valley"])
    made = npz.stat().st_mtime_ns
    trace_for(project, config, "valley")
    assert npz.stat().st_mtime_ns == made  # current: read, not simulated again
    changed = load_config(project / "config.yaml")
    changed["simulations"]["valley"]["optimizer"]["learning_rate"] *= 0.5
    assert not is_current(npz, changed["simulations"]["valley"])
    second = trace_for(project, changed, "valley")
    assert second.learning_rate == first.learning_rate * 0.5  # stale: simulated again
    npz.write_bytes(npz.read_bytes()[:100])  # damaged
    assert trace_for(project, changed, "valley").learning_rate == second.learning_rate


@pytest.mark.slow
def test_manim_alone_renders_from_the_checkout_and_writes_only_under_output(tmp_path):
    project = copy_project(tmp_path / "p")
    config = yaml.safe_load((project / "config.yaml").read_text())
    config["media"]["blindfolded_valley"].update(seconds=1.0, frames=4)
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    before = {p for p in project.rglob("*")}
    manim = str(Path(sys.executable).parent / "manim")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([manim, "-ql", "scenes/blindfolded_valley.py", "BlindfoldedValley"], cwd=project,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    new = {p.relative_to(project).parts[0] for p in set(project.rglob("*")) - before}
    assert new == {"output"}, new
    assert (project / "output" / "sims" / "valley.npz").is_file()
    assert list((project / "output" / "manim").rglob("*.mp4"))

"""Shared fixtures: the project's own config, its traces, and the figure modules."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from gdmedia.workflow.settings.config import figure_options, load_config, simulation_spec
from gdmedia.workflow.jobs.runner import import_script
from gdmedia.workflow.authoring.workspace import copy_project  # noqa: F401  (tests import it from here)
from gdsim.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]


# `make test` runs the suite in parallel (pytest-xdist, `-n`).  A worker is a session of its
# own, so what a session makes once must stay in one worker: the tests that use the built
# project, its SLURM build or the SLURM cluster that build runs on run in one worker, the
# tests of the scenes rendered once (scenecheck.render_full) in one, and the rest
# file by file, as a module's fixtures are made once per worker.  Each worker writes the group
# of every test it collected, from the test's real fixture closure; the controller's scheduler
# reads it.
SHARED_ONCE = ("built", "built_again", "slurm_cluster", "scene_root")


def worker_groups(items) -> dict[str, str]:
    """Node id → group: tests that need one of ``SHARED_ONCE`` (directly or through another
    fixture) share a group with every test needing any fixture they need; the rest, their file."""
    joined = {name: name for name in SHARED_ONCE}  # union-find over the shared fixtures

    def root(name: str) -> str:
        while joined[name] != name:
            name = joined[name]
        return name

    needs = {item.nodeid: [n for n in SHARED_ONCE if n in getattr(item, "fixturenames", ())] for item in items}
    for names in needs.values():
        for a, b in zip(names, names[1:]):
            joined[root(a)] = root(b)
    return {nodeid: root(names[0]) if names else nodeid.split("::", 1)[0] for nodeid, names in needs.items()}


def _groups_file(testrunuid: str) -> Path:
    import tempfile

    return Path(tempfile.gettempdir()) / f"gdmedia-test-groups-{testrunuid}.json"


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist") and config.getoption("testrunuid", None) is None:
        import uuid

        config.option.testrunuid = uuid.uuid4().hex  # the controller's, handed to every worker


def pytest_collection_modifyitems(config, items):
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return
    import json
    import os

    groups = worker_groups(items)
    target = _groups_file(workerinput["testrunuid"])
    partial = target.with_name(f"{target.name}.{workerinput['workerid']}")
    partial.write_text(json.dumps(groups))
    os.replace(partial, target)  # every worker collects the same tests: any one whole file will do


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's file-by-file scheduling, with the groups above as the files."""
    import json

    from xdist.scheduler import LoadScopeScheduling

    class SharedGroups(LoadScopeScheduling):
        groups: dict | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:  # asked only once every worker's collection has come in
                path = _groups_file(config.option.testrunuid)
                self.groups = json.loads(path.read_text())
                path.unlink(missing_ok=True)
            return self.groups[nodeid]

    return SharedGroups(config, log)


def pytest_unconfigure(config):
    # The scheduler removes the groups file once it has read it; a worker that xdist restarts
    # after a crash writes it again, and the controller removes that one at the end.
    testrunuid = getattr(config.option, "testrunuid", None)
    if testrunuid and getattr(config, "workerinput", None) is None:
        _groups_file(testrunuid).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def config() -> dict:
    """The project's config.yaml, checked and completed with defaults."""
    return load_config(ROOT / "config.yaml")


@pytest.fixture(scope="session")
def scene_root(tmp_path_factory):
    """Where the scenes rendered once per session (tests/scenecheck.py render_full) are written."""
    return tmp_path_factory.mktemp("scenes")


@pytest.fixture(scope="session")
def linreg_trace(config):
    return simulate(simulation_spec(config["simulations"]["linreg"]))


@pytest.fixture(scope="session")
def multi_modal_trace(config):
    return simulate(simulation_spec(config["simulations"]["multi_modal"]))


def load_script(relative: str):
    """Import a figure or scene script by path, as Snakemake would run it."""
    return import_script(ROOT / relative)


def options_for(config: dict, medium: str, **changes):
    """A medium's options from config, with some fields changed for a test."""
    return figure_options({**config["media"][medium], **changes})


def snakemake(cwd: Path, *args: str, check: bool = True):
    """Run the real snakemake CLI of this environment in ``cwd``."""
    import subprocess

    command = [str(Path(sys.executable).parent / "snakemake"), *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


SEGMENTED = "blindfolded_valley"  # the scene the small config renders in 2 segments


def small(config_text: str) -> dict:
    """The project config with short clips at low quality, so a full build takes seconds."""
    config = yaml.safe_load(config_text)
    for medium in config["media"].values():
        medium.update(frames=20, fps=10)
        if "scene" in medium:
            medium.update(quality="low", seconds=1.0, hold_s=0.5, frames=6)
    # One scene in segments, so every build of the small project also runs the segment and join jobs.
    config["media"][SEGMENTED].update(segments=2)
    return config


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The project at the small config, built once per session with --cores 2 (scenes side by side).

    Shared by every test that needs a built project (workflow, cluster, site, SLURM):
    a test that changes it works on ``copy_built(built, …)``.
    """
    project = copy_project(tmp_path_factory.mktemp("project"))
    (project / "config.yaml").write_text(yaml.safe_dump(small((ROOT / "config.yaml").read_text())))
    snakemake(project, "--cores", "2")
    return project


@pytest.fixture(scope="session")
def slurm_cluster(tmp_path_factory):
    """A running single-node SLURM cluster on this machine (tests/slurm/cluster.sh); the environment that reaches it."""
    from slurmcheck import running_cluster

    with running_cluster(tmp_path_factory.mktemp("slurm")) as env:
        yield env


class BuiltAgain(NamedTuple):
    project: Path
    requests: list  # (rule, mem_mb, runtime) of every job a dry run planned to submit
    jobs: list  # what SLURM recorded of them, read as soon as the build ended (it forgets after 5 minutes)


@pytest.fixture(scope="session")
def built_again(built, slurm_cluster, tmp_path_factory) -> BuiltAgain:
    """The same config as ``built`` built again from nothing on the SLURM test cluster: every job its own
    SLURM job, its own process, as on a real cluster.  The second build of the session, shared by the
    same-bytes tests (test_workflow) and the SLURM tests."""
    from slurmcheck import on_cluster, planned_requests, queue

    project = copy_project(tmp_path_factory.mktemp("again"))
    (project / "config.yaml").write_text((built / "config.yaml").read_text())
    requests = planned_requests(project)
    on_cluster(project, slurm_cluster)
    return BuiltAgain(project, requests, queue(slurm_cluster))


def copy_built(built: Path, destination: Path) -> Path:
    """A copy of a built project, outputs and Snakemake's records included, times kept: nothing reruns."""
    import shutil

    return Path(shutil.copytree(built, destination, symlinks=True))


def digests(project):
    return {
        str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((project / "output").rglob("*"))
        if p.suffix in {".npz", ".json", ".gif", ".png", ".mp4"}
    }


def sweep_traces(config: dict, simulation: str) -> list:
    """Every member of a sweep, simulated, in config order."""
    from gdmedia.workflow.settings.sweeps import members

    return [simulate(simulation_spec(m)) for m in members(config["simulations"][simulation]).values()]


def check_still(path: Path, options) -> None:
    """A PNG of the configured size, or an SVG that parses, with no date in it."""
    if path.suffix == ".png":
        from PIL import Image

        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (options.width_px, options.height_px)
    else:
        import xml.etree.ElementTree as ElementTree

        root = ElementTree.parse(path).getroot()
        assert root.tag.endswith("svg")
        assert "<dc:date>" not in path.read_text()

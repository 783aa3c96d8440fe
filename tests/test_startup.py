"""What a run that has nothing to do costs before it knows that: parsing the workflow.

Every `snakemake` call parses the Snakefile and rules/*.smk, checks the config
and scans the notes before it looks at a single output, so nothing heavy may
be imported on the way (the renderers are imported by the jobs' own scripts),
and what earlier runs parsed (script declarations, notes) is read back instead
of parsed again.  These tests check modules and parses, never times.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, copy_project
from gdmedia.workflow.jobs import registry

# Imported by the jobs that draw, never by planning them.
RENDERERS = ("matplotlib", "manim", "av", "scipy", "cairo", "moderngl")
# The SLURM executor plugin and what only it needs: in the SLURM environment (.venv-slurm) alone.
SLURM_ONLY = ("snakemake_executor_plugin_slurm", "snakemake_executor_plugin_slurm_jobstep", "pandas")
SLURM_CLIENTS = ("scontrol", "sinfo", "squeue", "sacct", "sbatch", "srun")
SLURM_ENV = ROOT / ".venv-slurm"
# The notes' Markdown reader: needed only when a note changed since the last run.
NOTE_PARSERS = ("markdown_it", "mdit_py_plugins")

PROBE = textwrap.dedent("""
    import atexit, gc, json, sys
    from snakemake.cli import main

    def record(path=sys.argv[1]):  # registered first, so it runs after the workflow's exit handlers
        with open(path, "w") as out:
            json.dump({"modules": sorted(sys.modules), "frozen": gc.get_freeze_count()}, out)

    atexit.register(record)
    sys.argv = ["snakemake", *sys.argv[2:]]
    main()
""")


def exit_of_dry_run(project, tmp_path, *args, python=sys.executable, env=None) -> dict:
    """What a real `snakemake -n` in ``project`` left at its exit: the modules it had imported, and how
    many objects its exit handlers had frozen (gdmedia.speed.quick_exit)."""
    record = tmp_path / "modules.json"
    result = subprocess.run([str(python), "-c", PROBE, str(record), "-n", *args], cwd=project,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return json.loads(record.read_text())


def modules_of_dry_run(project, tmp_path, *args, **how) -> set[str]:
    return set(exit_of_dry_run(project, tmp_path, *args, **how)["modules"])


def top_level(modules: set[str], names) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in names)


@pytest.mark.slow
def test_planning_the_workflow_imports_no_renderer_and_rereads_unchanged_notes(tmp_path):
    project = copy_project(tmp_path / "project")
    first = modules_of_dry_run(project, tmp_path)
    assert top_level(first, RENDERERS) == []
    assert top_level(first, NOTE_PARSERS)  # the notes were parsed once: the probe sees real work
    again = modules_of_dry_run(project, tmp_path)  # notes unchanged: known by their bytes
    assert top_level(again, RENDERERS) == [] and top_level(again, NOTE_PARSERS) == []


def test_a_cached_registry_answers_the_config_checks_without_parsing(tmp_path):
    """The Snakefile reads the registry cache before check_references asks for each medium's script:
    with it, no script is parsed again (ast) in a new process."""
    cache = tmp_path / "registry.json"
    # Written by a process of its own, as a run of the workflow writes it (this one may know
    # every file already from other tests, and then has nothing new to write).
    subprocess.run([sys.executable, "-c", f"from gdmedia.workflow.jobs import registry; registry.code_table({str(ROOT)!r}, "
                    f"cache={str(cache)!r})"], check=True)
    assert cache.is_file()
    program = textwrap.dedent(f"""
        from gdmedia.workflow.jobs import registry
        registry.load_cache({str(cache)!r})
        registry.load_cache({str(cache)!r})  # read once
        names = sorted(registry.figures({str(ROOT)!r})) + sorted(registry.scenes({str(ROOT)!r}))
        print(len(names), registry._tree.cache_info().misses, len(registry._READ))
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    count, parsed, read = map(int, out.split())
    assert count == len(registry.figures(ROOT)) + len(registry.scenes(ROOT)) > 0
    assert parsed == 0 and read == 1


@pytest.mark.slow
def test_a_run_freezes_what_survives_it_before_the_interpreter_tears_down(tmp_path):
    """gdmedia.speed.quick_exit: at exit the survivors are frozen, so the collector does not scan them again."""
    project = copy_project(tmp_path / "project")
    assert exit_of_dry_run(project, tmp_path)["frozen"] > 100_000


def test_the_exit_handler_collects_then_freezes_once():
    program = textwrap.dedent("""
        import atexit, gc
        from gdmedia.speed import quick_exit
        quick_exit.exit_without_final_scans(); quick_exit.exit_without_final_scans()
        print(atexit._ncallbacks(), gc.get_freeze_count())
        atexit._run_exitfuncs()
        print(gc.get_freeze_count() > 0)
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "0", "True"]


def test_the_default_environment_has_no_slurm_executor():
    """SLURM's plugin lives in .venv-slurm (Makefile, requirements-slurm.lock): a plain `snakemake`
    would import it, and pandas with it, and run SLURM's clients, on every start."""
    from snakemake_interface_executor_plugins.registry import ExecutorPluginRegistry

    plugins = set(ExecutorPluginRegistry().plugins)
    assert {"local", "cluster-generic"} <= plugins
    assert not plugins & {"slurm", "slurm-jobstep"}


def recording_slurm_clients(where):
    """SLURM's clients first on PATH, each writing its name and arguments to ``where/called``; the
    environment that finds them."""
    import os

    bin_dir = where / "bin"
    bin_dir.mkdir(parents=True)
    for name in SLURM_CLIENTS:
        client = bin_dir / name
        client.write_text(f'#!/bin/sh\necho "{name} $*" >> "{where / "called"}"\nexit 1\n')
        client.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def slurm_calls(where) -> list[str]:
    called = where / "called"
    return called.read_text().splitlines() if called.exists() else []


@pytest.mark.slow
def test_a_plain_run_neither_loads_the_slurm_plugin_nor_asks_slurm(tmp_path):
    project = copy_project(tmp_path / "project")
    env = recording_slurm_clients(tmp_path / "clients")
    modules = modules_of_dry_run(project, tmp_path, python=sys.executable, env=env)
    assert top_level(modules, SLURM_ONLY) == []
    assert slurm_calls(tmp_path / "clients") == []


@pytest.mark.slow
def test_the_slurm_environment_loads_the_plugin_which_asks_slurm(tmp_path):
    """The control for the test above: the same probe sees the plugin and its calls where it is installed."""
    python = SLURM_ENV / "bin/python"
    if not python.exists():
        pytest.fail(f"{python} is missing: `make test` (or `make slurm-env`) makes the SLURM environment")
    project = copy_project(tmp_path / "project")
    env = recording_slurm_clients(tmp_path / "clients")
    modules = modules_of_dry_run(project, tmp_path, python=python, env=env)
    assert {"snakemake_executor_plugin_slurm", "pandas"} <= set(top_level(modules, SLURM_ONLY))
    assert any(call.startswith("scontrol show config") for call in slurm_calls(tmp_path / "clients"))


@pytest.mark.slow
def test_a_job_on_a_node_starts_without_the_submitting_plugin():
    """scripts/slurm_env.py: a Snakemake that SLURM starts to run one job (Snakemake marks it `--mode remote`,
    and its inner one `--mode subprocess`) finds the job-step plugin but neither the SLURM plugin nor pandas."""
    python = SLURM_ENV / "bin/python"
    if not python.exists():
        pytest.fail(f"{python} is missing: `make test` (or `make slurm-env`) makes the SLURM environment")
    probe = ("import json, sys; from snakemake_interface_executor_plugins.registry import ExecutorPluginRegistry as R; "
             "print(json.dumps([sorted(R().plugins), 'pandas' in sys.modules]))")

    def started(*mode):
        out = subprocess.run([str(python), "-c", probe, *mode], capture_output=True, text=True, check=True).stdout
        plugins, pandas = json.loads(out)
        return {"slurm", "slurm-jobstep"} & set(plugins), pandas

    assert started() == ({"slurm", "slurm-jobstep"}, True)  # the submitting Snakemake
    assert started("--mode", "remote") == started("--mode", "subprocess") == ({"slurm-jobstep"}, False)

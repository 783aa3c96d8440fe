"""gdmedia.workflow.settings.config_workflow.use_configfile does what Snakemake's `configfile:` directive does.

The Snakefile reads config.yaml with the C YAML loader instead of the directive's
pure-Python one; each case below runs a real `snakemake -n` on a workflow with
the directive and on one with the call, and compares the config each ends with.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CONFIG = "media:\n  a: {fps: 10, dpi: 100}\n  b: {fps: 20}\nsims: [1, 2]\nname: plain\n"
EXTRA = "media:\n  a: {fps: 25}\nname: extra\n"
SHOW = ('import json\nprint("CONFIG=" + json.dumps({"config": config, "files": workflow.configfiles}, '
        'sort_keys=True, default=str))\n\nrule all:\n    output: []\n')
WITH_DIRECTIVE = 'configfile: "config.yaml"\n\n' + SHOW
WITH_CALL = ('from gdmedia.workflow.settings.config_workflow import use_configfile\n\nuse_configfile(workflow, "config.yaml")\n\n'
             + SHOW)


def config_after(where: Path, snakefile: str, *args: str) -> dict:
    (where / "Snakefile").write_text(snakefile)
    snakemake = str(Path(sys.executable).parent / "snakemake")
    result = subprocess.run([snakemake, "-n", "--cores", "1", *args], cwd=where, capture_output=True, text=True)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    line = next(line for line in result.stdout.splitlines() if line.startswith("CONFIG="))
    return json.loads(line.removeprefix("CONFIG="))


@pytest.mark.parametrize("args", [
    (),
    ("--config", "name=cli", "sims=[3]"),
    ("--configfile", "extra.yaml"),
    ("--configfile", "extra.yaml", "--config", "name=cli"),
    ("--configfile", "extra.yaml", "--replace-workflow-config"),
], ids=["file", "config", "configfile", "both", "replace"])
def test_the_call_ends_with_the_config_the_directive_would(tmp_path, args):
    (tmp_path / "config.yaml").write_text(CONFIG)
    (tmp_path / "extra.yaml").write_text(EXTRA)
    directive = config_after(tmp_path, WITH_DIRECTIVE, *args)
    call = config_after(tmp_path, WITH_CALL, *args)
    assert call == directive
    assert directive["config"]  # the cases see real merging: not an empty config on both sides

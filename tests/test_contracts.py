"""The layers hold: import-linter checks every contract in pyproject.toml ([tool.importlinter]).

The trace contract imports NumPy only; the core no pictures and no workflow, in its own
layers; the figure kit and the scene kit never import each other, nor anything that
simulates or reads the config; no two modules of a package import each other in a circle.
"""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_every_import_contract_is_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "0 broken" in said and "kept" in said.lower()


def test_the_contracts_cover_every_package():
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    packages = {p.name for p in (ROOT / "src").iterdir() if (p / "__init__.py").is_file()}
    assert set(settings["root_packages"]) == packages - {"snakemake_logger_plugin_gdmedia"}
    cyclic = next(c for c in settings["contracts"] if c["type"] == "acyclic_siblings")
    nested = {f"{p.parent.relative_to(ROOT / 'src')}".replace("/", ".")
              for p in (ROOT / "src").glob("*/**/__init__.py") if p.parent.parent != ROOT / "src"}
    assert set(cyclic["ancestors"]) >= set(settings["root_packages"]) | nested

"""Media in a notebook: render() builds a changed medium beside the defaults; the docs notebook runs."""

import shutil

import pytest

from conftest import ROOT, copy_project
from gdmedia.workflow.authoring.notebook import built_file, find_checkout, workspace


def test_each_set_of_changes_gets_its_own_folder(tmp_path):
    a = workspace({"simulations.linreg.optimizer.learning_rate": 0.6}, tmp_path)
    b = workspace({"simulations.linreg.optimizer.learning_rate": 0.5}, tmp_path)
    assert a != b and a.parent == b.parent == tmp_path / "output" / "notebook"
    assert workspace({"simulations.linreg.optimizer.learning_rate": 0.6}, tmp_path) == a
    assert "learning_rate-0.6" in a.name


def test_the_checkout_is_found_from_the_kernels_folder(tmp_path):
    project = copy_project(tmp_path / "p")
    assert find_checkout(project / "docs") == project.resolve()


def test_the_built_file_is_the_medium_itself(config):
    assert built_file("lr_gd", config) == "output/lr_gd.gif"
    assert built_file("final_fit", config) == "output/final_fit.png"
    assert built_file("regression_fit", config) == "output/regression_fit.mp4"


@pytest.mark.slow
def test_the_docs_notebook_changes_a_value_and_shows_the_new_medium(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    project = copy_project(tmp_path / "p")
    shutil.copy2(ROOT / "docs" / "notebook.ipynb", project / "docs" / "notebook.ipynb")
    notebook = nbformat.read(project / "docs" / "notebook.ipynb", as_version=4)
    NotebookClient(notebook, timeout=None, kernel_name="python3",
                   resources={"metadata": {"path": str(project / "docs")}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/gif" in o.get("data", {}) or "image/png" in o.get("data", {})]
    assert images, outputs
    facts = [o["data"]["text/plain"] for o in outputs if "learning_rate" in o.get("data", {}).get("text/plain", "")]
    assert facts and "0.6" in facts[-1]
    built = list((project / "output" / "notebook").glob("*/output/lr_gd.gif"))
    assert len(built) == 1 and built[0].stat().st_size > 0
    assert not (project / "output" / "lr_gd.gif").exists()  # the default outputs are left alone

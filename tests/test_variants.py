"""Variants side by side: built beside the defaults, sharing every trace and medium the change does not touch."""

import os
import shutil

import pytest
import yaml

from conftest import digests
from gdmedia.workflow.settings.config import ConfigError, load_config
from gdmedia.workflow.settings.overrides import check_variants
from gdmedia.workflow.authoring.variants import assignments, build


def test_a_variants_changes_become_one_set_argument():
    text = assignments({"simulations.linreg.optimizer.learning_rate": 0.8, "simulations.linreg.start.points": [[1, 2]]})
    assert text == "simulations.linreg.optimizer.learning_rate=0.8,simulations.linreg.start.points=[[1, 2]]"


def test_a_variant_that_changes_an_unknown_key_is_refused(config):
    bad = {**config, "variants": {"typo": {"simulations.linreg.optimiser.learning_rate": 0.8}}}
    with pytest.raises(ConfigError, match="config.variants.typo: simulations.linreg.optimiser.learning_rate: "
                                          "'optimiser' is not a key here"):
        check_variants(bad)
    check_variants(config)  # the project's own variants are fine


@pytest.mark.slow
def test_a_variant_rebuilds_only_what_it_changes_and_leaves_the_defaults(built, tmp_path):
    project = shutil.copytree(built, tmp_path / "copy", symlinks=True)
    config = yaml.safe_load((project / "config.yaml").read_text())
    config["variants"] = {"big-step": {"simulations.linreg.optimizer.learning_rate": 0.8}}
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    before = digests(project)
    where = build("big-step", root=project, cores=2)
    after = {path: digest for path, digest in digests(project).items() if not path.startswith("output/variants/")}
    assert after == before  # the defaults are untouched
    mine, theirs = where / "output" / "sims", project / "output" / "sims"
    assert not os.path.samefile(mine / "linreg.npz", theirs / "linreg.npz")  # changed: simulated again
    assert load_config(where / "config.yaml")["simulations"]["linreg"]["optimizer"]["learning_rate"] != 0.8
    assert os.path.samefile(mine / "multi_modal.npz", theirs / "multi_modal.npz")  # untouched: shared
    assert os.path.samefile(where / "output" / "gd_multi_modal.gif", project / "output" / "gd_multi_modal.gif")
    page = (where / "compare.html").read_text()
    assert "<h2>lr_gd</h2>" in page and "<h2>gd_multi_modal</h2>" not in page
    assert "gd_multi_modal" in page.split("Shared with the defaults")[1]


@pytest.mark.slow
def test_a_file_built_by_a_one_off_override_is_never_shared_as_the_default(built, tmp_path):
    """After `snakemake --config set=…`, output/ holds linreg built from that value: a variant changing
    something else must not take it for the default one."""
    from conftest import snakemake
    from gdmedia.workflow.authoring.variants import not_default, share

    project = shutil.copytree(built, tmp_path / "copy", symlinks=True)
    snakemake(project, "--cores", "2", "output/sims/linreg.npz", "--config",
              "set=simulations.linreg.optimizer.learning_rate=0.25")
    stale = not_default(project)
    assert {"output/sims/linreg.npz", "output/sims/linreg.json"} <= stale
    assert "output/sims/multi_modal.npz" not in stale
    where = tmp_path / "variant"
    share(project, where)
    assert not (where / "output" / "sims" / "linreg.npz").exists()  # rebuilt from the variant's own config
    assert os.path.samefile(where / "output" / "sims" / "multi_modal.npz", project / "output" / "sims" / "multi_modal.npz")

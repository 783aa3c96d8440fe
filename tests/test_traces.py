import hashlib
import json

import numpy as np

from gdmedia.workflow.jobs.traces import save_json
from gdtrace.files import load, save_npz


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_regression(tmp_path, linreg_trace):
    save_npz(linreg_trace, tmp_path / "a.npz")
    back = load(tmp_path / "a.npz")
    assert type(back) is type(linreg_trace)
    for name, value in linreg_trace._asdict().items():
        np.testing.assert_array_equal(getattr(back, name), value)
    assert back.theta.shape == (len(back.step), 2) and back.loss.shape == back.step.shape
    assert not list(tmp_path.glob("*.part"))


def test_round_trip_surface(tmp_path, multi_modal_trace):
    save_npz(multi_modal_trace, tmp_path / "s.npz")
    back = load(tmp_path / "s.npz")
    assert back.surface == multi_modal_trace.surface
    np.testing.assert_array_equal(back.paths, multi_modal_trace.paths)
    assert back.status.tolist() == multi_modal_trace.status.tolist()


def test_same_trace_gives_same_bytes(tmp_path, linreg_trace, config):
    save_npz(linreg_trace, tmp_path / "a.npz")
    save_npz(linreg_trace, tmp_path / "b.npz")
    assert digest(tmp_path / "a.npz") == digest(tmp_path / "b.npz")
    params = config["simulations"]["linreg"]
    save_json(params, linreg_trace, tmp_path / "a.json")
    save_json(params, linreg_trace, tmp_path / "b.json")
    assert digest(tmp_path / "a.json") == digest(tmp_path / "b.json")


def test_json_holds_parameters_and_outcome(tmp_path, linreg_trace, config):
    save_json(config["simulations"]["linreg"], linreg_trace, tmp_path / "a.json")
    document = json.loads((tmp_path / "a.json").read_text())
    assert document["parameters"]["optimizer"]["learning_rate"] == linreg_trace.learning_rate
    assert document["result"]["status"] == linreg_trace.status
    assert document["result"]["final_step"] == int(linreg_trace.step[-1])


def test_round_trip_keeps_grad(tmp_path, linreg_trace, multi_modal_trace):
    for trace, name in ((linreg_trace, "r"), (multi_modal_trace, "s")):
        save_npz(trace, tmp_path / f"{name}.npz")
        back = load(tmp_path / f"{name}.npz")
        np.testing.assert_array_equal(back.grad, trace.grad)


def test_a_file_of_an_unknown_kind_is_damage_named_with_its_rebuild(tmp_path, linreg_trace):
    """The kind stored in a file picks its NamedTuple from gdsim.kinds' table; a kind it does not know is damage."""
    import io
    import zipfile

    import pytest

    from gdtrace.files import TraceError, damage

    path = tmp_path / "odd.npz"
    save_npz(linreg_trace, path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.array("os.path"), allow_pickle=False)
    members["kind.npy"] = buffer.getvalue()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(TraceError, match="unknown kind 'os.path'.*snakemake --cores 1 --force"):
        load(path)
    assert "unknown kind" in str(damage(path))


def test_summary_and_facts_come_from_the_kind_module(linreg_trace, multi_modal_trace):
    from gdmedia.workflow.jobs.traces import summary
    from gdtrace.files import kind_of
    from gdsim.facts import facts
    from gdsim.kinds import regression, surface

    assert kind_of(linreg_trace) == "regression" and kind_of(multi_modal_trace) == "surface"
    assert summary(linreg_trace) == regression.summary(linreg_trace)
    assert facts(multi_modal_trace) == surface.facts(multi_modal_trace)

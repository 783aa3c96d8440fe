"""The walk of README's "Architecture": one value from config.yaml to a pixel, along the modules it names.

η is set in a config block, and carried by exactly the code the README lists:
the spec (``gdmedia.workflow.settings.specs``), the kind's simulation and the optimizer,
the trace contract's file written and read back, and the figure that writes it
on the frame.  Every file the README's walk names exists, and none is named
twice as a step.
"""

import copy
import re

from conftest import ROOT, load_script
from gdmedia.figure_kit.figure import render
from gdmedia.workflow.settings.config import figure_options, load_config
from gdmedia.workflow.settings.specs import simulation_spec
from gdsim.simulate import simulate
from gdtrace.files import load, load_facts, save_npz
from gdmedia.workflow.jobs.traces import save_json

WALK = ROOT / "README.md"


def walk_section() -> str:
    text = WALK.read_text()
    return text[text.index("## Architecture: one value"):text.index("## To change X, edit Y")]


def test_every_file_the_walk_names_exists_and_the_steps_visit_none_twice():
    section = walk_section()
    steps = re.findall(r"^\d+\. (.*?)(?=^\d+\. |^Nothing goes back up)", section, re.S | re.M)
    assert len(steps) == 8
    named = [re.findall(r"`([\w/.-]+\.(?:py|smk|yaml|gif|npz))`", step) for step in steps]
    files = [f for step in named for f in step if not f.startswith("output/")]
    for file in files:
        found = [p for p in (ROOT / file, ROOT / "src" / file) if p.is_file()]
        assert found, f"README's walk names {file}, which does not exist"
    # Each step is a new file: the walk never comes back to one it has left.
    firsts = [step[0] for step in named if step]
    assert len(firsts) == len(set(firsts)), firsts
    assert len(set(files)) <= 24


def test_eta_goes_from_a_config_block_to_the_frame_along_the_walk(tmp_path):
    config = load_config()
    block = copy.deepcopy(config["simulations"]["linreg"])
    block["optimizer"]["learning_rate"] = 0.123
    block["stop"]["max_steps"] = 30
    trace = simulate(simulation_spec(block))  # specs → the kind → the optimizer
    assert trace.learning_rate == 0.123
    npz = tmp_path / "linreg.npz"
    save_npz(trace, npz)
    save_json(block, trace, npz.with_suffix(".json"))
    loaded, found = load(npz), load_facts(npz)  # the trace contract, read back as the figure job does
    assert loaded.learning_rate == 0.123 and found["learning_rate"] == 0.123
    lr_gd = load_script("figures/lr_gd.py")
    options = figure_options({**config["media"]["lr_gd"], "frames": 6})
    written = []
    original = lr_gd.draw

    def draw(trace, options, found):
        drawing = original(trace, options, found)
        written.append(drawing)
        return drawing

    lr_gd.draw = draw
    try:
        render(lr_gd, loaded, tmp_path / "lr_gd.png", options=options, found=found)
    finally:
        lr_gd.draw = original
    from matplotlib.text import Text

    texts = [t.get_text() for t in written[0].figure.findobj(Text)]
    assert any("η = 0.123" in text for text in texts), texts
    assert (tmp_path / "lr_gd.png").stat().st_size > 0

"""The Snakemake workflow end to end: lint, refusals, builds, reruns, determinism."""

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from conftest import ROOT, check_still, copy_built, snakemake
from gdmedia.workflow.settings.config import STILL_FIGURES, figure_options, load_config
from gifcheck import read_gif

pytestmark = pytest.mark.slow


def planned_jobs(project, *extra: str) -> dict[str, int]:
    """Rule name → job count, from a dry run's job table."""
    lines = iter((snakemake(project, "-n", "--quiet", "rules", *extra).stdout).splitlines())
    for line in lines:
        if line.split()[:2] == ["job", "count"]:
            break
    jobs = {}
    for line in lines:
        words = line.split()
        if words and words[0] == "total":
            break
        if len(words) == 2 and words[1].isdigit():
            jobs[words[0]] = int(words[1])
    return jobs


@pytest.fixture
def copy_of_built(built, tmp_path):
    """The built project, outputs and metadata included, with times kept."""
    return copy_built(built, tmp_path / "copy")


def scene_jobs(scenes: int, segmented: int = 0) -> dict[str, int]:
    """The jobs that re-render ``scenes`` scenes, ``segmented`` of them the small config's one in two
    segments (conftest.SEGMENTED; rules/scenes.smk)."""
    jobs = {"scene": scenes - segmented, "scene_segment": 2 * segmented, "scene_join": segmented}
    return {rule: count for rule, count in jobs.items() if count}


def planned_outputs(project, *extra: str) -> dict[str, set[str]]:
    """Rule name → every file its planned jobs would write, from a dry run's full job blocks (-p)."""
    out = snakemake(project, "-n", "-p", *extra).stdout
    jobs: dict[str, set[str]] = {}
    rule = None
    for line in out.splitlines():
        if re.fullmatch(r"(local)?rule \w+:", line.strip()):
            rule = line.split()[-1].rstrip(":")
            jobs.setdefault(rule, set())
        elif rule and line.strip().startswith("output:"):
            jobs[rule] |= {f.strip() for f in line.split(":", 1)[1].split(",")}
    return jobs


def page_asks(project) -> dict[str, set[str]]:
    """Medium → the files the project's own notes (config `docs`) have placed for it, read as the workflow reads
    them (gdmedia.notes.scan), with the rendition each names (lr_gd.dark@2x.gif draws lr_gd)."""
    from gdmedia.web import renditions
    from gdmedia.notes import scan

    config = load_config(project / "config.yaml")
    products = {name: {f.rsplit(".", 1)[1] for f in media_files(name, medium) if f.count(".") == 1}
                for name, medium in config["media"].items()}
    root = (project / config["docs"]).resolve()
    asked: dict[str, set[str]] = {}
    for embed in scan(root, products):
        medium = renditions.medium_of(embed.medium)
        asked.setdefault(medium, set()).add((Path(config["docs"]) / embed.target.relative_to(root)).as_posix())
    return asked


def drawn_media(jobs: dict[str, set[str]]) -> set[str]:
    """The media whose files (output/NAME[.dark][@2x].EXT, NAME.storyboard.png, a placed copy) the planned jobs write."""

    def medium(path: Path) -> str:
        if path.parts[:2] == ("output", "segments"):  # output/segments/NAME/INDEX.mkv
            return path.parts[2]
        return path.name.split(".")[0].split("@")[0]  # a medium's name has neither (the schema's pattern)

    return {medium(Path(f)) for rule, files in jobs.items() if rule != "all" for f in files
            if not f.startswith(("output/docs/", "output/sims/"))}


def assert_redraws_only(project, jobs: dict[str, set[str]], media: set[str]) -> None:
    """The jobs redraw exactly ``media``, in every rendition the page asks of them, place just those, simulate nothing."""
    asked = page_asks(project)
    assert "simulate" not in jobs
    assert drawn_media(jobs) == media
    assert jobs.get("place", set()) == set().union(*(asked.get(m, set()) for m in media))
    placed_sources = {f"output/{Path(f).name}" for m in media for f in asked.get(m, ())}
    assert placed_sources <= set().union(*jobs.values())  # every rendition asked of them is rebuilt


def test_lint_gives_only_the_conda_advice():
    out = snakemake(ROOT, "--lint", check=False)
    text = out.stdout + out.stderr
    advice = re.findall(r"^\s+\* (.+?):?$", text, flags=re.M)
    assert advice, text
    assert set(advice) == {"Specify a conda environment or container for each rule."}, text


BAD = {
    "learning_rate_zero": ("simulations: {linreg: {optimizer: {learning_rate: 0}}}", "learning_rate"),
    "learning_rate_nan": ("simulations: {linreg: {optimizer: {learning_rate: .nan}}}", "learning_rate: nan"),
    "learning_rate_text": ("simulations: {linreg: {optimizer: {learning_rate: fast}}}", "learning_rate: 'fast'"),
    "learning_rate_1e-3": ("simulations: {linreg: {optimizer: {learning_rate: 1e-3}}}", "write 1.0e-3"),
    "steps_zero": ("simulations: {linreg: {stop: {max_steps: 0}}}", "max_steps: 0"),
    "steps_over_cap": ("simulations: {linreg: {stop: {max_steps: 100000000}}}", "max_steps: 100000000"),
    "unknown_surface": ("simulations: {multi_modal: {surface: {name: volcano}}}", "'volcano' is not one of"),
    "path_name": ("simulations: {'../x': {surface: {}}}", "'../x' does not match"),
    "templated": ("__use_yte__: true\nsimulations: {}", "__use_yte__"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_dry_run_refuses_bad_config_before_any_job(tmp_path, name):
    text, message = BAD[name]
    override = tmp_path / "bad.yaml"
    override.write_text(text + "\n")
    result = snakemake(ROOT, "-n", "--nolock", "--configfile", str(override), check=False)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "Job stats" not in result.stdout


def test_build_makes_every_medium_and_a_second_run_does_nothing(built):
    config = yaml.safe_load((built / "config.yaml").read_text())
    from gdmedia.workflow.settings.config import STILL_FIGURES

    for name, medium in config["media"].items():
        if "scene" in medium:
            extensions = ("mp4", "gif", "png")
        else:
            extensions = ("png", "svg") if medium["figure"] in STILL_FIGURES else ("gif", "png")
        for ext in extensions:
            assert (built / "output" / f"{name}.{ext}").stat().st_size > 0
    from gdmedia.workflow.settings.sweeps import trace_ids

    for trace in trace_ids(config):
        assert (built / "output" / "sims" / f"{trace}.npz").stat().st_size > 0
        assert (built / "output" / "sims" / f"{trace}.json").stat().st_size > 0
    again = snakemake(built, "--cores", "2")
    assert "Nothing to be done" in again.stdout + again.stderr


def media_files(name: str, medium: dict) -> list[str]:
    """What a medium makes under output/ (README): an animation's GIF and last frame, a still's PNG and
    SVG, a scene's MP4, GIF and poster; each with its storyboard but a still."""
    if "scene" in medium:
        return [f"{name}.{ext}" for ext in ("mp4", "gif", "png")] + [f"{name}.storyboard.png"]
    if medium["figure"] in STILL_FIGURES:
        return [f"{name}.png", f"{name}.svg"]
    return [f"{name}.gif", f"{name}.png", f"{name}.storyboard.png"]


@pytest.mark.parametrize("name", sorted(load_config(ROOT / "config.yaml")["media"]))
def test_medium_plays_as_configured_and_is_the_same_bytes_twice(built, built_again, name):
    """Every medium of config.media: the same bytes from the parallel build and from one built again
    a job at a time in separate processes, and a file that plays as its config says."""
    medium = load_config(built / "config.yaml")["media"][name]
    again = built_again.project
    for file in media_files(name, medium):
        assert (built / "output" / file).read_bytes() == (again / "output" / file).read_bytes(), file
    out = built / "output"
    if "scene" in medium:
        check_scene(out / f"{name}.mp4", medium)
    elif medium["figure"] in STILL_FIGURES:
        check_still(out / f"{name}.png", figure_options(medium))
        check_still(out / f"{name}.svg", figure_options(medium))
    else:
        check_animation(out / f"{name}.gif", medium)


def check_animation(gif: Path, medium: dict) -> None:
    frames, delays, loop = read_gif(gif)
    assert frames.shape[1:3] == (medium["height_px"], medium["width_px"]) and loop == 0
    assert 1 < len(frames) and delays[-1] >= 1000 * medium["hold_s"]
    assert sum(delays) <= round(1000 * figure_options(medium).play_s)
    assert not np.array_equal(frames[0], frames[-1])


def check_scene(mp4: Path, medium: dict) -> None:
    import av

    from gdmedia.web.video import timed_frames

    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")
        size = (stream.codec_context.width, stream.codec_context.height)
    shown, rate = timed_frames(mp4, lambda frame: None)  # a held picture is stored once, for its hold
    assert rate == medium["fps"]
    frames = len(shown)
    assert frames / medium["fps"] >= medium["seconds"] + medium["hold_s"]
    gif, delays, loop = read_gif(mp4.with_suffix(".gif"))
    assert gif.shape[2] == medium["width_px"] and loop == 0
    assert abs(sum(delays) / 1000 - frames / medium["fps"]) <= 0.1 * frames / medium["fps"]
    with Image.open(mp4.with_suffix(".png")) as poster:
        assert poster.size == size


def edit(path: Path) -> None:
    path.write_text(path.read_text() + "\n# an edit\n")


def test_nothing_planned_before_an_edit(copy_of_built):
    assert planned_jobs(copy_of_built) == {}


def test_the_slurm_environment_reruns_nothing_a_local_build_made(copy_of_built):
    # A simulation job's command names its interpreter by $GDMEDIA_PYTHON, not by path: the command
    # is the rule's code to Snakemake, so a path in it would rerun every simulation (and every medium
    # after them) when .venv-slurm's snakemake (README: "Running on a cluster") takes over a local build.
    import subprocess

    from slurmcheck import slurm_snakemake

    done = subprocess.run([slurm_snakemake(), "-n", "--quiet", "rules"], cwd=copy_of_built,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Nothing to be done" in done.stdout + done.stderr, done.stdout + done.stderr


def test_plot_edit_never_resimulates(copy_of_built):
    # `place` copies a rebuilt medium into the notes that embed it; the page may ask for its dark/@2x renditions too.
    edit(copy_of_built / "figures/lr_gd.py")
    jobs = planned_outputs(copy_of_built)
    assert_redraws_only(copy_of_built, jobs, {"lr_gd"})
    assert jobs["figure"] == {"output/lr_gd.gif", "output/lr_gd.png", "output/lr_gd.storyboard.png"}
    edit(copy_of_built / "scenes/blindfolded_valley.py")
    assert_redraws_only(copy_of_built, planned_outputs(copy_of_built), {"lr_gd", "blindfolded_valley"})
    assert planned_jobs(copy_of_built).items() >= {"figure": 1, **scene_jobs(1, segmented=1)}.items()
    edit(copy_of_built / "src/gdmedia/base/style.py")
    # Every medium is redrawn (six animations, three stills, four scenes); nothing is simulated.
    jobs = planned_outputs(copy_of_built)
    assert_redraws_only(copy_of_built, jobs, set(load_config(copy_of_built / "config.yaml")["media"]))
    assert planned_jobs(copy_of_built).items() >= {"figure": 6, "still": 3, **scene_jobs(4, segmented=1)}.items()


def test_a_rebuild_says_one_line_per_job_started_and_finished(copy_of_built):
    edit(copy_of_built / "figures/lr_gd.py")
    planned = planned_jobs(copy_of_built)
    result = snakemake(copy_of_built, "--cores", "2")  # the default profile's logger
    lines = (result.stdout + result.stderr).splitlines()
    assert "▶ figure lr_gd" in lines
    assert any(line.startswith("✓ figure lr_gd  ") for line in lines)
    starts = [line for line in lines if line.startswith("▶ ")]
    finishes = [line for line in lines if line.startswith("✓ ")]
    assert len(starts) == len(finishes) == sum(planned.values()), "\n".join(lines)
    bars = [line.strip() for line in lines if re.fullmatch(r"\s*\[[█░]+\] +\d+/\d+", line)]
    assert bars and bars[-1].startswith("[" + "█" * 20 + "]")  # the whole run done, the bar full
    assert not any("Shell command" in line or line.startswith("    input:") for line in lines)
    # Besides a line per job started, finished, and a bar: Snakemake's job table (a row per rule) and a
    # summary of a few lines; never a block per job.
    rest = len(lines) - len(starts) - len(finishes) - len(bars)
    assert rest <= len(planned) + 10, "\n".join(lines)


def test_core_edit_reruns_only_what_depends_on_it(copy_of_built):
    edit(copy_of_built / "src/gdsim/surfaces.py")
    out = snakemake(copy_of_built, "-n").stdout
    # multi_modal and the five optimizer_race members; the two figures and the scene that draw surfaces.
    assert planned_jobs(copy_of_built) == {"simulate": 6, "figure": 2, **scene_jobs(1), "place": 4, "all": 1}
    assert "sim=optimizer_race/opt-adam" in out and "medium=optimizer_race" in out
    assert "sim=multi_modal" in out and "medium=gd_multi_modal" in out and "medium=multi_modal_descent" in out
    assert "sim=linreg" not in out and "medium=lr_gd" not in out


def test_one_medium_config_edit_reruns_only_that_medium(copy_of_built):
    config = yaml.safe_load((copy_of_built / "config.yaml").read_text())
    config["media"]["lr_gd"]["hold_s"] = 2.0
    (copy_of_built / "config.yaml").write_text(yaml.safe_dump(config))
    jobs = planned_outputs(copy_of_built)
    assert_redraws_only(copy_of_built, jobs, {"lr_gd"})
    assert planned_jobs(copy_of_built)["figure"] == 1


def test_a_caption_edit_rerenders_nothing(copy_of_built):
    config = yaml.safe_load((copy_of_built / "config.yaml").read_text())
    config["media"]["lr_gd"]["caption"] = "A new caption for the same picture."
    (copy_of_built / "config.yaml").write_text(yaml.safe_dump(config))
    assert planned_jobs(copy_of_built) == {}


def test_one_simulation_config_edit_reruns_it_and_its_media(copy_of_built):
    config = yaml.safe_load((copy_of_built / "config.yaml").read_text())
    config["simulations"]["linreg"]["optimizer"]["learning_rate"] = 0.2
    (copy_of_built / "config.yaml").write_text(yaml.safe_dump(config))
    out = snakemake(copy_of_built, "-n").stdout
    # linreg, and what draws it: lr_gd, the final_fit and loss_surface stills, two scenes.
    jobs = planned_outputs(copy_of_built)
    assert jobs.pop("simulate") == {"output/sims/linreg.npz", "output/sims/linreg.json"}
    drawing = {name for name, medium in config["media"].items()
               if "linreg" in (medium["simulation"], medium.get("compare_with"))}
    assert_redraws_only(copy_of_built, jobs, drawing)
    assert planned_jobs(copy_of_built).items() >= {"simulate": 1, "figure": 1, "still": 2, **scene_jobs(2)}.items()
    assert "sim=lr_regimes" not in out
    assert "sim=linreg" in out and "medium=lr_gd" in out and "medium=regression_fit" in out


def test_one_value_set_on_the_command_line_reruns_what_an_edit_would(copy_of_built):
    edited = planned_jobs(copy_of_built, "--config", "set=simulations.linreg.optimizer.learning_rate=0.2")
    nested = planned_jobs(copy_of_built, "--config", "simulations={linreg: {optimizer: {learning_rate: '0.2'}}}")
    config = yaml.safe_load((copy_of_built / "config.yaml").read_text())
    config["simulations"]["linreg"]["optimizer"]["learning_rate"] = 0.2
    (copy_of_built / "config.yaml").write_text(yaml.safe_dump(config))
    assert edited == nested == planned_jobs(copy_of_built)
    assert edited["simulate"] == 1
    refused = snakemake(copy_of_built, "-n", "--config", "set=simulations.linreg.optimizer.rate=0.2", check=False)
    assert refused.returncode != 0 and "'rate' is not a key here" in refused.stdout + refused.stderr


def test_an_index_override_in_an_anchored_block_plans_only_the_simulation_it_names(copy_of_built):
    """README's own example: ``start.points.0`` of linreg, whose start block a YAML anchor shares with
    three sweeps; and ``x_range.1`` of its data, shared with four.  Only linreg is simulated again."""
    assert "*id" in (copy_of_built / "config.yaml").read_text()  # the built config keeps the sharing as aliases
    for change in ("simulations.linreg.start.points.0=[2.0, -1.0]", "simulations.linreg.regression.data.x_range.1=3.0"):
        jobs = planned_outputs(copy_of_built, "--config", f"set={change}")
        assert jobs["simulate"] == {"output/sims/linreg.npz", "output/sims/linreg.json"}, change


def test_a_sweep_builds_one_trace_per_value(built):
    config = yaml.safe_load((built / "config.yaml").read_text())
    rates = config["simulations"]["lr_regimes"]["optimizer"]["learning_rate"]
    found = sorted(p.name for p in (built / "output/sims/lr_regimes").glob("*.npz"))
    assert found == sorted(f"lr-{r:g}.npz" for r in rates)


def test_editing_one_sweep_value_reruns_only_that_value(copy_of_built):
    config = yaml.safe_load((copy_of_built / "config.yaml").read_text())
    config["simulations"]["lr_regimes"]["optimizer"]["learning_rate"][1] = 0.45
    (copy_of_built / "config.yaml").write_text(yaml.safe_dump(config))
    out = snakemake(copy_of_built, "-n").stdout
    assert planned_jobs(copy_of_built) == {"simulate": 1, "figure": 1, "place": 1, "all": 1}
    assert "sim=lr_regimes/lr-0.45" in out and "medium=lr_comparison" in out


def test_report_has_every_medium_with_caption_category_and_labels(built):
    snakemake(built, "--report", "output/report.html")
    html = (built / "output/report.html").read_text()
    config = yaml.safe_load((built / "config.yaml").read_text())
    for name, medium in config["media"].items():
        assert name in html
        ascii_start = re.match(r"[ -~]*", medium["caption"]).group(0)  # the report escapes the rest
        assert ascii_start[:30] in html
    assert '"figure"' in html and '"scene"' in html
    assert "learning rate" in html and "max steps" in html


def _notes_with(folder: Path, text: str) -> Path:
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    (folder / "notes" / "course.md").write_text(text)
    return folder


# The user's own note where it lies beside the checkout, and always a stand-in
# with the same two embeds, so the check runs wherever the suite does.
COURSE_NOTES = [ROOT / "tests/data/notes/gradient_descent.md"] + [
    p for p in (ROOT.parent / "shared/notes/gradient_descent.md",) if p.exists()
]


@pytest.mark.parametrize("note", COURSE_NOTES, ids=lambda p: p.parent.parent.name)
def test_the_course_note_gets_its_two_gifs_where_it_expects_them(built, tmp_path, note):
    notes = tmp_path / "copy"
    (notes / "notes").mkdir(parents=True)
    shutil.copy2(note, notes / "notes" / "gradient_descent.md")
    snakemake(built, "--cores", "2", "docs", "--config", f"docs={notes}")
    for name in ("lr_gd.gif", "gd_multi_modal.gif"):
        assert (notes / "images" / name).read_bytes() == (built / "output" / name).read_bytes()
    assert sorted(p.name for p in (notes / "images").iterdir()) == ["gd_multi_modal.gif", "lr_gd.gif"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("![a](../images/nope.gif)\n", "notes/course.md:1: '../images/nope.gif' names no medium"),
        ("\n<img src='../../escape/lr_gd.gif'>\n", "notes/course.md:2: '../../escape/lr_gd.gif' points outside"),
        ("![a](/tmp/lr_gd.gif)\n", "is an absolute path"),
    ],
)
def test_a_bad_reference_fails_before_anything_is_written(built, tmp_path, text, message):
    notes = _notes_with(tmp_path / "notes", text)
    result = snakemake(built, "--cores", "1", "docs", "--config", f"docs={notes}", check=False)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert sorted(p.relative_to(notes).as_posix() for p in notes.rglob("*")) == ["notes", "notes/course.md"]


def test_embedding_one_more_medium_places_just_that_one(copy_of_built, tmp_path):
    notes = _notes_with(tmp_path / "notes", "![a](../images/lr_gd.gif)\n")
    snakemake(copy_of_built, "--cores", "1", "docs", "--config", f"docs={notes}")
    with open(notes / "notes" / "course.md", "a") as note:
        note.write("![b](../images/final_fit.png)\n")
    dry = snakemake(copy_of_built, "-n", "docs", "--config", f"docs={notes}")
    assert "Media no note" in dry.stdout + dry.stderr  # the rest are listed as unused
    lines = iter(snakemake(copy_of_built, "-n", "docs", "--config", f"docs={notes}", "--quiet", "rules").stdout.splitlines())
    table = [line.split() for line in lines if len(line.split()) == 2 and line.split()[1].isdigit()]
    # `placed` rewrites the notes folder's manifest: the set of placed files changed.
    assert dict(table) == {"place": "1", "placed": "1", "docs": "1", "total": "3"}


# Each of these would run `touch` (or break the copy) if a note's path reached a shell.
HOSTILE_FOLDERS = ["x;touch INJECTED;y", "my media", "$(touch INJECTED)", "`touch INJECTED`", "ünï cødé — π",
                   "it's", 'say"hi"', "a&&touch INJECTED||b"]


def test_note_paths_never_reach_a_shell(built, tmp_path):
    notes = tmp_path / "notes"
    # Spaces go in an HTML attribute; quotes in a Markdown image, where they need no escaping.
    text = "".join(f'<img src="../{f}/lr_gd.gif">\n' if " " in f else f"![a](../{f}/lr_gd.gif)\n"
                   for f in HOSTILE_FOLDERS)
    _notes_with(notes, text)
    snakemake(built, "--cores", "1", "docs", "--config", f"docs={notes}")
    gif = (built / "output" / "lr_gd.gif").read_bytes()
    for folder in HOSTILE_FOLDERS:
        assert (notes / folder / "lr_gd.gif").read_bytes() == gif, folder
    assert not list(tmp_path.rglob("INJECTED")) and not list(built.rglob("INJECTED"))
    assert not list(notes.rglob("*.part"))

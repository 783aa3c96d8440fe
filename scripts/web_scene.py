"""Rule ``scene_variant``: a scene rendered .dark and/or @2x: its MP4, GIF, poster and storyboard.

The scene script is imported by path inside ``style.dark()`` when the rendition
is dark (Manim reads the style's roles as it builds each mobject, and the
background from ``ROLE``); an @2x rendition renders Manim's frames at the
preset twice as wide and the GIF at twice its width (``renditions.scene_options``).
"""

if "snakemake" in globals():  # stderr to the log before anything can fail; die with Snakemake
    from gdmedia.workflow.jobs.runner import begin_job

    begin_job(globals())

from contextlib import nullcontext  # noqa: E402

from gdmedia.scene_kit.kit import render as render_scene_module  # noqa: E402
from gdmedia.scene_kit import render as scene_render  # noqa: E402
from gdmedia.base import style  # noqa: E402
from gdmedia.base.options import SceneOptions  # noqa: E402
from gdmedia.workflow.jobs.runner import import_script  # noqa: E402
from gdtrace.files import load, load_facts  # noqa: E402

# The presets an @2x render may ask for beyond the config's low/medium/high (renditions.SCENE_QUALITY_2X).
scene_render.QUALITY.setdefault("production", "production_quality")
scene_render.QUALITY.setdefault("fourk", "fourk_quality")


def render_rendition(script: str, trace_path: str, compare_path: str | None, options: dict, dark: bool,
                     mp4_path: str):
    trace, found = load(trace_path), load_facts(trace_path)
    if compare_path:
        trace, found = (trace, load(compare_path)), (found, load_facts(compare_path))
    with style.dark() if dark else nullcontext():
        module = import_script(script)
        return render_scene_module(module, trace, mp4_path, options=SceneOptions.from_mapping(options), found=found)


if "snakemake" in globals():
    smk = snakemake  # noqa: F821
    render_rendition(smk.params.script, smk.input.trace, smk.input.get("compare"), smk.params.options,
                     smk.params.dark, smk.output.mp4)

"""One segment, or the join, of a scene rendered as several jobs (gdmedia.scene_kit.segments, rules/scenes.smk)."""

from pathlib import Path

from gdmedia.scene_kit.kit import render as render_scene_module
from gdmedia.base.options import SceneOptions
from gdmedia.workflow.jobs.runner import import_script, log_to, scene_inputs
from gdmedia.scene_kit.segments import as_part, join, segment


def run(smk) -> None:
    log_to(smk.log[0])
    options = SceneOptions.from_mapping(smk.params.options)
    if smk.rule.endswith("join"):
        join([(Path(f), Path(m)) for f, m in zip(smk.input.chunks, smk.input.meta)], Path(smk.output.mp4), options)
        return
    module = import_script(smk.input.code)
    trace, found = scene_inputs(smk)
    index, n = int(smk.wildcards.index), int(smk.params.segments)
    with as_part(lambda cls, tr, opts: segment(cls, tr, opts, index, n, Path(smk.output.chunks),
                                               Path(smk.output.meta))):
        render_scene_module(module, trace, smk.output.chunks, options=options, found=found)


run(snakemake)  # noqa: F821

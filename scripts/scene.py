"""Rule ``scene``: render one medium's scene into its MP4, GIF and poster.

The medium's scene module (``params.script``, a plain module in ``scenes/``) is
rendered once from its trace and the facts written beside it (a pair of each
for a scene that compares two runs).
"""

from gdmedia.workflow.jobs.runner import begin_job, import_script, scene_inputs


def run(smk) -> None:
    from gdmedia.base.options import SceneOptions
    from gdmedia.scene_kit.kit import render

    trace, found = scene_inputs(smk)
    render(import_script(smk.params.script), trace, smk.output.mp4,
           options=SceneOptions.from_mapping(smk.params.options), found=found)


begin_job(globals())  # stderr to the rule's log, and die with Snakemake, before anything can fail
run(snakemake)  # noqa: F821

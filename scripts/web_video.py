"""Rules ``figure_video`` and ``scene_webm``: a medium's MP4 or WebM (gdmedia.web.video).

A figure's video is encoded from the frames of its GIF (the same rendition:
``lr_gd.dark.mp4`` from ``lr_gd.dark.gif``); a scene's WebM from its MP4.
"""

if "snakemake" in globals():  # stderr to the log before anything can fail; die with Snakemake
    from gdmedia.workflow.jobs.runner import begin_job

    begin_job(globals())

from gdmedia.web.video import gif_to_video, transcode  # noqa: E402

if "snakemake" in globals():
    smk = snakemake  # noqa: F821
    if "gif" in smk.input.keys():
        gif_to_video(smk.input.gif, smk.output[0], smk.params.fps)
    else:
        transcode(smk.input.video, smk.output[0])

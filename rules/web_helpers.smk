# Helpers of rules/web.smk: a job's wildcard is a rendition stem (lr_gd.dark@2x), read by
# gdmedia.web.renditions.parse, the notes' own reader; config reaches the rules only through these.

from types import SimpleNamespace

from gdmedia.web import renditions


def rendition_of(wildcards, ext=None):
    """The rendition a job makes, read from its wildcards by the notes' own parser."""
    found = renditions.parse(f"{wildcards.rendition}.{ext or wildcards.ext}", media_products())
    if found is None:
        raise WorkflowError(f"{wildcards.rendition}.{ext or wildcards.ext} names no rendition")
    return found


def as_medium(helper):
    """A common.smk helper that reads wildcards.medium, for a job whose wildcard is a rendition."""
    return lambda wildcards: helper(SimpleNamespace(medium=rendition_of(wildcards, "png").medium))


def rendition_script(folder):
    """The medium's script in ``folder`` (figures or scenes), as a path the script imports."""
    return lambda wildcards: f"{folder}/{config['media'][rendition_of(wildcards, 'png').medium][folder[:-1]]}.py"


def rendition_dark(wildcards):
    return rendition_of(wildcards, "png").dark


def rendition_figure_options(wildcards):
    return renditions.figure_options(as_medium(medium_config)(wildcards), rendition_of(wildcards, "png"))


def rendition_scene_options(wildcards):
    return renditions.scene_options(as_medium(medium_config)(wildcards), rendition_of(wildcards, "png"))


def rendition_fps(wildcards):
    return config["media"][rendition_of(wildcards, "png").medium]["fps"]


def rendition_modules(helper):
    """The 1× job's modules, and the renditions reader (a changed name scheme redraws every variant)."""
    return lambda wildcards: as_medium(helper)(wildcards) + ["src/gdmedia/web/renditions.py"]


def rendition_request(job_kind, resource):
    """What a rendition's job asks a scheduler for: its 1× estimate, four times for @2x (four times
    the pixels), times the attempt."""
    field = {"mem_mb": "mem_mb", "runtime": "runtime_min"}[resource]

    def with_attempt(wildcards, attempt):
        medium = config["media"][rendition_of(wildcards, "png").medium]
        estimate = resources.scene(medium) if job_kind == "scene" else resources.figure(medium, job_kind == "still")
        return getattr(estimate, field) * rendition_of(wildcards, "png").scale ** 2 * attempt

    return with_attempt


def video_source(wildcards):
    """A figure's video reads the GIF of the same rendition (the default one from rule figure)."""
    return {"gif": f"output/{wildcards.rendition}.gif"}


def scene_video_source(wildcards):
    return {"video": f"output/{wildcards.rendition}.mp4"}


VARIANTS_ONLY = renditions.VARIANTS[1:]

# Web renditions: a note asks for NAME[.dark][@2x].EXT and these rules make it
# (README: "Formats and variants"; the one reader of such names is
# src/gdmedia/renditions.py).  Each rendition is its own job: asking for one
# never rebuilds another.  Figures' variants are drawn natively (dark palette,
# twice the pixels), never rescaled; a figure's MP4 and WebM are encoded from
# the frames of the GIF of the same rendition; a scene's WebM from its MP4.

from types import SimpleNamespace

from gdmedia import renditions


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
    return lambda wildcards: as_medium(helper)(wildcards) + ["src/gdmedia/renditions.py"]


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


rule figure_variant:
    input:
        trace=as_medium(medium_trace),
        modules=rendition_modules(medium_modules),
    output:
        "output/{rendition}.{ext}",
    params:
        script=rendition_script("figures"),
        options=rendition_figure_options,
        sweep=as_medium(medium_is_sweep),
        dark=rendition_dark,
    wildcard_constraints:
        rendition=renditions.stem_pattern(figure_media(), VARIANTS_ONLY),
        ext="gif|png",
    resources:
        mem_mb=rendition_request("figure", "mem_mb"),
        runtime=rendition_request("figure", "runtime"),
    threads: 1
    benchmark:
        "output/benchmarks/web/{rendition}.{ext}.tsv"
    log:
        "output/logs/web/{rendition}.{ext}.log",
    script:
        "../scripts/web_figure.py"


rule still_variant:
    input:
        trace=as_medium(medium_trace),
        modules=rendition_modules(medium_modules),
    output:
        "output/{rendition}.{ext}",
    params:
        script=rendition_script("figures"),
        options=rendition_figure_options,
        sweep=as_medium(medium_is_sweep),
        dark=rendition_dark,
    wildcard_constraints:
        rendition=renditions.stem_pattern(still_media(), VARIANTS_ONLY),
        ext="png|svg",
    resources:
        mem_mb=rendition_request("still", "mem_mb"),
        runtime=rendition_request("still", "runtime"),
    threads: 1
    benchmark:
        "output/benchmarks/web/{rendition}.{ext}.tsv"
    log:
        "output/logs/web/{rendition}.{ext}.log",
    script:
        "../scripts/web_figure.py"


rule figure_video:
    input:
        unpack(video_source),
        module="src/gdmedia/video.py",
    output:
        "output/{rendition}.{ext}",
    params:
        fps=rendition_fps,
    wildcard_constraints:
        rendition=renditions.stem_pattern(figure_media()),
        ext="mp4|webm",
    resources:
        mem_mb=rendition_request("figure", "mem_mb"),
        runtime=rendition_request("figure", "runtime"),
    threads: 1
    benchmark:
        "output/benchmarks/web/{rendition}.{ext}.tsv"
    log:
        "output/logs/web/{rendition}.{ext}.log",
    script:
        "../scripts/web_video.py"


rule scene_variant:
    input:
        unpack(as_medium(scene_traces)),
        modules=rendition_modules(scene_modules),
    output:
        mp4="output/{rendition}.mp4",
        gif="output/{rendition}.gif",
        poster="output/{rendition}.png",
        storyboard="output/{rendition}.storyboard.png",
    params:
        script=rendition_script("scenes"),
        options=rendition_scene_options,
        dark=rendition_dark,
    wildcard_constraints:
        rendition=renditions.stem_pattern(scene_media(), VARIANTS_ONLY),
    resources:
        mem_mb=rendition_request("scene", "mem_mb"),
        runtime=rendition_request("scene", "runtime"),
    threads: 1
    priority: 1
    benchmark:
        "output/benchmarks/web/{rendition}.scene.tsv"
    log:
        "output/logs/web/{rendition}.scene.log",
    script:
        "../scripts/web_scene.py"


rule scene_webm:
    input:
        unpack(scene_video_source),
        module="src/gdmedia/video.py",
    output:
        "output/{rendition}.webm",
    wildcard_constraints:
        rendition=renditions.stem_pattern(scene_media()),
    resources:
        mem_mb=rendition_request("scene", "mem_mb"),
        runtime=rendition_request("scene", "runtime"),
    threads: 1
    benchmark:
        "output/benchmarks/web/{rendition}.webm.tsv"
    log:
        "output/logs/web/{rendition}.webm.log",
    script:
        "../scripts/web_video.py"

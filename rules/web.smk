# Web renditions: a note asks for NAME[.dark][@2x].EXT and these rules make it
# (README: "Formats and variants"; the one reader of such names is
# src/gdmedia/web/renditions.py).  Each variant is its own job: asking for one
# never rebuilds another.  An animated figure's variant writes its GIF and its
# poster (the last frame, .png) in one job, from one drawing, as rule figure
# writes lr_gd.gif and lr_gd.png.  Figures' variants are drawn natively (dark palette,
# twice the pixels), never rescaled; a figure's MP4 and WebM are encoded from
# the frames of the GIF of the same rendition; a scene's WebM from its MP4.
# The helpers these rules call live in rules/web_helpers.smk.


rule figure_variant:
    input:
        trace=as_medium(medium_trace),
        facts=as_medium(medium_facts),
        modules=rendition_modules(medium_modules),
    output:
        gif="output/{rendition}.gif",
        still="output/{rendition}.png",
    params:
        script=rendition_script("figures"),
        options=rendition_figure_options,
        sweep=as_medium(medium_is_sweep),
        dark=rendition_dark,
    wildcard_constraints:
        rendition=renditions.stem_pattern(figure_media(), VARIANTS_ONLY),
    resources:
        mem_mb=rendition_request("figure", "mem_mb"),
        runtime=rendition_request("figure", "runtime"),
    threads: 1
    benchmark:
        "output/benchmarks/web/{rendition}.figure.tsv"
    log:
        "output/logs/web/{rendition}.figure.log",
    script:
        "../scripts/web_figure.py"


rule still_variant:
    input:
        trace=as_medium(medium_trace),
        facts=as_medium(medium_facts),
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
        module="src/gdmedia/web/video.py",
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
        module="src/gdmedia/web/video.py",
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

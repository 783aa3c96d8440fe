# Manim scenes: each medium's config names its script in scenes/.
# One render writes the MP4, the GIF, the poster and the storyboard, each video in chunks of
# a few seconds joined without re-encoding. A scene with `segments: N` > 1 renders as N jobs
# instead (src/gdmedia/scene_kit/segments.py): each cuts the scene's chunks into N ranges of about equal
# cost (the same cut in every job), draws and encodes its own (playing the earlier animations
# in one step each), and a join copies the chunks into the same files a single render writes.


rule scene:
    input:
        unpack(scene_traces),
        modules=scene_modules,
    output:
        mp4=report("output/{medium}.mp4", caption="../report/medium.rst", category="scene", labels=report_labels),
        gif="output/{medium}.gif",
        poster="output/{medium}.png",
        storyboard="output/{medium}.storyboard.png",
    params:
        script=medium_scene_script,
        options=medium_config,
    wildcard_constraints:
        medium=one_of(single_media()),
    resources:
        mem_mb=estimated("scene", "mem_mb"),
        runtime=estimated("scene", "runtime"),
    threads: 1
    # Scenes are the longest jobs: starting them first lets the short figure
    # jobs fill the gaps at the end, so parallel builds finish sooner.
    priority: 1
    benchmark:
        "output/benchmarks/scene/{medium}.tsv"
    log:
        "output/logs/scenes/{medium}.log",
    script:
        "../scripts/scene.py"


rule scene_segment:
    input:
        unpack(scene_traces),
        modules=segment_modules,
        code=scene_code,
    output:
        chunks=temp(directory("output/segments/{medium}/{index}.chunks")),
        meta=temp("output/segments/{medium}/{index}.npz"),
    params:
        options=medium_config,
        segments=scene_segments,
    wildcard_constraints:
        medium=one_of(segmented_media()),
        index=r"\d+",
    resources:
        mem_mb=estimated("scene", "mem_mb"),
        runtime=estimated("scene", "runtime"),
    threads: 1
    priority: 1
    benchmark:
        "output/benchmarks/scene_segment/{medium}.{index}.tsv"
    log:
        "output/logs/scenes/{medium}.{index}.log",
    script:
        "../scripts/scene_part.py"


rule scene_join:
    input:
        chunks=segment_files("chunks"),
        meta=segment_files("npz"),
        modules=segment_modules,
    output:
        mp4=report("output/{medium}.mp4", caption="../report/medium.rst", category="scene", labels=report_labels),
        gif="output/{medium}.gif",
        poster="output/{medium}.png",
        storyboard="output/{medium}.storyboard.png",
    params:
        options=medium_config,
    wildcard_constraints:
        medium=one_of(segmented_media()),
    resources:
        mem_mb=estimated("scene", "mem_mb"),
        runtime=estimated("scene", "runtime"),
    threads: 1
    priority: 1
    benchmark:
        "output/benchmarks/scene/{medium}.tsv"
    log:
        "output/logs/scenes/{medium}.log",
    script:
        "../scripts/scene_part.py"

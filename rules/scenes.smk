# Manim scenes: each medium's config names its script in scenes/.
# One render writes the MP4, the GIF (from lossless frames), the poster and the storyboard.


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
        scene=medium_scene,
        options=medium_config,
    wildcard_constraints:
        medium=one_of(scene_media()),
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
        "../scenes/{params.scene}.py"

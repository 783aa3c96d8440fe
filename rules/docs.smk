# Notes drive the build: each medium a note in config's `docs` folder embeds is
# copied, once built, to exactly the path the note gives.
# Copies and page writing run where snakemake runs, never on a cluster node.


localrules:
    place,
    docs,
    gallery,


rule place:
    input:
        medium=placed_source,
    output:
        f"{DOCS_ROOT}/{{placed}}",
    wildcard_constraints:
        placed=one_of(EMBEDS),
    resources:
        mem_mb=request("place", "mem_mb"),
        runtime=request("place", "runtime"),
    threads: 1
    log:
        "output/logs/docs/{placed}.log",
    shell:
        "cp {input.medium} {output} 2> {log}"


rule docs:
    input:
        placed=placed_docs(),


rule gallery:
    output:
        page="docs/gallery.md",
    params:
        media=all_media_config,
    resources:
        mem_mb=request("gallery", "mem_mb"),
        runtime=request("gallery", "runtime"),
    threads: 1
    log:
        "output/logs/docs/gallery.log",
    script:
        "../scripts/gallery.py"


rule site:
    input:
        notes=PROJECT_NOTES,
        gallery="docs/gallery.md",
        placed=placed_docs(),
        settings="mkdocs.yml",
    output:
        directory("output/site"),
    resources:
        mem_mb=request("site", "mem_mb"),
        runtime=request("site", "runtime"),
    threads: 1
    log:
        "output/logs/docs/site.log",
    script:
        "../scripts/site.py"

# Notes drive the build: each medium a note in config's `docs` folder embeds is
# copied, once built, to exactly the path the note gives.
# Copies and page writing run where snakemake runs, never on a cluster node.
# Paths from notes are untrusted: no rule here hands one to a shell.


localrules:
    place,
    docs,
    gallery,


rule place:
    input:
        medium=placed_source,
    output:
        placed_pattern(),
    wildcard_constraints:
        placed=one_of(EMBEDS),
    resources:
        mem_mb=request("place", "mem_mb"),
        runtime=request("place", "runtime"),
    threads: 1
    log:
        "output/logs/docs/{placed}.log",
    # A note's path never reaches a shell: the copy is made in Python.
    script:
        "../scripts/place.py"


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
        facts=expand("output/sims/{sim}.json", sim=simulation_names()),  # what the notes quote
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

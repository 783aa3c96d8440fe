# Notes drive the build: each medium a note in config's `docs` folder embeds is
# copied, once built, to exactly the path the note gives; the manifest records
# what was placed and removes the copies no note embeds any more.
# Copies and page writing run where snakemake runs, never on a cluster node.
# Paths from notes are untrusted: no rule here hands one to a shell.


localrules:
    place,
    placed,
    docs,
    gallery,
    site,


rule place:
    input:
        medium=placed_source,
    output:
        placed_pattern(),
    params:
        root=docs_root,
        lock="output/docs/placed.lock",
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


# Reruns when the set of placed files changes (its params), not when one is
# re-placed: `place` records each copy in the manifest itself.
rule placed:
    input:
        placed=ancient(placed_files()),
    output:
        manifest=PLACED_MANIFEST,
    params:
        root=docs_root,
        keep=placed_keep,
    resources:
        mem_mb=request("place", "mem_mb"),
        runtime=request("place", "runtime"),
    threads: 1
    log:
        "output/logs/docs/placed.log",
    script:
        "../scripts/manifest.py"


rule docs:
    input:
        placed=placed_docs(),


# The gallery lives in output/, not in the notes: a stale one can never be read as a note.
rule gallery:
    output:
        page="output/gallery.md",
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
        notes=DOCS_NOTES,
        facts=expand("output/sims/{sim}.json", sim=simulation_names()),  # what the notes quote
        gallery=site_extras,
        placed=placed_docs(),
        settings="mkdocs.yml",
        hooks="scripts/site_hooks.py",
    output:
        directory("output/site"),
    params:
        docs_dir=docs_root,
    resources:
        mem_mb=request("site", "mem_mb"),
        runtime=request("site", "runtime"),
    threads: 1
    log:
        "output/logs/docs/site.log",
    script:
        "../scripts/site.py"

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
    facts,
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


# The facts for the formats no hook of ours reads (gdmedia.notes.fact_files): TeX's
# \fact{trace}{key} (\input{gdmedia-facts} or \usepackage{gdmedia-facts}) and Quarto's
# {{< var fact.trace.key >}} (this block, merged into a Quarto folder's _variables.yml by `site`).
# An author compiling LaTeX alone builds the .tex and puts its folder on TEXINPUTS.
rule facts:
    input:
        facts=expand("output/sims/{sim}.json", sim=simulation_names()),
    output:
        tex="output/docs/facts/gdmedia-facts.tex",
        sty="output/docs/facts/gdmedia-facts.sty",
        quarto="output/docs/facts/quarto-variables.yml",
    resources:  # a few files from the traces: as small a job as the gallery
        mem_mb=request("gallery", "mem_mb"),
        runtime=request("gallery", "runtime"),
    threads: 1
    log:
        "output/logs/docs/facts.log",
    script:
        "../scripts/facts.py"


rule site:
    input:
        notes=DOCS_NOTES,
        facts=expand("output/sims/{sim}.json", sim=simulation_names()),  # what the notes quote
        fact_files=rules.facts.output,  # LaTeX's and Quarto's
        gallery=site_extras,
        placed=placed_docs(),
        settings="mkdocs.yml",
        hooks="scripts/site_hooks.py",
    output:
        directory("output/site"),
    params:
        docs_dir=docs_root,
        media=all_media(),  # a file a built page lacks is named as the medium the reader did not see
    resources:
        mem_mb=request("site", "mem_mb"),
        runtime=request("site", "runtime"),
    threads: 1
    log:
        "output/logs/docs/site.log",
    script:
        "../scripts/site.py"

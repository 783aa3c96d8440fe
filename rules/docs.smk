# Notes drive the build: each medium a note in config's `docs` folder embeds is
# copied, once built, to exactly the path the note gives.


rule place:
    input:
        medium=placed_source,
    output:
        f"{DOCS_ROOT}/{{placed}}",
    wildcard_constraints:
        placed=one_of(EMBEDS),
    log:
        "output/logs/docs/{placed}.log",
    shell:
        "cp {input.medium} {output} 2> {log}"


rule docs:
    input:
        placed=placed_docs(),

"""The plan, one segment or the join of a scene rendered as several jobs (gdmedia.segments, rules/scenes.smk)."""

from gdmedia.segments import run

run(snakemake)  # noqa: F821

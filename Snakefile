# Gradient-descent media: simulations → traces → figures → output/.
# A table of contents; the rules live in rules/*.smk.

from pathlib import Path

from snakemake.utils import min_version

from gdmedia import registry
from gdmedia.config import apply_defaults, check_config, check_references, refuse_templates
from gdmedia.config_positions import located
from gdmedia.config_workflow import use_configfile
from gdmedia.overrides import apply_overrides, check_variants
from gdmedia.quick_exit import exit_without_final_scans

min_version("9.0")
exit_without_final_scans()  # this process's exit skips the collector's scans of Snakemake's heap

refuse_templates(["config.yaml", *workflow.overwrite_configfiles])
# What earlier runs parsed of the scripts (their declarations and imports), kept beside
# Snakemake's own state: the checks below and rules/common.smk read it instead of parsing.
REGISTRY_CACHE = Path(workflow.basedir) / ".snakemake" / "gdmedia-registry.json"
registry.load_cache(REGISTRY_CACHE)


# = `configfile: "config.yaml"`, read by the C YAML loader (gdmedia.config_workflow).
use_configfile(workflow, "config.yaml")


report: "report/workflow.rst"


# Every config error names the file, line and column of the key it is about.
with located(["config.yaml", *workflow.overwrite_configfiles]):
    # `--config set=PATH=VALUE`, and command-line text typed by the schema (README: "One value for one run").
    apply_overrides(config, dict(workflow.config_settings.config))
    check_config(config)  # one-line errors naming the key; refuses NaN and numbers in strings
    apply_defaults(config, "schemas/config.schema.yaml")  # fills in the schema's defaults, as Snakemake's validate()
    check_references(config)  # each medium names a simulation of the kind its figure draws
    check_variants(config)  # each variant changes keys the schema knows


include: "rules/common.smk"
include: "rules/simulate.smk"
include: "rules/figures.smk"
include: "rules/scenes.smk"
include: "rules/web_helpers.smk"
include: "rules/web.smk"
include: "rules/docs.smk"


localrules:
    all,
    media,


rule all:
    input:
        media=all_media(),
        docs=placed_docs(),
    default_target: True


# Every default medium and nothing else (no renditions, no placed copies): `snakemake media`.
rule media:
    input:
        media=all_media(),

# Gradient-descent media: simulations → traces → figures → output/.
# A table of contents; the rules live in rules/*.smk.

from pathlib import Path

from snakemake.utils import min_version

from gdmedia.workflow.jobs import registry
from gdmedia.workflow.settings.config import check_all, refuse_templates
from gdmedia.workflow.settings.config_positions import reported
from gdmedia.workflow.settings.config_workflow import use_configfile
from gdmedia.workflow.settings.overrides import apply_overrides, check_variants
from gdmedia.speed.quick_exit import exit_without_final_scans

min_version("9.0")
exit_without_final_scans()  # this process's exit skips the collector's scans of Snakemake's heap

# What earlier runs parsed of the scripts (their declarations and imports), kept beside
# Snakemake's own state: the checks below and rules/common.smk read it instead of parsing.
REGISTRY_CACHE = Path(workflow.basedir) / ".snakemake" / "gdmedia-registry.json"
CONFIG_FILES = ["config.yaml", *workflow.overwrite_configfiles]

# A config error is the author's, not a bug: each is told at its source (file:line:column of its
# key, or the --config text that gave it), all of them in one run, and the run ends there with no
# Python traceback (GDMEDIA_DEBUG=1 or --verbose shows one).
with reported(CONFIG_FILES, verbose=getattr(workflow.output_settings, "verbose", False)) as config_errors:
    refuse_templates(CONFIG_FILES)  # before Snakemake's loading could run a template; a refusal ends here
    registry.load_cache(REGISTRY_CACHE)
    # = `configfile: "config.yaml"`, read by the C YAML loader (gdmedia.workflow.settings.config_workflow).
    use_configfile(workflow, "config.yaml")
    with config_errors.going_on():  # a refused `set=` is told with whatever else the config holds
        # `--config set=PATH=VALUE`, and command-line text typed by the schema (README: "One value for one run").
        apply_overrides(config, dict(workflow.config_settings.config), origins=config_errors.origins)
    with config_errors.going_on():
        check_variants(config)  # each variant changes keys the schema knows, of media and simulations there are
    # Values (NaN, numbers in strings), keys a medium's kind ignores; then the schema's defaults
    # filled in and each medium's simulation checked against what its script draws.
    check_all(config, schema_path=Path(workflow.basedir) / "schemas" / "config.schema.yaml")


report: "report/workflow.rst"


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

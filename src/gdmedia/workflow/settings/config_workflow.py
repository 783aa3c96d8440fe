"""config.yaml into the running workflow: Snakemake's ``configfile:`` directive, minus its second parse.

Imported by the Snakefile only (no job's script imports it, so editing it
reruns nothing).  Snakemake's directive parses the file with PyYAML's
pure-Python loader, about 40 ms for config.yaml on every run, a no-op
included; ``gdmedia.workflow.settings.config.refuse_templates`` has already checked the same file
with the C loader, so this reads it with that loader and merges it as the
directive does (``snakemake.workflow.Workflow.configfile``).
"""

from __future__ import annotations

from gdmedia.workflow.settings import config_file


def use_configfile(workflow, path: str) -> None:
    """``configfile: path``: the file's values into the workflow's config, then the command line's
    ``--config``/``--configfile`` over them."""
    from snakemake.exceptions import WorkflowError
    from snakemake.logging import logger
    from snakemake.utils import update_config

    if workflow.modifier.skip_configfile:  # the workflow used as a module, given its config
        return
    document = config_file.read(path)
    if not isinstance(document, dict):
        raise WorkflowError(f"{path}: a config file must be YAML with keys at top level.")
    workflow.configfiles.append(path)
    update_config(workflow.config, document)
    settings = workflow.config_settings
    if settings.overwrite_config:
        merge_action = "extended"
        if settings.replace_workflow_config:
            workflow.globals["config"] = {}
            merge_action = "replaced"
        logger.info(f"Config file {path} is {merge_action} by additional config specified via the command line.")
        update_config(workflow.config, settings.overwrite_config)

"""Rules ``figure`` and ``still`` (and their web renditions' light default): draw one medium's figure.

The medium's figure module (``params.script``, a plain module in ``figures/``) is
drawn once from its traces and the facts written beside them, into every output
of the rule (``gdmedia.workflow.runner.run_figure``).
"""

from gdmedia.workflow.runner import begin_job, run_figure

begin_job(globals())  # stderr to the rule's log, and die with Snakemake, before anything can fail
run_figure(snakemake)  # noqa: F821

"""The workflow's glue: from config.yaml and the command line to jobs, and jobs to files.

Checking the config (``config``, ``config_file``, ``config_positions``,
``overrides``), what the scripts declare and import (``registry``), sweeps,
specs for the core (``specs``), resources a job asks for, running a script
under Snakemake or by hand (``runner``, ``standalone``), trace json
(``traces``), variants, the notebook helper and working copies.  May import
everything below it (the core, the trace contract, the kits' entry points);
nothing below imports it, so an edit here reruns no drawing or simulation
that does not run it.
"""

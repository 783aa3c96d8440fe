"""The workflow's glue: from config.yaml and the command line to jobs, and jobs to files, in three layers.

- ``authoring``: what an author runs beside a build (variants, the notebook helper,
  working copies, a scene run by hand with Manim);
- ``settings``: the config, checked and completed (files, positions for errors,
  command-line overrides, sweeps, the core's specs);
- ``jobs``: what the rules' jobs run on (the registry of scripts and their code,
  resources, the runner's helpers, trace json, the interpreter).

Each imports only the layers below it (pyproject.toml's [tool.importlinter]).  May
import everything below the workflow (the core, the trace contract, the kits'
entry points); nothing below imports it, so an edit here reruns no drawing or
simulation that does not run it.
"""

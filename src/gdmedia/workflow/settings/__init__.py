"""The config, read, checked and completed: the file guard and reader (``config_file``,
``config_workflow``), the schema's checks and defaults (``config``), where each error is
(``config_positions``), command-line overrides, sweeps, and the core's spec of a simulation
(``specs``).  May import ``jobs`` (the registry: what each script draws)."""

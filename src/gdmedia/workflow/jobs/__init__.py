"""What the rules' jobs run on: each script's declarations and code inputs (``registry``), the
resources a job asks for, the runner's helpers (log, import a script, a scene's inputs), a trace's
json (``traces``) and the interpreter jobs run with.  Imports nothing else of the workflow."""

#!/usr/bin/env bash
# Stand-in for a scheduler's submit command: run the job script given as the
# last argument in a new session, detached from snakemake, and print its id.
# Snakemake learns the job ended from the marker file the job script touches.
set -euo pipefail
jobscript="${!#}"
setsid bash "$jobscript" > "$jobscript.out" 2>&1 < /dev/null &
echo "$!"

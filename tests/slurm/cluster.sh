#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for the `slurm` tests.
#
#   tests/slurm/cluster.sh start DIR   configure and start munged, slurmctld and slurmd under DIR
#   tests/slurm/cluster.sh stop DIR    stop them (DIR is left for the caller to delete)
#
# Everything lives under DIR: the munge key and socket, slurm.conf, state, logs.
# Nothing is written to /etc/slurm, so once the cluster is stopped no SLURM
# client finds a controller to wait for: Snakemake's SLURM plugin, which asks
# `scontrol show config` whenever Snakemake loads its plugins, gets an instant
# "no config" instead of a 10 s time-out.  Clients reach this cluster through
# SLURM_CONF=DIR/slurm.conf, which the tests set for their own commands only.
set -euo pipefail

action=${1:?usage: cluster.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: cluster.sh start|stop DIR}")
conf="$dir/slurm.conf"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {  # wait_for SECONDS COMMAND...: poll until COMMAND succeeds
  local tries=$(( $1 * 5 )); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  "$@"
}

start() {
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir/munge"
  [ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key"
  munged --force --socket="$dir/munge/munge.sock" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"

  local host cpus memory
  host=$(hostname)
  cpus=$(nproc)
  # What the node offers jobs: its memory less 2 GB for the system.
  memory=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 2048 ))
  cat > "$conf" <<CONF
ClusterName=gdmedia-test
SlurmctldHost=$host
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
# Memory is a consumable resource and is enforced: a job over its --mem is
# killed (sampled every second), so Snakemake can retry it with more.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=1
JobAcctGatherParams=OverMemoryKill
AccountingStorageType=accounting_storage/none
# Finished jobs stay visible to squeue for an hour: the plugin's squeue
# status queries need that, as there is no accounting database for sacct.
MinJobAge=3600
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  # Inside a job, Snakemake's jobstep plugin starts each rule with srun but drops
  # every SLURM_* variable first, SLURM_CONF included; a real cluster's nodes find
  # /etc/slurm/slurm.conf.  Here an srun first on PATH points it at this cluster.
  mkdir -p "$dir/bin"
  printf '#!/bin/sh\nSLURM_CONF=%q exec /usr/bin/srun "$@"\n' "$conf" > "$dir/bin/srun"
  chmod +x "$dir/bin/srun"
  export SLURM_CONF="$conf"
  slurmctld -f "$conf"
  wait_for 20 scontrol ping
  slurmd -f "$conf"
  wait_for 30 bash -c "sinfo -h -N -o '%T' | grep -Eq '^(idle|mixed|allocated)'"
}

stop() {
  export SLURM_CONF="$conf"
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

"$action"

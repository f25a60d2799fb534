#!/usr/bin/env bash
# Start a throw-away single-node Slurm on this machine (Debian's slurm-wlm
# and munge, run as root), run a quotasim job through submit.sh as a job
# array of shards and a dependent merge, and check the merged files against
# one process byte for byte. Stops the daemons and removes its files after.
#
#   apt-get install slurm-wlm     # once
#   deploy/slurm/smoke-test.sh [SHARDS]
set -euo pipefail
shards=${1:-4}
root=$(cd "$(dirname "$0")/../.." && pwd)
quotasim=${QUOTASIM:-$root/target/release/quotasim}
[ -x "$quotasim" ] || (cd "$root" && cargo build --release --quiet)
work=$(mktemp -d /tmp/quotasim-slurm.XXXXXX)
host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)

cleanup() {
    scancel --quiet --user=root 2>/dev/null || true
    [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2>/dev/null || true
    [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2>/dev/null || true
    [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null || true
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work"/{state,spool,log,munge,jobs}
chmod 700 "$work/munge"
cat >"$work/slurm.conf" <<EOF
ClusterName=smoke
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=smoke Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf

munged --socket="$work/munge/munge.socket" --pid-file="$work/munged.pid" --log-file="$work/log/munged.log" \
    --seed-file="$work/munge/seed" --force
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 30); do
    sinfo -h -o %T 2>/dev/null | grep -qE '^idle' && break
    sleep 1
done
sinfo

scenario=$root/scenarios/coverage-mandate.toml
args=(sweep "$scenario" --param policy.coverage_target --range 1:6:1 --trials 300 --name smoke)
cd "$work/jobs"
export QUOTASIM=$quotasim
submitted=$("$root/deploy/slurm/submit.sh" "$shards" "$work/jobs/parts" "$work/jobs/merged" -- "${args[@]}")
echo "$submitted"
# Wait until the queue is empty: the shards ran, then the merge (or it was cancelled).
for _ in $(seq 600); do
    [ -z "$(squeue -h 2>/dev/null)" ] && break
    sleep 1
done
if [ ! -f "$work/jobs/merged/manifest.json" ]; then
    tail -n 20 "$work"/jobs/*.out "$work/log/slurmctld.log" >&2
    echo "smoke test failed: the merge did not write the job's files" >&2
    exit 1
fi
squeue
ls -l "$work/jobs/parts"
"$quotasim" "${args[@]}" --out "$work/jobs/whole" -q >/dev/null
diff -r "$work/jobs/whole" "$work/jobs/merged"
echo "smoke test passed: $shards Slurm array tasks and a dependent merge wrote the files of one process, byte for byte"

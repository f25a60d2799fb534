#!/usr/bin/env bash
# Submit a quotasim job as a Slurm job array of N shards and a merge that
# runs when all of them have succeeded.
#
#   deploy/slurm/submit.sh N PARTS OUT -- COMMAND ARGS...
#   deploy/slurm/submit.sh 16 /shared/cov/parts /shared/cov/results -- \
#       sweep scenarios/coverage.toml --param policy.coverage_target --range 1:8:0.25
#
# PARTS and OUT must be on a file system every node mounts. Set QUOTASIM to
# the binary's path if it is not on the nodes' PATH.
set -euo pipefail
n=${1:?usage: submit.sh N PARTS OUT -- COMMAND ARGS...}
parts=${2:?} out=${3:?}
shift 3
[ "${1:-}" = "--" ] && shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$parts"
export QS_SHARDS=$n QS_PARTS=$parts QS_OUT=$out
array=$(sbatch --parsable --array=0-$((n - 1)) --export=ALL "$here/shards.sbatch" "$@")
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL "$here/merge.sbatch")
echo "shards: job $array (array 0-$((n - 1))); merge: job $merge, when every shard has succeeded"

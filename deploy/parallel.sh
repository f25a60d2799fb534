#!/usr/bin/env bash
# Split a job across the cores or hosts GNU parallel reaches, then merge.
#
#   deploy/parallel.sh N -- sweep scenarios/coverage.toml --param policy.coverage_target --range 1:8:0.5
#
# The one-liner it runs is:
#
#   seq 0 $((N-1)) | parallel quotasim ARGS --shard {}/N --out parts -q && quotasim merge parts/shard-*-of-N.partial
#
# Add `-S host1,host2 --workdir ...` to parallel to spread shards over
# machines sharing the folder. Each shard uses every core of its machine;
# on one machine, pass `--threads` so N shards do not oversubscribe it.
set -euo pipefail
n=${1:?usage: parallel.sh N -- COMMAND ARGS...}
shift
[ "${1:-}" = "--" ] && shift
parts=${PARTS:-parts}
seq 0 $((n - 1)) | parallel --halt now,fail=1 quotasim "$@" --shard "{}/$n" --out "$parts" -q
quotasim merge "$parts"/shard-*-of-"$n".partial

#!/usr/bin/env bash
# The whole Kubernetes recipe: the shared volume, the scenario, the shards'
# Indexed Job, then the merge once every shard is complete.
#   deploy/kubernetes/run.sh scenarios/coverage.toml
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scenario=${1:?usage: run.sh SCENARIO.toml}
kubectl apply -f "$here/volume.yaml"
kubectl create configmap quotasim-scenario --from-file=scenario.toml="$scenario" --dry-run=client -o yaml | kubectl apply -f -
kubectl delete job quotasim-shards quotasim-merge --ignore-not-found
kubectl apply -f "$here/shards-job.yaml"
kubectl wait --for=condition=complete job/quotasim-shards --timeout=2h
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete job/quotasim-merge --timeout=30m
kubectl logs job/quotasim-merge

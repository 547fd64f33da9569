#!/usr/bin/env bash
# Read-only proof of mig4j on a machine with real NVIDIA GPUs and no Java: runs the CLI with both NVML
# bindings, the catalog diff, and the NVML call-cost benchmarks (C and JMH side by side).
# Needs the bundle from tools/make-device-bundle.sh in .device-carry/. Writes everything to $OUT (or ./gpu-proof).
# Only read-only NVML calls are made: nothing here enables MIG or creates/destroys instances.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${OUT:-gpu-proof}"
mkdir -p "$out"
work="$(mktemp -d)"
tar -C "$work" -xzf .device-carry/jre.tar.gz
java="$work/jre/bin/java"
export MIG4J_JAVA="$java" MIG4J_JAR="$PWD/.device-carry/mig4j.jar" MIG4J_CDS=off
run() { echo "\$ $*"; "$@"; echo "(exit $?)"; }

[[ "${MIG4J_ONLY_BENCH:-}" == 1 ]] || {
  nvidia-smi --query-gpu=index,name,pci.device_id,memory.total,driver_version,mig.mode.current --format=csv
  "$java" -version 2>&1
  for backend in ffm jna; do
    ./mig4j inventory --nvml --backend "$backend" --json > "$out/inventory-$backend.json"
    echo "inventory --json via $backend: exit $?"
    ./mig4j profiles --nvml --backend "$backend" --json > "$out/profiles-$backend.json"
    echo "profiles --json via $backend: exit $?"
  done
  run ./mig4j inventory --nvml
  run ./mig4j profiles --nvml --compare
  run ./mig4j doctor --nvml --backend ffm
  run ./mig4j doctor --nvml --backend jna
  run cmp "$out/inventory-ffm.json" "$out/inventory-jna.json"
  run cmp "$out/profiles-ffm.json" "$out/profiles-jna.json"
  run python3 tools/nvml-catalog-check.py --catalog sdk-api/src/main/resources/io/mig4j/api/catalog.json \
      --json "$out/nvml-python.json"
  # independent cross-check of the Java answers against nvidia-smi's own text
  nvidia-smi --query-gpu=index,uuid,name,pci.bus_id,memory.total --format=csv,noheader
  nvidia-smi mig -lgip
  nvidia-smi mig -lgipp
} 2>&1 | tee "$out/proof.log"

if [[ "${MIG4J_SKIP_BENCH:-}" != 1 ]]; then
  {
    gcc -O2 -o "$work/nvml_bench" benchmarks/src/main/c/nvml_bench.c -ldl && "$work/nvml_bench" libnvidia-ml.so.1 5
    "$java" -jar .device-carry/benchmarks.jar NvmlCallBenchmark -rf json -rff "$out/jmh.json" ${JMH_ARGS:-}
    "$work/nvml_bench" libnvidia-ml.so.1 5
  } 2>&1 | tee "$out/bench.log"
fi

#!/usr/bin/env bash
# Start-up benchmark of the mig4j CLI's catalog-only commands: the median wall time of N runs of each through the
# ./mig4j launcher, with its class-data-sharing archive (the default) and without it (MIG4J_CDS=off), beside what
# nvidia-smi takes for similar questions (about 0.1-0.5 s: it loads libnvidia-ml and talks to the driver; measured
# here too when nvidia-smi is installed). Needs the jar: ./mvnw -B -q package -DskipTests.
# Usage: tools/cli-startup-bench.sh [runs (default 9)]. Prints one table; docs/BENCHMARKS.md keeps the numbers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-9}"
target="${MIG4J_BENCH_TARGET_S:-0.4}"

commands=(
  "profiles --product H100-80GB"
  "products"
  "validate --product H100-80GB 3g.40gb@4,2g.20gb@0,1g.10gb,1g.10gb"
  "layouts --product A100-40GB --maximal --count"
  "mig-parted validate samples/configs/mig-parted-example.yaml"
)

median_s() { # runs "$@" $runs times, prints the median wall time in seconds
  local times=() i t0 t1
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  local sorted
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  awk -v ms="${sorted[$((runs / 2))]}" 'BEGIN { printf "%.3f", ms / 1000 }'
}

./mig4j products >/dev/null           # makes the archive when it is missing (in the background) ...
for _ in $(seq 1 60); do               # ... and waits for it, so that the first timed runs use it
  ls samples/cli/target/mig4j-*.aot samples/cli/target/mig4j-*.jsa >/dev/null 2>&1 && break
  ls "${XDG_CACHE_HOME:-$HOME/.cache}"/mig4j/mig4j-* >/dev/null 2>&1 && break
  sleep 1
done

echo "mig4j CLI start-up: median wall time of $runs runs, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-70s %9s %9s %s\n' "COMMAND" "CDS_S" "NO_CDS_S" "TARGET"
worst=0
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  with=$(median_s ./mig4j $c)
  # shellcheck disable=SC2086
  without=$(MIG4J_CDS=off median_s ./mig4j $c)
  ok=$(awk -v a="$with" -v t="$target" 'BEGIN { print (a < t) ? "under " t " s" : "OVER " t " s" }')
  [[ "$ok" == OVER* ]] && worst=1
  printf '%-70s %9s %9s %s\n' "mig4j $c" "$with" "$without" "$ok"
done
if command -v nvidia-smi >/dev/null 2>&1; then
  printf '%-70s %9s\n' "nvidia-smi -L" "$(median_s nvidia-smi -L)"
  printf '%-70s %9s\n' "nvidia-smi mig -lgip" "$(median_s nvidia-smi mig -lgip)"
else
  printf '%-70s %9s\n' "nvidia-smi (not installed here; typically 0.1-0.5 s)" "-"
fi
exit "$worst"

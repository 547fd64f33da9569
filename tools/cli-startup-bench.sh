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

median_s() { # runs "$@" $runs times; prints the median wall time and the median CPU time (user+sys), seconds
  local walls=() cpus=() i t TIMEFORMAT='%R %U %S'
  for ((i = 0; i < runs; i++)); do
    t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || { echo "FAILED: $*" >&2; return 1; }
    read -r wall user sys <<<"$t"
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
  done
  local mid=$((runs / 2))
  printf '%s %s' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$((mid + 1))p")" \
    "$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$((mid + 1))p")"
}

./mig4j products >/dev/null           # makes the archive when it is missing (in the background) ...
for _ in $(seq 1 60); do               # ... and waits for it, so that the first timed runs use it
  ls samples/cli/target/mig4j-*.aot samples/cli/target/mig4j-*.jsa >/dev/null 2>&1 && break
  ls "${XDG_CACHE_HOME:-$HOME/.cache}"/mig4j/mig4j-* >/dev/null 2>&1 && break
  sleep 1
done

echo "mig4j CLI start-up: median of $runs runs, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(./mig4j --version 2>/dev/null | tail -n 1)"
printf '%-66s %7s %7s %9s %9s  %s\n' "COMMAND" "WALL_S" "CPU_S" "NOCDS_W" "NOCDS_CPU" "TARGET"
worst=0
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  read -r wall cpu <<<"$(median_s ./mig4j $c)"
  # shellcheck disable=SC2086
  read -r wall0 cpu0 <<<"$(MIG4J_CDS=off median_s ./mig4j $c)"
  ok=$(awk -v a="$wall" -v t="$target" 'BEGIN { print (a < t) ? "under " t " s" : "OVER " t " s" }')
  [[ "$ok" == OVER* ]] && worst=1
  printf '%-66s %7s %7s %9s %9s  %s\n' "mig4j $c" "$wall" "$cpu" "$wall0" "$cpu0" "$ok"
done
if command -v nvidia-smi >/dev/null 2>&1; then
  for c in "-L" "mig -lgip"; do
    # shellcheck disable=SC2086
    read -r wall cpu <<<"$(median_s nvidia-smi $c)"
    printf '%-66s %7s %7s\n' "nvidia-smi $c" "$wall" "$cpu"
  done
else
  echo "nvidia-smi: not installed here (it typically takes 0.1-0.5 s: it loads libnvidia-ml and asks the driver)"
fi
exit "$worst"

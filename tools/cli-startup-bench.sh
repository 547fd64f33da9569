#!/usr/bin/env bash
# Start-up benchmark of the mig4j CLI's catalog-only commands: the median wall time and the median CPU time
# (user+sys, which a busy machine inflates far less than wall time) of N runs of each through the ./mig4j launcher,
# with its class-data-sharing archive (the default) and without it (MIG4J_CDS=off), each command judged against the
# start-up target (0.4 s wall, issue 11; MIG4J_BENCH_TARGET_S changes it). Beside it, what nvidia-smi takes for
# similar questions (about 0.1-0.5 s: it loads libnvidia-ml and talks to the driver; measured here too when it is
# installed). Needs the jar: ./mvnw -B -q package -DskipTests.
#
# Usage: tools/cli-startup-bench.sh [runs (default 9)] [baseline launcher, e.g. /path/to/other/checkout/mig4j]
# With a baseline, its runs are interleaved with ours (ours, baseline, ours, ...), so that both see the same load,
# and the table gains its columns; the no-archive columns are left out then. The exit code is 1 when a command's
# median is over the target. docs/BENCHMARKS.md keeps the numbers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-9}"
baseline="${2:-}"
target="${MIG4J_BENCH_TARGET_S:-0.4}"

commands=(
  "profiles --product H100-80GB"
  "products"
  "validate --product H100-80GB 3g.40gb@4,2g.20gb@0,1g.10gb,1g.10gb"
  "layouts --product A100-40GB --maximal --count"
  "mig-parted validate samples/configs/mig-parted-example.yaml"
)

one_run() { # one run of "$@" (output discarded); prints its wall and CPU (user+sys) seconds
  local t TIMEFORMAT='%R %U %S'
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || { echo "FAILED: $*" >&2; return 1; }
  read -r wall user sys <<<"$t"
  printf '%s %s\n' "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')"
}

median() { sort -n | sed -n "$((runs / 2 + 1))p"; }

# measure LAUNCHER...: runs "LAUNCHER $c" for each launcher $runs times, interleaved (one of each, then again);
# a launcher written "cds-off:PATH" runs with MIG4J_CDS=off. Sets wall_<i> and cpu_<i> to launcher i's medians.
measure() {
  local i j n=$# spec
  local -a walls=() cpus=()
  for ((j = 0; j < runs; j++)); do
    i=0
    for spec in "$@"; do
      # shellcheck disable=SC2086
      if [[ "$spec" == cds-off:* ]]; then
        read -r w cpu <<<"$(MIG4J_CDS=off one_run "${spec#cds-off:}" $c)"
      else
        read -r w cpu <<<"$(one_run "$spec" $c)"
      fi
      walls[i]+="$w "; cpus[i]+="$cpu "
      i=$((i + 1))
    done
  done
  for ((i = 0; i < n; i++)); do
    printf -v "wall_$i" '%s' "$(tr ' ' '\n' <<<"${walls[i]}" | grep . | median)"
    printf -v "cpu_$i" '%s' "$(tr ' ' '\n' <<<"${cpus[i]}" | grep . | median)"
  done
}

warm() { # makes a launcher's archive when it is missing (in the background) and waits for it
  local launcher="$1" dir
  dir="$(dirname "$launcher")/samples/cli/target"
  "$launcher" products >/dev/null
  for _ in $(seq 1 90); do
    ls "$dir"/mig4j-*.aot "$dir"/mig4j-*.jsa >/dev/null 2>&1 && return 0
    ls "${XDG_CACHE_HOME:-$HOME/.cache}"/mig4j/mig4j-* >/dev/null 2>&1 && return 0
    sleep 1
  done
}
warm ./mig4j
[[ -z "$baseline" ]] || warm "$baseline"

echo "mig4j CLI start-up: median of $runs runs, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" \
  "(at the start), $(./mig4j --version 2>/dev/null | tail -n 1)"
if [[ -n "$baseline" ]]; then
  printf '%-66s %7s %7s %7s %7s  %s\n' "COMMAND" "WALL_S" "CPU_S" "BASE_W" "BASE_CPU" "TARGET (wall < $target s)"
else
  printf '%-66s %7s %7s %9s %9s  %s\n' "COMMAND" "WALL_S" "CPU_S" "NOCDS_W" "NOCDS_CPU" "TARGET (wall < $target s)"
fi
worst=0
for c in "${commands[@]}"; do
  if [[ -n "$baseline" ]]; then
    measure ./mig4j "$baseline"
  else
    measure ./mig4j cds-off:./mig4j
  fi
  ok=$(awk -v a="$wall_0" -v t="$target" 'BEGIN { print (a < t) ? "under " t " s" : "OVER " t " s" }')
  [[ "$ok" == OVER* ]] && worst=1
  if [[ -n "$baseline" ]]; then
    printf '%-66s %7s %7s %7s %7s  %s\n' "mig4j $c" "$wall_0" "$cpu_0" "$wall_1" "$cpu_1" "$ok"
  else
    printf '%-66s %7s %7s %9s %9s  %s\n' "mig4j $c" "$wall_0" "$cpu_0" "$wall_1" "$cpu_1" "$ok"
  fi
done
if command -v nvidia-smi >/dev/null 2>&1; then
  for c in "-L" "mig -lgip"; do
    measure nvidia-smi
    printf '%-66s %7s %7s\n' "nvidia-smi $c" "$wall_0" "$cpu_0"
  done
else
  echo "nvidia-smi: not installed here (it typically takes 0.1-0.5 s: it loads libnvidia-ml and asks the driver)"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$worst"

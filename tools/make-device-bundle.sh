#!/usr/bin/env bash
# Packs what a GPU machine without Java needs to run the mig4j CLI and the NVML benchmarks:
# a jlinked JDK runtime (.tar.gz), the CLI fat jar and the JMH jar, into .device-carry/ (git-ignored).
# Usage: tools/make-device-bundle.sh [path-to-jdk-22+]   (default: newest JDK under /usr/lib/jvm)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jdk="${1:-}"
if [[ -z "$jdk" ]]; then
  for d in /usr/lib/jvm/*; do
    [[ -x "$d/bin/jlink" ]] || continue
    v="$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
    if [[ -n "$v" && "$v" -ge 22 ]]; then jdk="$d"; fi
  done
fi
[[ -n "$jdk" && -x "$jdk/bin/jlink" ]] || { echo "no JDK 22+ with jlink found; pass its path" >&2; exit 2; }

[[ -f samples/cli/target/mig4j.jar && -f benchmarks/target/benchmarks.jar ]] || ./mvnw -B -q package -DskipTests

out=.device-carry
rm -rf "$out" && mkdir -p "$out"
modules="$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  samples/cli/target/mig4j.jar benchmarks/target/benchmarks.jar)"
"$jdk/bin/jlink" --add-modules "$modules,jdk.management" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-9 --output "$out/jre"
tar -C "$out" -czf "$out/jre.tar.gz" jre && rm -rf "$out/jre"
cp samples/cli/target/mig4j.jar benchmarks/target/benchmarks.jar "$out/"
du -sh "$out"/*

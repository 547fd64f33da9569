#!/usr/bin/env bash
# Packs what a GPU machine without Java needs to run the mig4j CLI and the NVML benchmarks:
# a jlinked JDK runtime (.tar.gz) and slim copies of the CLI jar and the JMH jar (NVML parts only), into
# .device-carry/ (git-ignored).
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
# The fat jars carry the Kubernetes half (fabric8, WireMock, Netty, cel-java: about 50 MB) that the GPU commands
# never load; the device machine takes 64 MiB in all, so only what the NVML commands and benchmarks need travels.
python3 - "$out" <<'PY'
import sys, zipfile
out = sys.argv[1]
def slim(src, dst, keep, benchmark_list_filter=None):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            name = item.filename
            if not any(name.startswith(k) for k in keep):
                continue
            data = zin.read(item)
            if benchmark_list_filter and name == "META-INF/BenchmarkList":
                data = b"".join(l for l in data.splitlines(True) if benchmark_list_filter.encode() in l)
            zout.writestr(item, data)
common = ("META-INF/", "io/mig4j/api/", "io/mig4j/nvml/", "com/sun/jna/", "tools/jackson/", "com/fasterxml/jackson/annotation/",
          "org/snakeyaml/", "picocli/")
slim("samples/cli/target/mig4j.jar", out + "/mig4j.jar", common + ("io/mig4j/cli/", "io/mig4j/testkit/nvml/"))
slim("benchmarks/target/benchmarks.jar", out + "/benchmarks.jar",
     common + ("io/mig4j/benchmarks/NvmlCall", "io/mig4j/benchmarks/jmh_generated/NvmlCall", "org/openjdk/jmh/",
               "joptsimple/", "org/apache/commons/math3/"), "NvmlCallBenchmark")
PY
modules="$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  "$out/mig4j.jar" "$out/benchmarks.jar")"
"$jdk/bin/jlink" --add-modules "$modules,jdk.management" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-9 --output "$out/jre"
tar -C "$out" -czf "$out/jre.tar.gz" jre && rm -rf "$out/jre"
du -sh "$out"/*
total="$(du -cb "$out"/* | tail -n 1 | cut -f 1)"
(( total < 64 * 1024 * 1024 )) || { echo "the bundle is $total bytes: over the device machine's 64 MiB" >&2; exit 1; }

#!/usr/bin/env bash
# Converting a generated N-package (default 50,000) Konflux-shaped SPDX 2.3 document to CycloneDX
# 1.6 with konflux-native-bom, and the parse-only floors of java-spdx-library and
# cyclonedx-core-java; each in its own JVM under /usr/bin/time for wall time and peak RSS.
# Build first: ./mvnw -B -ntp -o -Dquick package -pl benchmarks -am -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-50000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp="benchmarks/target/classes:$(ls benchmarks/target/lib/*.jar | tr '\n' ':')"
main=dev.konflux.ecosystem.benchmarks.SbomConversionHarness
run() {
  local label="$1"; shift
  /usr/bin/time -f "$label: wall %e s, cpu user %U s sys %S s, peak RSS %M KiB" java -cp "$cp" "$main" "$@"
}
java -cp "$cp" "$main" generate "$work/in.spdx.json" "$n"
run "convert (validate + convert)" convert "$work/in.spdx.json" "$work/out.cdx.json"
run "convert (no SPDX verify)" convert "$work/in.spdx.json" "$work/out2.cdx.json" noverify
run "java-spdx-library parse only" spdx-parse "$work/in.spdx.json"
run "cyclonedx-core-java parse only" cdx-parse "$work/out.cdx.json"

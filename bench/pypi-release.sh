#!/bin/bash
# Times the Python target (validation + files + metadata + key-based PEP 740 attestations + index,
# whole process, from a signed OCI layout) on N wheels of 10 KiB-2 MiB against the floors of the
# issue: `unzip -tq` over the same wheels (inflates and CRC-checks every member: the floor for
# checking RECORD) and, with pypi.verifyRecord=false, `openssl dgst -sha256` over the same bytes.
# Usage: bench/pypi-release.sh [WORK_DIR] [N]   (the corpus and layout are reused when present)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/konflux-pypi-bench}; n=${2:-2000}
mkdir -p "$work"; work=$(cd "$work" && pwd)
(cd "$repo" && ./mvnw -B -o -q -Dquick -pl benchmarks -am package -DskipTests)
cp="$repo/benchmarks/target/konflux-native-benchmarks-0.1.0-SNAPSHOT.jar:$repo/benchmarks/target/lib/*"
main=dev.konflux.ecosystem.benchmarks.PypiReleaseBenchmark
corpus="$work/wheels-$n"
if [ ! -d "$corpus" ]; then
  echo "building corpus of $n wheels..."
  python3 "$repo/bench/pypi-corpus.py" "$corpus" "$n"
fi
[ -d "$work/layout-$n" ] || java -cp "$cp" $main prepare "$work/layout-$n" "$corpus"
echo "corpus: $(ls "$corpus" | wc -l) wheels, $(du -sh "$corpus" | cut -f1); uptime: $(uptime)"
prep() { sync; cat "$corpus"/*.whl "$work/layout-$n"/blobs/sha256/* >/dev/null; }
t() { local label=$1; shift; prep; /usr/bin/time -f "$label wall=%e s user=%U s sys=%S s maxrss=%M KB" "$@"; }
t "unzip -tq (each wheel)" bash -c "for f in '$corpus'/*.whl; do unzip -tq \"\$f\" >/dev/null; done"
t "openssl dgst -sha256" bash -c "openssl dgst -sha256 '$corpus'/*.whl >/dev/null"
for opts in "" "pypi.verifyRecord=false"; do
  rm -rf "$work/out"
  t "ours ${opts:-verifyRecord=true} -Xmx256m" java -Xmx256m -XX:+UseSerialGC -cp "$cp" $main translate \
    "$work/layout-$n" "$work/out" $opts
done
echo "uptime: $(uptime)"

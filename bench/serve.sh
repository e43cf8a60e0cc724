#!/usr/bin/env bash
# Whole-process benchmark of `konflux-native serve` against `python3 -m http.server` (the floor:
# the same files already on disk), on one signed Konflux RPM build of N packages.
#
# Measures: time to first byte of one RPM from the cold artifact (the server produces and signs
# just that package), time to first byte of repomd.xml cold (every package produced, then the
# repodata), throughput of 50 concurrent warm downloads of different RPMs (ours and the floor),
# and the server's peak RSS.
#
# Usage: bench/serve.sh [WORKDIR]
#   env: N (100 packages), MIB (1: MiB of incompressible payload per package), RUNS (3)
# Needs: rpmbuild, curl, python3, /usr/bin/time, Java 17.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$(mktemp -d /tmp/konflux-serve-bench.XXXXXX)}
N=${N:-100}
MIB=${MIB:-1}
RUNS=${RUNS:-3}
mkdir -p "$WORK"

echo "== building examples and benchmarks"
(cd "$ROOT" && ./mvnw -B -o -q -Dquick -pl examples,benchmarks -am package -DskipTests)
CLI_CP="$ROOT/examples/target/classes:$ROOT/examples/target/lib/*"
BENCH_CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"

if [ ! -d "$WORK/rpmbuild/RPMS/x86_64" ]; then
  echo "== $N packages of $MIB MiB each (one rpmbuild, one subpackage each)"
  mkdir -p "$WORK/rpmbuild"
  {
    printf 'Name: bench\nVersion: 1.0\nRelease: 1\nSummary: bench\nLicense: MIT\nBuildArch: x86_64\n%%description\nbench\n'
    for i in $(seq 1 "$N"); do printf '%%package p%d\nSummary: p%d\n%%description p%d\np%d\n' "$i" "$i" "$i" "$i"; done
    printf '%%install\nmkdir -p %%{buildroot}/usr/share/bench\nfor i in $(seq 1 %d); do head -c %dM /dev/urandom > %%{buildroot}/usr/share/bench/p$i; done\n' "$N" "$MIB"
    for i in $(seq 1 "$N"); do printf '%%files p%d\n/usr/share/bench/p%d\n' "$i" "$i"; done
  } > "$WORK/rpmbuild/bench.spec"
  rpmbuild --define "_topdir $WORK/rpmbuild" --define "debug_package %{nil}" --define "__os_install_post %{nil}" \
    --define "_binary_payload w1.zstdio" -bb "$WORK/rpmbuild/bench.spec" >"$WORK/rpmbuild.log" 2>&1
  rm -f "$WORK"/rpmbuild/RPMS/x86_64/bench-1.0-1.x86_64.rpm
fi
echo "packages: $(ls "$WORK/rpmbuild/RPMS/x86_64" | wc -l), $(du -sb "$WORK/rpmbuild/RPMS/x86_64" | cut -f1) bytes"
rm -rf "$WORK/layout"
REF=$(java -cp "$BENCH_CP" dev.konflux.ecosystem.benchmarks.ServeCorpus "$WORK/rpmbuild/RPMS/x86_64" "$WORK/layout" "$WORK/cosign.pub")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 600); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
pkg() { echo "rpm/x86_64/Packages/bench-p$1-1.0-1.x86_64.rpm"; }

# 50 concurrent downloads of 50 different packages; prints wall seconds and MB/s.
burst() {
  local base=$1 start end bytes
  start=$(date +%s.%N)
  seq 1 50 | xargs -P 50 -I{} sh -c "curl -fsS -o /dev/null -w '%{size_download}\n' '$base/rpm/x86_64/Packages/bench-p{}-1.0-1.x86_64.rpm'" >"$WORK/burst.sizes"
  end=$(date +%s.%N)
  bytes=$(paste -sd+ "$WORK/burst.sizes" | bc)
  python3 -c "w=$end-$start; print(f'{w:.3f} s, {$bytes/w/1e6:.1f} MB/s ({$bytes} bytes)')"
}

for run in $(seq 1 "$RUNS"); do
  echo "== run $run"
  PORT=$(free_port)
  rm -rf "$WORK/cache"
  /usr/bin/time -v -o "$WORK/serve.time" java -cp "$CLI_CP" dev.konflux.ecosystem.examples.cli.KonfluxNativeCli serve \
    --artifact "$REF" --cosign-key "$WORK/cosign.pub" --port "$PORT" --cache-dir "$WORK/cache" >"$WORK/serve.log" 2>&1 &
  SERVER=$!
  wait_http "http://127.0.0.1:$PORT/" || { cat "$WORK/serve.log"; exit 1; }
  BASE="http://127.0.0.1:$PORT"
  echo "ours  TTFB one RPM, cold:      $(curl -fsS -o /dev/null -w '%{time_starttransfer}' "$BASE/$(pkg 7)") s"
  echo "ours  TTFB same RPM, warm:     $(curl -fsS -o /dev/null -w '%{time_starttransfer}' "$BASE/$(pkg 7)") s"
  echo "ours  TTFB repomd.xml, cold:   $(curl -fsS -o /dev/null -w '%{time_starttransfer}' "$BASE/rpm/x86_64/repodata/repomd.xml") s (all $N packages, then repodata)"
  echo "ours  50 concurrent warm:      $(burst "$BASE")"
  echo "ours  50 concurrent warm:      $(burst "$BASE")"
  VIEW=$(dirname "$(dirname "$(find "$WORK/cache" -type d -path '*/view/rpm' | head -1)")")
  FPORT=$(free_port)
  (cd "$VIEW/view" && exec python3 -m http.server "$FPORT" --bind 127.0.0.1 >"$WORK/floor.log" 2>&1) &
  FLOOR=$!
  wait_http "http://127.0.0.1:$FPORT/"
  echo "floor TTFB one RPM (on disk):  $(curl -fsS -o /dev/null -w '%{time_starttransfer}' "http://127.0.0.1:$FPORT/$(pkg 7)") s"
  echo "floor 50 concurrent:           $(burst "http://127.0.0.1:$FPORT")"
  echo "floor 50 concurrent:           $(burst "http://127.0.0.1:$FPORT")"
  kill "$FLOOR"; wait "$FLOOR" 2>/dev/null || true
  # Stop java (the child of /usr/bin/time), so time reports the peak RSS.
  kill "$(pgrep -P "$SERVER")"; wait "$SERVER" 2>/dev/null || true
  echo "ours  peak RSS:                $(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/serve.time") KiB"
done

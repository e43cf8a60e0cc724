#!/usr/bin/env bash
# Whole-process pull benchmark: our RegistrySource against `skopeo copy`, same corpus, same
# loopback docker-registry, same run.
#
# Usage: bench/pull.sh [WORKDIR]
#   env: RUNS (3), N (200), MIN (4096), MAX (67108864), PARALLEL (4), SHARED (../shared)
# Needs: docker-registry, skopeo, /usr/bin/time, python3, Java 17.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
WORK=${1:-$(mktemp -d /tmp/konflux-pull-bench.XXXXXX)}
RUNS=${RUNS:-3}
N=${N:-200}
MIN=${MIN:-4096}
MAX=${MAX:-67108864}
PARALLEL=${PARALLEL:-4}
mkdir -p "$WORK"

echo "== building benchmarks module"
(cd "$ROOT" && ./mvnw -B -o -q -Dquick -pl benchmarks -am package -DskipTests)
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"

if [ ! -d "$WORK/corpus" ]; then
  echo "== corpus: $N files of $MIN..$MAX bytes"
  python3 "$SHARED/bench/random-files.py" "$N" "$MIN" "$MAX" "$WORK/corpus"
fi
echo "corpus: $(ls "$WORK/corpus" | wc -l) files, $(du -sb "$WORK/corpus" | cut -f1) bytes"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
mkdir -p "$WORK/registry/storage"
cat > "$WORK/registry/config.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $WORK/registry/storage
http:
  addr: 127.0.0.1:$PORT
YAML
/usr/bin/docker-registry serve "$WORK/registry/config.yml" >"$WORK/registry/log" 2>&1 &
REGISTRY_PID=$!
trap 'kill "$REGISTRY_PID" 2>/dev/null; wait "$REGISTRY_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/v2/" 2>/dev/null && break
  sleep 0.1
done
echo "docker-registry pid $REGISTRY_PID on 127.0.0.1:$PORT"

REF="127.0.0.1:$PORT/bench/corpus:v1"
echo "== pushing the corpus as one artifact"
java -cp "$CP" dev.konflux.ecosystem.benchmarks.PushCorpus "127.0.0.1:$PORT" bench/corpus v1 "$WORK/corpus"

# Prints "seconds maxrss_kib" from a /usr/bin/time -v report.
parse_time() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %d\n", wall, rss }' "$1"
}

declare -a SKOPEO OURS OURS_RSS SKOPEO_RSS
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/oci"
  /usr/bin/time -v -o "$WORK/time-skopeo" skopeo copy -q --src-tls-verify=false "docker://$REF" "oci:$WORK/oci:v1"
  read -r s r < <(parse_time "$WORK/time-skopeo")
  SKOPEO+=("$s"); SKOPEO_RSS+=("$r")
  echo "skopeo run $i: ${s} s, max RSS $((r / 1024)) MiB"

  /usr/bin/time -v -o "$WORK/time-ours" java -Xmx128m -cp "$CP" dev.konflux.ecosystem.benchmarks.PullBenchmark \
    "$REF" --plain-http --parallel "$PARALLEL"
  read -r s r < <(parse_time "$WORK/time-ours")
  OURS+=("$s"); OURS_RSS+=("$r")
  echo "ours   run $i: ${s} s, max RSS $((r / 1024)) MiB"
done
rm -rf "$WORK/oci"

python3 - "${SKOPEO[*]}" "${OURS[*]}" "${OURS_RSS[*]}" "${SKOPEO_RSS[*]}" <<'PY'
import statistics, sys
sk = [float(x) for x in sys.argv[1].split()]
us = [float(x) for x in sys.argv[2].split()]
rss = [int(x) for x in sys.argv[3].split()]
skrss = [int(x) for x in sys.argv[4].split()]
print(f"skopeo copy : median {statistics.median(sk):.2f} s  (runs {sk}), max RSS {max(skrss)//1024} MiB")
print(f"RegistrySource pull (-Xmx128m): median {statistics.median(us):.2f} s  (runs {us}), max RSS {max(rss)//1024} MiB")
print(f"ratio ours/skopeo (median wall): {statistics.median(us)/statistics.median(sk):.2f}")
PY

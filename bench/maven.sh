#!/bin/bash
# Times konflux-native's Maven target (.md5 .sha1 .sha256 .sha512 and an armored .asc for every
# file, computed from one read of the layer) against the peer way on the same bytes:
# `gpg --detach-sign --armor` plus md5sum, sha1sum, sha256sum, sha512sum per file, and the four sum
# tools one after another over all files (the hashing floor), with an Ed25519 key.
# Usage: bench/maven.sh [WORK_DIR] [N MIN MAX]
#   defaults: /tmp/konflux-maven-bench 1000 1024 20971520 (about 2.2 GB; the corpus is kept and
#   reused). The peer runs through ../shared/bench/peer-maven.sh when it is there (KONFLUX_SHARED).
# Ours is one whole CLI process (`konflux-native translate`) on an OCI layout whose one tar layer
# holds the files as attachments of one GAV (org.bench:corpus:1.0, classifier fNNNN, type bin):
# it reads the layer, writes every file into the output and adds the five sidecars.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${KONFLUX_SHARED:-$repo/../shared}
work=${1:-/tmp/konflux-maven-bench}; n=${2:-1000}; min=${3:-1024}; max=${4:-20971520}
mkdir -p "$work"; work=$(cd "$work" && pwd)
files="$work/files"

if [ ! -f "$work/corpus.done" ]; then
  rm -rf "$files"; mkdir -p "$files"
  # N files of random content, sizes log-uniform in [MIN, MAX], fixed seed.
  python3 - "$n" "$min" "$max" "$files" <<'PY'
import math, os, random, sys
n, lo, hi, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(20261202)
for i in range(n):
    size = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
    with open(os.path.join(out, "corpus-1.0-f%04d.bin" % i), "wb") as f:
        left = size
        while left > 0:
            chunk = min(left, 1 << 20)
            f.write(rng.randbytes(chunk))
            left -= chunk
PY
  touch "$work/corpus.done"
fi
echo "corpus: $(ls "$files" | wc -l) files, $(du -sh "$files" | cut -f1)"

export GNUPGHOME="$work/gnupg"
if [ ! -f "$work/key.asc" ]; then
  rm -rf "$GNUPGHOME"; mkdir -m 700 -p "$GNUPGHOME"
  gpg --batch --passphrase '' --quick-gen-key 'Konflux Bench <bench@test.invalid>' ed25519 sign 0
  gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys bench@test.invalid >"$work/key.asc"
fi

# The Maven tree in one tar layer of an OCI layout, made by hand (no tool needed beyond coreutils).
layout="$work/layout"
if [ ! -f "$work/layout.done" ]; then
  rm -rf "$work/tree" "$layout"
  dir="$work/tree/org/bench/corpus/1.0"; mkdir -p "$dir"
  ln "$files"/*.bin "$dir/"
  cat >"$dir/corpus-1.0.pom" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.bench</groupId>
  <artifactId>corpus</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
</project>
POM
  mkdir -p "$layout/blobs/sha256"
  tar --hard-dereference --sort=name --owner=0 --group=0 -C "$work/tree" -cf "$work/layer.tar" org
  layer=$(sha256sum "$work/layer.tar" | cut -d' ' -f1); lsize=$(stat -c %s "$work/layer.tar")
  mv "$work/layer.tar" "$layout/blobs/sha256/$layer"
  printf '{}' >"$layout/blobs/sha256/44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
  manifest='{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.konflux.maven.repository.v1+tar","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:'$layer'","size":'$lsize'}]}'
  mdigest=$(printf '%s' "$manifest" | sha256sum | cut -d' ' -f1)
  printf '%s' "$manifest" >"$layout/blobs/sha256/$mdigest"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"bench"}}]}' \
    "$mdigest" "${#manifest}" >"$layout/index.json"
  rm -rf "$work/tree"
  touch "$work/layout.done"
fi

"$repo/konflux-native" --help >/dev/null 2>&1 || true   # builds the CLI outside the timing

prep() { sync; cat "$files"/* "$layout"/blobs/sha256/* >/dev/null; }
echo "load before: $(uptime)"
if [ -x "$shared/bench/peer-maven.sh" ]; then
  prep; "$shared/bench/peer-maven.sh" "$files" bench@test.invalid
else
  echo "peer script not found at $shared/bench/peer-maven.sh; peer not timed"
fi
for run in 1 2; do
  rm -rf "$work/out"; prep
  /usr/bin/time -f "ours run $run whole-process wall=%e s user=%U s sys=%S s maxrss=%M KB" \
    "$repo/konflux-native" translate --artifact "oci-layout:$layout:bench" --insecure-skip-verify \
    --gpg-key "$work/key.asc" --out "$work/out" >/dev/null
done
echo "load after: $(uptime)"
ls "$work/out/maven/org/bench/corpus/1.0" | grep -c '\.asc$' | sed 's/^/signatures written: /'

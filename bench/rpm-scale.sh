#!/bin/bash
# Issue 14's two Fedora-scale cases, ours through the CLI as a user runs it (./konflux-native
# translate: cosign verification, digest checks, RPM signing, repodata) against the peers, in one
# run. Needs the shared peer scripts (../shared/bench or KONFLUX_SHARED): rpm-corpus.sh,
# peer-rpm.sh, peer-rpm-update.sh (they are called by path, not copied).
#
# Usage: bench/rpm-scale.sh [WORK_DIR] [N1] [N2_OLD] [N2_BATCH] [N2_NEW]
#   case 1: N1 (default 5000) noarch RPMs of 10 KiB-5 MiB in one Konflux RPM build artifact,
#           released into an empty output, RSA-4096 and Ed25519; peer: rpmsign --addsign +
#           createrepo_c on the same files and key.
#   case 2: a committed output of N2_OLD (default 50000) small RPMs (1-8 KiB) released as
#           artifacts of N2_BATCH (default 2000), then a release adding N2_NEW (default 100), then
#           the same release again (no-op); Ed25519. Peer: rpmsign of the new ones + createrepo_c
#           --update of a repository holding the old ones.
# CASES="1" or CASES="2" runs (and prepares) one case only (default: both).
# PREPARE_ONLY=1 builds everything untimed (corpora, layouts, keys, the peer repository) and stops,
# so that the timed part can run later on a quiet machine.
# Ours runs twice per measurement: "launcher" (the default ./konflux-native: SerialGC and its
# CDS archive, made by an untimed run before) and "no start-up work" (KONFLUX_NATIVE_CDS=0
# KONFLUX_NATIVE_GC= KONFLUX_NATIVE_HEAP=: plain JVM). Each line: wall, user, sys, max RSS. The machine is shared:
# `uptime` is printed around each case.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${KONFLUX_SHARED:-$repo/../shared}
work=${1:-/tmp/konflux-rpm-scale}; n1=${2:-5000}; old=${3:-50000}; batch=${4:-2000}; new=${5:-100}
mkdir -p "$work"; work=$(cd "$work" && pwd)
# Everything below is also kept in $work/results-<time>.txt; the measured lines are appended to
# bench/rpm-scale.md at the end ("Results of a run").
results="$work/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec > >(tee "$results") 2>&1
started=$(date +%s)
cases=${CASES:-1 2}
echo "bench/rpm-scale.sh $work $n1 $old $batch $new: $(date -u '+%F %H:%M UTC'), $(nproc) cores, $(git -C "$repo" rev-parse --short HEAD)"
(cd "$repo" && ./mvnw -B -o -q -Dquick -pl benchmarks,examples -am package -DskipTests)
bcp="$repo/benchmarks/target/konflux-native-benchmarks-0.1.0-SNAPSHOT.jar:$repo/benchmarks/target/lib/*"
dockerref=bench.invalid/konflux/rpms
cli="$repo/konflux-native"

keys() {  # ALG -> $work/ALG.secret and GNUPGHOME $work/gnupg-ALG
  local alg=$1 home="$work/gnupg-$1"
  if [ ! -f "$work/$alg.secret" ]; then
    rm -rf "$home"; mkdir -m 700 "$home"
    GNUPGHOME="$home" gpg --batch --quiet --passphrase '' --quick-gen-key "Bench $alg <bench-$alg@test.invalid>" "$alg" sign,cert 0
    GNUPGHOME="$home" gpg --batch --export-secret-keys --armor >"$work/$alg.secret"
  fi
}
layout() {  # NAME RPM_DIR [BATCH] -> refs in $work/NAME.refs
  local name=$1
  if [ ! -f "$work/$name.refs" ]; then
    rm -rf "$work/layout-$name"
    java -cp "$bcp" dev.konflux.ecosystem.benchmarks.RpmLayoutCorpus "$work/layout-$name" "$work/$name.pub" \
      "$dockerref" "$name" "$2" ${3:-} >"$work/$name.refs.tmp"
    mv "$work/$name.refs.tmp" "$work/$name.refs"
  fi
}
ours() {  # LABEL PUB KEY OUT REFS_FILE -- timed CLI release
  local label=$1 pub=$2 key=$3 out=$4 args=()
  while read -r r; do args+=(--artifact "$r"); done <"$5"
  sync
  /usr/bin/time -f "ours $label wall=%e s user=%U s sys=%S s maxrss=%M KB" \
    "$cli" translate "${args[@]}" --cosign-key "$pub" --docker-reference "$dockerref" --gpg-key "$key" \
    --option rpm.architectures=x86_64 --out "$out" >/dev/null
}
plain() { KONFLUX_NATIVE_CDS=0 KONFLUX_NATIVE_GC= KONFLUX_NATIVE_HEAP= "$@"; }

"$cli" --help >/dev/null  # builds the CLI if needed

# ---- preparation (untimed): corpora, layouts, keys, the peer's signed repository of case 2
c1="$work/case1"
if [[ " $cases " == *" 1 "* ]]; then
if [ ! -d "$c1/RPMS/noarch" ]; then
  t0=$(date +%s); "$shared/bench/rpm-corpus.sh" "$c1" "$n1"; echo "corpus of case 1: $(( $(date +%s) - t0 )) s"
fi
echo "== case 1: $(ls "$c1/RPMS/noarch" | wc -l) RPMs, $(du -sh "$c1/RPMS/noarch" | cut -f1)"
layout c1 "$c1/RPMS/noarch"
keys rsa4096; keys ed25519
fi
c2="$work/case2"
if [[ " $cases " == *" 2 "* ]]; then
if [ ! -d "$c2/old" ]; then
  t0=$(date +%s)
  [ -d "$c2/RPMS/noarch" ] || "$shared/bench/rpm-corpus.sh" "$c2" "$((old + new))" 1024 8192
  echo "corpus of case 2: $(( $(date +%s) - t0 )) s"
  mkdir -p "$c2/old" "$c2/new"
  ls "$c2/RPMS/noarch" | sort | head -n "$old" | sed "s|^|$c2/RPMS/noarch/|" | xargs mv -t "$c2/old"
  mv "$c2"/RPMS/noarch/*.rpm "$c2/new/"
fi
echo "== case 2: $(ls "$c2/old" | wc -l) committed + $(ls "$c2/new" | wc -l) new RPMs"
layout c2old "$c2/old" "$batch"
layout c2new "$c2/new"
alg=ed25519; keys "$alg"; uid="Bench $alg <bench-$alg@test.invalid>"
if [ ! -f "$work/peer-repo.ready" ]; then
  rm -rf "$work/peer-repo"; mkdir -p "$work/peer-repo"; cp -r "$c2/old/." "$work/peer-repo/"
  # xargs reads the names from a file (-a), so rpmsign's stdin can be /dev/null. Untimed
  # preparation, so it runs one rpmsign per core (50,000 signatures take ~28 min on one).
  (cd "$work/peer-repo" && ls >"$work/peer-repo.list" && xargs -a "$work/peer-repo.list" -n 1000 -P "$(nproc)" \
    env GNUPGHOME="$work/gnupg-$alg" rpmsign --define "_gpg_name $uid" --define '__gpg /usr/bin/gpg' \
    --addsign </dev/null >/dev/null 2>&1)
  rm -f "$work/peer-repo.list"
  createrepo_c -q --no-database "$work/peer-repo"; touch "$work/peer-repo.ready"
fi
fi
if [ -n "${PREPARE_ONLY:-}" ]; then echo "prepared (PREPARE_ONLY): $(( $(date +%s) - started )) s"; exit 0; fi

# ---- case 1
if [[ " $cases " == *" 1 "* ]]; then
for alg in rsa4096 ed25519; do
  keys "$alg"; uptime
  GNUPGHOME="$work/gnupg-$alg" /usr/bin/time -f "peer script total wall=%e s user=%U s sys=%S s" \
    "$shared/bench/peer-rpm.sh" "$c1/RPMS/noarch" "Bench $alg <bench-$alg@test.invalid>" 2>&1 | grep -v GPG_TTY
  GNUPGHOME="$work/gnupg-$alg" gpgconf --kill gpg-agent || true
  rm -rf "$work/out1"; "$cli" translate $(sed 's/^/--artifact /' "$work/c1.refs") --cosign-key "$work/c1.pub" \
    --docker-reference "$dockerref" --gpg-key "$work/$alg.secret" --option rpm.architectures=x86_64 \
    --out "$work/out1" >/dev/null  # untimed: makes the launcher's archive
  for rep in 1 2; do
    rm -rf "$work/out1"; ours "launcher $alg" "$work/c1.pub" "$work/$alg.secret" "$work/out1" "$work/c1.refs"
    rm -rf "$work/out1"; plain ours "no-start-up-work $alg" "$work/c1.pub" "$work/$alg.secret" "$work/out1" "$work/c1.refs"
  done
  rm -rf "$work/out1"
done
uptime

fi
# ---- case 2
if [[ " $cases " == *" 2 "* ]]; then
alg=ed25519
uptime
cp -a "$work/peer-repo" "$work/peer-repo-run"
GNUPGHOME="$work/gnupg-$alg" "$shared/bench/peer-rpm-update.sh" "$work/peer-repo-run" "$c2/new" "$uid"
rm -rf "$work/peer-repo-run"
for mode in launcher no-start-up-work; do
  run=(); [ "$mode" = launcher ] || run=(plain)
  rm -rf "$work/out2"
  "${run[@]}" ours "$mode first release of $(ls "$c2/old" | wc -l)" "$work/c2old.pub" "$work/$alg.secret" "$work/out2" "$work/c2old.refs"
  "${run[@]}" ours "$mode update adding $(ls "$c2/new" | wc -l)" "$work/c2new.pub" "$work/$alg.secret" "$work/out2" "$work/c2new.refs"
  "${run[@]}" ours "$mode no-op rerun" "$work/c2new.pub" "$work/$alg.secret" "$work/out2" "$work/c2new.refs"
done
fi
uptime
echo "total: $(( $(date +%s) - started )) s"
{
  echo
  echo "## Results of a run: \`bench/rpm-scale.sh WORK $n1 $old $batch $new\`, $(date -u '+%F %H:%M UTC')"
  echo
  echo "Written by the script (wall, user, sys, max RSS per line; \`uptime\` shows the load)."
  echo
  echo '```'
  grep -E '^(bench/rpm-scale|== |corpus|ours |peer|rpmsign |createrepo_c |total:)| load average' "$results"
  echo '```'
} >>"$repo/bench/rpm-scale.md"

#!/bin/bash
# Case 2 of bench/rpm-scale.sh (adding 100 packages to a committed repository of 50,000) repeated
# as PAIRS pairs of runs, ours and the peer in turn (ours first in odd pairs, the peer first in
# even ones), so that the ratio is taken pair by pair on a machine whose speed drifts. Each pair
# starts from a fresh committed state, made untimed: our first release of the 50,000 (so the
# output's inodes, times and stamps are those a real update meets) and a copy of the peer's signed
# repository (`cp -a`: names, sizes and mtimes kept, which createrepo_c --update reuses by). After
# our update, the no-op rerun is timed too. Needs the prepared work directory of
# `CASES=2 PREPARE_ONLY=1 bench/rpm-scale.sh WORK` and the shared peer scripts.
#
# Usage: bench/rpm-update-pairs.sh [WORK_DIR] [PAIRS]
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${KONFLUX_SHARED:-$repo/../shared}
work=${1:-/tmp/konflux-rpm-scale}; pairs=${2:-3}
[ -f "$work/peer-repo.ready" ] || { echo "prepare first: CASES=2 PREPARE_ONLY=1 bench/rpm-scale.sh $work" >&2; exit 2; }
cli="$repo/konflux-native"; dockerref=bench.invalid/konflux/rpms; alg=ed25519
uid="Bench $alg <bench-$alg@test.invalid>"
release() {  # REFS_FILE PUB [time label]
  local args=(); while read -r r; do args+=(--artifact "$r"); done <"$1"
  local t=(); [ -n "${3:-}" ] && t=(/usr/bin/time -f "$3 wall=%e s user=%U s sys=%S s maxrss=%M KB")
  "${t[@]}" "$cli" translate "${args[@]}" --cosign-key "$2" --docker-reference "$dockerref" \
    --gpg-key "$work/$alg.secret" --option rpm.architectures=x86_64 --out "$work/out2" >/dev/null
}
ours() {
  rm -rf "$work/out2" "$work/.out2.stamps"; release "$work/c2old.refs" "$work/c2old.pub"; sync
  release "$work/c2new.refs" "$work/c2new.pub" "ours update adding 100"
  release "$work/c2new.refs" "$work/c2new.pub" "ours no-op rerun"
}
peer() {
  rm -rf "$work/peer-repo-run"; cp -a "$work/peer-repo" "$work/peer-repo-run"; sync
  GNUPGHOME="$work/gnupg-$alg" "$shared/bench/peer-rpm-update.sh" "$work/peer-repo-run" "$work/case2/new" "$uid"
  rm -rf "$work/peer-repo-run"
}
echo "bench/rpm-update-pairs.sh: $(date -u '+%F %H:%M UTC'), $(nproc) cores, $(git -C "$repo" rev-parse --short HEAD), $pairs pairs"
"$cli" --version >/dev/null  # builds the CLI and its archive if needed
for i in $(seq 1 "$pairs"); do
  uptime
  if [ $((i % 2)) = 1 ]; then ours 2>&1; peer; else peer; ours 2>&1; fi
done
uptime

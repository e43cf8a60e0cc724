#!/bin/bash
# Times konflux-native RPM signing + repodata against rpmsign --addsign + createrepo_c on the same
# corpus (500 noarch RPMs of 10 KiB-5 MiB), for RSA-4096 and Ed25519 keys, then one 1 GiB RPM
# against `openssl dgst -sha256` + `cp` of the same file.
# Usage: bench/rpm-sign.sh [WORK_DIR] [N]   (WORK_DIR is kept: the corpus is reused when present)
# JAVA_OPTS is passed to our JVM (e.g. JAVA_OPTS=-Xmx128m; the default heap lets G1 grow RSS).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${KONFLUX_SHARED:-$repo/../shared}
work=${1:-/tmp/konflux-rpm-bench}; n=${2:-500}
mkdir -p "$work"
work=$(cd "$work" && pwd)

(cd "$repo" && ./mvnw -B -o -q -Dquick -pl benchmarks -am package -DskipTests)
cp="$repo/benchmarks/target/konflux-native-benchmarks-0.1.0-SNAPSHOT.jar:$repo/benchmarks/target/lib/*"
ours() { /usr/bin/time -f "ours whole-process wall=%e s user=%U s sys=%S s maxrss=%M KB" \
  java ${JAVA_OPTS:-} -cp "$cp" dev.konflux.ecosystem.benchmarks.RpmSignBenchmark "$@"; }

if [ ! -d "$work/corpus/RPMS/noarch" ]; then
  echo "building corpus of $n RPMs..."
  "$shared/bench/rpm-corpus.sh" "$work/corpus" "$n"
fi
corpus="$work/corpus/RPMS/noarch"
echo "corpus: $(ls "$corpus" | wc -l) RPMs, $(du -sh "$corpus" | cut -f1)"

for alg in rsa4096 ed25519; do
  home="$work/gnupg-$alg"; uid="Bench $alg <bench-$alg@test.invalid>"
  if [ ! -f "$work/$alg.secret" ]; then
    rm -rf "$home"; mkdir -m 700 "$home"
    GNUPGHOME="$home" gpg --batch --quiet --passphrase '' --quick-gen-key "$uid" "$alg" sign,cert 0
    GNUPGHOME="$home" gpg --batch --export-secret-keys --armor >"$work/$alg.secret"
  fi
  echo "== $alg: peer (rpmsign --addsign, then createrepo_c)"
  # The wrapper's CPU figures include the peer script's initial cp of the corpus.
  GNUPGHOME="$home" /usr/bin/time -f "peer script total wall=%e s user=%U s sys=%S s" \
    "$shared/bench/peer-rpm.sh" "$corpus" "$uid" 2>&1 | grep -v GPG_TTY
  GNUPGHOME="$home" gpgconf --kill gpg-agent || true
  echo "== $alg: ours (sign + repodata, whole JVM process)"
  rm -rf "$work/out-$alg"
  ours --key "$work/$alg.secret" --out "$work/out-$alg" "$corpus"
  rm -rf "$work/out-$alg"
  echo "== $alg: ours, one signing thread"
  ours --threads 1 --key "$work/$alg.secret" --out "$work/out-$alg" "$corpus"
  rm -rf "$work/out-$alg"
done

# One 1 GiB package (uncompressed payload of random bytes).
big="$work/big/RPMS/noarch/big-1.0-1.noarch.rpm"
if [ ! -f "$big" ]; then
  echo "building the 1 GiB RPM..."
  mkdir -p "$work/big"
  cat >"$work/big/big.spec" <<'SPEC'
Name: big
Version: 1.0
Release: 1
Summary: one big package
License: MIT
BuildArch: noarch
%define _binary_payload w.ufdio
%define __os_install_post %{nil}
%description
big
%install
mkdir -p %{buildroot}/usr/share/big
head -c 1073741824 /dev/urandom > %{buildroot}/usr/share/big/blob
%files
/usr/share/big/blob
SPEC
  rpmbuild --define "_topdir $work/big" -bb "$work/big/big.spec" >"$work/big/rpmbuild.log" 2>&1
fi
echo "== 1 GiB RPM ($(stat -c %s "$big") bytes)"
cat "$big" >/dev/null  # same page-cache state for both
/usr/bin/time -f "peer openssl dgst -sha256 + cp wall=%e s user=%U s sys=%S s maxrss=%M KB" \
  sh -c "openssl dgst -sha256 '$big' >/dev/null && cp '$big' '$work/big-copy.rpm'"
rm -f "$work/big-copy.rpm"
rm -rf "$work/out-big"
ours --key "$work/ed25519.secret" --no-repodata --out "$work/out-big" "$big"
rm -rf "$work/out-big"
ours --key "$work/rsa4096.secret" --no-repodata --out "$work/out-big" "$big"
rm -rf "$work/out-big"

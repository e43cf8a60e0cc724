#!/bin/bash
# Times konflux-native RPM signing + repodata against rpmsign --addsign + createrepo_c on the same
# corpus (500 noarch RPMs of 10 KiB-5 MiB), for RSA-4096 and Ed25519 keys, then one 1 GiB RPM
# against `openssl dgst -sha256` + `cp` of the same file.
# Usage: bench/rpm-sign.sh [WORK_DIR] [N]   (WORK_DIR is kept: the corpus is reused when present)
#
# Ours runs twice per case, both whole JVM processes on the same input:
#  - "plain": the Maven classpath as is (signed Bouncy Castle jars), JVM defaults plus JAVA_OPTS.
#  - "tuned": what a CLI distribution can do for a short-lived process, all user-settable:
#    Bouncy Castle jars with their jar signature files and manifest digests removed (the JDK then
#    neither verifies nor parses ~1 MB of signed manifests at start-up, and AppCDS may archive
#    those classes; Bouncy Castle is
#    used as a library here, not as a JCE provider that needs signed jars), an AppCDS archive made
#    by one training run on 20 packages (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile),
#    and -XX:+UseSerialGC (little garbage, no parallel GC threads competing with the work on
#    2 cores, smaller RSS). TUNED_OPTS replaces those JVM flags.
# Every timed line reports wall, user and sys CPU and max RSS; `uptime` is printed around each
# case because the machine is shared and wall times are only comparable within one run.
# With -Dbench.threadCpu=true ours also prints CPU per thread name (JIT compiler threads apart).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${KONFLUX_SHARED:-$repo/../shared}
work=${1:-/tmp/konflux-rpm-bench}; n=${2:-500}
reps=${REPS:-2}  # runs of ours per case (the peer runs once per corpus case, REPS+1 times for 1 GiB)
mkdir -p "$work"
work=$(cd "$work" && pwd)

(cd "$repo" && ./mvnw -B -o -q -Dquick -pl benchmarks -am package -DskipTests)
jar="$repo/benchmarks/target/konflux-native-benchmarks-0.1.0-SNAPSHOT.jar"
cp="$jar:$repo/benchmarks/target/lib/*"
main=dev.konflux.ecosystem.benchmarks.RpmSignBenchmark
# Every timed run starts after `prep`: `sync`, so that no run pays for writing back the previous
# one's output, and a read of its input, so that every run finds it in the page cache (the kernel
# here reclaims idle page cache on its own).
inputs=()
prep() { sync; cat "${inputs[@]}" >/dev/null; }
ours() { prep; /usr/bin/time -f "ours plain whole-process wall=%e s user=%U s sys=%S s maxrss=%M KB" \
  java ${JAVA_OPTS:-} -Dbench.threadCpu=true -cp "$cp" $main "$@"; }

# The tuned classpath: the same jars, Bouncy Castle's without META-INF/*.SF|RSA|DSA|EC and
# without the per-entry digest sections of their manifests (bcprov's is 843 KB, parsed at start).
tuned_lib="$work/lib-tuned"
rm -rf "$tuned_lib"; mkdir -p "$tuned_lib"
cp "$jar" "$repo"/benchmarks/target/lib/*.jar "$tuned_lib/"
python3 - "$tuned_lib" <<'PY'
import os, re, sys, zipfile
for name in os.listdir(sys.argv[1]):
    if not name.startswith("bc"):
        continue
    path = os.path.join(sys.argv[1], name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if re.fullmatch(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)", item.filename):
                continue
            if item.filename == "META-INF/MANIFEST.MF":
                # Keep the main section; drop the per-entry digests the signature covered.
                main = data.decode("utf-8").replace("\r\n", "\n").split("\n\n", 1)[0]
                data = (main + "\n\n").encode("utf-8")
            dst.writestr(item, data)
    os.replace(path + ".new", path)
PY
tuned_cp="$tuned_lib/*"
tuned_opts=${TUNED_OPTS:--XX:+UseSerialGC}
tuned() { local jsa=$1; shift
  prep; /usr/bin/time -f "ours tuned whole-process wall=%e s user=%U s sys=%S s maxrss=%M KB" \
  java $tuned_opts -XX:SharedArchiveFile="$jsa" -Dbench.threadCpu=true -cp "$tuned_cp" $main "$@"; }
train() { local jsa=$1 key=$2
  rm -f "$jsa"; rm -rf "$work/out-train"
  java $tuned_opts -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$tuned_cp" $main \
    --key "$key" --out "$work/out-train" $(ls "$corpus"/*.rpm | head -20) >/dev/null
  rm -rf "$work/out-train"; }

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
  inputs=("$corpus"/*.rpm); prep
  GNUPGHOME="$home" /usr/bin/time -f "peer script total wall=%e s user=%U s sys=%S s" \
    "$shared/bench/peer-rpm.sh" "$corpus" "$uid" 2>&1 | grep -v GPG_TTY
  GNUPGHOME="$home" gpgconf --kill gpg-agent || true
  train "$work/cds-$alg.jsa" "$work/$alg.secret"
  uptime
  echo "== $alg: ours (sign + repodata, whole JVM process)"
  rm -rf "$work/out-$alg"
  for rep in $(seq "$reps"); do
    ours --key "$work/$alg.secret" --out "$work/out-$alg" "$corpus"
    rm -rf "$work/out-$alg"
    tuned "$work/cds-$alg.jsa" --key "$work/$alg.secret" --out "$work/out-$alg" "$corpus"
    rm -rf "$work/out-$alg"
  done
  uptime
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
echo "== 1 GiB RPM ($(stat -c %s "$big") bytes)"; uptime
inputs=("$big")
for rep in $(seq "$((reps + 1))"); do
  prep
  /usr/bin/time -f "peer openssl dgst -sha256 + cp wall=%e s user=%U s sys=%S s maxrss=%M KB" \
    sh -c "openssl dgst -sha256 '$big' >/dev/null && cp '$big' '$work/big-copy.rpm'"
  rm -f "$work/big-copy.rpm"
  for alg in ed25519 rsa4096; do
    ours --key "$work/$alg.secret" --no-repodata --out "$work/out-big" "$big"
    rm -rf "$work/out-big"
    tuned "$work/cds-$alg.jsa" --key "$work/$alg.secret" --no-repodata --out "$work/out-big" "$big"
    rm -rf "$work/out-big"
  done
done
uptime

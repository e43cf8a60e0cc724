#!/usr/bin/env python3
"""Writes N valid pure-Python wheels of 10 KiB-2 MiB (log-uniform sizes, half random bytes, half
compressible text) with correct RECORD files, for bench/pypi-release.sh.
Usage: pypi-corpus.py DIR N"""
import base64, hashlib, math, os, random, sys, zipfile

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = random.Random(42)
words = [b"import", b"def", b"return", b"self", b"value", b"class", b"None", b"True", b"data", b"yield"]
for i in range(n):
    name = f"bench_pkg_{i:05d}"
    target = int(math.exp(rng.uniform(math.log(10 << 10), math.log(2 << 20))))
    half = target // 2
    # Compressible text: a 16 KiB block of random words, repeated (like source code, ~4:1).
    block = b" ".join(rng.choice(words) for _ in range(3000))[:16384]
    text = (block * (half // len(block) + 1))[:half]
    files = {
        f"{name}/__init__.py": b"VALUE = %d\n" % i,
        f"{name}/data.bin": os.urandom(target - half),
        f"{name}/module.py": text,
    }
    dist_info = f"{name}-1.0.dist-info"
    files[f"{dist_info}/METADATA"] = (f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
                                      f"Summary: bench\nRequires-Python: >=3.7\n\n").encode()
    files[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = ""
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record += f"{path},sha256={digest},{len(data)}\n"
    record += f"{dist_info}/RECORD,,\n"
    files[f"{dist_info}/RECORD"] = record.encode()
    with zipfile.ZipFile(os.path.join(out, f"{name}-1.0-py3-none-any.whl"), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files.items():
            z.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)

#!/usr/bin/env bash
# Runs every fuzz target for a short smoke (default 20 s each), seeded from the Windows vectors.
# Usage: fuzz/smoke.sh [SECONDS]. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
secs="${1:-20}"
mkdir -p corpus/seeds-text corpus/seeds-binary corpus/seeds-scan
# Seeds from the conformance data: each vector's SDDL text, and Windows' bytes for the binary
# targets.
python3 - <<'PY'
import json, hashlib, os
def put(folder, data):
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)
for line in open("../tests/data/windows-vectors.jsonl", encoding="utf-8"):
    v = json.loads(line)
    put("corpus/seeds-text", v["input"].encode("utf-8"))
    if v.get("binary_hex"):
        put("corpus/seeds-binary", bytes.fromhex(v["binary_hex"]))
# The scan target reads its first line as the file's extension: the fixture tree's files.
for root, _, files in os.walk("../tests/fixtures/scan"):
    for name in files:
        ext = name.rsplit(".", 1)[-1]
        put("corpus/seeds-scan", ext.encode() + b"\n" + open(os.path.join(root, name), "rb").read())
PY
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  seeds=corpus/seeds-text
  [ "$target" = binary_decode ] && seeds=corpus/seeds-binary
  [ "$target" = scan ] && seeds=corpus/seeds-scan
  echo "==> fuzz $target (${secs}s)"
  cargo +nightly fuzz run "$target" "corpus/$target" "$seeds" -- \
    -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+==|SUMMARY|thread|panicked)' || true
  # cargo fuzz exits non-zero (and leaves an artifact) when a target crashes.
  if compgen -G "artifacts/$target/*" >/dev/null; then
    echo "fuzz target $target crashed: see fuzz/artifacts/$target" >&2
    exit 1
  fi
done

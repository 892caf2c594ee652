#!/usr/bin/env bash
# Throughput of `sddl scan` against ripgrep on a generated tree of source files.
#
# Usage: bench/scan-tree.sh [SIZE_MB] [THREADS]     (defaults: 300 MB, 1 thread)
#   TREE=dir   where the tree goes (default target/scan-bench-tree; regenerated when SIZE_MB or
#              the generator changes; deterministic: same seed, same bytes)
#   RUNS=n     hyperfine runs per command (default 5)
# Needs python3, a release build (built here), ripgrep (`rg`) and, for the figures, hyperfine
# (falls back to `time` without it). Prints the commands, the tree's size and each throughput.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

size_mb="${1:-300}"
threads="${2:-1}"
tree="${TREE:-target/scan-bench-tree}"
runs="${RUNS:-5}"

command -v rg >/dev/null || { echo "needs ripgrep: apt-get install ripgrep" >&2; exit 1; }
cargo build --release -p sddl-cli
sddl="$PWD/target/release/sddl"

stamp="$size_mb $(sha1sum bench/gen_tree.py | cut -c1-16)"
if [ "$(cat "$tree.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$tree"
  python3 bench/gen_tree.py "$tree" "$size_mb"
  echo "$stamp" >"$tree.stamp"
fi
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
files=$(find "$tree" -type f | wc -l)
echo "tree: $tree, $files files, $bytes bytes; $threads thread(s); $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"

# The same thread count for both: `sddl scan --threads N`, `rg -jN`.
scan_threads=(--threads "$threads")
scan_cmd="$sddl scan --no-config --exit-zero --format json ${scan_threads[*]} $tree"
rg_cmd="rg -j$threads -c 'D:\\(|O:[A-Z]' $tree"
echo "findings: $($scan_cmd | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')," \
  "rg matching files: $(eval "$rg_cmd" | wc -l)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "$runs" --export-json "$tree.hyperfine.json" \
    -n "sddl scan" "$scan_cmd >/dev/null" -n ripgrep "$rg_cmd >/dev/null"
  python3 - "$tree.hyperfine.json" "$bytes" <<'PY'
import json, sys
res, size = json.load(open(sys.argv[1]))["results"], int(sys.argv[2])
for r in res:
    print(f"{r['command']}: mean {r['mean']:.3f} s (min {r['min']:.3f}), {size / r['mean'] / 1e6:.0f} MB/s")
ratio = res[1]["mean"] / res[0]["mean"]
print(f"sddl scan throughput = {ratio:.2f} x ripgrep's")
PY
else
  time (eval "$scan_cmd" >/dev/null)
  time (eval "$rg_cmd" >/dev/null)
fi

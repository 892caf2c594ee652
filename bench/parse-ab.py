#!/usr/bin/env python3
"""Interleaved timing of parse + canonical print at two or more commits.

    bench/parse-ab.py [--runs N] [--passes P] REV...

Builds `sddl-core`'s `corpus_loop` example (parse + print of the bench corpus, P passes per
process) at each revision, in a temporary worktree with its own target directory, using the
`corpus_loop.rs` of the working tree so every build times the same loop; then runs N rounds of one
run per build in turn (the order reversed every other round), so that the load swings of a shared
machine hit every build alike. Prints, per build, the median, mean and minimum CPU time (user +
system) per pass, its MB/s over the corpus, and the ratio of each build's median to the first's.

Each build uses the release profile of its own revision (`lto`, `codegen-units`). On this
project's 2-vCPU virtual machine the speed moves by 15-20 % over minutes; ratios from interleaved
runs are what to compare, and instruction counts (`bench/run.sh`) are what repeats exactly.
"""
import argparse
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import tempfile

CORPUS_BYTES = 347_034

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=20)
parser.add_argument("--passes", type=int, default=100)
parser.add_argument("revs", nargs="+")
args = parser.parse_args()

root = pathlib.Path(__file__).resolve().parent.parent
loop_src = root / "sddl-core" / "examples" / "corpus_loop.rs"
work = pathlib.Path(tempfile.mkdtemp(prefix="parse-ab-"))
binaries = []
try:
    for i, rev in enumerate(args.revs):
        tree = work / f"wt{i}"
        subprocess.run(["git", "-C", str(root), "worktree", "add", "--detach", "-q", str(tree), rev],
                       check=True)
        shutil.copy(loop_src, tree / "sddl-core" / "examples" / "corpus_loop.rs")
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "sddl-core", "--example",
                        "corpus_loop"], cwd=tree, check=True)
        binary = work / f"corpus_loop-{i}"
        shutil.copy(tree / "target" / "release" / "examples" / "corpus_loop", binary)
        binaries.append((rev, str(binary)))

    times = {b: [] for _, b in binaries}
    for r in range(args.runs):
        order = binaries if r % 2 == 0 else binaries[::-1]
        for _, b in order:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([b, str(args.passes)], check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times[b].append(cpu / args.passes)

    first = statistics.median(times[binaries[0][1]])
    print(f"{args.runs} interleaved runs of {args.passes} passes each; CPU time per pass")
    print(f"{'revision':<14} {'median':>10} {'mean':>10} {'min':>10} {'MB/s':>8} {'ratio':>7}")
    for rev, b in binaries:
        t = times[b]
        med = statistics.median(t)
        print(f"{rev:<14} {med * 1e3:>8.3f}ms {statistics.mean(t) * 1e3:>8.3f}ms "
              f"{min(t) * 1e3:>8.3f}ms {CORPUS_BYTES / med / 1e6:>8.0f} {med / first:>7.3f}")
finally:
    for i in range(len(binaries) + 1):
        tree = work / f"wt{i}"
        if tree.exists():
            subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(tree)],
                           check=False)
    shutil.rmtree(work, ignore_errors=True)

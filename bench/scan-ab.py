#!/usr/bin/env python3
"""Interleaved timing of `sddl scan` builds against ripgrep on the bench tree.

    bench/scan-ab.py [--runs N] [--threads T] [--tree DIR] BINARY... [rg]

Runs every command once to warm the page cache, then N rounds of one run of each command in
turn, so that a change of load on a shared machine hits every command alike (hyperfine runs all
runs of one command before the next). Prints, per command, the mean, median and minimum wall
time and the mean user and system CPU time of the process and its threads, and for each binary
the ratio of ripgrep's wall time to its own (the throughput ratio of issue 6), by means and by
medians. `rg` stands for `rg -jT -c 'D:\\(|O:[A-Z]' TREE`; a binary runs
`BINARY scan --no-config --exit-zero --format json --threads T TREE`.
"""
import argparse
import os
import statistics
import subprocess
import time

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=20)
parser.add_argument("--threads", default="1")
parser.add_argument("--tree", default="target/scan-bench-tree")
parser.add_argument("commands", nargs="+")
args = parser.parse_args()


def argv(command):
    if command == "rg":
        return ["rg", f"-j{args.threads}", "-c", r"D:\(|O:[A-Z]", args.tree]
    return [command, "scan", "--no-config", "--exit-zero", "--format", "json",
            "--threads", args.threads, args.tree]


def run(command):
    start = time.perf_counter()
    child = subprocess.Popen(argv(command), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command} failed with status {status}")
    return wall, usage.ru_utime, usage.ru_stime


for c in args.commands:
    run(c)
times = {c: [] for c in args.commands}
for _ in range(args.runs):
    for c in args.commands:
        times[c].append(run(c))

ms = lambda xs: f"{statistics.mean(xs) * 1000:.1f}"
walls = {}
for c, rows in times.items():
    wall = [r[0] for r in rows]
    walls[c] = wall
    print(f"{c}: wall mean {ms(wall)} ms, median {statistics.median(wall) * 1000:.1f}, "
          f"min {min(wall) * 1000:.1f}; user {ms([r[1] for r in rows])}, "
          f"sys {ms([r[2] for r in rows])}")
if "rg" in walls:
    rg = walls["rg"]
    for c, wall in walls.items():
        if c != "rg":
            print(f"{c}: {statistics.mean(rg) / statistics.mean(wall):.2f}x ripgrep's throughput "
                  f"by means, {statistics.median(rg) / statistics.median(wall):.2f}x by medians")
print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")

#!/usr/bin/env python3
"""Pauses and concurrent cycles of JVM unified GC logs (-Xlog:gc:file=...), one line per file.

Usage: ops/bench/gc_log_summary.py gc-*.log
Prints, per file: the collector, pauses (count, total and longest ms, by kind: young, mixed,
remark/cleanup, full), concurrent mark cycles (count, total ms) and the heap after the last pause.
"""
import re, sys

PAUSE = re.compile(r"GC\(\d+\) Pause (Young|Remark|Cleanup|Full|Mixed)?.*?(\S+)->(\S+)\((\S+)\) ([\d.]+)ms")
CYCLE = re.compile(r"GC\(\d+\) Concurrent Mark Cycle ([\d.]+)ms")
USING = re.compile(r"Using (\S+)")


def summary(path):
    collector, pauses, cycles, after, kinds = "?", [], [], "?", {}
    with open(path, errors="replace") as lines:
        for line in lines:
            if m := USING.search(line):
                collector = m.group(1)
            elif m := PAUSE.search(line):
                kind = "Mixed" if "(Mixed)" in line else (m.group(1) or "other")
                ms = float(m.group(5))
                pauses.append(ms)
                kinds[kind] = kinds.get(kind, 0.0) + ms
                after = f"{m.group(3)}({m.group(4)})"
            elif m := CYCLE.search(line):
                cycles.append(float(m.group(1)))
    by_kind = " ".join(f"{k.lower()}={v:.0f}" for k, v in sorted(kinds.items()))
    print(f"{path}: {collector} pauses={len(pauses)} total={sum(pauses):.0f} ms max={max(pauses, default=0):.0f} ms"
          f" ({by_kind}) concurrent_cycles={len(cycles)} total={sum(cycles):.0f} ms heap_after_last={after}")


for path in sys.argv[1:]:
    summary(path)

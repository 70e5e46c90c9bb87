#!/usr/bin/env python3
"""CPU of the service's threads, by thread name, every 3 s once a benchmark log shows a line.

Usage: ops/bench/thread_cpu_watch.py <benchmark log> <text that starts the watch> <out> [samples]
Waits until <text> appears in <benchmark log>, finds the running `serve` process of the jar, then
writes every 3 s (14 times unless told): the machine's busy share and each thread name's CPU
(% of one core; threads of one name summed, names cut to 15 characters as Linux keeps them).
Example (the freshness phase of ops/bench/rss-serve.sh, which starts after the last query shape):
  ops/bench/thread_cpu_watch.py /tmp/rss-serve-<time>.log "query status+source:" /tmp/threads.txt
"""
import collections
import os
import subprocess
import sys
import time


def wait_for(log, text):
    while True:
        try:
            with open(log, "rb") as lines:
                if text.encode() in lines.read():
                    return
        except FileNotFoundError:
            pass
        time.sleep(0.5)


def service_pid():
    found = subprocess.run(
        "ps -eo pid,args | grep lead-projection | grep -w serve | grep -v grep | awk '{print $1}' | head -1",
        shell=True, capture_output=True, text=True).stdout.strip()
    if not found:
        sys.exit("no running serve process of lead-projection")
    return found


def ticks_by_name(pid):
    ticks = collections.Counter()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as comm:
                name = comm.read().strip()[:15]
            with open(f"/proc/{pid}/task/{task}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks[name] += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass  # a thread that ended between the listing and the read
    return ticks


def machine():
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]


def main():
    log, text, out = sys.argv[1:4]
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 14
    wait_for(log, text)
    pid = service_pid()
    hertz = os.sysconf("SC_CLK_TCK")
    with open(out, "w") as report:
        report.write(f"pid {pid}\n")
        before, machine_before = ticks_by_name(pid), machine()
        for _ in range(samples):
            time.sleep(3)
            now, machine_now = ticks_by_name(pid), machine()
            total, idle = (machine_now[0] - machine_before[0]), (machine_now[1] - machine_before[1])
            used = sorted(((name, now[name] - before.get(name, 0)) for name in now), key=lambda kv: -kv[1])
            shares = ", ".join(f"{name}={100 * ticks / hertz / 3:.0f}%" for name, ticks in used[:8] if ticks > 0)
            report.write(f"{time.strftime('%T')} machine busy {100 * (total - idle) / max(total, 1):.0f}% | {shares}\n")
            report.flush()
            before, machine_before = now, machine_now


if __name__ == "__main__":
    main()

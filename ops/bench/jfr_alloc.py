#!/usr/bin/env python3
"""Where a JFR recording's allocation goes, and what the request threads waited on.

Usage: ops/bench/jfr_alloc.py recording.jfr [--threads Jetty] [--requests N] [--top 15]
Reads jdk.ObjectAllocationSample (its weight estimates the bytes allocated since the thread's
previous sample, so sums are allocation volumes) and gives each sample of the threads whose name
contains --threads to the component of its frame nearest the leaf (jfr_components.py's rules);
prints the shares, the top sites (allocated class + innermost frame of ours, or the leaf), and with
--requests the KiB per request. Then jdk.ThreadPark and jdk.JavaMonitorEnter of those threads (the
profile settings record those of 10 ms or more / 20 ms): count, total and longest ms by frame.
Pair it with a row count: record with settings=profile around one shape's run only.
"""
import collections, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jfr_components import RULES, component  # noqa: E402

UNITS = {"bytes": 1, "byte": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}
OURS = re.compile(r"^ai\.buena\.leads\.")


def events(path, name):
    """Each event of `name` as (fields dict, frames list), frames innermost first."""
    out = subprocess.run([os.environ.get("JFR", "jfr"), "print", "--events", name, "--stack-depth", "64", path],
                         check=True, capture_output=True, text=True).stdout
    fields, frames, in_stack = {}, [], False
    for line in out.splitlines():
        s = line.strip()
        if not in_stack and s.startswith("jdk.") and s.endswith("{"):
            fields, frames, in_stack = {}, [], False
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and s.startswith("]"):
            in_stack = False
        elif in_stack and s and s != "...":
            frames.append(s.split("(")[0])
        elif s == "}" and fields:
            yield fields, frames
            fields = {}
        elif " = " in s and not in_stack:
            key, value = s.split(" = ", 1)
            fields.setdefault(key, value)


def size(text):
    number, unit = text.split()[:2]
    return float(number) * UNITS.get(unit, 1)


def millis(text):
    number, unit = text.split()[:2]
    return float(number) * {"ns": 1e-6, "us": 1e-3, "ms": 1, "s": 1e3}.get(unit, 1)


def main():
    path = sys.argv[1]
    arg = lambda flag, default: sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else default
    needle, requests, top = arg("--threads", "Jetty"), float(arg("--requests", "0")), int(arg("--top", "15"))
    by_component, by_site, total, other_threads = collections.Counter(), collections.Counter(), 0.0, 0.0
    for fields, frames in events(path, "jdk.ObjectAllocationSample"):
        weight = size(fields.get("weight", "0 bytes"))
        if needle not in fields.get("eventThread", ""):
            other_threads += weight
            continue
        total += weight
        by_component[component(frames, RULES, "other (JDK, unattributed)")] += weight
        ours = next((f for f in frames if OURS.search(f)), frames[0] if frames else "?")
        cls = fields.get("objectClass", "?").split(" ")[0]
        by_site[f"{cls} <- {ours}"] += weight
    per = f", {total / requests / 1024:.1f} KiB per request over {requests:.0f}" if requests else ""
    print(f"allocated by threads containing '{needle}': {total / 1024 ** 2:.1f} MiB{per}; other threads {other_threads / 1024 ** 2:.1f} MiB")
    for name, w in by_component.most_common():
        print(f"{100.0 * w / max(total, 1):5.1f} %  {name}")
    print("top sites (class <- innermost frame of ours):")
    for name, w in by_site.most_common(top):
        print(f"{100.0 * w / max(total, 1):5.1f} %  {name}")
    for event in ("jdk.ThreadPark", "jdk.JavaMonitorEnter"):
        waits = collections.defaultdict(list)
        for fields, frames in events(path, event):
            if needle in fields.get("eventThread", ""):
                ours = next((f for f in frames if OURS.search(f)), frames[0] if frames else "?")
                waits[ours].append(millis(fields.get("duration", "0 ms")))
        print(f"{event} of those threads: {sum(len(w) for w in waits.values())}")
        for site, w in sorted(waits.items(), key=lambda kv: -sum(kv[1]))[:top]:
            print(f"  {len(w):5d} x, {sum(w):8.1f} ms, max {max(w):7.1f} ms  {site}")


if __name__ == "__main__":
    main()

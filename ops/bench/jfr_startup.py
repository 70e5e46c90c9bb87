#!/usr/bin/env python3
"""Where a start's Java-thread CPU samples go, by thread and component, and its longest JIT compilations.

Usage: ops/bench/jfr_startup.py recording.jfr [--top N]
Reads jdk.ExecutionSample (threads grouped: main, snapshot preloads, stream threads, Jetty, other)
and gives each sample to the component of the frame nearest the leaf that belongs to one (first
rule that matches); then jdk.Compilation's N longest compilations (default 15) and their total.
The JIT and GC threads are not sampled by JFR: RestartBench's per-thread CPU gives their seconds.
"""
import collections, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jfr_components import component, samples  # noqa: E402

COMPONENTS = [
    ("index snapshot decode", r"^ai\.buena\.leads\.index\.(IndexSnapshots|SnapshotInput|WorkspaceIndex\.readFrom|PartitionIndex\.readFrom)"),
    ("index (other)", r"^ai\.buena\.leads\.index\."),
    ("RoaringBitmap", r"^org\.roaringbitmap\."),
    ("RocksDB", r"^org\.rocksdb\."),
    ("Kafka Streams", r"^org\.apache\.kafka\.streams\."),
    ("Kafka clients", r"^org\.apache\.kafka\."),
    ("Jackson", r"^com\.fasterxml\.jackson\."),
    ("Jetty, Javalin", r"^(org\.eclipse\.jetty|io\.javalin|jakarta\.servlet)"),
    ("picocli", r"^picocli\."),
    ("logging", r"^(org\.slf4j|ch\.qos\.logback)"),
    ("our code (other)", r"^ai\.buena\.leads\."),
    ("class loading, reflection", r"^(java\.lang\.ClassLoader|jdk\.internal\.loader|java\.lang\.invoke|java\.lang\.reflect|jdk\.internal\.reflect|java\.lang\.Class\.)"),
    ("zip, jar", r"^(java\.util\.zip|java\.util\.jar|sun\.net\.www\.protocol\.jar)"),
]
RULES = [(name, re.compile(rx)) for name, rx in COMPONENTS]
THREADS = [("main", r"^\"?main"), ("snapshot preloads", r"preload"), ("stream threads", r"StreamThread"),
           ("Jetty", r"(?i)jetty|qtp"), ]


def group(thread):
    return next((g for g, rx in THREADS if re.search(rx, thread or "")), "other")


def compilations(path, top):
    out = subprocess.run([os.environ.get("JFR", "jfr"), "print", "--events", "jdk.Compilation", path],
                         check=True, capture_output=True, text=True).stdout
    found, duration, method, level = [], None, None, None
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("duration ="):
            duration = s.split("=", 1)[1].strip()
        elif s.startswith("method ="):
            method = s.split("=", 1)[1].strip()
        elif s.startswith("compileLevel ="):
            level = s.split("=", 1)[1].strip()
        elif s == "}" and duration and method:
            value, unit = duration.split()
            ms = float(value.replace(",", "")) * {"s": 1000.0, "ms": 1.0, "us": 0.001, "ns": 1e-6}.get(unit, 1.0)
            found.append((ms, level, method))
            duration = method = level = None
    found.sort(reverse=True)
    print(f"jdk.Compilation: {len(found)} recorded (above the settings' threshold), {sum(f[0] for f in found):.0f} ms in all")
    for ms, level, method in found[:top]:
        print(f"{ms:8.1f} ms  level {level}  {method}")


def main():
    path = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 15
    per_group = collections.defaultdict(collections.Counter)
    for thread, frames in samples(path):
        per_group[group(thread)][component(frames, RULES, "JDK (other)")] += 1
    total = sum(sum(c.values()) for c in per_group.values())
    print(f"{total} execution samples (Java threads only)")
    for g, counts in sorted(per_group.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(counts.values())
        parts = ", ".join(f"{name} {100.0 * c / n:.0f} %" for name, c in counts.most_common(6))
        print(f"{g}: {n} samples ({100.0 * n / max(total, 1):.0f} %): {parts}")
    compilations(path, top)


if __name__ == "__main__":
    main()

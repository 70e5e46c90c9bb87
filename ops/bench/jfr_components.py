#!/usr/bin/env python3
"""Share of a JFR recording's execution samples per component of an HTTP request.

Usage: ops/bench/jfr_components.py recording.jfr [thread-substring (default Jetty)] [--top N]
Runs `jfr print --events jdk.ExecutionSample --stack-depth 64` (JFR from $JFR or the PATH), keeps
the samples of threads whose name contains the substring, and gives each sample to the component
of the frame nearest the leaf that belongs to one (first rule that matches, see COMPONENTS).
Prints the components' shares, then the top leaf methods with --top N.
"""
import collections, os, re, subprocess, sys

COMPONENTS = [
    ("engine (index walk, planner, merge)", r"^ai\.buena\.leads\.(index|query)\.(?!Cursors)"),
    ("store reads (RocksDB, Streams stores)", r"^(org\.rocksdb|org\.apache\.kafka\.streams\.state)"),
    ("auth (key hash + lookup)", r"^ai\.buena\.leads\.(auth\.|http\.Authenticator)"),
    ("rate limit", r"^ai\.buena\.leads\.http\.RateLimit"),
    ("load shedding", r"^ai\.buena\.leads\.http\.LoadShedding"),
    ("metrics (Micrometer)", r"^(io\.micrometer|ai\.buena\.leads\.http\.HttpMetrics)"),
    ("logging", r"^(org\.slf4j|ch\.qos\.logback)"),
    ("cursor encode/sign", r"^(ai\.buena\.leads\.query\.Cursors|ai\.buena\.leads\.http\.CursorSignatures)"),
    ("parameters (query string, validation)", r"^ai\.buena\.leads\.http\.(QueryString|ListLeadsParams|ConsistencyHeader|LeadQueryEncoding)"),
    ("answer JSON (Jackson, stored bytes)", r"^(com\.fasterxml\.jackson|ai\.buena\.leads\.lead\.|ai\.buena\.leads\.http\.(JsonBody|ErrorBody))"),
    ("route code (other)", r"^ai\.buena\.leads\."),
    ("Javalin", r"^io\.javalin\."),
    ("Jetty (HTTP parse, servlet, socket I/O)", r"^(org\.eclipse\.jetty|jakarta\.servlet|sun\.nio|java\.nio|sun\.net)"),
]
RULES = [(name, re.compile(rx)) for name, rx in COMPONENTS]


def component(frames, rules, unattributed):
    """The first rule's name that matches a frame, innermost first; else `unattributed`."""
    for frame in frames:
        name = next((c for c, rx in rules if rx.search(frame)), None)
        if name:
            return name
    return unattributed


def samples(path):
    jfr = os.environ.get("JFR", "jfr")
    out = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                         check=True, capture_output=True, text=True).stdout
    thread, frames, in_stack = None, [], False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("sampledThread"):
            thread = s.split("=", 1)[1].strip()
        elif s.startswith("stackTrace = ["):
            frames, in_stack = [], True
        elif in_stack and s.startswith("]"):
            in_stack = False
            yield thread, frames
        elif in_stack and s and s != "...":
            frames.append(s.split("(")[0])


def main():
    path = sys.argv[1]
    needle = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else "Jetty"
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 0
    counts, leaves, n = collections.Counter(), collections.Counter(), 0
    for thread, frames in samples(path):
        if needle not in (thread or ""):
            continue
        n += 1
        leaves[frames[0] if frames else "?"] += 1
        counts[component(frames, RULES, "other (JDK, unattributed)")] += 1
    print(f"{n} samples of threads containing '{needle}'")
    for name, c in counts.most_common():
        print(f"{100.0 * c / max(n, 1):5.1f} %  {name}")
    if top:
        print("top leaf methods:")
        for name, c in leaves.most_common(top):
            print(f"{100.0 * c / max(n, 1):5.1f} %  {name}")


if __name__ == "__main__":
    main()

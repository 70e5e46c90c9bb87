#!/usr/bin/env python3
"""The measuring half of ops/bench/cluster-deep-pages.sh.

  cluster_deep_pages.py cluster KEY RUNS LIVE OUT   three instances (ports 18581-18583): deep pages
      asked RUNS times on each once they are idle and warm; every answer's `data` must be the same
      on all; the answers are kept in OUT/cluster-answers.json
  cluster_deep_pages.py alone KEY RUNS LIVE OUT     the one instance left (18581), once it answers
      for every partition, complete and not stale-labelled: the same requests, each answer equal
      to the cluster's

Each prints one BENCH line per request: median and worst time (the client's), CPU per request of
every instance (from /proc). WARMUP (10): rounds of every request on every instance first.
PROFILE_LIB: async-profiler's library, attached to each instance while it is measured
(OUT/profile-<mode>-<pid>.collapsed).
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

PORTS = {"cluster": [18581, 18582, 18583], "alone": [18581]}
WARMUP = int(os.environ.get("WARMUP", "10"))
PROFILE = os.environ.get("PROFILE_LIB")


def pids():
    found = subprocess.run(["pgrep", "-f", "application-id lead-projection-c"], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def cpu_seconds():
    total = 0
    for pid in pids():
        try:
            fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def ask(key, port, query):
    """(ms, status, data, staleness header) of one list request."""
    request = urllib.request.Request("http://localhost:%d/api/v2/leads?%s" % (port, query), headers={"x-api-key": key})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            body = json.loads(r.read())
            return (time.perf_counter() - start) * 1000, r.status, body["data"], r.headers.get("X-Lead-Data-Staleness")
    except urllib.error.HTTPError as e:
        return 0, e.code, None, None


def requests(key, live):
    pages = -(-live // 100)
    spages = -(-ask(key, 18581, "status=new&limit=1")[2]["pagination"]["total"] // 100)
    base = "sortBy=createdAt&sortOrder=asc&limit=100&page="
    sbase = "status=new&sortBy=lastName&sortOrder=desc&limit=100&page="
    return [base + str(p) for p in (1, 11, 101, 1001, pages // 2, pages)] + \
           [sbase + str(p) for p in (101, spages // 2, spages)]


def quiet():
    """Wait (at most 3 minutes) until the instances are idle: the ingest's or the restoration's
    commits, flushes and compactions over, so that the figures are the requests' own."""
    deadline = time.time() + 180
    while time.time() < deadline:
        before = cpu_seconds()
        time.sleep(5)
        if cpu_seconds() - before < 0.5:
            return
    print("the instances never went quiet; measuring anyway", file=sys.stderr)


def profiler(command, out, mode):
    if PROFILE:
        for pid in pids():
            # the extra quotes keep jcmd from reading the options' '=' as its own arguments
            options = command if command.startswith("start") else command % (out, mode, pid)
            subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", PROFILE, '"%s"' % options],
                           check=True, capture_output=True)


def main():
    mode, key, runs, live, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    ports = PORTS[mode]
    answers_file = os.path.join(out, "cluster-answers.json")
    if mode == "cluster":
        queries, expected = requests(key, live), None
    else:
        deadline = time.time() + 300
        while True:  # every partition active here again: complete, not stale-labelled
            _, status, data, stale = ask(key, 18581, "limit=1")
            if status == 200 and stale is None and data["pagination"]["total"] == live:
                break
            if time.time() > deadline:
                sys.exit("the one instance left never answered for every partition alone")
            time.sleep(1)
        expected = dict(json.load(open(answers_file)))
        queries = list(expected)
    quiet()
    for _ in range(WARMUP):
        for q in queries:
            for port in ports:
                ask(key, port, q)
    profiler("start,event=cpu,interval=1ms,threads", out, mode)
    kept = []
    for q in queries:
        times, datas, complete = [], [], True
        before = cpu_seconds()
        for _ in range(runs):
            for port in ports:
                ms, status, data, stale = ask(key, port, q)
                times.append(ms)
                complete = complete and status == 200 and stale is None
                datas.append(json.dumps(data, sort_keys=True))
        cpu = (cpu_seconds() - before) / (runs * len(ports))
        same = complete and len(set(datas)) == 1 and (expected is None or datas[0] == expected[q])
        kept.append((q, datas[0]))
        print("BENCH cluster-deep-pages %s %s median_ms=%.1f max_ms=%.1f cpu_ms_per_request=%.0f %s=%s"
              % ("three-instances" if mode == "cluster" else "one-instance", q, statistics.median(times), max(times),
                 cpu * 1000, "same_on_every_instance" if mode == "cluster" else "same_as_cluster", same), flush=True)
    profiler("stop,file=%s/profile-%s-%d.collapsed,collapsed", out, mode)
    if mode == "cluster":
        json.dump(kept, open(answers_file, "w"))


if __name__ == "__main__":
    main()

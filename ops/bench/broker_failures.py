#!/usr/bin/env python3
"""Load and verdict for ops/bench/broker-failures.sh.

  broker_failures.py load OUT_DIR KEY_FILE SECONDS PORT...   poll every instance every 50 ms
      (GET /api/v2/leads?limit=1) and write leads (POST with an Idempotency-Key, retried on 503 or a
      lost connection) for SECONDS; rows go to OUT_DIR/polls.csv and OUT_DIR/writes.csv
  broker_failures.py report OUT_DIR FAILURE_START FAILURE_END KEY_FILE PORT...   a markdown
      summary on stdout; every acknowledged write's lead is read back (GET /api/v2/leads/{id})
"""
import collections
import http.client
import json
import sys
import threading
import time


def poller(port, key, until, rows, lock):
    conn = None
    while time.time() < until:
        started = time.time()
        status, total, stale = "ERR", "", ""
        try:
            if conn is None:
                conn = http.client.HTTPConnection("localhost", port, timeout=10)
            conn.request("GET", "/api/v2/leads?limit=1", headers={"x-api-key": key})
            answer = conn.getresponse()
            body = answer.read()
            status = str(answer.status)
            stale = answer.getheader("X-Lead-Data-Staleness") or ""
            if answer.status == 200:
                total = str(json.loads(body)["data"]["pagination"]["total"])
        except Exception as e:  # a refused or lost connection is a row too
            total, conn = type(e).__name__, None
        with lock:
            rows.append((started, port, status, total, stale))
        time.sleep(max(0.0, 0.05 - (time.time() - started)))


def writer(ports, key, until, rows, lock):
    conns, n = {}, 0
    while time.time() < until:
        n += 1
        port = ports[n % len(ports)]
        idem = f"bf-{int(until)}-{n}"
        body = json.dumps({"firstName": f"W{n}", "lastName": "Writer", "email": f"w{n}@example.com",
                           "company": "Broker Failures"})
        started, attempts, status, lead = time.time(), 0, "ERR", ""
        while attempts < 20 and time.time() < until + 30:
            attempts += 1
            try:
                conn = conns.get(port) or http.client.HTTPConnection("localhost", port, timeout=60)
                conns[port] = conn
                conn.request("POST", "/api/v2/leads", body=body, headers={
                    "x-api-key": key, "Content-Type": "application/json", "Idempotency-Key": idem})
                answer = conn.getresponse()
                payload = answer.read()
                status = str(answer.status)
                if answer.status in (200, 201):
                    lead = json.loads(payload)["data"]["id"]
                    break
            except Exception as e:
                status = type(e).__name__
                conns.pop(port, None)
            time.sleep(0.5)
        with lock:
            rows.append((started, port, idem, status, attempts, time.time() - started, lead))
        time.sleep(0.05)


def load(out, key_file, seconds, ports):
    key = open(key_file).read().strip()
    until = time.time() + seconds
    polls, writes, lock = [], [], threading.Lock()
    threads = [threading.Thread(target=poller, args=(p, key, until, polls, lock)) for p in ports]
    threads.append(threading.Thread(target=writer, args=(ports, key, until, writes, lock)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(f"{out}/polls.csv", "w") as f:
        f.writelines(",".join(map(str, r)) + "\n" for r in sorted(polls))
    with open(f"{out}/writes.csv", "w") as f:
        f.writelines(",".join(map(str, r)) + "\n" for r in sorted(writes))


def missing_leads(writes, key, ports):
    """The acknowledged writes whose lead no instance shows (each asked until one answers)."""
    missing = []
    for w in writes:
        for attempt in range(40):
            conn = http.client.HTTPConnection("localhost", ports[attempt % len(ports)], timeout=10)
            try:
                conn.request("GET", f"/api/v2/leads/{w[6]}", headers={"x-api-key": key})
                status = conn.getresponse().status
            except Exception:
                status = 0
            if status in (200, 404):
                break
            time.sleep(0.5)
        if status != 200:
            missing.append((w[6], status))
    return missing


def report(out, failure_start, failure_end, key_file, ports):
    polls = [l.rstrip("\n").split(",") for l in open(f"{out}/polls.csv")]
    writes = [l.rstrip("\n").split(",") for l in open(f"{out}/writes.csv")]
    first = float(polls[0][0])
    print("| instance | complete 200 | stale-labelled 200 | 503 | other |")
    print("|---|---:|---:|---:|---:|")
    for port in sorted({p[1] for p in polls}):
        mine = [p for p in polls if p[1] == port]
        fresh = sum(1 for p in mine if p[2] == "200" and not p[4])
        stale = sum(1 for p in mine if p[2] == "200" and p[4])
        unavailable = sum(1 for p in mine if p[2] == "503")
        print(f"| {port} | {fresh} | {stale} | {unavailable} | {len(mine) - fresh - stale - unavailable} |")
    answered = sorted(float(p[0]) for p in polls if p[2] == "200")
    gaps = [(b - a, a) for a, b in zip(answered, answered[1:])] or [(0.0, first)]
    gap, at = max(gaps)
    seconds = collections.defaultdict(set)
    for p in polls:
        seconds[int(float(p[0]))].add(p[2])
    dark = sum(1 for s in seconds if "200" not in seconds[s])
    stale_from = [float(p[0]) for p in polls if p[4]]
    print()
    print(f"- failure from +{failure_start - first:.0f} s to +{failure_end - first:.0f} s of the load")
    print(f"- seconds in which no instance answered 200: {dark}; longest time without any 200: "
          f"{gap:.2f} s (at +{at - first:.0f} s)")
    if stale_from:
        print(f"- stale-labelled answers from +{min(stale_from) - first:.0f} s to "
              f"+{max(stale_from) - first:.0f} s")
    done = [w for w in writes if w[3] in ("200", "201")]
    failed = [w for w in writes if w[3] not in ("200", "201")]
    retried = [w for w in writes if int(w[4]) > 1]
    latencies = sorted(float(w[5]) for w in done) or [0.0]
    print(f"- writes: {len(done)} acknowledged, {len(failed)} given up after 20 tries "
          f"({collections.Counter(w[3] for w in failed).most_common()}), {len(retried)} needed a retry; "
          f"slowest acknowledged {latencies[-1]:.1f} s (retries included)")
    missing = missing_leads(done, open(key_file).read().strip(), ports)
    print(f"- acknowledged writes whose lead is missing afterwards: {len(missing)} {missing[:5]}")


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3], float(sys.argv[4]), [int(p) for p in sys.argv[5:]])
    else:
        report(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], [int(p) for p in sys.argv[6:]])

#!/usr/bin/env python3
"""Load and verdict for ops/bench/broker-failures.sh.

  broker_failures.py load OUT_DIR KEY_FILE SECONDS PORT...   poll every instance every 50 ms
      (GET /api/v2/leads?limit=1) and write leads (POST with an Idempotency-Key, retried every
      0.5 s on 503 or a lost connection, up to 20 tries or 30 s past SECONDS) for SECONDS; rows go
      to OUT_DIR/polls.csv (started, port, status, total, staleness, finished) and
      OUT_DIR/writes.csv (started, port, key, status, tries, seconds, lead id)
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
            stale = (answer.getheader("X-Lead-Data-Staleness") or "").replace(",", ";")
            if answer.status == 200:
                total = str(json.loads(body)["data"]["pagination"]["total"])
        except Exception as e:  # a refused or lost connection is a row too
            total, conn = type(e).__name__, None
        with lock:
            rows.append((started, port, status, total, stale, time.time()))
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
                if answer.status != 503:
                    break  # an answer a retry cannot change
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
    """The acknowledged writes whose lead no instance shows: asked until a 200, or a 404 that is
    not stale-labelled (a standby copy behind may not have it yet)."""
    missing = []
    for w in writes:
        for attempt in range(40):
            conn = http.client.HTTPConnection("localhost", ports[attempt % len(ports)], timeout=10)
            try:
                conn.request("GET", f"/api/v2/leads/{w[6]}", headers={"x-api-key": key})
                answer = conn.getresponse()
                answer.read()
                status = answer.status
                stale = answer.getheader("X-Lead-Data-Staleness")
            except Exception:
                status, stale = 0, None
            if status == 200 or (status == 404 and not stale):
                break
            time.sleep(0.5)
        if status != 200:
            missing.append((w[6], status))
    return missing


def report(out, failure_start, failure_end, key_file, ports):
    polls = [l.rstrip("\n").split(",") for l in open(f"{out}/polls.csv")]
    writes = [l.rstrip("\n").split(",") for l in open(f"{out}/writes.csv")]
    print("| instance | fresh 200 (no staleness label) | stale-labelled 200 | 503 | other |")
    print("|---|---:|---:|---:|---:|")
    for port in sorted({p[1] for p in polls}):
        mine = [p for p in polls if p[1] == port]
        fresh = sum(1 for p in mine if p[2] == "200" and not p[4])
        stale = sum(1 for p in mine if p[2] == "200" and p[4])
        unavailable = sum(1 for p in mine if p[2] == "503")
        print(f"| {port} | {fresh} | {stale} | {unavailable} | {len(mine) - fresh - stale - unavailable} |")
    first, last = min(float(p[0]) for p in polls), max(float(p[5]) for p in polls)
    print()
    print(f"- failure from +{failure_start - first:.0f} s to +{failure_end - first:.0f} s of the load")

    def without(answers):
        """Seconds (1 s buckets by finish time, first to last poll) in which no poll got such an
        answer, and the longest time between two such answers (or the ends of the load)."""
        times = sorted(float(p[5]) for p in answers)
        covered = {int(t) for t in times}
        dark = sum(1 for second in range(int(first), int(last) + 1) if second not in covered)
        edges = [first] + times + [last]
        gap, at = max((b - a, a) for a, b in zip(edges, edges[1:]))
        return dark, gap, at

    for label, answers in (
            ("any 200 (complete or stale-labelled)", [p for p in polls if p[2] == "200"]),
            ("a fresh 200 (no staleness label)", [p for p in polls if p[2] == "200" and not p[4]])):
        dark, gap, at = without(answers)
        print(f"- seconds in which no instance gave {label}: {dark}; longest time without one: "
              f"{gap:.2f} s (from +{at - first:.0f} s)")
    stale_at = [float(p[0]) for p in polls if p[4]]
    if stale_at:
        print(f"- stale-labelled answers from +{min(stale_at) - first:.0f} s to "
              f"+{max(stale_at) - first:.0f} s")
    done = [w for w in writes if w[3] in ("200", "201")]
    failed = [w for w in writes if w[3] not in ("200", "201")]
    retried = [w for w in done if int(w[4]) > 1]
    latencies = sorted(float(w[5]) for w in done) or [0.0]
    reasons = collections.Counter(f"{w[3]} after {w[4]} tries" for w in failed).most_common()
    print(f"- writes: {len(done)} acknowledged ({len(retried)} of them after a retry; slowest "
          f"{latencies[-1]:.1f} s, retries included), {len(failed)} not: {reasons}")
    missing = missing_leads(done, open(key_file).read().strip(), ports)
    print(f"- acknowledged writes whose lead is missing afterwards: {len(missing)} {missing[:5]}")


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3], float(sys.argv[4]), [int(p) for p in sys.argv[5:]])
    else:
        report(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], [int(p) for p in sys.argv[6:]])

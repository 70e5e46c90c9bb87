#!/usr/bin/env python3
"""Turns MillionBench's result lines and the PostgreSQL baseline into one markdown report.

  python3 ops/bench/million_report.py --bench target/million-bench/bench.log \\
      [--pg target/pg-bench/summary.md] [--docs docs/benchmarks.md]

--bench  the `BENCH million ...` lines of MillionBench (its bench.log, or any log holding them)
--pg     postgres.sh's summary.md, or a file holding its `PG shape=... clients=2 p50=...ms p99=...ms`
         lines; rows at 2 clients are used. Without it the PostgreSQL columns stay empty.
--docs   also write the report into this markdown file, between the lines
         <!-- million-bench:begin --> and <!-- million-bench:end -->

Prints the report: the machine and the date, the shape table at 2 clients (ours p50/p99, PostgreSQL
p50/p99, ratio PostgreSQL/ours: above 1 means ours is faster), ours at 1 and 16 clients, and every
other figure with its target and MET/MISSED. Python 3 standard library only.
"""

import argparse
import datetime
import os
import platform
import re
import shlex
import subprocess
import sys

TARGET_CLIENTS = "2"
BEGIN = "<!-- million-bench:begin -->"
END = "<!-- million-bench:end -->"


def bench_records(path):
    """Every `BENCH million` line as a dict of its key=value fields (plus 'info' for info lines)."""
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            at = line.find("BENCH million ")
            if at < 0:
                continue
            body = line[at + len("BENCH million "):].strip()
            if body.startswith("info "):
                records.append({"info": body[len("info "):]})
                continue
            records.append(dict(token.split("=", 1) for token in shlex.split(body)))
    return records


def pg_rows(path):
    """shape -> (p50, p99, total) at 2 clients, from PG lines or from summary.md table rows."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("PG shape="):
                fields = dict(token.split("=", 1) for token in line.split() if "=" in token)
                if fields["clients"] == TARGET_CLIENTS:
                    rows[fields["shape"]] = (ms(fields["p50"]), ms(fields["p99"]), fields.get("total"))
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if line.startswith("|") and len(cells) >= 10 and cells[2] == TARGET_CLIENTS:
                rows[cells[0]] = (float(cells[3]), float(cells[4]), cells[9])
    return rows


def different_totals(shapes, pg):
    """Shapes whose total differs between ours and PostgreSQL: the data sets are not the same."""
    return ["%s (ours %s, PostgreSQL %s)" % (row["shape"], row["total"], pg[row["shape"]][2])
            for row in shapes
            if row["clients"] == TARGET_CLIENTS and row["shape"] in pg
            and pg[row["shape"]][2] not in (None, row["total"])]


def pg_context(path):
    """The first lines of a summary.md that say when and how PostgreSQL was measured."""
    with open(path, encoding="utf-8") as f:
        return [("PostgreSQL run: " + line if line.startswith("Machine:") else line).strip()
                for line in f if line.startswith(("PostgreSQL baseline", "Machine:"))]


def ms(text):
    return float(text[:-2] if text.endswith("ms") else text)


def machine():
    cpus = os.cpu_count()
    model = ""
    memory_gib = 0
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
        with open("/proc/meminfo") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
            memory_gib = round(kb / 1024 / 1024)
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return "%d CPUs (%s), %d GiB RAM, %s %s, %s" % (
        cpus, model or "unknown model", memory_gib, platform.system(), platform.release(),
        java[0] if java else "java unknown")


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def fmt(value):
    return "–" if value is None else "%.2f" % value


def ratio(pg, ours):
    if pg is None or ours is None or ours == 0:
        return "–"
    value = pg / ours
    return ("%.1f×" if value >= 1 else "%.2f×") % value


def report(records, pg, pg_lines):
    config = next((r["info"] for r in records if "info" in r and r["info"].startswith("config ")), "")
    settings = dict(token.split("=", 1) for token in config.split()[1:])
    shapes = [r for r in records if "shape" in r]
    figures = [r for r in records if "figure" in r]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = []
    out.append("Run of %s. Machine: %s. Load average at the start %s, at the report %s."
               % (now, machine(), settings.get("loadAverage", "?"), load_average()))
    out.append("")
    out.append("Data: %s leads generated in `ws_bench` (%s live after deletions) plus %s workspaces of %s, %s events. "
               "Service: `java -Xmx%s -jar target/lead-projection.jar serve`, exactly-once, 2 stream threads, "
               "its own process; broker and load generator in the benchmark's JVM on the same cores. "
               "Queries: closed loop over HTTP/1.1 keep-alive, %s s per shape and client count after %s s warm-up."
               % (settings.get("leads", "?"), settings.get("liveLeads", "?"),
                  settings.get("smallWorkspaces", "?"), settings.get("smallLeads", "?"),
                  settings.get("events", "?"),
                  settings.get("serviceXmx", "?"), settings.get("querySeconds", "?"),
                  settings.get("warmupSeconds", "?")))
    for line in pg_lines:
        out.append("")
        out.append(line)
    mismatched = different_totals(shapes, pg)
    if mismatched:
        out.append("")
        out.append("**Warning: not the same data set; totals differ: %s.**" % "; ".join(mismatched))
    out.append("")
    out.append("| shape | query | ours p50 ms | ours p99 ms | PostgreSQL p50 ms | PostgreSQL p99 ms "
               "| PG/ours p50 | PG/ours p99 | ours req/s | total | p99 ≤ 10 ms |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    ours_names = set()
    for row in shapes:
        if row["clients"] != TARGET_CLIENTS:
            continue
        ours_names.add(row["shape"])
        p50, p99 = ms(row["p50"]), ms(row["p99"])
        pg50, pg99, _ = pg.get(row["shape"], (None, None, None))
        out.append("| %s | `%s` | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s |" % (
            row["shape"], row["query"], p50, p99, fmt(pg50), fmt(pg99), ratio(pg50, p50),
            ratio(pg99, p99), row["rps"], row["total"], row["verdict"]))
    for name, (pg50, pg99, _) in pg.items():
        if name not in ours_names:
            out.append("| %s (PostgreSQL only) | | – | – | %.2f | %.2f | – | – | – | – | |" % (name, pg50, pg99))
    out.append("")
    out.append("At 2 clients, the issue's target. Ratio above 1: ours is faster. PostgreSQL: page query + exact "
               "count per transaction (pgbench); ours: one API request, which answers both.")
    out.append("")
    out.append("Ours at 1 and 16 clients:")
    out.append("")
    out.append("| shape | clients | p50 ms | p99 ms | max ms | req/s |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for row in shapes:
        if row["clients"] != TARGET_CLIENTS:
            out.append("| %s | %s | %.2f | %.2f | %.2f | %s |" % (
                row["shape"], row["clients"], ms(row["p50"]), ms(row["p99"]), ms(row["max"]), row["rps"]))
    out.append("")
    out.append("Other figures:")
    out.append("")
    out.append("| figure | value | target | verdict | how |")
    out.append("|---|---:|---|---|---|")
    for row in figures:
        out.append("| %s | %s %s | %s | %s | %s |" % (
            row["figure"], row["value"], row["unit"], row["target"], row["verdict"], row["detail"]))
    missed = [r.get("figure") or r.get("shape") for r in figures + shapes if r.get("verdict") == "MISSED"]
    out.append("")
    out.append("Targets missed: %s." % (", ".join(missed) if missed else "none"))
    return "\n".join(out) + "\n"


def splice(docs, text):
    with open(docs, encoding="utf-8") as f:
        content = f.read()
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(content):
        sys.exit("%s has no %s ... %s section" % (docs, BEGIN, END))
    replaced = pattern.sub(lambda _: BEGIN + "\n" + text + END, content)
    with open(docs, "w", encoding="utf-8") as f:
        f.write(replaced)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", required=True)
    parser.add_argument("--pg")
    parser.add_argument("--docs")
    args = parser.parse_args()
    records = bench_records(args.bench)
    if not any("shape" in r for r in records):
        sys.exit("no `BENCH million shape=` lines in %s" % args.bench)
    pg = pg_rows(args.pg) if args.pg else {}
    text = report(records, pg, pg_context(args.pg) if args.pg else [])
    sys.stdout.write(text)
    if args.docs:
        splice(args.docs, text)


if __name__ == "__main__":
    main()

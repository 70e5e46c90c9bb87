#!/usr/bin/env python3
"""Differential check of what the projection makes of raw events, against an independent model of
events.md: the DLQ, the output topics and the API, for events no well-behaved producer would send.

It writes, for a few fresh workspaces, lead histories with bad and odd records among the good ones
and sends them raw to `lead-events` (ops/bench/TopicTool.java: any key, any bytes, headers; Java's
default partitioner). Then it reads `lead-events.dlq`, `lead-projections` and `lead-status-counts`
whole (read_committed) and the workspaces through the API, and compares:

- every record the model says is dead-lettered is in the DLQ once, with its key and value byte for
  byte, the `error.code` the runbook's table gives for its one defect, `source.topic`,
  `source.partition` and `source.offset` naming where it was sent, and the producer's headers kept
  (an `error.*` one as `original.error.*`); no other record of this run is in the DLQ;
- `lead-projections` has, per lead of this run, exactly one record per change the model sees, in
  order, each the lead as events.md makes it plus `workspaceId` (null when deleted);
- the last `lead-status-counts` record of each workspace holds the model's counts;
- every workspace listed whole through the API equals the model.

Bad records (one defect each): not JSON, empty, trailing content, not UTF-8, a NUL byte, nested
too deep; JSON but not an object; envelope fields missing, empty, too long, ill-typed, with
characters outside [A-Za-z0-9_-], a date-time without an offset; unknown types; keys of another
lead, none, or not UTF-8; field rules broken (e-mail, enums, lengths counted in code points, tags,
custom fields, unknown fields, clearing status); updates, contacts and deletes of leads never
created or deleted; creates of existing leads; another workspace's events. Odd but good: re-sent
events (same and changed bytes, after later events), a dead-lettered event re-sent once its lead
exists (applied then), one eventId on two leads, a lead re-created after its deletion, no `data`,
`data: null`, the other date-time spellings producers.md accepts, Confluent's JSON framing,
lengths exactly at the bounds, astral characters.

Usage (a running `dev` or `serve`; see ops/bench/events-differential.sh):
  events_differential.py --api http://localhost:8080 --bootstrap localhost:9092 --jar target/lead-projection.jar \
      [--leads 200] [--workspaces 3] [--seed 1]
Exit 0 when everything matched, 1 otherwise (the first differences are printed).
"""
import argparse
import base64
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib

from api_differential import (COMPANIES, FIRST_NAMES, LAST_NAMES, SOURCES, STATUSES, TAGS, TITLES, Model, get,
                              random_patch)

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "TopicTool.java")
BASE_NS = int(dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc).timestamp()) * 1_000_000_000


def murmur2_partition(key, partitions):
    """Kafka's Java default partitioner for a keyed record: toPositive(murmur2(key)) % partitions."""
    m, h = 0x5BD1E995, (0x9747B28C ^ len(key)) & 0xFFFFFFFF
    for i in range(0, len(key) - len(key) % 4, 4):
        k = int.from_bytes(key[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> 24
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    tail = len(key) & ~3
    rest = len(key) % 4
    if rest == 3:
        h ^= key[tail + 2] << 16
    if rest >= 2:
        h ^= key[tail + 1] << 8
    if rest >= 1:
        h ^= key[tail]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return (h & 0x7FFFFFFF) % partitions


def crc32_partition(key, partitions, rng):
    """librdkafka's default (consistent_random): CRC32 of the key, a random partition without one."""
    return rng.randrange(partitions) if key is None else zlib.crc32(key) % partitions


def b64(data):
    return None if data is None else base64.b64encode(data).decode()


def unb64(text):
    return None if text is None else base64.b64decode(text)


def occurred_text(ns, rng):
    """A spelling of this instant events accept: RFC 3339 in several offsets and precisions, and
    the other spellings producers.md names (a space for the T, a decimal comma, +0000)."""
    seconds, nanos = divmod(ns, 1_000_000_000)
    minutes = rng.choice([0, 0, 60, -300, 330, 765])
    tz = dt.timezone(dt.timedelta(minutes=minutes))
    local = dt.datetime.fromtimestamp(seconds, tz)
    sep = rng.choice(["T"] * 5 + [" "])
    text = local.strftime("%Y-%m-%d") + sep + local.strftime("%H:%M:%S")
    if nanos:
        digits = ("%09d" % nanos).rstrip("0")
        digits = digits + "0" * rng.choice([0, 0, 1, 3]) if len(digits) < 9 else digits
        text += rng.choice([".", ".", ".", ","]) + digits
    elif rng.random() < 0.2:
        text += ".000"
    if minutes == 0 and rng.random() < 0.7:
        return text + "Z"
    sign = "+" if minutes >= 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return text + sign + ("%02d:%02d" if rng.random() < 0.8 else "%02d%02d") % (hh, mm)


class Record:
    """One record sent to lead-events, with what the model says becomes of it."""

    def __init__(self, key, value, headers=(), expect="apply", event=None):
        self.key = key            # bytes or None
        self.value = value        # bytes or None
        self.headers = list(headers)  # [(name, bytes or None)]
        self.expect = expect      # "apply" (decided by the model) or a DLQ code
        self.event = event        # the parsed event (dict with _ns) when the record is a valid event
        self.partition = self.offset = None
        self.chosen = None        # the partition it is sent to, when not Java's partitioner's choice
        self.outcome = None       # what the model decided: applied / ignored / DLQ code


def encode(event, rng, framed=False):
    body = {k: v for k, v in event.items() if not k.startswith("_")}
    keys = list(body)
    if rng.random() < 0.3:
        rng.shuffle(keys)
    text = json.dumps({k: body[k] for k in keys}, ensure_ascii=rng.random() < 0.3,
                      indent=rng.choice([None, None, None, 1]))
    raw = text.encode()
    if framed:
        raw = b"\x00" + rng.randrange(1, 2**31).to_bytes(4, "big") + raw
    return raw


class Generator:
    def __init__(self, rng, run):
        self.rng = rng
        self.run = run
        self.n = 0

    def event_id(self):
        self.n += 1
        return "evt_%s_%d" % (self.run, self.n)

    def event(self, kind, lead_id, workspace, ns, data, with_data=True):
        event = {"eventId": self.event_id(), "type": kind, "leadId": lead_id, "workspaceId": workspace,
                 "occurredAt": occurred_text(ns, self.rng), "_ns": ns}
        if with_data:
            event["data"] = data
        return event

    def create_data(self):
        rng = self.rng
        data = {"firstName": rng.choice(FIRST_NAMES), "lastName": rng.choice(LAST_NAMES),
                "email": rng.choice(["john.doe%d@techcorp.example" % rng.randrange(10**6), "a+b@sub.example.co",
                                     "ünï@exämple.de", "x@y.z"])}
        for field, values in (("company", COMPANIES), ("title", TITLES), ("status", STATUSES),
                              ("source", SOURCES), ("location", ["Berlin", "São Paulo", None]),
                              ("phone", ["+1 555 0100", None]), ("linkedinUrl", ["https://linkedin.com/in/x"]),
                              ("notes", ["n", "😀" * 10_000, "x" * 10_000, None])):
            if rng.random() < 0.5:
                data[field] = rng.choice(values)
        if rng.random() < 0.3:
            data["tags"] = rng.choice([rng.sample(TAGS, rng.randint(0, 3)), ["t%02d" % i + "x" * 47 for i in range(50)]])
        if rng.random() < 0.3:
            data["customFields"] = rng.choice([
                {"tier": "gold", "seats": rng.randint(1, 99), "active": True, "gone": None, "ratio": 1.5},
                {("k%02d" % i) + "y" * 97: i for i in range(50)},
                {"😀": "astral key", "nested_text": "{\"a\": 1}"}])
        if rng.random() < 0.1:
            data["firstName"] = "😀" * 1000  # at the bound, counted in code points
        return data

    def patch(self):
        """api_differential's merge patch, which also clears the names and the e-mail at times."""
        patch = random_patch(self.rng)
        for field in ("firstName", "email"):
            if field in patch and self.rng.random() < 0.3:
                patch[field] = None
        return patch

    def broken(self, lead_id, workspace, ns):
        """(key, value, expected code) of a record with exactly one defect."""
        rng = self.rng
        good = self.event("LeadUpdated", lead_id, workspace, ns, {"title": "x"})
        key = lead_id.encode()

        def with_(**changes):
            e = dict(good)
            for k, v in changes.items():
                if v is KeyError:
                    e.pop(k, None)
                else:
                    e[k] = v
            return encode(e, rng)

        def data_(data, kind="LeadUpdated"):
            return with_(type=kind, data=data)

        cases = [
            (lambda: b"not json", "INVALID_JSON"),
            (lambda: b"", "INVALID_JSON"),
            (lambda: encode(good, rng) + b" {}", "INVALID_JSON"),
            (lambda: encode(good, rng)[:-7], "INVALID_JSON"),
            (lambda: encode(good, rng).replace(b'"x"', b'"\xff"'), "INVALID_JSON"),
            (lambda: encode(good, rng).replace(b'"x"', b'"a\x00"'), "INVALID_JSON"),
            (lambda: data_({"customFields": {"k": json.loads("[" * 25 + "]" * 25)}}), "INVALID_JSON"),
            (lambda: json.dumps([good["eventId"]]).encode(), "NOT_AN_OBJECT"),
            (lambda: b"42", "NOT_AN_OBJECT"),
            (lambda: b"null", "NOT_AN_OBJECT"),
            (lambda: json.dumps(json.dumps({k: v for k, v in good.items() if k != "_ns"})).encode(), "NOT_AN_OBJECT"),
            (lambda: with_(eventId=KeyError), "INVALID_ENVELOPE"),
            (lambda: with_(eventId=""), "INVALID_ENVELOPE"),
            (lambda: with_(eventId="e" * 101), "INVALID_ENVELOPE"),
            (lambda: with_(eventId=17), "INVALID_ENVELOPE"),
            (lambda: with_(type=KeyError), "INVALID_ENVELOPE"),
            (lambda: with_(workspaceId=KeyError), "INVALID_ENVELOPE"),
            (lambda: with_(workspaceId="ws acme"), "INVALID_ENVELOPE"),
            (lambda: with_(workspaceId="w" * 101), "INVALID_ENVELOPE"),
            (lambda: with_(workspaceId=["ws"]), "INVALID_ENVELOPE"),
            (lambda: with_(occurredAt=KeyError), "INVALID_ENVELOPE"),
            (lambda: with_(occurredAt="2024-01-15T10:30:00"), "INVALID_ENVELOPE"),
            (lambda: with_(occurredAt="yesterday"), "INVALID_ENVELOPE"),
            (lambda: with_(occurredAt=1705314600000), "INVALID_ENVELOPE"),
            (lambda: with_(data=1), "INVALID_ENVELOPE"),
            (lambda: with_(data="{}"), "INVALID_ENVELOPE"),
            (lambda: with_(type="LeadMerged"), "UNKNOWN_TYPE"),
            (lambda: with_(type="leadUpdated"), "UNKNOWN_TYPE"),
            (lambda: data_({"email": "john@techcorp"}), "INVALID_FIELD"),
            (lambda: data_({"email": "<a@b.co>"}), "INVALID_FIELD"),
            (lambda: data_({"email": "a b@c.de"}), "INVALID_FIELD"),
            (lambda: data_({"status": "active"}), "INVALID_FIELD"),
            (lambda: data_({"status": "NEW"}), "INVALID_FIELD"),
            (lambda: data_({"status": None}), "INVALID_FIELD"),
            (lambda: data_({"source": "email"}), "INVALID_FIELD"),
            (lambda: data_({"firstName": "😀" * 1001}), "INVALID_FIELD"),
            (lambda: data_({"company": "c" * 1001}), "INVALID_FIELD"),
            (lambda: data_({"notes": "n" * 10_001}), "INVALID_FIELD"),
            (lambda: data_({"firstName": 42}), "INVALID_FIELD"),
            (lambda: data_({"tags": ["t%d" % i for i in range(51)]}), "INVALID_FIELD"),
            (lambda: data_({"tags": ["t" * 51]}), "INVALID_FIELD"),
            (lambda: data_({"tags": "vip"}), "INVALID_FIELD"),
            (lambda: data_({"customFields": {"k": {"a": 1}}}), "INVALID_FIELD"),
            (lambda: data_({"customFields": {"k": [1]}}), "INVALID_FIELD"),
            (lambda: data_({"customFields": {"k" * 101: 1}}), "INVALID_FIELD"),
            (lambda: data_({"customFields": {"k%d" % i: i for i in range(51)}}), "INVALID_FIELD"),
            (lambda: data_({"industry": "SaaS"}), "INVALID_FIELD"),
            (lambda: data_({"channel": "fax"}, "LeadContacted"), "INVALID_FIELD"),
            (lambda: data_({"note": "n" * 1001}, "LeadContacted"), "INVALID_FIELD"),
            (lambda: data_({"email": "not-an-address"}, "LeadCreated"), "INVALID_FIELD"),
        ]
        make, code = rng.choice(cases)
        return key, make(), code

    def misaddressed(self, lead_id, other_id, workspace, ns):
        """(key, value, code) of a good event under a key that is not its lead's."""
        value = encode(self.event("LeadUpdated", lead_id, workspace, ns, {"title": "k"}), self.rng)
        key = self.rng.choice([other_id.encode(), None, b"\xff\xfe" + lead_id.encode(), lead_id.encode() + b" "])
        return key, value, "KEY_MISMATCH"


def histories(gen, workspaces, leads_per_workspace):
    """The records to send, in order. Each lead's own records are in its order; leads interleave."""
    rng = gen.rng
    per_lead = []
    all_ids = []
    for w, workspace in enumerate(workspaces):
        for i in range(leads_per_workspace):
            lead_id = "lead_%s_%d_%d%s" % (gen.run, w, i, rng.choice(["", "A", "_x", "-"]))
            all_ids.append((lead_id, workspace))
    for lead_id, workspace in all_ids:
        records = []
        ns = BASE_NS + rng.randrange(0, 10**15)
        ns -= ns % rng.choice([1, 1000, 1_000_000, 1_000_000_000])
        pending_early = None
        if rng.random() < 0.15:  # an update before its lead exists: dead-lettered, re-sent later
            kind = rng.choice(["LeadUpdated", "LeadContacted"])
            early = gen.event(kind, lead_id, workspace, ns + 5,
                              gen.patch() if kind == "LeadUpdated" and rng.random() < 0.5 else {})
            raw = encode(early, rng)
            records.append(Record(lead_id.encode(), raw, event=early))
            pending_early = (early, raw)
        create = gen.event("LeadCreated", lead_id, workspace, ns,
                           gen.create_data(), with_data=rng.random() < 0.9)
        if "data" in create and rng.random() < 0.05:
            create["data"] = None
        applied = []
        raw = encode(create, rng, framed=rng.random() < 0.1)
        records.append(Record(lead_id.encode(), raw, event=create,
                              headers=[("traceparent", b"00-abc-01")] if rng.random() < 0.2 else []))
        applied.append((create, raw))
        t = ns
        for _ in range(rng.randint(0, 6)):
            roll = rng.random()
            t2 = t + rng.randrange(-10**11, 10**12)
            t2 -= t2 % rng.choice([1, 1000, 1_000_000, 1_000_000_000])
            t = max(t, t2)
            if roll < 0.35:
                e = gen.event("LeadUpdated", lead_id, workspace, t2, gen.patch(), with_data=rng.random() < 0.95)
            elif roll < 0.6:
                e = gen.event("LeadContacted", lead_id, workspace, t2,
                              rng.choice([{}, {"channel": rng.choice(["email", "linkedin", "phone", "other"])},
                                          {"note": "called", "channel": "phone"}, None]),
                              with_data=rng.random() < 0.8)
            elif roll < 0.75:
                key, value, code = gen.broken(lead_id, workspace, t2)
                headers = [("error.code", b"mine"), ("source.offset", b"7")] if rng.random() < 0.2 else []
                records.append(Record(key, value, headers, expect=code))
                continue
            elif roll < 0.8:
                other = rng.choice([i for i, _ in all_ids[:5] + all_ids[-5:] if i != lead_id])
                key, value, code = gen.misaddressed(lead_id, other, workspace, t2)
                records.append(Record(key, value, expect=code))
                continue
            elif roll < 0.87:  # another workspace's event for this lead
                kind = rng.choice(["LeadUpdated", "LeadContacted", "LeadDeleted", "LeadCreated"])
                e = gen.event(kind, lead_id, "ws_other_" + gen.run, t2,
                              {"title": "intruder"} if kind in ("LeadUpdated", "LeadCreated") else {})
            elif roll < 0.93:  # re-sent: same bytes, or same eventId with other content
                old, old_raw = rng.choice(applied)
                if rng.random() < 0.5:
                    records.append(Record(lead_id.encode(), old_raw, event=old))
                else:
                    changed = dict(old)
                    changed["occurredAt"] = occurred_text(t2, rng)
                    changed["_ns"] = t2  # applied when the first was not (dead-lettered)
                    if old["type"] in ("LeadCreated", "LeadUpdated"):
                        changed["data"] = {"title": "changed on re-send"}
                    records.append(Record(lead_id.encode(), encode(changed, rng), event=changed))
                continue
            else:  # a second create with its own eventId
                e = gen.event("LeadCreated", lead_id, workspace, t2, gen.create_data())
            raw = encode(e, rng, framed=rng.random() < 0.05)
            records.append(Record(lead_id.encode(), raw, event=e))
            applied.append((e, raw))
        if pending_early and rng.random() < 0.7:
            records.append(Record(lead_id.encode(), pending_early[1], event=pending_early[0]))
        if rng.random() < 0.15:
            t += 1000
            e = gen.event("LeadDeleted", lead_id, workspace, t, {}, with_data=rng.random() < 0.5)
            records.append(Record(lead_id.encode(), encode(e, rng), event=e))
            roll = rng.random()
            if roll < 0.3:
                e = gen.event(rng.choice(["LeadUpdated", "LeadContacted", "LeadDeleted"]), lead_id, workspace,
                              t + 5, {})
                records.append(Record(lead_id.encode(), encode(e, rng), event=e))
            elif roll < 0.6:  # re-created after its deletion
                e = gen.event("LeadCreated", lead_id, workspace, t + 7, gen.create_data())
                records.append(Record(lead_id.encode(), encode(e, rng), event=e))
            if rng.random() < 0.3:  # the original create re-sent: a duplicate even now
                records.append(Record(lead_id.encode(), applied[0][1], event=applied[0][0]))
        if rng.random() < 0.05 and per_lead:
            # an eventId another lead used: not a duplicate, it is this lead's event
            other_records = rng.choice(per_lead)
            donor = next((r.event for r in other_records if r.event), None)
            if donor:
                e = gen.event("LeadContacted", lead_id, workspace, t + 3, {})
                e["eventId"] = donor["eventId"]
                records.append(Record(lead_id.encode(), encode(e, rng), event=e))
        per_lead.append(records)
    # interleave the leads' records, each lead's in its order
    out = []
    cursors = [0] * len(per_lead)
    live = [i for i in range(len(per_lead)) if per_lead[i]]
    while live:
        i = rng.choice(live)
        out.append(per_lead[i][cursors[i]])
        cursors[i] += 1
        if cursors[i] == len(per_lead[i]):
            live.remove(i)
    return out


class Projection:
    """events.md applied to the records, in the order sent (a lead's records share a partition).
    With `checked`, a good event on another partition than Java's partitioner gives its lead is
    dead-lettered WRONG_PARTITION (docs/producers.md); with `any` it is moved there and applied."""

    def __init__(self, checked=False, partitions=6):
        self.checked = checked
        self.partitions = partitions
        self.leads = {}       # leadId -> (workspace, lead in api_differential.Model's form)
        self.applied = set()  # (leadId, eventId)
        self.outputs = {}     # leadId -> [lead JSON with workspaceId, or None]

    def decide(self, record):
        if record.expect != "apply":
            return record.expect
        e = record.event
        lead_id, workspace = e["leadId"], e["workspaceId"]
        if self.checked and record.chosen is not None and \
                record.chosen != murmur2_partition(lead_id.encode(), self.partitions):
            return "WRONG_PARTITION"
        if (lead_id, e["eventId"]) in self.applied:
            return "ignored"
        current = self.leads.get(lead_id)
        if current is not None and current[0] != workspace:
            return "WORKSPACE_MISMATCH"
        kind = e["type"]
        if kind == "LeadCreated" and current is not None:
            return "LEAD_EXISTS"
        if kind != "LeadCreated" and current is None:
            return "LEAD_NOT_FOUND"
        data = e.get("data") or {}
        if kind == "LeadUpdated" and isinstance(data.get("customFields"), dict):
            merged = dict(current[1]["customFields"])
            for k, v in data["customFields"].items():
                if v is None:
                    merged.pop(k, None)
                else:
                    merged[k] = v
            if len(merged) > 50:
                return "INVALID_FIELD"
        before = self.printed(lead_id)
        model = Model()
        if current is not None:
            model.leads[lead_id] = current[1]
        event = dict(e, data=data)
        if kind == "LeadCreated":
            event["data"] = {k: v for k, v in data.items() if v is not None}
            if "customFields" in event["data"]:
                event["data"]["customFields"] = {k: v for k, v in data["customFields"].items() if v is not None}
        if kind == "LeadContacted":
            event["data"] = {}
        model.apply(event)
        if lead_id in model.leads:
            self.leads[lead_id] = (workspace, model.leads[lead_id])
        else:
            del self.leads[lead_id]
        self.applied.add((lead_id, e["eventId"]))
        after = self.printed(lead_id)
        if json.dumps(after) != json.dumps(before):
            self.outputs.setdefault(lead_id, []).append(after)
        return "applied"

    def printed(self, lead_id):
        if lead_id not in self.leads:
            return None
        workspace, lead = self.leads[lead_id]
        out = Model.json_of(lead)
        out["workspaceId"] = workspace
        return out

    def counts(self, workspace):
        counts = {s: 0 for s in STATUSES}
        for w, lead in self.leads.values():
            if w == workspace:
                counts[lead["status"]] += 1
        return {"workspaceId": workspace, "counts": counts, "total": sum(counts.values())}


def delta(got, want):
    """The fields where two printed leads differ (values cut short), or the two whole when not both leads."""
    if not isinstance(got, dict) or not isinstance(want, dict):
        return "got %s, model %s" % (json.dumps(got, ensure_ascii=False)[:200], json.dumps(want, ensure_ascii=False)[:200])
    fields = [f for f in list(want) + [f for f in got if f not in want] if got.get(f, KeyError) != want.get(f, KeyError)]
    return "; ".join("%s: got %s, model %s" % (f, json.dumps(got.get(f, "<absent>"), ensure_ascii=False)[:120],
                                               json.dumps(want.get(f, "<absent>"), ensure_ascii=False)[:120])
                     for f in fields) or "equal"


def tool(args, *command, **kw):
    return subprocess.run(["java", "-cp", args.jar, TOOL, *command], capture_output=True, text=True, **kw)


def dump(args, topic):
    done = tool(args, "dump", args.bootstrap, topic)
    if done.returncode != 0:
        raise RuntimeError("dump %s: %s" % (topic, done.stderr[-500:]))
    return [json.loads(line) for line in done.stdout.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--jar", default="target/lead-projection.jar")
    ap.add_argument("--leads", type=int, default=200, help="leads per workspace")
    ap.add_argument("--workspaces", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--topic-prefix", default="", help="the service's --topic-prefix (lead-events itself is not prefixed)")
    ap.add_argument("--partitioner", choices=["java", "crc32"], default="java",
                    help="crc32: partitions as librdkafka clients (Python, Go, .NET, Node) pick them by default")
    ap.add_argument("--input-partitioning", choices=["any", "checked"], default="any",
                    help="the service's --input-partitioning (the model's WRONG_PARTITION rule)")
    ap.add_argument("--keep", help="a directory to write the records sent (with the model's outcome) and, per lead that"
                    " differs, both record sequences")
    ap.add_argument("--partitions", type=int, default=6, help="partitions of lead-events")
    ap.add_argument("--batches", type=int, default=1, help="send the records in this many parts...")
    ap.add_argument("--pause", type=float, default=0, help="...this many seconds apart (e.g. while instances move)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    run = "%d_%d" % (args.seed, int(time.time()))
    workspaces = ["ws_ev_%s_%d" % (run, w) for w in range(args.workspaces)]
    gen = Generator(rng, run)
    records = histories(gen, workspaces, args.leads)
    projection = Projection(args.input_partitioning == "checked", args.partitions)
    for record in records:
        if args.partitioner == "crc32":
            record.chosen = crc32_partition(record.key, args.partitions, rng)
        record.outcome = projection.decide(record)
    size = -(-len(records) // args.batches)
    for start in range(0, len(records), size):
        batch = records[start:start + size]
        if start:
            time.sleep(args.pause)
        with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as f:
            for r in batch:
                f.write(json.dumps({"key": b64(r.key), "value": b64(r.value), "partition": r.chosen,
                                    "headers": [[n, b64(v)] for n, v in r.headers]}) + "\n")
            path = f.name
        sent = tool(args, "produce", args.bootstrap, "lead-events", path)
        os.unlink(path)
        if sent.returncode != 0:
            print("produce failed:", sent.stderr[-800:], file=sys.stderr)
            return 2
        for r, line in zip(batch, sent.stdout.split("\n")):
            r.partition, r.offset = map(int, line.split())
            if r.key is not None and r.chosen is None and r.partition != murmur2_partition(r.key, args.partitions):
                print("murmur2_partition disagrees with the Java partitioner", file=sys.stderr)
                return 2
    outcomes = {}
    for r in records:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    print("sent %d records for %d leads in %d workspaces: %s" % (
        len(records), args.leads * args.workspaces, len(workspaces), json.dumps(outcomes, sort_keys=True)),
        file=sys.stderr)

    expected_dlq = {(r.partition, r.offset): r for r in records if r.outcome not in ("applied", "ignored")}
    sent_at = {(r.partition, r.offset) for r in records}
    ours = {r.event["leadId"] for r in records if r.event} | {
        r.key.decode("utf-8", "replace") for r in records if r.key}
    problems = []
    deadline = time.time() + 180
    while True:
        dlq = [d for d in dump(args, args.topic_prefix + "lead-events.dlq") if any(h[0] == "source.topic" for h in d["headers"])]
        mine = {}
        for d in dlq:
            h = {n: unb64(v) for n, v in d["headers"]}
            if h.get("source.topic") != b"lead-events":
                continue
            where = (int(h["source.partition"]), int(h["source.offset"]))
            if where in sent_at:
                mine.setdefault(where, []).append((d, h))
        projections = [p for p in dump(args, args.topic_prefix + "lead-projections") if unb64(p["key"]).decode("utf-8", "replace") in ours]
        got = {}
        for p in projections:
            value = unb64(p["value"])
            got.setdefault(unb64(p["key"]).decode(), []).append(None if value is None else json.loads(value))
        counts = {}
        for c in dump(args, args.topic_prefix + "lead-status-counts"):
            w = unb64(c["key"]).decode("utf-8", "replace")
            if w in workspaces:
                counts[w] = json.loads(unb64(c["value"]))
        settled = (len(mine) >= len(expected_dlq) and all(
            got.get(lead, [None])[-1:] == outs[-1:] for lead, outs in projection.outputs.items())
            and all(counts.get(w) == projection.counts(w) for w in workspaces))
        if settled or time.time() > deadline:
            break
        time.sleep(1)

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        with open(os.path.join(args.keep, "records.ndjson"), "w") as f:
            for r in records:
                f.write(json.dumps({"partition": r.partition, "offset": r.offset,
                                    "key": r.key.decode("utf-8", "replace") if r.key is not None else None,
                                    "value": r.value.decode("utf-8", "replace") if r.value is not None else None,
                                    "outcome": r.outcome}, ensure_ascii=False) + "\n")
    # the DLQ
    for where, r in expected_dlq.items():
        found = mine.get(where, [])
        if len(found) != 1:
            problems.append("DLQ: %d records for %s (%s), expected one" % (len(found), where, r.outcome))
            continue
        d, h = found[0]
        if h.get("error.code") != r.outcome.encode():
            problems.append("DLQ %s: error.code %r, expected %s (message %r, value %r)" % (
                where, h.get("error.code"), r.outcome, h.get("error.message"), r.value[:120]))
        if unb64(d["key"]) != r.key or unb64(d["value"]) != r.value:
            problems.append("DLQ %s: key or value differ from what was sent" % (where,))
        if not h.get("error.message"):
            problems.append("DLQ %s: no error.message" % (where,))
        for name, value in r.headers:
            kept = "original." + name if name.startswith(("error.", "source.")) else name
            if h.get(kept) != value:
                problems.append("DLQ %s: producer header %s not kept as %s" % (where, name, kept))
    for where in mine:
        if where not in expected_dlq:
            r = next(x for x in records if (x.partition, x.offset) == where)
            problems.append("DLQ %s: dead-lettered (%s: %s), the model says %s; value %r" % (
                where, mine[where][0][1].get("error.code"), mine[where][0][1].get("error.message"),
                r.outcome, r.value[:200]))
    # lead-projections: one record per change, in order
    for lead in sorted(set(got) | set(projection.outputs)):
        want, have = projection.outputs.get(lead, []), got.get(lead, [])
        if want != have:
            i = next(i for i in range(max(len(want), len(have)))
                     if i >= len(want) or i >= len(have) or want[i] != have[i])
            if args.keep:
                with open(os.path.join(args.keep, "differs-%s.json" % lead), "w") as f:
                    json.dump({"got": have, "model": want}, f, ensure_ascii=False, indent=1)
            problems.append("lead-projections %s: %d records, model %d; record %d: %s" % (
                lead, len(have), len(want), i,
                delta(have[i] if i < len(have) else "<none>", want[i] if i < len(want) else "<none>")))
    # lead-status-counts: the last record of each workspace
    for w in workspaces:
        if counts.get(w) != projection.counts(w):
            problems.append("lead-status-counts %s: %s, model %s" % (w, counts.get(w), projection.counts(w)))
    # the API: every workspace listed whole
    listed = 0
    for w in workspaces:
        key = subprocess.run(["java", "-jar", args.jar, "keys", "create", "--bootstrap-servers", args.bootstrap,
                              "--workspace", w, "--permissions", "leads:read"]
                             + (["--topic-prefix", args.topic_prefix] if args.topic_prefix else []),
                             capture_output=True, text=True, check=True).stdout.strip()
        model = Model()
        model.leads = {lead_id: lead for lead_id, (ws, lead) in projection.leads.items() if ws == w}
        page = 1
        while True:
            params = {"limit": "100", "page": str(page), "sortBy": "createdAt", "sortOrder": "asc"}
            deadline = time.time() + 120
            while True:  # 401 until the new key arrives from its topic; 503 or refused while instances move
                status, body = get(random.choice(args.api.split(",")), key, params)
                if status == 200 or time.time() > deadline:
                    break
                time.sleep(0.5)
            want_leads, want_pagination = model.answer(params)
            listed += 1
            if status == 200:
                body["data"]["pagination"].pop("nextCursor", None)  # the cursor is the service's own
            if status != 200 or body["data"]["leads"] != want_leads or body["data"]["pagination"] != want_pagination:
                detail = json.dumps(body, ensure_ascii=False)[:300]
                if status == 200:
                    have = body["data"]["leads"]
                    i = next((i for i in range(max(len(have), len(want_leads)))
                              if i >= len(have) or i >= len(want_leads) or have[i] != want_leads[i]), None)
                    detail = "pagination %s, model %s; first difference at %s: %s" % (
                        body["data"]["pagination"], want_pagination, i,
                        delta(have[i] if i < len(have) else None, want_leads[i] if i < len(want_leads) else None)
                        if i is not None else "")
                problems.append("API %s page %d: status %d, %s" % (w, page, status, detail))
                break
            if not want_pagination["hasNextPage"]:
                break
            page += 1
    print("DLQ: %d records of this run, %d expected; lead-projections: %d records for %d leads; "
          "status counts of %d workspaces; %d API pages" % (
              sum(len(v) for v in mine.values()), len(expected_dlq), sum(len(v) for v in got.values()),
              len(got), len(counts), listed), file=sys.stderr)
    for p in problems[:30]:
        print("DIFFERENCE", p)
    print("%d differences" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

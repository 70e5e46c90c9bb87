#!/usr/bin/env python3
"""Folds `lead-projection generate` NDJSON into the final leads, as PostgreSQL COPY input.

Reads lead events (the envelope of shared/spec/events.md) from stdin, one JSON object a line, and
applies them per lead exactly as events.md and ai.buena.leads.lead.Lead do:

  LeadCreated    creates the lead: nulls mean absent (also inside customFields); status defaults
                 to "new", source to "api"; createdAt = updatedAt = occurredAt; lastContactedAt null.
  LeadUpdated    JSON merge patch: a field present with null clears it (status/source cannot be
                 cleared); tags replace the whole list; customFields merge key by key, a null value
                 removes the key, customFields: null clears them all; updatedAt = max(updatedAt,
                 occurredAt).
  LeadContacted  lastContactedAt = max(lastContactedAt, occurredAt); status new -> contacted;
                 updatedAt = max(updatedAt, occurredAt).
  LeadDeleted    removes the lead.

Events the projection would dead-letter are skipped and counted (unknown type, LEAD_NOT_FOUND,
LEAD_EXISTS, WORKSPACE_MISMATCH, bad status/source, more than 50 custom fields after a merge); a
re-sent eventId of the same lead is ignored. The full field validation of events.md (lengths, e-mail
shape, ...) is not repeated here: the generator only writes valid events.

Writes one line per live lead, in the order the leads were created, in PostgreSQL COPY text format
(default) or CSV (--format csv, NULL as an unquoted empty field, empty strings quoted), columns:

  id, workspace_id, first_name, last_name, email, linkedin_url, company, title, phone, location,
  status, source, notes, tags (json), custom_fields (json), created_at, updated_at,
  last_contacted_at

Timestamps are written as ISO 8601 in UTC ("2025-01-02T03:04:05Z"). A summary goes to stderr.
Python 3 standard library only.

  java -jar target/lead-projection.jar generate --leads 1000 --workspace ws_a --seed 1 \\
    | python3 ops/bench/pg_load.py > leads.copy
  psql -c "\\copy leads from 'leads.copy'"
"""

import argparse
import collections
import csv
import json
import sys
from datetime import datetime, timezone

TEXT_FIELDS = (
    "firstName", "lastName", "email", "linkedinUrl", "company", "title", "phone", "location", "notes",
)
LEAD_FIELDS = TEXT_FIELDS + ("status", "source", "tags", "customFields")
STATUSES = frozenset(("new", "contacted", "replied", "converted", "cold"))
SOURCES = frozenset(("linkedin", "website", "referral", "import", "api"))
MAX_CUSTOM_FIELDS = 50

COLUMNS = (
    "id", "workspace_id", "first_name", "last_name", "email", "linkedin_url", "company", "title",
    "phone", "location", "status", "source", "notes", "tags", "custom_fields", "created_at",
    "updated_at", "last_contacted_at",
)


class Rejected(Exception):
    """An event the projection would send to lead-events.dlq; args[0] is the error code."""


def parse_instant(text):
    if not isinstance(text, str):
        raise Rejected("INVALID_ENVELOPE")
    try:
        value = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise Rejected("INVALID_ENVELOPE") from None
    if value.tzinfo is None:
        raise Rejected("INVALID_ENVELOPE")
    return value


def format_instant(value):
    """As java.time.Instant#toString prints it: seconds always, fraction only when non-zero."""
    if value is None:
        return None
    value = value.astimezone(timezone.utc)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        fraction = "%06d" % value.microsecond
        text += "." + (fraction[:3] if fraction.endswith("000") else fraction)
    return text + "Z"


def later(current, candidate):
    return candidate if current is None or candidate > current else current


def check_enums(data, allow_null):
    for field, allowed in (("status", STATUSES), ("source", SOURCES)):
        if field in data:
            value = data[field]
            if value is None and allow_null:
                continue
            if value not in allowed:
                raise Rejected("INVALID_FIELD")


def create(event, occurred_at):
    data = event.get("data")
    if not isinstance(data, dict):
        raise Rejected("INVALID_FIELD")
    if any(key not in LEAD_FIELDS for key in data):
        raise Rejected("INVALID_FIELD")
    check_enums(data, allow_null=True)
    lead = {field: data.get(field) for field in TEXT_FIELDS}
    lead["id"] = event["leadId"]
    lead["workspaceId"] = event["workspaceId"]
    lead["status"] = data.get("status") or "new"
    lead["source"] = data.get("source") or "api"
    lead["tags"] = list(data.get("tags") or [])
    custom = data.get("customFields") or {}
    lead["customFields"] = {k: v for k, v in custom.items() if v is not None}
    lead["createdAt"] = occurred_at
    lead["updatedAt"] = occurred_at
    lead["lastContactedAt"] = None
    return lead


def update(lead, data, occurred_at):
    if not isinstance(data, dict):
        raise Rejected("INVALID_FIELD")
    if any(key not in LEAD_FIELDS for key in data):
        raise Rejected("INVALID_FIELD")
    check_enums(data, allow_null=False)
    custom = lead["customFields"]
    if "customFields" in data:
        patch = data["customFields"]
        if patch is None:
            custom = {}
        else:
            custom = dict(custom)
            for key, value in patch.items():
                if value is None:
                    custom.pop(key, None)
                else:
                    custom[key] = value
            if len(custom) > MAX_CUSTOM_FIELDS:
                raise Rejected("INVALID_FIELD")
    for field in TEXT_FIELDS:
        if field in data:
            lead[field] = data[field]
    if "status" in data:
        lead["status"] = data["status"]
    if "source" in data:
        lead["source"] = data["source"]
    if "tags" in data:
        lead["tags"] = list(data["tags"] or [])
    lead["customFields"] = custom
    lead["updatedAt"] = later(lead["updatedAt"], occurred_at)


def contact(lead, occurred_at):
    if lead["status"] == "new":
        lead["status"] = "contacted"
    lead["updatedAt"] = later(lead["updatedAt"], occurred_at)
    lead["lastContactedAt"] = later(lead["lastContactedAt"], occurred_at)


def fold(lines, stats):
    """Returns {leadId: lead} of the live leads, in creation order."""
    leads = {}
    seen = set()  # "leadId\x00eventId" of applied events: a retry never applies twice
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        stats["events"] += 1
        try:
            try:
                event = json.loads(line)
            except ValueError:
                raise Rejected("INVALID_JSON") from None
            if not isinstance(event, dict):
                raise Rejected("INVALID_JSON")
            kind = event.get("type")
            lead_id = event.get("leadId")
            workspace = event.get("workspaceId")
            event_id = event.get("eventId")
            if not all(isinstance(v, str) and v for v in (lead_id, workspace, event_id)):
                raise Rejected("INVALID_ENVELOPE")
            occurred_at = parse_instant(event.get("occurredAt"))
            if kind not in ("LeadCreated", "LeadUpdated", "LeadContacted", "LeadDeleted"):
                raise Rejected("UNKNOWN_TYPE")
            dedup_key = lead_id + "\x00" + event_id
            if dedup_key in seen:
                stats["deduplicated"] += 1
                continue
            current = leads.get(lead_id)
            if current is not None and current["workspaceId"] != workspace:
                raise Rejected("WORKSPACE_MISMATCH")
            if kind == "LeadCreated":
                if current is not None:
                    raise Rejected("LEAD_EXISTS")
                leads[lead_id] = create(event, occurred_at)
            elif current is None:
                raise Rejected("LEAD_NOT_FOUND")
            elif kind == "LeadUpdated":
                update(current, event.get("data"), occurred_at)
            elif kind == "LeadContacted":
                contact(current, occurred_at)
            else:
                del leads[lead_id]
                stats["deleted"] += 1
            seen.add(dedup_key)
            stats["applied"] += 1
        except Rejected as rejected:
            stats["rejected " + rejected.args[0]] += 1
            if stats["rejected " + rejected.args[0]] <= 5:
                print("pg_load: line %d rejected: %s" % (number, rejected.args[0]), file=sys.stderr)
    return leads


def compact_json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def row(lead):
    return (
        lead["id"], lead["workspaceId"], lead["firstName"], lead["lastName"], lead["email"],
        lead["linkedinUrl"], lead["company"], lead["title"], lead["phone"], lead["location"],
        lead["status"], lead["source"], lead["notes"], compact_json(lead["tags"]),
        compact_json(lead["customFields"]), format_instant(lead["createdAt"]),
        format_instant(lead["updatedAt"]), format_instant(lead["lastContactedAt"]),
    )


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def write_copy_text(leads, out):
    buffer = []
    for lead in leads.values():
        buffer.append("\t".join("\\N" if v is None else v.translate(COPY_ESCAPES) for v in row(lead)))
        if len(buffer) >= 10_000:
            out.write("\n".join(buffer) + "\n")
            buffer.clear()
    if buffer:
        out.write("\n".join(buffer) + "\n")


def write_csv(leads, out):
    # QUOTE_NONNUMERIC quotes every str (so "" stays an empty string) and leaves numbers unquoted:
    # NULL is a float that prints as nothing, so PostgreSQL's CSV COPY reads it as NULL.
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    for lead in leads.values():
        writer.writerow([NULL if v is None else v for v in row(lead)])


class _NullFloat(float):
    """NULL for write_csv."""

    def __str__(self):
        return ""

    __repr__ = __str__


NULL = _NullFloat(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("text", "csv"), default="text",
                        help="COPY text format (default) or CSV (NULL as an unquoted empty field)")
    parser.add_argument("--header", action="store_true", help="CSV only: write a header line")
    args = parser.parse_args()

    stats = collections.Counter()
    stdin = open(sys.stdin.fileno(), "r", encoding="utf-8", buffering=1 << 20, closefd=False)
    leads = fold(stdin, stats)
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", buffering=1 << 20, closefd=False, newline="")
    if args.format == "csv":
        if args.header:
            out.write(",".join(COLUMNS) + "\n")
        write_csv(leads, out)
    else:
        write_copy_text(leads, out)
    out.flush()
    per_workspace = collections.Counter(lead["workspaceId"] for lead in leads.values())
    summary = ", ".join("%s=%d" % item for item in sorted(stats.items()))
    print("pg_load: %s; wrote %d leads in %d workspace(s)" % (summary, len(leads), len(per_workspace)),
          file=sys.stderr)


if __name__ == "__main__":
    main()

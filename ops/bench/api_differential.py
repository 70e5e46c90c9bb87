#!/usr/bin/env python3
"""Differential check of GET /api/v2/leads against an independent model of the contract.

It writes adversarial lead events (Unicode and mixed-case text, equal and absent sort values,
timestamps with offsets and nanoseconds, contacts out of order, updates that clear fields, deletions,
re-sent events) for one fresh workspace, publishes them with the jar's `produce` command, creates a
read key with `keys create`, then sends random list requests (every filter, sort, page and limit,
date bounds equal to stored instants, search terms cut from the data in other cases) and compares
each answer, leads and pagination, with what list-leads.md and events.md say it must be. With
--writes N it then sends N random creates, updates, deletes, keyed retries, writes of absent leads
and invalid bodies through the write API (write-api.md) into another fresh workspace, and checks
each answer, each read with the answer's X-Consistency-Token, and the whole workspace every 25
writes. The model is written from the contracts alone (it shares no code with the service).

Usage (a running `dev` or `serve`; see ops/bench/api-differential.sh):
  api_differential.py --api http://localhost:8080 --bootstrap localhost:9092 --jar target/lead-projection.jar \
      [--leads 400] [--requests 3000] [--seed 1]
Exit 0 when every answer matched, 1 otherwise (the first mismatches are printed).
"""
import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

STATUSES = ["new", "contacted", "replied", "converted", "cold"]
SOURCES = ["linkedin", "website", "referral", "import", "api"]
SORT_FIELDS = ["createdAt", "updatedAt", "firstName", "lastName", "company", "lastContactedAt"]
FIELDS = ["id", "firstName", "lastName", "email", "linkedinUrl", "company", "title", "phone",
          "location", "status", "source", "notes", "tags", "customFields", "createdAt",
          "updatedAt", "lastContactedAt"]
SEARCHED = ["firstName", "lastName", "email", "company", "title"]

# Names and words chosen to stress case-insensitivity and code-point order: accents, German sharp
# s, Turkish dotted I, Greek final sigma, full-width letters, astral characters (emoji, math
# letters), combining marks, names that contain others (Jo, John, Johnson), equal under case only.
FIRST_NAMES = ["John", "JOHN", "john", "Jo", "Johnson", "Åsa", "åsa", "Zoë", "ZOË", "İlker",
               "ilker", "Straße", "STRASSE", "Σοφία", "ΣΟΦΊΑ", "Ｊｏｈｎ", "😀Smile", "𝒜lice",
               "Alice", "alice", "Émile", "Emile", "E\u0301mile", "Łukasz", "O'Brien", "Anne-Marie",
               "Ng", "Li", "ß", "ẞig"]
LAST_NAMES = ["Doe", "DOE", "doe", "Johnson", "Peterson", "Smith", "smith", "Müller", "MÜLLER",
              "Ødegård", "van der Berg", "Van Der Berg", "李", "Ωmega", "ωmega", "😀", "Zz", "aa",
              "AA", "O'Neil"]
COMPANIES = ["Acme", "ACME", "acme", "Acme Corp", "TechCorp", "techcorp", "Tech Corp", "Straße AG",
             "STRASSE AG", "Ωmega Ltd", "Zeta", "zeta", "Éclair", "Eclair", "😀 Inc", "Google",
             "google", "Alpha & Omega", "A", "a"]
TITLES = ["Senior Software Engineer", "software engineer", "Engineering Manager", "CEO", "ceo",
          "Head of Sales", "VP, Sales", "Straßenbau Leiter", "Ingénieur", "INGÉNIEUR", "Dev 😀",
          "Σύμβουλος", "Consultant", "consultant (external)"]
LOCATIONS = ["Berlin", "São Paulo", None, "New York, NY"]
TAGS = ["vip", "VIP", "cold-lead", "😀", "a b"]


def instant_text(ns):
    """Java's Instant.toString of an epoch-nanosecond instant."""
    seconds, nanos = divmod(ns, 1_000_000_000)
    text = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        if nanos % 1_000_000 == 0:
            text += ".%03d" % (nanos // 1_000_000)
        elif nanos % 1_000 == 0:
            text += ".%06d" % (nanos // 1_000)
        else:
            text += ".%09d" % nanos
    return text + "Z"


def offset_text(ns, offset_minutes, digits):
    """The instant written in another offset, with `digits` fraction digits (0: none)."""
    seconds, nanos = divmod(ns, 1_000_000_000)
    tz = dt.timezone(dt.timedelta(minutes=offset_minutes))
    text = dt.datetime.fromtimestamp(seconds, tz).strftime("%Y-%m-%dT%H:%M:%S")
    if digits:
        text += "." + ("%09d" % nanos)[:digits]
    if offset_minutes == 0 and random.random() < 0.5:
        return text + "Z"
    sign = "+" if offset_minutes >= 0 else "-"
    m = abs(offset_minutes)
    return text + "%s%02d:%02d" % (sign, m // 60, m % 60)


def exact_text(ns):
    """A text of exactly this instant, in one of the forms the contract accepts."""
    nanos = ns % 1_000_000_000
    digits = 9 if nanos % 1000 else 6 if nanos % 1_000_000 else 3 if nanos else random.choice([0, 1, 3])
    if nanos == 0 and digits:
        digits = random.choice([0, 3])
    return offset_text(ns, random.choice([0, 0, 120, -300, 330]), digits)


def lower(text):
    """list-leads.md's lower-casing (Java's toLowerCase(Locale.ROOT)). Python's str.lower gives the
    same for every word of the vocabularies above, the dotted capital I included (checked against
    Java: 89 of 89); new words need the same check."""
    return text.lower()


class Model:
    """The leads of one workspace as events.md says they become."""

    def __init__(self):
        self.leads = {}

    def apply(self, event):
        lead = self.leads.get(event["leadId"])
        at = event["_ns"]
        data = event.get("data", {})
        kind = event["type"]
        if kind == "LeadCreated":
            assert lead is None
            lead = {f: None for f in FIELDS}
            lead.update(id=event["leadId"], status="new", source="api", tags=[], customFields={})
            for key, value in data.items():
                lead[key] = value
            lead["tags"] = lead["tags"] or []
            lead["customFields"] = lead["customFields"] or {}
            lead["createdAt"] = lead["updatedAt"] = at
            self.leads[event["leadId"]] = lead
        elif kind == "LeadUpdated":
            for key, value in data.items():
                if key == "customFields":
                    merged = dict(lead["customFields"])
                    for k, v in (value or {}).items():
                        if v is None:
                            merged.pop(k, None)
                        else:
                            merged[k] = v
                    lead["customFields"] = merged
                elif key == "tags":
                    lead["tags"] = value or []
                else:
                    lead[key] = value
            lead["updatedAt"] = max(lead["updatedAt"], at)
        elif kind == "LeadContacted":
            lead["lastContactedAt"] = at if lead["lastContactedAt"] is None else max(lead["lastContactedAt"], at)
            if lead["status"] == "new":
                lead["status"] = "contacted"
            lead["updatedAt"] = max(lead["updatedAt"], at)
        elif kind == "LeadDeleted":
            del self.leads[event["leadId"]]

    def answer(self, params):
        """(leads as JSON objects, pagination) for valid params (strings)."""
        leads = [l for l in self.leads.values() if self.matches(l, params)]
        field = params.get("sortBy", "createdAt")
        descending = params.get("sortOrder", "desc") == "desc"

        def sort_value(lead):
            value = lead[field]
            return lower(value) if isinstance(value, str) else value

        present = [l for l in leads if l[field] is not None]
        absent = [l for l in leads if l[field] is None]
        present.sort(key=lambda l: (sort_value(l), l["id"]), reverse=descending)
        absent.sort(key=lambda l: l["id"], reverse=descending)
        ordered = present + absent
        page = int(params.get("page", "1"))
        limit = int(params.get("limit", "10"))
        total = len(ordered)
        pages = -(-total // limit)
        chosen = ordered[(page - 1) * limit: page * limit]
        pagination = {"page": page, "limit": limit, "total": total, "pages": pages,
                      "hasNextPage": page < pages, "hasPrevPage": page > 1}
        return [self.json_of(l) for l in chosen], pagination

    @staticmethod
    def json_of(lead):
        out = {}
        for f in FIELDS:
            value = lead[f]
            if f in ("createdAt", "updatedAt", "lastContactedAt") and value is not None:
                value = instant_text(value)
            out[f] = value
        return out

    @staticmethod
    def matches(lead, p):
        if "status" in p and lead["status"] != p["status"]:
            return False
        if "source" in p and lead["source"] != p["source"]:
            return False
        if "company" in p and (lead["company"] is None or lower(lead["company"]) != lower(p["company"])):
            return False
        if "title" in p and (lead["title"] is None or lower(p["title"]) not in lower(lead["title"])):
            return False
        if "search" in p:
            for term in p["search"].split():
                term = lower(term)
                if not any(lead[f] is not None and term in lower(lead[f]) for f in SEARCHED):
                    return False
        for name, field, later in (("createdAfter", "createdAt", True), ("createdBefore", "createdAt", False),
                                   ("lastContactedAfter", "lastContactedAt", True),
                                   ("lastContactedBefore", "lastContactedAt", False)):
            if name in p:
                bound = parse_bound(p[name])
                value = lead[field]
                if value is None or (value <= bound if later else value >= bound):
                    return False
        return True


def parse_bound(text):
    """Epoch nanoseconds of a date (00:00 UTC) or date-time with Z or an offset."""
    if len(text) == 10:
        day = dt.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
        return int(day.timestamp()) * 1_000_000_000
    main, frac, offset = text[:19], "", "Z"
    rest = text[19:]
    if rest.startswith("."):
        end = 1
        while end < len(rest) and rest[end].isdigit():
            end += 1
        frac, rest = rest[1:end], rest[end:]
    offset = rest
    base = dt.datetime.strptime(main, "%Y-%m-%dT%H:%M:%S")
    if offset == "Z":
        minutes = 0
    else:
        sign = 1 if offset[0] == "+" else -1
        minutes = sign * (int(offset[1:3]) * 60 + int(offset[4:6]))
    seconds = int(base.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))).timestamp())
    return seconds * 1_000_000_000 + int((frac + "000000000")[:9])


def events(count, rng, workspace, ties=False, first=0):
    """Valid events for `count` leads of `workspace` (numbered from `first`), each lead's in order,
    with re-sent ones. With `ties`, nine in ten leads are created at one of three instants, so that
    pages are decided by the id tie-break across partitions."""
    base = int(dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc).timestamp()) * 1_000_000_000
    shared_instants = [base + rng.randrange(0, 10**12) for _ in range(3 if ties else max(1, count // 10))]
    shared_share = 0.9 if ties else 0.3
    out = []
    for i in range(first, first + count):
        lead_id = "lead_%s_%04d%s" % (workspace[3:], i, rng.choice(["", "A", "a", "_", "-x"]))
        if rng.random() < shared_share:
            created = rng.choice(shared_instants)
        else:
            created = base + rng.randrange(0, 10**14)
            created -= created % rng.choice([1, 1000, 1_000_000, 1_000_000_000])
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        data = {"firstName": first, "lastName": last,
                "email": "%s.%s%d@%s.example" % (rng.choice(["john", "JOHN", "jo", "a"]),
                                                 rng.choice(["doe", "Smith", "x"]), i,
                                                 rng.choice(["techcorp", "Acme", "mail"]))}
        if rng.random() < 0.8:
            data["company"] = rng.choice(COMPANIES)
        if rng.random() < 0.8:
            data["title"] = rng.choice(TITLES)
        if rng.random() < 0.5:
            data["status"] = rng.choice(STATUSES)
        if rng.random() < 0.7:
            data["source"] = rng.choice(SOURCES)
        if rng.random() < 0.3:
            data["location"] = rng.choice(LOCATIONS)
        if rng.random() < 0.3:
            data["tags"] = rng.sample(TAGS, rng.randint(1, 3))
        if rng.random() < 0.3:
            data["customFields"] = {"industry": rng.choice(["SaaS", "Retail"]), "vip": rng.random() < 0.5,
                                    "size": rng.randint(1, 5000)}
        history = [("LeadCreated", created, data)]
        t = created
        for _ in range(rng.randint(0, 4)):
            kind = rng.choice(["LeadUpdated", "LeadContacted", "LeadContacted"])
            # contacts and updates may carry earlier times than ones before them (max semantics)
            t2 = t + rng.randrange(-10**11, 10**12)
            t2 -= t2 % rng.choice([1, 1000, 1_000_000, 1_000_000_000])
            t = max(t, t2)
            if kind == "LeadUpdated":
                patch = random_patch(rng)
                history.append(("LeadUpdated", t2, patch))
            else:
                history.append(("LeadContacted", t2, {"channel": rng.choice(["email", "phone"])}))
        if rng.random() < 0.08:
            history.append(("LeadDeleted", t + 1, {}))
        for n, (kind, at, body) in enumerate(history):
            event = {"eventId": "evt_%s_%d_%d" % (workspace, i, n), "type": kind, "leadId": lead_id,
                     "workspaceId": workspace, "occurredAt": exact_text(at), "data": body, "_ns": at}
            out.append(event)
            if rng.random() < 0.05:
                out.append(dict(event))  # re-sent: the projection ignores it
    return out


def random_case(text, rng):
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def cut(text, rng, shortest=1):
    if len(text) <= shortest:
        return text
    a = rng.randrange(0, len(text) - shortest + 1)
    b = rng.randrange(a + shortest, len(text) + 1)
    return text[a:b]


def random_params(model, rng):
    leads = list(model.leads.values())
    p = {}
    if rng.random() < 0.3:
        p["status"] = rng.choice(STATUSES)
    if rng.random() < 0.3:
        p["source"] = rng.choice(SOURCES)
    sample = rng.choice(leads)
    if rng.random() < 0.2 and sample["company"]:
        p["company"] = rng.choice([sample["company"], random_case(sample["company"], rng)])
    if rng.random() < 0.2 and sample["title"]:
        p["title"] = random_case(cut(sample["title"], rng), rng)
    if rng.random() < 0.35:
        terms = []
        for _ in range(rng.randint(1, 3)):
            source = rng.choice(leads)
            field = rng.choice([f for f in SEARCHED if source[f]])
            terms.append(random_case(cut(source[field].split()[0] if " " in source[field] and rng.random() < 0.5 else source[field], rng, 2), rng))
        joined = rng.choice([" ", "  ", "\t"]).join(t for t in terms if t.strip())
        joined = rng.choice(["", " "]) + joined + rng.choice(["", " "])
        if 2 <= len(joined.strip()) <= 200 and not any(c.isspace() for t in terms for c in t):
            p["search"] = joined
    for name, field in (("createdAfter", "createdAt"), ("createdBefore", "createdAt"),
                        ("lastContactedAfter", "lastContactedAt"), ("lastContactedBefore", "lastContactedAt")):
        if rng.random() < 0.12:
            with_value = [l for l in leads if l[field] is not None]
            at = rng.choice(with_value)[field]
            at += rng.choice([0, 0, 1, -1, 1000, -1_000_000])
            p[name] = exact_text(at) if rng.random() < 0.85 else instant_text(at)[:10]
    if rng.random() < 0.8:
        p["sortBy"] = rng.choice(SORT_FIELDS)
    if rng.random() < 0.7:
        p["sortOrder"] = rng.choice(["asc", "desc"])
    limit = rng.choice([1, 2, 3, 7, 10, 25, 100])
    if rng.random() < 0.8:
        p["limit"] = str(limit)
    else:
        limit = 10
    total = len([l for l in leads if Model.matches(l, p)])
    pages = max(1, -(-total // limit))
    if rng.random() < 0.8:
        p["page"] = str(rng.choice([1, pages, pages + 1, rng.randint(1, pages)]))
    return p


MESSAGES = {
    "page": "Must be an integer of at least 1",
    "limit": "Must be between 1 and 100",
    "status": "Must be one of: new, contacted, replied, converted, cold",
    "source": "Must be one of: linkedin, website, referral, import, api",
    "search": "Must be between 2 and 200 characters",
    "company": "Must be between 1 and 200 characters",
    "title": "Must be between 1 and 200 characters",
    "sortBy": "Must be one of: createdAt, updatedAt, firstName, lastName, company, lastContactedAt",
    "sortOrder": "Must be one of: asc, desc",
}
DATE_MESSAGE = "Must be an ISO 8601 date or date-time"
INVALID = {
    "page": ["0", "-1", "abc", "1.5", "", "1e3", "0x10", "\u0661"],
    "limit": ["0", "101", "-5", "abc", "", "10.0", "1e1", "1000000000000"],
    "status": ["New", "NEW", "qualified", "", "new ", "new,contacted"],
    "source": ["LinkedIn", "email", "", " api"],
    "search": ["a", " a ", "", "   ", "x" * 201, "\t\tb "],
    "company": ["", "c" * 201],
    "title": ["", "t" * 201],
    "createdAfter": ["2024-13-01", "2024-01-20T25:00:00Z", "yesterday", "2024-01-20T15:30:00", "", "2024-02-30", "2024-1-2"],
    "createdBefore": ["20240120", "2024-01-20 15:30:00Z", "2024-01-20T15:30Z+02:00"],
    "lastContactedAfter": ["2024-01-20T15:30:00+25:00", "now"],
    "lastContactedBefore": ["T15:30:00Z", "2024-W03"],
    "sortBy": ["createdat", "name", "", "id"],
    "sortOrder": ["ASC", "up", "", "descending"],
}


def invalid_params(params, rng):
    """`params` with one to three parameters made invalid (a bad value, or given twice) and the
    invalidParams the contract expects: a list of (name, value) pairs and {name: message}."""
    pairs = list(params.items())
    expected = {}
    for name in rng.sample(sorted(INVALID), rng.randint(1, 3)):
        pairs = [(n, v) for n, v in pairs if n != name]
        if rng.random() < 0.2:
            good = params.get(name) or {"page": "1", "limit": "5", "status": "new", "source": "api",
                                        "search": "jo", "company": "Acme", "title": "ceo",
                                        "sortBy": "company", "sortOrder": "asc"}.get(name, "2024-01-20")
            pairs += [(name, good), (name, good)]
            expected[name] = "Must be given once"
        else:
            pairs.append((name, rng.choice(INVALID[name])))
            expected[name] = MESSAGES.get(name, DATE_MESSAGE)
    rng.shuffle(pairs)
    return pairs, expected


def get(api, key, params):
    url = api + "/api/v2/leads?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
    request = urllib.request.Request(url, headers={"x-api-key": key})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")
    except (urllib.error.URLError, ConnectionError) as e:
        return 0, {"refused": str(e)}  # the instance is not there (stopped, restarting)


def any_api(args):
    """One of the instances --api names (comma-separated), at random: each answers for all."""
    return random.choice(args.api.split(","))


def call(api, key, method, path, body=None, headers=None):
    """(status, headers, JSON body) of one request."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    h = {"x-api-key": key}
    if data is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    request = urllib.request.Request(api + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read() or b"null")
    except (urllib.error.URLError, ConnectionError) as e:
        return 0, {}, {"refused": str(e)}  # the instance is not there (stopped, restarting)


def random_create(rng):
    body = {"firstName": rng.choice(FIRST_NAMES), "lastName": rng.choice(LAST_NAMES),
            "email": "%s%d@%s.example" % (rng.choice(["john", "Ann", "x"]), rng.randrange(10**6),
                                          rng.choice(["acme", "TechCorp"]))}
    for field, values in (("company", COMPANIES), ("title", TITLES), ("location", LOCATIONS),
                          ("source", SOURCES), ("phone", ["+1-555-0100", "030 1234"]),
                          ("notes", ["n\u00e4he", "line\nbreak", "😀"]),
                          ("linkedinUrl", ["https://linkedin.com/in/x"])):
        if rng.random() < 0.5:
            body[field] = rng.choice(values)
    if rng.random() < 0.3:
        body["tags"] = rng.sample(TAGS, rng.randint(0, 3))
    if rng.random() < 0.3:
        body["customFields"] = {"tier": rng.choice(["gold", "silver"]), "seats": rng.randint(1, 99),
                                "active": rng.random() < 0.5, "gone": None}
    if rng.random() < 0.2:
        body["industry"] = rng.choice(["SaaS", "Retail"])
    return body


def random_patch(rng):
    patch = {}
    for _ in range(rng.randint(1, 3)):
        field = rng.choice(["firstName", "lastName", "email", "company", "title", "status", "source",
                            "location", "phone", "notes", "tags", "customFields"])
        if field == "firstName":
            patch[field] = rng.choice(FIRST_NAMES)
        elif field == "lastName":
            patch[field] = rng.choice(LAST_NAMES)
        elif field == "email":
            patch[field] = "p%d@example.com" % rng.randrange(10**6)
        elif field == "company":
            patch[field] = rng.choice(COMPANIES + [None])
        elif field == "title":
            patch[field] = rng.choice(TITLES + [None])
        elif field == "status":
            patch[field] = rng.choice(STATUSES)
        elif field == "source":
            patch[field] = rng.choice(SOURCES)
        elif field == "tags":
            patch[field] = rng.choice([None, [], rng.sample(TAGS, 2)])
        elif field == "customFields":
            patch[field] = {"tier": rng.choice(["gold", None]), "new": rng.choice([1, "x", True, None])}
        else:
            patch[field] = rng.choice([None, "value %d" % rng.randrange(100)])
    return patch


def created_lead(lead_id, body, at):
    lead = {f: None for f in FIELDS}
    lead.update(id=lead_id, status="new", source="api", tags=[], customFields={})
    for k, v in body.items():
        if k == "industry":
            continue
        lead[k] = v
    fields = {k: v for k, v in (body.get("customFields") or {}).items() if v is not None}
    if "industry" in body:
        fields["industry"] = body["industry"]
    lead["customFields"] = fields
    lead["tags"] = body.get("tags") or []
    lead["createdAt"] = lead["updatedAt"] = at
    return lead


def writes(args, rng, problems):
    """Random creates, updates, deletes and retries through the write API, each answer and each
    read with its X-Consistency-Token compared with the model (write-api.md)."""
    workspace = "ws_w_%d_%d" % (args.seed, int(time.time()))
    key = subprocess.run(["java", "-jar", args.jar, "keys", "create", "--bootstrap-servers", args.bootstrap,
                          "--workspace", workspace, "--permissions", "leads:read,leads:write"],
                         capture_output=True, text=True, check=True).stdout.strip()
    model = Model()
    gone = []
    used_keys = {}
    counts = {}

    retries = {}
    late_lists = 0
    last_token = None

    def send(method, path, body=None, headers=None):
        """One write or read; with --allow-unavailable a 503 or a refused connection is retried
        (a write with one Idempotency-Key for all its tries, so it applies once)."""
        headers = dict(headers or {})
        if args.allow_unavailable and method != "GET" and "Idempotency-Key" not in headers:
            headers["Idempotency-Key"] = "try-%d-%d" % (args.seed, rng.randrange(10**12))
        for _ in range(240):
            status, h, answer = call(any_api(args), key, method, path, body, headers)
            if not args.allow_unavailable or status not in (0, 503):
                break
            retries[status] = retries.get(status, 0) + 1
            time.sleep(0.25)
        return status, h, answer

    def problem(text):
        problems.append(text)
        if len(problems) <= 15:
            print("MISMATCH " + text)

    def read_back(lead_id, token):
        status, _, body = send("GET", "/api/v2/leads/" + lead_id, headers={"X-Consistency-Token": token})
        want = model.leads.get(lead_id)
        if want is None:
            if status != 404:
                problem("GET %s after its delete: %s %s" % (lead_id, status, json.dumps(body)[:200]))
        elif status != 200 or body["data"]["lead"] != Model.json_of(want):
            problem("GET %s with the token: %s %s, expected %s" % (
                lead_id, status, json.dumps(body, ensure_ascii=False)[:300], json.dumps(Model.json_of(want), ensure_ascii=False)[:300]))

    for n in range(args.writes):
        op = rng.choice(["create", "create", "update", "update", "update", "delete", "missing", "invalid"])
        if not model.leads and op in ("update", "delete"):
            op = "create"
        counts[op] = counts.get(op, 0) + 1
        before = time.time_ns()
        if op == "create":
            body = random_create(rng)
            headers = {}
            idem = None
            if rng.random() < 0.4:
                idem = "idem-%d-%d" % (args.seed, n)
                headers["Idempotency-Key"] = idem
            status, h, answer = send("POST", "/api/v2/leads", body, headers)
            after = time.time_ns()
            if status != 201:
                problem("POST %s: %s %s" % (json.dumps(body, ensure_ascii=False), status, json.dumps(answer)[:300]))
                continue
            lead = answer["data"]
            at = parse_bound(lead["createdAt"])
            if not before - 2 * 10**9 <= at <= after + 2 * 10**9:
                problem("POST createdAt %s is not the server's time" % lead["createdAt"])
            model.leads[lead["id"]] = created_lead(lead["id"], body, at)
            if lead != Model.json_of(model.leads[lead["id"]]):
                problem("POST answer %s, expected %s" % (json.dumps(lead, ensure_ascii=False)[:300],
                                                         json.dumps(Model.json_of(model.leads[lead["id"]]), ensure_ascii=False)[:300]))
            if h.get("Location") != "/api/v2/leads/" + lead["id"]:
                problem("POST Location %s" % h.get("Location"))
            read_back(lead["id"], h["X-Consistency-Token"])
            if idem:
                used_keys[idem] = (body, lead["id"])
                if rng.random() < 0.5:
                    again, h2, replay = send("POST", "/api/v2/leads", body, {"Idempotency-Key": idem})
                    if again != 201 or replay["data"]["id"] != lead["id"]:
                        problem("POST retried with its Idempotency-Key: %s %s" % (again, json.dumps(replay)[:200]))
                    other = dict(body, firstName=body["firstName"] + "x")
                    clash, _, refused = send("POST", "/api/v2/leads", other, {"Idempotency-Key": idem})
                    if clash != 409 or refused.get("code") != "IDEMPOTENCY_KEY_REUSED":
                        problem("POST with a reused Idempotency-Key and another body: %s %s" % (clash, json.dumps(refused)[:200]))
        elif op == "update":
            lead_id = rng.choice(sorted(model.leads))
            patch = random_patch(rng)
            status, h, answer = send("PUT", "/api/v2/leads/" + lead_id, patch)
            after = time.time_ns()
            if status != 200:
                problem("PUT %s %s: %s %s" % (lead_id, json.dumps(patch, ensure_ascii=False), status, json.dumps(answer)[:300]))
                continue
            got = answer["data"]
            updated = parse_bound(got["updatedAt"])
            lead = model.leads[lead_id]
            if updated < lead["updatedAt"] or updated > after + 2 * 10**9:
                problem("PUT updatedAt %s after %s" % (got["updatedAt"], instant_text(lead["updatedAt"])))
            model.apply({"type": "LeadUpdated", "leadId": lead_id, "_ns": updated, "data": patch})
            if got != Model.json_of(lead):
                problem("PUT %s answer %s, expected %s" % (json.dumps(patch, ensure_ascii=False), json.dumps(got, ensure_ascii=False)[:300],
                                                          json.dumps(Model.json_of(lead), ensure_ascii=False)[:300]))
            read_back(lead_id, h["X-Consistency-Token"])
        elif op == "delete":
            lead_id = rng.choice(sorted(model.leads))
            status, h, answer = send("DELETE", "/api/v2/leads/" + lead_id)
            want = {"success": True, "message": "Lead %s has been successfully deleted" % lead_id}
            if status != 200 or answer != want:
                problem("DELETE %s: %s %s" % (lead_id, status, json.dumps(answer)[:200]))
                continue
            del model.leads[lead_id]
            gone.append(lead_id)
            read_back(lead_id, h["X-Consistency-Token"])
        elif op == "missing":
            lead_id = rng.choice(gone + ["lead_never_there"])
            method = rng.choice(["PUT", "DELETE"])
            status, _, answer = send(method, "/api/v2/leads/" + lead_id,
                                     {"title": "x"} if method == "PUT" else None)
            if status != 404:
                problem("%s of absent %s: %s %s" % (method, lead_id, status, json.dumps(answer)[:200]))
        else:
            body, names = rng.choice([
                (dict(random_create(rng), firstName="  "), {"firstName"}),
                ({"lastName": "x", "email": "a@b.example"}, {"firstName"}),
                (dict(random_create(rng), favouriteColour="red"), {"favouriteColour"}),
                (dict(random_create(rng), email="not-an-address"), {"email"}),
                (dict(random_create(rng), status="qualified"), {"status"}),
            ])
            status, _, answer = send("POST", "/api/v2/leads", body)
            got = set(((answer or {}).get("details") or {}).get("invalidParams") or {})
            if status != 400 or got != names:
                problem("invalid POST %s: %s %s, expected 400 naming %s" % (json.dumps(body, ensure_ascii=False)[:200], status,
                                                                           json.dumps(answer, ensure_ascii=False)[:200], sorted(names)))
        if op in ("create", "update", "delete"):
            last_token = h["X-Consistency-Token"]
        if n % 25 == 24 and model.leads:
            # The whole workspace, newest first, with the last write's token. The token covers its
            # own partition only: while instances move, another partition may answer from a copy
            # that is behind (stale-labelled), or from a new owner still re-applying events whose
            # transaction died with the old one. So then the list must match within 30 s (nothing
            # lost); with nothing moving, at once.
            want, pagination = model.answer({"limit": "100", "sortBy": "updatedAt"})
            deadline = time.time() + (30 if args.allow_unavailable else 0)
            while True:
                status, got_headers, body = send("GET", "/api/v2/leads?limit=100&sortBy=updatedAt",
                                                 headers={"X-Consistency-Token": last_token} if last_token else None)
                same = status == 200 and body["data"]["leads"] == want and body["data"]["pagination"]["total"] == pagination["total"]
                if same or time.time() >= deadline:
                    break
                late_lists += 1
                time.sleep(0.25)
            if not same:
                problem("list of the written workspace differs (total %s, expected %s, staleness %s)" % (
                    (body.get("data") or {}).get("pagination", {}).get("total") if isinstance(body, dict) else None,
                    pagination["total"], got_headers.get("X-Lead-Data-Staleness") if got_headers else None))
    print("writes %d %s, leads %d, retried after 503 %d, after a refused connection %d, list reads"
          " repeated until they matched %d" % (args.writes, json.dumps(counts, sort_keys=True), len(model.leads),
                                              retries.get(503, 0), retries.get(0, 0), late_lists))


def wave(model, rng, workspace, number, adds, delete_share, ties=False):
    """Events of a later wave into the workspace the model holds: `adds` new leads (numbered after
    every earlier one), and updates of one in ten of its leads and deletions of `delete_share`."""
    out = events(adds, rng, workspace, ties, first=number * 1_000_000)
    for n, (lead_id, lead) in enumerate(sorted(model.leads.items())):
        roll = rng.random()
        at = lead["updatedAt"] + rng.randrange(-10**11, 10**12)
        if roll < delete_share:
            kind, data = "LeadDeleted", {}
        elif roll < delete_share + 0.1:
            kind, data = "LeadUpdated", random_patch(rng)
        else:
            continue
        out.append({"eventId": "evt_%s_wave%d_%d" % (workspace, number, n), "type": kind, "leadId": lead_id,
                    "workspaceId": workspace, "occurredAt": exact_text(at), "data": data, "_ns": at})
    return out


def publish(args, rng, evs):
    """Publishes the events with the jar's `produce`; False when it failed."""
    with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as f:
        for e in evs:
            f.write(json.dumps({k: v for k, v in e.items() if k != "_ns"}, ensure_ascii=rng.random() < 0.5) + "\n")
        path = f.name
    produced = subprocess.run(["java", "-jar", args.jar, "produce", "--bootstrap-servers", args.bootstrap, "--file", path],
                              capture_output=True, text=True)
    print("produce:", produced.stdout.strip(), produced.stderr.strip()[-300:], file=sys.stderr)
    return produced.returncode == 0


def settled(args, key, model, seconds=180):
    """Waits until every lead, paged by creation, reads as the model holds it; False at the deadline."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            same, page, pages = True, 1, 1
            while same and page <= pages:
                params = {"limit": "100", "sortBy": "createdAt", "sortOrder": "asc", "page": str(page)}
                expected_leads, expected_pagination = model.answer(params)
                status, body = get(any_api(args), key, params)
                same = status == 200 and body["data"]["leads"] == expected_leads \
                    and body["data"]["pagination"]["total"] == expected_pagination["total"]
                pages = expected_pagination["pages"]
                page += 1
            if same:
                return True
        except Exception:
            pass
        time.sleep(0.5)
    return False


def check_reads(args, key, model, rng, deleted, others):
    """Sends --requests random reads (lists, single leads, invalid parameters), compares each answer
    with the model, prints the first mismatches and a summary line; the number of mismatches."""
    mismatches = 0
    refused = 0
    singles = 0
    unavailable = {}
    for n in range(args.requests):
        params = random_params(model, rng)
        if rng.random() < 0.1:
            singles += 1
            lead_id = rng.choice(list(model.leads) + deleted + others + ["lead_none", "lead_%2F..", "x" * 101])
            url = any_api(args) + "/api/v2/leads/" + urllib.parse.quote(lead_id, safe="")
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"x-api-key": key}), timeout=30) as r:
                    status, body = r.status, json.loads(r.read())
            except urllib.error.HTTPError as e:
                status, body = e.code, json.loads(e.read() or b"null")
            except (urllib.error.URLError, ConnectionError) as e:
                status, body = 0, {"refused": str(e)}
            if status in (0, 503) and args.allow_unavailable:
                unavailable[status] = unavailable.get(status, 0) + 1
                continue
            want = model.leads.get(lead_id)
            ok = (status == 200 and body.get("data", {}).get("lead") == Model.json_of(want)) if want else \
                (status == 404 and body.get("code") == "NOT_FOUND")
            if not ok:
                mismatches += 1
                if mismatches <= 15:
                    print("MISMATCH GET /leads/%s\n  status %s %s" % (lead_id, status, json.dumps(body, ensure_ascii=False)[:300]))
            continue
        if rng.random() < 0.25:
            refused += 1
            pairs, expected = invalid_params(params, rng)
            status, body = get(any_api(args), key, pairs)
            if status in (0, 503) and args.allow_unavailable:
                unavailable[status] = unavailable.get(status, 0) + 1
                continue
            got = (body or {}).get("details", {}).get("invalidParams") if isinstance(body, dict) else None
            if status != 400 or body.get("code") != "VALIDATION_ERROR" or got != expected:
                mismatches += 1
                if mismatches <= 15:
                    print("MISMATCH %s\n  status %s, invalidParams %s, expected %s" % (
                        json.dumps(pairs, ensure_ascii=False), status,
                        json.dumps(got, ensure_ascii=False), json.dumps(expected, ensure_ascii=False)))
            continue
        expected_leads, expected_pagination = model.answer(params)
        status, body = get(any_api(args), key, params)
        problem = None
        if status in (0, 503) and args.allow_unavailable:
            unavailable[status] = unavailable.get(status, 0) + 1
            continue
        if status != 200:
            problem = "status %s: %s" % (status, json.dumps(body)[:400])
        else:
            got = body["data"]
            got_pagination = {k: got["pagination"].get(k) for k in expected_pagination}
            if got_pagination != expected_pagination:
                problem = "pagination %s, expected %s" % (got_pagination, expected_pagination)
            elif got["leads"] != expected_leads:
                got_ids = [l["id"] for l in got["leads"]]
                want_ids = [l["id"] for l in expected_leads]
                if got_ids != want_ids:
                    problem = "ids %s, expected %s" % (got_ids[:12], want_ids[:12])
                else:
                    for g, w in zip(got["leads"], expected_leads):
                        if g != w:
                            diff = {k: (g.get(k), w.get(k)) for k in FIELDS if g.get(k) != w.get(k)}
                            problem = "lead %s differs: %s" % (g["id"], json.dumps(diff, ensure_ascii=False)[:400])
                            break
        if problem:
            mismatches += 1
            if mismatches <= 15:
                print("MISMATCH %s\n  %s" % (json.dumps(params, ensure_ascii=False), problem))
    print("requests %d (%d with invalid parameters, %d of single leads, %d reads answered 503, %d refused: instance down), leads %d,"
          " mismatches %d" % (args.requests, refused, singles, unavailable.get(503, 0), unavailable.get(0, 0),
                              len(model.leads), mismatches))
    return mismatches


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True, help="base URL; several, comma-separated: each request goes to one at random")
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--jar", default="target/lead-projection.jar")
    ap.add_argument("--leads", type=int, default=400)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--writes", type=int, default=0, help="random writes through the write API, checked too")
    ap.add_argument("--allow-unavailable", action="store_true",
                    help="a read answered 503 UNAVAILABLE, or refused by a stopped instance, is counted, not a mismatch")
    ap.add_argument("--ties", action="store_true", help="nine in ten leads created at one of three instants")
    ap.add_argument("--other-lead", help="a lead of another workspace: must read as absent")
    ap.add_argument("--waves", type=int, default=0,
                    help="later waves of events into the workspace, each then checked with --requests reads:"
                         " odd ones add 2/3 of --leads and delete 5 %%, even ones add 1/6 and delete half")
    ap.add_argument("--workspace", help="a workspace no lead is in yet (default ws_diff_<seed>_<time>)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    random.seed(args.seed)
    model = Model()
    workspace = args.workspace or "ws_diff_%d_%d" % (args.seed, int(time.time()))
    evs = events(args.leads, rng, workspace, args.ties)
    applied = set()
    for e in evs:
        if e["eventId"] not in applied:
            applied.add(e["eventId"])
            model.apply(e)
    if not publish(args, rng, evs):
        return 2
    key = subprocess.run(["java", "-jar", args.jar, "keys", "create", "--bootstrap-servers", args.bootstrap,
                          "--workspace", workspace, "--permissions", "leads:read"],
                         capture_output=True, text=True, check=True).stdout.strip()
    if not settled(args, key, model, 120):
        print("the workspace never read as the model's %d leads" % len(model.leads), file=sys.stderr)
        return 2
    deleted = set(e["leadId"] for e in evs) - set(model.leads)
    others = [args.other_lead] if args.other_lead else []
    mismatches = check_reads(args, key, model, rng, sorted(deleted), others)
    for number in range(1, args.waves + 1):
        growing = number % 2 == 1
        later = wave(model, rng, workspace, number, args.leads * 2 // 3 if growing else args.leads // 6,
                     0.05 if growing else 0.5, args.ties)
        for e in later:
            if e["eventId"] not in applied:
                applied.add(e["eventId"])
                model.apply(e)
        deleted |= set(e["leadId"] for e in later) - set(model.leads)
        if not publish(args, rng, later):
            return 2
        if not settled(args, key, model):
            print("wave %d: the workspace never read as the model's %d leads" % (number, len(model.leads)),
                  file=sys.stderr)
            return 1
        print("wave %d: %d events, %d leads" % (number, len(later), len(model.leads)))
        mismatches += check_reads(args, key, model, rng, sorted(deleted), others)
    problems = []
    if args.writes:
        writes(args, rng, problems)
        print("writes: mismatches %d" % len(problems))
    return 1 if mismatches or problems else 0


if __name__ == "__main__":
    sys.exit(main())

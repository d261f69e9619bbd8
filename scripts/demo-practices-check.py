#!/usr/bin/env python3
"""Checks the synthetic demo Praxisbeispiele in datasets/demo/practices.json.

Beispieldaten (synthetisch): invented good-practice examples of the model municipalities, not
real projects. The service seeds them at start (crates/service/src/workflow/exchange_demo.rs)
and checks them like a practice from the form; this script checks the stricter rules of the
demo file itself: members, fields, indicators, years, lengths, states, the spread over
members and fields, search words, links and the measures of the members' published concepts.

    scripts/demo-practices-check.py                  # check datasets/demo/practices.json
    scripts/demo-practices-check.py other.json       # check another file

Python 3 standard library only. Prints one summary line and exits 0 when every rule holds;
otherwise prints one line per violation (which practice, which key, what is wrong) and exits 1.
"""

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
DEFAULT = DATASETS / "demo" / "practices.json"

NOTE = (
    "Beispieldaten (synthetisch): erfundene Praxisbeispiele für die Demo; keine echten Projekte "
    "der genannten Kommunen. / Synthetic demo practices, not real projects of the municipalities named."
)
SUFFIX = " (Beispiel, synthetisch)"
MAX_TITLE = 200
MAX_AUSGANGSLAGE = 2000
YEARS = range(2015, 2027)  # 2015–2026

KEYS = [
    "municipality", "title", "fields", "period_from", "period_to", "ausgangslage", "ziele",
    "vorgehen", "ergebnisse", "kosten", "transfer", "links", "indicators", "contact", "state",
]
OPTIONAL_KEYS = ["measure"]
# Text sections: (min, max) sentences.
SENTENCES = {
    "ausgangslage": (2, 4),
    "ziele": (1, 3),
    "vorgehen": (2, 5),
    "ergebnisse": (1, 3),
    "kosten": (1, 2),
    "transfer": (1, 3),
}
PRACTICES = (30, 34)
MIN_MEMBERS = 16
MAX_PER_MEMBER = 3
MIN_MAIN_PER_FIELD = 4          # practices with the field as main field …
MIN_MAIN_MEMBERS_PER_FIELD = 4  # … from this many different members
MAX_LINKS = 2
MAX_INDICATORS = 3
LINK_PREFIX = "https://example.org/"
STATES = {"published": None, "submitted": 2, "draft": 1}  # None: all the others
MIN_MEASURE_LINKS = 5
# Measures a published practice cannot plausibly belong to.
UNFIT_MEASURE_STATUS = {"verworfen", "idee"}
# Words the search tests rely on: (where, word).
SEARCH_WORDS = [
    ("title", "Sprachmittler"),
    ("title", "Begegnung"),
    ("title", "Ausbildung"),
    ("text", "Migrantenorganisationen"),
]
# `vorgehen` says who took part: at least one of these (case-insensitive substrings).
ACTORS = [
    "verwaltung", "amt", "ämter", "behörde", "jobcenter", "verein", "migrantenorganisation",
    "beirat", "integrationsrat", "träger", "kammer", "schule", "kita", "volkshochschule",
    "ehrenamt", "stadt", "landkreis", "kreis", "gemeinde", "agentur", "integrationsbüro",
    "integrationsstelle", "integrationsbeauftragte", "integrationskoordination",
    "quartiersmanagement", "wohnungs", "hochschule", "personalrat", "sportverband",
    "pressestelle", "beratungsstelle", "wirtschaftsförderung", "statistikstelle",
    "integrationszentrum", "stabsstelle", "helferkreis", "polizei", "arbeitgeber", "betrieb",
]
# German abbreviations that end with a full stop but not a sentence.
ABBREVIATIONS = [
    "ca.", "z. B.", "z.B.", "u. a.", "u.a.", "d. h.", "d.h.", "bzw.", "etc.", "usw.", "ggf.",
    "inkl.", "rd.", "Nr.", "v. a.", "z. T.", "o. ä.", "Dr.", "St.", "insb.", "vgl.", "sog.",
    "evtl.", "max.", "min.", "mind.", "Mio.", "Tsd.", "e. V.", "gGmbH.",
]
MONTHS = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember")
PHONE = re.compile(r"(\+\d{2}[\s\d/()-]{6,}|\b0\d{2,5}\s?[/-]\s?\d{3,}|\(0\d{2,5}\)\s?\d{3,})")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def sentences(text):
    """Sentences in `text`: ends of . ! ? followed by a space and a capital or a digit, with
    common abbreviations and ordinal dates (1. März) not counted."""
    t = text
    for abbr in ABBREVIATIONS:
        t = t.replace(abbr, abbr.replace(".", "\u2024"))
    t = re.sub(r"\b(\d{1,2})\.(?= (?:" + MONTHS + r"|Klasse|Ausbildungsjahr|Jahrgang))", "\\1\u2024", t)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"(])", t.strip())
    return [p for p in parts if p.strip()]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_catalogue():
    cohort = {r["key"]: r for r in read_csv(DATASETS / "cohort.csv")}
    fields = [r["id"] for r in sorted(read_csv(DATASETS / "fields.csv"), key=lambda r: int(r["position"]))]
    indicators = {r["id"]: r["field"] for r in read_csv(DATASETS / "indicators.csv")}
    with open(DATASETS / "demo" / "concepts.json", encoding="utf-8") as f:
        concepts = json.load(f)["concepts"]
    return cohort, fields, indicators, concepts


def measure_fields(concept):
    """Measure id → (measure, its fields: those of the themenfelder whose goals it serves)."""
    goal_fields = defaultdict(set)
    for tf in concept["content"].get("themenfelder", []):
        for goal in tf.get("goals", []):
            goal_fields[goal["id"]].update(tf.get("fields", []))
    out = {}
    for m in concept["content"].get("measures", []):
        fs = set()
        for g in m.get("goals", []):
            fs |= goal_fields.get(g, set())
        out[m["id"]] = (m, fs)
    return out


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    name = path.name
    errors = []

    def fail(where, key, msg):
        errors.append(f"{name}: {where}: key '{key}': {msg}" if key else f"{name}: {where}: {msg}")

    try:
        raw = path.read_bytes()
    except OSError as e:
        print(f"{name}: cannot read {path}: {e}", file=sys.stderr)
        return 1
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{name}: not UTF-8: {e}", file=sys.stderr)
        return 1
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        print(f"{name}: not valid JSON: {e}", file=sys.stderr)
        return 1

    cohort, field_ids, indicators, concepts = load_catalogue()
    published = defaultdict(dict)  # member → label → {measure id: (measure, fields)}
    for c in concepts:
        if c.get("published"):
            published[c["municipality"]][c["label"]] = measure_fields(c)

    # The file as a whole.
    if text != json.dumps(doc, ensure_ascii=False, indent=2) + "\n":
        fail("file", None, "not in canonical form (UTF-8, 2-space indent, umlauts written directly, "
             "no \\u escapes, one trailing newline); rewrite it with json.dumps(doc, ensure_ascii=False, indent=2)")
    if not isinstance(doc, dict) or set(doc) != {"note", "practices"}:
        fail("file", None, "top level must be an object with exactly the keys 'note' and 'practices'")
        print("\n".join(errors), file=sys.stderr)
        return 1
    if doc["note"] != NOTE:
        fail("file", "note", f"must be exactly {NOTE!r}")
    practices = doc["practices"]
    if not isinstance(practices, list):
        fail("file", "practices", "must be a list")
        print("\n".join(errors), file=sys.stderr)
        return 1

    titles = Counter()
    per_member = Counter()
    main_field = defaultdict(list)  # field → members
    states = Counter()
    linked = defaultdict(int)  # member → practices linked to a measure
    all_text = []

    for i, p in enumerate(practices, 1):
        if not isinstance(p, dict):
            fail(f"practice #{i}", None, "must be an object")
            continue
        title = p.get("title") if isinstance(p.get("title"), str) else "?"
        where = f"practice #{i} ({p.get('municipality', '?')} „{title[:60]}“)"

        for k in KEYS:
            if k not in p:
                fail(where, k, "missing")
        for k in p:
            if k not in KEYS and k not in OPTIONAL_KEYS:
                fail(where, k, "unknown key")

        # municipality
        member = p.get("municipality")
        if member not in cohort:
            fail(where, "municipality", f"{member!r} is not a key of cohort.csv")
        else:
            per_member[member] += 1

        # title
        if not isinstance(p.get("title"), str) or not p["title"].strip():
            fail(where, "title", "must be a non-empty string")
        else:
            t = p["title"]
            titles[t] += 1
            if len(t) > MAX_TITLE:
                fail(where, "title", f"{len(t)} characters, at most {MAX_TITLE}")
            if not t.endswith(SUFFIX) or not t[: -len(SUFFIX)].strip():
                fail(where, "title", f"must end with {SUFFIX!r}")

        # fields
        fs = p.get("fields")
        if not isinstance(fs, list) or not 1 <= len(fs) <= 3:
            fail(where, "fields", "must be a list of 1–3 field ids")
            fs = []
        else:
            for f in fs:
                if f not in field_ids:
                    fail(where, "fields", f"unknown field {f!r} (known: {', '.join(field_ids)})")
            if len(set(fs)) != len(fs):
                fail(where, "fields", "a field is named twice")
            if fs and fs[0] in field_ids and member in cohort:
                main_field[fs[0]].append(member)

        # period
        pf, pt = p.get("period_from"), p.get("period_to")
        if not is_int(pf) or pf not in YEARS:
            fail(where, "period_from", f"{pf!r} must be a year {YEARS.start}–{YEARS.stop - 1}")
        if pt is not None:
            if not is_int(pt) or pt not in YEARS:
                fail(where, "period_to", f"{pt!r} must be null (ongoing) or a year {YEARS.start}–{YEARS.stop - 1}")
            elif is_int(pf) and pt < pf:
                fail(where, "period_to", f"{pt} lies before period_from {pf}")

        # text sections
        for key, (lo, hi) in SENTENCES.items():
            s = p.get(key)
            if not isinstance(s, str) or not s.strip():
                fail(where, key, "must be a non-empty string")
                continue
            all_text.append(s)
            if s != s.strip():
                fail(where, key, "leading or trailing whitespace")
            if s.rstrip()[-1:] not in ".!?":
                fail(where, key, "must end with a full stop (or ! ?)")
            n = len(sentences(s))
            if not lo <= n <= hi:
                fail(where, key, f"{n} sentences, expected {lo}–{hi}")
        if isinstance(p.get("ausgangslage"), str) and len(p["ausgangslage"]) > MAX_AUSGANGSLAGE:
            fail(where, "ausgangslage", f"{len(p['ausgangslage'])} characters, at most {MAX_AUSGANGSLAGE}")
        if isinstance(p.get("ergebnisse"), str) and not re.search(r"\d", p["ergebnisse"]):
            fail(where, "ergebnisse", "names no concrete number")
        if isinstance(p.get("vorgehen"), str):
            low = p["vorgehen"].lower()
            if not any(a in low for a in ACTORS):
                fail(where, "vorgehen", "names nobody who took part (Verwaltung, Jobcenter, Vereine, Migrantenorganisationen, …)")

        # no personal data anywhere in the strings
        for key in ["title", *SENTENCES, "contact"]:
            s = p.get(key)
            if isinstance(s, str):
                if EMAIL.search(s) or "@" in s:
                    fail(where, key, "contains an e-mail address or '@'")
                if PHONE.search(s):
                    fail(where, key, "looks like it contains a phone number")

        # links
        links = p.get("links")
        if not isinstance(links, list) or len(links) > MAX_LINKS:
            fail(where, "links", f"must be a list of at most {MAX_LINKS} links")
        else:
            for j, link in enumerate(links):
                if not isinstance(link, dict) or set(link) != {"label", "url"}:
                    fail(where, f"links[{j}]", "must be an object with exactly 'label' and 'url'")
                    continue
                if not isinstance(link["label"], str) or not link["label"].strip():
                    fail(where, f"links[{j}].label", "must be a non-empty string")
                url = link["url"]
                if (not isinstance(url, str) or not url.startswith(LINK_PREFIX)
                        or len(url) <= len(LINK_PREFIX) or re.search(r"\s", url)):
                    fail(where, f"links[{j}].url", f"{url!r} must be an address under {LINK_PREFIX}")

        # indicators
        inds = p.get("indicators")
        if not isinstance(inds, list) or len(inds) > MAX_INDICATORS:
            fail(where, "indicators", f"must be a list of at most {MAX_INDICATORS} indicator ids")
        else:
            if len(set(inds)) != len(inds):
                fail(where, "indicators", "an indicator is named twice")
            mentions_selfcheck = any(
                "selbstcheck" in str(p.get(k, "")).lower() for k in ["title", *SENTENCES])
            for ind in inds:
                if ind not in indicators:
                    fail(where, "indicators", f"{ind!r} is not an id of indicators.csv")
                elif not indicators[ind]:
                    fail(where, "indicators", f"{ind!r} is a context figure without a field")
                elif indicators[ind] not in fs:
                    fail(where, "indicators", f"{ind!r} belongs to field {indicators[ind]!r}, not one of {fs}")
                elif ind.startswith("sc_") and not mentions_selfcheck:
                    fail(where, "indicators", f"{ind!r} is a self-check score, but the practice is not about the Selbstcheck")

        # contact: a role address
        contact = p.get("contact")
        if not isinstance(contact, str) or not contact.strip():
            fail(where, "contact", "must be a non-empty role address")
        else:
            if "@" in contact:
                fail(where, "contact", "contains '@': use a role address, not an e-mail")
            if re.search(r"\d", contact):
                fail(where, "contact", "contains digits: no phone numbers or room numbers")
            if re.search(r"\b(Frau|Herr|Dr\.|Prof\.)\s", contact):
                fail(where, "contact", "names a person: use a role such as 'Integrationsbeauftragte/r'")

        # state
        state = p.get("state")
        if state not in STATES:
            fail(where, "state", f"{state!r} must be one of {', '.join(STATES)}")
        else:
            states[state] += 1

        # measure
        m = p.get("measure")
        if m is not None:
            if not isinstance(m, dict) or set(m) != {"concept", "id"} or not isinstance(m.get("concept"), str) \
                    or not is_int(m.get("id")):
                fail(where, "measure", 'must be null or {"concept": "<label>", "id": <measure id>}')
            else:
                versions = published.get(member, {})
                if m["concept"] not in versions:
                    fail(where, "measure", f"{member} has no published concept labelled {m['concept']!r}"
                         + (f" (published: {', '.join(sorted(versions))})" if versions else ""))
                elif m["id"] not in versions[m["concept"]]:
                    fail(where, "measure", f"concept {m['concept']!r} of {member} has no measure {m['id']}")
                else:
                    measure, mfields = versions[m["concept"]][m["id"]]
                    if measure.get("status") in UNFIT_MEASURE_STATUS:
                        fail(where, "measure", f"measure {m['id']} „{measure['title']}“ has status "
                             f"{measure['status']!r}; a practice cannot belong to it")
                    if fs and not mfields & set(fs):
                        fail(where, "measure", f"measure {m['id']} „{measure['title']}“ serves fields "
                             f"{sorted(mfields)}, none of the practice's fields {fs}")
                    linked[member] += 1

    # The collection.
    n = len(practices)
    if not PRACTICES[0] <= n <= PRACTICES[1]:
        fail("file", "practices", f"{n} practices, expected {PRACTICES[0]}–{PRACTICES[1]}")
    if len(per_member) < MIN_MEMBERS:
        fail("file", "practices", f"{len(per_member)} members, expected at least {MIN_MEMBERS}")
    for member, k in sorted(per_member.items()):
        if k > MAX_PER_MEMBER:
            fail(f"member {member} ({cohort[member]['name']})", "municipality",
                 f"{k} practices, at most {MAX_PER_MEMBER}")
    for f in field_ids:
        members = main_field.get(f, [])
        if len(members) < MIN_MAIN_PER_FIELD or len(set(members)) < MIN_MAIN_MEMBERS_PER_FIELD:
            fail(f"field {f}", "fields", f"main field of {len(members)} practices from {len(set(members))} "
                 f"members, expected at least {MIN_MAIN_PER_FIELD} from {MIN_MAIN_MEMBERS_PER_FIELD} members")
    for t, k in titles.items():
        if k > 1:
            fail("file", "title", f"„{t}“ used {k} times")
    for state, want in STATES.items():
        if want is not None and states[state] != want:
            fail("file", "state", f"{states[state]} practices {state!r}, expected {want}")
    published_n = n - sum(v for s, v in states.items() if s != "published")
    if states["published"] != published_n:
        fail("file", "state", "every practice that is not submitted or draft must be 'published'")
    for where_, word in SEARCH_WORDS:
        if where_ == "title":
            hit = any(isinstance(p, dict) and word in str(p.get("title", "")) for p in practices)
        else:
            hit = any(word in s for s in all_text) or any(
                isinstance(p, dict) and word in str(p.get("title", "")) for p in practices)
        if not hit:
            fail("file", "title" if where_ == "title" else None,
                 f"no practice {'title' if where_ == 'title' else 'text'} contains {word!r} (needed by the search tests)")
    for member in sorted(published):
        if member in cohort and linked[member] == 0:
            fail(f"member {member} ({cohort[member]['name']})", "measure",
                 "has a published concept but no practice linked to one of its measures")
    total_links = sum(linked.values())
    if total_links < MIN_MEASURE_LINKS:
        fail("file", "measure", f"{total_links} practices linked to a measure, expected at least {MIN_MEASURE_LINKS}")

    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"{name}: {len(errors)} problem(s) — FAILED", file=sys.stderr)
        return 1
    counts = ", ".join(f"{f} {len(main_field.get(f, []))}" for f in field_ids)
    print(f"{name}: {n} practices, {len(per_member)} members, fields: {counts} — OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

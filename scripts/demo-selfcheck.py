#!/usr/bin/env python3
"""Synthetic demo Selbstcheck rounds and a workshop (#12): writes datasets/demo/selfcheck.json.

Beispieldaten (synthetisch): invented answers, raters and workshop ballots for the demo, not real
responses. Every member of datasets/cohort.csv gets a round "2020" and a round "2024" of the demo
questionnaire v1 (datasets/selfcheck/v1/items.csv), answered by 2–4 raters of different
departments. The answers are made so that the field scores computed from them reproduce the
`sc_<field>` values of datasets/demo/observations.csv for that member and year within ±1.0 points
(where a member has no value there, a plausible one is chosen from its neighbouring years and
marked "gewählt" in the summary). Kaiserslautern (07312000) also gets the workshop of August 2020
(30 ballots of participants in seven perspectives) for its round "2020".

Scoring (as crates/domain/src/selfcheck/scoring.rs): per item the median (quantile type 7 at 0.5)
of the levels 0–3 given by the raters, skipped and dont_know left out; an item without a level is
unanswered. Field score = Σ weight × median / 3 × 100 / Σ weight over the answered items;
coverage = answered items / items of the field.

    scripts/demo-selfcheck.py            # generate, check, write, print the summary
    scripts/demo-selfcheck.py --check    # re-generate in memory, fail if the file differs,
                                         # check the written file and print the summary

Python 3 standard library only; deterministic (seeded random, no timestamps). Exits 1 when a
score misses its target by more than 1.0 points, a coverage is below 0.8 or another rule is broken.
"""

import argparse
import csv
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
OUT = DATASETS / "demo" / "selfcheck.json"
QUESTIONNAIRE = "v1"
SEED = 1212  # issue #12

NOTE = (
    "Synthetische Beispieldaten: erfundene Antworten, Rater und Workshop-Stimmen, erzeugt von "
    "scripts/demo-selfcheck.py"
)

YEARS = ["2020", "2024"]
LEVELS = ["0", "1", "2", "3"]
ANSWERS = LEVELS + ["skipped", "dont_know"]
MAX_TOLERANCE = 1.0      # a round's field score may miss the observation by this much
AIM = 0.5                # ... but the generator aims for this
MIN_COVERAGE = 0.8       # every demo field keeps this coverage (the service's threshold is 0.6)
MAX_EVIDENCE = 1_000     # MAX_EVIDENCE in crates/service/src/workflow/selfcheck.rs
MAX_DEPARTMENT = 100     # MAX_DEPARTMENT, ibid.
MAX_COMMENT = 300
P_SKIPPED = 0.03
P_DONT_KNOW_HOME = 0.015  # in the rater's own fields
P_DONT_KNOW_AWAY = 0.06   # outside them
P_EVIDENCE = {0: 0.08, 1: 0.26, 2: 0.30, 3: 0.34}


# ---------------------------------------------------------------------------------------------
# Inputs


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load():
    fields = [r["id"] for r in sorted(read_csv(DATASETS / "fields.csv"),
                                      key=lambda r: int(r["position"]))]
    items = read_csv(DATASETS / "selfcheck" / QUESTIONNAIRE / "items.csv")
    items.sort(key=lambda r: int(r["position"]))
    for it in items:
        it["weight"] = float(it["weight"])
    cohort = read_csv(DATASETS / "cohort.csv")
    obs = {}
    # The generator's values of the other years, and for the round years (which the generator
    # leaves out: the rounds are their source) the values the rounds were fitted to.
    for name in ("observations.csv", "selfcheck-targets.csv"):
        for r in read_csv(DATASETS / "demo" / name):
            if r["indicator"].startswith("sc_") and r["value"] != "":
                obs[(r["municipality"], r["indicator"][3:], int(r["year"]))] = float(r["value"])
    return fields, items, cohort, obs


def target_of(obs, member, field, year):
    """The observed score, or a plausible one from the neighbouring years (chosen=True)."""
    y = int(year)
    if (member, field, y) in obs:
        return obs[(member, field, y)], False
    before, after = obs.get((member, field, y - 1)), obs.get((member, field, y + 1))
    if before is not None and after is not None:
        return round((before + after) / 2, 1), True
    # The trend of the last four years carried one year on.
    pts = [(yy, obs[(member, field, yy)]) for yy in range(y - 4, y)
           if (member, field, yy) in obs]
    if len(pts) >= 2:
        mx = sum(p[0] for p in pts) / len(pts)
        my = sum(p[1] for p in pts) / len(pts)
        sxx = sum((p[0] - mx) ** 2 for p in pts)
        slope = sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx
        return round(min(95.0, max(5.0, pts[-1][1] + slope)), 1), True
    near = before if before is not None else after
    return (near if near is not None else 50.0), True


# ---------------------------------------------------------------------------------------------
# Scoring (the rules of crates/domain/src/selfcheck/scoring.rs)


def quantile7(values, p):
    """Quantile type 7 (linear interpolation), as crates/domain/src/stats.rs."""
    if not values:
        return None
    s = sorted(values)
    h = (len(s) - 1) * p
    lo = int(h)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (h - lo) * (s[hi] - s[lo])


def item_median(answers):
    """Median level of one item's answers; None when no rater gave a level."""
    return quantile7([int(a) for a in answers if a in LEVELS], 0.5)


def field_score(weighted_medians):
    """(score or None, coverage) from (weight, median or None) per item of the field."""
    answered = [(w, m) for w, m in weighted_medians if m is not None and w > 0]
    coverage = len(answered) / len(weighted_medians) if weighted_medians else 0.0
    weight = sum(w for w, _ in answered)
    if not weighted_medians or weight <= 0 or coverage + 1e-9 < 0.6:
        return None, coverage
    return sum(w * m / 3 * 100 for w, m in answered) / weight, coverage


def round_scores(rnd, items):
    """Per field (score, coverage, answered, n) of a round as written."""
    by_item = defaultdict(list)
    for r in rnd["raters"]:
        for a in r["answers"]:
            by_item[a["item"]].append(a["answer"])
    per_field = defaultdict(list)
    for it in items:
        per_field[it["field"]].append((it["weight"], item_median(by_item.get(it["id"], []))))
    out = {}
    for f, wm in per_field.items():
        score, cov = field_score(wm)
        out[f] = (score, cov, sum(1 for _, m in wm if m is not None), len(wm))
    return out


# ---------------------------------------------------------------------------------------------
# Departments


COORDINATION_CITY = [
    "Büro für Integration und Migration",
    "Integrationsbüro",
    "Stabsstelle Integration",
    "Amt für Integration und Vielfalt",
    "Koordinierungsstelle Integration",
    "Fachstelle Migration und Teilhabe",
]
COORDINATION_COUNTY = [
    "Stabsstelle Integration und Migration",
    "Integrationsmanagement des Landkreises",
]
ALL = None  # every field is the coordinating unit's own
# Department → the fields it knows first-hand (elsewhere it says "weiß nicht" more often).
DEPARTMENTS_CITY = {
    "Sozialamt": ["zugang", "zusammenhalt", "arbeit"],
    "Jugendamt": ["zugang", "engagement", "zusammenhalt"],
    "Personalamt": ["oeffnung", "steuerung"],
    "Amt für Wirtschaftsförderung": ["arbeit"],
    "Bürgerservice": ["kommunikation", "oeffnung"],
    "Schulverwaltungsamt": ["zugang"],
    "Stabsstelle Bürgerbeteiligung": ["engagement", "kommunikation", "zusammenhalt"],
    "Ausländerbehörde": ["oeffnung", "zugang", "kommunikation"],
    "Gesundheitsamt": ["zugang"],
    "Kulturamt": ["zugang", "zusammenhalt"],
    "Amt für Stadtentwicklung": ["zusammenhalt", "steuerung"],
    "Gleichstellungsstelle": ["oeffnung", "engagement"],
    "Presse- und Öffentlichkeitsarbeit": ["kommunikation"],
    "Sport- und Bäderamt": ["zugang", "zusammenhalt"],
    "Amt für Wohnungswesen": ["zugang", "zusammenhalt"],
}
DEPARTMENTS_COUNTY = {
    "Kreissozialamt": ["zugang", "zusammenhalt", "arbeit"],
    "Kreisjugendamt": ["zugang", "engagement", "zusammenhalt"],
    "Personalabteilung": ["oeffnung", "steuerung"],
    "Wirtschaftsförderung des Landkreises": ["arbeit"],
    "Ausländerbehörde": ["oeffnung", "zugang", "kommunikation"],
    "Bildungsbüro": ["zugang", "arbeit"],
    "Gesundheitsamt": ["zugang"],
    "Stabsstelle Bürgerbeteiligung und Ehrenamt": ["engagement", "zusammenhalt"],
    "Pressestelle": ["kommunikation"],
}


# ---------------------------------------------------------------------------------------------
# Evidence (text only, never a link)

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]

# Per sub-topic, for answers 2 and 3. {y} a year up to the round's, {ds} a Drucksache number,
# {p} a page, {d} a date, {n} a small number.
EVIDENCE = {
    "leitbild": ["Ratsbeschluss {y}, Drucksache {ds}", "Leitbild „Vielfalt leben“, beschlossen {y}",
                 "Beteiligungsdokumentation zum Leitbild, {y}"],
    "strategie": ["Integrationskonzept {y}, S. {p}",
                  "Ratsbeschluss {y}, siehe Integrationskonzept S. {p}",
                  "Zielvereinbarungen der Fachbereiche {y}"],
    "verwaltung": ["Geschäftsverteilungsplan {y}", "Dienstanweisung {y}",
                   "Protokoll der AG Integration vom {d}"],
    "ressourcen": ["Haushaltsplan {y}, Produkt 3.1.{n}", "Förderbescheid des Landes {y}",
                   "Übersicht Fördermittel {y} (Integrationsbüro)"],
    "monitoring": ["Integrationsbericht {y}", "Vorlage an den Sozialausschuss, Drucksache {ds}",
                   "Monitoringbericht {y}, S. {p}"],
    "vernetzung": ["Mitglied im Landesnetzwerk Integration seit {y}",
                   "Protokoll Regionalkonferenz {y}"],
    "personal": ["Personalbericht {y}, S. {p}", "Ausschreibungstexte ab {y}",
                 "Dienstvereinbarung Personalauswahl {y}"],
    "fortbildung": ["Fortbildungsprogramm {y}: Interkulturelle Kompetenz",
                    "{n} Schulungen im Jahr {y} (Personalamt)", "Dienstanweisung Fortbildung {y}"],
    "antidiskriminierung": ["Dienstvereinbarung Antidiskriminierung {y}",
                            "Anlaufstelle seit {y}, Jahresbericht S. {p}",
                            "Prüfvermerk Formulare {y}"],
    "antirassismus": ["Erklärung der Verwaltungsspitze vom {d}",
                      "Beitritt zum Bündnis gegen Rassismus, Ratsbeschluss {y}"],
    "dienstleistung": ["Leitbild der Ausländerbehörde {y}", "Zielvereinbarung Bürgerbüro {y}"],
    "bildung": ["Kita-Infoblatt in {n} Sprachen, Stand {y}",
                "Konzept Schulstart für Neuzugewanderte {y}",
                "Elternbegleiterprogramm seit {y}"],
    "sprache": ["Kursübersicht VHS {y}", "Bedarfsanalyse Sprachkurse {y}",
                "Kurse mit Kinderbetreuung seit {y}"],
    "arbeit_ausbildung": ["Kooperationsvereinbarung mit der Anerkennungsberatung {y}",
                          "Übergangsmanagement Schule–Beruf, Bericht {y}"],
    "wohnen": ["Vereinbarung mit der Wohnungsbaugesellschaft {y}", "Wohnraumberatung seit {y}"],
    "gesundheit_pflege": ["Dolmetscherpool Gesundheit seit {y}", "Pflegeplanung {y}, S. {p}"],
    "mobilitaet": ["Fahrplanauskunft in {n} Sprachen, Stand {y}", "Sozialticket seit {y}"],
    "kultur": ["Kulturförderrichtlinie {y}", "Jahresprogramm Stadtbibliothek {y}"],
    "sport": ["Förderrichtlinie Sport {y}", "Schwimmkursprogramm {y} (Sportamt)"],
    "sicherheit_recht": ["Kooperationsvertrag Migrationsberatung {y}",
                         "Protokoll Sicherheitspartnerschaft vom {d}"],
    "arbeitsmarkt": ["Zielvereinbarung mit Jobcenter und Agentur für Arbeit {y}",
                     "Projektbericht Berufssprachkurse {y}",
                     "Programm für zugewanderte Frauen seit {y}"],
    "unternehmen": ["Beratungsstatistik Wirtschaftsförderung {y}",
                    "Kooperationsvereinbarung mit IHK und HWK {y}"],
    "selbststaendigkeit": ["Gründungsberatung, Jahresbericht {y}",
                           "Teilnehmerliste Unternehmerfrühstück {y}"],
    "fachkraefte": ["Fachkräftestrategie {y}, S. {p}", "Welcome Service seit {y}"],
    "wirtschaftsfoerderung": ["Vergaberichtlinie {y}", "Arbeitsmarktbericht {y}, S. {p}"],
    "beirat": ["Satzung des Integrationsbeirats, geändert {y}",
               "Protokoll Integrationsbeirat vom {d}", "Beschlussvorlage Drucksache {ds}"],
    "migrantenorganisationen": ["Förderrichtlinie Migrantenorganisationen {y}",
                                "Raumnutzungsvereinbarung {y}",
                                "Liste der geförderten Vereine {y}"],
    "ehrenamt": ["Fortbildungsreihe Ehrenamt {y}", "Ehrenamtspreis {y}, Dokumentation"],
    "politische_teilhabe": ["Einbürgerungsfeier {y}", "Wahlinformation in {n} Sprachen, {y}"],
    "beteiligung": ["Leitlinien Bürgerbeteiligung {y}", "Auswertung Beteiligungsverfahren {y}",
                    "Jugendforum {y}, Dokumentation"],
    "begegnung": ["Förderliste Stadtteilfeste {y}", "Patenschaftsprogramm seit {y}",
                  "Nutzungskonzept Begegnungszentrum {y}"],
    "quartier": ["Quartiersmanagement seit {y}", "Quartiersfonds-Richtlinie {y}",
                 "Sozialraumbericht {y}, S. {p}"],
    "willkommen": ["Willkommensmappe, Auflage {y}", "Unterbringungskonzept {y}"],
    "erinnerung": ["Ausstellung im Stadtarchiv {y}", "Ratsbeschluss Straßenbenennung {y}"],
    "dialog": ["Runder Tisch der Religionen seit {y}", "Bürgerbefragung {y}, Kapitel Zusammenleben",
               "Projektliste Schulen ohne Rassismus {y}"],
    "oeffentlicher_raum": ["Beteiligung Spielplatzplanung {y}", "Freiraumkonzept {y}, S. {p}"],
    "mehrsprachigkeit": ["Informationsblätter in {n} Sprachen, Stand {y}",
                         "Leitfaden einfache Sprache {y}"],
    "sprachmittlung": ["Rahmenvertrag Sprachmittlung {y}", "Sprachenliste der Beschäftigten {y}"],
    "information": ["Themenseite Integration, überarbeitet {y}", "Wegweiser Beratung, Auflage {y}"],
    "beratung": ["Netzwerktreffen Beratungsstellen vom {d}", "Kooperationsvereinbarung {y}"],
    "beschwerde": ["Beschwerdemanagement, Dienstanweisung {y}"],
    "konflikt": ["Verfahrensbeschreibung Konfliktmanagement {y}", "Mediationsstelle seit {y}",
                 "Krisenplan, Stand {y}"],
    "oeffentlichkeitsarbeit": ["Leitfaden Bildsprache {y}",
                               "Integrationsbericht {y} im Rat vorgestellt",
                               "Multiplikatorennetz seit {y}"],
}
EVIDENCE_ANY = [
    "Jahresbericht Integration {y}, S. {p}",
    "Integrationskonzept, Kap. {n}",
    "Protokoll der AG Integration vom {d}",
    "Ratsbeschluss {y}, Drucksache {ds}",
]
EVIDENCE_PLANNED = [
    "in Planung, Beschlussvorlage für {m} {y1} vorgesehen",
    "Konzeptentwurf liegt vor (Stand {m} {y})",
    "Mittel im Haushaltsentwurf {y1} angemeldet",
    "Maßnahme aus dem Integrationskonzept, Umsetzung ab {y1}",
    "Förderantrag beim Land gestellt ({m} {y})",
]
EVIDENCE_NONE = [
    "bisher nicht vorhanden, Bedarf im Fachbereich bekannt",
    "Thema im Integrationsbeirat {y} angesprochen, noch ohne Ergebnis",
    "derzeit keine Kapazitäten",
]


# A county has a Kreistag, not a council, and no city library or archive.
COUNTY_WORDS = [("Ratsbeschluss", "Kreistagsbeschluss"), ("im Rat ", "im Kreistag "),
                ("Stadtarchiv", "Kreisarchiv"), ("Stadtbibliothek", "Kreisbibliothek")]


def evidence_text(rng, level, subtopic, year, county):
    """A short evidence text for an answer of a round of `year`: documents up to that year, plans
    from the year before it on."""
    y0 = int(year)
    y = rng.randint(y0 - 1, y0) if level == 1 else rng.randint(y0 - 5, y0)
    vals = {
        "y": y,
        "y1": y0 + rng.randint(0, 1),
        "ds": f"{y % 100:02d}/{rng.randint(20, 1999):04d}",
        "p": rng.randint(4, 48),
        "n": rng.randint(3, 9),
        "m": MONTHS[rng.randrange(12)],
        "d": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(y0 - 3, y0)}",
    }
    if level == 0:
        pool = EVIDENCE_NONE
    elif level == 1:
        pool = EVIDENCE_PLANNED
    elif rng.random() < 0.75 and subtopic in EVIDENCE:
        pool = EVIDENCE[subtopic]
    else:
        pool = EVIDENCE_ANY
    text = rng.choice(pool).format(**vals)
    if county:
        for a, b in COUNTY_WORDS:
            text = text.replace(a, b)
    return text


# ---------------------------------------------------------------------------------------------
# Rounds


def clip(v, lo=0.0, hi=3.0):
    return max(lo, min(hi, v))


def fit_field(rng, field_items, answers, latent, target):
    """Changes single answers (by one step, near the item's latent level; a "weiß nicht" only
    when nothing else helps) until the field's score is within AIM of the target. answers[r][i]
    are codes; edits in place."""
    weights = [it["weight"] for it in field_items]
    raters = range(len(answers))

    def medians():
        return [item_median([answers[r][i] for r in raters]) for i in range(len(field_items))]

    def score_with(meds):
        return field_score(list(zip(weights, meds)))[0]

    meds = medians()
    for _ in range(2000):
        s = score_with(meds)
        gap = abs(s - target)
        if gap <= AIM:
            return
        up = s < target
        moves, neutral, fallback = [], [], []
        for r in raters:
            for i in range(len(field_items)):
                cur = answers[r][i]
                if cur not in LEVELS:
                    continue
                options = [str(v) for v in (int(cur) - 1, int(cur) + 1)
                           if 0 <= v <= 3 and abs(v - latent[i]) <= 1.6]
                for new in options + ["dont_know"]:
                    answers[r][i] = new
                    m = item_median([answers[rr][i] for rr in raters])
                    answers[r][i] = cur
                    if m is None:
                        continue
                    trial = meds[:i] + [m] + meds[i + 1:]
                    g = abs(score_with(trial) - target)
                    if g < gap - 1e-9:
                        (fallback if new == "dont_know" else moves).append((r, i, new, m))
                    elif g <= gap + 1e-9 and new != "dont_know" and (int(new) > int(cur)) == up:
                        # No better yet, but a step the right way (a median of several raters
                        # moves only when two of them do).
                        neutral.append((r, i, new, m))
        pick = moves or neutral or fallback
        if not pick:
            return
        r, i, new, m = rng.choice(pick)
        answers[r][i] = new
        meds[i] = m


def build_rounds(rng, fields, items, cohort, obs):
    rounds, targets = [], {}
    by_field = defaultdict(list)
    for it in items:
        by_field[it["field"]].append(it)
    for member in cohort:
        key = member["key"]
        county = member["kind"] == "landkreis"
        coord = rng.choice(COORDINATION_COUNTY if county else COORDINATION_CITY)
        depts = DEPARTMENTS_COUNTY if county else DEPARTMENTS_CITY
        others = rng.sample(sorted(depts), 4)
        pool = [(coord, ALL)] + [(d, depts[d]) for d in others]
        # How the member's items stand relative to its field score, the same in both rounds.
        offset = {it["id"]: rng.gauss(0, 0.75) for it in items}
        for f in fields:
            ids = [it["id"] for it in by_field[f]]
            w = [it["weight"] for it in by_field[f]]
            mean = sum(offset[i] * wi for i, wi in zip(ids, w)) / sum(w)
            for i in ids:
                offset[i] -= mean
        for year in YEARS:
            n = rng.choices([2, 3, 4], weights=[25, 45, 30])[0]
            chosen = [0] + sorted(rng.sample(range(1, len(pool)), n - 1))
            raters = []
            for idx in chosen:
                dept, home = pool[idx]
                raters.append({
                    "user": f"demo-{key}-{idx + 1}",
                    "department": dept,
                    "home": home,
                    "bias": rng.gauss(0.1 if idx == 0 else 0.0, 0.2),
                    "codes": {},
                })
            for f in fields:
                target, chosen_value = target_of(obs, key, f, year)
                targets[(key, year, f)] = (target, chosen_value)
                t = target / 100 * 3
                spread = min(1.0, t / 1.2, (3 - t) / 1.2)
                fitems = by_field[f]
                latent = [clip(t + offset[it["id"]] * spread) for it in fitems]
                answers = []
                for r in raters:
                    home = r["home"] is ALL or f in r["home"]
                    sd = 0.4 if home else 0.6
                    row = []
                    for i, it in enumerate(fitems):
                        u = rng.random()
                        if u < P_SKIPPED:
                            row.append("skipped")
                        elif u < P_SKIPPED + (P_DONT_KNOW_HOME if home else P_DONT_KNOW_AWAY):
                            row.append("dont_know")
                        else:
                            v = round(clip(latent[i] + r["bias"] + rng.gauss(0, sd)))
                            row.append(str(int(v)))
                    answers.append(row)
                fit_field(rng, fitems, answers, latent, target)
                for r, row in zip(raters, answers):
                    for it, code in zip(fitems, row):
                        r["codes"][it["id"]] = code
            out_raters = []
            for r in raters:
                ans = []
                for it in items:
                    code = r["codes"][it["id"]]
                    a = {"item": it["id"], "answer": code}
                    if code in LEVELS and rng.random() < P_EVIDENCE[int(code)]:
                        a["evidence"] = evidence_text(rng, int(code), it["subtopic"], year, county)
                    ans.append(a)
                out_raters.append({"user": r["user"], "department": r["department"],
                                   "answers": ans})
            rounds.append({"municipality": key, "label": year, "questionnaire": QUESTIONNAIRE,
                           "raters": out_raters})
    return rounds, targets


# ---------------------------------------------------------------------------------------------
# The Kaiserslautern workshop, August 2020

KL = "07312000"
# As briefed. Note: crates/domain/src/selfcheck/workshop.rs (CODE_ALPHABET) leaves out L and 0,
# so JoinCode::parse rejects this code as long as that alphabet holds.
WORKSHOP_CODE = "KSWK2829"
PERSPECTIVES = [  # code, ballots, how much kinder than the group (levels)
    ("verwaltung", 8, 0.3),
    ("politik", 5, 0.1),
    ("zivilgesellschaft", 7, -0.2),
    ("migrantenorganisation", 4, -0.4),
    ("wirtschaft", 3, 0.0),
    ("jugend", 2, -0.2),
    ("andere", 1, 0.0),
]
# The median the workshop arrives at per field: a little below the administration's 2020 score
# (51.5, 62.5, 61.5, 67.8, 55.0, 60.5, 42.6 → 1.55, 1.88, 1.85, 2.03, 1.65, 1.82, 1.28 levels);
# cohesion clearly lower: the missing meeting places were the workshop's main point.
WORKSHOP_MEDIAN = {
    "steuerung": 1.5,
    "oeffnung": 1.5,
    "zugang": 1.5,
    "arbeit": 2.0,
    "engagement": 1.5,
    "zusammenhalt": 1.0,
    "kommunikation": 1.0,
}
# (field, preferred perspectives, text): the gaps named in the workshop; anonymous.
COMMENTS = [
    ("zusammenhalt", ["zivilgesellschaft"],
     "Es fehlen Begegnungsorte im Quartier. Seit der Jugendtreff geschlossen ist, gibt es "
     "keinen Raum mehr, in dem man sich ohne Konsumzwang treffen kann."),
    ("zusammenhalt", ["migrantenorganisation"],
     "Begegnung gibt es vor allem beim Stadtfest, einmal im Jahr. Es fehlen feste Orte im "
     "Stadtteil, die das ganze Jahr offen sind und die Vereine mitnutzen können."),
    ("zusammenhalt", ["politik"],
     "In der Innenstadt gibt es Angebote, in den Randstadtteilen kaum. Dort fehlen Treffpunkte "
     "für Familien und für Ältere."),
    ("kommunikation", ["migrantenorganisation"],
     "Die Informationen gibt es, aber sie erreichen die Zielgruppen schlecht. Viele Familien "
     "erfahren von Angeboten über Bekannte, nicht über die Stadt."),
    ("kommunikation", ["zivilgesellschaft"],
     "Flyer und Internetseite reichen nicht. Neuzugewanderte erreicht man besser über Vereine, "
     "Gemeinden und Sprachkurse als über das Amtsblatt."),
    ("zugang", ["verwaltung"],
     "Viele Angebote richten sich an Menschen, die sich schon auskennen. Wer neu ist oder wenig "
     "Deutsch spricht, findet den Weg dorthin kaum."),
    ("oeffnung", ["migrantenorganisation"],
     "Struktureller Rassismus ist kein Randthema: Bei der Wohnungssuche und bei Behördengängen "
     "erleben Menschen mit ausländisch klingendem Namen immer wieder Benachteiligung."),
    ("oeffnung", ["jugend"],
     "Alltagsrassismus im Bus, in der Schule oder beim Einkaufen wird oft nicht ernst genommen. "
     "Es braucht eine Anlaufstelle, die zuhört und Fälle dokumentiert."),
    ("zusammenhalt", ["zivilgesellschaft"],
     "Rassistische Sprüche auf dem Schulhof und im Sportverein werden zu oft als Spaß abgetan. "
     "Das Miteinander leidet darunter."),
    ("zugang", ["zivilgesellschaft"],
     "Sprachkurse ohne Kinderbetreuung schließen vor allem Mütter aus. Kurse mit Betreuung gibt "
     "es kaum, die Wartelisten sind lang."),
    ("oeffnung", ["verwaltung"],
     "Die interkulturelle Öffnung der Verwaltung kommt nur langsam voran. Im Bürgerbüro fehlt oft "
     "die Zeit für Erklärungen, und mehrsprachige Beschäftigte sind selten."),
    ("engagement", ["migrantenorganisation"],
     "Migrantenorganisationen werden gefragt, wenn ein Fest geplant wird, aber selten, wenn es "
     "um Konzepte und Geld geht. Wir möchten früher und verbindlich beteiligt werden."),
    # Written on a ballot that already has a comment: 13 comments on 12 ballots.
    ("steuerung", ["politik"],
     "Das Integrationskonzept ist gut, aber viele Ämter kennen es kaum. Es fehlt jemand, der die "
     "Umsetzung zwischen den Bereichen zusammenführt."),
]
OUTCOMES = {
    "steuerung": ("2", "Integrationskonzept und Stabsstelle sind vorhanden, die Umsetzung in den "
                       "Fachbereichen ist aber noch uneinheitlich."),
    "oeffnung": ("1", "Fortbildungen gibt es, eine Anlaufstelle bei Diskriminierung und ein "
                      "Vorgehen gegen strukturellen und Alltagsrassismus sind erst geplant."),
    "zugang": ("2", "Bildungs- und Beratungsangebote sind vorhanden, erreichen viele Zielgruppen "
                    "aber nicht, und Sprachkurse mit Kinderbetreuung fehlen."),
    "arbeit": ("2", "Stadt, Jobcenter und Kammern arbeiten zusammen, Angebote für zugewanderte "
                    "Frauen und für Gründende sind aber lückenhaft."),
    "engagement": ("1", "Migrantenorganisationen werden bisher vor allem bei Festen beteiligt, "
                        "kaum bei Planungen und Konzepten."),
    "zusammenhalt": ("1", "Feste und Patenschaften gibt es, doch in den Stadtteilen fehlen "
                          "dauerhaft offene Begegnungsorte."),
    "kommunikation": ("1", "Informationen liegen vor, erreichen die Zielgruppen aber schlecht, "
                           "weil mehrsprachige Kanäle und Multiplikatoren kaum genutzt werden."),
}


def fix_median(ballot_levels, latent, target):
    """Moves as few ratings as needed (those nearest the boundary) so that the median of the
    given levels is exactly `target`. ballot_levels: index → level or None (dont_know)."""
    idx = [i for i, v in ballot_levels.items() if v is not None]
    k = int(target)
    half = target - k > 0
    if half and len(idx) % 2 == 1:
        # A half median needs an even number of levels: one more "weiß nicht" (the ballot
        # furthest from its own latent view is unsure).
        i = max(idx, key=lambda i: (abs(ballot_levels[i] - latent[i]), i))
        ballot_levels[i] = None
        idx.remove(i)
    n = len(idx)

    def count(pred):
        return [i for i in idx if pred(ballot_levels[i])]

    if not half:
        limit = (n - 1) // 2 if n % 2 == 1 else n // 2 - 1
        while len(count(lambda v: v < k)) > limit:
            i = max(count(lambda v: v < k), key=lambda i: (latent[i], i))
            ballot_levels[i] = k
        while len(count(lambda v: v > k)) > limit:
            i = min(count(lambda v: v > k), key=lambda i: (latent[i], i))
            ballot_levels[i] = k
    else:
        while len(count(lambda v: v <= k)) > n // 2:
            i = max(count(lambda v: v <= k), key=lambda i: (latent[i], i))
            ballot_levels[i] = k + 1
        while len(count(lambda v: v <= k)) < n // 2:
            i = min(count(lambda v: v > k), key=lambda i: (latent[i], i))
            ballot_levels[i] = k
        if not count(lambda v: v == k):
            i = max(count(lambda v: v < k), key=lambda i: (latent[i], i))
            ballot_levels[i] = k
        if not count(lambda v: v == k + 1):
            i = min(count(lambda v: v > k + 1), key=lambda i: (latent[i], i))
            ballot_levels[i] = k + 1


def build_workshop(rng, fields):
    persp = [p for p, n, _ in PERSPECTIVES for _ in range(n)]
    bias = {p: b for p, _, b in PERSPECTIVES}
    ratings = [dict() for _ in persp]  # ballot → field → level or None
    for f in fields:
        latent = {}
        levels = {}
        for b, p in enumerate(persp):
            lean = bias[p] + (0.4 if p == "wirtschaft" and f == "arbeit" else 0.0)
            x = WORKSHOP_MEDIAN[f] + lean + rng.gauss(0, 0.6)
            latent[b] = x
            away = p == "wirtschaft" and f != "arbeit" or p == "jugend" and f == "arbeit"
            if rng.random() < (0.15 if away else 0.03):
                levels[b] = None
            else:
                levels[b] = int(round(clip(x)))
        fix_median(levels, latent, WORKSHOP_MEDIAN[f])
        for b in levels:
            ratings[b][f] = levels[b]
    # Comments on the ballots of the perspective that named the gap, on a critical rating.
    comments = defaultdict(dict)
    for f, prefer, text in COMMENTS:
        cands = [b for b, p in enumerate(persp)
                 if p in prefer and ratings[b][f] is not None and ratings[b][f] <= 1
                 and f not in comments[b] and len(comments[b]) < 2]
        if not cands:
            cands = [b for b in range(len(persp))
                     if ratings[b][f] is not None and ratings[b][f] <= 1 and f not in comments[b]]
        if (f, prefer, text) == COMMENTS[-1]:
            # Joins a ballot that has a comment already (a rating of 2 fits it as well).
            joined = [b for b, p in enumerate(persp)
                      if comments[b] and f not in comments[b] and ratings[b][f] is not None
                      and ratings[b][f] <= 2]
            joined.sort(key=lambda b: (persp[b] not in prefer, b))
            cands = joined[:1] or cands
        fresh = [b for b in cands if not comments[b]]
        b = rng.choice(fresh or cands)
        comments[b][f] = text
    ballots = []
    for b, p in enumerate(persp):
        rs = []
        for f in fields:
            v = ratings[b][f]
            r = {"field": f, "answer": "dont_know" if v is None else str(v)}
            if f in comments.get(b, {}):
                r["comment"] = comments[b][f]
            rs.append(r)
        ballots.append({"perspective": p, "ratings": rs})
    # Ballots are anonymous: their order says nothing about who filled them in.
    rng.shuffle(ballots)
    return {
        "municipality": KL,
        "round": "2020",
        "title": "Workshop „Wie weltoffen ist Kaiserslautern?“, August 2020",
        "code": WORKSHOP_CODE,
        "ballots": ballots,
        "outcomes": [{"field": f, "agreed": OUTCOMES[f][0], "rationale": OUTCOMES[f][1]}
                     for f in fields],
    }


def build():
    fields, items, cohort, obs = load()
    rng = random.Random(SEED)
    rounds, _ = build_rounds(rng, fields, items, cohort, obs)
    workshop = build_workshop(rng, fields)
    return {"note": NOTE, "rounds": rounds, "workshops": [workshop]}


def targets():
    fields, _, cohort, obs = load()
    return {(m["key"], y, f): target_of(obs, m["key"], f, y)
            for m in cohort for y in YEARS for f in fields}


# ---------------------------------------------------------------------------------------------
# Checks


def workshop_medians(ws, fields):
    out = {}
    for f in fields:
        levels = [int(r["answer"]) for b in ws["ballots"] for r in b["ratings"]
                  if r["field"] == f and r["answer"] in LEVELS]
        out[f] = quantile7(levels, 0.5)
    return out


def problems(doc):
    fields, items, cohort, _ = load()
    want = targets()
    item_ids = [it["id"] for it in items]
    out = []
    if doc.get("note") != NOTE:
        out.append("note: missing or changed")
    if set(doc) != {"note", "rounds", "workshops"}:
        out.append(f"unexpected top-level keys {sorted(doc)}")
    members = [m["key"] for m in cohort]
    seen = Counter((r["municipality"], r["label"]) for r in doc["rounds"])
    for m in members:
        for y in YEARS:
            if seen[(m, y)] != 1:
                out.append(f"{m} {y}: {seen[(m, y)]} rounds, agreed 1")
    deviations = []
    for rnd in doc["rounds"]:
        where = f"{rnd['municipality']} {rnd['label']}"

        def bad(msg, where=where):
            out.append(f"{where}: {msg}")

        if set(rnd) != {"municipality", "label", "questionnaire", "raters"}:
            bad(f"unexpected keys {sorted(rnd)}")
        if rnd["municipality"] not in members or rnd["label"] not in YEARS:
            bad("not a member's round 2020 or 2024")
            continue
        if rnd["questionnaire"] != QUESTIONNAIRE:
            bad(f"questionnaire {rnd['questionnaire']}")
        raters = rnd["raters"]
        if not 2 <= len(raters) <= 4:
            bad(f"{len(raters)} raters, agreed 2–4")
        if len({r["department"] for r in raters}) != len(raters):
            bad("two raters of the same department")
        if len({r["user"] for r in raters}) != len(raters):
            bad("a user twice")
        for r in raters:
            if set(r) != {"user", "department", "answers"}:
                bad(f"rater keys {sorted(r)}")
            if not r["user"].startswith(f"demo-{rnd['municipality']}-") or \
                    not r["user"].rsplit("-", 1)[1].isdigit():
                bad(f"user name {r['user']}")
            d = r["department"]
            if not 1 <= len(d) <= MAX_DEPARTMENT or d.strip() != d:
                bad(f"department {d!r}")
            if [a["item"] for a in r["answers"]] != item_ids:
                bad(f"{r['user']}: not one answer per item in questionnaire order")
            for a in r["answers"]:
                if a["answer"] not in ANSWERS:
                    bad(f"{r['user']} {a['item']}: answer {a['answer']!r}")
                if set(a) - {"item", "answer", "evidence"}:
                    bad(f"{r['user']} {a['item']}: keys {sorted(a)}")
                ev = a.get("evidence")
                if ev is not None:
                    if a["answer"] not in LEVELS:
                        bad(f"{r['user']} {a['item']}: evidence on {a['answer']}")
                    if not 1 <= len(ev) <= MAX_EVIDENCE or "http" in ev.lower() or "www." in ev:
                        bad(f"{r['user']} {a['item']}: evidence must be short text, no link")
        for f, (score, cov, _, _) in round_scores(rnd, items).items():
            target, _ = want[(rnd["municipality"], rnd["label"], f)]
            if cov + 1e-9 < MIN_COVERAGE:
                bad(f"{f}: coverage {cov:.2f} below {MIN_COVERAGE}")
            if score is None:
                bad(f"{f}: no score")
                continue
            deviations.append(abs(score - target))
            if abs(score - target) > MAX_TOLERANCE + 1e-9:
                bad(f"{f}: score {score:.2f}, target {target}")

    admin = {}
    for rnd in doc["rounds"]:
        admin[(rnd["municipality"], rnd["label"])] = round_scores(rnd, items)
    if len(doc["workshops"]) != 1:
        out.append(f"{len(doc['workshops'])} workshops, agreed 1")
    for ws in doc["workshops"]:
        where = f"workshop {ws.get('code')}"
        if set(ws) != {"municipality", "round", "title", "code", "ballots", "outcomes"}:
            out.append(f"{where}: keys {sorted(ws)}")
        if (ws["municipality"], ws["round"]) not in admin:
            out.append(f"{where}: no round {ws['round']} of {ws['municipality']}")
            continue
        want_p = {p: n for p, n, _ in PERSPECTIVES}
        got_p = Counter(b["perspective"] for b in ws["ballots"])
        if dict(got_p) != want_p:
            out.append(f"{where}: perspectives {dict(got_p)}, agreed {want_p}")
        for b in ws["ballots"]:
            if [r["field"] for r in b["ratings"]] != fields:
                out.append(f"{where}: a ballot does not rate the seven fields in order")
            for r in b["ratings"]:
                if r["answer"] not in LEVELS + ["dont_know"]:
                    out.append(f"{where}: rating {r['answer']!r}")
                c = r.get("comment")
                if c is not None and not 1 <= len(c) <= MAX_COMMENT:
                    out.append(f"{where}: comment of {len(c)} characters")
        n_commented = sum(1 for b in ws["ballots"] if any("comment" in r for r in b["ratings"]))
        if not 10 <= n_commented <= 14:
            out.append(f"{where}: {n_commented} ballots with comments, agreed about 12")
        meds = workshop_medians(ws, fields)
        adm = admin[(ws["municipality"], ws["round"])]
        for f in fields:
            level = adm[f][0] / 100 * 3
            if meds[f] is None or not level - 1.0 <= meds[f] <= level:
                out.append(f"{where}: {f} median {meds[f]}, administration {level:.2f}")
        if [o["field"] for o in ws["outcomes"]] != fields:
            out.append(f"{where}: outcomes not one per field")
        for o in ws["outcomes"]:
            if o["agreed"] not in LEVELS or abs(int(o["agreed"]) - meds[o["field"]]) > 0.5:
                out.append(f"{where}: {o['field']} agreed {o['agreed']}, median {meds[o['field']]}")
            if not o["rationale"].endswith("."):
                out.append(f"{where}: {o['field']} rationale is not a sentence")
    return out, deviations


# ---------------------------------------------------------------------------------------------
# Summary


def summary(doc):
    fields, items, cohort, _ = load()
    want = targets()
    names = {m["key"]: m["name"] for m in cohort}
    short = {"steuerung": "ste", "oeffnung": "oef", "zugang": "zug", "arbeit": "arb",
             "engagement": "eng", "zusammenhalt": "zus", "kommunikation": "kom"}
    lines = ["Ziel (observations.csv, * = gewählt) → berechnet je Handlungsfeld; Abdeckung min.",
             ""]
    worst = 0.0
    min_cov = 1.0
    for rnd in doc["rounds"]:
        sc = round_scores(rnd, items)
        cells, diffs = [], []
        for f in fields:
            target, chosen = want[(rnd["municipality"], rnd["label"], f)]
            score, cov, _, _ = sc[f]
            min_cov = min(min_cov, cov)
            diffs.append(abs(score - target) if score is not None else float("inf"))
            cells.append(f"{short[f]} {target:5.1f}{'*' if chosen else ' '}→"
                         f"{'–' if score is None else f'{score:5.1f}'}")
        worst = max(worst, max(diffs))
        covs = min(v[1] for v in sc.values())
        lines.append(
            f"{rnd['municipality']:>8} {names[rnd['municipality']][:18]:<18} {rnd['label']} "
            f"{len(rnd['raters'])} Rater | " + " ".join(cells)
            + f" | max |Δ| {max(diffs):.2f}, Abdeckung ≥ {covs:.2f}"
        )
    answers = [a for r in doc["rounds"] for rt in r["raters"] for a in rt["answers"]]
    kinds = Counter(a["answer"] for a in answers)
    evid = sum(1 for a in answers if "evidence" in a)
    # Items on which the raters of a round gave different levels.
    split = total = 0
    for rnd in doc["rounds"]:
        by_item = defaultdict(set)
        for rt in rnd["raters"]:
            for a in rt["answers"]:
                if a["answer"] in LEVELS:
                    by_item[a["item"]].add(a["answer"])
        total += len(by_item)
        split += sum(1 for s in by_item.values() if len(s) > 1)
    n_raters = sum(len(r["raters"]) for r in doc["rounds"])
    lines += [
        "",
        f"Runden {len(doc['rounds'])}, Rater {n_raters} "
        f"(je Runde {dict(sorted(Counter(len(r['raters']) for r in doc['rounds']).items()))}), "
        f"Antworten {len(answers)}",
        "Antworten: " + ", ".join(f"{k} {kinds[k]} ({kinds[k] / len(answers):.1%})"
                                  for k in ANSWERS),
        f"mit Beleg {evid} ({evid / len(answers):.1%}); Fragen mit unterschiedlichen Stufen "
        f"{split} von {total} ({split / total:.1%})",
        f"größte Abweichung vom Ziel {worst:.2f} Punkte; kleinste Abdeckung {min_cov:.2f}",
    ]
    for ws in doc["workshops"]:
        meds = workshop_medians(ws, fields)
        adm = round_scores(next(r for r in doc["rounds"] if r["municipality"] == ws["municipality"]
                                and r["label"] == ws["round"]), items)
        n_comm = sum(1 for b in ws["ballots"] for r in b["ratings"] if "comment" in r)
        n_cb = sum(1 for b in ws["ballots"] if any("comment" in r for r in b["ratings"]))
        dk = sum(1 for b in ws["ballots"] for r in b["ratings"] if r["answer"] == "dont_know")
        persp = Counter(b["perspective"] for b in ws["ballots"])
        lines += [
            "",
            f"{ws['title']} ({ws['code']}, Runde {ws['round']}): {len(ws['ballots'])} Stimmzettel, "
            f"{n_cb} mit Kommentar ({n_comm} Kommentare), weiß nicht {dk}",
            "  Perspektiven: " + ", ".join(
                f"{p} {persp[p]}{' (verborgen < 3)' if persp[p] < 3 else ''}"
                for p, _, _ in PERSPECTIVES),
        ]
        agreed = {o["field"]: o["agreed"] for o in ws["outcomes"]}
        for f in fields:
            lines.append(f"  {f:<14} Median Workshop {meds[f]:.1f}, Verwaltung "
                         f"{adm[f][0] / 100 * 3:.2f} ({adm[f][0]:.1f} Punkte), "
                         f"vereinbart {agreed[f]}")
    return "\n".join(lines), worst


# ---------------------------------------------------------------------------------------------
# Output: indented JSON, flat objects (an answer, a rating, an outcome) on one line each.


def dump(doc):
    def render(v, ind):
        pad = "  " * ind
        if isinstance(v, dict):
            if all(not isinstance(x, (dict, list)) for x in v.values()):
                return json.dumps(v, ensure_ascii=False)
            inner = ",\n".join(f"{pad}  {json.dumps(k, ensure_ascii=False)}: {render(x, ind + 1)}"
                               for k, x in v.items())
            return "{\n" + inner + "\n" + pad + "}"
        if isinstance(v, list):
            if not v:
                return "[]"
            inner = ",\n".join(f"{pad}  {render(x, ind + 1)}" for x in v)
            return "[\n" + inner + "\n" + pad + "]"
        return json.dumps(v, ensure_ascii=False)

    return render(doc, 0) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="re-generate in memory, fail if the written file differs, check it")
    args = parser.parse_args()

    found = []
    if args.check:
        text = OUT.read_text(encoding="utf-8")
        doc = json.loads(text)
        if dump(build()) != text:
            found.append(f"{OUT.relative_to(ROOT)} differs from what this script generates")
    else:
        doc = build()

    more, _ = problems(doc)
    found += more
    text, worst = summary(doc)
    print(text)
    if found:
        print("\nPROBLEMS:", file=sys.stderr)
        for p in found:
            print(f"  {p}", file=sys.stderr)
        return 1
    if not args.check:
        OUT.write_text(dump(doc), encoding="utf-8")
        print(f"\nwrote {OUT.relative_to(ROOT)} ({len(doc['rounds'])} rounds, "
              f"{len(doc['workshops'])} workshop)")
    print("check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Synthetic demo Integrationskonzepte (issue #13): writes datasets/demo/concepts.json.

Beispieldaten (synthetisch): invented concepts of model municipalities for the demo, not real
council decisions. Every `content` deserializes into `ConceptContent`
(crates/domain/src/concept/content.rs) and passes `ConceptContent::problems()`; baselines of
targets in 2018–2024 are read from datasets/demo/observations.csv.

    scripts/demo-concepts.py            # generate, check, write, print the summary
    scripts/demo-concepts.py --check    # check the written file and print the summary

Python 3 standard library only; deterministic (seeded random, sorted output, no timestamps).
Exits 1 when a rule is broken or the targets do not show every progress state.
"""

import argparse
import copy
import csv
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
OUT = DATASETS / "demo" / "concepts.json"

# The demo's "today": review dates, deadlines and stale measures are judged against it.
TODAY = date(2026, 12, 6)
# A measure under way is stale after 183 days without update (STALE_DAYS in concept_view.rs).
STALE_BEFORE = TODAY - timedelta(days=183)
BY = "Integrationsbüro (Demo)"
SEED = 13  # issue #13

NOTE = (
    "Beispieldaten (synthetisch): erfundene Integrationskonzepte für die Demo; keine echten "
    "Beschlüsse. / Synthetic demo concepts, not real council decisions."
)

STATUSES = ["idee", "in_planung", "in_umsetzung", "laufend", "abgeschlossen", "verworfen"]
# The way a measure usually gets to its current status.
PATHS = {
    "idee": ["idee"],
    "in_planung": ["idee", "in_planung"],
    "in_umsetzung": ["in_planung", "in_umsetzung"],
    "laufend": ["in_planung", "in_umsetzung", "laufend"],
    "abgeschlossen": ["in_planung", "in_umsetzung", "abgeschlossen"],
    "verworfen": ["idee", "in_planung", "verworfen"],
}
# Figures within the city's reach; every other indicator is a monitoring figure.
CONTROLLING = {
    "mehrsprachige_angebote_anteil",
    "verwaltung_mh_anteil",
    "begegnungsorte_je_10000",
    "integrationsbudget_je_einwohner",
    "kita_u3_mh",
    "sprachkurs_b1_quote",
}
SYNTHETIC = "(Beispiel, synthetisch)"


# ---------------------------------------------------------------------------------------------
# Spec helpers


def T(indicator, baseline_year, target_year, target, baseline=None):
    """A target; the baseline comes from observations.csv unless given (no observation)."""
    return {
        "indicator": indicator,
        "baseline_year": baseline_year,
        "target_year": target_year,
        "target": target,
        "baseline": baseline,
    }


def G(gid, title, owner, deadline=None, targets=(), parent=None):
    return {
        "id": gid,
        "parent": parent,
        "title": title,
        "owner": owner,
        "deadline": deadline,
        "targets": list(targets),
    }


def TF(key, title, fields, ideal_de, ideal_en, goals):
    return {
        "key": key,
        "title": title,
        "fields": fields,
        "ideal_de": ideal_de,
        "ideal_en": ideal_en,
        "goals": goals,
    }


def M(mid, title, goals, status, owner, start, end, budget, funding, approved, progress, updated):
    return {
        "id": mid,
        "title": title,
        "goals": goals,
        "status": status,
        "owner": owner,
        "start": start,
        "end": end,
        "budget": budget,
        "funding": funding,
        "budget_approved": approved,
        "progress": progress,
        "updated_on": updated,
    }


def KEEP(xid):
    """A goal or measure carried over unchanged from the version this one is based on."""
    return {"keep": xid}


IK = "gefördert über das Integrationskonzept"

# ---------------------------------------------------------------------------------------------
# Kaiserslautern 2013


KL_2013 = {
    "municipality": "07312000",
    "label": "2013",
    "title": f"Integrationskonzept Kaiserslautern 2013 {SYNTHETIC}",
    "adopted_on": "2013-06-17",
    "review_on": "2018-06-30",
    "based_on": None,
    "published": True,
    "themenfelder": [
        TF(
            "bildung-arbeit",
            "Bildung, Ausbildung und Arbeit",
            ["zugang", "arbeit"],
            "So ideal wie vorstellbar: Kinder und Jugendliche aus Zuwandererfamilien haben in "
            "Kaiserslautern dieselben Bildungschancen wie alle anderen. Zugewanderte können ihre "
            "beruflichen Fähigkeiten und Abschlüsse in der Stadt einbringen.",
            "As ideal as imaginable: children and young people from immigrant families in "
            "Kaiserslautern have the same educational opportunities as everyone else. Immigrants "
            "can bring their professional skills and qualifications to bear in the city.",
            [
                G(1, "Gleichberechtigte Teilhabe an Bildung und Arbeit", "Stabsstelle Integration",
                  "2020-12-31", [T("schulabgaenger_ohne_hsa_auslaender", 2012, 2020, 16.0, 21.5)]),
                G(2, "Zugewanderte in Arbeit bringen", "Jobcenter", "2020-12-31",
                  [T("beschaeftigungsquote_auslaender", 2012, 2020, 50.0, 43.0)], parent=1),
            ],
        ),
        TF(
            "sprache",
            "Sprache und Verständigung",
            ["zugang", "kommunikation"],
            "So ideal wie vorstellbar: Alle Zugewanderten können zeitnah Deutsch lernen, und die "
            "Verständigung zwischen Verwaltung und Bürgerschaft gelingt auch über Sprachgrenzen "
            "hinweg.",
            None,
            [
                G(3, "Sprachkurse bedarfsgerecht anbieten", "Volkshochschule", "2018-12-31",
                  [T("sprachkurs_b1_quote", 2012, 2020, 58.0, 52.0)]),
            ],
        ),
        TF(
            "verwaltung",
            "Interkulturelle Öffnung der Verwaltung",
            ["oeffnung", "steuerung"],
            "So ideal wie vorstellbar: Die Stadtverwaltung ist interkulturell kompetent, und ihr "
            "Personal spiegelt die Vielfalt der Bevölkerung wider. Alle erhalten dieselben "
            "Dienstleistungen in derselben Qualität.",
            "As ideal as imaginable: the city administration is interculturally competent and its "
            "staff reflects the diversity of the population. Everyone receives the same services "
            "in the same quality.",
            [
                G(4, "Interkulturelle Öffnung der Stadtverwaltung", "Personalamt", "2020-12-31",
                  [T("verwaltung_mh_anteil", 2012, 2020, 15.0, 6.0)]),
            ],
        ),
        TF(
            "begegnung",
            "Zusammenleben und Willkommenskultur",
            ["zusammenhalt", "engagement"],
            "So ideal wie vorstellbar: Neu Zugezogene werden in Kaiserslautern willkommen geheißen "
            "und finden schnell Anschluss in der Nachbarschaft. Feste, Treffpunkte und Vereine "
            "bringen Menschen unterschiedlicher Herkunft zusammen.",
            "As ideal as imaginable: newcomers are welcomed in Kaiserslautern and quickly find "
            "their place in the neighbourhood. Festivals, meeting places and clubs bring people "
            "of different origins together.",
            [
                G(5, "Begegnung im Quartier stärken", "Referat Soziales"),
                G(6, "Willkommenskultur in der Stadtgesellschaft verankern",
                  "Stabsstelle Integration", "2016-12-31",
                  [T("migrantenorganisationen_je_10000", 2012, 2020, 1.80, 1.40)]),
            ],
        ),
    ],
    "measures": [
        M(1, "Mehrsprachige Elternlotsen an Grundschulen", [1], "abgeschlossen", "Caritasverband",
          "2014-02-01", "2019-07-31", 180000, "Landesprogramm und Haushalt", True, 100,
          "2019-09-12"),
        M(2, "Berufsbezogene Sprachkurse in Kooperation mit dem Jobcenter", [2, 3],
          "in_umsetzung", "Jobcenter", "2014-09-01", None, None, "Bundesmittel (BAMF)", None, 40,
          "2020-11-03"),
        M(3, "Integrationskurse mit Kinderbetreuung", [3], "in_planung", "Volkshochschule",
          "2021-09-01", None, 120000, "Haushalt", False, 5, "2021-06-30"),
        M(4, "Internationales Fest der Kulturen", [5, 6], "laufend", "Referat Kultur",
          "2014-06-01", None, 25000, "Haushalt", True, None, "2019-07-01"),
        M(5, "Interkulturelle Öffnung der Bürgerdienste", [4], "in_umsetzung", "Personalamt",
          "2015-01-01", "2022-12-31", 60000, "Haushalt", True, 45, "2021-03-18"),
        M(6, "Stadtteiltreffs als Begegnungsorte", [5], "laufend", "Referat Soziales",
          "2015-01-01", None, 90000, "Haushalt", True, None, "2021-10-05"),
        M(7, "Willkommensbroschüre in acht Sprachen", [6], "abgeschlossen",
          "Stabsstelle Integration", "2014-03-01", "2014-12-31", 15000, "Haushalt", True, 100,
          "2015-01-20"),
    ],
}

# ---------------------------------------------------------------------------------------------
# Kaiserslautern 2022 (Fortschreibung of 2013)

KL_2022 = {
    "municipality": "07312000",
    "label": "2022",
    "title": f"Integrationskonzept Kaiserslautern 2022 {SYNTHETIC}",
    "adopted_on": "2022-02-14",
    "review_on": "2026-06-30",
    "based_on": "2013",
    "published": True,
    "themenfelder": [
        TF(
            "bildung-arbeit",
            "Bildung und Arbeit",
            ["zugang", "arbeit"],
            "So ideal wie vorstellbar: Jedes Kind in Kaiserslautern besucht unabhängig von der "
            "Herkunft seiner Familie eine Kita und verlässt die Schule mit einem Abschluss. "
            "Zugewanderte finden eine Arbeit, die ihren Fähigkeiten entspricht, und ausländische "
            "Abschlüsse werden zügig anerkannt.",
            "As ideal as imaginable: every child in Kaiserslautern attends a day-care centre "
            "regardless of the family's origin and leaves school with a qualification. Immigrants "
            "find work that matches their skills, and foreign qualifications are recognised "
            "quickly.",
            [
                G(1, "Gleichberechtigte Teilhabe an Bildung und Arbeit", "Referat Integration",
                  "2027-12-31",
                  [T("schulabgaenger_ohne_hsa_auslaender", 2021, 2026, 15.0),
                   T("kita_u3_mh", 2021, 2026, 25.0)]),
                G(2, "Mehr Zugewanderte in sozialversicherungspflichtiger Beschäftigung",
                  "Jobcenter", "2026-06-30",
                  [T("beschaeftigungsquote_auslaender", 2021, 2026, 56.0),
                   T("arbeitslosenquote_auslaender", 2021, 2026, 11.5)], parent=1),
            ],
        ),
        TF(
            "sprache",
            "Sprachförderung",
            ["zugang", "kommunikation"],
            "So ideal wie vorstellbar: Wer nach Kaiserslautern kommt, findet ohne Wartezeit einen "
            "passenden Sprachkurs, auch mit Kinderbetreuung und neben dem Beruf. Niemand "
            "scheitert an der Sprache, wenn es um Rechte, Pflichten und Angebote der Stadt geht.",
            "As ideal as imaginable: whoever comes to Kaiserslautern finds a suitable language "
            "course without waiting, including with childcare and alongside work. Nobody fails "
            "because of language when it comes to the rights, duties and services of the city.",
            [
                G(3, "Sprachkurse bis zum Niveau B1 bedarfsgerecht anbieten", "Volkshochschule",
                  "2026-12-31", [T("sprachkurs_b1_quote", 2021, 2026, 61.8)]),
            ],
        ),
        TF(
            "begegnung",
            "Begegnung, Sicherheit und Anti-Rassismus",
            ["zusammenhalt", "oeffnung", "kommunikation"],
            "So ideal wie vorstellbar: In jedem Stadtteil gibt es offene Orte, an denen sich "
            "Alteingesessene und Neuzugezogene selbstverständlich begegnen. Alle fühlen sich im "
            "öffentlichen Raum sicher; wer Rassismus oder Diskriminierung erlebt, findet schnell "
            "Unterstützung, und die Stadtgesellschaft stellt sich geschlossen dagegen.",
            "As ideal as imaginable: every district has open places where long-standing residents "
            "and newcomers meet as a matter of course. Everyone feels safe in public space; anyone "
            "who experiences racism or discrimination quickly finds support, and the city's "
            "society stands united against it.",
            [
                G(4, "Offene Verwaltung, Schutz vor Diskriminierung und Rassismus", "Personalamt",
                  "2026-12-31",
                  [T("verwaltung_mh_anteil", 2021, 2026, 15.0),
                   T("mehrsprachige_angebote_anteil", 2021, 2026, 40.0),
                   T("hasskriminalitaet_je_100000", 2021, 2026, 11.0)]),
                KEEP(5),
                G(12, "Orte der Begegnung in allen Stadtteilen", "Referat Soziales", "2026-09-30",
                  [T("begegnungsorte_je_10000", 2021, 2026, 3.20)], parent=5),
            ],
        ),
        TF(
            "ehrenamt",
            "Ehrenamt, Partizipation, Beteiligung",
            ["engagement", "steuerung"],
            "So ideal wie vorstellbar: Menschen mit Einwanderungsgeschichte engagieren sich in "
            "Vereinen, Initiativen und im Beirat für Migration und Integration und gestalten die "
            "Stadtpolitik mit. Migrantenorganisationen sind gleichberechtigte Partner der "
            "Verwaltung und werden verlässlich gefördert.",
            "As ideal as imaginable: people with a migration history are active in clubs, "
            "initiatives and the advisory council for migration and integration and help shape "
            "city policy. Migrant organisations are equal partners of the administration and "
            "receive reliable funding.",
            [
                G(14, "Ehrenamt und Migrantenorganisationen stärken", "Referat Integration",
                  "2027-06-30",
                  [T("migrantenorganisationen_je_10000", 2021, 2026, 1.98),
                   T("integrationsbudget_je_einwohner", 2021, 2026, 16.00)]),
                G(15, "Wahlbeteiligung beim Beirat für Migration und Integration erhöhen",
                  "Beirat für Migration und Integration", "2024-11-30",
                  [T("beirat_wahlbeteiligung", 2019, 2024, 10.0)], parent=14),
            ],
        ),
        TF(
            "wohnen",
            "Wohnbedarfe und Wohnraumversorgung",
            ["zugang", "zusammenhalt"],
            "So ideal wie vorstellbar: Alle Menschen in Kaiserslautern wohnen bezahlbar, "
            "angemessen und selbstbestimmt; Geflüchtete leben nach kurzer Zeit in eigenen "
            "Wohnungen statt in Gemeinschaftsunterkünften. Bei der Wohnungssuche zählen weder "
            "Name noch Herkunft.",
            None,
            [
                G(17, "Diskriminierungsfreier Zugang zu Wohnraum und dezentrales Wohnen",
                  "Amt für Soziales und Wohnen", "2028-12-31"),
            ],
        ),
    ],
    "measures": [
        KEEP(1),
        M(2, "Berufsbezogene Sprachkurse in Kooperation mit dem Jobcenter", [2, 3], "laufend",
          "Jobcenter", "2014-09-01", None, None, "Bundesmittel (BAMF)", None, None, "2026-09-10"),
        M(3, "Integrations- und Sprachkurse mit Kinderbetreuung", [3], "in_umsetzung",
          "Volkshochschule", "2022-09-01", "2027-08-31", 240000, IK, True, 55, "2026-10-02"),
        M(5, "Interkulturelle Öffnung der Bürgerdienste", [4], "laufend", "Personalamt",
          "2015-01-01", None, 85000, "Haushalt", True, 70, "2026-03-15"),
        M(6, "Stadtteiltreffs als Begegnungsorte", [5, 12], "laufend", "Referat Soziales",
          "2015-01-01", None, 110000, "Haushalt", True, 60, "2026-11-20"),
        M(8, "Ausbildungspatenschaften für junge Geflüchtete", [1, 2], "in_umsetzung",
          "Handwerkskammer", "2023-01-15", "2026-12-31", 75000, IK, True, 40, "2026-07-22"),
        M(10, "Kita-Einstieg: Brücken bauen in frühe Bildung", [1], "abgeschlossen", "Jugendamt",
          "2022-03-01", "2025-12-31", 320000, "Bundesprogramm", True, 100, "2026-01-28"),
        M(11, "Mehrsprachiges Online-Portal „Ankommen in Kaiserslautern“", [4], "in_umsetzung",
          "Referat Integration", "2024-03-01", "2026-06-30", 90000, IK, True, 30, "2025-11-04"),
        M(13, "Anlauf- und Beratungsstelle gegen Diskriminierung", [4], "in_planung",
          "Referat Integration", "2027-01-01", None, 60000, "Haushalt", False, 10, "2026-10-15"),
        M(14, "Interkulturelle Woche und Aktionswochen gegen Rassismus", [5, 12], "laufend",
          "Beirat für Migration und Integration", "2022-09-01", None, 20000, "Haushalt", True,
          None, "2026-10-01"),
        M(15, "Förderprogramm Mikroprojekte für Migrantenorganisationen", [14], "laufend",
          "Referat Integration", "2022-07-01", None, 40000, IK, True, 65, "2026-08-14"),
        M(16, "Kampagne zur Wahl des Beirats für Migration und Integration 2024", [15],
          "abgeschlossen", "Beirat für Migration und Integration", "2024-05-01", "2024-11-30",
          12000, "Haushalt", True, 100, "2024-12-10"),
        M(18, "Mietpatenschaften und Wohnungslotsen", [17], "in_umsetzung", "Caritasverband",
          "2024-01-01", "2027-12-31", 140000, "Landesprogramm und Haushalt", True, 35,
          "2026-11-02"),
        M(19, "Kommunale Wohnraumbörse für Geflüchtete", [17], "verworfen",
          "Amt für Soziales und Wohnen", None, None, 30000, "Haushalt", False, None,
          "2023-09-20"),
        M(20, "Antidiskriminierungsklausel in Mietverträgen der städtischen "
              "Wohnungsbaugesellschaft", [17], "idee", "Amt für Soziales und Wohnen", None, None,
          None, None, None, None, "2026-06-20"),
    ],
}

# ---------------------------------------------------------------------------------------------
# Potsdam 2021

POTSDAM = {
    "municipality": "12054000",
    "label": "2021",
    "title": f"Integrationskonzept der Landeshauptstadt Potsdam 2021 {SYNTHETIC}",
    "adopted_on": "2021-09-29",
    "review_on": "2027-09-30",
    "based_on": None,
    "published": True,
    "themenfelder": [
        TF(
            "arbeit",
            "Arbeit und Ausbildung",
            ["arbeit"],
            "So ideal wie vorstellbar: Zugewanderte finden in Potsdam eine Arbeit, von der sie "
            "gut leben können und die ihren Qualifikationen entspricht. Betriebe sehen in "
            "internationalen Fachkräften eine Chance und bilden junge Geflüchtete selbstverständlich "
            "aus.",
            "As ideal as imaginable: immigrants in Potsdam find work they can live on well and "
            "that matches their qualifications. Employers see international skilled workers as "
            "an opportunity and train young refugees as a matter of course.",
            [
                G(1, "Zugewanderte finden gute und existenzsichernde Arbeit",
                  "Fachbereich Arbeit und Soziales", "2026-12-31",
                  [T("beschaeftigungsquote_auslaender", 2020, 2026, 51.0),
                   T("sgb2_quote_auslaender", 2020, 2026, 26.0)]),
                G(2, "Berufliche Anerkennung beschleunigen", "Welcome Center", "2025-12-31",
                  parent=1),
            ],
        ),
        TF(
            "bildung",
            "Bildung von Anfang an",
            ["zugang"],
            "So ideal wie vorstellbar: Alle Kinder erhalten früh einen Kitaplatz und werden in "
            "ihrer Mehrsprachigkeit gestärkt. Schulabschlüsse hängen nicht von der Herkunft der "
            "Eltern ab.",
            "As ideal as imaginable: all children get a day-care place early and are supported "
            "in their multilingualism. School-leaving qualifications do not depend on the "
            "parents' origin.",
            [
                G(3, "Gleiche Chancen in Kita und Schule", "Fachbereich Bildung, Jugend und Sport",
                  "2025-07-31",
                  [T("kita_u3_mh", 2020, 2026, 25.0),
                   T("schulabgaenger_ohne_hsa_auslaender", 2020, 2026, 8.5)]),
            ],
        ),
        TF(
            "verwaltung",
            "Offene und mehrsprachige Verwaltung",
            ["oeffnung", "kommunikation", "steuerung"],
            "So ideal wie vorstellbar: Die Stadtverwaltung ist ein Spiegel der Stadtgesellschaft "
            "und für alle gleich gut erreichbar, auch ohne sichere Deutschkenntnisse. "
            "Integrationsarbeit ist fest im Haushalt verankert.",
            "As ideal as imaginable: the city administration mirrors the city's society and is "
            "equally accessible to everyone, even without confident German. Integration work is "
            "firmly anchored in the budget.",
            [
                G(4, "Vielfalt in der Stadtverwaltung", "Fachbereich Personal und Organisation",
                  "2026-12-31", [T("verwaltung_mh_anteil", 2020, 2026, 7.0)]),
                G(5, "Bürgerinformation in mehreren Sprachen",
                  "Büro für Chancengleichheit und Vielfalt", "2026-12-31",
                  [T("mehrsprachige_angebote_anteil", 2020, 2026, 30.0)], parent=4),
                # Potsdam reports no integration budget per inhabitant: no data.
                G(6, "Integrationsarbeit verlässlich finanzieren", "Fachbereich Arbeit und Soziales",
                  "2026-12-31",
                  [T("integrationsbudget_je_einwohner", 2020, 2026, 9.00, baseline=6.40)]),
            ],
        ),
        TF(
            "zusammenleben",
            "Zusammenleben in den Stadtteilen",
            ["zusammenhalt", "engagement"],
            "So ideal wie vorstellbar: In allen Stadtteilen kennen sich Nachbarinnen und Nachbarn "
            "unterschiedlicher Herkunft und helfen einander. Konflikte werden früh und fair "
            "gelöst.",
            None,
            [
                G(7, "Starke Nachbarschaften", "Büro für Chancengleichheit und Vielfalt",
                  "2026-12-31",
                  [T("begegnungsorte_je_10000", 2020, 2026, 3.20),
                   T("sc_zusammenhalt", 2020, 2026, 50.0)]),
            ],
        ),
    ],
    "measures": [
        M(1, "Welcome Center für internationale Fachkräfte", [1, 2], "laufend", "Welcome Center",
          "2021-01-01", None, 150000, "Landesprogramm und Haushalt", True, None, "2026-10-12"),
        M(2, "Anerkennungs- und Qualifizierungsberatung", [2], "in_umsetzung",
          "Agentur für Arbeit", "2022-03-01", "2026-02-28", 60000, "ESF Plus", True, 75,
          "2026-04-20"),
        M(3, "Alltagsintegrierte Sprachbildung in Kitas", [3], "laufend",
          "Fachbereich Bildung, Jugend und Sport", "2021-08-01", None, 210000, "Bundesprogramm",
          True, 60, "2026-09-01"),
        M(4, "Mehrsprachige Elternlotsen an Grundschulen", [3], "in_umsetzung",
          "Diakonisches Werk", "2023-08-15", "2027-07-31", 95000, IK, True, 45, "2026-11-18"),
        M(5, "Interkulturelle Öffnung der Bürgerdienste", [4], "laufend",
          "Fachbereich Personal und Organisation", "2021-10-01", None, 40000, "Haushalt", True,
          70, "2026-06-30"),
        M(6, "Diversity-Fortbildungen für Führungskräfte", [4], "abgeschlossen",
          "Fachbereich Personal und Organisation", "2022-01-10", "2024-12-20", 35000, "Haushalt",
          True, 100, "2025-01-15"),
        M(7, "Online-Dienste der Stadt in sechs Sprachen", [5], "in_umsetzung",
          "Bereich E-Government", "2024-01-01", "2026-12-31", 120000, IK, False, 50,
          "2026-10-30"),
        M(8, "Nachbarschaftsfonds für Begegnungsprojekte", [7], "laufend",
          "Büro für Chancengleichheit und Vielfalt", "2022-04-01", None, 30000, IK, True, None,
          "2026-07-15"),
        M(9, "Interkultureller Stadtteilgarten", [7], "verworfen", "Bereich Stadtgrün", None, None,
          15000, "Haushalt", False, None, "2023-10-10"),
        M(10, "Integrationsbudget als eigener Produktbereich im Haushalt", [6], "in_planung",
          "Fachbereich Arbeit und Soziales", "2027-01-01", None, None, "Haushalt", None, None,
          "2026-11-05"),
    ],
}

# ---------------------------------------------------------------------------------------------
# Rostock 2023

ROSTOCK = {
    "municipality": "13003000",
    "label": "2023",
    "title": f"Integrationskonzept der Hanse- und Universitätsstadt Rostock 2023 {SYNTHETIC}",
    "adopted_on": "2023-03-22",
    "review_on": "2028-03-31",
    "based_on": None,
    "published": True,
    "themenfelder": [
        TF(
            "sprache-bildung",
            "Sprache und Bildung",
            ["zugang"],
            "So ideal wie vorstellbar: Jede und jeder Zugewanderte kann in Rostock Deutsch bis zu "
            "dem Niveau lernen, das für Beruf und Alltag gebraucht wird. Kinder aus "
            "Einwandererfamilien starten mit den gleichen Chancen in Kita und Schule.",
            "As ideal as imaginable: every immigrant in Rostock can learn German up to the level "
            "needed for work and daily life. Children from immigrant families start day care and "
            "school with the same opportunities.",
            [
                G(1, "Sprachkompetenz bis B1 sichern", "Volkshochschule", "2027-12-31",
                  [T("sprachkurs_b1_quote", 2022, 2027, 55.0)]),
                G(2, "Kinder aus Einwandererfamilien früh fördern",
                  "Amt für Jugend, Soziales und Asyl", "2027-12-31",
                  [T("kita_u3_mh", 2022, 2027, 30.0)]),
            ],
        ),
        TF(
            "arbeit",
            "Arbeit und Fachkräfte",
            ["arbeit"],
            "So ideal wie vorstellbar: Internationale Fachkräfte kommen gern nach Rostock und "
            "bleiben. Wer hier lebt, kann von der eigenen Arbeit leben, und ausländische "
            "Abschlüsse werden ohne lange Wartezeiten anerkannt.",
            "As ideal as imaginable: international skilled workers like to come to Rostock and "
            "stay. Whoever lives here can live on their own work, and foreign qualifications are "
            "recognised without long waits.",
            [
                G(3, "Zugewanderte in Arbeit", "Jobcenter", "2027-12-31",
                  [T("arbeitslosenquote_auslaender", 2022, 2027, 11.0),
                   T("beschaeftigungsquote_auslaender", 2022, 2027, 50.0)]),
                G(4, "Ausländische Abschlüsse schneller anerkennen", "Welcome Center",
                  "2025-12-31", parent=3),
            ],
        ),
        TF(
            "teilhabe",
            "Teilhabe und Zusammenhalt",
            ["engagement", "zusammenhalt", "kommunikation"],
            "So ideal wie vorstellbar: Menschen mit Einwanderungsgeschichte bringen sich in "
            "Ortsbeiräten, Vereinen und Migrantenorganisationen ein und werden gehört. Die Stadt "
            "informiert so, dass alle sie verstehen.",
            "As ideal as imaginable: people with a migration history take part in district "
            "councils, clubs and migrant organisations and are heard. The city informs in a way "
            "everyone understands.",
            [
                # Rostock reports no share of multilingual services: no data.
                G(5, "Mehrsprachige Information ausbauen", "Presse- und Informationsstelle",
                  "2027-12-31",
                  [T("mehrsprachige_angebote_anteil", 2022, 2027, 25.0, baseline=12.0)]),
                G(6, "Migrantische Selbstorganisationen stärken", "Büro für Integration",
                  "2027-12-31", [T("migrantenorganisationen_je_10000", 2022, 2027, 0.95)]),
            ],
        ),
    ],
    "measures": [
        M(1, "Berufssprachkurse mit begleitender Kinderbetreuung", [1], "in_umsetzung",
          "Volkshochschule", "2023-09-01", "2027-08-31", 180000, IK, True, 35, "2026-10-20"),
        M(2, "Sprach-Kitas in Stadtteilen mit hohem Zuzug", [2], "laufend",
          "Amt für Jugend, Soziales und Asyl", "2023-08-01", None, 250000,
          "Bundes- und Landesmittel", True, None, "2026-09-09"),
        M(3, "Mehrsprachige Elternlotsen an Grundschulen", [2], "in_planung", "AWO Kreisverband",
          "2027-02-01", "2029-01-31", 80000, IK, False, 0, "2026-11-25"),
        M(4, "Job-Coaching für Geflüchtete", [3], "laufend", "Jobcenter", "2023-05-01", None,
          None, "Bundesmittel", None, None, "2026-08-01"),
        M(5, "Anerkennungsberatung im Welcome Center", [4], "abgeschlossen", "Welcome Center",
          "2023-04-01", "2025-12-31", 70000, "Landesprogramm", True, 100, "2026-01-14"),
        M(6, "Zentrale Formulare in Leichter Sprache und sechs Sprachen", [5], "in_umsetzung",
          "Presse- und Informationsstelle", "2024-02-01", "2026-12-31", 45000, "Haushalt", True,
          40, "2025-12-01"),
        M(7, "Fonds für Projekte von Migrantenorganisationen", [6], "laufend",
          "Büro für Integration", "2023-06-01", None, 50000, IK, True, 55, "2026-09-28"),
        M(8, "Interkulturelles Stadtteilfest als Wanderfest durch die Ortsteile", [6], "idee",
          "Büro für Integration", None, None, None, None, None, None, "2026-08-18"),
    ],
}

# ---------------------------------------------------------------------------------------------
# Konstanz 2021 and the draft Fortschreibung 2026

KN_IDEAL_ANKOMMEN = (
    "So ideal wie vorstellbar: Wer neu nach Konstanz kommt, weiß nach wenigen Wochen, wo es "
    "Beratung, Sprachkurse und Kinderbetreuung gibt. Informationen der Stadt sind mehrsprachig "
    "und leicht zu finden.",
    "As ideal as imaginable: whoever newly arrives in Konstanz knows within a few weeks where to "
    "find counselling, language courses and childcare. The city's information is multilingual "
    "and easy to find.",
)
KN_IDEAL_BILDUNG = (
    "So ideal wie vorstellbar: Kinder und Jugendliche erreichen unabhängig von ihrer Herkunft "
    "einen Schulabschluss und finden einen Ausbildungsplatz. Eltern werden als Partner der "
    "Schulen ernst genommen.",
    "As ideal as imaginable: children and young people gain a school-leaving qualification and "
    "find a training place regardless of their origin. Parents are taken seriously as partners "
    "of the schools.",
)
KN_IDEAL_VIELFALT = (
    "So ideal wie vorstellbar: Die Verwaltung spiegelt die Vielfalt der Stadtgesellschaft wider "
    "und arbeitet diskriminierungsfrei. Integration ist eine Querschnittsaufgabe aller Ämter "
    "und verlässlich finanziert.",
    "As ideal as imaginable: the administration reflects the diversity of the city's society and "
    "works free of discrimination. Integration is a cross-cutting task of all departments and "
    "reliably funded.",
)

KONSTANZ_2021 = {
    "municipality": "08335043",
    "label": "2021",
    "title": f"Integrationskonzept Konstanz 2021 {SYNTHETIC}",
    "adopted_on": "2021-07-22",
    "review_on": "2025-12-31",
    "based_on": None,
    "published": True,
    "themenfelder": [
        TF("ankommen", "Ankommen und Orientierung", ["zugang", "kommunikation"],
           *KN_IDEAL_ANKOMMEN,
           [
               G(1, "Neuzugewanderte finden schnell Orientierung",
                 "Amt für Migration und Integration", "2025-12-31",
                 [T("mehrsprachige_angebote_anteil", 2020, 2025, 28.0)]),
               G(2, "Sprachkurse erreichen alle, die sie brauchen", "Volkshochschule",
                 "2025-12-31", [T("sprachkurs_b1_quote", 2020, 2025, 57.0)]),
           ]),
        TF("bildung-arbeit", "Bildung, Ausbildung und Arbeit", ["zugang", "arbeit"],
           *KN_IDEAL_BILDUNG,
           [
               G(3, "Gleiche Bildungschancen", "Amt für Bildung und Sport", "2025-12-31",
                 [T("schulabgaenger_ohne_hsa_auslaender", 2020, 2025, 14.0)]),
               G(4, "Übergang von der Schule in Ausbildung und Beruf begleiten",
                 "Agentur für Arbeit", "2025-12-31",
                 [T("beschaeftigungsquote_auslaender", 2020, 2025, 47.5)], parent=3),
           ]),
        TF("vielfalt", "Vielfalt in Verwaltung und Stadtgesellschaft", ["oeffnung", "steuerung"],
           *KN_IDEAL_VIELFALT,
           [
               G(5, "Die Verwaltung spiegelt die Stadtgesellschaft", "Haupt- und Personalamt",
                 "2025-12-31",
                 [T("verwaltung_mh_anteil", 2020, 2025, 9.0),
                  T("integrationsbudget_je_einwohner", 2020, 2025, 4.00)]),
           ]),
        TF("beteiligung", "Beteiligung und Engagement", ["engagement"],
           "So ideal wie vorstellbar: Menschen mit Einwanderungsgeschichte wirken in Vereinen, "
           "Initiativen und im Integrationsbeirat mit. Ihre Stimme hat in der Stadtpolitik "
           "Gewicht.",
           "As ideal as imaginable: people with a migration history take part in clubs, "
           "initiatives and the integration council. Their voice carries weight in city policy.",
           [
               G(6, "Mehr Beteiligung von Menschen mit Einwanderungsgeschichte",
                 "Amt für Migration und Integration", "2024-07-31",
                 [T("beirat_wahlbeteiligung", 2019, 2024, 12.0)]),
           ]),
    ],
    "measures": [
        M(1, "Willkommensmappe und mehrsprachiges Stadtportal", [1], "abgeschlossen",
          "Amt für Migration und Integration", "2021-10-01", "2023-06-30", 40000, "Haushalt",
          True, 100, "2023-07-10"),
        M(2, "Integrationslotsinnen und -lotsen in der Erstorientierung", [1, 2], "laufend",
          "Caritasverband", "2021-09-01", None, 120000, "Landesprogramm Integrationsmanagement",
          True, None, "2026-05-12"),
        M(3, "Sprachcafés in Stadtteilzentren", [2], "laufend", "Volkshochschule", "2022-01-15",
          None, 15000, IK, True, 70, "2026-09-03"),
        M(4, "Hausaufgabenhilfe und Lernpatenschaften", [3], "in_umsetzung",
          "Amt für Bildung und Sport", "2022-09-01", "2026-07-31", 90000, "Haushalt", True, 80,
          "2026-06-15"),
        M(5, "Ausbildungsmesse mit mehrsprachiger Elternberatung", [4], "laufend",
          "Agentur für Arbeit", "2022-03-01", None, 12000, "Haushalt", True, None, "2026-04-02"),
        M(6, "Interkulturelle Öffnung der Personalgewinnung", [5], "in_umsetzung",
          "Haupt- und Personalamt", "2022-01-01", "2025-12-31", 30000, "Haushalt", True, 60,
          "2026-02-27"),
        M(7, "Kampagne „Deine Stimme zählt“ zur Wahl des Integrationsbeirats", [6],
          "abgeschlossen", "Amt für Migration und Integration", "2024-03-01", "2024-07-31", 8000,
          "Haushalt", True, 100, "2024-08-15"),
        M(8, "Mentoring für Vorstände von Migrantenvereinen", [6], "verworfen",
          "Amt für Migration und Integration", None, None, 10000, IK, False, None, "2022-11-30"),
    ],
}

KONSTANZ_2026 = {
    "municipality": "08335043",
    "label": "2026",
    "title": f"Integrationskonzept Konstanz 2026, Entwurf der Fortschreibung {SYNTHETIC}",
    "adopted_on": None,
    "review_on": None,
    "based_on": "2021",
    "published": False,
    "themenfelder": [
        TF("ankommen", "Ankommen und Orientierung", ["zugang", "kommunikation"],
           *KN_IDEAL_ANKOMMEN,
           [
               G(1, "Neuzugewanderte finden schnell Orientierung",
                 "Amt für Migration und Integration", "2030-12-31",
                 [T("mehrsprachige_angebote_anteil", 2024, 2030, 40.0)]),
               G(2, "Sprachkurse erreichen alle, die sie brauchen", "Volkshochschule",
                 "2030-12-31", [T("sprachkurs_b1_quote", 2024, 2030, 58.0)]),
           ]),
        TF("bildung-arbeit", "Bildung, Ausbildung und Arbeit", ["zugang", "arbeit"],
           *KN_IDEAL_BILDUNG,
           [
               G(3, "Gleiche Bildungschancen", "Amt für Bildung und Sport", "2030-12-31",
                 [T("schulabgaenger_ohne_hsa_auslaender", 2024, 2030, 13.5)]),
           ]),
        TF("vielfalt", "Vielfalt in Verwaltung und Stadtgesellschaft", ["oeffnung", "steuerung"],
           *KN_IDEAL_VIELFALT,
           [
               G(5, "Die Verwaltung spiegelt die Stadtgesellschaft", "Haupt- und Personalamt",
                 "2030-12-31", [T("verwaltung_mh_anteil", 2024, 2030, 12.0)]),
           ]),
        TF("beteiligung", "Beteiligung, Engagement und Antirassismus", ["engagement", "oeffnung"],
           "So ideal wie vorstellbar: Menschen mit Einwanderungsgeschichte wirken in Vereinen, "
           "Initiativen und im Integrationsbeirat mit, und ihre Stimme hat Gewicht. Wer "
           "Rassismus erlebt, wird gehört und unterstützt.",
           "As ideal as imaginable: people with a migration history take part in clubs, "
           "initiatives and the integration council, and their voice carries weight. Anyone who "
           "experiences racism is heard and supported.",
           [
               G(6, "Mehr Beteiligung von Menschen mit Einwanderungsgeschichte",
                 "Amt für Migration und Integration", "2029-07-31",
                 [T("beirat_wahlbeteiligung", 2024, 2029, 12.0)]),
           ]),
        TF("wohnen", "Wohnen und Nachbarschaft", ["zugang", "zusammenhalt"],
           "So ideal wie vorstellbar: Geflüchtete und Neuzugewanderte finden in Konstanz "
           "bezahlbaren Wohnraum in allen Stadtteilen. Bei der Vergabe von Wohnungen zählt "
           "nicht die Herkunft.",
           None,
           [
               # The self-check of 2025 is not yet in the observations: no data.
               G(7, "Fairer Zugang zum Wohnungsmarkt", "Amt für Soziales und Wohnen",
                 "2030-12-31", [T("sc_zusammenhalt", 2025, 2030, 66.0, baseline=59.5)]),
               G(8, "Geflüchtete dezentral unterbringen", "Amt für Soziales und Wohnen",
                 "2028-12-31", parent=7),
           ]),
    ],
    "measures": [
        KEEP(1),
        KEEP(2),
        M(3, "Sprachcafés in Stadtteilzentren", [2], "laufend", "Volkshochschule", "2022-01-15",
          None, 18000, IK, False, 75, "2026-11-12"),
        M(4, "Hausaufgabenhilfe und Lernpatenschaften", [3], "abgeschlossen",
          "Amt für Bildung und Sport", "2022-09-01", "2026-07-31", 90000, "Haushalt", True, 100,
          "2026-08-20"),
        M(5, "Ausbildungsmesse mit mehrsprachiger Elternberatung", [3], "laufend",
          "Agentur für Arbeit", "2022-03-01", None, 12000, "Haushalt", True, None, "2026-10-06"),
        M(6, "Interkulturelle Öffnung der Personalgewinnung", [5], "laufend",
          "Haupt- und Personalamt", "2022-01-01", None, 30000, "Haushalt", True, 60,
          "2026-10-28"),
        KEEP(7),
        M(9, "Wohnraumakquise und Mietpatenschaften", [7, 8], "in_planung",
          "Amt für Soziales und Wohnen", "2027-04-01", "2030-03-31", 160000, IK, False, None,
          "2026-11-24"),
        M(10, "Meldestelle für Diskriminierung auf dem Wohnungsmarkt", [6, 7], "idee",
          "Amt für Migration und Integration", None, None, None, None, None, None, "2026-11-24"),
    ],
}

# ---------------------------------------------------------------------------------------------
# Lübeck 2023

LUEBECK = {
    "municipality": "01003000",
    "label": "2023",
    "title": f"Integrationskonzept der Hansestadt Lübeck 2023 {SYNTHETIC}",
    "adopted_on": "2023-11-30",
    "review_on": "2028-12-31",
    "based_on": None,
    "published": True,
    "themenfelder": [
        TF("steuerung", "Integration als Querschnittsaufgabe", ["steuerung"],
           "So ideal wie vorstellbar: Alle Bereiche der Verwaltung denken Integration bei ihren "
           "Entscheidungen mit. Ziele, Mittel und Ergebnisse werden jährlich offen berichtet.",
           "As ideal as imaginable: every part of the administration considers integration in "
           "its decisions. Goals, funds and results are reported openly every year.",
           [
               G(1, "Integrationsarbeit verlässlich steuern und finanzieren",
                 "Büro für Integration", "2028-12-31",
                 [T("integrationsbudget_je_einwohner", 2022, 2028, 5.00),
                  T("sc_steuerung", 2023, 2028, 55.0)]),
           ]),
        TF("bildung", "Bildung und Sprache", ["zugang"],
           "So ideal wie vorstellbar: Kinder aus Einwandererfamilien besuchen früh eine Kita und "
           "wachsen selbstverständlich mehrsprachig auf. Erwachsene finden Sprachkurse, die zu "
           "ihrem Alltag passen.",
           "As ideal as imaginable: children from immigrant families attend day care early and "
           "grow up multilingual as a matter of course. Adults find language courses that fit "
           "their daily lives.",
           [
               G(2, "Sprachförderung von Anfang an", "Bereich Kindertagesbetreuung",
                 "2026-08-31", [T("kita_u3_mh", 2022, 2028, 22.0)]),
           ]),
        TF("arbeit", "Arbeit und Existenzsicherung", ["arbeit"],
           "So ideal wie vorstellbar: Zugewanderte können von ihrer Arbeit leben und sind nicht "
           "häufiger auf Grundsicherung angewiesen als andere. Junge Menschen finden nach der "
           "Schule eine Ausbildung.",
           None,
           [
               # Lübeck reports no unemployment rate of foreigners: no data.
               G(3, "Existenzsichernde Arbeit für Zugewanderte", "Jobcenter", "2028-12-31",
                 [T("sgb2_quote_auslaender", 2022, 2028, 22.0),
                  T("arbeitslosenquote_auslaender", 2022, 2028, 12.0, baseline=15.2)]),
               G(4, "Junge Zugewanderte in Ausbildung und Beschäftigung", "Jugendberufsagentur",
                 "2028-12-31", [T("beschaeftigungsquote_auslaender", 2022, 2028, 52.0)],
                 parent=3),
           ]),
        TF("antirassismus", "Antirassismus und Schutz vor Diskriminierung",
           ["oeffnung", "kommunikation"],
           "So ideal wie vorstellbar: Niemand wird in Lübeck wegen Herkunft, Sprache oder "
           "Religion benachteiligt. Wer Diskriminierung erlebt, weiß, wohin er oder sie sich "
           "wenden kann, und erhält schnell Hilfe.",
           "As ideal as imaginable: nobody in Lübeck is disadvantaged because of origin, "
           "language or religion. Anyone who experiences discrimination knows where to turn and "
           "quickly gets help.",
           [
               G(5, "Diskriminierung erkennen und abbauen", "Büro für Chancengleichheit",
                 "2028-12-31",
                 [T("sc_oeffnung", 2022, 2028, 60.0),
                  T("mehrsprachige_angebote_anteil", 2022, 2028, 30.0)]),
           ]),
        TF("begegnung", "Begegnung und Nachbarschaft", ["zusammenhalt", "engagement"],
           "So ideal wie vorstellbar: In jedem Stadtteil gibt es offene Treffpunkte, die von "
           "Alteingesessenen und Zugewanderten gemeinsam gestaltet werden. "
           "Migrantenorganisationen sind feste Partner im Stadtteil.",
           "As ideal as imaginable: every district has open meeting places shaped jointly by "
           "long-standing residents and immigrants. Migrant organisations are established "
           "partners in the district.",
           [
               G(6, "Begegnungsorte in allen Stadtteilen", "Bereich Stadtteilarbeit",
                 "2028-12-31", [T("begegnungsorte_je_10000", 2022, 2028, 2.00)]),
               G(7, "Engagement von Migrantenorganisationen fördern", "Büro für Integration",
                 "2028-12-31", [T("migrantenorganisationen_je_10000", 2022, 2028, 0.75)],
                 parent=6),
           ]),
    ],
    "measures": [
        M(1, "Steuerungsgruppe Integration mit jährlichem Bericht", [1], "laufend",
          "Büro für Integration", "2024-01-15", None, 20000, "Haushalt", True, None,
          "2026-10-08"),
        M(2, "Sprach-Kitas und Familienzentren", [2], "laufend", "Bereich Kindertagesbetreuung",
          "2024-01-01", None, 180000, "Bundes- und Landesmittel", True, 40, "2026-09-17"),
        M(3, "Mehrsprachige Kita-Anmeldung", [2], "in_umsetzung", "Bereich Kindertagesbetreuung",
          "2025-03-01", "2026-08-31", 25000, IK, True, 80, "2026-11-10"),
        M(4, "Beratung zur Anerkennung ausländischer Berufsabschlüsse", [3], "laufend",
          "Jobcenter", "2024-02-01", None, None, "Bundesmittel (Förderprogramm IQ)", None, None,
          "2026-03-01"),
        M(5, "Ausbildungsbrücke für junge Geflüchtete", [4], "in_umsetzung",
          "Jugendberufsagentur", "2024-08-01", "2027-07-31", 130000, "ESF Plus", True, 45,
          "2026-08-20"),
        M(6, "Antidiskriminierungsberatung in der Stadtverwaltung", [5], "in_planung",
          "Büro für Chancengleichheit", "2027-01-01", None, 70000, "Haushalt", False, 15,
          "2026-10-30"),
        M(7, "Interkulturelle Fortbildungen für Beschäftigte der Verwaltung", [5], "laufend",
          "Bereich Personal", "2024-03-01", None, 30000, "Haushalt", True, 55, "2026-09-05"),
        M(8, "Mehrsprachige Informationen auf der Website der Stadt", [5], "abgeschlossen",
          "Bereich Kommunikation", "2024-01-15", "2025-10-31", 40000, IK, True, 100,
          "2025-11-12"),
        M(9, "Nachbarschaftsküchen in Stadtteiltreffs", [6], "in_umsetzung",
          "Bereich Stadtteilarbeit", "2025-01-01", "2027-12-31", 85000, IK, True, 30,
          "2026-10-25"),
        M(10, "Forum der Migrantenorganisationen", [7], "laufend", "Büro für Integration",
          "2024-04-01", None, 10000, "Haushalt", True, None, "2026-06-01"),
    ],
}

# ---------------------------------------------------------------------------------------------
# Aachen 2022

AACHEN = {
    "municipality": "05334002",
    "label": "2022",
    "title": f"Integrationskonzept der Stadt Aachen 2022 {SYNTHETIC}",
    "adopted_on": "2022-06-22",
    "review_on": "2027-06-30",
    "based_on": None,
    "published": True,
    "themenfelder": [
        TF("sprache-bildung", "Sprache und Bildung", ["zugang"],
           "So ideal wie vorstellbar: Alle Kinder in Aachen besuchen eine Kita und erreichen "
           "einen Schulabschluss, der ihren Fähigkeiten entspricht. Mehrsprachigkeit gilt als "
           "Stärke.",
           "As ideal as imaginable: all children in Aachen attend day care and achieve a "
           "school-leaving qualification that matches their abilities. Multilingualism counts as "
           "a strength.",
           [
               G(1, "Mehr Kinder aus Einwandererfamilien in der Kita",
                 "Fachbereich Kinder, Jugend und Schule", "2026-12-31",
                 [T("kita_u3_mh", 2021, 2026, 26.0)]),
               G(2, "Schulabschluss für alle Jugendlichen",
                 "Fachbereich Kinder, Jugend und Schule", "2026-07-31",
                 [T("schulabgaenger_ohne_hsa_auslaender", 2021, 2026, 10.0)]),
           ]),
        TF("arbeit", "Arbeit und Qualifizierung", ["arbeit", "zugang"],
           "So ideal wie vorstellbar: Zugewanderte arbeiten in Berufen, die ihrer Ausbildung "
           "entsprechen, und die Grenzregion nutzt ihre Sprachkenntnisse. Sprachförderung und "
           "Arbeit gehen Hand in Hand.",
           "As ideal as imaginable: immigrants work in jobs that match their training, and the "
           "border region makes use of their language skills. Language support and work go hand "
           "in hand.",
           [
               G(3, "Zugewanderte in Arbeit", "Jobcenter", "2026-12-31",
                 [T("beschaeftigungsquote_auslaender", 2021, 2026, 43.0)]),
               G(4, "Berufsbezogene Sprachförderung ausbauen", "Volkshochschule", "2026-12-31",
                 [T("sprachkurs_b1_quote", 2021, 2026, 62.5)], parent=3),
           ]),
        TF("oeffnung", "Interkulturelle Öffnung und Kommunikation",
           ["oeffnung", "kommunikation", "steuerung"],
           "So ideal wie vorstellbar: Die Stadtverwaltung ist für alle offen, versteht sich als "
           "Dienstleisterin einer vielfältigen Stadt und spricht die Sprachen ihrer Bevölkerung. "
           "Integration ist verlässlich finanziert.",
           "As ideal as imaginable: the city administration is open to all, sees itself as "
           "serving a diverse city and speaks the languages of its population. Integration is "
           "reliably funded.",
           [
               G(5, "Verwaltung interkulturell öffnen", "Fachbereich Personal und Organisation",
                 "2026-12-31", [T("verwaltung_mh_anteil", 2022, 2026, 14.0)]),
               G(6, "Mehrsprachig informieren", "Kommunales Integrationszentrum", "2026-12-31",
                 [T("mehrsprachige_angebote_anteil", 2021, 2026, 44.0)], parent=5),
               G(7, "Integrationsarbeit verlässlich finanzieren", "Kommunales Integrationszentrum",
                 "2026-12-31", [T("integrationsbudget_je_einwohner", 2021, 2026, 6.50)]),
           ]),
    ],
    "measures": [
        M(1, "Kita-Einstiegsgruppen für neu zugewanderte Familien", [1], "laufend",
          "Fachbereich Kinder, Jugend und Schule", "2022-09-01", None, 160000,
          "Bundesprogramm und Haushalt", True, 60, "2026-09-22"),
        M(2, "Mehrsprachige Elternlotsen an Grundschulen", [1, 2], "in_umsetzung",
          "Caritasverband", "2023-02-01", "2026-12-31", 110000, IK, True, 70, "2026-11-12"),
        M(3, "Lernförderung in Seiteneinsteigerklassen", [2], "laufend",
          "Kommunales Integrationszentrum", "2022-08-15", None, 75000, "Landesmittel", True, None,
          "2026-02-10"),
        M(4, "Jobcoaching und Anerkennungsberatung", [3], "laufend", "Jobcenter", "2022-10-01",
          None, None, "Bundesmittel", None, None, "2026-10-01"),
        M(5, "Berufssprachkurse mit Praktikum", [3, 4], "in_umsetzung", "Volkshochschule",
          "2023-01-09", "2027-12-31", 95000, "ESF Plus", True, 40, "2026-07-15"),
        M(6, "Interkulturelle Öffnung der Bürgerdienste", [5], "in_umsetzung",
          "Fachbereich Personal und Organisation", "2023-04-01", "2026-03-31", 50000, "Haushalt",
          True, 55, "2026-05-20"),
        M(7, "Mehrsprachiger Chat-Assistent für das Bürgerportal", [6], "verworfen",
          "Fachbereich Digitalisierung", None, None, 60000, "Haushalt", False, None,
          "2024-02-28"),
        M(8, "Video-Dolmetschen für Beratungsgespräche", [6], "abgeschlossen",
          "Kommunales Integrationszentrum", "2022-09-01", "2024-12-31", 45000, IK, True, 100,
          "2025-01-20"),
        M(9, "Jährlicher Integrationsbericht mit Kennzahlen", [7], "idee",
          "Kommunales Integrationszentrum", None, None, None, None, None, None, "2026-09-30"),
    ],
}

# ---------------------------------------------------------------------------------------------
# Dessau-Roßlau 2024

DESSAU = {
    "municipality": "15001000",
    "label": "2024",
    "title": f"Integrationskonzept der Stadt Dessau-Roßlau 2024 {SYNTHETIC}",
    "adopted_on": "2024-04-24",
    "review_on": "2029-04-30",
    "based_on": None,
    "published": True,
    "themenfelder": [
        TF("ankommen", "Ankommen und Wohnen", ["zugang", "zusammenhalt"],
           "So ideal wie vorstellbar: Geflüchtete wohnen nach kurzer Zeit in eigenen Wohnungen "
           "in allen Stadtteilen. Nachbarschaften heißen neue Familien willkommen.",
           "As ideal as imaginable: refugees soon live in their own flats in all districts. "
           "Neighbourhoods welcome new families.",
           [
               G(1, "Dezentrales Wohnen für Geflüchtete", "Amt für Soziales und Integration",
                 "2027-12-31"),
           ]),
        TF("bildung", "Bildung und Sprache", ["zugang"],
           "So ideal wie vorstellbar: Jedes Kind findet einen Kitaplatz, und Erwachsene schließen "
           "ihren Sprachkurs mit einem Zertifikat ab. Bildungswege stehen allen offen.",
           None,
           [
               G(2, "Sprachkurse mit Abschluss", "Volkshochschule", "2029-12-31",
                 [T("sprachkurs_b1_quote", 2023, 2029, 60.0)]),
               G(3, "Kita-Zugang für alle Kinder", "Amt für Kinder, Jugend und Familie",
                 "2029-12-31", [T("kita_u3_mh", 2023, 2029, 32.0)]),
           ]),
        TF("arbeit", "Arbeit und Fachkräftesicherung", ["arbeit"],
           "So ideal wie vorstellbar: Dessau-Roßlau gewinnt internationale Fachkräfte und hält "
           "sie, weil sie hier gute Arbeit und ein gutes Leben finden. Niemand ist wegen seiner "
           "Herkunft länger auf Grundsicherung angewiesen.",
           "As ideal as imaginable: Dessau-Roßlau attracts international skilled workers and "
           "keeps them because they find good work and a good life here. Nobody depends on "
           "basic income support longer because of their origin.",
           [
               G(4, "Fachkräfte gewinnen und halten", "Amt für Wirtschaftsförderung",
                 "2029-12-31",
                 [T("beschaeftigungsquote_auslaender", 2022, 2029, 52.0),
                  T("sgb2_quote_auslaender", 2023, 2029, 25.0)]),
               G(5, "Anerkennung ausländischer Berufsabschlüsse beschleunigen", "Jobcenter",
                 "2026-06-30", parent=4),
           ]),
        TF("miteinander", "Miteinander und Beteiligung",
           ["engagement", "zusammenhalt", "oeffnung"],
           "So ideal wie vorstellbar: Dessau-Roßlau ist eine weltoffene Stadt, in der sich alle "
           "sicher fühlen. Migrantinnen und Migranten engagieren sich sichtbar in Vereinen und "
           "in der Stadtpolitik.",
           "As ideal as imaginable: Dessau-Roßlau is an open-minded city where everyone feels "
           "safe. Migrants are visibly active in clubs and in city politics.",
           [
               G(7, "Weltoffenes Dessau-Roßlau", "Amt für Soziales und Integration",
                 "2029-12-31",
                 [T("hasskriminalitaet_je_100000", 2023, 2029, 15.0),
                  T("sc_oeffnung", 2023, 2029, 78.0)]),
               G(6, "Engagement von Migrantinnen und Migranten sichtbar machen",
                 "Amt für Soziales und Integration", "2029-12-31",
                 [T("migrantenorganisationen_je_10000", 2023, 2029, 1.60)], parent=7),
           ]),
    ],
    "measures": [
        M(1, "Wohnungslotsen für Geflüchtete", [1], "in_umsetzung", "Diakonisches Werk",
          "2024-07-01", "2027-06-30", 90000, "Landesprogramm", True, 30, "2026-10-14"),
        M(2, "Kooperation mit der städtischen Wohnungsgesellschaft", [1], "in_planung",
          "Amt für Soziales und Integration", "2027-01-01", None, None, "Haushalt", None, 5,
          "2026-11-03"),
        M(3, "Sprachkurse mit Kinderbetreuung", [2], "laufend", "Volkshochschule", "2024-09-01",
          None, 70000, IK, True, 50, "2026-09-15"),
        M(4, "Mehrsprachige Kita-Sprechstunden", [3], "in_umsetzung",
          "Amt für Kinder, Jugend und Familie", "2024-10-01", "2026-09-30", 20000, "Haushalt",
          True, 85, "2026-04-11"),
        M(5, "Welcome-Service für internationale Fachkräfte", [4, 5], "laufend",
          "Amt für Wirtschaftsförderung", "2024-06-01", None, 65000,
          "Landes- und Haushaltsmittel", True, None, "2026-08-27"),
        M(6, "Netzwerk der Migrantenorganisationen", [6], "laufend",
          "Amt für Soziales und Integration", "2024-05-01", None, 12000, "Haushalt", True, 40,
          "2026-07-30"),
        M(7, "Demokratie-Werkstätten gegen Rassismus an Schulen", [7], "in_umsetzung",
          "Partnerschaft für Demokratie", "2025-01-15", "2026-12-31", 35000,
          "Bundesprogramm „Demokratie leben!“", True, 60, "2026-11-28"),
        M(8, "Interkulturelles Stadtfest 2025", [6, 7], "abgeschlossen",
          "Amt für Soziales und Integration", "2025-06-01", "2025-09-30", 18000, "Haushalt",
          True, 100, "2025-10-08"),
    ],
}

SPECS = [KL_2013, KL_2022, POTSDAM, ROSTOCK, KONSTANZ_2021, KONSTANZ_2026, LUEBECK, AACHEN, DESSAU]

# ---------------------------------------------------------------------------------------------
# Catalogue and observations


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_catalogue():
    indicators = {}
    for r in read_csv(DATASETS / "indicators.csv"):
        indicators[r["id"]] = {
            "field": r["field"],
            "polarity": r["polarity"],
            "min": float(r["min"]) if r["min"] else None,
            "max": float(r["max"]) if r["max"] else None,
            "unit": r["unit"],
        }
    fields = {r["id"] for r in read_csv(DATASETS / "fields.csv")}
    cohort = {r["key"]: r for r in read_csv(DATASETS / "cohort.csv")}
    observations = {}
    for r in read_csv(DATASETS / "demo" / "observations.csv"):
        if r["value"].strip():
            key = (r["municipality"], r["indicator"])
            observations.setdefault(key, {})[int(r["year"])] = (float(r["value"]), r["status"])
    # The self-check scores of the round years come from the demo Selbstcheck rounds, as the
    # service stores them when it publishes them (rounded to one decimal).
    for (member, indicator, year), value in selfcheck_scores().items():
        observations.setdefault((member, indicator), {})[year] = (value, "A")
    return indicators, fields, cohort, observations


def selfcheck_scores():
    """{(member, sc_<field>, year): score} of the rounds in datasets/demo/selfcheck.json."""
    import importlib.util
    import json
    spec = importlib.util.spec_from_file_location("demo_selfcheck", Path(__file__).parent / "demo-selfcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _, items, _, _ = module.load()
    rounds = json.loads((DATASETS / "demo" / "selfcheck.json").read_text(encoding="utf-8"))["rounds"]
    out = {}
    for rnd in rounds:
        for field, (score, _, _, _) in module.round_scores(rnd, items).items():
            if score is not None:
                out[(rnd["municipality"], f"sc_{field}", int(rnd["label"]))] = int(score * 10 + 0.5) / 10
    return out


# ---------------------------------------------------------------------------------------------
# Building the documents


def d(text):
    return date.fromisoformat(text) if text else None


def iso(day):
    return day.isoformat() if day else None


def make_timeline(status, start, end, anchor, updated, rng):
    """Status changes leading to `status`, in date order, none after `updated`."""
    path = PATHS[status]
    entries = []
    prev = None
    for st in path:
        if prev is None:
            first = anchor if start is None else min(anchor, start - timedelta(days=rng.randint(90, 180)))
            on = first
        elif st == "in_planung":
            on = prev + timedelta(days=rng.randint(45, 150))
        elif st == "in_umsetzung":
            on = start if start else prev + timedelta(days=rng.randint(60, 120))
        elif st == "laufend":
            on = prev + timedelta(days=rng.randint(180, 400))
        elif st == "abgeschlossen":
            on = end if end else prev + timedelta(days=rng.randint(180, 500))
        else:  # verworfen
            on = prev + timedelta(days=rng.randint(60, 200))
        if prev is not None:
            on = max(on, prev)
        on = min(on, updated)
        entries.append((on, st))
        prev = on
    return entries


def carry_timeline(base, status, start, end, anchor, updated, rng):
    """A Fortschreibung keeps the earlier version's record and adds the changes since."""
    kept = [(d(e["on"]), e["status"]) for e in base["timeline"]]
    if base["status"] == status:
        return kept
    fresh = make_timeline(status, start, end, anchor, updated, rng)
    path = [st for _, st in fresh]
    after = path.index(base["status"]) + 1 if base["status"] in path else 0
    # Recorded some weeks after the earlier version's last update.
    floor = max(kept[-1][0], d(base["updated_on"])) + timedelta(days=rng.randint(20, 90))
    out = list(kept)
    for on, st in fresh[after:]:
        on = min(max(on, floor, out[-1][0]), updated)
        out.append((on, st))
    return out


def build_concept(spec, built, rng):
    base = None
    if spec["based_on"]:
        base = built[(spec["municipality"], spec["based_on"])]["content"]
    base_goals = {g["id"]: g for t in base["themenfelder"] for g in t["goals"]} if base else {}
    base_measures = {m["id"]: m for m in base["measures"]} if base else {}
    member = spec["municipality"]
    # A draft without adoption date was started about when its newest edits are dated.
    anchor = d(spec["adopted_on"]) or date(2026, 3, 2)

    themenfelder = []
    for tf in spec["themenfelder"]:
        goals = []
        for g in tf["goals"]:
            if "keep" in g:
                goals.append(copy.deepcopy(base_goals[g["keep"]]))
                continue
            targets = []
            for t in g["targets"]:
                observed = OBS.get((member, t["indicator"]), {}).get(t["baseline_year"])
                if t["baseline"] is not None:
                    if observed is not None:
                        raise SystemExit(
                            f"{member} {spec['label']} Ziel {g['id']}: {t['indicator']} "
                            f"{t['baseline_year']} is observed ({observed[0]}): take it"
                        )
                    baseline = t["baseline"]
                elif observed is not None:
                    baseline = observed[0]
                else:
                    raise SystemExit(
                        f"{member} {spec['label']} Ziel {g['id']}: no observation of "
                        f"{t['indicator']} in {t['baseline_year']}; give a baseline"
                    )
                targets.append({
                    "indicator": t["indicator"],
                    "baseline_year": t["baseline_year"],
                    "baseline": baseline,
                    "target_year": t["target_year"],
                    "target": t["target"],
                    "role": "controlling" if t["indicator"] in CONTROLLING else "monitoring",
                })
            goals.append({
                "id": g["id"],
                "parent": g["parent"],
                "title": g["title"],
                "owner": g["owner"],
                "deadline": g["deadline"],
                "targets": targets,
            })
        themenfelder.append({
            "key": tf["key"],
            "title": tf["title"],
            "fields": list(tf["fields"]),
            "ideal_de": tf["ideal_de"],
            "ideal_en": tf["ideal_en"],
            "goals": goals,
        })

    measures = []
    for m in spec["measures"]:
        if "keep" in m:
            measures.append(copy.deepcopy(base_measures[m["keep"]]))
            continue
        start, end, updated = d(m["start"]), d(m["end"]), d(m["updated_on"])
        if m["id"] in base_measures:
            entries = carry_timeline(base_measures[m["id"]], m["status"], start, end, anchor,
                                     updated, rng)
        else:
            entries = make_timeline(m["status"], start, end, anchor, updated, rng)
        measures.append({
            "id": m["id"],
            "title": m["title"],
            "goals": list(m["goals"]),
            "status": m["status"],
            "owner": m["owner"],
            "start": m["start"],
            "end": m["end"],
            "budget": m["budget"],
            "funding": m["funding"],
            "budget_approved": m["budget_approved"],
            "progress": m["progress"],
            "timeline": [{"on": iso(on), "status": st, "by": BY} for on, st in entries],
            "updated_on": m["updated_on"],
        })
    measures.sort(key=lambda m: m["id"])

    return {
        "municipality": member,
        "label": spec["label"],
        "title": spec["title"],
        "adopted_on": spec["adopted_on"],
        "review_on": spec["review_on"],
        "document_url": None,
        "based_on": spec["based_on"],
        "published": spec["published"],
        "content": {"themenfelder": themenfelder, "measures": measures},
    }


def build():
    rng = random.Random(SEED)
    built = {}
    for spec in SPECS:  # bases come before their Fortschreibungen
        built[(spec["municipality"], spec["label"])] = build_concept(spec, built, rng)
    concepts = [built[k] for k in sorted(built)]
    return {"note": NOTE, "concepts": concepts}


# ---------------------------------------------------------------------------------------------
# Progress, as crates/domain/src/concept/progress.rs computes it

EPSILON = 1e-9


def latest_actual(member, target):
    values = OBS.get((member, target["indicator"]), {})
    years = [y for y in values if y >= target["baseline_year"]]
    if not years:
        return None
    y = max(years)
    return y, values[y][0], values[y][1]


def target_progress(target, actual):
    if actual is None:
        return None, None, "no data"
    year, value = actual[0], actual[1]
    span = target["target"] - target["baseline"]
    raw = (value - target["baseline"]) / span
    attainment = min(max(raw, 0.0), 1.0) + 0.0  # no -0.0
    years = target["target_year"] - target["baseline_year"]
    expected = min(max((year - target["baseline_year"]) / years, 0.0), 1.0)
    if raw >= 1.0 - EPSILON:
        state = "reached"
    elif attainment + EPSILON >= expected:
        state = "on track"
    else:
        state = "behind"
    return attainment, expected, state


def goal_progress(member, goal, measures):
    if goal["targets"]:
        known = [target_progress(t, latest_actual(member, t))[0] for t in goal["targets"]]
        known = [a for a in known if a is not None]
        return (sum(known) / len(known) if known else None), "targets"
    counted = [m for m in measures if goal["id"] in m["goals"] and m["status"] != "verworfen"]
    known = []
    for m in counted:
        if m["progress"] is not None:
            known.append(min(max(m["progress"], 0), 100) / 100)
        elif m["status"] == "abgeschlossen":
            known.append(1.0)
    return (sum(known) / len(known) if known else None), ("measures" if counted else "nothing")


# ---------------------------------------------------------------------------------------------
# The rules, as ConceptContent::problems() and the workflow keep them (plus the demo's own)


def check_nesting(parents):
    """Mirror of check_nesting in concept/mod.rs: the goals of the first cycle, or None."""
    parent_of = dict(parents)
    for start, _ in parents:
        path = [start]
        at = start
        while parent_of.get(at) is not None:
            parent = parent_of[at]
            if parent == start:
                return path
            if parent in path or len(path) > len(parents):
                break
            path.append(parent)
            at = parent
    return None


def valid_date(text):
    try:
        return date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        return None


def problems(doc):
    out = []
    if doc.get("note") != NOTE:
        out.append("note: missing or changed")
    labels = set()
    for c in doc["concepts"]:
        member, label = c["municipality"], c["label"]
        where = f"{member} {label}"

        def bad(msg):
            out.append(f"{where}: {msg}")

        if member not in COHORT:
            bad("not a cohort member")
        elif COHORT[member]["status"] != "confirmed":
            bad(f"member status is {COHORT[member]['status']}, not confirmed")
        if (member, label) in labels:
            bad("label appears twice")
        labels.add((member, label))
        if not (1 <= len(label) <= 40) or label.strip() != label or any(ch < " " for ch in label):
            bad("label must have 1 to 40 characters without surrounding blanks")
        if SYNTHETIC not in c["title"]:
            bad("title not labelled synthetic")
        for k in ("adopted_on", "review_on"):
            if c[k] is not None and not valid_date(c[k]):
                bad(f"{k} is not a date")
        if c["adopted_on"] and c["review_on"] and c["review_on"] <= c["adopted_on"]:
            bad("review before adoption")
        if c["published"] and not c["adopted_on"]:
            bad("a published version needs its adoption date")
        # The seed (concept_demo.rs) resolves based_on among versions already stored: the base
        # must come earlier in the file.
        earlier = doc["concepts"][: doc["concepts"].index(c)]
        if c["based_on"] is not None and not any(
            o["municipality"] == member and o["label"] == c["based_on"] for o in earlier
        ):
            bad(f"based_on {c['based_on']!r} is no earlier version of the same member")
        if set(c) != {"municipality", "label", "title", "adopted_on", "review_on",
                      "document_url", "based_on", "published", "content"}:
            bad(f"unexpected keys {sorted(c)}")

        content = c["content"]
        if set(content) != {"themenfelder", "measures"}:
            bad(f"content keys {sorted(content)}")
        tfs = content["themenfelder"]
        keys = set()
        goal_ids = []
        for t in tfs:
            at = f"Themenfeld {t['key']}"
            if t["key"] in keys:
                bad(f"{at}: appears twice")
            keys.add(t["key"])
            if not t["fields"]:
                bad(f"{at}: needs at least one Handlungsfeld")
            for f in t["fields"]:
                if f not in FIELDS:
                    bad(f"{at}: unknown Handlungsfeld {f}")
            if len(set(t["fields"])) != len(t["fields"]):
                bad(f"{at}: a Handlungsfeld twice")
            if not t["ideal_de"].startswith("So ideal wie vorstellbar:"):
                bad(f"{at}: ideal_de does not start as agreed")
            for g in t["goals"]:
                goal_ids.append(g["id"])
                gat = f"Ziel {g['id']}"
                if not isinstance(g["id"], int):
                    bad(f"{gat}: id is not an integer")
                if g["deadline"] is not None and not valid_date(g["deadline"]):
                    bad(f"{gat}: deadline is not a date")
                for tg in g["targets"]:
                    tat = f"{gat}, Indikator {tg['indicator']}"
                    ind = INDICATORS.get(tg["indicator"])
                    if ind is None:
                        bad(f"{tat}: unknown indicator")
                        continue
                    if ind["polarity"] == "neutral":
                        bad(f"{tat}: neutral indicator")
                        continue
                    if ind["field"] not in t["fields"]:
                        bad(f"{tat}: its Handlungsfeld {ind['field']} is not one of {at}'s")
                    if tg["target_year"] <= tg["baseline_year"]:
                        bad(f"{tat}: target year not after baseline year")
                    if tg["target"] == tg["baseline"]:
                        bad(f"{tat}: target equals baseline")
                    for v in (tg["baseline"], tg["target"]):
                        if (ind["min"] is not None and v < ind["min"]) or (
                            ind["max"] is not None and v > ind["max"]
                        ):
                            bad(f"{tat}: {v} outside the allowed range")
                    rising = tg["target"] >= tg["baseline"]
                    if rising != (ind["polarity"] == "higher_is_better"):
                        bad(f"{tat}: against the polarity {ind['polarity']}")
                    want = "controlling" if tg["indicator"] in CONTROLLING else "monitoring"
                    if tg["role"] != want:
                        bad(f"{tat}: role {tg['role']}, agreed {want}")
                    observed = OBS.get((member, tg["indicator"]), {}).get(tg["baseline_year"])
                    if observed is not None and observed[0] != tg["baseline"]:
                        bad(f"{tat}: baseline {tg['baseline']} but observed {observed[0]}")
                    if set(tg) != {"indicator", "baseline_year", "baseline", "target_year",
                                   "target", "role"}:
                        bad(f"{tat}: unexpected keys {sorted(tg)}")
        seen = set()
        for gid in goal_ids:
            if gid in seen:
                bad(f"Ziel {gid}: appears twice")
            seen.add(gid)
        goals = [g for t in tfs for g in t["goals"]]
        for g in goals:
            if g["parent"] is not None and g["parent"] not in seen:
                bad(f"Ziel {g['id']}: parent {g['parent']} is not in this version")
            if g["parent"] == g["id"]:
                bad(f"Ziel {g['id']}: its own parent")
        cycle = check_nesting([(g["id"], g["parent"]) for g in goals])
        if cycle:
            bad(f"Ziele {cycle} nest in a cycle")

        mids = set()
        for m in content["measures"]:
            at = f"Maßnahme {m['id']}"
            if m["id"] in mids:
                bad(f"{at}: appears twice")
            mids.add(m["id"])
            if not m["goals"]:
                bad(f"{at}: linked to no goal")
            for gid in m["goals"]:
                if gid not in seen:
                    bad(f"{at}: goal {gid} is not in this version")
            if m["status"] not in STATUSES:
                bad(f"{at}: unknown status {m['status']}")
            p = m["progress"]
            if p is not None and not (0 <= p <= 100):
                bad(f"{at}: progress {p} not in 0–100")
            start, end = m["start"], m["end"]
            for k in ("start", "end", "updated_on"):
                if m[k] is not None and not valid_date(m[k]):
                    bad(f"{at}: {k} is not a date")
            if start and end and end < start:
                bad(f"{at}: end {end} before start {start}")
            if m["budget"] is not None and not (isinstance(m["budget"], (int, float)) and m["budget"] >= 0):
                bad(f"{at}: budget is not a non-negative number")
            tl = m["timeline"]
            if not tl:
                bad(f"{at}: empty timeline")
            else:
                ons = [e["on"] for e in tl]
                if any(not valid_date(o) for o in ons) or ons != sorted(ons):
                    bad(f"{at}: timeline not in date order")
                if any(e["status"] not in STATUSES for e in tl):
                    bad(f"{at}: unknown status in the timeline")
                if tl[-1]["status"] != m["status"]:
                    bad(f"{at}: timeline ends with {tl[-1]['status']}, status is {m['status']}")
                if any(a["status"] == b["status"] for a, b in zip(tl, tl[1:])):
                    bad(f"{at}: timeline repeats a status")
                if m["updated_on"] and ons[-1] > m["updated_on"]:
                    bad(f"{at}: last status change after updated_on")
                if ons[-1] > TODAY.isoformat():
                    bad(f"{at}: status change in the future")
            if m["updated_on"] is None or m["updated_on"] > TODAY.isoformat():
                bad(f"{at}: updated_on missing or in the future")
        # The brief's sizes.
        n_tf, n_goals, n_m = len(tfs), len(goals), len(content["measures"])
        if not 3 <= n_tf <= 5:
            bad(f"{n_tf} Themenfelder, agreed 3–5")
        if not 4 <= n_goals <= 9:
            bad(f"{n_goals} goals, agreed 4–9")
        if not 6 <= n_m <= 15:
            bad(f"{n_m} measures, agreed 6–15")
    return out


# ---------------------------------------------------------------------------------------------
# Summary


def fmt(v):
    return "–" if v is None else f"{v:g}"


def pct(v):
    return "   –" if v is None else f"{v * 100:3.0f} %"


def diff(old, new):
    """Which goals and measures a Fortschreibung kept, changed, dropped, added (matched by id)."""
    lines = []
    for kind, get in (
        ("Ziele", lambda c: {g["id"]: g for t in c["themenfelder"] for g in t["goals"]}),
        ("Maßnahmen", lambda c: {m["id"]: m for m in c["measures"]}),
    ):
        a, b = get(old), get(new)
        same = sorted(i for i in a.keys() & b.keys() if a[i] == b[i])
        changed = sorted(i for i in a.keys() & b.keys() if a[i] != b[i])
        lines.append(
            f"    {kind}: unverändert {same}, geändert {changed}, "
            f"entfallen {sorted(a.keys() - b.keys())}, neu {sorted(b.keys() - a.keys())}"
        )
    return lines


def summary(doc):
    states = {"reached": 0, "on track": 0, "behind": 0, "no data": 0}
    lines = []
    by_label = {(c["municipality"], c["label"]): c for c in doc["concepts"]}
    for c in doc["concepts"]:
        member = c["municipality"]
        content = c["content"]
        goals = [g for t in content["themenfelder"] for g in t["goals"]]
        head = (
            f"{member} {COHORT[member]['name']} {c['label']} "
            f"({'veröffentlicht' if c['published'] else 'Entwurf'}"
            f"{', Fortschreibung von ' + c['based_on'] if c['based_on'] else ''}): "
            f"{len(content['themenfelder'])} Themenfelder, {len(goals)} Ziele, "
            f"{len(content['measures'])} Maßnahmen"
        )
        lines.append(head)
        for t in content["themenfelder"]:
            for g in t["goals"]:
                for tg in g["targets"]:
                    actual = latest_actual(member, tg)
                    att, exp, state = target_progress(tg, actual)
                    states[state] += 1
                    observed = "" if OBS.get((member, tg["indicator"]), {}).get(
                        tg["baseline_year"]) else " (Basis nicht beobachtet)"
                    act = "keine" if actual is None else f"{actual[0]}: {fmt(actual[1])} {actual[2]}"
                    lines.append(
                        f"  Ziel {g['id']:>2} {tg['indicator']:<34} {tg['role'][:4]} "
                        f"{tg['baseline_year']}: {fmt(tg['baseline']):>6} → {tg['target_year']}: "
                        f"{fmt(tg['target']):>6} | neueste {act:<13} | erreicht {pct(att)} "
                        f"erwartet {pct(exp)} | {state}{observed}"
                    )
        warnings = []
        # As concept_warnings.rs: a published version with a newer published one is history.
        superseded = c["published"] and any(
            o["municipality"] == member and o["published"]
            and doc["concepts"].index(o) > doc["concepts"].index(c)
            for o in doc["concepts"]
        )
        if c["review_on"] and c["review_on"] < TODAY.isoformat():
            warnings.append(f"Überprüfung fällig seit {c['review_on']}")
        overdue = []
        for g in goals:
            value, basis = goal_progress(member, g, content["measures"])
            if g["targets"]:
                done = all(
                    target_progress(t, latest_actual(member, t))[2] == "reached"
                    for t in g["targets"]
                )
            else:
                done = value is not None and value >= 1 - EPSILON
            if g["deadline"] and g["deadline"] < TODAY.isoformat() and not done:
                overdue.append(f"Ziel {g['id']} ({g['deadline']}, {pct(value).strip()} aus {basis})")
        if overdue:
            warnings.append("Frist überschritten: " + "; ".join(overdue))
        stale = [
            f"{m['id']} ({m['updated_on']})"
            for m in content["measures"]
            if m["status"] not in ("abgeschlossen", "verworfen") and m["updated_on"] < STALE_BEFORE.isoformat()
        ]
        if stale:
            warnings.append("nicht aktualisiert seit > 6 Monaten: Maßnahme " + ", ".join(stale))
        mix = {}
        for m in content["measures"]:
            mix[m["status"]] = mix.get(m["status"], 0) + 1
        lines.append("  Maßnahmen: " + ", ".join(f"{s} {mix[s]}" for s in STATUSES if s in mix))
        if superseded:
            lines.append(f"  (abgelöst, keine Warnungen; ohne Ablösung wären es {len(warnings)})")
        else:
            for w in warnings:
                lines.append(f"  Warnung: {w}")
        if c["based_on"]:
            lines.append(f"  Vergleich mit {c['based_on']}:")
            lines.extend(diff(by_label[(member, c["based_on"])]["content"], content))
        lines.append("")
    lines.append("Zielstände insgesamt: " + ", ".join(f"{k} {v}" for k, v in states.items()))
    return "\n".join(lines), states


# ---------------------------------------------------------------------------------------------


def dump(doc):
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="check the written file instead of generating it")
    args = parser.parse_args()

    if args.check:
        doc = json.loads(OUT.read_text(encoding="utf-8"))
        if dump(build()) != OUT.read_text(encoding="utf-8"):
            print(f"note: {OUT.relative_to(ROOT)} differs from what this script generates",
                  file=sys.stderr)
    else:
        doc = build()

    found = problems(doc)
    text, states = summary(doc)
    print(text)
    missing = [s for s, n in states.items() if n == 0]
    if missing:
        found.append(f"no target is in state {', '.join(missing)}")
    if found:
        print("\nPROBLEMS:", file=sys.stderr)
        for p in found:
            print(f"  {p}", file=sys.stderr)
        return 1
    if not args.check:
        OUT.write_text(dump(doc), encoding="utf-8")
        print(f"\nwrote {OUT.relative_to(ROOT)} ({len(doc['concepts'])} versions)")
    print("check passed")
    return 0


INDICATORS, FIELDS, COHORT, OBS = load_catalogue()

if __name__ == "__main__":
    sys.exit(main())

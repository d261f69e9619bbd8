#!/usr/bin/env python3
"""Demo Selbstcheck questionnaire "Wie weltoffen sind wir?" (issue #12, item 1).

Demo-Fragebogen (eigene Formulierung, nicht der Originalfragebogen): the foundation's real
Selbstcheck texts are not public, so every item below is our own wording, modelled on the structure
(about 100 items in the seven fields of action, an ordinal answer scale, skippable items).
Demo questionnaire (own wording, not the original).

Writes, under datasets/selfcheck/:
    questionnaires.csv        versions v1 (valid from 2019-11-01) and v2 (valid from 2024-01-01)
    v1/items.csv, v2/items.csv
    mapping-v1-v2.csv         which v1 item corresponds to which v2 item, and whether comparable
    README.md                 the format, the scale, weights, versions and the mapping

    scripts/selfcheck-questionnaire.py            # generate, write, check, print the summary
    scripts/selfcheck-questionnaire.py --check    # check the written files and print the summary

Python 3 standard library only; deterministic (no randomness, no timestamps). Exits 1 when a rule
is broken.
"""

import argparse
import csv
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
OUT = DATASETS / "selfcheck"

DEMO_DE = "Demo-Fragebogen (eigene Formulierung, nicht der Originalfragebogen)"
DEMO_EN = "demo questionnaire (own wording, not the original)"

QUESTIONNAIRE_COLUMNS = ["version", "title_de", "title_en", "valid_from", "note_de", "note_en"]
ITEM_COLUMNS = [
    "id", "field", "subtopic", "position", "text_de", "text_en", "help_de", "help_en", "weight",
]
MAPPING_COLUMNS = ["v1_item", "v2_item", "comparable", "note_de", "note_en"]

PREFIX = {
    "steuerung": "ste",
    "oeffnung": "oef",
    "zugang": "zug",
    "arbeit": "arb",
    "engagement": "eng",
    "zusammenhalt": "zus",
    "kommunikation": "kom",
}
ZUGANG_SUBTOPICS = [
    "bildung", "sprache", "arbeit_ausbildung", "wohnen", "gesundheit_pflege", "mobilitaet",
    "kultur", "sport", "sicherheit_recht",
]
ID_RE = re.compile(r"^(ste|oef|zug|arb|eng|zus|kom)-[0-9]{2}$")
SUBTOPIC_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
MAX_TEXT = 300
MAX_WEIGHT2_PER_FIELD = 3

QUESTIONNAIRES = [
    {
        "version": "v1",
        "title_de": f"Selbstcheck „Wie weltoffen sind wir?“ – {DEMO_DE}, Version 1",
        "title_en": f"Self-check “How open are we?” – {DEMO_EN}, version 1",
        "valid_from": "2019-11-01",
        "note_de": (
            "Demo-Fragebogen in eigener Formulierung, nach dem Aufbau des Selbstchecks der "
            "Weltoffenen Kommunen modelliert; nicht der Originalfragebogen von Bertelsmann "
            "Stiftung und PHINEO. Erste Fassung."
        ),
        "note_en": (
            "Demo questionnaire in our own wording, modelled on the structure of the Weltoffene "
            "Kommunen self-check; not the original questionnaire of Bertelsmann Stiftung and "
            "PHINEO. First edition."
        ),
    },
    {
        "version": "v2",
        "title_de": f"Selbstcheck „Wie weltoffen sind wir?“ – {DEMO_DE}, Version 2",
        "title_en": f"Self-check “How open are we?” – {DEMO_EN}, version 2",
        "valid_from": "2024-01-01",
        "note_de": (
            "Demo-Fragebogen in eigener Formulierung; nicht der Originalfragebogen. Überarbeitung "
            "von v1: einige Fragen umformuliert, einige gestrichen, neue Fragen zu digitalem "
            "Zugang und Antirassismus. Vergleiche mit v1 nur über vergleichbare Fragen "
            "(mapping-v1-v2.csv)."
        ),
        "note_en": (
            "Demo questionnaire in our own wording; not the original questionnaire. Revision of "
            "v1: some items reworded, some dropped, new items on digital access and anti-racism. "
            "Comparisons with v1 use comparable items only (mapping-v1-v2.csv)."
        ),
    },
]


def I(iid, subtopic, text_de, text_en, help_de, help_en, weight=1):
    """One item; help_* are completed to 'Gilt als umgesetzt und verankert, wenn ...'."""
    return {
        "id": iid,
        "field": None,  # set from the prefix below
        "subtopic": subtopic,
        "text_de": text_de,
        "text_en": text_en,
        "help_de": f"Gilt als umgesetzt und verankert, wenn {help_de}",
        "help_en": f"Counts as implemented and embedded when {help_en}",
        "weight": weight,
    }


# ---------------------------------------------------------------------------------------------
# Version 1 (2019): 102 items, in questionnaire order (field order of fields.csv).
# ---------------------------------------------------------------------------------------------
V1 = [
    # --- steuerung: Management und Steuerung -------------------------------------------------
    I("ste-01", "leitbild",
      "Die Kommune hat ein vom Rat beschlossenes Leitbild zur Weltoffenheit.",
      "The municipality has a vision statement on openness adopted by the council.",
      "das Leitbild schriftlich vorliegt, veröffentlicht ist und Ratsvorlagen darauf Bezug nehmen.",
      "the statement is written down, published and referred to in council papers.", 2),
    I("ste-02", "leitbild",
      "Das Leitbild wurde gemeinsam mit der Zivilgesellschaft und mit Migrantenorganisationen "
      "erarbeitet.",
      "The vision statement was drawn up together with civil society and migrant organisations.",
      "die Beteiligung dokumentiert ist und dieselben Gruppen bei der Fortschreibung wieder "
      "einbezogen werden.",
      "participation is documented and the same groups are involved again when it is updated."),
    I("ste-03", "strategie",
      "Es gibt ein schriftliches Integrationskonzept mit Zielen und Maßnahmen für alle "
      "Handlungsfelder.",
      "There is a written integration concept with goals and measures for all fields of action.",
      "das Konzept vom Rat beschlossen ist und in festen Abständen fortgeschrieben wird.",
      "the concept is adopted by the council and updated at fixed intervals.", 2),
    I("ste-04", "strategie",
      "Integration ist als Querschnittsaufgabe in den Zielen aller Dezernate oder Fachbereiche "
      "verankert.",
      "Integration is anchored as a cross-cutting task in the objectives of all departments.",
      "jedes Dezernat eigene Ziele dazu formuliert hat und darüber berichtet.",
      "every department has set its own objectives on it and reports on them."),
    I("ste-05", "verwaltung",
      "Es gibt eine zentrale Stelle in der Verwaltung, die für Integration und Vielfalt "
      "zuständig ist.",
      "There is a central unit in the administration responsible for integration and diversity.",
      "Aufgaben und Befugnisse der Stelle schriftlich festgelegt und ihre Stellen dauerhaft "
      "besetzt sind.",
      "the unit's tasks and powers are laid down in writing and its posts are permanently "
      "staffed.", 2),
    I("ste-06", "verwaltung",
      "Die Verwaltungsspitze setzt sich sichtbar für Weltoffenheit ein.",
      "The head of the administration visibly champions openness.",
      "das Thema regelmäßig Teil von Reden, Zielvereinbarungen und Leitungsrunden ist.",
      "the topic regularly features in speeches, target agreements and management meetings."),
    I("ste-07", "verwaltung",
      "Eine fachbereichsübergreifende Arbeitsgruppe stimmt Vorhaben zur Integration innerhalb "
      "der Verwaltung ab.",
      "A cross-departmental working group coordinates integration projects within the "
      "administration.",
      "die Arbeitsgruppe eine Geschäftsordnung hat, regelmäßig tagt und Ergebnisse protokolliert.",
      "the group has rules of procedure, meets regularly and minutes its results."),
    I("ste-08", "ressourcen",
      "Für Integration und Vielfalt gibt es ein eigenes Budget im kommunalen Haushalt.",
      "There is a dedicated budget for integration and diversity in the municipal budget.",
      "die Mittel als eigene Haushaltsposition ausgewiesen und über mehrere Jahre eingeplant "
      "sind.",
      "the funds appear as a separate budget line and are planned over several years."),
    I("ste-09", "ressourcen",
      "Die Kommune nutzt Förderprogramme von Land, Bund und EU gezielt für ihre "
      "Integrationsziele.",
      "The municipality makes targeted use of state, federal and EU funding programmes for its "
      "integration goals.",
      "eine Stelle Förderprogramme systematisch sichtet und Anträge an den Zielen des Konzepts "
      "ausrichtet.",
      "someone systematically reviews funding programmes and aligns applications with the "
      "concept's goals."),
    I("ste-10", "ressourcen",
      "Befristet geförderte Projekte werden rechtzeitig auf eine Verstetigung hin geprüft.",
      "Projects with time-limited funding are reviewed in good time for continuation.",
      "vor dem Ende jeder Förderung eine dokumentierte Entscheidung über Fortführung und "
      "Finanzierung fällt.",
      "a documented decision on continuation and funding is taken before each grant ends."),
    I("ste-11", "monitoring",
      "Die Kommune erhebt regelmäßig Daten zur Lage von Zugewanderten (Integrationsmonitoring).",
      "The municipality regularly collects data on the situation of immigrants (integration "
      "monitoring).",
      "ein fester Satz von Kennzahlen mindestens alle zwei Jahre ausgewertet und veröffentlicht "
      "wird.",
      "a fixed set of indicators is evaluated and published at least every two years."),
    I("ste-12", "monitoring",
      "Die Umsetzung der Maßnahmen zur Integration wird evaluiert, und die Ergebnisse fließen in "
      "die Planung ein.",
      "The implementation of integration measures is evaluated and the results feed into "
      "planning.",
      "Evaluationsberichte vorliegen und nachweislich zu Anpassungen von Zielen oder Maßnahmen "
      "geführt haben.",
      "evaluation reports exist and have demonstrably led to changes in goals or measures."),
    I("ste-13", "monitoring",
      "Der Rat oder ein Ausschuss erhält regelmäßig einen Bericht zum Stand der Integration.",
      "The council or one of its committees regularly receives a report on the state of "
      "integration.",
      "der Bericht in einem festen Turnus vorgelegt und öffentlich beraten wird.",
      "the report is presented on a fixed cycle and discussed in a public session."),
    I("ste-14", "vernetzung",
      "Die Kommune arbeitet in regionalen oder landesweiten Netzwerken zu Integration und "
      "Vielfalt mit.",
      "The municipality takes part in regional or state-wide networks on integration and "
      "diversity.",
      "die Mitarbeit bestimmten Personen zugeordnet ist und Ergebnisse in die eigene Arbeit "
      "übertragen werden.",
      "participation is assigned to named staff and results are carried over into the "
      "municipality's own work."),
    # --- oeffnung: Interkulturelle Öffnung und Antirassismus ---------------------------------
    I("oef-01", "personal",
      "Die Kommune verfolgt das Ziel, dass ihr Personal die Vielfalt der Bevölkerung "
      "widerspiegelt.",
      "The municipality aims for its workforce to reflect the diversity of the population.",
      "das Ziel im Personalentwicklungskonzept steht und der Anteil regelmäßig freiwillig und "
      "anonym erhoben wird.",
      "the aim is part of the HR development plan and the share is surveyed regularly, "
      "voluntarily and anonymously.", 2),
    I("oef-02", "personal",
      "Stellenausschreibungen der Kommune ermutigen ausdrücklich Menschen mit "
      "Migrationsgeschichte zur Bewerbung.",
      "The municipality's job advertisements explicitly encourage people with a migration "
      "background to apply.",
      "ein solcher Hinweis verbindlich in allen Ausschreibungen steht.",
      "such a statement is mandatory in all job advertisements."),
    I("oef-03", "personal",
      "Auswahlverfahren sind so gestaltet, dass Benachteiligungen vermieden werden (z. B. "
      "anonymisierte Bewerbungen, gemischte Auswahlkommissionen).",
      "Selection procedures are designed to avoid disadvantage (e.g. anonymised applications, "
      "diverse selection panels).",
      "die Verfahrensregeln schriftlich festgelegt sind und ihre Anwendung überprüft wird.",
      "the procedural rules are written down and their application is checked."),
    I("oef-04", "personal",
      "Die Kommune wirbt gezielt bei jungen Menschen mit Migrationsgeschichte für ihre eigenen "
      "Ausbildungsplätze.",
      "The municipality actively promotes its own apprenticeships among young people with a "
      "migration background.",
      "es feste Kooperationen (z. B. mit Schulen oder Migrantenorganisationen) gibt und ihre "
      "Wirkung ausgewertet wird.",
      "there are standing partnerships (e.g. with schools or migrant organisations) and their "
      "effect is evaluated."),
    I("oef-05", "personal",
      "Ausländische Berufsabschlüsse werden bei Einstellungen in der Verwaltung angemessen "
      "berücksichtigt.",
      "Foreign professional qualifications are given due weight when the administration hires "
      "staff.",
      "schriftlich geregelt ist, wie ausländische Abschlüsse bei der Eingruppierung bewertet "
      "werden.",
      "a written rule sets out how foreign qualifications are assessed for pay grading."),
    I("oef-06", "fortbildung",
      "Beschäftigte der Verwaltung können an Fortbildungen zu interkultureller Kompetenz "
      "teilnehmen.",
      "Administrative staff can take part in training on intercultural competence.",
      "die Fortbildungen jedes Jahr als Teil des Fortbildungsprogramms angeboten werden.",
      "the training is offered every year as part of the training programme.", 2),
    I("oef-07", "fortbildung",
      "Führungskräfte nehmen verpflichtend an Fortbildungen zu Vielfalt und Schutz vor "
      "Diskriminierung teil.",
      "Managers are required to attend training on diversity and protection from "
      "discrimination.",
      "die Teilnahme in einer Dienstvereinbarung oder Führungsleitlinie festgeschrieben ist und "
      "nachgehalten wird.",
      "attendance is laid down in a staff agreement or leadership guideline and tracked."),
    I("oef-08", "fortbildung",
      "Beschäftigte mit viel Publikumsverkehr werden im Umgang mit Sprachbarrieren geschult.",
      "Staff who deal a lot with the public are trained in handling language barriers.",
      "die Schulung für diese Stellen fester Teil der Einarbeitung ist.",
      "the training is a fixed part of induction for these posts."),
    I("oef-09", "antidiskriminierung",
      "Es gibt eine Anlaufstelle für Menschen, die sich von der Verwaltung diskriminiert fühlen.",
      "There is a contact point for people who feel discriminated against by the administration.",
      "die Stelle unabhängig arbeiten kann, bekannt gemacht ist und jährlich über ihre Fälle "
      "berichtet.",
      "the contact point can work independently, is publicised and reports on its cases every "
      "year.", 2),
    I("oef-10", "antidiskriminierung",
      "Die Kommune hat sich in einer Dienstanweisung oder Dienstvereinbarung zum Schutz vor "
      "Diskriminierung verpflichtet.",
      "The municipality has committed itself to protection from discrimination in a service "
      "instruction or staff agreement.",
      "die Regelung allen Beschäftigten bekannt ist und Verstöße nachweislich Folgen haben.",
      "all staff know the rule and breaches demonstrably have consequences."),
    I("oef-11", "antidiskriminierung",
      "Formulare, Bescheide und Verfahren werden auf mögliche benachteiligende Wirkungen "
      "überprüft.",
      "Forms, official decisions and procedures are reviewed for possible discriminatory "
      "effects.",
      "die Prüfung in einem festen Verfahren stattfindet und Änderungen dokumentiert werden.",
      "the review follows a fixed procedure and changes are documented."),
    I("oef-12", "antirassismus",
      "Die Kommune bezieht öffentlich Stellung gegen Rassismus und gruppenbezogene "
      "Menschenfeindlichkeit.",
      "The municipality publicly takes a stand against racism and group-focused enmity.",
      "es dazu einen Ratsbeschluss gibt und die Kommune bei Vorfällen zeitnah öffentlich "
      "reagiert.",
      "there is a council resolution on it and the municipality responds publicly and promptly "
      "to incidents."),
    I("oef-13", "antirassismus",
      "Die Kommune ist Mitglied in einem Bündnis oder Netzwerk gegen Rassismus.",
      "The municipality is a member of an alliance or network against racism.",
      "die Mitgliedschaft mit eigenen Verpflichtungen verbunden ist, die nachweislich umgesetzt "
      "werden.",
      "membership comes with commitments of its own that are demonstrably carried out."),
    I("oef-14", "dienstleistung",
      "Die Ausländerbehörde versteht sich als Service- und Willkommensbehörde.",
      "The immigration office sees itself as a service and welcome authority.",
      "Servicestandards der Ausländerbehörde schriftlich vorliegen und die Zufriedenheit der "
      "Kundinnen und Kunden erhoben wird.",
      "the immigration office has written service standards and measures customer "
      "satisfaction."),
    I("oef-15", "dienstleistung",
      "Kommunale Einrichtungen wie Kitas, Bürgerbüros und Bibliotheken haben eigene Ziele zur "
      "interkulturellen Öffnung.",
      "Municipal facilities such as day-care centres, citizens' offices and libraries have their "
      "own goals for intercultural opening.",
      "die Ziele schriftlich vorliegen und in jährlichen Gesprächen mit den Einrichtungen "
      "überprüft werden.",
      "the goals are written down and reviewed in annual meetings with the facilities."),
    # --- zugang: Fairer Zugang und Teilhabe ---------------------------------------------------
    I("zug-01", "bildung",
      "Familien mit Migrationsgeschichte sind gut über Kita-Plätze und das Anmeldeverfahren "
      "informiert.",
      "Families with a migration background are well informed about day-care places and how to "
      "register.",
      "mehrsprachige Informationen und persönliche Beratung zur Kita-Anmeldung dauerhaft "
      "angeboten werden.",
      "multilingual information and personal advice on day-care registration are offered on a "
      "permanent basis.", 2),
    I("zug-02", "bildung",
      "Es gibt Angebote, die neu zugewanderte Kinder und Jugendliche beim Einstieg in die Schule "
      "begleiten.",
      "There are services that support newly arrived children and young people in starting "
      "school.",
      "die Angebote mit den Schulen vereinbart, finanziert und für alle neu zugewanderten "
      "Kinder erreichbar sind.",
      "the services are agreed with schools, funded and available to all newly arrived "
      "children."),
    I("zug-03", "bildung",
      "Eltern mit Migrationsgeschichte werden gezielt in die Zusammenarbeit mit Kitas und "
      "Schulen einbezogen.",
      "Parents with a migration background are actively involved in working with day-care "
      "centres and schools.",
      "es dauerhafte Elternprogramme (z. B. Elternlotsen) mit gesicherter Finanzierung gibt.",
      "there are permanent parent programmes (e.g. parent guides) with secure funding."),
    I("zug-04", "sprache",
      "Das Angebot an Deutschkursen in der Kommune reicht für den Bedarf aus.",
      "The supply of German courses in the municipality meets demand.",
      "Bedarf und Angebot regelmäßig abgeglichen und Wartezeiten dokumentiert werden.",
      "demand and supply are compared regularly and waiting times are documented.", 2),
    I("zug-05", "sprache",
      "Deutschkurse werden mit Kinderbetreuung angeboten, damit auch Eltern teilnehmen können.",
      "German courses are offered with childcare so that parents can take part too.",
      "Kinderbetreuung für einen festen Teil der Kurse eingeplant und finanziert ist.",
      "childcare is planned and funded for a fixed share of the courses."),
    I("zug-06", "sprache",
      "Die Mehrsprachigkeit von Kindern wird in Kitas und Schulen als Stärke gefördert.",
      "Children's multilingualism is encouraged as a strength in day-care centres and schools.",
      "Herkunftssprachen in den Konzepten der Einrichtungen berücksichtigt sind und Angebote "
      "dazu verlässlich bestehen.",
      "heritage languages are part of the facilities' concepts and related provision is "
      "reliably available."),
    I("zug-07", "arbeit_ausbildung",
      "Die Kommune bietet Beratung zur Anerkennung ausländischer Berufs- und Studienabschlüsse "
      "an oder vermittelt verlässlich dorthin.",
      "The municipality offers advice on recognising foreign vocational and academic "
      "qualifications, or reliably refers people to such advice.",
      "Beratung oder Verweisweg schriftlich geregelt und allen Beratungsstellen bekannt sind.",
      "the advice or referral route is set out in writing and known to all counselling "
      "services."),
    I("zug-08", "arbeit_ausbildung",
      "Jugendliche mit Migrationsgeschichte werden beim Übergang von der Schule in Ausbildung "
      "oder Studium begleitet.",
      "Young people with a migration background receive support in the transition from school "
      "to vocational training or university.",
      "es ein abgestimmtes Übergangsangebot (z. B. eine Jugendberufsagentur) mit festen "
      "Ansprechpersonen gibt.",
      "there is a coordinated transition service (e.g. a youth employment agency) with named "
      "contacts."),
    I("zug-09", "wohnen",
      "Die Kommune unterstützt Zugewanderte bei der Suche nach Wohnraum.",
      "The municipality helps immigrants find housing.",
      "es eine dauerhafte Wohnraumberatung oder -vermittlung mit eigener Finanzierung gibt.",
      "there is a permanent housing advice or placement service with its own funding.", 2),
    I("zug-10", "wohnen",
      "Die Kommune wirkt Diskriminierung auf dem Wohnungsmarkt entgegen, etwa durch "
      "Vereinbarungen mit Wohnungsunternehmen.",
      "The municipality counters discrimination in the housing market, for instance through "
      "agreements with housing companies.",
      "schriftliche Vereinbarungen bestehen und Beschwerden über Diskriminierung bei der "
      "Vermietung ausgewertet werden.",
      "written agreements exist and complaints of discrimination in letting are evaluated."),
    I("zug-11", "gesundheit_pflege",
      "Im Gesundheitswesen vor Ort stehen Sprachmittlung oder Dolmetschdienste zur Verfügung.",
      "Language mediation or interpreting services are available in local health care.",
      "ein Dolmetschpool mit geregelter Finanzierung besteht, den Praxen und Kliniken nutzen "
      "können.",
      "an interpreter pool with secure funding exists that practices and hospitals can use."),
    I("zug-12", "gesundheit_pflege",
      "Pflege- und Seniorenangebote sind auf ältere Menschen mit Migrationsgeschichte "
      "ausgerichtet.",
      "Care and senior services are geared to older people with a migration background.",
      "Pflegeberatung und Einrichtungen kultursensible Angebote schriftlich in ihren Konzepten "
      "verankert haben.",
      "care advice services and facilities have written culturally sensitive provision into "
      "their concepts."),
    I("zug-13", "mobilitaet",
      "Informationen zu Bus und Bahn (Fahrpläne, Tarife) gibt es in mehreren Sprachen oder in "
      "leichter Sprache.",
      "Information on public transport (timetables, fares) is available in several languages or "
      "in easy-to-read language.",
      "die Informationen mit dem Verkehrsunternehmen vereinbart sind und bei Änderungen "
      "aktualisiert werden.",
      "the information is agreed with the transport operator and updated whenever things "
      "change."),
    I("zug-14", "mobilitaet",
      "Es gibt Mobilitätsangebote für Menschen ohne eigenes Auto in schlecht angebundenen "
      "Ortsteilen (z. B. Sozialticket, Rufbus).",
      "There are transport options for people without a car in poorly connected areas (e.g. "
      "reduced-fare ticket, on-demand bus).",
      "die Angebote dauerhaft finanziert sind und ihre Nutzung ausgewertet wird.",
      "the options are permanently funded and their use is evaluated."),
    I("zug-15", "kultur",
      "Kultureinrichtungen der Kommune wie Bibliothek, Museum und Theater sprechen gezielt "
      "Menschen mit Migrationsgeschichte an.",
      "The municipality's cultural institutions such as the library, museum and theatre "
      "actively reach out to people with a migration background.",
      "die Einrichtungen Ziele zur Ansprache neuer Publikumsgruppen haben und deren Erreichung "
      "auswerten.",
      "the institutions have goals for reaching new audiences and evaluate whether they are "
      "met."),
    I("zug-16", "kultur",
      "Die kommunale Kulturförderung unterstützt auch Kulturschaffende und Vereine mit "
      "Migrationsgeschichte.",
      "Municipal arts funding also supports artists and associations with a migration "
      "background.",
      "die Förderrichtlinien dies ausdrücklich vorsehen und die Vergabe ausgewertet wird.",
      "the funding guidelines explicitly provide for it and the awards are evaluated."),
    I("zug-17", "sport",
      "Sportvereine werden dabei unterstützt, Menschen mit Migrationsgeschichte als Mitglieder "
      "und Übungsleitende zu gewinnen.",
      "Sports clubs receive support in attracting people with a migration background as members "
      "and coaches.",
      "die Sportförderung dafür eigene Mittel oder Programme vorsieht, die regelmäßig "
      "ausgewertet werden.",
      "sports funding has dedicated money or programmes for this that are evaluated regularly."),
    I("zug-18", "sport",
      "Schwimmkurse und Sportangebote sind für Kinder aus Familien mit geringem Einkommen "
      "erreichbar.",
      "Swimming lessons and sports activities are within reach of children from low-income "
      "families.",
      "Kostenübernahme und Information dazu verlässlich geregelt sind (z. B. über Bildung und "
      "Teilhabe).",
      "cost coverage and information about it are reliably in place (e.g. through the "
      "education and participation benefits)."),
    I("zug-19", "sicherheit_recht",
      "Zugewanderte erhalten unabhängige Beratung zu aufenthaltsrechtlichen Fragen.",
      "Immigrants receive independent advice on questions of residence law.",
      "eine unabhängige Beratungsstelle dauerhaft gefördert wird und ihre Kapazität dem Bedarf "
      "entspricht.",
      "an independent advice service is permanently funded and its capacity matches demand."),
    I("zug-20", "sicherheit_recht",
      "Polizei, Ordnungsamt und Kommune arbeiten zusammen, damit sich alle Bevölkerungsgruppen "
      "im öffentlichen Raum sicher fühlen.",
      "The police, the public order office and the municipality work together so that all "
      "groups feel safe in public spaces.",
      "ein gemeinsames Gremium (z. B. ein Präventionsrat) Migrantenorganisationen einbezieht und "
      "regelmäßig tagt.",
      "a joint body (e.g. a crime prevention council) includes migrant organisations and meets "
      "regularly."),
    # --- arbeit: Arbeit und wirtschaftliche Entwicklung ---------------------------------------
    I("arb-01", "arbeitsmarkt",
      "Kommune, Jobcenter und Agentur für Arbeit haben gemeinsame Ziele zur "
      "Arbeitsmarktintegration von Zugewanderten vereinbart.",
      "The municipality, the job centre and the employment agency have agreed joint goals for "
      "the labour market integration of immigrants.",
      "die Ziele schriftlich vereinbart sind und ihre Erreichung jedes Jahr gemeinsam überprüft "
      "wird.",
      "the goals are agreed in writing and progress is reviewed jointly every year.", 2),
    I("arb-02", "arbeitsmarkt",
      "Es gibt Angebote, die Sprachförderung und Beschäftigung verbinden (z. B. berufsbezogene "
      "Deutschkurse im Betrieb).",
      "There are programmes that combine language learning with employment (e.g. job-related "
      "German courses at the workplace).",
      "solche Angebote dauerhaft bestehen und mit Betrieben vereinbart sind.",
      "such programmes run on a permanent basis and are agreed with employers."),
    I("arb-03", "arbeitsmarkt",
      "Zugewanderte Frauen werden mit eigenen Angeboten beim Einstieg in den Arbeitsmarkt "
      "unterstützt.",
      "Immigrant women receive dedicated support in entering the labour market.",
      "die Angebote finanziert sind, Kinderbetreuung einplanen und ihre Wirkung ausgewertet "
      "wird.",
      "the programmes are funded, include childcare and their effect is evaluated."),
    I("arb-04", "arbeitsmarkt",
      "Geflüchtete erhalten frühzeitig Beratung zu Arbeit und Ausbildung, unabhängig von ihrem "
      "Aufenthaltsstatus.",
      "Refugees receive early advice on work and training, regardless of their residence "
      "status.",
      "der Zugang zur Beratung für alle Gruppen schriftlich geregelt ist und genutzt wird.",
      "access to advice is set out in writing for all groups and is used."),
    I("arb-05", "unternehmen",
      "Die Wirtschaftsförderung berät Unternehmen zur Beschäftigung von Zugewanderten und "
      "Geflüchteten.",
      "The business development agency advises companies on employing immigrants and refugees.",
      "die Beratung zum festen Leistungsangebot der Wirtschaftsförderung gehört und beworben "
      "wird.",
      "the advice is a standing part of the agency's services and is promoted.", 2),
    I("arb-06", "unternehmen",
      "Die Kommune arbeitet mit Kammern und Arbeitgeberverbänden bei der Ausbildung junger "
      "Zugewanderter zusammen.",
      "The municipality works with chambers of commerce and employers' associations on training "
      "young immigrants.",
      "es eine schriftliche Kooperationsvereinbarung mit regelmäßigen Treffen gibt.",
      "there is a written cooperation agreement with regular meetings."),
    I("arb-07", "unternehmen",
      "Unternehmen vor Ort werden für Vielfalt im Betrieb sensibilisiert, etwa über "
      "Diversity-Netzwerke.",
      "Local companies are made aware of diversity in the workplace, for instance through "
      "diversity networks.",
      "die Kommune dafür ein dauerhaftes Format wie ein Netzwerk oder eine Auszeichnung "
      "organisiert.",
      "the municipality runs a permanent format for it, such as a network or an award."),
    I("arb-08", "selbststaendigkeit",
      "Gründerinnen und Gründer mit Migrationsgeschichte erhalten passende Beratung und "
      "Förderung.",
      "Founders with a migration background receive suitable advice and support.",
      "die Gründungsberatung mehrsprachig oder kultursensibel angeboten und ihre Nutzung "
      "ausgewertet wird.",
      "start-up advice is offered in several languages or in a culturally sensitive way and its "
      "use is evaluated."),
    I("arb-09", "selbststaendigkeit",
      "Unternehmen von Zugewanderten sind in die Netzwerke der lokalen Wirtschaft eingebunden.",
      "Businesses run by immigrants are included in the networks of the local economy.",
      "sie in Gremien und Veranstaltungen der Wirtschaftsförderung regelmäßig vertreten sind.",
      "they are regularly represented in the bodies and events of business development."),
    I("arb-10", "fachkraefte",
      "Die Kommune hat eine Strategie, um internationale Fachkräfte zu gewinnen und zu halten.",
      "The municipality has a strategy to attract and retain international skilled workers.",
      "die Strategie beschlossen, mit Mitteln hinterlegt und mit Ausländerbehörde und Wirtschaft "
      "abgestimmt ist.",
      "the strategy is adopted, funded and agreed with the immigration office and local "
      "businesses.", 2),
    I("arb-11", "fachkraefte",
      "Neu zugezogene Fachkräfte und ihre Familien werden beim Ankommen begleitet, etwa durch "
      "einen Welcome Service.",
      "Newly arrived skilled workers and their families receive support as they settle in, for "
      "instance from a welcome service.",
      "ein Welcome Service mit fester Ansprechperson dauerhaft besteht.",
      "a welcome service with a named contact person exists on a permanent basis."),
    I("arb-12", "wirtschaftsfoerderung",
      "Bei öffentlichen Aufträgen berücksichtigt die Kommune Kriterien zu fairer Beschäftigung "
      "und Vielfalt.",
      "In public procurement the municipality takes criteria on fair employment and diversity "
      "into account.",
      "die Kriterien in der Vergabeordnung festgeschrieben sind und angewendet werden.",
      "the criteria are laid down in the procurement rules and applied."),
    I("arb-13", "wirtschaftsfoerderung",
      "Arbeitsmarktdaten werden nach Staatsangehörigkeit ausgewertet, um Angebote zu planen.",
      "Labour market data are analysed by nationality in order to plan services.",
      "die Auswertung regelmäßig erfolgt und in die Planung von Angeboten eingeht.",
      "the analysis is done regularly and feeds into service planning."),
    # --- engagement: Engagement und Beteiligung -----------------------------------------------
    I("eng-01", "beirat",
      "Es gibt einen Integrations- oder Migrationsbeirat mit festgelegten Mitwirkungsrechten.",
      "There is an integration or migration advisory council with defined rights of "
      "participation.",
      "die Rechte des Beirats (z. B. Anhörung, Antragsrecht) in der Hauptsatzung oder "
      "Geschäftsordnung festgelegt sind.",
      "the council's rights (e.g. to be heard, to table motions) are laid down in the municipal "
      "charter or rules of procedure.", 2),
    I("eng-02", "beirat",
      "Empfehlungen des Beirats werden vom Rat oder von den Ausschüssen nachweislich behandelt.",
      "The advisory council's recommendations are demonstrably dealt with by the council or its "
      "committees.",
      "jede Empfehlung eine schriftliche Rückmeldung zum weiteren Vorgehen erhält.",
      "every recommendation receives a written response on how it will be taken forward."),
    I("eng-03", "migrantenorganisationen",
      "Die Kommune fördert Migrantenorganisationen finanziell und organisatorisch.",
      "The municipality supports migrant organisations financially and organisationally.",
      "eine Förderrichtlinie besteht und die Mittel im Haushalt verlässlich eingeplant sind.",
      "there are funding guidelines and the money is reliably included in the budget.", 2),
    I("eng-04", "migrantenorganisationen",
      "Migrantenorganisationen haben Zugang zu Räumen für ihre Arbeit.",
      "Migrant organisations have access to premises for their work.",
      "die Raumvergabe transparent geregelt ist und Migrantenorganisationen gleichberechtigt "
      "berücksichtigt werden.",
      "premises are allocated under transparent rules and migrant organisations are treated "
      "equally."),
    I("eng-05", "migrantenorganisationen",
      "Migrantenorganisationen werden bei Planungen der Kommune frühzeitig als Partner "
      "beteiligt.",
      "Migrant organisations are involved as partners early in the municipality's planning.",
      "die Beteiligung in Verfahrensregeln vorgesehen ist und dokumentiert wird.",
      "involvement is provided for in procedural rules and documented."),
    I("eng-06", "ehrenamt",
      "Ehrenamtliche in der Integrationsarbeit erhalten Begleitung, Fortbildung und "
      "Anerkennung.",
      "Volunteers in integration work receive support, training and recognition.",
      "eine Koordinierungsstelle für das Ehrenamt dauerhaft besteht und ein "
      "Fortbildungsprogramm anbietet.",
      "a volunteer coordination office exists on a permanent basis and runs a training "
      "programme."),
    I("eng-07", "ehrenamt",
      "Menschen mit Migrationsgeschichte werden gezielt für ein Ehrenamt gewonnen, auch bei "
      "Feuerwehr, Sport und Wohlfahrtsverbänden.",
      "People with a migration background are actively recruited as volunteers, including in "
      "fire brigades, sport and welfare organisations.",
      "es dafür mit Partnern eine Strategie zur Ansprache gibt und die Beteiligung ausgewertet "
      "wird.",
      "there is an outreach strategy with partners for this and participation is evaluated."),
    I("eng-08", "ehrenamt",
      "Das Engagement von Zugewanderten und Geflüchteten wird in der Anerkennungskultur der "
      "Kommune sichtbar gemacht.",
      "The civic engagement of immigrants and refugees is made visible in the municipality's "
      "culture of recognition.",
      "Ehrungen, Preise und Berichte zum Ehrenamt regelmäßig auch ihr Engagement würdigen.",
      "honours, awards and reports on volunteering regularly acknowledge their engagement too."),
    I("eng-09", "politische_teilhabe",
      "Die Kommune informiert Zugewanderte über ihre Wahl- und Mitwirkungsrechte.",
      "The municipality informs immigrants about their voting and participation rights.",
      "vor jeder Wahl mehrsprachige Informationen verbreitet werden.",
      "multilingual information is circulated before every election."),
    I("eng-10", "politische_teilhabe",
      "Die Kommune wirbt aktiv für die Einbürgerung.",
      "The municipality actively promotes naturalisation.",
      "es eine Einbürgerungskampagne oder regelmäßige Einbürgerungsfeiern gibt und Anträge "
      "zügig bearbeitet werden.",
      "there is a naturalisation campaign or regular naturalisation ceremonies and applications "
      "are processed promptly."),
    I("eng-11", "beteiligung",
      "Bürgerbeteiligung ist so gestaltet, dass auch Menschen ohne gute Deutschkenntnisse "
      "mitwirken können.",
      "Public participation is designed so that people without good German can also take part.",
      "Leitlinien für Bürgerbeteiligung Sprachmittlung und aufsuchende Formate vorsehen.",
      "the guidelines for public participation provide for language mediation and outreach "
      "formats.", 2),
    I("eng-12", "beteiligung",
      "Die Kommune erhebt, wer an Beteiligungsverfahren teilnimmt, und spricht "
      "unterrepräsentierte Gruppen gezielt an.",
      "The municipality records who takes part in participation processes and reaches out to "
      "under-represented groups.",
      "die Zusammensetzung der Teilnehmenden regelmäßig ausgewertet wird und zu gezielter "
      "Ansprache führt.",
      "the make-up of participants is evaluated regularly and leads to targeted outreach."),
    I("eng-13", "beteiligung",
      "Kinder und Jugendliche mit Migrationsgeschichte sind in Jugendparlamenten oder anderen "
      "Formen der Jugendbeteiligung vertreten.",
      "Children and young people with a migration background are represented in youth "
      "parliaments or other forms of youth participation.",
      "die Gremien gezielt um sie werben und ihre Beteiligung dokumentiert wird.",
      "these bodies actively recruit them and their participation is documented."),
    # --- zusammenhalt: Zusammenhalt und Begegnung ---------------------------------------------
    I("zus-01", "begegnung",
      "Es gibt öffentlich zugängliche Begegnungsorte, die allen Bevölkerungsgruppen offenstehen.",
      "There are publicly accessible meeting places open to all groups of the population.",
      "die Begegnungsorte dauerhaft finanziert, personell betreut und barrierefrei erreichbar "
      "sind.",
      "the meeting places are permanently funded, staffed and accessible without barriers.", 2),
    I("zus-02", "begegnung",
      "Die Kommune unterstützt Feste und Veranstaltungen, bei denen sich Alteingesessene und "
      "Zugewanderte begegnen.",
      "The municipality supports festivals and events where long-standing and newer residents "
      "meet.",
      "es dafür einen Fördertopf oder ein jährlich wiederkehrendes Format gibt.",
      "there is a funding pot or an annual format for this."),
    I("zus-03", "begegnung",
      "Patenschafts- oder Mentoringprogramme bringen Einheimische und Zugewanderte zusammen.",
      "Buddy or mentoring programmes bring local and immigrant residents together.",
      "die Programme dauerhaft koordiniert und finanziert werden.",
      "the programmes are coordinated and funded on a permanent basis."),
    I("zus-04", "quartier",
      "In Stadtteilen mit besonderem Bedarf gibt es Quartiersmanagement oder Stadtteilarbeit.",
      "Neighbourhoods with particular needs have neighbourhood management or community work.",
      "das Quartiersmanagement mit festen Stellen und eigenem Budget über eine Förderphase "
      "hinaus gesichert ist.",
      "neighbourhood management with fixed posts and its own budget is secured beyond a funding "
      "period.", 2),
    I("zus-05", "quartier",
      "Die Stadtentwicklung achtet auf eine ausgewogene soziale Mischung der Wohnquartiere.",
      "Urban development pays attention to a balanced social mix in residential areas.",
      "das Ziel in Konzepten zu Stadtentwicklung oder Wohnen festgeschrieben ist und beobachtet "
      "wird.",
      "the goal is set out in urban development or housing concepts and monitored."),
    I("zus-06", "quartier",
      "Nachbarschaftsinitiativen können kleine Projekte unbürokratisch fördern lassen (z. B. "
      "über einen Quartiersfonds).",
      "Neighbourhood initiatives can get small projects funded without red tape (e.g. from a "
      "neighbourhood fund).",
      "ein Quartiersfonds mit einfachen Antragsregeln jedes Jahr zur Verfügung steht.",
      "a neighbourhood fund with simple application rules is available every year."),
    I("zus-07", "willkommen",
      "Neu Zugezogene werden aktiv begrüßt und erhalten Orientierung, etwa durch eine "
      "Willkommensmappe oder Lotsendienste.",
      "Newcomers are actively welcomed and given orientation, for instance through a welcome "
      "pack or guide services.",
      "alle Neuzugezogenen bei der Anmeldung ein mehrsprachiges Willkommensangebot erhalten.",
      "all newcomers receive a multilingual welcome offer when they register.", 2),
    I("zus-08", "willkommen",
      "Geflüchtete werden dezentral untergebracht und in ihre Nachbarschaft eingebunden.",
      "Refugees are housed in decentralised accommodation and involved in their "
      "neighbourhood.",
      "ein Unterbringungskonzept dies vorsieht und Sozialarbeit vor Ort die Einbindung "
      "begleitet.",
      "an accommodation plan provides for it and on-site social work supports their inclusion "
      "in the neighbourhood."),
    I("zus-09", "erinnerung",
      "Die Migrationsgeschichte der Kommune wird sichtbar gemacht, etwa in Ausstellungen, im "
      "Stadtarchiv oder bei Straßennamen.",
      "The municipality's migration history is made visible, for instance in exhibitions, the "
      "local archive or street names.",
      "dies fester Bestandteil der Erinnerungs- und Kulturarbeit der Kommune ist.",
      "this is a standing part of the municipality's remembrance and cultural work."),
    I("zus-10", "dialog",
      "Die Kommune unterstützt interreligiöse oder interkulturelle Dialogformate.",
      "The municipality supports interfaith or intercultural dialogue formats.",
      "die Formate regelmäßig stattfinden und die Kommune sie organisatorisch oder finanziell "
      "trägt.",
      "the formats take place regularly and the municipality backs them organisationally or "
      "financially."),
    I("zus-11", "dialog",
      "Die Kommune fördert Projekte gegen Vorurteile und für ein respektvolles Miteinander an "
      "Schulen und in Jugendeinrichtungen.",
      "The municipality funds projects against prejudice and for respectful relations in "
      "schools and youth facilities.",
      "die Projekte über mehrere Jahre gefördert und ausgewertet werden.",
      "the projects are funded over several years and evaluated."),
    I("zus-12", "dialog",
      "Die Kommune erhebt regelmäßig, wie die Bevölkerung das Zusammenleben vor Ort einschätzt, "
      "etwa in einer Bürgerbefragung.",
      "The municipality regularly measures how residents rate community relations locally, for "
      "instance in a residents' survey.",
      "die Befragung in festen Abständen stattfindet und die Ergebnisse veröffentlicht werden.",
      "the survey takes place at fixed intervals and its results are published."),
    I("zus-13", "oeffentlicher_raum",
      "Parks, Plätze und Spielplätze laden zur Begegnung ein und werden gemeinsam mit den "
      "Anwohnenden gestaltet.",
      "Parks, squares and playgrounds invite people to meet and are designed together with "
      "local residents.",
      "die Beteiligung der Anwohnenden an der Gestaltung öffentlicher Räume verbindlich "
      "vorgesehen ist.",
      "residents' involvement in designing public spaces is mandatory."),
    # --- kommunikation: Kommunikation und Konfliktmanagement ----------------------------------
    I("kom-01", "mehrsprachigkeit",
      "Wichtige Informationen der Verwaltung gibt es in den häufigsten Sprachen der "
      "Bevölkerung.",
      "Important information from the administration is available in the most common languages "
      "of the population.",
      "festgelegt ist, welche Informationen in welche Sprachen übersetzt werden, und die "
      "Übersetzungen aktuell gehalten werden.",
      "it is laid down which information is translated into which languages and the "
      "translations are kept up to date.", 2),
    I("kom-02", "mehrsprachigkeit",
      "Bescheide und Formulare werden in einfacher Sprache erläutert.",
      "Official decisions and forms are explained in plain language.",
      "es Erläuterungen in einfacher Sprache zu den wichtigsten Bescheiden gibt und neue Texte "
      "darauf geprüft werden.",
      "there are plain-language explanations of the most important decisions and new texts are "
      "checked for it."),
    I("kom-03", "sprachmittlung",
      "Die Verwaltung kann bei Bedarf kurzfristig Dolmetschende oder Sprachmittelnde "
      "hinzuziehen.",
      "The administration can call in interpreters or language mediators at short notice when "
      "needed.",
      "ein Sprachmittlungspool oder Videodolmetschen vertraglich gesichert und allen "
      "Dienststellen bekannt ist.",
      "an interpreting pool or video interpreting is secured by contract and known to all "
      "offices.", 2),
    I("kom-04", "sprachmittlung",
      "Die Sprachkenntnisse der Beschäftigten werden erfasst und im Kontakt mit der "
      "Bevölkerung genutzt.",
      "Staff members' language skills are recorded and used in contact with the public.",
      "eine freiwillige Sprachenliste gepflegt wird und der Einsatz geregelt und anerkannt ist.",
      "a voluntary list of languages is kept and their use is regulated and recognised."),
    I("kom-05", "information",
      "Die Internetseite der Kommune bündelt Informationen für Zugewanderte an einer gut "
      "auffindbaren Stelle.",
      "The municipality's website brings information for immigrants together in one "
      "easy-to-find place.",
      "die Seiten eine verantwortliche Redaktion haben und mindestens jährlich überprüft werden.",
      "the pages have a responsible editor and are reviewed at least once a year."),
    I("kom-06", "information",
      "Es gibt einen aktuellen Wegweiser zu Beratungs- und Unterstützungsangeboten für "
      "Zugewanderte.",
      "There is an up-to-date guide to advice and support services for immigrants.",
      "der Wegweiser gedruckt und online vorliegt und mindestens jährlich aktualisiert wird.",
      "the guide exists in print and online and is updated at least once a year."),
    I("kom-07", "beratung",
      "Beratungsstellen für Zugewanderte sind untereinander vernetzt und verweisen verlässlich "
      "aneinander.",
      "Advice services for immigrants are networked and reliably refer people to one another.",
      "es einen regelmäßigen Austausch und abgestimmte Verweiswege gibt.",
      "there is regular exchange and there are agreed referral routes."),
    I("kom-08", "beschwerde",
      "Anregungen und Beschwerden können der Verwaltung auch in anderen Sprachen als Deutsch "
      "mitgeteilt werden.",
      "Suggestions and complaints can be submitted to the administration in languages other "
      "than German.",
      "das Beschwerdemanagement dies ausdrücklich zulässt und mehrsprachig darauf hinweist.",
      "complaint management explicitly allows this and says so in several languages."),
    I("kom-09", "konflikt",
      "Die Kommune hat ein Verfahren, um Konflikte im Zusammenleben frühzeitig zu erkennen und "
      "zu bearbeiten.",
      "The municipality has a procedure for identifying and dealing with conflicts in community "
      "life at an early stage.",
      "Zuständigkeiten, Meldewege und Ablauf schriftlich festgelegt sind und angewendet werden.",
      "responsibilities, reporting channels and the procedure are written down and applied.", 2),
    I("kom-10", "konflikt",
      "Für Konflikte in der Nachbarschaft gibt es Angebote zur Mediation oder Schlichtung.",
      "Mediation or conciliation services are available for conflicts between neighbours.",
      "ein Mediationsangebot dauerhaft finanziert und bekannt gemacht ist.",
      "a mediation service is permanently funded and publicised."),
    I("kom-11", "konflikt",
      "Die Kommune hat einen Krisenplan für Übergriffe oder Spannungen im Zusammenhang mit "
      "Herkunft oder Religion.",
      "The municipality has a crisis plan for attacks or tensions related to origin or "
      "religion.",
      "der Plan schriftlich vorliegt, Ansprechpersonen benennt und geübt oder nach einem Einsatz "
      "ausgewertet wurde.",
      "the plan is written down, names contact persons and has been rehearsed or reviewed after "
      "use."),
    I("kom-12", "oeffentlichkeitsarbeit",
      "Die Öffentlichkeitsarbeit der Kommune zeigt die Vielfalt der Bevölkerung in Texten und "
      "Bildern.",
      "The municipality's public relations work reflects the diversity of the population in "
      "text and images.",
      "ein Leitfaden für vielfaltsbewusste Kommunikation vorliegt und angewendet wird.",
      "there are guidelines on diversity-aware communication and they are applied."),
    I("kom-13", "oeffentlichkeitsarbeit",
      "Die Kommune informiert die Bevölkerung regelmäßig über Ziele und Ergebnisse ihrer "
      "Integrationsarbeit.",
      "The municipality regularly informs residents about the goals and results of its "
      "integration work.",
      "es einen festen Kommunikationsplan mit jährlichen Berichten oder Veranstaltungen gibt.",
      "there is a set communication plan with annual reports or events."),
    I("kom-14", "oeffentlichkeitsarbeit",
      "Die Kommune erreicht über mehrsprachige Kanäle und Multiplikatorinnen und "
      "Multiplikatoren auch Gruppen, die sie sonst schwer erreicht.",
      "Through multilingual channels and community multipliers the municipality also reaches "
      "groups it otherwise finds hard to reach.",
      "ein Netz von Multiplikatorinnen und Multiplikatoren gepflegt und regelmäßig für "
      "Informationen genutzt wird.",
      "a network of community multipliers is maintained and regularly used to pass on "
      "information."),
]

# ---------------------------------------------------------------------------------------------
# Version 2 (2024): changes against v1.
# ---------------------------------------------------------------------------------------------

# Same id, new text. comparable: "yes" when the meaning is the same, "no" when the reworded item
# asks something materially different. help: None keeps the v1 help text.
REWORDED = {
    "ste-03": {
        "text_de": "Das Integrationskonzept enthält messbare Ziele mit Zielwerten und Fristen, "
                   "deren Erreichung jährlich überprüft wird.",
        "text_en": "The integration concept contains measurable goals with target values and "
                   "deadlines, and progress towards them is reviewed every year.",
        "help": ("für jedes Handlungsfeld Ziele mit Kennzahl, Zielwert und Frist beschlossen "
                 "sind und ein jährlicher Fortschrittsbericht vorliegt.",
                 "every field of action has goals with an indicator, a target value and a "
                 "deadline, and an annual progress report exists."),
        "comparable": "no",
        "note_de": "Inhaltlich geändert: v1 fragte nach dem Vorhandensein eines Konzepts, v2 "
                   "nach messbaren Zielen mit Zielwerten und Fristen.",
        "note_en": "Materially changed: v1 asked whether a concept exists, v2 asks for measurable "
                   "goals with target values and deadlines.",
    },
    "ste-11": {
        "text_de": "Die Kommune führt ein Integrationsmonitoring, das regelmäßig Daten zur Lage "
                   "von Zugewanderten auswertet.",
        "text_en": "The municipality runs an integration monitoring that regularly analyses data "
                   "on the situation of immigrants.",
        "help": None,
        "comparable": "yes",
        "note_de": "Umformuliert (Integrationsmonitoring als Gegenstand vorangestellt); "
                   "Bedeutung gleich.",
        "note_en": "Reworded (integration monitoring put first as the subject); same meaning.",
    },
    "oef-02": {
        "text_de": "In den Stellenausschreibungen der Kommune steht ausdrücklich, dass "
                   "Bewerbungen von Menschen mit Migrationsgeschichte erwünscht sind.",
        "text_en": "The municipality's job advertisements state explicitly that applications from "
                   "people with a migration background are welcome.",
        "help": None,
        "comparable": "yes",
        "note_de": "Umformuliert; Bedeutung gleich.",
        "note_en": "Reworded; same meaning.",
    },
    "oef-06": {
        "text_de": "Alle Beschäftigten der Verwaltung nehmen an einer Fortbildung zu "
                   "Diskriminierungsschutz und Rassismuskritik teil.",
        "text_en": "All administrative staff attend training on protection from discrimination "
                   "and on recognising racism.",
        "help": ("die Fortbildung für alle Beschäftigten verpflichtend ist, die Teilnahme "
                 "nachgehalten wird und neue Beschäftigte sie im ersten Jahr besuchen.",
                 "the training is mandatory for all staff, attendance is tracked and new staff "
                 "attend within their first year."),
        "comparable": "no",
        "note_de": "Inhaltlich geändert: v1 fragte nach einem freiwilligen Angebot zu "
                   "interkultureller Kompetenz, v2 nach einer Pflichtfortbildung für alle zu "
                   "Diskriminierungsschutz und Rassismuskritik.",
        "note_en": "Materially changed: v1 asked about optional training on intercultural "
                   "competence, v2 about mandatory training for all staff on protection from "
                   "discrimination and on racism.",
    },
    "zug-04": {
        "text_de": "In der Kommune gibt es genug Deutschkurse (Integrations- und "
                   "Berufssprachkurse), um den Bedarf zu decken.",
        "text_en": "There are enough German courses (integration and job-related language "
                   "courses) in the municipality to meet demand.",
        "help": None,
        "comparable": "yes",
        "note_de": "Umformuliert, Kursarten als Beispiele genannt; Bedeutung gleich.",
        "note_en": "Reworded with the types of course named as examples; same meaning.",
    },
    "zug-19": {
        "text_de": "Zugewanderte haben Zugang zu einer unabhängigen Beratung in Fragen des "
                   "Aufenthaltsrechts.",
        "text_en": "Immigrants have access to independent advice on matters of residence law.",
        "help": None,
        "comparable": "yes",
        "note_de": "Umformuliert; Bedeutung gleich.",
        "note_en": "Reworded; same meaning.",
    },
    "eng-01": {
        "text_de": "Es gibt einen Integrationsbeirat, einen Integrationsrat oder ein "
                   "vergleichbares Gremium mit festgelegten Mitwirkungsrechten.",
        "text_en": "There is an integration advisory council, an integration council or a "
                   "comparable body with defined rights of participation.",
        "help": None,
        "comparable": "yes",
        "note_de": "Klarstellung, dass vergleichbare Gremien mitzählen (so wurde v1 bereits "
                   "ausgelegt); Bedeutung gleich.",
        "note_en": "Clarifies that comparable bodies count (as v1 was already read); same "
                   "meaning.",
    },
}

DROPPED = {
    "ste-14": ("Gestrichen: wenig aussagekräftig, weil die Mitarbeit in Netzwerken kaum etwas "
               "über die eigene Steuerung sagt.",
               "Dropped: says little, as taking part in networks tells little about the "
               "municipality's own steering."),
    "eng-08": ("Gestrichen: in der Praxis kaum von eng-06 (Begleitung und Anerkennung von "
               "Ehrenamtlichen) zu unterscheiden.",
               "Dropped: in practice hard to tell apart from eng-06 (support and recognition of "
               "volunteers)."),
    "zus-08": ("Gestrichen: die Unterbringung Geflüchteter liegt oft nicht allein bei der "
               "Kommune; die Frage ließ sich nicht einheitlich beantworten.",
               "Dropped: refugee accommodation is often not the municipality's decision alone; "
               "the item could not be answered consistently."),
    "kom-06": ("Gestrichen: durch kom-05 (gebündelte Internetseite) und die neue Frage kom-40 "
               "zu digitalen Diensten abgedeckt.",
               "Dropped: covered by kom-05 (one place on the website) and the new item kom-40 on "
               "digital services."),
}

# New in v2, appended at the end of their field; new ids start at 40 so they never reuse a
# number that v1 used or dropped.
ADDED = [
    (I("oef-40", "antirassismus",
       "Die Kommune hat einen beschlossenen Aktionsplan gegen Rassismus mit Zielen, "
       "Zuständigkeiten und Budget.",
       "The municipality has an adopted action plan against racism with goals, "
       "responsibilities and a budget.",
       "der Aktionsplan vom Rat beschlossen, im Haushalt hinterlegt und seine Umsetzung "
       "jährlich berichtet wird.",
       "the action plan is adopted by the council, funded in the budget and its implementation "
       "is reported every year."),
     "Neu in v2: Aktionsplan gegen Rassismus.",
     "New in v2: action plan against racism."),
    (I("oef-41", "antirassismus",
       "Rassistische Vorfälle in der Kommune werden erfasst, und Betroffene werden an eine "
       "spezialisierte Beratung vermittelt.",
       "Racist incidents in the municipality are recorded and those affected are referred to "
       "specialised counselling.",
       "Meldeweg und Vermittlung schriftlich geregelt sind und die erfassten Vorfälle jährlich "
       "ausgewertet werden.",
       "the reporting and referral route is set out in writing and the recorded incidents are "
       "analysed every year."),
     "Neu in v2: Erfassung rassistischer Vorfälle und Verweisberatung.",
     "New in v2: recording racist incidents and referring those affected."),
    (I("zug-40", "bildung",
       "Es gibt kostenlose Kurse, in denen Zugewanderte lernen, digitale Verwaltungsdienste und "
       "Lernplattformen zu nutzen.",
       "There are free courses in which immigrants learn to use digital public services and "
       "learning platforms.",
       "die Kurse dauerhaft finanziert, mehrsprachig beworben und mit Geräten vor Ort "
       "ausgestattet sind.",
       "the courses are permanently funded, advertised in several languages and equipped with "
       "devices on site."),
     "Neu in v2: digitale Grundbildung als Zugang zu Diensten.",
     "New in v2: digital skills as a route to services."),
    (I("eng-40", "beteiligung",
       "Digitale Beteiligungsangebote der Kommune sind mehrsprachig und ohne Hürden nutzbar.",
       "The municipality's online participation services are multilingual and easy to use.",
       "die Beteiligungsplattform mehrere Sprachen anbietet, barrierearm geprüft ist und ohne "
       "Kundenkonto genutzt werden kann.",
       "the participation platform offers several languages, has been checked for "
       "accessibility and can be used without an account."),
     "Neu in v2: digitale Beteiligung.",
     "New in v2: online participation."),
    (I("kom-40", "digitale_dienste",
       "Online-Dienste der Verwaltung wie Terminbuchung und Anträge sind mehrsprachig und "
       "barrierearm nutzbar.",
       "The administration's online services such as appointment booking and applications can "
       "be used in several languages and with few barriers.",
       "die wichtigsten Online-Dienste in den häufigsten Sprachen vorliegen, auf Barrierefreiheit "
       "geprüft sind und eine Hilfe vor Ort besteht.",
       "the main online services are available in the most common languages, checked for "
       "accessibility and backed by help on site."),
     "Neu in v2: digitaler Zugang zu Verwaltungsdiensten.",
     "New in v2: digital access to public services."),
]

KEPT_NOTE = ("Unverändert übernommen.", "Kept unchanged.")


def field_of(iid):
    prefix = iid.split("-")[0]
    return {p: f for f, p in PREFIX.items()}[prefix]


def with_positions(items):
    out = []
    for pos, item in enumerate(items, start=1):
        row = dict(item)
        row["field"] = field_of(item["id"])
        row["position"] = pos
        out.append(row)
    return out


def build_v2():
    field_order = list(PREFIX)
    by_field = defaultdict(list)
    for item in V1:
        if item["id"] in DROPPED:
            continue
        item = dict(item)
        change = REWORDED.get(item["id"])
        if change:
            item["text_de"] = change["text_de"]
            item["text_en"] = change["text_en"]
            if change["help"]:
                item["help_de"] = f"Gilt als umgesetzt und verankert, wenn {change['help'][0]}"
                item["help_en"] = f"Counts as implemented and embedded when {change['help'][1]}"
        by_field[field_of(item["id"])].append(item)
    for item, _, _ in ADDED:
        by_field[field_of(item["id"])].append(item)
    return [item for f in field_order for item in by_field[f]]


def build_mapping(v2_ids):
    rows = []
    for item in V1:
        iid = item["id"]
        if iid in DROPPED:
            rows.append([iid, "", "no", *DROPPED[iid]])
        elif iid in REWORDED:
            c = REWORDED[iid]
            rows.append([iid, iid, c["comparable"], c["note_de"], c["note_en"]])
        else:
            rows.append([iid, iid, "yes", *KEPT_NOTE])
        assert iid in DROPPED or iid in v2_ids
    for item, note_de, note_en in ADDED:
        rows.append(["", item["id"], "no", note_de, note_en])
    return rows


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


README = """# Selbstcheck „Wie weltoffen sind wir?“ – {demo_de}

**{demo_en_cap}.** The foundation's real Selbstcheck texts are not public. Every item here is our own
wording, modelled on the structure of the self-check of the project "Weltoffene Kommunen" (Bertelsmann
Stiftung and PHINEO): about 100 items across the seven fields of action of `../fields.csv`, rated by
the administration on an ordinal scale, any item may be skipped. Do not present these texts as the
original questionnaire.

Generated by `scripts/selfcheck-questionnaire.py` (Python standard library, deterministic);
`scripts/selfcheck-questionnaire.py --check` re-reads the files, checks the rules below and prints a
summary. Edit the script, not the CSV files.

## Files

All files are UTF-8 CSV, separator `,`, RFC 4180 quoting, `\\n` line ends, header row first.

| file | content |
|---|---|
| `questionnaires.csv` | `version,title_de,title_en,valid_from,note_de,note_en`: one row per version |
| `v1/items.csv`, `v2/items.csv` | the items of one version |
| `mapping-v1-v2.csv` | `v1_item,v2_item,comparable,note_de,note_en`: how v1 items map to v2 |

### Items

`id,field,subtopic,position,text_de,text_en,help_de,help_en,weight`

- `id`: stable item id `<prefix>-<nn>`; the prefix names the field (`ste` steuerung, `oef` oeffnung,
  `zug` zugang, `arb` arbeit, `eng` engagement, `zus` zusammenhalt, `kom` kommunikation). An id
  keeps its meaning across versions; a dropped id is never reused. Items new in v2 are numbered
  from 40 (`zug-40`).
- `field`: id of the field of action in `../fields.csv`.
- `subtopic`: snake_case sub-topic within the field. For `zugang` it is one of `bildung`, `sprache`,
  `arbeit_ausbildung`, `wohnen`, `gesundheit_pflege`, `mobilitaet`, `kultur`, `sport`,
  `sicherheit_recht`.
- `position`: order in the questionnaire, 1..n without gaps.
- `text_de`, `text_en`: a statement the administration rates on the scale below; one thing per item.
- `help_de`, `help_en`: what counts as "umgesetzt und verankert" (3) for this item.
- `weight`: `1`, or `2` for a few core items (at most three per field). Where a field score is
  weighted, a weight-2 item counts twice among the answered items; the `sc_*` indicators of
  `../indicators.csv` are defined as the plain mean of the answered items.

## Answer scale

| code | Deutsch | English | in the field score |
|---|---|---|---|
| `0` | nicht vorhanden | not in place | 0 |
| `1` | geplant | planned | 1 |
| `2` | teilweise umgesetzt | partly implemented | 2 |
| `3` | umgesetzt und verankert | implemented and embedded | 3 |
| `skipped` | übersprungen | skipped | missing, never 0 |
| `dont_know` | weiß nicht | don't know | missing, never 0 |

A field score is the (weighted) mean of the answered items of the field, rescaled to 0–100
(`mean / 3 × 100`), always shown with its coverage (share of the field's items answered with 0–3);
below the coverage threshold (default 60 %) it is shown as insufficient. This is our own model (the
project's domain brief, DOMAIN.md §3), not the foundation's method.

## Versions

| version | valid from | |
|---|---|---|
| `v1` | 2019-11-01 | first edition |
| `v2` | 2024-01-01 | revision: some items reworded, some dropped, new items on digital access and anti-racism |

Our convention: a response belongs to the version valid on the date it was given.

## Mapping v1 → v2

`mapping-v1-v2.csv` has one row per v1 item and one row per item new in v2:

| case | `v1_item` | `v2_item` | `comparable` |
|---|---|---|---|
| kept unchanged | id | same id | `yes` |
| reworded, same meaning | id | same id | `yes` |
| reworded, materially different question | id | same id | `no` |
| dropped | id | empty | `no` |
| new in v2 | empty | id | `no` |

Comparisons across versions (a municipality's v1 answers against its v2 answers, or v1 members
against v2 members) use only the items with `comparable = yes`; field scores for such a comparison are
recomputed on that common item set on both sides.
"""


def generate():
    v1 = with_positions(V1)
    v2 = with_positions(build_v2())
    mapping = build_mapping({i["id"] for i in v2})
    write(OUT / "questionnaires.csv",
          csv_text(QUESTIONNAIRE_COLUMNS, [[q[c] for c in QUESTIONNAIRE_COLUMNS]
                                           for q in QUESTIONNAIRES]))
    for version, items in (("v1", v1), ("v2", v2)):
        write(OUT / version / "items.csv",
              csv_text(ITEM_COLUMNS, [[i[c] for c in ITEM_COLUMNS] for i in items]))
    write(OUT / "mapping-v1-v2.csv", csv_text(MAPPING_COLUMNS, mapping))
    write(OUT / "README.md", README.format(
        demo_de=DEMO_DE, demo_en_cap=DEMO_EN[0].upper() + DEMO_EN[1:]))


# ---------------------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------------------

def read_csv(path, columns, problems):
    if not path.exists():
        problems.append(f"{path.relative_to(ROOT)}: missing")
        return []
    raw = path.read_bytes()
    name = path.relative_to(ROOT)
    if b"\r" in raw:
        problems.append(f"{name}: contains \\r; line ends must be \\n")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{name}: not UTF-8 ({e})")
        return []
    if text.startswith("\ufeff"):
        problems.append(f"{name}: starts with a byte order mark")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or rows[0] != columns:
        problems.append(f"{name}: header is {rows[0] if rows else None}, expected {columns}")
        return []
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            problems.append(f"{name} row {n}: {len(row)} cells, expected {len(columns)}")
            continue
        out.append(dict(zip(columns, row), _row=n))
    return out


def check_items(version, items, field_ids, problems):
    name = f"datasets/selfcheck/{version}/items.csv"
    seen_ids = set()
    texts = {"text_de": {}, "text_en": {}}
    for it in items:
        where = f"{name} row {it['_row']} ({it['id']})"
        iid = it["id"]
        if not ID_RE.match(iid):
            problems.append(f"{where}: id does not match <prefix>-<nn>")
        if iid in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(iid)
        if it["field"] not in field_ids:
            problems.append(f"{where}: field {it['field']!r} not in datasets/fields.csv")
        elif PREFIX.get(it["field"]) != iid.split("-")[0]:
            problems.append(f"{where}: id prefix does not match field {it['field']}")
        sub = it["subtopic"]
        if it["field"] == "zugang":
            if sub not in ZUGANG_SUBTOPICS:
                problems.append(f"{where}: zugang subtopic {sub!r} not in {ZUGANG_SUBTOPICS}")
        elif not SUBTOPIC_RE.match(sub):
            problems.append(f"{where}: subtopic {sub!r} is not snake_case")
        for col in ("text_de", "text_en", "help_de", "help_en"):
            value = it[col]
            if not value.strip():
                problems.append(f"{where}: {col} is empty")
            elif len(value) >= MAX_TEXT:
                problems.append(f"{where}: {col} has {len(value)} characters (max {MAX_TEXT - 1})")
            if value != value.strip() or "  " in value:
                problems.append(f"{where}: {col} has stray whitespace")
        for col in ("text_de", "text_en"):
            key = it[col].strip().casefold()
            if key in texts[col]:
                problems.append(f"{where}: {col} duplicates {texts[col][key]}")
            texts[col][key] = iid
        if it["weight"] not in ("1", "2"):
            problems.append(f"{where}: weight {it['weight']!r} is not 1 or 2")
    positions = []
    for it in items:
        try:
            positions.append(int(it["position"]))
        except ValueError:
            problems.append(f"{name} row {it['_row']}: position {it['position']!r} not a number")
    if sorted(positions) != list(range(1, len(items) + 1)):
        problems.append(f"{name}: positions are not 1..{len(items)} without gaps")
    elif positions != sorted(positions):
        problems.append(f"{name}: rows are not in position order")
    w2 = Counter(it["field"] for it in items if it["weight"] == "2")
    for f, n in w2.items():
        if n > MAX_WEIGHT2_PER_FIELD:
            problems.append(f"{name}: field {f} has {n} weight-2 items (max {MAX_WEIGHT2_PER_FIELD})")
    used = {it["subtopic"] for it in items if it["field"] == "zugang"}
    for sub in ZUGANG_SUBTOPICS:
        if sub not in used:
            problems.append(f"{name}: zugang subtopic {sub} is never used")
    per_field = Counter(it["field"] for it in items)
    for f in field_ids:
        if per_field[f] == 0:
            problems.append(f"{name}: field {f} has no items")
    if not 96 <= len(items) <= 108:
        problems.append(f"{name}: {len(items)} items, expected 96–108")
    if per_field and per_field.most_common(1)[0][0] != "zugang":
        problems.append(f"{name}: zugang is not the largest field")
    # Within a field the items form one block.
    blocks = [it["field"] for it in items]
    changes = [f for i, f in enumerate(blocks) if i == 0 or blocks[i - 1] != f]
    if len(changes) != len(set(changes)):
        problems.append(f"{name}: the items of a field are not contiguous")
    return {it["id"]: it for it in items}


def check(verbose=True):
    problems = []
    fields = read_csv(DATASETS / "fields.csv",
                      ["id", "position", "label_de", "label_en", "short_de", "short_en",
                       "description_de", "description_en"], problems)
    field_ids = [f["id"] for f in sorted(fields, key=lambda f: int(f["position"]))]
    if set(field_ids) != set(PREFIX):
        problems.append(f"datasets/fields.csv: fields {field_ids} differ from {list(PREFIX)}")

    qs = read_csv(OUT / "questionnaires.csv", QUESTIONNAIRE_COLUMNS, problems)
    if [q["version"] for q in qs] != ["v1", "v2"]:
        problems.append("questionnaires.csv: versions are not v1, v2")
    for q in qs:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", q["valid_from"]):
            problems.append(f"questionnaires.csv {q['version']}: valid_from not YYYY-MM-DD")
        if DEMO_DE not in q["title_de"] or DEMO_EN not in q["title_en"]:
            problems.append(f"questionnaires.csv {q['version']}: title lacks the demo label")
        if "eigener Formulierung" not in q["note_de"] or "own wording" not in q["note_en"]:
            problems.append(f"questionnaires.csv {q['version']}: note lacks the demo label")
    if len(qs) == 2 and not qs[0]["valid_from"] < qs[1]["valid_from"]:
        problems.append("questionnaires.csv: valid_from not increasing")

    v1 = check_items("v1", read_csv(OUT / "v1" / "items.csv", ITEM_COLUMNS, problems),
                     field_ids, problems)
    v2 = check_items("v2", read_csv(OUT / "v2" / "items.csv", ITEM_COLUMNS, problems),
                     field_ids, problems)

    for iid in v1.keys() & v2.keys():
        if v1[iid]["field"] != v2[iid]["field"] or v1[iid]["subtopic"] != v2[iid]["subtopic"]:
            problems.append(f"{iid}: field or subtopic differs between v1 and v2")

    mapping = read_csv(OUT / "mapping-v1-v2.csv", MAPPING_COLUMNS, problems)
    mname = "datasets/selfcheck/mapping-v1-v2.csv"
    v1_seen = Counter(m["v1_item"] for m in mapping if m["v1_item"])
    v2_seen = Counter(m["v2_item"] for m in mapping if m["v2_item"])
    kinds = Counter()
    for m in mapping:
        where = f"{mname} row {m['_row']}"
        a, b, comp = m["v1_item"], m["v2_item"], m["comparable"]
        if comp not in ("yes", "no"):
            problems.append(f"{where}: comparable {comp!r} is not yes/no")
        if not m["note_de"].strip() or not m["note_en"].strip():
            problems.append(f"{where}: note is empty")
        if a and a not in v1:
            problems.append(f"{where}: v1_item {a} not in v1")
        if b and b not in v2:
            problems.append(f"{where}: v2_item {b} not in v2")
        if not a and not b:
            problems.append(f"{where}: both items empty")
        elif a and b:
            if a != b:
                problems.append(f"{where}: {a} maps to a different id {b}")
            elif a in v1 and b in v2:
                same = all(v1[a][c] == v2[b][c] for c in ("text_de", "text_en"))
                if same:
                    kinds["kept"] += 1
                    if comp != "yes":
                        problems.append(f"{where}: {a} is unchanged but comparable={comp}")
                    if v1[a]["weight"] != v2[b]["weight"]:
                        problems.append(f"{where}: {a} is unchanged but its weight changed")
                else:
                    kinds["reworded"] += 1
                    kinds[f"reworded_{comp}"] += 1
        elif a:
            kinds["dropped"] += 1
            if a in v2:
                problems.append(f"{where}: {a} is still in v2 but v2_item is empty")
            if comp != "no":
                problems.append(f"{where}: dropped {a} must be comparable=no")
        else:
            kinds["added"] += 1
            if b in v1:
                problems.append(f"{where}: {b} exists in v1 but v1_item is empty")
            if comp != "no":
                problems.append(f"{where}: added {b} must be comparable=no")
        if comp == "yes":
            kinds["comparable"] += 1
    for iid in v1:
        if v1_seen[iid] != 1:
            problems.append(f"{mname}: v1 item {iid} appears {v1_seen[iid]} times (expected 1)")
    for iid in v2:
        if v2_seen[iid] > 1:
            problems.append(f"{mname}: v2 item {iid} appears {v2_seen[iid]} times")
        if iid not in v1:
            rows = [m for m in mapping if m["v2_item"] == iid]
            if len(rows) != 1 or rows[0]["v1_item"]:
                problems.append(f"{mname}: new v2 item {iid} needs exactly one row with empty "
                                "v1_item")
        elif v1_seen[iid] == 1 and not any(m["v1_item"] == iid and m["v2_item"] == iid
                                           for m in mapping):
            problems.append(f"{mname}: {iid} is in v1 and v2 but not mapped to itself")
    # The shape this revision was designed to have.
    for kind, lo, hi in (("reworded", 5, 8), ("dropped", 3, 5), ("added", 4, 6)):
        if not lo <= kinds[kind] <= hi:
            problems.append(f"{mname}: {kinds[kind]} {kind} items, expected {lo}–{hi}")
    if kinds["reworded_no"] != 2:
        problems.append(f"{mname}: {kinds['reworded_no']} reworded items are not comparable, "
                        "expected 2")

    readme = OUT / "README.md"
    if not readme.exists() or DEMO_DE not in readme.read_text(encoding="utf-8"):
        problems.append("datasets/selfcheck/README.md: missing or lacks the demo label")

    if verbose:
        summary(field_ids, v1, v2, kinds, len(mapping))
    for p in problems:
        print(f"PROBLEM: {p}", file=sys.stderr)
    return problems


def summary(field_ids, v1, v2, kinds, mapping_rows):
    print(f"Selbstcheck {DEMO_DE}")
    print(f"{'field':<15}{'v1':>5}{'v1 w2':>7}{'v2':>5}{'v2 w2':>7}")
    for f in field_ids:
        n1 = [i for i in v1.values() if i["field"] == f]
        n2 = [i for i in v2.values() if i["field"] == f]
        print(f"{f:<15}{len(n1):>5}{sum(i['weight'] == '2' for i in n1):>7}"
              f"{len(n2):>5}{sum(i['weight'] == '2' for i in n2):>7}")
    print(f"{'total':<15}{len(v1):>5}{sum(i['weight'] == '2' for i in v1.values()):>7}"
          f"{len(v2):>5}{sum(i['weight'] == '2' for i in v2.values()):>7}")
    zsub = Counter(i["subtopic"] for i in v1.values() if i["field"] == "zugang")
    print("zugang subtopics v1: " + ", ".join(f"{s} {zsub[s]}" for s in ZUGANG_SUBTOPICS))
    print(f"mapping v1→v2 ({mapping_rows} rows): kept {kinds['kept']}, reworded "
          f"{kinds['reworded']} (comparable {kinds['reworded_yes']}, not comparable "
          f"{kinds['reworded_no']}), dropped {kinds['dropped']}, added {kinds['added']}; "
          f"comparable=yes {kinds['comparable']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the written files")
    args = ap.parse_args()
    if not args.check:
        generate()
    problems = check()
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()

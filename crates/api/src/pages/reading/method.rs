//! Methodik (`/methodik`): how scores, normalisation, peer groups and findings are computed, in
//! plain German and English (the substance of the README section "Analysis method").

use axum::extract::{Query, State};
use maud::{Markup, html};
use vergleich_charts::Lang;

use super::common::PageQuery;
use crate::auth::{AuthMethod, Principal};
use crate::pages::{Nav, Page, PageError, href, t};
use crate::state::AppState;

/// Methodik: the method in plain words.
#[utoipa::path(get, path = "/methodik", tag = "pages",
    params(("lang" = Option<String>, Query, description = "de (default) or en")),
    responses((status = 200, description = "Method page", content_type = "text/html")))]
pub async fn method_page(
    State(_state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Markup, PageError> {
    let lang = PageQuery::from_pairs(pairs).lang;
    let body = match lang {
        Lang::De => german(),
        Lang::En => english(),
    };
    let body = html! {
        div.prose { (body) }
        p { (t(lang, "Die Rechenwege im Einzelnen (mit Formeln) stehen in der ", "The computations in detail (with formulas) are in the "))
            a href="/api/v1/docs" { (t(lang, "API-Dokumentation", "API documentation")) }
            (t(lang, "; jede heruntergeladene Tabelle nennt ihre Methode und ihren Datenstand. Zurück zum ", "; every downloaded table names its method and its data state. Back to the "))
            a href=(href(lang, "/")) { (t(lang, "Überblick", "overview")) } ". "
            (t(lang, "Zitierfähige, unveränderliche Datenstände mit offenem Datenpaket: ", "Citable, immutable releases with an open-data package: "))
            a href=(href(lang, "/datenstaende")) { (t(lang, "Datenstände", "releases")) } "." }
    };
    Ok(Page::new(
        lang,
        t(lang, "Methodik", "Method"),
        Nav::Method,
        &principal,
        &method,
        "/methodik",
    )
    .render(body))
}

fn german() -> Markup {
    html! {
        nav.toc aria-label="Inhalt dieser Seite" { ul {
            li { a href="#richtung" { "Richtung" } } li { a href="#vergleich" { "Rang und Vergleich" } }
            li { a href="#punktwert" { "Punktwerte" } } li { a href="#gruppen" { "Vergleichsgruppen" } }
            li { a href="#befunde" { "Befunde" } } li { a href="#verlauf" { "Entwicklung" } } li { a href="#fehlend" { "Fehlende Werte" } }
        } }
        section id="richtung" {
            h2 { "Zuerst die Richtung" }
            p { "Bei manchen Indikatoren ist ein hoher Wert gut (Einbürgerungsquote), bei anderen ein niedriger (Arbeitslosenquote). Bevor wir vergleichen, drehen wir die zweite Art um. Danach heißt überall: Rang 1 ist am besten, 100 Punkte sind das Beste in der Gruppe. Neutrale Indikatoren (zum Beispiel die Einwohnerzahl) werden nur nach Größe geordnet und nicht bewertet." }
        }
        section id="vergleich" {
            h2 { "Rang und Vergleich mit der Gruppe" }
            ul {
                li { strong { "Rang: " } "Wer gleich ist, teilt sich den besseren Platz (1, 2, 2, 4)." }
                li { strong { "Perzentil: " } "Welcher Anteil der Gruppe schlechter liegt (gleiche Werte zählen halb). 50 heißt: genau in der Mitte." }
                li { strong { "Median und mittlere Hälfte: " } "Der Median ist der mittlere Wert der Gruppe; die mittlere Hälfte (Interquartilsabstand) reicht vom Wert, unter dem ein Viertel liegt (Q1), bis zu dem, über dem ein Viertel liegt (Q3)." }
                li { strong { "Abstand zum Median: " } "Wert minus Median; bei Quoten in Prozentpunkten (Pp.), nicht in Prozent von Prozent." }
            }
        }
        section id="punktwert" {
            h2 { "Punktwerte je Handlungsfeld" }
            p { "Jedes Handlungsfeld hat mehrere Indikatoren mit verschiedenen Einheiten (Prozent, Euro, Punkte). Um sie zusammenzufassen, bringen wir jeden auf eine gemeinsame Skala von 0 bis 100 (Normalisierung): die schwächste Kommune der Gruppe erhält 0, die stärkste 100, die anderen liegen im gleichen Verhältnis dazwischen. Sind alle gleich, erhalten alle 50." }
            p { "Der Punktwert des Feldes ist der Durchschnitt dieser Werte, jeder Indikator mit gleichem Gewicht. Zu jedem Punktwert gehört die " strong { "Abdeckung" } ": der Anteil der Indikatoren, für den die Kommune Werte gemeldet hat. Liegt sie unter 60 %, zeigen wir keinen Punktwert, sondern „Datenlage unzureichend“ – eine Zahl aus zu wenigen Werten wäre irreführend." }
            p { "Kontextindikatoren (Einwohnerzahl, Ausländeranteil, Bevölkerungsdichte) gehen nie in Punktwerte ein; sie dienen nur der Bildung von Vergleichsgruppen. Andere Gewichte und Rechenwege (z-Werte, Ränge, geometrisches Mittel) lassen sich über die API wählen; die Sensitivitätsansicht zeigt, wie stark der Rang davon abhängt." }
        }
        section id="gruppen" {
            h2 { "Vergleichsgruppen" }
            p { "Eine Kommune wird immer mit einer Gruppe verglichen, und die Seite sagt, warum diese Kommunen als ähnlich gelten:" }
            ul {
                li { "alle Modellkommunen;" }
                li { "gleiche Art: Städte mit Städten, Landkreise mit Landkreisen;" }
                li { "gleiches Bundesland; Ost oder West;" }
                li { "die ähnlichsten Kommunen (nächste Nachbarn): Einwohnerzahl, Bevölkerungsdichte, Ausländeranteil und Bevölkerungsentwicklung werden so umgerechnet, dass jedes Merkmal gleich zählt; dann wird der durchschnittliche Abstand zwischen zwei Kommunen berechnet. Die fünf mit dem kleinsten Abstand bilden die Gruppe; der Abstand steht dabei (0 = gleich)." }
            }
        }
        section id="befunde" {
            h2 { "Befunde: Stärken und Handlungsbedarf" }
            p { "Für jedes Handlungsfeld vergleichen wir den Punktwert der Kommune mit den anderen Mitgliedern ihrer Vergleichsgruppe. Liegt er über der mittleren Hälfte der Gruppe (über Q3), ist das eine " strong { "Stärke" } "; liegt er darunter (unter Q1), ein " strong { "Handlungsbedarf" } ". Wir nennen höchstens drei von jeder Art, die deutlichsten zuerst, und nur, wenn mindestens drei Vergleichskommunen einen Punktwert haben. Jeder Befund nennt seine Zahlen und die Werte, aus denen der Punktwert besteht." }
            p { "Ein Befund ist ein Hinweis für das Gespräch vor Ort, kein Urteil: Er sagt, wo eine Kommune im Vergleich auffällt, nicht warum." }
        }
        section id="verlauf" {
            h2 { "Entwicklung über die Zeit" }
            p { "Zeitreihen zeigen jeden gemeldeten Jahreswert; ein fehlendes Jahr unterbricht die Linie (es wird nichts erfunden), vorläufige Werte sind hohl gezeichnet. Änderungen bei Quoten stehen in Prozentpunkten. Ändert sich die Definition eines Indikators, steigt seine Definitionsversion; die Zeitreihe ist dort nicht vergleichbar." }
        }
        section id="fehlend" {
            h2 { "Fehlende Werte sind nie null" }
            p { "Fehlt ein Wert (übersprungen, geheim, noch nicht verfügbar, nicht sinnvoll), wird er als fehlend gezeigt, mit Grund, und nie als 0 gerechnet. Jede Grafik nennt, wie viele der Kommunen Daten haben („n von 21“). Vorläufige (V) und geschätzte (G) Werte sind gekennzeichnet; die Seite " a href="/datenqualitaet" { "Datenqualität" } " listet sie." }
            p { "Die mitgelieferten Werte sind " strong { "Beispieldaten (synthetisch)" } ": erzeugt, plausibel, nicht echt." }
        }
    }
}

fn english() -> Markup {
    html! {
        nav.toc aria-label="On this page" { ul {
            li { a href="#richtung" { "Direction" } } li { a href="#vergleich" { "Rank and comparison" } }
            li { a href="#punktwert" { "Scores" } } li { a href="#gruppen" { "Peer groups" } }
            li { a href="#befunde" { "Findings" } } li { a href="#verlauf" { "Trends" } } li { a href="#fehlend" { "Missing values" } }
        } }
        section id="richtung" {
            h2 { "Direction first" }
            p { "For some indicators a high value is good (naturalisation rate), for others a low one (unemployment rate). Before comparing, we turn the second kind around. After that, everywhere: rank 1 is best, 100 points is the best in the group. Neutral indicators (the population, for example) are only ordered by size and never rated." }
        }
        section id="vergleich" {
            h2 { "Rank and comparison with the group" }
            ul {
                li { strong { "Rank: " } "Members with equal values share the better place (1, 2, 2, 4)." }
                li { strong { "Percentile: " } "The share of the group that lies below (equal values count half). 50 means exactly in the middle." }
                li { strong { "Median and middle half: " } "The median is the middle value of the group; the middle half (interquartile range) runs from the value a quarter lies below (Q1) to the one a quarter lies above (Q3)." }
                li { strong { "Distance to the median: " } "value minus median; for rates in percentage points (pp), not percent of percent." }
            }
        }
        section id="punktwert" {
            h2 { "Scores per field of action" }
            p { "Each field of action has several indicators in different units (percent, euro, points). To combine them, we put each on a common scale from 0 to 100 (normalisation): the weakest member of the group gets 0, the strongest 100, the others lie in between in proportion. If all are equal, all get 50." }
            p { "The field's score is the average of these values, each indicator with equal weight. Every score comes with its " strong { "coverage" } ": the share of the indicators the member reported. Below 60 % we show no score but “insufficient data” – a number made from too few values would mislead." }
            p { "Context indicators (population, share of foreign residents, density) never enter a score; they only form peer groups. Other weights and methods (z-scores, ranks, geometric mean) can be chosen through the API; the sensitivity view shows how much a rank depends on them." }
        }
        section id="gruppen" {
            h2 { "Peer groups" }
            p { "A member is always compared with a group, and the page says why these members count as similar:" }
            ul {
                li { "all model municipalities;" }
                li { "same kind: cities with cities, districts with districts;" }
                li { "same federal state; east or west;" }
                li { "the most similar members (nearest neighbours): population, density, share of foreign residents and population change are rescaled so that each counts the same; then the average distance between two members is computed. The five closest form the group; the distance is shown (0 = alike)." }
            }
        }
        section id="befunde" {
            h2 { "Findings: strengths and needs for action" }
            p { "For each field of action we compare the member's score with the other members of its peer group. Above the group's middle half (above Q3) is a " strong { "strength" } "; below it (below Q1) a " strong { "need for action" } ". We name at most three of each, the clearest first, and only when at least three peers have a score. Each finding states its numbers and the values the score is made of." }
            p { "A finding is a prompt for the local discussion, not a verdict: it says where a member stands out in comparison, not why." }
        }
        section id="verlauf" {
            h2 { "Change over time" }
            p { "Time series show every reported yearly value; a missing year breaks the line (nothing is invented), provisional values are drawn hollow. Changes of rates are in percentage points. When an indicator's definition changes, its definition version goes up; the series is not comparable across that point." }
        }
        section id="fehlend" {
            h2 { "Missing is never zero" }
            p { "A missing value (skipped, secret, not yet available, not meaningful) is shown as missing, with its reason, and never counted as 0. Every chart says how many members have data (“n of 21”). Provisional (P) and estimated (E) values are marked; the page " a href="/datenqualitaet?lang=en" { "Data quality" } " lists them." }
            p { "The shipped values are " strong { "sample data (synthetic)" } ": generated, plausible, not real." }
        }
    }
}

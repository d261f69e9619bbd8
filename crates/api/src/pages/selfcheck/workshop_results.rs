//! A workshop's results as HTML, shared by the live page, the facilitator's page and the
//! round page: ballots per perspective, per field the distribution, median, spread and
//! consensus, the split by perspective, the gap to the administration's self-assessment, the
//! agreed values and the anonymous comments. Hidden cells say why.

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::selfcheck::workshop::{Cell, HIDDEN_DE, HIDDEN_EN, Perspective};
use vergleich_service::workflow::selfcheck_workshop_view::{WorkshopFieldView, WorkshopView};

use crate::pages::workflow::number;
use crate::pages::{href, t};

fn median_text(lang: Lang, cell: &Cell) -> String {
    cell.result
        .as_ref()
        .and_then(|r| r.median)
        .map_or_else(|| "–".to_owned(), |m| number(lang, m))
}

fn points(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(
        || t(lang, "keine Daten", "no data").to_owned(),
        |p| number(lang, (p * 10.0).round() / 10.0),
    )
}

fn signed(lang: Lang, v: Option<f64>) -> String {
    match v {
        Some(g) => {
            let g = (g * 10.0).round() / 10.0;
            let sign = if g > 0.0 {
                "+"
            } else if g < 0.0 {
                "−"
            } else {
                "±"
            };
            format!("{sign}{}", number(lang, g.abs()))
        }
        None => "–".to_owned(),
    }
}

/// A hidden cell: "ausgeblendet (< 3)" — `n` ballots, fewer than three of them on the scale.
fn hidden(lang: Lang, n: usize) -> Markup {
    if n == 0 {
        return html! { span.insufficient { (t(lang, "noch keine Stimmen", "no ballots yet")) } };
    }
    html! {
        span.insufficient title=(format!("{} ({n} {})", t(lang, HIDDEN_DE, HIDDEN_EN), t(lang, "Stimmen", "ballots"))) {
            (t(lang, "ausgeblendet (< 3)", "hidden (< 3)"))
        }
    }
}

fn distribution(lang: Lang, f: &WorkshopFieldView) -> Markup {
    html! {
        @match &f.all.result {
            Some(r) => {
                (r.counts[0]) " / " (r.counts[1]) " / " (r.counts[2]) " / " (r.counts[3])
                @if r.dont_know + r.skipped > 0 {
                    br; span.hint { (r.dont_know) (t(lang, " weiß nicht", " don't know")) }
                }
            }
            None => (hidden(lang, f.all.n)),
        }
    }
}

fn chart_links(base: &str, chart: &str, lang: Lang) -> Markup {
    let query = format!("?chart={chart}{}", t(lang, "", "&lang=en"));
    html! {
        p.downloads {
            a href=(format!("{base}.png{query}")) { "PNG" }
            a href=(format!("{base}.svg{query}")) { "SVG" }
            a href=(format!("{base}.csv{}", t(lang, "", "?lang=en"))) { "CSV" }
            a href=(format!("{base}.xlsx{}", t(lang, "", "?lang=en"))) { "XLSX" }
        }
    }
}

/// The results of one workshop. `anchor_fields`: link field names to the round's field pages;
/// `api`: the API address of these results (charts and tables under it).
pub fn results(
    v: &WorkshopView,
    lang: Lang,
    anchor_fields: bool,
    api: &str,
    charts: super::charts::WorkshopCharts,
) -> Markup {
    let demo = v.workshop.synthetic;
    let super::charts::WorkshopCharts { workshop, gap } = charts;
    let perspectives: Vec<Perspective> = v.perspectives.iter().map(|p| p.perspective).collect();
    let any_admin = v.fields.iter().any(|f| f.administration.is_some());
    let any_outcome = v.fields.iter().any(|f| f.outcome.is_some());
    html! {
        @if demo { p.demo { (t(lang, vergleich_domain::SYNTHETIC_LABEL_DE, vergleich_domain::SYNTHETIC_LABEL_EN)) ": " (t(lang, "erfundene Stimmen und Kommentare.", "invented ballots and comments.")) } }
        p {
            strong { (v.workshop.ballots) (t(lang, " Stimmen", " ballots")) }
            @if !v.perspectives.is_empty() {
                ": "
                @for (i, p) in v.perspectives.iter().enumerate() {
                    @if i > 0 { " · " }
                    (t(lang, p.label_de, p.label_en)) " " (p.ballots)
                }
            }
            @if v.workshop.state == vergleich_store::workshops::WorkshopState::Closed {
                " · " span.state.state-published { (t(lang, "geschlossen", "closed")) }
            }
        }
        h2 { (t(lang, "Bewertung je Handlungsfeld", "Rating per field")) }
        div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Bewertung je Handlungsfeld", "Rating per field")) {
            table {
                thead { tr {
                    th scope="col" { (t(lang, "Handlungsfeld", "Field")) }
                    th scope="col" { (t(lang, "Stimmen 0/1/2/3", "Ballots 0/1/2/3")) }
                    th.num scope="col" { "Median" }
                    th.num scope="col" { (t(lang, "Streuung (IQR)", "Spread (IQR)")) }
                    th scope="col" { (t(lang, "Einigkeit", "Consensus")) }
                } }
                tbody {
                    @for f in &v.fields {
                        tr {
                            th scope="row" {
                                @if anchor_fields {
                                    a href=(href(lang, &format!("/selbstcheck/runde/{}?feld={}", v.workshop.round_id, f.field))) { (t(lang, &f.label_de, &f.label_en)) }
                                } @else { (t(lang, &f.label_de, &f.label_en)) }
                            }
                            td { (distribution(lang, f)) }
                            td.num { (median_text(lang, &f.all)) }
                            td.num { (f.all.result.as_ref().and_then(|r| r.iqr).map_or_else(|| "–".to_owned(), |i| number(lang, i))) }
                            td { (f.all.result.as_ref().map_or("–", |r| t(lang, r.consensus.label_de(), r.consensus.label_en()))) }
                        }
                    }
                }
            }
        }
        @if v.workshop.ballots > 0 {
            (crate::pages::concept::charts::figure(workshop, chart_links(api, "workshop", lang), lang))
        }
        p.hint { (t(lang, "Skala 0 nicht vorhanden bis 3 umgesetzt und verankert; „weiß nicht“ zählt nicht. Uneinig: der mittlere Bereich der Stimmen (IQR) ist eine Stufe oder breiter. Verteilungen aus weniger als 3 Stimmen werden nicht gezeigt — sonst wäre erkennbar, wer wie abgestimmt hat.",
            "Scale 0 not in place to 3 implemented and embedded; \"don't know\" does not count. Disagreed: the middle half of the ballots (IQR) spans a step or more. Distributions of fewer than 3 ballots are not shown — otherwise who voted what could be told.")) }
        @if !perspectives.is_empty() {
            h2 { (t(lang, "Nach Perspektive (Median)", "By perspective (median)")) }
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Nach Perspektive", "By perspective")) {
                table {
                    thead { tr {
                        th scope="col" { (t(lang, "Handlungsfeld", "Field")) }
                        @for p in &perspectives { th.num scope="col" { (t(lang, p.label_de(), p.label_en())) } }
                    } }
                    tbody {
                        @for f in &v.fields {
                            tr {
                                th scope="row" { (t(lang, &f.label_de, &f.label_en)) }
                                @for p in &perspectives {
                                    td.num {
                                        @match f.by_perspective.iter().find(|c| c.perspective == *p) {
                                            Some(c) if c.cell.result.is_some() => (median_text(lang, &c.cell)),
                                            Some(c) => (hidden(lang, c.cell.n)),
                                            None => "–",
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if any_admin {
            h2 { (t(lang, "Selbsteinschätzung der Verwaltung und Workshop", "Administration's self-assessment and workshop")) }
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Abstand", "Gap")) {
                table {
                    thead { tr {
                        th scope="col" { (t(lang, "Handlungsfeld", "Field")) }
                        th.num scope="col" { (t(lang, "Verwaltung (0–100)", "Administration (0–100)")) }
                        th.num scope="col" { (t(lang, "Workshop (0–100)", "Workshop (0–100)")) }
                        th.num scope="col" { (t(lang, "Abstand (Punkte)", "Gap (points)")) }
                    } }
                    tbody {
                        @for f in &v.fields {
                            tr {
                                th scope="row" { (t(lang, &f.label_de, &f.label_en)) }
                                td.num { (points(lang, f.administration)) }
                                td.num { (points(lang, f.workshop)) }
                                td.num { (signed(lang, f.gap)) }
                            }
                        }
                    }
                }
            }
            @if let Some(gap) = gap {
                (crate::pages::concept::charts::figure(gap, chart_links(api, "gap", lang), lang))
            }
            p.hint { (t(lang, "Workshop: Median der Stimmen, umgerechnet auf 0–100 (Stufe / 3 × 100). Ein negativer Abstand heißt: der Workshop sieht die Kommune schwächer als die Verwaltung.",
                "Workshop: median of the ballots rescaled to 0–100 (level / 3 × 100). A negative gap means the workshop sees the municipality weaker than the administration does.")) }
        }
        @if any_outcome {
            h2 { (t(lang, "Vereinbarte Einschätzung", "Agreed assessment")) }
            dl.outcomes {
                @for f in &v.fields {
                    @if let Some(o) = &f.outcome {
                        dt { (t(lang, &f.label_de, &f.label_en)) ": " strong { (o.agreed.code()) " – " (t(lang, o.agreed_label_de, o.agreed_label_en)) } }
                        dd { (o.rationale) }
                    }
                }
            }
        }
        @if v.fields.iter().any(|f| !f.comments.is_empty()) {
            h2 { (t(lang, "Genannte Lücken", "Gaps named")) }
            p.hint { (t(lang, "Anonym, ohne Perspektive und Zeitpunkt.", "Anonymous, without perspective or time.")) }
            @for f in v.fields.iter().filter(|f| !f.comments.is_empty()) {
                h3 { (t(lang, &f.label_de, &f.label_en)) }
                ul.comments {
                    @for c in &f.comments {
                        li {
                            (c.text)
                            @if c.need { " " span.state.state-approved { (t(lang, "Handlungsbedarf", "need for action")) } }
                        }
                    }
                }
            }
        }
    }
}

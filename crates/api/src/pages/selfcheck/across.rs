//! The Selbstcheck across members in the pages: one item across the members' latest published
//! rounds (`/selbstcheck/frage/{item}`), and on a member's Selbstcheck page what the members
//! strong in a field have that it lacks, and its change between rounds.

use axum::extract::Path;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_service::workflow::selfcheck_across::PeersView;

use crate::pages::reading::common::{Reading, not_found};
use crate::pages::workflow::number;
use crate::pages::{Nav, Page, PageError, href, t};

fn level(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(
        || t(lang, "nicht beantwortet", "not answered").to_owned(),
        |m| number(lang, m),
    )
}

/// The gaps and the change of a member, for its Selbstcheck page.
pub fn peers_section(v: &PeersView, lang: Lang) -> Markup {
    let with_gaps: Vec<_> = v.gaps.iter().filter(|g| !g.items.is_empty()).collect();
    html! {
        @if v.round.is_some() {
            h2 id="luecken" { (t(lang, "Was starke Kommunen haben, das hier fehlt", "What strong members have that is missing here")) }
            p.hint { (t(lang, "Je Handlungsfeld: Kommunen mit einem Wert ab dem oberen Quartil aller veröffentlichten Runden (neueste Runde je Kommune). Eine Frage zählt als Lücke, wenn der Median hier unter dem der starken Kommunen liegt und mindestens die Hälfte von ihnen sie mindestens teilweise umgesetzt hat.",
                "Per field: members scoring at least the upper quartile of all published rounds (latest round per member). An item is a gap when its median here is below the strong members' median and at least half of them have it at least partly implemented.")) }
            @if with_gaps.is_empty() {
                p { (t(lang, "Keine Lücken gegenüber den starken Kommunen.", "No gaps against the strong members.")) }
            }
            @for g in with_gaps {
                h3 { (t(lang, &g.label_de, &g.label_en)) }
                p {
                    (t(lang, "Stark: ", "Strong: ")) (g.strong.join(", "))
                    @if let Some(th) = g.threshold { " (" (t(lang, "ab ", "from ")) (number(lang, (th * 10.0).round() / 10.0)) ")" }
                }
                div.table-wrap tabindex="0" role="region" aria-label=(t(lang, &g.label_de, &g.label_en)) {
                    table {
                        thead { tr {
                            th scope="col" { (t(lang, "Frage", "Item")) }
                            th scope="col" { (t(lang, "Hier (Median)", "Here (median)")) }
                            th scope="col" { (t(lang, "Starke (Median)", "Strong (median)")) }
                            th scope="col" { (t(lang, "Starke mit mind. teilweise", "Strong with at least partly")) }
                        } }
                        tbody {
                            @for i in &g.items {
                                tr {
                                    td { a href=(href(lang, &format!("/selbstcheck/frage/{}", i.item))) { span.item-id { (i.item) } } " " (t(lang, &i.text_de, &i.text_en)) }
                                    td.num { (level(lang, i.mine)) }
                                    td.num { (number(lang, i.strong)) }
                                    td.num { (i.strong_with) (t(lang, " von ", " of ")) (i.strong_of) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let (Some(from), Some(to)) = (&v.change_from, &v.change_to) {
            h2 id="veraenderung" { (t(lang, "Veränderung ", "Change ")) (from) " → " (to) }
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Veränderung", "Change")) {
                table {
                    thead { tr {
                        th scope="col" { (t(lang, "Handlungsfeld", "Field")) }
                        th scope="col" { (from) }
                        th scope="col" { (to) }
                        th scope="col" { (t(lang, "Fragen verändert", "Items changed")) }
                    } }
                    tbody {
                        @for c in &v.changes {
                            tr {
                                th scope="row" { (t(lang, &c.label_de, &c.label_en)) }
                                td.num { (c.from.map_or_else(|| "–".to_owned(), |s| number(lang, (s * 10.0).round() / 10.0))) }
                                td.num { (c.to.map_or_else(|| "–".to_owned(), |s| number(lang, (s * 10.0).round() / 10.0))) }
                                td {
                                    @for (i, ch) in c.items.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a href=(href(lang, &format!("/selbstcheck/frage/{}", ch.item))) { (ch.item) } " " (number(lang, ch.from)) "→" (number(lang, ch.to))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One item across the members' latest published rounds.
#[utoipa::path(get, path = "/selbstcheck/frage/{item}", tag = "pages",
    params(
        ("item" = String, Path, description = "Item id, e.g. zug-03"),
        ("lang" = Option<String>, Query, description = "`de` (default) or `en`"),
    ),
    responses(
        (status = 200, description = "The item across members", content_type = "text/html"),
        (status = 404, description = "No such item", content_type = "text/html")))]
pub async fn item_page(page: Reading, Path(item): Path<String>) -> Result<Markup, PageError> {
    let lang = page.q.lang;
    let v = page
        .state
        .workflow()
        .selfcheck_item(&page.state.selfcheck, &item, page.q.get("fragebogen"))
        .await
        .map_err(|_| {
            not_found(
                lang,
                &format!("Die Frage „{item}“"),
                &format!("item \"{item}\""),
            )
        })?;
    let body = html! {
        p.lead { span.item-id { (v.item) } " " (t(lang, &v.text_de, &v.text_en)) " (" (t(lang, "Fragebogen ", "questionnaire ")) (v.questionnaire) ")" }
        p.demo { (t(lang, "Demo-Fragebogen in eigener Formulierung; die Antworten der mitgelieferten Runden sind Beispieldaten (synthetisch).",
            "Demo questionnaire in our own wording; the answers of the shipped rounds are synthetic demo data.")) }
        @if v.answered == 0 {
            p { (t(lang, "Noch keine veröffentlichte Antwort auf diese Frage.", "No published answer to this item yet.")) }
        }
        ul { @for (de, en) in v.summary_de.iter().zip(&v.summary_en) { li { strong { (t(lang, de, en)) } } } }
        p.hint { (t(lang, &v.note_de, &v.note_en)) " "
            (t(lang, "Stufe einer Kommune: der Median ihrer Ausfüllenden, abgerundet (1,5 zählt als „geplant“).",
                "A member's step: the median of its raters, rounded down (1.5 counts as \"planned\").")) }
        div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Kommunen", "Members")) {
            table {
                thead { tr {
                    th scope="col" { (t(lang, "Kommune", "Member")) }
                    th scope="col" { (t(lang, "Runde", "Round")) }
                    th scope="col" { (t(lang, "Median (0–3)", "Median (0–3)")) }
                } }
                tbody {
                    @for m in &v.by_member {
                        tr {
                            th scope="row" { a href=(href(lang, &format!("/selbstcheck/{}", m.municipality))) { (m.name) } }
                            td { (m.round) " (" (m.questionnaire) ")" }
                            td.num {
                                @if m.comparable { (level(lang, m.median)) } @else { (t(lang, "nicht vergleichbar", "not comparable")) }
                            }
                        }
                    }
                }
            }
        }
        p.downloads {
            a href=(format!("/api/v1/selfcheck/items/{}", v.item)) { "JSON" }
            a href=(format!("/api/v1/selfcheck/items/{}.csv", v.item)) { "CSV" }
            a href=(format!("/api/v1/selfcheck/items/{}.xlsx", v.item)) { "XLSX" }
        }
    };
    let title = match lang {
        Lang::De => format!("Selbstcheck-Frage {}", v.item),
        Lang::En => format!("Self-check item {}", v.item),
    };
    Ok(Page::new(
        lang,
        title,
        Nav::Municipality,
        &page.principal,
        &page.method,
        format!("/selbstcheck/frage/{item}"),
    )
    .render(body))
}

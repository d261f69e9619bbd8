//! Konzepte (`/konzepte`): every member's current Integrationskonzept with its targets by
//! state and its warnings (the managers' overview, readable by all for published concepts),
//! which members work on each Handlungsfeld, targets on the same indicator side by side, and a
//! measure search by field, status and keyword.

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::concept::MeasureStatus;
use vergleich_service::workflow::concept_across::{ConceptsAcross, MeasureQuery, folded};

use super::{opt_date, state_class, state_text, value, version_badges};
use crate::pages::reading::common::{PageQuery, Reading};
use crate::pages::{Nav, PageError, href, t};

/// Integrationskonzepte across members, with a measure search.
#[utoipa::path(get, path = "/konzepte", tag = "pages",
    params(
        ("feld" = Option<String>, Query, description = "Measures of this Handlungsfeld"),
        ("status" = Option<String>, Query, description = "Measures in this status"),
        ("q" = Option<String>, Query, description = "Keyword in a measure's title or owner"),
        ("lang" = Option<String>, Query, description = "`de` (default) or `en`"),
    ),
    responses((status = 200, description = "Concepts across members", content_type = "text/html")))]
pub async fn across_page(page: Reading) -> Result<Markup, PageError> {
    let Reading {
        state,
        principal,
        method,
        q,
    } = page;
    let lang = q.lang;
    let query = MeasureQuery {
        field: q.feld.clone(),
        status: q.get("status").and_then(|s| MeasureStatus::parse(s).ok()),
        keyword: q.get("q").map(|k| k.chars().take(100).collect()),
    };
    let across = state
        .workflow()
        .concepts_across(&principal, &query, crate::routes::concepts::clock())
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let body = body(&across, &q, &query, lang);
    let title = t(
        lang,
        "Integrationskonzepte der Modellkommunen",
        "Integration concepts of the model municipalities",
    );
    Ok(
        crate::pages::Page::new(lang, title, Nav::Concepts, &principal, &method, "/konzepte")
            .render(body),
    )
}

fn body(a: &ConceptsAcross, q: &PageQuery, query: &MeasureQuery, lang: Lang) -> Markup {
    html! {
        p.lead { (t(lang, "Was die Kommunen erreichen wollen und was sie dafür tun: Stand der Zielwerte aus den veröffentlichten Daten, Hinweise, wo ein Konzept veraltet, und Maßnahmen zum Nachahmen.",
            "What the members want to reach and what they do about it: targets measured against the published data, warnings where a concept ages, and measures to learn from.")) }
        h2 { (t(lang, "Konzepte und Hinweise", "Concepts and warnings")) }
        div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Konzepte", "Concepts")) {
            table {
                thead { tr {
                    th scope="col" { (t(lang, "Kommune", "Member")) }
                    th scope="col" { (t(lang, "Fassung", "Version")) }
                    th scope="col" { (t(lang, "Überprüfung", "Review")) }
                    th scope="col" { (t(lang, "Zielwerte", "Targets")) }
                    th scope="col" { (t(lang, "Hinweise", "Warnings")) }
                } }
                tbody {
                    @for m in &a.members {
                        @let c = &m.current.targets;
                        tr {
                            td { a href=(href(lang, &format!("/konzept/{}", m.municipality))) { (m.name) } }
                            td {
                                (m.current.version.label) " " (version_badges(lang, &m.current.version))
                                @if !m.drafts.is_empty() { br; span.hint { (t(lang, "Entwürfe: ", "drafts: ")) (m.drafts.join(", ")) } }
                            }
                            td { (opt_date(lang, m.current.version.review_on)) }
                            td {
                                (c.reached) (t(lang, " erreicht · ", " reached · "))
                                (c.on_track) (t(lang, " im Plan · ", " on track · "))
                                (c.behind) (t(lang, " im Rückstand · ", " behind · "))
                                (c.no_data) (t(lang, " ohne Daten", " no data"))
                            }
                            td {
                                @if m.current.warnings.is_empty() { "–" }
                                @else {
                                    details {
                                        summary { (m.current.warnings.len()) (t(lang, " Hinweise", " warnings")) }
                                        ul { @for w in &m.current.warnings { li { (t(lang, &w.at, &w.at_en)) ": " (t(lang, &w.message_de, &w.message_en)) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (t(lang, "Wer arbeitet woran?", "Who works on what?")) }
        div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Handlungsfelder", "Fields of action")) {
            table {
                thead { tr {
                    th scope="col" { (t(lang, "Handlungsfeld", "Field of action")) }
                    th scope="col" { (t(lang, "Ziele", "Goals")) }
                    th scope="col" { (t(lang, "Maßnahmen", "Measures")) }
                    th scope="col" { (t(lang, "Kommunen mit Zielen", "Members with goals")) }
                } }
                tbody {
                    @for f in &a.fields {
                        tr {
                            td { a href=(href(lang, &format!("/konzepte?feld={}#suche", f.field))) { (t(lang, &f.label_de, &f.label_en)) } }
                            td.num { (f.goals) }
                            td.num { (f.measures) }
                            td { @if f.members.is_empty() { span.insufficient { (t(lang, "noch keine", "none yet")) } } @else { (f.members.join(", ")) } }
                        }
                    }
                }
            }
        }
        h2 { (t(lang, "Zielwerte auf demselben Indikator", "Targets on the same indicator")) }
        @for ind in &a.targets {
            h3 { a href=(href(lang, &format!("/indikator/{}", ind.indicator))) { (t(lang, &ind.label_de, &ind.label_en)) } }
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, &ind.label_de, &ind.label_en)) {
                table {
                    thead { tr {
                        th scope="col" { (t(lang, "Kommune", "Member")) }
                        th scope="col" { (t(lang, "Ziel", "Goal")) }
                        th scope="col" { (t(lang, "Basis", "Baseline")) }
                        th scope="col" { (t(lang, "Ist", "Actual")) }
                        th scope="col" { (t(lang, "Zielwert", "Target")) }
                        th scope="col" { (t(lang, "Stand", "State")) }
                    } }
                    tbody {
                        @for x in &ind.targets {
                            tr {
                                td { a href=(href(lang, &format!("/konzept/{}", x.municipality))) { (x.member) } }
                                td { (x.goal) }
                                td.num { (value(lang, x.target.baseline, &ind.unit)) " (" (x.target.baseline_year) ")" }
                                td.num { @match &x.target.actual { Some(v) => { (value(lang, v.value, &ind.unit)) " (" (v.year) ")" }, None => span.insufficient { (t(lang, "keine Daten", "no data")) } } }
                                td.num { (value(lang, x.target.target, &ind.unit)) " (" (x.target.target_year) ")" }
                                td { span class=(state_class(x.target.state)) { (state_text(lang, x.target.state)) } }
                            }
                        }
                    }
                }
            }
        }
        h2 id="suche" { (t(lang, "Maßnahmen suchen", "Search measures")) }
        form.template-form method="get" action="/konzepte#suche" role="search" {
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            label for="feld" { (t(lang, "Handlungsfeld", "Field")) }
            select id="feld" name="feld" {
                option value="" { (t(lang, "alle", "all")) }
                @for f in &a.fields { option value=(f.field) selected[query.field.as_deref() == Some(f.field.as_str())] { (t(lang, &f.label_de, &f.label_en)) } }
            }
            label for="status" { (t(lang, "Status", "Status")) }
            select id="status" name="status" {
                option value="" { (t(lang, "alle", "all")) }
                @for s in MeasureStatus::ALL { option value=(s.as_str()) selected[query.status == Some(s)] { (t(lang, s.label_de(), s.label_en())) } }
            }
            label for="q" { (t(lang, "Stichwort", "Keyword")) }
            input type="search" id="q" name="q" value=(q.get("q").unwrap_or_default()) maxlength="100";
            button type="submit" { (t(lang, "Suchen", "Search")) }
        }
        p { (a.measures.len()) (t(lang, " Maßnahmen gefunden", " measures found"))
            @if let Some(k) = &query.keyword { (t(lang, " für „", " for \"")) (k) (t(lang, "“ (ohne Groß-/Kleinschreibung und Umlaute: ", "\" (ignoring case and umlauts: ")) (folded(k)) ")" } }
        @if !a.measures.is_empty() {
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Gefundene Maßnahmen", "Measures found")) {
                table {
                    thead { tr {
                        th scope="col" { (t(lang, "Kommune", "Member")) }
                        th scope="col" { (t(lang, "Maßnahme", "Measure")) }
                        th scope="col" { (t(lang, "Status", "Status")) }
                        th scope="col" { (t(lang, "Verantwortlich", "Owner")) }
                        th scope="col" { (t(lang, "Handlungsfelder", "Fields")) }
                    } }
                    tbody {
                        @for m in &a.measures {
                            tr {
                                td { a href=(href(lang, &format!("/konzept/{}?fassung={}#massnahme-{}", m.municipality, m.version, m.id))) { (m.member) } }
                                td { (m.title) }
                                td { (MeasureStatus::parse(&m.status).map(|s| t(lang, s.label_de(), s.label_en())).unwrap_or("")) }
                                td { (m.owner.clone().unwrap_or_default()) }
                                td { (m.fields.join(", ")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

//! Überblick (`/`): the heat map of members × fields for the latest year, coverage at a glance
//! (n of N reported per field and indicator), the cohort with each member's status, and links
//! on to every member and indicator.

use axum::extract::{Query, State};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::{IndicatorKind, MembershipStatus};

use super::common::{PageQuery, chart_error, data_state, label, view_error, with_data};
use super::figure::{Downloads, figure};
use crate::auth::{AuthMethod, Principal};
use crate::pages::{Nav, PageError, href, t};
use crate::state::AppState;
use vergleich_service::views::coverage::{CoverageFilter, coverage};
use vergleich_service::views::scores::all_fields;
use vergleich_service::{ViewData, ViewQuery};

/// Überblick: heat map of the field scores, coverage, the cohort (HTML, German; `?lang=en`).
#[utoipa::path(get, path = "/", tag = "pages",
    params(
        ("lang" = Option<String>, Query, description = "de (default) or en"),
        ("jahr" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
    ),
    responses((status = 200, description = "Overview page", content_type = "text/html")))]
pub async fn overview(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Markup, PageError> {
    let q = PageQuery::from_pairs(pairs);
    let lang = q.lang;
    let asked = q.jahr;
    let cohort = q.get("kohorte").map(str::to_owned);
    let named = cohort.clone();
    let body = with_data(&state, &principal, &q, move |data| {
        body(data, asked, named.as_deref(), lang)
    })
    .await?;
    let mut pairs: Vec<String> = asked.map(|y| format!("jahr={y}")).into_iter().collect();
    pairs.extend(cohort.map(|c| format!("kohorte={c}")));
    let path = if pairs.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{}", pairs.join("&"))
    };
    Ok(super::common::page(
        &q,
        t(lang, "Überblick", "Overview"),
        Nav::Overview,
        &principal,
        &method,
        &path,
        body,
    ))
}

fn body(
    data: &ViewData,
    asked: Option<i32>,
    cohort: Option<&str>,
    lang: Lang,
) -> Result<Markup, PageError> {
    if data.years.is_empty() {
        // A fresh installation without demo data: the cohort, and what to do next.
        return Ok(html! {
            p.notice { (t(lang, "Es sind noch keine Daten sichtbar. Sobald Kommunen Werte hochladen und diese veröffentlicht sind, erscheinen hier die Vergleiche.",
                "No data is visible yet. Once members upload values and they are published, the comparisons appear here.")) }
            section aria-labelledby="h-cohort" {
                h2 id="h-cohort" { (t(lang, "Kohorte: ", "Cohort: ")) (data.cohort.municipalities.len()) (t(lang, " Kommunen", " members")) }
                (cohort_table(data, lang))
            }
        });
    }
    let year = super::common::year(data, asked, lang)?;
    let q = ViewQuery {
        year: Some(year),
        from: Some(year),
        to: Some(year),
        lang,
        cohort: cohort.map(str::to_owned),
        ..ViewQuery::default()
    };
    let scoped =
        vergleich_service::groups::scoped_cohort(data, cohort).map_err(|e| view_error(e, lang))?;
    let spec = all_fields(data, &q)
        .map_err(|e| view_error(e, lang))?
        .chart_spec(data, &q.look());
    let downloads = Downloads::new(data, "/api/v1/field-scores").with("year", year.to_string());
    let heatmap =
        figure(&spec, Some(&downloads), lang, "wide").map_err(|e| chart_error(e, lang))?;
    let all = CoverageFilter {
        limit: 0,
        ..CoverageFilter::default()
    };
    let coverage = coverage(data, &q, &all)
        .map_err(|e| view_error(e, lang))?
        .matrix;
    let n_total = coverage.group.size;
    let reported = |id: &vergleich_domain::IndicatorId| {
        coverage
            .totals
            .iter()
            .find(|c| &c.indicator == id)
            .map_or(0, |c| c.reported)
    };
    let mut fields: Vec<_> = data.catalogue.fields.iter().collect();
    fields.sort_by_key(|f| f.position);
    let context: Vec<_> = data
        .catalogue
        .indicators
        .iter()
        .filter(|i| i.kind == IndicatorKind::Context)
        .collect();
    // A field an admin added has no indicators at first: it stays in the heat map (every cell
    // "too few values") and is named here, so nobody reads its blank column as missing data.
    let empty: Vec<&str> = fields
        .iter()
        .filter(|f| {
            !data
                .catalogue
                .indicators
                .iter()
                .any(|i| i.field.as_ref() == Some(&f.id))
        })
        .map(|f| t(lang, &f.label_de, &f.label_en))
        .collect();
    let (members, n_fields) = (scoped.in_year(year).municipalities.len(), fields.len());
    Ok(html! {
        p.lead {
            @if lang == vergleich_charts::Lang::En {
                "The " (members) " model municipalities of “Weltoffene Kommunen” compared: " (n_fields)
                " fields of action, self-check and official statistics. Choose a member or an indicator to see more."
            } @else {
                "Die " (members) " Modellkommunen von „Weltoffene Kommunen“ im Vergleich: " (n_fields)
                " Handlungsfelder, Selbstcheck und amtliche Statistik. Wählen Sie eine Kommune oder einen Indikator, um mehr zu sehen."
            }
        }
        @if let Some(c) = cohort {
            p.notice { (t(lang, "Kohorte ", "Cohort ")) code { (c) } (t(lang, ": es zählen nur ihre Mitglieder des Jahres ", ": only its members of ")) (year) ". "
                a href=(href(lang, "/")) { (t(lang, "Alle Mitglieder zeigen", "Show every member")) } }
        }
        (data_state(data, lang))
        (year_form(data, year, lang))
        (super::common::year_note(data, year, lang, |y| href(lang, &format!("/?jahr={y}"))))
        section aria-labelledby="h-heatmap" {
            h2 id="h-heatmap" { (t(lang, "Punktwerte je Handlungsfeld", "Scores per field of action")) " " (year) }
            p { (t(lang, "Jede Zelle ist der Punktwert (0 bis 100) einer Kommune in einem Handlungsfeld. Grau: keine Daten; schraffiert: zu wenige Werte für einen Punktwert. Wie der Punktwert entsteht, erklärt die ",
                "Each cell is a member's score (0 to 100) in a field of action. Grey: no data; hatched: too few values for a score. How a score is made is explained on the "))
                a href=(href(lang, "/methodik")) { (t(lang, "Methodik", "method page")) } "." }
            @if !empty.is_empty() {
                p.notice { (t(lang, "Noch ohne Indikatoren (daher ohne Punktwerte): ", "No indicators yet (hence no scores): ")) (empty.join(", ")) }
            }
            div.overview-grid {
                (heatmap)
                nav.member-list aria-labelledby="h-members" {
                    h3 id="h-members" { (t(lang, "Kommunen", "Members")) }
                    ul { @for m in &data.cohort.municipalities {
                        li { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } }
                    } }
                }
            }
        }
        section aria-labelledby="h-coverage" {
            h2 id="h-coverage" { (t(lang, "Datenlage auf einen Blick", "Coverage at a glance")) " " (year) }
            p { (t(lang, "Wie viele der Kommunen für jeden Indikator einen Wert gemeldet haben. Einzelheiten auf der Seite ",
                "How many members reported a value for each indicator. Details on the page "))
                a href=(href(lang, &format!("/datenqualitaet?jahr={year}"))) { (t(lang, "Datenqualität", "Data quality")) } "." }
            div.fields {
                @for field in &fields {
                    section.field-card aria-labelledby={ "f-" (field.id) } {
                        h3 id={ "f-" (field.id) } { (t(lang, &field.label_de, &field.label_en)) }
                        @if empty.contains(&t(lang, &field.label_de, &field.label_en)) {
                            p { (t(lang, "Noch keine Indikatoren.", "No indicators yet.")) }
                        }
                        ul.coverage {
                            @for ind in data.catalogue.indicators.iter().filter(|i| i.field.as_ref() == Some(&field.id)) {
                                @let n = reported(&ind.id);
                                li {
                                    a href=(href(lang, &format!("/indikator/{}", ind.id))) { (label(lang, ind)) }
                                    " "
                                    span.count { (n) " " (t(lang, "von", "of")) " " (n_total) }
                                    meter min="0" max=(n_total) value=(n) aria-hidden="true" {}
                                }
                            }
                        }
                    }
                }
                section.field-card aria-labelledby="f-context" {
                    h3 id="f-context" { (t(lang, "Kontext (für Vergleichsgruppen, nicht bewertet)", "Context (for peer groups, not scored)")) }
                    ul.coverage {
                        @for ind in &context {
                            @let n = reported(&ind.id);
                            li {
                                a href=(href(lang, &format!("/indikator/{}", ind.id))) { (label(lang, ind)) }
                                " " span.count { (n) " " (t(lang, "von", "of")) " " (n_total) }
                                meter min="0" max=(n_total) value=(n) aria-hidden="true" {}
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="h-cohort" {
            h2 id="h-cohort" { (t(lang, "Kohorte: ", "Cohort: ")) (data.cohort.municipalities.len()) (t(lang, " Kommunen", " members")) }
            (cohort_table(data, lang))
        }
    })
}

fn year_form(data: &ViewData, year: i32, lang: Lang) -> Markup {
    html! {
        form.choose method="get" action="/" {
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            label for="jahr" { (t(lang, "Jahr", "Year")) }
            select id="jahr" name="jahr" {
                @for y in data.years.iter().rev() {
                    option value=(y) selected[*y == year] { (y) }
                }
            }
            button type="submit" { (t(lang, "Anzeigen", "Show")) }
        }
    }
}

fn cohort_table(data: &ViewData, lang: Lang) -> Markup {
    html! {
        div.table-wrap { table.data {
            caption { (t(lang, "Die Mitglieder mit ihrem Status. „Demo“-Mitglieder sind Platzhalter, keine Aussagen über das echte Projekt.",
                "The members with their status. “Demo” members are placeholders, not claims about the real project.")) }
            thead { tr {
                th scope="col" { "Name" }
                th scope="col" { (t(lang, "Land", "State")) }
                th scope="col" { (t(lang, "Art", "Kind")) }
                th scope="col" { (t(lang, "Schlüssel", "Key")) }
                th scope="col" { "Status" }
                th scope="col" { (t(lang, "Bericht", "Report")) }
            } }
            tbody {
                @for m in &data.cohort.municipalities {
                    @let status = m.memberships.first().map(|ms| ms.status);
                    tr {
                        th scope="row" { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } }
                        td { (m.state.as_str()) }
                        td { (t(lang, m.kind.label_de(), m.kind.label_en())) }
                        td { code { (m.key) } }
                        td class=[(status == Some(MembershipStatus::Demo)).then_some("demo")] {
                            (status.map_or("–", |s| t(lang, s.label_de(), s.label_en())))
                        }
                        td { a href=(href(lang, &format!("/bericht/{}", m.key))) {
                            (t(lang, "Bericht", "Report")) span.visually-hidden { " " (m.name) }
                        } }
                    }
                }
            }
        } }
    }
}

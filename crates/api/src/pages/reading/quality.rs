//! Datenqualität (`/datenqualitaet`): the coverage matrix members × indicators for one year,
//! coverage over the years as a heat map, the provisional and estimated values, missing values
//! by reason, and the late members (no data for the latest year).

use axum::extract::State;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::{Indicator, Status};
use vergleich_service::model::CellState;
use vergleich_store::{ObservationQuery, StoredObservation};

use super::common::{
    PageQuery, chart_error, data_state, label, reason_text, status_text, value_text, view_error,
    with_data,
};
use super::figure::{Downloads, figure};
use crate::auth::{AuthMethod, Principal};
use crate::pages::{Nav, PageError, href, t};
use crate::state::AppState;
use vergleich_service::present::format_for;
use vergleich_service::views::coverage::{CoverageFilter, coverage};
use vergleich_service::{ViewData, ViewQuery};

/// Datenqualität: coverage matrix, provisional and estimated values, late members.
#[utoipa::path(get, path = "/datenqualitaet", tag = "pages",
    params(
        ("jahr" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("lang" = Option<String>, Query, description = "de (default) or en"),
    ),
    responses((status = 200, description = "Data quality page", content_type = "text/html")))]
pub async fn quality_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    q: PageQuery,
) -> Result<Markup, PageError> {
    let lang = q.lang;
    let asked = q.jahr;
    let stored = state
        .store
        .observations(&ObservationQuery {
            visibility: principal.reading(q.preview),
            ..Default::default()
        })
        .await
        .map_err(|err| PageError::from_app(err.into(), lang))?;
    let body = with_data(&state, &principal, &q, move |data| {
        body(data, asked, &stored, lang)
    })
    .await?;
    let path = asked.map_or_else(
        || "/datenqualitaet".to_owned(),
        |y| format!("/datenqualitaet?jahr={y}"),
    );
    Ok(super::common::page(
        &q,
        t(lang, "Datenqualität", "Data quality"),
        Nav::Quality,
        &principal,
        &method,
        &path,
        body,
    ))
}

fn body(
    data: &ViewData,
    asked: Option<i32>,
    stored: &[StoredObservation],
    lang: Lang,
) -> Result<Markup, PageError> {
    let year = super::common::year(data, asked, lang)?;
    let latest = data.years.last().copied().unwrap_or(year);
    let indicators: Vec<&Indicator> = data.catalogue.indicators.iter().collect();
    // One matrix over every year with data: the heat map shows all years, the table one.
    let q = ViewQuery {
        from: data.years.first().copied(),
        to: Some(latest),
        lang,
        ..ViewQuery::default()
    };
    let all = CoverageFilter {
        limit: 0,
        ..CoverageFilter::default()
    };
    let over_years = coverage(data, &q, &all).map_err(|e| view_error(e, lang))?;
    let spec = over_years.heatmap(data, &q.look());
    let matrix = &over_years.matrix;
    let cohort = &data.cohort.municipalities;
    // the chart's downloads name the years the page draws, whatever the API's default
    let dl = Downloads::new(data, "/api/v1/coverage")
        .with("from", q.from.map(|y| y.to_string()).unwrap_or_default())
        .with("to", latest.to_string());
    let years_chart = figure(&spec, Some(&dl), lang, "wide").map_err(|e| chart_error(e, lang))?;
    let cell = |m: &vergleich_domain::Ags, i: &vergleich_domain::IndicatorId| {
        matrix
            .cells
            .iter()
            .find(|c| c.year == year && &c.municipality == m && &c.indicator == i)
            .map(|c| c.state)
    };
    let in_year: Vec<&StoredObservation> = stored
        .iter()
        .filter(|o| o.observation.period.year() == year)
        .collect();
    let flagged: Vec<&&StoredObservation> = in_year
        .iter()
        .filter(|o| matches!(o.observation.status, Status::P | Status::E))
        .collect();
    let missing: Vec<&&StoredObservation> = in_year
        .iter()
        .filter(|o| o.observation.status == Status::M)
        .collect();
    let late: Vec<_> = data
        .cohort
        .municipalities
        .iter()
        .filter(|m| {
            !stored.iter().any(|o| {
                o.observation.municipality == m.key && o.observation.period.year() == latest
            })
        })
        .collect();
    let name = |k: &vergleich_domain::Ags| {
        data.cohort
            .get(k)
            .map_or_else(|| k.to_string(), |m| m.name.clone())
    };
    let ind_of = |o: &StoredObservation| data.catalogue.indicator(&o.observation.indicator);
    Ok(html! {
        (data_state(data, lang))
        form.choose method="get" action="/datenqualitaet" {
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            label for="jahr" { (t(lang, "Jahr", "Year")) }
            select id="jahr" name="jahr" { @for y in data.years.iter().rev() { option value=(y) selected[*y == year] { (y) } } }
            button type="submit" { (t(lang, "Anzeigen", "Show")) }
        }
        section aria-labelledby="h-late" {
            h2 id="h-late" { (t(lang, "Späte Mitglieder", "Late members")) " (" (latest) ")" }
            @if late.is_empty() {
                p { (t(lang, "Alle Mitglieder haben für das neueste Jahr Werte gemeldet.", "Every member has reported values for the latest year.")) }
            } @else {
                p { (t(lang, "Ohne Werte für das neueste Jahr:", "No values for the latest year:")) }
                ul { @for m in &late { li { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } } } }
            }
        }
        section aria-labelledby="h-matrix" {
            h2 id="h-matrix" { (t(lang, "Was gemeldet ist", "What is reported")) " " (year) }
            p { (t(lang, "Zeichen: ✓ Wert, V vorläufig, G geschätzt, F fehlt (mit Grund), leer = nicht gemeldet. Die Spaltennummern erklärt die Liste darunter.",
                "Signs: ✓ value, P provisional, E estimated, M missing (with reason), empty = not reported. The list below explains the column numbers.")) }
            div.table-wrap { table.data.matrix {
                caption { (t(lang, "Mitglieder × Indikatoren", "Members × indicators")) ", " (year) }
                thead { tr {
                    th scope="col" { (t(lang, "Kommune", "Municipality")) }
                    @for (n, ind) in indicators.iter().enumerate() {
                        th scope="col" { span aria-hidden="true" { (n + 1) } span.visually-hidden { (label(lang, ind)) } }
                    }
                    th scope="col" { (t(lang, "gemeldet", "reported")) }
                } }
                tbody { @for m in cohort {
                    @let n = matrix.cells.iter().filter(|c| c.year == year && c.municipality == m.key && matches!(c.state, CellState::Reported { .. })).count();
                    tr {
                        th scope="row" { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } }
                        @for ind in &indicators { (matrix_cell(cell(&m.key, &ind.id), lang)) }
                        td.num { (n) "/" (indicators.len()) }
                    }
                } }
                tfoot { tr {
                    th scope="row" { (t(lang, "n von ", "n of ")) (cohort.len()) }
                    @for ind in &indicators {
                        td.num { (matrix.totals.iter().find(|c| c.year == year && c.indicator == ind.id).map_or(0, |c| c.reported)) }
                    }
                    td {}
                } }
            } }
            details.key {
                summary { (t(lang, "Spalten: die Indikatoren", "Columns: the indicators")) }
                ol { @for ind in &indicators { li { a href=(href(lang, &format!("/indikator/{}", ind.id))) { (label(lang, ind)) } } } }
            }
            (Downloads::new(data, "/api/v1/coverage").with("from", year.to_string()).with("to", year.to_string()).table_links(lang))
        }
        section aria-labelledby="h-years" {
            h2 id="h-years" { (t(lang, "Datenlage über die Jahre", "Coverage over the years")) }
            (years_chart)
        }
        section aria-labelledby="h-flagged" {
            h2 id="h-flagged" { (t(lang, "Vorläufige und geschätzte Werte", "Provisional and estimated values")) " " (year) " (" (flagged.len()) ")" }
            @if flagged.is_empty() { p { (t(lang, "Keine.", "None.")) } } @else {
                details {
                    summary { (t(lang, "Liste anzeigen", "Show the list")) }
                    div.table-wrap { table.data {
                        thead { tr {
                            th scope="col" { (t(lang, "Kommune", "Municipality")) }
                            th scope="col" { (t(lang, "Indikator", "Indicator")) }
                            th scope="col" { (t(lang, "Wert", "Value")) }
                            th scope="col" { "Status" }
                        } }
                        tbody { @for o in &flagged {
                            tr {
                                th scope="row" { (name(&o.observation.municipality)) }
                                td { (ind_of(o).map_or(o.observation.indicator.as_str(), |i| label(lang, i))) }
                                td.num { (ind_of(o).map_or_else(|| "–".to_owned(), |i| value_text(o.observation.value, &format_for(i), lang))) }
                                td { (status_text(o.observation.status, lang)) }
                            }
                        } }
                    } }
                }
            }
        }
        section aria-labelledby="h-missing" {
            h2 id="h-missing" { (t(lang, "Fehlende Werte mit Grund", "Missing values with reason")) " " (year) " (" (missing.len()) ")" }
            @if missing.is_empty() { p { (t(lang, "Keine.", "None.")) } } @else {
                ul { @for o in &missing {
                    li { (name(&o.observation.municipality)) ": " (ind_of(o).map_or(o.observation.indicator.as_str(), |i| label(lang, i)))
                        " – " (reason_text(o.observation.missing_reason, lang)) }
                } }
            }
        }
    })
}

fn matrix_cell(state: Option<CellState>, lang: Lang) -> Markup {
    match state {
        Some(CellState::Reported { status }) => {
            let (sign, class) = match status {
                Status::P => (t(lang, "V", "P"), "provisional"),
                Status::E => (t(lang, "G", "E"), "estimated"),
                _ => ("✓", "reported"),
            };
            html! { td class=(class) { span aria-hidden="true" { (sign) } span.visually-hidden { (status_text(status, lang)) } } }
        }
        Some(CellState::Missing { reason }) => html! {
            td.missing title=(reason_text(reason, lang)) { span aria-hidden="true" { (t(lang, "F", "M")) }
                span.visually-hidden { (t(lang, "fehlt: ", "missing: ")) (reason_text(reason, lang)) } }
        },
        _ => {
            html! { td.none { span.visually-hidden { (t(lang, "nicht gemeldet", "not reported")) } } }
        }
    }
}

//! Indikator (`/indikator/{id}`): definition, source, unit, polarity and definition version;
//! the ranking of the members in one year (`?kommune=` highlighted) with the comparison table;
//! the time series; downloads.

use axum::extract::Path;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Indicator, IndicatorId, IndicatorKind, Level};

use super::common::{
    Reading, chart_error, data_state, label, not_found, num, polarity_text, reason_text,
    status_text, value_text, view_error, with_data,
};
use super::figure::{Downloads, figure};
use crate::pages::{Nav, PageError, href, t};
use vergleich_service::model::Missing;
use vergleich_service::present::format_for;
use vergleich_service::views::comparison::{ComparisonChart, comparison};
use vergleich_service::views::trend::trend;
use vergleich_service::{Look, ViewData, ViewQuery};

/// Indikator: definition, ranking, time series and table of one indicator.
#[utoipa::path(get, path = "/indikator/{id}", tag = "pages",
    params(
        ("id" = String, Path, description = "Indicator id (GET /api/v1/indicators)"),
        ("kommune" = Option<String>, Query, description = "Key of a member to highlight"),
        ("jahr" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("lang" = Option<String>, Query, description = "de (default) or en"),
    ),
    responses(
        (status = 200, description = "Indicator page", content_type = "text/html"),
        (status = 404, description = "Unknown indicator", content_type = "text/html")))]
pub async fn indicator_page(page: Reading, Path(raw): Path<String>) -> Result<Markup, PageError> {
    let Reading {
        state,
        principal,
        method,
        q,
    } = page;
    let lang = q.lang;
    let highlight = q.kommune.first().and_then(|k| Ags::parse(k).ok());
    let asked = q.jahr;
    let id = raw.clone();
    let hl = highlight.clone();
    let (title, body) = with_data(&state, &principal, &q, move |data| {
        let ind = IndicatorId::parse(&id)
            .ok()
            .and_then(|i| data.catalogue.indicator(&i))
            .ok_or_else(|| {
                not_found(
                    lang,
                    &format!("Den Indikator „{id}“"),
                    &format!("indicator \"{id}\""),
                )
            })?;
        let hl = hl.filter(|k| data.cohort.get(k).is_some());
        Ok((
            label(lang, ind).to_owned(),
            body(data, ind, hl, asked, lang)?,
        ))
    })
    .await?;
    let mut query = Vec::new();
    if let Some(k) = &highlight {
        query.push(format!("kommune={k}"));
    }
    if let Some(y) = asked {
        query.push(format!("jahr={y}"));
    }
    let path = if query.is_empty() {
        format!("/indikator/{raw}")
    } else {
        format!("/indikator/{raw}?{}", query.join("&"))
    };
    Ok(super::common::page(
        &q,
        title,
        Nav::Indicator,
        &principal,
        &method,
        &path,
        body,
    ))
}

fn kind_text(kind: IndicatorKind, lang: Lang) -> &'static str {
    match kind {
        IndicatorKind::SelfCheck => t(lang, "Selbstcheck-Punktwert", "self-check score"),
        IndicatorKind::Statistic => t(lang, "Statistik (Ergebnis)", "statistic (outcome)"),
        IndicatorKind::Context => t(
            lang,
            "Kontext (für Vergleichsgruppen, nicht bewertet)",
            "context (for peer groups, not scored)",
        ),
    }
}

fn level_text(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::Gemeinde => t(lang, "Gemeinde", "municipality"),
        Level::Kreis => t(
            lang,
            "Kreis (kreisangehörige Städte melden ihren Kreis)",
            "district (towns within a district report their district)",
        ),
        Level::Kommune => t(
            lang,
            "von der Kommune selbst gemeldet",
            "reported by the member itself",
        ),
    }
}

fn body(
    data: &ViewData,
    ind: &Indicator,
    highlight: Option<Ags>,
    asked: Option<i32>,
    lang: Lang,
) -> Result<Markup, PageError> {
    let year = super::common::year(data, asked, lang)?;
    let members: Vec<Ags> = highlight.iter().cloned().collect();
    let key_param = highlight
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let q = ViewQuery {
        year: Some(year),
        members: members.clone(),
        lang,
        ..ViewQuery::default()
    };
    let computed =
        comparison(data, &ind.id, &q, ComparisonChart::Ranking).map_err(|e| view_error(e, lang))?;
    let spec = computed.chart_spec(data, &q.look());
    let downloads = Downloads::new(data, format!("/api/v1/comparisons/{}", ind.id))
        .with("year", year.to_string())
        .with("municipality", key_param.clone());
    let ranking =
        figure(&spec, Some(&downloads), lang, "wide").map_err(|e| chart_error(e, lang))?;
    // Every member's line, the highlighted one in colour (the others stay as grey context).
    let every_member = ViewQuery {
        members: Vec::new(),
        to: Some(year),
        ..q.clone()
    };
    let spec = trend(data, &ind.id, &every_member)
        .map_err(|e| view_error(e, lang))?
        .chart_spec(
            data,
            &Look {
                selected: &members,
                ..q.look()
            },
        );
    let downloads =
        Downloads::new(data, format!("/api/v1/trends/{}", ind.id)).with("municipality", key_param);
    let series = figure(&spec, Some(&downloads), lang, "wide").map_err(|e| chart_error(e, lang))?;
    let cmp = &computed.comparison;
    let fmt = format_for(ind);
    let field = ind.field.as_ref().and_then(|f| data.catalogue.field(f));
    let mut rows: Vec<_> = cmp.members.iter().collect();
    rows.sort_by_key(|m| m.rank.unwrap_or(usize::MAX));
    let range = match (ind.min, ind.max) {
        (Some(a), Some(b)) => format!(
            "{} – {}",
            num(a, fmt.decimals, lang),
            num(b, fmt.decimals, lang)
        ),
        (Some(a), None) => format!("≥ {}", num(a, fmt.decimals, lang)),
        (None, Some(b)) => format!("≤ {}", num(b, fmt.decimals, lang)),
        (None, None) => "–".to_owned(),
    };
    Ok(html! {
        dl.facts.definition {
            dt { (t(lang, "Definition", "Definition")) } dd { (t(lang, &ind.definition_de, &ind.definition_en)) }
            dt { (t(lang, "Handlungsfeld", "Field of action")) } dd { @match field {
                Some(f) => a href=(href(lang, &format!("/vergleich?was=feld:{}", f.id))) { (t(lang, &f.label_de, &f.label_en)) },
                None => "–",
            } }
            dt { (t(lang, "Art", "Kind")) } dd { (kind_text(ind.kind, lang)) }
            dt { (t(lang, "Einheit", "Unit")) } dd { (if ind.unit.is_empty() { "–".to_owned() } else { super::common::unit(&ind.unit, lang) }) }
            dt { (t(lang, "Richtung", "Polarity")) } dd { (polarity_text(ind.polarity, lang)) }
            dt { (t(lang, "Zulässiger Bereich", "Allowed range")) } dd { (range) }
            dt { (t(lang, "Quelle", "Source")) } dd { (ind.source) }
            dt { (t(lang, "Ebene", "Level")) } dd { (level_text(ind.level, lang)) }
            dt { (t(lang, "Definitionsversion", "Definition version")) } dd { (ind.definition_version)
                @if ind.definition_version > 1 { " " (t(lang, "(die Zeitreihe bricht beim Wechsel der Definition)", "(the time series breaks where the definition changed)")) } }
            dt { (t(lang, "Kennung", "Id")) } dd { code { (ind.id) } }
        }
        (data_state(data, lang))
        (choose_form(data, ind, highlight.as_ref(), year, lang))
        (super::common::year_note(data, year, lang, |y| {
            let kommune = highlight.as_ref().map(|k| format!("&kommune={k}")).unwrap_or_default();
            href(lang, &format!("/indikator/{}?jahr={y}{kommune}", ind.id))
        }))
        section aria-labelledby="h-ranking" {
            h2 id="h-ranking" { (t(lang, "Rangfolge", "Ranking")) " " (year) }
            p { (cmp.reported) " " (t(lang, "von", "of")) " " (cmp.group.size) " " (t(lang, "Kommunen mit Wert.", "members with a value."))
                @if let Some(s) = &cmp.stats {
                    " " (t(lang, "Median", "Median")) " " (value_text(Some(s.median), &fmt, lang)) ", "
                    (t(lang, "mittlere Hälfte", "middle half")) " " (num(s.q1, fmt.decimals, lang)) "–" (num(s.q3, fmt.decimals, lang)) "."
                } }
            @if !computed.definitions.is_empty() {
                p.notice.definitions role="note" { (vergleich_service::definition_mix::note(&computed.definitions, year, lang)) }
            }
            @if !computed.outside.is_empty() {
                p.outside { (t(lang, "Nicht gezählt, weil in diesem Jahr nicht in der Kohorte: ", "Not counted, not in the cohort that year: "))
                    @for (i, m) in computed.outside.iter().enumerate() {
                        @if i > 0 { "; " }
                        (m.name) ": " (t(lang, &m.label_de, &m.label_en))
                    } }
            }
            (ranking)
        }
        section aria-labelledby="h-series" {
            h2 id="h-series" { (t(lang, "Zeitreihe", "Time series")) }
            @if highlight.is_none() {
                p { (t(lang, "Alle Kommunen in Grau; wählen Sie oben eine Kommune, um ihre Linie hervorzuheben.",
                    "Every member in grey; choose a member above to highlight its line.")) }
            }
            (series)
        }
        section aria-labelledby="h-table" {
            h2 id="h-table" { (t(lang, "Tabelle", "Table")) " " (year) }
            div.table-wrap { table.data {
                caption { (label(lang, ind)) ", " (year) ": " (t(lang, "Rang 1 ist am besten (Richtung berücksichtigt).", "rank 1 is best (polarity applied)."))
                    @if cmp.method.neutral_note.is_some() { " " (t(lang, "Neutraler Indikator: nach Wert geordnet, ohne besser oder schlechter.", "Neutral indicator: ordered by value, no better or worse.")) } }
                thead { tr {
                    th scope="col" { (t(lang, "Rang", "Rank")) }
                    th scope="col" { (t(lang, "Kommune", "Municipality")) }
                    th scope="col" { (t(lang, "Wert", "Value")) }
                    th scope="col" { "Status" }
                    th scope="col" { (t(lang, "Perzentil", "Percentile")) }
                    th scope="col" { (t(lang, "Abstand zum Median", "Distance to median")) }
                } }
                tbody { @for m in &rows {
                    tr class=[highlight.as_ref().is_some_and(|k| k == &m.key).then_some("selected")] {
                        td.num { (m.rank.map_or("–".to_owned(), |r| r.to_string())) }
                        th scope="row" { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } }
                        td.num { (value_text(m.value, &fmt, lang)) }
                        td { @match (m.status, m.missing) {
                            (_, Some(Missing::Missing { reason })) => { (t(lang, "fehlt", "missing")) " (" (reason_text(reason, lang)) ")" },
                            (_, Some(Missing::NotReported)) => (t(lang, "nicht gemeldet", "not reported")),
                            (Some(s), None) => (status_text(s, lang)),
                            (None, None) => "–",
                        } }
                        td.num { (m.percentile.map_or("–".to_owned(), |p| num(p, 0, lang))) }
                        td.num { @match m.distance_to_median {
                            Some(d) => { (if d > 0.0 { "+" } else { "" }) (num(d, fmt.decimals, lang)) @if ind.is_rate() { " " (t(lang, "Pp.", "pp")) } },
                            None => "–",
                        } }
                    }
                } }
            } }
        }
    })
}

fn choose_form(
    data: &ViewData,
    ind: &Indicator,
    highlight: Option<&Ags>,
    year: i32,
    lang: Lang,
) -> Markup {
    html! {
        form.choose method="get" action={ "/indikator/" (ind.id) } {
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            label for="kommune" { (t(lang, "Hervorheben", "Highlight")) }
            select id="kommune" name="kommune" {
                option value="" { (t(lang, "– keine –", "– none –")) }
                @for m in &data.cohort.municipalities {
                    option value=(m.key) selected[highlight == Some(&m.key)] { (m.name) }
                }
            }
            label for="jahr" { (t(lang, "Jahr", "Year")) }
            select id="jahr" name="jahr" {
                @for y in data.years.iter().rev() { option value=(y) selected[*y == year] { (y) } }
            }
            button type="submit" { (t(lang, "Anzeigen", "Show")) }
        }
    }
}

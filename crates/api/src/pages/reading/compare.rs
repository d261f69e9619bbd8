//! Vergleich (`/vergleich`): 2 to 6 members chosen with checkboxes (a plain GET form) and one
//! indicator or field; side-by-side charts and a table. Fewer than 2 or more than 6 members get
//! a message on the page, not an error page.

use axum::extract::State;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Field, FieldId, Indicator, IndicatorId, IndicatorKind};

use super::common::{
    PageQuery, chart_error, data_state, label, num, value_text, view_error, with_data,
};
use super::figure::{Downloads, figure};
use crate::auth::{AuthMethod, Principal};
use crate::pages::{Nav, PageError, href, t};
use crate::state::AppState;
use vergleich_service::present::format_for;
use vergleich_service::views::comparison::{ComparisonChart, comparison};
use vergleich_service::views::scores::{FieldChart, one_field};
use vergleich_service::views::trend::trend;
use vergleich_service::{ViewData, ViewQuery};

pub const MIN_MEMBERS: usize = 2;
pub const MAX_MEMBERS: usize = 6;

/// Vergleich: choose 2–6 members and an indicator or field; charts side by side and a table.
#[utoipa::path(get, path = "/vergleich", tag = "pages",
    params(
        ("kommune" = Option<Vec<String>>, Query, description = "Keys of 2–6 members (repeat the parameter or separate with commas)"),
        ("was" = Option<String>, Query, description = "indikator:ID or feld:ID"),
        ("indikator" = Option<String>, Query, description = "Indicator id (instead of was)"),
        ("feld" = Option<String>, Query, description = "Field id (instead of was)"),
        ("jahr" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("lang" = Option<String>, Query, description = "de (default) or en"),
    ),
    responses((status = 200, description = "Comparison page (with a message when fewer than 2 or more than 6 members are chosen)", content_type = "text/html")))]
pub async fn compare_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    q: PageQuery,
) -> Result<Markup, PageError> {
    let lang = q.lang;
    let mut path_query: Vec<String> = q.kommune.iter().map(|k| format!("kommune={k}")).collect();
    let topic = topic_of(&q);
    if let Some(Topic::Field(f)) = &topic {
        path_query.push(format!("was=feld:{f}"));
    }
    if let Some(Topic::Indicator(i)) = &topic {
        path_query.push(format!("was=indikator:{i}"));
    }
    if let Some(y) = q.jahr {
        path_query.push(format!("jahr={y}"));
    }
    let path = if path_query.is_empty() {
        "/vergleich".to_owned()
    } else {
        format!("/vergleich?{}", path_query.join("&"))
    };
    let query = q.clone();
    let body = with_data(&state, &principal, &q, move |data| {
        body(data, &query, topic, lang)
    })
    .await?;
    Ok(super::common::page(
        &q,
        t(lang, "Vergleich", "Compare"),
        Nav::Compare,
        &principal,
        &method,
        &path,
        body,
    ))
}

#[derive(Debug, Clone)]
enum Topic {
    Indicator(String),
    Field(String),
}

fn topic_of(q: &PageQuery) -> Option<Topic> {
    match q.was.as_deref().and_then(|w| w.split_once(':')) {
        Some(("feld", f)) => return Some(Topic::Field(f.to_owned())),
        Some(("indikator", i)) => return Some(Topic::Indicator(i.to_owned())),
        _ => {}
    }
    q.indikator
        .clone()
        .map(Topic::Indicator)
        .or_else(|| q.feld.clone().map(Topic::Field))
}

fn body(
    data: &ViewData,
    q: &PageQuery,
    topic: Option<Topic>,
    lang: Lang,
) -> Result<Markup, PageError> {
    let year = super::common::year(data, q.jahr, lang)?;
    let mut unknown = Vec::new();
    let mut members: Vec<Ags> = Vec::new();
    for raw in &q.kommune {
        match Ags::parse(raw)
            .ok()
            .filter(|k| data.cohort.get(k).is_some())
        {
            Some(k) if !members.contains(&k) => members.push(k),
            Some(_) => {}
            None => unknown.push(raw.clone()),
        }
    }
    let indicator = match &topic {
        Some(Topic::Indicator(i)) => IndicatorId::parse(i)
            .ok()
            .and_then(|i| data.catalogue.indicator(&i)),
        _ => None,
    };
    let field = match &topic {
        Some(Topic::Field(f)) => FieldId::parse(f)
            .ok()
            .and_then(|f| data.catalogue.field(&f)),
        _ => None,
    };
    let mut messages: Vec<String> = Vec::new();
    if !unknown.is_empty() {
        messages.push(match lang {
            Lang::De => format!("Unbekannte Kommune: {}.", unknown.join(", ")),
            Lang::En => format!("Unknown municipality: {}.", unknown.join(", ")),
        });
    }
    let chosen = !q.kommune.is_empty() || topic.is_some();
    if chosen && !(MIN_MEMBERS..=MAX_MEMBERS).contains(&members.len()) {
        messages.push(match lang {
            Lang::De => format!(
                "Bitte 2 bis 6 Kommunen auswählen (ausgewählt: {}).",
                members.len()
            ),
            Lang::En => format!(
                "Please choose 2 to 6 municipalities (chosen: {}).",
                members.len()
            ),
        });
    }
    if chosen && topic.is_none() {
        messages.push(
            t(
                lang,
                "Bitte einen Indikator oder ein Handlungsfeld wählen.",
                "Please choose an indicator or a field of action.",
            )
            .to_owned(),
        );
    } else if topic.is_some() && indicator.is_none() && field.is_none() {
        messages.push(
            t(
                lang,
                "Diesen Indikator bzw. dieses Handlungsfeld gibt es nicht.",
                "There is no such indicator or field of action.",
            )
            .to_owned(),
        );
    }
    let ready = messages.is_empty() && chosen;
    let results = if ready {
        match (indicator, field) {
            (Some(ind), _) => Some(indicator_view(data, ind, &members, year, lang)?),
            (None, Some(f)) => Some(field_view(data, f, &members, year, lang)?),
            _ => None,
        }
    } else {
        None
    };
    let selected_topic = indicator
        .map(|i| format!("indikator:{}", i.id))
        .or_else(|| field.map(|f| format!("feld:{}", f.id)));
    Ok(html! {
        p.lead { (t(lang, "Wählen Sie 2 bis 6 Kommunen und einen Indikator oder ein Handlungsfeld.", "Choose 2 to 6 members and an indicator or a field of action.")) }
        @if !messages.is_empty() {
            div.message role="alert" { @for m in &messages { p { (m) } } }
        }
        (form(data, &members, selected_topic.as_deref(), year, lang))
        @if let Some(r) = results {
            (data_state(data, lang))
            (r)
        }
    })
}

fn form(data: &ViewData, members: &[Ags], topic: Option<&str>, year: i32, lang: Lang) -> Markup {
    let mut fields: Vec<&Field> = data.catalogue.fields.iter().collect();
    fields.sort_by_key(|f| f.position);
    html! {
        form.compare method="get" action="/vergleich" {
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            fieldset.members {
                legend { (t(lang, "Kommunen (2 bis 6)", "Members (2 to 6)")) }
                ul.checkboxes { @for m in &data.cohort.municipalities {
                    li { label {
                        input type="checkbox" name="kommune" value=(m.key) checked[members.contains(&m.key)];
                        " " (m.name)
                    } }
                } }
            }
            div.choose {
                label for="was" { (t(lang, "Indikator oder Handlungsfeld", "Indicator or field of action")) }
                select id="was" name="was" {
                    optgroup label=(t(lang, "Handlungsfelder (Punktwert)", "Fields of action (score)")) {
                        @for f in &fields {
                            @let v = format!("feld:{}", f.id);
                            option value=(v) selected[topic == Some(v.as_str())] { (t(lang, &f.label_de, &f.label_en)) }
                        }
                    }
                    @for f in &fields {
                        optgroup label=(t(lang, &f.label_de, &f.label_en)) {
                            @for ind in data.catalogue.indicators.iter().filter(|i| i.field.as_ref() == Some(&f.id)) {
                                @let v = format!("indikator:{}", ind.id);
                                option value=(v) selected[topic == Some(v.as_str())] { (label(lang, ind)) }
                            }
                        }
                    }
                    optgroup label=(t(lang, "Kontext", "Context")) {
                        @for ind in data.catalogue.indicators.iter().filter(|i| i.kind == IndicatorKind::Context) {
                            @let v = format!("indikator:{}", ind.id);
                            option value=(v) selected[topic == Some(v.as_str())] { (label(lang, ind)) }
                        }
                    }
                }
                label for="jahr" { (t(lang, "Jahr", "Year")) }
                select id="jahr" name="jahr" {
                    @for y in data.years.iter().rev() { option value=(y) selected[*y == year] { (y) } }
                }
                button type="submit" { (t(lang, "Vergleichen", "Compare")) }
            }
        }
    }
}

fn keys(members: &[Ags]) -> String {
    members
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn indicator_view(
    data: &ViewData,
    ind: &Indicator,
    members: &[Ags],
    year: i32,
    lang: Lang,
) -> Result<Markup, PageError> {
    let q = ViewQuery {
        year: Some(year),
        to: Some(year),
        members: members.to_vec(),
        lang,
        ..ViewQuery::default()
    };
    let spec = trend(data, &ind.id, &q)
        .map_err(|e| view_error(e, lang))?
        .chart_spec(data, &q.look());
    let dl = Downloads::new(data, format!("/api/v1/trends/{}", ind.id))
        .with("municipality", keys(members));
    let series = figure(&spec, Some(&dl), lang, "half").map_err(|e| chart_error(e, lang))?;
    let computed =
        comparison(data, &ind.id, &q, ComparisonChart::DotPlot).map_err(|e| view_error(e, lang))?;
    let spec = computed.chart_spec(data, &q.look());
    let dl = Downloads::new(data, format!("/api/v1/comparisons/{}", ind.id))
        .with("year", year.to_string())
        .with("municipality", keys(members))
        .chart("chart", "dot-plot");
    let dots = figure(&spec, Some(&dl), lang, "half").map_err(|e| chart_error(e, lang))?;
    let cmp = &computed.comparison;
    let fmt = format_for(ind);
    Ok(html! {
        h2 { a href=(href(lang, &format!("/indikator/{}", ind.id))) { (label(lang, ind)) } }
        div.chart-grid { (series) (dots) }
        @if !computed.definitions.is_empty() {
            p.notice.definitions role="note" { (vergleich_service::definition_mix::note(&computed.definitions, year, lang)) }
        }
        div.table-wrap { table.data {
            caption { (label(lang, ind)) ", " (year) ": " (t(lang, "die gewählten Kommunen unter allen", "the chosen members among all")) " " (cmp.group.size) }
            thead { tr {
                th scope="col" { (t(lang, "Kommune", "Municipality")) }
                th scope="col" { (t(lang, "Wert", "Value")) }
                th scope="col" { (t(lang, "Rang", "Rank")) }
                th scope="col" { (t(lang, "Perzentil", "Percentile")) }
            } }
            tbody { @for m in cmp.members.iter().filter(|m| members.contains(&m.key)) {
                tr {
                    th scope="row" { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } }
                    td.num { (value_text(m.value, &fmt, lang)) }
                    td.num { (m.rank.map_or("–".to_owned(), |r| format!("{r} / {}", cmp.reported))) }
                    td.num { (m.percentile.map_or("–".to_owned(), |p| num(p, 0, lang))) }
                }
            } }
        } }
    })
}

fn field_view(
    data: &ViewData,
    field: &Field,
    members: &[Ags],
    year: i32,
    lang: Lang,
) -> Result<Markup, PageError> {
    let q = ViewQuery {
        year: Some(year),
        members: members.to_vec(),
        lang,
        ..ViewQuery::default()
    };
    let computed =
        one_field(data, &field.id, &q, FieldChart::Heatmap).map_err(|e| view_error(e, lang))?;
    let spec = computed.ranking(data, &q.look());
    let dl = Downloads::new(data, format!("/api/v1/field-scores/{}", field.id))
        .with("year", year.to_string())
        .with("municipality", keys(members))
        .chart("chart", "ranking");
    let ranking = figure(&spec, Some(&dl), lang, "half").map_err(|e| chart_error(e, lang))?;
    let spec = computed
        .indicator_heatmap(data, &q.look())
        .map_err(|e| view_error(e, lang))?;
    let dl = Downloads::new(data, format!("/api/v1/field-scores/{}", field.id))
        .with("year", year.to_string())
        .with("municipality", keys(members));
    let heat = figure(&spec, Some(&dl), lang, "half").map_err(|e| chart_error(e, lang))?;
    let scores = &computed.scores;
    let indicators: Vec<&Indicator> = scores
        .scored
        .iter()
        .filter_map(|i| data.catalogue.indicator(i))
        .collect();
    Ok(html! {
        h2 { (t(lang, &field.label_de, &field.label_en)) }
        p { (t(lang, &field.description_de, &field.description_en)) }
        div.chart-grid { (ranking) (heat) }
        div.table-wrap { table.data {
            caption { (t(lang, "Punktwert und die Werte dahinter", "Score and the values behind it")) ", " (year) }
            thead { tr {
                th scope="col" { (t(lang, "Kommune", "Municipality")) }
                th scope="col" { (t(lang, "Punktwert", "Score")) }
                th scope="col" { (t(lang, "Abdeckung", "Coverage")) }
                @for ind in &indicators { th scope="col" { a href=(href(lang, &format!("/indikator/{}", ind.id))) { (label(lang, ind)) } } }
            } }
            tbody { @for m in scores.members.iter().filter(|m| members.contains(&m.key)) {
                tr {
                    th scope="row" { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } }
                    td.num { @match m.score.value() { Some(v) => (num(v, 0, lang)), None => (t(lang, "Datenlage unzureichend", "insufficient data")) } }
                    td.num { (num(m.coverage * 100.0, 0, lang)) " %" }
                    @for ind in &indicators {
                        @let c = m.components.iter().find(|c| c.indicator == ind.id);
                        td.num { (value_text(c.and_then(|c| c.value), &format_for(ind), lang)) }
                    }
                }
            } }
        } }
    })
}

//! Rendering a computed view in the asked form, with the same metadata in each: a `meta`
//! object in JSON, leading `#` lines in CSV, the sheet "Info"/"About" in XLSX. Charts carry
//! title, subtitle and source themselves.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use vergleich_charts::Lang;
use vergleich_domain::{SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN};
use vergleich_service::model::GroupSummary;
use vergleich_service::{DataState, Error, View, ViewData, ViewQuery};

use super::Parsed;
use crate::error::AppError;
use crate::export;
use crate::negotiate::Format;

#[derive(Serialize)]
struct Notice {
    de: &'static str,
    en: &'static str,
}

/// The `meta` object of every JSON answer.
#[derive(Serialize)]
struct Meta<'a> {
    view: &'a str,
    parameters: &'a std::collections::BTreeMap<&'static str, String>,
    period: &'a str,
    group: Option<&'a GroupSummary>,
    data_state: &'a DataState,
    method: &'a str,
    generated_at: String,
    notice: Option<Notice>,
}

/// Renders the one computed `view` in `format`: JSON with `meta`, a table with the metadata
/// lines, or the chart.
pub(super) fn render(
    data: &ViewData,
    params: &Parsed,
    query: &ViewQuery,
    format: Format,
    view: View,
    generated_at: DateTime<Utc>,
) -> Result<Response, AppError> {
    let generated = generated_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let file_name = format!("{}.{}", view.file_stem, format.suffix());
    let download = |bytes: Vec<u8>| {
        let mut response = ([(header::CONTENT_TYPE, format.media_type())], bytes).into_response();
        response.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            export::content_disposition(&file_name),
        );
        response
    };
    let response = match format {
        Format::Json => {
            let body = view.body.json()?;
            let meta = Meta {
                view: view.name,
                parameters: &params.given,
                period: &view.period,
                group: view.group.as_ref(),
                data_state: &data.state,
                method: &view.method,
                generated_at: generated,
                notice: data.synthetic.then_some(Notice {
                    de: SYNTHETIC_LABEL_DE,
                    en: SYNTHETIC_LABEL_EN,
                }),
            };
            let meta = serde_json::to_vec(&meta).map_err(Error::internal)?;
            let bytes = vergleich_service::views::with_meta(body, &meta);
            ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
        }
        Format::Csv | Format::Xlsx => {
            let mut table = view.body.table(params.lang);
            // `meta=none` leaves the CSV a plain table; the workbook keeps its Info sheet.
            if params.meta_lines || format == Format::Xlsx {
                table.meta = meta_lines(data, params, &view, &generated);
            }
            let bytes = match format {
                Format::Xlsx => export::to_xlsx(&table, params.lang),
                _ => export::to_csv(&table, params.lang),
            }
            .map_err(Error::internal)?;
            download(bytes)
        }
        Format::Svg | Format::Png => {
            let spec = view.body.chart(data, &query.look())?;
            let svg = spec.to_svg().map_err(Error::from)?;
            let bytes = match format {
                Format::Png => svg.to_png(params.scale).map_err(Error::from)?.png,
                _ => svg.svg.into_bytes(),
            };
            download(bytes)
        }
    };
    // `Vary: Accept` comes with every answer from the operations layer.
    Ok(response)
}

/// The metadata lines of a table export, in its language.
fn meta_lines(
    data: &ViewData,
    params: &Parsed,
    view: &View,
    generated: &str,
) -> Vec<(String, String)> {
    let lang = params.lang;
    let de = lang == Lang::De;
    let label = |d: &str, e: &str| lang.pick(d, e).to_owned();
    let parameters = if params.given.is_empty() {
        "–".to_owned()
    } else {
        params
            .given
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = vec![
        (label("Ansicht", "View"), view.name.to_owned()),
        (label("Parameter", "Parameters"), parameters),
        (label("Zeitraum", "Period"), view.period.clone()),
    ];
    if let Some(group) = &view.group {
        let name = lang.pick(&group.label_de, &group.label_en);
        lines.push((
            label("Vergleichsgruppe", "Comparison group"),
            format!(
                "{name} ({} {})",
                group.size,
                lang.pick("Mitglieder", "members")
            ),
        ));
        lines.push((
            label("Gruppendefinition", "Group definition"),
            serde_json::to_string(&group.definition).unwrap_or_default(),
        ));
    }
    let state = &data.state;
    let unpublished = if state.unpublished_included {
        label(
            " (mit unveröffentlichten Daten)",
            " (unpublished data included)",
        )
    } else {
        String::new()
    };
    lines.push((
        label("Datenstand", "Data state"),
        format!("{}{unpublished}", state.visibility),
    ));
    if let Some(digest) = &state.digest {
        lines.push((label("Inhalts-Hash", "Content hash"), digest.clone()));
    }
    lines.push((
        label("Neueste Erfassung (UTC)", "Newest record (UTC)"),
        state.newest_recorded_at.map_or_else(
            || "–".to_owned(),
            |t| t.to_rfc3339_opts(SecondsFormat::Secs, true),
        ),
    ));
    lines.push((
        label("Uploads", "Uploads"),
        state
            .uploads
            .iter()
            .map(|u| u.0.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    ));
    lines.push((label("Methode", "Method"), view.method.clone()));
    for (d, e, value) in &view.extra {
        lines.push((label(d, e), value.clone()));
    }
    lines.push((
        label("Erstellt (UTC)", "Generated (UTC)"),
        generated.to_owned(),
    ));
    if data.synthetic {
        lines.push((
            label("Hinweis", "Notice"),
            if de {
                SYNTHETIC_LABEL_DE.to_owned()
            } else {
                format!("{SYNTHETIC_LABEL_EN} – {SYNTHETIC_LABEL_DE}")
            },
        ));
    }
    lines
}

//! The heat map view: members × fields (field scores), or members × the indicators of one field
//! (their min–max scores), each cell with its state (value, insufficient, missing).

use vergleich_analysis::PeerGroup;
use vergleich_charts::{ChartSpec, Datum, Header, HeatmapRow, HeatmapSpec, ValueFormat};
use vergleich_domain::IndicatorKind;

use super::{ViewData, ViewError, ViewRequest, pick, score_datum};

/// Members × fields (field scores), or members × the indicators of one field (min–max scores).
pub(super) fn heatmap(
    data: &ViewData,
    req: &ViewRequest,
    group: &PeerGroup,
    year: i32,
    header: impl Fn(String, String, String) -> Header,
) -> Result<ChartSpec, ViewError> {
    let lang = req.lang;
    let mut columns = Vec::new();
    let mut short_columns = Vec::new();
    let mut cells: Vec<Vec<Datum>> = vec![Vec::new(); group.members.len()];
    let title = match &req.field {
        None => {
            for field in &data.catalogue.fields {
                let scores = vergleich_analysis::field_scores(
                    &data.frame,
                    &data.catalogue,
                    &field.id,
                    year,
                    group,
                    &req.options,
                )?;
                columns.push(pick(lang, &field.label_de, &field.label_en).to_owned());
                let short = pick(lang, &field.short_de, &field.short_en);
                short_columns.push(if short.is_empty() {
                    columns[columns.len() - 1].clone()
                } else {
                    short.to_owned()
                });
                for (row, m) in group.members.iter().enumerate() {
                    let score = scores.members.iter().find(|s| s.key == m.key);
                    cells[row].push(score.map_or(Datum::Missing, |s| score_datum(&s.score)));
                }
            }
            pick(
                lang,
                "Punktwerte je Handlungsfeld (0–100)",
                "Scores per field of action (0–100)",
            )
            .to_owned()
        }
        Some(field_id) => {
            let field = data
                .catalogue
                .field(field_id)
                .ok_or_else(|| ViewError::Unknown(format!("field {field_id}")))?;
            let indicators =
                data.catalogue.indicators.iter().filter(|i| {
                    i.field.as_ref() == Some(field_id) && i.kind != IndicatorKind::Context
                });
            for ind in indicators {
                let cmp = vergleich_analysis::compare(&data.frame, ind, year, group)?;
                columns.push(pick(lang, &ind.label_de, &ind.label_en).to_owned());
                for (row, m) in group.members.iter().enumerate() {
                    let member = cmp.members.iter().find(|c| c.key == m.key);
                    cells[row].push(
                        member
                            .and_then(|c| c.min_max)
                            .map_or(Datum::Missing, Datum::Value),
                    );
                }
            }
            format!(
                "{} ({})",
                pick(lang, &field.label_de, &field.label_en),
                pick(lang, "min–max 0–100", "min–max 0–100")
            )
        }
    };
    let rows = group
        .members
        .iter()
        .zip(cells)
        .map(|(m, cells)| HeatmapRow {
            name: m.name.clone(),
            selected: req.members.contains(&m.key),
            cells,
        })
        .collect();
    // Indicator columns have no short labels: the chart numbers them with a key.
    let short_columns = if short_columns.len() == columns.len() {
        short_columns
    } else {
        Vec::new()
    };
    Ok(ChartSpec::Heatmap(HeatmapSpec {
        header: header(
            title,
            year.to_string(),
            if req.field.is_none() {
                super::method_line(lang, &req.options)
            } else {
                pick(
                    lang,
                    "Selbstcheck und amtliche Statistik",
                    "Self-check and official statistics",
                )
                .to_owned()
            },
        ),
        format: ValueFormat {
            unit: String::new(),
            decimals: 0,
        },
        columns,
        short_columns,
        rows,
        domain: Some([0.0, 100.0]),
    }))
}

//! Charts of the views that only the HTTP API offers: the ranking of one field's scores, the
//! ranks of a field under each sensitivity scenario, the coverage of members × years, and the
//! scatter of two context indicators with a peer group highlighted. Each takes an analysis result
//! already computed (so the chart shows exactly what the table shows).

use vergleich_analysis::PeerGroup;
use vergleich_analysis::coverage::{CellState, CoverageMatrix};
use vergleich_analysis::score::FieldScores;
use vergleich_analysis::sensitivity::Sensitivity;
use vergleich_charts::{
    ChartSpec, Datum, Header, HeatmapRow, HeatmapSpec, Lang, Order, RankingItem, RankingSpec,
    ScatterPoint, ScatterSpec, SizePreset, ValueFormat,
};
use vergleich_domain::{Ags, Field};

use super::{ViewData, ViewError, method_line, pick, score_datum};

/// Language, size and the highlighted members of a chart.
pub struct ChartLook<'a> {
    pub lang: Lang,
    pub size: SizePreset,
    pub selected: &'a [Ags],
}

fn header(
    data: &ViewData,
    look: &ChartLook<'_>,
    group: (&str, &str, usize),
    title: String,
    period: String,
    source: String,
) -> Header {
    Header {
        lang: look.lang,
        size: look.size,
        title,
        period,
        group: pick(look.lang, group.0, group.1).to_owned(),
        members_total: group.2,
        source,
        demo_data: data.synthetic,
    }
}

fn points() -> ValueFormat {
    ValueFormat {
        unit: String::new(),
        decimals: 0,
    }
}

/// Ranking bar chart of one field's scores (insufficient coverage listed, never drawn as 0).
pub fn field_score_ranking(
    data: &ViewData,
    scores: &FieldScores,
    field: &Field,
    look: &ChartLook<'_>,
) -> ChartSpec {
    let items = scores
        .members
        .iter()
        .map(|m| RankingItem {
            name: m.name.clone(),
            value: score_datum(&m.score),
            selected: look.selected.contains(&m.key),
        })
        .collect();
    let values: Vec<f64> = scores
        .members
        .iter()
        .filter_map(|m| m.score.value())
        .collect();
    let median = vergleich_domain::stats::quantile(&values, 0.5);
    let g = &scores.group;
    ChartSpec::Ranking(RankingSpec {
        header: header(
            data,
            look,
            (&g.label_de, &g.label_en, g.size),
            format!(
                "{} ({})",
                pick(look.lang, &field.label_de, &field.label_en),
                pick(look.lang, "Punktwert 0–100", "score 0–100")
            ),
            scores.year.to_string(),
            method_line(look.lang, &scores.options),
        ),
        format: points(),
        order: Order::HighFirst,
        median,
        items,
    })
}

/// Heat map of members × scenarios, each cell the member's rank under that scenario.
pub fn sensitivity_heatmap(
    data: &ViewData,
    result: &Sensitivity,
    field: &Field,
    look: &ChartLook<'_>,
    scenario_labels: Vec<String>,
) -> ChartSpec {
    let rows = result
        .members
        .iter()
        .map(|m| HeatmapRow {
            name: m.name.clone(),
            selected: look.selected.contains(&m.key),
            cells: m
                .ranks
                .iter()
                .map(|r| r.map_or(Datum::Missing, |r| Datum::Value(r as f64)))
                .collect(),
        })
        .collect();
    let g = &result.group;
    ChartSpec::Heatmap(HeatmapSpec {
        header: header(
            data,
            look,
            (&g.label_de, &g.label_en, g.size),
            format!(
                "{}: {}",
                pick(look.lang, &field.label_de, &field.label_en),
                pick(
                    look.lang,
                    "Rang je Szenario (1 = bester)",
                    "rank per scenario (1 = best)"
                )
            ),
            result.year.to_string(),
            pick(
                look.lang,
                "Rang des Punktwerts unter anderer Normalisierung und ohne je einen Indikator",
                "Rank of the field score under other normalisations and leaving out each indicator",
            )
            .to_owned(),
        ),
        format: points(),
        columns: scenario_labels,
        short_columns: Vec::new(),
        rows,
        domain: Some([1.0, g.size.max(2) as f64]),
    })
}

/// Heat map of members × years: the share (%) of the matrix's indicators reported.
pub fn coverage_heatmap(
    data: &ViewData,
    matrix: &CoverageMatrix,
    look: &ChartLook<'_>,
) -> ChartSpec {
    let per_member_year = matrix.indicators.len().max(1) as f64;
    let rows = matrix
        .group
        .members
        .iter()
        .map(|key| {
            let cells = matrix
                .years
                .iter()
                .map(|&year| {
                    let reported = matrix
                        .cells
                        .iter()
                        .filter(|c| &c.municipality == key && c.year == year)
                        .filter(|c| matches!(c.state, CellState::Reported { .. }))
                        .count();
                    Datum::Value(100.0 * reported as f64 / per_member_year)
                })
                .collect();
            HeatmapRow {
                name: data
                    .cohort
                    .get(key)
                    .map_or_else(|| key.to_string(), |m| m.name.clone()),
                selected: look.selected.contains(key),
                cells,
            }
        })
        .collect();
    let g = &matrix.group;
    let period = match (matrix.years.first(), matrix.years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    ChartSpec::Heatmap(HeatmapSpec {
        header: header(
            data,
            look,
            (&g.label_de, &g.label_en, g.size),
            format!(
                "{} ({} {})",
                pick(
                    look.lang,
                    "Datenlage: gemeldete Indikatoren in %",
                    "Coverage: indicators reported in %"
                ),
                matrix.indicators.len(),
                pick(look.lang, "Indikatoren", "indicators")
            ),
            period,
            pick(
                look.lang,
                "Gemeldete Beobachtungen",
                "Reported observations",
            )
            .to_owned(),
        ),
        format: ValueFormat {
            unit: "%".to_owned(),
            decimals: 0,
        },
        columns: matrix.years.iter().map(i32::to_string).collect(),
        short_columns: Vec::new(),
        rows,
        domain: Some([0.0, 100.0]),
    })
}

/// Scatter of two context indicators over the whole cohort, the members of `group` highlighted.
pub fn peer_scatter(
    data: &ViewData,
    group: &PeerGroup,
    x: &vergleich_domain::Indicator,
    y: &vergleich_domain::Indicator,
    year: i32,
    look: &ChartLook<'_>,
) -> Result<ChartSpec, ViewError> {
    let cohort = vergleich_analysis::group::whole_cohort(&data.cohort);
    let cx = vergleich_analysis::compare(&data.frame, x, year, &cohort)?;
    let cy = vergleich_analysis::compare(&data.frame, y, year, &cohort)?;
    let in_group = |key: &Ags| group.members.iter().any(|m| &m.key == key);
    let points = cx
        .members
        .iter()
        .zip(&cy.members)
        .map(|(a, b)| ScatterPoint {
            name: a.name.clone(),
            x: super::datum(a.value, a.status),
            y: super::datum(b.value, b.status),
            selected: in_group(&a.key),
        })
        .collect();
    let title = format!(
        "{}: {}",
        pick(look.lang, &group.label_de, &group.label_en),
        pick(look.lang, "Mitglieder hervorgehoben", "members highlighted")
    );
    Ok(ChartSpec::Scatter(ScatterSpec {
        header: header(
            data,
            look,
            (
                "alle Modellkommunen",
                "all model municipalities",
                cohort.members.len(),
            ),
            title,
            year.to_string(),
            super::sources(x, y),
        ),
        x: super::scatter_axis(x, look.lang),
        y: super::scatter_axis(y, look.lang),
        points,
    }))
}

//! How analysis results become charts: number formats of a unit, the sort order of a polarity,
//! data points with their status, axes, source lines and the method line of field scores, and
//! the header every chart carries (title, period, group, n, source, demo badge).

use vergleich_analysis::PeerGroup;
use vergleich_analysis::compare::Comparison;
use vergleich_analysis::score::{Aggregation, FieldScoreOptions, Normalisation, Score};
use vergleich_charts::{
    ChartSpec, Datum, Header, HeatmapRow, HeatmapSpec, Lang, Order, RankingItem, ScatterAxis,
    ValueFormat,
};
use vergleich_domain::{Ags, Indicator, Polarity, Status};

use crate::data::ViewData;
use crate::request::Look;

/// The header of a chart over a group labelled `group` (German, English) of `members` members.
pub fn header(
    data: &ViewData,
    look: &Look<'_>,
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
        group: look.lang.pick(group.0, group.1).to_owned(),
        members_total: group.2,
        // A release's chart names it: a printed chart can be traced to its data state.
        source: match &data.state.release {
            Some(release) => format!(
                "{source} · {} {release}",
                look.lang.pick("Datenstand", "Release")
            ),
            None => source,
        },
        demo_data: data.synthetic,
    }
}

/// Decimals a unit is usually shown with.
pub fn format_for(indicator: &Indicator) -> ValueFormat {
    let decimals = match indicator.unit.as_str() {
        "Punkte" | "Personen" | "Jahre" => 0,
        "EUR" => 2,
        _ => 1,
    };
    ValueFormat {
        unit: indicator.unit.clone(),
        decimals,
    }
}

/// Scores 0–100 without a unit.
pub fn points() -> ValueFormat {
    ValueFormat {
        unit: String::new(),
        decimals: 0,
    }
}

pub fn order_for(indicator: &Indicator) -> Order {
    match indicator.polarity {
        Polarity::LowerIsBetter => Order::LowFirst,
        Polarity::HigherIsBetter | Polarity::Neutral => Order::HighFirst,
    }
}

pub fn datum(value: Option<f64>, status: Option<Status>) -> Datum {
    match (value, status) {
        (Some(v), Some(Status::P)) => Datum::Provisional(v),
        (Some(v), _) => Datum::Value(v),
        (None, _) => Datum::Missing,
    }
}

pub fn score_datum(score: &Score) -> Datum {
    match score {
        Score::Value { value } => Datum::Value(*value),
        Score::Insufficient => Datum::Insufficient,
    }
}

/// A scatter axis: a word unit ("Personen") goes into the axis label, so tick labels stay short
/// enough to fit the canvas; symbols ("%") stay on the ticks.
pub fn scatter_axis(indicator: &Indicator, lang: Lang) -> ScatterAxis {
    let label = lang.pick(&indicator.label_de, &indicator.label_en);
    let mut format = format_for(indicator);
    if format.unit.chars().count() > 2 {
        let unit = std::mem::take(&mut format.unit);
        ScatterAxis {
            label: format!("{label} ({unit})"),
            format,
        }
    } else {
        ScatterAxis {
            label: label.to_owned(),
            format,
        }
    }
}

/// The source line of a chart of two indicators, each source once.
pub fn sources(x: &Indicator, y: &Indicator) -> String {
    if x.source == y.source {
        x.source.clone()
    } else {
        format!("{}; {}", x.source, y.source)
    }
}

/// The source line of a chart of field scores: which normalisation and mean.
pub fn method_line(lang: Lang, options: &FieldScoreOptions) -> String {
    let norm = match options.normalisation {
        Normalisation::MinMax => "min–max",
        Normalisation::Z => "z",
        Normalisation::Rank => lang.pick("Rang", "rank"),
    };
    let mean = match options.aggregation {
        Aggregation::Arithmetic => lang.pick("arithmetisches Mittel", "arithmetic mean"),
        Aggregation::Geometric => lang.pick("geometrisches Mittel", "geometric mean"),
    };
    let weights = if options.weights.is_empty() {
        lang.pick("gleiche Gewichte", "equal weights")
    } else {
        lang.pick("eigene Gewichte", "custom weights")
    };
    match lang {
        Lang::De => {
            format!("Selbstcheck und amtliche Statistik, normalisiert ({norm}, {mean}, {weights})")
        }
        Lang::En => {
            format!("Self-check and official statistics, normalised ({norm}, {mean}, {weights})")
        }
    }
}

/// The field-score method of a view's metadata, in one line.
pub fn scores_method(options: &FieldScoreOptions) -> String {
    let norm = match options.normalisation {
        Normalisation::MinMax => "min-max 0–100",
        Normalisation::Z => "z-score",
        Normalisation::Rank => "rank (mid-rank percentile 0–100)",
    };
    let weights = if options.weights.is_empty() {
        "equal weights".to_owned()
    } else {
        let list: Vec<String> = options
            .weights
            .iter()
            .map(|(k, w)| format!("{k}:{w}"))
            .collect();
        format!("weights {} (others 1)", list.join(", "))
    };
    format!(
        "polarity applied; normalisation {norm}; {:?} mean; {weights}; score shown when coverage ≥ {} %",
        options.aggregation,
        (options.coverage_threshold * 100.0).round()
    )
    .to_lowercase()
}

/// The bars of a ranking or the dots of a dot plot, the highlighted members selected.
pub fn ranking_items(cmp: &Comparison, selected: &[Ags]) -> Vec<RankingItem> {
    cmp.members
        .iter()
        .map(|m| RankingItem {
            name: m.name.clone(),
            value: datum(m.value, m.status),
            selected: selected.contains(&m.key),
        })
        .collect()
}

/// A heat map of the group's members (rows) with `cells`, `columns` (long, short labels) and
/// (title, year, source).
pub(crate) fn heatmap(
    data: &ViewData,
    look: &Look<'_>,
    group: &PeerGroup,
    cells: Vec<Vec<Datum>>,
    (columns, short_columns): (Vec<String>, Vec<String>),
    (title, year, source): (String, i32, String),
) -> ChartSpec {
    let rows = group
        .members
        .iter()
        .zip(cells)
        .map(|(m, cells)| HeatmapRow {
            name: m.name.clone(),
            selected: look.selected.contains(&m.key),
            cells,
        })
        .collect();
    ChartSpec::Heatmap(HeatmapSpec {
        header: header(
            data,
            look,
            (&group.label_de, &group.label_en, group.members.len()),
            title,
            year.to_string(),
            source,
        ),
        format: points(),
        columns,
        short_columns,
        rows,
        domain: Some([0.0, 100.0]),
    })
}

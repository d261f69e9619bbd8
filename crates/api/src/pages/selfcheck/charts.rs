//! The Selbstcheck's charts from the service's views: a field's items as a diverging stacked
//! bar (Likert) chart, a workshop's ratings per field by perspective, and the gap between the
//! administration's self-assessment and the workshop. Inline SVG on the pages, SVG and PNG from
//! the API (drawn off the async workers).

use vergleich_charts::{
    ChartError, Datum, GapRow, Header, Lang, LikertRow, LikertSpec, SelfcheckGapSpec, SizePreset,
    SvgChart, WorkshopCell, WorkshopRow, WorkshopSpec,
};
use vergleich_service::workflow::selfcheck::{FieldResult, RoundView};
use vergleich_service::workflow::selfcheck_workshop_view::WorkshopView;

use crate::pages::t;
use crate::state::AppState;

const SOURCE: (&str, &str) = (
    "Selbstcheck Weltoffene Kommunen (Demo-Fragebogen), vergleich",
    "Self-check Welcoming Municipalities (demo questionnaire), vergleich",
);

fn header(lang: Lang, title: String, period: String, group: String, demo: bool) -> Header {
    Header {
        lang,
        size: SizePreset::default(),
        title,
        period,
        group,
        members_total: 1,
        source: t(lang, SOURCE.0, SOURCE.1).to_owned(),
        demo_data: demo,
    }
}

/// The items of one field of a round: answers per level, hidden where the reader may not see
/// the distribution.
pub fn likert_spec(
    view: &RoundView,
    field: &FieldResult,
    name: &str,
    lang: Lang,
    demo: bool,
) -> LikertSpec {
    let rows = field
        .items
        .iter()
        .map(|item| LikertRow {
            label: format!("{} {}", item.id, t(lang, &item.text_de, &item.text_en)),
            counts: item.distribution.unwrap_or([0; 4]),
            dont_know: item.dont_know,
            skipped: item.skipped,
            hidden: item.distribution.is_none().then(|| {
                t(
                    lang,
                    "ausgeblendet: weniger als 3 Antworten",
                    "hidden: fewer than 3 answers",
                )
                .to_owned()
            }),
            selected: false,
        })
        .collect();
    LikertSpec {
        header: header(
            lang,
            format!(
                "{}: {}",
                t(lang, "Selbstcheck", "Self-check"),
                t(lang, &field.label_de, &field.label_en)
            ),
            format!("{} {}", t(lang, "Runde", "Round"), view.round.label),
            name.to_owned(),
            demo,
        ),
        respondents: Some(view.raters),
        rows,
    }
}

/// A workshop's ratings per field, with each perspective's median (hidden under 3 answers).
pub fn workshop_spec(view: &WorkshopView, name: &str, lang: Lang, demo: bool) -> WorkshopSpec {
    let perspectives: Vec<_> = view.perspectives.iter().map(|p| p.perspective).collect();
    let rows = view
        .fields
        .iter()
        .map(|f| {
            let cells = perspectives
                .iter()
                .map(
                    |p| match f.by_perspective.iter().find(|c| c.perspective == *p) {
                        Some(c) => WorkshopCell {
                            median: c.cell.result.as_ref().and_then(|r| r.median),
                            n: c.cell.n,
                            hidden: c.cell.hidden.map(|_| {
                                t(lang, "weniger als 3 Stimmen", "fewer than 3 ballots").to_owned()
                            }),
                        },
                        None => WorkshopCell {
                            median: None,
                            n: 0,
                            hidden: None,
                        },
                    },
                )
                .collect();
            let label = t(lang, &f.label_de, &f.label_en).to_owned();
            match &f.all.result {
                Some(r) => WorkshopRow::from_counts(label, r.counts, cells),
                None => WorkshopRow {
                    label,
                    n: f.all.n,
                    median: None,
                    q1: None,
                    q3: None,
                    hidden: Some(
                        t(
                            lang,
                            "ausgeblendet: weniger als 3 Stimmen",
                            "hidden: fewer than 3 ballots",
                        )
                        .to_owned(),
                    ),
                    cells,
                },
            }
        })
        .collect();
    WorkshopSpec {
        header: header(
            lang,
            view.workshop.title.clone(),
            format!(
                "{} {}",
                t(lang, "Runde", "Round"),
                view.workshop.round_label
            ),
            name.to_owned(),
            demo,
        ),
        ballots: usize::try_from(view.workshop.ballots).ok(),
        perspectives: view
            .perspectives
            .iter()
            .map(|p| t(lang, p.label_de, p.label_en).to_owned())
            .collect(),
        rows,
    }
}

/// The administration's field score against the workshop's median per field.
pub fn gap_spec(view: &WorkshopView, name: &str, lang: Lang, demo: bool) -> SelfcheckGapSpec {
    SelfcheckGapSpec {
        header: header(
            lang,
            t(
                lang,
                "Verwaltung und Workshop im Vergleich",
                "Administration and workshop compared",
            )
            .to_owned(),
            format!(
                "{} {}",
                t(lang, "Runde", "Round"),
                view.workshop.round_label
            ),
            name.to_owned(),
            demo,
        ),
        rows: view
            .fields
            .iter()
            .map(|f| GapRow {
                label: t(lang, &f.label_de, &f.label_en).to_owned(),
                administration: f.administration.map_or(Datum::Missing, Datum::Value),
                workshop_level: f
                    .all
                    .result
                    .as_ref()
                    .and_then(|r| r.median)
                    .map_or(Datum::Missing, Datum::Value),
            })
            .collect(),
    }
}

/// A workshop's results as a table (CSV, XLSX): one row per field; hidden cells empty with the
/// reason in the last column.
pub fn workshop_table(view: &WorkshopView, lang: Lang) -> vergleich_service::table::Table {
    use vergleich_service::table::{Cell, Column, Table};
    let number = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Number);
    let columns = [
        ("Handlungsfeld", "Field"),
        ("Stimmen", "Ballots"),
        ("0 nicht vorhanden", "0 not in place"),
        ("1 geplant", "1 planned"),
        ("2 teilweise umgesetzt", "2 partly implemented"),
        ("3 umgesetzt und verankert", "3 implemented and embedded"),
        ("weiß nicht", "don't know"),
        ("Median", "Median"),
        ("IQR", "IQR"),
        ("Einigkeit", "Consensus"),
        ("Verwaltung (0–100)", "Administration (0–100)"),
        ("Workshop (0–100)", "Workshop (0–100)"),
        ("Abstand", "Gap"),
        ("Vereinbart", "Agreed"),
        ("Begründung", "Rationale"),
        ("Hinweis", "Note"),
    ]
    .iter()
    .map(|(de, en)| Column::new(*de, *en))
    .collect();
    let rows = view
        .fields
        .iter()
        .map(|f| {
            let r = f.all.result.as_ref();
            let count = |i: usize| r.map_or(Cell::Empty, |r| Cell::Number(r.counts[i] as f64));
            vec![
                Cell::Text(t(lang, &f.label_de, &f.label_en).to_owned()),
                Cell::Number(f.all.n as f64),
                count(0),
                count(1),
                count(2),
                count(3),
                r.map_or(Cell::Empty, |r| Cell::Number(r.dont_know as f64)),
                number(r.and_then(|r| r.median)),
                number(r.and_then(|r| r.iqr)),
                r.map_or(Cell::Empty, |r| {
                    Cell::Text(t(lang, r.consensus.label_de(), r.consensus.label_en()).to_owned())
                }),
                number(f.administration),
                number(f.workshop),
                number(f.gap),
                f.outcome.as_ref().map_or(Cell::Empty, |o| {
                    Cell::Number(f64::from(o.agreed.level().unwrap_or(0)))
                }),
                f.outcome
                    .as_ref()
                    .map_or(Cell::Empty, |o| Cell::Text(o.rationale.clone())),
                f.all.hidden.map_or(Cell::Empty, |_| {
                    Cell::Text(
                        t(
                            lang,
                            vergleich_domain::selfcheck::workshop::HIDDEN_DE,
                            vergleich_domain::selfcheck::workshop::HIDDEN_EN,
                        )
                        .to_owned(),
                    )
                }),
            ]
        })
        .collect();
    Table::new(columns, rows)
}

/// A workshop's two charts, drawn before the page is built.
pub struct WorkshopCharts {
    pub workshop: Result<SvgChart, ChartError>,
    /// Only where the administration's scores are readable (the gap needs them).
    pub gap: Option<Result<SvgChart, ChartError>>,
}

/// Draws a chart off the async workers, within the CPU-job bound: the live page is loaded every
/// 2 seconds by anyone with the code, and drawing is plotters work.
pub async fn draw<F>(state: &AppState, draw: F) -> Result<SvgChart, ChartError>
where
    F: FnOnce() -> Result<SvgChart, ChartError> + Send + 'static,
{
    state.work.run(draw).await.unwrap_or_else(|e| {
        Err(ChartError::Rasterise {
            message: format!("chart job stopped: {e}"),
        })
    })
}

/// [`workshop_spec`] and, with administration scores, [`gap_spec`], drawn in one CPU job.
pub async fn draw_workshop(state: &AppState, view: &WorkshopView, lang: Lang) -> WorkshopCharts {
    let v = view.clone();
    let with_gap = v.fields.iter().any(|f| f.administration.is_some());
    let drawn = state
        .work
        .run(move || {
            let (name, demo) = (&v.workshop.municipality_name, v.workshop.synthetic);
            WorkshopCharts {
                workshop: workshop_spec(&v, name, lang, demo).to_svg(),
                gap: with_gap.then(|| gap_spec(&v, name, lang, demo).to_svg()),
            }
        })
        .await;
    drawn.unwrap_or_else(|e| WorkshopCharts {
        workshop: Err(ChartError::Rasterise {
            message: format!("chart job stopped: {e}"),
        }),
        gap: None,
    })
}

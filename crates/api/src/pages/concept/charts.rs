//! The concept's two charts: the goal progress chart (a bullet per target: baseline, actual,
//! target, expected-by-now) and the measures timeline (bars from start to end by status, today
//! marked). Inline SVG on the page, SVG and PNG from the API.

use maud::{Markup, html};
use vergleich_charts::{
    BulletActual, BulletRow, ChartError, GoalProgressSpec, Header, Lang, MeasureTimelineSpec,
    SizePreset, TimelineBar,
};
use vergleich_service::workflow::concept_view::{ConceptView, ShownVersion};

use crate::pages::{inline_svg, t};

fn header(view: &ConceptView, shown: &ShownVersion, lang: Lang, what: (&str, &str)) -> Header {
    let v = &shown.version;
    Header {
        lang,
        size: SizePreset::default(),
        title: format!("{} {} – {}", t(lang, what.0, what.1), view.name, v.label),
        period: match lang {
            Lang::De => format!("Stand {}", shown.today.format("%d.%m.%Y")),
            Lang::En => format!("as of {}", shown.today),
        },
        group: v.title.clone(),
        members_total: 1,
        source: t(
            lang,
            "Integrationskonzept der Kommune; Ist-Werte: veröffentlichte Daten in vergleich",
            "The member's integration concept; actuals: published data in vergleich",
        )
        .to_owned(),
        demo_data: v.synthetic,
    }
}

/// One bullet per target of every goal, in the page's order.
pub fn progress_spec(view: &ConceptView, shown: &ShownVersion, lang: Lang) -> GoalProgressSpec {
    let rows = shown
        .themenfelder
        .iter()
        .flat_map(|tf| tf.goals.iter())
        .flat_map(|g| {
            g.targets.iter().map(move |tv| BulletRow {
                label: format!(
                    "{} ({} {})",
                    t(lang, &tv.label_de, &tv.label_en),
                    t(lang, "Ziel", "goal"),
                    g.id
                ),
                unit: tv.unit.clone(),
                baseline_year: tv.baseline_year,
                baseline: tv.baseline,
                target_year: tv.target_year,
                target: tv.target,
                actual: tv.actual.as_ref().map(|a| BulletActual {
                    year: a.year,
                    value: a.value,
                }),
                expected: tv.expected_value,
                state: t(lang, tv.state.label_de(), tv.state.label_en()).to_owned(),
                monitoring: tv.role == vergleich_domain::concept::IndicatorRole::Monitoring,
            })
        })
        .collect();
    GoalProgressSpec {
        header: header(
            view,
            shown,
            lang,
            ("Zielerreichung", "Progress against targets"),
        ),
        rows,
    }
}

pub fn timeline_spec(view: &ConceptView, shown: &ShownVersion, lang: Lang) -> MeasureTimelineSpec {
    MeasureTimelineSpec {
        header: header(view, shown, lang, ("Maßnahmen", "Measures")),
        today: shown.today,
        bars: shown
            .measures
            .iter()
            .map(|m| TimelineBar {
                label: m.title.clone(),
                start: m.start,
                end: m.end,
                status: m.status.as_str().to_owned(),
                status_label: t(lang, m.status.label_de(), m.status.label_en()).to_owned(),
                progress: m.progress,
            })
            .collect(),
    }
}

pub(crate) fn figure(
    svg: Result<vergleich_charts::SvgChart, ChartError>,
    links: Markup,
    lang: Lang,
) -> Markup {
    match svg {
        Ok(chart) => html! {
            figure.chart.wide {
                div class={ "chart-svg w" (chart.width) } tabindex="0" { (inline_svg(&chart.svg)) }
                figcaption {
                    // Every target or measure is in the description: it stays in the SVG's
                    // <desc> and behind a summary, the page's tables show the same figures.
                    details {
                        summary { (t(lang, "Beschreibung der Grafik", "Description of the chart")) }
                        p.chart-desc { (chart.description) }
                    }
                    (links)
                }
            }
        },
        Err(e) => {
            tracing::error!(error = %e, "concept chart failed");
            html! { p.insufficient { (t(lang, "Die Grafik konnte nicht erstellt werden.", "The chart could not be made.")) } }
        }
    }
}

pub(super) fn figures(view: &ConceptView, shown: &ShownVersion, lang: Lang) -> Markup {
    let key = view.municipality.to_string();
    let query = format!(
        "?version={}{}",
        shown.version.label,
        t(lang, "", "&lang=en")
    );
    let links = |name: &str| {
        html! {
            p.downloads {
                a href=(format!("/api/v1/concepts/{key}/{name}.png{query}")) { "PNG" }
                a href=(format!("/api/v1/concepts/{key}/{name}.svg{query}")) { "SVG" }
            }
        }
    };
    html! {
        (figure(progress_spec(view, shown, lang).to_svg(), links("progress"), lang))
        (figure(timeline_spec(view, shown, lang).to_svg(), links("timeline"), lang))
    }
}

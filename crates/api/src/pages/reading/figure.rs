//! One chart on a page: the inline SVG (role="img" with <title> and <desc> from the chart
//! renderer), its text description, the same numbers as a table in a `<details>`, and download
//! links to the matching `/api/v1/…` view in SVG, PNG, CSV and XLSX. The table is generated from
//! the chart spec itself, so it shows exactly what the chart draws.

use maud::{Markup, html};
use vergleich_charts::{ChartSpec, Lang};

use super::common::{datum_text, num};
use crate::pages::{inline_svg, t};

/// The API view behind a chart: `path` without suffix and its query (without `lang`).
/// `chart_query` is added to the SVG and PNG links only (e.g. `chart=dot-plot`).
pub struct Downloads {
    pub path: String,
    /// The page includes unpublished values: the downloads ask for them too (`data=preview`).
    pub preview: bool,
    pub query: Vec<(&'static str, String)>,
    pub chart_query: Vec<(&'static str, String)>,
}

impl Downloads {
    pub fn new(data: &vergleich_service::ViewData, path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            preview: data.state.visibility != "published",
            query: Vec::new(),
            chart_query: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.is_empty() {
            self.query.push((name, value));
        }
        self
    }

    pub fn chart(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.chart_query.push((name, value.into()));
        self
    }

    /// The link for one form (`svg`, `png`, `csv`, `xlsx`) in the page's language.
    pub fn url(&self, suffix: &str, lang: Lang) -> String {
        let mut parts: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if matches!(suffix, "svg" | "png") {
            parts.extend(
                self.chart_query
                    .iter()
                    .map(|(k, v)| format!("{k}={}", encode(v))),
            );
        }
        if self.preview {
            parts.push("data=preview".to_owned());
        }
        parts.push(format!("lang={}", t(lang, "de", "en")));
        format!("{}.{suffix}?{}", self.path, parts.join("&"))
    }

    /// Links to every form: the chart (SVG, PNG) and its table (CSV, XLSX).
    pub fn links(&self, lang: Lang) -> Markup {
        self.links_to(&FORMS, lang)
    }

    /// Links to the table forms only (CSV, XLSX), for a table without a chart: its chart
    /// would not be the table (a one-year matrix drawn as a one-column heat map).
    pub fn table_links(&self, lang: Lang) -> Markup {
        self.links_to(&FORMS[2..], lang)
    }

    fn links_to(&self, forms: &[(&str, &str, &str, &str)], lang: Lang) -> Markup {
        html! {
            p.downloads {
                (t(lang, "Herunterladen: ", "Download: "))
                @for (suffix, label, what_de, what_en) in forms {
                    a href=(self.url(suffix, lang)) download {
                        (label) span.visually-hidden { " " (t(lang, what_de, what_en)) }
                    }
                    " "
                }
            }
        }
    }
}

const FORMS: [(&str, &str, &str, &str); 4] = [
    (
        "svg",
        "SVG",
        "(Grafik als Vektorbild)",
        "(chart as vector image)",
    ),
    ("png", "PNG", "(Grafik als Bild)", "(chart as image)"),
    ("csv", "CSV", "(Tabelle)", "(table)"),
    ("xlsx", "XLSX", "(Excel-Arbeitsmappe)", "(Excel workbook)"),
];

/// Query values are keys, ids, years and comma lists; only a few characters need escaping.
fn encode(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | ',' | ':' => c.to_string(),
            other => {
                let mut buf = [0u8; 4];
                other
                    .encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect()
}

/// Descriptions longer than this are shown with the table instead of under the chart.
const LONG_DESCRIPTION: usize = 400;

/// A chart with its description, data table and downloads. `class` sizes it (`wide`, `half`).
pub fn figure(
    spec: &ChartSpec,
    downloads: Option<&Downloads>,
    lang: Lang,
    class: &str,
) -> Result<Markup, vergleich_charts::ChartError> {
    let mut spec = english_units(spec, lang);
    if matches!(class, "half" | "radar") {
        // drawn at the width of its column, so its text is shown at the size it was set in
        spec.header_mut().size = vergleich_charts::SizePreset::Column;
    }
    let spec = &spec;
    if let Some(rows) = spec.rows().filter(|r| *r > vergleich_charts::MAX_ROWS) {
        // Too many members to draw (or to list in a table on the page): say so, keep the
        // downloads, which hold every row.
        let max = vergleich_charts::MAX_ROWS;
        return Ok(html! {
            figure class={ "chart " (class) } {
                p.chart-desc {
                    (t(lang,
                        &format!("Das Diagramm würde {rows} Kommunen zeigen, höchstens {max} sind lesbar: \
                                  wählen Sie eine kleinere Vergleichsgruppe oder laden Sie die Tabelle herunter."),
                        &format!("The chart would show {rows} members, at most {max} are legible: \
                                  choose a smaller comparison group or download the table.")))
                }
                // The tables only: the chart forms would be refused alike.
                @if let Some(d) = downloads { (d.table_links(lang)) }
            }
        });
    }
    let svg = spec.to_svg()?;
    Ok(html! {
        figure class={ "chart " (class) } {
            // never shrunk below its drawn width (on a phone it scrolls sideways instead, in a
            // box that takes the keyboard focus so it can be scrolled without a mouse)
            div class={ "chart-svg w" (svg.width) } tabindex="0" { (inline_svg(&svg.svg)) }
            figcaption {
                // A long description (every value of a time series) would bury the page; it
                // stays in the SVG's <desc> and moves next to the table.
                @if svg.description.chars().count() <= LONG_DESCRIPTION {
                    p.chart-desc { (svg.description) }
                }
                details {
                    summary { (t(lang, "Daten als Tabelle", "Data as a table")) }
                    @if svg.description.chars().count() > LONG_DESCRIPTION {
                        p.chart-desc { (svg.description) }
                    }
                    (table_of(spec, lang))
                }
                @if let Some(d) = downloads { (d.links(lang)) }
            }
        }
    })
}

fn name_head(lang: Lang) -> &'static str {
    t(lang, "Kommune", "Municipality")
}

/// The numbers a chart draws, as a table.
pub fn table_of(spec: &ChartSpec, lang: Lang) -> Markup {
    match spec {
        // The concept page shows its targets and measures as tables of their own.
        ChartSpec::GoalProgress(_) | ChartSpec::MeasureTimeline(_) => html! {},
        ChartSpec::Ranking(s) => items_table(&s.header.title, &s.items, &s.format, lang),
        ChartSpec::DotPlot(s) => items_table(&s.header.title, &s.items, &s.format, lang),
        ChartSpec::Heatmap(s) => html! {
            div.table-wrap { table.data {
                caption { (s.header.title) ", " (s.header.period) }
                thead { tr { th scope="col" { (name_head(lang)) } @for c in &s.columns { th scope="col" { (c) } } } }
                tbody { @for row in &s.rows {
                    tr class=[row.selected.then_some("selected")] {
                        th scope="row" { (row.name) }
                        @for cell in &row.cells { td.num { (datum_text(*cell, &s.format, lang)) } }
                    }
                } }
            } }
        },
        ChartSpec::TimeSeries(s) => {
            let mut years: Vec<i32> = s
                .series
                .iter()
                .flat_map(|x| x.points.iter().map(|p| p.year))
                .collect();
            years.sort_unstable();
            years.dedup();
            html! {
                div.table-wrap { table.data {
                    caption { (s.header.title) ", " (s.header.period) @if !s.format.unit.is_empty() { " (" (super::common::unit(&s.format.unit, lang)) ")" } }
                    thead { tr { th scope="col" { (name_head(lang)) } @for y in &years { th scope="col" { (y) } } } }
                    tbody { @for series in &s.series {
                        tr class=[series.selected.then_some("selected")] {
                            th scope="row" { (series.name) }
                            @for y in &years {
                                @let datum = series.points.iter().find(|p| p.year == *y).map_or(vergleich_charts::Datum::Missing, |p| p.value);
                                td.num { (datum_text(datum, &s.format, lang)) }
                            }
                        }
                    } }
                } }
            }
        }
        ChartSpec::Radar(s) => html! {
            div.table-wrap { table.data {
                caption { (s.header.title) ": " (s.member) ", " (s.header.period) }
                thead { tr {
                    th scope="col" { (t(lang, "Handlungsfeld", "Field of action")) }
                    th scope="col" { (s.member) }
                    th scope="col" { (t(lang, "Vergleichsgruppe Q1", "Peers Q1")) }
                    th scope="col" { (t(lang, "Median", "Median")) }
                    th scope="col" { (t(lang, "Q3", "Q3")) }
                } }
                tbody { @for axis in &s.axes {
                    tr {
                        th scope="row" { (axis.label) }
                        td.num { (datum_text(axis.value, &s.format, lang)) }
                        @match axis.peer {
                            Some(p) => { td.num { (num(p.q1, 0, lang)) } td.num { (num(p.median, 0, lang)) } td.num { (num(p.q3, 0, lang)) } }
                            None => { td colspan="3" { (t(lang, "zu wenige Vergleichswerte", "too few peer values")) } }
                        }
                    }
                } }
            } }
        },
        ChartSpec::Scatter(s) => html! {
            div.table-wrap { table.data {
                caption { (s.header.title) ", " (s.header.period) }
                thead { tr { th scope="col" { (name_head(lang)) } th scope="col" { (s.x.label) } th scope="col" { (s.y.label) } } }
                tbody { @for p in &s.points {
                    tr class=[p.selected.then_some("selected")] {
                        th scope="row" { (p.name) }
                        td.num { (datum_text(p.x, &s.x.format, lang)) }
                        td.num { (datum_text(p.y, &s.y.format, lang)) }
                    }
                } }
            } }
        },
    }
}

fn items_table(
    title: &str,
    items: &[vergleich_charts::RankingItem],
    format: &vergleich_charts::ValueFormat,
    lang: Lang,
) -> Markup {
    html! {
        div.table-wrap { table.data {
            caption { (title) @if !format.unit.is_empty() { " (" (super::common::unit(&format.unit, lang)) ")" } }
            thead { tr { th scope="col" { (name_head(lang)) } th scope="col" { (t(lang, "Wert", "Value")) } } }
            tbody { @for item in items {
                tr class=[item.selected.then_some("selected")] {
                    th scope="row" { (item.name) }
                    td.num { (datum_text(item.value, format, lang)) }
                }
            } }
        } }
    }
}

/// The catalogue's units are German; an English chart gets them in English (the views set the
/// indicator's unit as it is stored).
fn english_units(spec: &ChartSpec, lang: Lang) -> ChartSpec {
    let mut spec = spec.clone();
    if lang == Lang::En {
        let fix =
            |f: &mut vergleich_charts::ValueFormat| f.unit = super::common::unit(&f.unit, lang);
        match &mut spec {
            ChartSpec::Ranking(s) => fix(&mut s.format),
            ChartSpec::DotPlot(s) => fix(&mut s.format),
            ChartSpec::TimeSeries(s) => fix(&mut s.format),
            ChartSpec::Heatmap(s) => fix(&mut s.format),
            ChartSpec::Radar(s) => fix(&mut s.format),
            ChartSpec::Scatter(s) => {
                fix(&mut s.x.format);
                fix(&mut s.y.format);
            }
            // Concept charts carry each row's unit as written by the concept page.
            ChartSpec::GoalProgress(_) | ChartSpec::MeasureTimeline(_) => {}
        }
    }
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chart of more members than can be drawn is a notice on the page (with the downloads),
    /// neither an error page nor a page of the whole SVG and table (100 MB at 11,000 members).
    #[test]
    fn a_chart_of_too_many_members_is_a_notice_and_one_at_the_limit_is_drawn() {
        let spec = |n: usize| {
            let mut ranking = vergleich_charts::fixtures::ranking(Lang::De, 21);
            ranking.items = ranking.items.iter().cycle().take(n).cloned().collect();
            ChartSpec::Ranking(ranking)
        };
        let max = vergleich_charts::MAX_ROWS;
        let downloads = Downloads {
            path: "/api/v1/field-scores".into(),
            preview: false,
            query: Vec::new(),
            chart_query: Vec::new(),
        };
        let drawn = figure(&spec(max), Some(&downloads), Lang::De, "wide")
            .unwrap()
            .into_string();
        assert!(drawn.contains("<svg") && drawn.contains(".png"), "{drawn}");
        let notice = figure(&spec(max + 1), Some(&downloads), Lang::De, "wide")
            .unwrap()
            .into_string();
        // The table forms only: the chart forms would be refused alike.
        assert!(
            notice.contains(".csv") && notice.contains(".xlsx"),
            "{notice}"
        );
        assert!(
            !notice.contains(".png") && !notice.contains(".svg"),
            "{notice}"
        );
        assert!(!notice.contains("<svg"), "no chart");
        assert!(!notice.contains("<table"), "no table of every member");
        assert!(
            notice.contains(&format!("{} Kommunen zeigen", max + 1)),
            "{notice}"
        );
    }
}

//! Time series: one indicator for selected members over the years. A missing year breaks the
//! line (gaps are never bridged); provisional values are hollow and reached by a dashed segment.
//! A change of the indicator's definition breaks every line too, with a marker and its note.

use plotters::style::{Color, RGBColor, WHITE};
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::Result;
use crate::font::max_width;
use crate::format::{format_value, join_names, n_of_total, words};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::highlight::{self, Highlights};
use crate::output::SvgChart;
use crate::scale::{Linear, nice_ticks};
use crate::spec::{Datum, Header, Lang, ValueFormat};
use crate::style::{AXIS, GRID, MARGIN, MEDIAN, MUTED, OTHERS, SMALL_SIZE};

/// One year's datum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct YearValue {
    pub year: i32,
    pub value: Datum,
}

/// One member's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    #[serde(default)]
    pub selected: bool,
    pub points: Vec<YearValue>,
}

/// Time series of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeSeriesSpec {
    pub header: Header,
    #[serde(default)]
    pub format: ValueFormat,
    pub series: Vec<Series>,
    /// The peer group's median per year, drawn as a dashed line; empty for none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub median: Vec<YearValue>,
    /// Where the definition changed: no line crosses the year before it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<SeriesBreak>,
}

/// A change of definition from `year` on, with what changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesBreak {
    pub year: i32,
    pub note: String,
}

impl TimeSeriesSpec {
    /// Each series' colour: with highlighted members, theirs (the same as in the dot plot
    /// beside it) and grey for the others, which stay as context; without, a colour each while
    /// the palette lasts, else grey.
    fn colors(&self) -> (Highlights<'_>, Vec<RGBColor>) {
        let hl = Highlights::new(self.series.iter().map(|s| (s.name.as_str(), s.selected)));
        let colors = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if !hl.is_empty() {
                    hl.color(&s.name)
                } else if self.series.len() <= highlight::DISTINCT {
                    highlight::nth(i)
                } else {
                    OTHERS
                }
            })
            .collect();
        (hl, colors)
    }

    /// The legend: the highlighted members (or every series while colours last), the others
    /// in grey as one item, the median, provisional values.
    fn legend(&self, hl: &Highlights<'_>, colors: &[RGBColor]) -> Vec<LegendItem> {
        let w = words(self.header.lang);
        let mut legend: Vec<LegendItem> = if !hl.is_empty() {
            hl.names()
                .iter()
                .map(|n| LegendItem::new(Swatch::Line(hl.color(n)), (*n).to_owned()))
                .collect()
        } else if self.series.len() <= highlight::DISTINCT {
            self.series
                .iter()
                .zip(colors)
                .map(|(s, c)| LegendItem::new(Swatch::Line(*c), s.name.clone()))
                .collect()
        } else {
            Vec::new()
        };
        if colors.contains(&OTHERS) {
            legend.push(LegendItem::new(
                Swatch::Line(OTHERS),
                self.header.group.clone(),
            ));
        }
        if self.median.iter().any(|p| p.value.value().is_some()) {
            legend.push(LegendItem::new(Swatch::Dashed(MEDIAN), w.median));
        }
        legend.push(LegendItem::new(Swatch::HollowDot(MUTED), w.provisional));
        legend
    }

    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        let w = words(lang);
        let with_data = self
            .series
            .iter()
            .filter(|s| s.points.iter().any(|p| p.value.value().is_some()))
            .count();
        let (hl, colors) = self.colors();
        let legend = self.legend(&hl, &colors);
        let without: Vec<&str> = self
            .series
            .iter()
            .filter(|s| s.points.iter().all(|p| p.value.value().is_none()))
            .map(|s| s.name.as_str())
            .collect();
        let mut notes = if without.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{}: {}",
                crate::format::capitalise(w.no_data),
                join_names(&without, lang)
            )]
        };
        let (ticks, dec) = self.ticks();
        // a short axis makes small changes look steep: say so when it does not start at zero
        let cut = ticks.first().is_some_and(|t| *t > 0.0);
        if cut {
            notes.push(w.axis_not_zero.to_owned());
        }
        for b in &self.breaks {
            notes.push(format!("{} {}: {}", w.definition_break, b.year, b.note));
        }

        let years = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.year));
        let (y0, y1) = years.fold((i32::MAX, i32::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let (y0, y1) = if y0 <= y1 { (y0, y1) } else { (2020, 2021) };
        let frame = Frame::new(&self.header, with_data, legend, &notes);
        let width = frame.width();
        let body = (width * 0.45).round();
        let height = frame.height(body);
        let tick_fmt = ValueFormat {
            unit: self.format.unit.clone(),
            decimals: dec,
        };
        let tick_labels: Vec<String> = ticks
            .iter()
            .map(|t| format_value(*t, &tick_fmt, lang))
            .collect();
        let axis_w = max_width(tick_labels.iter().map(String::as_str), SMALL_SIZE, false);
        let top = frame.body_top() + 8.0;
        let bottom = frame.body_top() + body - 24.0;
        let x = Linear {
            d0: f64::from(y0),
            d1: f64::from(y1),
            r0: MARGIN + axis_w + 20.0,
            r1: width - MARGIN - 20.0,
        };
        let y = Linear {
            d0: ticks.first().copied().unwrap_or(0.0),
            d1: ticks.last().copied().unwrap_or(1.0),
            r0: bottom,
            r1: top,
        };
        let description = self.describe(with_data, cut);

        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                for (t, label) in ticks.iter().zip(&tick_labels) {
                    c.line(&[(x.r0, y.map(*t)), (x.r1, y.map(*t))], GRID.to_rgba(), 1);
                    c.text(x.r0 - 8.0, y.map(*t), label, SMALL_SIZE, MUTED, Align::End);
                }
                let span = (y1 - y0).max(1);
                let step = if span <= 12 { 1 } else { (span + 9) / 10 };
                for yr in (y0..=y1).step_by(step as usize) {
                    let px = x.map(f64::from(yr));
                    c.line(&[(px, bottom), (px, bottom + 4.0)], AXIS.to_rgba(), 1);
                    c.text(
                        px,
                        bottom + 14.0,
                        &yr.to_string(),
                        SMALL_SIZE,
                        MUTED,
                        Align::Middle,
                    );
                }
                c.line(&[(x.r0, bottom), (x.r1, bottom)], AXIS.to_rgba(), 1);
                for b in self.breaks.iter().filter(|b| b.year > y0 && b.year <= y1) {
                    let px = x.map(f64::from(b.year) - 0.5);
                    c.dashed(&[(px, top - 4.0), (px, bottom)], AXIS.to_rgba(), 1);
                    let label = format!("{} {}", w.definition_break, b.year);
                    c.text(px + 3.0, top + 4.0, &label, SMALL_SIZE, MUTED, Align::Start);
                }
                // grey context first, then the median, the highlighted series on top
                let mut order: Vec<usize> = (0..self.series.len()).collect();
                order.sort_by_key(|i| self.series[*i].selected);
                let first_selected = order
                    .iter()
                    .position(|i| self.series[*i].selected)
                    .unwrap_or(order.len());
                for (n, i) in order.into_iter().enumerate() {
                    if n == first_selected {
                        self.draw_median(c, &x, &y);
                    }
                    let s = &self.series[i];
                    let color = colors[i];
                    let stroke = match (s.selected, hl.is_empty()) {
                        (true, _) => 3,
                        (false, true) => 2,
                        (false, false) => 1,
                    };
                    let mut pts: Vec<&YearValue> = s.points.iter().collect();
                    pts.sort_by_key(|p| p.year);
                    for pair in pts.windows(2) {
                        let (a, b) = (pair[0], pair[1]);
                        if let (Some(va), Some(vb)) = (a.value.value(), b.value.value()) {
                            if b.year - a.year != 1 || self.breaks_between(a.year, b.year) {
                                continue; // a missing year or a new definition: a gap
                            }
                            let seg = [
                                (x.map(f64::from(a.year)), y.map(va)),
                                (x.map(f64::from(b.year)), y.map(vb)),
                            ];
                            if a.value.is_provisional() || b.value.is_provisional() {
                                c.dashed(&seg, color.to_rgba(), stroke);
                            } else {
                                c.line(&seg, color.to_rgba(), stroke);
                            }
                        }
                    }
                    // grey context lines carry no dots (20 of them would bury the highlight),
                    // except a value without a neighbouring year, which has no line to show it
                    let dots = s.selected || hl.is_empty();
                    let alone = |p: &YearValue| {
                        !pts.iter()
                            .any(|q| (q.year - p.year).abs() == 1 && q.value.value().is_some())
                    };
                    for p in pts.iter().filter(|p| dots || alone(p)) {
                        if let Some(v) = p.value.value() {
                            let (px, py) = (x.map(f64::from(p.year)), y.map(v));
                            if p.value.is_provisional() {
                                c.circle(px, py, 4.5, WHITE.to_rgba());
                                c.ring(px, py, 4.5, color, 2);
                            } else {
                                c.circle(px, py, 3.5, color.to_rgba());
                            }
                        }
                    }
                }
                if first_selected == self.series.len() {
                    self.draw_median(c, &x, &y);
                }
                Ok(())
            },
        )?;
        Ok(SvgChart {
            svg,
            description,
            width: width as u32,
            height,
        })
    }

    /// Whether the definition changed after `a` and by `b`.
    fn breaks_between(&self, a: i32, b: i32) -> bool {
        self.breaks.iter().any(|x| a < x.year && x.year <= b)
    }

    /// The value axis: rates (`%`) start at zero; other units fit their values.
    fn ticks(&self) -> (Vec<f64>, u8) {
        let values = self
            .series
            .iter()
            .flat_map(|s| &s.points)
            .chain(&self.median)
            .filter_map(|p| p.value.value());
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
        if !lo.is_finite() {
            return nice_ticks(0.0, 1.0, 5);
        }
        let rate = self.format.unit.trim() == "%";
        nice_ticks(if rate && lo >= 0.0 { 0.0 } else { lo }, hi, 5)
    }

    /// The group median as a dashed line (gaps where a year has none).
    fn draw_median(&self, c: &crate::canvas::Canvas<'_>, x: &Linear, y: &Linear) {
        let mut pts: Vec<(i32, f64)> = self
            .median
            .iter()
            .filter_map(|p| p.value.value().map(|v| (p.year, v)))
            .collect();
        pts.sort_by_key(|p| p.0);
        for pair in pts.windows(2) {
            if pair[1].0 - pair[0].0 == 1 && !self.breaks_between(pair[0].0, pair[1].0) {
                let seg = [
                    (x.map(f64::from(pair[0].0)), y.map(pair[0].1)),
                    (x.map(f64::from(pair[1].0)), y.map(pair[1].1)),
                ];
                c.dashed(&seg, MEDIAN.to_rgba(), 2);
            }
        }
    }

    fn describe(&self, with_data: usize, cut: bool) -> String {
        let lang = self.header.lang;
        let w = words(lang);
        let h = &self.header;
        let fmt = |v: f64| format_value(v, &self.format, lang);
        let mut s = match lang {
            Lang::De => format!("Liniendiagramm: {}, {}, {}. ", h.title, h.period, h.group),
            Lang::En => format!("Line chart: {}, {}, {}. ", h.title, h.period, h.group),
        };
        s.push_str(&format!(
            "{}. ",
            n_of_total(with_data, h.members_total, lang)
        ));
        for series in &self.series {
            let mut pts: Vec<&YearValue> = series.points.iter().collect();
            pts.sort_by_key(|p| p.year);
            let parts: Vec<String> = pts
                .iter()
                .map(|p| {
                    let v = match p.value {
                        Datum::Value(v) => fmt(v),
                        Datum::Provisional(v) => format!("{} ({})", fmt(v), w.provisional),
                        Datum::Insufficient => w.insufficient.to_owned(),
                        Datum::Missing => w.no_data.to_owned(),
                    };
                    format!("{} {v}", p.year)
                })
                .collect();
            let mark = if series.selected {
                format!(" ({})", w.highlighted.to_lowercase())
            } else {
                String::new()
            };
            s.push_str(&format!("{}{mark}: {}. ", series.name, parts.join(", ")));
        }
        let median: Vec<String> = self
            .median
            .iter()
            .filter_map(|p| p.value.value().map(|v| format!("{} {}", p.year, fmt(v))))
            .collect();
        if !median.is_empty() {
            s.push_str(&format!(
                "{}: {}. ",
                crate::format::capitalise(w.median),
                median.join(", ")
            ));
        }
        for b in &self.breaks {
            s.push_str(&format!("{} {}: {}. ", w.definition_break, b.year, b.note));
        }
        if cut {
            s.push_str(w.axis_not_zero);
        }
        s.trim_end().to_owned()
    }
}

//! Time series: one indicator for selected members over the years. A missing year breaks the
//! line (gaps are never bridged); provisional values are hollow and reached by a dashed segment.

use plotters::style::{Color, WHITE};
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::Result;
use crate::font::max_width;
use crate::format::{format_value, join_names, n_of_total, words};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::scale::{Linear, nice_ticks};
use crate::spec::{Datum, Header, Lang, ValueFormat};
use crate::style::{AXIS, GRID, MARGIN, MUTED, OTHERS, SELECTED, SMALL_SIZE, series_color};

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
}

/// More series than distinct palette colours: the highlighted one keeps blue, the rest go grey.
const MAX_COLOURED: usize = 7;

impl TimeSeriesSpec {
    fn color(&self, i: usize) -> plotters::style::RGBColor {
        if self.series.len() <= MAX_COLOURED {
            series_color(i)
        } else if self.series[i].selected {
            SELECTED
        } else {
            OTHERS
        }
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
        let mut legend: Vec<LegendItem> = if self.series.len() <= MAX_COLOURED {
            self.series
                .iter()
                .enumerate()
                .map(|(i, s)| LegendItem::new(Swatch::Line(self.color(i)), s.name.clone()))
                .collect()
        } else {
            let mut l: Vec<LegendItem> = self
                .series
                .iter()
                .filter(|s| s.selected)
                .map(|s| LegendItem::new(Swatch::Line(SELECTED), s.name.clone()))
                .collect();
            l.push(LegendItem::new(
                Swatch::Line(OTHERS),
                self.header.group.clone(),
            ));
            l
        };
        legend.push(LegendItem::new(Swatch::HollowDot(MUTED), w.provisional));
        let without: Vec<&str> = self
            .series
            .iter()
            .filter(|s| s.points.iter().all(|p| p.value.value().is_none()))
            .map(|s| s.name.as_str())
            .collect();
        let notes = if without.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{}: {}",
                crate::format::capitalise(w.no_data),
                join_names(&without, lang)
            )]
        };
        let frame = Frame::new(&self.header, with_data, legend, &notes);
        let width = frame.width();
        let body = (width * 0.45).round();
        let height = frame.height(body);

        let years = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.year));
        let (y0, y1) = years.fold((i32::MAX, i32::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let (y0, y1) = if y0 <= y1 { (y0, y1) } else { (2020, 2021) };
        let values = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.value.value()));
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
        let (ticks, dec) = if lo.is_finite() {
            nice_ticks(lo, hi, 5)
        } else {
            nice_ticks(0.0, 1.0, 5)
        };
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
        let description = self.describe(with_data);

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
                // draw the highlighted series last so it stays on top
                let mut order: Vec<usize> = (0..self.series.len()).collect();
                order.sort_by_key(|i| self.series[*i].selected);
                for i in order {
                    let s = &self.series[i];
                    let color = self.color(i);
                    let stroke = if s.selected { 3 } else { 2 };
                    let mut pts: Vec<&YearValue> = s.points.iter().collect();
                    pts.sort_by_key(|p| p.year);
                    for pair in pts.windows(2) {
                        let (a, b) = (pair[0], pair[1]);
                        if let (Some(va), Some(vb)) = (a.value.value(), b.value.value()) {
                            if b.year - a.year != 1 {
                                continue; // a missing year: the gap stays visible
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
                    for p in &pts {
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

    fn describe(&self, with_data: usize) -> String {
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
        s.trim_end().to_owned()
    }
}

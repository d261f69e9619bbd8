//! Radar profile: one member's field scores against the peer median and interquartile band.
//! A field without a usable score breaks the member's outline (no line is drawn through it) and
//! its label says why; nothing is drawn as 0.

use plotters::style::{Color, WHITE};
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::{ChartError, Result};
use crate::font::{max_width, wrap};
use crate::format::{format_value, n_of_total, words};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::scale::{Linear, nice_ticks};
use crate::spec::{Datum, Header, Lang, PeerBand, ValueFormat};
use crate::style::{BAND, GRID, MARGIN, MEDIAN, MUTED, SELECTED, SMALL_SIZE, TEXT};

/// One spoke: a field, the member's score and the peer quartiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RadarAxis {
    pub label: String,
    pub value: Datum,
    pub peer: Option<PeerBand>,
}

/// Radar profile of one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RadarSpec {
    pub header: Header,
    #[serde(default)]
    pub format: ValueFormat,
    /// The member whose profile is drawn.
    pub member: String,
    /// Peer group members with data (the n of "n von N mit Daten").
    pub n_with_data: usize,
    /// Scale range, usually `[0, 100]` for field scores.
    #[serde(default = "score_range")]
    pub range: [f64; 2],
    pub axes: Vec<RadarAxis>,
}

fn score_range() -> [f64; 2] {
    [0.0, 100.0]
}

const LABEL_MAX: f64 = 150.0;
const LINE: f64 = 14.0;

impl RadarSpec {
    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let n = self.axes.len();
        if n < 3 {
            return Err(ChartError::invalid(format!(
                "a radar needs at least 3 axes, got {n}"
            )));
        }
        let lang = self.header.lang;
        let w = words(lang);
        let legend = vec![
            LegendItem::new(Swatch::Line(SELECTED), self.member.clone()),
            LegendItem::new(Swatch::Dashed(MEDIAN), w.median),
            LegendItem::new(Swatch::Band(BAND), w.iqr),
        ];
        let frame = Frame::new(&self.header, self.n_with_data, legend, &[]);
        let width = frame.width();
        let labels: Vec<Vec<String>> = self
            .axes
            .iter()
            .map(|a| {
                let mut lines = wrap(&a.label, SMALL_SIZE, false, LABEL_MAX);
                lines.push(match a.value {
                    Datum::Value(v) => format_value(v, &self.format, lang),
                    Datum::Provisional(v) => format!(
                        "{} ({})",
                        format_value(v, &self.format, lang),
                        w.provisional
                    ),
                    Datum::Insufficient => w.insufficient.to_owned(),
                    Datum::Missing => w.no_data.to_owned(),
                });
                lines
            })
            .collect();
        let label_w = max_width(
            labels.iter().flatten().map(String::as_str),
            SMALL_SIZE,
            true,
        );
        let label_h = labels.iter().map(Vec::len).max().unwrap_or(1) as f64 * LINE;
        let radius = (width / 2.0 - MARGIN - label_w - 14.0).clamp(60.0, 210.0);
        let body = 2.0 * (radius + label_h + 14.0);
        let height = frame.height(body);
        let (cx, cy) = (width / 2.0, frame.body_top() + body / 2.0);
        let r = Linear {
            d0: self.range[0],
            d1: self.range[1],
            r0: 0.0,
            r1: radius,
        };
        let angle =
            |i: usize| -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
        let at = |i: usize, v: f64| {
            let d = r.map(v.clamp(self.range[0], self.range[1]));
            (cx + d * angle(i).cos(), cy + d * angle(i).sin())
        };
        let description = self.describe();

        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                let (ticks, dec) = nice_ticks(self.range[0], self.range[1], 5);
                for t in ticks.iter().filter(|t| **t > self.range[0]) {
                    let ring: Vec<(f64, f64)> = (0..=n).map(|i| at(i % n, *t)).collect();
                    c.line(&ring, GRID.to_rgba(), 1);
                }
                for i in 0..n {
                    c.line(&[(cx, cy), at(i, self.range[1])], GRID.to_rgba(), 1);
                }
                for i in 0..n {
                    let j = (i + 1) % n;
                    if let (Some(a), Some(b)) = (self.axes[i].peer, self.axes[j].peer) {
                        c.polygon(&[at(i, a.q1), at(i, a.q3), at(j, b.q3), at(j, b.q1)], BAND);
                        c.dashed(&[at(i, a.median), at(j, b.median)], MEDIAN.to_rgba(), 2);
                    }
                }
                let fmt = ValueFormat {
                    unit: String::new(),
                    decimals: dec,
                };
                for t in ticks.iter().filter(|t| **t > self.range[0]) {
                    let (x, y) = at(0, *t);
                    c.text(
                        x + 4.0,
                        y - 1.0,
                        &format_value(*t, &fmt, lang),
                        SMALL_SIZE,
                        MUTED,
                        Align::Start,
                    );
                }
                for i in 0..n {
                    let j = (i + 1) % n;
                    if let (Some(a), Some(b)) =
                        (self.axes[i].value.value(), self.axes[j].value.value())
                    {
                        c.line(&[at(i, a), at(j, b)], SELECTED.to_rgba(), 3);
                    }
                }
                for (i, axis) in self.axes.iter().enumerate() {
                    if let Some(v) = axis.value.value() {
                        let (x, y) = at(i, v);
                        if axis.value.is_provisional() {
                            c.circle(x, y, 5.0, WHITE.to_rgba());
                            c.ring(x, y, 5.0, SELECTED, 2);
                        } else {
                            c.circle(x, y, 5.0, SELECTED.to_rgba());
                        }
                    } else {
                        // an open marker at the centre end of the spoke: "nothing to draw here"
                        let (x, y) = at(i, self.range[1]);
                        c.ring(x, y, 4.0, MUTED, 1);
                    }
                }
                for (i, lines) in labels.iter().enumerate() {
                    let (dx, dy) = (angle(i).cos(), angle(i).sin());
                    let (lx, ly) = (cx + (radius + 12.0) * dx, cy + (radius + 12.0) * dy);
                    let align = if dx > 0.3 {
                        Align::Start
                    } else if dx < -0.3 {
                        Align::End
                    } else {
                        Align::Middle
                    };
                    let block = lines.len() as f64 * LINE;
                    let y0 = if dy < -0.3 {
                        ly - block
                    } else if dy > 0.3 {
                        ly
                    } else {
                        ly - block / 2.0
                    } + LINE / 2.0;
                    let missing = self.axes[i].value.value().is_none();
                    for (k, line) in lines.iter().enumerate() {
                        let y = y0 + k as f64 * LINE;
                        if k + 1 == lines.len() {
                            let color = if missing { MUTED } else { SELECTED };
                            c.bold(lx, y, line, SMALL_SIZE, color, align);
                        } else {
                            c.text(lx, y, line, SMALL_SIZE, TEXT, align);
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

    fn describe(&self) -> String {
        let lang = self.header.lang;
        let w = words(lang);
        let h = &self.header;
        let fmt = |v: f64| format_value(v, &self.format, lang);
        let mut s = match lang {
            Lang::De => format!(
                "Netzdiagramm: {} – {}, {}, Vergleich mit {}. ",
                h.title, self.member, h.period, h.group
            ),
            Lang::En => format!(
                "Radar chart: {} – {}, {}, compared with {}. ",
                h.title, self.member, h.period, h.group
            ),
        };
        s.push_str(&format!(
            "{}. ",
            n_of_total(self.n_with_data, h.members_total, lang)
        ));
        let parts: Vec<String> = self
            .axes
            .iter()
            .map(|a| {
                let v = match a.value {
                    Datum::Value(v) => fmt(v),
                    Datum::Provisional(v) => format!("{} ({})", fmt(v), w.provisional),
                    Datum::Insufficient => w.insufficient.to_owned(),
                    Datum::Missing => w.no_data.to_owned(),
                };
                match a.peer {
                    Some(p) => format!("{} {v} (Median {})", a.label, fmt(p.median)),
                    None => format!("{} {v}", a.label),
                }
            })
            .collect();
        s.push_str(&format!("{}.", parts.join("; ")));
        s
    }
}

//! Scatter plot of two indicators: one labelled point per member, the selected member
//! highlighted. Labels are placed greedily where they overlap no other label or point; a
//! label that finds no free place gets a number and is listed in a key below the chart.

use plotters::style::{Color, WHITE};
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::Result;
use crate::font::{max_width, text_width};
use crate::format::{capitalise, format_value, join_names, n_of_total, words};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::scale::{Linear, nice_ticks};
use crate::spec::{Datum, Header, Lang, ValueFormat};
use crate::style::{AXIS, GRID, LABEL_SIZE, MARGIN, MUTED, OTHERS, SELECTED, SMALL_SIZE, TEXT};

/// One axis: the indicator's label and number format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterAxis {
    pub label: String,
    #[serde(default)]
    pub format: ValueFormat,
}

/// One member's pair of values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterPoint {
    pub name: String,
    pub x: Datum,
    pub y: Datum,
    #[serde(default)]
    pub selected: bool,
}

/// Scatter plot of two indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterSpec {
    pub header: Header,
    pub x: ScatterAxis,
    pub y: ScatterAxis,
    pub points: Vec<ScatterPoint>,
}

type Rect = (f64, f64, f64, f64);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Where each label goes: `Some((x, y, align))` or `None` for "numbered, see key".
fn place_labels(points: &[(f64, f64, &str, bool)], bounds: Rect) -> Vec<Option<(f64, f64, Align)>> {
    const H: f64 = 14.0;
    let mut taken: Vec<Rect> = points
        .iter()
        .map(|&(x, y, _, _)| (x - 5.0, y - 5.0, x + 5.0, y + 5.0))
        .collect();
    let mut out = vec![None; points.len()];
    // the highlighted member is placed first so it gets the best spot
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by_key(|i| !points[*i].3);
    for i in order {
        let (x, y, name, selected) = points[i];
        let w = text_width(name, LABEL_SIZE, selected);
        let candidates = [
            (x + 7.0, y, Align::Start),
            (x - 7.0, y, Align::End),
            (x, y - 12.0, Align::Middle),
            (x, y + 12.0, Align::Middle),
            (x + 6.0, y - 11.0, Align::Start),
            (x - 6.0, y - 11.0, Align::End),
            (x + 6.0, y + 11.0, Align::Start),
            (x - 6.0, y + 11.0, Align::End),
        ];
        for (lx, ly, align) in candidates {
            let x0 = match align {
                Align::Start => lx,
                Align::End => lx - w,
                Align::Middle => lx - w / 2.0,
            };
            let rect = (x0, ly - H / 2.0, x0 + w, ly + H / 2.0);
            let inside = rect.0 >= bounds.0
                && rect.2 <= bounds.2
                && rect.1 >= bounds.1
                && rect.3 <= bounds.3;
            if inside && !taken.iter().any(|t| overlaps(*t, rect)) {
                taken.push(rect);
                out[i] = Some((lx, ly, align));
                break;
            }
        }
    }
    out
}

impl ScatterSpec {
    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        let w = words(lang);
        let with: Vec<(&ScatterPoint, f64, f64)> = self
            .points
            .iter()
            .filter_map(|p| Some((p, p.x.value()?, p.y.value()?)))
            .collect();
        let without: Vec<&str> = self
            .points
            .iter()
            .filter(|p| p.x.value().is_none() || p.y.value().is_none())
            .map(|p| p.name.as_str())
            .collect();
        let width = f64::from(self.header.size.width());
        let body = (width * 0.6).round();
        let fold = |vals: &mut dyn Iterator<Item = f64>| {
            vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(v), h.max(v))
            })
        };
        let (xl, xh) = fold(&mut with.iter().map(|p| p.1));
        let (yl, yh) = fold(&mut with.iter().map(|p| p.2));
        let (xt, xd) = if xl.is_finite() {
            nice_ticks(xl, xh, 5)
        } else {
            nice_ticks(0.0, 1.0, 5)
        };
        let (yt, yd) = if yl.is_finite() {
            nice_ticks(yl, yh, 5)
        } else {
            nice_ticks(0.0, 1.0, 5)
        };
        let xf = ValueFormat {
            unit: self.x.format.unit.clone(),
            decimals: xd,
        };
        let yf = ValueFormat {
            unit: self.y.format.unit.clone(),
            decimals: yd,
        };
        let y_labels: Vec<String> = yt.iter().map(|t| format_value(*t, &yf, lang)).collect();
        let axis_w = max_width(y_labels.iter().map(String::as_str), SMALL_SIZE, false);
        // layout needs the frame's top; a first frame without the key gives it (the key only
        // adds lines at the bottom)
        let probe = Frame::new(&self.header, with.len(), Vec::new(), &[]);
        let top = probe.body_top() + 22.0;
        let bottom = probe.body_top() + body - 40.0;
        let x = Linear {
            d0: xt.first().copied().unwrap_or(0.0),
            d1: xt.last().copied().unwrap_or(1.0),
            r0: MARGIN + axis_w + 14.0,
            r1: width - MARGIN - 8.0,
        };
        let y = Linear {
            d0: yt.first().copied().unwrap_or(0.0),
            d1: yt.last().copied().unwrap_or(1.0),
            r0: bottom,
            r1: top,
        };
        let screen: Vec<(f64, f64, &str, bool)> = with
            .iter()
            .map(|(p, vx, vy)| (x.map(*vx), y.map(*vy), p.name.as_str(), p.selected))
            .collect();
        let placed = place_labels(&screen, (x.r0, top - 16.0, x.r1, bottom));
        let mut key = Vec::new();
        let mut numbers = vec![0usize; placed.len()];
        for (i, p) in placed.iter().enumerate() {
            if p.is_none() {
                key.push(format!("{} {}", key.len() + 1, screen[i].2));
                numbers[i] = key.len();
            }
        }
        let mut notes = Vec::new();
        if !key.is_empty() {
            notes.push(key.join(" · "));
        }
        if !without.is_empty() {
            notes.push(format!(
                "{}: {}",
                capitalise(w.no_data),
                join_names(&without, lang)
            ));
        }
        let mut legend = Vec::new();
        if self.points.iter().any(|p| p.selected) {
            legend.push(LegendItem::new(Swatch::Dot(SELECTED), w.highlighted));
        }
        legend.push(LegendItem::new(
            Swatch::Dot(OTHERS),
            self.header.group.clone(),
        ));
        if with
            .iter()
            .any(|(p, _, _)| p.x.is_provisional() || p.y.is_provisional())
        {
            legend.push(LegendItem::new(Swatch::HollowDot(OTHERS), w.provisional));
        }
        let frame = Frame::new(&self.header, with.len(), legend, &notes);
        let height = frame.height(body);
        let description = self.describe(&with, &without);

        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                for (t, label) in yt.iter().zip(&y_labels) {
                    c.line(&[(x.r0, y.map(*t)), (x.r1, y.map(*t))], GRID.to_rgba(), 1);
                    c.text(x.r0 - 6.0, y.map(*t), label, SMALL_SIZE, MUTED, Align::End);
                }
                for t in &xt {
                    c.line(&[(x.map(*t), top), (x.map(*t), bottom)], GRID.to_rgba(), 1);
                    c.text(
                        x.map(*t),
                        bottom + 12.0,
                        &format_value(*t, &xf, lang),
                        SMALL_SIZE,
                        MUTED,
                        Align::Middle,
                    );
                }
                c.line(
                    &[(x.r0, top), (x.r0, bottom), (x.r1, bottom)],
                    AXIS.to_rgba(),
                    1,
                );
                c.bold(
                    x.r1,
                    bottom + 30.0,
                    &format!("{} →", self.x.label),
                    SMALL_SIZE,
                    TEXT,
                    Align::End,
                );
                c.bold(
                    MARGIN,
                    top - 14.0,
                    &format!("↑ {}", self.y.label),
                    SMALL_SIZE,
                    TEXT,
                    Align::Start,
                );
                for ((p, _, _), (sx, sy, _, sel)) in with.iter().zip(&screen) {
                    let color = if *sel { SELECTED } else { OTHERS };
                    let r = if *sel { 6.0 } else { 4.5 };
                    if p.x.is_provisional() || p.y.is_provisional() {
                        c.circle(*sx, *sy, r, WHITE.to_rgba());
                        c.ring(*sx, *sy, r, color, 2);
                    } else {
                        c.circle(*sx, *sy, r, color.to_rgba());
                    }
                }
                for (i, (sx, sy, name, sel)) in screen.iter().enumerate() {
                    match placed[i] {
                        Some((lx, ly, align)) if *sel => {
                            c.bold(lx, ly, name, LABEL_SIZE, SELECTED, align)
                        }
                        Some((lx, ly, align)) => c.text(lx, ly, name, LABEL_SIZE, TEXT, align),
                        None => c.text(
                            sx + 6.0,
                            sy - 7.0,
                            &numbers[i].to_string(),
                            SMALL_SIZE,
                            TEXT,
                            Align::Start,
                        ),
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

    fn describe(&self, with: &[(&ScatterPoint, f64, f64)], without: &[&str]) -> String {
        let lang = self.header.lang;
        let w = words(lang);
        let h = &self.header;
        let mut s = match lang {
            Lang::De => format!(
                "Streudiagramm: {}, {}, {}. x: {}; y: {}. ",
                h.title, h.period, h.group, self.x.label, self.y.label
            ),
            Lang::En => format!(
                "Scatter plot: {}, {}, {}. x: {}; y: {}. ",
                h.title, h.period, h.group, self.x.label, self.y.label
            ),
        };
        s.push_str(&format!(
            "{}. ",
            n_of_total(with.len(), h.members_total, lang)
        ));
        for (p, vx, vy) in with {
            let mark = if p.selected {
                format!(" ({})", w.highlighted.to_lowercase())
            } else {
                String::new()
            };
            s.push_str(&format!(
                "{}{mark}: {}, {}; ",
                p.name,
                format_value(*vx, &self.x.format, lang),
                format_value(*vy, &self.y.format, lang)
            ));
        }
        let mut s = s.trim_end().trim_end_matches(';').to_owned();
        s.push('.');
        if !without.is_empty() {
            s.push_str(&format!(
                " {}: {}.",
                capitalise(w.no_data),
                join_names(without, lang)
            ));
        }
        s
    }
}

//! Heat map: members × fields (or indicators), the value in each cell on a viridis-like ramp
//! with a colour legend; missing cells grey with a dash, insufficient cells hatched.

use plotters::style::{Color, WHITE};
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::{ChartError, Result};
use crate::font::{max_width, text_width, wrap};
use crate::format::{format_number, format_value, n_of_total, words};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::scale::{Linear, nice_ticks};
use crate::spec::{Datum, Header, Lang, ValueFormat};
use crate::style::{
    HATCH, LABEL_SIZE, MARGIN, MISSING_FILL, MUTED, SELECTED, SMALL_SIZE, TEXT, text_on, viridis,
};

/// One member's row of cells, in column order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatmapRow {
    pub name: String,
    #[serde(default)]
    pub selected: bool,
    pub cells: Vec<Datum>,
}

/// Heat map of members × columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatmapSpec {
    pub header: Header,
    #[serde(default)]
    pub format: ValueFormat,
    /// Column labels (fields or indicators).
    pub columns: Vec<String>,
    /// Short column labels used when the full ones do not fit ("Steuerung" for "Management
    /// und Steuerung"); the full labels then go into a key below the chart. Empty: none.
    #[serde(default)]
    pub short_columns: Vec<String>,
    pub rows: Vec<HeatmapRow>,
    /// Colour scale range; `None` takes the data's range.
    pub domain: Option<[f64; 2]>,
}

const ROW: f64 = 22.0;
const HEAD_LINE: f64 = 13.0;
const HEAD_MIN_SIZE: f64 = 9.5;
const SCALE_H: f64 = 46.0;

impl HeatmapSpec {
    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        let w = words(lang);
        if let Some(bad) = self
            .rows
            .iter()
            .find(|r| r.cells.len() != self.columns.len())
        {
            return Err(ChartError::invalid(format!(
                "heat map row {} has {} cells for {} columns",
                bad.name,
                bad.cells.len(),
                self.columns.len()
            )));
        }
        let n_with = self
            .rows
            .iter()
            .filter(|r| r.cells.iter().any(|c| c.value().is_some()))
            .count();
        let width = f64::from(self.header.size.width());
        // only the highlighted rows' names are bold: measuring every name bold would take
        // from the columns the few pixels their short labels need
        let name_w = self
            .rows
            .iter()
            .map(|r| text_width(&r.name, LABEL_SIZE, r.selected))
            .fold(0.0, f64::max);
        let grid_x0 = MARGIN + name_w + 10.0;
        let col_w = (width - MARGIN - grid_x0) / self.columns.len().max(1) as f64;
        // headers wrap at spaces; too wide words first get a smaller size, then the short
        // labels are tried, and as a last resort the columns get numbers; except with the full
        // labels, a key below the chart names every column
        let fits = |labels: &[String], size: f64| {
            max_width(
                labels.iter().flat_map(|c| c.split_whitespace()),
                size,
                false,
            ) <= col_w - 4.0
        };
        let short_ok = self.short_columns.len() == self.columns.len();
        let mut choice = None;
        for (labels, full) in [(&self.columns, true), (&self.short_columns, false)] {
            if !full && !short_ok {
                continue;
            }
            if let Some(size) = [SMALL_SIZE, HEAD_MIN_SIZE]
                .into_iter()
                .find(|s| fits(labels, *s))
            {
                choice = Some((labels, full, size));
                break;
            }
        }
        let (heads, keyed, head_size): (Vec<Vec<String>>, bool, f64) = match choice {
            Some((labels, full, size)) => (
                labels
                    .iter()
                    .map(|c| wrap(c, size, false, col_w - 4.0))
                    .collect(),
                !full,
                size,
            ),
            None => (
                (1..=self.columns.len())
                    .map(|i| vec![format!("({i})")])
                    .collect(),
                true,
                SMALL_SIZE,
            ),
        };
        let head_h = heads.iter().map(Vec::len).max().unwrap_or(1) as f64 * HEAD_LINE + 8.0;
        let notes: Vec<String> = if keyed {
            vec![
                heads
                    .iter()
                    .zip(&self.columns)
                    .map(|(h, c)| format!("{} = {c}", h.join(" ")))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        } else {
            Vec::new()
        };
        let legend = vec![
            LegendItem::new(Swatch::Missing, w.no_data),
            LegendItem::new(Swatch::Hatch, w.insufficient),
        ];
        let frame = Frame::new(&self.header, n_with, legend, &notes);
        let body = head_h + self.rows.len().max(1) as f64 * ROW + SCALE_H;
        let height = frame.height(body);

        let values = self
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().filter_map(|c| c.value()));
        let (lo, hi) = match self.domain {
            Some([a, b]) => (a, b),
            None => {
                let (l, h) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                    (l.min(v), h.max(v))
                });
                if l.is_finite() { (l, h) } else { (0.0, 1.0) }
            }
        };
        let t = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        let top = frame.body_top();
        let grid_top = top + head_h;
        let description = self.describe(n_with);

        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                for (i, lines) in heads.iter().enumerate() {
                    let cx = grid_x0 + (i as f64 + 0.5) * col_w;
                    let y0 = grid_top - 6.0 - lines.len() as f64 * HEAD_LINE + HEAD_LINE / 2.0;
                    for (k, line) in lines.iter().enumerate() {
                        c.text(
                            cx,
                            y0 + k as f64 * HEAD_LINE,
                            line,
                            head_size,
                            TEXT,
                            Align::Middle,
                        );
                    }
                }
                for (r, row) in self.rows.iter().enumerate() {
                    let y0 = grid_top + r as f64 * ROW;
                    let cy = y0 + ROW / 2.0;
                    if row.selected {
                        c.bold(MARGIN + name_w, cy, &row.name, LABEL_SIZE, TEXT, Align::End);
                    } else {
                        c.text(MARGIN + name_w, cy, &row.name, LABEL_SIZE, TEXT, Align::End);
                    }
                    for (i, cell) in row.cells.iter().enumerate() {
                        let x0 = grid_x0 + i as f64 * col_w;
                        let (x1, y1) = (x0 + col_w - 2.0, y0 + ROW - 2.0);
                        let cx = x0 + col_w / 2.0 - 1.0;
                        match cell.value() {
                            Some(v) => {
                                let bg = viridis(t(v));
                                c.rect(x0, y0, x1, y1, bg.to_rgba());
                                let mut label = format_number(v, self.format.decimals, lang);
                                if cell.is_provisional() {
                                    label.push('*');
                                }
                                c.text(
                                    cx,
                                    cy - 1.0,
                                    &label,
                                    SMALL_SIZE,
                                    text_on(bg),
                                    Align::Middle,
                                );
                            }
                            None if *cell == Datum::Insufficient => {
                                c.rect(x0, y0, x1, y1, WHITE.to_rgba());
                                c.hatch(x0, y0, x1, y1, HATCH);
                            }
                            None => {
                                c.rect(x0, y0, x1, y1, MISSING_FILL.to_rgba());
                                c.text(cx, cy - 1.0, "–", SMALL_SIZE, MUTED, Align::Middle);
                            }
                        }
                    }
                    if row.selected {
                        let x1 = grid_x0 + self.columns.len() as f64 * col_w;
                        c.rect_outline(grid_x0 - 2.0, y0 - 2.0, x1, y0 + ROW, SELECTED, 2);
                    }
                }
                // colour scale: a ramp of thin rectangles with nice ticks
                let sy = grid_top + self.rows.len().max(1) as f64 * ROW + 14.0;
                let ramp = Linear {
                    d0: lo,
                    d1: hi,
                    r0: grid_x0,
                    r1: grid_x0 + (width - MARGIN - grid_x0).min(320.0),
                };
                let steps = 64;
                for k in 0..steps {
                    let a = ramp.r0 + (ramp.r1 - ramp.r0) * k as f64 / steps as f64;
                    let b = ramp.r0 + (ramp.r1 - ramp.r0) * (k + 1) as f64 / steps as f64;
                    c.rect(
                        a,
                        sy,
                        b + 0.5,
                        sy + 10.0,
                        viridis((k as f64 + 0.5) / steps as f64).to_rgba(),
                    );
                }
                let (ticks, dec) = nice_ticks(lo, hi, 4);
                let fmt = ValueFormat {
                    unit: self.format.unit.clone(),
                    decimals: dec,
                };
                for tk in ticks
                    .iter()
                    .filter(|v| **v >= lo - 1e-9 && **v <= hi + 1e-9)
                {
                    c.line(
                        &[(ramp.map(*tk), sy + 10.0), (ramp.map(*tk), sy + 14.0)],
                        MUTED.to_rgba(),
                        1,
                    );
                    c.text(
                        ramp.map(*tk),
                        sy + 22.0,
                        &format_value(*tk, &fmt, lang),
                        SMALL_SIZE,
                        MUTED,
                        Align::Middle,
                    );
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

    fn describe(&self, n_with: usize) -> String {
        let lang = self.header.lang;
        let w = words(lang);
        let h = &self.header;
        let mut s = match lang {
            Lang::De => format!(
                "Heatmap: {}, {}, {}. {} Kommunen × {} Spalten ({}). ",
                h.title,
                h.period,
                h.group,
                self.rows.len(),
                self.columns.len(),
                self.columns.join(", ")
            ),
            Lang::En => format!(
                "Heat map: {}, {}, {}. {} municipalities × {} columns ({}). ",
                h.title,
                h.period,
                h.group,
                self.rows.len(),
                self.columns.len(),
                self.columns.join(", ")
            ),
        };
        s.push_str(&format!("{}. ", n_of_total(n_with, h.members_total, lang)));
        for row in self.rows.iter().filter(|r| r.selected) {
            let cells: Vec<String> = self
                .columns
                .iter()
                .zip(&row.cells)
                .map(|(col, d)| {
                    let v = match d.value() {
                        Some(v) => format_value(v, &self.format, lang),
                        None if *d == Datum::Insufficient => w.insufficient.to_owned(),
                        None => w.no_data.to_owned(),
                    };
                    format!("{col} {v}")
                })
                .collect();
            s.push_str(&format!(
                "{}: {}: {}. ",
                w.highlighted,
                row.name,
                cells.join("; ")
            ));
        }
        let missing = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| **c == Datum::Missing)
            .count();
        let insufficient = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| **c == Datum::Insufficient)
            .count();
        s.push_str(&match lang {
            Lang::De => format!(
                "Zellen ohne Daten: {missing}; mit unzureichender Datenlage: {insufficient}."
            ),
            Lang::En => {
                format!("Cells without data: {missing}; with insufficient data: {insufficient}.")
            }
        });
        s
    }
}

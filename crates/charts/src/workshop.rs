//! A Selbstcheck workshop's ratings per field by perspective: one row per field on the 0–3
//! scale, a grey band for the middle 50 % of all ballots with a line at their median, and in
//! the row one lane per perspective (Verwaltung, Politik, … — given as data) with that
//! perspective's median as a marker of its own colour and shape. A perspective cell over too
//! few ballots is not drawn; the key, the notes and the description say it is hidden and why.
//! The consensus ("uneinig" when the middle 50 % span a scale step or more) is written out.

use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::{ChartError, Result};
use crate::font::max_width;
use crate::format::words;
use crate::frame::Frame;
use crate::output::SvgChart;
use crate::scale::Linear;
use crate::selfcheck_common::{
    LINE, NOTE_LINE, STACK_BELOW, key_height, key_rows, label_lines, level_label,
};
use crate::spec::{Header, Lang};
use crate::style::{LABEL_SIZE, MARGIN, MUTED, SMALL_SIZE};
use crate::workshop_draw::{RowBox, WorkshopLayout, right_texts};

/// One perspective's ballots in one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopCell {
    /// Median level (0–3) of the perspective's ballots; `None`: no ballots, not drawn.
    pub median: Option<f64>,
    /// Ballots of the perspective in the field.
    #[serde(default)]
    pub n: usize,
    /// Why the cell is not shown, for example "weniger als 3 Stimmzettel": not drawn, named in
    /// the key, the notes and the description.
    #[serde(default)]
    pub hidden: Option<String>,
}

/// One field's ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopRow {
    /// The field's name.
    pub label: String,
    /// Ballots on the scale in the field (all perspectives).
    pub n: usize,
    /// Median level (0–3) of all ballots; `None`: no ballots ("keine Daten").
    pub median: Option<f64>,
    /// Lower quartile of all ballots (0–3).
    pub q1: Option<f64>,
    /// Upper quartile of all ballots (0–3).
    pub q3: Option<f64>,
    /// Why the whole field is not shown: its reason stands in the row instead of the ratings.
    #[serde(default)]
    pub hidden: Option<String>,
    /// One cell per [`WorkshopSpec::perspectives`], in that order.
    pub cells: Vec<WorkshopCell>,
}

impl WorkshopRow {
    /// A field's row from the counts of all its ballots per level 0–3 (as
    /// `ItemResult::counts`): n, median and quartiles (type 7, as every quantile in vergleich).
    pub fn from_counts(
        label: impl Into<String>,
        counts: [usize; 4],
        cells: Vec<WorkshopCell>,
    ) -> Self {
        let levels: Vec<f64> = counts
            .iter()
            .enumerate()
            .flat_map(|(l, n)| std::iter::repeat_n(l as f64, *n))
            .collect();
        let q = |p: f64| vergleich_domain::stats::quantile(&levels, p);
        Self {
            label: label.into(),
            n: levels.len(),
            median: q(0.5),
            q1: q(0.25),
            q3: q(0.75),
            hidden: None,
            cells,
        }
    }
}

/// A workshop's ratings per field by perspective. The subtitle gives the ballots when known
/// (`header.members_total` is not used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopSpec {
    pub header: Header,
    /// Ballots of the workshop, for the subtitle ("24 Stimmzettel"); `None`: not shown.
    #[serde(default)]
    pub ballots: Option<usize>,
    /// The perspectives' names in the order of each row's cells; each gets its own lane,
    /// colour and shape.
    pub perspectives: Vec<String>,
    pub rows: Vec<WorkshopRow>,
}

/// Axis labels (two lines) above the first row.
pub(crate) const TOP: f64 = 40.0;
pub(crate) const LANE: f64 = 11.0;
const PAD: f64 = 7.0;
const EMPTY_H: f64 = 64.0;
const KEY_GAP: f64 = 14.0;
/// Room at either end of the scale for a marker.
const END_PAD: f64 = 9.0;

fn on_scale(v: Option<f64>) -> bool {
    v.is_none_or(|v| v.is_finite() && (-1e-9..=3.0 + 1e-9).contains(&v))
}

impl WorkshopSpec {
    fn validate(&self) -> Result<()> {
        for row in &self.rows {
            if row.cells.len() != self.perspectives.len() {
                return Err(ChartError::invalid(format!(
                    "field {:?} has {} perspective cells for {} perspectives",
                    row.label,
                    row.cells.len(),
                    self.perspectives.len()
                )));
            }
            let values = [row.median, row.q1, row.q3]
                .into_iter()
                .chain(row.cells.iter().map(|c| c.median));
            if !values.into_iter().all(on_scale) {
                return Err(ChartError::invalid(format!(
                    "field {:?} has a value off the scale 0–3",
                    row.label
                )));
            }
            if matches!((row.q1, row.q3), (Some(q1), Some(q3)) if q1 > q3) {
                return Err(ChartError::invalid(format!(
                    "field {:?} has a lower quartile above the upper",
                    row.label
                )));
            }
        }
        Ok(())
    }

    /// Whether a row's ratings are drawn (not hidden, with a median).
    pub(crate) fn shown(row: &WorkshopRow) -> bool {
        row.hidden.is_none() && row.median.is_some()
    }

    /// Whether the `k`-th perspective has a marker in some row.
    pub(crate) fn drawn(&self, k: usize) -> bool {
        self.rows.iter().filter(|r| Self::shown(r)).any(|r| {
            r.cells
                .get(k)
                .is_some_and(|c| c.hidden.is_none() && c.median.is_some())
        })
    }

    /// Each perspective's lane: only perspectives with a marker somewhere get one.
    fn lanes(&self) -> Vec<Option<usize>> {
        let mut next = 0;
        (0..self.perspectives.len())
            .map(|k| {
                self.drawn(k).then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect()
    }

    fn layout(&self, width: f64, top: f64) -> WorkshopLayout {
        let lang = self.header.lang;
        let inner = width - 2.0 * MARGIN;
        let stacked = width < STACK_BELOW;
        let right = self.rows.iter().flat_map(|r| right_texts(r, lang));
        let right_w = right
            .map(|(t, bold)| crate::font::text_width(&t, SMALL_SIZE, bold))
            .fold(0.0, f64::max);
        let label_w = if stacked {
            inner
        } else {
            max_width(self.rows.iter().map(|r| r.label.as_str()), LABEL_SIZE, true)
                .min(inner * 0.26)
        };
        let x0 = if stacked {
            MARGIN + END_PAD
        } else {
            MARGIN + label_w + 16.0 + END_PAD
        };
        let x1 = width - MARGIN - right_w - 14.0 - END_PAD;
        let lane_of = self.lanes();
        let lanes = lane_of.iter().flatten().count().max(1) as f64 * LANE;
        let mut y = top + TOP;
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let max_lines = if stacked { 2 } else { 3 };
                let label = label_lines(&r.label, LABEL_SIZE, true, label_w, max_lines);
                let lines = label.len() as f64;
                // a field not shown: its reason (or "keine Daten") in a compact grey box
                let reason = if Self::shown(r) {
                    Vec::new()
                } else {
                    let text = r.hidden.as_deref().unwrap_or(words(lang).no_data);
                    label_lines(text, SMALL_SIZE, false, x1 - x0, 3)
                };
                let (block, band) = if reason.is_empty() {
                    ((lanes + 8.0).max(3.0 * NOTE_LINE), lanes + 8.0)
                } else {
                    let h = reason.len() as f64 * NOTE_LINE + 8.0;
                    (h, h)
                };
                let (height, label_y, block_top) = if stacked {
                    let block_top = y + PAD + lines * LINE + 2.0;
                    (block_top - y + block + PAD, y + PAD + LINE / 2.0, block_top)
                } else {
                    let h = 2.0 * PAD + block.max(lines * LINE);
                    let block_top = y + (h - block) / 2.0;
                    (h, y + (h - lines * LINE) / 2.0 + LINE / 2.0, block_top)
                };
                let b = RowBox {
                    top: y,
                    label,
                    label_y,
                    band_top: block_top + (block - band) / 2.0,
                    band_bottom: block_top + (block + band) / 2.0,
                    mid: block_top + block / 2.0,
                    reason,
                };
                y += height;
                b
            })
            .collect::<Vec<_>>();
        let key = key_rows(self.key(), inner);
        let rows_end = if self.rows.is_empty() {
            top + EMPTY_H
        } else {
            y
        };
        let key_top = rows_end + KEY_GAP;
        let body = if self.rows.is_empty() {
            EMPTY_H
        } else {
            key_top + key_height(key.len()) - top
        };
        WorkshopLayout {
            x: Linear {
                d0: 0.0,
                d1: 3.0,
                r0: x0,
                r1: x1,
            },
            right_x: width - MARGIN - right_w,
            lanes: lane_of,
            rows,
            key,
            key_top,
            body,
        }
    }

    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        self.validate()?;
        let lang = self.header.lang;
        let count = self.ballots.map(|n| match lang {
            Lang::De => format!("{n} Stimmzettel"),
            Lang::En => format!("{n} ballots"),
        });
        let frame = Frame::with_count(&self.header, count, Vec::new(), &self.notes());
        let width = frame.width();
        let top = frame.body_top();
        let layout = self.layout(width, top);
        let height = frame.height(layout.body);
        let description = self.describe();
        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, layout.body);
                if self.rows.is_empty() {
                    let text = lang.pick("Keine Workshop-Bewertungen", "No workshop ratings");
                    let y = top + EMPTY_H / 2.0;
                    c.text(width / 2.0, y, text, LABEL_SIZE, MUTED, Align::Middle);
                    return Ok(());
                }
                self.draw_body(c, &layout, top, width);
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

    /// "0 nicht vorhanden" … "3 umgesetzt und verankert" for the axis.
    pub(crate) fn tick_label(level: u8, lang: Lang) -> String {
        format!("{level} {}", level_label(level, lang))
    }
}

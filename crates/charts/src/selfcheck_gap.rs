//! Administration vs workshop per field (dumbbell chart) on 0–100: the administration's field
//! score from the questionnaire as a filled dot, the workshop's median level rescaled to 0–100
//! (level / 3 × 100) as a ring, a line between them, and the gap (workshop minus
//! administration) in points at the row end. A missing value gets no dot and says so.

use plotters::style::{Color, WHITE};
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas, draw_svg};
use crate::error::{ChartError, Result};
use crate::font::{ellipsis, max_width, text_width};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::scale::{Linear, nice_ticks};
use crate::selfcheck_common::{LINE, NOTE_LINE, STACK_BELOW, label_lines};
use crate::spec::{Datum, Header, Lang};
use crate::style::{
    GRID, LABEL_SIZE, MARGIN, MISSING_FILL, MUTED, OKABE_ITO, OTHERS, SMALL_SIZE, TEXT,
};

/// One field: the administration's score and the workshop's median.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapRow {
    /// The field's name.
    pub label: String,
    /// The administration's field score 0–100 from the questionnaire; `Insufficient` (coverage
    /// below the threshold) and `Missing` get no dot.
    pub administration: Datum,
    /// The workshop's median level 0–3, drawn rescaled to 0–100; `Insufficient` and `Missing`
    /// get no dot.
    pub workshop_level: Datum,
}

impl GapRow {
    /// The administration's score, if drawn.
    pub(crate) fn admin(&self) -> Option<f64> {
        self.administration.value()
    }

    /// The workshop's median rescaled to 0–100, if drawn.
    pub(crate) fn workshop(&self) -> Option<f64> {
        self.workshop_level.value().map(|l| l / 3.0 * 100.0)
    }

    /// Workshop minus administration in points, when both are there.
    pub(crate) fn gap(&self) -> Option<f64> {
        Some(self.workshop()? - self.admin()?)
    }
}

/// Administration vs workshop per field. The subtitle counts the fields with both values
/// (`header.members_total` is not used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfcheckGapSpec {
    pub header: Header,
    pub rows: Vec<GapRow>,
}

/// The administration's dot: Okabe–Ito blue, filled.
pub(crate) const ADMIN: plotters::style::RGBColor = OKABE_ITO[5];
/// The workshop's ring: Okabe–Ito vermillion.
pub(crate) const WORKSHOP: plotters::style::RGBColor = OKABE_ITO[6];
const TOP: f64 = 24.0;
const DOT_LINE: f64 = 20.0;
const PAD: f64 = 6.0;
const EMPTY_H: f64 = 64.0;
const R: f64 = 5.0;
const RING_R: f64 = 7.0;

struct RowBox {
    top: f64,
    height: f64,
    label: Vec<String>,
    label_y: f64,
    dot_y: f64,
}

impl SelfcheckGapSpec {
    fn validate(&self) -> Result<()> {
        for row in &self.rows {
            let admin_ok = row.admin().is_none_or(|v| (0.0..=100.0).contains(&v));
            let level_ok = row
                .workshop_level
                .value()
                .is_none_or(|v| (0.0..=3.0).contains(&v));
            if !admin_ok || !level_ok {
                return Err(ChartError::invalid(format!(
                    "field {:?}: the score must be 0–100 and the workshop level 0–3",
                    row.label
                )));
            }
        }
        Ok(())
    }

    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        self.validate()?;
        let lang = self.header.lang;
        let both = self.rows.iter().filter(|r| r.gap().is_some()).count();
        let count = (!self.rows.is_empty()).then(|| match lang {
            Lang::De => format!("{both} von {} Feldern mit beiden Werten", self.rows.len()),
            Lang::En => format!("{both} of {} fields with both values", self.rows.len()),
        });
        let frame = Frame::with_count(&self.header, count, self.legend(), &self.notes());
        let width = frame.width();
        let inner = width - 2.0 * MARGIN;
        let top = frame.body_top();
        let stacked = width < STACK_BELOW;
        let gap_texts: Vec<String> = self.rows.iter().map(|r| self.gap_text(r)).collect();
        let head = lang.pick("Abstand", "Gap");
        let gap_w = max_width(gap_texts.iter().map(String::as_str), SMALL_SIZE, true)
            .max(text_width(head, SMALL_SIZE, false));
        let label_w = if stacked {
            inner
        } else {
            max_width(
                self.rows.iter().map(|r| r.label.as_str()),
                LABEL_SIZE,
                false,
            )
            .min(inner * 0.3)
        };
        let value_w = text_width(
            &crate::format::format_number(100.0, 1, lang),
            SMALL_SIZE,
            false,
        ) + RING_R
            + 8.0;
        let x0 = if stacked {
            MARGIN
        } else {
            MARGIN + label_w + 12.0
        } + value_w;
        let x1 = width - MARGIN - gap_w - 16.0 - value_w;
        let x = Linear {
            d0: 0.0,
            d1: 100.0,
            r0: x0,
            r1: x1,
        };
        let mut y = top + TOP;
        let rows: Vec<RowBox> = self
            .rows
            .iter()
            .map(|r| {
                let label = label_lines(&r.label, LABEL_SIZE, false, label_w, 2);
                let lines = label.len() as f64;
                let note = if self.missing_note(r).is_some() {
                    NOTE_LINE
                } else {
                    0.0
                };
                let b = if stacked {
                    let dot_y = y + PAD + lines * LINE + 2.0 + DOT_LINE / 2.0;
                    let height = PAD + lines * LINE + 2.0 + DOT_LINE + note + PAD;
                    RowBox {
                        top: y,
                        height,
                        label,
                        label_y: y + PAD + LINE / 2.0,
                        dot_y,
                    }
                } else {
                    let dot_y = y + PAD + DOT_LINE / 2.0;
                    let label_h = (DOT_LINE - LINE) / 2.0 + lines * LINE;
                    let height = 2.0 * PAD + label_h.max(DOT_LINE + note);
                    RowBox {
                        top: y,
                        height,
                        label,
                        label_y: dot_y,
                        dot_y,
                    }
                };
                y += b.height;
                b
            })
            .collect();
        let body = if self.rows.is_empty() {
            EMPTY_H
        } else {
            y - top
        };
        let height = frame.height(body);
        let description = self.describe(both);
        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                if self.rows.is_empty() {
                    let text = lang.pick("Keine Handlungsfelder", "No fields");
                    let y = top + EMPTY_H / 2.0;
                    c.text(width / 2.0, y, text, LABEL_SIZE, MUTED, Align::Middle);
                    return Ok(());
                }
                for b in rows.iter().skip(1) {
                    c.line(
                        &[(MARGIN, b.top), (width - MARGIN, b.top)],
                        GRID.to_rgba(),
                        1,
                    );
                }
                let (ticks, _) = nice_ticks(0.0, 100.0, 5);
                for t in ticks {
                    let tx = x.map(t);
                    // grid lines only beside the dots, so that no label or note is crossed
                    c.line(&[(tx, top + TOP - 4.0), (tx, top + TOP)], GRID.to_rgba(), 1);
                    let with_dots = self.rows.iter().zip(&rows);
                    for (_, b) in with_dots.filter(|(r, _)| r.admin().or(r.workshop()).is_some()) {
                        let (y0, y1) = (b.dot_y - DOT_LINE / 2.0, b.dot_y + DOT_LINE / 2.0);
                        c.line(&[(tx, y0), (tx, y1)], GRID.to_rgba(), 1);
                    }
                    let label = crate::format::format_number(t, 0, lang);
                    c.text(
                        tx,
                        top + TOP / 2.0 - 2.0,
                        &label,
                        SMALL_SIZE,
                        MUTED,
                        Align::Middle,
                    );
                }
                c.text(
                    width - MARGIN,
                    top + TOP / 2.0 - 2.0,
                    head,
                    SMALL_SIZE,
                    MUTED,
                    Align::End,
                );
                for ((row, b), gap) in self.rows.iter().zip(&rows).zip(&gap_texts) {
                    for (i, line) in b.label.iter().enumerate() {
                        let ly = b.label_y + i as f64 * LINE;
                        c.text(MARGIN, ly, line, LABEL_SIZE, TEXT, Align::Start);
                    }
                    self.draw_row(c, row, b, &x);
                    if row.gap().is_some() {
                        c.bold(width - MARGIN, b.dot_y, gap, SMALL_SIZE, TEXT, Align::End);
                    } else {
                        c.text(width - MARGIN, b.dot_y, gap, SMALL_SIZE, MUTED, Align::End);
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

    /// The dumbbell, the values beside it and the note on a missing value.
    fn draw_row(&self, c: &Canvas<'_>, row: &GapRow, b: &RowBox, x: &Linear) {
        let lang = self.header.lang;
        let y = b.dot_y;
        let (admin, workshop) = (row.admin(), row.workshop());
        if admin.is_none() && workshop.is_none() {
            c.rect(x.r0, y - 8.0, x.r1, y + 8.0, MISSING_FILL.to_rgba());
            let text = self.missing_note(row).unwrap_or_default();
            let text = ellipsis(&text, SMALL_SIZE, false, x.r1 - x.r0 - 12.0);
            c.text(
                (x.r0 + x.r1) / 2.0,
                y,
                &text,
                SMALL_SIZE,
                MUTED,
                Align::Middle,
            );
            return;
        }
        if let (Some(a), Some(w)) = (admin, workshop) {
            c.line(&[(x.map(a), y), (x.map(w), y)], OTHERS.to_rgba(), 3);
        }
        // the ring first and larger: on an equal value the dot shows inside it
        if let Some(w) = workshop {
            let wx = x.map(w);
            c.circle(wx, y, RING_R, WHITE.to_rgba());
            c.ring(wx, y, RING_R - 1.0, WORKSHOP, 2);
        }
        if let Some(a) = admin {
            c.circle(x.map(a), y, R, ADMIN.to_rgba());
        }
        let fmt = |v: f64| crate::format::format_number(v, 1, lang);
        // the lower value's label to the left, the higher one's to the right; one label when
        // both read the same
        let mut labels: Vec<f64> = [admin, workshop].into_iter().flatten().collect();
        labels.sort_by(f64::total_cmp);
        labels.dedup_by(|a, b| fmt(*a) == fmt(*b));
        if let [low, high] = labels[..] {
            c.text(
                x.map(low) - RING_R - 4.0,
                y,
                &fmt(low),
                SMALL_SIZE,
                MUTED,
                Align::End,
            );
            c.text(
                x.map(high) + RING_R + 4.0,
                y,
                &fmt(high),
                SMALL_SIZE,
                MUTED,
                Align::Start,
            );
        } else if let [v] = labels[..] {
            c.text(
                x.map(v) + RING_R + 4.0,
                y,
                &fmt(v),
                SMALL_SIZE,
                MUTED,
                Align::Start,
            );
        }
        if let Some(note) = self.missing_note(row) {
            let ny = y + DOT_LINE / 2.0 + NOTE_LINE / 2.0 - 1.0;
            let start = if b.label_y == b.dot_y { x.r0 } else { MARGIN };
            c.text(start, ny, &note, SMALL_SIZE, MUTED, Align::Start);
        }
    }

    fn legend(&self) -> Vec<LegendItem> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let lang = self.header.lang;
        vec![
            LegendItem::new(
                Swatch::Dot(ADMIN),
                lang.pick("Verwaltung (Fragebogen)", "administration (questionnaire)"),
            ),
            LegendItem::new(
                Swatch::HollowDot(WORKSHOP),
                lang.pick(
                    "Workshop (Median, auf 0–100 umgerechnet)",
                    "workshop (median, rescaled to 0–100)",
                ),
            ),
        ]
    }
}

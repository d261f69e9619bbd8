//! Drawing of the workshop chart: the perspectives' colours and shapes, the 0–3 axis with the
//! level names, a row's band, median line and perspective markers in their lanes, the texts at
//! the row end (median, n, consensus) and the key inside the body.

use plotters::style::{Color, RGBColor};

use crate::canvas::{Align, Canvas};
use crate::font::text_width;
use crate::scale::Linear;
use crate::selfcheck_common::{
    KeyItem, KeyRows, LINE, NOTE_LINE, SHAPES, Shape, consensus, draw_key, draw_marker,
    format_level, label_lines, n_text,
};
use crate::spec::Lang;
use crate::style::{
    BEHIND, GRID, HATCH, LABEL_SIZE, MARGIN, MISSING_FILL, MUTED, OKABE_ITO, SMALL_SIZE, TEXT,
    TRACK, darker,
};
use crate::workshop::{LANE, TOP, WorkshopRow, WorkshopSpec};
use vergleich_domain::selfcheck::Consensus;

/// Okabe–Ito by perspective: blue, vermillion, bluish green, reddish purple, orange, sky blue,
/// black (yellow is too light on white); more perspectives reuse them with other shapes.
const COLORS: [RGBColor; 7] = [
    OKABE_ITO[5],
    OKABE_ITO[6],
    OKABE_ITO[3],
    OKABE_ITO[7],
    OKABE_ITO[1],
    OKABE_ITO[2],
    OKABE_ITO[0],
];
const MARKER_R: f64 = 4.2;
/// The median line of all ballots.
const MEDIAN_LINE: RGBColor = RGBColor(34, 34, 34);
/// A perspective's lane across the row.
const LANE_GUIDE: RGBColor = RGBColor(236, 236, 236);

/// Colour and shape of the `k`-th perspective.
pub(crate) fn perspective_style(k: usize) -> (RGBColor, Shape) {
    let shape = SHAPES[(k + k / SHAPES.len()) % SHAPES.len()];
    (COLORS[k % COLORS.len()], shape)
}

/// Where one row's parts go.
pub(crate) struct RowBox {
    pub top: f64,
    pub label: Vec<String>,
    pub label_y: f64,
    /// The band's top and bottom (around the lanes).
    pub band_top: f64,
    pub band_bottom: f64,
    /// Vertical middle of the row's ratings block.
    pub mid: f64,
    /// A field not shown: why, wrapped (else empty).
    pub reason: Vec<String>,
}

pub(crate) struct WorkshopLayout {
    pub x: Linear,
    pub right_x: f64,
    /// Each perspective's lane in a row, `None` for one never drawn.
    pub lanes: Vec<Option<usize>>,
    pub rows: Vec<RowBox>,
    pub key: KeyRows,
    pub key_top: f64,
    pub body: f64,
}

/// The texts at a row's end, each with whether it is bold: "Median 2", "n = 24", "uneinig".
pub(crate) fn right_texts(row: &WorkshopRow, lang: Lang) -> Vec<(String, bool)> {
    let Some(median) = row.median.filter(|_| WorkshopSpec::shown(row)) else {
        return Vec::new();
    };
    let mut out = vec![
        (format!("Median {}", format_level(median, lang)), true),
        (n_text(row.n), false),
    ];
    if let (Some(q1), Some(q3)) = (row.q1, row.q3) {
        let (c, word) = consensus(row.n, q1, q3, lang);
        out.push((word.to_owned(), c == Consensus::Disagreed));
    }
    out
}

impl WorkshopSpec {
    /// The key: one entry per perspective (hidden everywhere: said so), the band and the median.
    pub(crate) fn key(&self) -> Vec<KeyItem> {
        let lang = self.header.lang;
        let shown: Vec<&WorkshopRow> = self.rows.iter().filter(|r| Self::shown(r)).collect();
        if shown.is_empty() {
            return Vec::new();
        }
        let mut items: Vec<KeyItem> = self
            .perspectives
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let (color, shape) = perspective_style(k);
                let hidden = shown
                    .iter()
                    .any(|r| r.cells.get(k).is_some_and(|c| c.hidden.is_some()));
                // never drawn: said so, its symbol in grey
                let (label, color) = match (self.drawn(k), hidden) {
                    (true, _) => (name.clone(), color),
                    (false, true) => (
                        format!("{name} ({})", lang.pick("ausgeblendet", "hidden")),
                        HATCH,
                    ),
                    (false, false) => (
                        format!("{name} ({})", lang.pick("ohne Stimmen", "no ballots")),
                        HATCH,
                    ),
                };
                KeyItem {
                    label,
                    symbol: Box::new(move |c: &Canvas<'_>, x, y| {
                        draw_marker(c, shape, x, y, MARKER_R, color);
                    }),
                }
            })
            .collect();
        items.push(KeyItem {
            label: lang
                .pick("mittlere 50 % aller Stimmen", "middle 50% of all ballots")
                .to_owned(),
            symbol: Box::new(|c: &Canvas<'_>, x, y| {
                c.rect(x - 11.0, y - 7.0, x + 11.0, y + 7.0, TRACK.to_rgba());
            }),
        });
        items.push(KeyItem {
            label: lang
                .pick("Median aller Stimmen", "median of all ballots")
                .to_owned(),
            symbol: Box::new(|c: &Canvas<'_>, x, y| {
                c.line(&[(x, y - 8.0), (x, y + 8.0)], MEDIAN_LINE.to_rgba(), 2);
            }),
        });
        items
    }

    pub(crate) fn draw_body(&self, c: &Canvas<'_>, l: &WorkshopLayout, top: f64, width: f64) {
        let lang = self.header.lang;
        for b in l.rows.iter().skip(1) {
            c.line(
                &[(MARGIN, b.top), (width - MARGIN, b.top)],
                GRID.to_rgba(),
                1,
            );
        }
        self.draw_axis(c, l, top);
        for (row, b) in self.rows.iter().zip(&l.rows) {
            for (i, line) in b.label.iter().enumerate() {
                let y = b.label_y + i as f64 * LINE;
                c.bold(MARGIN, y, line, LABEL_SIZE, TEXT, Align::Start);
            }
            let (x0, x1) = (l.x.r0 - 6.0, l.x.r1 + 6.0);
            if !b.reason.is_empty() {
                c.rect(x0, b.band_top, x1, b.band_bottom, MISSING_FILL.to_rgba());
                let first = b.mid - (b.reason.len() as f64 - 1.0) * NOTE_LINE / 2.0;
                for (i, line) in b.reason.iter().enumerate() {
                    let y = first + i as f64 * NOTE_LINE;
                    c.text((x0 + x1) / 2.0, y, line, SMALL_SIZE, MUTED, Align::Middle);
                }
                continue;
            }
            draw_ratings(c, row, b, l);
            let texts = right_texts(row, lang);
            let y0 = b.mid - (texts.len() as f64 - 1.0) * NOTE_LINE / 2.0;
            for (i, (text, bold)) in texts.iter().enumerate() {
                let y = y0 + i as f64 * NOTE_LINE;
                if *bold && i > 0 {
                    let color = darker(BEHIND, 0.25);
                    c.bold(l.right_x, y, text, SMALL_SIZE, color, Align::Start);
                } else if *bold {
                    c.bold(l.right_x, y, text, SMALL_SIZE, TEXT, Align::Start);
                } else {
                    c.text(l.right_x, y, text, SMALL_SIZE, MUTED, Align::Start);
                }
            }
        }
        draw_key(c, &l.key, MARGIN, l.key_top);
    }

    /// Grid lines at the levels and their names above the first row.
    fn draw_axis(&self, c: &Canvas<'_>, l: &WorkshopLayout, top: f64) {
        let lang = self.header.lang;
        let spacing = l.x.map(1.0) - l.x.map(0.0);
        let first = top + TOP;
        // the middle names centred on their level; the end names, set outwards from theirs,
        // may use what the neighbouring name leaves free
        let width_of = |level: u8, max: f64| {
            let lines = label_lines(&Self::tick_label(level, lang), SMALL_SIZE, false, max, 2);
            let cut = lines.iter().any(|t| t.ends_with('…'));
            let w = lines
                .iter()
                .map(|t| text_width(t, SMALL_SIZE, false))
                .fold(0.0, f64::max);
            (w, cut)
        };
        // one line for the middle names where the end names still fit beside them, else two
        let end_max = |mid: f64| {
            let (w1, _) = width_of(1, mid);
            let (w2, _) = width_of(2, mid);
            (spacing - w1 / 2.0 - 2.0, spacing - w2 / 2.0 - 2.0)
        };
        let wide = spacing - 10.0;
        let (e0, e3) = end_max(wide);
        let mid = if width_of(0, e0).1 || width_of(3, e3).1 {
            wide * 0.6
        } else {
            wide
        };
        let (e0, e3) = end_max(mid);
        for level in 0u8..=3 {
            let x = l.x.map(f64::from(level));
            c.line(&[(x, first - 4.0), (x, first)], GRID.to_rgba(), 1);
            // grid lines only beside the ratings, so that no label is crossed
            for b in l.rows.iter().filter(|b| b.reason.is_empty()) {
                let (y0, y1) = (b.band_top - 3.0, b.band_bottom + 3.0);
                c.line(&[(x, y0), (x, y1)], GRID.to_rgba(), 1);
            }
            let (align, max) = match level {
                0 => (Align::Start, e0),
                3 => (Align::End, e3),
                _ => (Align::Middle, mid),
            };
            let tx = match level {
                0 => x - 8.0,
                3 => x + 8.0,
                _ => x,
            };
            let text = Self::tick_label(level, lang);
            let lines = label_lines(&text, SMALL_SIZE, false, max, 2);
            // bottom-aligned: the last line sits just above the rows
            let y_last = first - 12.0;
            let n = lines.len() as f64;
            for (i, line) in lines.iter().enumerate() {
                let y = y_last - (n - 1.0 - i as f64) * (NOTE_LINE - 1.0);
                c.text(tx, y, line, SMALL_SIZE, MUTED, align);
            }
        }
    }
}

/// A row's band of the middle 50 %, its median line and the perspectives' markers.
fn draw_ratings(c: &Canvas<'_>, row: &WorkshopRow, b: &RowBox, l: &WorkshopLayout) {
    let x = &l.x;
    let lane_y = |lane: usize| b.band_top + 4.0 + LANE * (lane as f64 + 0.5);
    // faint guides: each perspective at its own height in every row
    for lane in l.lanes.iter().flatten() {
        let y = lane_y(*lane);
        c.line(&[(x.r0 - 6.0, y), (x.r1 + 6.0, y)], LANE_GUIDE.to_rgba(), 1);
    }
    if let (Some(q1), Some(q3)) = (row.q1, row.q3) {
        let (bx0, bx1) = (x.map(q1), x.map(q3).max(x.map(q1) + 2.0));
        c.rect(bx0, b.band_top, bx1, b.band_bottom, TRACK.to_rgba());
    }
    if let Some(m) = row.median {
        let mx = x.map(m);
        let line = [(mx, b.band_top - 3.0), (mx, b.band_bottom + 3.0)];
        c.line(&line, MEDIAN_LINE.to_rgba(), 2);
    }
    for (k, (cell, lane)) in row.cells.iter().zip(&l.lanes).enumerate() {
        let (Some(m), Some(lane), None) = (cell.median, lane, &cell.hidden) else {
            continue;
        };
        let (color, shape) = perspective_style(k);
        draw_marker(c, shape, x.map(m), lane_y(*lane), MARKER_R, color);
    }
}

//! Shared pieces of the Selbstcheck charts (answer distribution, workshop, administration vs
//! workshop): the answer scale's words and colours, row labels wrapped to a few lines, numbers
//! on the 0–3 scale, a key drawn inside the chart body, and the layout switch for narrow charts.

use plotters::style::{Color, RGBColor, WHITE};
use vergleich_domain::selfcheck::{Answer, Consensus};

use crate::canvas::{Align, Canvas};
use crate::font::{ellipsis, text_width, wrap};
use crate::format::format_number;
use crate::spec::{Header, Lang};
use crate::style::{LABEL_SIZE, OKABE_ITO, TEXT};

/// The levels 0–3 from "nicht vorhanden" to "umgesetzt und verankert": a diverging,
/// colour-blind-safe pair of Okabe–Ito hues, darker at the extremes (vermillion, orange | sky
/// blue, blue).
pub(crate) const LEVEL_COLORS: [RGBColor; 4] =
    [OKABE_ITO[6], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[5]];

/// Charts narrower than this put each row's label above its row.
pub(crate) const STACK_BELOW: f64 = 700.0;
/// Line height of 12 px labels.
pub(crate) const LINE: f64 = 15.0;
/// Line height of 11 px notes.
pub(crate) const NOTE_LINE: f64 = 14.0;

/// The level's words in the chart's language ("teilweise umgesetzt").
pub(crate) fn level_label(level: u8, lang: Lang) -> &'static str {
    answer_label(Answer::Level(level.min(3)), lang)
}

/// The words of an answer as the questionnaire has them.
pub(crate) fn answer_label(answer: Answer, lang: Lang) -> &'static str {
    match lang {
        Lang::De => answer.label_de(),
        Lang::En => answer.label_en(),
    }
}

/// The consensus words: "uneinig" when the interquartile range is one scale step or more.
pub(crate) fn consensus(n: usize, q1: f64, q3: f64, lang: Lang) -> (Consensus, &'static str) {
    let c = match n {
        0 => Consensus::NoAnswer,
        1 => Consensus::Single,
        _ if q3 - q1 >= 1.0 - 1e-9 => Consensus::Disagreed,
        _ => Consensus::Agreed,
    };
    (c, lang.pick(c.label_de(), c.label_en()))
}

/// A level or median on the 0–3 scale with the decimals it needs, at most two: `2`, `1,5`,
/// `2,25`.
pub(crate) fn format_level(v: f64, lang: Lang) -> String {
    let decimals = (0u8..=2)
        .find(|d| {
            let s = v * 10f64.powi(i32::from(*d));
            (s - s.round()).abs() < 1e-6
        })
        .unwrap_or(2);
    format_number(v, decimals, lang)
}

/// `text` wrapped to `max` px in at most `lines` lines, the last cut with "…" where needed.
pub(crate) fn label_lines(
    text: &str,
    size: f64,
    bold: bool,
    max: f64,
    lines: usize,
) -> Vec<String> {
    let mut out = wrap(text, size, bold, max);
    if out.len() > lines {
        let rest = out[lines - 1..].join(" ");
        out.truncate(lines - 1);
        out.push(ellipsis(&rest, size, bold, max));
    }
    out.into_iter()
        .map(|l| ellipsis(&l, size, bold, max))
        .collect()
}

/// "Titel, 2024, Kaiserslautern": the header's words for the start of a description.
pub(crate) fn context(header: &Header) -> String {
    [
        header.title.as_str(),
        header.period.as_str(),
        header.group.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// "n = 12".
pub(crate) fn n_text(n: usize) -> String {
    format!("n = {n}")
}

/// Draws a key symbol centred at `(x, y)`.
pub(crate) type DrawSymbol = Box<dyn Fn(&Canvas<'_>, f64, f64)>;

/// A key entry drawn inside the chart body (for symbols the frame's legend has no swatch for).
pub(crate) struct KeyItem {
    pub label: String,
    pub symbol: DrawSymbol,
}

/// Width of a key entry's symbol.
pub(crate) const KEY_SYMBOL: f64 = 22.0;
const KEY_LINE: f64 = 20.0;

/// A key laid out in rows: `(x, item)` per row.
pub(crate) type KeyRows = Vec<Vec<(f64, KeyItem)>>;

/// The key's entries in rows no wider than `inner`.
pub(crate) fn key_rows(items: Vec<KeyItem>, inner: f64) -> KeyRows {
    let mut rows: KeyRows = Vec::new();
    let mut x = 0.0;
    for item in items {
        let w = KEY_SYMBOL + 6.0 + text_width(&item.label, LABEL_SIZE, false) + 18.0;
        match rows.last_mut() {
            Some(row) if x + w - 18.0 <= inner => {
                row.push((x, item));
                x += w;
            }
            _ => {
                rows.push(vec![(0.0, item)]);
                x = w;
            }
        }
    }
    rows
}

/// Height of a key of `rows` rows.
pub(crate) fn key_height(rows: usize) -> f64 {
    rows as f64 * KEY_LINE
}

/// Draws the key from `x0`, its first row centred at `y0 + KEY_LINE / 2`.
pub(crate) fn draw_key(c: &Canvas<'_>, rows: &KeyRows, x0: f64, y0: f64) {
    let mut y = y0 + KEY_LINE / 2.0;
    for row in rows {
        for (x, item) in row {
            (item.symbol)(c, x0 + x + KEY_SYMBOL / 2.0, y);
            c.text(
                x0 + x + KEY_SYMBOL + 6.0,
                y,
                &item.label,
                LABEL_SIZE,
                TEXT,
                Align::Start,
            );
        }
        y += KEY_LINE;
    }
}

/// The shape of a marker, so series differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Ring,
    Cross,
}

pub(crate) const SHAPES: [Shape; 7] = [
    Shape::Circle,
    Shape::Square,
    Shape::TriangleUp,
    Shape::Diamond,
    Shape::TriangleDown,
    Shape::Ring,
    Shape::Cross,
];

/// Draws a marker of about `r` px radius centred at `(x, y)`, with a white edge so that touching
/// markers stay apart.
pub(crate) fn draw_marker(c: &Canvas<'_>, shape: Shape, x: f64, y: f64, r: f64, color: RGBColor) {
    let fill = color.to_rgba();
    let halo = WHITE.to_rgba();
    let poly = |pts: &[(f64, f64)], grow: f64| -> Vec<(f64, f64)> {
        pts.iter()
            .map(|&(dx, dy)| (x + dx * (r + grow), y + dy * (r + grow)))
            .collect()
    };
    let shape_pts: &[(f64, f64)] = match shape {
        Shape::Square => &[(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
        Shape::TriangleUp => &[(0.0, -1.15), (1.1, 0.85), (-1.1, 0.85)],
        Shape::TriangleDown => &[(0.0, 1.15), (1.1, -0.85), (-1.1, -0.85)],
        Shape::Diamond => &[(0.0, -1.2), (1.2, 0.0), (0.0, 1.2), (-1.2, 0.0)],
        Shape::Cross => &[
            (-0.35, -1.1),
            (0.35, -1.1),
            (0.35, -0.35),
            (1.1, -0.35),
            (1.1, 0.35),
            (0.35, 0.35),
            (0.35, 1.1),
            (-0.35, 1.1),
            (-0.35, 0.35),
            (-1.1, 0.35),
            (-1.1, -0.35),
            (-0.35, -0.35),
        ],
        Shape::Circle | Shape::Ring => &[],
    };
    match shape {
        Shape::Circle => {
            c.circle(x, y, r + 1.0, halo);
            c.circle(x, y, r, fill);
        }
        Shape::Ring => {
            c.circle(x, y, r + 1.0, halo);
            c.ring(x, y, r - 0.5, color, 2);
        }
        _ => {
            c.polygon(&poly(shape_pts, 1.0), halo);
            c.polygon(&poly(shape_pts, 0.0), fill);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_get_the_decimals_they_need_in_the_language() {
        assert_eq!(format_level(2.0, Lang::De), "2");
        assert_eq!(format_level(1.5, Lang::De), "1,5");
        assert_eq!(format_level(2.25, Lang::En), "2.25");
    }

    #[test]
    fn consensus_is_disagreed_from_one_scale_step() {
        assert_eq!(consensus(5, 1.0, 2.0, Lang::De).1, "uneinig");
        assert_eq!(consensus(5, 1.5, 2.0, Lang::De).1, "einig");
        assert_eq!(consensus(1, 2.0, 2.0, Lang::En).1, "one answer");
    }
}

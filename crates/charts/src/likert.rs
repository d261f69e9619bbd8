//! Answer distribution of the Selbstcheck (diverging stacked bars): one row per item or field,
//! the shares of the answers on the scale split around the middle between "geplant" and
//! "teilweise umgesetzt" — 0 and 1 to the left, 2 and 3 to the right, darker at the extremes.
//! "weiß nicht" and "übersprungen" are not on the scale: they are counted in a grey note under
//! the bar, never inside it. A hidden row (too few answers) shows its reason instead of a bar.

use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::Result;
use crate::font::{max_width, text_width};
use crate::format::format_value;
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::scale::Linear;
use crate::selfcheck_common::{
    LEVEL_COLORS, LINE, NOTE_LINE, STACK_BELOW, label_lines, level_label, n_text,
};
use crate::spec::{Header, Lang, ValueFormat};
use crate::style::{LABEL_SIZE, MARGIN, MUTED, SMALL_SIZE};

/// One item's (or field's) answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LikertRow {
    /// The item's text or the field's name (cut with "…" after three lines, two on narrow
    /// charts; whole in the description).
    pub label: String,
    /// Answers per level: 0 nicht vorhanden, 1 geplant, 2 teilweise umgesetzt, 3 umgesetzt und
    /// verankert.
    pub counts: [usize; 4],
    /// "weiß nicht": not on the scale, counted beside the bar.
    #[serde(default)]
    pub dont_know: usize,
    /// "übersprungen": not on the scale, counted beside the bar.
    #[serde(default)]
    pub skipped: usize,
    /// Why the distribution is not shown, for example "ausgeblendet: weniger als 3 Antworten":
    /// the row shows this text instead of a bar (and no counts).
    #[serde(default)]
    pub hidden: Option<String>,
    /// Highlighted row (bold label, tinted ground).
    #[serde(default)]
    pub selected: bool,
}

impl LikertRow {
    /// Answers on the scale (the n the shares are of).
    pub fn answered(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Whether the row has a bar: not hidden, with answers on the scale.
    pub(crate) fn has_bar(&self) -> bool {
        self.hidden.is_none() && self.answered() > 0
    }

    /// Percent of the answers on the scale per level; `None` without any.
    pub(crate) fn shares(&self) -> Option<[f64; 4]> {
        let n = self.answered();
        (n > 0).then(|| self.counts.map(|c| c as f64 / n as f64 * 100.0))
    }
}

/// Diverging stacked bars of the answers per item or field. The subtitle gives the respondents
/// (when known) and how many rows are hidden (`header.members_total` is not used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LikertSpec {
    pub header: Header,
    /// People who answered, for the subtitle ("14 Antwortende"); `None`: not shown.
    #[serde(default)]
    pub respondents: Option<usize>,
    pub rows: Vec<LikertRow>,
}

/// Axis labels above the first row.
pub(crate) const TOP: f64 = 24.0;
pub(crate) const BAR_LINE: f64 = 20.0;
pub(crate) const BAR_H: f64 = 16.0;
const PAD: f64 = 6.0;
const EMPTY_H: f64 = 64.0;

/// Where one row's parts go.
pub(crate) struct RowBox {
    pub top: f64,
    pub height: f64,
    pub label: Vec<String>,
    pub label_y: f64,
    pub bar_y: f64,
    pub note_y: f64,
    /// A hidden row's reason, wrapped.
    pub reason: Vec<String>,
}

/// The chart body's geometry.
pub(crate) struct Layout {
    pub x: Linear,
    pub extent: f64,
    pub step: f64,
    pub n_x: f64,
    pub rows: Vec<RowBox>,
    pub body: f64,
}

pub(crate) fn pct() -> ValueFormat {
    ValueFormat {
        unit: "%".into(),
        decimals: 0,
    }
}

impl LikertSpec {
    fn layout(&self, width: f64, top: f64) -> Layout {
        let inner = width - 2.0 * MARGIN;
        let stacked = width < STACK_BELOW;
        let n_w = max_width(
            self.rows
                .iter()
                .map(|r| n_text(r.answered()))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
            SMALL_SIZE,
            false,
        );
        let any_bold = self.rows.iter().any(|r| r.selected);
        let label_w = if stacked {
            inner
        } else {
            max_width(
                self.rows.iter().map(|r| r.label.as_str()),
                LABEL_SIZE,
                any_bold,
            )
            .min(inner * 0.34)
        };
        // the end ticks' "100 %" is centred on the bar's ends
        let tick_half = text_width(
            &format_value(100.0, &pct(), self.header.lang),
            SMALL_SIZE,
            false,
        ) / 2.0;
        let x0 = if stacked {
            MARGIN
        } else {
            MARGIN + label_w + 16.0
        } + tick_half;
        let x1 = width - MARGIN - n_w - 10.0;
        let extent = self.extent();
        let half = (x1 - x0) / 2.0;
        let step = if half / (extent / 25.0) >= 42.0 {
            25.0
        } else {
            50.0
        };
        let mut y = top + TOP;
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let label = label_lines(
                    &r.label,
                    LABEL_SIZE,
                    r.selected,
                    label_w,
                    if stacked { 2 } else { 3 },
                );
                let lines = label.len() as f64;
                // a hidden row's reason in at most two lines, the second where a note would be
                let reason = r.hidden.as_deref().map_or_else(Vec::new, |t| {
                    label_lines(t, SMALL_SIZE, false, x1 - x0 - 12.0, 2)
                });
                let note = if reason.len() > 1 || (r.hidden.is_none() && self.note(r).is_some()) {
                    NOTE_LINE
                } else {
                    0.0
                };
                let (height, label_y, bar_y) = if stacked {
                    let bar_y = y + PAD + lines * LINE + 2.0 + BAR_LINE / 2.0;
                    (
                        PAD + lines * LINE + 2.0 + BAR_LINE + note + PAD,
                        y + PAD + LINE / 2.0,
                        bar_y,
                    )
                } else {
                    let label_h = (BAR_LINE - LINE) / 2.0 + lines * LINE;
                    let bar_y = y + PAD + BAR_LINE / 2.0;
                    (2.0 * PAD + label_h.max(BAR_LINE + note), bar_y, bar_y)
                };
                let b = RowBox {
                    top: y,
                    height,
                    label,
                    label_y,
                    bar_y,
                    note_y: bar_y + BAR_LINE / 2.0 + NOTE_LINE / 2.0 - 1.0,
                    reason,
                };
                y += height;
                b
            })
            .collect::<Vec<_>>();
        Layout {
            x: Linear {
                d0: -extent,
                d1: extent,
                r0: x0,
                r1: x1,
            },
            extent,
            step,
            n_x: width - MARGIN,
            body: if self.rows.is_empty() {
                EMPTY_H
            } else {
                y - top
            },
            rows,
        }
    }

    /// The half-width of the axis in percent: the larger side, rounded up to 25, 50, 75 or 100.
    fn extent(&self) -> f64 {
        let most = self
            .rows
            .iter()
            .filter(|r| r.hidden.is_none())
            .filter_map(LikertRow::shares)
            .map(|s| (s[0] + s[1]).max(s[2] + s[3]))
            .fold(0.0, f64::max);
        [25.0, 50.0, 75.0, 100.0]
            .into_iter()
            .find(|e| most <= e + 1e-9)
            .unwrap_or(100.0)
    }

    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        let frame = Frame::with_count(&self.header, self.count(), self.legend(), &self.notes());
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
                    let text = lang.pick("Keine Antworten", "No answers");
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

    /// The grey note for answers off the scale: "außerdem: 2 weiß nicht, 1 übersprungen".
    pub(crate) fn note(&self, row: &LikertRow) -> Option<String> {
        crate::likert_text::off_scale(row, self.header.lang)
    }

    /// The four levels, left to right as the bars run.
    fn legend(&self) -> Vec<LegendItem> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let lang = self.header.lang;
        (0u8..4)
            .map(|l| {
                LegendItem::new(
                    Swatch::Bar(LEVEL_COLORS[usize::from(l)]),
                    format!("{l} {}", level_label(l, lang)),
                )
            })
            .collect()
    }

    fn count(&self) -> Option<String> {
        let lang = self.header.lang;
        let hidden = self.rows.iter().filter(|r| r.hidden.is_some()).count();
        let parts: Vec<String> = [
            self.respondents.map(|n| match lang {
                Lang::De => format!("{n} Antwortende"),
                Lang::En => format!("{n} respondents"),
            }),
            (hidden > 0).then(|| match lang {
                Lang::De => format!("{hidden} von {} Zeilen ausgeblendet", self.rows.len()),
                Lang::En => format!("{hidden} of {} rows hidden", self.rows.len()),
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

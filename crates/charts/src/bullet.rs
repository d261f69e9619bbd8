//! Goal progress (bullet chart) for the Integrationskonzept: one row per target, each on its
//! own scale in its own unit, oriented so progress always runs left → right (baseline left,
//! target right, also for a falling target). A light band is the way from baseline to target,
//! a bar the way covered up to the latest value, a thin marker the value expected by now on the
//! straight path, a thick marker the target; the state is written at the row end, never left
//! to colour alone. A target without a current value gets no bar and says "keine Daten".

use plotters::style::Color;
use serde::{Deserialize, Serialize};

use crate::bullet_text::{RowText, State};
use crate::canvas::{Align, Canvas, draw_svg};
use crate::error::{ChartError, Result};
use crate::font::{ellipsis, max_width, text_width};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::scale::Linear;
use crate::spec::{Header, Lang};
use crate::style::{GRID, LABEL_SIZE, MARGIN, MUTED, SMALL_SIZE, TEXT, TRACK};

/// The latest value of a target's indicator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BulletActual {
    pub year: i32,
    pub value: f64,
}

/// One target: its path from baseline to target and how far it has come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulletRow {
    /// For example "Einbürgerungsquote (Ziel 3)".
    pub label: String,
    /// Unit of every value of the row, for example "%"; empty for none.
    #[serde(default)]
    pub unit: String,
    pub baseline_year: i32,
    pub baseline: f64,
    pub target_year: i32,
    pub target: f64,
    /// The latest value; `None` is "keine Daten": no bar is drawn.
    pub actual: Option<BulletActual>,
    /// The value expected by the actual's year on the straight path from baseline to target.
    pub expected: Option<f64>,
    /// The state, already translated ("im Plan", "im Rückstand", "erreicht", "keine Daten").
    pub state: String,
    /// A context figure many forces influence ("Monitoring"); else "Controlling".
    #[serde(default)]
    pub monitoring: bool,
}

/// Bullet chart of the targets of one goal, or of every goal of a concept. The subtitle counts
/// the targets with a current value (`header.members_total` is not used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalProgressSpec {
    pub header: Header,
    pub rows: Vec<BulletRow>,
}

/// Centres of a row's lines from its top: label, current value, band, baseline and target.
const LINE_A: f64 = 11.0;
const LINE_B: f64 = 31.0;
const LINE_C: f64 = 50.0;
const LINE_D: f64 = 70.0;
const ROW: f64 = 86.0;
const BAND_H: f64 = 18.0;
const BAR_H: f64 = 8.0;
const EMPTY_H: f64 = 64.0;
const CHIP: f64 = 16.0;

impl GoalProgressSpec {
    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        if let Some(row) = self
            .rows
            .iter()
            .find(|r| !r.baseline.is_finite() || !r.target.is_finite())
        {
            return Err(ChartError::invalid(format!(
                "target {:?} has no finite baseline and target",
                row.label
            )));
        }
        let states: Vec<State> = self.rows.iter().map(State::of).collect();
        let texts: Vec<RowText> = self.rows.iter().map(|r| RowText::new(r, lang)).collect();
        let with_data = states.iter().filter(|s| **s != State::NoData).count();
        let count = (!self.rows.is_empty()).then(|| match lang {
            Lang::De => format!("{with_data} von {} Zielwerten mit Stand", self.rows.len()),
            Lang::En => format!("{with_data} of {} targets with a value", self.rows.len()),
        });
        let frame = Frame::with_count(&self.header, count, self.legend(&states), &self.notes());
        let width = frame.width();
        let body = if self.rows.is_empty() {
            EMPTY_H
        } else {
            self.rows.len() as f64 * ROW
        };
        let height = frame.height(body);
        // the state column at the right: the tag above, the state beside the band
        let state_w = max_width(self.rows.iter().map(|r| r.state.as_str()), LABEL_SIZE, true)
            .max(max_width(texts.iter().map(|t| t.tag), SMALL_SIZE, false))
            + CHIP;
        let state_x = width - MARGIN - state_w;
        let (sx0, sx1) = (MARGIN, state_x - 24.0);
        let top = frame.body_top();
        let description = self.describe(&states, &texts, with_data);

        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                if self.rows.is_empty() {
                    let text =
                        lang.pick("Keine Ziele mit Zielwerten", "No goals with target values");
                    c.text(
                        width / 2.0,
                        top + EMPTY_H / 2.0,
                        text,
                        LABEL_SIZE,
                        MUTED,
                        Align::Middle,
                    );
                }
                for (i, ((row, text), state)) in
                    self.rows.iter().zip(&texts).zip(&states).enumerate()
                {
                    let y0 = top + i as f64 * ROW;
                    if i > 0 {
                        c.line(&[(MARGIN, y0), (width - MARGIN, y0)], GRID.to_rgba(), 1);
                    }
                    let label = ellipsis(&row.label, LABEL_SIZE, true, state_x - 14.0 - sx0);
                    c.bold(sx0, y0 + LINE_A, &label, LABEL_SIZE, TEXT, Align::Start);
                    c.text(
                        state_x,
                        y0 + LINE_A,
                        text.tag,
                        SMALL_SIZE,
                        MUTED,
                        Align::Start,
                    );
                    let x = Linear {
                        d0: row.baseline,
                        d1: row.target,
                        r0: sx0,
                        r1: sx1,
                    };
                    draw_row(c, row, text, *state, &x, y0, width);
                    let cy = y0 + LINE_C;
                    c.circle(state_x + 5.0, cy, 5.0, state.color().to_rgba());
                    c.bold(
                        state_x + CHIP,
                        cy,
                        &row.state,
                        LABEL_SIZE,
                        state.text_color(),
                        Align::Start,
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

    /// Band, bar for each state present, expected and target markers.
    fn legend(&self, states: &[State]) -> Vec<LegendItem> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let lang = self.header.lang;
        let mut legend = vec![LegendItem::new(
            Swatch::Band(TRACK.to_rgba()),
            lang.pick(
                "Weg vom Ausgangswert zum Ziel",
                "Way from baseline to target",
            ),
        )];
        for s in [State::Reached, State::OnTrack, State::Behind] {
            if let Some(i) = states.iter().position(|t| *t == s) {
                legend.push(LegendItem::new(
                    Swatch::Bar(s.color()),
                    self.rows[i].state.clone(),
                ));
            }
        }
        if self
            .rows
            .iter()
            .any(|r| r.expected.is_some() && r.actual.is_some())
        {
            legend.push(LegendItem::new(
                Swatch::Tick(TEXT, 2),
                lang.pick(
                    "erwartet nach geradem Pfad",
                    "expected on the straight path",
                ),
            ));
        }
        legend.push(LegendItem::new(
            Swatch::Tick(TEXT, 4),
            lang.pick("Ziel", "target"),
        ));
        legend
    }
}

/// One row's band, bar, markers and value labels.
fn draw_row(
    c: &Canvas<'_>,
    row: &BulletRow,
    text: &RowText,
    state: State,
    x: &Linear,
    y0: f64,
    width: f64,
) {
    let (sx0, sx1) = (x.r0, x.r1);
    let cy = y0 + LINE_C;
    let (b0, b1) = (cy - BAND_H / 2.0, cy + BAND_H / 2.0);
    c.rect(sx0, b0, sx1, b1, TRACK.to_rgba());
    let actual = row.actual.filter(|a| a.value.is_finite());
    if let Some(a) = actual {
        let raw = x.map(a.value);
        let ax = raw.clamp(sx0, sx1);
        let color = state.color().to_rgba();
        c.rect(sx0, cy - BAR_H / 2.0, ax, cy + BAR_H / 2.0, color);
        if raw > sx1 + 0.5 {
            // beyond the target: an arrow past the target marker
            c.polygon(
                &[
                    (sx1 + 4.0, cy - 6.0),
                    (sx1 + 12.0, cy),
                    (sx1 + 4.0, cy + 6.0),
                ],
                color,
            );
        } else if raw < sx0 - 0.5 {
            // fallen back behind the baseline: an arrow pointing left at the band's start
            c.polygon(
                &[(sx0 + 8.0, cy - 6.0), (sx0, cy), (sx0 + 8.0, cy + 6.0)],
                color,
            );
        }
        if let Some(e) = row.expected.filter(|e| e.is_finite()) {
            let ex = x.map(e).clamp(sx0, sx1);
            c.line(&[(ex, b0 - 3.0), (ex, b1 + 3.0)], TEXT.to_rgba(), 2);
        }
        let w = text_width(&text.actual, SMALL_SIZE, true);
        let lx = ax.clamp(sx0 + w / 2.0, width - MARGIN - w / 2.0);
        c.bold(
            lx,
            y0 + LINE_B,
            &text.actual,
            SMALL_SIZE,
            TEXT,
            Align::Middle,
        );
    } else {
        c.text(
            sx0,
            y0 + LINE_B,
            &text.actual,
            SMALL_SIZE,
            MUTED,
            Align::Start,
        );
    }
    c.rect(sx1 - 2.0, b0 - 5.0, sx1 + 2.0, b1 + 5.0, TEXT.to_rgba());
    c.text(
        sx0,
        y0 + LINE_D,
        &text.baseline,
        SMALL_SIZE,
        MUTED,
        Align::Start,
    );
    c.text(
        sx1,
        y0 + LINE_D,
        &text.target,
        SMALL_SIZE,
        MUTED,
        Align::End,
    );
}

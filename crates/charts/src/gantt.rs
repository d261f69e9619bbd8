//! Measures timeline (Gantt) for the Integrationskonzept: one bar per measure from start to
//! end, coloured by status (dropped ones pale and hatched), today as a vertical line, a year
//! axis below. An open end runs to the right edge, fades and says "offen"; a measure without
//! dates is listed with "ohne Zeitraum" and no bar.

use chrono::NaiveDate;
use plotters::style::Color;
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::{ChartError, Result};
use crate::font::{ellipsis, max_width, text_width};
use crate::format::format_value;
use crate::frame::{Frame, LegendItem, Swatch};
use crate::gantt_draw::{
    ARROW, DROPPED, Rows, STATUSES, TimeAxis, draw_bar, draw_years, status_color, text_on_ground,
};
use crate::output::SvgChart;
use crate::spec::{Header, Lang, ValueFormat};
use crate::style::{LABEL_SIZE, MARGIN, MEDIAN, MUTED, SMALL_SIZE, TEXT};

/// One measure's bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineBar {
    /// The measure's title (cut with "…" where it does not fit; whole in the description).
    pub label: String,
    pub start: Option<NaiveDate>,
    /// `None` with a start: open-ended, drawn to the right edge and marked "offen".
    pub end: Option<NaiveDate>,
    /// Status code: idee, in_planung, in_umsetzung, laufend, abgeschlossen, verworfen.
    pub status: String,
    /// The status in the chart's language.
    pub status_label: String,
    /// Percent 0–100, written beside the bar.
    #[serde(default)]
    pub progress: Option<f64>,
}

/// Timeline of the measures of a concept (or of one goal). The subtitle counts the measures
/// with dates (`header.members_total` is not used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureTimelineSpec {
    pub header: Header,
    pub today: NaiveDate,
    pub bars: Vec<TimelineBar>,
}

const TOP: f64 = 24.0;
const AXIS_H: f64 = 26.0;
/// Narrower charts put each label above its bar.
const STACK_BELOW: f64 = 700.0;

fn format_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => d.format("%d.%m.%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

impl MeasureTimelineSpec {
    /// The words beside a bar: progress, "offen" for an open end, "Beginn offen" for an open
    /// start, "ohne Zeitraum" without dates.
    fn side_text(&self, bar: &TimelineBar) -> String {
        let lang = self.header.lang;
        let pct = ValueFormat {
            unit: "%".into(),
            decimals: 0,
        };
        let progress = bar
            .progress
            .filter(|p| p.is_finite())
            .map(|p| format_value(p, &pct, lang));
        let open = match (bar.start, bar.end) {
            (None, None) => Some(lang.pick("ohne Zeitraum", "no dates")),
            (Some(_), None) => Some(lang.pick("offen", "open")),
            (None, Some(_)) => Some(lang.pick("Beginn offen", "start open")),
            _ => None,
        };
        [progress.as_deref(), open]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        let backwards = |b: &&TimelineBar| matches!((b.start, b.end), (Some(s), Some(e)) if e < s);
        if let Some(bar) = self.bars.iter().find(backwards) {
            return Err(ChartError::invalid(format!(
                "measure {:?} ends before it starts",
                bar.label
            )));
        }
        let dated = self
            .bars
            .iter()
            .filter(|b| b.start.is_some() || b.end.is_some())
            .count();
        let count = (!self.bars.is_empty()).then(|| match lang {
            Lang::De => format!("{dated} von {} Maßnahmen mit Zeitraum", self.bars.len()),
            Lang::En => format!("{dated} of {} measures with dates", self.bars.len()),
        });
        let frame = Frame::with_count(&self.header, count, self.legend(), &[]);
        let width = frame.width();
        let inner = width - 2.0 * MARGIN;
        let rows = Rows {
            top: frame.body_top() + TOP,
            stacked: width < STACK_BELOW,
        };
        let n = self.bars.len().max(1);
        let body = TOP + n as f64 * rows.height() + AXIS_H;
        let height = frame.height(body);
        let sides: Vec<String> = self.bars.iter().map(|b| self.side_text(b)).collect();
        let label_w = if rows.stacked {
            inner
        } else {
            let labels = self.bars.iter().map(|b| b.label.as_str());
            max_width(labels, LABEL_SIZE, false).min(inner * 0.42)
        };
        let side_w = max_width(sides.iter().map(String::as_str), SMALL_SIZE, false);
        let dates = self.bars.iter().flat_map(|b| [b.start, b.end]).flatten();
        let axis = TimeAxis::new(
            dates.chain([self.today]),
            if rows.stacked {
                MARGIN
            } else {
                MARGIN + label_w + 14.0
            },
            width - MARGIN - side_w - ARROW - 8.0,
        );
        let (top, bottom) = (rows.top, rows.row_top(n));
        let description = self.describe(dated);

        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                for i in (1..self.bars.len()).step_by(2) {
                    let (y0, y1) = (rows.row_top(i), rows.row_top(i + 1));
                    c.rect(
                        MARGIN - 4.0,
                        y0,
                        width - MARGIN + 4.0,
                        y1,
                        rows.ground(i).to_rgba(),
                    );
                }
                draw_years(c, &axis, top, bottom);
                let ends: Vec<f64> = (self.bars.iter().enumerate())
                    .map(|(i, bar)| draw_bar(c, bar, &axis, rows.bar_y(i)))
                    .collect();
                let tx = axis.map(self.today);
                c.line(&[(tx, top - 6.0), (tx, bottom)], MEDIAN.to_rgba(), 2);
                let today = lang.pick("heute", "today");
                let w = text_width(today, SMALL_SIZE, true);
                let lx = tx.clamp(MARGIN + w / 2.0, width - MARGIN - w / 2.0);
                c.bold(lx, top - 14.0, today, SMALL_SIZE, MEDIAN, Align::Middle);
                // texts last, on their row's ground, so the today line never runs through one
                if self.bars.is_empty() {
                    let text = lang.pick("Keine Maßnahmen", "No measures");
                    let y = rows.bar_y(0);
                    text_on_ground(
                        c,
                        axis.x0 + 4.0,
                        y,
                        text,
                        LABEL_SIZE,
                        MUTED,
                        false,
                        rows.ground(0),
                    );
                }
                for (i, ((bar, side), end)) in self.bars.iter().zip(&sides).zip(&ends).enumerate() {
                    let ground = rows.ground(i);
                    let dropped = bar.status == DROPPED;
                    let label = ellipsis(&bar.label, LABEL_SIZE, false, label_w);
                    let color = if dropped { MUTED } else { TEXT };
                    let y = rows.label_y(i);
                    text_on_ground(c, MARGIN, y, &label, LABEL_SIZE, color, false, ground);
                    let muted = dropped || (bar.start.is_none() && bar.end.is_none());
                    let color = if muted { MUTED } else { TEXT };
                    if !side.is_empty() {
                        let y = rows.bar_y(i);
                        text_on_ground(c, end + 6.0, y, side, SMALL_SIZE, color, false, ground);
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

    /// The statuses present, in the workflow's order, then unknown codes as they come.
    fn legend(&self) -> Vec<LegendItem> {
        let mut codes: Vec<&str> = STATUSES
            .iter()
            .copied()
            .filter(|s| self.bars.iter().any(|b| b.status == *s))
            .collect();
        for b in &self.bars {
            if !codes.contains(&b.status.as_str()) {
                codes.push(&b.status);
            }
        }
        codes
            .into_iter()
            .filter_map(|code| {
                let bar = self.bars.iter().find(|b| b.status == code)?;
                let swatch = if code == DROPPED {
                    Swatch::Hatch
                } else {
                    Swatch::Bar(status_color(code))
                };
                Some(LegendItem::new(swatch, bar.status_label.clone()))
            })
            .collect()
    }

    fn describe(&self, dated: usize) -> String {
        let lang = self.header.lang;
        let h = &self.header;
        let context: Vec<&str> = [h.title.as_str(), h.period.as_str(), h.group.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let mut s = format!(
            "{}: {}. ",
            lang.pick("Zeitplan der Maßnahmen", "Timeline of the measures"),
            context.join(", ")
        );
        if self.bars.is_empty() {
            s.push_str(lang.pick("Keine Maßnahmen.", "No measures."));
            return s;
        }
        s.push_str(&match lang {
            Lang::De => format!("{dated} von {} Maßnahmen mit Zeitraum. ", self.bars.len()),
            Lang::En => format!("{dated} of {} measures with dates. ", self.bars.len()),
        });
        s.push_str(&format!(
            "{}: {}. ",
            lang.pick("Heute", "Today"),
            format_date(self.today, lang)
        ));
        let date = |d: NaiveDate| format_date(d, lang);
        for bar in &self.bars {
            let span = match (bar.start, bar.end) {
                (Some(a), Some(b)) => format!("{} {} {}", date(a), lang.pick("bis", "to"), date(b)),
                (Some(a), None) => format!(
                    "{} {}, {}",
                    lang.pick("ab", "from"),
                    date(a),
                    lang.pick("offen", "open")
                ),
                (None, Some(b)) => format!(
                    "{} {}, {}",
                    lang.pick("bis", "until"),
                    date(b),
                    lang.pick("Beginn offen", "start open")
                ),
                (None, None) => lang.pick("ohne Zeitraum", "no dates").to_owned(),
            };
            s.push_str(&format!("{}: {}, {span}", bar.label, bar.status_label));
            if let Some(p) = bar.progress.filter(|p| p.is_finite()) {
                let pct = ValueFormat {
                    unit: "%".into(),
                    decimals: 0,
                };
                s.push_str(&format!(
                    ", {} {}",
                    lang.pick("Fortschritt", "progress"),
                    format_value(p, &pct, lang)
                ));
            }
            s.push_str(". ");
        }
        s.trim_end().to_owned()
    }
}

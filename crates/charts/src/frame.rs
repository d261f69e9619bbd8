//! What surrounds every chart body: title, subtitle ("2023 · alle Modellkommunen · 18 von 21 mit
//! Daten"), the demo-data badge, the legend, footnotes and the source line. Heights come from
//! wrapped, measured text so nothing is cut off at any width.

use plotters::style::{Color, RGBAColor, RGBColor};

use crate::canvas::{Align, Canvas};
use crate::font::{text_width, wrap};
use crate::format::{n_of_total, words};
use crate::spec::Header;
use crate::style::{
    HATCH, LABEL_SIZE, MARGIN, MISSING_FILL, MUTED, SMALL_SIZE, SUBTITLE_SIZE, TEXT, TITLE_SIZE,
};

const TITLE_LINE: f64 = 22.0;
const SUBTITLE_LINE: f64 = 18.0;
const LEGEND_LINE: f64 = 20.0;
const NOTE_LINE: f64 = 16.0;
const SWATCH: f64 = 22.0;

/// A legend entry's symbol.
#[derive(Clone, Copy)]
pub(crate) enum Swatch {
    Bar(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Band(RGBAColor),
    Dot(RGBColor),
    /// A vertical marker line of the given stroke width (bullet chart's expected and target).
    Tick(RGBColor, u32),
    HollowDot(RGBColor),
    Missing,
    Hatch,
}

pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

impl LegendItem {
    pub fn new(swatch: Swatch, label: impl Into<String>) -> Self {
        Self {
            swatch,
            label: label.into(),
        }
    }
}

pub(crate) struct Frame {
    width: f64,
    title: Vec<String>,
    subtitle: Vec<String>,
    demo: Option<&'static str>,
    legend: Vec<Vec<(f64, LegendItem)>>,
    notes: Vec<String>,
    source: Vec<String>,
}

impl Frame {
    /// Lays out the frame of a chart `width` px wide whose data covers `n_with_data` members.
    pub fn new(
        header: &Header,
        n_with_data: usize,
        legend: Vec<LegendItem>,
        notes: &[String],
    ) -> Self {
        let count = n_of_total(n_with_data, header.members_total, header.lang);
        Self::with_count(header, Some(count), legend, notes)
    }

    /// Like [`Frame::new`], with the subtitle's count in the chart's own words ("3 von 4
    /// Zielwerten mit Stand") or none, for charts whose rows are not members.
    pub fn with_count(
        header: &Header,
        count: Option<String>,
        legend: Vec<LegendItem>,
        notes: &[String],
    ) -> Self {
        let width = f64::from(header.size.width());
        let inner = width - 2.0 * MARGIN;
        let w = words(header.lang);
        let demo = header.demo_data.then_some(w.demo);
        let badge = demo.map_or(0.0, |d| text_width(d, SMALL_SIZE, true) + 28.0);
        let title = wrap(&header.title, TITLE_SIZE, true, inner - badge);
        let sub_text = [
            header.period.as_str(),
            header.group.as_str(),
            count.as_deref().unwrap_or_default(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
        let subtitle = wrap(&sub_text, SUBTITLE_SIZE, false, inner);
        let notes = notes
            .iter()
            .flat_map(|n| wrap(n, SMALL_SIZE, false, inner))
            .collect();
        let source = wrap(
            &format!("{}: {}", w.source, header.source),
            SMALL_SIZE,
            false,
            inner,
        );
        Self {
            width,
            title,
            subtitle,
            demo,
            legend: layout_legend(legend, inner),
            notes,
            source,
        }
    }

    pub fn width(&self) -> f64 {
        self.width
    }

    /// Where the chart body starts.
    pub fn body_top(&self) -> f64 {
        MARGIN
            + self.title.len() as f64 * TITLE_LINE
            + self.subtitle.len() as f64 * SUBTITLE_LINE
            + 12.0
    }

    fn footer_height(&self) -> f64 {
        let legend = self.legend.len() as f64 * LEGEND_LINE;
        let notes = (self.notes.len() + self.source.len()) as f64 * NOTE_LINE;
        10.0 + legend + 4.0 + notes + MARGIN - 4.0
    }

    /// Total canvas height for a body `body` px high.
    pub fn height(&self, body: f64) -> u32 {
        (self.body_top() + body + self.footer_height()).ceil() as u32
    }

    pub fn draw(&self, c: &Canvas<'_>, body: f64) {
        let mut y = MARGIN + TITLE_LINE / 2.0;
        for line in &self.title {
            c.bold(MARGIN, y, line, TITLE_SIZE, TEXT, Align::Start);
            y += TITLE_LINE;
        }
        if let Some(demo) = self.demo {
            let w = text_width(demo, SMALL_SIZE, true) + 16.0;
            let (x1, y0) = (self.width - MARGIN, MARGIN);
            c.rect_outline(x1 - w, y0, x1, y0 + 22.0, crate::style::DEMO, 1);
            c.bold(
                x1 - w / 2.0,
                y0 + 11.0,
                demo,
                SMALL_SIZE,
                crate::style::DEMO,
                Align::Middle,
            );
        }
        y += SUBTITLE_LINE / 2.0 - TITLE_LINE / 2.0;
        for line in &self.subtitle {
            c.text(MARGIN, y, line, SUBTITLE_SIZE, MUTED, Align::Start);
            y += SUBTITLE_LINE;
        }
        let mut y = self.body_top() + body + 10.0 + LEGEND_LINE / 2.0;
        for row in &self.legend {
            for (x, item) in row {
                draw_swatch(c, MARGIN + x, y, item.swatch);
                c.text(
                    MARGIN + x + SWATCH + 6.0,
                    y,
                    &item.label,
                    LABEL_SIZE,
                    TEXT,
                    Align::Start,
                );
            }
            y += LEGEND_LINE;
        }
        y += 4.0 + NOTE_LINE / 2.0 - LEGEND_LINE / 2.0;
        for line in self.notes.iter().chain(&self.source) {
            c.text(MARGIN, y, line, SMALL_SIZE, MUTED, Align::Start);
            y += NOTE_LINE;
        }
    }
}

fn layout_legend(items: Vec<LegendItem>, inner: f64) -> Vec<Vec<(f64, LegendItem)>> {
    let mut rows: Vec<Vec<(f64, LegendItem)>> = Vec::new();
    let mut x = 0.0;
    for item in items {
        let w = SWATCH + 6.0 + text_width(&item.label, LABEL_SIZE, false) + 18.0;
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

fn draw_swatch(c: &Canvas<'_>, x: f64, y: f64, swatch: Swatch) {
    match swatch {
        Swatch::Bar(color) => c.rect(x, y - 6.0, x + SWATCH, y + 6.0, color.to_rgba()),
        Swatch::Line(color) => c.line(&[(x, y), (x + SWATCH, y)], color.to_rgba(), 2),
        Swatch::Dashed(color) => c.dashed(&[(x, y), (x + SWATCH, y)], color.to_rgba(), 2),
        Swatch::Band(color) => c.rect(x, y - 7.0, x + SWATCH, y + 7.0, color),
        Swatch::Dot(color) => c.circle(x + SWATCH / 2.0, y, 4.5, color.to_rgba()),
        Swatch::Tick(color, width) => {
            let mx = x + SWATCH / 2.0;
            c.line(&[(mx, y - 8.0), (mx, y + 8.0)], color.to_rgba(), width);
        }
        Swatch::HollowDot(color) => {
            c.circle(x + SWATCH / 2.0, y, 4.5, plotters::style::WHITE.to_rgba());
            c.ring(x + SWATCH / 2.0, y, 4.5, color, 2);
        }
        Swatch::Missing => {
            c.rect(x, y - 7.0, x + SWATCH, y + 7.0, MISSING_FILL.to_rgba());
            c.text(x + SWATCH / 2.0, y, "–", SMALL_SIZE, MUTED, Align::Middle);
        }
        Swatch::Hatch => {
            c.rect_outline(x, y - 7.0, x + SWATCH, y + 7.0, HATCH, 1);
            c.hatch(x, y - 7.0, x + SWATCH, y + 7.0, HATCH);
        }
    }
}

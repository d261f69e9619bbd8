//! Drawing of the measures timeline: status colours, the time axis over whole years, the rows
//! (label beside the bar, or above it on narrow charts), year grid and labels, and one bar
//! with its open ends.

use chrono::{Datelike, NaiveDate};
use plotters::style::{Color, RGBColor, WHITE};

use crate::canvas::{Align, Canvas};
use crate::font::text_width;
use crate::gantt::TimelineBar;
use crate::style::{AXIS, GRID, HATCH, MISSING_FILL, MUTED, OKABE_ITO, OTHERS, SMALL_SIZE};

/// The status codes in the workflow's order.
pub(crate) const STATUSES: [&str; 6] = [
    "idee",
    "in_planung",
    "in_umsetzung",
    "laufend",
    "abgeschlossen",
    "verworfen",
];
/// A dropped measure: drawn pale and hatched.
pub(crate) const DROPPED: &str = "verworfen";
/// Every second row's ground, so the eye finds a label's bar.
pub(crate) const STRIPE: RGBColor = RGBColor(245, 246, 248);
const BAR: f64 = 14.0;
const FADE: f64 = 36.0;
pub(crate) const ARROW: f64 = 9.0;

/// Okabe–Ito by status: idea sky blue, planning orange, in progress blue, ongoing reddish
/// purple, completed bluish green; dropped grey (drawn pale and hatched), unknown codes grey.
pub(crate) fn status_color(code: &str) -> RGBColor {
    match code {
        "idee" => OKABE_ITO[2],
        "in_planung" => OKABE_ITO[1],
        "in_umsetzung" => OKABE_ITO[5],
        "laufend" => OKABE_ITO[7],
        "abgeschlossen" => OKABE_ITO[3],
        DROPPED => HATCH,
        _ => OTHERS,
    }
}

/// Maps dates onto the time axis: from 1 January of the first year to 1 January after the last.
pub(crate) struct TimeAxis {
    pub first_year: i32,
    pub last_year: i32,
    pub x0: f64,
    pub x1: f64,
}

impl TimeAxis {
    /// The years of `dates` (never empty: the caller passes today).
    pub fn new(dates: impl Iterator<Item = NaiveDate>, x0: f64, x1: f64) -> Self {
        let (first_year, last_year) = dates
            .map(|d| d.year())
            .fold((i32::MAX, i32::MIN), |(a, b), y| (a.min(y), b.max(y)));
        Self {
            first_year,
            last_year: last_year.max(first_year),
            x0,
            x1,
        }
    }

    fn jan1(year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
    }

    pub fn map(&self, d: NaiveDate) -> f64 {
        let start = Self::jan1(self.first_year);
        let days = (Self::jan1(self.last_year + 1) - start).num_days().max(1) as f64;
        let t = (d - start).num_days() as f64 / days;
        self.x0 + t.clamp(0.0, 1.0) * (self.x1 - self.x0)
    }
}

/// Where rows go: side by side (label left of the time axis) or stacked (label above its bar,
/// the axis over the full width) on narrow charts.
pub(crate) struct Rows {
    pub top: f64,
    pub stacked: bool,
}

impl Rows {
    pub fn height(&self) -> f64 {
        if self.stacked { 40.0 } else { 24.0 }
    }

    pub fn row_top(&self, i: usize) -> f64 {
        self.top + i as f64 * self.height()
    }

    pub fn label_y(&self, i: usize) -> f64 {
        self.row_top(i) + if self.stacked { 11.0 } else { 12.0 }
    }

    pub fn bar_y(&self, i: usize) -> f64 {
        self.row_top(i) + if self.stacked { 28.0 } else { 12.0 }
    }

    /// The ground of row `i`: white or a light stripe.
    pub fn ground(&self, i: usize) -> RGBColor {
        if i % 2 == 1 { STRIPE } else { WHITE }
    }
}

/// Text on its row's ground, so grid and today lines never run through it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn text_on_ground(
    c: &Canvas<'_>,
    x: f64,
    y: f64,
    text: &str,
    size: f64,
    color: RGBColor,
    bold: bool,
    ground: RGBColor,
) {
    // plotters measures about 6 % wide: the box hugs the rendered text
    let w = text_width(text, size, bold) / 1.065;
    c.rect(
        x - 2.0,
        y - size * 0.6,
        x + w + 2.0,
        y + size * 0.6,
        ground.to_rgba(),
    );
    if bold {
        c.bold(x, y, text, size, color, Align::Start);
    } else {
        c.text(x, y, text, size, color, Align::Start);
    }
}

/// Year boundaries as grid lines, year labels below (centred in their year where they fit,
/// else every n-th year at its boundary).
pub(crate) fn draw_years(c: &Canvas<'_>, axis: &TimeAxis, top: f64, bottom: f64) {
    let years = axis.last_year - axis.first_year + 1;
    let per_year = (axis.x1 - axis.x0) / f64::from(years);
    let label_w = text_width("2030", SMALL_SIZE, false) + 10.0;
    let step = (label_w / per_year).ceil().max(1.0) as i32;
    for y in axis.first_year..=axis.last_year + 1 {
        let x = axis.map(TimeAxis::jan1(y));
        c.line(&[(x, top), (x, bottom + 4.0)], GRID.to_rgba(), 1);
        if step == 1 && y <= axis.last_year {
            let label = y.to_string();
            c.text(
                x + per_year / 2.0,
                bottom + 13.0,
                &label,
                SMALL_SIZE,
                MUTED,
                Align::Middle,
            );
        } else if step > 1 && (y - axis.first_year) % step == 0 {
            let label = y.to_string();
            c.text(x, bottom + 13.0, &label, SMALL_SIZE, MUTED, Align::Middle);
        }
    }
    c.line(&[(axis.x0, bottom), (axis.x1, bottom)], AXIS.to_rgba(), 1);
}

/// One measure's bar; returns where its side text may start.
pub(crate) fn draw_bar(c: &Canvas<'_>, bar: &TimelineBar, axis: &TimeAxis, cy: f64) -> f64 {
    let (y0, y1) = (cy - BAR / 2.0, cy + BAR / 2.0);
    let color = status_color(&bar.status);
    let dropped = bar.status == DROPPED;
    let solid = |x0: f64, x1: f64| {
        if dropped {
            c.rect(x0, y0, x1, y1, MISSING_FILL.to_rgba());
            c.hatch(x0, y0, x1, y1, HATCH);
            c.rect_outline(x0, y0, x1, y1, HATCH, 1);
        } else {
            c.rect(x0, y0, x1, y1, color.to_rgba());
        }
    };
    // an open side fades out over FADE px in steps of falling opacity
    let fade = |x0: f64, x1: f64, outwards_right: bool| {
        let steps = 10;
        let w = (x1 - x0) / f64::from(steps);
        for k in 0..steps {
            let t = f64::from(k) + 0.5;
            let alpha = if outwards_right {
                1.0 - t / f64::from(steps) * 0.85
            } else {
                0.15 + t / f64::from(steps) * 0.85
            };
            let base = if dropped { HATCH } else { color };
            let sx = x0 + f64::from(k) * w;
            c.rect(sx, y0, sx + w + 0.5, y1, base.mix(alpha));
        }
    };
    // the end date is the last day: the bar covers it
    let end_x = |d: NaiveDate| axis.map(d.succ_opt().unwrap_or(d));
    match (bar.start, bar.end) {
        (Some(s), Some(e)) => {
            let (x0, x1) = (axis.map(s), end_x(e));
            solid(x0, x1.max(x0 + 3.0));
            x1.max(x0 + 3.0)
        }
        (Some(s), None) => {
            let x0 = axis.map(s);
            let cut = (axis.x1 - FADE).max(x0);
            solid(x0, cut);
            fade(cut, axis.x1, true);
            let tip = [
                (axis.x1 + 1.0, y0 - 2.0),
                (axis.x1 + ARROW, cy),
                (axis.x1 + 1.0, y1 + 2.0),
            ];
            c.polygon(&tip, color.mix(0.45));
            axis.x1 + ARROW
        }
        (None, Some(e)) => {
            let x1 = end_x(e);
            let cut = (axis.x0 + FADE).min(x1);
            fade(axis.x0, cut, false);
            solid(cut, x1);
            x1
        }
        (None, None) => axis.x0 - 2.0,
    }
}

//! A thin pixel canvas over plotters' SVG backend: text with anchors, rectangles, lines, dashed
//! lines, circles and polygons in CSS pixels, plus the finishing of the SVG (background, font
//! fallbacks, `<title>`/`<desc>` for screen readers).

use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBAColor, RGBColor, ShapeStyle, TextStyle};

use crate::error::{ChartError, Result};
use crate::font;

/// Horizontal text anchor.
#[derive(Clone, Copy)]
pub(crate) enum Align {
    Start,
    Middle,
    End,
}

pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    /// The first drawing error; primitives stay chainable and the error surfaces at the end.
    error: std::cell::RefCell<Option<String>>,
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

impl Canvas<'_> {
    fn check<E: std::fmt::Display>(&self, result: std::result::Result<(), E>) {
        if let Err(e) = result {
            self.error.borrow_mut().get_or_insert_with(|| e.to_string());
        }
    }

    /// Text whose vertical centre is `y`.
    pub fn text(&self, x: f64, y: f64, s: &str, size: f64, color: RGBColor, align: Align) {
        self.text_styled(x, y, s, size, color, align, false);
    }

    /// Bold text whose vertical centre is `y`.
    pub fn bold(&self, x: f64, y: f64, s: &str, size: f64, color: RGBColor, align: Align) {
        self.text_styled(x, y, s, size, color, align, true);
    }

    #[allow(clippy::too_many_arguments)]
    fn text_styled(
        &self,
        x: f64,
        y: f64,
        s: &str,
        size: f64,
        color: RGBColor,
        align: Align,
        bold: bool,
    ) {
        let h = match align {
            Align::Start => HPos::Left,
            Align::Middle => HPos::Center,
            Align::End => HPos::Right,
        };
        let style = TextStyle::from(font::font_desc(size, bold))
            .color(&color)
            .pos(Pos::new(h, VPos::Center));
        self.check(
            self.area
                .draw(&Text::new(s.to_owned(), (px(x), px(y)), style)),
        );
    }

    pub fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, fill: RGBAColor) {
        self.check(self.area.draw(&Rectangle::new(
            [(px(x0), px(y0)), (px(x1), px(y1))],
            fill.filled(),
        )));
    }

    pub fn rect_outline(&self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor, width: u32) {
        self.check(self.area.draw(&Rectangle::new(
            [(px(x0), px(y0)), (px(x1), px(y1))],
            ShapeStyle::from(&color).stroke_width(width),
        )));
    }

    pub fn line(&self, points: &[(f64, f64)], color: RGBAColor, width: u32) {
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.check(self.area.draw(&PathElement::new(
            pts,
            ShapeStyle::from(&color).stroke_width(width),
        )));
    }

    pub fn dashed(&self, points: &[(f64, f64)], color: RGBAColor, width: u32) {
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.check(self.area.draw(&DashedPathElement::new(
            pts,
            6,
            4,
            ShapeStyle::from(&color).stroke_width(width),
        )));
    }

    pub fn circle(&self, x: f64, y: f64, r: f64, fill: RGBAColor) {
        self.check(
            self.area
                .draw(&Circle::new((px(x), px(y)), px(r), fill.filled())),
        );
    }

    pub fn ring(&self, x: f64, y: f64, r: f64, color: RGBColor, width: u32) {
        self.check(self.area.draw(&Circle::new(
            (px(x), px(y)),
            px(r),
            ShapeStyle::from(&color).stroke_width(width),
        )));
    }

    pub fn polygon(&self, points: &[(f64, f64)], fill: RGBAColor) {
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.check(self.area.draw(&Polygon::new(pts, fill.filled())));
    }

    /// Diagonal hatching inside a rectangle (for "insufficient" cells and bars).
    pub fn hatch(&self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor) {
        let step = 6.0;
        let (w, h) = (x1 - x0, y1 - y0);
        let mut t = step;
        while t < w + h {
            // segment of the line x + y = x0 + y0 + t, clipped to the rectangle
            let (sx, sy) = (x0 + t.min(w), y0 + (t - w).max(0.0));
            let (ex, ey) = (x0 + (t - h).max(0.0), y0 + t.min(h));
            self.line(&[(sx, sy), (ex, ey)], color.to_rgba(), 1);
            t += step;
        }
    }
}

/// Draws into a fresh SVG of `width`×`height` CSS pixels with a white background and returns the
/// finished SVG text with `title` and `desc` for assistive technology.
pub(crate) fn draw_svg(
    width: u32,
    height: u32,
    title: &str,
    desc: &str,
    draw: impl FnOnce(&Canvas<'_>) -> Result<()>,
) -> Result<String> {
    font::register()?;
    let mut buf = String::with_capacity(64 * 1024);
    {
        let area = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        area.fill(&plotters::style::WHITE)
            .map_err(ChartError::draw)?;
        let canvas = Canvas {
            area,
            error: std::cell::RefCell::new(None),
        };
        draw(&canvas)?;
        if let Some(message) = canvas.error.take() {
            return Err(ChartError::Draw { message });
        }
        canvas.area.present().map_err(ChartError::draw)?;
    }
    Ok(finish(&buf, title, desc))
}

fn finish(raw: &str, title: &str, desc: &str) -> String {
    let svg = raw.replace(
        &format!("font-family=\"{}\"", font::FAMILY),
        &format!("font-family=\"{}\"", font::SVG_FAMILY),
    );
    let Some(open_end) = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j))
    else {
        return svg;
    };
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 64);
    out.push_str(&svg[..open_end]);
    out.push_str(" role=\"img\"><title>");
    out.push_str(&escape_xml(title));
    out.push_str("</title><desc>");
    out.push_str(&escape_xml(desc));
    out.push_str("</desc>");
    out.push_str(&svg[open_end + 1..]);
    out
}

/// Escapes text for XML content and attributes.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

//! The bundled font (DejaVu Sans, regular and bold; licence in `fonts/`): registered once with
//! plotters, loaded into resvg's font database, and used to measure text so margins fit the
//! longest label. Nothing reads the machine's fonts.

use std::sync::{Arc, OnceLock};

use plotters::style::{FontDesc, FontFamily, FontStyle};
use resvg::usvg::fontdb;

use crate::error::{ChartError, Result};

/// Family name written into the SVG and registered with plotters and fontdb.
pub(crate) const FAMILY: &str = "DejaVu Sans";
/// What the finished SVG asks for: ours first, then similar wide faces for browsers without it.
pub(crate) const SVG_FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// plotters' text size is the font's pixel height; the SVG backend writes `size / 1.24` as
/// `font-size`. We speak CSS `font-size` everywhere and convert here.
pub(crate) const PLOTTERS_SIZE_FACTOR: f64 = 1.24;

static REGISTERED: OnceLock<bool> = OnceLock::new();

/// Registers the bundled faces with plotters (once per process).
pub(crate) fn register() -> Result<()> {
    let ok = REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD).is_ok()
    });
    if *ok {
        Ok(())
    } else {
        Err(ChartError::Font { name: FAMILY })
    }
}

/// resvg's font database with only the bundled faces; every generic family maps to them.
pub(crate) fn fontdb() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// plotters font for a CSS font size.
pub(crate) fn font_desc(px: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FontFamily::Name(FAMILY), px * PLOTTERS_SIZE_FACTOR, style)
}

/// Width of `text` at CSS font size `px`. plotters measures with the font's full height as
/// scale, which is about 6 % wider than the SVG renders: a safety margin we keep on purpose
/// (browsers without DejaVu fall back to a face of similar width).
pub(crate) fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    // layout measures before anything is drawn: make sure plotters knows our font by then
    if register().is_err() {
        return text.chars().count() as f64 * px * 0.7;
    }
    match font_desc(px, bold).box_size(text) {
        Ok((w, _)) => f64::from(w),
        // never reached with the bundled font; a generous estimate keeps layout safe
        Err(_) => text.chars().count() as f64 * px * 0.7,
    }
}

/// The widest of `texts`.
pub(crate) fn max_width<'a>(texts: impl IntoIterator<Item = &'a str>, px: f64, bold: bool) -> f64 {
    texts
        .into_iter()
        .map(|t| text_width(t, px, bold))
        .fold(0.0, f64::max)
}

/// `text` cut to fit `max` px, ending in "…" when it had to be cut.
pub(crate) fn ellipsis(text: &str, px: f64, bold: bool, max: f64) -> String {
    if text_width(text, px, bold) <= max {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| format!("{}…", chars[..n].iter().collect::<String>().trim_end());
    // the longest prefix that fits, by bisection over the character count
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text_width(&cut(mid), px, bold) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
}

/// Breaks `text` into lines no wider than `max` (a single word wider than `max` keeps its line).
pub(crate) fn wrap(text: &str, px: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, px, bold) > max {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_registers_and_measures_umlauts() -> Result<()> {
        register()?;
        let w = text_width("Würzburg", 12.0, false);
        assert!(w > 40.0 && w < 80.0, "width {w}");
        assert!(text_width("Landkreis Teltow-Fläming", 12.0, false) > w);
        Ok(())
    }

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() -> Result<()> {
        register()?;
        let lines = wrap(
            "Interkulturelle Öffnung und Antirassismus",
            12.0,
            false,
            120.0,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), "Interkulturelle Öffnung und Antirassismus");
        Ok(())
    }

    #[test]
    fn ellipsis_cuts_long_text_to_the_width_and_keeps_short_text() -> Result<()> {
        register()?;
        let long = "Interkulturelle Öffnung der Verwaltung und aller Eigenbetriebe";
        let cut = ellipsis(long, 12.0, false, 150.0);
        assert!(
            cut.ends_with('…') && text_width(&cut, 12.0, false) <= 150.0,
            "{cut}"
        );
        assert_eq!(ellipsis("Würzburg", 12.0, false, 150.0), "Würzburg");
        Ok(())
    }

    #[test]
    fn fontdb_holds_only_the_two_bundled_faces() {
        assert_eq!(fontdb().len(), 2);
    }
}

//! Colours and type sizes shared by every chart: the Okabe–Ito palette (safe for the common
//! colour-vision deficiencies), a viridis-like ramp for the heat map, and the text sizes.

use plotters::style::{RGBAColor, RGBColor};

/// Okabe–Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
pub(crate) const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 0, 0),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(240, 228, 66),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
];

/// The highlighted member: Okabe–Ito blue.
pub(crate) const SELECTED: RGBColor = RGBColor(0, 114, 178);
/// Every other member: a neutral grey-blue that keeps the highlight readable.
pub(crate) const OTHERS: RGBColor = RGBColor(160, 174, 192);
/// The peer median: Okabe–Ito vermillion.
pub(crate) const MEDIAN: RGBColor = RGBColor(213, 94, 0);
/// The peer interquartile band: Okabe–Ito orange, translucent.
pub(crate) const BAND: RGBAColor = RGBAColor(230, 159, 0, 0.22);
pub(crate) const TEXT: RGBColor = RGBColor(34, 34, 34);
pub(crate) const MUTED: RGBColor = RGBColor(96, 96, 96);
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);
pub(crate) const AXIS: RGBColor = RGBColor(140, 140, 140);
pub(crate) const MISSING_FILL: RGBColor = RGBColor(242, 242, 242);
pub(crate) const HATCH: RGBColor = RGBColor(150, 150, 150);
pub(crate) const DEMO: RGBColor = RGBColor(166, 68, 0);

/// Progress states (bullet chart): reached bluish green, on track blue, behind vermillion.
pub(crate) const REACHED: RGBColor = RGBColor(0, 158, 115);
pub(crate) const ON_TRACK: RGBColor = RGBColor(0, 114, 178);
pub(crate) const BEHIND: RGBColor = RGBColor(213, 94, 0);
/// The bullet chart's band from baseline to target.
pub(crate) const TRACK: RGBColor = RGBColor(226, 226, 226);

pub(crate) const MARGIN: f64 = 16.0;
pub(crate) const TITLE_SIZE: f64 = 17.0;
pub(crate) const SUBTITLE_SIZE: f64 = 12.5;
pub(crate) const LABEL_SIZE: f64 = 12.0;
pub(crate) const SMALL_SIZE: f64 = 11.0;

/// Viridis-like ramp, `t` in 0..=1 from dark purple to yellow.
pub(crate) fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 6] = [
        (68, 1, 84),
        (65, 68, 135),
        (42, 120, 142),
        (34, 168, 132),
        (122, 209, 81),
        (253, 231, 37),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// `c` darkened by `f` (0..1) towards black: palette colours as text with enough contrast.
pub(crate) fn darker(c: RGBColor, f: f64) -> RGBColor {
    let d = |v: u8| (f64::from(v) * (1.0 - f)).round() as u8;
    RGBColor(d(c.0), d(c.1), d(c.2))
}

/// Black or white, whichever reads better on `bg`.
pub(crate) fn text_on(bg: RGBColor) -> RGBColor {
    let l = 0.299 * f64::from(bg.0) + 0.587 * f64::from(bg.1) + 0.114 * f64::from(bg.2);
    if l > 140.0 {
        RGBColor(0, 0, 0)
    } else {
        RGBColor(255, 255, 255)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_runs_from_purple_to_yellow_and_clamps() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(7.0), RGBColor(253, 231, 37));
        assert_eq!(text_on(viridis(0.0)), RGBColor(255, 255, 255));
        assert_eq!(text_on(viridis(1.0)), RGBColor(0, 0, 0));
    }
}

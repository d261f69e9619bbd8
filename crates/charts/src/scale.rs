//! Linear scales and "nice" axis ticks (1, 2, 2.5, 5 × 10^k steps).

/// Maps a value domain onto a pixel range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub fn map(&self, v: f64) -> f64 {
        if (self.d1 - self.d0).abs() < f64::EPSILON {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Nice ticks covering `[min, max]`, about `target` of them, and the decimals their labels need.
/// The returned domain is the first and last tick.
pub(crate) fn nice_ticks(min: f64, max: f64, target: usize) -> (Vec<f64>, u8) {
    let (mut lo, mut hi) = if min <= max { (min, max) } else { (max, min) };
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-12 {
        let pad = if lo.abs() > 1e-12 {
            lo.abs() * 0.1
        } else {
            1.0
        };
        lo -= pad;
        hi += pad;
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).floor() * step;
    let last = (hi / step).ceil() * step;
    let count = ((last - first) / step).round() as usize;
    let ticks = (0..=count).map(|i| first + i as f64 * step).collect();
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as u8 + u8::from((step / mag - 2.5).abs() < 1e-9)
    };
    (ticks, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_of_zero_to_hundred_are_steps_of_twenty() {
        let (ticks, dec) = nice_ticks(0.0, 100.0, 5);
        assert_eq!(ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(dec, 0);
    }

    #[test]
    fn ticks_cover_an_uneven_range_and_small_steps_get_decimals() {
        let (ticks, dec) = nice_ticks(3.2, 17.9, 5);
        assert_eq!(ticks.first().copied(), Some(0.0));
        assert_eq!(ticks.last().copied(), Some(20.0));
        let (_, dec_small) = nice_ticks(0.0, 0.9, 5);
        assert_eq!((dec, dec_small), (0, 1));
    }

    #[test]
    fn a_constant_range_still_gets_ticks() {
        let (ticks, _) = nice_ticks(5.0, 5.0, 5);
        assert!(ticks.len() >= 2);
        assert!(ticks[0] < 5.0 && *ticks.last().unwrap_or(&0.0) > 5.0);
    }

    #[test]
    fn linear_scale_maps_ends_and_middle() {
        let s = Linear {
            d0: 0.0,
            d1: 100.0,
            r0: 10.0,
            r1: 210.0,
        };
        assert_eq!(s.map(50.0), 110.0);
    }
}

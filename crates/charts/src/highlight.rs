//! Colours of highlighted members, the same in every chart of a page: the k-th highlighted name
//! in alphabetical order gets the k-th colour, so Potsdam is the same colour in the time series
//! and in the dot plot beside it, whatever order each chart sorts its rows in.

use plotters::style::RGBColor;

use crate::style::{OKABE_ITO, OTHERS};

/// Okabe–Ito blue, reddish purple, bluish green, orange, sky blue, black: without vermillion
/// (the peer median's colour) and yellow (too light on white).
const ORDER: [usize; 6] = [5, 7, 3, 1, 2, 0];

/// The distinct colours there are; more highlighted members than this share them in turn.
pub(crate) const DISTINCT: usize = ORDER.len();

/// The `k`-th highlight colour.
pub(crate) fn nth(k: usize) -> RGBColor {
    OKABE_ITO[ORDER[k % ORDER.len()]]
}

/// The highlighted names of one chart, sorted, each with its colour.
pub(crate) struct Highlights<'a> {
    names: Vec<&'a str>,
}

impl<'a> Highlights<'a> {
    /// From `(name, highlighted)` pairs in any order.
    pub(crate) fn new(items: impl IntoIterator<Item = (&'a str, bool)>) -> Self {
        let mut names: Vec<&str> = items
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(n, _)| n)
            .collect();
        names.sort_unstable();
        names.dedup();
        Self { names }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// The colour of `name`: its highlight colour, or the others' grey.
    pub(crate) fn color(&self, name: &str) -> RGBColor {
        self.names.binary_search(&name).map_or(OTHERS, nth)
    }

    /// The highlighted names in colour order.
    pub(crate) fn names(&self) -> &[&'a str] {
        &self.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_names_not_the_order_they_come_in() {
        let a = Highlights::new([("Potsdam", true), ("Aachen", false), ("Erfurt", true)]);
        let b = Highlights::new([("Erfurt", true), ("Potsdam", true)]);
        assert_eq!(a.color("Potsdam"), b.color("Potsdam"));
        assert_eq!(a.color("Erfurt"), nth(0));
        assert_eq!(a.color("Potsdam"), nth(1));
        assert_eq!(a.color("Aachen"), OTHERS);
        assert_ne!(nth(0), nth(1));
    }
}

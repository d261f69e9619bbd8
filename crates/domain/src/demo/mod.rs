//! The deterministic demo-data generator and the canonical long-layout CSV of observations.
//!
//! Values are synthetic ("Beispieldaten (synthetisch)") but shaped like the real thing: members
//! differ consistently (a latent openness per member and per field), series are smooth with a
//! trend, statistics react to context (east/west, 2020 and 2022), some members never report some
//! indicators, some years are missing, the latest year is often provisional, a few values are
//! estimated, and some cells carry the official-statistics reasons for missing.
//!
//! Each (member, indicator) pair draws from its own ChaCha stream, so adding an indicator or a
//! member to the catalogue does not change the values of the others.

// The generator, and the CSV files around it: the anchors it reads, the observations it writes.
mod files;
mod generator;

pub use files::{Anchor, anchors_from_csv, from_csv, to_csv};
pub use generator::generate;

/// The seed of the committed demo data set.
pub const DEMO_SEED: u64 = 20_200_820;
/// First and last year of the demo data.
pub const DEMO_YEARS: std::ops::RangeInclusive<i32> = 2018..=2024;

#[cfg(test)]
mod tests;

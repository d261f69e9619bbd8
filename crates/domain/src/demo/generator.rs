//! The generator: a latent openness per member and field, smooth series with a trend and
//! context effects, gaps and statuses, each (member, indicator) pair from its own ChaCha stream.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use super::{Anchor, DEMO_YEARS};
use crate::catalogue::{Catalogue, Indicator, IndicatorKind, Polarity};
use crate::cohort::{Cohort, MembershipStatus, Municipality, MunicipalityKind};
use crate::ids::Ags;
use crate::observation::{MissingReason, Observation, Period, Status};

/// Level, spread across members, drift per year and decimals of a statistic in the demo.
struct Shape {
    mean: f64,
    sd: f64,
    drift: f64,
    decimals: i32,
    /// Extra level in the eastern states.
    east: f64,
}

fn shape(indicator: &Indicator) -> Shape {
    let s = |mean, sd, drift, decimals, east| Shape {
        mean,
        sd,
        drift,
        decimals,
        east,
    };
    match indicator.id.as_str() {
        "einbuergerungsquote" => s(1.8, 0.5, 0.08, 2, -0.3),
        "sgb2_quote_auslaender" => s(22.0, 5.0, -0.5, 1, 6.0),
        "sgb2_quote_deutsche" => s(7.0, 2.0, -0.2, 1, 2.5),
        "beschaeftigungsquote_auslaender" => s(45.0, 5.0, 1.0, 1, -4.0),
        "beschaeftigungsquote_deutsche" => s(65.0, 3.0, 0.4, 1, 1.0),
        "arbeitslosenquote_auslaender" => s(14.0, 3.0, -0.3, 1, 4.0),
        "schulabgaenger_ohne_hsa_auslaender" => s(16.0, 4.0, -0.2, 1, 3.0),
        "schulabgaenger_ohne_hsa_deutsche" => s(5.5, 1.5, 0.0, 1, 1.5),
        "kita_u3_mh" => s(20.0, 5.0, 0.8, 1, 6.0),
        "kita_u3_ohne_mh" => s(36.0, 6.0, 0.5, 1, 16.0),
        "verwaltung_mh_anteil" => s(9.0, 3.5, 0.5, 1, -3.0),
        "beirat_wahlbeteiligung" => s(8.0, 3.0, 0.0, 1, -2.0),
        "begegnungsorte_je_10000" => s(2.5, 0.8, 0.05, 2, -0.3),
        "hasskriminalitaet_je_100000" => s(12.0, 4.0, 0.6, 1, 5.0),
        "migrantenorganisationen_je_10000" => s(1.2, 0.4, 0.02, 2, -0.4),
        "antidiskriminierungsberatungen_je_10000" => s(3.0, 1.0, 0.15, 2, -0.5),
        "mehrsprachige_angebote_anteil" => s(25.0, 9.0, 3.0, 1, -5.0),
        "sprachkurs_b1_quote" => s(55.0, 5.0, 0.5, 1, -2.0),
        "integrationsbudget_je_einwohner" => s(9.0, 3.5, 0.4, 2, -2.0),
        "integrationskonzept_alter_jahre" => s(4.0, 2.5, 1.0, 0, 0.5),
        // An indicator added to the catalogue later gets a generic shape inside its range.
        _ => {
            let (lo, hi) = (indicator.min.unwrap_or(0.0), indicator.max.unwrap_or(100.0));
            s(lo + 0.4 * (hi - lo), 0.1 * (hi - lo), 0.0, 1, 0.0)
        }
    }
}

/// A stable 64-bit stream id for a (member, indicator) pair: FNV-1a, so the demo stays the same
/// across Rust versions (std's hasher makes no such promise).
fn stream_id(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.join("/").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn rng_for(seed: u64, parts: &[&str]) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream_id(parts));
    rng
}

fn normal(rng: &mut ChaCha8Rng, mean: f64, sd: f64) -> f64 {
    // sd is a positive literal or derived from a validated range; fall back to the mean.
    Normal::new(mean, sd.abs()).map_or(mean, |n| n.sample(rng))
}

fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

/// Member-level traits drawn once per member.
struct Traits {
    openness: f64,
    late_years: i32,
}

fn traits(seed: u64, member: &Municipality) -> Traits {
    let mut rng = rng_for(seed, &[member.key.as_str()]);
    let openness = normal(&mut rng, 0.0, 1.0);
    // About one member in five joined the statistics reporting a year or two late.
    let late_years = if rng.random_bool(0.2) {
        rng.random_range(1..=2)
    } else {
        0
    };
    Traits {
        openness,
        late_years,
    }
}

/// Some members never report some statistics (about one pair in twelve).
fn never_reports(seed: u64, member: &Municipality, indicator: &Indicator) -> bool {
    indicator.kind == IndicatorKind::Statistic
        && rng_for(seed, &[member.key.as_str(), indicator.id.as_str(), "never"]).random_bool(0.08)
}

/// Years whose self-check scores come from the demo Selbstcheck rounds
/// (`datasets/demo/selfcheck.json`, published at start-up) instead of this generator: the
/// rounds' answers were fitted to the values this generator gives for those years.
pub const SELFCHECK_ROUND_YEARS: [i32; 2] = [2020, 2024];

/// Generates the demo observations for every member, indicator and year of [`DEMO_YEARS`].
pub fn generate(
    catalogue: &Catalogue,
    cohort: &Cohort,
    anchors: &[Anchor],
    seed: u64,
) -> Vec<Observation> {
    let anchors: HashMap<&Ags, &Anchor> = anchors.iter().map(|a| (&a.key, a)).collect();
    let mut out = Vec::new();
    for member in &cohort.municipalities {
        let traits = traits(seed, member);
        let context = context_series(seed, member, anchors.get(&member.key).copied());
        for indicator in &catalogue.indicators {
            if never_reports(seed, member, indicator) {
                continue;
            }
            let mut rng = rng_for(seed, &[member.key.as_str(), indicator.id.as_str()]);
            let values: Vec<(i32, f64)> = match indicator.kind {
                IndicatorKind::SelfCheck => self_check(&mut rng, member, &traits),
                IndicatorKind::Statistic => statistic(&mut rng, member, &traits, indicator),
                IndicatorKind::Context => context
                    .get(indicator.id.as_str())
                    .cloned()
                    .unwrap_or_default(),
            };
            for (year, value) in values {
                let Some(period) = Period::new(year) else {
                    continue;
                };
                let value = clamp(indicator, value);
                let observation = mark(&mut rng, member, indicator, period, value);
                // Marked first, so the random stream of every other value stays as it was.
                if indicator.kind == IndicatorKind::SelfCheck
                    && SELFCHECK_ROUND_YEARS.contains(&year)
                {
                    continue;
                }
                out.push(observation);
            }
        }
    }
    out
}

fn clamp(indicator: &Indicator, value: f64) -> f64 {
    let value = indicator.min.map_or(value, |min| value.max(min));
    indicator.max.map_or(value, |max| value.min(max))
}

fn self_check(rng: &mut ChaCha8Rng, member: &Municipality, traits: &Traits) -> Vec<(i32, f64)> {
    // Pilot members ran the self-check in 2018, everyone else from 2019 on.
    let pilot = member
        .memberships
        .iter()
        .any(|m| m.status == MembershipStatus::Pilot);
    let first = if pilot { 2018 } else { 2019 };
    let field_offset = normal(rng, 0.0, 0.7);
    let slope = normal(rng, 1.5, 1.0);
    let level = 50.0 + 12.0 * (traits.openness + field_offset);
    (first..=*DEMO_YEARS.end())
        .map(|year| {
            (
                year,
                round(
                    level + slope * f64::from(year - 2019) + normal(rng, 0.0, 1.5),
                    1,
                ),
            )
        })
        .collect()
}

fn statistic(
    rng: &mut ChaCha8Rng,
    member: &Municipality,
    traits: &Traits,
    indicator: &Indicator,
) -> Vec<(i32, f64)> {
    let s = shape(indicator);
    // Open members do better: move towards the good side by the member's openness.
    let toward_good = match indicator.polarity {
        Polarity::HigherIsBetter => 1.0,
        Polarity::LowerIsBetter => -1.0,
        Polarity::Neutral => 0.3,
    };
    let east = if member.state.is_east() { s.east } else { 0.0 };
    let level =
        s.mean + east + s.sd * (0.5 * toward_good * traits.openness + normal(rng, 0.0, 0.8));
    let drift = s.drift + normal(rng, 0.0, (s.drift.abs() * 0.3).max(s.sd * 0.02));
    let first = DEMO_YEARS.start() + traits.late_years;
    let election_only = indicator.id.as_str() == "beirat_wahlbeteiligung";
    if election_only && member.kind == MunicipalityKind::Landkreis {
        return Vec::new(); // districts elect no integration council
    }
    (first..=*DEMO_YEARS.end())
        .filter(|year| !election_only || *year == 2019 || *year == 2024)
        .map(|year| {
            let t = f64::from(year - 2018);
            let covid = if year == 2020 && indicator.id.as_str() == "arbeitslosenquote_auslaender" {
                1.5
            } else {
                0.0
            };
            let noise = normal(rng, 0.0, s.sd * 0.04);
            (year, round(level + drift * t + covid + noise, s.decimals))
        })
        .collect()
}

fn context_series(
    seed: u64,
    member: &Municipality,
    anchor: Option<&Anchor>,
) -> HashMap<&'static str, Vec<(i32, f64)>> {
    let mut rng = rng_for(seed, &[member.key.as_str(), "context"]);
    let (population, area, foreign) = match anchor {
        Some(a) => (a.population, a.area_km2, a.foreign_share),
        None => (
            rng.random_range(20_000.0..300_000.0),
            rng.random_range(50.0..1_000.0),
            rng.random_range(6.0..20.0),
        ),
    };
    let growth = normal(&mut rng, 0.002, 0.004);
    let foreign_drift = normal(&mut rng, 0.4, 0.15);
    let mut series: HashMap<&'static str, Vec<(i32, f64)>> = HashMap::new();
    let mut previous = population / (1.0 + growth);
    for year in DEMO_YEARS {
        // 2022: people fleeing Ukraine raised population and foreign share almost everywhere.
        let shock = if year == 2022 { 0.01 } else { 0.0 };
        let current = (previous * (1.0 + growth + shock + normal(&mut rng, 0.0, 0.001))).round();
        let t = f64::from(year - 2018);
        let share = foreign + foreign_drift * t + if year >= 2022 { 1.5 } else { 0.0 };
        series
            .entry("bevoelkerung")
            .or_default()
            .push((year, current));
        series
            .entry("bevoelkerungsdichte")
            .or_default()
            .push((year, round(current / area, 1)));
        series
            .entry("auslaenderanteil")
            .or_default()
            .push((year, round(share, 1)));
        series
            .entry("bevoelkerungsveraenderung")
            .or_default()
            .push((year, round((current / previous - 1.0) * 100.0, 2)));
        previous = current;
    }
    series
}

/// Turns a generated value into an observation with a realistic status.
fn mark(
    rng: &mut ChaCha8Rng,
    member: &Municipality,
    indicator: &Indicator,
    period: Period,
    value: f64,
) -> Observation {
    let roll: f64 = rng.random();
    let latest = period.year() == *DEMO_YEARS.end();
    let statistic = indicator.kind == IndicatorKind::Statistic;
    let (value, status, reason) = match indicator.kind {
        IndicatorKind::SelfCheck if roll < 0.02 => (None, Status::M, Some(MissingReason::Skipped)),
        _ if statistic && roll < 0.03 => (None, Status::M, Some(MissingReason::NotAvailable)),
        _ if statistic && roll < 0.04 => (None, Status::M, Some(MissingReason::Secret)),
        _ if statistic && roll < 0.07 => (Some(value), Status::E, None),
        _ if latest && indicator.kind != IndicatorKind::SelfCheck && roll < 0.45 => {
            (Some(value), Status::P, None)
        }
        _ => (Some(value), Status::A, None),
    };
    Observation {
        municipality: member.key.clone(),
        indicator: indicator.id.clone(),
        period,
        value,
        status,
        missing_reason: reason,
        note: None,
        source: Some(crate::SYNTHETIC_LABEL_DE.to_owned()),
    }
}

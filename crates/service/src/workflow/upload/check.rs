//! Checking an uploaded file against what is stored, at a cost that grows with the file, not
//! with the table (issue #17 point 1). The warnings need earlier values: the same and the
//! previous year of each value (jumps, a provisional value replacing a final one) and the
//! cohort's published spread of each indicator and year (outliers). So the file is read once
//! without them to learn what it covers (members, indicators, years), exactly that is read from
//! the store (the spreads as quartiles ranked by the database, `SpreadStore`), and the file is
//! read again with it. Reading every stored value instead made the
//! 28th file of a national load take 100 times as long as the first.
//!
//! A file with errors yields no observations to learn its coverage from; its report is made
//! with everything the uploader's member has stored (or, for an import of several members,
//! every current value), as before: a rejected file stores nothing, so this is rare and cheap
//! against a failed load.

use std::collections::{BTreeSet, HashMap};

use vergleich_domain::{Ags, Catalogue, Cohort, IndicatorId, Observation, Period};
use vergleich_ingest::{
    HistoryTable, IngestContext, Ingested, Limits, SourceMappings, Spread, StoredValue,
};
use vergleich_store::{ObservationQuery, Store, StoreError, Visibility};

use super::pipeline::UploadError;
use crate::work::CpuWork;

/// Members listed in one history query at most (more take several queries: reading every
/// member's values of the file's years instead grew with each file of a national load).
const MEMBERS_PER_QUERY: usize = 1_000;

/// A file to check.
pub(super) struct File {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    /// The uploader's member; `None` for an import of several members.
    pub member: Option<Ags>,
    pub skip_other_members: bool,
    pub mappings: Option<SourceMappings>,
}

/// What a file covers: its members, indicators and years.
struct Coverage {
    members: Vec<Ags>,
    indicators: Vec<IndicatorId>,
    first: i32,
    last: i32,
}

impl Coverage {
    fn of(observations: &[Observation]) -> Option<Self> {
        let members: BTreeSet<&Ags> = observations.iter().map(|o| &o.municipality).collect();
        let indicators: BTreeSet<&IndicatorId> =
            observations.iter().map(|o| &o.indicator).collect();
        let years = observations.iter().map(|o| o.period.year());
        Some(Self {
            first: years.clone().min()?,
            last: years.max()?,
            members: members.into_iter().cloned().collect(),
            indicators: indicators.into_iter().cloned().collect(),
        })
    }
}

/// Checks `file` against the catalogue, the cohort and the stored values it touches; returns
/// the result and the bytes (for storing).
pub(super) async fn check(
    store: &dyn Store,
    limits: &Limits,
    work: &CpuWork,
    file: File,
) -> Result<(Ingested, Vec<u8>), UploadError> {
    let catalogue = Catalogue {
        fields: store.fields().await?,
        indicators: store.indicators().await?,
    };
    let cohort = Cohort {
        municipalities: store.municipalities().await?,
    };
    let first = read(
        work,
        limits,
        &catalogue,
        &cohort,
        HistoryTable::default(),
        file,
    )
    .await?;
    let (ingested, file) = first;
    let history = match Coverage::of(&ingested.observations) {
        Some(coverage) => bounded_history(store, file.member.as_ref(), &coverage, &cohort).await?,
        None => whole_history(store, file.member.as_ref(), (&catalogue, &cohort)).await?,
    };
    let (ingested, file) = read(work, limits, &catalogue, &cohort, history, file).await?;
    Ok((ingested, file.bytes))
}

/// One reading of the file against `history`, off the async runtime (a panic becomes an error).
async fn read(
    work: &CpuWork,
    limits: &Limits,
    catalogue: &Catalogue,
    cohort: &Cohort,
    history: HistoryTable,
    file: File,
) -> Result<(Ingested, File), UploadError> {
    let (catalogue, cohort, limits) = (catalogue.clone(), cohort.clone(), limits.clone());
    work.run(move || {
        let year = chrono::Datelike::year(&chrono::Utc::now());
        let mut ctx = IngestContext::new(&catalogue, &cohort, year);
        ctx.principal = file.member.clone();
        ctx.skip_other_members = file.skip_other_members;
        ctx.history = &history;
        if let Some(mappings) = &file.mappings {
            ctx.mappings = mappings;
        }
        let ingested =
            vergleich_ingest::ingest(&file.bytes, file.file_name.as_deref(), &ctx, &limits);
        (ingested, file)
    })
    .await
    .map_err(|_| UploadError::ValidationPanicked)
}

/// The stored values the warnings of a file covering `coverage` look at: of its members (the
/// uploader's own at every stage, or every member's current values for an import), its
/// indicators, its years and the year before; and the published spreads of its indicators and
/// years (of [`spread_sample`]).
async fn bounded_history(
    store: &dyn Store,
    member: Option<&Ags>,
    coverage: &Coverage,
    cohort: &Cohort,
) -> Result<HistoryTable, StoreError> {
    let mut history = HistoryTable::default();
    let query = |members: Vec<Ags>| ObservationQuery {
        municipalities: members,
        indicators: coverage.indicators.clone(),
        from_year: Some(coverage.first - 1),
        to_year: Some(coverage.last),
        visibility: member.map_or(Visibility::Everything, |m| {
            Visibility::PublishedOrOwn(m.clone())
        }),
        ..Default::default()
    };
    let groups: Vec<Vec<Ags>> = match member {
        Some(m) => vec![vec![m.clone()]],
        None => coverage
            .members
            .chunks(MEMBERS_PER_QUERY)
            .map(<[Ags]>::to_vec)
            .collect(),
    };
    for members in groups {
        for o in store.observations(&query(members)).await? {
            remember(&mut history, &o.observation);
        }
    }
    history.spreads = published_spreads(
        store,
        &coverage.indicators,
        (coverage.first, coverage.last),
        cohort,
    )
    .await?;
    Ok(history)
}

/// The published spread of `indicators` in the years `first..=last`, ranked in the database
/// (only the values around each quartile are read), over [`spread_sample`] of `cohort`.
async fn published_spreads(
    store: &dyn Store,
    indicators: &[IndicatorId],
    years: (i32, i32),
    cohort: &Cohort,
) -> Result<HashMap<(IndicatorId, Period), Spread>, StoreError> {
    let sample = spread_sample(cohort);
    let sampled = (!sample.is_empty()).then_some((sample.len(), cohort.municipalities.len()));
    let quartiles = store
        .published_quartiles(indicators, years, &sample)
        .await?;
    Ok(quartiles
        .into_iter()
        .map(|q| {
            let spread = Spread {
                q1: q.q1,
                median: q.median,
                q3: q.q3,
                sample: sampled,
            };
            ((q.indicator, q.period), spread)
        })
        .collect())
}

/// Everything the member has stored (every current value for an import), and the published
/// spread of every indicator and year: for a file whose coverage is unknown (it has errors).
async fn whole_history(
    store: &dyn Store,
    member: Option<&Ags>,
    (catalogue, cohort): (&Catalogue, &Cohort),
) -> Result<HistoryTable, StoreError> {
    let own = ObservationQuery {
        municipalities: member.into_iter().cloned().collect(),
        visibility: member.map_or(Visibility::Everything, |m| {
            Visibility::PublishedOrOwn(m.clone())
        }),
        ..Default::default()
    };
    let mut history = HistoryTable::default();
    for o in store.observations(&own).await? {
        remember(&mut history, &o.observation);
    }
    // Ranked in the database like a bounded check's, instead of every published value read
    // into the application and sorted here (5.5 million at national scale).
    let indicators: Vec<IndicatorId> = catalogue.indicators.iter().map(|i| i.id.clone()).collect();
    history.spreads =
        published_spreads(store, &indicators, (Period::MIN, Period::MAX), cohort).await?;
    Ok(history)
}

fn remember(history: &mut HistoryTable, o: &Observation) {
    history.stored.insert(
        (o.municipality.clone(), o.indicator.clone(), o.period),
        StoredValue {
            value: o.value,
            status: o.status,
        },
    );
}

/// Members whose values give the published spread an outlier warning compares with: every
/// member up to this many, else an evenly spaced sample of about this many.
pub const SPREAD_SAMPLE: usize = 1_000;

/// The members the spread of an upload is taken over: none named (every member's values, the
/// exact quartiles) in a cohort of at most [`SPREAD_SAMPLE`], else every k-th member in key
/// order (keys begin with the state, so the sample covers every state in proportion), at most
/// `SPREAD_SAMPLE`. Ranking every published value of an indicator-year took each upload of a
/// national table longer than the one before (issue #17 point 1: up to 1.9 s of a 100,000-row
/// file at 11,000 members, growing with every file of the year); a sample of 1,000 is read
/// through the key's index, whatever else is stored, and estimates the quartiles to about 3 %
/// of the interquartile range (their standard error for an even spread), so only a value
/// within about a tenth of an IQR of the warning's 3 × IQR fence can be judged otherwise.
pub fn spread_sample(cohort: &Cohort) -> Vec<Ags> {
    let mut keys: Vec<&Ags> = cohort.municipalities.iter().map(|m| &m.key).collect();
    if keys.len() <= SPREAD_SAMPLE {
        return Vec::new();
    }
    keys.sort_unstable();
    keys.dedup();
    let step = keys.len().div_ceil(SPREAD_SAMPLE);
    keys.into_iter().step_by(step).cloned().collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use vergleich_domain::{Municipality, MunicipalityKind, State};

    use super::*;

    fn cohort(n: usize) -> Cohort {
        Cohort {
            municipalities: (0..n)
                .map(|i| Municipality {
                    key: Ags::parse(&format!("{:02}{:06}", i % 16 + 1, i / 16 + 1)).unwrap(),
                    name: format!("Gemeinde {i}"),
                    state: State::BY,
                    kind: MunicipalityKind::Gemeinde,
                    memberships: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_spread_is_exact_up_to_the_sample_size_and_sampled_one_past_it() {
        assert!(spread_sample(&cohort(SPREAD_SAMPLE)).is_empty());
        let sample = spread_sample(&cohort(SPREAD_SAMPLE + 1));
        assert!(!sample.is_empty() && sample.len() <= SPREAD_SAMPLE);
        let national = spread_sample(&cohort(11_000));
        assert!(national.len() <= SPREAD_SAMPLE && national.len() > SPREAD_SAMPLE * 9 / 10);
        // Every state is in it, in proportion (16 states, 11,000 members evenly).
        let share = national.len() / 16;
        for state in 1..=16 {
            let prefix = format!("{state:02}");
            let n = national
                .iter()
                .filter(|k| k.as_str().starts_with(&prefix))
                .count();
            assert!(
                n.abs_diff(share) <= share / 10,
                "state {state}: {n} of about {share}"
            );
        }
    }
}

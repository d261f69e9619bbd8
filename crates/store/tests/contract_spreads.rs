//! The store contract for the published quartiles (`SpreadStore`, issue #17 point 1): the same
//! numbers as sorting the current published values in the application
//! (`vergleich_domain::stats::quantile`), for even and odd counts and ties; a newer version
//! replaces its older one, a missing value shadows it, drafts and other years do not count.
//! SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use common::{obs, upload};
use vergleich_domain::{Ags, IndicatorId, UploadState, stats};
use vergleich_store::Store;
use vergleich_store::testing::shipped_seed;

async fn the_quartiles_are_those_of_the_current_published_values(store: &dyn Store) {
    let seed = shipped_seed(false);
    store.seed(&seed).await.unwrap();
    let members: Vec<String> = seed
        .cohort
        .municipalities
        .iter()
        .map(|m| m.key.as_str().to_owned())
        .collect();
    let ind = "kita_u3_mh";
    // 2021: every member, values with ties; 2022: all but one (an odd or even count).
    let value = |n: usize, year: i32| ((n * 7 + year as usize) % 11) as f64 * 1.5;
    let mut expected = Vec::new();
    for (year, take) in [(2021, members.len()), (2022, members.len() - 1)] {
        let mut values = Vec::new();
        for (n, m) in members.iter().take(take).enumerate() {
            store
                .append(
                    upload(m, UploadState::Published),
                    &[obs(m, ind, year, Some(value(n, year)))],
                )
                .await
                .unwrap();
            values.push(value(n, year));
        }
        expected.push((year, values));
    }
    // A correction replaces the first member's 2021 value; a draft and a missing value.
    let first = &members[0];
    store
        .append(
            upload(first, UploadState::Published),
            &[obs(first, ind, 2021, Some(99.0))],
        )
        .await
        .unwrap();
    expected[0].1[0] = 99.0;
    store
        .append(
            upload(&members[1], UploadState::Draft),
            &[obs(&members[1], ind, 2021, Some(-50.0))],
        )
        .await
        .unwrap();
    store
        .append(
            upload(&members[2], UploadState::Published),
            &[obs(&members[2], ind, 2022, None)],
        )
        .await
        .unwrap();
    expected[1].1.remove(2);
    let got = store
        .published_quartiles(&[IndicatorId::parse(ind).unwrap()], (2021, 2022), &[])
        .await
        .unwrap();
    assert_eq!(got.len(), 2, "{got:?}");
    for (q, (year, values)) in got.iter().zip(&expected) {
        assert_eq!(q.period.year(), *year);
        let want = |p| stats::quantile(values, p).unwrap();
        assert!(
            (q.q1 - want(0.25)).abs() < 1e-9,
            "{year} q1 {} vs {}",
            q.q1,
            want(0.25)
        );
        assert!((q.median - want(0.5)).abs() < 1e-9, "{year} median");
        assert!((q.q3 - want(0.75)).abs() < 1e-9, "{year} q3");
    }
    // Other years and indicators are not read.
    let none = store
        .published_quartiles(&[IndicatorId::parse(ind).unwrap()], (2019, 2020), &[])
        .await
        .unwrap();
    assert!(none.is_empty());
    // A sample of members: the quartiles of their values only (every third member here; the
    // first one's correction and the third one's missing 2022 value included).
    let sample: Vec<Ags> = members
        .iter()
        .step_by(3)
        .map(|m| Ags::parse(m).unwrap())
        .collect();
    let got = store
        .published_quartiles(&[IndicatorId::parse(ind).unwrap()], (2021, 2022), &sample)
        .await
        .unwrap();
    assert_eq!(got.len(), 2, "{got:?}");
    for (q, (year, values)) in got.iter().zip(&expected) {
        // The expected values of the sampled members: every third of the year's list, with
        // the missing one (2022, index 2) already taken out of it.
        let sampled: Vec<f64> = (0..members.len())
            .step_by(3)
            .filter_map(|n| {
                let i = if *year == 2022 && n > 2 { n - 1 } else { n };
                (!(*year == 2022 && n == 2)).then(|| values.get(i).copied())?
            })
            .collect();
        let want = |p| stats::quantile(&sampled, p).unwrap();
        assert!((q.q1 - want(0.25)).abs() < 1e-9, "{year} sampled q1");
        assert!((q.median - want(0.5)).abs() < 1e-9, "{year} sampled median");
        assert!((q.q3 - want(0.75)).abs() < 1e-9, "{year} sampled q3");
    }
}

contract!(the_quartiles_are_those_of_the_current_published_values);

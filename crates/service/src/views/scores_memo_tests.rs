#![allow(clippy::unwrap_used)]

use vergleich_analysis::score::{Component, MemberFieldScore, Score};
use vergleich_analysis::{GroupDefinition, GroupMember};
use vergleich_domain::{Ags, IndicatorId};

use super::*;

fn group(id: &str, n: usize) -> PeerGroup {
    PeerGroup {
        id: id.into(),
        label_de: "Test".into(),
        label_en: "test".into(),
        definition: GroupDefinition::WholeCohort,
        members: (1..=n)
            .map(|i| GroupMember {
                key: Ags::parse(&format!("0100{i:04}")).unwrap(),
                name: format!("M{i}"),
                reason_de: String::new(),
                reason_en: String::new(),
                distance: None,
                context: Vec::new(),
            })
            .collect(),
    }
}

/// Scores of `group` with `components` components per member: weight members × (1 + components).
fn scores(group: &PeerGroup, components: usize) -> FieldScores {
    FieldScores {
        field: FieldId::parse("arbeit").unwrap(),
        year: 2023,
        group: group.summary(),
        options: FieldScoreOptions::default(),
        scored: Vec::new(),
        not_scored: Vec::new(),
        reported: 0,
        members: group
            .members
            .iter()
            .map(|m| MemberFieldScore {
                key: m.key.clone(),
                name: m.name.clone(),
                score: Score::Insufficient,
                coverage: 0.0,
                components: (0..components)
                    .map(|_| Component {
                        indicator: IndicatorId::parse("quote").unwrap(),
                        year: 2023,
                        value: None,
                        status: None,
                        normalised: None,
                        weight: 1.0,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn field() -> FieldId {
    FieldId::parse("arbeit").unwrap()
}

#[test]
fn the_same_question_is_computed_once_and_another_one_again() {
    let memo = ScoresMemo::default();
    let options = FieldScoreOptions::default();
    let (g, other) = (group("cohort", 3), group("cohort", 4));
    let mut runs = 0;
    for _ in 0..3 {
        memo.get_or_compute((&field(), 2023, &g, &options), || {
            runs += 1;
            Ok(scores(&g, 2))
        })
        .unwrap();
    }
    assert_eq!(runs, 1);
    // Another year, other members under the same group id, other weights: each its own entry.
    let weighted = FieldScoreOptions {
        weights: [(IndicatorId::parse("quote").unwrap(), 2.0)].into(),
        ..FieldScoreOptions::default()
    };
    for (year, g, o) in [
        (2022, &g, &options),
        (2023, &other, &options),
        (2023, &g, &weighted),
    ] {
        memo.get_or_compute((&field(), year, g, o), || {
            runs += 1;
            Ok(scores(g, 2))
        })
        .unwrap();
    }
    assert_eq!(runs, 4);
    assert_eq!(memo.len(), 4);
    assert_eq!(memo.weight(), 3 * 3 + 3 * 3 + 4 * 3 + 3 * 3);
}

#[test]
fn the_weight_is_bounded_at_the_limit_and_the_least_recently_used_goes() {
    let memo = ScoresMemo::default();
    let options = FieldScoreOptions::default();
    // Half the budget each: members × (1 + components) = MAX_WEIGHT / 2.
    let g = group("cohort", 1_000);
    let components = MAX_WEIGHT / 2 / 1_000 - 1;
    let ask = |year: i32| {
        memo.get_or_compute((&field(), year, &g, &options), || {
            Ok(scores(&g, components))
        })
        .unwrap()
    };
    ask(2020);
    ask(2021);
    assert_eq!(
        memo.weight(),
        MAX_WEIGHT,
        "two halves fill the budget exactly"
    );
    assert_eq!(memo.len(), 2);
    ask(2020); // used again: 2021 is now the oldest
    ask(2022); // one past the budget: 2021 goes
    assert_eq!(memo.len(), 2);
    assert_eq!(memo.weight(), MAX_WEIGHT);
    let mut recomputed = false;
    memo.get_or_compute((&field(), 2020, &g, &options), || {
        recomputed = true;
        Ok(scores(&g, components))
    })
    .unwrap();
    assert!(!recomputed, "the recently used entry stayed");
}

#[test]
fn an_entry_larger_than_the_budget_is_answered_and_not_kept() {
    let memo = ScoresMemo::default();
    let options = FieldScoreOptions::default();
    let g = group("cohort", 1_000);
    // Exactly the budget is kept; one component more per member is not.
    let fits = MAX_WEIGHT / 1_000 - 1;
    memo.get_or_compute((&field(), 2023, &g, &options), || Ok(scores(&g, fits)))
        .unwrap();
    assert_eq!(memo.weight(), MAX_WEIGHT);
    let big = memo
        .get_or_compute((&field(), 2024, &g, &options), || Ok(scores(&g, fits + 1)))
        .unwrap();
    assert_eq!(big.members.len(), 1_000);
    assert_eq!(
        memo.len(),
        1,
        "the entry at the budget stayed, the larger one was not kept"
    );
}

#[test]
fn entries_are_bounded_in_number() {
    let memo = ScoresMemo::default();
    let options = FieldScoreOptions::default();
    let g = group("cohort", 1);
    for year in 0..(MAX_ENTRIES as i32 + 1) {
        memo.get_or_compute((&field(), year, &g, &options), || Ok(scores(&g, 0)))
            .unwrap();
    }
    assert_eq!(memo.len(), MAX_ENTRIES);
}

#[test]
fn an_error_is_not_kept() {
    let memo = ScoresMemo::default();
    let options = FieldScoreOptions::default();
    let g = group("cohort", 2);
    let failed = memo.get_or_compute((&field(), 2023, &g, &options), || {
        Err(crate::error::Error::missing(
            "data: no observations are visible",
        ))
    });
    assert!(failed.is_err());
    assert!(memo.is_empty());
}

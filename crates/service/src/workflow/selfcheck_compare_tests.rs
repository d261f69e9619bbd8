use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use vergleich_domain::Ags;
use vergleich_domain::selfcheck::{Answer, ItemId};
use vergleich_store::selfcheck::{PublishedAnswer, Round, RoundState};

use super::selfcheck_compare::{latest, published};

fn round(id: i64, label: &str, published_day: u32) -> Round {
    let at = Utc
        .with_ymd_and_hms(2026, 12, published_day, 12, 0, 0)
        .unwrap();
    Round {
        id,
        municipality: Ags::parse("07312000").unwrap(),
        label: label.into(),
        questionnaire: "v1".into(),
        state: RoundState::Published,
        created_by: "user:kl".into(),
        created_at: at,
        updated_at: at,
        published_at: Some(at),
    }
}

/// A round for 2019 published after the one for 2024 (a back-filled questionnaire) is the older
/// one: the comparisons keep using 2024, and the rounds come oldest year first.
#[test]
fn the_latest_round_is_the_latest_year_not_the_latest_publication() {
    let answers = vec![
        PublishedAnswer {
            round_id: 1,
            item: ItemId::parse("ste-01").unwrap(),
            answer: Answer::Level(3),
        },
        PublishedAnswer {
            round_id: 2,
            item: ItemId::parse("ste-01").unwrap(),
            answer: Answer::Level(0),
        },
    ];
    let rounds = published(
        vec![round(1, "2024", 1), round(2, "2019", 5)],
        &answers,
        &[],
        &[],
        &HashMap::new(),
    );
    assert_eq!(
        rounds
            .iter()
            .map(|r| r.round.label.as_str())
            .collect::<Vec<_>>(),
        ["2019", "2024"]
    );
    let last = latest(&rounds);
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].round.label, "2024");
    assert_eq!(last[0].medians[&ItemId::parse("ste-01").unwrap()], 3.0);
}

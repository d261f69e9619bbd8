use super::*;
use crate::FieldId;

const VERSIONS: &str = include_str!("../../../../datasets/selfcheck/questionnaires.csv");
const V1: &str = include_str!("../../../../datasets/selfcheck/v1/items.csv");
const V2: &str = include_str!("../../../../datasets/selfcheck/v2/items.csv");
const MAPPING: &str = include_str!("../../../../datasets/selfcheck/mapping-v1-v2.csv");

fn fields() -> Vec<FieldId> {
    [
        "steuerung",
        "oeffnung",
        "zugang",
        "arbeit",
        "engagement",
        "zusammenhalt",
        "kommunikation",
    ]
    .iter()
    .map(|f| FieldId::parse(f).unwrap())
    .collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn answers_are_read_as_people_write_them_and_nothing_else() {
    for (text, want) in [
        ("0", Answer::Level(0)),
        ("3", Answer::Level(3)),
        ("2,0", Answer::Level(2)),
        ("teilweise umgesetzt", Answer::Level(2)),
        ("Umgesetzt und verankert", Answer::Level(3)),
        ("planned", Answer::Level(1)),
        ("Weiß nicht", Answer::DontKnow),
        ("weiss nicht", Answer::DontKnow),
        ("don't know", Answer::DontKnow),
        ("dont_know", Answer::DontKnow),
        ("übersprungen", Answer::Skipped),
        ("skipped", Answer::Skipped),
    ] {
        assert_eq!(Answer::parse(text), Ok(want), "{text}");
    }
    // The scale's edge and one past it, and what is no answer at all.
    for text in ["4", "-1", "2.5", "", "vielleicht"] {
        assert!(Answer::parse(text).is_err(), "{text}");
    }
    assert!(
        Answer::parse("4")
            .unwrap_err()
            .message_de()
            .contains("weiß nicht")
    );
}

#[test]
fn an_item_gets_median_spread_and_consensus_from_the_levels_only() {
    use Answer::{DontKnow, Level, Skipped};
    // Levels 2, 3, 3 (type 7: Q1 2.5, median 3, Q3 3, IQR 0.5); the skip and the "weiß nicht"
    // are counted as such and never as 0.
    let r = item_result(&[Level(3), Level(3), Level(2), Skipped, DontKnow]);
    assert_eq!((r.raters, r.answered, r.skipped, r.dont_know), (5, 3, 1, 1));
    assert_eq!(r.counts, [0, 0, 1, 2]);
    assert!(close(r.median, 3.0) && close(r.iqr, 0.5));
    assert_eq!(r.consensus, Consensus::Agreed);
    // 0, 1, 3, 3: Q1 0.75, median 2, Q3 3, IQR 2.25 ≥ 1 step: uneinig.
    let r = item_result(&[Level(0), Level(1), Level(3), Level(3)]);
    assert!(close(r.median, 2.0) && close(r.iqr, 2.25));
    assert_eq!(r.consensus, Consensus::Disagreed);
    // Exactly one step apart at the quartiles (1, 1, 2, 2: Q1 1, Q3 2): uneinig at the limit.
    assert_eq!(
        item_result(&[Level(1), Level(1), Level(2), Level(2)]).consensus,
        Consensus::Disagreed
    );
    assert_eq!(item_result(&[Level(2)]).consensus, Consensus::Single);
    let none = item_result(&[Skipped, DontKnow]);
    assert_eq!((none.median, none.consensus), (None, Consensus::NoAnswer));
}

#[test]
fn a_field_score_counts_answered_items_only_and_needs_coverage() {
    // Weights 2 and 1 answered with 3 and 1.5 (100 and 50 points): (2·100 + 50) / 3 = 83.33;
    // two of four answered is 50 % coverage: below the default 60 % there is no number.
    let items = [(2.0, Some(3.0)), (1.0, Some(1.5)), (1.0, None), (1.0, None)];
    let s = field_score(&items, scoring::DEFAULT_COVERAGE);
    assert_eq!(s.score, None);
    assert!(s.insufficient() && close(Some(s.coverage), 0.5));
    let s = field_score(&items, 0.5);
    assert!(close(s.score, 250.0 / 3.0));
    // Coverage at the threshold (3 of 5 = 60 %) counts; one item fewer does not.
    let at = [
        (1.0, Some(3.0)),
        (1.0, Some(3.0)),
        (1.0, Some(0.0)),
        (1.0, None),
        (1.0, None),
    ];
    assert!(close(field_score(&at, 0.6).score, 200.0 / 3.0));
    let below = [
        (1.0, Some(3.0)),
        (1.0, Some(3.0)),
        (1.0, None),
        (1.0, None),
        (1.0, None),
    ];
    assert_eq!(field_score(&below, 0.6).score, None);
    // An unanswered (skipped) item lowers the coverage, never the score: 100, not 50.
    assert!(close(
        field_score(&[(1.0, Some(3.0)), (1.0, None)], 0.5).score,
        100.0
    ));
    let empty = field_score(&[], 0.6);
    assert!(empty.score.is_none() && !empty.insufficient());
}

#[test]
fn small_cells_are_not_disclosed() {
    assert!(!disclosable(0) && !disclosable(MIN_CELL - 1));
    assert!(disclosable(MIN_CELL) && disclosable(30));
}

#[test]
fn the_shipped_demo_questionnaires_load_with_their_mapping() {
    let versions = Questionnaire::versions(VERSIONS).unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|q| q.version.as_str())
            .collect::<Vec<_>>(),
        ["v1", "v2"]
    );
    assert!(
        versions
            .iter()
            .all(|q| q.title_de.contains("Demo-Fragebogen"))
    );
    let v1 = versions[0].clone().with_items(V1, &fields()).unwrap();
    let v2 = versions[1].clone().with_items(V2, &fields()).unwrap();
    assert!((80..=110).contains(&v1.items.len()), "{}", v1.items.len());
    for f in fields() {
        assert!(v1.items_of(&f).count() >= 10, "{f}");
    }
    let map = Comparability::from_csv(MAPPING, &v1, &v2).unwrap();
    // A reworded item that asks something else is not comparable; an unchanged one is.
    let ste03 = ItemId::parse("ste-03").unwrap();
    let ste01 = ItemId::parse("ste-01").unwrap();
    assert_eq!(map.newer_of(&ste03), None);
    assert_eq!(map.newer_of(&ste01), Some(&ste01));
    assert!(map.pairs.len() < v1.items.len());
}

#[test]
fn a_broken_items_file_names_every_problem_with_row_and_column() {
    let header = "id,field,subtopic,position,text_de,text_en,help_de,help_en,weight\n";
    let csv = format!(
        "{header}ste-01,steuerung,leitbild,1,A,A,h,h,1\n\
         ste-01,steuerung,leitbild,2,B,B,h,h,1\n\
         xyz-01,gesundheit,x,3,C,C,h,h,0\n\
         ste-02,steuerung,x,5,,D,h,h,1\n"
    );
    let q = Questionnaire::versions(VERSIONS).unwrap().remove(0);
    let err = q.with_items(&csv, &fields()).unwrap_err();
    let at: Vec<(Option<usize>, Option<&str>)> = err
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_deref()))
        .collect();
    for want in [
        (Some(3), Some("id")),
        (Some(4), Some("field")),
        (Some(4), Some("weight")),
        (Some(5), Some("text_de")),
        (Some(5), Some("position")),
    ] {
        assert!(at.contains(&want), "{want:?} missing in {at:?}");
    }
    assert!(ItemId::parse("Zug-1").is_err() && ItemId::parse("zug-01").is_ok());
}

use super::*;
use crate::{IndicatorKind, Level};

fn indicator(id: &str, polarity: Polarity) -> Indicator {
    Indicator {
        id: IndicatorId::parse(id).unwrap(),
        field: None,
        kind: IndicatorKind::Statistic,
        label_de: id.to_owned(),
        label_en: id.to_owned(),
        definition_de: String::new(),
        definition_en: String::new(),
        unit: "%".to_owned(),
        polarity,
        min: Some(0.0),
        max: Some(100.0),
        source: String::new(),
        level: Level::Kommune,
        definition_version: 1,
    }
}

fn target(id: &str, baseline_year: i32, baseline: f64, target_year: i32, value: f64) -> Target {
    Target {
        indicator: IndicatorId::parse(id).unwrap(),
        baseline_year,
        baseline,
        target_year,
        target: value,
        role: IndicatorRole::Controlling,
    }
}

#[test]
fn a_target_keeps_to_its_indicator() {
    let up = indicator("einbuergerungsquote", Polarity::HigherIsBetter);
    let down = indicator("sgb2_quote_auslaender", Polarity::LowerIsBetter);
    let neutral = indicator("antidiskriminierungsberatungen_je_10000", Polarity::Neutral);
    let ok = target("einbuergerungsquote", 2020, 1.5, 2026, 2.5);
    assert_eq!(ok.check(Some(&up)), Ok(()));
    assert_eq!(ok.direction(), Direction::Increase);
    assert_eq!(
        target("sgb2_quote_auslaender", 2020, 20.0, 2026, 15.0).check(Some(&down)),
        Ok(())
    );
    // Unknown, or the catalogue entry of another indicator.
    assert!(matches!(
        ok.check(None),
        Err(ConceptError::UnknownIndicator(_))
    ));
    assert!(matches!(
        ok.check(Some(&down)),
        Err(ConceptError::UnknownIndicator(_))
    ));
    let on_neutral = target(
        "antidiskriminierungsberatungen_je_10000",
        2020,
        1.0,
        2026,
        2.0,
    );
    assert!(matches!(
        on_neutral.check(Some(&neutral)),
        Err(ConceptError::NeutralIndicator(_))
    ));
    // The target year at the baseline year and one before it.
    for year in [2020, 2019] {
        let err = target("einbuergerungsquote", 2020, 1.5, year, 2.5).check(Some(&up));
        assert_eq!(
            err,
            Err(ConceptError::TargetYear {
                baseline: 2020,
                target: year
            })
        );
    }
    assert_eq!(
        target("einbuergerungsquote", 2020, 1.5, 2026, 1.5).check(Some(&up)),
        Err(ConceptError::NoChange)
    );
    assert!(matches!(
        target("einbuergerungsquote", 2020, 1.5, 2026, 101.0).check(Some(&up)),
        Err(ConceptError::OutOfRange { .. })
    ));
    // Raising a lower-is-better figure is no goal.
    assert!(matches!(
        target("sgb2_quote_auslaender", 2020, 15.0, 2026, 20.0).check(Some(&down)),
        Err(ConceptError::AgainstPolarity(_))
    ));
}

#[test]
fn statuses_are_a_closed_list_read_as_people_type_them() {
    assert_eq!(
        MeasureStatus::parse("In Umsetzung"),
        Ok(MeasureStatus::InUmsetzung)
    );
    assert_eq!(
        MeasureStatus::parse(" abgeschlossen "),
        Ok(MeasureStatus::Abgeschlossen)
    );
    assert_eq!(
        MeasureStatus::parse("in-planung"),
        Ok(MeasureStatus::InPlanung)
    );
    let err = MeasureStatus::parse("fertig").unwrap_err();
    assert!(
        err.message_de().contains("erlaubt sind"),
        "{}",
        err.message_de()
    );
    for s in MeasureStatus::ALL {
        assert_eq!(MeasureStatus::parse(s.as_str()), Ok(s));
        assert_eq!(MeasureStatus::parse(s.label_de()), Ok(s));
    }
}

#[test]
fn measure_progress_and_dates_are_checked_at_their_limits() {
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 3, d);
    assert_eq!(check_measure(Some(0.0), None, None), Ok(()));
    assert_eq!(check_measure(Some(100.0), day(1), day(1)), Ok(()));
    assert_eq!(
        check_measure(Some(100.5), None, None),
        Err(ConceptError::Progress(100.5))
    );
    assert_eq!(
        check_measure(Some(-0.5), None, None),
        Err(ConceptError::Progress(-0.5))
    );
    assert!(check_measure(Some(f64::NAN), None, None).is_err());
    assert!(matches!(
        check_measure(None, day(2), day(1)),
        Err(ConceptError::EndBeforeStart { .. })
    ));
}

#[test]
fn goals_nest_without_cycles() {
    // 1 ← 2 ← 3, and 4 on its own.
    assert_eq!(
        check_nesting(&[(1, None), (2, Some(1)), (3, Some(2)), (4, None)]),
        Ok(())
    );
    assert_eq!(
        check_nesting(&[(1, Some(3)), (2, Some(1)), (3, Some(2))]),
        Err(ConceptError::Cycle(vec![1, 3, 2]))
    );
    assert_eq!(
        check_nesting(&[(7, Some(7))]),
        Err(ConceptError::Cycle(vec![7]))
    );
    // A cycle below a goal outside it is found from its own goals.
    assert!(check_nesting(&[(1, Some(2)), (2, Some(3)), (3, Some(2))]).is_err());
}

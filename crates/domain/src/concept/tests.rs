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
        definition_version: None,
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

#[test]
fn a_concept_names_every_broken_rule_with_where() {
    let up = indicator("einbuergerungsquote", Polarity::HigherIsBetter);
    let goal = |id: i64, parent: Option<i64>, targets: Vec<Target>| Goal {
        id,
        parent,
        title: format!("Ziel {id}"),
        owner: None,
        deadline: None,
        targets,
    };
    let measure = |id: i64, goals: Vec<i64>, progress: Option<f64>| Measure {
        id,
        title: format!("Maßnahme {id}"),
        goals,
        status: MeasureStatus::Laufend,
        owner: None,
        start: None,
        end: None,
        budget: None,
        funding: None,
        budget_approved: None,
        progress,
        timeline: Vec::new(),
        updated_on: None,
        outputs: Vec::new(),
    };
    let field = crate::FieldId::parse("zugang").unwrap();
    let good = ConceptContent {
        themenfelder: vec![Themenfeld {
            key: "bildung-arbeit".into(),
            title: "Bildung und Arbeit".into(),
            fields: vec![field.clone()],
            ideal_de: "Alle Kinder lernen gemeinsam.".into(),
            ideal_en: None,
            goals: vec![
                goal(
                    1,
                    None,
                    vec![target("einbuergerungsquote", 2020, 1.5, 2026, 2.5)],
                ),
                goal(2, Some(1), Vec::new()),
            ],
        }],
        measures: vec![measure(10, vec![2], Some(40.0))],
    };
    assert!(good.problems(std::slice::from_ref(&up)).is_empty());

    let mut bad = good.clone();
    bad.themenfelder[0].fields.clear();
    bad.themenfelder[0].goals.push(goal(
        2,
        Some(9),
        vec![target("einbuergerungsquote", 2020, 1.5, 2019, 2.5)],
    ));
    // A measure linked to a goal of another version, with progress past 100.
    bad.measures.push(measure(11, vec![7], Some(120.0)));
    let problems: Vec<(String, ConceptError)> = bad
        .problems(std::slice::from_ref(&up))
        .into_iter()
        .map(|p| (p.at, p.error))
        .collect();
    assert!(problems.contains(&("Themenfeld bildung-arbeit".into(), ConceptError::NoField)));
    assert!(problems.contains(&("Ziel 2".into(), ConceptError::Duplicate("2".into()))));
    assert!(problems.contains(&("Ziel 2".into(), ConceptError::UnknownGoal(9))));
    assert!(
        problems
            .iter()
            .any(|(at, e)| at == "Ziel 2, Indikator einbuergerungsquote"
                && matches!(e, ConceptError::TargetYear { .. }))
    );
    assert!(problems.contains(&("Maßnahme 11".into(), ConceptError::UnknownGoal(7))));
    assert!(problems.contains(&("Maßnahme 11".into(), ConceptError::Progress(120.0))));
    // The document round-trips through JSON as the store keeps it.
    let json = serde_json::to_string(&good).unwrap();
    assert_eq!(serde_json::from_str::<ConceptContent>(&json).unwrap(), good);
}

#[test]
fn a_diff_names_what_was_added_dropped_and_changed() {
    use super::diff::{ChangeKind, DiffKind, DiffValue, diff};
    let goal = |id: i64, title: &str, targets: Vec<Target>| Goal {
        id,
        parent: None,
        title: title.into(),
        owner: None,
        deadline: None,
        targets,
    };
    let measure = |id: i64, status: MeasureStatus| Measure {
        id,
        title: format!("Maßnahme {id}"),
        goals: vec![1],
        status,
        owner: None,
        start: None,
        end: None,
        budget: None,
        funding: None,
        budget_approved: None,
        progress: None,
        timeline: Vec::new(),
        updated_on: None,
        outputs: Vec::new(),
    };
    let field = crate::FieldId::parse("zugang").unwrap();
    let old = ConceptContent {
        themenfelder: vec![Themenfeld {
            key: "sprache".into(),
            title: "Sprache".into(),
            fields: vec![field.clone()],
            ideal_de: "Alle verstehen einander.".into(),
            ideal_en: None,
            goals: vec![
                goal(
                    1,
                    "Mehr B1",
                    vec![target("sprachkurs_b1_quote", 2012, 50.0, 2020, 60.0)],
                ),
                goal(2, "Alt", Vec::new()),
            ],
        }],
        measures: vec![
            measure(10, MeasureStatus::InPlanung),
            measure(11, MeasureStatus::Laufend),
        ],
    };
    let mut new = old.clone();
    new.themenfelder[0].ideal_de = "Alle sprechen miteinander.".into();
    new.themenfelder[0].goals[0].targets[0].target = 65.0;
    new.themenfelder[0].goals.remove(1);
    new.themenfelder[0].goals.push(goal(3, "Neu", Vec::new()));
    new.measures[0].status = MeasureStatus::Laufend;
    let entries = diff(&old, &new);
    let summary: Vec<(DiffKind, &str, ChangeKind)> = entries
        .iter()
        .map(|e| (e.kind, e.id.as_str(), e.change))
        .collect();
    assert_eq!(
        summary,
        [
            (DiffKind::Themenfeld, "sprache", ChangeKind::Changed),
            (DiffKind::Goal, "1", ChangeKind::Changed),
            (DiffKind::Goal, "3", ChangeKind::Added),
            (DiffKind::Goal, "2", ChangeKind::Dropped),
            (DiffKind::Measure, "10", ChangeKind::Changed),
        ]
    );
    // The unchanged measure 11 is not listed; the changed target names its indicator.
    let target_change = &entries[1].details[0];
    assert_eq!(target_change.aspect, "target:sprachkurs_b1_quote");
    assert!(matches!(
        target_change.after,
        Some(DiffValue::Target { target, .. }) if target == 65.0
    ));
    assert_eq!(
        entries[4].details[0].before,
        Some(DiffValue::Status(MeasureStatus::InPlanung))
    );
    assert!(diff(&new, &new).is_empty());
}

#[test]
fn output_figures_need_a_label_and_figures_of_zero_or_more() {
    let mut c = ConceptContent {
        themenfelder: vec![Themenfeld {
            key: "sprache".into(),
            title: "Sprache".into(),
            fields: vec![crate::FieldId::parse("zugang").unwrap()],
            ideal_de: "Alle verstehen einander.".into(),
            ideal_en: None,
            goals: vec![Goal {
                id: 1,
                parent: None,
                title: "Mehr Kurse".into(),
                owner: None,
                deadline: None,
                targets: Vec::new(),
            }],
        }],
        measures: vec![Measure {
            id: 7,
            title: "Sprachcafé".into(),
            goals: vec![1],
            status: MeasureStatus::Laufend,
            owner: None,
            start: None,
            end: None,
            budget: None,
            funding: None,
            budget_approved: None,
            progress: None,
            timeline: Vec::new(),
            updated_on: None,
            outputs: vec![OutputFigure {
                label: "Teilnehmende".into(),
                planned: 150.0,
                achieved: Some(0.0),
            }],
        }],
    };
    assert!(c.problems(&[]).is_empty());
    for (label, planned, achieved) in [
        ("", 1.0, None),
        ("Kurse", -1.0, None),
        ("Kurse", 1.0, Some(-0.5)),
    ] {
        c.measures[0].outputs = vec![OutputFigure {
            label: label.into(),
            planned,
            achieved,
        }];
        let problems = c.problems(&[]);
        assert!(
            matches!(&problems[..], [p] if p.at == "Maßnahme 7" && matches!(p.error, ConceptError::Output(_))),
            "{problems:?}"
        );
    }
    // A label at its limit of 100 characters and one past it.
    c.measures[0].outputs[0] = OutputFigure {
        label: "x".repeat(100),
        planned: 1.0,
        achieved: None,
    };
    assert!(c.problems(&[]).is_empty());
    c.measures[0].outputs[0].label.push('x');
    assert_eq!(c.problems(&[]).len(), 1);
}

use super::workshop::*;
use super::{Answer, Consensus, MIN_CELL};
use crate::FieldId;

fn field(id: &str) -> FieldId {
    FieldId::parse(id).unwrap()
}

fn rating(p: Perspective, f: &str, a: Answer, comment: Option<&str>) -> Rating {
    Rating {
        perspective: p,
        field: field(f),
        answer: a,
        comment: comment.map(str::to_owned),
    }
}

#[test]
fn a_code_is_read_as_people_type_it_and_shown_with_a_dash() {
    let code = JoinCode::parse(" kx4p-7qma ").unwrap();
    assert_eq!(code.as_str(), "KX4P7QMA");
    assert_eq!(code.display(), "KX4P-7QMA");
    assert_eq!(JoinCode::parse("KX4P 7QMA").unwrap(), code);
    // The limit: exactly CODE_LEN characters, from the alphabet.
    assert!(JoinCode::parse("KX4P7QM").is_err());
    assert!(JoinCode::parse("KX4P7QMAB").is_err());
    let err = JoinCode::parse("KX4P7QM0").unwrap_err();
    assert!(err.contains("no 0, O, 1, I or L"), "{err}");
    assert!(JoinCode::parse("KX4P7QMÄ").is_err());
}

#[test]
fn random_codes_use_only_the_alphabet() {
    for b in 0..=255u8 {
        let code = JoinCode::from_random([b; CODE_LEN]);
        assert_eq!(JoinCode::parse(code.as_str()).unwrap(), code);
    }
}

#[test]
fn perspectives_parse_by_code_and_label() {
    assert_eq!(Perspective::parse("jugend"), Ok(Perspective::Jugend));
    assert_eq!(
        Perspective::parse("Civil society"),
        Ok(Perspective::Zivilgesellschaft)
    );
    assert!(
        Perspective::parse("presse")
            .unwrap_err()
            .contains("verwaltung")
    );
}

#[test]
fn comments_are_trimmed_and_limited_at_the_limit_and_one_past() {
    assert_eq!(comment("  "), Ok(None));
    assert_eq!(
        comment(" Begegnungsorte fehlen "),
        Ok(Some("Begegnungsorte fehlen".into()))
    );
    let at = "ä".repeat(MAX_COMMENT);
    assert_eq!(comment(&at).unwrap().unwrap().chars().count(), MAX_COMMENT);
    let past = "ä".repeat(MAX_COMMENT + 1);
    assert!(comment(&past).unwrap_err().contains("1001 characters"));
}

/// The hidden-aggregate rule: a cell with fewer than three answers shows no distribution and
/// no median, only its size and why; from three on it is shown.
#[test]
fn cells_under_three_ballots_are_hidden_and_from_three_shown() {
    assert_eq!(MIN_CELL, 3);
    let mut ratings = vec![
        rating(Perspective::Jugend, "zusammenhalt", Answer::Level(0), None),
        rating(
            Perspective::Jugend,
            "zusammenhalt",
            Answer::Level(1),
            Some("Es fehlen Begegnungsorte."),
        ),
        rating(
            Perspective::Verwaltung,
            "zusammenhalt",
            Answer::Level(2),
            None,
        ),
        rating(
            Perspective::Verwaltung,
            "zusammenhalt",
            Answer::Level(2),
            None,
        ),
        rating(
            Perspective::Verwaltung,
            "zusammenhalt",
            Answer::Level(3),
            None,
        ),
        // "weiß nicht" is a ballot but no answer: it does not make a cell of two disclosable.
        rating(Perspective::Politik, "zusammenhalt", Answer::Level(1), None),
        rating(Perspective::Politik, "zusammenhalt", Answer::Level(2), None),
        rating(Perspective::Politik, "zusammenhalt", Answer::DontKnow, None),
    ];
    let r = &results(&[field("zusammenhalt"), field("arbeit")], &ratings)[0];
    let jugend = &r.by_perspective[&Perspective::Jugend];
    assert_eq!(
        (jugend.n, jugend.result.is_none(), jugend.hidden),
        (2, true, Some(HIDDEN_DE))
    );
    assert_eq!(jugend.median_points(), None);
    let politik = &r.by_perspective[&Perspective::Politik];
    assert_eq!((politik.n, politik.result.is_none()), (3, true));
    let verwaltung = &r.by_perspective[&Perspective::Verwaltung];
    assert_eq!(verwaltung.result.as_ref().unwrap().median, Some(2.0));
    assert!(!r.by_perspective.contains_key(&Perspective::Wirtschaft));
    let all = r.all.result.as_ref().unwrap();
    assert_eq!(all.counts, [1, 2, 3, 1]);
    assert_eq!(all.dont_know, 1);
    // Levels 0,1,1,2,2,2,3: Q1 = 1, Q3 = 2, an IQR of one step.
    assert_eq!(all.consensus, Consensus::Disagreed);
    assert_eq!(r.comments, vec!["Es fehlen Begegnungsorte.".to_owned()]);

    // A third Jugend answer discloses the cell.
    ratings.push(rating(
        Perspective::Jugend,
        "zusammenhalt",
        Answer::Level(1),
        None,
    ));
    let r = &results(&[field("zusammenhalt")], &ratings)[0];
    let jugend = &r.by_perspective[&Perspective::Jugend];
    assert_eq!(jugend.result.as_ref().unwrap().median, Some(1.0));
    assert!((jugend.median_points().unwrap() - 100.0 / 3.0).abs() < 1e-9);
}

#[test]
fn a_field_without_ballots_is_an_empty_hidden_cell_never_zero() {
    let r = &results(&[field("arbeit")], &[])[0];
    assert_eq!(r.all.n, 0);
    assert!(r.all.result.is_none());
    assert!(r.by_perspective.is_empty());
}

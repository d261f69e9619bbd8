use super::practice::*;
use crate::{Catalogue, FieldId, IndicatorId};

fn catalogue() -> Catalogue {
    Catalogue::from_csv(
        include_str!("../../../../datasets/fields.csv"),
        include_str!("../../../../datasets/indicators.csv"),
    )
    .unwrap()
}

fn complete() -> PracticeContent {
    let mut p = PracticeContent::empty("Sprachmittlerpool", FieldId::parse("zugang").unwrap());
    p.period_from = Some(2021);
    p.ausgangslage = "Viele Gespräche scheiterten an der Sprache.".into();
    p.ziele = "Jedes Amt bekommt binnen zwei Tagen eine Sprachmittlung.".into();
    p.vorgehen = "Pool mit Migrantenorganisationen aufgebaut.".into();
    p.ergebnisse = "640 Einsätze im Jahr.".into();
    p
}

fn field_of(p: &PracticeContent) -> String {
    p.check(&catalogue()).unwrap_err().field
}

#[test]
fn a_complete_practice_passes_both_checks() {
    let p = complete();
    p.check(&catalogue()).unwrap();
    p.check_complete().unwrap();
}

#[test]
fn a_draft_may_be_incomplete_but_not_handed_in() {
    let p = PracticeContent::empty("Idee", FieldId::parse("arbeit").unwrap());
    p.check(&catalogue()).unwrap();
    assert_eq!(p.check_complete().unwrap_err().field, "period_from");
    let mut p = complete();
    p.ergebnisse = "  ".into();
    assert_eq!(p.check_complete().unwrap_err().field, "ergebnisse");
}

#[test]
fn lengths_are_checked_at_the_limit_and_one_past_it() {
    let mut p = complete();
    p.title = "T".repeat(MAX_TITLE);
    p.check(&catalogue()).unwrap();
    p.title.push('ä');
    assert_eq!(field_of(&p), "title");
    let mut p = complete();
    p.vorgehen = "ü".repeat(MAX_TEXT);
    p.check(&catalogue()).unwrap();
    p.vorgehen.push('x');
    let e = p.check(&catalogue()).unwrap_err();
    assert_eq!(e.field, "vorgehen");
    assert!(e.de.contains("4001 Zeichen"), "{}", e.de);
    let mut p = complete();
    p.contact = Some("a".repeat(MAX_CONTACT + 1));
    assert_eq!(field_of(&p), "contact");
}

#[test]
fn fields_must_be_known_and_not_repeated() {
    let mut p = complete();
    p.fields.clear();
    assert_eq!(field_of(&p), "fields");
    p.fields = vec![
        FieldId::parse("zugang").unwrap(),
        FieldId::parse("mond").unwrap(),
    ];
    assert_eq!(field_of(&p), "fields[1]");
    p.fields = vec![
        FieldId::parse("zugang").unwrap(),
        FieldId::parse("zugang").unwrap(),
    ];
    assert_eq!(field_of(&p), "fields[1]");
}

#[test]
fn indicators_links_and_periods_are_checked() {
    let mut p = complete();
    p.indicators = vec![IndicatorId::parse("gibt_es_nicht").unwrap()];
    assert_eq!(field_of(&p), "indicators[0]");
    let mut p = complete();
    p.indicators = (0..=MAX_INDICATORS)
        .map(|_| IndicatorId::parse("einbuergerungsquote").unwrap())
        .collect();
    assert_eq!(field_of(&p), "indicators");
    let mut p = complete();
    p.links = vec![
        Link {
            label: "Bericht".into(),
            url: "https://example.org/bericht.pdf".into(),
        },
        Link {
            label: "Skript".into(),
            url: "javascript:alert(1)".into(),
        },
    ];
    assert_eq!(field_of(&p), "links[1].url");
    let mut p = complete();
    p.period_to = Some(2020);
    assert_eq!(field_of(&p), "period_to");
    p.period_to = Some(2021);
    p.check(&catalogue()).unwrap();
    p.period_from = Some(1989);
    assert_eq!(field_of(&p), "period_from");
}

#[test]
fn the_period_reads_as_people_write_it() {
    let mut p = complete();
    assert_eq!(p.period(false), "seit 2021");
    assert_eq!(p.period(true), "since 2021");
    p.period_to = Some(2024);
    assert_eq!(p.period(false), "2021–2024");
}

#[test]
fn fields_and_links_are_counted_at_the_limit_and_one_past_it() {
    let c = catalogue();
    let mut p = complete();
    p.fields = c
        .fields
        .iter()
        .take(MAX_FIELDS)
        .map(|f| f.id.clone())
        .collect();
    assert_eq!(p.fields.len(), MAX_FIELDS);
    p.check(&c).unwrap();
    p.fields.push(FieldId::parse("zusatz").unwrap());
    assert_eq!(field_of(&p), "fields");
    let link = |i: usize| Link {
        label: format!("Bericht {i}"),
        url: format!("https://example.org/{i}"),
    };
    let mut p = complete();
    p.links = (0..MAX_LINKS).map(link).collect();
    p.check(&c).unwrap();
    p.links.push(link(MAX_LINKS));
    assert_eq!(field_of(&p), "links");
}

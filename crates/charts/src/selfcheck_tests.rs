//! The Selbstcheck's charts: answer distribution, workshop by perspective, administration vs
//! workshop — header, both languages, German numbers, hidden and missing values drawn and
//! described as such, empty and inconsistent specs.

use crate::selfcheck_common::LEVEL_COLORS;
use crate::selfcheck_fixtures as fx;
use crate::selfcheck_gap::{ADMIN, WORKSHOP};
use crate::selfcheck_layout_tests::{check_layout, hex, rendered, texts};
use crate::spec::{Datum, Lang, SizePreset};
use crate::style::OKABE_ITO;
use crate::{ChartError, Result};

#[test]
fn every_selfcheck_chart_has_title_description_source_and_the_demo_badge() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        for (kind, out) in rendered(lang, SizePreset::Web)? {
            assert!(out.svg.contains("role=\"img\"><title>"), "{kind}");
            assert!(out.svg.contains(&format!(
                "<desc>{}</desc>",
                crate::canvas::escape_xml(&out.description)
            )));
            assert!(out.description.len() > 200, "{kind}: {}", out.description);
            let demo = lang.pick("Beispieldaten (synthetisch)", "Sample data (synthetic)");
            assert!(out.svg.contains(demo), "{kind}");
            let source = lang.pick("Quelle: Selbstcheck", "Source: Selbstcheck");
            assert!(out.svg.contains(source), "{kind}");
        }
    }
    let mut spec = fx::likert(Lang::De);
    spec.header.demo_data = false;
    assert!(!spec.to_svg()?.svg.contains("Beispieldaten"));
    Ok(())
}

#[test]
fn likert_shares_count_only_answers_on_the_scale_in_the_language() -> Result<()> {
    let row = &fx::likert(Lang::De).rows[0]; // [1, 2, 6, 4], 1 weiß nicht
    assert_eq!(row.answered(), 13);
    let shares = row.shares().unwrap_or_default();
    assert!((shares[2] - 6.0 / 13.0 * 100.0).abs() < 1e-9);
    let de = fx::likert(Lang::De).to_svg()?;
    let words = texts(&de.svg);
    for word in [
        "46 %",
        "n = 13",
        "außerdem: 1 weiß nicht",
        "außerdem: 9 weiß nicht, 3 übersprungen",
        "keine Antwort auf der Skala",
        "0 nicht vorhanden",
        "3 umgesetzt und verankert",
        "14 Antwortende · 1 von 8 Zeilen ausgeblendet",
    ] {
        assert!(
            words.iter().any(|t| t.contains(word)),
            "no {word} in {words:?}"
        );
    }
    assert!(de.description.contains(
        "verankert: n = 13; nicht vorhanden 8 %, geplant 15 %, teilweise umgesetzt 46 %, umgesetzt und verankert 31 %; außerhalb der Skala 1 weiß nicht."
    ), "{}", de.description);
    assert!(de.description.contains("(hervorgehoben)"));
    let en = fx::likert(Lang::En).to_svg()?;
    let words = texts(&en.svg);
    for word in [
        "46%",
        "also: 1 don't know",
        "1 skipped",
        "2 partly implemented",
    ] {
        assert!(
            words.iter().any(|t| t.contains(word)),
            "no {word} in {words:?}"
        );
    }
    Ok(())
}

#[test]
fn a_hidden_likert_row_shows_its_reason_and_no_bar() -> Result<()> {
    let mut spec = fx::likert(Lang::De);
    spec.rows.retain(|r| r.hidden.is_some());
    assert_eq!(spec.rows.len(), 1);
    let out = spec.to_svg()?;
    assert!(out.svg.contains("ausgeblendet: weniger als 3 Antworten"));
    assert!(
        out.description
            .contains("an der Steuerung beteiligt: ausgeblendet: weniger als 3 Antworten."),
        "{}",
        out.description
    );
    // each level colour once: its legend swatch, no bar
    for color in LEVEL_COLORS {
        assert_eq!(out.svg.matches(&hex(color)).count(), 1, "{}", hex(color));
    }
    assert!(!out.svg.contains("n = "));
    let full = fx::likert(Lang::De).to_svg()?;
    assert!(
        LEVEL_COLORS
            .iter()
            .all(|c| full.svg.matches(&hex(*c)).count() > 1)
    );
    Ok(())
}

#[test]
fn workshop_hides_perspectives_over_too_few_ballots_and_says_why() -> Result<()> {
    let out = fx::workshop(Lang::De).to_svg()?;
    // "Jugend" (sky blue) is hidden everywhere: no marker in its colour, grey in the key
    assert!(!out.svg.contains(&hex(OKABE_ITO[2])));
    let words = texts(&out.svg).join(" ");
    for word in [
        "Jugend (ausgeblendet)",
        "Jugend in allen Feldern (weniger als 3 Stimmzettel)",
        "Wirtschaft in „Interkulturelle Öffnung und Antirassismus“",
        "Median 1,5",
        "Median 2,5",
        "uneinig",
        "einig",
        "n = 24",
        "26 Stimmzettel",
        "2 teilweise umgesetzt",
    ] {
        assert!(words.contains(word), "no {word} in {words}");
    }
    let d = &out.description;
    assert!(d.contains("Management und Steuerung: Median 2, mittlere 50 % von 1 bis 2, n = 24, uneinig; Verwaltung 2,5"), "{d}");
    assert!(d.contains("Jugend ausgeblendet (weniger als 3 Stimmzettel)"));
    assert!(d.contains("Arbeit und wirtschaftliche Entwicklung: Median 1, mittlere 50 % von 1 bis 1,75, n = 22, einig"));
    assert!(d.contains("Andere ohne Stimmen"));
    let en = fx::workshop(Lang::En).to_svg()?;
    let words = texts(&en.svg).join(" ");
    for word in ["Youth (hidden)", "Median 1.5", "disagreed", "26 ballots"] {
        assert!(words.contains(word), "no {word} in {words}");
    }
    Ok(())
}

#[test]
fn a_hidden_workshop_field_shows_its_reason_and_no_ratings() -> Result<()> {
    let mut spec = fx::workshop(Lang::De);
    spec.rows.truncate(1);
    spec.rows[0].hidden = Some("ausgeblendet: weniger als 3 Stimmzettel".into());
    let out = spec.to_svg()?;
    assert!(out.svg.contains("ausgeblendet: weniger als 3 Stimmzettel"));
    let words = texts(&out.svg);
    assert!(
        !words
            .iter()
            .any(|t| t.starts_with("Median 2") || t == "uneinig"),
        "{words:?}"
    );
    assert!(
        out.description
            .contains("Management und Steuerung: ausgeblendet: weniger als 3 Stimmzettel.")
    );
    // no perspective is drawn anywhere: every key symbol grey, none of their colours
    for k in [5, 6, 3, 7] {
        assert!(!out.svg.contains(&hex(OKABE_ITO[k])), "{k}");
    }
    check_layout("workshop", &out);
    Ok(())
}

#[test]
fn workshop_cells_must_match_the_perspectives_and_the_scale() {
    let mut spec = fx::workshop(Lang::De);
    spec.rows[2].cells.pop();
    assert!(
        matches!(spec.to_svg(), Err(ChartError::InvalidSpec { reason }) if reason.contains("Fairer Zugang"))
    );
    let mut spec = fx::workshop(Lang::De);
    spec.rows[0].median = Some(4.0);
    assert!(matches!(spec.to_svg(), Err(ChartError::InvalidSpec { .. })));
    let mut spec = fx::workshop(Lang::De);
    spec.rows[0].q1 = Some(2.5);
    assert!(matches!(spec.to_svg(), Err(ChartError::InvalidSpec { .. })));
}

#[test]
fn the_gap_is_labelled_in_points_with_a_real_minus_and_missing_values_say_so() -> Result<()> {
    let de = fx::selfcheck_gap(Lang::De).to_svg()?;
    let words = texts(&de.svg);
    for word in [
        "−16,7 Punkte",
        "+8,3 Punkte",
        "0,0 Punkte",
        "−8,3 Punkte",
        "100,0",
        "Verwaltung: Datenlage unzureichend",
        "Workshop: keine Daten",
        "5 von 7 Feldern mit beiden Werten",
        "Abstand",
    ] {
        assert!(
            words.iter().any(|t| t == word || t.contains(word)),
            "no {word} in {words:?}"
        );
    }
    assert!(!de.svg.contains("-16,7"));
    assert!(de.description.contains(
        "Engagement und Beteiligung: Verwaltung 100,0, Workshop 83,3 (Median 2,5), Abstand −16,7 Punkte."
    ), "{}", de.description);
    assert!(
        de.description.contains(
            "Kommunikation und Konfliktmanagement: Verwaltung 16,7, Workshop keine Daten."
        )
    );
    let en = fx::selfcheck_gap(Lang::En).to_svg()?;
    assert!(
        en.svg.contains("−16.7 points") && en.svg.contains("Administration: insufficient data")
    );
    Ok(())
}

#[test]
fn a_missing_value_gets_no_dot() -> Result<()> {
    let mut spec = fx::selfcheck_gap(Lang::De);
    spec.rows.truncate(1);
    spec.rows[0].administration = Datum::Missing;
    spec.rows[0].workshop_level = Datum::Missing;
    let out = spec.to_svg()?;
    // each colour once: its legend entry
    assert_eq!(out.svg.matches(&hex(ADMIN)).count(), 1);
    assert_eq!(out.svg.matches(&hex(WORKSHOP)).count(), 1);
    assert!(
        out.svg
            .contains("Verwaltung: keine Daten · Workshop: keine Daten")
    );
    spec.rows[0].administration = Datum::Value(40.0);
    let out = spec.to_svg()?;
    assert_eq!(out.svg.matches(&hex(ADMIN)).count(), 2);
    assert_eq!(out.svg.matches(&hex(WORKSHOP)).count(), 1);
    assert!(out.svg.contains("Workshop: keine Daten"));
    let mut bad = fx::selfcheck_gap(Lang::De);
    bad.rows[0].workshop_level = Datum::Value(4.0);
    assert!(matches!(bad.to_svg(), Err(ChartError::InvalidSpec { .. })));
    bad.rows[0].workshop_level = Datum::Value(2.0);
    bad.rows[0].administration = Datum::Value(120.0);
    assert!(matches!(bad.to_svg(), Err(ChartError::InvalidSpec { .. })));
    Ok(())
}

#[test]
fn empty_selfcheck_charts_say_there_is_nothing_to_show() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        let full = rendered(lang, SizePreset::Web)?;
        let mut likert = fx::likert(lang);
        likert.rows.clear();
        let mut workshop = fx::workshop(lang);
        workshop.rows.clear();
        let mut gap = fx::selfcheck_gap(lang);
        gap.rows.clear();
        let empty = [
            (likert.to_svg()?, lang.pick("Keine Antworten", "No answers")),
            (
                workshop.to_svg()?,
                lang.pick("Keine Workshop-Bewertungen", "No workshop ratings"),
            ),
            (
                gap.to_svg()?,
                lang.pick("Keine Handlungsfelder", "No fields"),
            ),
        ];
        for ((out, message), (kind, full)) in empty.iter().zip(&full) {
            assert!(
                out.svg.contains(message) && out.description.contains(message),
                "{kind}"
            );
            assert!(out.height < full.height, "{kind}");
            check_layout(kind, out);
        }
    }
    Ok(())
}

#[test]
fn a_workshop_row_from_counts_has_the_quartiles_of_its_ballots() {
    // 2 × 0, 3 × 1, 4 × 2, 1 × 3: type-7 quartiles of ten ballots
    let row = crate::WorkshopRow::from_counts("Feld", [2, 3, 4, 1], Vec::new());
    assert_eq!(row.n, 10);
    assert_eq!(
        (row.q1, row.median, row.q3),
        (Some(1.0), Some(1.5), Some(2.0))
    );
    let empty = crate::WorkshopRow::from_counts("Feld", [0; 4], Vec::new());
    assert_eq!((empty.n, empty.median), (0, None));
}

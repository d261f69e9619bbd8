//! The Integrationskonzept's charts: goal progress (bullet) and measures timeline (Gantt) —
//! header, both languages, missing data, empty specs, PNG size and the layout check of
//! `kinds_tests` at every size.

use crate::chart::ChartSpec;
use crate::fixtures;
use crate::kinds_tests::{check_layout, text_boxes};
use crate::spec::{Lang, PngScale, SizePreset};
use crate::style::{BEHIND, ON_TRACK, REACHED};
use crate::tests::decode_png_size;
use crate::{ChartError, Result};

/// A colour as plotters writes it into the SVG.
fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn texts(svg: &str) -> Vec<String> {
    text_boxes(svg).into_iter().map(|b| b.text).collect()
}

#[test]
fn both_kinds_have_title_description_source_and_the_demo_badge_when_asked() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        for mut spec in fixtures::concept(lang) {
            let out = spec.to_svg()?;
            assert!(out.svg.contains("role=\"img\"><title>"), "{}", spec.kind());
            assert!(out.svg.contains(&format!(
                "<desc>{}</desc>",
                crate::canvas::escape_xml(&out.description)
            )));
            assert!(out.description.len() > 100, "{}", out.description);
            let demo = lang.pick("Beispieldaten (synthetisch)", "Sample data (synthetic)");
            assert!(out.svg.contains(demo), "{}", spec.kind());
            let source = lang.pick("Quelle: Statistisches", "Source: Statistisches");
            assert!(out.svg.contains(source), "{}", spec.kind());
            spec.header_mut().demo_data = false;
            assert!(!spec.to_svg()?.svg.contains(demo), "{}", spec.kind());
        }
    }
    Ok(())
}

#[test]
fn goal_progress_speaks_german_and_english_with_numbers_in_the_language() -> Result<()> {
    let de = texts(&fixtures::goal_progress(Lang::De).to_svg()?.svg);
    for word in [
        "3 von 4 Zielwerten mit Stand",
        "Ausgangswert 2019: 14,8 %",
        "Ziel 2030: 10,0 %",
        "Stand 2023: 12,6 %",
        "im Plan",
        "im Rückstand",
        "erreicht",
        "Monitoring",
        "Controlling",
    ] {
        assert!(de.iter().any(|t| t.contains(word)), "no {word} in {de:?}");
    }
    let en = texts(&fixtures::goal_progress(Lang::En).to_svg()?.svg);
    for word in [
        "3 of 4 targets with a value",
        "Baseline 2019: 14.8%",
        "Target 2030: 10.0%",
        "Latest 2023: 12.6%",
        "on track",
        "behind",
        "reached",
    ] {
        assert!(en.iter().any(|t| t.contains(word)), "no {word} in {en:?}");
    }
    Ok(())
}

#[test]
fn a_falling_target_runs_left_to_right_from_the_larger_baseline_without_negatives() -> Result<()> {
    let out = fixtures::goal_progress(Lang::De).to_svg()?;
    let boxes = text_boxes(&out.svg);
    let x = |text: &str| boxes.iter().find(|b| b.text == text).map(|b| b.x0);
    let (base, target) = (x("Ausgangswert 2019: 14,8 %"), x("Ziel 2030: 10,0 %"));
    assert!(
        base.zip(target).is_some_and(|(b, t)| b < t),
        "{base:?} {target:?}"
    );
    assert!(!out.svg.contains("-4,8") && !out.svg.contains("−"));
    Ok(())
}

#[test]
fn values_past_the_target_or_behind_the_baseline_are_labelled_with_their_true_value() -> Result<()>
{
    let de = fixtures::goal_progress(Lang::De).to_svg()?;
    assert!(de.svg.contains("Stand 2024: 12,6 % – über das Ziel hinaus"));
    assert!(
        de.svg
            .contains("Stand 2023: 1,0 % – schlechter als der Ausgangswert")
    );
    let en = fixtures::goal_progress(Lang::En).to_svg()?;
    assert!(en.svg.contains("beyond the target") && en.svg.contains("worse than the baseline"));
    Ok(())
}

#[test]
fn a_target_without_data_has_no_bar_and_says_keine_daten() -> Result<()> {
    let mut spec = fixtures::goal_progress(Lang::De);
    spec.rows.retain(|r| r.actual.is_none());
    assert_eq!(spec.rows.len(), 1);
    let out = spec.to_svg()?;
    assert!(out.svg.contains("Stand: keine Daten"));
    assert!(out.svg.contains("0 von 1 Zielwerten mit Stand"));
    for state in [REACHED, ON_TRACK, BEHIND] {
        assert!(!out.svg.contains(&hex(state)), "a bar in {}", hex(state));
    }
    assert!(out.description.contains("Stand: keine Daten; keine Daten."));
    assert!(!out.description.contains("erwartet"));
    Ok(())
}

#[test]
fn the_state_colours_the_bar_and_an_unknown_label_falls_back_to_the_figures() -> Result<()> {
    let mut spec = fixtures::goal_progress(Lang::De);
    spec.rows.truncate(1); // fallen back behind its baseline: im Rückstand
    assert!(spec.to_svg()?.svg.contains(&hex(BEHIND)));
    spec.rows[0].state = "hinter Plan".into();
    let svg = spec.to_svg()?.svg;
    assert!(svg.contains(&hex(BEHIND)) && svg.contains("hinter Plan"));
    assert!(!svg.contains(&hex(REACHED)));
    Ok(())
}

#[test]
fn an_empty_goal_chart_says_so_and_grows_with_its_rows() -> Result<()> {
    let full = fixtures::goal_progress(Lang::De).to_svg()?;
    for (lang, message) in [
        (Lang::De, "Keine Ziele mit Zielwerten"),
        (Lang::En, "No goals with target values"),
    ] {
        let mut spec = fixtures::goal_progress(lang);
        spec.rows.clear();
        let out = spec.to_svg()?;
        assert!(out.svg.contains(message) && out.description.contains(message));
        assert!(out.height < full.height);
        check_layout(&ChartSpec::GoalProgress(spec))?;
    }
    let mut two = fixtures::goal_progress(Lang::De);
    two.rows.truncate(2);
    assert!(two.to_svg()?.height < full.height);
    Ok(())
}

#[test]
fn the_timeline_has_bars_legend_today_and_words_in_both_languages() -> Result<()> {
    let de = fixtures::measure_timeline(Lang::De).to_svg()?;
    let words = texts(&de.svg);
    for word in [
        "heute",
        "ohne Zeitraum",
        "offen",
        "40 %",
        "Beginn offen",
        "in Umsetzung",
        "verworfen",
        "7 von 8 Maßnahmen mit Zeitraum",
        "2021",
        "2027",
    ] {
        assert!(
            words.iter().any(|t| t.contains(word)),
            "no {word} in {words:?}"
        );
    }
    // the long title is cut on the chart and whole in the description
    assert!(
        words
            .iter()
            .any(|t| t.starts_with("Interkulturelle") && t.ends_with('…'))
    );
    assert!(
        de.description
            .contains("für alle Ämter und Eigenbetriebe: in Umsetzung")
    );
    assert!(de.description.contains("Heute: 15.05.2025"));
    let en = texts(&fixtures::measure_timeline(Lang::En).to_svg()?.svg);
    for word in ["today", "no dates", "open", "40%", "completed", "dropped"] {
        assert!(en.iter().any(|t| t.contains(word)), "no {word} in {en:?}");
    }
    Ok(())
}

#[test]
fn a_measure_ending_before_it_starts_is_rejected_and_no_measures_still_render() -> Result<()> {
    let mut spec = fixtures::measure_timeline(Lang::De);
    spec.bars[0].end = chrono::NaiveDate::from_ymd_opt(2020, 1, 1);
    assert!(
        matches!(spec.to_svg(), Err(ChartError::InvalidSpec { reason }) if reason.contains("Welcome"))
    );
    spec.bars.clear();
    let out = spec.to_svg()?;
    assert!(out.svg.contains("Keine Maßnahmen") && out.svg.contains("heute"));
    check_layout(&ChartSpec::MeasureTimeline(spec))?;
    Ok(())
}

#[test]
fn concept_pngs_decode_at_their_css_size() -> Result<()> {
    for spec in fixtures::concept(Lang::De) {
        let svg = spec.to_svg()?;
        for scale in [PngScale::X1, PngScale::X2] {
            let png = svg.to_png(scale)?;
            let f = scale.factor();
            assert_eq!(decode_png_size(&png.png), (svg.width * f, svg.height * f));
            assert_eq!((png.width, png.height), (svg.width * f, svg.height * f));
        }
    }
    Ok(())
}

#[test]
fn no_concept_text_is_cut_off_or_overlaps_at_any_size() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        for size in [SizePreset::Web, SizePreset::Print, SizePreset::Column] {
            for mut spec in fixtures::concept(lang) {
                spec.header_mut().size = size;
                assert_eq!(spec.to_svg()?.width, size.width());
                check_layout(&spec)?;
            }
        }
    }
    Ok(())
}

#[test]
fn concept_specs_round_trip_through_json_with_a_kind_tag() -> Result<()> {
    for spec in fixtures::concept(Lang::En) {
        let json = serde_json::to_string(&spec).map_err(|e| ChartError::invalid(e.to_string()))?;
        assert!(json.starts_with(&format!("{{\"kind\":\"{}\"", spec.kind())));
        let back: ChartSpec =
            serde_json::from_str(&json).map_err(|e| ChartError::invalid(e.to_string()))?;
        assert_eq!(back, spec);
    }
    Ok(())
}

#[test]
fn many_measures_over_decades_and_many_targets_still_fit() -> Result<()> {
    let mut timeline = fixtures::measure_timeline(Lang::De);
    let template = timeline.bars.clone();
    timeline.bars = (0..30)
        .map(|i| {
            let mut bar = template[i % template.len()].clone();
            let year = 2010 + i as i32;
            bar.start = bar
                .start
                .and_then(|_| chrono::NaiveDate::from_ymd_opt(year, 3, 1));
            bar.end = bar
                .end
                .and_then(|_| chrono::NaiveDate::from_ymd_opt(year + 3, 6, 30));
            bar
        })
        .collect();
    let mut goals = fixtures::goal_progress(Lang::En);
    goals.rows = (0..12).map(|i| goals.rows[i % 4].clone()).collect();
    let short = fixtures::measure_timeline(Lang::De).to_svg()?.height;
    for size in [SizePreset::Column, SizePreset::Web] {
        for mut spec in [
            ChartSpec::MeasureTimeline(timeline.clone()),
            ChartSpec::GoalProgress(goals.clone()),
        ] {
            spec.header_mut().size = size;
            check_layout(&spec)?;
        }
    }
    assert!(timeline.to_svg()?.height > short + 20 * 24);
    Ok(())
}

#[test]
#[ignore = "writes SVGs and PNGs for a person to look at: VERGLEICH_CHART_DIR=/tmp/charts"]
fn write_concept_examples_for_a_person_to_look_at() -> Result<()> {
    let dir = std::env::var("VERGLEICH_CHART_DIR").unwrap_or_else(|_| "/tmp/charts".into());
    let _ = std::fs::create_dir_all(&dir);
    for (lang, suffix) in [(Lang::De, ""), (Lang::En, "-en")] {
        for spec in fixtures::concept(lang) {
            let name = format!("{dir}/chart-{}{suffix}", spec.kind().replace('_', "-"));
            for (size, tail) in [
                (SizePreset::Web, ""),
                (SizePreset::Column, "-column"),
                (SizePreset::Print, "-print"),
            ] {
                let mut spec = spec.clone();
                spec.header_mut().size = size;
                let svg = spec.to_svg()?;
                let _ = std::fs::write(format!("{name}{tail}.svg"), &svg.svg);
                let _ = std::fs::write(format!("{name}{tail}.png"), svg.to_png(PngScale::X1)?.png);
            }
        }
    }
    Ok(())
}

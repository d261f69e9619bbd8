//! Tests over every chart kind: SVG content, PNG size, long names, umlauts, and a geometric
//! check that no text runs off the canvas or over another text.

use crate::chart::ChartSpec;
use crate::fixtures::{self, names};
use crate::font::text_width;
use crate::spec::{Lang, PngScale};
use crate::tests::decode_png_size;
use crate::{Datum, RankingItem, Result};

/// A text element of the SVG: its box and content.
pub(crate) struct TextBox {
    pub x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    pub text: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every `<text>` of an SVG from plotters, with its box measured by the bundled font.
pub(crate) fn text_boxes(svg: &str) -> Vec<TextBox> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text ") {
        let after = &rest[i..];
        let (Some(gt), Some(close)) = (after.find('>'), after.find("</text>")) else {
            break;
        };
        let tag = &after[..gt];
        let text = unescape(after[gt + 1..close].trim());
        let num = |n: &str| {
            attr(tag, n)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let bold = attr(tag, "font-weight").is_some();
        // plotters' measure is ~6 % wide on purpose; take the real width back for overlap tests
        let w = text_width(&text, size, bold) / 1.065;
        let x0 = match attr(tag, "text-anchor").as_deref() {
            Some("end") => x - w,
            Some("middle") => x - w / 2.0,
            _ => x,
        };
        let h = size * 0.8;
        out.push(TextBox {
            x0,
            y0: y - h / 2.0,
            x1: x0 + w,
            y1: y + h / 2.0,
            text,
        });
        rest = &after[close..];
    }
    out
}

pub(crate) fn check_layout(spec: &ChartSpec) -> Result<()> {
    let out = spec.to_svg()?;
    let boxes = text_boxes(&out.svg);
    assert!(!boxes.is_empty());
    for b in &boxes {
        assert!(
            b.x0 >= 0.0
                && b.x1 <= f64::from(out.width)
                && b.y0 >= 0.0
                && b.y1 <= f64::from(out.height),
            "{}: '{}' is cut off ({:.0}..{:.0} of {})",
            spec.kind(),
            b.text,
            b.x0,
            b.x1,
            out.width
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap =
                a.x0 < b.x1 - 1.0 && b.x0 < a.x1 - 1.0 && a.y0 < b.y1 - 1.0 && b.y0 < a.y1 - 1.0;
            assert!(
                !overlap,
                "{}: '{}' overlaps '{}'",
                spec.kind(),
                a.text,
                b.text
            );
        }
    }
    Ok(())
}

#[test]
fn every_kind_renders_svg_with_title_description_and_demo_label() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        for spec in fixtures::all(lang, 21) {
            let out = spec.to_svg()?;
            assert!(out.svg.starts_with("<svg"), "{}", spec.kind());
            assert!(out.svg.contains("role=\"img\"><title>"), "{}", spec.kind());
            assert!(out.svg.contains(&format!(
                "<desc>{}</desc>",
                crate::canvas::escape_xml(&out.description)
            )));
            assert!(
                out.description.len() > 60,
                "{}: {}",
                spec.kind(),
                out.description
            );
            let (demo, with) = match lang {
                Lang::De => ("Beispieldaten (synthetisch)", "von 21 mit Daten"),
                Lang::En => ("Sample data (synthetic)", "of 21 with data"),
            };
            assert!(out.svg.contains(demo), "{}", spec.kind());
            assert!(out.svg.contains(with), "{}", spec.kind());
            assert!(
                out.svg.contains("Quelle: Statistisches Bundesamt")
                    || out.svg.contains("Source: Statistisches Bundesamt")
            );
        }
    }
    Ok(())
}

#[test]
fn every_kind_renders_png_at_one_and_two_times_its_css_size() -> Result<()> {
    for spec in fixtures::all(Lang::De, 21) {
        let svg = spec.to_svg()?;
        for scale in [PngScale::X1, PngScale::X2] {
            let png = svg.to_png(scale)?;
            assert!(png.png.starts_with(b"\x89PNG\r\n\x1a\n"));
            let f = scale.factor();
            assert_eq!(
                decode_png_size(&png.png),
                (svg.width * f, svg.height * f),
                "{}",
                spec.kind()
            );
        }
    }
    Ok(())
}

#[test]
fn every_member_name_appears_in_each_member_chart_with_21_and_35() -> Result<()> {
    for n in [21, 35] {
        for spec in fixtures::all(Lang::De, n) {
            if matches!(spec, ChartSpec::Radar(_) | ChartSpec::TimeSeries(_)) {
                continue;
            }
            let texts: Vec<String> = text_boxes(&spec.to_svg()?.svg)
                .into_iter()
                .map(|b| b.text)
                .collect();
            for name in names(n) {
                assert!(
                    texts
                        .iter()
                        .any(|t| t == name || t.ends_with(&format!(" {name}")) || t.contains(name)),
                    "{}: {name}",
                    spec.kind()
                );
            }
        }
    }
    Ok(())
}

#[test]
fn no_text_is_cut_off_or_overlaps_another_with_21_and_35_members() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        for n in [21, 35] {
            for spec in fixtures::all(lang, n) {
                check_layout(&spec)?;
            }
        }
    }
    Ok(())
}

#[test]
fn print_size_is_wider_and_still_fits() -> Result<()> {
    for mut spec in fixtures::all(Lang::De, 35) {
        let web = spec.to_svg()?.width;
        spec.header_mut().size = crate::SizePreset::Print;
        assert_eq!((web, spec.to_svg()?.width), (800, 1123));
        check_layout(&spec)?;
    }
    Ok(())
}

#[test]
fn heat_map_heads_name_the_fields_where_labels_fit_in_both_languages() -> Result<()> {
    for (lang, full, short) in [
        (Lang::De, fixtures::FIELDS_DE, fixtures::SHORT_DE),
        (Lang::En, fixtures::FIELDS_EN, fixtures::SHORT_EN),
    ] {
        let svg = ChartSpec::Heatmap(fixtures::heatmap(lang, 21))
            .to_svg()?
            .svg;
        // heads wrap over lines, and a key below the chart names short heads:
        // `Steuerung = Management und Steuerung`
        let mut text = String::new();
        let mut in_tag = false;
        for c in svg.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let svg = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let keyed = svg.contains(&format!("{} = {}", short[0], full[0]));
        for (long, short) in full.iter().zip(short) {
            let shown = if keyed {
                format!("{short} = {long}")
            } else {
                (*long).to_owned()
            };
            assert!(svg.contains(&shown), "{lang:?}: no head {shown}");
        }
        assert!(!svg.contains("(1) ="), "{lang:?}: numbered heads");
    }
    Ok(())
}

#[test]
fn column_size_is_narrower_and_still_fits_in_both_languages() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        for members in [3, 21, 35] {
            for mut spec in fixtures::all(lang, members) {
                spec.header_mut().size = crate::SizePreset::Column;
                assert_eq!(spec.to_svg()?.width, 560, "{}", spec.kind());
                check_layout(&spec)?;
            }
        }
    }
    Ok(())
}

#[test]
fn missing_and_insufficient_data_are_shown_as_such() -> Result<()> {
    let heat = ChartSpec::Heatmap(fixtures::heatmap(Lang::De, 21)).to_svg()?;
    assert!(heat.svg.contains("keine Daten") && heat.svg.contains("Datenlage unzureichend"));
    assert!(heat.description.contains("Zellen ohne Daten: "));
    let radar = ChartSpec::Radar(fixtures::radar(Lang::De)).to_svg()?;
    assert!(radar.svg.contains("Datenlage unzureichend"));
    assert!(
        radar
            .description
            .contains("Fairer Zugang und Teilhabe Datenlage unzureichend")
    );
    let ts = ChartSpec::TimeSeries(fixtures::time_series(Lang::En)).to_svg()?;
    assert!(
        ts.description.contains("2018 no data"),
        "{}",
        ts.description
    );
    assert!(ts.description.contains("(provisional)"));
    let dots = ChartSpec::DotPlot(fixtures::dot_plot(Lang::De, 21)).to_svg()?;
    assert!(dots.svg.contains("keine Daten"));
    assert!(
        dots.description
            .contains("Keine Daten: Konstanz und Wittenberge")
    );
    let scatter = ChartSpec::Scatter(fixtures::scatter(Lang::En, 21)).to_svg()?;
    assert!(scatter.svg.contains("No data: Konstanz and Wittenberge"));
    Ok(())
}

#[test]
fn tuebingen_and_wuerzburg_render_in_svg_and_png() -> Result<()> {
    let mut spec = fixtures::ranking(Lang::De, 3);
    spec.items = vec![
        RankingItem {
            name: "Tübingen".into(),
            value: Datum::Value(12.5),
            selected: true,
        },
        RankingItem {
            name: "Würzburg".into(),
            value: Datum::Value(8.25),
            selected: false,
        },
    ];
    let svg = spec.to_svg()?;
    assert!(svg.svg.contains(">\nTübingen\n<") || svg.svg.contains("Tübingen"));
    assert!(svg.svg.contains("Würzburg"));
    assert!(svg.svg.contains("12,5") && svg.svg.contains("8,3"));
    let png = svg.to_png(PngScale::X2)?;
    assert_eq!(decode_png_size(&png.png), (1600, svg.height * 2));
    // text is near-black and nothing else is: without the bundled font in resvg's database
    // the PNG would have bars but no dark pixels
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png.png)
        .map_err(|e| crate::ChartError::invalid(e.to_string()))?;
    let dark = pixmap
        .pixels()
        .iter()
        .filter(|p| p.red() < 80 && p.green() < 80 && p.blue() < 80)
        .count();
    assert!(dark > 2000, "only {dark} dark pixels: text did not render");
    Ok(())
}

#[test]
fn specs_round_trip_through_json_with_a_kind_tag() -> Result<()> {
    for spec in fixtures::all(Lang::De, 21) {
        let json =
            serde_json::to_string(&spec).map_err(|e| crate::ChartError::invalid(e.to_string()))?;
        assert!(json.starts_with(&format!("{{\"kind\":\"{}\"", spec.kind())));
        let back: ChartSpec =
            serde_json::from_str(&json).map_err(|e| crate::ChartError::invalid(e.to_string()))?;
        assert_eq!(back, spec);
    }
    Ok(())
}

#[test]
fn charts_without_any_value_still_render_and_say_zero_with_data() -> Result<()> {
    let mut ranking = fixtures::ranking(Lang::De, 21);
    ranking
        .items
        .iter_mut()
        .for_each(|i| i.value = Datum::Missing);
    ranking.median = None;
    let out = ranking.to_svg()?;
    assert!(out.svg.contains("0 von 21 mit Daten"));
    assert_eq!(out.svg.matches("keine Daten").count(), 21);
    let mut scatter = fixtures::scatter(Lang::En, 21);
    scatter.points.clear();
    assert!(scatter.to_svg()?.svg.contains("0 of 21 with data"));
    Ok(())
}

#[test]
fn inconsistent_specs_are_rejected_with_a_reason() {
    let mut heat = fixtures::heatmap(Lang::De, 21);
    heat.rows[2].cells.pop();
    assert!(
        matches!(heat.to_svg(), Err(crate::ChartError::InvalidSpec { reason }) if reason.contains("Rostock"))
    );
    let mut radar = fixtures::radar(Lang::De);
    radar.axes.truncate(2);
    assert!(matches!(
        radar.to_svg(),
        Err(crate::ChartError::InvalidSpec { .. })
    ));
}

#[test]
#[ignore = "writes SVGs and PNGs for a person to look at: VERGLEICH_CHART_DIR=/tmp/charts"]
fn write_examples_for_a_person_to_look_at() -> Result<()> {
    let dir = std::env::var("VERGLEICH_CHART_DIR").unwrap_or_else(|_| "/tmp/charts".into());
    let _ = std::fs::create_dir_all(&dir);
    for (lang, n, suffix) in [
        (Lang::De, 21, ""),
        (Lang::En, 21, "-en"),
        (Lang::En, 35, "-35-en"),
    ] {
        for spec in fixtures::all(lang, n) {
            let svg = spec.to_svg()?;
            let name = format!("{dir}/chart-{}{suffix}", spec.kind().replace('_', "-"));
            let _ = std::fs::write(format!("{name}.svg"), &svg.svg);
            let _ = std::fs::write(format!("{name}.png"), svg.to_png(PngScale::X1)?.png);
            let mut column = spec.clone();
            column.header_mut().size = crate::SizePreset::Column;
            let png = column.to_svg()?.to_png(PngScale::X1)?.png;
            let _ = std::fs::write(format!("{name}-column.png"), png);
        }
    }
    // A time series whose definition changed (issue #14): the gap, the marker and the note.
    let mut broken = fixtures::time_series(Lang::De);
    broken.breaks = vec![crate::SeriesBreak {
        year: 2019,
        note: "Bezugsgröße neu: nur Ausländer mit mindestens acht Jahren Aufenthalt".into(),
    }];
    let svg = broken.to_svg()?;
    let _ = std::fs::write(
        format!("{dir}/chart-time-series-break.png"),
        svg.to_png(PngScale::X1)?.png,
    );
    Ok(())
}

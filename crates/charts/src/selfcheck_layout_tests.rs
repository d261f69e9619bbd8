//! Layout of the Selbstcheck's charts: a geometric check that no text is cut off or overlaps
//! another at every size and in both languages (also with long labels and reasons), PNG size,
//! JSON, and the PNGs for a person to look at (`cargo test -p vergleich-charts -- --ignored`).

use plotters::style::RGBColor;

use crate::font::text_width;
use crate::selfcheck_fixtures as fx;
use crate::spec::{Lang, PngScale, SizePreset};
use crate::tests::decode_png_size;
use crate::{ChartError, Result, SvgChart};

/// Every Selbstcheck fixture rendered at `size`, with its kind's name.
pub(crate) fn rendered(lang: Lang, size: SizePreset) -> Result<Vec<(&'static str, SvgChart)>> {
    let mut likert = fx::likert(lang);
    likert.header.size = size;
    let mut workshop = fx::workshop(lang);
    workshop.header.size = size;
    let mut gap = fx::selfcheck_gap(lang);
    gap.header.size = size;
    Ok(vec![
        ("likert", likert.to_svg()?),
        ("workshop", workshop.to_svg()?),
        ("selfcheck-gap", gap.to_svg()?),
    ])
}

/// A colour as plotters writes it into the SVG.
pub(crate) fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// A `<text>` of the SVG with its box (the same measure as `kinds_tests::text_boxes`).
pub(crate) struct TextBox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

pub(crate) fn boxes(svg: &str) -> Vec<TextBox> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text ") {
        let after = &rest[i..];
        let (Some(gt), Some(close)) = (after.find('>'), after.find("</text>")) else {
            break;
        };
        let tag = &after[..gt];
        let text = after[gt + 1..close]
            .trim()
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let num = |n: &str| {
            attr(tag, n)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let w = text_width(&text, size, attr(tag, "font-weight").is_some()) / 1.065;
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

pub(crate) fn texts(svg: &str) -> Vec<String> {
    boxes(svg).into_iter().map(|b| b.text).collect()
}

/// No text runs off the canvas or over another text.
pub(crate) fn check_layout(kind: &str, out: &SvgChart) {
    let boxes = boxes(&out.svg);
    assert!(!boxes.is_empty());
    for b in &boxes {
        assert!(
            b.x0 >= 0.0
                && b.x1 <= f64::from(out.width)
                && b.y0 >= 0.0
                && b.y1 <= f64::from(out.height),
            "{kind}: '{}' is cut off ({:.0}..{:.0} of {})",
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
            assert!(!overlap, "{kind}: '{}' overlaps '{}'", a.text, b.text);
        }
    }
}

#[test]
fn selfcheck_pngs_decode_at_their_css_size() -> Result<()> {
    for size in [SizePreset::Web, SizePreset::Column] {
        for (kind, svg) in rendered(Lang::De, size)? {
            assert_eq!(svg.width, size.width(), "{kind}");
            for scale in [PngScale::X1, PngScale::X2] {
                let png = svg.to_png(scale)?;
                let f = scale.factor();
                assert_eq!(
                    decode_png_size(&png.png),
                    (svg.width * f, svg.height * f),
                    "{kind}"
                );
                assert_eq!((png.width, png.height), (svg.width * f, svg.height * f));
                assert_eq!(png.description, svg.description);
            }
        }
    }
    Ok(())
}

#[test]
fn no_selfcheck_text_is_cut_off_or_overlaps_at_any_size() -> Result<()> {
    for lang in [Lang::De, Lang::En] {
        for size in [SizePreset::Web, SizePreset::Print, SizePreset::Column] {
            for (kind, out) in rendered(lang, size)? {
                check_layout(kind, &out);
            }
        }
    }
    Ok(())
}

#[test]
fn long_labels_many_rows_and_few_perspectives_still_fit() -> Result<()> {
    let long = "Die Kommune hat eine Antidiskriminierungsstelle mit eigenem Budget, unabhängiger Beratung und einer jährlichen öffentlichen Berichterstattung an den Rat";
    let mut likert = fx::likert(Lang::De);
    likert.rows = (0..20)
        .map(|i| {
            let mut r = likert.rows[i % 8].clone();
            if i % 3 == 0 {
                r.label = long.to_owned();
            }
            r.counts = [i % 4, 2 * (i % 3), 3, (i * 7) % 11];
            r
        })
        .collect();
    let mut workshop = fx::workshop(Lang::En);
    workshop.perspectives.truncate(2);
    workshop.rows.iter_mut().for_each(|r| {
        r.cells.truncate(2);
        r.label = long.to_owned();
    });
    let mut gap = fx::selfcheck_gap(Lang::De);
    gap.rows.iter_mut().for_each(|r| r.label = long.to_owned());
    for size in [SizePreset::Column, SizePreset::Web, SizePreset::Print] {
        likert.header.size = size;
        workshop.header.size = size;
        gap.header.size = size;
        check_layout("likert", &likert.to_svg()?);
        check_layout("workshop", &workshop.to_svg()?);
        check_layout("selfcheck-gap", &gap.to_svg()?);
    }
    // the whole label is in the description
    assert!(gap.to_svg()?.description.contains(long));
    Ok(())
}

#[test]
fn a_long_hidden_reason_wraps_inside_its_row_at_every_size() -> Result<()> {
    let reason =
        "ausgeblendet: weniger als 3 Stimmen — sonst wäre erkennbar, wer wie abgestimmt hat";
    let mut likert = fx::likert(Lang::De);
    likert.rows[4].hidden = Some(reason.into());
    let mut workshop = fx::workshop(Lang::De);
    workshop.rows[1].hidden = Some(reason.into());
    workshop.rows[3].cells[0].hidden = Some(reason.into());
    for size in [SizePreset::Column, SizePreset::Web] {
        likert.header.size = size;
        workshop.header.size = size;
        for (kind, out) in [
            ("likert", likert.to_svg()?),
            ("workshop", workshop.to_svg()?),
        ] {
            check_layout(kind, &out);
            let words = texts(&out.svg).join(" ");
            assert!(words.contains("wer wie abgestimmt hat"), "{kind}: {words}");
            assert!(out.description.contains(reason), "{kind}");
        }
    }
    Ok(())
}

#[test]
fn selfcheck_specs_round_trip_through_json() -> Result<()> {
    let err = |e: serde_json::Error| ChartError::invalid(e.to_string());
    let likert = fx::likert(Lang::De);
    let json = serde_json::to_string(&likert).map_err(err)?;
    assert_eq!(
        serde_json::from_str::<crate::LikertSpec>(&json).map_err(err)?,
        likert
    );
    let workshop = fx::workshop(Lang::De);
    let json = serde_json::to_string(&workshop).map_err(err)?;
    assert_eq!(
        serde_json::from_str::<crate::WorkshopSpec>(&json).map_err(err)?,
        workshop
    );
    let gap = fx::selfcheck_gap(Lang::De);
    let json = serde_json::to_string(&gap).map_err(err)?;
    assert_eq!(
        serde_json::from_str::<crate::SelfcheckGapSpec>(&json).map_err(err)?,
        gap
    );
    Ok(())
}

#[test]
#[ignore = "writes SVGs and PNGs for a person to look at: VERGLEICH_CHART_DIR=/tmp/selfcheck-charts"]
fn write_selfcheck_examples_for_a_person_to_look_at() -> Result<()> {
    let dir =
        std::env::var("VERGLEICH_CHART_DIR").unwrap_or_else(|_| "/tmp/selfcheck-charts".into());
    let _ = std::fs::create_dir_all(&dir);
    for (lang, suffix) in [(Lang::De, ""), (Lang::En, "-en")] {
        for (size, tail) in [
            (SizePreset::Web, ""),
            (SizePreset::Column, "-column"),
            (SizePreset::Print, "-print"),
        ] {
            for (kind, svg) in rendered(lang, size)? {
                let name = format!("{dir}/{kind}{suffix}{tail}");
                let _ = std::fs::write(format!("{name}.svg"), &svg.svg);
                let _ = std::fs::write(format!("{name}.txt"), &svg.description);
                let _ = std::fs::write(format!("{name}.png"), svg.to_png(PngScale::X1)?.png);
            }
        }
    }
    // a long hidden reason and a field without ballots, at phone width
    let reason =
        "ausgeblendet: weniger als 3 Stimmen — sonst wäre erkennbar, wer wie abgestimmt hat";
    let mut likert = fx::likert(Lang::De);
    likert.header.size = SizePreset::Column;
    likert.rows[4].hidden = Some(reason.into());
    let mut workshop = fx::workshop(Lang::De);
    workshop.header.size = SizePreset::Column;
    workshop.rows[1].hidden = Some(reason.into());
    workshop.rows[2].median = None;
    for (kind, svg) in [
        ("likert", likert.to_svg()?),
        ("workshop", workshop.to_svg()?),
    ] {
        let png = svg.to_png(PngScale::X1)?.png;
        let _ = std::fs::write(format!("{dir}/{kind}-hidden-column.png"), png);
    }
    Ok(())
}

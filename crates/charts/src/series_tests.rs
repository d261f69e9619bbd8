//! The time series beside the dot plot: grey context lines under the highlighted members, the
//! group median, an honest value axis, and the same colour for a member in both charts.

use crate::error::Result;
use crate::fixtures;
use crate::highlight;
use crate::spec::{Datum, Lang, ValueFormat};
use crate::{ChartSpec, Series, TimeSeriesSpec, YearValue};

/// `rgb(r,g,b)` as plotters writes colours into the SVG.
fn rgb(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// 21 members' lines over 2018–2024, `selected` highlighted; values `base + i + year step`.
fn group(selected: &[&str], base: f64, unit: &str) -> TimeSeriesSpec {
    let mut spec = fixtures::time_series(Lang::De);
    spec.format = ValueFormat {
        unit: unit.into(),
        decimals: 1,
    };
    spec.series = fixtures::names(21)
        .into_iter()
        .enumerate()
        .map(|(i, name)| Series {
            name: name.to_owned(),
            selected: selected.contains(&name),
            points: (2018..=2024)
                .map(|year| YearValue {
                    year,
                    value: Datum::Value(base + i as f64 * 0.5 + f64::from(year - 2018) * 0.3),
                })
                .collect(),
        })
        .collect();
    spec.median = (2018..=2024)
        .map(|year| YearValue {
            year,
            value: Datum::Value(base + 5.0 + f64::from(year - 2018) * 0.3),
        })
        .collect();
    spec
}

#[test]
fn highlighting_keeps_the_others_as_grey_lines_and_counts_them() -> Result<()> {
    let spec = group(&["Potsdam", "Erfurt"], 10.0, "%");
    let out = ChartSpec::TimeSeries(spec).to_svg()?;
    // 21 lines: 19 grey, 2 in colour, and the subtitle counts every member with data
    let grey = rgb(crate::style::OTHERS);
    assert!(
        out.svg.matches(&grey).count() >= 19 * 6,
        "grey lines missing"
    );
    assert!(
        out.svg.contains("21 von 21 mit Daten"),
        "{}",
        out.description
    );
    assert!(out.svg.contains(&rgb(highlight::nth(0))) && out.svg.contains(&rgb(highlight::nth(1))));
    // the legend names both highlighted members and the group
    for label in ["Potsdam", "Erfurt", "alle Modellkommunen"] {
        assert!(out.svg.contains(label), "legend without {label}");
    }
    Ok(())
}

#[test]
fn the_group_median_is_drawn_and_described() -> Result<()> {
    let out = ChartSpec::TimeSeries(group(&["Potsdam"], 10.0, "%")).to_svg()?;
    assert!(out.svg.contains("Median der Vergleichsgruppe"));
    assert!(out.svg.contains(&rgb(crate::style::MEDIAN)));
    assert!(
        out.description
            .contains("Median der Vergleichsgruppe: 2018 15,0 %"),
        "{}",
        out.description
    );
    Ok(())
}

#[test]
fn rates_start_at_zero_and_other_axes_say_when_they_do_not() -> Result<()> {
    // shares between 10 and 22 %: the axis starts at 0 %, no note
    let out = ChartSpec::TimeSeries(group(&["Potsdam"], 10.0, "%")).to_svg()?;
    assert!(
        out.svg.contains(">\n0 %\n<") || out.svg.contains(">0 %<"),
        "no 0 % tick"
    );
    assert!(!out.description.contains("nicht bei null"));
    // counts from 5,000 up: the axis fits the values and says it does not start at zero
    let out = ChartSpec::TimeSeries(group(&["Potsdam"], 5000.0, "Personen")).to_svg()?;
    assert!(out.svg.contains("Die Werteachse beginnt nicht bei null."));
    assert!(
        out.description
            .contains("Die Werteachse beginnt nicht bei null.")
    );
    Ok(())
}

#[test]
fn a_member_has_the_same_colour_in_the_time_series_and_the_dot_plot() -> Result<()> {
    let chosen = ["Potsdam", "Erfurt", "Aachen"];
    let series = ChartSpec::TimeSeries(group(&chosen, 10.0, "%"))
        .to_svg()?
        .svg;
    let mut dots = fixtures::dot_plot(Lang::De, 21);
    for item in &mut dots.items {
        item.selected = chosen.contains(&item.name.as_str());
    }
    let dots = ChartSpec::DotPlot(dots).to_svg()?.svg;
    // alphabetical: Aachen, Erfurt, Potsdam get the first three highlight colours in both
    for k in 0..3 {
        let c = rgb(highlight::nth(k));
        assert!(
            series.contains(&c) && dots.contains(&c),
            "colour {k} {c} missing"
        );
    }
    // the dot plot's legend names each highlighted member
    for name in chosen {
        assert!(
            dots.matches(name).count() >= 2,
            "{name} not in the dot plot legend"
        );
    }
    Ok(())
}

/// A definition change breaks every line and the median, and the marker and note say so.
#[test]
fn a_definition_change_breaks_every_line_with_a_marker() {
    let mut spec = group(&["Kaiserslautern"], 40.0, "%");
    let whole = spec.to_svg().unwrap();
    spec.breaks = vec![crate::SeriesBreak {
        year: 2022,
        note: "Bezugsgröße ab 2022 neu".into(),
    }];
    let broken = spec.to_svg().unwrap();
    assert!(broken.svg.contains("Neue Definition ab 2022"), "marker");
    assert!(broken.svg.contains("Bezugsgröße ab 2022 neu"), "note");
    assert!(
        broken
            .description
            .contains("Neue Definition ab 2022: Bezugsgröße ab 2022 neu")
    );
    // Every grey line loses its 2021–2022 segment (the marker is drawn in the axis colour).
    let grey = rgb(crate::style::OTHERS);
    let (before, after) = (
        whole.svg.matches(&grey).count(),
        broken.svg.matches(&grey).count(),
    );
    assert!(
        after + 19 <= before,
        "segments across the break are gone: {before} -> {after}"
    );
}

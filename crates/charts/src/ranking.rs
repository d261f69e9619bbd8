//! Ranking bar chart: one indicator, every member sorted by value, the selected member
//! highlighted, the group median as a line, members without data listed last as "keine Daten".

use plotters::style::{Color, WHITE};
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::Result;
use crate::font::{max_width, text_width};
use crate::format::{capitalise, format_value, join_names, words};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::output::SvgChart;
use crate::rows::{RankingItem, draw_no_data_rows, ranks, sorted};
use crate::scale::{Linear, nice_ticks};
use crate::spec::{Header, Lang, Order, ValueFormat};
use crate::style::{
    AXIS, GRID, LABEL_SIZE, MARGIN, MEDIAN, MUTED, OTHERS, SELECTED, SMALL_SIZE, TEXT,
};

/// Ranking bar chart of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingSpec {
    pub header: Header,
    #[serde(default)]
    pub format: ValueFormat,
    /// Which end comes first (from the indicator's polarity).
    #[serde(default)]
    pub order: Order,
    /// Median of the comparison group, drawn as a line.
    pub median: Option<f64>,
    pub items: Vec<RankingItem>,
}

const ROW: f64 = 22.0;
const BAR: f64 = 14.0;
const TOP: f64 = 20.0;
const AXIS_H: f64 = 26.0;

impl RankingSpec {
    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        let w = words(lang);
        let (with, without) = sorted(&self.items, self.order);
        let has_provisional = with.iter().any(|(i, _)| i.value.is_provisional());
        let mut legend = vec![LegendItem::new(
            Swatch::Bar(OTHERS),
            self.header.group.clone(),
        )];
        if self.items.iter().any(|i| i.selected) {
            legend.insert(0, LegendItem::new(Swatch::Bar(SELECTED), w.highlighted));
        }
        if self.median.is_some() {
            legend.push(LegendItem::new(Swatch::Dashed(MEDIAN), w.median));
        }
        let notes = if has_provisional {
            vec![format!("* {}", w.provisional)]
        } else {
            Vec::new()
        };
        let frame = Frame::new(&self.header, with.len(), legend, &notes);
        let rows = with.len() + without.len();
        let body = TOP + rows.max(1) as f64 * ROW + AXIS_H;
        let height = frame.height(body);
        let width = frame.width();

        let label = |v: f64, prov: bool| {
            let s = format_value(v, &self.format, lang);
            if prov { format!("{s} *") } else { s }
        };
        let value_labels: Vec<String> = with
            .iter()
            .map(|(i, v)| label(*v, i.value.is_provisional()))
            .collect();
        let name_w = max_width(self.items.iter().map(|i| i.name.as_str()), LABEL_SIZE, true);
        let value_w = max_width(value_labels.iter().map(String::as_str), LABEL_SIZE, true) + 6.0;
        let (lo, hi) = with.iter().fold((0.0f64, 0.0f64), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
        let (lo, hi) = match self.median {
            Some(m) => (lo.min(m), hi.max(m)),
            None => (lo, hi),
        };
        let (ticks, tick_dec) = nice_ticks(lo, hi, 5);
        let plot_x0 = MARGIN + name_w + 10.0 + if lo < 0.0 { value_w } else { 0.0 };
        let plot_x1 = width - MARGIN - value_w.max(text_width(w.no_data, LABEL_SIZE, false) / 2.0);
        let x = Linear {
            d0: ticks.first().copied().unwrap_or(0.0),
            d1: ticks.last().copied().unwrap_or(1.0),
            r0: plot_x0,
            r1: plot_x1,
        };
        let top = frame.body_top() + TOP;
        let rows_bottom = top + rows.max(1) as f64 * ROW;
        let description = self.describe(&with, &without);

        let svg = draw_svg(
            width as u32,
            height,
            &self.header.title,
            &description,
            |c| {
                frame.draw(c, body);
                let tick_fmt = ValueFormat {
                    unit: self.format.unit.clone(),
                    decimals: tick_dec,
                };
                for t in &ticks {
                    let tx = x.map(*t);
                    c.line(&[(tx, top), (tx, rows_bottom)], GRID.to_rgba(), 1);
                    c.text(
                        tx,
                        rows_bottom + 12.0,
                        &format_value(*t, &tick_fmt, lang),
                        SMALL_SIZE,
                        MUTED,
                        Align::Middle,
                    );
                }
                let zero = x.map(0.0);
                let row_y = |row: usize| top + (row as f64 + 0.5) * ROW;
                for (row, (item, v)) in with.iter().enumerate() {
                    let (cy, vx) = (row_y(row), x.map(*v));
                    let color = if item.selected { SELECTED } else { OTHERS };
                    c.rect(
                        zero.min(vx),
                        cy - BAR / 2.0,
                        zero.max(vx),
                        cy + BAR / 2.0,
                        color.to_rgba(),
                    );
                }
                c.line(&[(zero, top), (zero, rows_bottom)], AXIS.to_rgba(), 1);
                if let Some(m) = self.median {
                    let mx = x.map(m);
                    c.dashed(
                        &[(mx, top - 4.0), (mx, top + with.len() as f64 * ROW)],
                        MEDIAN.to_rgba(),
                        2,
                    );
                    let text = format!("Median {}", format_value(m, &self.format, lang));
                    let tw = text_width(&text, SMALL_SIZE, false);
                    // keep the label inside the canvas even when the median sits near an edge
                    let lx = mx.clamp(MARGIN + tw / 2.0, width - MARGIN - tw / 2.0);
                    c.text(lx, top - 11.0, &text, SMALL_SIZE, MEDIAN, Align::Middle);
                }
                // labels last, on a white ground, so the median line never runs through a number
                for (row, ((item, v), vlabel)) in with.iter().zip(&value_labels).enumerate() {
                    let (cy, vx) = (row_y(row), x.map(*v));
                    let bold = item.selected;
                    let lw = text_width(vlabel, LABEL_SIZE, bold);
                    let (lx, align, bx0) = if *v < 0.0 {
                        (vx - 4.0, Align::End, vx - 4.0 - lw)
                    } else {
                        (vx + 4.0, Align::Start, vx + 4.0)
                    };
                    c.rect(
                        bx0 - 1.0,
                        cy - ROW / 2.0 + 1.0,
                        bx0 + lw * 0.95,
                        cy + ROW / 2.0 - 1.0,
                        WHITE.to_rgba(),
                    );
                    if bold {
                        c.bold(
                            MARGIN + name_w,
                            cy,
                            &item.name,
                            LABEL_SIZE,
                            TEXT,
                            Align::End,
                        );
                        c.bold(lx, cy, vlabel, LABEL_SIZE, TEXT, align);
                    } else {
                        c.text(
                            MARGIN + name_w,
                            cy,
                            &item.name,
                            LABEL_SIZE,
                            TEXT,
                            Align::End,
                        );
                        c.text(lx, cy, vlabel, LABEL_SIZE, TEXT, align);
                    }
                }
                draw_no_data_rows(
                    c,
                    &without,
                    with.len(),
                    row_y,
                    MARGIN + name_w,
                    zero + 4.0,
                    lang,
                );
                Ok(())
            },
        )?;
        Ok(SvgChart {
            svg,
            description,
            width: width as u32,
            height,
        })
    }

    fn describe(&self, with: &[(&RankingItem, f64)], without: &[&RankingItem]) -> String {
        let lang = self.header.lang;
        let w = words(lang);
        let h = &self.header;
        let fmt = |v: f64| format_value(v, &self.format, lang);
        let mut s = match lang {
            Lang::De => format!(
                "Balkendiagramm (Rangfolge): {}, {}, {}. ",
                h.title, h.period, h.group
            ),
            Lang::En => format!(
                "Bar chart (ranking): {}, {}, {}. ",
                h.title, h.period, h.group
            ),
        };
        s.push_str(&format!(
            "{}. ",
            crate::format::n_of_total(with.len(), h.members_total, lang)
        ));
        if let (Some((first, fv)), Some((last, lv))) = (with.first(), with.last()) {
            let (hi, hv, lo, lv) = match self.order {
                Order::HighFirst => (first, fv, last, lv),
                Order::LowFirst => (last, lv, first, fv),
            };
            s.push_str(&format!(
                "{}: {} ({}); {}: {} ({}). ",
                w.highest,
                hi.name,
                fmt(*hv),
                w.lowest,
                lo.name,
                fmt(*lv)
            ));
        }
        if let Some(m) = self.median {
            s.push_str(&format!("{}: {}. ", capitalise(w.median), fmt(m)));
        }
        let values: Vec<f64> = with.iter().map(|(_, v)| *v).collect();
        let ranks = ranks(&values);
        for ((item, v), r) in with.iter().zip(&ranks) {
            if item.selected {
                s.push_str(&format!(
                    "{}: {}, {} {} {} {} ({}). ",
                    w.highlighted,
                    item.name,
                    w.rank,
                    r,
                    w.of,
                    with.len(),
                    fmt(*v)
                ));
            }
        }
        if !without.is_empty() {
            let names: Vec<&str> = without.iter().map(|i| i.name.as_str()).collect();
            s.push_str(&format!(
                "{}: {}.",
                capitalise(w.no_data),
                join_names(&names, lang)
            ));
        }
        s.trim_end().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{names, ranking};
    use crate::spec::PngScale;

    #[test]
    fn ranking_svg_has_title_description_every_name_and_no_data_rows() -> Result<()> {
        let spec = ranking(Lang::De, 21);
        let out = spec.to_svg()?;
        assert!(
            out.svg
                .contains("<title>Einbürgerungen je 10.000 ausländische Einwohner</title>")
        );
        assert!(out.svg.contains(&format!(
            "<desc>{}</desc>",
            crate::canvas::escape_xml(&out.description)
        )));
        for name in names(21) {
            assert!(
                out.svg.contains(&crate::canvas::escape_xml(name)),
                "{name} missing"
            );
        }
        assert!(out.svg.contains("keine Daten"));
        assert!(out.svg.contains("Datenlage unzureichend"));
        assert!(out.svg.contains("19 von 21 mit Daten"));
        assert!(out.svg.contains("Beispieldaten (synthetisch)"));
        assert!(out.svg.contains("Median 1.450,3"));
        assert!(out.svg.contains("* vorläufig"));
        assert!(
            out.description
                .contains("Hervorgehoben: Kaiserslautern, Rang")
        );
        assert!(
            out.description
                .contains("Keine Daten: Konstanz und Wittenberge")
        );
        Ok(())
    }

    #[test]
    fn english_ranking_uses_english_words_and_number_format() -> Result<()> {
        let out = ranking(Lang::En, 21).to_svg()?;
        assert!(out.svg.contains("no data"));
        assert!(out.svg.contains("19 of 21 with data"));
        assert!(out.svg.contains("Sample data (synthetic)"));
        assert!(out.svg.contains("Median 1,450.3"));
        Ok(())
    }

    #[test]
    fn thirty_five_members_make_a_taller_chart_with_every_name() -> Result<()> {
        let small = ranking(Lang::De, 21).to_svg()?;
        let big = ranking(Lang::De, 35).to_svg()?;
        assert!(big.height >= small.height + 14 * ROW as u32);
        for name in names(35) {
            assert!(
                big.svg.contains(&crate::canvas::escape_xml(name)),
                "{name} missing"
            );
        }
        Ok(())
    }

    #[test]
    fn ranking_png_decodes_at_one_and_two_times_the_css_size() -> Result<()> {
        let svg = ranking(Lang::De, 21).to_svg()?;
        for scale in [PngScale::X1, PngScale::X2] {
            let png = svg.to_png(scale)?;
            let (w, h) = crate::tests::decode_png_size(&png.png);
            assert_eq!(
                (w, h),
                (svg.width * scale.factor(), svg.height * scale.factor())
            );
            assert_eq!((w, h), (png.width, png.height));
        }
        Ok(())
    }
}

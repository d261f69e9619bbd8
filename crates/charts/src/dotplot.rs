//! Dot plot: every member's value on one shared axis, one row each, with the peer group's
//! interquartile band and median behind the dots; members without data listed last.

use plotters::style::Color;
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, draw_svg};
use crate::error::Result;
use crate::font::max_width;
use crate::format::{capitalise, format_value, join_names, n_of_total, words};
use crate::frame::{Frame, LegendItem, Swatch};
use crate::highlight::Highlights;
use crate::output::SvgChart;
use crate::rows::{RankingItem, draw_no_data_rows, sorted};
use crate::scale::{Linear, nice_ticks};
use crate::spec::{Header, Lang, Order, PeerBand, ValueFormat};
use crate::style::{AXIS, BAND, GRID, LABEL_SIZE, MARGIN, MEDIAN, MUTED, OTHERS, SMALL_SIZE, TEXT};

/// Dot plot of one indicator against the peer group's band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DotPlotSpec {
    pub header: Header,
    #[serde(default)]
    pub format: ValueFormat,
    #[serde(default)]
    pub order: Order,
    /// Peer group quartiles (band and median line).
    pub peer: Option<PeerBand>,
    pub items: Vec<RankingItem>,
}

const ROW: f64 = 20.0;
const TOP: f64 = 8.0;
const AXIS_H: f64 = 26.0;

impl DotPlotSpec {
    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        let lang = self.header.lang;
        let w = words(lang);
        let (with, without) = sorted(&self.items, self.order);
        // highlighted members in the colours the time series beside it gives them
        let hl = Highlights::new(self.items.iter().map(|i| (i.name.as_str(), i.selected)));
        let mut legend = Vec::new();
        if hl.len() == 1 {
            legend.push(LegendItem::new(
                Swatch::Dot(hl.color(hl.names()[0])),
                w.highlighted,
            ));
        } else {
            for name in hl.names() {
                legend.push(LegendItem::new(
                    Swatch::Dot(hl.color(name)),
                    (*name).to_owned(),
                ));
            }
        }
        legend.push(LegendItem::new(
            Swatch::Dot(OTHERS),
            self.header.group.clone(),
        ));
        if self.peer.is_some() {
            legend.push(LegendItem::new(Swatch::Band(BAND), w.iqr));
            legend.push(LegendItem::new(Swatch::Dashed(MEDIAN), w.median));
        }
        if with.iter().any(|(i, _)| i.value.is_provisional()) {
            legend.push(LegendItem::new(Swatch::HollowDot(OTHERS), w.provisional));
        }
        let frame = Frame::new(&self.header, with.len(), legend, &[]);
        let rows = with.len() + without.len();
        let body = TOP + rows.max(1) as f64 * ROW + AXIS_H;
        let height = frame.height(body);
        let width = frame.width();

        let labels: Vec<String> = with
            .iter()
            .map(|(_, v)| format_value(*v, &self.format, lang))
            .collect();
        let name_w = max_width(self.items.iter().map(|i| i.name.as_str()), LABEL_SIZE, true);
        let value_w = max_width(labels.iter().map(String::as_str), LABEL_SIZE, true);
        let values = with.iter().map(|(_, v)| *v);
        let band = self.peer.iter().flat_map(|p| [p.q1, p.q3, p.median]);
        let (lo, hi) = values
            .chain(band)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(v), h.max(v))
            });
        let (ticks, tick_dec) = if lo.is_finite() {
            nice_ticks(lo, hi, 5)
        } else {
            nice_ticks(0.0, 1.0, 5)
        };
        let x = Linear {
            d0: ticks.first().copied().unwrap_or(0.0),
            d1: ticks.last().copied().unwrap_or(1.0),
            r0: MARGIN + name_w + 16.0,
            r1: width - MARGIN - value_w - 24.0,
        };
        let top = frame.body_top() + TOP;
        let bottom = top + rows.max(1) as f64 * ROW;
        let data_bottom = top + with.len() as f64 * ROW;
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
                if let Some(p) = self.peer {
                    c.rect(x.map(p.q1), top, x.map(p.q3), data_bottom, BAND);
                }
                for t in &ticks {
                    let tx = x.map(*t);
                    c.line(&[(tx, top), (tx, bottom)], GRID.to_rgba(), 1);
                    c.text(
                        tx,
                        bottom + 12.0,
                        &format_value(*t, &tick_fmt, lang),
                        SMALL_SIZE,
                        MUTED,
                        Align::Middle,
                    );
                }
                c.line(&[(x.r0, bottom), (x.r1, bottom)], AXIS.to_rgba(), 1);
                if let Some(p) = self.peer {
                    c.dashed(
                        &[(x.map(p.median), top), (x.map(p.median), data_bottom)],
                        MEDIAN.to_rgba(),
                        2,
                    );
                }
                for (row, ((item, v), label)) in with.iter().zip(&labels).enumerate() {
                    let cy = top + (row as f64 + 0.5) * ROW;
                    c.line(&[(x.r0, cy), (x.r1, cy)], GRID.to_rgba(), 1);
                    let color = hl.color(&item.name);
                    let r = if item.selected { 6.0 } else { 5.0 };
                    if item.value.is_provisional() {
                        c.circle(x.map(*v), cy, r, plotters::style::WHITE.to_rgba());
                        c.ring(x.map(*v), cy, r, color, 2);
                    } else {
                        c.circle(x.map(*v), cy, r, color.to_rgba());
                    }
                    let vx = width - MARGIN;
                    if item.selected {
                        c.bold(
                            MARGIN + name_w,
                            cy,
                            &item.name,
                            LABEL_SIZE,
                            TEXT,
                            Align::End,
                        );
                        c.bold(vx, cy, label, LABEL_SIZE, TEXT, Align::End);
                    } else {
                        c.text(
                            MARGIN + name_w,
                            cy,
                            &item.name,
                            LABEL_SIZE,
                            TEXT,
                            Align::End,
                        );
                        c.text(vx, cy, label, LABEL_SIZE, TEXT, Align::End);
                    }
                }
                let row_y = |i: usize| top + (i as f64 + 0.5) * ROW;
                draw_no_data_rows(
                    c,
                    &without,
                    with.len(),
                    row_y,
                    MARGIN + name_w,
                    x.r0 + 4.0,
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
            Lang::De => format!("Punktdiagramm: {}, {}, {}. ", h.title, h.period, h.group),
            Lang::En => format!("Dot plot: {}, {}, {}. ", h.title, h.period, h.group),
        };
        s.push_str(&format!(
            "{}. ",
            n_of_total(with.len(), h.members_total, lang)
        ));
        if let Some(p) = self.peer {
            s.push_str(&format!(
                "{}: {}; {}: {} – {}. ",
                capitalise(w.median),
                fmt(p.median),
                capitalise(w.iqr),
                fmt(p.q1),
                fmt(p.q3)
            ));
        }
        for (item, v) in with.iter().filter(|(i, _)| i.selected) {
            let position = match self.peer {
                Some(p) if *v < p.q1 => {
                    Some(lang.pick("unter dem mittleren Band", "below the middle band"))
                }
                Some(p) if *v > p.q3 => {
                    Some(lang.pick("über dem mittleren Band", "above the middle band"))
                }
                Some(_) => Some(lang.pick("im mittleren Band", "within the middle band")),
                None => None,
            };
            s.push_str(&format!("{}: {} ({}", w.highlighted, item.name, fmt(*v)));
            if let Some(pos) = position {
                s.push_str(", ");
                s.push_str(pos);
            }
            s.push_str("). ");
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

//! Drawing of the answer distribution chart: the percent axis around the middle, grid lines
//! beside the bars only, the row labels, and one row's bar with its shares, n and note (or its
//! hidden reason, or "no answer on the scale").

use plotters::style::Color;

use crate::canvas::{Align, Canvas};
use crate::font::text_width;
use crate::format::format_value;
use crate::likert::{BAR_H, BAR_LINE, Layout, LikertRow, LikertSpec, RowBox, TOP, pct};
use crate::selfcheck_common::{LEVEL_COLORS, LINE, NOTE_LINE, n_text};
use crate::style::{
    AXIS, GRID, LABEL_SIZE, MARGIN, MISSING_FILL, MUTED, SELECTED, SMALL_SIZE, TEXT, text_on,
};

impl LikertSpec {
    pub(crate) fn draw_body(&self, c: &Canvas<'_>, l: &Layout, top: f64, width: f64) {
        let lang = self.header.lang;
        let first = top + TOP;
        for (row, b) in self.rows.iter().zip(&l.rows) {
            if row.selected {
                let tint = SELECTED.mix(0.08);
                c.rect(
                    MARGIN - 4.0,
                    b.top,
                    width - MARGIN + 4.0,
                    b.top + b.height,
                    tint,
                );
            } else if b.top > first {
                c.line(
                    &[(MARGIN, b.top), (width - MARGIN, b.top)],
                    GRID.to_rgba(),
                    1,
                );
            }
        }
        // axis: percent of the answers on the scale, both sides counted from the middle; grid
        // lines only beside the bars, so that no label or note is crossed
        let steps = (l.extent / l.step).round() as i32;
        for k in -steps..=steps {
            let v = f64::from(k) * l.step;
            let x = l.x.map(v);
            let color = if k == 0 { AXIS } else { GRID };
            c.line(&[(x, first - 4.0), (x, first)], color.to_rgba(), 1);
            for (_, b) in self.rows.iter().zip(&l.rows).filter(|(r, _)| r.has_bar()) {
                let (y0, y1) = (b.bar_y - BAR_LINE / 2.0, b.bar_y + BAR_LINE / 2.0);
                c.line(&[(x, y0), (x, y1)], color.to_rgba(), 1);
            }
            let label = format_value(v.abs(), &pct(), lang);
            c.text(
                x,
                top + TOP / 2.0 - 2.0,
                &label,
                SMALL_SIZE,
                MUTED,
                Align::Middle,
            );
        }
        for (row, b) in self.rows.iter().zip(&l.rows) {
            for (i, line) in b.label.iter().enumerate() {
                let y = b.label_y + i as f64 * LINE;
                if row.selected {
                    c.bold(MARGIN, y, line, LABEL_SIZE, TEXT, Align::Start);
                } else {
                    c.text(MARGIN, y, line, LABEL_SIZE, TEXT, Align::Start);
                }
            }
            self.draw_bar(c, row, b, l);
        }
    }

    /// One row's bar (or its reason or "no answer"), its n and its note.
    fn draw_bar(&self, c: &Canvas<'_>, row: &LikertRow, b: &RowBox, l: &Layout) {
        let lang = self.header.lang;
        let (x0, x1) = (l.x.r0, l.x.r1);
        let (y0, y1) = (b.bar_y - BAR_H / 2.0, b.bar_y + BAR_H / 2.0);
        if row.hidden.is_some() {
            let extra = b.reason.len().saturating_sub(1) as f64 * NOTE_LINE;
            c.rect(x0, y0, x1, y1 + extra, MISSING_FILL.to_rgba());
            for (i, line) in b.reason.iter().enumerate() {
                let y = b.bar_y + i as f64 * NOTE_LINE;
                c.text((x0 + x1) / 2.0, y, line, SMALL_SIZE, MUTED, Align::Middle);
            }
            return;
        }
        c.text(
            l.n_x,
            b.bar_y,
            &n_text(row.answered()),
            SMALL_SIZE,
            TEXT,
            Align::End,
        );
        if let Some(note) = self.note(row) {
            // under the bar beside the labels, under the label when stacked
            let nx = if b.label_y < b.bar_y { MARGIN } else { x0 };
            c.text(nx, b.note_y, &note, SMALL_SIZE, MUTED, Align::Start);
        }
        let Some(shares) = row.shares() else {
            c.rect(x0, y0, x1, y1, MISSING_FILL.to_rgba());
            let text = lang.pick("keine Antwort auf der Skala", "no answer on the scale");
            c.text(
                (x0 + x1) / 2.0,
                b.bar_y,
                text,
                SMALL_SIZE,
                MUTED,
                Align::Middle,
            );
            return;
        };
        // from the middle outwards: 1 then 0 to the left, 2 then 3 to the right
        let spans = [
            (0, -shares[1] - shares[0], -shares[1]),
            (1, -shares[1], 0.0),
            (2, 0.0, shares[2]),
            (3, shares[2], shares[2] + shares[3]),
        ];
        for (level, a, z) in spans {
            if shares[level] <= 0.0 {
                continue;
            }
            let (sx0, sx1) = (l.x.map(a), l.x.map(z));
            let color = LEVEL_COLORS[level];
            c.rect(sx0, y0, sx1, y1, color.to_rgba());
            let label = format_value(shares[level], &pct(), lang);
            if sx1 - sx0 >= text_width(&label, SMALL_SIZE, false) + 6.0 {
                let mid = (sx0 + sx1) / 2.0;
                c.text(
                    mid,
                    b.bar_y,
                    &label,
                    SMALL_SIZE,
                    text_on(color),
                    Align::Middle,
                );
            }
        }
    }
}

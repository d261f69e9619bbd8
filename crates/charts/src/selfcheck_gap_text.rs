//! The words of the administration-vs-workshop chart: the gap in points, the note on a missing
//! value, the notes below the chart and the text description.

use crate::format::{format_number, words};
use crate::selfcheck_common::{context, format_level};
use crate::selfcheck_gap::{GapRow, SelfcheckGapSpec};
use crate::spec::{Datum, Lang};

/// "keine Daten" or "Datenlage unzureichend" for a value without a dot.
fn absent(d: Datum, lang: Lang) -> &'static str {
    match d {
        Datum::Insufficient => words(lang).insufficient,
        _ => words(lang).no_data,
    }
}

/// "−16,7 Punkte", "+8,3 Punkte", "0,0 Punkte" / "−16.7 points".
pub(crate) fn points(gap: f64, lang: Lang) -> String {
    let number = format_number(gap, 1, lang);
    // a real minus comes with the number; a plus only on what does not round to zero
    let sign = if gap > 0.0 && number != format_number(0.0, 1, lang) {
        "+"
    } else {
        ""
    };
    format!("{sign}{number} {}", lang.pick("Punkte", "points"))
}

impl SelfcheckGapSpec {
    /// The row end: the gap in points, or "–" without both values.
    pub(crate) fn gap_text(&self, row: &GapRow) -> String {
        row.gap()
            .map_or_else(|| "–".to_owned(), |g| points(g, self.header.lang))
    }

    /// "Workshop: keine Daten", "Verwaltung: Datenlage unzureichend", or both joined.
    pub(crate) fn missing_note(&self, row: &GapRow) -> Option<String> {
        let lang = self.header.lang;
        let parts: Vec<String> = [
            (
                row.admin(),
                row.administration,
                lang.pick("Verwaltung", "Administration"),
            ),
            (row.workshop(), row.workshop_level, "Workshop"),
        ]
        .into_iter()
        .filter(|(v, _, _)| v.is_none())
        .map(|(_, d, who)| format!("{who}: {}", absent(d, lang)))
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    pub(crate) fn notes(&self) -> Vec<String> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        vec![
            self.header
                .lang
                .pick(
                    "Abstand = Workshop minus Verwaltung in Punkten der Skala 0–100; der Median des Workshops (Stufe 0–3) ist umgerechnet: Stufe ÷ 3 × 100.",
                    "Gap = workshop minus administration in points on the 0–100 scale; the workshop's median (level 0–3) is rescaled: level ÷ 3 × 100.",
                )
                .to_owned(),
        ]
    }

    pub(crate) fn describe(&self, both: usize) -> String {
        let lang = self.header.lang;
        let mut s = format!(
            "{}: {}. ",
            lang.pick(
                "Verwaltung und Workshop im Vergleich (Hantel-Diagramm)",
                "Administration and workshop compared (dumbbell chart)"
            ),
            context(&self.header)
        );
        if self.rows.is_empty() {
            s.push_str(lang.pick("Keine Handlungsfelder.", "No fields."));
            return s;
        }
        s.push_str(&match lang {
            Lang::De => format!(
                "{both} von {} Feldern mit beiden Werten; Skala 0–100, der Workshop-Median (Stufe 0–3) umgerechnet als Stufe ÷ 3 × 100. ",
                self.rows.len()
            ),
            Lang::En => format!(
                "{both} of {} fields with both values; scale 0–100, the workshop median (level 0–3) rescaled as level ÷ 3 × 100. ",
                self.rows.len()
            ),
        });
        let provisional = |d: Datum| {
            if d.is_provisional() {
                format!(" ({})", words(lang).provisional)
            } else {
                String::new()
            }
        };
        for row in &self.rows {
            let admin = row.admin().map_or_else(
                || absent(row.administration, lang).to_owned(),
                |v| {
                    format!(
                        "{}{}",
                        format_number(v, 1, lang),
                        provisional(row.administration)
                    )
                },
            );
            let workshop = match (row.workshop(), row.workshop_level.value()) {
                (Some(v), Some(level)) => format!(
                    "{} ({} {}){}",
                    format_number(v, 1, lang),
                    lang.pick("Median", "median"),
                    format_level(level, lang),
                    provisional(row.workshop_level)
                ),
                _ => absent(row.workshop_level, lang).to_owned(),
            };
            s.push_str(&format!(
                "{}: {} {admin}, {} {workshop}",
                row.label,
                lang.pick("Verwaltung", "administration"),
                lang.pick("Workshop", "workshop"),
            ));
            if let Some(g) = row.gap() {
                s.push_str(&format!(
                    ", {} {}",
                    lang.pick("Abstand", "gap"),
                    points(g, lang)
                ));
            }
            s.push_str(". ");
        }
        s.trim_end().to_owned()
    }
}

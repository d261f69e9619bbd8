//! The words of the answer distribution chart: the note for answers off the scale, the notes
//! below the chart and the text description.

use vergleich_domain::selfcheck::Answer;

use crate::format::format_value;
use crate::likert::{LikertRow, LikertSpec};
use crate::selfcheck_common::{answer_label, context, level_label, n_text};
use crate::spec::{Lang, ValueFormat};

/// "2 weiß nicht, 1 übersprungen" (only the non-zero ones); `None` when both are zero.
fn off_scale_counts(row: &LikertRow, lang: Lang) -> Option<String> {
    let parts: Vec<String> = [
        (row.dont_know, Answer::DontKnow),
        (row.skipped, Answer::Skipped),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, a)| format!("{n} {}", answer_label(a, lang)))
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The grey note under a bar: "außerdem: 2 weiß nicht, 1 übersprungen".
pub(crate) fn off_scale(row: &LikertRow, lang: Lang) -> Option<String> {
    off_scale_counts(row, lang).map(|s| format!("{}: {s}", lang.pick("außerdem", "also")))
}

impl LikertSpec {
    pub(crate) fn notes(&self) -> Vec<String> {
        let lang = self.header.lang;
        if self.rows.is_empty() {
            return Vec::new();
        }
        let mut notes = vec![
            lang.pick(
                "Anteile an den Antworten auf der Skala (n); links von der Mitte 0 und 1, rechts 2 und 3.",
                "Shares of the answers on the scale (n); 0 and 1 left of the middle, 2 and 3 right of it.",
            )
            .to_owned(),
        ];
        if self.rows.iter().any(|r| r.dont_know + r.skipped > 0) {
            notes.push(match lang {
                Lang::De => format!(
                    "„{}“ und „{}“ liegen nicht auf der Skala: Sie zählen nicht mit und stehen grau unter dem Balken.",
                    answer_label(Answer::DontKnow, lang),
                    answer_label(Answer::Skipped, lang)
                ),
                Lang::En => format!(
                    "“{}” and “{}” are not on the scale: they are not counted and are given in grey below the bar.",
                    answer_label(Answer::DontKnow, lang),
                    answer_label(Answer::Skipped, lang)
                ),
            });
        }
        notes
    }

    pub(crate) fn describe(&self) -> String {
        let lang = self.header.lang;
        let mut s = format!(
            "{}: {}. ",
            lang.pick(
                "Verteilung der Antworten (gestapelte Balken, um die Mitte geteilt)",
                "Distribution of the answers (diverging stacked bars)"
            ),
            context(&self.header)
        );
        if self.rows.is_empty() {
            s.push_str(lang.pick("Keine Antworten.", "No answers."));
            return s;
        }
        if let Some(n) = self.respondents {
            s.push_str(&match lang {
                Lang::De => format!("{n} Antwortende. "),
                Lang::En => format!("{n} respondents. "),
            });
        }
        s.push_str(&match lang {
            Lang::De => format!(
                "Skala von 0 {} bis 3 {}; Anteile an den Antworten auf der Skala. ",
                level_label(0, lang),
                level_label(3, lang)
            ),
            Lang::En => format!(
                "Scale from 0 {} to 3 {}; shares of the answers on the scale. ",
                level_label(0, lang),
                level_label(3, lang)
            ),
        });
        let pct = ValueFormat {
            unit: "%".into(),
            decimals: 0,
        };
        for row in &self.rows {
            // an item's own full stop would read "verankert.: …"
            s.push_str(row.label.trim_end_matches(['.', ' ']));
            if row.selected {
                s.push_str(lang.pick(" (hervorgehoben)", " (highlighted)"));
            }
            s.push_str(": ");
            if let Some(reason) = &row.hidden {
                s.push_str(&format!("{reason}. "));
                continue;
            }
            s.push_str(&n_text(row.answered()));
            match row.shares() {
                Some(shares) => {
                    let parts: Vec<String> = (0u8..4)
                        .map(|l| {
                            format!(
                                "{} {}",
                                level_label(l, lang),
                                format_value(shares[usize::from(l)], &pct, lang)
                            )
                        })
                        .collect();
                    s.push_str(&format!("; {}", parts.join(", ")));
                }
                None => s.push_str(&format!(
                    "; {}",
                    lang.pick("keine Antwort auf der Skala", "no answer on the scale")
                )),
            }
            if let Some(off) = off_scale_counts(row, lang) {
                s.push_str(&format!(
                    "; {} {off}",
                    lang.pick("außerhalb der Skala", "off the scale")
                ));
            }
            s.push_str(". ");
        }
        s.trim_end().to_owned()
    }
}

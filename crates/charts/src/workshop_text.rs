//! The words of the workshop chart: the notes below it (how to read it, which perspective cells
//! are hidden and why) and the text description.

use crate::format::{join_names, words};
use crate::selfcheck_common::{consensus, context, format_level, level_label, n_text};
use crate::spec::Lang;
use crate::workshop::{WorkshopRow, WorkshopSpec};

impl WorkshopSpec {
    /// Per perspective with hidden cells in shown rows: its name, the fields (all: `None`) and
    /// the first reason.
    fn hidden_cells(&self) -> Vec<(&str, Option<Vec<&str>>, &str)> {
        let shown: Vec<&WorkshopRow> = self.rows.iter().filter(|r| Self::shown(r)).collect();
        self.perspectives
            .iter()
            .enumerate()
            .filter_map(|(k, name)| {
                let hidden: Vec<(&str, &str)> = shown
                    .iter()
                    .filter_map(|r| {
                        let reason = r.cells.get(k)?.hidden.as_deref()?;
                        Some((r.label.as_str(), reason))
                    })
                    .collect();
                let reason = hidden.first()?.1;
                let fields =
                    (hidden.len() < shown.len()).then(|| hidden.iter().map(|(f, _)| *f).collect());
                Some((name.as_str(), fields, reason))
            })
            .collect()
    }

    /// "Jugend in allen Feldern (weniger als 3 Stimmzettel)", "Wirtschaft in „Arbeit …“ (…)".
    fn hidden_text(&self) -> Vec<String> {
        let lang = self.header.lang;
        self.hidden_cells()
            .into_iter()
            .map(|(name, fields, reason)| {
                let fields = fields.map_or_else(
                    || lang.pick("allen Feldern", "every field").to_owned(),
                    |f| {
                        let quoted: Vec<String> = f
                            .iter()
                            .map(|f| lang.pick("„{}“", "“{}”").replace("{}", f))
                            .collect();
                        join_names(&quoted.iter().map(String::as_str).collect::<Vec<_>>(), lang)
                    },
                );
                format!("{name} in {fields} ({reason})")
            })
            .collect()
    }

    pub(crate) fn notes(&self) -> Vec<String> {
        let lang = self.header.lang;
        if !self.rows.iter().any(Self::shown) {
            return Vec::new();
        }
        let mut notes = vec![
            lang.pick(
                "Je Feld: grau die mittleren 50 % aller Stimmen, der Strich ihr Median; die Symbole der Median je Perspektive, jede auf eigener Höhe. „uneinig“: die mittleren 50 % umfassen eine Stufe oder mehr.",
                "Per field: in grey the middle 50% of all ballots, the line their median; the symbols each perspective's median, each at its own height. “disagreed”: the middle 50% span one level or more.",
            )
            .to_owned(),
        ];
        let hidden = self.hidden_text();
        if !hidden.is_empty() {
            notes.push(format!(
                "{}: {}.",
                lang.pick("Ausgeblendet", "Hidden"),
                hidden.join("; ")
            ));
        }
        notes
    }

    pub(crate) fn describe(&self) -> String {
        let lang = self.header.lang;
        let mut s = format!(
            "{}: {}. ",
            lang.pick(
                "Workshop-Bewertung je Handlungsfeld nach Perspektive",
                "Workshop ratings per field by perspective"
            ),
            context(&self.header)
        );
        if self.rows.is_empty() {
            s.push_str(lang.pick("Keine Workshop-Bewertungen.", "No workshop ratings."));
            return s;
        }
        if let Some(n) = self.ballots {
            s.push_str(&match lang {
                Lang::De => format!("{n} Stimmzettel. "),
                Lang::En => format!("{n} ballots. "),
            });
        }
        s.push_str(&match lang {
            Lang::De => format!(
                "Skala von 0 {} bis 3 {}. Perspektiven: {}. ",
                level_label(0, lang),
                level_label(3, lang),
                self.perspectives.join(", ")
            ),
            Lang::En => format!(
                "Scale from 0 {} to 3 {}. Perspectives: {}. ",
                level_label(0, lang),
                level_label(3, lang),
                self.perspectives.join(", ")
            ),
        });
        for row in &self.rows {
            s.push_str(&format!("{}: {}. ", row.label, self.describe_row(row)));
        }
        s.trim_end().to_owned()
    }

    fn describe_row(&self, row: &WorkshopRow) -> String {
        let lang = self.header.lang;
        if let Some(reason) = &row.hidden {
            return reason.clone();
        }
        let Some(median) = row.median else {
            return words(lang).no_data.to_owned();
        };
        let mut parts = vec![format!(
            "{} {}",
            lang.pick("Median", "median"),
            format_level(median, lang)
        )];
        if let (Some(q1), Some(q3)) = (row.q1, row.q3) {
            parts.push(format!(
                "{} {} {} {}",
                lang.pick("mittlere 50 % von", "middle 50% from"),
                format_level(q1, lang),
                lang.pick("bis", "to"),
                format_level(q3, lang)
            ));
            parts.push(n_text(row.n));
            parts.push(consensus(row.n, q1, q3, lang).1.to_owned());
        } else {
            parts.push(n_text(row.n));
        }
        let cells: Vec<String> = self
            .perspectives
            .iter()
            .zip(&row.cells)
            .map(|(name, cell)| match (&cell.hidden, cell.median) {
                (Some(reason), _) => {
                    format!("{name} {} ({reason})", lang.pick("ausgeblendet", "hidden"))
                }
                (None, Some(m)) => format!("{name} {} ({})", format_level(m, lang), n_text(cell.n)),
                (None, None) => format!("{name} {}", lang.pick("ohne Stimmen", "no ballots")),
            })
            .collect();
        format!("{}; {}", parts.join(", "), cells.join(", "))
    }
}

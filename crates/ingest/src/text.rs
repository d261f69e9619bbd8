//! The readable rendering of a report for the command line: a verdict line, the detected
//! dialect, then one line per issue with its cell as a spreadsheet names it (`D7 (Wert)`).

use std::fmt::{self, Write as _};

use crate::report::{Issue, MAX_ISSUES, Severity, ValidationReport};

impl ValidationReport {
    /// Readable text for the CLI: a summary line, then one line per issue.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let verdict = if self.is_accepted() {
            "accepted / angenommen"
        } else {
            "rejected / abgelehnt"
        };
        let _ = write!(
            out,
            "{verdict}: {} rows, {} observations, {} errors, {} warnings",
            self.rows, self.observations, self.error_count, self.warning_count
        );
        let _ = write!(out, "\nformat: {:?}", self.format);
        if let Some(encoding) = self.encoding {
            let _ = write!(out, ", encoding: {encoding}");
        }
        if let Some(sep) = self.separator {
            let shown = if sep == '\t' {
                "TAB".to_owned()
            } else {
                sep.to_string()
            };
            let _ = write!(out, ", separator: {shown}");
        }
        if let Some(mark) = self.decimal_mark {
            let _ = write!(out, ", decimal mark: {}", mark.as_char());
        }
        if let Some(layout) = self.layout {
            let _ = write!(out, ", layout: {layout:?}");
        }
        if let Some(sheet) = &self.sheet {
            let _ = write!(out, ", sheet: {sheet}");
        }
        if let Some(source) = &self.source {
            source.write_text(&mut out);
        }
        // The same problem in many rows (a lost leading zero in every row) is one line.
        for (issue, rows) in group_issues(self.errors.iter().chain(&self.warnings)) {
            if rows.len() < 2 {
                let _ = write!(out, "\n{issue}");
                continue;
            }
            let severity = match issue.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARN ",
            };
            let column = issue
                .column
                .as_ref()
                .map(|c| format!(" column {} ({})", c.letter, c.name))
                .unwrap_or_default();
            let _ = write!(
                out,
                "\n{severity} [{}] {} rows / Zeilen {}{column}: {} / {}",
                issue.code,
                rows.len(),
                rows_text(&rows),
                issue.message_de,
                issue.message_en
            );
        }
        if self.truncated {
            let _ = write!(
                out,
                "\n… only the first {MAX_ISSUES} issues are listed / nur die ersten {MAX_ISSUES} Probleme sind aufgeführt"
            );
        }
        out.push('\n');
        out
    }
}

/// Issues that differ only in their row, together, in the order of their first row: each
/// with the rows it stands for.
pub fn group_issues<'a>(issues: impl Iterator<Item = &'a Issue>) -> Vec<(&'a Issue, Vec<usize>)> {
    let mut groups: Vec<(&Issue, Vec<usize>)> = Vec::new();
    for issue in issues {
        let same = groups.iter_mut().find(|(g, _)| {
            g.severity == issue.severity
                && g.code == issue.code
                && g.column == issue.column
                && g.message_en == issue.message_en
                && g.row.is_some()
                && issue.row.is_some()
        });
        match same {
            Some((_, rows)) => rows.extend(issue.row),
            None => groups.push((issue, issue.row.into_iter().collect())),
        }
    }
    groups
}

/// Rows as a short text: `2–32` for one run, `2, 5, 9` for a few, `2, 5, 9, … 40` for many.
pub fn rows_text(rows: &[usize]) -> String {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return String::new();
    };
    if rows.windows(2).all(|w| w[1] == w[0] + 1) {
        return if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
    }
    let shown: Vec<String> = rows.iter().take(5).map(ToString::to_string).collect();
    if rows.len() <= 5 {
        shown.join(", ")
    } else {
        format!("{}, … {last}", shown.join(", "))
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARN ",
        };
        write!(f, "{severity} [{}]", self.code)?;
        match (self.row, &self.column) {
            (Some(row), Some(col)) if !col.letter.is_empty() => {
                write!(f, " {}{row} ({})", col.letter, col.name)?;
            }
            (Some(row), Some(col)) => write!(f, " row {row} ({})", col.name)?,
            (Some(row), None) => write!(f, " row {row}")?,
            (None, Some(col)) => write!(f, " column {}", col.name)?,
            (None, None) => {}
        }
        if let Some(value) = &self.value {
            write!(f, " {value:?}")?;
        }
        write!(f, ": {} / {}", self.message_de, self.message_en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_as_runs_or_short_lists() {
        assert_eq!(rows_text(&[]), "");
        assert_eq!(rows_text(&[7]), "7");
        assert_eq!(rows_text(&[2, 3, 4, 5]), "2–5");
        assert_eq!(rows_text(&[2, 5, 9]), "2, 5, 9");
        assert_eq!(rows_text(&[2, 4, 6, 8, 10]), "2, 4, 6, 8, 10");
        assert_eq!(rows_text(&[2, 4, 6, 8, 10, 12, 40]), "2, 4, 6, 8, 10, … 40");
    }
}

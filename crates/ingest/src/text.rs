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
        for issue in self.errors.iter().chain(&self.warnings) {
            let _ = write!(out, "\n{issue}");
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

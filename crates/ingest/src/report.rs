//! The validation report: every problem found in an upload, each with a stable code (Frictionless
//! names where one fits), row and column as a spreadsheet shows them, the cell value and a message
//! in German and English. Errors block an upload, warnings do not. Also the text rendering the CLI
//! prints.

use std::fmt;

use serde::Serialize;

/// The most issues a report lists; more set [`ValidationReport::truncated`].
pub const MAX_ISSUES: usize = 1_000;

/// Stable machine codes. Frictionless names first, then our own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    BlankLabel,
    DuplicateLabel,
    ExtraLabel,
    MissingLabel,
    ExtraCell,
    MissingCell,
    TypeError,
    ConstraintError,
    PrimaryKey,
    ForeignKey,
    EncodingError,
    FormatError,
    TableDimensions,
    /// The upload is larger than the byte limit.
    FileTooLarge,
    /// A cell is longer than the cell-length limit.
    CellTooLong,
    /// A zip container (XLSX, ODS) breaks the entry-count, size or compression-ratio guard.
    ArchiveLimit,
    /// The file name's extension names another format than the bytes contain.
    FileNameMismatch,
    /// A format we do not read (the old binary XLS).
    UnsupportedFormat,
    /// A row belongs to another municipality than the uploader's.
    WrongMunicipality,
    /// Only one sheet of a workbook was read.
    OtherSheetsIgnored,
    /// Rows without a value and without a status were skipped.
    BlankRowsSkipped,
    /// Warning: the municipality key lost its leading zero (a spreadsheet read it as a number)
    /// and was taken as the uploader's own member.
    LeadingZeroRestored,
    /// Warning: rows of other members were left out (an official table uploaded by one member,
    /// or one member's part of a split import).
    OtherMembersSkipped,
    /// Warning: the value moved by more than the configured factor against the previous year.
    ValueJump,
    /// Warning: the value lies far outside the cohort's spread.
    CohortOutlier,
    /// Warning: a provisional value replaces a final one.
    ProvisionalReplacesFinal,
    /// Warning: a value variable of an official table with cohort rows is mapped to no indicator.
    UnmappedVariable,
    /// A mapped variable's unit differs from the indicator's (or the mapping's) without a factor.
    UnitMismatch,
    /// Warning: an official file states no unit for a mapped variable (INKAR).
    UnitNotStated,
    /// Two variables of an official table are mapped to the same indicator and year.
    MappingConflict,
    /// Warning: rows of a flat file repeat an earlier row exactly; read once.
    RepeatedRow,
}

impl Code {
    /// The code as it appears in JSON (`missing-label`, …).
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            BlankLabel => "blank-label",
            DuplicateLabel => "duplicate-label",
            ExtraLabel => "extra-label",
            MissingLabel => "missing-label",
            ExtraCell => "extra-cell",
            MissingCell => "missing-cell",
            TypeError => "type-error",
            ConstraintError => "constraint-error",
            PrimaryKey => "primary-key",
            ForeignKey => "foreign-key",
            EncodingError => "encoding-error",
            FormatError => "format-error",
            TableDimensions => "table-dimensions",
            FileTooLarge => "file-too-large",
            CellTooLong => "cell-too-long",
            ArchiveLimit => "archive-limit",
            FileNameMismatch => "file-name-mismatch",
            UnsupportedFormat => "unsupported-format",
            WrongMunicipality => "wrong-municipality",
            OtherSheetsIgnored => "other-sheets-ignored",
            BlankRowsSkipped => "blank-rows-skipped",
            OtherMembersSkipped => "other-members-skipped",
            LeadingZeroRestored => "leading-zero-restored",
            ValueJump => "value-jump",
            CohortOutlier => "cohort-outlier",
            ProvisionalReplacesFinal => "provisional-replaces-final",
            UnmappedVariable => "unmapped-variable",
            UnitMismatch => "unit-mismatch",
            UnitNotStated => "unit-not-stated",
            MappingConflict => "mapping-conflict",
            RepeatedRow => "repeated-row",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A column as a spreadsheet shows it: 1-based number, letter (`A`, …, `AA`) and header label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnRef {
    pub number: usize,
    pub letter: String,
    pub name: String,
}

impl ColumnRef {
    /// `index` is 0-based.
    pub fn new(index: usize, name: &str) -> Self {
        Self {
            number: index + 1,
            letter: column_letter(index),
            name: name.to_owned(),
        }
    }

    /// A field of a JSON observation: no letter, the field name as name.
    pub fn field(name: &str) -> Self {
        Self {
            number: 0,
            letter: String::new(),
            name: name.to_owned(),
        }
    }
}

/// `0 -> A`, `25 -> Z`, `26 -> AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub code: Code,
    pub severity: Severity,
    /// 1-based; the header is row 1. For JSON, the position in `observations` (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The observation a warning is about (member, indicator, year), so a reviewer reading
    /// "row 32" also reads which value it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observation: Option<Subject>,
    pub message_de: String,
    pub message_en: String,
}

/// The observation an issue is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subject {
    pub municipality: String,
    pub indicator: String,
    pub year: i32,
}

/// What the bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
    /// The legacy Excel format; read only as INKAR's export.
    Xls,
    Ods,
    Json,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// One row per municipality, indicator and year.
    Long,
    /// One row per municipality and indicator, one column per year.
    WideYears,
    /// One row per municipality and year, one column per indicator.
    WideIndicators,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DecimalMark {
    #[serde(rename = ",")]
    Comma,
    #[serde(rename = ".")]
    Point,
}

/// Everything the API returns and the CLI prints about one upload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationReport {
    pub format: Format,
    /// `utf-8`, `utf-8-bom`, `windows-1252`, `utf-16le`, `utf-16be`; CSV only.
    pub encoding: Option<&'static str>,
    /// CSV only.
    pub separator: Option<char>,
    pub decimal_mark: Option<DecimalMark>,
    pub layout: Option<Layout>,
    /// The sheet read (XLSX, ODS).
    pub sheet: Option<String>,
    /// Data rows read (header excluded).
    pub rows: usize,
    /// Observations the file yields (also counted when errors block them).
    pub observations: usize,
    pub error_count: usize,
    pub warning_count: usize,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    /// More than [`MAX_ISSUES`] issues were found; the lists hold the first ones.
    pub truncated: bool,
    /// Observations per member, when the file holds more than one member's (what a split
    /// import stores as one upload each).
    #[serde(skip_serializing_if = "members_hide")]
    pub members: std::collections::BTreeMap<String, usize>,
    /// Rows of other members left out (see [`Code::OtherMembersSkipped`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub other_member_rows: usize,
    /// Official statistics (GENESIS table or flat file, INKAR): what the file is and holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::official::section::SourceSection>,
}

impl ValidationReport {
    pub(crate) fn new() -> Self {
        Self {
            format: Format::Unknown,
            encoding: None,
            separator: None,
            decimal_mark: None,
            layout: None,
            sheet: None,
            rows: 0,
            observations: 0,
            error_count: 0,
            warning_count: 0,
            errors: Vec::new(),
            warnings: Vec::new(),
            truncated: false,
            members: std::collections::BTreeMap::new(),
            other_member_rows: 0,
            source: None,
        }
    }

    /// True when no error blocks the upload (warnings allowed).
    pub fn is_accepted(&self) -> bool {
        self.error_count == 0
    }

    pub(crate) fn push(&mut self, issue: Issue) {
        match issue.severity {
            Severity::Error => self.error_count += 1,
            Severity::Warning => self.warning_count += 1,
        }
        if self.errors.len() + self.warnings.len() >= MAX_ISSUES {
            self.truncated = true;
            return;
        }
        match issue.severity {
            Severity::Error => self.errors.push(issue),
            Severity::Warning => self.warnings.push(issue),
        }
    }

    /// The HTTP status an API answers with (RELIABILITY.md rule 5): 200 accepted; 413 when the
    /// file or its unpacked content is too large; 415 for a format we do not read; else 422.
    pub fn http_status(&self) -> u16 {
        let has = |code: Code| self.errors.iter().any(|i| i.code == code);
        if self.is_accepted() {
            200
        } else if has(Code::FileTooLarge) || has(Code::ArchiveLimit) {
            413
        } else if has(Code::UnsupportedFormat) {
            415
        } else {
            422
        }
    }
}

impl DecimalMark {
    pub fn as_char(self) -> char {
        match self {
            Self::Comma => ',',
            Self::Point => '.',
        }
    }
}

/// Builds issues tersely: `issue(Code::TypeError).row(3).col(2, "Wert").value("x").msg(de, en)`.
pub(crate) fn issue(code: Code) -> Issue {
    Issue {
        code,
        severity: Severity::Error,
        row: None,
        column: None,
        value: None,
        observation: None,
        message_de: String::new(),
        message_en: String::new(),
    }
}

impl Issue {
    pub(crate) fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }
    pub(crate) fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
    pub(crate) fn at(mut self, column: Option<ColumnRef>) -> Self {
        self.column = column;
        self
    }
    pub(crate) fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
    pub(crate) fn about(mut self, subject: Subject) -> Self {
        self.observation = Some(subject);
        self
    }
    pub(crate) fn msg(mut self, de: impl Into<String>, en: impl Into<String>) -> Self {
        self.message_de = de.into();
        self.message_en = en.into();
        self
    }
}

fn members_hide(members: &std::collections::BTreeMap<String, usize>) -> bool {
    members.len() < 2
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_naming() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn report_keeps_counting_but_lists_at_most_a_thousand_issues() {
        let mut report = ValidationReport::new();
        for row in 0..1_500 {
            report.push(issue(Code::TypeError).row(row + 2).msg("x", "x"));
        }
        assert_eq!(report.errors.len(), MAX_ISSUES);
        assert_eq!(report.error_count, 1_500);
        assert!(report.truncated);
        assert!(!report.is_accepted());
        let json = serde_json::to_value(&report).unwrap_or_default();
        assert_eq!(json["errors"][0]["code"], "type-error");
        assert_eq!(json["truncated"], true);
        // The same problem in every listed row is one line of the text report (issue #16, 13).
        assert!(
            report
                .to_text()
                .contains("[type-error] 1000 rows / Zeilen 2–1001")
        );
    }
}

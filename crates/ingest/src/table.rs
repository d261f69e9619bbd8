//! Cells as every reader hands them on: borrowed text from CSV, typed values from spreadsheets and
//! JSON. Readers produce rows of [`Cell`]s; the layout and validation stages consume them.

/// One cell, borrowed from the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    /// A spreadsheet error value such as `#DIV/0!`.
    Error(&'a str),
}

impl Cell<'_> {
    /// Empty, or text that is only whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the report shows it.
    pub(crate) fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) | Cell::Error(t) => (*t).to_owned(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => b.to_string(),
        }
    }

    /// Text as written, numbers without a spurious `.0` (header labels such as `2023`).
    pub(crate) fn label(&self) -> String {
        self.display().trim().to_owned()
    }
}

/// `2023.0 -> "2023"`, `12.5 -> "12.5"`.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// A number inside a message: at most two decimals, with a decimal comma in German
/// (`1,16`, `17,8`) and a point in English.
pub(crate) fn message_number(n: f64, german: bool) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    let text = format_number(rounded);
    if german { text.replace('.', ",") } else { text }
}

/// An owned cell, for readers that cannot lend (spreadsheets, JSON).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OwnedCell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Error(String),
    /// A date cell, `dd.mm.yyyy`: an error where a value is expected, a period in a BA header.
    Date(String),
}

impl OwnedCell {
    pub(crate) fn as_cell(&self) -> Cell<'_> {
        match self {
            OwnedCell::Empty => Cell::Empty,
            OwnedCell::Text(t) => Cell::Text(t),
            OwnedCell::Number(n) => Cell::Number(*n),
            OwnedCell::Bool(b) => Cell::Bool(*b),
            OwnedCell::Error(e) => Cell::Error(e),
            OwnedCell::Date(_) => Cell::Error("Datum/date"),
        }
    }
}

//! Spreadsheet cases.

//! Configurable limits for one upload (RELIABILITY.md rule 8). Every limit is inclusive: a file
//! exactly at a limit passes, one unit past it is rejected with a report issue.

/// Limits applied while reading an upload. `Limits::default()` holds the service defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Size of the upload in bytes (default 10 MiB).
    pub max_bytes: usize,
    /// Data rows, header excluded (default 200,000).
    pub max_rows: usize,
    /// Columns of the table (default 200).
    pub max_columns: usize,
    /// Characters in one cell (default 1,000).
    pub max_cell_chars: usize,
    /// Sum of the uncompressed sizes of all entries of an XLSX/ODS container (default 100 MiB).
    pub max_decompressed_bytes: u64,
    /// Entries in an XLSX/ODS container (default 1,000).
    pub max_zip_entries: usize,
    /// Uncompressed size / compressed size of one entry (default 250).
    pub max_compression_ratio: u64,
    /// Cells of a workbook: for ODS the cells the spreadsheet library lays out densely (repeated
    /// rows and columns expanded, checked before it reads the file); for XLSX the filled cells
    /// read (default 5,000,000).
    pub max_sheet_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_rows: 200_000,
            max_columns: 200,
            max_cell_chars: 1_000,
            max_decompressed_bytes: 100 * 1024 * 1024,
            max_zip_entries: 1_000,
            max_compression_ratio: 250,
            max_sheet_cells: 5_000_000,
        }
    }
}

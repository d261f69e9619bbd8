//! One pass over an ODS `content.xml` before calamine reads it (the zip guard runs it): the cells a
//! dense reader would lay out, for the cell limit, and where each table's percentage cells are,
//! because calamine hands those over as the stored fraction (0.95), not as shown (95 %).
//!
//! Positions are counted as calamine counts them, so they are its absolute positions
//! (`range.start()` plus the offset in the range): every `table:table-row`, also inside header-row
//! and row-group elements, advances the row by its `table:number-rows-repeated`; every
//! `table:table-cell` and `table:covered-table-cell` advances the column by its
//! `table:number-columns-repeated`. Repeats are kept as blocks and never expanded into cells.
//!
//! calamine reads at most [`MAX_ROWS`] rows and [`MAX_COLUMNS`] columns per table and drops what
//! lies beyond without a word, so the walk stops at the first cell holding something out there.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

/// Rows calamine reads per table (Excel's and LibreOffice's 1,048,576).
pub(crate) const MAX_ROWS: u64 = 1_048_576;
/// Columns calamine reads per table (16,384, up to column XFD).
pub(crate) const MAX_COLUMNS: u64 = 16_384;

/// A block of percentage cells: one row element (with its repeats) by a run of adjacent columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    row: u32,
    rows: u32,
    col: u32,
    cols: u32,
}

/// One table's percentage cells, as blocks in document order: by first row, and within a row
/// element by column. Blocks of different row elements never share a row.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PercentCells {
    blocks: Vec<Block>,
}

impl PercentCells {
    pub(crate) fn contains(&self, row: u32, col: u32) -> bool {
        // Only the last row element starting at or above `row` can cover it.
        let end = self.blocks.partition_point(|b| b.row <= row);
        let Some(last) = end.checked_sub(1).and_then(|i| self.blocks.get(i)) else {
            return false;
        };
        if row - last.row >= last.rows {
            return false;
        }
        let start = self.blocks.partition_point(|b| b.row < last.row);
        let same_row = self.blocks.get(start..end).unwrap_or_default();
        let at = same_row.partition_point(|b| b.col <= col);
        at.checked_sub(1)
            .and_then(|i| same_row.get(i))
            .is_some_and(|b| col - b.col < b.cols)
    }

    /// Adds a block, joining it to the previous one when it continues the same row; `true` when
    /// the list grew.
    fn push(&mut self, block: Block) -> bool {
        if let Some(last) = self.blocks.last_mut()
            && last.row == block.row
            && last.col.saturating_add(last.cols) == block.col
        {
            last.cols = last.cols.saturating_add(block.cols);
            return false;
        }
        self.blocks.push(block);
        true
    }
}

/// Percentage cells per table, keyed by `table:name` (what calamine's `sheet_names()` returns).
pub(crate) type PercentSheets = BTreeMap<String, PercentCells>;

#[derive(Debug, PartialEq)]
pub(crate) struct Scan {
    /// An upper bound of the cells a dense reader lays out for all tables: per table, the rows
    /// from the first to the last non-empty one (repeats expanded) times the widest non-empty
    /// row. Trailing empty repeats, which LibreOffice writes by the million, cost nothing.
    pub(crate) dense_cells: u64,
    pub(crate) percent: PercentSheets,
    /// The first cell holding something at or past [`MAX_ROWS`] or [`MAX_COLUMNS`]; the walk
    /// stops there (`dense_cells` is then the count so far, `percent` empty).
    pub(crate) outside: Option<Outside>,
}

/// Where a table holds a cell calamine would drop: the first dropped position, 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outside {
    /// `table:name`, when the table has one.
    pub(crate) sheet: Option<String>,
    pub(crate) row: u64,
    pub(crate) col: u64,
}

/// Attributes that give a cell a value calamine reads, besides the content of a string cell.
const VALUE_ATTRS: [&str; 6] = [
    "office:value-type",
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
];

/// A cell holds something when it has a value attribute or any content (a start tag, not an empty
/// element). Content is not looked into: a cell with only an empty paragraph or a comment counts
/// too, which errs towards counting and refusing, never towards losing a value.
fn holds_something(e: &BytesStart<'_>, start: bool) -> bool {
    start
        || e.attributes()
            .flatten()
            .any(|a| VALUE_ATTRS.contains(&a.key.as_ref()))
}

/// The first position of a filled block (`rows` by `cols` from `row`, `col`) that calamine drops.
fn first_outside(row: u64, rows: u64, col: u64, cols: u64) -> Option<(u64, u64)> {
    if row.saturating_add(rows) > MAX_ROWS {
        Some((row.max(MAX_ROWS), col))
    } else if col.saturating_add(cols) > MAX_COLUMNS {
        Some((row, col.max(MAX_COLUMNS)))
    } else {
        None
    }
}

fn attr<'a>(e: &'a BytesStart<'_>, name: &str) -> Option<Cow<'a, str>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value)
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// Saturating: positions past `u32` lie far beyond calamine's caps and are never asked for.
fn narrow(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Walks `content.xml` once. More percentage blocks than `max_cells` stop the walk early: each
/// block holds at least one cell of the dense layout, so the count so far is returned as
/// `dense_cells` (a lower bound already past the limit) and the list never outgrows the limit.
/// A file that ends before its elements are closed is an error: calamine would wait for the
/// table's end tag forever.
pub(crate) fn scan<R: BufRead>(input: R, max_cells: u64) -> Result<Scan, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let (mut buf, mut skipped) = (Vec::new(), Vec::new());
    let mut percent = PercentSheets::new();
    let (mut name, mut cells, mut blocks) = (None::<String>, PercentCells::default(), 0u64);
    let (mut total, mut rows, mut first, mut last, mut width) = (0u64, 0u64, None, 0u64, 0u64);
    let (mut row_repeat, mut col, mut row_width) = (1u64, 0u64, 0u64);
    // Elements open around the walk's position; cells are read to their end at once.
    let mut open = 0u64;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        let (start, e) = match &event {
            Event::Start(e) => {
                open += 1;
                (true, e)
            }
            Event::Empty(e) => (false, e),
            Event::End(e) => {
                open = open.saturating_sub(1);
                match e.name().as_ref() {
                    "table:table-row" => {
                        if row_width > 0 {
                            first.get_or_insert(rows);
                            last = rows.saturating_add(row_repeat);
                            width = width.max(row_width);
                        }
                        rows = rows.saturating_add(row_repeat);
                    }
                    "table:table" => {
                        let span = first.map_or(0, |f| last - f);
                        total = total.saturating_add(span.saturating_mul(width));
                        (rows, first, last, width) = (0, None, 0, 0);
                        let table = std::mem::take(&mut cells);
                        // Like calamine: unnamed tables are skipped, a repeated name keeps the last.
                        if let Some(name) = name.take() {
                            percent.insert(name, table);
                        }
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Eof if open > 0 => return Err("content.xml ends inside an element".into()),
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
                let table = attr(e, "table:name")
                    .map(|n| quick_xml::escape::unescape(&n).map(Cow::into_owned))
                    .transpose()
                    .map_err(|e| e.to_string())?;
                if start {
                    name = table;
                } else if let Some(table) = table {
                    percent.insert(table, PercentCells::default());
                }
            }
            "table:table-row" => {
                row_repeat = repeat(e, "table:number-rows-repeated");
                (col, row_width) = (0, 0);
                if !start {
                    rows = rows.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeated = repeat(e, "table:number-columns-repeated");
                let value_type = attr(e, "office:value-type");
                if value_type.as_deref() == Some("percentage") && row_repeat > 0 && repeated > 0 {
                    let block = Block {
                        row: narrow(rows),
                        rows: narrow(row_repeat),
                        col: narrow(col),
                        cols: narrow(repeated),
                    };
                    if cells.push(block) {
                        blocks += 1;
                        if blocks > max_cells {
                            return Ok(Scan {
                                dense_cells: blocks,
                                percent: PercentSheets::new(),
                                outside: None,
                            });
                        }
                    }
                }
                let filled = holds_something(e, start);
                if filled
                    && row_repeat > 0
                    && repeated > 0
                    && let Some((row, col)) = first_outside(rows, row_repeat, col, repeated)
                {
                    return Ok(Scan {
                        dense_cells: total,
                        percent: PercentSheets::new(),
                        outside: Some(Outside {
                            sheet: name,
                            row,
                            col,
                        }),
                    });
                }
                col = col.saturating_add(repeated);
                if filled {
                    row_width = col;
                }
                if start {
                    // What a cell holds (paragraphs, annotations, a sub-table) is skipped, as
                    // calamine skips it: a sub-table's rows are no rows of this table.
                    reader
                        .read_to_end_into(e.name(), &mut skipped)
                        .map_err(|e| e.to_string())?;
                    skipped.clear();
                    open = open.saturating_sub(1);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(Scan {
        dense_cells: total,
        percent,
        outside: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> String {
        format!(
            "<office:document-content><table:table>{rows}</table:table></office:document-content>"
        )
    }

    fn dense_cells(xml: &str) -> Result<u64, String> {
        scan(xml.as_bytes(), u64::MAX).map(|s| s.dense_cells)
    }

    const PERCENT: &str = r#"office:value-type="percentage" office:value="0.5""#;

    #[test]
    fn trailing_empty_repeats_cost_nothing_but_repeated_values_do() {
        let plain = table(
            r#"<table:table-row><table:table-cell office:value-type="float"/><table:table-cell table:number-columns-repeated="3"/></table:table-row>
               <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        assert_eq!(dense_cells(&plain), Ok(1));
        let bomb = table(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float"/></table:table-row>"#,
        );
        assert_eq!(dense_cells(&bomb), Ok(1_000_000_000));
    }

    #[test]
    fn percentage_blocks_cover_their_repeats_and_nothing_else() {
        // Row 0: B..D percent (C..D repeated, joined to B), F percent; rows 1..=2 empty;
        // rows 3..=5 one repeated row with A percent; row 6 plain.
        let xml = format!(
            r#"<table:table table:name="A &amp; B">
            <table:table-row><table:table-cell/><table:table-cell {PERCENT}/><table:table-cell table:number-columns-repeated="2" {PERCENT}/><table:table-cell office:value-type="float" office:value="1"/><table:table-cell {PERCENT}/></table:table-row>
            <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="6"/></table:table-row>
            <table:table-row table:number-rows-repeated="3"><table:table-cell {PERCENT}></table:table-cell></table:table-row>
            <table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            </table:table><table:table table:name="other"/>"#
        );
        let scan = scan(xml.as_bytes(), u64::MAX).unwrap();
        assert_eq!(
            scan.percent.keys().collect::<Vec<_>>(),
            vec!["A & B", "other"]
        );
        let cells = &scan.percent["A & B"];
        assert_eq!(cells.blocks.len(), 3);
        let covered: Vec<(u32, u32)> = (0..8)
            .flat_map(|r| (0..8).map(move |c| (r, c)))
            .filter(|&(r, c)| cells.contains(r, c))
            .collect();
        assert_eq!(
            covered,
            vec![(0, 1), (0, 2), (0, 3), (0, 5), (3, 0), (4, 0), (5, 0)]
        );
        assert!(!scan.percent["other"].contains(0, 1));
    }

    #[test]
    fn a_sub_table_inside_a_cell_neither_ends_the_table_nor_adds_rows() {
        let xml = format!(
            r#"<table:table table:name="outer">
            <table:table-row><table:table-cell office:value-type="float" office:value="1"><table:table table:name="inner"><table:table-row table:number-rows-repeated="9"><table:table-cell {PERCENT}/></table:table-row></table:table></table:table-cell></table:table-row>
            <table:table-row><table:table-cell {PERCENT}/></table:table-row>
            </table:table>"#
        );
        let scan = scan(xml.as_bytes(), u64::MAX).unwrap();
        assert_eq!(scan.dense_cells, 2);
        assert_eq!(scan.percent.keys().collect::<Vec<_>>(), vec!["outer"]);
        assert!(scan.percent["outer"].contains(1, 0));
        assert!(!scan.percent["outer"].contains(0, 0));
    }

    #[test]
    fn percentage_blocks_past_the_cell_limit_stop_the_walk() {
        let row = format!(
            "<table:table-row><table:table-cell {PERCENT}/><table:table-cell/><table:table-cell {PERCENT}/></table:table-row>"
        );
        let xml = format!(
            "<table:table table:name=\"t\">{}</table:table>",
            row.repeat(3)
        );
        let at_limit = scan(xml.as_bytes(), 6).unwrap();
        assert_eq!(at_limit.dense_cells, 9);
        assert_eq!(at_limit.percent["t"].blocks.len(), 6);
        let past = scan(xml.as_bytes(), 5).unwrap();
        assert_eq!(past.dense_cells, 6);
        assert!(past.percent.is_empty());
    }
}

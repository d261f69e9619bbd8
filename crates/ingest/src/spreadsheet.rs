//! XLSX and ODS through calamine, after the zip guards. XLSX cells are streamed and kept sparse, so
//! a declared dimension never becomes an allocation. The data sheet is the first whose header row
//! (within its first rows, below any title lines) names known columns. Percentage cells are read
//! as shown: XLSX by their number format, ODS by the positions the zip guard's pass found.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xlsx};
use vergleich_domain::Observation;

use crate::context::IngestContext;
use crate::layout::{indicator_labels, key_label, known_label};
use crate::limits::Limits;
use crate::number::MarkVotes;
use crate::official;
use crate::official::grid::{self, GridRow, date_text};
use crate::pipeline::Pipeline;
use crate::report::{Code, DecimalMark, Format, Issue, ValidationReport, issue};
use crate::table::{Cell, OwnedCell};
use crate::zip_guard;

/// Rows searched for the header below title lines.
const HEADER_SEARCH: usize = 10;

/// One sheet, sparse: rows in order, each with its cells (index = column).
pub(crate) struct Sheet {
    pub(crate) name: String,
    pub(crate) rows: BTreeMap<u32, Vec<OwnedCell>>,
}

fn unreadable(detail: impl std::fmt::Display) -> Issue {
    issue(Code::FormatError).msg(
        format!("Die Tabelle kann nicht gelesen werden ({detail}). Bitte erneut speichern."),
        format!("The spreadsheet cannot be read ({detail}). Save it again."),
    )
}

fn owned_ref(value: &DataRef<'_>) -> OwnedCell {
    match value {
        DataRef::Int(i) => OwnedCell::Number(*i as f64),
        DataRef::Float(f) => OwnedCell::Number(*f),
        DataRef::String(s) => OwnedCell::Text(s.clone()),
        DataRef::SharedString(s) => OwnedCell::Text((*s).to_owned()),
        DataRef::Bool(b) => OwnedCell::Bool(*b),
        DataRef::DateTime(d) if d.is_datetime() => OwnedCell::Date(date_text(d)),
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => {
            OwnedCell::Error("Datum/date".to_owned())
        }
        DataRef::Error(e) => OwnedCell::Error(e.to_string()),
        DataRef::Empty => OwnedCell::Empty,
    }
}

fn owned(value: &Data) -> OwnedCell {
    match value {
        Data::Int(i) => OwnedCell::Number(*i as f64),
        Data::Float(f) => OwnedCell::Number(*f),
        Data::String(s) => OwnedCell::Text(s.clone()),
        Data::Bool(b) => OwnedCell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => OwnedCell::Date(date_text(d)),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            OwnedCell::Error("Datum/date".to_owned())
        }
        Data::Error(e) => OwnedCell::Error(e.to_string()),
        Data::Empty => OwnedCell::Empty,
    }
}

/// A cell formatted as a percentage stores 0.95 and shows "95 %"; the catalogue's percentages
/// are the shown numbers.
fn is_percent(style: &calamine::Style) -> bool {
    style.number_format.as_ref().is_some_and(|f| {
        matches!(f.format_id, Some(9 | 10)) || f.format_code.replace("\\%", "").contains('%')
    })
}

/// `0.95 -> 95`, without the float noise of the multiplication (`0.07 * 100 = 7.000000000000001`).
fn as_shown_percent(stored: f64) -> f64 {
    let shown = stored * 100.0;
    let rounded = (shown * 1e9).round() / 1e9;
    if (rounded - shown).abs() < 1e-9 {
        rounded
    } else {
        shown
    }
}

/// Collects cells sparsely, refusing columns past the limit and more cells than allowed.
struct Collector<'l> {
    limits: &'l Limits,
    cells: u64,
    rows: BTreeMap<u32, Vec<OwnedCell>>,
}

impl Collector<'_> {
    fn add(&mut self, row: u32, col: u32, cell: OwnedCell) -> Result<(), Issue> {
        if cell == OwnedCell::Empty {
            return Ok(());
        }
        let col = col as usize;
        self.cells += 1;
        if col >= self.limits.max_columns || self.cells > self.limits.max_sheet_cells {
            let max = self.limits.max_columns;
            return Err(issue(Code::TableDimensions).row(row as usize + 1).msg(
                format!(
                    "Die Tabelle ist zu groß: höchstens {max} Spalten und {} Zellen.",
                    self.limits.max_sheet_cells
                ),
                format!(
                    "The sheet is too large: at most {max} columns and {} cells.",
                    self.limits.max_sheet_cells
                ),
            ));
        }
        if !self.rows.contains_key(&row) && self.rows.len() > self.limits.max_rows + HEADER_SEARCH {
            let max = self.limits.max_rows;
            return Err(issue(Code::TableDimensions).row(row as usize + 1).msg(
                format!("Die Tabelle hat mehr als {max} Datenzeilen. Bitte in mehrere Dateien aufteilen."),
                format!("The sheet has more than {max} data rows. Split it into several files."),
            ));
        }
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= col {
            cells.resize(col + 1, OwnedCell::Empty);
        }
        cells[col] = cell;
        Ok(())
    }
}

pub(crate) fn read_sheets(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<Vec<Sheet>, Issue> {
    let percent = zip_guard::check(
        bytes,
        limits,
        if format == Format::Ods {
            zip_guard::Container::Ods
        } else {
            zip_guard::Container::Xlsx
        },
    )?;
    let mut sheets = Vec::new();
    let new = |name: String| {
        let collector = Collector {
            limits,
            cells: 0,
            rows: BTreeMap::new(),
        };
        (collector, name)
    };
    if format == Format::Ods {
        let mut book: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(unreadable)?;
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).map_err(unreadable)?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            let percent = percent.get(&name);
            let (mut collector, name) = new(name);
            for (r, c, value) in range.used_cells() {
                let (row, col) = (row0 + r as u32, col0 + c as u32);
                let mut cell = owned(value);
                if let (Data::Float(n), Some(percent)) = (value, percent)
                    && percent.contains(row, col)
                {
                    cell = OwnedCell::Number(as_shown_percent(*n));
                }
                collector.add(row, col, cell)?;
            }
            sheets.push(Sheet {
                name,
                rows: collector.rows,
            });
        }
    } else {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
        for name in book.sheet_names() {
            let (mut collector, name) = new(name);
            let mut cells = book.worksheet_cells_reader(&name).map_err(unreadable)?;
            let percent: Vec<bool> = cells.styles().iter().map(is_percent).collect();
            while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(unreadable)? {
                let (row, col) = cell.get_position();
                let mut value = owned_ref(cell.get_value());
                if let OwnedCell::Number(n) = value
                    && percent.get(style).copied().unwrap_or(false)
                {
                    value = OwnedCell::Number(as_shown_percent(n));
                }
                collector.add(row, col, value)?;
            }
            sheets.push(Sheet {
                name,
                rows: collector.rows,
            });
        }
    }
    Ok(sheets)
}

/// A line of its own that names the Statistik der Bundesagentur für Arbeit.
fn names_ba(sheet: &Sheet) -> bool {
    sheet.rows.values().any(|cells| {
        let mut filled = cells.iter().filter(|c| **c != OwnedCell::Empty);
        matches!((filled.next(), filled.next()),
            (Some(OwnedCell::Text(t)), None) if t.contains(official::ba::STATISTIK))
    })
}

/// The row that looks like a header: at least two known labels.
fn header_row(sheet: &Sheet, ctx: &IngestContext<'_>) -> Option<u32> {
    let labels = indicator_labels(ctx.catalogue);
    sheet
        .rows
        .iter()
        .take(HEADER_SEARCH)
        .find_map(|(row, cells)| {
            let names: Vec<String> = cells.iter().map(|c| c.as_cell().label()).collect();
            let known = names.iter().filter(|l| known_label(l, &labels)).count();
            (known >= 2 && names.iter().any(|l| key_label(l))).then_some(*row)
        })
}

pub(crate) fn read(
    bytes: &[u8],
    format: Format,
    ctx: &IngestContext<'_>,
    limits: &Limits,
    mut report: ValidationReport,
) -> (Vec<Observation>, ValidationReport) {
    let sheets = match read_sheets(bytes, format, limits) {
        Ok(sheets) => sheets,
        Err(problem) => {
            report.push(problem);
            return (Vec::new(), report);
        }
    };
    // A BA table is an official file, recognised from its cells and read as such.
    if sheets.iter().any(names_ba) {
        let grids: Vec<(String, Vec<GridRow>)> = sheets
            .iter()
            .map(|s| (s.name.clone(), grid::from_cells(&s.rows)))
            .collect();
        let ba = official::ba_sheets(&grids);
        if !ba.is_empty() {
            return official::read_ba(&grids, &ba, ctx, limits, report);
        }
    }
    let with_header: Vec<(usize, u32)> = sheets
        .iter()
        .enumerate()
        .filter_map(|(i, s)| header_row(s, ctx).map(|row| (i, row)))
        .collect();
    let Some(&(chosen, header_at)) = with_header.first() else {
        let first = sheets.iter().find(|s| !s.rows.is_empty());
        let (observations, report) = match first {
            Some(sheet) => feed(
                sheet,
                sheet.rows.keys().next().copied().unwrap_or(0),
                ctx,
                limits,
                report,
            ),
            None => Pipeline::new(ctx, limits, DecimalMark::Comma, report).finish(),
        };
        return (observations, report);
    };
    for &(other, _) in &with_header[1..] {
        report.push(issue(Code::OtherSheetsIgnored).warning().value(sheets[other].name.clone()).msg(
            format!("Nur das Blatt „{}“ wurde gelesen; dieses Blatt wurde ignoriert. Bitte alle Daten auf ein Blatt legen.", sheets[chosen].name),
            format!("Only sheet \"{}\" was read; this sheet was ignored. Put all data on one sheet.", sheets[chosen].name),
        ));
    }
    feed(&sheets[chosen], header_at, ctx, limits, report)
}

fn feed(
    sheet: &Sheet,
    header_at: u32,
    ctx: &IngestContext<'_>,
    limits: &Limits,
    mut report: ValidationReport,
) -> (Vec<Observation>, ValidationReport) {
    report.sheet = Some(sheet.name.clone());
    let mut votes = MarkVotes::default();
    for cells in sheet.rows.values().take(2_000) {
        for cell in cells {
            if let OwnedCell::Text(t) = cell {
                votes.observe(t);
            }
        }
    }
    let mark = votes.decide(DecimalMark::Comma);
    report.decimal_mark = Some(mark);
    let mut pipeline = Pipeline::new(ctx, limits, mark, report);
    let mut borrowed: Vec<Cell<'_>> = Vec::new();
    let mut width = 0;
    for (&row, cells) in sheet.rows.range(header_at..) {
        borrowed.clear();
        borrowed.extend(cells.iter().map(OwnedCell::as_cell));
        if borrowed.len() < width {
            // A spreadsheet row simply ends after its last filled cell: not a ragged row.
            borrowed.resize(width, Cell::Empty);
        }
        let go_on = if row == header_at {
            width = borrowed.len();
            pipeline.header(row as usize + 1, &borrowed)
        } else {
            pipeline.row(row as usize + 1, &borrowed)
        };
        if !go_on {
            break;
        }
    }
    pipeline.finish()
}

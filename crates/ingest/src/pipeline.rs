//! The stage every reader feeds: a header row, then data rows. Applies the row, column and
//! cell-length limits, finds ragged rows and data under blank labels, expands the wide layouts
//! into records and hands each record to the validator.

use vergleich_domain::Observation;

use crate::context::IngestContext;
use crate::layout::{Header, Role, indicator_labels, read_header};
use crate::limits::Limits;
use crate::report::{Code, ColumnRef, DecimalMark, Issue, Layout, ValidationReport, issue};
use crate::table::Cell;
use crate::validate::{Given, Record, Slot, Validator};
use crate::warnings;

pub(crate) struct Pipeline<'c> {
    limits: &'c Limits,
    header: Option<Header>,
    validator: Validator<'c>,
    scratch: Vec<Issue>,
    blank_label_reported: Vec<bool>,
    /// Where the header is (1 unless title or blank lines stand above it).
    header_row: usize,
    /// JSON: columns are field names, rows are positions in the array.
    json: bool,
    stopped: bool,
    pub(crate) report: ValidationReport,
}

impl<'c> Pipeline<'c> {
    pub(crate) fn new(
        ctx: &'c IngestContext<'c>,
        limits: &'c Limits,
        mark: DecimalMark,
        report: ValidationReport,
    ) -> Self {
        Self {
            limits,
            header: None,
            validator: Validator::new(ctx, mark),
            scratch: Vec::new(),
            blank_label_reported: Vec::new(),
            header_row: 1,
            json: false,
            stopped: false,
            report,
        }
    }

    pub(crate) fn json(mut self) -> Self {
        self.json = true;
        self
    }

    fn flush(&mut self) {
        for issue in self.scratch.drain(..) {
            self.report.push(issue);
        }
    }

    fn too_wide(&mut self, row: usize, width: usize) -> bool {
        if width <= self.limits.max_columns {
            return false;
        }
        let max = self.limits.max_columns;
        self.report.push(
            issue(Code::TableDimensions)
                .row(row)
                .value(width.to_string())
                .msg(
                    format!("Die Tabelle hat {width} Spalten; erlaubt sind höchstens {max}."),
                    format!("The table has {width} columns; at most {max} are allowed."),
                ),
        );
        self.stopped = true;
        true
    }

    /// Reads the header row. Returns false when rows cannot be understood.
    pub(crate) fn header(&mut self, row: usize, cells: &[Cell<'_>]) -> bool {
        if self.too_wide(row, cells.len()) {
            return false;
        }
        let ctx = self.validator.ctx;
        let labels = indicator_labels(ctx.catalogue);
        let header = read_header(
            row,
            cells,
            &labels,
            ctx.principal.is_some(),
            &mut self.scratch,
        );
        self.flush();
        self.validator.columns = (0..header.names.len())
            .map(|i| {
                if self.json {
                    ColumnRef::field(&header.names[i])
                } else {
                    header.column(i)
                }
            })
            .collect();
        self.report.layout = header.layout;
        self.blank_label_reported = vec![false; header.names.len()];
        self.header_row = row;
        let ok = header.layout.is_some();
        self.header = Some(header);
        if !ok {
            self.stopped = true;
        }
        ok
    }

    /// Reads one data row (`row` is 1-based as a spreadsheet shows it). Returns false to stop.
    pub(crate) fn row(&mut self, row: usize, cells: &[Cell<'_>]) -> bool {
        if self.stopped {
            return false;
        }
        let Some(header) = self.header.take() else {
            return false;
        };
        self.report.rows += 1;
        if self.report.rows > self.limits.max_rows {
            let max = self.limits.max_rows;
            self.report.push(issue(Code::TableDimensions).row(row).msg(
                format!(
                    "Die Datei hat mehr als {max} Datenzeilen. Bitte in mehrere Dateien aufteilen."
                ),
                format!("The file has more than {max} data rows. Split it into several files."),
            ));
            self.report.rows -= 1;
            self.stopped = true;
            self.header = Some(header);
            return false;
        }
        if !self.too_wide(row, cells.len()) {
            self.check_row(&header, row, cells);
        }
        self.header = Some(header);
        self.flush();
        !self.stopped
    }

    fn check_row(&mut self, header: &Header, row: usize, cells: &[Cell<'_>]) {
        if cells.iter().all(Cell::is_blank) {
            return;
        }
        let width = header.names.len();
        let max_chars = self.limits.max_cell_chars;
        for (col, cell) in cells.iter().enumerate() {
            if let Cell::Text(t) = cell
                && t.len() > max_chars
                && t.chars().count() > max_chars
            {
                self.scratch.push(
                    issue(Code::CellTooLong)
                        .row(row)
                        .at(Some(header.column(col)))
                        .msg(
                            format!("Die Zelle ist länger als {max_chars} Zeichen."),
                            format!("The cell is longer than {max_chars} characters."),
                        ),
                );
                return;
            }
        }
        if let Some(extra) = (width..cells.len()).find(|c| !cells[*c].is_blank()) {
            self.scratch.push(
                issue(Code::ExtraCell)
                    .row(row)
                    .at(Some(ColumnRef::new(extra, "")))
                    .value(cells[extra].display())
                    .msg(
                        "Die Zeile hat mehr Zellen als die Kopfzeile. Bitte überzählige Zellen löschen oder eine Überschrift ergänzen.",
                        "The row has more cells than the header. Delete the extra cells or add a label.",
                    ),
            );
            return;
        }
        if cells.len() < width && !self.json {
            self.scratch.push(
                issue(Code::MissingCell)
                    .row(row)
                    .at(Some(header.column(cells.len())))
                    .msg(
                        format!(
                            "Die Zeile hat nur {} von {width} Zellen; es fehlen Trennzeichen.",
                            cells.len()
                        ),
                        format!(
                            "The row has only {} of {width} cells; separators are missing.",
                            cells.len()
                        ),
                    ),
            );
            return;
        }
        for (col, role) in header.roles.iter().enumerate() {
            if *role == Role::Blank
                && !self.blank_label_reported[col]
                && cells.get(col).is_some_and(|c| !c.is_blank())
            {
                self.blank_label_reported[col] = true;
                self.scratch.push(
                    issue(Code::BlankLabel)
                        .row(self.header_row)
                        .at(Some(header.column(col)))
                        .msg(
                            "Über dieser Spalte mit Daten fehlt die Überschrift.",
                            "This column holds data but has no label.",
                        ),
                );
            }
        }
        self.expand(header, row, cells);
    }

    fn expand(&mut self, header: &Header, row: usize, cells: &[Cell<'_>]) {
        let slot = |col: usize| Slot {
            cell: cells.get(col).copied().unwrap_or(Cell::Empty),
            col,
        };
        let find = |role: Role| header.find(role).map(slot);
        let base = |indicator, year, value| Record {
            row,
            municipality: find(Role::Municipality),
            indicator,
            year,
            value,
            status: find(Role::Status),
            reason: find(Role::Reason),
            note: find(Role::Note),
            source: find(Role::Source),
        };
        match header.layout {
            Some(Layout::Long) => {
                let (Some(indicator), Some(year), Some(value)) =
                    (find(Role::Indicator), find(Role::Year), find(Role::Value))
                else {
                    return;
                };
                let record = base(Given::Cell(indicator), Given::Cell(year), value);
                self.validator.record(&record, &mut self.scratch);
            }
            Some(Layout::WideYears) => {
                let Some(indicator) = find(Role::Indicator) else {
                    return;
                };
                for (col, role) in header.roles.iter().enumerate() {
                    if let Role::YearColumn(period) = role
                        && !slot(col).cell.is_blank()
                    {
                        let record = base(Given::Cell(indicator), Given::Known(*period), slot(col));
                        self.validator.record(&record, &mut self.scratch);
                    }
                }
            }
            Some(Layout::WideIndicators) => {
                let Some(year) = find(Role::Year) else {
                    return;
                };
                for (col, role) in header.roles.iter().enumerate() {
                    if let Role::IndicatorColumn(index) = role
                        && !slot(col).cell.is_blank()
                    {
                        let record = base(Given::Known(*index), Given::Cell(year), slot(col));
                        self.validator.record(&record, &mut self.scratch);
                    }
                }
            }
            None => {}
        }
    }

    /// Adds the summary and the warnings; returns the observations (empty when errors block).
    pub(crate) fn finish(mut self) -> (Vec<Observation>, ValidationReport) {
        if self.header.is_none() && !self.stopped && self.report.error_count == 0 {
            self.report.push(issue(Code::TableDimensions).row(1).msg(
                "Die Datei ist leer. Bitte die Vorlage verwenden: Kopfzeile und mindestens eine Datenzeile.",
                "The file is empty. Use the template: a header row and at least one data row.",
            ));
        }
        self.flush();
        let empty = (self.header.is_some()).then(|| {
            issue(Code::TableDimensions).row(2).msg(
                "Die Datei enthält keine Werte. Bitte mindestens einen Wert eintragen.",
                "The file holds no values. Enter at least one value.",
            )
        });
        conclude(self.validator, self.report, empty)
    }
}

/// After the last row, for every reader: the duplicate-key errors, the warnings, the count, and
/// `empty` when the file yields no observation and no error explains why. Issues end up in row
/// order (file-wide ones first); the observations are empty when an error blocks the upload.
pub(crate) fn conclude(
    mut validator: Validator<'_>,
    mut report: ValidationReport,
    empty: Option<Issue>,
) -> (Vec<Observation>, ValidationReport) {
    if let Some(&first) = validator.blank_rows.first() {
        let count = validator.blank_rows.len();
        report.push(issue(Code::BlankRowsSkipped).warning().row(first).value(count.to_string()).msg(
            format!("{count} Zeile(n) ohne Wert und ohne Status wurden übersprungen (erste: Zeile {first})."),
            format!("{count} row(s) without value and status were skipped (first: row {first})."),
        ));
    }
    if let (Some(&first), Some(p)) = (
        validator.zero_restored_rows.first(),
        validator.ctx.principal.as_ref(),
    ) {
        let count = validator.zero_restored_rows.len();
        report.push(issue(Code::LeadingZeroRestored).warning().row(first).value(count.to_string()).msg(
            format!("In {count} Zeile(n) fehlte dem Gemeindeschlüssel die führende Null (das Tabellenprogramm hat ihn als Zahl gelesen); übernommen als Ihre Kommune {p}. Die Spalte „Kommune“ darf auch ganz fehlen."),
            format!("In {count} row(s) the municipality key lost its leading zero (the spreadsheet read it as a number); taken as your municipality {p}. The \"Kommune\" column may also be left out."),
        ));
    }
    if let Some(&first) = validator.other_member_rows.first() {
        let count = validator.other_member_rows.len();
        report.other_member_rows = count;
        report.push(issue(Code::OtherMembersSkipped).warning().row(first).value(count.to_string()).msg(
            format!("{count} Zeile(n) anderer Mitglieder wurden übergangen (erste: Zeile {first}); übernommen werden nur die Werte Ihrer Kommune."),
            format!("{count} row(s) of other members were left out (first: row {first}); only your municipality's values are taken."),
        ));
    }
    let mut scratch = Vec::new();
    validator.check_keys(&mut scratch);
    for issue in scratch {
        report.push(issue);
    }
    warnings::add(&validator, &mut report);
    report.observations = validator.observations.len();
    for o in &validator.observations {
        *report
            .members
            .entry(o.municipality.as_str().to_owned())
            .or_default() += 1;
    }
    if let Some(empty) = empty
        && report.observations == 0
        && report.error_count == 0
    {
        report.push(empty);
    }
    // Key checks run after the rows; list every issue in row order (file-wide ones first).
    report.errors.sort_by_key(|i| i.row);
    report.warnings.sort_by_key(|i| i.row);
    let observations = if report.is_accepted() {
        validator.observations
    } else {
        Vec::new()
    };
    (observations, report)
}

//! Checking one record (municipality, indicator, year, value and attributes) against the domain:
//! keys known, year not in the future, value finite and in the indicator's range, status and
//! reason consistent, no key twice in a file, rows only for the uploader's municipality. Each
//! problem becomes a report issue; nothing stops at the first one.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use vergleich_domain::{MissingReason, Observation, Period, Status};

use crate::context::IngestContext;
use crate::keys::{self, KeyHasher, pack};
use crate::number::{Parsed, marker, number_message, parse_number, parse_reason, parse_status};
use crate::report::{Code, ColumnRef, DecimalMark, Issue, issue};
use crate::table::{Cell, message_number};

mod member;

/// A cell and its 0-based column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot<'a> {
    pub(crate) cell: Cell<'a>,
    pub(crate) col: usize,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Given<'a, T> {
    Cell(Slot<'a>),
    Known(T),
}

/// One would-be observation as the layout found it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    pub(crate) row: usize,
    /// `None`: the file has no municipality column; the principal's applies.
    pub(crate) municipality: Option<Slot<'a>>,
    pub(crate) indicator: Given<'a, usize>,
    pub(crate) year: Given<'a, Period>,
    pub(crate) value: Slot<'a>,
    pub(crate) status: Option<Slot<'a>>,
    pub(crate) reason: Option<Slot<'a>>,
    pub(crate) note: Option<Slot<'a>>,
    pub(crate) source: Option<Slot<'a>>,
}

/// Observations accepted so far, with the row each came from.
pub(crate) struct Validator<'c> {
    pub(crate) ctx: &'c IngestContext<'c>,
    pub(crate) mark: DecimalMark,
    pub(crate) columns: Vec<ColumnRef>,
    municipalities: HashMap<String, usize, BuildHasherDefault<KeyHasher>>,
    indicators: HashMap<String, usize, BuildHasherDefault<KeyHasher>>,
    /// The packed (municipality, indicator, year) of each observation.
    keys: Vec<u64>,
    /// Index of the observation one year earlier, per observation (`u32::MAX`: none).
    previous: Vec<u32>,
    pub(crate) observations: Vec<Observation>,
    pub(crate) rows: Vec<usize>,
    pub(crate) blank_rows: Vec<usize>,
    /// Rows of other members left out (`skip_other_members`), and the first of them.
    pub(crate) other_member_rows: Vec<usize>,
    /// Rows whose key lost its leading zero in a spreadsheet and was the principal's own.
    pub(crate) zero_restored_rows: Vec<usize>,
}

type Found<T> = Result<T, Issue>;

impl<'c> Validator<'c> {
    pub(crate) fn new(ctx: &'c IngestContext<'c>, mark: DecimalMark) -> Self {
        let municipalities = ctx
            .cohort
            .municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m.key.as_str().to_owned(), i))
            .collect();
        let indicators = ctx
            .catalogue
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| (ind.id.as_str().to_owned(), i))
            .collect();
        Self {
            ctx,
            mark,
            columns: Vec::new(),
            municipalities,
            indicators,
            keys: Vec::new(),
            previous: Vec::new(),
            observations: Vec::new(),
            rows: Vec::new(),
            blank_rows: Vec::new(),
            other_member_rows: Vec::new(),
            zero_restored_rows: Vec::new(),
        }
    }

    fn err(&self, code: Code, row: usize, slot: Option<Slot<'_>>) -> Issue {
        let mut out = issue(code).row(row);
        if let Some(slot) = slot {
            out = out
                .at(self.columns.get(slot.col).cloned())
                .value(slot.cell.display());
        }
        out
    }

    /// Checks a record; pushes issues; keeps the observation if it is sound.
    pub(crate) fn record(&mut self, r: &Record<'_>, issues: &mut Vec<Issue>) {
        if self.ctx.skip_other_members && self.of_other_member(r) {
            self.other_member_rows.push(r.row);
            return;
        }
        let value = self.value(r);
        if let Ok(None) = value {
            self.blank_rows.push(r.row);
            return;
        }
        let municipality = self.municipality(r);
        let indicator = self.indicator(r);
        let year = self.year(r);
        let note = self.text(r.note);
        let source = self.text(r.source);
        let (Ok((m_index, municipality)), Ok(ind_index), Ok(period), Ok(Some(value))) = (
            municipality.map_err(|e| issues.push(e)),
            indicator.map_err(|e| issues.push(e)),
            year.map_err(|e| issues.push(e)),
            value.map_err(|e| issues.push(e)),
        ) else {
            return;
        };
        let (value, status, missing_reason) = value;
        let indicator = &self.ctx.catalogue.indicators[ind_index];
        if let Some(v) = value
            && !indicator.allows(v)
        {
            let range = |german: bool| {
                format!(
                    "{} … {}",
                    indicator
                        .min
                        .map_or("-∞".to_owned(), |n| message_number(n, german)),
                    indicator
                        .max
                        .map_or("∞".to_owned(), |n| message_number(n, german))
                )
            };
            let (range_de, range) = (range(true), range(false));
            issues.push(self.err(Code::ConstraintError, r.row, Some(r.value)).msg(
                format!(
                    "Der Wert liegt außerhalb des erlaubten Bereichs {range_de} ({}) für „{}“.",
                    indicator.unit, indicator.label_de
                ),
                format!(
                    "The value is outside the allowed range {range} ({}) of \"{}\".",
                    indicator.unit, indicator.label_en
                ),
            ));
            return;
        }
        // Duplicates are found once all rows are in (see `check_keys`).
        self.observations.push(Observation {
            municipality,
            indicator: indicator.id.clone(),
            period,
            value,
            status,
            missing_reason,
            note,
            source,
        });
        self.rows.push(r.row);
        self.keys.push(pack(m_index, ind_index, period));
    }

    fn text(&self, slot: Option<Slot<'_>>) -> Option<String> {
        let text = slot?.cell.label();
        (!text.is_empty()).then_some(text)
    }

    fn indicator(&self, r: &Record<'_>) -> Found<usize> {
        let slot = match r.indicator {
            Given::Known(index) => return Ok(index),
            Given::Cell(slot) => slot,
        };
        let text: Cow<'_, str> = match slot.cell {
            Cell::Text(t) => Cow::Borrowed(t.trim()),
            other => Cow::Owned(other.label()),
        };
        if let Some(index) = self.indicators.get(&*text) {
            return Ok(*index);
        }
        if text.is_empty() {
            return Err(self
                .err(Code::MissingCell, r.row, Some(slot))
                .msg("Der Indikator fehlt.", "The indicator is missing."));
        }
        Err(self.err(Code::ForeignKey, r.row, Some(slot)).msg(
            "Unbekannter Indikator. Bitte die Indikator-ID aus der Vorlage (Blatt Erläuterungen) verwenden.",
            "Unknown indicator. Use the indicator id from the template (sheet Erläuterungen).",
        ))
    }

    fn year(&self, r: &Record<'_>) -> Found<Period> {
        let slot = match r.year {
            Given::Known(period) => return Ok(period),
            Given::Cell(slot) => slot,
        };
        let year = match slot.cell {
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e6 => Some(n as i32),
            Cell::Text(t) => t.trim().parse::<i32>().ok(),
            _ => None,
        };
        let Some(year) = year else {
            let code = if slot.cell.is_blank() {
                Code::MissingCell
            } else {
                Code::TypeError
            };
            return Err(self.err(code, r.row, Some(slot)).msg(
                "Das Jahr muss eine vierstellige Jahreszahl sein, z. B. 2023.",
                "The year must be a four-digit year, e.g. 2023.",
            ));
        };
        match Period::new(year) {
            Some(p) if year <= self.ctx.current_year => Ok(p),
            _ => Err(self.err(Code::ConstraintError, r.row, Some(slot)).msg(
                format!(
                    "Das Jahr muss zwischen {} und {} liegen (keine Zukunft).",
                    Period::MIN,
                    self.ctx.current_year
                ),
                format!(
                    "The year must lie between {} and {} (not in the future).",
                    Period::MIN,
                    self.ctx.current_year
                ),
            )),
        }
    }

    /// `Ok(None)`: nothing reported in this record (blank value, status and reason).
    #[allow(clippy::type_complexity)]
    fn value(&self, r: &Record<'_>) -> Found<Option<(Option<f64>, Status, Option<MissingReason>)>> {
        let status = match r.status.filter(|s| !s.cell.is_blank()) {
            None => None,
            Some(slot) => Some(parse_status(&slot.cell.label()).ok_or_else(|| {
                self.err(Code::ConstraintError, r.row, Some(slot)).msg(
                    "Unbekannter Status. Erlaubt: A (normal), P (vorläufig), E (geschätzt), M (fehlt).",
                    "Unknown status. Allowed: A (normal), P (provisional), E (estimated), M (missing).",
                )
            })?),
        };
        let reason = match r.reason.filter(|s| !s.cell.is_blank()) {
            None => None,
            Some(slot) => Some(parse_reason(&slot.cell.label()).ok_or_else(|| {
                self.err(Code::ConstraintError, r.row, Some(slot)).msg(
                    "Unbekannter Grund. Erlaubt: übersprungen, geheim, nicht verfügbar, entfällt, zu unsicher (oder skipped, secret, not_available, not_meaningful, unreliable) oder die Zeichen . ... x /",
                    "Unknown reason. Allowed: skipped, secret, not_available, not_meaningful, unreliable (or the German übersprungen, geheim, nicht verfügbar, entfällt, zu unsicher) or the markers . ... x /",
                )
            })?),
        };
        let slot = r.value;
        let parsed = match slot.cell {
            Cell::Number(n) if n.is_finite() => Some(Parsed::Number(n)),
            Cell::Text(t) if !t.trim().is_empty() => {
                let t = t.trim();
                match marker(t) {
                    Some(p) => Some(p),
                    None => Some(Parsed::Number(parse_number(t, self.mark).map_err(|e| {
                        let (de, en) = number_message(e, self.mark);
                        self.err(Code::TypeError, r.row, Some(slot)).msg(de, en)
                    })?)),
                }
            }
            Cell::Empty | Cell::Text(_) => None,
            Cell::Number(_) | Cell::Bool(_) | Cell::Error(_) => {
                return Err(self.err(Code::TypeError, r.row, Some(slot)).msg(
                    "Die Zelle enthält keinen Zahlenwert (z. B. einen Formelfehler wie #DIV/0!). Bitte eine Zahl oder ein Zeichen . ... x / eintragen.",
                    "The cell holds no number (e.g. a formula error such as #DIV/0!). Enter a number or one of the markers . ... x /.",
                ));
            }
        };
        let conflict = |de: &str, en: &str| {
            self.err(Code::ConstraintError, r.row, Some(slot))
                .msg(de, en)
        };
        match (parsed, status, reason) {
            (None, None, None) => Ok(None),
            (Some(Parsed::Number(v)), s, None) if s != Some(Status::M) => Ok(Some((Some(v), s.unwrap_or(Status::A), None))),
            (Some(Parsed::Number(_)), _, _) => Err(conflict(
                "Ein Wert mit Status M oder einem Grund für das Fehlen ist widersprüchlich: Status/Grund leeren oder den Wert löschen.",
                "A value with status M or a missing reason contradicts itself: clear status/reason or delete the value.",
            )),
            (Some(Parsed::Missing(m)), None | Some(Status::M), reason) if reason.is_none_or(|r| r == m) => Ok(Some((None, Status::M, Some(m)))),
            (Some(Parsed::Missing(_)), _, _) => Err(conflict(
                "Das Zeichen im Wert passt nicht zu Status oder Grund. Status M verwenden oder den Grund angleichen.",
                "The marker in the value does not match status or reason. Use status M or align the reason.",
            )),
            (None, None | Some(Status::M), Some(reason)) => Ok(Some((None, Status::M, Some(reason)))),
            (None, Some(Status::M), None) => Err(self.err(Code::MissingCell, r.row, r.reason.or(Some(slot))).msg(
                "Bei Status M (fehlt) bitte einen Grund angeben: skipped, secret, not_available, not_meaningful oder unreliable.",
                "Status M (missing) needs a reason: skipped, secret, not_available, not_meaningful or unreliable.",
            )),
            (None, Some(_), _) => Err(self.err(Code::MissingCell, r.row, Some(slot)).msg(
                "Der Wert fehlt. Bitte eine Zahl eintragen, oder Status M mit einem Grund.",
                "The value is missing. Enter a number, or status M with a reason.",
            )),
        }
    }
}

impl Validator<'_> {
    /// After the last row: a primary-key error for every repeated (municipality, indicator,
    /// year), naming the first row; and each observation's previous year in the file.
    pub(crate) fn check_keys(&mut self, issues: &mut Vec<Issue>) {
        let analysis = keys::analyse(&self.keys);
        for (dup, first) in analysis.duplicates {
            let o = &self.observations[dup];
            let first = self.rows[first];
            issues.push(
                self.err(Code::PrimaryKey, self.rows[dup], None)
                    .value(format!("{}/{}/{}", o.municipality, o.indicator, o.period))
                    .msg(
                        format!("Kommune, Indikator und Jahr kommen schon in Zeile {first} vor. Bitte eine der Zeilen löschen."),
                        format!("Municipality, indicator and year already appear in row {first}. Delete one of the rows."),
                    ),
            );
        }
        self.previous = analysis.previous;
    }

    /// The value of the same municipality and indicator one year earlier, if this file has it.
    pub(crate) fn previous_in_file(&self, index: usize) -> Option<f64> {
        let earlier = *self.previous.get(index)?;
        self.observations.get(earlier as usize)?.value
    }
}

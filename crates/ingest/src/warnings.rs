//! Warnings that do not block an upload: a jump against the member's previous year beyond the
//! configured factor, a value far outside the cohort's spread, a provisional value replacing a
//! final one.

use std::collections::HashMap;

use vergleich_domain::{Observation, Period, Status};

use crate::context::IngestContext;
use crate::report::{Code, ColumnRef, ValidationReport, issue};
use crate::table::format_number;

/// Adds the warnings for `observations` (row numbers in `rows`) to the report.
pub(crate) fn add(
    ctx: &IngestContext<'_>,
    observations: &[Observation],
    rows: &[usize],
    columns: &[ColumnRef],
    report: &mut ValidationReport,
) {
    let value_column = columns
        .iter()
        .find(|c| matches!(c.name.to_lowercase().as_str(), "wert" | "value"))
        .cloned();
    let in_file: HashMap<(&str, &str, i32), f64> = observations
        .iter()
        .filter_map(|o| {
            let v = o.value?;
            Some((
                (
                    o.municipality.as_str(),
                    o.indicator.as_str(),
                    o.period.year(),
                ),
                v,
            ))
        })
        .collect();
    for (o, &row) in observations.iter().zip(rows) {
        let Some(value) = o.value else {
            continue;
        };
        let shown = format_number(value);
        let previous = o.period.year() - 1;
        let before = in_file
            .get(&(o.municipality.as_str(), o.indicator.as_str(), previous))
            .copied()
            .or_else(|| {
                let p = Period::new(previous)?;
                ctx.history.stored(&o.municipality, &o.indicator, p)?.value
            });
        if let Some(before) = before {
            let factor = ctx.jump_factor;
            let jump = before != 0.0
                && value != 0.0
                && before.signum() == value.signum()
                && (value / before > factor || before / value > factor);
            if jump {
                report.push(issue(Code::ValueJump).warning().row(row).at(value_column.clone()).value(shown.clone()).msg(
                    format!("Der Wert weicht um mehr als das {factor}-fache vom Vorjahr ({}) ab. Bitte prüfen.", format_number(before)),
                    format!("The value differs by more than a factor of {factor} from the previous year ({}). Please check.", format_number(before)),
                ));
            }
        }
        if let Some(spread) = ctx.history.spread(&o.indicator, o.period) {
            let iqr = spread.q3 - spread.q1;
            let k = ctx.outlier_iqr_factor;
            if iqr > 0.0 && (value < spread.q1 - k * iqr || value > spread.q3 + k * iqr) {
                report.push(issue(Code::CohortOutlier).warning().row(row).at(value_column.clone()).value(shown.clone()).msg(
                    format!("Der Wert liegt weit außerhalb der Spannweite des Verbunds (Median {}). Bitte prüfen.", format_number(spread.median)),
                    format!("The value lies far outside the cohort's spread (median {}). Please check.", format_number(spread.median)),
                ));
            }
        }
        if o.status == Status::P {
            let stored = ctx.history.stored(&o.municipality, &o.indicator, o.period);
            if stored.is_some_and(|s| s.status == Status::A) {
                report.push(issue(Code::ProvisionalReplacesFinal).warning().row(row).value(shown).msg(
                    "Ein vorläufiger Wert ersetzt einen endgültigen. Bitte prüfen, ob das gewollt ist.",
                    "A provisional value replaces a final one. Please check that this is intended.",
                ));
            }
        }
    }
}

//! Warnings that do not block an upload: a jump against the member's previous year beyond the
//! configured factor, a value far outside the cohort's spread, a provisional value replacing a
//! final one.

use vergleich_domain::{Period, Status};

use crate::report::{Code, ValidationReport, issue};
use crate::table::{format_number, message_number};
use crate::validate::Validator;

/// Adds the warnings for the validator's observations to the report.
pub(crate) fn add(validator: &Validator<'_>, report: &mut ValidationReport) {
    let ctx = validator.ctx;
    let value_column = validator
        .columns
        .iter()
        .find(|c| matches!(c.name.to_lowercase().as_str(), "wert" | "value"))
        .cloned();
    for (index, (o, &row)) in validator
        .observations
        .iter()
        .zip(&validator.rows)
        .enumerate()
    {
        let Some(value) = o.value else {
            continue;
        };
        let shown = || format_number(value);
        let before = validator.previous_in_file(index).or_else(|| {
            let p = Period::new(o.period.year() - 1)?;
            ctx.history.stored(&o.municipality, &o.indicator, p)?.value
        });
        if let Some(before) = before {
            let factor = ctx.jump_factor;
            let jump = before != 0.0
                && value != 0.0
                && before.signum() == value.signum()
                && (value / before > factor || before / value > factor);
            if jump {
                report.push(issue(Code::ValueJump).warning().row(row).at(value_column.clone()).value(shown()).msg(
                    format!("Der Wert weicht um mehr als das {}-fache vom Vorjahr ({}) ab. Bitte prüfen.", message_number(factor, true), message_number(before, true)),
                    format!("The value differs by more than a factor of {} from the previous year ({}). Please check.", message_number(factor, false), message_number(before, false)),
                ));
            }
        }
        if let Some(spread) = ctx.history.spread(&o.indicator, o.period) {
            let iqr = spread.q3 - spread.q1;
            let k = ctx.outlier_iqr_factor;
            if iqr > 0.0 && (value < spread.q1 - k * iqr || value > spread.q3 + k * iqr) {
                report.push(issue(Code::CohortOutlier).warning().row(row).at(value_column.clone()).value(shown()).msg(
                    format!("Der Wert liegt weit außerhalb der Spannweite des Verbunds (Median {}). Bitte prüfen.", message_number(spread.median, true)),
                    format!("The value lies far outside the cohort's spread (median {}). Please check.", message_number(spread.median, false)),
                ));
            }
        }
        if o.status == Status::P {
            let stored = ctx.history.stored(&o.municipality, &o.indicator, o.period);
            if stored.is_some_and(|s| s.status == Status::A) {
                report.push(issue(Code::ProvisionalReplacesFinal).warning().row(row).value(shown()).msg(
                    "Ein vorläufiger Wert ersetzt einen endgültigen. Bitte prüfen, ob das gewollt ist.",
                    "A provisional value replaces a final one. Please check that this is intended.",
                ));
            }
        }
    }
}

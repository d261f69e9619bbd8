//! Warnings that do not block an upload: a jump against the member's previous year beyond the
//! configured factor, a value far outside the cohort's spread, a provisional value replacing a
//! final one. Each names its observation (indicator and year, also as `observation` in the
//! JSON), so a reviewer reading "row 32" knows which value to look at.

use vergleich_domain::{Observation, Period, Status};

use crate::context::IngestContext;
use crate::report::{Code, ColumnRef, Subject, ValidationReport, issue};
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
        // Built only when a warning fires: most rows raise none.
        let mut warn = |code: Code, column: Option<ColumnRef>, de: String, en: String| {
            let (prefix_de, prefix_en) = prefix(ctx, o);
            report.push(
                issue(code)
                    .warning()
                    .row(row)
                    .at(column)
                    .value(format_number(value))
                    .about(Subject {
                        municipality: o.municipality.as_str().to_owned(),
                        indicator: o.indicator.as_str().to_owned(),
                        year: o.period.year(),
                    })
                    .msg(prefix_de + &de, prefix_en + &en),
            );
        };
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
                warn(
                    Code::ValueJump,
                    value_column.clone(),
                    format!(
                        "Der Wert weicht um mehr als das {}-fache vom Vorjahr ({}) ab. Bitte prüfen.",
                        message_number(factor, true),
                        message_number(before, true)
                    ),
                    format!(
                        "The value differs by more than a factor of {} from the previous year ({}). Please check.",
                        message_number(factor, false),
                        message_number(before, false)
                    ),
                );
            }
        }
        if let Some(spread) = ctx.history.spread(&o.indicator, o.period) {
            let iqr = spread.q3 - spread.q1;
            let k = ctx.outlier_iqr_factor;
            if iqr > 0.0 && (value < spread.q1 - k * iqr || value > spread.q3 + k * iqr) {
                warn(
                    Code::CohortOutlier,
                    value_column.clone(),
                    format!(
                        "Der Wert liegt weit außerhalb der Spannweite des Verbunds (Median {}{}). Bitte prüfen.",
                        message_number(spread.median, true),
                        spread.sample.map_or(String::new(), |(n, of)| format!(
                            "; Stichprobe von {} der {} Mitglieder",
                            message_number(n as f64, true),
                            message_number(of as f64, true)
                        ))
                    ),
                    format!(
                        "The value lies far outside the cohort's spread (median {}{}). Please check.",
                        message_number(spread.median, false),
                        spread.sample.map_or(String::new(), |(n, of)| format!(
                            "; a sample of {} of the {} members",
                            message_number(n as f64, false),
                            message_number(of as f64, false)
                        ))
                    ),
                );
            }
        }
        if o.status == Status::P {
            let stored = ctx.history.stored(&o.municipality, &o.indicator, o.period);
            if stored.is_some_and(|s| s.status == Status::A) {
                warn(
                    Code::ProvisionalReplacesFinal,
                    None,
                    "Ein vorläufiger Wert ersetzt einen endgültigen. Bitte prüfen, ob das gewollt ist.".to_owned(),
                    "A provisional value replaces a final one. Please check that this is intended.".to_owned(),
                );
            }
        }
    }
}

/// "Ausländeranteil 2025: " (German, English) before a warning's message; a file with several
/// members' rows (an official table, an administrator's import) also names the member.
fn prefix(ctx: &IngestContext<'_>, o: &Observation) -> (String, String) {
    let (de, en) = ctx.catalogue.indicator(&o.indicator).map_or_else(
        || (o.indicator.as_str(), o.indicator.as_str()),
        |i| (i.label_de.as_str(), i.label_en.as_str()),
    );
    let year = o.period.year();
    let member = match ctx.principal {
        Some(_) => String::new(),
        None => {
            let name = ctx.cohort.get(&o.municipality);
            format!(
                "{}, ",
                name.map_or(o.municipality.as_str(), |m| m.name.as_str())
            )
        }
    };
    (
        format!("{member}{de} {year}: "),
        format!("{member}{en} {year}: "),
    )
}

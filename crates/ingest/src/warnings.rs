//! Warnings that do not block an upload: a jump against the member's previous year beyond the
//! configured factor, a value far outside the cohort's spread, a provisional value replacing a
//! final one. Each names its observation (indicator and year, also as `observation` in the
//! JSON), so a reviewer reading "row 32" knows which value to look at.

use vergleich_domain::{Period, Status};

use crate::report::{Code, Subject, ValidationReport, issue};
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
        let subject = || Subject {
            municipality: o.municipality.as_str().to_owned(),
            indicator: o.indicator.as_str().to_owned(),
            year: o.period.year(),
        };
        // "Einbürgerungsquote 2024: " before each message.
        let label = ctx.catalogue.indicator(&o.indicator);
        let (de, en) = label.map_or_else(
            || (o.indicator.as_str(), o.indicator.as_str()),
            |i| (i.label_de.as_str(), i.label_en.as_str()),
        );
        let year = o.period.year();
        // A file with several members' rows (an official table) also names the member.
        let member = match ctx.principal {
            Some(_) => String::new(),
            None => {
                ctx.cohort
                    .get(&o.municipality)
                    .map_or_else(|| o.municipality.to_string(), |m| m.name.clone())
                    + ", "
            }
        };
        let named = |m_de: String, m_en: String| {
            (
                format!("{member}{de} {year}: {m_de}"),
                format!("{member}{en} {year}: {m_en}"),
            )
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
                let (m_de, m_en) = named(
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
                report.push(
                    issue(Code::ValueJump)
                        .warning()
                        .row(row)
                        .at(value_column.clone())
                        .value(shown())
                        .about(subject())
                        .msg(m_de, m_en),
                );
            }
        }
        if let Some(spread) = ctx.history.spread(&o.indicator, o.period) {
            let iqr = spread.q3 - spread.q1;
            let k = ctx.outlier_iqr_factor;
            if iqr > 0.0 && (value < spread.q1 - k * iqr || value > spread.q3 + k * iqr) {
                let (m_de, m_en) = named(
                    format!(
                        "Der Wert liegt weit außerhalb der Spannweite des Verbunds (Median {}). Bitte prüfen.",
                        message_number(spread.median, true)
                    ),
                    format!(
                        "The value lies far outside the cohort's spread (median {}). Please check.",
                        message_number(spread.median, false)
                    ),
                );
                report.push(
                    issue(Code::CohortOutlier)
                        .warning()
                        .row(row)
                        .at(value_column.clone())
                        .value(shown())
                        .about(subject())
                        .msg(m_de, m_en),
                );
            }
        }
        if o.status == Status::P {
            let stored = ctx.history.stored(&o.municipality, &o.indicator, o.period);
            if stored.is_some_and(|s| s.status == Status::A) {
                let (m_de, m_en) = named(
                    "Ein vorläufiger Wert ersetzt einen endgültigen. Bitte prüfen, ob das gewollt ist.".to_owned(),
                    "A provisional value replaces a final one. Please check that this is intended.".to_owned(),
                );
                report.push(
                    issue(Code::ProvisionalReplacesFinal)
                        .warning()
                        .row(row)
                        .value(shown())
                        .about(subject())
                        .msg(m_de, m_en),
                );
            }
        }
    }
}

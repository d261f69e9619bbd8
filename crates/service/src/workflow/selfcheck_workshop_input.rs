//! What a workshop's participants and facilitator send, checked before anything is stored:
//! every problem named by its row (the rating's or outcome's position) and column.

use vergleich_domain::FieldId;
use vergleich_domain::selfcheck::Answer;
use vergleich_domain::selfcheck::workshop::{self, CODE_LEN, JoinCode, MAX_RATIONALE, Perspective};
use vergleich_store::workshops::BallotRating;

use crate::error::{Error, ErrorDetail, Result};

/// One field's rating as sent by the form or the API.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RatingInput {
    pub field: String,
    pub answer: String,
    pub comment: Option<String>,
}

/// A ballot as sent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BallotInput {
    pub perspective: String,
    pub ratings: Vec<RatingInput>,
}

/// The agreed value of one field as the facilitator records it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutcomeInput {
    pub field: String,
    pub agreed: String,
    pub rationale: String,
}

pub(crate) fn problem(
    row: Option<usize>,
    column: &str,
    value: &str,
    de: String,
    en: String,
) -> ErrorDetail {
    ErrorDetail {
        code: "invalid-ballot".to_owned(),
        parameter: row.is_none().then(|| column.to_owned()),
        row,
        column: row.map(|_| column.to_owned()),
        value: Some(value.chars().take(80).collect()),
        message_de: de,
        message_en: en,
    }
}

/// The ratings checked against the workshop's fields, or every problem (row = position).
pub fn checked_ballot(
    fields: &[FieldId],
    input: &BallotInput,
) -> std::result::Result<(Perspective, Vec<BallotRating>), Vec<ErrorDetail>> {
    let mut problems = Vec::new();
    let perspective = Perspective::parse(&input.perspective)
        .map_err(|e| {
            problems.push(problem(
                None,
                "perspective",
                &input.perspective,
                format!(
                    "Bitte eine Perspektive wählen ({}).",
                    Perspective::ALL.map(Perspective::label_de).join(", ")
                ),
                e,
            ));
        })
        .ok();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, r) in input.ratings.iter().enumerate() {
        let row = Some(i + 1);
        let Some(field) = FieldId::parse(r.field.trim())
            .ok()
            .filter(|f| fields.contains(f))
        else {
            problems.push(problem(
                row,
                "field",
                &r.field,
                format!(
                    "Das Handlungsfeld „{}“ gibt es nicht; erlaubt sind {}.",
                    r.field,
                    join(fields)
                ),
                format!(
                    "There is no field \"{}\"; allowed are {}.",
                    r.field,
                    join(fields)
                ),
            ));
            continue;
        };
        if !seen.insert(field.clone()) {
            problems.push(problem(
                row,
                "field",
                &r.field,
                format!(
                    "Das Handlungsfeld {field} ist zweimal bewertet; bitte eine Bewertung löschen."
                ),
                format!("Field {field} is rated twice; delete one rating."),
            ));
        }
        let answer = match Answer::parse(&r.answer) {
            Ok(a) => a,
            Err(e) => {
                problems.push(problem(
                    row,
                    "answer",
                    &r.answer,
                    e.message_de(),
                    e.to_string(),
                ));
                continue;
            }
        };
        let comment = match workshop::comment(r.comment.as_deref().unwrap_or_default()) {
            Ok(c) => c,
            Err(e) => {
                let n = r
                    .comment
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .chars()
                    .count();
                problems.push(problem(
                    row,
                    "comment",
                    "",
                    format!(
                        "Der Kommentar hat {n} Zeichen; erlaubt sind {}. Bitte kürzen.",
                        workshop::MAX_COMMENT
                    ),
                    e,
                ));
                continue;
            }
        };
        out.push(BallotRating {
            field,
            answer,
            comment,
        });
    }
    match perspective {
        Some(p) if problems.is_empty() => Ok((p, out)),
        _ => Err(problems),
    }
}

pub(crate) fn join(fields: &[FieldId]) -> String {
    fields
        .iter()
        .map(FieldId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn workshop_missing(what: &str) -> Error {
    Error::not_found(&format!("Der Workshop {what}"), &format!("workshop {what}"))
}

/// A title or rationale: trimmed, 1..=max characters without control characters (line breaks
/// allowed in a rationale).
pub(crate) fn text(parameter: &str, value: &str, max: usize, breaks: bool) -> Result<String> {
    let t = value.trim();
    let n = t.chars().count();
    let control = t
        .chars()
        .any(|c| c.is_control() && !(breaks && (c == '\n' || c == '\r')));
    if n == 0 || n > max || control {
        return Err(Error::invalid(vec![ErrorDetail::parameter(
            parameter,
            value,
            format!("„{parameter}“ hat 1 bis {max} Zeichen (jetzt {n}); bitte anpassen."),
            format!("\"{parameter}\" has 1 to {max} characters (now {n}); adjust it."),
        )]));
    }
    Ok(t.to_owned())
}

/// A new join code from the operating system's random source.
pub(crate) fn new_code() -> JoinCode {
    use rand::TryRngCore;
    let mut bytes = [0u8; CODE_LEN];
    if rand::rngs::OsRng.try_fill_bytes(&mut bytes).is_err() {
        std::process::abort();
    }
    JoinCode::from_random(bytes)
}

/// The agreed values checked against the fields: a level 0–3 and a rationale of 1 to
/// [`MAX_RATIONALE`] characters each, or every problem by row.
pub fn checked_outcomes(
    fields: &[FieldId],
    input: &[OutcomeInput],
) -> std::result::Result<Vec<(FieldId, Answer, String)>, Vec<ErrorDetail>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (i, o) in input.iter().enumerate() {
        let row = Some(i + 1);
        let Some(field) = FieldId::parse(o.field.trim())
            .ok()
            .filter(|f| fields.contains(f))
        else {
            problems.push(problem(
                row,
                "field",
                &o.field,
                format!(
                    "Das Handlungsfeld „{}“ gibt es nicht; erlaubt sind {}.",
                    o.field,
                    join(fields)
                ),
                format!(
                    "There is no field \"{}\"; allowed are {}.",
                    o.field,
                    join(fields)
                ),
            ));
            continue;
        };
        let agreed = match Answer::parse(&o.agreed) {
            Ok(a @ Answer::Level(_)) => a,
            Ok(_) | Err(_) => {
                problems.push(problem(row, "agreed", &o.agreed, "Der vereinbarte Wert ist eine Stufe von 0 (nicht vorhanden) bis 3 (umgesetzt und verankert).".into(), "The agreed value is a level from 0 (not in place) to 3 (implemented and embedded).".into()));
                continue;
            }
        };
        match text("rationale", &o.rationale, MAX_RATIONALE, true) {
            Ok(r) => out.push((field, agreed, r)),
            Err(_) => problems.push(problem(row, "rationale", &o.rationale, format!("Die Begründung hat 1 bis {MAX_RATIONALE} Zeichen; bitte in einem Satz sagen, warum."), format!("The rationale has 1 to {MAX_RATIONALE} characters; say why in a sentence."))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

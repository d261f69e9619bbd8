//! An exchange request: a signed-in user of one member asks another member about one of its
//! published practices; the asked member answers, either side marks it done. No e-mail is sent;
//! the store keeps a `notified_at` per request for when one is.

use serde::{Deserialize, Serialize};

use super::PracticeProblem;

/// Longest message and answer, in characters.
pub const MAX_MESSAGE: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Asked, not answered yet.
    Offen,
    /// The asked member answered.
    Beantwortet,
    /// Either side marked it done.
    Erledigt,
}

crate::catalogue::str_enum!(RequestState { Offen => "offen", Beantwortet => "beantwortet", Erledigt => "erledigt" });

impl RequestState {
    pub const ALL: [Self; 3] = [Self::Offen, Self::Beantwortet, Self::Erledigt];

    pub fn label_de(self) -> &'static str {
        match self {
            Self::Offen => "offen",
            Self::Beantwortet => "beantwortet",
            Self::Erledigt => "erledigt",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Offen => "open",
            Self::Beantwortet => "answered",
            Self::Erledigt => "done",
        }
    }
}

/// A message or answer: not empty, at most [`MAX_MESSAGE`] characters. `field` names the form
/// field in the problem.
pub fn check_message(field: &str, text: &str) -> Result<(), PracticeProblem> {
    let n = text.chars().count();
    if text.trim().is_empty() {
        return Err(PracticeProblem {
            field: field.to_owned(),
            de: "Die Nachricht ist leer".into(),
            en: "The message is empty".into(),
        });
    }
    if n > MAX_MESSAGE {
        return Err(PracticeProblem {
            field: field.to_owned(),
            de: format!("{n} Zeichen, höchstens {MAX_MESSAGE} erlaubt: bitte kürzen"),
            en: format!("{n} characters, at most {MAX_MESSAGE} allowed: please shorten it"),
        });
    }
    Ok(())
}

//! Exchange between members (issue #14): good-practice examples (Praxisbeispiele) a member
//! publishes through review, requests one member sends another about a practice, and the text
//! folding that makes search case-, umlaut- and inflection-insensitive.
//!
//! Validation names what is wrong and where (the form field), in German and English, so the
//! store, the pages and the API refuse bad input with the same words.

pub mod practice;
pub mod request;
pub mod search;

#[cfg(test)]
mod practice_tests;

pub use practice::{Link, MeasureRef, PracticeContent, PracticeProblem, PracticeState};
pub use request::{RequestState, check_message};

//! Which year a reading page shows: the asked one, else the default year of the data (the
//! latest in which enough members report), and the note that says why and offers the others.

use axum::http::StatusCode;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_service::ViewData;

use crate::pages::{PageError, t};

/// The year a page shows: the asked one if it has data, else the default year (the latest in
/// which enough members report, `ViewData::default_year`).
pub fn year(data: &ViewData, asked: Option<i32>, lang: Lang) -> Result<i32, PageError> {
    asked
        .filter(|y| data.years.contains(y))
        .or_else(|| data.default_year().ok().map(|d| d.year))
        .ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                lang,
                "Es sind noch keine Daten sichtbar.",
                "No data is visible yet.",
            )
        })
}

/// Which year the page shows and why, when that needs saying: the default year when newer years
/// have too few members reporting (offered with their count, `link` makes their address), or a
/// chosen year with fewer members than a default needs (its comparisons are preliminary).
pub fn year_note(data: &ViewData, year: i32, lang: Lang, link: impl Fn(i32) -> String) -> Markup {
    let Ok(default) = data.default_year() else {
        return html! {};
    };
    let members = data.year_members.get(&year).copied().unwrap_or(0);
    let of = default.of;
    if year != default.year {
        if members >= default.need {
            return html! {};
        }
        return html! {
            p.notice role="note" {
                (t(lang,
                    &format!("{year}: erst {members} von {of} Mitgliedern mit Werten. Ränge, Punktwerte und Befunde sind vorläufig; "),
                    &format!("{year}: only {members} of {of} members with values so far. Ranks, scores and findings are preliminary; ")))
                a href=(link(default.year)) {
                    (t(lang, &format!("{} mit {} von {of} ansehen", default.year, default.members),
                        &format!("see {} with {} of {of}", default.year, default.members)))
                }
                "."
            }
        };
    }
    if default.newer.is_empty() && default.reached {
        return html! {};
    }
    html! {
        p.note role="note" {
            @if default.reached {
                (t(lang,
                    &format!("Gezeigt wird {year}, das neueste Jahr, in dem mindestens {} von {of} Mitgliedern Werte gemeldet haben ({members} von {of}). ", default.need),
                    &format!("Showing {year}, the latest year in which at least {} of {of} members reported values ({members} of {of}). ", default.need)))
            } @else {
                (t(lang,
                    &format!("Kein Jahr erreicht {} von {of} Mitgliedern mit Werten; gezeigt wird {year} mit den meisten ({members} von {of}). ", default.need),
                    &format!("No year reaches {} of {of} members with values; showing {year}, which has the most ({members} of {of}). ", default.need)))
            }
            @if !default.newer.is_empty() {
                (t(lang, "Neuer: ", "Newer: "))
                @for (i, (newer, n)) in default.newer.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(link(*newer)) {
                        (t(lang, &format!("{newer} (erst {n} von {of})"), &format!("{newer} (only {n} of {of})")))
                    }
                }
                "."
            }
        }
    }
}

//! The Integrationskonzept pages (issue #13): a member's concept with progress and warnings
//! (`/konzept/{key}`), the diff of two versions (`/konzept/{key}/vergleich`), the concepts across
//! members (`/konzepte`), and the municipality's forms (start a version, edit, add a goal with a
//! target, publish, the measures table down and up). Plain HTML forms, no JavaScript.

mod across;
mod actions;
pub mod charts;
mod diff;
pub(crate) mod edit;
mod goal_form;
mod measures;
mod view;

use maud::{Markup, html};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_charts::Lang;
use vergleich_domain::concept::progress::TargetState;
use vergleich_service::workflow::concept_view::{TargetView, VersionSummary};

use crate::pages::t;
use crate::pages::workflow::number;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(view::concept_page))
        .routes(routes!(diff::diff_page))
        .routes(routes!(across::across_page))
        .routes(routes!(edit::start))
        .routes(routes!(edit::form, edit::save))
        .routes(routes!(edit::publish))
        .routes(routes!(goal_form::add_goal))
        .routes(routes!(measures::upload))
}

/// A date as people read it (German `14.02.2022`).
pub(crate) fn date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::De => d.format("%d.%m.%Y").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

pub(crate) fn opt_date(lang: Lang, d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "–".to_owned(), |d| date(lang, d))
}

/// A share 0–1 as a percentage, or "keine Daten".
pub(crate) fn share(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(
        || t(lang, "keine Daten", "no data").to_owned(),
        |v| format!("{} %", number(lang, (v * 100.0).round())),
    )
}

pub(crate) fn state_text(lang: Lang, s: TargetState) -> &'static str {
    t(lang, s.label_de(), s.label_en())
}

pub(crate) fn state_class(s: TargetState) -> &'static str {
    match s {
        TargetState::Reached => "state target-reached",
        TargetState::OnTrack => "state target-on-track",
        TargetState::Behind => "state target-behind",
        TargetState::NoData => "state target-no-data",
    }
}

/// A version's state as a badge, with the synthetic label for demo content.
pub(crate) fn version_badges(lang: Lang, v: &VersionSummary) -> Markup {
    html! {
        @if v.state == "published" {
            span.state.state-published { (t(lang, "veröffentlicht", "published")) }
        } @else {
            span.state.state-draft { (t(lang, "Entwurf", "draft")) }
        }
        @if v.synthetic {
            " " span.state.demo { (t(lang, "Beispieldaten (synthetisch)", "Demo data (synthetic)")) }
        }
    }
}

/// A target value with its unit.
pub(crate) fn value(lang: Lang, v: f64, unit: &str) -> String {
    let unit = crate::pages::reading::text::unit(unit, lang);
    if unit.is_empty() {
        number(lang, v)
    } else {
        format!("{} {unit}", number(lang, v))
    }
}

/// A computed value (expected by now) with as many decimals as the figures it comes from.
pub(crate) fn rounded(lang: Lang, v: f64, from: &[f64], unit: &str) -> String {
    let decimals = from
        .iter()
        .map(|x| {
            (0..3i32)
                .find(|&d| {
                    let f = 10f64.powi(d);
                    ((x * f).round() - x * f).abs() < 1e-6
                })
                .unwrap_or(3)
        })
        .max()
        .unwrap_or(1)
        .max(1);
    let f = 10f64.powi(decimals);
    value(lang, (v * f).round() / f, unit)
}

/// Monitoring or controlling, with what it means for reading the figure.
pub(crate) fn role_text(lang: Lang, t_: &TargetView) -> (&'static str, &'static str) {
    use vergleich_domain::concept::IndicatorRole;
    match t_.role {
        IndicatorRole::Monitoring => (
            t(lang, "Monitoring", "monitoring"),
            t(
                lang,
                "Kontextgröße, auf die viele Kräfte wirken: kein Beleg, dass eine Maßnahme gewirkt hat.",
                "A context figure many forces influence: no proof that a measure worked.",
            ),
        ),
        IndicatorRole::Controlling => (
            t(lang, "Controlling", "controlling"),
            t(
                lang,
                "Ergebnis in der Hand der Stadt.",
                "An output within the city's reach.",
            ),
        ),
    }
}

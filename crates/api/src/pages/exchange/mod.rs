//! The exchange pages (issue #14 A): Praxisbeispiele with search across practices and measures
//! (`/praxis`), one practice with its review and request forms (`/praxis/{id}`), the form to
//! write one (`/praxis/neu`, `/praxis/{id}/bearbeiten`), the inbox of exchange requests
//! (`/austausch`), and the learning partners on the member page. Plain HTML forms, no
//! JavaScript; every POST checks role and CSRF token; the rules are the workflow's.

mod form;
mod form_fields;
mod inbox;
mod list;
pub mod partners;
mod practice;

use maud::{Markup, html};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_charts::Lang;
use vergleich_domain::Field;
use vergleich_domain::exchange::PracticeState;
use vergleich_service::workflow::exchange_index::{Entry, EntryKind};

use crate::pages::{href, t};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list::list_page))
        .routes(routes!(form::new_form))
        .routes(routes!(form::create))
        .routes(routes!(practice::practice_page))
        .routes(routes!(form::edit_form, form::save))
        .routes(routes!(practice::act))
        .routes(routes!(practice::ask))
        .routes(routes!(inbox::inbox_page))
        .routes(routes!(inbox::act))
}

/// A practice's state as a badge.
pub(crate) fn state_badge(lang: Lang, s: PracticeState) -> Markup {
    html! { span class=(format!("state state-{}", s.as_str())) { (t(lang, s.label_de(), s.label_en())) } }
}

/// The synthetic label of demo content.
pub(crate) fn demo_badge(lang: Lang) -> Markup {
    html! { span.state.demo { (t(lang, "Beispieldaten (synthetisch)", "Demo data (synthetic)")) } }
}

/// The label of a field id in the reader's language (the id when the catalogue lacks it).
pub(crate) fn field_label<'a>(fields: &'a [Field], id: &'a str, lang: Lang) -> &'a str {
    fields
        .iter()
        .find(|f| f.id.as_str() == id)
        .map_or(id, |f| t(lang, &f.label_de, &f.label_en))
}

/// Practices and measures as a list of hits: title linked, kind, member, fields, note.
pub(crate) fn entries(entries: &[&Entry], fields: &[Field], lang: Lang) -> Markup {
    html! {
        ul.hits {
            @for e in entries {
                li {
                    a href=(href(lang, &e.href)) { strong { (e.title) } }
                    " "
                    span.state { (match e.kind {
                        EntryKind::Practice => t(lang, "Praxisbeispiel", "practice"),
                        EntryKind::Measure => t(lang, "Maßnahme", "measure"),
                    }) }
                    @if e.synthetic { " " (demo_badge(lang)) }
                    br;
                    a href=(href(lang, &format!("/kommune/{}", e.municipality))) { (e.member) }
                    " · "
                    @for (i, f) in e.fields.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(href(lang, &format!("/praxis?field={f}"))) { (field_label(fields, f.as_str(), lang)) }
                    }
                    @if !e.note.is_empty() { " · " (t(lang, &e.note, &e.note_en)) }
                    @if !e.summary.is_empty() { br; small { (e.summary) } }
                }
            }
        }
    }
}

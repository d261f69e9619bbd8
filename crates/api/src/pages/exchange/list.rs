//! `/praxis`: search published practices and the measures of members' current concepts by
//! words, field, member and kind; below, for the member's users their own practices at every
//! stage, and for managers the practices waiting for review.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use vergleich_domain::Role;
use vergleich_domain::exchange::PracticeState;
use vergleich_store::practices::{Practice, PracticeFilter};

use super::{entries, field_label, state_badge};
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::{Nav, Page, PageError, href, t};
use crate::routes::exchange::SearchParams;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    lang: Option<String>,
    q: Option<String>,
    field: Option<String>,
    municipality: Option<String>,
    kind: Option<String>,
}

/// Praxisbeispiele: search, own practices, the review queue.
#[utoipa::path(get, path = "/praxis", tag = "pages",
    params(
        ("q" = Option<String>, Query, description = "Words to find"),
        ("field" = Option<String>, Query, description = "Field id"),
        ("municipality" = Option<String>, Query, description = "Member key"),
        ("kind" = Option<String>, Query, description = "practice or measure"),
        ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = 400, description = "Bad parameter", content_type = "text/html"),
        (status = 404, description = "Unknown field or member", content_type = "text/html")))]
pub async fn list_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, PageError> {
    let lang = crate::pages::lang_of(query.lang.as_deref());
    let fail = |e: crate::error::AppError| PageError::from_app(e, lang);
    let fields = state.store.fields().await.map_err(|e| fail(e.into()))?;
    let cohort = state
        .store
        .municipalities()
        .await
        .map_err(|e| fail(e.into()))?;
    let params = SearchParams::new(
        query.q.clone(),
        query.field.clone(),
        query.municipality.clone(),
        query.kind.clone(),
    );
    let search = params.query(&fields).map_err(fail)?;
    let workflow = state.workflow();
    let index = workflow
        .exchange_index_cached(&state.exchange)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let hits = index.search(&search);
    let user = principal.user();
    let own: Vec<Practice> = match user.and_then(|u| u.municipality.clone()) {
        Some(m) if user.is_some_and(|u| u.role == Role::Municipality) => workflow
            .practices(
                &principal,
                &PracticeFilter {
                    municipality: Some(m),
                    states: Vec::new(),
                },
            )
            .await
            .map_err(|e| PageError::from_service(e, lang))?,
        _ => Vec::new(),
    };
    let queue: Vec<Practice> = if principal.role().is_some_and(Role::sees_unpublished) {
        workflow
            .practices(
                &principal,
                &PracticeFilter {
                    municipality: None,
                    states: vec![PracticeState::Submitted],
                },
            )
            .await
            .map_err(|e| PageError::from_service(e, lang))?
    } else {
        Vec::new()
    };
    let writer = principal
        .role()
        .is_some_and(|r| matches!(r, Role::Municipality | Role::Manager | Role::Admin));
    let name_of = |p: &Practice| {
        cohort
            .iter()
            .find(|m| m.key == p.municipality)
            .map_or_else(|| p.municipality.to_string(), |m| m.name.clone())
    };
    let q = query.q.clone().unwrap_or_default();
    let body = html! {
        p { (t(lang,
            "Was andere Modellkommunen tun: veröffentlichte Praxisbeispiele und die Maßnahmen ihrer aktuellen Integrationskonzepte. Die Suche findet Wörter unabhängig von Groß- und Kleinschreibung, Umlauten und Endungen („Sprachmittler“ findet „Sprachmittlerpool“).",
            "What other model municipalities do: published practices and the measures of their current integration concepts. The search finds words regardless of case, umlauts and endings.")) }
        @if writer {
            p.actions { a.button href=(href(lang, "/praxis/neu")) { (t(lang, "Neues Praxisbeispiel", "New practice")) } }
        }
        form.choose method="get" action="/praxis" role="search" {
            @if lang == vergleich_charts::Lang::En { input type="hidden" name="lang" value="en"; }
            label for="q" { (t(lang, "Suche", "Search")) }
            input type="search" id="q" name="q" value=(q) maxlength="100";
            label for="field" { (t(lang, "Handlungsfeld", "Field")) }
            select id="field" name="field" {
                option value="" { (t(lang, "alle", "all")) }
                @for f in &fields {
                    option value=(f.id) selected[search.field.as_ref() == Some(&f.id)] { (t(lang, &f.label_de, &f.label_en)) }
                }
            }
            label for="municipality" { (t(lang, "Kommune", "Member")) }
            select id="municipality" name="municipality" {
                option value="" { (t(lang, "alle", "all")) }
                @for m in &cohort {
                    option value=(m.key) selected[search.member.as_ref() == Some(&m.key)] { (m.name) }
                }
            }
            label for="kind" { (t(lang, "Art", "Kind")) }
            select id="kind" name="kind" {
                option value="" { (t(lang, "beides", "both")) }
                option value="practice" selected[query.kind.as_deref() == Some("practice")] { (t(lang, "Praxisbeispiele", "practices")) }
                option value="measure" selected[query.kind.as_deref() == Some("measure")] { (t(lang, "Maßnahmen", "measures")) }
            }
            button type="submit" { (t(lang, "Suchen", "Search")) }
        }
        h2 id="treffer" { (hits.len()) " " (t(lang, "Treffer", "hits")) }
        @if hits.is_empty() {
            p { (t(lang, "Nichts gefunden. Weniger oder andere Wörter versuchen, oder den Filter lockern.", "Nothing found. Try fewer or other words, or loosen the filters.")) }
        } @else {
            (entries(&hits, &fields, lang))
        }
        @if !own.is_empty() {
            h2 { (t(lang, "Praxisbeispiele der eigenen Kommune", "Your member's practices")) }
            (practice_table(&own, &fields, lang, &name_of))
        }
        @if !queue.is_empty() {
            h2 id="pruefung" { (t(lang, "Zur Prüfung eingereicht", "Submitted for review")) }
            (practice_table(&queue, &fields, lang, &name_of))
        }
    };
    let title = t(lang, "Praxisbeispiele", "Practices");
    Ok(
        Page::new(lang, title, Nav::Exchange, &principal, &method, "/praxis")
            .render(body)
            .into_response(),
    )
}

fn practice_table(
    list: &[Practice],
    fields: &[vergleich_domain::Field],
    lang: vergleich_charts::Lang,
    name_of: &dyn Fn(&Practice) -> String,
) -> maud::Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Praxisbeispiele", "Practices")) {
            table {
                thead { tr {
                    th { (t(lang, "Titel", "Title")) }
                    th { (t(lang, "Kommune", "Member")) }
                    th { (t(lang, "Handlungsfeld", "Field")) }
                    th { (t(lang, "Stand", "State")) }
                } }
                tbody {
                    @for p in list {
                        tr {
                            td { a href=(href(lang, &format!("/praxis/{}", p.id))) { (p.content.title) } }
                            td { (name_of(p)) }
                            td { (p.content.main_field().map_or("", |f| field_label(fields, f.as_str(), lang))) }
                            td { (state_badge(lang, p.state)) }
                        }
                    }
                }
            }
        }
    }
}

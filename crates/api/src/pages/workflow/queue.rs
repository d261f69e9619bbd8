//! The review queue of managers and admins (`/pruefung`): submitted uploads, oldest first, with
//! member, uploader, time, file and number of observations, the confirmation of the decision just
//! made, and the last decisions.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use vergleich_domain::UploadState;
use vergleich_store::UploadFilter;

use super::review::{REVIEWERS, WHAT, names};
use super::upload_view::person;
use super::{page_user, state_label, when};
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::{Nav, Page, PageError, href, lang_of, t};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    lang: Option<String>,
    /// The upload just decided …
    erledigt: Option<i64>,
    /// … and how: `freigegeben` or `abgelehnt`.
    ergebnis: Option<String>,
}

/// The queue of submitted uploads, oldest first, and the last decisions.
#[utoipa::path(get, path = "/pruefung", tag = "pages",
    params(
        ("erledigt" = Option<i64>, Query, description = "The upload just decided (confirmation)"),
        ("ergebnis" = Option<String>, Query, description = "`freigegeben` or `abgelehnt`"),
        ("lang" = Option<String>, Query, description = "`en` for English"),
    ),
    responses(
        (status = 200, description = "Review queue", content_type = "text/html"),
        (status = 303, description = "Not signed in: to the sign-in form"),
        (status = 403, description = "Not a manager or admin", content_type = "text/html")))]
pub async fn queue(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<QueueQuery>,
) -> Result<Response, PageError> {
    let lang = lang_of(query.lang.as_deref());
    if let Err(response) = page_user(&principal, REVIEWERS, lang, "/pruefung", WHAT) {
        return Ok(response.into_response());
    }
    let err = |e: vergleich_store::StoreError| PageError::from_app(e.into(), lang);
    let filter = |states: Vec<UploadState>, limit| UploadFilter {
        municipality: None,
        states,
        exclude_synthetic: true,
        limit,
        offset: 0,
    };
    let mut waiting = state
        .store
        .uploads(&filter(vec![UploadState::Submitted], 200))
        .await
        .map_err(err)?;
    waiting.reverse(); // first come, first reviewed
    let decided = state
        .store
        .uploads(&filter(
            vec![UploadState::Published, UploadState::Rejected],
            10,
        ))
        .await
        .map_err(err)?;
    let (members, _) = names(&state, lang).await?;
    let member = |u: &vergleich_store::UploadRecord| {
        u.municipality.as_ref().map_or_else(
            || "–".to_owned(),
            |m| {
                format!(
                    "{} ({m})",
                    members.get(m.as_str()).map_or("?", String::as_str)
                )
            },
        )
    };
    let page = Page::new(
        lang,
        t(lang, "Prüfung", "Review"),
        Nav::Review,
        &principal,
        &method,
        "/pruefung",
    );
    Ok(page
        .render(html! {
            @if let Some(id) = query.erledigt {
                p.confirmation role="status" {
                    (t(lang, "Upload ", "Upload ")) (id)
                    @match query.ergebnis.as_deref() {
                        Some("abgelehnt") => (t(lang, " wurde abgelehnt; die Kommune sieht Ihren Kommentar.", " was rejected; the municipality sees your comment.")),
                        _ => (t(lang, " wurde freigegeben und ist jetzt veröffentlicht.", " was approved and is now published.")),
                    }
                }
            }
            h2 { (t(lang, "Eingereicht", "Submitted")) " (" (waiting.len()) ")" }
            @if waiting.is_empty() {
                p { (t(lang, "Nichts zu prüfen.", "Nothing to review.")) }
            } @else {
                div.table-wrap {
                    table.queue {
                        thead { tr {
                            th.num scope="col" { (t(lang, "Nr.", "No.")) }
                            th scope="col" { (t(lang, "Kommune", "Municipality")) }
                            th scope="col" { (t(lang, "Von", "By")) }
                            th scope="col" { (t(lang, "Eingereicht", "Submitted")) }
                            th scope="col" { (t(lang, "Datei", "File")) }
                            th.num scope="col" { (t(lang, "Beobachtungen", "Observations")) }
                        } }
                        tbody {
                            @for u in &waiting {
                                tr {
                                    td.num { a href=(href(lang, &format!("/pruefung/{}", u.id.0))) { (u.id.0) } }
                                    td { a href=(href(lang, &format!("/pruefung/{}", u.id.0))) { (member(u)) } }
                                    td { (person(&u.uploaded_by)) }
                                    td { (when(lang, u.submitted_at.unwrap_or(u.uploaded_at))) }
                                    td { (u.file_name.as_deref().unwrap_or("–")) }
                                    td.num { (u.observation_count) }
                                }
                            }
                        }
                    }
                }
            }
            @if !decided.is_empty() {
                h2 { (t(lang, "Zuletzt entschieden", "Recently decided")) }
                ul.decided {
                    @for u in &decided {
                        li {
                            a href=(href(lang, &format!("/pruefung/{}", u.id.0))) { (t(lang, "Upload ", "Upload ")) (u.id.0) }
                            ", " (member(u)) ": " strong { (state_label(lang, u.state)) }
                            @if let (Some(by), Some(at)) = (&u.reviewed_by, u.reviewed_at) {
                                " (" (person(by)) ", " (when(lang, at)) ")"
                            }
                        }
                    }
                }
            }
        })
        .into_response())
}

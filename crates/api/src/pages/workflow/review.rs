//! One upload for review by managers and admins (`/pruefung/{id}`): what it changes against the
//! published data, its validation warnings, and the approve / reject forms (303 back to the
//! queue with a confirmation). The changes and the decisions are the workflow's
//! (`Workflow::changes`, `approve`, `reject`), the same steps the API takes.

use std::collections::HashMap;

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use vergleich_charts::Lang;
use vergleich_domain::{Role, UploadState};

use super::changes_table;
use super::report::{self, ReportView};
use super::upload_view::person;
use super::{check_token, csrf_of, form_user, page_user, see_other, state_label, when};
use crate::auth::{AuthMethod, Principal};
use crate::error::ErrorCode;
use crate::extract::ApiQuery;
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;
use vergleich_service::Error;
use vergleich_service::workflow::review::{Change, MAX_COMMENT};

pub(super) const REVIEWERS: &[Role] = &[Role::Manager, Role::Admin];
pub(super) const WHAT: (&str, &str) = (
    "Uploads prüfen (Projektleitung)",
    "review uploads (project managers)",
);

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    csrf_token: String,
    comment: String,
    /// A scheduled release to publish under (its embargo); empty: at once.
    #[serde(default)]
    embargo: String,
}

/// Names of the members and indicator labels, for people rather than keys.
pub(super) async fn names(
    state: &AppState,
    lang: Lang,
) -> Result<(HashMap<String, String>, HashMap<String, (String, String)>), PageError> {
    let err = |e: vergleich_store::StoreError| PageError::from_app(e.into(), lang);
    let members = state.store.municipalities().await.map_err(err)?;
    let indicators = state.store.indicators().await.map_err(err)?;
    Ok((
        members
            .into_iter()
            .map(|m| (m.key.to_string(), m.name))
            .collect(),
        indicators
            .into_iter()
            .map(|i| {
                let label = t(lang, &i.label_de, &i.label_en).to_owned();
                (i.id.as_str().to_owned(), (label, i.unit))
            })
            .collect(),
    ))
}

/// One upload for review: who and what, its changes against the published data, warnings, and
/// the decision forms. `problem` is a refused decision to show above the forms.
async fn detail_page(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    id: i64,
    lang: Lang,
    problem: Option<Error>,
) -> Result<Markup, PageError> {
    let fail = |e: Error| PageError::from_service(e, lang);
    let workflow = state.workflow();
    let upload = workflow.visible_upload(principal, id).await.map_err(fail)?;
    let changes: Vec<Change> = workflow.changes(principal, id).await.map_err(fail)?.changes;
    let (members, indicators) = names(state, lang).await?;
    let report = ReportView::stored(upload.report.as_deref());
    let now = chrono::Utc::now();
    let scheduled: Vec<_> = workflow
        .releases(principal, now)
        .await
        .map_err(fail)?
        .into_iter()
        .filter(|r| !r.is_out(now))
        .collect();
    let csrf = csrf_of(method);
    let member = upload.municipality.as_ref().map_or_else(
        || "–".to_owned(),
        |m| {
            format!(
                "{} ({m})",
                members.get(m.as_str()).map_or("?", String::as_str)
            )
        },
    );
    let title = format!("{} {id} – {member}", t(lang, "Upload", "Upload"));
    let path = format!("/pruefung/{id}");
    let page = Page::new(lang, title, Nav::Review, principal, method, path.clone());
    Ok(page.render(html! {
        p { a href=(href(lang, "/pruefung")) { "← " (t(lang, "Zur Warteschlange", "Back to the queue")) } }
        dl.upload-meta {
            dt { (t(lang, "Stand", "State")) } dd { strong { (state_label(lang, upload.state)) } }
            dt { (t(lang, "Hochgeladen", "Uploaded")) } dd { (person(&upload.uploaded_by)) ", " (when(lang, upload.uploaded_at)) }
            @if let Some(at) = upload.submitted_at {
                dt { (t(lang, "Eingereicht", "Submitted")) } dd { (when(lang, at)) }
            }
            dt { (t(lang, "Datei", "File")) }
            dd {
                (upload.file_name.as_deref().unwrap_or("–")) " "
                @if upload.sha256.is_some() {
                    a href=(format!("/api/v1/uploads/{id}/file")) download { "(" (t(lang, "Originaldatei", "original file")) ")" }
                }
            }
            dt { (t(lang, "Beobachtungen", "Observations")) } dd { (upload.observation_count) }
            @if let Some(by) = &upload.reviewed_by {
                dt { (t(lang, "Entschieden", "Decided")) }
                dd { (person(by)) @if let Some(at) = upload.reviewed_at { ", " (when(lang, at)) } }
            }
            @if let Some(comment) = &upload.review_comment {
                dt { (t(lang, "Kommentar", "Comment")) } dd { blockquote.review-comment { (comment) } }
            }
        }
        @if let Some(source) = &report.source {
            h2 { (t(lang, "Amtliche Quelle", "Official source")) }
            (super::report_source::section(lang, source))
        }
        h2 { (t(lang, "Änderungen gegenüber den veröffentlichten Daten", "Changes against the published data")) " (" (changes.len()) ")" }
        (changes_table::table(lang, &changes, &indicators))
        h2 { (t(lang, "Hinweise der Prüfung", "Validation warnings")) " (" (report.warning_count) ")" }
        @if report.warnings.is_empty() {
            p { (t(lang, "Keine Warnungen.", "No warnings.")) }
        } @else {
            (report::warnings(lang, &report))
        }
        @if upload.state == UploadState::Submitted {
            h2 #entscheidung { (t(lang, "Entscheidung", "Decision")) }
            @if let Some(problem) = &problem {
                p.form-error #decision-error role="alert" {
                    // The details say what to do; the general line only when there are none.
                    @if problem.errors.is_empty() {
                        (t(lang, &problem.detail_de, &problem.detail_en))
                    }
                    @for e in &problem.errors { (t(lang, &e.message_de, &e.message_en)) " " }
                }
            }
            div.decision {
                form.workflow-form method="post" action=(href(lang, &format!("{path}/freigeben"))) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    p {
                        label for="approve-comment" { (t(lang, "Kommentar (freiwillig)", "Comment (optional)")) }
                        textarea #approve-comment name="comment" rows="3" maxlength=(MAX_COMMENT) {}
                    }
                    @if !scheduled.is_empty() {
                        p {
                            label for="approve-embargo" { (t(lang, "Veröffentlichen", "Publish")) }
                            select #approve-embargo name="embargo" {
                                option value="" selected { (t(lang, "sofort", "at once")) }
                                @for r in &scheduled {
                                    option value=(r.name) {
                                        (t(lang, "mit dem Datenstand ", "with release ")) (r.name) " (" (when(lang, r.at)) ")"
                                    }
                                }
                            }
                        }
                        p.hint { (t(lang, "Mit einem geplanten Datenstand bleiben die Werte bis zu dessen Zeitpunkt für alle außer der Kommune selbst und der Projektleitung gesperrt.", "With a scheduled release the values stay embargoed until its moment for everyone but the municipality itself and the project managers.")) }
                    }
                    p { button type="submit" { (t(lang, "Freigeben und veröffentlichen", "Approve and publish")) } }
                }
                form.workflow-form method="post" action=(href(lang, &format!("{path}/ablehnen"))) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    p {
                        label for="reject-comment" { (t(lang, "Begründung (nötig): was soll die Kommune korrigieren?", "Reason (required): what should the municipality correct?")) }
                        textarea #reject-comment name="comment" rows="3" maxlength=(MAX_COMMENT) required aria-invalid=[problem.is_some().then_some("true")] aria-describedby=[problem.is_some().then_some("decision-error")] {}
                    }
                    p { button.reject type="submit" { (t(lang, "Ablehnen", "Reject")) } }
                }
            }
        }
    }))
}

/// One upload for review.
#[utoipa::path(get, path = "/pruefung/{id}", tag = "pages",
    params(
        ("id" = i64, Path, description = "Upload id"),
        ("lang" = Option<String>, Query, description = "`en` for English"),
    ),
    responses(
        (status = 200, description = "The upload, its changes and the decision forms", content_type = "text/html"),
        (status = 303, description = "Not signed in: to the sign-in form"),
        (status = 403, description = "Not a manager or admin", content_type = "text/html"),
        (status = 404, description = "No such upload", content_type = "text/html")))]
pub async fn detail(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    if let Err(response) = page_user(
        &principal,
        REVIEWERS,
        lang,
        &format!("/pruefung/{id}"),
        WHAT,
    ) {
        return Ok(response.into_response());
    }
    Ok(detail_page(&state, &principal, &method, id, lang, None)
        .await?
        .into_response())
}

/// Checks the decision form (role, CSRF token) and returns it.
fn decision(
    principal: &Principal,
    method: &AuthMethod,
    lang: Lang,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Result<DecisionForm, PageError> {
    form_user(principal, REVIEWERS, lang, WHAT)?;
    let form = form.map(|Form(f)| f).unwrap_or_default();
    check_token(method, &form.csrf_token, lang)?;
    Ok(form)
}

/// Approves a submitted upload (published), 303 to the queue with a confirmation.
#[utoipa::path(post, path = "/pruefung/{id}/freigeben", tag = "pages",
    params(("id" = i64, Path, description = "Upload id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, comment (optional), embargo (a scheduled release; optional)"),
    responses(
        (status = 303, description = "Published: to the queue"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a manager or admin, or CSRF token missing or wrong", content_type = "text/html"),
        (status = 404, description = "No such upload", content_type = "text/html"),
        (status = 409, description = "Not submitted (any more)", content_type = "text/html"),
        (status = 422, description = "Comment too long: the page with the message", content_type = "text/html")))]
pub async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let form = decision(&principal, &method, lang, form)?;
    let workflow = state.workflow();
    let done = match form.embargo.as_str() {
        "" => workflow.approve(&principal, id, Some(form.comment)).await,
        release => {
            workflow
                .approve_embargoed(&principal, id, release, Some(form.comment))
                .await
        }
    };
    decided(
        &state,
        &principal,
        &method,
        id,
        lang,
        done.map(|_| "freigegeben"),
    )
    .await
}

/// 303 to the queue with the confirmation, or the page again with a comment problem.
async fn decided(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    id: i64,
    lang: Lang,
    done: Result<&str, Error>,
) -> Result<Response, PageError> {
    match done {
        Ok(result) => Ok(see_other(&href(
            lang,
            &format!("/pruefung?erledigt={id}&ergebnis={result}"),
        ))),
        Err(problem) if problem.code == ErrorCode::InvalidParameter => {
            let page = detail_page(state, principal, method, id, lang, Some(problem)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(PageError::from_service(e, lang)),
    }
}

/// Rejects a submitted upload with the comment the form requires; without one the page is
/// shown again with the message.
#[utoipa::path(post, path = "/pruefung/{id}/ablehnen", tag = "pages",
    params(("id" = i64, Path, description = "Upload id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, comment (required)"),
    responses(
        (status = 303, description = "Rejected: to the queue"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a manager or admin, or CSRF token missing or wrong", content_type = "text/html"),
        (status = 404, description = "No such upload", content_type = "text/html"),
        (status = 409, description = "Not submitted (any more)", content_type = "text/html"),
        (status = 422, description = "Comment missing or too long: the page with the message", content_type = "text/html")))]
pub async fn reject(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let form = decision(&principal, &method, lang, form)?;
    let done = state
        .workflow()
        .reject(&principal, id, Some(form.comment))
        .await;
    decided(
        &state,
        &principal,
        &method,
        id,
        lang,
        done.map(|_| "abgelehnt"),
    )
    .await
}

//! The Selbstcheck's form POSTs: open a round, save one field's answers (and go on to the next
//! field), submit the round, and the manager's publish. Each checks role and CSRF token; a
//! refused save shows the form's problems by item (422) with nothing stored.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use vergleich_domain::{Ags, Role};
use vergleich_service::workflow::selfcheck::AnswerInput;

use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::concept::edit::Fields;
use crate::pages::workflow::{check_token, form_user, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

const WHAT: (&str, &str) = (
    "den Selbstcheck ausfüllen (nur die eigene Kommune)",
    "fill in the self-check (own municipality only)",
);

/// Opens a round of the user's own member; to its first field.
#[utoipa::path(post, path = "/selbstcheck/{key}/runden", tag = "pages",
    params(("key" = String, Path, description = "The user's own member"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, label, questionnaire"),
    responses(
        (status = 303, description = "Opened: to the round"),
        (status = 400, description = "Bad label", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not this member's user, or CSRF token wrong", content_type = "text/html"),
        (status = 409, description = "Label taken", content_type = "text/html")))]
pub async fn open(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(raw): Path<String>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let user = form_user(&principal, &[Role::Municipality], lang, WHAT)?;
    if Ags::parse(&raw).ok().as_ref() != user.municipality.as_ref() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            lang,
            "Nur die eigene Kommune.",
            "Own member only.",
        ));
    }
    let fields = Fields(fields);
    check_token(&method, &fields.get("csrf_token").unwrap_or_default(), lang)?;
    let round = state
        .workflow()
        .open_selfcheck_round(
            &principal,
            &fields.get("label").unwrap_or_default(),
            &fields.get("questionnaire").unwrap_or_default(),
        )
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/selbstcheck/runde/{}", round.id),
    )))
}

/// Saves one field's answers; back to the field (or on to `weiter`), or its problems (422).
#[utoipa::path(post, path = "/selbstcheck/runde/{id}", tag = "pages",
    params(("id" = i64, Path, description = "Round id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, feld, weiter, department, a_<item> = 0–3 | skipped | dont_know, e_<item> = evidence"),
    responses(
        (status = 303, description = "Saved: to the field or the next one"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a municipality user, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such round of the user's member", content_type = "text/html"),
        (status = 409, description = "The round takes no answers any more", content_type = "text/html"),
        (status = 422, description = "Problems by item; nothing stored", content_type = "text/html")))]
pub async fn save(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    form_user(&principal, &[Role::Municipality], lang, WHAT)?;
    let fields = Fields(pairs);
    check_token(&method, &fields.get("csrf_token").unwrap_or_default(), lang)?;
    let answers: Vec<AnswerInput> = fields
        .0
        .iter()
        .filter_map(|(name, value)| {
            let item = name.strip_prefix("a_")?;
            Some(AnswerInput {
                item: item.to_owned(),
                answer: value.clone(),
                evidence: fields.get(&format!("e_{item}")),
            })
        })
        .take(crate::routes::selfcheck::MAX_ANSWERS + 1)
        .collect();
    let department = fields.get("department");
    let result = state
        .workflow()
        .answer_selfcheck(&principal, id, department.as_deref(), &answers)
        .await;
    let feld = fields
        .get("weiter")
        .or_else(|| fields.get("feld"))
        .unwrap_or_default();
    match result {
        Ok(_) => Ok(see_other(&href(
            lang,
            &format!("/selbstcheck/runde/{id}?feld={feld}&gespeichert=1#fragen"),
        ))),
        Err(e) if e.code == vergleich_service::ErrorCode::InvalidParameter => {
            let body = html! {
                div.form-error role="alert" {
                    p { (t(lang, "Nichts wurde gespeichert. Bitte diese Antworten korrigieren:", "Nothing was stored. Correct these answers:")) }
                    ul {
                        @for d in &e.errors {
                            li {
                                @if let Some(row) = d.row { @if let Some(a) = answers.get(row - 1) { (a.item) ": " } }
                                (t(lang, &d.message_de, &d.message_en))
                            }
                        }
                    }
                }
                p { a href=(href(lang, &format!("/selbstcheck/runde/{id}?feld={}", fields.get("feld").unwrap_or_default()))) { (t(lang, "Zurück zum Fragebogen", "Back to the questionnaire")) } }
            };
            let page = Page::new(
                lang,
                t(lang, "Antworten nicht gespeichert", "Answers not saved"),
                Nav::Municipality,
                &principal,
                &method,
                format!("/selbstcheck/runde/{id}"),
            )
            .render(body);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(PageError::from_service(e, lang)),
    }
}

/// Submits the member's draft round for review.
#[utoipa::path(post, path = "/selbstcheck/runde/{id}/einreichen", tag = "pages",
    params(("id" = i64, Path, description = "Round id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token"),
    responses(
        (status = 303, description = "Submitted: to the round"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a municipality user, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such round of the user's member", content_type = "text/html"),
        (status = 409, description = "Not a draft", content_type = "text/html")))]
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    form_user(&principal, &[Role::Municipality], lang, WHAT)?;
    check_token(
        &method,
        &Fields(pairs).get("csrf_token").unwrap_or_default(),
        lang,
    )?;
    state
        .workflow()
        .submit_selfcheck_round(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(lang, &format!("/selbstcheck/runde/{id}"))))
}

/// Publishes a submitted round (managers and admins).
#[utoipa::path(post, path = "/selbstcheck/runde/{id}/veroeffentlichen", tag = "pages",
    params(("id" = i64, Path, description = "Round id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token"),
    responses(
        (status = 303, description = "Published: to the round"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a manager or admin, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such round", content_type = "text/html"),
        (status = 409, description = "Not submitted", content_type = "text/html")))]
pub async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    form_user(
        &principal,
        &[Role::Manager, Role::Admin],
        lang,
        (
            "eine Selbstcheck-Runde veröffentlichen",
            "publish a self-check round",
        ),
    )?;
    check_token(
        &method,
        &Fields(pairs).get("csrf_token").unwrap_or_default(),
        lang,
    )?;
    state
        .workflow()
        .publish_selfcheck_round(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(lang, &format!("/selbstcheck/runde/{id}"))))
}

//! The municipality's forms on its concept: start a version (empty or as a Fortschreibung),
//! edit a draft's title, dates, link and ideal states (`/konzept/{key}/bearbeiten`), publish,
//! and the measures table down and up. Every POST checks role and CSRF token; the rules are the
//! workflow's (`vergleich_service::workflow::concepts`).

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Role};
use vergleich_service::workflow::concept_bulk::parse_date;
use vergleich_store::{ConceptEdit, ConceptState};

use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::workflow::{Denied, check_token, csrf_of, form_user, page_user, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

const EDITORS: &[Role] = &[Role::Municipality];
const WHAT: (&str, &str) = (
    "das Integrationskonzept bearbeiten (nur die eigene Kommune)",
    "edit the integration concept (own municipality only)",
);

#[derive(Debug, Default, Deserialize)]
pub struct StartForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    based_on: String,
}

pub(super) fn own_key(principal: &Principal, raw: &str, lang: Lang) -> Result<Ags, PageError> {
    let user = form_user(principal, EDITORS, lang, WHAT)?;
    Ags::parse(raw)
        .ok()
        .filter(|k| user.municipality.as_ref() == Some(k))
        .ok_or_else(|| {
            PageError::new(
                StatusCode::FORBIDDEN,
                lang,
                "Nur das Konzept der eigenen Kommune kann bearbeitet werden.",
                "Only the own member's concept can be edited.",
            )
        })
}

/// Starts a version; to its edit form.
#[utoipa::path(post, path = "/konzept/{key}/fassungen", tag = "pages",
    params(("key" = String, Path, description = "The user's own member"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, label, based_on (version id or empty)"),
    responses(
        (status = 303, description = "Started: to the edit form"),
        (status = 400, description = "Bad label", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not this member's user, or CSRF token wrong", content_type = "text/html"),
        (status = 409, description = "Label taken", content_type = "text/html")))]
pub async fn start(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(raw): Path<String>,
    ApiQuery(query): ApiQuery<LangParam>,
    form: Result<Form<StartForm>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    own_key(&principal, &raw, lang)?;
    let form = form.map(|Form(f)| f).unwrap_or_default();
    check_token(&method, &form.csrf_token, lang)?;
    let based_on = form.based_on.trim().parse::<i64>().ok();
    let v = state
        .workflow()
        .start_concept_version(&principal, form.label.trim(), based_on)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/konzept/{raw}/bearbeiten?fassung={}", v.label),
    )))
}

#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    lang: Option<String>,
    fassung: Option<String>,
}

/// The edit form of a draft: title, dates, link, each Themenfeld's ideal state, and a goal
/// with a target to add.
#[utoipa::path(get, path = "/konzept/{key}/bearbeiten", tag = "pages",
    params(("key" = String, Path, description = "The user's own member"),
        ("fassung" = Option<String>, Query, description = "Version label"),
        ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The form", content_type = "text/html"),
        (status = 303, description = "Signed out: to the sign-in form"),
        (status = 403, description = "Not this member's user", content_type = "text/html"),
        (status = 404, description = "No such version", content_type = "text/html"),
        (status = 409, description = "Published: start a new version", content_type = "text/html")))]
pub async fn form(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(raw): Path<String>,
    ApiQuery(query): ApiQuery<EditQuery>,
) -> Result<Response, Response> {
    let lang = crate::pages::lang_of(query.lang.as_deref());
    let path = format!("/konzept/{raw}/bearbeiten");
    page_user(&principal, EDITORS, lang, &path, WHAT).map_err(Denied::into_response)?;
    let key = own_key(&principal, &raw, lang).map_err(IntoResponse::into_response)?;
    let version = draft(&state, &principal, &key, query.fassung.as_deref(), lang)
        .await
        .map_err(IntoResponse::into_response)?;
    let indicators = state
        .store
        .indicators()
        .await
        .map_err(|e| PageError::from_service(e.into(), lang).into_response())?;
    let body = edit_body(&raw, &version, &indicators, lang, csrf_of(&method), None);
    Ok(Page::new(
        lang,
        t(lang, "Konzept bearbeiten", "Edit concept"),
        Nav::Concepts,
        &principal,
        &method,
        path,
    )
    .render(body)
    .into_response())
}

/// The member's draft labelled `label` (409 for a published one).
pub(super) async fn draft(
    state: &AppState,
    principal: &Principal,
    key: &Ags,
    label: Option<&str>,
    lang: Lang,
) -> Result<vergleich_store::ConceptVersion, PageError> {
    let versions = state
        .workflow()
        .concept_versions(principal, key)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let version = versions
        .into_iter()
        .rev()
        .find(|v| {
            label.is_none_or(|l| v.label == l)
                && (label.is_some() || v.state == ConceptState::Draft)
        })
        .ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                lang,
                "Diese Fassung gibt es nicht.",
                "There is no such version.",
            )
        })?;
    if version.state == ConceptState::Published {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            lang,
            "Diese Fassung ist veröffentlicht und wird nicht mehr geändert; bitte eine neue Fassung beginnen.",
            "This version is published and is not changed any more; start a new version.",
        ));
    }
    Ok(version)
}

pub(super) fn edit_body(
    raw: &str,
    v: &vergleich_store::ConceptVersion,
    indicators: &[vergleich_domain::Indicator],
    lang: Lang,
    csrf: &str,
    problems: Option<&vergleich_service::Error>,
) -> Markup {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    html! {
        p { a href=(href(lang, &format!("/konzept/{raw}?fassung={}", v.label))) { (t(lang, "Zurück zur Fassung ", "Back to version ")) (v.label) } }
        @if let Some(e) = problems {
            div.form-error role="alert" {
                p { (t(lang, "Nichts wurde gespeichert:", "Nothing was stored:")) " " (t(lang, &e.detail_de, &e.detail_en)) }
                ul { @for d in &e.errors { li { @if let Some(p) = &d.parameter { (p) ": " } (t(lang, &d.message_de, &d.message_en)) } } }
            }
        }
        form.workflow-form method="post" action=(href(lang, &format!("/konzept/{raw}/bearbeiten"))) {
            input type="hidden" name="csrf_token" value=(csrf);
            input type="hidden" name="version" value=(v.id);
            label for="title" { (t(lang, "Titel", "Title")) }
            input type="text" id="title" name="title" value=(v.title) required maxlength="200";
            label for="adopted_on" { (t(lang, "Beschlossen am (Stadtratsbeschluss)", "Adopted on (council decision)")) }
            input type="date" id="adopted_on" name="adopted_on" value=(date(v.adopted_on));
            label for="review_on" { (t(lang, "Nächste Überprüfung", "Next review")) }
            input type="date" id="review_on" name="review_on" value=(date(v.review_on));
            label for="document_url" { (t(lang, "Link zum veröffentlichten Dokument", "Link to the published document")) }
            input type="text" id="document_url" name="document_url" value=(v.document_url.clone().unwrap_or_default());
            @for (i, tf) in v.content.themenfelder.iter().enumerate() {
                label for=(format!("ideal_{i}")) { (t(lang, "Idealzustand: ", "Ideal state: ")) (tf.title) }
                textarea id=(format!("ideal_{i}")) name=(format!("ideal_{i}")) rows="4" { (tf.ideal_de) }
            }
            p { button type="submit" { (t(lang, "Speichern", "Save")) } }
        }
        (super::goal_form::goal_form(raw, v, indicators, lang, csrf))
    }
}

/// Saves title, dates, link and ideal states of a draft; back to the concept page.
#[utoipa::path(post, path = "/konzept/{key}/bearbeiten", tag = "pages",
    params(("key" = String, Path, description = "The user's own member"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, version, title, adopted_on, review_on, document_url, ideal_0 …"),
    responses(
        (status = 303, description = "Saved: to the concept page"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not this member's user, or CSRF token wrong", content_type = "text/html"),
        (status = 409, description = "Published", content_type = "text/html"),
        (status = 422, description = "Rules broken: the form again with each problem", content_type = "text/html")))]
pub async fn save(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(raw): Path<String>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = Fields(fields);
    let original = form_version(&state, &principal, &method, &raw, &fields, lang).await?;
    let mut content = original.content.clone();
    for (i, tf) in content.themenfelder.iter_mut().enumerate() {
        if let Some(text) = fields.get(&format!("ideal_{i}")) {
            tf.ideal_de = text;
        }
    }
    let date = |name: &str| fields.get(name).and_then(|d| parse_date(&d));
    let edit = ConceptEdit {
        title: fields.get("title").unwrap_or(original.title.clone()),
        adopted_on: date("adopted_on"),
        review_on: date("review_on"),
        document_url: fields.get("document_url"),
        content,
    };
    let result = state
        .workflow()
        .edit_concept_version(&principal, original.id, edit)
        .await;
    after_edit(
        &state, &principal, &method, &raw, &original, lang, result, "",
    )
    .await
}

/// A form's fields by name, trimmed; an empty field counts as absent.
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }
}

/// The member's version the form's `version` field names, after the role and CSRF checks.
pub(super) async fn form_version(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    raw: &str,
    fields: &Fields,
    lang: Lang,
) -> Result<vergleich_store::ConceptVersion, PageError> {
    let key = own_key(principal, raw, lang)?;
    check_token(method, &fields.get("csrf_token").unwrap_or_default(), lang)?;
    let id = fields.get("version").and_then(|v| v.parse::<i64>().ok());
    state
        .workflow()
        .concept_versions(principal, &key)
        .await
        .map_err(|e| PageError::from_service(e, lang))?
        .into_iter()
        .find(|v| Some(v.id) == id)
        .ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                lang,
                "Diese Fassung gibt es nicht.",
                "There is no such version.",
            )
        })
}

/// After an edit: to the concept page (at `anchor`), or the edit form of `original` again with
/// every problem (422); other errors as their page.
#[allow(clippy::too_many_arguments)] // the request's parts, passed through
pub(super) async fn after_edit(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    raw: &str,
    original: &vergleich_store::ConceptVersion,
    lang: Lang,
    result: Result<vergleich_store::ConceptVersion, vergleich_service::Error>,
    anchor: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(saved) => Ok(see_other(&href(
            lang,
            &format!("/konzept/{raw}?fassung={}{anchor}", saved.label),
        ))),
        Err(e) if e.code == vergleich_service::ErrorCode::InvalidParameter => {
            let indicators = state
                .store
                .indicators()
                .await
                .map_err(|e| PageError::from_service(e.into(), lang))?;
            let body = edit_body(raw, original, &indicators, lang, csrf_of(method), Some(&e));
            let page = Page::new(
                lang,
                t(lang, "Konzept bearbeiten", "Edit concept"),
                Nav::Concepts,
                principal,
                method,
                format!("/konzept/{raw}/bearbeiten"),
            )
            .render(body);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(PageError::from_service(e, lang)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    version: i64,
}

/// Publishes a draft; back to the concept page.
#[utoipa::path(post, path = "/konzept/{key}/veroeffentlichen", tag = "pages",
    params(("key" = String, Path, description = "The user's own member"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, version"),
    responses(
        (status = 303, description = "Published: to the concept page"),
        (status = 400, description = "Rules broken", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not this member's user, or CSRF token wrong", content_type = "text/html"),
        (status = 409, description = "Published already", content_type = "text/html")))]
pub async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(raw): Path<String>,
    ApiQuery(query): ApiQuery<LangParam>,
    form: Result<Form<PublishForm>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    own_key(&principal, &raw, lang)?;
    let form = form.map(|Form(f)| f).unwrap_or_default();
    check_token(&method, &form.csrf_token, lang)?;
    let v = state
        .workflow()
        .publish_concept_version(&principal, form.version)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/konzept/{raw}?fassung={}", v.label),
    )))
}

//! The upload page of a municipality (`/hochladen`): template downloads, the upload form
//! (multipart, "check only"), the validation report of the last file, the submit button of a
//! stored draft and the member's uploads with their states and review comments.
//!
//! Files go through the same workflow step as `POST /api/v1/uploads` (`AppState::upload`):
//! the member is the signed-in user's, never the file's. A stored draft answers 303 to its own
//! page (`?upload=ID`) so reloading does not send the file again; a rejected file or a dry run
//! is shown at once, since nothing was stored to come back to.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Role};
use vergleich_service::workflow::upload::{UploadFile, UploadOutcome};
use vergleich_store::UploadFilter;

use super::report::ReportView;
use super::upload_view::{Shown, outcome, upload_list};
use super::{check_token, csrf_of, form_user, page_user, see_other};
use crate::auth::{AuthMethod, Principal};
use crate::error::AppError;
use crate::extract::{ApiQuery, body_error};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

const WHAT: (&str, &str) = (
    "Daten hochladen (nur Kommunen)",
    "upload data (municipalities only)",
);

#[derive(Debug, Default, Deserialize)]
pub struct UploadQuery {
    lang: Option<String>,
    /// A stored upload to show with its report.
    upload: Option<i64>,
    /// The file was stored before (same bytes).
    wiederholt: Option<bool>,
    /// This upload was just submitted.
    eingereicht: Option<i64>,
}

/// The member of a municipality user (one without a member may not upload).
fn member_of(user: &vergleich_store::User, lang: Lang) -> Result<Ags, PageError> {
    user.municipality.clone().ok_or_else(|| {
        PageError::new(
            StatusCode::FORBIDDEN,
            lang,
            "Ihr Konto ist keiner Kommune zugeordnet.",
            "Your account belongs to no municipality.",
        )
    })
}

/// The upload page.
#[utoipa::path(get, path = "/hochladen", tag = "pages",
    params(
        ("upload" = Option<i64>, Query, description = "Show this stored upload with its report"),
        ("lang" = Option<String>, Query, description = "`en` for English"),
    ),
    responses(
        (status = 200, description = "Upload page", content_type = "text/html"),
        (status = 303, description = "Not signed in: to the sign-in form"),
        (status = 403, description = "Not a municipality user", content_type = "text/html")))]
pub async fn page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<UploadQuery>,
) -> Result<Response, PageError> {
    let lang = crate::pages::lang_of(query.lang.as_deref());
    let user = match page_user(&principal, &[Role::Municipality], lang, "/hochladen", WHAT) {
        Ok(user) => user,
        Err(denied) => return Ok(denied.into_response()),
    };
    let member = member_of(user, lang)?;
    let shown = match (query.upload, query.eingereicht) {
        (Some(id), _) => Shown::Stored {
            upload: state
                .workflow()
                .visible_upload(&principal, id)
                .await
                .map_err(|e| PageError::from_service(e, lang))?,
            replayed: query.wiederholt.unwrap_or(false),
        },
        (None, Some(id)) => Shown::Submitted(id),
        (None, None) => Shown::Nothing,
    };
    let page = render(&state, &principal, &method, &member, lang, shown).await?;
    Ok(page.into_response())
}

/// The upload form's file (multipart: `csrf_token` first, then `file`, optional `dry_run`).
#[utoipa::path(post, path = "/hochladen", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "multipart/form-data", description = "csrf_token, file, dry_run"),
    responses(
        (status = 303, description = "Stored as a draft: to its report"),
        (status = 200, description = "Checked only: the report", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a municipality user, or CSRF token missing or wrong", content_type = "text/html"),
        (status = 413, description = "File too large", content_type = "text/html"),
        (status = 422, description = "Validation errors: the report", content_type = "text/html")))]
pub async fn receive(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let user = form_user(&principal, &[Role::Municipality], lang, WHAT)?;
    let member = member_of(user, lang)?;
    let mut form =
        multipart.map_err(|e| PageError::from_app(body_error(&e.body_text(), e.status()), lang))?;
    let read_error = |e: axum::extract::multipart::MultipartError| {
        PageError::from_app(body_error(&e.body_text(), e.status()), lang)
    };
    let (mut token, mut dry_run, mut file) = (String::new(), false, None);
    while let Some(field) = form.next_field().await.map_err(read_error)? {
        match field.name() {
            Some("csrf_token") => token = field.text().await.map_err(read_error)?,
            Some("dry_run") => dry_run = field.text().await.map_err(read_error)? != "false",
            Some("file") => {
                // The token comes before the file: a forged form is refused before its file
                // is read.
                check_token(&method, &token, lang)?;
                let name = field.file_name().map(str::to_owned);
                let bytes = field.bytes().await.map_err(read_error)?;
                file = Some((bytes.to_vec(), name));
            }
            _ => {}
        }
    }
    check_token(&method, &token, lang)?;
    let Some((bytes, name)) = file.filter(|(bytes, name)| {
        !bytes.is_empty() || name.as_deref().is_some_and(|n| !n.is_empty())
    }) else {
        let page = render(&state, &principal, &method, &member, lang, Shown::NoFile).await?;
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    };
    let file = UploadFile {
        bytes,
        file_name: name,
        dry_run,
        idempotency_key: None,
    };
    let outcome = state
        .upload(&principal, file)
        .await
        .map_err(|e| PageError::from_service(e.into(), lang))?;
    let (status, shown) = match outcome {
        UploadOutcome::Stored { upload, .. } => {
            return Ok(see_other(&href(
                lang,
                &format!("/hochladen?upload={}", upload.id.0),
            )));
        }
        UploadOutcome::Replayed { upload } => {
            let path = format!("/hochladen?upload={}&wiederholt=true", upload.id.0);
            return Ok(see_other(&href(lang, &path)));
        }
        UploadOutcome::Checked { report } => {
            (StatusCode::OK, Shown::Checked(ReportView::of(&report)))
        }
        UploadOutcome::Rejected { report } => (
            StatusCode::from_u16(report.http_status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            Shown::Rejected(ReportView::of(&report)),
        ),
    };
    let page = render(&state, &principal, &method, &member, lang, shown).await?;
    Ok((status, page).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    csrf_token: String,
}

/// Hands a stored draft in for review (the submit button of the upload page).
#[utoipa::path(post, path = "/hochladen/{id}/einreichen", tag = "pages",
    params(
        ("id" = i64, Path, description = "Upload id"),
        ("lang" = Option<String>, Query, description = "`en` for English"),
    ),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token"),
    responses(
        (status = 303, description = "Submitted: back to the upload page"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a municipality user, or CSRF token missing or wrong", content_type = "text/html"),
        (status = 404, description = "No such upload, or another member's", content_type = "text/html"),
        (status = 409, description = "Not a draft", content_type = "text/html")))]
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    form: Result<axum::Form<TokenForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    form_user(&principal, &[Role::Municipality], lang, WHAT)?;
    let form = form.map(|axum::Form(f)| f).unwrap_or_default();
    check_token(&method, &form.csrf_token, lang)?;
    state
        .workflow()
        .submit(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/hochladen?eingereicht={id}"),
    )))
}

/// The whole upload page around what `shown` says.
async fn render(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    member: &Ags,
    lang: Lang,
    shown: Shown,
) -> Result<Markup, PageError> {
    let app = |e: AppError| PageError::from_app(e, lang);
    let members = state
        .store
        .municipalities()
        .await
        .map_err(|e| app(e.into()))?;
    let member_name = members
        .iter()
        .find(|m| &m.key == member)
        .map_or_else(|| member.to_string(), |m| m.name.clone());
    let uploads = state
        .store
        .uploads(&UploadFilter {
            municipality: Some(member.clone()),
            states: Vec::new(),
            exclude_synthetic: true,
            limit: 50,
            offset: 0,
        })
        .await
        .map_err(|e| app(e.into()))?;
    let csrf = csrf_of(method);
    let last_year = chrono::Utc::now().year() - 1;
    let max_mib = state.limits.max_bytes / (1024 * 1024);
    let title = format!(
        "{} – {member_name}",
        t(lang, "Daten hochladen", "Upload data")
    );
    let page = Page::new(lang, title, Nav::Upload, principal, method, "/hochladen");
    Ok(page.render(html! {
        (outcome(lang, csrf, &shown))
        section.workflow-step aria-labelledby="vorlage" {
            h2 #vorlage { (t(lang, "1. Vorlage herunterladen", "1. Download the template")) }
            p { (t(lang,
                "Die Vorlage enthält Ihren Schlüssel als Text, eine Zeile je Indikator und Jahr und (XLSX) ein Blatt „Erläuterungen“ mit Definitionen, Einheiten und erlaubten Werten. Ausgefüllt lässt sie sich unverändert hochladen.",
                "The template holds your key as text, one row per indicator and year and (XLSX) a sheet “Erläuterungen” with definitions, units and allowed values. Filled in, it uploads as it is.")) }
            form.template-form method="get" action=(format!("/api/v1/templates/{member}.xlsx")) {
                label for="from" { (t(lang, "Von Jahr", "From year")) }
                input #from type="number" name="from" min="1990" max="2100" value=(last_year);
                label for="to" { (t(lang, "bis Jahr", "to year")) }
                input #to type="number" name="to" min="1990" max="2100" value=(last_year);
                button type="submit" { (t(lang, "XLSX herunterladen", "Download XLSX")) }
                button type="submit" formaction=(format!("/api/v1/templates/{member}.csv")) {
                    (t(lang, "CSV herunterladen", "Download CSV"))
                }
            }
        }
        section.workflow-step aria-labelledby="datei" {
            h2 #datei { (t(lang, "2. Datei hochladen und prüfen", "2. Upload and check the file")) }
            form #upload-form .upload-form method="post" action=(href(lang, "/hochladen")) enctype="multipart/form-data" {
                input type="hidden" name="csrf_token" value=(csrf);
                div.dropzone {
                    label for="file" {
                        (t(lang, "Datei (CSV, XLSX, ODS oder JSON, höchstens ", "File (CSV, XLSX, ODS or JSON, at most "))
                        (max_mib) " MiB)"
                    }
                    input #file type="file" name="file" required accept=".csv,.txt,.xlsx,.ods,.json";
                    p.dropzone-hint aria-hidden="true" { (t(lang, "… oder die Datei hierher ziehen.", "… or drop the file here.")) }
                }
                p {
                    input #dry_run type="checkbox" name="dry_run" value="true";
                    " "
                    label for="dry_run" { (t(lang, "Nur prüfen (nichts speichern)", "Check only (store nothing)")) }
                }
                p { button type="submit" { (t(lang, "Hochladen und prüfen", "Upload and check")) } }
            }
        }
        section.workflow-step aria-labelledby="uploads" {
            h2 #uploads { (t(lang, "3. Ihre Uploads", "3. Your uploads")) }
            (upload_list(lang, csrf, &uploads))
        }
        script src="/static/upload.js" defer {}
    }))
}

//! The upload page (`/hochladen`). For a municipality: template downloads, the upload form
//! (multipart, "check only", mapping rows for an official table's variables), the validation
//! report of the last file, the submit button of a stored draft and the member's uploads with
//! their states and review comments. For a project manager or admin: the same form for a file
//! of several members (an official table downloaded once), stored as one upload per member and
//! submitted for review, listed with links to the review pages.
//!
//! Files go through the same workflow steps as `POST /api/v1/uploads`: a municipality's member
//! is the signed-in user's, never the file's. A stored draft answers 303 to its own page
//! (`?upload=ID`) so reloading does not send the file again; a rejected file, a dry run or a
//! manager's uploads are shown at once (sent again, the file is recognised as a repeat).

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Role};
use vergleich_service::workflow::upload::{
    COHORT_UPLOADERS, ImportOutcome, UploadFile, UploadOutcome,
};
use vergleich_store::UploadFilter;

use super::report::ReportView;
use super::upload_form::{Chosen, FormText, form, read_form};
use super::upload_view::{CohortPart, Shown, outcome, upload_list};
use super::{check_token, csrf_of, form_user, page_user, see_other};
use crate::auth::{AuthMethod, Principal};
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

const WHAT: (&str, &str) = (
    "Daten hochladen (Kommunen und Projektleitung)",
    "upload data (municipalities and project managers)",
);

/// Who may open the page.
const UPLOADERS: [Role; 3] = [Role::Municipality, Role::Manager, Role::Admin];

/// For whom the page uploads.
enum Who {
    /// A municipality user: its member.
    Member(Ags),
    /// A project manager or admin: every member the file holds values for.
    Cohort,
}

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

/// The member of a municipality user (one without a member may not upload); managers and
/// admins upload for the cohort.
fn who(user: &vergleich_store::User, lang: Lang) -> Result<Who, PageError> {
    if COHORT_UPLOADERS.contains(&user.role) {
        return Ok(Who::Cohort);
    }
    user.municipality.clone().map(Who::Member).ok_or_else(|| {
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
        (status = 403, description = "Neither a municipality user nor a manager or admin", content_type = "text/html")))]
pub async fn page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<UploadQuery>,
) -> Result<Response, PageError> {
    let lang = crate::pages::lang_of(query.lang.as_deref());
    let user = match page_user(&principal, &UPLOADERS, lang, "/hochladen", WHAT) {
        Ok(user) => user,
        Err(denied) => return Ok(denied.into_response()),
    };
    let who = who(user, lang)?;
    let shown = match (query.upload, query.eingereicht) {
        (Some(id), _) => {
            let upload = state
                .workflow()
                .visible_upload(&principal, id)
                .await
                .map_err(|e| PageError::from_service(e, lang))?;
            Shown::Stored {
                report: ReportView::stored(upload.report.as_deref()),
                upload: Box::new(upload),
                replayed: query.wiederholt.unwrap_or(false),
            }
        }
        (None, Some(id)) => Shown::Submitted(id),
        (None, None) => Shown::Nothing,
    };
    let page = render(&state, &principal, &method, &who, lang, shown, &[]).await?;
    Ok(page.into_response())
}

/// The upload form's file (multipart: `csrf_token` first, then `file`, optional `dry_run` and
/// mapping rows `variable`, `indicator`, `factor`).
#[utoipa::path(post, path = "/hochladen", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "multipart/form-data", description = "csrf_token, file, dry_run; per mapping row variable, indicator, factor"),
    responses(
        (status = 303, description = "A municipality's file stored as a draft: to its report"),
        (status = 200, description = "Checked only: the report; a manager's file: one upload per member, submitted", content_type = "text/html"),
        (status = 400, description = "No file, or a malformed mapping", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Neither a municipality user nor a manager or admin, or CSRF token missing or wrong", content_type = "text/html"),
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
    let user = form_user(&principal, &UPLOADERS, lang, WHAT)?;
    let who = who(user, lang)?;
    let sent = read_form(multipart, &method, lang).await?;
    let chosen = sent.chosen;
    let Some((bytes, name)) = sent.file.filter(|(bytes, name)| {
        !bytes.is_empty() || name.as_deref().is_some_and(|n| !n.is_empty())
    }) else {
        let page = render(
            &state,
            &principal,
            &method,
            &who,
            lang,
            Shown::NoFile,
            &chosen,
        )
        .await?;
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    };
    let file = UploadFile {
        bytes,
        file_name: name,
        dry_run: sent.dry_run,
        idempotency_key: None,
        map: chosen.iter().filter_map(Chosen::spec).collect(),
    };
    let service = |e: vergleich_service::Error| PageError::from_service(e, lang);
    let outcome = match who {
        Who::Member(_) => state.upload(&principal, file).await,
        Who::Cohort => {
            let outcome = state.workflow().upload_for_cohort(&principal, file).await;
            if let Ok(o) = &outcome {
                crate::routes::uploads::cohort::count(&state, o);
            }
            match outcome.map_err(|e| service(e.into()))? {
                ImportOutcome::Whole(whole) => Ok(whole),
                ImportOutcome::PerMember { report, members } => {
                    let shown = cohort_shown(&state, report, members, lang).await?;
                    let page = render(&state, &principal, &method, &who, lang, shown, &chosen);
                    return Ok(page.await?.into_response());
                }
            }
        }
    }
    .map_err(|e| service(e.into()))?;
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
    let page = render(&state, &principal, &method, &who, lang, shown, &chosen).await?;
    Ok((status, page).into_response())
}

/// A manager's file as stored: each member's upload under the member's name.
async fn cohort_shown(
    state: &AppState,
    report: vergleich_ingest::ValidationReport,
    members: Vec<(Ags, UploadOutcome)>,
    lang: Lang,
) -> Result<Shown, PageError> {
    let names = state
        .store
        .municipalities()
        .await
        .map_err(|e| PageError::from_app(AppError::from(e), lang))?;
    let parts = members
        .into_iter()
        .filter_map(|(member, part)| {
            let (upload, replayed) = match part {
                UploadOutcome::Stored { upload, .. } => (upload, false),
                UploadOutcome::Replayed { upload } => (upload, true),
                UploadOutcome::Checked { .. } | UploadOutcome::Rejected { .. } => return None,
            };
            let member = names
                .iter()
                .find(|m| m.key == member)
                .map_or_else(|| member.to_string(), |m| m.name.clone());
            Some(CohortPart {
                member,
                upload,
                replayed,
            })
        })
        .collect();
    Ok(Shown::Cohort {
        report: ReportView::of(&report),
        parts,
    })
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
    who: &Who,
    lang: Lang,
    shown: Shown,
    chosen: &[Chosen],
) -> Result<Markup, PageError> {
    let app = |e: AppError| PageError::from_app(e, lang);
    let indicators = state.store.indicators().await.map_err(|e| app(e.into()))?;
    let csrf = csrf_of(method);
    let max_mib = state.limits.max_bytes / (1024 * 1024);
    let Who::Member(member) = who else {
        let title = t(
            lang,
            "Daten hochladen – für alle Kommunen",
            "Upload data – for every member",
        );
        let page = Page::new(lang, title, Nav::Upload, principal, method, "/hochladen");
        let text = FormText {
            heading: t(
                lang,
                "Datei hochladen und prüfen",
                "Upload and check the file",
            ),
            max_mib,
        };
        return Ok(page.render(html! {
            (outcome(lang, csrf, &shown))
            p { (t(lang,
                "Eine amtliche Tabelle (GENESIS/Regionaldatenbank, INKAR, Bundesagentur für Arbeit) oder eine Datei mit Werten mehrerer Kommunen wird einmal geprüft und je Kommune als eigener Upload gespeichert: nur mit den Zeilen dieser Kommune, zur Prüfung eingereicht. Veröffentlicht wird erst nach der Freigabe, Kommune für Kommune.",
                "An official table (GENESIS/Regionaldatenbank, INKAR, Federal Employment Agency) or a file with values of several members is checked once and stored as one upload per member: with that member's rows only, submitted for review. Nothing is published before each member's upload is approved.")) }
            (form(lang, csrf, &text, shown.report(), chosen, &indicators))
            section.workflow-step aria-labelledby="uploads" {
                h2 #uploads { (t(lang, "Eingereichte Uploads", "Submitted uploads")) }
                p { a href=(href(lang, "/pruefung")) { (t(lang, "Zur Prüfung: alle eingereichten Uploads", "To the review queue: every submitted upload")) } }
            }
            script src="/static/upload.js" defer {}
        }));
    };
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
    let last_year = chrono::Utc::now().year() - 1;
    let title = format!(
        "{} – {member_name}",
        t(lang, "Daten hochladen", "Upload data")
    );
    let page = Page::new(lang, title, Nav::Upload, principal, method, "/hochladen");
    let text = FormText {
        heading: t(
            lang,
            "2. Datei hochladen und prüfen",
            "2. Upload and check the file",
        ),
        max_mib,
    };
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
        (form(lang, csrf, &text, shown.report(), chosen, &indicators))
        section.workflow-step aria-labelledby="uploads" {
            h2 #uploads { (t(lang, "3. Ihre Uploads", "3. Your uploads")) }
            (upload_list(lang, csrf, &uploads))
        }
        script src="/static/upload.js" defer {}
    }))
}

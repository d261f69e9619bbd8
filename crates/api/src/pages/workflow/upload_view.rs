//! What the upload page shows: the result of the last action (the validation report of a
//! checked, rejected or stored file, the submit button of a draft) and the member's uploads with
//! their states and review comments.

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::UploadState;
use vergleich_store::UploadRecord;

use super::report::{self, ReportView};
use super::{state_label, when};
use crate::pages::{href, t};

/// What the page shows above the list of uploads.
pub(super) enum Shown {
    Nothing,
    Checked(ReportView),
    Rejected(ReportView),
    Stored {
        upload: Box<UploadRecord>,
        report: ReportView,
        replayed: bool,
    },
    /// A manager's file stored as one upload per member, each submitted for review.
    Cohort {
        report: ReportView,
        parts: Vec<CohortPart>,
    },
    Submitted(i64),
    NoFile,
}

/// One member's upload of a manager's file.
pub(super) struct CohortPart {
    pub member: String,
    pub upload: UploadRecord,
    /// The same bytes had been uploaded for this member before.
    pub replayed: bool,
}

impl Shown {
    /// The validation report shown, if any (its official-table variables become the form's
    /// mapping rows).
    pub fn report(&self) -> Option<&ReportView> {
        match self {
            Self::Checked(report) | Self::Rejected(report) => Some(report),
            Self::Stored { report, .. } | Self::Cohort { report, .. } => Some(report),
            Self::Nothing | Self::Submitted(_) | Self::NoFile => None,
        }
    }
}

fn submit_form(lang: Lang, csrf: &str, id: i64) -> Markup {
    html! {
        form.inline method="post" action=(href(lang, &format!("/hochladen/{id}/einreichen"))) {
            input type="hidden" name="csrf_token" value=(csrf);
            // Several drafts can be listed: the accessible name says which one is submitted.
            button type="submit" aria-label=(match lang {
                Lang::De => format!("Upload {id} einreichen"),
                Lang::En => format!("Submit upload {id}"),
            }) { (t(lang, "Einreichen", "Submit")) }
        }
    }
}

/// The result of the last action, with the report where there is one.
pub(super) fn outcome(lang: Lang, csrf: &str, shown: &Shown) -> Markup {
    html! {
        @match shown {
            Shown::Nothing => {}
            Shown::NoFile => {
                p.form-error role="alert" { (t(lang, "Bitte eine Datei wählen.", "Please choose a file.")) }
            }
            Shown::Submitted(id) => {
                p.confirmation role="status" {
                    (t(lang, "Upload ", "Upload ")) (id)
                    (t(lang, " ist eingereicht; die Projektleitung prüft ihn.", " is submitted; the project managers will review it."))
                }
            }
            Shown::Checked(report) => {
                section.report-result aria-labelledby="ergebnis" {
                    h2 #ergebnis { (t(lang, "Prüfergebnis", "Check result")) }
                    p.confirmation role="status" { (t(lang,
                        "Die Datei ist in Ordnung. Sie wurde nur geprüft, nichts wurde gespeichert: zum Speichern ohne „Nur prüfen“ erneut hochladen.",
                        "The file is fine. It was only checked, nothing was stored: upload it again without “Check only” to store it.")) }
                    (report::summary(lang, report))
                    (report::issues(lang, report))
                }
            }
            Shown::Rejected(report) => {
                section.report-result aria-labelledby="ergebnis" {
                    h2 #ergebnis { (t(lang, "Prüfergebnis", "Check result")) }
                    p.form-error role="alert" {
                        (t(lang, "Die Datei wurde nicht übernommen: ", "The file was not accepted: "))
                        (report.error_count) (t(lang, " Fehler. Nichts wurde gespeichert; bitte die genannten Zellen korrigieren und erneut hochladen.",
                            " errors. Nothing was stored; please fix the cells named and upload again."))
                    }
                    (report::summary(lang, report))
                    (report::issues(lang, report))
                }
            }
            Shown::Cohort { report, parts } => { (cohort(lang, report, parts)) }
            Shown::Stored { upload, report, replayed } => {
                section.report-result aria-labelledby="ergebnis" {
                    h2 #ergebnis { (t(lang, "Upload ", "Upload ")) (upload.id.0) }
                    @if *replayed {
                        p.notice role="status" { (t(lang,
                            "Diese Datei wurde schon einmal hochgeladen; es wurde nichts Neues gespeichert.",
                            "This file was uploaded before; nothing new was stored.")) }
                    }
                    p {
                        (t(lang, "Stand: ", "State: ")) strong { (state_label(lang, upload.state)) }
                        " · " (upload.observation_count) (t(lang, " neue oder geänderte Beobachtungen", " new or changed observations"))
                    }
                    (report::summary(lang, report))
                    (report::issues(lang, report))
                    @if upload.state == UploadState::Draft {
                        p { (t(lang,
                            "Der Entwurf ist nur für Ihre Kommune sichtbar. Nach dem Einreichen prüft die Projektleitung die Werte und veröffentlicht sie.",
                            "The draft is visible to your municipality only. Once submitted, the project managers review and publish the values.")) }
                        (submit_form(lang, csrf, upload.id.0))
                    }
                }
            }
        }
    }
}

/// A manager's file as one upload per member: what went to review, then the whole file's
/// report.
fn cohort(lang: Lang, report: &ReportView, parts: &[CohortPart]) -> Markup {
    let new = parts.iter().filter(|p| !p.replayed).count();
    html! {
        section.report-result aria-labelledby="ergebnis" {
            h2 #ergebnis { (t(lang, "Ergebnis", "Result")) }
            p.confirmation role="status" {
                @match lang {
                    Lang::De => { (new) " Uploads (je Kommune einer) sind zur Prüfung eingereicht" }
                    Lang::En => { (new) " uploads (one per member) are submitted for review" }
                }
                @if parts.len() > new {
                    (t(lang, "; ", "; ")) (parts.len() - new)
                    (t(lang, " waren schon vorher hochgeladen", " had been uploaded before"))
                }
                ". "
                a href=(href(lang, "/pruefung")) { (t(lang, "Zur Prüfung", "To the review queue")) }
            }
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Uploads je Kommune", "Uploads per member")) {
                table.uploads.cohort-uploads {
                    caption { (t(lang, "Uploads je Kommune", "Uploads per member")) }
                    thead {
                        tr {
                            th scope="col" { (t(lang, "Kommune", "Member")) }
                            th.num scope="col" { (t(lang, "Upload", "Upload")) }
                            th.num scope="col" { (t(lang, "Beobachtungen", "Observations")) }
                            th scope="col" { (t(lang, "Stand", "State")) }
                        }
                    }
                    tbody {
                        @for p in parts {
                            tr {
                                td { (p.member) }
                                td.num { a href=(href(lang, &format!("/pruefung/{}", p.upload.id.0))) { (p.upload.id.0) } }
                                td.num { (p.upload.observation_count) }
                                td {
                                    span class=(format!("state state-{}", p.upload.state.as_str())) { (state_label(lang, p.upload.state)) }
                                    @if p.replayed { " · " (t(lang, "schon vorher hochgeladen", "uploaded before")) }
                                }
                            }
                        }
                    }
                }
            }
            (report::summary(lang, report))
            (report::issues(lang, report))
        }
    }
}

/// `user:kl` → `kl`.
pub(crate) fn person(uploaded_by: &str) -> &str {
    uploaded_by.strip_prefix("user:").unwrap_or(uploaded_by)
}

pub(super) fn upload_list(lang: Lang, csrf: &str, uploads: &[UploadRecord]) -> Markup {
    html! {
        @if uploads.is_empty() {
            p { (t(lang, "Noch keine Uploads.", "No uploads yet.")) }
        } @else {
            div.table-wrap {
                table.uploads {
                    thead {
                        tr {
                            th.num scope="col" { (t(lang, "Nr.", "No.")) }
                            th scope="col" { (t(lang, "Hochgeladen", "Uploaded")) }
                            th scope="col" { (t(lang, "Datei", "File")) }
                            th.num scope="col" { (t(lang, "Beobachtungen", "Observations")) }
                            th scope="col" { (t(lang, "Stand", "State")) }
                            th scope="col" { (t(lang, "Prüfung", "Review")) }
                            th scope="col" { span.visually-hidden { (t(lang, "Aktion", "Action")) } }
                        }
                    }
                    tbody {
                        @for u in uploads {
                            tr {
                                td.num { a href=(href(lang, &format!("/hochladen?upload={}", u.id.0))) { (u.id.0) } }
                                td { (when(lang, u.uploaded_at)) br; span.hint { (person(&u.uploaded_by)) } }
                                td { (u.file_name.as_deref().unwrap_or("–")) }
                                td.num { (u.observation_count) }
                                td { span class=(format!("state state-{}", u.state.as_str())) { (state_label(lang, u.state)) } }
                                td {
                                    @if let Some(by) = &u.reviewed_by {
                                        (person(by))
                                        @if let Some(at) = u.reviewed_at { ", " (when(lang, at)) }
                                    }
                                    @if let Some(comment) = &u.review_comment {
                                        blockquote.review-comment { (comment) }
                                    }
                                }
                                td {
                                    @if u.state == UploadState::Draft { (submit_form(lang, csrf, u.id.0)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

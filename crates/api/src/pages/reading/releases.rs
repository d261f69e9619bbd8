//! Datenstände (`/datenstaende`, issue #17 point 3): the named releases a reader may see, newest
//! first, each with its moment, what it holds, what changed against the previous release, its
//! content hash and the downloads others reuse (the open-data package and its DCAT record).
//! Managers and admins also see scheduled releases, marked as such.

use axum::extract::{Query, State};
use chrono::{SecondsFormat, Utc};
use maud::{Markup, html};

use super::common::PageQuery;
use crate::auth::{AuthMethod, Principal};
use crate::pages::{Nav, Page, PageError, href, t};
use crate::state::AppState;

/// Datenstände: every release with its changes and downloads.
#[utoipa::path(get, path = "/datenstaende", tag = "pages",
    params(("lang" = Option<String>, Query, description = "de (default) or en")),
    responses((status = 200, description = "Releases page", content_type = "text/html")))]
pub async fn releases_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Markup, PageError> {
    let lang = PageQuery::from_pairs(pairs).lang;
    let now = Utc::now();
    let workflow = state.workflow();
    let mut releases = workflow
        .releases(&principal, now)
        .await
        .map_err(|e| PageError::from_app(e.into(), lang))?;
    releases.reverse();
    let mut rows = Vec::new();
    for r in &releases {
        let facts = workflow
            .release_facts(&state.releases, r)
            .await
            .map_err(|e| PageError::from_app(e.into(), lang))?;
        rows.push((r, facts));
    }

    let body = html! {
        p.lead { (t(lang,
            "Ein Datenstand hält die veröffentlichten Werte eines Zeitpunkts fest: Berichte zitieren ihn, jede Ansicht lässt sich mit ihm aufrufen (release=…), und er steht als offenes Datenpaket zum Herunterladen bereit (Datenlizenz Deutschland – Namensnennung 2.0).",
            "A release holds the published values of one moment: reports cite it, every view can be asked for it (release=…), and it is an open-data package to download (Datenlizenz Deutschland – Namensnennung 2.0)."))
        }
        @if rows.is_empty() {
            p { (t(lang, "Noch kein Datenstand veröffentlicht.", "No release yet.")) }
        }
        @for (r, facts) in &rows {
            @let out = r.is_out(now);
            @let short = facts.short_digest();
            @let changes = &facts.changes;
            section.card id=(format!("datenstand-{}", r.name)) {
                h2 { (r.title) " "
                    @if !out { span.state.state-submitted { (t(lang, "geplant – nur für die Projektleitung sichtbar", "scheduled – visible to project managers only")) } " " }
                    @else { span.state.state-published { (t(lang, "veröffentlicht", "out")) } " " }
                    @if facts.synthetic { span.state.demo { (t(lang, "Beispieldaten (synthetisch)", "Sample data (synthetic)")) } }
                }
                @if !r.note.is_empty() { p { (r.note) } }
                dl.facts {
                    dt { (t(lang, "Name", "Name")) } dd { code { (r.name) } }
                    dt { (t(lang, "Stand (UTC)", "As of (UTC)")) } dd { (r.at.to_rfc3339_opts(SecondsFormat::Secs, true)) }
                    dt { (t(lang, "Werte", "Values")) } dd { (facts.observations) }
                    dt { (t(lang, "Gegenüber", "Against")) } dd {
                        @match &changes.previous {
                            Some(p) => { (t(lang, "Datenstand ", "release ")) code { (p) } ": " }
                            None => { (t(lang, "erster Datenstand: ", "first release: ")) }
                        }
                        (changes.added) (t(lang, " neu, ", " added, ")) (changes.changed) (t(lang, " geändert, ", " changed, ")) (changes.removed) (t(lang, " entfallen", " removed"))
                    }
                    dt { (t(lang, "Inhalts-Hash", "Content hash")) } dd { code.hash { (short) } }
                }
                p.downloads {
                    a href=(format!("/api/v1/releases/{}/datapackage.zip", r.name)) { (t(lang, "Datenpaket (ZIP, Frictionless)", "Data package (ZIP, Frictionless)")) }
                    " · " a href=(format!("/api/v1/releases/{}/dcat.jsonld", r.name)) { (t(lang, "DCAT-AP.de-Eintrag", "DCAT-AP.de record")) }
                    " · " a href=(format!("/api/v1/releases/{}", r.name)) { (t(lang, "Änderungen (JSON)", "Changes (JSON)")) }
                    " · " a href=(format!("/api/v1/comparisons/einbuergerungsquote.png?release={}&digest={short}", r.name)) { (t(lang, "Beispiel: Einbürgerungsquote als Bild", "Example: naturalisation rate as an image")) }
                }
            }
        }
        p { a href=(href(lang, "/methodik")) { (t(lang, "Methodik", "Method")) } }
    };
    Ok(Page::new(
        lang,
        t(lang, "Datenstände", "Releases"),
        Nav::Method,
        &principal,
        &method,
        "/datenstaende",
    )
    .render(body))
}

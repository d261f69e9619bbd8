//! The start page: the cohort and the fields of action, plain HTML (the dashboard is its own
//! issue). Everything is escaped by maud; no script, no inline style (the stylesheet is
//! `/static/vergleich.css`, so the Content-Security-Policy can forbid inline styles).

use axum::extract::State;
use maud::{DOCTYPE, Markup, html};
use vergleich_domain::MembershipStatus;

use crate::error::AppError;
use crate::state::AppState;

/// The start page (HTML).
#[utoipa::path(get, path = "/", tag = "pages",
    responses((status = 200, description = "Start page", content_type = "text/html")))]
pub async fn index(State(state): State<AppState>) -> Result<Markup, AppError> {
    let fields = state.store.fields().await?;
    let members = state.store.municipalities().await?;
    Ok(html! {
        (DOCTYPE)
        html lang="de" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "vergleich – Weltoffene Kommunen" }
                link rel="stylesheet" href="/static/vergleich.css";
            }
            body {
                header {
                    h1 { "vergleich" }
                    p { "Vergleich der Modellkommunen von „Weltoffene Kommunen“ in sieben Handlungsfeldern."
                        br; span.en lang="en" { "Comparing the model municipalities of “Weltoffene Kommunen” across seven fields of action." } }
                    p.notice { strong { (vergleich_domain::SYNTHETIC_LABEL_DE) } ": Die mitgelieferten Werte sind erzeugt, nicht echt. "
                        "Mitglieder mit Status „Demo“ sind Platzhalter. "
                        span.en lang="en" { (vergleich_domain::SYNTHETIC_LABEL_EN) ": shipped values are generated; demo members are placeholders." } }
                }
                main {
                    h2 { "Handlungsfelder " span.en lang="en" { "Fields of action" } }
                    ol {
                        @for f in &fields {
                            li { (f.label_de) " " span.en lang="en" { "(" (f.label_en) ")" } " " code { (f.id) } }
                        }
                    }
                    h2 { "Kohorte: " (members.len()) " Kommunen " span.en lang="en" { "Cohort" } }
                    table {
                        thead { tr { th { "Name" } th { "Land" } th { "Art" } th { "Schlüssel" } th { "Status" } } }
                        tbody {
                            @for m in &members {
                                @let status = m.memberships.first().map(|ms| ms.status);
                                tr {
                                    td { (m.name) }
                                    td { (m.state.as_str()) }
                                    td { (m.kind.label_de()) }
                                    td { code { (m.key) } }
                                    td class=[(status == Some(MembershipStatus::Demo)).then_some("demo")] {
                                        (status.map_or("–", MembershipStatus::label_de))
                                    }
                                }
                            }
                        }
                    }
                    p { "Daten als JSON: " a href="/api/v1/municipalities" { "/api/v1/municipalities" } ", "
                        a href="/api/v1/fields" { "/api/v1/fields" } ", " a href="/api/v1/indicators" { "/api/v1/indicators" } ", "
                        a href="/api/v1/observations" { "/api/v1/observations" } }
                }
            }
        }
    })
}

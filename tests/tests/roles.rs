//! Every route against every role, generated from the router: the list of operations comes from
//! the OpenAPI document the router is built from (`vergleich_api::openapi_document`), so a new
//! route without a line in the table below fails this test until someone decides who may use it.
//!
//! Roles, in column order: anonymous, municipality A (owner of the fixture upload),
//! municipality B, manager, foundation staff, admin. `A` allowed (anything but 401, 403, 404 or a
//! server error), `U` 401, `F` 403, `N` 404 (another member's upload is not revealed).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use vergleich_api::testing::{Harness, KL, TestDb, set_password};
use vergleich_domain::{Ags, UploadState};
use vergleich_store::{NewUpload, Store};

const WHO: [Option<&str>; 6] = [
    None,
    Some("kl"),
    Some("rostock"),
    Some("pl"),
    Some("stiftung"),
    Some("admin"),
];
const PASSWORD: &str = "Kaiserslautern ist weltoffen";

/// Who may do what, per operation.
const MATRIX: &[(&str, &str, &str)] = &[
    ("GET", "/", "AAAAAA"),
    ("GET", "/health", "AAAAAA"),
    ("GET", "/ready", "AAAAAA"),
    ("GET", "/metrics", "AAAAAA"),
    ("GET", "/api/v1/openapi.json", "AAAAAA"),
    ("GET", "/api/v1/docs", "AAAAAA"),
    ("GET", "/static/docs.js", "AAAAAA"),
    (
        "GET",
        "/static/swagger-ui-5.35.0/swagger-ui-bundle.js",
        "AAAAAA",
    ),
    ("GET", "/static/swagger-ui-5.35.0/swagger-ui.css", "AAAAAA"),
    ("GET", "/static/vergleich.css", "AAAAAA"),
    ("GET", "/api/v1/fields", "AAAAAA"),
    ("GET", "/api/v1/indicators", "AAAAAA"),
    // The catalogue at runtime (issue #14 B): admins only; the definition versions are public.
    ("POST", "/api/v1/fields", "UFFFFA"),
    ("PATCH", "/api/v1/fields/{id}", "UFFFFA"),
    ("DELETE", "/api/v1/fields/{id}", "UFFFFA"),
    ("POST", "/api/v1/indicators", "UFFFFA"),
    ("PATCH", "/api/v1/indicators/{id}", "UFFFFA"),
    ("GET", "/api/v1/indicators/{id}/definitions", "AAAAAA"),
    ("POST", "/api/v1/indicators/{id}/definitions", "UFFFFA"),
    ("GET", "/verwaltung/katalog", "AFFFFA"),
    ("POST", "/verwaltung/katalog", "UFFFFA"),
    ("GET", "/api/v1/municipalities", "AAAAAA"),
    // The cohort at runtime (issue #14 B.3): admins only; the named cohorts are public.
    ("POST", "/api/v1/municipalities", "UFFFFA"),
    ("PATCH", "/api/v1/municipalities/{key}", "UFFFFA"),
    ("POST", "/api/v1/municipalities/{key}/memberships", "UFFFFA"),
    (
        "PATCH",
        "/api/v1/municipalities/{key}/memberships/{id}",
        "UFFFFA",
    ),
    ("GET", "/api/v1/cohorts", "AAAAAA"),
    // Releases (issue #17): managers and admins cut them; a release that is out is public,
    // with its open-data package.
    ("GET", "/api/v1/releases", "AAAAAA"),
    ("GET", "/datenstaende", "AAAAAA"),
    ("POST", "/api/v1/releases", "UFFAFA"),
    ("GET", "/api/v1/releases/{name}", "AAAAAA"),
    ("GET", "/api/v1/releases/{name}/datapackage.zip", "AAAAAA"),
    ("GET", "/api/v1/releases/{name}/datapackage.json", "AAAAAA"),
    ("GET", "/api/v1/releases/{name}/dcat.jsonld", "AAAAAA"),
    ("GET", "/verwaltung/kohorte", "AFFFFA"),
    ("POST", "/verwaltung/kohorte", "UFFFFA"),
    // Reads: everyone reads published data; what else each one sees is the visibility tests' job.
    ("GET", "/api/v1/observations", "AAAAAA"),
    ("GET", "/api/v1/comparisons/{indicator}", "AAAAAA"),
    ("GET", "/api/v1/field-scores", "AAAAAA"),
    ("GET", "/api/v1/field-scores/{field}", "AAAAAA"),
    ("GET", "/api/v1/profiles/{municipality}", "AAAAAA"),
    ("GET", "/api/v1/trends/{indicator}", "AAAAAA"),
    ("GET", "/api/v1/peer-groups/{municipality}", "AAAAAA"),
    ("GET", "/api/v1/coverage", "AAAAAA"),
    ("GET", "/api/v1/sensitivity/{field}", "AAAAAA"),
    ("GET", "/api/v1/scatter", "AAAAAA"),
    // Sign-in is open to all; who-am-I needs a principal; sign-out always succeeds.
    ("POST", "/api/v1/session", "AAAAAA"),
    ("GET", "/api/v1/session", "UAAAAA"),
    ("DELETE", "/api/v1/session", "AAAAAA"),
    // Uploads: municipalities upload for themselves, managers and admins for every member a
    // file holds (422 here: the probe's body is no table); they see every upload, staff none.
    ("POST", "/api/v1/uploads", "UAAAFA"),
    ("GET", "/api/v1/uploads", "UAAAFA"),
    ("GET", "/api/v1/uploads/{id}", "UANAFA"),
    ("GET", "/api/v1/uploads/{id}/file", "UANAFA"),
    ("GET", "/api/v1/uploads/{id}/changes", "UANAFA"),
    ("POST", "/api/v1/uploads/{id}/submit", "UANFFF"),
    ("POST", "/api/v1/uploads/{id}/approve", "UFFAFA"),
    ("POST", "/api/v1/uploads/{id}/reject", "UFFAFA"),
    ("GET", "/api/v1/audit", "UFFAFA"),
    // Templates hold no data, but building them is work for signed-in users only.
    ("GET", "/api/v1/templates/{municipality}", "UAAAAA"),
    // Workflow pages: a signed-out visitor of a page is sent to the sign-in form (303); a
    // signed-out form POST is 401 (its file or comment cannot survive a redirect).
    ("GET", "/static/upload.js", "AAAAAA"),
    ("GET", "/anmelden", "AAAAAA"),
    ("POST", "/anmelden", "AAAAAA"),
    ("POST", "/abmelden", "AAAAAA"),
    ("GET", "/hochladen", "AAAAFA"),
    ("POST", "/hochladen", "UAAAFA"),
    ("POST", "/hochladen/{id}/einreichen", "UANFFF"),
    ("GET", "/pruefung", "AFFAFA"),
    ("GET", "/pruefung/{id}", "AFFAFA"),
    ("POST", "/pruefung/{id}/freigeben", "UFFAFA"),
    ("POST", "/pruefung/{id}/ablehnen", "UFFAFA"),
    // The reading pages: published data for everyone.
    ("GET", "/kommune/{key}", "AAAAAA"),
    ("GET", "/indikator/{id}", "AAAAAA"),
    ("GET", "/vergleich", "AAAAAA"),
    ("GET", "/datenqualitaet", "AAAAAA"),
    ("GET", "/methodik", "AAAAAA"),
    ("GET", "/bericht/{key}", "AAAAAA"),
    // Integrationskonzepte: published concepts for everyone; a member's own users start, edit,
    // publish and update its versions (another member's draft is not revealed: 404).
    ("GET", "/api/v1/concepts", "AAAAAA"),
    ("GET", "/api/v1/concepts/{municipality}", "AAAAAA"),
    ("GET", "/api/v1/concepts/{municipality}/diff", "AAAAAA"),
    ("GET", "/api/v1/concepts/{municipality}/progress", "AAAAAA"),
    ("GET", "/api/v1/concepts/{municipality}/timeline", "AAAAAA"),
    ("POST", "/api/v1/concepts/{municipality}/versions", "UAFFFF"),
    ("PUT", "/api/v1/concept-versions/{id}", "UANFFF"),
    ("POST", "/api/v1/concept-versions/{id}/publish", "UANFFF"),
    ("GET", "/api/v1/concept-versions/{id}/measures", "UANFFF"),
    ("POST", "/api/v1/concept-versions/{id}/measures", "UANFFF"),
    ("GET", "/konzepte", "AAAAAA"),
    ("GET", "/konzept/{key}", "AAAAAA"),
    ("GET", "/konzept/{key}/vergleich", "AAAAAA"),
    ("POST", "/konzept/{key}/fassungen", "UAFFFF"),
    ("GET", "/konzept/{key}/bearbeiten", "AAFFFF"),
    ("POST", "/konzept/{key}/bearbeiten", "UAFFFF"),
    ("POST", "/konzept/{key}/veroeffentlichen", "UAFFFF"),
    ("POST", "/konzept/{key}/ziele", "UAFFFF"),
    ("POST", "/konzept/{key}/massnahmen", "UAFFFF"),
    // Selbstcheck: the questionnaire for all; a member's users open and answer its rounds, a
    // manager publishes; a round in work is not revealed (404) outside the member, managers
    // and admins (foundation staff read published rounds).
    ("GET", "/api/v1/questionnaires", "AAAAAA"),
    ("GET", "/api/v1/selfcheck/{municipality}", "AAAAAA"),
    ("POST", "/api/v1/selfcheck/{municipality}", "UAFFFF"),
    ("GET", "/api/v1/selfcheck/rounds/{id}", "NANANA"),
    ("PUT", "/api/v1/selfcheck/rounds/{id}/answers", "UANFFF"),
    ("POST", "/api/v1/selfcheck/rounds/{id}/submit", "UANFFF"),
    ("POST", "/api/v1/selfcheck/rounds/{id}/publish", "UFFAFA"),
    ("GET", "/api/v1/selfcheck/rounds/{id}/template", "NANANA"),
    ("POST", "/api/v1/selfcheck/rounds/{id}/template", "UANFFF"),
    ("GET", "/selbstcheck/{key}", "AAAAAA"),
    ("POST", "/selbstcheck/{key}/runden", "UAFFFF"),
    ("GET", "/selbstcheck/runde/{id}", "NANANA"),
    ("POST", "/selbstcheck/runde/{id}", "UANFFF"),
    ("POST", "/selbstcheck/runde/{id}/einreichen", "UANFFF"),
    ("POST", "/selbstcheck/runde/{id}/veroeffentlichen", "UFFAFA"),
    // Workshops: the member's users, managers and admins facilitate (another member's is not
    // found); participants need only the code, no account.
    ("GET", "/static/live.js", "AAAAAA"),
    ("GET", "/api/v1/selfcheck/items/{item}", "AAAAAA"),
    ("GET", "/api/v1/selfcheck/{municipality}/peers", "AAAAAA"),
    ("GET", "/selbstcheck/frage/{item}", "AAAAAA"),
    ("GET", "/api/v1/selfcheck/rounds/{id}/workshops", "NANANA"),
    ("POST", "/api/v1/selfcheck/rounds/{id}/workshops", "UANAFA"),
    ("GET", "/api/v1/selfcheck/workshops/{id}", "NANANA"),
    ("POST", "/api/v1/selfcheck/workshops/{id}/close", "UANAFA"),
    ("PUT", "/api/v1/selfcheck/workshops/{id}/outcomes", "UANAFA"),
    ("PUT", "/api/v1/selfcheck/workshops/{id}/needs", "UANAFA"),
    ("GET", "/api/v1/workshops/{code}", "AAAAAA"),
    ("POST", "/api/v1/workshops/{code}/ballots", "AAAAAA"),
    ("GET", "/api/v1/workshops/{code}/ballots/{token}", "AAAAAA"),
    ("PUT", "/api/v1/workshops/{code}/ballots/{token}", "AAAAAA"),
    ("GET", "/api/v1/workshops/{code}/results", "AAAAAA"),
    ("GET", "/workshop", "AAAAAA"),
    ("GET", "/workshop/{code}", "AAAAAA"),
    ("POST", "/workshop/{code}", "AAAAAA"),
    ("GET", "/workshop/{code}/live", "AAAAAA"),
    ("POST", "/selbstcheck/runde/{id}/workshops", "UANAFA"),
    ("GET", "/selbstcheck/workshop/{id}", "AANAFA"),
    ("POST", "/selbstcheck/workshop/{id}/schliessen", "UANAFA"),
    ("POST", "/selbstcheck/workshop/{id}/ergebnis", "UANAFA"),
    (
        "POST",
        "/selbstcheck/workshop/{id}/handlungsbedarf",
        "UANAFA",
    ),
    // Exchange (issue #14): practices of member A (a draft, submitted for the review, published
    // for requests), requests from B to A.
    ("GET", "/api/v1/practices", "AAAAAA"),
    ("POST", "/api/v1/practices", "UAFAFA"),
    ("GET", "/api/v1/practices/{id}", "NANANA"),
    ("PUT", "/api/v1/practices/{id}", "UANAFA"),
    ("POST", "/api/v1/practices/{id}/submit", "UANAFA"),
    ("POST", "/api/v1/practices/{id}/withdraw", "UANAFA"),
    ("POST", "/api/v1/practices/{id}/review", "UFFAFA"),
    ("POST", "/api/v1/practices/{id}/requests", "UAAFFF"),
    ("GET", "/api/v1/exchange/search", "AAAAAA"),
    ("GET", "/api/v1/exchange/{municipality}", "AAAAAA"),
    ("GET", "/api/v1/exchange/requests", "UAAAFA"),
    ("GET", "/api/v1/exchange/requests/{id}", "UAAAFA"),
    ("POST", "/api/v1/exchange/requests/{id}/answer", "UAFFFF"),
    ("POST", "/api/v1/exchange/requests/{id}/close", "UAAFFF"),
    ("GET", "/praxis", "AAAAAA"),
    ("GET", "/praxis/neu", "AAAAFA"),
    ("POST", "/praxis", "UAAAFA"),
    ("GET", "/praxis/{id}", "NANANA"),
    ("GET", "/praxis/{id}/bearbeiten", "AANAFA"),
    ("POST", "/praxis/{id}/bearbeiten", "UANAFA"),
    ("POST", "/praxis/{id}/aktion", "UANAFA"),
    ("POST", "/praxis/{id}/anfrage", "UAAFFF"),
    ("GET", "/austausch", "AAAAFA"),
    ("POST", "/austausch/{id}", "UAAFFF"),
];

/// A fresh practice of member A in `state` (complete, so it can be handed in).
async fn fixture_practice(
    store: &dyn Store,
    n: usize,
    state: vergleich_domain::exchange::PracticeState,
) -> i64 {
    use vergleich_domain::exchange::PracticeContent;
    let mut content = PracticeContent::empty(
        &format!("Probe {n}"),
        vergleich_domain::FieldId::parse("zugang").unwrap(),
    );
    content.period_from = Some(2021);
    content.ausgangslage = "A".into();
    content.ziele = "Z".into();
    content.vorgehen = "V".into();
    content.ergebnisse = "E".into();
    let new = vergleich_store::practices::NewPractice {
        municipality: Ags::parse(KL).unwrap(),
        content,
        synthetic: false,
        state,
    };
    store.create_practice(&new, "user:kl").await.unwrap().id
}

/// A fresh request of member B about a fresh published practice of member A.
async fn fixture_request(store: &dyn Store, n: usize) -> i64 {
    use vergleich_domain::exchange::PracticeState;
    let practice = fixture_practice(store, n, PracticeState::Published).await;
    let new = vergleich_store::practices::NewRequest {
        practice_id: practice,
        from_municipality: Ags::parse(vergleich_api::testing::ROSTOCK).unwrap(),
        message: "Wie habt ihr das gemacht?".into(),
    };
    store.create_request(&new, "user:rostock").await.unwrap().id
}

/// The practice or request a route names by `{id}`, in the state the route needs.
async fn exchange_fixture(store: &dyn Store, path: &str, n: usize) -> Option<i64> {
    use vergleich_domain::exchange::PracticeState;
    if path.starts_with("/api/v1/exchange/requests/{id}") || path.starts_with("/austausch/{id}") {
        return Some(fixture_request(store, n).await);
    }
    if !(path.starts_with("/api/v1/practices/{id}") || path.starts_with("/praxis/{id}")) {
        return None;
    }
    let state = if path.ends_with("/requests") || path.ends_with("/anfrage") {
        PracticeState::Published
    } else if path.ends_with("/review") || path.ends_with("/withdraw") {
        PracticeState::Submitted
    } else {
        PracticeState::Draft
    };
    Some(fixture_practice(store, n, state).await)
}

/// A fresh open workshop of a fresh draft round of member A with one ballot (token
/// `probe-<n>`, a comment on steuerung): its id, code and the ballot's id.
async fn fixture_workshop(store: &dyn Store, n: usize) -> (i64, String, i64) {
    use vergleich_domain::selfcheck::Answer;
    use vergleich_domain::selfcheck::workshop::{CODE_ALPHABET, JoinCode, Perspective};
    use vergleich_store::workshops::{BallotRating, NewWorkshop};
    let round = fixture_round(store, n, false).await;
    let mut digits = String::new();
    let mut rest = n;
    for _ in 0..8 {
        digits.push(char::from(CODE_ALPHABET[rest % CODE_ALPHABET.len()]));
        rest /= CODE_ALPHABET.len();
    }
    let code = JoinCode::parse(&digits).unwrap();
    let w = store
        .create_workshop(
            &NewWorkshop {
                round_id: round,
                code: code.clone(),
                title: "Probe".into(),
            },
            "user:kl",
        )
        .await
        .unwrap();
    let rating = BallotRating {
        field: vergleich_domain::FieldId::parse("steuerung").unwrap(),
        answer: Answer::Level(2),
        comment: Some("Begegnungsorte fehlen".into()),
    };
    let hash = vergleich_service::workflow::secret_hash(&format!("probe-{n}"));
    let (ballot, _) = store
        .save_ballot(w.id, &hash, Perspective::Jugend, &[rating], 500)
        .await
        .unwrap();
    (w.id, code.as_str().to_owned(), ballot.id)
}

/// Whether a route names a workshop by id or code.
fn workshop_route(path: &str) -> bool {
    path.contains("/workshops/{id}") || path.contains("/workshop/{id}") || path.contains("{code}")
}

/// A fresh round of member A (a draft, or submitted for the publish routes), answered once.
async fn fixture_round(store: &dyn Store, n: usize, submitted: bool) -> i64 {
    use vergleich_store::selfcheck::{NewRound, RoundState};
    let round = store
        .create_round(
            &NewRound {
                municipality: Ags::parse(KL).unwrap(),
                label: format!("rolle-{n}"),
                questionnaire: "v1".into(),
            },
            "user:kl",
        )
        .await
        .unwrap();
    if submitted {
        store
            .set_round_state(
                round.id,
                RoundState::Draft,
                RoundState::Submitted,
                "user:kl",
            )
            .await
            .unwrap();
    }
    round.id
}

/// A fresh draft of member A's concept, for the routes that change one.
async fn fixture_concept(store: &dyn Store, n: usize) -> (i64, String) {
    let label = format!("rolle-{n}");
    let new = vergleich_store::NewConceptVersion {
        municipality: Ags::parse(KL).unwrap(),
        label: label.clone(),
        based_on: None,
        edit: vergleich_store::ConceptEdit {
            title: "Probe".into(),
            adopted_on: None,
            review_on: None,
            document_url: None,
            content: Default::default(),
        },
    };
    (
        store
            .create_concept_version(&new, "user:kl")
            .await
            .unwrap()
            .id,
        label,
    )
}

/// Whether a route changes (or reads) one concept version, named by `VERSION`/`LABEL`.
fn concept_route(path: &str) -> bool {
    path.contains("concept-versions/")
        || ["/bearbeiten", "/veroeffentlichen", "/ziele", "/massnahmen"]
            .iter()
            .any(|end| path.starts_with("/konzept/") && path.ends_with(end))
}

/// A fresh upload of member A in `state`, so every state-changing request finds it as needed.
async fn fixture_upload(store: &dyn Store, state: UploadState, n: usize) -> i64 {
    let upload = NewUpload {
        municipality: Some(Ags::parse(KL).unwrap()),
        uploaded_by: "user:kl".into(),
        file_name: Some("werte.csv".into()),
        sha256: Some(format!("{n:064x}")),
        state,
        synthetic: false,
        report: Some("{}".into()),
        idempotency_key: None,
        raw: Some(b"Indikator;Jahr;Wert\r\n".to_vec()),
    };
    store.append(upload, &[]).await.unwrap().id.0
}

fn request_for(method: &str, path: &str) -> (String, Vec<(&'static str, &'static str)>, Vec<u8>) {
    let uri = path
        .replace("{indicator}", "auslaenderanteil")
        .replace("{field}", "arbeit")
        .replace("{municipality}", KL)
        .replace("{key}", KL)
        .replace("{item}", "ste-01")
        .replace("{name}", "2025-1");
    // `{id}` of the indicator page is an indicator, not an upload.
    let uri = if path.starts_with("/indikator/") || path.starts_with("/api/v1/indicators/") {
        uri.replace("{id}", "auslaenderanteil")
    } else if path.starts_with("/api/v1/fields/") {
        uri.replace("{id}", "steuerung")
    } else {
        uri
    };
    let uri = match path {
        "/api/v1/scatter" => format!("{uri}?x=auslaenderanteil&y=einbuergerungsquote"),
        "/api/v1/concepts/{municipality}/diff" => format!("{uri}?from=2013&to=2022"),
        "/konzept/{key}/vergleich" => format!("{uri}?von=2013&bis=2022"),
        "/konzept/{key}/bearbeiten" if method == "GET" => format!("{uri}?fassung=LABEL"),
        _ => uri,
    };
    let json = ("content-type", "application/json");
    let form = ("content-type", "application/x-www-form-urlencoded");
    match (method, path) {
        ("POST", "/api/v1/session") => (
            uri,
            vec![json],
            serde_json::json!({"name": "kl", "password": PASSWORD})
                .to_string()
                .into_bytes(),
        ),
        ("POST", "/api/v1/uploads") => (
            uri,
            vec![("content-type", "text/csv")],
            b"Indikator;Jahr;Wert\r\nauslaenderanteil;2024;12,5\r\n".to_vec(),
        ),
        ("POST", "/api/v1/concepts/{municipality}/versions") => {
            (uri, vec![json], br#"{"label": "LABEL"}"#.to_vec())
        }
        ("PUT", "/api/v1/concept-versions/{id}") => (
            uri,
            vec![json],
            br#"{"title": "Probe", "content": {}}"#.to_vec(),
        ),
        ("POST", "/konzept/{key}/massnahmen") => (
            uri,
            vec![("content-type", "multipart/form-data; boundary=grenze")],
            b"--grenze\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\nVERSION\r\n\
              --grenze\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\n\
              Content-Type: text/csv\r\n\r\nKonzept;ID\r\n\r\n--grenze--\r\n"
                .to_vec(),
        ),
        ("POST", "/konzept/{key}/fassungen") => (uri, vec![form], b"csrf_token=&label=LABEL".to_vec()),
        ("POST", "/api/v1/selfcheck/{municipality}") => (
            uri,
            vec![json],
            br#"{"label": "LABEL", "questionnaire": "v1"}"#.to_vec(),
        ),
        ("PUT", "/api/v1/selfcheck/rounds/{id}/answers") => (
            uri,
            vec![json],
            br#"{"answers": [{"item": "ste-01", "answer": "2"}]}"#.to_vec(),
        ),
        ("POST", "/selbstcheck/{key}/runden") => (
            uri,
            vec![form],
            b"csrf_token=&label=LABEL&questionnaire=v1".to_vec(),
        ),
        ("POST", "/selbstcheck/runde/{id}") => (
            uri,
            vec![form],
            b"csrf_token=&feld=steuerung&a_ste-01=2".to_vec(),
        ),
        ("POST", "/api/v1/selfcheck/rounds/{id}/workshops") => {
            (uri, vec![json], br#"{"title": "Probe"}"#.to_vec())
        }
        ("PUT", "/api/v1/selfcheck/workshops/{id}/outcomes") => (
            uri,
            vec![json],
            br#"{"outcomes": [{"field": "steuerung", "agreed": "2", "rationale": "Probe"}]}"#.to_vec(),
        ),
        ("PUT", "/api/v1/selfcheck/workshops/{id}/needs") => (
            uri,
            vec![json],
            br#"{"ballot": BALLOT, "field": "steuerung", "need": true}"#.to_vec(),
        ),
        ("POST" | "PUT", p) if p.starts_with("/api/v1/workshops/") => (
            uri,
            vec![json],
            br#"{"perspective": "jugend", "ratings": [{"field": "steuerung", "answer": "1"}]}"#.to_vec(),
        ),
        ("POST", "/workshop/{code}") => (uri, vec![form], b"perspective=jugend&r_steuerung=1".to_vec()),
        ("POST", "/selbstcheck/runde/{id}/workshops") => (uri, vec![form], b"csrf_token=&title=Probe".to_vec()),
        ("POST", "/selbstcheck/workshop/{id}/ergebnis") => (
            uri,
            vec![form],
            b"csrf_token=&o_steuerung=2&g_steuerung=Probe".to_vec(),
        ),
        ("POST", "/selbstcheck/workshop/{id}/handlungsbedarf") => (
            uri,
            vec![form],
            b"csrf_token=&ballot=BALLOT&field=steuerung&need=true".to_vec(),
        ),
        ("POST", p) if p.starts_with("/selbstcheck/") => (uri, vec![form], b"csrf_token=".to_vec()),
        ("POST", p) if concept_route(p) => (
            uri,
            vec![form],
            b"csrf_token=&version=VERSION&themenfeld=x&title=Probe".to_vec(),
        ),
        ("POST", "/api/v1/fields") => (
            uri,
            vec![json],
            br#"{"id": "gesundheit", "position": 8, "label_de": "Gesundheit und Pr\u00e4vention", "label_en": "Health and prevention"}"#.to_vec(),
        ),
        ("PATCH", "/api/v1/fields/{id}") => {
            (uri, vec![json], br#"{"label_en": "Governance and steering"}"#.to_vec())
        }
        ("POST", "/api/v1/indicators") => (
            uri,
            vec![json],
            br#"{"id": "impfquote", "field": "zugang", "kind": "statistic", "label_de": "Impfquote", "label_en": "Vaccination rate", "definition_de": "Anteil", "unit": "%", "polarity": "higher_is_better", "min": 0, "max": 100, "source": "Gesundheitsamt", "level": "kommune"}"#.to_vec(),
        ),
        ("PATCH", "/api/v1/indicators/{id}") => {
            (uri, vec![json], br#"{"source": "Statistisches Bundesamt"}"#.to_vec())
        }
        ("POST", "/api/v1/indicators/{id}/definitions") => (
            uri,
            vec![json],
            br#"{"definition_de": "Neu", "valid_from": "2030-01-01", "note_de": "neu gefasst"}"#.to_vec(),
        ),
        ("POST", "/api/v1/municipalities") => (
            uri,
            vec![json],
            br#"{"key": "07211000", "name": "Trier", "kind": "kreisfreie_stadt", "membership": {"cohort": "weltoffene-kommunen-2020", "status": "confirmed", "source": "Ratsbeschluss", "joined": 2022}}"#.to_vec(),
        ),
        ("POST", "/api/v1/releases") => (uri, vec![json], br#"{"name": "probe"}"#.to_vec()),
        ("PATCH", "/api/v1/municipalities/{key}") => {
            (uri, vec![json], br#"{"name": "Kaiserslautern"}"#.to_vec())
        }
        ("POST", "/api/v1/municipalities/{key}/memberships") => (
            uri,
            vec![json],
            br#"{"cohort": "probe-netzwerk", "status": "announced", "source": "Probe"}"#.to_vec(),
        ),
        ("PATCH", "/api/v1/municipalities/{key}/memberships/{id}") => {
            (uri, vec![json], br#"{"note": "gepr\u00fcft"}"#.to_vec())
        }
        ("POST", "/verwaltung/kohorte") => (
            uri,
            vec![form],
            b"csrf_token=&form=period&municipality=07312000&cohort=probe-seite&status=demo&source=Probe".to_vec(),
        ),
        ("POST", "/verwaltung/katalog") => (
            uri,
            vec![form],
            b"csrf_token=&form=archive&id=steuerung&archived=false".to_vec(),
        ),
        ("POST", "/api/v1/practices") => (
            uri,
            vec![json],
            format!(r#"{{"municipality": "{KL}", "practice": {{"title": "Probe", "fields": ["zugang"]}}}}"#)
                .into_bytes(),
        ),
        ("PUT", "/api/v1/practices/{id}") => (
            uri,
            vec![json],
            br#"{"title": "Probe", "fields": ["zugang"]}"#.to_vec(),
        ),
        ("POST", "/api/v1/practices/{id}/review") => (
            uri,
            vec![json],
            br#"{"decision": "publish"}"#.to_vec(),
        ),
        ("POST", "/api/v1/practices/{id}/requests") => {
            (uri, vec![json], br#"{"message": "Wie?"}"#.to_vec())
        }
        ("POST", "/api/v1/exchange/requests/{id}/answer") => {
            (uri, vec![json], br#"{"answer": "So."}"#.to_vec())
        }
        ("POST", "/praxis" | "/praxis/{id}/bearbeiten") => (
            uri,
            vec![form],
            format!("csrf_token=&municipality={KL}&title=Probe&fields=zugang").into_bytes(),
        ),
        ("POST", "/praxis/{id}/aktion") => (uri, vec![form], b"csrf_token=&action=submit".to_vec()),
        ("POST", "/praxis/{id}/anfrage") => (uri, vec![form], b"csrf_token=&message=Wie".to_vec()),
        ("POST", "/austausch/{id}") => (uri, vec![form], b"csrf_token=&action=close".to_vec()),
        ("POST", p) if p.ends_with("/reject") => {
            (uri, vec![json], br#"{"comment": "bitte pruefen"}"#.to_vec())
        }
        // Form POSTs of the pages; with a Bearer token no form token is needed.
        ("POST", "/anmelden") => (
            uri,
            vec![form],
            format!("name=kl&password={}", PASSWORD.replace(' ', "+")).into_bytes(),
        ),
        ("POST", "/hochladen") => (
            uri,
            vec![("content-type", "multipart/form-data; boundary=grenze")],
            b"--grenze\r\nContent-Disposition: form-data; name=\"file\"; filename=\"werte.csv\"\r\n\
              Content-Type: text/csv\r\n\r\nIndikator;Jahr;Wert\r\nauslaenderanteil;2024;12,5\r\n\
              \r\n--grenze--\r\n"
                .to_vec(),
        ),
        ("POST", p) if p.ends_with("/ablehnen") => {
            (uri, vec![form], b"csrf_token=&comment=bitte+pruefen".to_vec())
        }
        ("POST", "/abmelden" | "/hochladen/{id}/einreichen" | "/pruefung/{id}/freigeben") => {
            (uri, vec![form], b"csrf_token=".to_vec())
        }
        _ => (uri, Vec::new(), Vec::new()),
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_matrix_says() {
    let h = Harness::new(TestDb::sqlite().await).await;
    set_password(h.store(), "kl", PASSWORD).await;
    use vergleich_service::workflow::concept_demo::{DEMO_CONCEPTS, seed_demo_concepts};
    seed_demo_concepts(h.store(), DEMO_CONCEPTS).await.unwrap();
    let release = vergleich_store::NewRelease {
        name: "2025-1".into(),
        title: "Datenstand 2025-1".into(),
        note: String::new(),
        at: chrono::Utc::now(),
    };
    h.store().create_release(&release, "user:pl").await.unwrap();

    let doc = serde_json::to_value(vergleich_api::openapi_document()).unwrap();
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push((method.to_uppercase(), path.clone()));
        }
    }
    let unlisted: Vec<_> = operations
        .iter()
        .filter(|(m, p)| !MATRIX.iter().any(|(mm, pp, _)| mm == m && pp == p))
        .collect();
    assert!(
        unlisted.is_empty(),
        "routes without a line in the role matrix: {unlisted:?}"
    );
    let stale: Vec<_> = MATRIX
        .iter()
        .filter(|(m, p, _)| !operations.iter().any(|(mm, pp)| mm == m && pp == p))
        .collect();
    assert!(
        stale.is_empty(),
        "matrix lines for routes that do not exist: {stale:?}"
    );

    let mut failures = Vec::new();
    let mut n = 0;
    for (method, path, expected) in MATRIX {
        for (who, want) in WHO.iter().zip(expected.chars()) {
            n += 1;
            let (mut uri, headers, mut body) = request_for(method, path);
            if concept_route(path)
                || uri.contains("LABEL")
                || body.windows(5).any(|w| w == b"LABEL")
            {
                let (id, label) = fixture_concept(h.store(), n).await;
                let fill = |text: &str| {
                    text.replace("{id}", &id.to_string())
                        .replace("VERSION", &id.to_string())
                        .replace("LABEL", &format!("{label}-neu"))
                };
                // A GET of the edit form names the fixture itself.
                uri = fill(&uri).replace(&format!("{label}-neu"), &label);
                body = fill(&String::from_utf8(body).unwrap()).into_bytes();
            }
            if workshop_route(path) {
                let (id, code, ballot) = fixture_workshop(h.store(), n).await;
                uri = uri
                    .replace("{id}", &id.to_string())
                    .replace("{code}", &code)
                    .replace("{token}", &format!("probe-{n}"));
                body = String::from_utf8(body)
                    .unwrap()
                    .replace("BALLOT", &ballot.to_string())
                    .into_bytes();
            }
            if path.contains("selfcheck/rounds/{id}") || path.starts_with("/selbstcheck/runde/{id}")
            {
                let submitted = path.ends_with("/publish") || path.ends_with("/veroeffentlichen");
                let id = fixture_round(h.store(), n, submitted).await;
                uri = uri.replace("{id}", &id.to_string());
            }
            if path.contains("/memberships/{id}") {
                // Kaiserslautern's first membership period.
                let id = h
                    .store()
                    .municipalities()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|m| m.key.as_str() == KL)
                    .and_then(|m| m.memberships[0].id)
                    .unwrap();
                uri = uri.replace("{id}", &id.to_string());
            }
            if let Some(id) = exchange_fixture(h.store(), path, n).await {
                uri = uri.replace("{id}", &id.to_string());
            }
            if uri.contains("{id}") {
                let state = if path.ends_with("/submit") {
                    UploadState::Draft
                } else if ["/approve", "/reject", "/freigeben", "/ablehnen"]
                    .iter()
                    .any(|end| path.ends_with(end))
                {
                    UploadState::Submitted
                } else {
                    UploadState::Draft
                };
                let id = fixture_upload(h.store(), state, n).await;
                uri = uri.replace("{id}", &id.to_string());
            }
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let answer = h.call(method.clone(), &uri, *who, &headers, body).await;
            let status = answer.status;
            let ok = match want {
                'A' => !matches!(status.as_u16(), 401 | 403 | 404) && !status.is_server_error(),
                'U' => status == StatusCode::UNAUTHORIZED,
                'F' => status == StatusCode::FORBIDDEN,
                'N' => status == StatusCode::NOT_FOUND,
                other => panic!("unknown expectation {other}"),
            };
            if !ok {
                failures.push(format!(
                    "{method} {uri} as {}: want {want}, got {status}",
                    who.unwrap_or("anonymous")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    h.close().await;
}

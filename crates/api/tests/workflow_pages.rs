//! The workflow pages as a browser uses them, through `router(state).oneshot(request)` on a
//! fresh SQLite file with the demo data: sign in with the form (cookie, redirect, no open
//! redirect), upload a file with an error and see it with row and column, fix it, submit, review
//! (changes against the published value, reject without comment, approve) until the value is
//! published; CSRF tokens of every form; template downloads.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use vergleich_api::testing::{self, Answer, TestApp};
use vergleich_domain::Role;

const KL: &str = "07312000";
const PASSWORD: &str = "Kaiserslautern ist weltoffen";
const FORM: &str = "application/x-www-form-urlencoded";
const BOUNDARY: &str = "----vergleichgrenze";

/// The service as a browser sees it: requests with a cookie, forms and the upload form.
struct App(TestApp);

impl std::ops::Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.0
    }
}

/// A fresh service with the demo data and a kl (municipality), pl (manager) and stiftung (staff)
/// user, each with the password.
async fn app() -> App {
    let app = TestApp::sqlite().await;
    let users = [
        ("kl", Role::Municipality, Some(KL)),
        ("pl", Role::Manager, None),
        ("stiftung", Role::Staff, None),
    ];
    testing::users_with_password(app.store(), &users, PASSWORD).await;
    App(app)
}

impl App {
    /// A GET as the browser with this cookie (or none).
    async fn get(&self, uri: &str, cookie: Option<&str>) -> Answer {
        let headers: Vec<(&str, &str)> = cookie.map(|c| ("cookie", c)).into_iter().collect();
        self.call(Method::GET, uri, &headers, Vec::new()).await
    }

    /// A form POST as a browser sends it from our own page.
    async fn post_form(&self, uri: &str, cookie: Option<&str>, body: &str) -> Answer {
        let mut headers = vec![("content-type", FORM), ("sec-fetch-site", "same-origin")];
        if let Some(cookie) = cookie {
            headers.push(("cookie", cookie));
        }
        self.call(Method::POST, uri, &headers, body.as_bytes().to_vec())
            .await
    }

    /// The upload form's multipart POST.
    async fn post_file(
        &self,
        uri: &str,
        cookie: &str,
        csrf: &str,
        dry_run: bool,
        file: &[u8],
    ) -> Answer {
        let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
        let headers = [
            ("content-type", content_type.as_str()),
            ("sec-fetch-site", "same-origin"),
            ("cookie", cookie),
        ];
        self.call(Method::POST, uri, &headers, multipart(csrf, dry_run, file))
            .await
    }

    /// Signs in with the form; returns the cookie pair and the CSRF token of the landing page.
    async fn sign_in(&self, name: &str) -> (String, String) {
        let answer = self
            .post_form(
                "/anmelden",
                None,
                &format!("name={name}&password={}", PASSWORD.replace(' ', "+")),
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html());
        let cookie = answer
            .header("set-cookie")
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        // The layout's sign-out form carries the session's token on every page.
        let page = self.get("/anmelden", Some(&cookie)).await;
        (cookie, csrf_of(&page.html()))
    }
}

fn multipart(csrf: &str, dry_run: bool, file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n"
    )
    .into_bytes();
    if dry_run {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\ntrue\r\n"
            )
            .bytes(),
        );
    }
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"werte.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .bytes(),
    );
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").bytes());
    body
}

/// The CSRF token the page's forms carry.
fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form with a csrf_token") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

fn kl_csv(year: i32, value: &str) -> Vec<u8> {
    testing::csv(KL, &[("auslaenderanteil", year, value)])
}

#[tokio::test]
async fn the_sign_in_form_sets_the_cookie_and_returns_to_local_pages_only() {
    let app = app().await;
    let form = app.get("/anmelden?next=/hochladen", None).await;
    assert_eq!(form.status, StatusCode::OK);
    let html = form.html();
    assert!(html.contains(r#"action="/anmelden""#) && html.contains(r#"name="password""#));
    assert!(html.contains(r#"name="next" value="/hochladen""#), "{html}");
    let english = app.get("/anmelden?lang=en", None).await.html();
    assert!(english.contains(r#"<html lang="en">"#) && english.contains("Password"));
    let evil = app.get("/anmelden?next=//evil.example", None).await.html();
    assert!(evil.contains(r#"name="next" value="""#), "{evil}");

    // Wrong password and unknown name: one message, no cookie.
    for body in [
        "name=kl&password=falsch+falsch+falsch",
        "name=niemand&password=Kaiserslautern+ist+weltoffen",
    ] {
        let wrong = app.post_form("/anmelden", None, body).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.html().contains("Name oder Passwort ist falsch"));
        assert!(wrong.headers.get("set-cookie").is_none());
    }
    let wrong_en = app
        .post_form("/anmelden", None, "name=kl&password=nein&lang=en")
        .await;
    assert!(wrong_en.html().contains("Name or password is wrong"));

    // Right: cookie and 303 to `next`; a foreign or scheme-relative `next` is not followed.
    let good = format!("name=kl&password={}", PASSWORD.replace(' ', "+"));
    let ok = app
        .post_form("/anmelden", None, &format!("{good}&next=%2Fpruefung"))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/pruefung");
    let cookie = ok.header("set-cookie").unwrap_or_default();
    for part in ["vergleich_session=", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    for next in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let answer = app
            .post_form("/anmelden", None, &format!("{good}&next={next}"))
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);
        assert_eq!(answer.location(), "/hochladen", "next={next}");
    }
    let english = app
        .post_form("/anmelden", None, &format!("{good}&lang=en"))
        .await;
    assert_eq!(english.location(), "/hochladen?lang=en");
    // A sign-in posted from another site is refused.
    let cross = app
        .call(
            Method::POST,
            "/anmelden",
            &[("content-type", FORM), ("sec-fetch-site", "cross-site")],
            good.clone().into_bytes(),
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert!(cross.headers.get("set-cookie").is_none());

    // Sign out: the token of the layout's form is required.
    let (cookie, csrf) = app.sign_in("kl").await;
    let page = app.get("/hochladen", Some(&cookie)).await.html();
    assert!(page.contains(r#"action="/abmelden""#) && page.contains("kl (Kommune)"));
    let forged = app
        .post_form("/abmelden", Some(&cookie), "csrf_token=vgl_falsch")
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(app.get("/hochladen", Some(&cookie)).await.status == StatusCode::OK);
    let out = app
        .post_form(
            "/abmelden",
            Some(&cookie),
            &format!("csrf_token={csrf}&lang=en"),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/?lang=en");
    assert!(
        out.header("set-cookie")
            .unwrap_or_default()
            .contains("Max-Age=0")
    );
    let after = app.get("/hochladen", Some(&cookie)).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie is dead"
    );
    assert_eq!(after.location(), "/anmelden?next=/hochladen");
}

#[tokio::test]
async fn a_file_goes_from_the_upload_form_through_review_into_the_published_data() {
    let app = app().await;
    let (kl, kl_csrf) = app.sign_in("kl").await;
    let page = app.get("/hochladen", Some(&kl)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    for part in [
        r#"enctype="multipart/form-data""#,
        r#"type="file" name="file""#,
        r#"name="dry_run""#,
        "/api/v1/templates/07312000.xlsx",
        "/api/v1/templates/07312000.csv",
        r#"<script src="/static/upload.js""#,
        "Noch keine Uploads",
    ] {
        assert!(html.contains(part), "upload page lacks {part}");
    }

    // An error: shown with its row, column letter and name, value and message; nothing stored.
    let bad = app
        .post_file("/hochladen", &kl, &kl_csrf, false, &kl_csv(2023, "zwölf"))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.html();
    assert!(html.contains("<code>type-error</code>"), "{html}");
    assert!(html.contains(r#"<td class="num">2</td>"#), "row 2: {html}");
    assert!(
        html.contains("<strong>D</strong> (Wert)"),
        "column D: {html}"
    );
    assert!(html.contains("<code>zwölf</code>") && html.contains("nicht übernommen"));
    assert!(html.contains("; (Semikolon)") && html.contains("CSV"));
    let none = app.get("/api/v1/uploads", Some(&kl)).await.json();
    assert_eq!(none["count"], 0);

    // Without the form's token (or with a wrong one) nothing is read.
    for token in ["", "vgl_falsch"] {
        let forged = app
            .post_file("/hochladen", &kl, token, false, &kl_csv(2023, "23,4"))
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "token {token:?}");
    }
    // Check only: the report, nothing stored.
    let checked = app
        .post_file("/hochladen", &kl, &kl_csrf, true, &kl_csv(2023, "23,4"))
        .await;
    assert_eq!(checked.status, StatusCode::OK);
    assert!(checked.html().contains("nichts wurde gespeichert"));
    assert_eq!(
        app.get("/api/v1/uploads", Some(&kl)).await.json()["count"],
        0
    );

    // Fixed: stored as a draft, shown on its own page with the submit button.
    let stored = app
        .post_file("/hochladen", &kl, &kl_csrf, false, &kl_csv(2023, "23,4"))
        .await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.html());
    let location = stored.location().to_owned();
    let id: i64 = location
        .strip_prefix("/hochladen?upload=")
        .unwrap()
        .parse()
        .unwrap();
    let draft = app.get(&location, Some(&kl)).await.html();
    assert!(draft.contains("Entwurf"));
    let submit = format!("/hochladen/{id}/einreichen");
    assert!(draft.contains(&format!(r#"action="{submit}""#)), "{draft}");
    // The same bytes again are recognised.
    let again = app
        .post_file("/hochladen", &kl, &kl_csrf, false, &kl_csv(2023, "23,4"))
        .await;
    assert_eq!(again.location(), format!("{location}&wiederholt=true"));

    for body in ["", "csrf_token=vgl_falsch"] {
        let forged = app.post_form(&submit, Some(&kl), body).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{body:?}");
    }
    let submitted = app
        .post_form(&submit, Some(&kl), &format!("csrf_token={kl_csrf}"))
        .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    assert_eq!(submitted.location(), format!("/hochladen?eingereicht={id}"));
    let upload = app
        .get(&format!("/api/v1/uploads/{id}"), Some(&kl))
        .await
        .json();
    assert_eq!(upload["state"], "submitted");

    // The manager's queue and the changes against the published value (demo: 21.8).
    let (pl, pl_csrf) = app.sign_in("pl").await;
    let queue = app.get("/pruefung", Some(&pl)).await.html();
    assert!(
        queue.contains(&format!(r#"href="/pruefung/{id}""#)),
        "{queue}"
    );
    assert!(queue.contains("Kaiserslautern (07312000)") && queue.contains("werte.csv"));
    let detail = app.get(&format!("/pruefung/{id}"), Some(&pl)).await;
    assert_eq!(detail.status, StatusCode::OK);
    let html = detail.html();
    assert!(html.contains("21,8 %") && html.contains("23,4 %"), "{html}");
    assert!(
        html.contains("+1,6") && html.contains("Wert geändert"),
        "{html}"
    );
    let english = app
        .get(&format!("/pruefung/{id}?lang=en"), Some(&pl))
        .await
        .html();
    assert!(english.contains("21.8 %") && english.contains("value changed"));

    // Reject without a comment: the page again with the message; nothing decided.
    let empty = app
        .post_form(
            &format!("/pruefung/{id}/ablehnen"),
            Some(&pl),
            &format!("csrf_token={pl_csrf}&comment=+++"),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.html().contains("Bitte begründen"));
    let forged = app
        .post_form(
            &format!("/pruefung/{id}/freigeben"),
            Some(&pl),
            "comment=ok",
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // A municipality cannot approve, not even its own upload.
    let own = app
        .post_form(
            &format!("/pruefung/{id}/freigeben"),
            Some(&kl),
            &format!("csrf_token={kl_csrf}"),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/api/v1/uploads/{id}"), Some(&pl))
            .await
            .json()["state"],
        "submitted"
    );

    // Approve: published, for everyone.
    let approved = app
        .post_form(
            &format!("/pruefung/{id}/freigeben"),
            Some(&pl),
            &format!("csrf_token={pl_csrf}&comment=plausibel"),
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let done = approved.location().to_owned();
    assert_eq!(
        done,
        format!("/pruefung?erledigt={id}&ergebnis=freigegeben")
    );
    assert!(
        app.get(&done, Some(&pl))
            .await
            .html()
            .contains("wurde freigegeben")
    );
    let public = app
        .get(
            "/api/v1/observations?municipality=07312000&indicator=auslaenderanteil&from=2023&to=2023",
            None,
        )
        .await
        .json();
    assert_eq!(public["observations"][0]["value"], 23.4);
    let mine = app.get("/hochladen", Some(&kl)).await.html();
    assert!(mine.contains("veröffentlicht") && mine.contains("plausibel"));
}

#[tokio::test]
async fn a_rejection_with_its_comment_reaches_the_member() {
    let app = app().await;
    let (kl, kl_csrf) = app.sign_in("kl").await;
    let stored = app
        .post_file("/hochladen", &kl, &kl_csrf, false, &kl_csv(2023, "30,1"))
        .await;
    let id: i64 = stored
        .location()
        .strip_prefix("/hochladen?upload=")
        .unwrap()
        .parse()
        .unwrap();
    app.post_form(
        &format!("/hochladen/{id}/einreichen?lang=en"),
        Some(&kl),
        &format!("csrf_token={kl_csrf}"),
    )
    .await;
    let (pl, pl_csrf) = app.sign_in("pl").await;
    let rejected = app
        .post_form(
            &format!("/pruefung/{id}/ablehnen?lang=en"),
            Some(&pl),
            &format!("csrf_token={pl_csrf}&comment=Quelle+fehlt+%3Cb%3E"),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert_eq!(
        rejected.location(),
        format!("/pruefung?erledigt={id}&ergebnis=abgelehnt&lang=en")
    );
    assert!(
        app.get(rejected.location(), Some(&pl))
            .await
            .html()
            .contains("was rejected")
    );
    // Deciding twice is refused with the state change's message.
    let twice = app
        .post_form(
            &format!("/pruefung/{id}/freigeben"),
            Some(&pl),
            &format!("csrf_token={pl_csrf}"),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let mine = app.get("/hochladen?lang=en", Some(&kl)).await.html();
    assert!(
        mine.contains("rejected") && mine.contains("Quelle fehlt &lt;b&gt;"),
        "{mine}"
    );
    let upload = app
        .store()
        .upload(vergleich_domain::UploadId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(upload.review_comment.as_deref(), Some("Quelle fehlt <b>"));
}

#[tokio::test]
async fn pages_send_strangers_to_sign_in_and_other_roles_away() {
    let app = app().await;
    let anonymous = app.get("/pruefung/3?lang=en", None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location(), "/anmelden?next=/pruefung/3&lang=en");
    let post = app
        .post_form("/hochladen/1/einreichen", None, "csrf_token=x")
        .await;
    assert_eq!(post.status, StatusCode::UNAUTHORIZED);
    let (staff, _) = app.sign_in("stiftung").await;
    for path in ["/hochladen", "/pruefung", "/pruefung/1"] {
        let answer = app.get(path, Some(&staff)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
        assert!(answer.html().contains("Ihre Rolle darf das nicht"));
    }
    let (pl, _) = app.sign_in("pl").await;
    let queue = app.get("/pruefung?lang=en", Some(&pl)).await;
    assert_eq!(queue.status, StatusCode::OK);
    let html = queue.html();
    assert!(
        html.contains("<h1>Review</h1>") && html.contains("Nothing to review"),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/hochladen?lang=en""#),
        "managers upload official tables for every member"
    );
    // A cookie form post from another site never reaches the handler.
    let (kl, csrf) = app.sign_in("kl").await;
    let cross = app
        .call(
            Method::POST,
            "/hochladen/1/einreichen",
            &[("content-type", FORM), ("cookie", &kl)],
            format!("csrf_token={csrf}").into_bytes(),
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn templates_download_as_xlsx_and_csv_for_signed_in_users() {
    let app = app().await;
    let anonymous = app.get("/api/v1/templates/07312000.xlsx", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let (pl, _) = app.sign_in("pl").await;
    let xlsx = app.get("/api/v1/templates/07312000.xlsx", Some(&pl)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with(b"PK\x03\x04"), "a zip file");
    assert!(
        xlsx.header("content-type")
            .unwrap_or_default()
            .contains("spreadsheetml")
    );
    let disposition = xlsx.header("content-disposition").unwrap_or_default();
    assert!(disposition.starts_with("attachment; filename=\"vorlage-07312000-"));
    assert!(disposition.ends_with(".xlsx\""), "{disposition}");
    let plain = app.get("/api/v1/templates/07312000", Some(&pl)).await;
    assert!(plain.body.starts_with(b"PK\x03\x04"), "no suffix: XLSX");

    let csv = app
        .get(
            "/api/v1/templates/07312000.csv?from=2022&to=2023",
            Some(&pl),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(csv.body[3..].to_vec()).unwrap();
    assert!(text.lines().next().unwrap().contains(';'));
    assert!(text.contains("07312000;") && text.contains("2022") && text.contains("2023"));
    assert!(
        csv.header("content-disposition")
            .unwrap_or_default()
            .contains("vorlage-07312000-2022-2023.csv")
    );
    // The template of a district (5-digit key) and the refusals.
    let district = app.get("/api/v1/templates/09174.csv", Some(&pl)).await;
    assert_eq!(district.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&district.body).contains("09174;"));
    for (uri, status) in [
        ("/api/v1/templates/99999999.csv", StatusCode::NOT_FOUND),
        ("/api/v1/templates/7312000.csv", StatusCode::BAD_REQUEST),
        (
            "/api/v1/templates/07312000.csv?from=2024&to=2020",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/templates/07312000.png", StatusCode::NOT_ACCEPTABLE),
        (
            "/api/v1/templates/07312000.json",
            StatusCode::NOT_ACCEPTABLE,
        ),
    ] {
        assert_eq!(app.get(uri, Some(&pl)).await.status, status, "{uri}");
    }
}

//! A Selbstcheck workshop in the browser (issue #12): Kaiserslautern's user opens a round and a
//! workshop for it and gets the code; three participants at phone width, without accounts,
//! type the code, pick a perspective, rate the fields and name a gap; a fourth from another
//! perspective stays hidden (one ballot in that cell); the live page shows the distribution;
//! the facilitator closes the workshop and records the agreed value. Every page checked with
//! axe and saved as a screenshot.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use fantoccini::Locator;

use crate::chrome::Browser;
use crate::dashboard::Server;

const KL: &str = "07312000";
const FIELDS: [&str; 7] = [
    "steuerung",
    "oeffnung",
    "zugang",
    "arbeit",
    "engagement",
    "zusammenhalt",
    "kommunikation",
];

async fn participant(
    browser: &mut Browser,
    server: &Server,
    code: &str,
    perspective: &str,
    level: &str,
    shot: Option<&str>,
) {
    browser.client.delete_all_cookies().await.unwrap();
    browser.client.goto(&server.url("/workshop")).await.unwrap();
    // Typed as people type a code from a slide: lower case, with the dash.
    let typed = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
    browser
        .client
        .find(Locator::Css("#code"))
        .await
        .unwrap()
        .send_keys(&typed)
        .await
        .unwrap();
    browser
        .navigate_by("form[action='/workshop'] button[type=submit]")
        .await;
    let url = browser.client.current_url().await.unwrap();
    assert!(url.path().ends_with(&format!("/workshop/{code}")), "{url}");
    browser.click(&format!("input[id='p-{perspective}']")).await;
    for field in FIELDS {
        browser
            .click(&format!("input[id='r-{field}-{level}']"))
            .await;
    }
    browser
        .client
        .find(Locator::Css("#c-zusammenhalt"))
        .await
        .unwrap()
        .send_keys("Es fehlen offene Begegnungsorte im Stadtteil.")
        .await
        .unwrap();
    // The screenshot comes after sending: a full-page capture right before a click makes
    // Chromium miss the button (seen with captureBeyondViewport at phone width).
    browser.navigate_by("form.ballot button[type=submit]").await;
    let text = browser.text().await;
    assert!(text.contains("Ihre Stimme ist gespeichert"), "{text}");
    if let Some(name) = shot {
        browser.look(name).await;
    }
    // Back on the form, the ballot is there to change.
    let kept = browser
        .client
        .find(Locator::Css(&format!("input[id='r-steuerung-{level}']")))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("true"));
}

pub async fn a_workshop_is_run(browser: &mut Browser, server: &Server) {
    browser.sign_in(server, "kl", "de").await;
    browser
        .client
        .goto(&server.url(&format!("/selbstcheck/{KL}")))
        .await
        .unwrap();
    let form = browser
        .client
        .form(Locator::Css("form[action$='/runden']"))
        .await
        .unwrap();
    form.set_by_name("label", "2026").await.unwrap();
    browser
        .navigate_by("form[action$='/runden'] button[type=submit]")
        .await;
    let round = browser.client.current_url().await.unwrap();
    browser
        .client
        .goto(&format!(
            "{}#workshops",
            round.as_str().split('?').next().unwrap()
        ))
        .await
        .unwrap();
    let form = browser
        .client
        .form(Locator::Css("form[action$='/workshops']"))
        .await
        .unwrap();
    form.set_by_name("title", "Workshop Weltoffene Kommune 2026")
        .await
        .unwrap();
    browser
        .navigate_by("form[action$='/workshops'] button[type=submit]")
        .await;
    let facilitator = browser.client.current_url().await.unwrap();
    browser.look("de-workshop-moderation").await;
    let text = browser.text().await;
    let code = text
        .split("/workshop/")
        .nth(1)
        .map(|rest| rest.chars().take(8).collect::<String>())
        .expect("the join path on the facilitator's page");
    browser.sign_out().await;

    // Three participants at phone width from the administration, one from the youth council.
    browser.client.set_window_size(390, 844).await.unwrap();
    participant(
        browser,
        server,
        &code,
        "verwaltung",
        "2",
        Some("de-schmal-workshop-stimme"),
    )
    .await;
    participant(browser, server, &code, "verwaltung", "1", None).await;
    participant(browser, server, &code, "verwaltung", "2", None).await;
    participant(browser, server, &code, "jugend", "0", None).await;

    // The projector's live page: the distribution and the median; the single youth ballot hidden.
    browser.client.set_window_size(1366, 900).await.unwrap();
    browser.client.delete_all_cookies().await.unwrap();
    browser
        .visit(
            &server.url(&format!("/workshop/{code}/live")),
            "de-workshop-live",
        )
        .await;
    let text = browser.text().await;
    assert!(text.contains("4 Stimmen"), "{text}");
    assert!(
        text.contains("1 / 1 / 2 / 0"),
        "the distribution of steuerung: {text}"
    );
    assert!(
        text.contains("ausgeblendet"),
        "the youth cell of one ballot: {text}"
    );
    assert!(text.contains("Es fehlen offene Begegnungsorte"), "{text}");

    // The facilitator closes and records the agreed value.
    browser.sign_in(server, "kl", "de").await;
    browser.client.goto(facilitator.as_str()).await.unwrap();
    browser
        .navigate_by("form[action$='/schliessen'] button")
        .await;
    let form = browser
        .client
        .form(Locator::Css("form[action$='/ergebnis']"))
        .await
        .unwrap();
    form.set_by_name("o_steuerung", "1").await.unwrap();
    form.set_by_name(
        "g_steuerung",
        "Leitbild beschlossen, in den Ämtern kaum bekannt.",
    )
    .await
    .unwrap();
    browser
        .navigate_by("form[action$='/ergebnis'] button[type=submit]")
        .await;
    let text = browser.text().await;
    assert!(text.contains("geschlossen"), "{text}");
    assert!(
        text.contains("Vereinbarte Einschätzung") && text.contains("1 – geplant"),
        "{text}"
    );
    assert!(
        text.contains("Leitbild beschlossen, in den Ämtern kaum bekannt."),
        "{text}"
    );
    browser.look("de-workshop-ergebnis").await;
    browser.sign_out().await;
}

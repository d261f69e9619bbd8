//! The Selbstcheck in the browser (issue #12): Kaiserslautern's user opens a round, answers
//! part of the first field (one item skipped, one "weiß nicht"), leaves, comes back in a second
//! visit and finds the answers and the progress, answers more at phone width, and submits; a
//! manager publishes; a signed-out reader sees the field scores. Every page checked with axe and
//! saved as a screenshot.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use fantoccini::Locator;

use crate::chrome::Browser;
use crate::dashboard::Server;

const KL: &str = "07312000";

async fn choose(browser: &Browser, item: &str, code: &str) {
    browser.click(&format!("input[id='{item}-{code}']")).await;
}

pub async fn a_municipality_fills_in_its_selfcheck(browser: &mut Browser, server: &Server) {
    browser.sign_in(server, "kl", "de").await;
    browser
        .visit(&server.url(&format!("/selbstcheck/{KL}")), "de-selbstcheck")
        .await;
    let form = browser
        .client
        .form(Locator::Css("form[action$='/runden']"))
        .await
        .unwrap();
    form.set_by_name("label", "2025").await.unwrap();
    browser
        .navigate_by("form[action$='/runden'] button[type=submit]")
        .await;
    // First visit: three answers of the first field, one skipped, one "weiß nicht".
    choose(browser, "ste-01", "3").await;
    choose(browser, "ste-02", "2").await;
    choose(browser, "ste-03", "skipped").await;
    choose(browser, "ste-04", "dont_know").await;
    choose(browser, "ste-05", "1").await;
    browser
        .client
        .find(Locator::Css("#e_ste-01"))
        .await
        .unwrap()
        .send_keys("Ratsbeschluss vom 12.05.2021")
        .await
        .unwrap();
    browser.look("de-selbstcheck-fragebogen").await;
    browser
        .navigate_by("form.selfcheck-form button[name=weiter][value='']")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("3 von 103 beantwortet, 1 übersprungen, 1 „weiß nicht“"),
        "no progress after the first visit:\n{text}"
    );
    let round = browser.client.current_url().await.unwrap();
    browser.sign_out().await;

    // Second visit at phone width: the answers are there; answer more and go on.
    browser.sign_in(server, "kl", "de").await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.client.goto(round.as_str()).await.unwrap();
    let kept = browser
        .client
        .find(Locator::Css("input[id='ste-01-3']"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("true"),
        "the first visit's answer is gone"
    );
    let evidence = browser
        .client
        .find(Locator::Css("#e_ste-01"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(evidence.as_deref(), Some("Ratsbeschluss vom 12.05.2021"));
    for item in ["ste-06", "ste-07", "ste-08", "ste-09", "ste-10", "ste-11"] {
        choose(browser, item, "2").await;
    }
    browser.look("de-schmal-selbstcheck-fragebogen").await;
    browser
        .navigate_by("form.selfcheck-form button[name=weiter]:not([value=''])")
        .await;
    browser.client.set_window_size(1280, 1800).await.unwrap();
    let text = browser.text().await;
    assert!(text.contains("9 von 103 beantwortet"), "{text}");
    // Management und Steuerung in v2: 9 of 13 answered (69 %): a score, the skip not a 0.
    assert!(text.contains("Abdeckung 69 %"), "{text}");
    browser
        .navigate_by("form[action$='/einreichen'] button")
        .await;
    browser.sign_out().await;

    browser.sign_in(server, "pl", "de").await;
    browser.client.goto(round.as_str()).await.unwrap();
    browser
        .navigate_by("form[action$='/veroeffentlichen'] button")
        .await;
    browser.sign_out().await;
    browser.client.goto(round.as_str()).await.unwrap();
    let text = browser.text().await;
    assert!(
        text.contains("veröffentlicht") && text.contains("Abdeckung 69 %"),
        "{text}"
    );
    // One rater: the distributions are hidden outside the member.
    assert!(
        text.contains("verborgen (weniger als 3 Antworten)"),
        "{text}"
    );
    browser.look("de-selbstcheck-veroeffentlicht").await;
    let mut english = round.clone();
    english.set_fragment(None);
    english.query_pairs_mut().append_pair("lang", "en");
    browser
        .visit(english.as_str(), "en-selbstcheck-veroeffentlicht")
        .await;
    // The published score is Kaiserslautern's sc_steuerung of 2025 in the existing comparison
    // (the demo's 2020 and 2024 rounds are published already), and the indicator page shows it.
    let json: serde_json::Value =
        reqwest::get(server.url("/api/v1/comparisons/sc_steuerung?year=2025"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let kl = json["comparison"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == KL)
        .cloned()
        .unwrap();
    assert_eq!(kl["value"], 66.7, "{kl}");
    browser
        .visit(
            &server.url("/indikator/sc_steuerung?jahr=2025"),
            "de-selbstcheck-im-vergleich",
        )
        .await;
}

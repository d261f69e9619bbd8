//! Exchange in the browser (issue #14 A): a signed-out reader finds a demo practice through the
//! search (typed in lower case without the ending) and opens it (no contact shown), and sees the
//! learning partners on a member page; Kaiserslautern's user writes a practice, gets the form
//! back filled in with the bad link named, fixes it and hands it in; a manager publishes it;
//! Rostock's user asks about it and Kaiserslautern answers in its inbox. Every page checked
//! with axe and saved as a screenshot, the search also at phone width.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use fantoccini::Locator;

use crate::chrome::Browser;
use crate::dashboard::Server;

const TITLE: &str = "Willkommenspaten im Bürgeramt";

pub async fn members_learn_from_each_other(browser: &mut Browser, server: &Server) {
    browser.client.delete_all_cookies().await.unwrap();
    reader_searches(browser, server).await;
    let id = member_writes(browser, server).await;
    // A manager publishes it.
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in(server, "pl", "de").await;
    browser
        .client
        .goto(&server.url("/praxis#pruefung"))
        .await
        .unwrap();
    assert!(browser.text().await.contains(TITLE), "in the review list");
    browser
        .client
        .goto(&server.url(&format!("/praxis/{id}")))
        .await
        .unwrap();
    browser
        .navigate_by("button[name=action][value=publish]")
        .await;
    assert!(browser.text().await.contains("veröffentlicht"));
    // Rostock asks, Kaiserslautern answers.
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in(server, "rostock", "de").await;
    browser
        .client
        .goto(&server.url(&format!("/praxis/{id}")))
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("#message"))
        .await
        .unwrap()
        .send_keys("Wie viele Ehrenamtliche braucht das?")
        .await
        .unwrap();
    browser
        .navigate_by("form[action$='/anfrage'] button[type=submit]")
        .await;
    assert!(
        browser
            .text()
            .await
            .contains("Wie viele Ehrenamtliche braucht das?")
    );
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in(server, "kl", "de").await;
    browser
        .client
        .goto(&server.url("/austausch"))
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("textarea[name=answer]"))
        .await
        .unwrap()
        .send_keys("Sechs Patinnen und Paten für zwei Sprechtage.")
        .await
        .unwrap();
    browser
        .navigate_by("button[name=action][value=answer]")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("beantwortet") && text.contains("Sechs Patinnen"),
        "{text}"
    );
    browser.look("de-austausch").await;
    browser.client.delete_all_cookies().await.unwrap();
}

async fn reader_searches(browser: &mut Browser, server: &Server) {
    browser.client.goto(&server.url("/praxis")).await.unwrap();
    browser
        .client
        .find(Locator::Css("#q"))
        .await
        .unwrap()
        .send_keys("sprachmittler")
        .await
        .unwrap();
    browser
        .navigate_by("form[role=search] button[type=submit]")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("Sprachmittlerpool mit Video-Dolmetschen"),
        "{text}"
    );
    browser.look("de-praxis-suche").await;
    browser.navigate_by("ul.hits li a strong").await;
    let text = browser.text().await;
    assert!(
        text.contains("Ausgangslage") && text.contains("Beispieldaten (synthetisch)"),
        "{text}"
    );
    assert!(
        text.contains("für angemeldete Projektmitglieder sichtbar"),
        "no contact signed out"
    );
    browser.look("de-praxis-beispiel").await;
    let url = browser.client.current_url().await.unwrap();
    browser
        .visit(&format!("{url}?lang=en"), "en-praxis-beispiel")
        .await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser
        .visit(&server.url("/praxis?q=Begegnung"), "de-schmal-praxis-suche")
        .await;
    browser.client.set_window_size(1366, 1800).await.unwrap();
    // Learning partners on a member page (Aachen has needs for action in the demo data).
    for key in ["05334002", "12072", "09762000", "04012000"] {
        browser
            .client
            .goto(&server.url(&format!("/kommune/{key}")))
            .await
            .unwrap();
        if browser.text().await.contains("Punkte vor") {
            browser.look("de-kommune-lernpartner").await;
            return;
        }
    }
    panic!("no member page with learning partners among the ones tried");
}

/// Kaiserslautern's user writes a practice with a bad link, fixes it, hands it in; its id.
async fn member_writes(browser: &mut Browser, server: &Server) -> String {
    browser.sign_in(server, "kl", "de").await;
    browser
        .client
        .goto(&server.url("/praxis/neu"))
        .await
        .unwrap();
    let form = browser
        .client
        .form(Locator::Css("form.stacked"))
        .await
        .unwrap();
    form.set_by_name("title", TITLE).await.unwrap();
    form.set_by_name("period_from", "2023").await.unwrap();
    form.set_by_name(
        "ausgangslage",
        "Neu Zugezogene fanden sich im Bürgeramt nicht zurecht.",
    )
    .await
    .unwrap();
    form.set_by_name(
        "ziele",
        "Jeder Neuzugang wird beim ersten Termin begleitet.",
    )
    .await
    .unwrap();
    form.set_by_name(
        "vorgehen",
        "Ehrenamtliche Patinnen und Paten aus Migrantenorganisationen.",
    )
    .await
    .unwrap();
    form.set_by_name("ergebnisse", "420 begleitete Termine im ersten Jahr.")
        .await
        .unwrap();
    form.set_by_name("links", "Flyer | flyer.pdf")
        .await
        .unwrap();
    browser.click("input[name=fields][value=zugang]").await;
    browser
        .navigate_by("form.stacked button[type=submit]")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("Nicht gespeichert") && text.contains("links[0].url"),
        "{text}"
    );
    let kept = browser
        .client
        .find(Locator::Css("#ergebnisse"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("420 begleitete Termine im ersten Jahr."),
        "values kept"
    );
    browser.look("de-praxis-fehler").await;
    let form = browser
        .client
        .form(Locator::Css("form.stacked"))
        .await
        .unwrap();
    form.set_by_name("links", "Flyer | https://example.org/flyer.pdf")
        .await
        .unwrap();
    browser
        .navigate_by("form.stacked button[type=submit]")
        .await;
    let url = browser.client.current_url().await.unwrap();
    let id = url.path().rsplit('/').next().unwrap().to_owned();
    assert!(id.parse::<i64>().is_ok(), "to the stored practice: {url}");
    browser
        .navigate_by("button[name=action][value=submit]")
        .await;
    assert!(browser.text().await.contains("zur Prüfung"));
    browser.look("de-praxis-eingereicht").await;
    browser.client.delete_all_cookies().await.unwrap();
    id
}

//! The cohort at runtime over HTTP (issue #14 B.3–4), on SQLite and PostgreSQL: an admin adds a
//! municipality that joined in 2022; comparisons of 2020 list it as "noch nicht dabei", those
//! of 2023 count it ("n von 22") — no restart. A second period of the same cohort that overlaps
//! is refused (409), one of another named cohort is not; a view picks a named cohort with
//! `cohort=`; a period is ended by its id. Bad input names the field with nothing stored;
//! non-admins get 403; every change is in the audit log.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::Harness;

const TRIER: &str = "07211000";
const COHORT: &str = "weltoffene-kommunen-2020";

fn trier() -> Value {
    json!({"key": TRIER, "name": "Trier", "kind": "kreisfreie_stadt",
           "membership": {"cohort": COHORT, "status": "confirmed",
                          "source": "Beschluss des Stadtrats vom 3.3.2022", "joined": 2022}})
}

fn with(mut body: Value, path: &[&str], value: Value) -> Value {
    let mut at = &mut body;
    for (i, key) in path.iter().enumerate() {
        if i + 1 == path.len() {
            at[*key] = value.clone();
        } else {
            at = &mut at[*key];
        }
    }
    body
}

fn parameter(body: &Value) -> &str {
    body["errors"][0]["parameter"].as_str().unwrap_or_default()
}

async fn group_size(h: &Harness, query: &str) -> (StatusCode, Value) {
    let a = h
        .get(
            &format!("/api/v1/comparisons/einbuergerungsquote?{query}"),
            None,
        )
        .await;
    let status = a.status;
    let body = a.json();
    (status, body)
}

async fn an_admin_adds_a_member_and_every_view_counts_it_from_its_year(h: &Harness) {
    let uri = "/api/v1/municipalities";
    for who in [Some("pl"), Some("kl"), Some("stiftung")] {
        let (status, _) = h.send_json(Method::POST, uri, who, trier()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who:?}");
    }
    let (status, _) = h.send_json(Method::POST, uri, None, trier()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Bad input, each named; nothing stored.
    for (path, value, named) in [
        (vec!["key"], json!("0721100"), "key"),
        (vec!["key"], json!("09211000"), "key"), // a Bavarian key, said to be in RP below
        (vec!["kind"], json!("landkreis"), "kind"),
        (vec!["name"], json!(" "), "name"),
        (vec!["name"], json!("T".repeat(201)), "name"),
        (
            vec!["membership", "cohort"],
            json!("Weltoffene 2020"),
            "membership.cohort",
        ),
        (
            vec!["membership", "cohort"],
            json!("w".repeat(65)),
            "membership.cohort",
        ),
        (vec!["membership", "left"], json!(2020), "membership.left"),
        (
            vec!["membership", "joined"],
            json!(1989),
            "membership.joined",
        ),
        (
            vec!["membership", "source"],
            json!("s".repeat(501)),
            "membership.source",
        ),
    ] {
        let mut body = with(trier(), &path, value);
        if named == "key" && body["key"] == "09211000" {
            body["state"] = json!("RP");
        }
        let (status, answer) = h.send_json(Method::POST, uri, Some("admin"), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path:?}: {answer}");
        assert_eq!(parameter(&answer), named, "{answer}");
    }
    let (_, list) = h.send_json(Method::GET, uri, None, Value::Null).await;
    assert_eq!(list["count"], 21, "nothing stored");

    // At the limits: a name of 200 characters and a cohort name of 64 are taken.
    let long = with(
        with(trier(), &["name"], json!("T".repeat(200))),
        &["membership", "cohort"],
        json!(COHORT),
    );
    let (status, added) = h.send_json(Method::POST, uri, Some("admin"), long).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["state"], "RP", "the state follows from the key");
    let (status, renamed) = h
        .send_json(
            Method::PATCH,
            &format!("{uri}/{TRIER}"),
            Some("admin"),
            json!({"name": "Trier"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{renamed}");
    assert_eq!(renamed["name"], "Trier");
    let (status, _) = h.send_json(Method::POST, uri, Some("admin"), trier()).await;
    assert_eq!(status, StatusCode::CONFLICT, "the key is taken");

    // 2020: not yet there, listed as such; 2023: counted — at once, no restart.
    let (status, y2020) = group_size(h, "year=2020").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        y2020["comparison"]["group"]["size"], 21,
        "{}",
        y2020["comparison"]["group"]
    );
    let outside = y2020["outside"].as_array().unwrap();
    assert!(
        outside
            .iter()
            .any(|m| m["key"] == TRIER && m["label_de"] == "noch nicht dabei (ab 2022)"),
        "{outside:?}"
    );
    let (_, y2023) = group_size(h, "year=2023").await;
    assert_eq!(y2023["comparison"]["group"]["size"], 22, "n von 22");
    let trier_2023 = y2023["comparison"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == TRIER)
        .cloned()
        .unwrap();
    assert!(
        trier_2023["value"].is_null(),
        "a member without values: not reported"
    );

    // A second period of the same cohort that overlaps: 409, nothing stored.
    let periods = format!("{uri}/{TRIER}/memberships");
    let overlapping =
        json!({"cohort": COHORT, "status": "confirmed", "source": "s", "joined": 2024});
    let (status, answer) = h
        .send_json(Method::POST, &periods, Some("admin"), overlapping)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(
        answer["detail_de"].as_str().unwrap().contains("seit 2022"),
        "{answer}"
    );
    // Another named cohort may overlap.
    let other = json!({"cohort": "netzwerk-mosel", "status": "announced", "source": "Pressemitteilung", "joined": 2023});
    let (status, both) = h
        .send_json(Method::POST, &periods, Some("admin"), other)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{both}");
    assert_eq!(both["memberships"].as_array().unwrap().len(), 2);
    let (status, _) = h
        .send_json(
            Method::POST,
            &format!("{uri}/07315000/memberships"),
            Some("admin"),
            json!({"cohort": COHORT, "status": "confirmed", "source": "s"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "unknown municipality");

    // The named cohorts; a view picks one.
    let (_, cohorts) = h
        .send_json(Method::GET, "/api/v1/cohorts", None, Value::Null)
        .await;
    let names: Vec<&str> = cohorts["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["netzwerk-mosel", COHORT], "{cohorts}");
    let (status, mosel) = group_size(h, "year=2023&cohort=netzwerk-mosel").await;
    assert_eq!(status, StatusCode::OK, "{mosel}");
    assert_eq!(mosel["comparison"]["group"]["size"], 1);
    let (_, mosel_2022) = group_size(h, "year=2022&cohort=netzwerk-mosel").await;
    assert_eq!(mosel_2022["comparison"]["group"]["size"], 0);
    assert_eq!(
        mosel_2022["outside"][0]["label_de"],
        "noch nicht dabei (ab 2023)"
    );
    let (status, unknown) = group_size(h, "year=2023&cohort=gibt-es-nicht").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
    assert_eq!(parameter(&unknown), "cohort");
    let (status, bad) = group_size(h, "year=2023&cohort=Gibt%20es%20nicht").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert_eq!(parameter(&bad), "cohort");

    // Trier left after 2023: the period ends by its id; 2024 no longer counts it.
    let id = both["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["cohort"] == COHORT)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let period = format!("{periods}/{id}");
    let (status, answer) = h
        .send_json(Method::PATCH, &period, Some("admin"), json!({"left": 2021}))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "left before joined: {answer}"
    );
    assert_eq!(parameter(&answer), "left");
    let (status, ended) = h
        .send_json(Method::PATCH, &period, Some("admin"), json!({"left": 2023}))
        .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    let (_, y2024) = group_size(h, &format!("year=2024&cohort={COHORT}")).await;
    assert_eq!(y2024["comparison"]["group"]["size"], 21);
    assert!(
        y2024["outside"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["key"] == TRIER && m["label_de"] == "nicht mehr dabei (bis 2023)"),
        "{}",
        y2024["outside"]
    );
    let (status, _) = h
        .send_json(
            Method::PATCH,
            &format!("{periods}/999999"),
            Some("admin"),
            json!({"left": 2023}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Every change is in the audit log.
    let (_, audit) = h
        .send_json(
            Method::GET,
            "/api/v1/audit?limit=50",
            Some("admin"),
            Value::Null,
        )
        .await;
    let text = audit.to_string();
    for action in [
        "catalogue.municipality.add",
        "catalogue.municipality.update",
        "catalogue.membership.add",
        "catalogue.membership.update",
    ] {
        assert!(text.contains(action), "{action}: {text}");
    }
}

async fn post_form(h: &Harness, body: &str) -> (StatusCode, String) {
    let form = ("content-type", "application/x-www-form-urlencoded");
    let a = h
        .call(
            Method::POST,
            "/verwaltung/kohorte",
            Some("admin"),
            &[form],
            body.as_bytes().to_vec(),
        )
        .await;
    (a.status, String::from_utf8(a.body).unwrap())
}

async fn the_cohort_page_adds_a_member_and_refuses_an_overlap(h: &Harness) {
    let page = h.get("/verwaltung/kohorte", Some("admin")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = String::from_utf8(page.body).unwrap();
    assert!(
        html.contains(COHORT) && html.contains("Kommune aufnehmen"),
        "{html}"
    );
    for who in ["pl", "kl"] {
        assert_eq!(
            h.get("/verwaltung/kohorte", Some(who)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    // Added through the form: back to the page, listed with its period.
    let (status, _) = post_form(
        h,
        &format!("form=municipality&key={TRIER}&name=Trier&kind=kreisfreie_stadt&cohort={COHORT}&status=confirmed&source=Ratsbeschluss&joined=2022&left="),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = String::from_utf8(h.get("/verwaltung/kohorte", Some("admin")).await.body).unwrap();
    assert!(
        html.contains("Trier") && html.contains("seit 2022"),
        "{html}"
    );
    // An overlapping period: the page again with what is wrong, the form filled in.
    let (status, html) = post_form(
        h,
        &format!("form=period&municipality={TRIER}&cohort={COHORT}&status=confirmed&source=Zweiter+Eintrag&joined=2023&left="),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains("überschneidet") && html.contains("Zweiter Eintrag"),
        "the form is kept: {html}"
    );
    // A year that is no year: 400, the typed values kept.
    let (status, html) = post_form(
        h,
        &format!("form=period&municipality={TRIER}&cohort=netzwerk-mosel&status=confirmed&source=Zweiter+Eintrag&joined=zweitausend&left="),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(
        html.contains("Zweiter Eintrag") && html.contains("joined"),
        "{html}"
    );
}

vergleich_api::on_both_backends!(
    an_admin_adds_a_member_and_every_view_counts_it_from_its_year,
    the_cohort_page_adds_a_member_and_refuses_an_overlap,
);

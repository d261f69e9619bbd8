//! Selbstcheck workshops over HTTP (issue #12), on SQLite and PostgreSQL: the facilitator opens
//! a workshop, participants join with the code as they type it, vote, change their ballot with
//! their token; bad ballots are refused by row with nothing stored; the hidden-aggregate rule
//! (fewer than 3 answers in a cell: no distribution, no median) holds on every reader's view; the
//! facilitator closes and records the agreed values; the phone form round-trips its cookie; a
//! guessed code is refused with 429 after the free misses.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL};

const JSON: (&str, &str) = ("content-type", "application/json");
const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

async fn send(
    h: &Harness,
    method: Method,
    uri: &str,
    who: Option<&str>,
    body: Value,
) -> (StatusCode, Value) {
    let a = h
        .call(
            method,
            uri,
            who,
            &[JSON],
            serde_json::to_vec(&body).unwrap(),
        )
        .await;
    (a.status, a.json())
}

fn ballot(perspective: &str, level: &str, comment: Option<&str>) -> Value {
    json!({"perspective": perspective, "ratings": [
        {"field": "steuerung", "answer": level, "comment": comment},
        {"field": "zusammenhalt", "answer": "1"},
    ]})
}

fn cell<'a>(view: &'a Value, field: &str, perspective: &str) -> &'a Value {
    let f = view["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == field)
        .unwrap();
    f["by_perspective"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["perspective"] == perspective)
        .unwrap()
}

/// A round of member A with the administration's answers to every steuerung item (level 2).
async fn round_with_answers(h: &Harness) -> i64 {
    let (status, round) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/{KL}"),
        Some("kl"),
        json!({"label": "2026", "questionnaire": "v1"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{round}");
    let id = round["id"].as_i64().unwrap();
    let (_, q) = send(h, Method::GET, "/api/v1/questionnaires", None, Value::Null).await;
    let items: Vec<Value> = q["questionnaires"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["version"] == "v1")
        .unwrap()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["field"] == "steuerung")
        .map(|i| json!({"item": i["id"], "answer": "2"}))
        .collect();
    let (status, stored) = send(
        h,
        Method::PUT,
        &format!("/api/v1/selfcheck/rounds/{id}/answers"),
        Some("kl"),
        json!({"answers": items}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    id
}

async fn a_workshop_is_run_from_code_to_agreed_values(h: &Harness) {
    let round = round_with_answers(h).await;
    let (status, opened) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{round}/workshops"),
        Some("kl"),
        json!({"title": "Workshop Weltoffene Kommune"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    let id = opened["workshop"]["id"].as_i64().unwrap();
    let shown = opened["workshop"]["code"].as_str().unwrap().to_owned();
    assert_eq!(shown.len(), 9, "KX4P-7QMA: {shown}");
    let code = shown.replace('-', "");
    assert_eq!(opened["workshop"]["join_path"], format!("/workshop/{code}"));
    // Another member's user cannot open one on this round.
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{round}/workshops"),
        Some("rostock"),
        json!({"title": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The title limit: 200 characters pass, 201 do not.
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{round}/workshops"),
        Some("kl"),
        json!({"title": "ä".repeat(200)}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, long) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{round}/workshops"),
        Some("kl"),
        json!({"title": "ä".repeat(201)}),
    )
    .await;
    assert_eq!(
        (status, long["errors"][0]["parameter"].as_str()),
        (StatusCode::BAD_REQUEST, Some("title")),
        "{long}"
    );

    // Participants type the code in lower case with a space.
    let typed = format!(
        "{} {}",
        &code[..4].to_lowercase(),
        &code[4..].to_lowercase()
    );
    let (status, joined) = send(
        h,
        Method::GET,
        &format!("/api/v1/workshops/{}", typed.replace(' ', "%20")),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["fields"].as_array().unwrap().len(), 7);
    assert_eq!(joined["max_comment"], 1000);

    // Two Jugend ballots and three Verwaltung ballots.
    let mut tokens = Vec::new();
    for (p, level) in [
        ("jugend", "0"),
        ("jugend", "1"),
        ("verwaltung", "1"),
        ("verwaltung", "2"),
        ("verwaltung", "3"),
    ] {
        let (status, cast) = send(
            h,
            Method::POST,
            &format!("/api/v1/workshops/{code}/ballots"),
            None,
            ballot(p, level, Some("Es fehlen Begegnungsorte.")),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{cast}");
        tokens.push(cast["token"].as_str().unwrap().to_owned());
    }
    // The first participant changes their mind: still five ballots.
    let (status, changed) = send(
        h,
        Method::PUT,
        &format!("/api/v1/workshops/{code}/ballots/{}", tokens[0]),
        None,
        ballot("jugend", "1", None),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        changed["ballot"]["ratings"][0]["answer"],
        json!({"level": 1}),
        "{changed}"
    );
    let (_, mine) = send(
        h,
        Method::GET,
        &format!("/api/v1/workshops/{code}/ballots/{}", tokens[0]),
        None,
        Value::Null,
    )
    .await;
    assert!(mine["token"].is_null(), "the token is shown once: {mine}");
    let (status, _) = send(
        h,
        Method::PUT,
        &format!("/api/v1/workshops/{code}/ballots/not-a-token"),
        None,
        ballot("jugend", "1", None),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Bad ballots: every problem by row, nothing stored. The comment limit at 1000 and 1001.
    let bad = json!({"perspective": "presse", "ratings": [
        {"field": "steuerung", "answer": "4"},
        {"field": "gibtsnicht", "answer": "1"},
        {"field": "arbeit", "answer": "2", "comment": "x".repeat(1001)},
        {"field": "steuerung", "answer": "1"},
    ]});
    let (status, refused) = send(
        h,
        Method::POST,
        &format!("/api/v1/workshops/{code}/ballots"),
        None,
        bad,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let errors = refused["errors"].as_array().unwrap();
    let at = |row: u64, column: &str| {
        errors
            .iter()
            .any(|e| e["row"] == row && e["column"] == column)
    };
    assert!(
        errors.iter().any(|e| e["parameter"] == "perspective"),
        "{refused}"
    );
    assert!(
        at(1, "answer") && at(2, "field") && at(3, "comment") && at(4, "field"),
        "{refused}"
    );
    let at_limit = json!({"perspective": "politik", "ratings": [{"field": "arbeit", "answer": "2", "comment": "x".repeat(1000)}]});
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/workshops/{code}/ballots"),
        None,
        at_limit,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    // Results: Jugend (2 answers) is hidden for everyone, Verwaltung (3) shown; no code for
    // readers who are not the facilitator.
    let (status, live) = send(
        h,
        Method::GET,
        &format!("/api/v1/workshops/{code}/results"),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{live}");
    assert_eq!(live["workshop"]["ballots"], 6);
    assert!(live["workshop"]["code"].is_null(), "{live}");
    let jugend = cell(&live, "steuerung", "jugend");
    assert_eq!(
        (jugend["n"].as_u64(), jugend["result"].is_null()),
        (Some(2), true),
        "{jugend}"
    );
    assert!(
        jugend["hidden"].as_str().unwrap().contains("weniger als 3"),
        "{jugend}"
    );
    assert_eq!(
        cell(&live, "steuerung", "verwaltung")["result"]["median"],
        2.0
    );
    let steuerung = &live["fields"][0];
    assert_eq!(steuerung["all"]["result"]["counts"], json!([0, 3, 1, 1]));
    assert_eq!(
        steuerung["comments"].as_array().unwrap().len(),
        4,
        "{steuerung}"
    );
    assert!(
        steuerung["comments"][0]["ballot"].is_null(),
        "no ballot id for participants"
    );
    // The facilitator's view: the code, the administration's score and the gap.
    let (_, mine) = send(
        h,
        Method::GET,
        &format!("/api/v1/selfcheck/workshops/{id}"),
        Some("kl"),
        Value::Null,
    )
    .await;
    assert_eq!(mine["workshop"]["code"], shown);
    let s = &mine["fields"][0];
    assert_eq!(
        s["administration"].as_f64().map(|v| (v * 10.0).round()),
        Some(667.0),
        "{s}"
    );
    assert_eq!(
        s["workshop"].as_f64().map(|v| (v * 10.0).round()),
        Some(333.0),
        "{s}"
    );
    assert_eq!(
        s["gap"].as_f64().map(|v| (v * 10.0).round()),
        Some(-333.0),
        "{s}"
    );
    // Outsiders do not see a workshop of a round in work by its id.
    let (status, _) = send(
        h,
        Method::GET,
        &format!("/api/v1/selfcheck/workshops/{id}"),
        Some("rostock"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A comment becomes a need for action.
    let ballot_id = mine["fields"][0]["comments"][0]["ballot"].as_i64().unwrap();
    let need = json!({"ballot": ballot_id, "field": "steuerung", "need": true});
    let (status, _) = send(
        h,
        Method::PUT,
        &format!("/api/v1/selfcheck/workshops/{id}/needs"),
        Some("kl"),
        need,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // Closed: no more ballots, not even changes.
    let (status, closed) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/workshops/{id}/close"),
        Some("kl"),
        Value::Null,
    )
    .await;
    assert_eq!(
        (status, closed["workshop"]["state"].as_str()),
        (StatusCode::OK, Some("closed")),
        "{closed}"
    );
    let (status, late) = send(
        h,
        Method::PUT,
        &format!("/api/v1/workshops/{code}/ballots/{}", tokens[1]),
        None,
        ballot("jugend", "3", None),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{late}");
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/workshops/{code}/ballots"),
        None,
        ballot("jugend", "3", None),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The agreed values: a level 0–3 with a rationale; all or nothing.
    let wrong = json!({"outcomes": [
        {"field": "steuerung", "agreed": "2", "rationale": "Leitbild beschlossen, aber kaum bekannt."},
        {"field": "zusammenhalt", "agreed": "dont_know", "rationale": "?"},
    ]});
    let (status, refused) = send(
        h,
        Method::PUT,
        &format!("/api/v1/selfcheck/workshops/{id}/outcomes"),
        Some("kl"),
        wrong,
    )
    .await;
    assert_eq!(
        (status, refused["errors"][0]["row"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(2)),
        "{refused}"
    );
    let right = json!({"outcomes": [{"field": "steuerung", "agreed": "2", "rationale": "Leitbild beschlossen, aber kaum bekannt."}]});
    let (status, _) = send(
        h,
        Method::PUT,
        &format!("/api/v1/selfcheck/workshops/{id}/outcomes"),
        Some("kl"),
        right,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = send(
        h,
        Method::GET,
        &format!("/api/v1/selfcheck/workshops/{id}"),
        Some("kl"),
        Value::Null,
    )
    .await;
    assert_eq!(
        after["fields"][0]["outcome"]["agreed"],
        json!({"level": 2}),
        "{}",
        after["fields"][0]
    );
    assert_eq!(after["fields"][1]["outcome"], Value::Null);
    assert!(
        after["fields"][0]["comments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["need"] == true)
    );

    // Every form of the results: chart as PNG and SVG (workshop, gap), table as CSV and XLSX.
    let png = h
        .get(&format!("/api/v1/selfcheck/workshops/{id}.png"), Some("kl"))
        .await;
    assert_eq!(
        (png.status, png.header("content-type")),
        (StatusCode::OK, Some("image/png"))
    );
    assert!(png.body.starts_with(b"\x89PNG"));
    let gap = h
        .get(
            &format!("/api/v1/workshops/{code}/results.svg?chart=gap&lang=en"),
            None,
        )
        .await;
    assert!(
        gap.text().contains("<svg") && gap.text().contains("Gap"),
        "{}",
        gap.text()
    );
    let csv = h
        .get(&format!("/api/v1/workshops/{code}/results.csv"), None)
        .await;
    assert!(
        csv.text()
            .contains("Leitbild beschlossen, aber kaum bekannt."),
        "{}",
        csv.text()
    );
    let xlsx = h
        .get(
            &format!("/api/v1/selfcheck/workshops/{id}.xlsx"),
            Some("kl"),
        )
        .await;
    assert!(xlsx.body.starts_with(b"PK"));
    let bad = h
        .get(
            &format!("/api/v1/workshops/{code}/results.svg?chart=torte"),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let likert = h
        .get(
            &format!("/api/v1/selfcheck/rounds/{round}.svg?field=steuerung"),
            Some("kl"),
        )
        .await;
    assert_eq!(likert.status, StatusCode::OK);
    assert!(
        likert.text().contains("Management und Steuerung"),
        "{}",
        likert.text()
    );
    let unknown = h
        .get(
            &format!("/api/v1/selfcheck/rounds/{round}.svg?field=gibtsnicht"),
            Some("kl"),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.html());
}

async fn the_phone_form_keeps_the_ballot_in_a_cookie(h: &Harness) {
    let round = round_with_answers(h).await;
    let (_, opened) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{round}/workshops"),
        Some("kl"),
        json!({"title": "Workshop"}),
    )
    .await;
    let code = opened["workshop"]["code"]
        .as_str()
        .unwrap()
        .replace('-', "");
    // A code typed in lower case is sent on to its canonical spelling.
    let page = h
        .get(&format!("/workshop/{}", code.to_lowercase()), None)
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = h.get(&format!("/workshop/{code}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html().contains("name=\"r_zusammenhalt\""),
        "{}",
        page.html()
    );
    // Without a perspective: 422, nothing stored, the choices kept.
    let a = h
        .call(
            Method::POST,
            &format!("/workshop/{code}"),
            None,
            &[FORM],
            b"r_steuerung=2&c_steuerung=Begegnungsorte".to_vec(),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.html().contains("Perspektive"), "{}", a.html());
    assert!(a.html().contains("Begegnungsorte"));
    let a = h
        .call(
            Method::POST,
            &format!("/workshop/{code}"),
            None,
            &[FORM],
            b"perspective=wirtschaft&r_steuerung=2&c_zusammenhalt=Begegnungsorte+fehlen".to_vec(),
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.html());
    let cookie = a.header("set-cookie").unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && cookie.contains(&format!("Path=/workshop/{code}")),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_owned();
    // Back on the form with the cookie: the ballot is prefilled and changes in place.
    let form = h
        .call(
            Method::GET,
            &format!("/workshop/{code}?gespeichert=1"),
            None,
            &[("cookie", pair.as_str())],
            Vec::new(),
        )
        .await;
    let html = form.html();
    assert!(
        html.contains("value=\"wirtschaft\" required checked"),
        "{html}"
    );
    assert!(html.contains("Stimme ändern"));
    let a = h
        .call(
            Method::POST,
            &format!("/workshop/{code}"),
            None,
            &[FORM, ("cookie", pair.as_str())],
            b"perspective=wirtschaft&r_steuerung=3".to_vec(),
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let (_, results) = send(
        h,
        Method::GET,
        &format!("/api/v1/workshops/{code}/results"),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(results["workshop"]["ballots"], 1, "{results}");
    // One ballot: every cell hidden, the comment (a gap named, no level) shown without who.
    assert!(results["fields"][0]["all"]["result"].is_null());
    let live = h.get(&format!("/workshop/{code}/live"), None).await;
    assert_eq!(live.status, StatusCode::OK);
    let html = live.html();
    assert!(
        html.contains("http-equiv=\"refresh\"") && html.contains("/static/live.js"),
        "{html}"
    );
    assert!(html.contains("ausgeblendet"), "{html}");
}

/// Guessing: the free misses answer 404, then the address waits (429 with Retry-After) —
/// even for a right code, so guessing cannot go on between right ones.
async fn guessed_codes_are_refused_after_the_free_misses(h: &Harness) {
    let round = round_with_answers(h).await;
    let (_, opened) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{round}/workshops"),
        Some("kl"),
        json!({"title": "Workshop"}),
    )
    .await;
    let code = opened["workshop"]["code"]
        .as_str()
        .unwrap()
        .replace('-', "");
    let (status, malformed) = send(
        h,
        Method::GET,
        "/api/v1/workshops/KX4P7QM0",
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{malformed}");
    assert!(
        malformed["detail"]
            .as_str()
            .unwrap()
            .contains("no 0, O, 1, I or L"),
        "{malformed}"
    );
    // The malformed code was the first miss; eight more leave one free.
    for n in 1..vergleich_api::JOIN_FREE - 1 {
        let guess = format!("ABCDEF{:02}", n)
            .replace('0', "A")
            .replace('1', "B");
        let (status, _) = send(
            h,
            Method::GET,
            &format!("/api/v1/workshops/{guess}"),
            None,
            Value::Null,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "miss {n}");
    }
    // The right code still works within the free misses.
    let (status, _) = send(
        h,
        Method::GET,
        &format!("/api/v1/workshops/{code}"),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The tenth miss locks the address.
    let (status, _) = send(
        h,
        Method::GET,
        "/api/v1/workshops/ZZZZZZZZ",
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let a = h
        .call(
            Method::GET,
            &format!("/api/v1/workshops/{code}"),
            None,
            &[],
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.html());
    assert!(a.header("retry-after").is_some());
    let page = h.get(&format!("/workshop/{code}"), None).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
}

vergleich_api::on_both_backends!(
    a_workshop_is_run_from_code_to_agreed_values,
    the_phone_form_keeps_the_ballot_in_a_cookie,
    guessed_codes_are_refused_after_the_free_misses,
);

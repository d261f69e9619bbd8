//! The upload → review → publish workflow over HTTP, end to end on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL: idempotency, dry run, corrections as new versions, approval
//! and rejection, and that municipality A can neither write for nor read the unpublished data
//! of B.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL, ROSTOCK, csv};

const KL_SHARE: &str =
    "/api/v1/observations?municipality=07312000&indicator=auslaenderanteil&from=2024&to=2024";

async fn kl_share(h: &Harness, who: Option<&str>) -> Value {
    let answer = h.get(KL_SHARE, who).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    answer.json()["observations"][0]["value"].clone()
}

fn upload_id(body: &Value) -> i64 {
    body["upload"]["id"].as_i64().unwrap()
}

async fn an_upload_is_reviewed_and_published_into_every_comparison(h: &Harness) {
    let before = kl_share(h, None).await;
    let posted = h
        .upload_csv("kl", csv(KL, &[("auslaenderanteil", 2024, "21,5")]))
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    let body = posted.json();
    let id = upload_id(&body);
    assert_eq!(body["upload"]["state"], "draft");
    assert_eq!(body["upload"]["municipality"], KL);
    assert_eq!(body["report"]["separator"], ";");
    assert_eq!(
        posted.header("location"),
        Some(format!("/api/v1/uploads/{id}").as_str())
    );

    // A draft: only its own member, managers and admins see the new value.
    assert_eq!(kl_share(h, None).await, before);
    assert_eq!(kl_share(h, Some("stiftung")).await, before);
    assert_eq!(kl_share(h, Some("rostock")).await, before);
    assert_eq!(kl_share(h, Some("kl")).await, json!(21.5));
    assert_eq!(kl_share(h, Some("pl")).await, json!(21.5));

    // Nobody approves a draft; only the member submits it.
    let early = h
        .post(
            &format!("/api/v1/uploads/{id}/approve"),
            Some("pl"),
            Vec::new(),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{:?}", early.json());
    assert_eq!(early.json()["code"], "invalid-transition");
    let by_manager = h
        .post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("pl"),
            Vec::new(),
        )
        .await;
    assert_eq!(by_manager.status, StatusCode::FORBIDDEN);
    let submitted = h
        .post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("kl"),
            Vec::new(),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{:?}", submitted.json());
    assert_eq!(submitted.json()["state"], "submitted");

    // The manager's queue and what the upload changes against the published data.
    let queue = h
        .get("/api/v1/uploads?state=submitted", Some("pl"))
        .await
        .json();
    assert_eq!(queue["uploads"][0]["id"], id);
    let changes = h
        .get(&format!("/api/v1/uploads/{id}/changes"), Some("pl"))
        .await
        .json();
    assert_eq!(changes["count"], 1);
    let change = &changes["changes"][0];
    assert_eq!(change["published"]["value"], before);
    assert_eq!(change["new"]["value"], json!(21.5));
    assert_eq!(change["kind"], "value");
    let expected = 21.5 - before.as_f64().unwrap();
    assert!((change["difference"].as_f64().unwrap() - expected).abs() < 1e-9);

    // Municipalities and staff do not review.
    for who in ["kl", "rostock", "stiftung"] {
        let refused = h
            .post(
                &format!("/api/v1/uploads/{id}/approve"),
                Some(who),
                Vec::new(),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who}");
    }
    let approved = h
        .call(
            Method::POST,
            &format!("/api/v1/uploads/{id}/approve"),
            Some("pl"),
            &[("content-type", "application/json")],
            br#"{"comment": "plausibel, Quelle Melderegister"}"#.to_vec(),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.json());
    assert_eq!(approved.json()["state"], "published");
    assert_eq!(approved.json()["reviewed_by"], "user:pl");

    // Published: everyone reads it, and it enters the comparisons.
    assert_eq!(kl_share(h, None).await, json!(21.5));
    assert_eq!(kl_share(h, Some("rostock")).await, json!(21.5));
    let audit = h.get("/api/v1/audit?limit=20", Some("admin")).await.json();
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["subject"] == format!("upload/{id}"))
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec!["upload.published", "upload.submitted", "upload.created"]
    );
    assert_eq!(
        h.get("/api/v1/audit", Some("kl")).await.status,
        StatusCode::FORBIDDEN
    );
}

async fn a_rejected_upload_carries_the_comment_and_never_counts(h: &Harness) {
    let before = kl_share(h, Some("kl")).await;
    let posted = h
        .post(
            "/api/v1/uploads",
            Some("kl"),
            csv(KL, &[("auslaenderanteil", 2024, "55,0")]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    let id = upload_id(&posted.json());
    h.post(
        &format!("/api/v1/uploads/{id}/submit"),
        Some("kl"),
        Vec::new(),
    )
    .await;
    let bare = h
        .post(
            &format!("/api/v1/uploads/{id}/reject"),
            Some("pl"),
            Vec::new(),
        )
        .await;
    assert_eq!(
        bare.status,
        StatusCode::BAD_REQUEST,
        "a rejection needs a comment"
    );
    let unknown = h
        .post(
            &format!("/api/v1/uploads/{id}/reject"),
            Some("pl"),
            br#"{"kommentar": "x"}"#.to_vec(),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );
    let rejected = h
        .post(
            &format!("/api/v1/uploads/{id}/reject"),
            Some("pl"),
            br#"{"comment": "55 % ist nicht plausibel, bitte Quelle pruefen"}"#.to_vec(),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.json());
    let seen = h
        .get(&format!("/api/v1/uploads/{id}"), Some("kl"))
        .await
        .json();
    assert_eq!(seen["state"], "rejected");
    assert!(seen["review_comment"].as_str().unwrap().starts_with("55 %"));
    assert_eq!(kl_share(h, Some("kl")).await, before);
    assert_eq!(kl_share(h, Some("pl")).await, before);
    let again = h
        .post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("kl"),
            Vec::new(),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

async fn municipality_a_can_neither_write_for_nor_read_the_unpublished_data_of_b(h: &Harness) {
    // Rows for another member are errors, whatever the file says.
    let foreign = h
        .post(
            "/api/v1/uploads",
            Some("kl"),
            csv(ROSTOCK, &[("auslaenderanteil", 2024, "9,0")]),
        )
        .await;
    assert_eq!(
        foreign.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        foreign.json()
    );
    let body = foreign.json();
    assert_eq!(body["code"], "validation-failed");
    assert_eq!(body["errors"][0]["code"], "wrong-municipality");
    assert_eq!(body["errors"][0]["row"], 2);
    assert_eq!(body["report"]["error_count"], 1);

    // Rostock's draft is invisible to Kaiserslautern: in the data and by its id (404, not 403).
    let draft = h
        .post(
            "/api/v1/uploads",
            Some("rostock"),
            csv(ROSTOCK, &[("auslaenderanteil", 2024, "9,0")]),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{:?}", draft.json());
    let id = upload_id(&draft.json());
    for path in ["", "/changes", "/file"] {
        let seen = h
            .get(&format!("/api/v1/uploads/{id}{path}"), Some("kl"))
            .await;
        assert_eq!(seen.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            h.get(&format!("/api/v1/uploads/{id}{path}"), Some("rostock"))
                .await
                .status,
            StatusCode::OK
        );
    }
    let submit = h
        .post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("kl"),
            Vec::new(),
        )
        .await;
    assert_eq!(submit.status, StatusCode::NOT_FOUND);
    let list = h.get("/api/v1/uploads", Some("kl")).await.json();
    assert!(
        list["uploads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["municipality"] == KL)
    );
    let rostock_value =
        "/api/v1/observations?municipality=13003000&indicator=auslaenderanteil&from=2024&to=2024";
    let by_kl = h.get(rostock_value, Some("kl")).await.json();
    let by_rostock = h.get(rostock_value, Some("rostock")).await.json();
    assert_eq!(by_rostock["observations"][0]["value"], json!(9.0));
    assert_ne!(by_kl["observations"][0]["value"], json!(9.0));
    // The raw file comes back byte for byte to its owner.
    let file = h
        .get(&format!("/api/v1/uploads/{id}/file"), Some("rostock"))
        .await;
    assert_eq!(
        file.body,
        csv(ROSTOCK, &[("auslaenderanteil", 2024, "9,0")])
    );
    // Municipalities upload for themselves, managers for the members a file holds (see
    // upload_cohort.rs); staff do not upload; anonymous requests are asked to sign in.
    let by_staff = h
        .post(
            "/api/v1/uploads",
            Some("stiftung"),
            csv(KL, &[("auslaenderanteil", 2024, "1,0")]),
        )
        .await;
    assert_eq!(by_staff.status, StatusCode::FORBIDDEN);
    let anonymous = h
        .post(
            "/api/v1/uploads",
            None,
            csv(KL, &[("auslaenderanteil", 2024, "1,0")]),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(anonymous.header("www-authenticate").is_some());
}

async fn idempotency_keys_replay_and_refuse_other_bytes(h: &Harness) {
    let file = csv(KL, &[("einbuergerungsquote", 2024, "2,5")]);
    let with_key = |body: Vec<u8>, key: &'static str| async move {
        h.call(
            Method::POST,
            "/api/v1/uploads",
            Some("kl"),
            &[("idempotency-key", key)],
            body,
        )
        .await
    };
    let first = with_key(file.clone(), "k-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json());
    let again = with_key(file.clone(), "k-1").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["replayed"], true);
    assert_eq!(upload_id(&again.json()), upload_id(&first.json()));
    let other = with_key(csv(KL, &[("einbuergerungsquote", 2024, "2,6")]), "k-1").await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.json()["code"], "idempotency-key-reused");
    // Without a key, the same bytes are recognised by their SHA-256.
    let same_bytes = h.post("/api/v1/uploads", Some("kl"), file.clone()).await;
    assert_eq!(same_bytes.status, StatusCode::OK);
    assert_eq!(upload_id(&same_bytes.json()), upload_id(&first.json()));
    // A key is bounded: 255 characters pass, 256 do not.
    let long = "k".repeat(255);
    let at_limit = h
        .call(
            Method::POST,
            "/api/v1/uploads?dry_run=true",
            Some("kl"),
            &[("idempotency-key", &long)],
            file.clone(),
        )
        .await;
    assert_eq!(at_limit.status, StatusCode::OK);
    let longer = "k".repeat(256);
    let past = h
        .call(
            Method::POST,
            "/api/v1/uploads?dry_run=true",
            Some("kl"),
            &[("idempotency-key", &longer)],
            file,
        )
        .await;
    assert_eq!(past.status, StatusCode::BAD_REQUEST);
    let uploads = h.get("/api/v1/uploads", Some("kl")).await.json();
    assert_eq!(uploads["count"], 1, "{uploads:?}");
    let metrics = String::from_utf8(h.get("/metrics", None).await.body).unwrap();
    for line in [
        "vergleich_uploads_total{outcome=\"stored\"} 1",
        "vergleich_uploads_total{outcome=\"replayed\"} 2",
        "vergleich_uploads_total{outcome=\"key_reused\"} 1",
        "vergleich_uploads_total{outcome=\"checked\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} not in\n{metrics}");
    }
}

async fn a_dry_run_reports_and_stores_nothing(h: &Harness) {
    let before = h.get("/api/v1/uploads", Some("kl")).await.json()["count"].clone();
    let checked = h
        .post(
            "/api/v1/uploads?dry_run=true",
            Some("kl"),
            csv(KL, &[("auslaenderanteil", 2024, "30,0")]),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{:?}", checked.json());
    assert_eq!(checked.json()["dry_run"], true);
    assert!(checked.json()["upload"].is_null());
    assert_eq!(checked.json()["report"]["observations"], 1);
    assert_eq!(
        h.get("/api/v1/uploads", Some("kl")).await.json()["count"],
        before
    );
    assert_ne!(kl_share(h, Some("kl")).await, json!(30.0));
    // A dry run of a bad file is the same report, with the same error status.
    let bad = h
        .post(
            "/api/v1/uploads?dry_run=true",
            Some("kl"),
            csv(KL, &[("auslaenderanteil", 2024, "viel")]),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["code"], "type-error");
    // The template after an Excel round trip: the key lost its zero in every row. For the
    // member's own key that is what was meant: accepted, one warning for all rows.
    let round_trip = h
        .post(
            "/api/v1/uploads?dry_run=true",
            Some("kl"),
            b"Kommune;Indikator;Jahr;Wert\n7312000;auslaenderanteil;2024;30,0\n\
7312000;einbuergerungsquote;2024;2,0\n"
                .to_vec(),
        )
        .await;
    assert_eq!(round_trip.status, StatusCode::OK, "{:?}", round_trip.json());
    let warnings = round_trip.json()["report"]["warnings"].clone();
    assert_eq!(warnings[0]["code"], "leading-zero-restored", "{warnings}");
    assert_eq!(warnings.as_array().map(Vec::len), Some(1));
    // A scan or a screenshot instead of the table is the documented 415, not 422.
    for (bytes, kind) in [
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(), "PDF"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "PNG"),
    ] {
        let wrong = h.post("/api/v1/uploads", Some("kl"), bytes).await;
        assert_eq!(wrong.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{kind}");
        assert_eq!(wrong.json()["errors"][0]["code"], "unsupported-format");
        assert_eq!(wrong.json()["errors"][0]["value"], kind);
    }
    assert_eq!(
        h.get("/api/v1/uploads", Some("kl")).await.json()["count"],
        before
    );
}

async fn a_correction_is_a_new_version_and_the_old_one_stays_readable(h: &Harness) {
    for (value, expected) in [("40,0", 40.0), ("41,0", 41.0)] {
        let posted = h
            .post(
                "/api/v1/uploads",
                Some("kl"),
                csv(KL, &[("auslaenderanteil", 2024, value)]),
            )
            .await;
        assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
        let id = upload_id(&posted.json());
        h.post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("kl"),
            Vec::new(),
        )
        .await;
        let ok = h
            .post(
                &format!("/api/v1/uploads/{id}/approve"),
                Some("admin"),
                Vec::new(),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK);
        assert_eq!(kl_share(h, None).await, json!(expected));
    }
    let history = h
        .get(&format!("{KL_SHARE}&history=true"), None)
        .await
        .json();
    let values: Vec<Value> = history["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].clone())
        .collect();
    assert_eq!(values.len(), 3, "demo value, 40 and 41: {values:?}");
    assert_eq!(values[1..], [json!(40.0), json!(41.0)]);
    let versions: Vec<i64> = history["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, vec![1, 2, 3]);
}

async fn a_multipart_upload_keeps_its_file_name(h: &Harness) {
    let boundary = "XyZ";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Kaiserslautern 2024.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend(csv(KL, &[("auslaenderanteil", 2024, "19,0")]));
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let ct = format!("multipart/form-data; boundary={boundary}");
    let posted = h
        .call(
            Method::POST,
            "/api/v1/uploads",
            Some("kl"),
            &[("content-type", &ct)],
            body,
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    assert_eq!(
        posted.json()["upload"]["file_name"],
        "Kaiserslautern 2024.csv"
    );
}

async fn cached_comparisons_follow_every_data_change_and_every_reader(h: &Harness) {
    let uri = "/api/v1/comparisons/auslaenderanteil?year=2024";
    let first = h.get(uri, None).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.json());
    assert_eq!(first.header("x-cache"), Some("miss"));
    let again = h.get(uri, None).await;
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("content-type"), first.header("content-type"));
    let png = h
        .get("/api/v1/comparisons/auslaenderanteil.png?year=2024", None)
        .await;
    assert_eq!(
        png.header("x-cache"),
        Some("miss"),
        "another form is another entry"
    );
    assert!(png.body.starts_with(b"\x89PNG"));

    // A draft: its member reads its own state, the public cache entry stays as it was.
    let posted = h
        .post(
            "/api/v1/uploads",
            Some("kl"),
            csv(KL, &[("auslaenderanteil", 2024, "33,3")]),
        )
        .await;
    let id = upload_id(&posted.json());
    let own = h.get(uri, Some("kl")).await;
    assert_eq!(
        own.json()["comparison"]["members"],
        first.json()["comparison"]["members"],
        "by default a member reads the published data everyone shares"
    );
    assert_eq!(own.json()["meta"]["data_state"]["visibility"], "published");
    let preview = h.get(&format!("{uri}&data=preview"), Some("kl")).await;
    assert_ne!(
        preview.json()["comparison"]["members"],
        first.json()["comparison"]["members"],
        "the member sees its draft in the preview"
    );
    assert!(String::from_utf8_lossy(&preview.body).contains("33.3"));
    let public = h.get(uri, None).await;
    assert_eq!(
        public.header("x-cache"),
        Some("miss"),
        "any write is a new data version"
    );
    assert_eq!(
        public.json()["comparison"]["members"],
        first.json()["comparison"]["members"],
        "published data unchanged"
    );

    h.post(
        &format!("/api/v1/uploads/{id}/submit"),
        Some("kl"),
        Vec::new(),
    )
    .await;
    h.post(
        &format!("/api/v1/uploads/{id}/approve"),
        Some("pl"),
        Vec::new(),
    )
    .await;
    let published = h.get(uri, None).await;
    assert_eq!(published.header("x-cache"), Some("miss"));
    assert_ne!(
        published.json()["comparison"]["members"],
        first.json()["comparison"]["members"]
    );
    assert!(String::from_utf8_lossy(&published.body).contains("33.3"));
}

vergleich_api::on_both_backends!(
    cached_comparisons_follow_every_data_change_and_every_reader,
    an_upload_is_reviewed_and_published_into_every_comparison,
    a_rejected_upload_carries_the_comment_and_never_counts,
    municipality_a_can_neither_write_for_nor_read_the_unpublished_data_of_b,
    idempotency_keys_replay_and_refuse_other_bytes,
    a_dry_run_reports_and_stores_nothing,
    a_correction_is_a_new_version_and_the_old_one_stays_readable,
    a_multipart_upload_keeps_its_file_name,
);

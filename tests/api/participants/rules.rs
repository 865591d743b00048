//! Matches (the same e-mail; the same name, country and institution however spelt), the rules
//! of merges and splits, subject access, suppression for donors, the sheet's preview, and a
//! problem for every bad input.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tatrack_testkit::{assert_problem, Backend, TestApp};
use uuid::Uuid;

use super::helpers::{attend, delivered, register, summary, Person};

fn ids(matches: &Value) -> Vec<(String, String)> {
    matches["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| {
            (
                m["participant_id"].as_str().unwrap_or_default().to_owned(),
                m["why"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

pub(super) async fn matches_merges_splits_and_subject_access_follow_their_rules(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let activity = delivered(&app, programme).await;
    let amina = Person::new("Amina Kone", "female", "35_44");
    let mut namesake = Person::new("Amina Kone", "female", "45_54");
    namesake.email = None;
    let mut stranger = Person::new("Ruth Mensah", "female", "25_34");
    stranger.institution = Some("police");
    for person in [&amina, &namesake, &stranger] {
        register(&app, person).await;
    }
    let attended = attend(&app, activity, &[(&amina, Some(30), Some(75))]).await;
    summary(&app, programme, &attended["position"]).await;
    let adviser = app
        .issue_token(&json!({"name": "adviser.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;

    // Matches: the same e-mail first, then the same name, country and institution.
    let query = json!({"name": "  amina   KONE ", "email": amina.email.as_deref().map(str::to_uppercase),
                       "country": "SAU", "institution": "prosecutors"});
    let matches = app.command("/api/v1/participants/matches", &query).await;
    let expected = vec![
        (amina.id.to_string(), "email".to_owned()),
        (namesake.id.to_string(), "name_country_institution".to_owned()),
    ];
    assert_eq!(ids(&matches), expected, "{matches}");
    let elsewhere = json!({"name": "Amina Kone", "country": "SAU", "institution": "police"});
    assert_eq!(ids(&app.command("/api/v1/participants/matches", &elsewhere).await), vec![]);
    let as_adviser =
        app.request_as(Some(&adviser), Method::POST, "/api/v1/participants/matches", Some(&query)).await;
    assert_eq!(as_adviser.status(), StatusCode::OK);

    merges_and_splits_follow_their_rules(&app, &adviser, (&amina, &namesake, &stranger)).await;

    // Subject access: managers only; everything held, as a file; in the audit feed.
    let path = format!("/api/v1/participants/{}/subject-access", amina.id);
    let refused = app.request_as(Some(&adviser), Method::GET, &path, None).await;
    assert_problem(refused, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    let response = app.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition =
        response.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let access: Value = response.json().await.expect("JSON");
    let held = &access["participant"];
    assert_eq!((held["name"].as_str(), held["email"].as_str()), (Some("Amina Kone"), amina.email.as_deref()));
    assert_eq!(held["activities"][0]["activity_id"], activity.to_string());
    assert_eq!(
        (held["activities"][0]["pre_score"].as_i64(), held["activities"][0]["post_score"].as_i64()),
        (Some(30), Some(75))
    );
    // The feed lists what the projector linked into the chain: wait for it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let feed = app.get_json("/api/v1/audit/events?limit=500").await;
        let given =
            feed["items"].as_array().expect("items").iter().any(|e| {
                e["event_type"] == "SubjectAccessGiven" && e["aggregate_id"] == amina.id.to_string()
            });
        if given {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "SubjectAccessGiven never reached the audit feed");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let donor =
        app.issue_token(&json!({"name": "donor.japan", "role": "donor", "scope": {"donor": "Japan"}})).await;
    let by_donor =
        app.request_as(Some(&donor), Method::GET, &format!("/api/v1/participants/{}", amina.id), None).await;
    assert_problem(by_donor, StatusCode::FORBIDDEN, "/problems/forbidden").await;
}

/// Into oneself, an unknown, a merged or an erased participant: refused; a merge by an
/// adviser: forbidden; a split of someone not merged: refused.
async fn merges_and_splits_follow_their_rules(
    app: &TestApp,
    adviser: &str,
    (amina, namesake, stranger): (&Person, &Person, &Person),
) {
    // Merges and splits.
    let merge = |id: Uuid, into: Uuid| async move {
        app.post(&format!("/api/v1/participants/{id}/merge"), &json!({"into": into, "reason": "same person"}))
            .await
    };
    assert_problem(merge(amina.id, amina.id).await, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation")
        .await;
    assert_problem(
        merge(amina.id, Uuid::new_v4()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "/problems/validation",
    )
    .await;
    let by_adviser = app
        .request_as(
            Some(adviser),
            Method::POST,
            &format!("/api/v1/participants/{}/merge", namesake.id),
            Some(&json!({"into": amina.id, "reason": "same person"})),
        )
        .await;
    assert_problem(by_adviser, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert!(merge(namesake.id, amina.id).await.status().is_success());
    assert_problem(
        merge(stranger.id, namesake.id).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "/problems/validation",
    )
    .await;
    assert_problem(merge(namesake.id, stranger.id).await, StatusCode::CONFLICT, "/problems/merge-state")
        .await;
    let split = |id: Uuid| async move {
        app.post(&format!("/api/v1/participants/{id}/split"), &json!({"reason": "not the same"})).await
    };
    assert_problem(split(amina.id).await, StatusCode::CONFLICT, "/problems/merge-state").await;
    assert!(split(namesake.id).await.status().is_success());
    app.command(
        &format!("/api/v1/participants/{}/erasure", stranger.id),
        &json!({"ground": "no_longer_needed"}),
    )
    .await;
    assert_problem(
        merge(namesake.id, stranger.id).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "/problems/validation",
    )
    .await;
}

/// An attendance sheet as an XLSX workbook.
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).expect("a row"), u16::try_from(c).expect("a column"));
            sheet.write_string(r, c, *cell).expect("a cell");
        }
    }
    book.save_to_buffer().expect("a workbook")
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(super) async fn a_sheet_is_previewed_from_csv_and_xlsx(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let activity = delivered(&app, app.programme().await).await;
    let known = Person::new("Hana Yusuf", "female", "25_34");
    register(&app, &known).await;
    let email = known.email.clone().unwrap_or_default();
    let rows: Vec<Vec<String>> = vec![
        [
            "Name",
            "sex",
            "AGE_BAND",
            "institution",
            "country",
            "function",
            "email",
            "phone",
            "pre_score",
            "post_score",
            "seeing",
            "hearing",
            "walking",
            "remembering",
            "self_care",
            "communicating",
        ]
        .map(String::from)
        .to_vec(),
        [
            "Hana Yusuf",
            "female",
            "25_34",
            "prosecutors",
            "sau",
            "Prosecutor",
            &email,
            "",
            "45",
            "80",
            "no_difficulty",
            "no_difficulty",
            "no_difficulty",
            "no_difficulty",
            "no_difficulty",
            "a_lot_of_difficulty",
        ]
        .map(String::from)
        .to_vec(),
        ["New Person", "robot", "25_34", "", "SAU", "", "", "", "120", "", "", "", "", "", "", ""]
            .map(String::from)
            .to_vec(),
    ];
    let csv: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    let path = format!("/api/v1/activities/{activity}/attendance/preview");
    let post = |body: Vec<u8>, media: &'static str| {
        let app = &app;
        let path = path.clone();
        async move {
            app.client
                .post(app.url(&path))
                .header("content-type", media)
                .body(body)
                .send()
                .await
                .expect("answered")
        }
    };
    let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let cells: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();

    for (body, media) in [(csv.into_bytes(), "text/csv"), (workbook(&cells), XLSX)] {
        // Act
        let response = post(body, media).await;
        assert_eq!(response.status(), StatusCode::OK, "{media}");
        let preview: Value = response.json().await.expect("JSON");

        assert_preview(&preview, media, &known);
    }
    let nothing_written = app.get_json(&format!("/api/v1/activities/{activity}/attendance")).await;
    assert_eq!(nothing_written["attendees"], json!([]));
    assert_problem(
        post(b"a,b".to_vec(), "application/json").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "/problems/unsupported-media-type",
    )
    .await;
    let unknown = post(b"name,shoe_size\nA,42\n".to_vec(), "text/csv").await;
    assert_problem(unknown, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    let broken = post(b"PK\x03\x04 not a workbook".to_vec(), XLSX).await;
    assert_problem(broken, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
}

/// The preview of the sheet of `a_sheet_is_previewed_from_csv_and_xlsx`, read as `media`.
fn assert_preview(preview: &Value, media: &str, known: &Person) {
    let first = &preview["rows"][0];
    assert_eq!(first["row"], 2);
    assert_eq!(first["values"]["country"], "SAU");
    assert_eq!(first["values"]["pre_score"], 45);
    assert_eq!(first["values"]["disability"]["communicating"], "a_lot_of_difficulty");
    assert_eq!(first["problems"], json!([]), "{media}: {first}");
    assert_eq!(first["matches"][0]["participant_id"], known.id.to_string());
    assert_eq!(first["matches"][0]["why"], "email");
    let second = &preview["rows"][1];
    let fields: Vec<&str> =
        second["problems"].as_array().expect("problems").iter().filter_map(|p| p["field"].as_str()).collect();
    assert_eq!(fields, vec!["sex", "pre_score"], "{media}: {second}");
    assert_eq!(second["matches"], json!([]));
}

pub(super) async fn bad_input_is_refused_with_a_problem(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let activity = delivered(&app, app.programme().await).await;
    let person = Person::new("Ivo Petrov", "male", "55_64");
    register(&app, &person).await;
    let attendance = format!("/api/v1/activities/{activity}/attendance");
    let mut bad_country = Person::new("Ana Lima", "female", "not_given").body();
    bad_country["country"] = json!("XXX");
    let one = |id: Uuid, score: i64| json!({"participant_id": id, "pre_score": score});
    let cases: Vec<(&str, reqwest::Response, StatusCode, &str)> = vec![
        (
            "a bad UUID",
            app.get("/api/v1/participants/not-a-uuid").await,
            StatusCode::BAD_REQUEST,
            "/problems/bad-request",
        ),
        (
            "an unknown participant",
            app.get(&format!("/api/v1/participants/{}", Uuid::new_v4())).await,
            StatusCode::NOT_FOUND,
            "/problems/not-found",
        ),
        (
            "erasing an unknown participant",
            app.post(
                &format!("/api/v1/participants/{}/erasure", Uuid::new_v4()),
                &json!({"ground": "unlawful"}),
            )
            .await,
            StatusCode::NOT_FOUND,
            "/problems/not-found",
        ),
        (
            "a ground not in the list",
            app.post(&format!("/api/v1/participants/{}/erasure", person.id), &json!({"ground": "because"}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
        ),
        (
            "a score over 100",
            app.post(&attendance, &json!({"attendees": [one(person.id, 101)]})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
        ),
        (
            "someone never registered",
            app.post(&attendance, &json!({"attendees": [one(Uuid::new_v4(), 50)]})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
        ),
        (
            "a person twice",
            app.post(&attendance, &json!({"attendees": [one(person.id, 50), one(person.id, 60)]})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
        ),
        (
            "a registration twice",
            app.post("/api/v1/participants", &person.body()).await,
            StatusCode::CONFLICT,
            "/problems/already-registered",
        ),
        (
            "a bad country",
            app.post("/api/v1/participants", &bad_country).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
        ),
    ];
    for (case, response, status, kind) in cases {
        eprintln!("case: {case}");
        assert_problem(response, status, kind).await;
    }
}

/// An adviser reads the people on the lists of activities in their scope, and people on no list
/// yet from a country of their scope; anyone else is not found, and matches do not name them.
pub(super) async fn an_adviser_reads_only_the_people_of_their_scope(backend: Backend) {
    // Arrange: Amina attended an activity in SAU; Ruth, from AGO, is on no list.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let activity = delivered(&app, programme).await;
    let amina = Person::new("Amina Kone", "female", "35_44");
    let mut ruth = Person::new("Ruth Mensah", "female", "25_34");
    ruth.country = "AGO";
    register(&app, &amina).await;
    register(&app, &ruth).await;
    let attended = attend(&app, activity, &[(&amina, None, None)]).await;
    summary(&app, programme, &attended["position"]).await;
    let in_saudi_arabia = app
        .issue_token(&json!({"name": "adviser.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let in_angola = app
        .issue_token(&json!({"name": "adviser.ago", "role": "adviser", "scope": {"countries": ["AGO"]}}))
        .await;
    let read = |token: &str, person: &Person| {
        let path = format!("/api/v1/participants/{}", person.id);
        let token = token.to_owned();
        let app = &app;
        async move { app.request_as(Some(&token), Method::GET, &path, None).await.status() }
    };

    // Act and assert
    assert_eq!(read(&in_saudi_arabia, &amina).await, StatusCode::OK);
    assert_eq!(read(&in_angola, &amina).await, StatusCode::NOT_FOUND, "Amina attended in SAU only");
    assert_eq!(read(&in_angola, &ruth).await, StatusCode::OK, "Ruth is from AGO and on no list");
    assert_eq!(read(&in_saudi_arabia, &ruth).await, StatusCode::NOT_FOUND);
    let query =
        json!({"name": "Amina Kone", "email": amina.email, "country": "SAU", "institution": "prosecutors"});
    let matched = |token: &str| {
        let token = token.to_owned();
        let (app, query) = (&app, &query);
        async move {
            let answer =
                app.request_as(Some(&token), Method::POST, "/api/v1/participants/matches", Some(query)).await;
            answer.json::<Value>().await.unwrap_or_default()
        }
    };
    assert_eq!(ids(&matched(&in_saudi_arabia).await), vec![(amina.id.to_string(), "email".to_owned())]);
    assert_eq!(ids(&matched(&in_angola).await), vec![], "a match outside the scope stays unsaid");

    // The activity's history counts the list and names no one.
    let history = app.get_json(&format!("/api/v1/activities/{activity}/history")).await;
    let told = history.as_array().into_iter().flatten().find(|e| e["event_type"] == "AttendanceRecorded");
    let words = told.and_then(|e| e["summary"].as_str()).unwrap_or_default();
    assert_eq!(words, "Recorded the attendance list: one person", "{history}");
}

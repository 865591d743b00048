//! Problems in the language a request asks for (issue 27): `Accept-Language: fr` or `?lang=es`
//! change a problem's `title` and `detail`, never its `type`, `status` or `field`; the answer
//! says its language in `Content-Language`; a language tatrack does not answer in is a 400
//! naming `lang`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    a_problem_reads_in_the_language_asked_for,
    a_language_tatrack_does_not_answer_in_is_refused,
);

/// One refused request: how it is sent, and the problem it meets in every language.
struct Refusal {
    case: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
    status: StatusCode,
    kind: &'static str,
}

/// How a request asks for its language.
#[derive(Clone, Copy)]
enum Asked {
    English,
    Header(&'static str),
    Parameter(&'static str),
}

/// `refusal` sent as `asked` asks: its problem and the `Content-Language` it came with.
async fn refuse(app: &TestApp, refusal: &Refusal, asked: Asked) -> (Value, String) {
    let path = match asked {
        Asked::Parameter(code) if refusal.path.contains('?') => format!("{}&lang={code}", refusal.path),
        Asked::Parameter(code) => format!("{}?lang={code}", refusal.path),
        _ => refusal.path.clone(),
    };
    let mut request = app.client.request(refusal.method.clone(), app.url(&path));
    if let Asked::Header(code) = asked {
        request = request.header("Accept-Language", code);
    }
    if let Some(body) = &refusal.body {
        request = request.json(body);
    }
    let response = request.send().await.expect("an answer");
    let language = response
        .headers()
        .get("content-language")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    eprintln!("case: {} ({path})", refusal.case);
    (assert_problem(response, refusal.status, refusal.kind).await, language)
}

async fn a_problem_reads_in_the_language_asked_for(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let planned = app.planned_activity().await;
    let unknown = Uuid::new_v4();
    let mut no_countries = plan_body(Uuid::new_v4(), programme);
    no_countries["countries"] = json!([]);
    let refusals = [
        Refusal {
            case: "a plan without countries",
            method: Method::POST,
            path: "/api/v1/activities".into(),
            body: Some(no_countries),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            kind: "/problems/validation",
        },
        Refusal {
            case: "an activity nobody planned",
            method: Method::GET,
            path: format!("/api/v1/activities/{unknown}"),
            body: None,
            status: StatusCode::NOT_FOUND,
            kind: "/problems/not-found",
        },
        Refusal {
            case: "a second plan under the same id",
            method: Method::POST,
            path: "/api/v1/activities".into(),
            body: Some(plan_body(planned, programme)),
            status: StatusCode::CONFLICT,
            kind: "/problems/already-planned",
        },
        Refusal {
            case: "a page of no activities",
            method: Method::GET,
            path: "/api/v1/activities?limit=0".into(),
            body: None,
            status: StatusCode::BAD_REQUEST,
            kind: "/problems/bad-request",
        },
    ];

    for refusal in &refusals {
        // Act
        let (english, in_english) = refuse(&app, refusal, Asked::English).await;
        let (french, in_french) = refuse(&app, refusal, Asked::Header("fr-CH, fr;q=0.9, en;q=0.5")).await;
        let (spanish, in_spanish) = refuse(&app, refusal, Asked::Parameter("es")).await;
        let (arabic, in_arabic) = refuse(&app, refusal, Asked::Header("ar")).await;

        // Assert
        let case = refusal.case;
        assert_eq!(
            (in_english.as_str(), in_french.as_str(), in_spanish.as_str()),
            ("en", "fr", "es"),
            "{case}"
        );
        assert_eq!(in_arabic, "en", "{case}: the server answers Arabic requests in English");
        assert_eq!(arabic, english, "{case}");
        for (language, problem) in [("fr", &french), ("es", &spanish)] {
            for member in ["type", "status", "field"] {
                assert_eq!(problem.get(member), english.get(member), "{case} in {language}: {member}");
            }
            for member in ["title", "detail"] {
                assert!(problem[member].as_str().is_some_and(|text| !text.is_empty()), "{case}: {problem}");
                assert_ne!(problem[member], english[member], "{case} in {language}: {member} is translated");
            }
        }
    }
    let (french, _) = refuse(&app, &refusals[0], Asked::Header("fr")).await;
    assert_eq!(french["title"], "Valeur non valide");
    assert_eq!(french["detail"], "une activité se déroule dans au moins un pays");
    assert_eq!(french["field"], "countries");
    let (spanish, _) = refuse(&app, &refusals[1], Asked::Parameter("es")).await;
    assert_eq!(spanish["title"], "No encontrado");
    assert_eq!(
        spanish["detail"],
        format!("no hay ninguna actividad registrada con el identificador {unknown}")
    );
    let (english, _) = refuse(&app, &refusals[3], Asked::English).await;
    assert_eq!(english["detail"], "`limit` must be between 1 and 500", "English reads as before");
    let (french, _) = refuse(&app, &refusals[3], Asked::Parameter("fr")).await;
    assert_eq!(french["detail"], "`limit` doit être compris entre 1 et 500");
    assert_eq!(french["field"], "limit");
}

async fn a_language_tatrack_does_not_answer_in_is_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;

    for path in ["/api/v1/activities?lang=de", "/healthz?lang=ar", "/api/v1/activities?lang="] {
        // Act
        let response = app.client.get(app.url(path)).header("Accept-Language", "fr").send().await;

        // Assert
        let response = response.expect("an answer");
        assert_eq!(
            response.headers().get("content-language").and_then(|v| v.to_str().ok()),
            Some("fr"),
            "{path}: a refused `lang` leaves Accept-Language to choose"
        );
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
        assert_eq!(problem["field"], "lang", "{path}: {problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("en, fr")), "{path}: {problem}");
    }
}

//! The report in French and Spanish (issue 27): the demo's year written in each language as
//! United Nations documents write it, with the figures, links and evidence of the English one.

use reqwest::{Client, StatusCode};
use tatrack_report::document::Segment;
use tatrack_report::text::plain;
use tatrack_report::verify::verify;
use tatrack_report::Report;
use tatrack_testkit::{Backend, Store, TestApp};

use super::{report, PERIOD};

/// A figure as the report counts it, its label (the only words it holds) set aside.
fn counted(report: &Report) -> Vec<(String, serde_json::Value, String, Vec<String>)> {
    report.figures().map(|f| (f.id.clone(), f.value.clone(), f.query.clone(), f.activities.clone())).collect()
}

/// The figures the paragraphs cite, sorted: each language lists States in its own order.
fn cited(report: &Report) -> Vec<String> {
    let segments = report.areas.iter().flat_map(|a| a.paragraph.iter());
    let mut cited: Vec<String> = segments
        .filter_map(|segment| match segment {
            Segment::Figure { figure, .. } => Some(figure.clone()),
            Segment::Text(_) => None,
        })
        .collect();
    cited.sort();
    cited
}

fn text(report: &Report) -> String {
    report.areas.iter().map(|a| plain(&a.paragraph)).collect::<Vec<_>>().join("\n")
}

/// The demo's report as `Accept-Language: es` asks for it, and as HTML.
async fn in_spanish(app: &TestApp, format: &str) -> reqwest::Response {
    let answer = Client::new()
        .get(app.url(&format!("/api/v1/reports/activity?{PERIOD}&format={format}")))
        .bearer_auth(&app.token)
        .header("accept-language", "es-ES,es;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), StatusCode::OK);
    answer
}

pub(super) async fn the_demo_report_reads_in_french_and_spanish_with_the_english_figures(backend: Backend) {
    // Arrange
    let store = Store::fresh(backend).await;
    let db = store.open().await;
    tatrack_app::demo::seed(&tatrack_app::App::new(db.clone())).await.expect("the demo seeds");
    db.close().await;
    let app = TestApp::start(store).await;
    let english = report(&app, None, PERIOD).await;

    // Act
    let french = report(&app, None, &format!("{PERIOD}&lang=fr")).await;
    let spanish: Report = in_spanish(&app, "json").await.json().await.expect("a report");

    // Assert: the same figures, each cited where the English one is.
    for (language, written) in [("fr", &french), ("es", &spanish)] {
        assert_eq!(counted(written), counted(&english), "{language}: the figures differ from English");
        assert_eq!(cited(written), cited(&english), "{language}: the paragraphs cite other figures");
        assert_eq!(written.activities, english.activities, "{language}: the evidence names other activities");
    }
    assert_eq!(french.title, "Statistiques des activités, du 1er février 2019 au 29 février 2020");
    assert_eq!(
        spanish.title,
        "Estadísticas de actividades, del 1 de febrero de 2019 al 29 de febrero de 2020"
    );
    // A French report checks as an English one does: recomputed in French, every figure holds.
    let db = app.store.open().await;
    let findings = verify(&db, &french).await.expect("checked");
    assert!(findings.is_empty(), "{findings:#?}");
    db.close().await;
    let french = text(&french);
    for fact in [
        "Un soutien préalable à l'adhésion a été fourni à six États (le Congo, les Îles Salomon, la \
         Papouasie-Nouvelle-Guinée, la Somalie, le Soudan du Sud et Tuvalu).",
        "a eu lieu à Riyadh du 20 au 24 octobre 2019 (l'Arabie saoudite).",
        "a eu lieu à Luanda du 2 au 6 décembre 2019 (l'Angola).",
        "l'État plurinational de Bolivie",
        "le Niger",
    ] {
        assert!(french.contains(fact), "missing: {fact}\nin: {french}");
    }
    let spanish = text(&spanish);
    for fact in [
        "Se prestó apoyo previo a la adhesión a seis Estados (el Congo, las Islas Salomón, Papua Nueva Guinea, \
         Somalia, Sudán del Sur y Tuvalu).",
        "se celebró en Riyadh del 20 al 24 de octubre de 2019 (la Arabia Saudita).",
        "se celebró en Luanda del 2 al 6 de diciembre de 2019 (Angola).",
        "el Estado Plurinacional de Bolivia",
        "el Níger",
    ] {
        assert!(spanish.contains(fact), "missing: {fact}\nin: {spanish}");
    }

    // The printable page: as many figures linked to their evidence as in English, in Spanish.
    let links = |html: &str| html.matches("<a class=\"figure\" href=\"#f").count();
    let english_page = app.get(&format!("/api/v1/reports/activity?{PERIOD}&format=html")).await;
    let english_page = english_page.text().await.expect("a page");
    let spanish_page = in_spanish(&app, "html").await.text().await.expect("a page");
    assert!(spanish_page.starts_with("<!doctype html><html lang=\"es\">"), "{spanish_page}");
    assert!(spanish_page.contains("<h2>Justificantes</h2>"));
    assert_eq!(links(&spanish_page), links(&english_page));
    assert!(links(&english_page) > 20, "{english_page}");
}

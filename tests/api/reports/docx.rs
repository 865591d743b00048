//! The report as a Word document: the same report as the other formats, its parts declared,
//! each activity named and linked to this server.

use reqwest::StatusCode;
use tatrack_testkit::Backend;

use super::{report, scenario, PERIOD};

/// One part of a DOCX file, as text.
fn docx_part(file: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(file)).expect("a zip archive");
    let mut text = String::new();
    archive.by_name(name).expect(name).read_to_string(&mut text).expect("UTF-8");
    text
}

pub(super) async fn a_report_downloads_as_a_word_document_naming_and_linking_each_activity(backend: Backend) {
    // Arrange
    let s = scenario(backend).await;
    let question = format!("{PERIOD}&programme={}", s.code);
    let json = report(&s.app, None, &question).await;
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // Act: by format=, and by Accept alone.
    let by_format = s.app.get(&format!("/api/v1/reports/activity?{question}&format=docx")).await;
    let by_accept = s
        .app
        .client
        .get(s.app.url(&format!("/api/v1/reports/activity?{question}")))
        .header("accept", docx)
        .send()
        .await
        .expect("answered");

    // Assert: an attachment named for the period, the same file either way.
    assert_eq!(by_format.status(), StatusCode::OK);
    assert_eq!(by_format.headers()["content-type"], docx);
    assert_eq!(
        by_format.headers()["content-disposition"],
        "attachment; filename=\"activity-report-2019-02-01-2020-02-29.docx\""
    );
    let file = by_format.bytes().await.expect("a file").to_vec();
    assert_eq!(by_accept.headers()["content-type"], docx);
    assert_eq!(by_accept.bytes().await.expect("a file").to_vec(), file);

    // The package: its parts declared, the report's title, each activity linked to its page on
    // this server and named by title and dates.
    assert!(docx_part(&file, "[Content_Types].xml").contains("wordprocessingml.document.main+xml"));
    assert!(docx_part(&file, "_rels/.rels").contains("Target=\"word/document.xml\""));
    let rels = docx_part(&file, "word/_rels/document.xml.rels");
    for id in [s.bolivia, s.car, s.riyadh, s.kinshasa] {
        let target = format!("Target=\"{}/#/activity/{id}\" TargetMode=\"External\"", s.app.address);
        assert!(rels.contains(&target), "{target} in {rels}");
    }
    let document = docx_part(&file, "word/document.xml");
    for text in [
        "Activity statistics, 1 February 2019 to 29 February 2020",
        "four activities",
        "Legislative workshop on the Firearms Protocol",
        " (11 to 12 June 2019)",
        "Workshop for Central African States",
        " (5 to 7 November 2019)",
    ] {
        assert!(document.contains(&format!(">{text}</w:t>")), "{text} in {document}");
    }
    // The JSON names the same activities, by id, title and dates.
    let named: Vec<(String, String, String)> = json
        .activities
        .iter()
        .map(|a| (a.id.clone(), a.title.clone(), format!("{} {}", a.start, a.end)))
        .collect();
    let mut expected = vec![
        (
            s.bolivia.to_string(),
            "Legislative workshop on the Firearms Protocol".to_owned(),
            "2019-06-11 2019-06-12".to_owned(),
        ),
        (s.car.to_string(), "Legislative support on firearms".to_owned(), "2019-05-14 2019-05-16".to_owned()),
        (
            s.kinshasa.to_string(),
            "Workshop for Central African States".to_owned(),
            "2019-11-05 2019-11-07".to_owned(),
        ),
        (
            s.riyadh.to_string(),
            "Mutual legal assistance workshop".to_owned(),
            "2019-10-20 2019-10-24".to_owned(),
        ),
    ];
    expected.sort();
    assert_eq!(named, expected);

    // Behind a TLS proxy, the links are https; a Host that is not a plain host and port leaves
    // them relative rather than pointing anywhere else.
    let html = |headers: [(&'static str, &'static str); 2]| {
        let mut request =
            s.app.client.get(s.app.url(&format!("/api/v1/reports/activity?{question}&format=html")));
        for (name, value) in headers {
            request = request.header(name, value);
        }
        async move { request.send().await.expect("answered").text().await.expect("HTML") }
    };
    let proxied = html([("host", "tatrack.example.org"), ("x-forwarded-proto", "https")]).await;
    assert!(
        proxied.contains(&format!("href=\"https://tatrack.example.org/#/activity/{}\"", s.riyadh)),
        "{proxied}"
    );
    let odd = html([("host", "a\"b"), ("x-forwarded-proto", "http")]).await;
    assert!(odd.contains(&format!("href=\"/#/activity/{}\"", s.riyadh)), "{odd}");
}

//! The document as the IATI scenarios read it: fetched as a caller and kept for
//! `scripts/iati-check`, parsed back into elements; and the programmes, plans and funding the
//! scenarios record in it.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{plan_body, programme_body, unique_code, Backend, TestApp, TEST_IATI_ORG_REF};

pub(super) const DOCUMENT: &str = "/api/v1/iati/activities.xml";

/// A parsed XML element: enough of a tree to check a document.
#[derive(Debug, Default)]
pub(super) struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    pub(super) text: String,
    children: Vec<Element>,
}

impl Element {
    pub(super) fn parse(xml: &str) -> Self {
        let mut reader = Reader::from_str(xml);
        let mut stack = vec![Self::default()];
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(start) => stack.push(Self::open(&start)),
                Event::Empty(start) => {
                    let element = Self::open(&start);
                    stack.last_mut().expect("a parent").children.push(element);
                }
                Event::Text(text) => {
                    let text = text.xml10_content();
                    stack.last_mut().expect("an element").text.push_str(&text);
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.xml10_content().as_ref() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity &{other};"),
                    };
                    stack.last_mut().expect("an element").text.push_str(resolved);
                }
                Event::End(_) => {
                    let element = stack.pop().expect("an open element");
                    stack.last_mut().expect("a parent").children.push(element);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let mut document = stack.pop().expect("the document");
        assert_eq!(document.children.len(), 1, "one root element");
        document.children.remove(0)
    }

    fn open(start: &quick_xml::events::BytesStart) -> Self {
        let attributes = start
            .attributes()
            .map(|a| {
                let a = a.expect("a well-formed attribute");
                let value =
                    a.normalized_value(XmlVersion::Implicit1_0).expect("an escaped value").into_owned();
                (a.key.as_ref().to_owned(), value)
            })
            .collect();
        let name = start.name().as_ref().to_owned();
        Self { name, attributes, ..Self::default() }
    }

    pub(super) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Self> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub(super) fn one(&self, name: &str) -> &Self {
        let found: Vec<&Self> = self.children.iter().filter(|c| c.name == name).collect();
        assert_eq!(found.len(), 1, "exactly one <{name}> in <{}>", self.name);
        found[0]
    }

    pub(super) fn attr(&self, name: &str) -> &str {
        self.attributes.get(name).map_or("", String::as_str)
    }

    /// The text of the element's one narrative.
    pub(super) fn narrative(&self) -> &str {
        &self.one("narrative").text
    }

    /// Each narrative of the element: its `xml:lang` (empty without one) and its text.
    pub(super) fn narratives(&self) -> Vec<(&str, &str)> {
        self.all("narrative").map(|n| (n.attr("xml:lang"), n.text.as_str())).collect()
    }
}

/// The document's activities, by identifier, after checking the document's frame.
pub(super) fn activities(root: &Element) -> BTreeMap<String, &Element> {
    assert_eq!(root.name, "iati-activities");
    assert_eq!(root.attr("version"), "2.03");
    assert!(!root.attr("generated-datetime").is_empty(), "generated-datetime is set");
    root.all("iati-activity").map(|a| (a.one("iati-identifier").text.clone(), a)).collect()
}

pub(super) fn identifier(id: Uuid) -> String {
    format!("{TEST_IATI_ORG_REF}-{id}")
}

/// GETs the document with `token` (the admin's when `None`), asserts a 200 XML answer, keeps a
/// copy for `scripts/iati-check`, and returns the text.
pub(super) async fn document(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    name: &str,
    backend: Backend,
) -> String {
    settle(app).await;
    let path = format!("{DOCUMENT}{query}");
    let response = app.request_as(Some(token.unwrap_or(&app.token)), Method::GET, &path, None).await;
    let status = response.status();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let text = response.text().await.expect("a body");
    assert_eq!(status, StatusCode::OK, "GET {path}: {text}");
    assert_eq!(content_type.as_deref(), Some("application/xml"));
    if let Some(dir) = std::env::var_os("TATRACK_IATI_DUMP_DIR") {
        let file = std::path::Path::new(&dir).join(format!("{backend:?}-{name}.xml").to_lowercase());
        std::fs::write(&file, &text).expect("the dump directory is writable");
    }
    text
}

/// Waits until the read models include every event recorded so far: the list, and so the
/// document, reads them.
pub(super) async fn settle(app: &TestApp) {
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/countries?min_position={head}")).await;
}

/// A programme of `thematic_area`; returns its id and code.
pub(super) async fn programme(app: &TestApp, thematic_area: &str) -> (Uuid, String) {
    let (id, code) = (Uuid::new_v4(), unique_code());
    let mut body = programme_body(id, &code);
    body["thematic_area"] = json!(thematic_area);
    app.command("/api/v1/programmes", &body).await;
    (id, code)
}

/// Plans an activity in `programme` with `changes` applied to the Riyadh workshop's body.
pub(super) async fn plan(app: &TestApp, programme: Uuid, changes: Value) -> Uuid {
    let id = Uuid::new_v4();
    let mut body = plan_body(id, programme);
    for (key, value) in changes.as_object().expect("an object of changes") {
        body[key] = value.clone();
    }
    app.command("/api/v1/activities", &body).await;
    id
}

pub(super) async fn fund(app: &TestApp, id: Uuid, donor: &str, amount: &str, currency: &str) {
    let body = json!({"donor": donor, "amount": amount, "currency": currency});
    app.command(&format!("/api/v1/activities/{id}/funding"), &body).await;
}

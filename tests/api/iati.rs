//! IATI 2.03 activity XML: what each activity becomes, on edge cases (a regional activity, a
//! cancelled one, one without funding, several currencies, text that needs escaping, more
//! activities than a page), and a donor's document holding only its scope.
//!
//! Each document is parsed back here and checked element by element. With
//! `TATRACK_IATI_DUMP_DIR` set, each is also written there, and `scripts/iati-check` (part of
//! `scripts/test`) validates them against the official 2.03 XSD with xmllint and checks the
//! codelists and IATI rules the schema leaves out.

use std::collections::BTreeMap;
use std::io::Read as _;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_app::iati::IatiSettings;
use tatrack_testkit::{
    assert_problem, delivery_body, participants_body, plan_body, programme_body, unique_code, Backend, Store,
    TestApp, TEST_IATI_ORG_REF,
};

tatrack_testkit::on_both_backends!(
    a_regional_activity_splits_its_countries_to_exactly_100,
    a_cancelled_activity_has_no_actual_dates,
    a_voided_activity_is_not_published,
    an_activity_without_funding_has_no_transaction,
    funding_in_several_currencies_keeps_each_currency,
    text_is_escaped_and_reads_back_exactly,
    registered_donors_carry_their_iati_identifier_and_canonical_name,
    a_donor_document_holds_only_its_scope,
    a_document_spans_many_pages,
    refusals_are_problems,
    without_an_org_ref_the_export_is_refused,
    the_publisher_and_sector_overrides_apply,
    a_record_that_left_the_scope_is_skipped_while_the_list_lags,
    a_results_framework_is_written_as_outcome_results,
);

const DOCUMENT: &str = "/api/v1/iati/activities.xml";

/// A parsed XML element: enough of a tree to check a document.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn parse(xml: &str) -> Self {
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

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Self> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn one(&self, name: &str) -> &Self {
        let found: Vec<&Self> = self.children.iter().filter(|c| c.name == name).collect();
        assert_eq!(found.len(), 1, "exactly one <{name}> in <{}>", self.name);
        found[0]
    }

    fn attr(&self, name: &str) -> &str {
        self.attributes.get(name).map_or("", String::as_str)
    }

    /// The text of the element's one narrative.
    fn narrative(&self) -> &str {
        &self.one("narrative").text
    }
}

/// The document's activities, by identifier, after checking the document's frame.
fn activities(root: &Element) -> BTreeMap<String, &Element> {
    assert_eq!(root.name, "iati-activities");
    assert_eq!(root.attr("version"), "2.03");
    assert!(!root.attr("generated-datetime").is_empty(), "generated-datetime is set");
    root.all("iati-activity").map(|a| (a.one("iati-identifier").text.clone(), a)).collect()
}

fn identifier(id: Uuid) -> String {
    format!("{TEST_IATI_ORG_REF}-{id}")
}

/// GETs the document with `token` (the admin's when `None`), asserts a 200 XML answer, keeps a
/// copy for `scripts/iati-check`, and returns the text.
async fn document(app: &TestApp, token: Option<&str>, query: &str, name: &str, backend: Backend) -> String {
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
async fn settle(app: &TestApp) {
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/countries?min_position={head}")).await;
}

/// A programme of `thematic_area`; returns its id and code.
async fn programme(app: &TestApp, thematic_area: &str) -> (Uuid, String) {
    let (id, code) = (Uuid::new_v4(), unique_code());
    let mut body = programme_body(id, &code);
    body["thematic_area"] = json!(thematic_area);
    app.command("/api/v1/programmes", &body).await;
    (id, code)
}

/// Plans an activity in `programme` with `changes` applied to the Riyadh workshop's body.
async fn plan(app: &TestApp, programme: Uuid, changes: Value) -> Uuid {
    let id = Uuid::new_v4();
    let mut body = plan_body(id, programme);
    for (key, value) in changes.as_object().expect("an object of changes") {
        body[key] = value.clone();
    }
    app.command("/api/v1/activities", &body).await;
    id
}

async fn fund(app: &TestApp, id: Uuid, donor: &str, amount: &str, currency: &str) {
    let body = json!({"donor": donor, "amount": amount, "currency": currency});
    app.command(&format!("/api/v1/activities/{id}/funding"), &body).await;
}

async fn a_regional_activity_splits_its_countries_to_exactly_100(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "corruption").await;
    let id = plan(&app, programme, json!({"countries": ["SAU", "AGO", "BOL"]})).await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    app.command(
        &format!("/api/v1/activities/{id}/outputs"),
        &json!({"kind": "strategy_adopted", "description": "Regional anti-corruption strategy"}),
    )
    .await;

    // Act
    let xml = document(&app, None, &format!("?programme={programme}"), "regional", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let activities = activities(&root);
    let activity = activities[&identifier(id)];
    let countries: Vec<(&str, &str)> =
        activity.all("recipient-country").map(|c| (c.attr("code"), c.attr("percentage"))).collect();
    assert_eq!(countries, [("SA", "33.34"), ("AO", "33.33"), ("BO", "33.33")]);
    let sector = activity.one("sector");
    assert_eq!(
        (sector.attr("vocabulary"), sector.attr("code"), sector.attr("percentage")),
        ("1", "15113", "100")
    );
    assert_eq!(activity.one("activity-status").attr("code"), "3", "delivered: finalisation");
    let dates: Vec<(&str, &str)> =
        activity.all("activity-date").map(|d| (d.attr("type"), d.attr("iso-date"))).collect();
    assert_eq!(dates, [("1", "2019-10-20"), ("3", "2019-10-24"), ("2", "2019-10-20"), ("4", "2019-10-24")]);
    let result = activity.one("result");
    assert_eq!(result.attr("type"), "1");
    assert_eq!(result.one("title").narrative(), "Strategy adopted");
    assert_eq!(result.one("description").narrative(), "Regional anti-corruption strategy");
    assert_eq!(result.one("indicator").attr("measure"), "5");
    let reporting = activity.one("reporting-org");
    assert_eq!((reporting.attr("ref"), reporting.attr("type")), (TEST_IATI_ORG_REF, "40"));
}

async fn a_cancelled_activity_has_no_actual_dates(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "drugs").await;
    let id = plan(&app, programme, json!({"description": null})).await;
    fund(&app, id, "Japan", "1500000", "JPY").await;
    app.command(&format!("/api/v1/activities/{id}/cancellation"), &json!({"reason": "travel ban"})).await;

    // Act
    let xml = document(&app, None, &format!("?programme={programme}"), "cancelled", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let activity = activities(&root)[&identifier(id)];
    assert_eq!(activity.one("activity-status").attr("code"), "5");
    let types: Vec<&str> = activity.all("activity-date").map(|d| d.attr("type")).collect();
    assert_eq!(types, ["1", "3"], "planned dates only");
    assert_eq!(activity.one("sector").attr("code"), "16063");
    // No description recorded: the schema needs one, so kind and place stand in.
    assert_eq!(activity.one("description").narrative(), "Workshop in Riyadh");
    assert_eq!(activity.all("transaction").count(), 1, "the funding still stands");
    assert_eq!(activity.all("result").count(), 0);
}

async fn an_activity_without_funding_has_no_transaction(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "firearms").await;
    let id = plan(&app, programme, json!({})).await;

    // Act
    let xml = document(&app, None, &format!("?programme={programme}"), "unfunded", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let activity = activities(&root)[&identifier(id)];
    assert_eq!(activity.all("transaction").count(), 0);
    let orgs: Vec<(&str, &str)> =
        activity.all("participating-org").map(|o| (o.attr("role"), o.attr("ref"))).collect();
    assert_eq!(orgs, [("4", TEST_IATI_ORG_REF)], "only the implementer");
    assert_eq!(activity.one("activity-status").attr("code"), "1", "planned: pipeline");
    assert_eq!(activity.one("sector").attr("code"), "15240");
    let countries: Vec<(&str, &str)> =
        activity.all("recipient-country").map(|c| (c.attr("code"), c.attr("percentage"))).collect();
    assert_eq!(countries, [("SA", "100")]);
}

/// A voided record is a duplicate or a mistake: publishing it, even as cancelled, would tell of
/// an activity that never existed.
async fn a_voided_activity_is_not_published(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (programme, code) = programme(&app, "organized_crime").await;
    let kept = plan(&app, programme, json!({})).await;
    let duplicate = plan(&app, programme, json!({})).await;
    for id in [kept, duplicate] {
        fund(&app, id, "European Union", "1000.00", "EUR").await;
    }
    app.command(&format!("/api/v1/activities/{duplicate}/voiding"), &json!({"reason": "a duplicate"})).await;

    // Act
    let xml = document(&app, None, &format!("?programme={code}"), "voided", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let published: Vec<String> = activities(&root).into_keys().collect();
    assert_eq!(published, [identifier(kept)]);
}

async fn funding_in_several_currencies_keeps_each_currency(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (programme, code) = programme(&app, "organized_crime").await;
    let id = plan(&app, programme, json!({})).await;
    fund(&app, id, "European Union", "18500.00", "EUR").await;
    fund(&app, id, "United States of America", "48000.00", "USD").await;
    fund(&app, id, "Japan", "1500000", "JPY").await;
    fund(&app, id, "European Union", "0.05", "EUR").await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    app.command(&format!("/api/v1/activities/{id}/participants"), &participants_body(10, 20)).await;
    app.command(&format!("/api/v1/activities/{id}/report"), &json!({})).await;

    // Act: by programme code this time.
    let xml = document(&app, None, &format!("?programme={code}"), "currencies", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let activity = activities(&root)[&identifier(id)];
    assert_eq!(activity.one("activity-status").attr("code"), "4", "reported: closed");
    let lines: Vec<(String, String, String, String, String)> = activity
        .all("transaction")
        .map(|t| {
            let value = t.one("value");
            (
                t.one("transaction-type").attr("code").to_owned(),
                t.one("provider-org").narrative().to_owned(),
                value.text.clone(),
                value.attr("currency").to_owned(),
                value.attr("value-date").to_owned(),
            )
        })
        .collect();
    let line = |donor: &str, amount: &str, currency: &str| {
        ("11".to_owned(), donor.to_owned(), amount.to_owned(), currency.to_owned(), "2019-10-20".to_owned())
    };
    assert_eq!(
        lines,
        [
            line("European Union", "18500.00", "EUR"),
            line("United States of America", "48000.00", "USD"),
            line("Japan", "1500000", "JPY"),
            line("European Union", "0.05", "EUR"),
        ]
    );
    let funders: Vec<&str> =
        activity.all("participating-org").filter(|o| o.attr("role") == "1").map(Element::narrative).collect();
    assert_eq!(funders, ["European Union", "United States of America", "Japan"], "each donor once");
}

async fn registered_donors_carry_their_iati_identifier_and_canonical_name(backend: Backend) {
    // Arrange: funding under an alias and under the name; one donor no organisation claims.
    let app = TestApp::spawn(backend).await;
    let eu = json!({"id": Uuid::new_v4(), "name": "European Union", "iati_identifier": "XI-IATI-EC_INTPA",
                    "organisation_type": "other_public_sector", "aliases": ["EU"]});
    app.command("/api/v1/organisations", &eu).await;
    let (programme, _) = programme(&app, "cybercrime").await;
    let id = plan(&app, programme, json!({})).await;
    for donor in ["EU", "European Union", "Friends of the Court"] {
        fund(&app, id, donor, "10.00", "EUR").await;
    }

    // Act
    let xml = document(&app, None, &format!("?programme={programme}"), "registered-donors", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let activity = activities(&root)[&identifier(id)];
    let funders: Vec<(&str, &str, &str)> = activity
        .all("participating-org")
        .filter(|o| o.attr("role") == "1")
        .map(|o| (o.narrative(), o.attr("ref"), o.attr("type")))
        .collect();
    assert_eq!(
        funders,
        [("European Union", "XI-IATI-EC_INTPA", "15"), ("Friends of the Court", "", "")],
        "one funder per organisation"
    );
    let providers: Vec<(&str, &str)> = activity
        .all("transaction")
        .map(|t| t.one("provider-org"))
        .map(|p| (p.narrative(), p.attr("ref")))
        .collect();
    assert_eq!(
        providers,
        [
            ("European Union", "XI-IATI-EC_INTPA"),
            ("European Union", "XI-IATI-EC_INTPA"),
            ("Friends of the Court", ""),
        ]
    );
}

async fn text_is_escaped_and_reads_back_exactly(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "cybercrime").await;
    let title = "Fraud <&> \"quotes\" & 'apostrophes' </title>";
    let description = "Line one ]]> <![CDATA[x]]>\n\tLine two &amp; &#x41; <script>";
    let donor = "Donor <&> \"D\" 'Ltd'";
    let id =
        plan(&app, programme, json!({"title": title, "description": description, "location": "A&B <C>"}))
            .await;
    fund(&app, id, donor, "10.00", "EUR").await;

    // Act
    let xml = document(&app, None, &format!("?programme={programme}"), "escaping", backend).await;

    // Assert: the raw text holds no unescaped markup from the data...
    assert!(
        xml.contains("Fraud &lt;&amp;&gt; &quot;quotes&quot; &amp; &apos;apostrophes&apos; &lt;/title&gt;"),
        "{xml}"
    );
    assert!(!xml.contains("<script>") && !xml.contains("<![CDATA["), "{xml}");
    // ...and reads back as recorded.
    let root = Element::parse(&xml);
    let activity = activities(&root)[&identifier(id)];
    assert_eq!(activity.one("title").narrative(), title);
    assert_eq!(activity.one("description").narrative(), description);
    assert_eq!(activity.one("transaction").one("provider-org").narrative(), donor);
    let funder = activity.all("participating-org").find(|o| o.attr("role") == "1").expect("the donor");
    assert_eq!(funder.narrative(), donor);
}

async fn a_donor_document_holds_only_its_scope(backend: Backend) {
    // Arrange: the EU co-funds one activity with Japan; Japan alone funds another.
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "money_laundering").await;
    let shared = plan(&app, programme, json!({})).await;
    fund(&app, shared, "European Union", "5000.00", "EUR").await;
    fund(&app, shared, "Japan", "200", "JPY").await;
    let japanese = plan(&app, programme, json!({"countries": ["AGO"]})).await;
    fund(&app, japanese, "Japan", "300", "JPY").await;
    let eu = app
        .issue_token(&json!({"name": "iati.eu", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;
    let sau = app
        .issue_token(&json!({"name": "iati.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;

    // Act
    let as_eu = document(&app, Some(&eu), "", "donor-eu", backend).await;
    let as_adviser = document(&app, Some(&sau), "", "adviser-sau", backend).await;
    let everything = document(&app, None, "", "admin", backend).await;

    // Assert: the EU sees its activity, its own money and itself as the only funder.
    let root = Element::parse(&as_eu);
    let seen = activities(&root);
    assert_eq!(seen.keys().collect::<Vec<_>>(), [&identifier(shared)]);
    let activity = seen[&identifier(shared)];
    let providers: Vec<&str> =
        activity.all("transaction").map(|t| t.one("provider-org").narrative()).collect();
    assert_eq!(providers, ["European Union"]);
    let funders: Vec<&str> =
        activity.all("participating-org").filter(|o| o.attr("role") == "1").map(Element::narrative).collect();
    assert_eq!(funders, ["European Union"]);
    assert!(!as_eu.contains("Japan"), "another donor's name leaks: {as_eu}");
    // An adviser for SAU sees the SAU activity only, every donor's money on it.
    let root = Element::parse(&as_adviser);
    let seen = activities(&root);
    assert_eq!(seen.keys().collect::<Vec<_>>(), [&identifier(shared)]);
    assert_eq!(seen[&identifier(shared)].all("transaction").count(), 2);
    // The admin sees both.
    assert_eq!(activities(&Element::parse(&everything)).len(), 2);
    // A donor may not ask for another donor's document; a filter that leaves nothing is 404.
    let other = app.request_as(Some(&eu), Method::GET, &format!("{DOCUMENT}?donor=Japan"), None).await;
    assert_problem(other, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    let none = app.request_as(Some(&eu), Method::GET, &format!("{DOCUMENT}?country=AGO"), None).await;
    assert_problem(none, StatusCode::NOT_FOUND, "/problems/not-found").await;
}

async fn a_document_spans_many_pages(backend: Backend) {
    // Arrange: more activities than one page of the list (100).
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "terrorism_prevention").await;
    let mut ids = Vec::new();
    for day in 0..105_u32 {
        let start = format!("2019-01-{:02}", day % 28 + 1);
        ids.push(plan(&app, programme, json!({"planned_start": start, "planned_end": "2019-02-01"})).await);
    }

    // Act
    let xml = document(
        &app,
        None,
        &format!("?programme={programme}&from=2019-01-01&to=2019-12-31"),
        "pages",
        backend,
    )
    .await;

    // Assert: every activity once, none twice.
    let root = Element::parse(&xml);
    assert_eq!(root.all("iati-activity").count(), ids.len());
    let listed = activities(&root);
    for id in &ids {
        assert!(listed.contains_key(&identifier(*id)), "{id} is missing");
    }
    assert!(listed.values().all(|a| a.one("sector").attr("code") == "15210"));
    // Compressed when asked, chunk after chunk, to the same document.
    let response = app
        .client
        .get(app.url(&format!("{DOCUMENT}?programme={programme}")))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let gzip = response.bytes().await.expect("the whole body");
    let mut inflated = String::new();
    flate2::read::GzDecoder::new(gzip.as_ref()).read_to_string(&mut inflated).expect("gzip decodes");
    let unzipped = Element::parse(&inflated);
    assert_eq!(activities(&unzipped).keys().collect::<Vec<_>>(), listed.keys().collect::<Vec<_>>());
}

async fn refusals_are_problems(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "corruption").await;
    plan(&app, programme, json!({})).await;
    for (query, status, kind) in [
        ("?country=XYZ", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?from=2300-01-01", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?from=2020-01-01&to=2019-01-01", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?from=yesterday", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?format=csv", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?programme=NO-SUCH-CODE", StatusCode::NOT_FOUND, "/problems/not-found"),
        ("?from=2030-01-01", StatusCode::NOT_FOUND, "/problems/not-found"),
    ] {
        let response = app.get(&format!("{DOCUMENT}{query}")).await;
        assert_problem(response, status, kind).await;
    }
    let anonymous = app.request_as(None, Method::GET, DOCUMENT, None).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
}

async fn without_an_org_ref_the_export_is_refused(backend: Backend) {
    let store = Store::fresh(backend).await;
    let app = TestApp::start_with_settings(store, |s| s.iati = IatiSettings::default()).await;
    let (programme, _) = programme(&app, "corruption").await;
    plan(&app, programme, json!({})).await;
    let response = app.get(DOCUMENT).await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "/problems/iati-not-configured").await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("TATRACK_IATI_ORG_REF")), "{problem}");
}

async fn the_publisher_and_sector_overrides_apply(backend: Backend) {
    // Arrange: a wildlife programme whose work is anti-corruption, reported under 15113, and
    // a publisher with a name and type of its own.
    let (code, other_code) = (unique_code(), unique_code());
    let settings = IatiSettings::parse(
        Some("XX-OVERRIDE-1"),
        Some("Example <Office> & \"Partners\""),
        Some("21"),
        &[format!("{code}=15113"), format!("{other_code}=16063")],
    )
    .expect("valid settings");
    let app = TestApp::start_with_settings(Store::fresh(backend).await, |s| s.iati = settings).await;
    let programme = Uuid::new_v4();
    let mut body = programme_body(programme, &code);
    body["thematic_area"] = json!("wildlife_and_forest_crime");
    app.command("/api/v1/programmes", &body).await;
    let (plain, _) = self::programme(&app, "wildlife_and_forest_crime").await;
    let overridden = plan(&app, programme, json!({})).await;
    // Funded, and planned years ahead: its transaction is dated today, never in the future.
    let ahead = plan(&app, plain, json!({"planned_start": "2199-01-01", "planned_end": "2199-01-02"})).await;
    fund(&app, ahead, "Norway", "5000", "NOK").await;

    // Act
    let xml = document(&app, None, "", "overrides", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let generated_day = root.attr("generated-datetime")[..10].to_owned();
    let listed = activities(&root);
    let first = listed[&format!("XX-OVERRIDE-1-{overridden}")];
    assert_eq!(first.one("sector").attr("code"), "15113", "the override");
    let reporting = first.one("reporting-org");
    assert_eq!((reporting.attr("ref"), reporting.attr("type")), ("XX-OVERRIDE-1", "21"));
    assert_eq!(reporting.narrative(), "Example <Office> & \"Partners\"");
    let second = listed[&format!("XX-OVERRIDE-1-{ahead}")];
    assert_eq!(second.one("sector").attr("code"), "41030", "the thematic area's code");
    let transaction = second.one("transaction");
    assert_eq!(transaction.one("transaction-date").attr("iso-date"), generated_day);
    assert_eq!(transaction.one("value").attr("value-date"), generated_day);
    assert_eq!(transaction.one("receiver-org").attr("ref"), "XX-OVERRIDE-1");
}

async fn a_record_that_left_the_scope_is_skipped_while_the_list_lags(backend: Backend) {
    // Arrange: the EU funds two activities, listed as such; then, with no projector running,
    // it withdraws from one, so the list still names it while its record no longer does.
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "corruption").await;
    let (kept, left) = (plan(&app, programme, json!({})).await, plan(&app, programme, json!({})).await);
    fund(&app, kept, "European Union", "100.00", "EUR").await;
    fund(&app, left, "European Union", "200.00", "EUR").await;
    let eu = app
        .issue_token(&json!({"name": "iati.eu", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;
    settle(&app).await;
    let app = TestApp::start_with(app.stop().await, false).await;
    let withdrawal = json!({"donor": "European Union", "reason": "moved to another activity"});
    app.command(&format!("/api/v1/activities/{left}/funding/withdrawal"), &withdrawal).await;

    // Act
    let response = app.request_as(Some(&eu), Method::GET, DOCUMENT, None).await;
    let status = response.status();
    let xml = response.text().await.expect("a body");

    // Assert
    assert_eq!(status, StatusCode::OK, "{xml}");
    let root = Element::parse(&xml);
    assert_eq!(activities(&root).keys().collect::<Vec<_>>(), [&identifier(kept)]);
}

/// A programme's outcomes and indicators ride in each of its activities as `result` elements of
/// type outcome (2), marked not to be added up across activities.
async fn a_results_framework_is_written_as_outcome_results(backend: Backend) {
    // Arrange: a counted indicator (workshops, target 2 in 2019) and a reported percentage.
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "firearms").await;
    let (outcome, base) = (Uuid::new_v4(), format!("/api/v1/programmes/{programme}"));
    app.command(&format!("{base}/outcomes"), &json!({"id": outcome, "name": "Safer & traced"})).await;
    let counted = json!({"id": Uuid::new_v4(), "outcome_id": outcome, "name": "Workshops", "unit": "number",
        "targets": [{"year": 2019, "value": "2"}], "count": {"of": "activities", "kind": "workshop"}});
    app.command(&format!("{base}/indicators"), &counted).await;
    let share = Uuid::new_v4();
    let reported = json!({"id": share, "outcome_id": outcome, "name": "Traced", "unit": "percentage",
        "baseline": {"year": 2018, "value": "12.5"}, "targets": [{"year": 2019, "value": "40"}]});
    app.command(&format!("{base}/indicators"), &reported).await;
    let report = json!({"year": 2019, "value": "37.5", "reason": "survey"});
    app.command(&format!("{base}/indicators/{share}/actuals"), &report).await;
    let id = plan(&app, programme, json!({})).await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;

    // Act
    let xml = document(&app, None, &format!("?programme={programme}"), "results", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let activity = activities(&root)[&identifier(id)];
    let result = activity.all("result").find(|r| r.attr("type") == "2").expect("an outcome result");
    assert_eq!(result.attr("aggregation-status"), "0");
    assert_eq!(result.one("title").narrative(), "Safer & traced");
    let indicators: Vec<&Element> = result.all("indicator").collect();
    assert_eq!(indicators.iter().map(|i| i.attr("measure")).collect::<Vec<_>>(), ["1", "2"]);
    let period = |i: &Element| {
        let p = i.one("period");
        (
            p.one("period-start").attr("iso-date").to_owned(),
            p.one("target").attr("value").to_owned(),
            p.one("actual").attr("value").to_owned(),
        )
    };
    assert_eq!(period(indicators[0]), ("2019-01-01".into(), "2".into(), "1".into()));
    assert_eq!(period(indicators[1]), ("2019-01-01".into(), "40".into(), "37.5".into()));
    let baseline = indicators[1].one("baseline");
    assert_eq!((baseline.attr("year"), baseline.attr("value")), ("2018", "12.5"));
}

//! What each activity becomes: countries split to exactly 100, the status and dates of a
//! cancelled, unfunded or voided activity, transactions in several currencies, registered donors'
//! identifiers, escaped text, and a programme's results framework as outcome results.

use serde_json::json;
use uuid::Uuid;

use tatrack_testkit::{delivery_body, participants_body, Backend, TestApp, TEST_IATI_ORG_REF};

use super::document::{activities, document, fund, identifier, plan, programme, Element};

pub(super) async fn a_regional_activity_splits_its_countries_to_exactly_100(backend: Backend) {
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
    // tatrack's own words: one narrative per language it speaks; what people wrote: one, as written.
    let strategy_adopted =
        [("en", "Strategy adopted"), ("fr", "Stratégie adoptée"), ("es", "Estrategia adoptada")];
    assert_eq!(result.one("title").narratives(), strategy_adopted);
    assert_eq!(result.one("indicator").one("title").narratives(), strategy_adopted);
    assert_eq!(result.one("description").narratives(), [("", "Regional anti-corruption strategy")]);
    assert_eq!(activity.one("title").narratives().len(), 1, "a title as recorded");
    assert_eq!(result.one("indicator").attr("measure"), "5");
    let reporting = activity.one("reporting-org");
    assert_eq!((reporting.attr("ref"), reporting.attr("type")), (TEST_IATI_ORG_REF, "40"));
}

pub(super) async fn a_cancelled_activity_has_no_actual_dates(backend: Backend) {
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
    assert_eq!(
        activity.one("description").narratives(),
        [("en", "Workshop in Riyadh"), ("fr", "Atelier à Riyadh"), ("es", "Taller en Riyadh")]
    );
    assert_eq!(activity.all("transaction").count(), 1, "the funding still stands");
    assert_eq!(activity.all("result").count(), 0);
}

pub(super) async fn an_activity_without_funding_has_no_transaction(backend: Backend) {
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
pub(super) async fn a_voided_activity_is_not_published(backend: Backend) {
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

pub(super) async fn funding_in_several_currencies_keeps_each_currency(backend: Backend) {
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

pub(super) async fn registered_donors_carry_their_iati_identifier_and_canonical_name(backend: Backend) {
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

pub(super) async fn text_is_escaped_and_reads_back_exactly(backend: Backend) {
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

/// A programme's outcomes and indicators ride in each of its activities as `result` elements of
/// type outcome (2), marked not to be added up across activities.
pub(super) async fn a_results_framework_is_written_as_outcome_results(backend: Backend) {
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

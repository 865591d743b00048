//! The paragraph from typed figures, and the typed figures against a report published before:
//! a figure's value can no longer turn into "0" in the text, and its JSON must keep the shape
//! `--verify` compares published reports in.

use std::collections::BTreeMap;

use serde_json::Value;
use tatrack_domain::values::CountryCode;
use tatrack_domain::vocabulary::ActivityKind;
use tatrack_i18n::Language;

use crate::document::{Params, ProgrammeName, Report, Segment};
use crate::model::{
    AreaFigures, Attendance, Event, Figure, Funding, InState, KindFigures, Output, Participants, People,
    Scope, States,
};
use crate::text::{area_text, plain};

/// Written by the report crate before its figures were typed (commit 65e74aa), from the demo
/// data set: `tatrack report --from 2019-02-01 --to 2020-02-29 --programme GLOSOM`. Never edit
/// it: a report published then must still read, and still verify.
const PUBLISHED: &str = include_str!("../tests/fixtures/published/2019-glosom.json");

fn figure<V>(id: &str, value: V) -> Figure<V> {
    Figure {
        id: format!("firearms/{id}"),
        label: id.to_owned(),
        query: String::new(),
        activities: Vec::new(),
        value,
    }
}

fn states(codes: &[&str]) -> States {
    States(codes.iter().map(|code| CountryCode::parse(code).expect("an ISO code")).collect())
}

fn in_states(kind: &str, codes: &[&str]) -> Vec<Figure<InState>> {
    states(codes)
        .0
        .into_iter()
        .map(|state| figure(&format!("{kind}/states/{}", state.as_str()), InState { state, activities: 1 }))
        .collect()
}

pub(crate) fn day(text: &str) -> chrono::NaiveDate {
    text.parse().expect("a date")
}

fn event(id: &str, title: &str, location: &str, (start, end): (&str, &str), codes: &[&str]) -> Figure<Event> {
    let value = Event {
        title: title.to_owned(),
        location: location.to_owned(),
        start: Some(day(start)),
        end: Some(day(end)),
        states: states(codes),
    };
    figure(&format!("events/{id}"), value)
}

/// The year the firearms figures cover, every programme.
pub(crate) fn year() -> Params {
    Params {
        from: day("2019-02-01"),
        to: day("2020-02-29"),
        programmes: Vec::new(),
        donor: None,
        donor_names: Vec::new(),
        language: Language::English,
    }
}

/// A firearms programme's year: two legislative assistance activities (Bolivia, with a law
/// drafted; the Central African Republic) and two workshops (Riyadh, funded by the United
/// States; Kinshasa, for three States).
pub(crate) fn firearms() -> AreaFigures {
    let all = ["CMR", "CAF", "COD", "BOL", "SAU"];
    AreaFigures {
        activities: figure("activities", 4),
        states: figure("states", states(&all)),
        kinds: vec![
            KindFigures {
                kind: ActivityKind::Workshop,
                activities: figure("workshop/activities", 2),
                states: figure("workshop/states", states(&["CMR", "CAF", "COD", "SAU"])),
                in_states: in_states("workshop", &["CMR", "CAF", "COD", "SAU"]),
            },
            KindFigures {
                kind: ActivityKind::LegislativeAssistance,
                activities: figure("legislative_assistance/activities", 2),
                states: figure("legislative_assistance/states", states(&["CAF", "BOL"])),
                in_states: in_states("legislative_assistance", &["CAF", "BOL"]),
            },
        ],
        events: vec![
            // By activity id, not by date: the text orders them by date.
            event(
                "a",
                "Workshop for Central African States",
                "Kinshasa",
                ("2019-11-05", "2019-11-07"),
                &all[..3],
            ),
            event("b", "Mutual legal assistance workshop", "Riyadh", ("2019-10-20", "2019-10-24"), &["SAU"]),
        ],
        people: Some(People {
            all: figure(
                "participants",
                Participants { female: 19, male: 47, other_or_undisclosed: 3, total: 69 },
            ),
            institutions: ["police", "prosecutors"]
                .into_iter()
                .zip([12, 20])
                .map(|(institution, participants)| {
                    let value = Attendance { institution: institution.to_owned(), participants };
                    figure(&format!("participants/{institution}"), value)
                })
                .collect(),
        }),
        trained: None,
        outputs: vec![figure(
            "outputs/law_drafted",
            Output { kind: "law_drafted".to_owned(), count: 1, states: states(&["BOL"]) },
        )],
        funding: vec![figure(
            "funding/United States of America/USD",
            Funding {
                donor: "United States of America".to_owned(),
                currency: "USD".to_owned(),
                amount_minor: 4_800_000,
            },
        )],
    }
}

#[test]
fn the_paragraph_states_every_typed_figure() {
    // Arrange
    let figures = firearms();
    let params = year();
    let programmes =
        [ProgrammeName { code: "GLOFIREARMS".to_owned(), name: "Global Firearms Programme".to_owned() }];
    let scope = Scope { area: "firearms", programmes: &programmes, params: &params };

    // Act
    let paragraph = area_text(&scope, &figures);

    // Assert: every number the figures hold, in words where the report writes words.
    assert_eq!(
        plain(&paragraph),
        "From 1 February 2019 to 29 February 2020, under Global Firearms Programme, four activities were \
         delivered, reaching five States (Cameroon, the Central African Republic, the Democratic Republic of \
         the Congo, the Plurinational State of Bolivia and Saudi Arabia). They comprised two workshops and two \
         legislative assistance activities. Legislative assistance was provided to two States (the Central \
         African Republic and the Plurinational State of Bolivia). “Mutual legal assistance workshop” was held \
         in Riyadh from 20 to 24 October 2019 (Saudi Arabia). “Workshop for Central African States” was held in \
         Kinshasa from 5 to 7 November 2019, bringing together three States: Cameroon, the Central African \
         Republic and the Democratic Republic of the Congo. In all, 69 participants took part (19 women, 47 men \
         and three not recorded by sex), among them 20 prosecutors and 12 police officers. The activities \
         contributed to one law drafted (the Plurinational State of Bolivia). The activities were funded by \
         the United States of America (USD 48,000.00)."
    );
    let published: Vec<String> = figures.published().into_iter().map(|f| f.id).collect();
    for segment in &paragraph {
        if let Segment::Figure { figure, text } = segment {
            assert!(published.contains(figure), "“{text}” cites {figure}, which is not published");
        }
    }
}

/// What a figure is, from its id: the typed value it is published from.
fn kind_of(id: &str) -> &'static str {
    let parts: Vec<&str> = id.split('/').skip(1).collect();
    match parts.as_slice() {
        ["activities"] | [_, "activities"] => "activities",
        ["states"] | [_, "states"] => "states",
        [_, "states", _] => "in a State",
        ["events", _] => "event",
        ["participants"] => "participants",
        ["participants", _] => "institution",
        ["outputs", _] => "output",
        ["funding", _, _] => "funding",
        _ => panic!("a figure of no known kind: {id}"),
    }
}

/// A JSON value's shape: its keys and the types of what they hold.
fn shape(value: &Value) -> Value {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "boolean".into(),
        Value::Number(n) if n.is_u64() => "unsigned integer".into(),
        Value::Number(_) => "number".into(),
        Value::String(_) => "string".into(),
        Value::Array(items) => Value::Array(items.iter().take(1).map(shape).collect()),
        Value::Object(fields) => fields.iter().map(|(key, value)| (key.clone(), shape(value))).collect(),
    }
}

fn shapes<'f>(figures: impl Iterator<Item = &'f crate::document::Figure>) -> BTreeMap<&'static str, Value> {
    let mut found = BTreeMap::new();
    for figure in figures {
        let (kind, shape) = (kind_of(&figure.id), shape(&figure.value));
        let first = found.entry(kind).or_insert_with(|| shape.clone());
        assert_eq!(*first, shape, "two shapes for {kind}");
    }
    found
}

#[test]
fn typed_figures_publish_the_shape_of_a_report_published_before() {
    let before: Report = serde_json::from_str(PUBLISHED).expect("a report published before reads");

    let now = firearms().published();

    // Every kind of figure, with the same keys holding the same types: a published report's
    // values are compared with recomputed ones, so any other shape would fail them all.
    assert_eq!(shapes(now.iter()), shapes(before.figures()));
}

#[test]
fn a_report_published_before_reads_back_to_the_same_text() {
    let before: Report = serde_json::from_str(PUBLISHED).expect("a report published before reads");

    let written = serde_json::to_string_pretty(&before).expect("a report writes");

    assert_eq!(written, PUBLISHED.trim_end());
}

/// The paragraph of [`firearms`] in `language`.
fn paragraph_in(language: Language) -> String {
    let params = Params { language, ..year() };
    let programmes =
        [ProgrammeName { code: "GLOFIREARMS".to_owned(), name: "Global Firearms Programme".to_owned() }];
    let scope = Scope { area: "firearms", programmes: &programmes, params: &params };
    plain(&area_text(&scope, &firearms()))
}

#[test]
fn the_paragraph_reads_in_french_with_the_same_figures() {
    assert_eq!(
        paragraph_in(Language::French),
        "Du 1er février 2019 au 29 février 2020, dans le cadre de Global Firearms Programme, quatre activités \
         ont été menées dans cinq États (l'Arabie saoudite, le Cameroun, l'État plurinational de Bolivie, la \
         République centrafricaine et la République démocratique du Congo). Elles comprenaient deux ateliers et \
         deux activités d'assistance législative. Une assistance législative a été fournie à deux États (l'État \
         plurinational de Bolivie et la République centrafricaine). «\u{a0}Mutual legal assistance \
         workshop\u{a0}» a eu lieu à Riyadh du 20 au 24 octobre 2019 (l'Arabie saoudite). «\u{a0}Workshop for \
         Central African States\u{a0}» a eu lieu à Kinshasa du 5 au 7 novembre 2019, réunissant trois \
         États\u{a0}: le Cameroun, la République centrafricaine et la République démocratique du Congo. Au total, \
         69 participants ont pris part aux activités (19 femmes, 47 hommes et trois dont le sexe n'a pas été \
         enregistré), dont 20 procureurs et 12 policiers. Les activités ont contribué à une loi élaborée (l'État \
         plurinational de Bolivie). Les activités ont été financées par les États-Unis d'Amérique \
         (48\u{202f}000,00 USD)."
    );
}

#[test]
fn the_paragraph_reads_in_spanish_with_the_same_figures() {
    assert_eq!(
        paragraph_in(Language::Spanish),
        "Del 1 de febrero de 2019 al 29 de febrero de 2020, en el marco de Global Firearms Programme, se \
         realizaron cuatro actividades en cinco Estados (la Arabia Saudita, el Camerún, el Estado Plurinacional \
         de Bolivia, la República Centroafricana y la República Democrática del Congo). Entre ellas hubo dos \
         talleres y dos actividades de asistencia legislativa. Se prestó asistencia legislativa a dos Estados (el \
         Estado Plurinacional de Bolivia y la República Centroafricana). «Mutual legal assistance workshop» se \
         celebró en Riyadh del 20 al 24 de octubre de 2019 (la Arabia Saudita). «Workshop for Central African \
         States» se celebró en Kinshasa del 5 al 7 de noviembre de 2019, y reunió a tres Estados: el Camerún, la \
         República Centroafricana y la República Democrática del Congo. En total, asistieron 69 participantes \
         (19 mujeres, 47 hombres y tres cuyo sexo no se registró), entre ellos 20 fiscales y 12 agentes de \
         policía. Las actividades contribuyeron a una ley redactada (el Estado Plurinacional de Bolivia). Las \
         actividades fueron financiadas por los Estados Unidos de América (48.000,00 USD)."
    );
}

#[test]
fn a_reports_signature_verifies_and_fails_once_the_report_or_key_changes() {
    let key = tatrack_audit::HeadKey::generate().expect("a key");
    let ring = tatrack_audit::Keyring::new([key.public()]);
    let mut report: Report = serde_json::from_str(PUBLISHED).expect("a report published before reads");
    assert!(crate::signature::check(&report, &ring).is_err(), "a report published unsigned");

    crate::signature::sign(&mut report, &key);

    // The signature travels in report.json and checks offline with the public key alone.
    let published: Report =
        serde_json::from_str(&serde_json::to_string_pretty(&report).expect("writes")).expect("reads");
    assert_eq!(crate::signature::check(&published, &ring), Ok(()));
    let head = published.basis.signature.clone().expect("signed");
    assert_eq!(
        (head.seq, head.link.as_str(), head.key_id.as_str()),
        (report.basis.seq, report.basis.link.as_str(), key.public().id())
    );
    // Its Markdown evidence names the key and the signature.
    let markdown = crate::render::markdown(&published, "");
    assert!(markdown.contains(&head.signature) && markdown.contains(&head.key_id), "{markdown}");
    // Another link, or another key, does not check.
    let mut moved = published.clone();
    moved.basis.link = "00".repeat(32);
    assert!(crate::signature::check(&moved, &ring).unwrap_err().contains("not of the report's link"));
    let other = tatrack_audit::Keyring::new([tatrack_audit::HeadKey::generate().expect("a key").public()]);
    assert!(crate::signature::check(&published, &other).unwrap_err().contains("not among"));
}

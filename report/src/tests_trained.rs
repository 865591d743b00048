//! The people trained: counted once each from the attendance lists the log holds, published
//! with no cell of 1 to 4 people as a number, and told in each language.

use std::collections::BTreeMap;

use serde_json::json;
use tatrack_i18n::Language;

use crate::document::{Params, ProgrammeName};
use crate::model::{Gain, PeopleCount, Scope};
use crate::source::Records;
use crate::tests::year;
use crate::text::plain;
use crate::trained::{people, trained_figures};
use crate::writer::Writer;

/// Seven people: five women (one with a disability, one erased) and two men, one of whom (`m2`)
/// was merged into the other. Activity `a` lists all but `m2`, scored; `b` lists `w1`, `m1` and
/// `m2`; `c` (not one of the area's) lists `w5`.
fn records() -> Records {
    let participant = |sex: &str, disability: bool, merged_into: Option<&str>| {
        let answer = if disability { "cannot_do_at_all" } else { "no_difficulty" };
        serde_json::from_value(json!({
            "sealed": null,
            "categories": {
                "sex": sex, "age_band": "25_34", "institution": null, "country": "BOL",
                "disability": {"seeing": answer, "hearing": "no_difficulty", "walking": "no_difficulty",
                    "remembering": "no_difficulty", "self_care": "no_difficulty", "communicating": "no_difficulty"},
            },
            "consent": {"purpose": "training records", "given_on": "2026-01-05"},
            "not_same_as": [],
            "merged_into": merged_into.map(id),
            "erased": null,
        }))
        .expect("a participant record")
    };
    let attendee = |who: &str, scores: Option<(u8, u8)>| {
        serde_json::from_value(json!({
            "participant_id": id(who), "pre_score": scores.map(|s| s.0), "post_score": scores.map(|s| s.1),
            "match_confirmed": false,
        }))
        .expect("an attendee")
    };
    let mut records = Records::default();
    for (who, sex, disability, into) in [
        ("w1", "female", true, None),
        ("w2", "female", false, None),
        ("w3", "female", false, None),
        ("w4", "female", false, None),
        ("w5", "female", false, None),
        ("m1", "male", false, None),
        ("m2", "male", false, Some("m1")),
    ] {
        records.participants.insert(id(who), participant(sex, disability, into));
    }
    let a = ["w1", "w2", "w3", "w4", "m1"].map(|who| attendee(who, Some((40, 52))));
    records.attendance.insert("a".into(), a.to_vec());
    records.attendance.insert("b".into(), ["w1", "m1", "m2"].map(|who| attendee(who, None)).to_vec());
    records.attendance.insert("c".into(), vec![attendee("w5", Some((10, 90)))]);
    records
}

/// A participant id from a short name.
fn id(who: &str) -> String {
    let n = who.bytes().fold(0_u32, |n, b| n * 256 + u32::from(b));
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn scope_in(params: &Params) -> (Vec<ProgrammeName>, &Params) {
    (vec![ProgrammeName { code: "GLOFIREARMS".into(), name: "Global Firearms Programme".into() }], params)
}

#[test]
fn each_person_counts_once_and_small_cells_are_published_as_null() {
    let records = records();
    let params = year();
    let (programmes, params) = scope_in(&params);
    let scope = Scope { area: "firearms", programmes: &programmes, params };

    let trained = trained_figures(&scope, &["a", "b"], &records, &people(&records)).expect("lists");

    // w1..w4 and m1 (m2 is m1): five people; four women, one with a disability; w1 and m1 twice.
    assert_eq!(trained.distinct.value, PeopleCount(Some(5)));
    assert_eq!(trained.women.value, PeopleCount(None), "four women: fewer than five");
    assert_eq!(trained.with_disability.value, PeopleCount(None));
    assert_eq!(trained.more_than_once.value, PeopleCount(None));
    assert_eq!(trained.distinct.activities, ["a", "b"]);
    assert_eq!(trained.with_disability.activities, ["a", "b"]);
    let gain = trained.knowledge_gain.as_ref().expect("scores");
    assert_eq!(gain.value, Gain { trainings: 1, mean_gain: Some(12.into()) });
    assert_eq!(gain.activities, ["a"]);
    assert_eq!(gain.id, "firearms/people/knowledge_gain");
    let published: BTreeMap<String, serde_json::Value> = [&trained.distinct, &trained.women]
        .into_iter()
        .map(|f| (f.id.clone(), f.published().value))
        .chain(std::iter::once((gain.id.clone(), gain.published().value)))
        .collect();
    assert_eq!(published["firearms/people/distinct"], json!(5));
    assert_eq!(published["firearms/people/women"], json!(null));
    assert_eq!(published["firearms/people/knowledge_gain"], json!({"trainings": 1, "mean_gain": "12"}));
    assert!(trained_figures(&scope, &["d"], &records, &people(&records)).is_none(), "no list, no figure");
}

#[test]
fn a_gain_resting_on_fewer_than_five_attendees_is_not_published() {
    let records = records();
    let params = year();
    let (programmes, params) = scope_in(&params);
    let scope = Scope { area: "firearms", programmes: &programmes, params };

    let trained = trained_figures(&scope, &["c"], &records, &people(&records)).expect("a list");

    assert_eq!(trained.distinct.value, PeopleCount(None));
    assert_eq!(trained.knowledge_gain.map(|g| g.value), Some(Gain { trainings: 1, mean_gain: None }));
}

#[test]
fn the_people_trained_read_in_each_language_without_a_small_number() {
    let records = records();
    let told = |language| {
        let params = Params { language, ..year() };
        let (programmes, params) = scope_in(&params);
        let scope = Scope { area: "firearms", programmes: &programmes, params };
        let mut trained = trained_figures(&scope, &["a", "b"], &records, &people(&records)).expect("lists");
        trained.knowledge_gain.as_mut().expect("scores").value.mean_gain =
            Some(rust_decimal::Decimal::new(125, 1));
        let mut w = Writer::new(language);
        crate::trained::trained_text(&mut w, &trained);
        plain(&w.out)
    };
    assert_eq!(
        told(Language::English),
        "The attendance lists name five different people, among them fewer than five women and fewer than five \
         people with a disability; fewer than five people took part in more than one activity. Tested before and \
         after, participants' scores rose by 12.5 points out of 100 on average (one activity)."
    );
    assert_eq!(
        told(Language::French),
        "Les listes de présence recensent cinq personnes distinctes, dont moins de cinq femmes et moins de cinq \
         personnes handicapées\u{a0}; moins de cinq personnes ont participé à plus d'une activité. Entre les tests \
         initiaux et finaux, les scores des participants ont progressé en moyenne de 12,5 points sur 100 (une \
         activité)."
    );
    assert_eq!(
        told(Language::Spanish),
        "Las listas de asistencia recogen cinco personas distintas, entre ellas menos de cinco mujeres y menos de \
         cinco personas con discapacidad; menos de cinco personas participaron en más de una actividad. Según las \
         pruebas previas y posteriores, las puntuaciones de los participantes aumentaron en promedio 12,5 puntos \
         sobre 100 (una actividad)."
    );
}

//! The results framework, given / when / then: one test per event and per rule.
//!
//! The fixture is a programme with the outcome "Stronger firearms controls" and two indicators:
//! "people trained" (counted from trainings, by sex) and "share of seizures traced" (reported).

use rust_decimal::Decimal;
use uuid::Uuid;

use super::results::{ActualReport, DefineIndicator, DefineOutcome, IndicatorRevision, ResultsError};
use super::{Programme, ProgrammeCommand, ProgrammeError};
use crate::events::results::{
    ActualReported, CountRule, IndicatorDefined, IndicatorRevised, IndicatorTerms, IndicatorUnit,
    OutcomeDefined, YearValue,
};
use crate::events::{ProgrammeEvent, ProgrammeRegistration};
use crate::testing::{assert_each_recorded, assert_each_refused, assert_refused};
use crate::values::{IndicatorId, NonEmptyText, OutcomeId, ProgrammeCode};
use crate::vocabulary::{ActivityKind, ThematicArea};

fn text(value: &str) -> NonEmptyText {
    NonEmptyText::parse(value).expect("test text is not empty")
}

fn value(year: i32, value: &str) -> YearValue {
    YearValue { year, value: value.parse::<Decimal>().expect("test value") }
}

fn outcome_id() -> OutcomeId {
    OutcomeId::new(Uuid::from_u128(1))
}

fn trained_id() -> IndicatorId {
    IndicatorId::new(Uuid::from_u128(11))
}

fn traced_id() -> IndicatorId {
    IndicatorId::new(Uuid::from_u128(12))
}

fn registered() -> ProgrammeEvent {
    ProgrammeEvent::ProgrammeRegistered(ProgrammeRegistration {
        code: ProgrammeCode::parse("GLOFIREARMS").expect("test programme code"),
        name: text("Global Firearms Programme"),
        thematic_area: ThematicArea::Firearms,
        start: None,
        end: None,
    })
}

fn outcome_defined() -> ProgrammeEvent {
    ProgrammeEvent::OutcomeDefined(OutcomeDefined {
        outcome_id: outcome_id(),
        name: text("Stronger firearms controls"),
    })
}

/// People trained, counted from trainings, by sex: 0 in 2022, 300 targeted for 2024.
fn define_trained() -> DefineIndicator {
    DefineIndicator {
        id: trained_id(),
        outcome_id: outcome_id(),
        name: text("People trained"),
        unit: IndicatorUnit::Number,
        by_sex: true,
        baseline: Some(value(2022, "0")),
        targets: vec![value(2024, "300")],
        count: Some(CountRule::Participants { kind: Some(ActivityKind::Training) }),
    }
}

/// What defining `d` records, field by field.
fn defined(d: DefineIndicator) -> ProgrammeEvent {
    ProgrammeEvent::IndicatorDefined(IndicatorDefined {
        indicator_id: d.id,
        outcome_id: d.outcome_id,
        name: d.name,
        unit: d.unit,
        by_sex: d.by_sex,
        baseline: d.baseline,
        targets: d.targets,
        count: d.count,
    })
}

fn trained_defined() -> ProgrammeEvent {
    defined(define_trained())
}

/// Share of seized firearms traced, reported by a manager: 12.5 % in 2022, 40 % targeted.
fn define_traced() -> DefineIndicator {
    DefineIndicator {
        id: traced_id(),
        outcome_id: outcome_id(),
        name: text("Seized firearms traced"),
        unit: IndicatorUnit::Percentage,
        by_sex: false,
        baseline: Some(value(2022, "12.5")),
        targets: vec![value(2024, "40")],
        count: None,
    }
}

fn traced_defined() -> ProgrammeEvent {
    defined(define_traced())
}

fn framework() -> Vec<ProgrammeEvent> {
    vec![registered(), outcome_defined(), trained_defined(), traced_defined()]
}

fn rule(error: ResultsError) -> ProgrammeError {
    ProgrammeError::Results(error)
}

fn revision() -> IndicatorRevision {
    IndicatorRevision { name: None, baseline: None, targets: None, reason: text("donor agreed new targets") }
}

fn revise(revision: IndicatorRevision) -> ProgrammeCommand {
    ProgrammeCommand::ReviseIndicator { indicator_id: traced_id(), revision }
}

fn report(year: i32, value: &str) -> ActualReport {
    ActualReport { year, value: value.parse().expect("test value"), reason: text("national tracing report") }
}

fn report_traced(report: ActualReport) -> ProgrammeCommand {
    ProgrammeCommand::ReportActual { indicator_id: traced_id(), report }
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/// The terms of the traced indicator as [`define_traced`] defines them.
fn traced_terms() -> IndicatorTerms {
    IndicatorTerms {
        name: text("Seized firearms traced"),
        baseline: Some(value(2022, "12.5")),
        targets: vec![value(2024, "40")],
    }
}

/// What revising the traced indicator's terms to `after` records.
fn traced_revised(after: IndicatorTerms) -> ProgrammeEvent {
    ProgrammeEvent::IndicatorRevised(IndicatorRevised {
        indicator_id: traced_id(),
        reason: text("donor agreed new targets"),
        before: traced_terms(),
        after,
    })
}

#[test]
fn each_results_command_records_its_event() {
    let outcome = DefineOutcome { id: outcome_id(), name: text("Stronger firearms controls") };
    let targets = vec![value(2024, "45"), value(2025, "60")];
    assert_each_recorded::<Programme>(vec![
        // Defining an outcome.
        (vec![registered()], ProgrammeCommand::DefineOutcome(outcome), vec![outcome_defined()]),
        // Defining a counted indicator.
        (
            vec![registered(), outcome_defined()],
            ProgrammeCommand::DefineIndicator(define_trained()),
            vec![trained_defined()],
        ),
        // Defining a reported percentage indicator.
        (
            vec![registered(), outcome_defined()],
            ProgrammeCommand::DefineIndicator(define_traced()),
            vec![traced_defined()],
        ),
        // Revising targets records the terms before and after.
        (
            framework(),
            revise(IndicatorRevision { targets: Some(targets.clone()), ..revision() }),
            vec![traced_revised(IndicatorTerms { targets, ..traced_terms() })],
        ),
        // A revision can remove the baseline.
        (
            framework(),
            revise(IndicatorRevision { baseline: Some(None), ..revision() }),
            vec![traced_revised(IndicatorTerms { baseline: None, ..traced_terms() })],
        ),
        // Reporting an actual.
        (
            framework(),
            report_traced(report(2024, "37.5")),
            vec![ProgrammeEvent::ActualReported(ActualReported {
                indicator_id: traced_id(),
                year: 2024,
                value: "37.5".parse().expect("test value"),
                reason: text("national tracing report"),
            })],
        ),
    ]);
}

#[test]
fn a_second_report_of_a_year_replaces_the_first_in_the_record() {
    let mut programme = Programme::default();
    let mut events = framework();
    for v in ["30", "37.5"] {
        let command = report_traced(report(2024, v));
        let mut state = Programme::default();
        for e in &events {
            cqrs_es::Aggregate::apply(&mut state, e.clone());
        }
        events.extend(state.decide(command).expect("the report is accepted"));
    }
    for e in events {
        cqrs_es::Aggregate::apply(&mut programme, e);
    }
    let record = programme.record().expect("registered");
    let traced = record.results.indicator(traced_id()).expect("defined");
    assert_eq!(traced.reported.len(), 1);
    assert_eq!(traced.reported[0].value, "37.5".parse::<Decimal>().expect("test value"));
}

#[test]
fn revision_and_report_carry_their_reason_for_the_metadata() {
    assert_eq!(revise(revision()).reason(), Some(&text("donor agreed new targets")));
    assert_eq!(report_traced(report(2024, "1")).reason(), Some(&text("national tracing report")));
    assert_eq!(ProgrammeCommand::DefineIndicator(define_traced()).reason(), None);
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

#[test]
fn an_outcome_or_indicator_breaking_a_rule_is_refused() {
    let counted_percentage = DefineIndicator { unit: IndicatorUnit::Percentage, ..define_trained() };
    let over_100 = DefineIndicator { targets: vec![value(2024, "100.5")], ..define_traced() };
    let year_twice =
        DefineIndicator { targets: vec![value(2024, "1"), value(2024, "2")], ..define_trained() };
    let bad_name = DefineOutcome { id: outcome_id(), name: text("bad\u{7}name") };
    let defined = vec![registered(), outcome_defined()];
    assert_each_refused::<Programme>(vec![
        // Results of an unregistered programme.
        (
            vec![],
            ProgrammeCommand::DefineOutcome(DefineOutcome { id: outcome_id(), name: text("x") }),
            ProgrammeError::NotRegistered,
        ),
        // An outcome id is defined once.
        (
            framework(),
            ProgrammeCommand::DefineOutcome(DefineOutcome { id: outcome_id(), name: text("Again") }),
            rule(ResultsError::OutcomeExists),
        ),
        // An indicator id is defined once.
        (
            framework(),
            ProgrammeCommand::DefineIndicator(define_traced()),
            rule(ResultsError::IndicatorExists),
        ),
        // An indicator needs an outcome of the programme.
        (
            vec![registered()],
            ProgrammeCommand::DefineIndicator(define_traced()),
            rule(ResultsError::UnknownOutcome),
        ),
        // A counted indicator is a number.
        (
            defined.clone(),
            ProgrammeCommand::DefineIndicator(counted_percentage),
            rule(ResultsError::CountedPercentage),
        ),
        // A percentage is at most 100.
        (
            defined.clone(),
            ProgrammeCommand::DefineIndicator(over_100),
            rule(ResultsError::PercentageOver100 { field: "targets[0].value".into() }),
        ),
        // An indicator has one target per year.
        (
            defined,
            ProgrammeCommand::DefineIndicator(year_twice),
            rule(ResultsError::TargetYearRepeated { field: "targets[1].year".into() }),
        ),
        // Results text obeys the text rule.
        (
            vec![registered()],
            ProgrammeCommand::DefineOutcome(bad_name),
            ProgrammeError::Text(crate::bounds::ControlCharacter { field: "name".into() }),
        ),
    ]);
}

#[test]
fn years_fall_in_the_accepted_range() {
    let cases = [
        (DefineIndicator { baseline: Some(value(1899, "1")), ..define_traced() }, "baseline.year"),
        (
            DefineIndicator { targets: vec![value(2024, "1"), value(2201, "1")], ..define_traced() },
            "targets[1].year",
        ),
    ];
    for (command, field) in cases {
        let command = ProgrammeCommand::DefineIndicator(command);
        let refused = rule(ResultsError::YearOutOfRange { field: field.into() });
        assert_refused::<Programme>(vec![registered(), outcome_defined()], command, refused);
    }
}

#[test]
fn values_are_bounded_and_not_too_precise() {
    for v in ["1000000000000.1", "1.00001"] {
        let command = DefineIndicator { baseline: Some(value(2022, v)), ..define_trained() };
        let refused = rule(ResultsError::ValueOutOfRange { field: "baseline.value".into() });
        let given = vec![registered(), outcome_defined()];
        assert_refused::<Programme>(given, ProgrammeCommand::DefineIndicator(command), refused);
    }
}

#[test]
fn a_revision_that_changes_nothing_is_refused() {
    for same in [
        revision(),
        IndicatorRevision { name: Some(text("Seized firearms traced")), ..revision() },
        IndicatorRevision { targets: Some(vec![value(2024, "40")]), ..revision() },
    ] {
        assert_refused::<Programme>(framework(), revise(same), rule(ResultsError::NothingRevised));
    }
}

#[test]
fn a_revision_or_report_breaking_a_rule_is_refused() {
    let over_100 = IndicatorRevision { targets: Some(vec![value(2024, "140")]), ..revision() };
    let defined = vec![registered(), outcome_defined()];
    assert_each_refused::<Programme>(vec![
        // Revising an unknown indicator.
        (
            defined.clone(),
            revise(IndicatorRevision { name: Some(text("x")), ..revision() }),
            rule(ResultsError::UnknownIndicator),
        ),
        // A revision obeys the value rules.
        (
            framework(),
            revise(over_100),
            rule(ResultsError::PercentageOver100 { field: "targets[0].value".into() }),
        ),
        // A counted indicator's actual cannot be reported.
        (
            framework(),
            ProgrammeCommand::ReportActual { indicator_id: trained_id(), report: report(2024, "10") },
            rule(ResultsError::ActualOfCountedIndicator),
        ),
        // Reporting for an unknown indicator.
        (defined, report_traced(report(2024, "10")), rule(ResultsError::UnknownIndicator)),
    ]);
}

#[test]
fn a_reported_actual_obeys_the_year_and_value_rules() {
    let cases = [
        (report(2300, "10"), ResultsError::YearOutOfRange { field: "year".into() }),
        (report(2024, "101"), ResultsError::PercentageOver100 { field: "value".into() }),
    ];
    for (report, error) in cases {
        assert_refused::<Programme>(framework(), report_traced(report), rule(error));
    }
}

#[test]
fn people_trained_and_knowledge_gain_are_counts_read_from_their_json() {
    use crate::events::results::PeopleFilter;
    let cases = [
        (r#"{"of":"people_trained"}"#, CountRule::PeopleTrained { kind: None, who: None }),
        (
            r#"{"of":"people_trained","kind":"training","who":"women"}"#,
            CountRule::PeopleTrained { kind: Some(ActivityKind::Training), who: Some(PeopleFilter::Women) },
        ),
        (
            r#"{"of":"people_trained","who":"with_disability"}"#,
            CountRule::PeopleTrained { kind: None, who: Some(PeopleFilter::WithDisability) },
        ),
        (
            r#"{"of":"knowledge_gain","kind":"training"}"#,
            CountRule::KnowledgeGain { kind: Some(ActivityKind::Training) },
        ),
    ];
    for (json, rule) in cases {
        assert_eq!(serde_json::from_str::<CountRule>(json).expect(json), rule);
        assert!(rule.counts_people());
    }
    for refused in
        [r#"{"of":"people_trained","who":"children"}"#, r#"{"of":"knowledge_gain","output":"other"}"#]
    {
        assert!(serde_json::from_str::<CountRule>(refused).is_err(), "{refused}");
    }
    assert!(!CountRule::Participants { kind: None }.counts_people());
}

#[test]
fn a_count_of_people_trained_or_of_knowledge_gain_is_defined_and_never_a_percentage() {
    let people = DefineIndicator {
        count: Some(CountRule::PeopleTrained { kind: None, who: None }),
        ..define_trained()
    };
    let gain = DefineIndicator {
        id: traced_id(),
        unit: IndicatorUnit::Number,
        by_sex: false,
        targets: vec![value(2024, "15.5")],
        count: Some(CountRule::KnowledgeGain { kind: Some(ActivityKind::Training) }),
        ..define_traced()
    };
    let defined_people = defined(people.clone());
    assert_each_recorded::<Programme>(vec![
        (
            vec![registered(), outcome_defined()],
            ProgrammeCommand::DefineIndicator(people),
            vec![defined_people],
        ),
        (
            vec![registered(), outcome_defined()],
            ProgrammeCommand::DefineIndicator(gain.clone()),
            vec![defined(gain.clone())],
        ),
    ]);
    let as_percentage = DefineIndicator { unit: IndicatorUnit::Percentage, ..gain };
    assert_refused::<Programme>(
        vec![registered(), outcome_defined()],
        ProgrammeCommand::DefineIndicator(as_percentage),
        rule(ResultsError::CountedPercentage),
    );
}

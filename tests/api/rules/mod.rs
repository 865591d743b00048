//! Every domain rule's error over HTTP: the status, the problem type and the field at fault, and
//! proof that a refused command wrote nothing.
//!
//! Beside this file: `refusals` (sending a refused command and checking nothing changed), and
//! the scenarios by what they refuse: `plans`, `activities` (commands on an activity) and
//! `programmes`.

mod activities;
mod plans;
mod programmes;
mod refusals;

use activities::{
    a_reported_activity_takes_only_corrections, amendments_and_voiding_breaking_a_rule_are_refused,
    commands_on_an_unknown_activity_are_not_found, commands_out_of_turn_are_refused,
    corrections_breaking_a_rule_are_refused, participant_breakdowns_must_fit_the_activity,
    values_breaking_a_rule_are_refused,
};
use plans::{
    a_second_plan_for_the_same_id_is_refused, lower_case_codes_are_accepted_and_normalised,
    plans_breaking_a_rule_record_nothing,
};
use programmes::{
    a_refused_registration_leaves_its_code_free, a_repeated_registration_leaves_its_new_code_free,
    programme_rules_are_enforced,
};

tatrack_testkit::on_both_backends!(
    plans_breaking_a_rule_record_nothing,
    lower_case_codes_are_accepted_and_normalised,
    a_second_plan_for_the_same_id_is_refused,
    values_breaking_a_rule_are_refused,
    participant_breakdowns_must_fit_the_activity,
    commands_out_of_turn_are_refused,
    a_reported_activity_takes_only_corrections,
    corrections_breaking_a_rule_are_refused,
    amendments_and_voiding_breaking_a_rule_are_refused,
    commands_on_an_unknown_activity_are_not_found,
    programme_rules_are_enforced,
    a_refused_registration_leaves_its_code_free,
    a_repeated_registration_leaves_its_new_code_free,
);

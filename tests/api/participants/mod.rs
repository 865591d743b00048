//! Participants as people (issue 28): registration with sealed details, likely matches, merges
//! and splits, subject access, erasure that leaves no identifying value anywhere while the
//! chain verifies and every count stays, distinct-people figures checked against numbers
//! counted here, suppression for donors, and the attendance sheet's preview.
//!
//! - `donors`: suppression for donors, and an organisation's people counted once under all of its names.
//! - `helpers`: an activity to attend, a person to register, waiting for the read models.
//! - `erasure`: after an erasure, nothing identifying in the database, its files, the audit
//!   export, the answers or the exports.
//! - `figures`: distinct people across activities, a person twice, a merge, a split, an erasure.
//! - `rules`: matches, merge and split rules, subject access, the sheet preview.

mod donors;
mod erasure;
mod figures;
mod helpers;
mod rules;

use tatrack_testkit::on_both_backends;

use donors::{
    a_person_trained_under_two_names_of_a_funder_is_one_person, small_cells_are_hidden_from_donors,
};
use erasure::an_erased_person_leaves_no_identifying_value_and_every_count_stays;
use figures::distinct_people_match_the_count_made_here;
use rules::{
    a_sheet_is_previewed_from_csv_and_xlsx, an_adviser_reads_only_the_people_of_their_scope,
    bad_input_is_refused_with_a_problem, matches_merges_splits_and_subject_access_follow_their_rules,
};

on_both_backends!(
    a_person_trained_under_two_names_of_a_funder_is_one_person,
    an_erased_person_leaves_no_identifying_value_and_every_count_stays,
    distinct_people_match_the_count_made_here,
    matches_merges_splits_and_subject_access_follow_their_rules,
    small_cells_are_hidden_from_donors,
    an_adviser_reads_only_the_people_of_their_scope,
    a_sheet_is_previewed_from_csv_and_xlsx,
    bad_input_is_refused_with_a_problem,
);

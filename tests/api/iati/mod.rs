//! IATI 2.03 activity XML: what each activity becomes, on edge cases (a regional activity, a
//! cancelled one, one without funding, several currencies, text that needs escaping, more
//! activities than a page), and a donor's document holding only its scope.
//!
//! Each document is parsed back here and checked element by element. With
//! `TATRACK_IATI_DUMP_DIR` set, each is also written there, and `scripts/iati-check` (part of
//! `scripts/test`) validates them against the official 2.03 XSD with xmllint and checks the
//! codelists and IATI rules the schema leaves out.
//!
//! Beside this file: `document` (the document fetched, kept and parsed back, and what the
//! scenarios record in it), `activities` (what each activity becomes) and `publishing` (whole
//! documents: scopes, pages, refusals, settings).

mod activities;
mod document;
mod publishing;

use activities::{
    a_cancelled_activity_has_no_actual_dates, a_regional_activity_splits_its_countries_to_exactly_100,
    a_results_framework_is_written_as_outcome_results, a_voided_activity_is_not_published,
    an_activity_without_funding_has_no_transaction, funding_in_several_currencies_keeps_each_currency,
    registered_donors_carry_their_iati_identifier_and_canonical_name, text_is_escaped_and_reads_back_exactly,
};
use publishing::{
    a_document_spans_many_pages, a_donor_document_holds_only_its_scope,
    a_record_that_left_the_scope_is_skipped_while_the_list_lags, refusals_are_problems,
    the_publisher_and_sector_overrides_apply, without_an_org_ref_the_export_is_refused,
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

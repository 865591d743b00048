//! Bulk import: every problem of a dry run at once, all or nothing versus partial, importing a
//! file twice writes once, provenance in history and in the audit feed, scope, bad files.
//!
//! Beside this file: `build` (the files the tests import, and sending them; `import_cells` and
//! `import_problems` use it too), `rows` (what an import makes of its rows), `formats` (the
//! files themselves: bad ones, XLSX, the templates) and `scoped` (dates in words, the template in
//! the caller's scope).

mod build;
mod formats;
mod rows;
mod scoped;

pub(crate) use build::{
    assert_rows_refused, csv, expected, import_ok, planned, problems, programme, row, upload, zip_of, HEADER,
};

use formats::{bad_files_are_4xx_problems, xlsx_rows_and_both_templates_import};
use rows::{
    a_dry_run_reports_every_problem_at_once, a_header_with_unknown_or_missing_columns_is_refused,
    all_or_nothing_by_default_and_partial_on_request, an_adviser_imports_only_within_its_scope,
    importing_a_file_twice_writes_it_once_with_its_provenance,
};
use scoped::{
    a_date_that_does_not_exist_is_named_in_words,
    the_template_lies_in_the_advisers_scope_and_imports_as_downloaded,
};

tatrack_testkit::on_both_backends!(
    a_dry_run_reports_every_problem_at_once,
    a_header_with_unknown_or_missing_columns_is_refused,
    importing_a_file_twice_writes_it_once_with_its_provenance,
    all_or_nothing_by_default_and_partial_on_request,
    an_adviser_imports_only_within_its_scope,
    bad_files_are_4xx_problems,
    xlsx_rows_and_both_templates_import,
    a_date_that_does_not_exist_is_named_in_words,
    the_template_lies_in_the_advisers_scope_and_imports_as_downloaded,
);

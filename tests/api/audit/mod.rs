//! Audits: an activity and the summaries as they stood at any instant, histories that name the
//! old and new values, the global feed of every event, and the hash chain that makes tampering
//! with the stored log evident.
//!
//! Beside this file: `store` (reaching the store directly, as someone with database access
//! would) and `helpers`, then one module per part: `as_of`, `histories`, `feed`, `tampering`, `signed`.

mod as_of;
mod feed;
mod helpers;
mod histories;
mod signed;
mod store;
mod tampering;

use as_of::corrections_over_several_days_give_the_right_states_and_summaries;
use feed::the_audit_feed_pages_every_event_once_in_order;
use histories::{a_history_reads_in_french_and_in_spanish, history_names_old_and_new_values_and_the_reason};
use signed::{
    a_signed_chain_catches_a_rewrite_with_recomputed_links, an_unsigned_server_reports_its_chain_unsigned,
};
use tampering::tampering_is_detected;

tatrack_testkit::on_both_backends!(
    corrections_over_several_days_give_the_right_states_and_summaries,
    history_names_old_and_new_values_and_the_reason,
    a_history_reads_in_french_and_in_spanish,
    the_audit_feed_pages_every_event_once_in_order,
    tampering_is_detected,
    a_signed_chain_catches_a_rewrite_with_recomputed_links,
    an_unsigned_server_reports_its_chain_unsigned,
);

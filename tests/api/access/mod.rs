//! Access control: who may do what, with which token.
//!
//! - `world`: the programmes, activities and tokens the scenarios share;
//! - `matrix`: every route, every role;
//! - `scoped`: what scoped callers see;
//! - `tokens`: bad tokens, digests only, the actor, the audit trail, the rate limit, refusals.

mod matrix;
mod scoped;
mod tokens;
mod world;

use matrix::every_endpoint_answers_each_role_as_the_rules_say;
use scoped::scoped_roles_see_exactly_their_slice;
use tokens::{
    a_flood_of_requests_gets_429, a_refusal_names_the_role_it_saw_and_the_roles_it_needs,
    a_token_revoked_elsewhere_stops_working_within_a_second, bad_tokens_get_401_with_a_bearer_challenge,
    the_actor_is_the_tokens_name, token_management_is_audited, tokens_are_stored_and_listed_only_as_digests,
};

tatrack_testkit::on_both_backends!(
    bad_tokens_get_401_with_a_bearer_challenge,
    a_token_revoked_elsewhere_stops_working_within_a_second,
    every_endpoint_answers_each_role_as_the_rules_say,
    scoped_roles_see_exactly_their_slice,
    tokens_are_stored_and_listed_only_as_digests,
    the_actor_is_the_tokens_name,
    token_management_is_audited,
    a_flood_of_requests_gets_429,
    a_refusal_names_the_role_it_saw_and_the_roles_it_needs,
);

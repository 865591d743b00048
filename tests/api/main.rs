//! Black-box tests: a real tatrack server over HTTP, against a real PostgreSQL database (one per
//! test) and a real SQLite file. Every scenario runs on both backends.

mod access;
mod audit;
mod bad_input;
mod claims;
mod concurrency;
mod demo;
mod helpers;
mod idempotency;
mod lifecycle;
mod openapi;
mod projections;
mod restart;
mod rules;
mod summaries;
mod time_travel;

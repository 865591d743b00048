//! Black-box tests: a real tatrack server over HTTP, against a real PostgreSQL database (one per
//! test) and a real SQLite file. Every scenario runs on both backends.

mod access;
mod amendments;
mod audit;
mod bad_input;
mod claims;
mod concurrency;
mod demo;
mod edges;
mod exact_sums;
mod exports;
mod funders;
mod iati;
mod idempotency;
mod import_cells;
mod import_problems;
mod imports;
mod leadership;
mod lifecycle;
mod metrics;
mod noncharacters;
mod numbers;
mod openapi;
mod operations;
mod organisation_names;
mod organisations;
mod projections;
mod reports;
mod restart;
mod results;
mod rules;
mod scope;
mod summaries;
mod time_travel;
mod upcasting;
mod web;

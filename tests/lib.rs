//! Black-box tests of tatrack over HTTP; see api/main.rs.

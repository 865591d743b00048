//! This server's address as the client reached it: a proxy that ends TLS says so with
//! `X-Forwarded-Proto: https` (this server itself speaks plain HTTP), and `Host` names it.

use axum::http::header::HOST;
use axum::http::HeaderMap;

/// Whether the request came over TLS, through a proxy.
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// `https://host:port` as the client reached this server, for links that must work outside
/// it (a saved report); empty, so links stay relative, when `Host` is missing or is not a
/// plain host and port.
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if host.is_empty() || !host.chars().all(plain) {
        return String::new();
    }
    format!("{}://{host}", if over_tls(headers) { "https" } else { "http" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().expect("a name"), v.parse().expect("a value"))).collect()
    }

    #[test]
    fn the_origin_is_the_host_the_client_reached_over_its_scheme() {
        assert_eq!(origin(&headers(&[("host", "127.0.0.1:8080")])), "http://127.0.0.1:8080");
        let proxied = headers(&[("host", "tatrack.example.org"), ("x-forwarded-proto", "https")]);
        assert_eq!(origin(&proxied), "https://tatrack.example.org");
        assert_eq!(origin(&headers(&[("host", "[::1]:80")])), "http://[::1]:80");
        assert_eq!(origin(&headers(&[("host", "evil\"><script>")])), "");
        assert_eq!(origin(&headers(&[("host", "a/b@c")])), "");
        assert_eq!(origin(&HeaderMap::new()), "");
    }
}

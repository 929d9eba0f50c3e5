//! Transport safety: Graph and authority URLs must use `https://`; plain `http://` is accepted only
//! for a loopback host (127.0.0.0/8, ::1, `localhost`), where tests and local emulators live.
//!
//! Pure: inspects a URL, does no I/O.

use std::net::IpAddr;

use url::{Host, Url};

/// Whether `url` may carry a token: `https://` anywhere, `http://` only to a loopback host.
/// The error text says why not, for the caller to wrap.
pub fn check_transport(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(format!(
            "{url} uses plain http:// to a host that is not loopback; tokens would travel unencrypted"
        )),
        other => Err(format!("{url} uses the unsupported scheme `{other}`")),
    }
}

/// True when the URL's host is a loopback address or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn check(s: &str) -> Result<(), String> {
        check_transport(&Url::parse(s).unwrap())
    }

    #[test]
    fn https_is_accepted_everywhere() {
        assert!(check("https://graph.microsoft.us").is_ok());
    }

    #[test]
    fn http_is_accepted_only_for_loopback() {
        assert!(check("http://127.0.0.1:8080").is_ok());
        assert!(check("http://[::1]:8080").is_ok());
        assert!(check("http://localhost:1").is_ok());
        assert!(check("http://graph.microsoft.com").is_err());
        assert!(check("http://10.0.0.1").is_err());
        assert!(check("http://127.0.0.1.example.com").is_err());
    }

    #[test]
    fn other_schemes_are_refused() {
        assert!(check("ftp://127.0.0.1").is_err());
    }
}

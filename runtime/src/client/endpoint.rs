//! Endpoint settings: a host name or a full URL, turned into where to connect and the
//! `Host` value that is signed.

use crate::error::BuildError;
use crate::transport::Url;

/// Returns the request URL and the `Host` value of an endpoint setting.
pub(super) fn parse_endpoint(endpoint: &str) -> Result<(Url, String), BuildError> {
    let bad = |reason: &str| BuildError::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: reason.to_owned(),
    };
    let full = if endpoint.contains("://") {
        endpoint.to_owned()
    } else {
        format!("https://{endpoint}")
    };
    let url = Url::parse(&full).map_err(|e| bad(&e.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("credentials in the URL are not supported"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "the API is served at the root path; give only scheme, host and port",
        ));
    }
    let host = crate::transport::authority_of(&url).ok_or_else(|| bad("no host"))?;
    Ok((url, host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let ok = |e: &str| {
            let (url, host) = parse_endpoint(e).unwrap();
            (url.to_string(), host)
        };
        assert_eq!(
            ok("essbasic.tencentcloudapi.com"),
            (
                "https://essbasic.tencentcloudapi.com/".into(),
                "essbasic.tencentcloudapi.com".into()
            )
        );
        assert_eq!(
            ok("http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/".into(), "127.0.0.1:8080".into())
        );
        assert_eq!(
            ok("http://127.0.0.1:8080/"),
            ("http://127.0.0.1:8080/".into(), "127.0.0.1:8080".into())
        );
        assert_eq!(
            ok("https://h.example:443"),
            ("https://h.example/".into(), "h.example".into())
        );
        assert_eq!(
            ok("host.example:8443"),
            (
                "https://host.example:8443/".into(),
                "host.example:8443".into()
            )
        );
        assert_eq!(
            ok("http://[::1]:9000"),
            ("http://[::1]:9000/".into(), "[::1]:9000".into())
        );
        for bad in [
            "ftp://h",
            "http://h/path",
            "http://u:p@h",
            "http://",
            "",
            "http://h/?q=1",
        ] {
            assert!(parse_endpoint(bad).is_err(), "{bad}");
        }
    }
}

//! Endpoint settings: a host name or a full URL, turned into where to connect and the
//! `Host` value that is signed.

use crate::error::BuildError;
use crate::transport::{HeaderValue, Url};
use crate::{Environment, HostRole, ServiceMeta};

/// Where the requests of one host go, and the `Host` value they sign.
#[derive(Debug, Clone)]
pub(super) struct Target {
    /// Where to connect and send.
    pub url: Url,
    /// The logical `host[:port]`, signed and sent as `Host`.
    pub host: String,
    /// `host` as a header value, made once.
    pub host_value: HeaderValue,
}

/// The targets of a client, one per [`HostRole`].
#[derive(Debug, Clone)]
pub(super) struct Targets {
    main: Target,
    file: Target,
}

impl Targets {
    /// Resolves the settings: an explicit endpoint serves every role; otherwise the
    /// environment's hosts (HTTPS). `connect_to` then replaces where requests go,
    /// keeping the signed hosts.
    pub fn resolve(
        service: &ServiceMeta,
        environment: Environment,
        endpoint: Option<&str>,
        connect_to: Option<&str>,
    ) -> Result<Self, BuildError> {
        let target = |endpoint: &str| {
            let (url, host) = parse_endpoint(endpoint)?;
            // A parsed URL's authority is always a valid header value.
            let host_value =
                HeaderValue::from_str(&host).map_err(|e| BuildError::InvalidEndpoint {
                    endpoint: endpoint.to_owned(),
                    reason: e.to_string(),
                })?;
            Ok::<_, BuildError>(Target {
                url,
                host,
                host_value,
            })
        };
        let mut targets = match endpoint {
            Some(e) => {
                let t = target(e)?;
                Targets {
                    main: t.clone(),
                    file: t,
                }
            }
            None => {
                let hosts =
                    service
                        .hosts(environment)
                        .ok_or_else(|| BuildError::InvalidSetting {
                            what: "environment",
                            reason: format!(
                                "the service {} has no {} environment",
                                service.name,
                                environment.as_str()
                            ),
                        })?;
                Targets {
                    main: target(hosts.get(HostRole::Main))?,
                    file: target(hosts.get(HostRole::File))?,
                }
            }
        };
        if let Some(connect_to) = connect_to {
            let (url, _) = parse_endpoint(connect_to)?;
            targets.main.url = url.clone();
            targets.file.url = url;
        }
        Ok(targets)
    }

    /// The target of actions of `role`.
    pub fn get(&self, role: HostRole) -> &Target {
        match role {
            HostRole::File => &self.file,
            _ => &self.main,
        }
    }
}

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

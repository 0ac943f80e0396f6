//! Static descriptions of services and actions, emitted by the code generator, and
//! the environments and hosts they are served from.

/// Static description of one Tencent Cloud service, emitted by the code generator.
///
/// ```
/// use tencentcloud_runtime::{Hosts, ServiceMeta};
///
/// static SERVICE: ServiceMeta = ServiceMeta {
///     name: "essbasic",
///     version: "2021-05-26",
///     production: Hosts::new("essbasic.tencentcloudapi.com").with_file("file.ess.tencent.cn"),
///     test: Some(Hosts::new("essbasic.test.ess.tencent.cn").with_file("file.test.ess.tencent.cn")),
///     default_rate_limit: 20,
/// };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceMeta {
    /// Short service name used in the signature scope, e.g. `"essbasic"`. The same in
    /// every environment and for every host.
    pub name: &'static str,
    /// API version sent as `X-TC-Version`, e.g. `"2021-05-26"`.
    pub version: &'static str,
    /// Hosts of the production environment (the default).
    pub production: Hosts,
    /// Hosts of the test environment, when the service has one.
    pub test: Option<Hosts>,
    /// Rate limit (requests per second) used for actions that do not state their own.
    pub default_rate_limit: u32,
}

impl ServiceMeta {
    /// The hosts of `environment`, or `None` when the service has no such environment.
    pub fn hosts(&self, environment: Environment) -> Option<&Hosts> {
        match environment {
            Environment::Production => Some(&self.production),
            Environment::Test => self.test.as_ref(),
        }
    }
}

/// The host names one environment of a service is served from (names only: HTTPS on
/// the default port).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hosts {
    /// The host of every action without a [`HostRole`] override, e.g.
    /// `"essbasic.tencentcloudapi.com"`.
    pub main: &'static str,
    /// The host of [`HostRole::File`] actions (uploads), e.g. `"file.ess.tencent.cn"`;
    /// `None`: they use `main`.
    pub file: Option<&'static str>,
}

impl Hosts {
    /// Only a main host.
    pub const fn new(main: &'static str) -> Self {
        Hosts { main, file: None }
    }

    /// Adds the host of file actions.
    pub const fn with_file(mut self, file: &'static str) -> Self {
        self.file = Some(file);
        self
    }

    /// The host serving actions of `role` (the main host when the role has none).
    pub fn get(&self, role: HostRole) -> &'static str {
        match role {
            HostRole::Main => self.main,
            HostRole::File => self.file.unwrap_or(self.main),
        }
    }
}

/// Which deployment of a service a client talks to
/// ([`crate::ClientBuilder::environment`]).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Environment {
    /// The production hosts ([`ServiceMeta::production`]); the default.
    #[default]
    Production,
    /// The test hosts ([`ServiceMeta::test`]), e.g. `essbasic.test.ess.tencent.cn`.
    Test,
}

impl Environment {
    /// Parses `"production"` / `"prod"` or `"test"` (any case, surrounding spaces
    /// ignored).
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "production" | "prod" => Some(Environment::Production),
            "test" => Some(Environment::Test),
            _ => None,
        }
    }

    /// `"production"` or `"test"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Test => "test",
        }
    }
}

/// Which of a service's hosts serves an action ([`ActionMeta::host`]).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum HostRole {
    /// The service's main host ([`Hosts::main`]); the default.
    #[default]
    Main,
    /// The file host ([`Hosts::file`]), e.g. for `UploadFiles`.
    File,
}

/// Static description of one action of a service, emitted by the code generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionMeta {
    /// Action name sent as `X-TC-Action`, e.g. `"ModifyExtendedService"`: visible
    /// ASCII only (a call with any other name panics, as a bug in the description).
    pub name: &'static str,
    /// Documented server-side limit in requests per second (0 = use the service default).
    pub rate_limit: u32,
    /// The host serving this action, in whichever environment the client uses.
    pub host: HostRole,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_per_role_and_environment() {
        let svc = ServiceMeta {
            name: "s",
            version: "v",
            production: Hosts::new("main.example").with_file("file.example"),
            test: None,
            default_rate_limit: 1,
        };
        let prod = svc.hosts(Environment::Production).unwrap();
        assert_eq!(prod.get(HostRole::Main), "main.example");
        assert_eq!(prod.get(HostRole::File), "file.example");
        assert_eq!(Hosts::new("m").get(HostRole::File), "m");
        assert!(svc.hosts(Environment::Test).is_none());
        assert_eq!(Environment::parse(" TEST "), Some(Environment::Test));
        assert_eq!(Environment::parse("prod"), Some(Environment::Production));
        assert_eq!(Environment::parse("staging"), None);
        assert_eq!(Environment::default().as_str(), "production");
    }
}

//! Static descriptions of services and actions, emitted by the code generator.

/// Static description of one Tencent Cloud service, emitted by the code generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceMeta {
    /// Short service name used in the signature scope, e.g. `"essbasic"`.
    pub name: &'static str,
    /// API version sent as `X-TC-Version`, e.g. `"2021-05-26"`.
    pub version: &'static str,
    /// Default host name of the service, e.g. `"essbasic.tencentcloudapi.com"`.
    pub endpoint: &'static str,
    /// Rate limit (requests per second) used for actions that do not state their own.
    pub default_rate_limit: u32,
}

/// Static description of one action of a service, emitted by the code generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionMeta {
    /// Action name sent as `X-TC-Action`, e.g. `"ModifyExtendedService"`: visible
    /// ASCII only (a call with any other name panics, as a bug in the description).
    pub name: &'static str,
    /// Documented server-side limit in requests per second (0 = use the service default).
    pub rate_limit: u32,
}

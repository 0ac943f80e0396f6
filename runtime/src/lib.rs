//! Service-agnostic runtime for Tencent Cloud API 3.0 clients.
//!
//! Generated service crates (such as `essbasic`) describe their actions with
//! [`ServiceMeta`] and [`ActionMeta`] and delegate everything else to this crate:
//!
//! * [`signing`]: the TC3-HMAC-SHA256 request signature,
//! * [`credentials`]: static, environment, profile-file and refreshable credentials,
//! * [`transport`]: the HTTP layer (reqwest with rustls by default, swappable),
//! * [`Client`] / [`ClientBuilder`]: retries, client-side rate limiting, tracing,
//! * [`decode_response`] and [`Error`]: typed decoding of every possible server answer,
//! * [`cli`]: the shared driver of the generated example program,
//! * [`callback`]: receiving the platform's callbacks (signature check, decryption,
//!   message envelope),
//! * `testing` (cargo feature `testing`): an offline loopback server for your own
//!   tests that verifies signatures and headers like Tencent's servers and serves
//!   canned replies and faults.
//!
//! ```no_run
//! use tencentcloud_runtime::{ActionMeta, Client, Credentials, ServiceMeta};
//!
//! static SERVICE: ServiceMeta = ServiceMeta {
//!     name: "essbasic",
//!     version: "2021-05-26",
//!     endpoint: "essbasic.tencentcloudapi.com",
//!     default_rate_limit: 20,
//! };
//! static DESCRIBE_USAGE: ActionMeta = ActionMeta { name: "DescribeUsage", rate_limit: 20 };
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder(&SERVICE)
//!     .credentials(Credentials::new("AKID...", "secret key"))
//!     .region("ap-guangzhou")
//!     .build()?;
//! let request = serde_json::json!({"Agent": {"AppId": "app"}, "StartDate": "2026-11-01", "EndDate": "2026-11-23"});
//! let response: serde_json::Value = client.call::<_, _, String>(&DESCRIBE_USAGE, &request).await?;
//! println!("{response}");
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod callback;
pub mod cli;
mod client;
pub mod credentials;
pub mod de;
mod decode;
mod error;
pub mod ratelimit;
pub mod retry;
pub mod signing;
#[cfg(feature = "testing")]
pub mod testing;
pub mod transport;

pub use client::{Client, ClientBuilder, Language};
pub use credentials::{Credentials, CredentialsError, CredentialsProvider};
pub use decode::decode_response;
pub use error::{ApiError, BuildError, DynamicCallError, Error, ErrorCode, InvalidBodyReason};
pub use ratelimit::RateLimitPolicy;
pub use retry::RetryPolicy;
pub use transport::Transport;

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
    /// Action name sent as `X-TC-Action`, e.g. `"ModifyExtendedService"`.
    pub name: &'static str,
    /// Documented server-side limit in requests per second (0 = use the service default).
    pub rate_limit: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shareable<T: Send + Sync + 'static>() {}

    #[test]
    fn public_types_are_send_sync_static() {
        shareable::<Client>();
        shareable::<ClientBuilder>();
        shareable::<Error>();
        shareable::<DynamicCallError>();
        shareable::<BuildError>();
        shareable::<CredentialsError>();
        shareable::<ServiceMeta>();
    }
}

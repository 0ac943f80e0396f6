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
//! * [`paginate`]: paginators (streams of pages and of items) for listing actions,
//! * `cli` (cargo feature `cli`): the shared driver of the generated example program,
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
//!     production: tencentcloud_runtime::Hosts::new("essbasic.tencentcloudapi.com"),
//!     test: None,
//!     default_rate_limit: 20,
//! };
//! static DESCRIBE_USAGE: ActionMeta = ActionMeta { name: "DescribeUsage", rate_limit: 20, host: tencentcloud_runtime::HostRole::Main };
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

mod answer;
mod boxed;
pub mod callback;
#[cfg(feature = "cli")]
pub mod cli;
mod client;
pub mod credentials;
pub mod de;
mod error;
mod meta;
pub mod paginate;
pub mod ratelimit;
pub mod retry;
pub mod signing;
#[cfg(feature = "testing")]
pub mod testing;
pub mod transport;

pub use answer::decode_response;
pub use boxed::{BoxError, BoxFuture};
pub use client::{Client, ClientBuilder, Language, DEFAULT_POOL_IDLE_TIMEOUT};
pub use credentials::{Credentials, CredentialsError, CredentialsProvider};
pub use error::{
    ApiError, BuildError, DynamicCallError, Error, ErrorCode, InvalidBodyReason, MAX_KEPT_BODY,
};
pub use meta::{ActionMeta, Environment, HostRole, Hosts, ServiceMeta};
pub use ratelimit::RateLimitPolicy;
pub use retry::{is_retryable_code, RetryPolicy};
pub use transport::Transport;

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

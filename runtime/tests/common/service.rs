//! The service and action the runtime's tests call (also included alone by tests
//! that need no test server).
#![allow(dead_code)]

use tencentcloud_runtime::{ActionMeta, HostRole, Hosts, ServiceMeta};

/// The service of the runtime's tests: its own name and version, no real host, and
/// a rate limit no test reaches unless it sets one.
pub static SVC: ServiceMeta = ServiceMeta {
    name: "testsvc",
    version: "2020-02-02",
    production: Hosts::new("testsvc.invalid"),
    test: None,
    default_rate_limit: 1000,
};

/// An action of [`SVC`] answered by whatever the test server says.
pub static PING: ActionMeta = ActionMeta {
    name: "Ping",
    rate_limit: 1000,
    host: HostRole::Main,
};

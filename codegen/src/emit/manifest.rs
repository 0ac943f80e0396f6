//! `Cargo.toml` of the generated crate.

use crate::model::Schema;

/// The manifest text; versions come from the workspace so the generated crate
/// and its runtime move together.
pub fn emit(schema: &Schema, header: &str) -> String {
    let s = &schema.service;
    let description = format!(
        "Typed async client for {} ({}, API version {})",
        s.title.trim(),
        s.name,
        s.api_version
    );
    // With callbacks: the receiver example's server (hyper) and, for the
    // generated tests, the runtime's callback sender (`testing`).
    let dev_deps = if schema.callbacks.is_empty() {
        "\
tokio = { workspace = true, features = [\"rt\", \"macros\"] }
# The example program's driver, compiled for examples and tests only.
tencentcloud-runtime = { workspace = true, features = [\"cli\"] }
"
    } else {
        "\
tokio = { workspace = true, features = [\"rt\", \"macros\", \"net\"] }
# The example programs' driver and the callback sender, compiled for examples and tests only.
tencentcloud-runtime = { workspace = true, features = [\"cli\", \"testing\"] }
# The callback receiver example (examples/receiver.rs).
hyper = { workspace = true, features = [\"server\", \"http1\"] }
hyper-util = { workspace = true, features = [\"tokio\"] }
http-body-util = { workspace = true }
"
    };
    format!(
        "{header}\
[package]
name = {name:?}
version = \"0.1.0\"
description = {description:?}
edition.workspace = true
rust-version.workspace = true
license.workspace = true
publish.workspace = true

[dependencies]
serde = {{ workspace = true }}
serde_json = {{ workspace = true }}
tencentcloud-runtime = {{ workspace = true }}

[features]
# `essbasic::runtime::testing`: the runtime's verifying loopback server (and
# callback sender) for offline tests of code that uses this crate.
testing = [\"tencentcloud-runtime/testing\"]

[dev-dependencies]
{dev_deps}",
        header = header,
        name = s.name,
    )
}

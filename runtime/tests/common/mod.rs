//! The runtime's own tests use the public test server (`tencentcloud_runtime::testing`,
//! feature `testing`) from its source file, so they run whatever features are enabled.

#[allow(dead_code, unused_imports)]
#[path = "../../src/testing.rs"]
mod testing;

#[allow(unused_imports)]
pub use testing::*;

mod service;
#[allow(unused_imports)]
pub use service::*;

//! Boxed error and future aliases shared by the object-safe traits of this crate
//! ([`crate::Transport`], [`crate::CredentialsProvider`]) and the error types.
//!
//! They live apart so that `credentials`, `error` and `transport` depend on this
//! module and not on one another.

use std::future::Future;
use std::pin::Pin;

/// A boxed, thread-safe error: the cause of transport and provider failures.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A boxed, `Send` future, as returned by the object-safe traits of this crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

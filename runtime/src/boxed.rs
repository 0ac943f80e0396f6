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

/// Displays an error followed by its causes (`a: b: c`), leaving out a cause whose
/// text the message already shows, so that e.g. a refused connection reads
/// "... tcp connect error: Connection refused (os error 111)" and not only
/// "error sending request".
pub(crate) struct ErrorChain<'a>(pub(crate) &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = self.0.to_string();
        let mut source = self.0.source();
        while let Some(cause) = source {
            let text = cause.to_string();
            if !text.is_empty() && !shown.contains(&text) {
                shown.push_str(": ");
                shown.push_str(&text);
            }
            source = cause.source();
        }
        f.write_str(&shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct E(&'static str, Option<Box<E>>);
    impl std::fmt::Display for E {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for E {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }

    #[test]
    fn chains_causes_without_repeating_them() {
        let e = E(
            "could not connect: error sending request",
            Some(Box::new(E(
                "error sending request",
                Some(Box::new(E("Connection refused (os error 111)", None))),
            ))),
        );
        assert_eq!(
            ErrorChain(&e).to_string(),
            "could not connect: error sending request: Connection refused (os error 111)"
        );
    }
}

//! Placeholder, replaced by the runtime work.

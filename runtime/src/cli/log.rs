//! The example program's log: `tracing` events as one line each on stderr, filtered
//! by `RUST_LOG` (default `info`: retries and the service's deprecation warnings).
//!
//! A deliberately small subscriber, so that the runtime needs no logging framework:
//! events only (spans are not shown), `RUST_LOG` as comma-separated `level` or
//! `target=level` directives (`off`, `error`, `warn`, `info`, `debug`, `trace`; the
//! longest matching target wins).

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Name of the variable holding the log filter.
pub const ENV_LOG: &str = "RUST_LOG";

/// Where log lines go.
#[derive(Clone)]
pub(crate) enum Sink {
    /// The process's standard error, line by line as events happen.
    Stderr,
    /// A buffer, copied out by the caller (for `run_with`).
    Buffer(Arc<Mutex<String>>),
}

/// The filter: `(target prefix, level)`, the global one with an empty prefix.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter(Vec<(String, LevelFilter)>);

impl Filter {
    /// Parses `RUST_LOG`; `None` or an empty value gives `info`. Directives that do not
    /// parse are ignored.
    pub(crate) fn parse(spec: Option<&str>) -> Filter {
        let mut directives = vec![(String::new(), LevelFilter::INFO)];
        for part in spec.unwrap_or("").split(',').map(str::trim) {
            let (target, level) = match part.split_once('=') {
                Some((t, l)) => (t.trim(), l.trim()),
                None if part.parse::<LevelFilter>().is_ok() => ("", part),
                None => (part, "trace"),
            };
            if let (false, Ok(level)) = (part.is_empty(), level.parse::<LevelFilter>()) {
                directives.retain(|(t, _)| t != target);
                directives.push((target.to_owned(), level));
            }
        }
        Filter(directives)
    }

    fn level_for(&self, target: &str) -> LevelFilter {
        self.0
            .iter()
            .filter(|(t, _)| target.starts_with(t.as_str()))
            .max_by_key(|(t, _)| t.len())
            .map_or(LevelFilter::INFO, |(_, l)| *l)
    }

    fn max(&self) -> LevelFilter {
        self.0
            .iter()
            .map(|(_, l)| *l)
            .max()
            .unwrap_or(LevelFilter::OFF)
    }
}

/// The subscriber.
pub(crate) struct Log {
    filter: Filter,
    sink: Sink,
    next_span: AtomicU64,
}

impl Log {
    pub(crate) fn new(filter: Filter, sink: Sink) -> Log {
        Log {
            filter,
            sink,
            next_span: AtomicU64::new(1),
        }
    }
}

/// `message` first, then `key=value` for the other fields.
#[derive(Default)]
struct Line {
    message: String,
    fields: String,
}

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let sep = if self.fields.is_empty() { "" } else { ", " };
            let _ = write!(self.fields, "{sep}{}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        // Text without Debug quotes and escapes.
        self.record_debug(field, &format_args!("{value}"));
    }
}

impl Subscriber for Log {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= self.filter.level_for(metadata.target())
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(self.filter.max())
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = Line::default();
        event.record(&mut line);
        let level = event.metadata().level().as_str().to_ascii_lowercase();
        let mut text = format!("{level}: {}", line.message);
        if !line.fields.is_empty() {
            let _ = write!(text, " ({})", line.fields);
        }
        text.push('\n');
        match &self.sink {
            Sink::Stderr => {
                use std::io::Write as _;
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
            }
            Sink::Buffer(buffer) => {
                if let Ok(mut b) = buffer.lock() {
                    b.push_str(&text);
                }
            }
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        let f = Filter::parse(None);
        assert_eq!(
            f.level_for("tencentcloud_runtime::client"),
            LevelFilter::INFO
        );
        let f = Filter::parse(Some("warn,tencentcloud_runtime::client=debug, junk=nope,"));
        assert_eq!(
            f.level_for("tencentcloud_runtime::client"),
            LevelFilter::DEBUG
        );
        assert_eq!(
            f.level_for("tencentcloud_runtime::decode"),
            LevelFilter::WARN
        );
        assert_eq!(f.max(), LevelFilter::DEBUG);
        let f = Filter::parse(Some("off"));
        assert_eq!(f.level_for("x"), LevelFilter::OFF);
        let f = Filter::parse(Some("hyper"));
        assert_eq!(f.level_for("hyper::proto"), LevelFilter::TRACE);
        assert_eq!(f.level_for("reqwest"), LevelFilter::INFO);
    }

    #[test]
    fn one_line_per_event() {
        let buffer = Arc::new(Mutex::new(String::new()));
        let log = Log::new(Filter::parse(None), Sink::Buffer(buffer.clone()));
        tracing::subscriber::with_default(log, || {
            tracing::info!(attempt = 1, error = %"refused", "retrying");
            tracing::debug!("hidden");
            tracing::warn!("deprecated");
        });
        assert_eq!(
            *buffer.lock().unwrap(),
            "info: retrying (attempt=1, error=refused)\nwarn: deprecated\n"
        );
    }
}

//! Where each value of a YAML file starts, so later checks can point at it.
//!
//! `serde_yaml` gives positions only for its own errors. The semantic checks
//! run on typed values, so this module parses the same text a second time with
//! `yaml-rust2`'s event parser and records the position of every key and
//! value under a path such as `request[2].type`.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::Location;

/// Positions of the keys and values of one YAML document, by path.
#[derive(Debug, Default)]
pub struct Positions {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
}

impl Positions {
    /// Indexes `text`; a text that does not parse yields an empty index.
    pub fn index(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        // Syntax errors are reported by serde_yaml; keep what was indexed so far.
        let _ = parser.load(&mut builder, false);
        builder.positions
    }

    /// Where the value at `path` starts, or the nearest enclosing value that exists.
    pub fn value(&self, path: &str) -> Location {
        self.find(path, &self.values)
    }

    /// Where the key naming `path` starts (falls back like [`Positions::value`]).
    pub fn key(&self, path: &str) -> Location {
        self.find(path, &self.keys)
    }

    fn find(&self, path: &str, map: &HashMap<String, Location>) -> Location {
        let mut p = path;
        loop {
            if let Some(loc) = map.get(p).or_else(|| self.values.get(p)) {
                return *loc;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => {
                    return self
                        .values
                        .get("")
                        .copied()
                        .unwrap_or(Location { line: 1, column: 1 })
                }
            }
        }
    }
}

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next: usize },
}

#[derive(Default)]
struct Builder {
    positions: Positions,
    stack: Vec<Frame>,
}

fn location(mark: Marker) -> Location {
    Location {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    /// Path of the value that is about to start, and whether it is a mapping key.
    fn next_path(&mut self) -> (String, bool) {
        match self.stack.last_mut() {
            None => (String::new(), false),
            Some(Frame::Mapping { path, key: None }) => (path.clone(), true),
            Some(Frame::Mapping { path, key: Some(k) }) => (join_key(path, k), false),
            Some(Frame::Sequence { path, next }) => (format!("{path}[{next}]"), false),
        }
    }

    /// Moves the enclosing container past the value that just ended.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { next, .. }) => *next += 1,
            None => {}
        }
    }
}

fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(text, ..) => {
                let (path, is_key) = self.next_path();
                if is_key {
                    // Block mappings report their start late; their first key is where they begin.
                    self.positions
                        .values
                        .entry(path.clone())
                        .or_insert(location(mark));
                    let full = join_key(&path, &text);
                    self.positions.keys.entry(full).or_insert(location(mark));
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        *key = Some(text);
                    }
                } else {
                    self.positions.values.entry(path).or_insert(location(mark));
                    self.value_done();
                }
            }
            Event::Alias(_) => {
                let (path, is_key) = self.next_path();
                if is_key {
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        *key = Some(String::from("*alias"));
                    }
                } else {
                    self.positions.values.entry(path).or_insert(location(mark));
                    self.value_done();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let (path, is_key) = self.next_path();
                // A collection used as a mapping key is not part of our format;
                // index its contents under a placeholder so nothing panics.
                let path = if is_key { join_key(&path, "?") } else { path };
                if matches!(ev, Event::SequenceStart(..)) {
                    self.positions
                        .values
                        .entry(path.clone())
                        .or_insert(location(mark));
                }
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Mapping { path, key: None }
                } else {
                    Frame::Sequence { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "action: A\nrequest:\n  - name: Agent\n    type: Agnet\n  - name: B\n    type: string\n";

    #[test]
    fn finds_values_and_keys_by_path() {
        let p = Positions::index(TEXT);
        assert_eq!(p.value("action"), Location { line: 1, column: 9 });
        assert_eq!(
            p.value("request[0].type"),
            Location {
                line: 4,
                column: 11
            }
        );
        assert_eq!(p.key("request[1].type"), Location { line: 6, column: 5 });
        assert_eq!(p.value("request[1]"), Location { line: 5, column: 5 });
    }

    #[test]
    fn falls_back_to_the_nearest_enclosing_value() {
        let p = Positions::index(TEXT);
        assert_eq!(p.value("request[1].doc"), p.value("request[1]"));
        assert_eq!(p.value("nothing.at.all"), Location { line: 1, column: 1 });
    }

    #[test]
    fn broken_text_does_not_panic() {
        let p = Positions::index("a: [1, 2\nb: {");
        let _ = p.value("a[0]");
    }
}

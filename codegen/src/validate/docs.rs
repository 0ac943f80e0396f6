//! The docs pass: every text that becomes documentation is written, in our
//! own English words.
//!
//! An import in facts-only mode marks each new text `TODO`; an import that
//! keeps the description's prose brings Chinese text. Either would end up in
//! the SDK's rustdoc, so `cargo xtask codegen` refuses both, pointing at each
//! one. The import itself may write them: they are its hand-over to a
//! maintainer.

use crate::diagnostic::Diagnostic;
use crate::load::{Parsed, RawSchema};
use crate::raw::{RawEnum, RawErrorCode, RawField};

/// The text an import in facts-only mode writes where words are needed.
pub const TODO: &str = "TODO";

/// Every `summary`, `doc` and `title` of the schema that still says `TODO`
/// or holds CJK text.
pub fn unwritten(raw: &RawSchema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(s) = &raw.service {
        let mut texts = Texts::new(s, &mut out);
        texts.check("title", &s.value.title);
        texts.check_opt("doc", s.value.doc.as_deref());
        texts.errors("errors", &s.value.errors);
        for (name, env) in &s.value.environments {
            texts.check_opt(&format!("environments.{name}.doc"), env.doc.as_deref());
        }
    }
    for s in &raw.structures {
        let mut texts = Texts::new(s, &mut out);
        texts.check("doc", &s.value.doc);
        texts.fields("fields", &s.value.fields);
        texts.enums(&s.value.enums);
    }
    for a in &raw.actions {
        let mut texts = Texts::new(a, &mut out);
        texts.check("summary", &a.value.summary);
        texts.check_opt("doc", a.value.doc.as_deref());
        if let Some(p) = &a.value.pagination {
            texts.check_opt("pagination.doc", p.doc.as_deref());
        }
        texts.fields("request", &a.value.request);
        texts.fields("response", &a.value.response);
        texts.enums(&a.value.enums);
        texts.errors("errors", &a.value.errors);
        for (i, e) in a.value.examples.iter().enumerate() {
            texts.check(&format!("examples[{i}].title"), &e.title);
            texts.check_opt(&format!("examples[{i}].doc"), e.doc.as_deref());
        }
    }
    for c in &raw.callbacks {
        let mut texts = Texts::new(c, &mut out);
        texts.check("summary", &c.value.summary);
        texts.check_opt("doc", c.value.doc.as_deref());
        texts.fields("fields", &c.value.fields);
        texts.enums(&c.value.enums);
        for (i, e) in c.value.examples.iter().enumerate() {
            texts.check(&format!("examples[{i}].title"), &e.title);
            texts.check_opt(&format!("examples[{i}].doc"), e.doc.as_deref());
        }
    }
    if let Some(e) = &raw.enums {
        Texts::new(e, &mut out).enums(&e.value.enums);
    }
    out
}

/// Checks the texts of one file.
struct Texts<'a, T> {
    file: &'a Parsed<T>,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a, T> Texts<'a, T> {
    fn new(file: &'a Parsed<T>, out: &'a mut Vec<Diagnostic>) -> Self {
        Texts { file, out }
    }

    fn check(&mut self, path: &str, text: &str) {
        let problem = if text.trim() == TODO {
            "still says TODO"
        } else if text.chars().any(is_cjk) {
            "holds Chinese text"
        } else {
            return;
        };
        let key = path.rsplit('.').next().unwrap_or(path);
        self.out.push(
            self.file
                .error_at(path, format!("this `{key}` {problem}"))
                .with_help(
                    "write it in our own English words: what it is, its format, units and limits",
                ),
        );
    }

    fn check_opt(&mut self, path: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.check(path, text);
        }
    }

    fn fields(&mut self, list: &str, fields: &[RawField]) {
        for (i, f) in fields.iter().enumerate() {
            self.check(&format!("{list}[{i}].doc"), &f.doc);
        }
    }

    fn enums(&mut self, enums: &[RawEnum]) {
        for (i, e) in enums.iter().enumerate() {
            self.check(&format!("enums[{i}].doc"), &e.doc);
            for (j, v) in e.values.iter().enumerate() {
                self.check(&format!("enums[{i}].values[{j}].doc"), &v.doc);
            }
        }
    }

    fn errors(&mut self, list: &str, errors: &[RawErrorCode]) {
        for (i, e) in errors.iter().enumerate() {
            self.check(&format!("{list}[{i}].doc"), &e.doc);
        }
    }
}

/// CJK ideographs, kana, hangul and full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_recognised() {
        assert!("合同".chars().all(is_cjk));
        assert!("：".chars().all(is_cjk));
        assert!(!"Contract, 100 yuan (¥) — ok".chars().any(is_cjk));
    }
}

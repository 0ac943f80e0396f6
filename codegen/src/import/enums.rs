//! Recognises enum value lists in member prose.
//!
//! The description has no structured enums; prose lists them as
//! `<li>VALUE： label</li>`, `VALUE : label` lines or Markdown list items,
//! often after `枚举值：`. Recognition is deliberately conservative, because a
//! false enum would make the SDK reject valid values:
//! - a value is an ASCII word opening its line (after any list marker or
//!   emphasis) and followed by `:`, `：` or `，`;
//! - such lines must come in runs of at least two consecutive lines; a value
//!   mentioned in running text never counts;
//! - when the member documents an example value, every value it names must be
//!   one of them (prose that explains what to put in a free-text field per
//!   component type lists codes too, but its example is no code);
//! - a list holding a value that is not a code (`AUTO_SIGN`, `ID_CARD`: an
//!   ASCII capital, then capitals, digits or `_`) but a word (`VerifyCheck`,
//!   `circle`, `0`) is only an enum when the member's example names values of
//!   it: field names and option keys are listed the same way.
//!
//! Values from several runs (prose often lists them twice) are merged in
//! first-seen order; the first label wins.

use super::prose;

/// An enum found in prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundEnum {
    /// `(value, label)` pairs in documented order.
    pub values: Vec<(String, String)>,
}

impl FoundEnum {
    /// Whether every value is a code (`AUTO_SIGN`), not a word (`circle`).
    fn all_codes(&self) -> bool {
        self.values.iter().all(|(v, _)| is_code(v))
    }

    fn has(&self, value: &str) -> bool {
        self.values.iter().any(|(v, _)| v == value)
    }
}

/// Finds the enum values a member's prose lists, if it lists at least two and
/// every value the member's documented example names is one of them (see the
/// module docs for lists of words rather than codes).
pub fn extract_checked(document: &str, example: Option<&str>) -> Option<FoundEnum> {
    let found = extract(document)?;
    let named = example.map(example_values).unwrap_or_default();
    if named.iter().any(|e| !found.has(e)) {
        return None;
    }
    (found.all_codes() || !named.is_empty()).then_some(found)
}

/// The values a documented example names: the strings of a JSON array
/// (`["A", "B"]`), or the pieces of a text split at `\\`, `/`, `|`, `,` or
/// `、` (`Positive\\Reverse`), without quotes. `无` ("none") names nothing.
fn example_values(example: &str) -> Vec<String> {
    let example = example.trim();
    if let Ok(serde_json::Value::Array(items)) = serde_json::from_str(example) {
        return items
            .iter()
            .map(|item| match item {
                serde_json::Value::String(s) => s.trim().to_owned(),
                other => other.to_string(),
            })
            .filter(|s| !s.is_empty())
            .collect();
    }
    example
        .split(['\\', '/', '|', ',', '、'])
        .map(|piece| {
            piece
                .trim()
                .trim_matches(['"', '\'', '“', '”', '‘', '’', '`'])
                .trim()
        })
        .filter(|piece| !piece.is_empty() && *piece != "无")
        .map(str::to_owned)
        .collect()
}

/// Finds the enum values a member's prose lists, if it lists at least two.
pub fn extract(document: &str) -> Option<FoundEnum> {
    let mut values: Vec<(String, String)> = Vec::new();
    let mut run: Vec<(String, String)> = Vec::new();
    let flush = |run: &mut Vec<(String, String)>, values: &mut Vec<(String, String)>| {
        let distinct = {
            let mut names: Vec<&str> = run.iter().map(|(v, _)| v.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            names.len()
        };
        if distinct >= 2 {
            for (value, label) in run.drain(..) {
                if !values.iter().any(|(v, _)| *v == value) {
                    values.push((value, label));
                }
            }
        }
        run.clear();
    };
    for line in prose::lines(document) {
        match entry(&line) {
            Some(pair) => run.push(pair),
            None => flush(&mut run, &mut values),
        }
    }
    flush(&mut run, &mut values);
    (values.len() >= 2).then_some(FoundEnum { values })
}

/// Parses one line as `VALUE<sep> label`.
fn entry(line: &str) -> Option<(String, String)> {
    let line = strip_list_marker(line.trim());
    let (value, rest) = split_code(line)?;
    let rest = rest.trim_start();
    let label = ["：", ":", "，"]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))?;
    let label = label
        .trim()
        .trim_start_matches("**")
        .trim_start_matches("__")
        .trim();
    Some((value.to_owned(), label.to_owned()))
}

/// Removes a leading `-`, `*`, `•`, `+`, `1.`, `1、` or `1)` list marker.
fn strip_list_marker(line: &str) -> &str {
    for marker in ["- ", "* ", "• ", "+ ", "·"] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    let digits = line
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(line.len());
    if digits > 0 {
        for marker in [". ", "、", ")", "）"] {
            if let Some(rest) = line[digits..].strip_prefix(marker) {
                return rest.trim_start();
            }
        }
    }
    line
}

/// Splits a leading word, optionally wrapped in `**`, `__` or backticks, from
/// the rest of the line.
fn split_code(line: &str) -> Option<(&str, &str)> {
    for wrap in ["**", "__", "`"] {
        if let Some(inner) = line.strip_prefix(wrap) {
            let inner = inner.trim_start();
            let end = inner.find(wrap)?;
            let code = inner[..end].trim();
            return is_word(code).then(|| (code, &inner[end + wrap.len()..]));
        }
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let code = &line[..end];
    is_word(code).then(|| (code, &line[end..]))
}

/// An ASCII word that can be a wire value: letters, digits and `_`, starting
/// with a letter or digit.
pub fn is_word(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `AUTO_SIGN`-like: a capital letter, then capitals, digits or `_`; 2+ chars.
pub fn is_code(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(doc: &str) -> Vec<String> {
        extract(doc)
            .map(|e| e.values.into_iter().map(|(v, _)| v).collect())
            .unwrap_or_default()
    }

    #[test]
    fn html_items_with_either_colon() {
        let found = extract(
            "<p>Kind</p><p>枚举值：</p><ul><li>RED： 红色</li><li>DARK_BLUE : 深蓝</li></ul>",
        )
        .unwrap();
        assert_eq!(
            found.values,
            [
                ("RED".to_owned(), "红色".to_owned()),
                ("DARK_BLUE".to_owned(), "深蓝".to_owned())
            ]
        );
    }

    #[test]
    fn plain_and_markdown_lines() {
        assert_eq!(
            values("Colour\nRED : red\nGREEN: green\n"),
            ["RED", "GREEN"]
        );
        assert_eq!(
            values("Colour\n- RED : red\n-  GREEN : green"),
            ["RED", "GREEN"]
        );
        assert_eq!(
            values("<ul><li> **RED** :red</li><li> **GREEN** : green</li></ul>"),
            ["RED", "GREEN"]
        );
        assert_eq!(values("1. RED：red\n2. GREEN：green"), ["RED", "GREEN"]);
    }

    #[test]
    fn repeated_lists_merge() {
        let doc = "<ul><li>A1 : x</li><li>B2 : y</li></ul><p>枚举值：</p><ul><li>A1： x2</li><li>C3： z</li></ul>";
        let found = extract(doc).unwrap();
        assert_eq!(
            found
                .values
                .iter()
                .map(|(v, _)| v.as_str())
                .collect::<Vec<_>>(),
            ["A1", "B2", "C3"]
        );
        assert_eq!(found.values[0].1, "x");
    }

    #[test]
    fn example_must_be_a_value() {
        let doc = "<ul><li>TEXT : the text</li><li>DATE : a date</li></ul>";
        assert!(extract_checked(doc, Some("hello")).is_none());
        assert!(extract_checked(doc, Some("“DATE”")).is_some());
        assert!(extract_checked(doc, Some("无")).is_some());
        assert!(extract_checked(doc, None).is_some());
    }

    #[test]
    fn words_need_an_example_naming_them() {
        let doc = "<ul><li>VerifyCheck： 人脸识别</li><li>MobileCheck：手机号验证</li></ul>";
        assert_eq!(
            extract_checked(doc, Some("VerifyCheck"))
                .unwrap()
                .values
                .iter()
                .map(|(v, _)| v.as_str())
                .collect::<Vec<_>>(),
            ["VerifyCheck", "MobileCheck"]
        );
        assert!(extract_checked(doc, None).is_none());
        assert!(extract_checked(doc, Some("无")).is_none());
        assert!(extract_checked("circle：圆形\nellipse：椭圆", Some("circle")).is_some());
        assert!(extract_checked("0：默认\n1：仅印章类型\n3：仅印章", Some("0")).is_some());
        // Option keys listed like values, with an example that is no key.
        let keys = "<ul><li><b>Font</b>：x</li><li><b>FontSize</b>：y</li></ul>";
        assert!(extract_checked(keys, None).is_none());
        assert!(extract_checked(keys, Some("ComponentExtra")).is_none());
    }

    #[test]
    fn examples_naming_several_values() {
        let doc = "<ul><li>OFFICIAL： 公章</li><li>CONTRACT： 合同章</li></ul>";
        assert!(extract_checked(doc, Some(r#"["OFFICIAL", "CONTRACT"]"#)).is_some());
        assert!(extract_checked(doc, Some(r#"["OFFICIAL", "OTHER"]"#)).is_none());
        let doc = "Positive：正序\nReverse：倒序";
        assert!(extract_checked(doc, Some("Positive\\Reverse")).is_some());
    }

    #[test]
    fn conservative() {
        // A single value, mentions in running text, lone lines.
        assert!(extract("<ul><li>ID_CARD : only one</li></ul>").is_none());
        assert!(extract("Use AUTO_SIGN or BATCH_SIGN here: they differ.").is_none());
        assert!(extract("RED : red\nsome prose in between\nGREEN : green").is_none());
        assert!(extract("URL: a link").is_none());
        assert!(extract("").is_none());
    }
}

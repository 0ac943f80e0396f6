//! Prose to `#[doc]` attributes (prettyplease drops `//` comments).

use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc = "..."]` per line of `text`, trailing blank lines dropped.
pub fn doc(text: &str) -> TokenStream {
    let lines: Vec<String> = markdown_lines(text)
        .into_iter()
        .map(|l| format!(" {l}"))
        .collect();
    quote! { #( #[doc = #lines] )* }
}

/// Tidies prose (often the service's own) into Markdown that rustdoc and
/// clippy read as meant: tabs become spaces; a line that continues a list item
/// is indented under it instead of lazily running on; indentation that would
/// turn prose into a code block is removed; and fenced blocks without a
/// language are marked `text`, so none of them becomes a doctest.
fn markdown_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Column where the current list item's text starts, when inside one.
    let mut item_indent: Option<usize> = None;
    let mut in_code = false;
    for raw in text.trim_end().lines() {
        let line = raw.replace('\t', "    ").trim_end().to_owned();
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            let opening = !in_code;
            in_code = !in_code;
            item_indent = None;
            let info = info.trim();
            out.push(if opening && (info.is_empty() || info == "rust") {
                String::from("```text")
            } else {
                trimmed.to_owned()
            });
            continue;
        }
        if in_code {
            out.push(line);
            continue;
        }
        let leading = line.len() - trimmed.len();
        if line.is_empty() {
            item_indent = None;
            out.push(line);
        } else if let Some(marker) = list_marker_width(trimmed) {
            // Nested items keep their own (bounded) indentation.
            let leading = match item_indent {
                Some(parent) => leading.min(parent),
                None => 0,
            };
            item_indent = Some(leading + marker);
            out.push(format!("{}{trimmed}", " ".repeat(leading)));
        } else if let Some(indent) = item_indent {
            // Under a list item: at its text column, never deep enough to start code.
            out.push(format!("{}{trimmed}", " ".repeat(indent)));
        } else {
            out.push(trimmed.to_owned());
        }
    }
    out
}

/// Width of a list marker and the spaces after it (`- `, `*  `, `12. `), if `line` starts with one.
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = if line.starts_with("- ") || line.starts_with("* ") {
        1
    } else if digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        digits + 1
    } else {
        return None;
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    Some(marker + spaces)
}

/// Documentation built from several paragraphs, skipping empty ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `text`, or `fallback` when the schema left it empty.
pub fn or_default<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::markdown_lines;

    #[test]
    fn continuation_lines_are_indented_under_their_item() {
        assert_eq!(
            markdown_lines("- a\nmore\n\nafter"),
            ["- a", "  more", "", "after"]
        );
        assert_eq!(
            markdown_lines("1. one\nstill one"),
            ["1. one", "   still one"]
        );
        assert_eq!(markdown_lines("-  wide\n  under"), ["-  wide", "   under"]);
        assert_eq!(markdown_lines("- a\n    deeper"), ["- a", "  deeper"]);
        assert_eq!(
            markdown_lines("- a\n  - nested\n    text"),
            ["- a", "  - nested", "    text"]
        );
    }

    #[test]
    fn tabs_become_spaces_and_code_is_left_alone() {
        assert_eq!(markdown_lines("a\tb"), ["a    b"]);
        assert_eq!(
            markdown_lines("- x\n```\ncode\n```"),
            ["- x", "```text", "code", "```"]
        );
        assert_eq!(
            markdown_lines("```json\n  {}\n```"),
            ["```json", "  {}", "```"]
        );
    }

    #[test]
    fn indented_prose_does_not_become_a_doctest() {
        assert_eq!(
            markdown_lines("intro\n        table row\n\n    more"),
            ["intro", "table row", "", "more"]
        );
    }
}

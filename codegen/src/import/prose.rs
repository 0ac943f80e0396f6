//! Turns the description's prose (HTML fragments mixed with Markdown) into
//! Markdown doc text, or into logical lines for enum recognition.

/// A piece of prose: text or an HTML tag.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Tag {
        name: String,
        closing: bool,
        attrs: &'a str,
    },
}

/// Splits prose into text and tags. Anything that does not look like an HTML
/// tag (`a < b`, `<公共请求参数>`) stays text.
fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(offset) = s[i..].find('<') {
        let start = i + offset;
        match parse_tag(&s[start..]) {
            Some((len, name, closing, attrs)) => {
                if text_start < start {
                    tokens.push(Token::Text(&s[text_start..start]));
                }
                tokens.push(Token::Tag {
                    name,
                    closing,
                    attrs,
                });
                i = start + len;
                text_start = i;
            }
            None => i = start + 1,
        }
    }
    if text_start < s.len() {
        tokens.push(Token::Text(&s[text_start..]));
    }
    tokens
}

/// Parses `<name attrs>` / `</name>` / `<name/>` at the start of `s`:
/// (length, lower-case name, closing, attributes).
fn parse_tag(s: &str) -> Option<(usize, String, bool, &str)> {
    let rest = s.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after = &rest[name_len..];
    let end = after.find('>')?;
    let attrs = &after[..end];
    if attrs.contains('<') || !(attrs.is_empty() || attrs.starts_with([' ', '/', '\t', '\n'])) {
        return None;
    }
    let len = s.len() - after.len() + end + 1;
    Some((
        len,
        name.to_ascii_lowercase(),
        closing,
        attrs.trim_end_matches('/').trim(),
    ))
}

/// Value of `key="..."` in a tag's attributes.
fn attribute<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let at = attrs.find(&format!("{key}="))? + key.len() + 1;
    let rest = &attrs[at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    rest.find(quote).map(|end| &rest[..end])
}

/// Decodes the HTML entities the description uses.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|end| *end <= 10).and_then(|end| {
            let c = match &rest[1..end] {
                "quot" => '"',
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "nbsp" => ' ',
                "apos" => '\'',
                num => {
                    let code = match num.strip_prefix("#x").or_else(|| num.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.strip_prefix('#')?.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Converts prose to Markdown doc text: paragraphs, `- ` list items, bold,
/// code and links survive; other markup is dropped.
pub fn to_doc(s: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<Option<String>> = Vec::new();
    for token in tokenize(&s.replace("\r\n", "\n")) {
        match token {
            Token::Text(t) => out.push_str(&decode_entities(t)),
            Token::Tag {
                name,
                closing,
                attrs,
            } => match (name.as_str(), closing) {
                ("p" | "div" | "table", _) => out.push_str("\n\n"),
                ("br" | "ul" | "ol" | "tr", _) => out.push('\n'),
                ("li", false) => {
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str("- ");
                }
                ("li", true) => out.push('\n'),
                ("b" | "strong", _) => out.push_str("**"),
                ("code", _) => out.push('`'),
                ("a", false) => {
                    let href = attribute(attrs, "href").map(decode_entities);
                    if href.is_some() {
                        out.push('[');
                    }
                    links.push(href);
                }
                ("a", true) => {
                    if let Some(Some(href)) = links.pop() {
                        out.push_str(&format!("]({href})"));
                    }
                }
                _ => {}
            },
        }
    }
    tidy(&out)
}

/// Trims line ends and collapses runs of blank lines.
fn tidy(s: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in s.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// Splits prose into logical lines of plain text: each `<li>` item is one line
/// (inner line breaks become spaces), elsewhere paragraphs, `<br>` and newlines
/// break lines. Whitespace is collapsed; markup is dropped.
pub fn lines(s: &str) -> Vec<String> {
    let mut done: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_item = false;
    for token in tokenize(s) {
        match token {
            Token::Text(t) => {
                let text = decode_entities(t);
                for (i, part) in text.split('\n').enumerate() {
                    if i > 0 {
                        if in_item {
                            current.push(' ');
                        } else {
                            done.push(std::mem::take(&mut current));
                        }
                    }
                    current.push_str(part);
                }
            }
            Token::Tag { name, closing, .. } => match name.as_str() {
                "li" => {
                    in_item = !closing;
                    done.push(std::mem::take(&mut current));
                }
                "br" if in_item => current.push(' '),
                "p" | "div" | "br" | "ul" | "ol" | "tr" | "table" => {
                    in_item = false;
                    done.push(std::mem::take(&mut current));
                }
                _ => {}
            },
        }
    }
    done.push(current);
    done.iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_keeps_lists_and_links() {
        let doc = to_doc(
            "<p>Kind of link</p><ul><li>A : <b>one</b></li><li>B : see <a href=\"https://x.test/a?b=1&amp;c=2\">here</a></li></ul>",
        );
        assert_eq!(
            doc,
            "Kind of link\n\n- A : **one**\n- B : see [here](https://x.test/a?b=1&c=2)"
        );
    }

    #[test]
    fn doc_keeps_markdown_and_non_tags() {
        let doc = to_doc("first line\n\n\n\nsecond <公共请求参数> a < b  \n- item");
        assert_eq!(doc, "first line\n\nsecond <公共请求参数> a < b\n- item");
    }

    #[test]
    fn lines_join_list_items() {
        let lines = lines("<p>Kinds</p><ul><li>A : one<br>more\nstill</li>\n<li>B：two</li></ul>tail &quot;x&quot;");
        assert_eq!(
            lines,
            ["Kinds", "A : one more still", "B：two", "tail \"x\""]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "<",
            "<<li>",
            "<li",
            "</",
            "<a href=\"x",
            "&",
            "&#xFFFFFFFF;",
            "&#99999999999;",
            "é<b>ü</b>&amp",
            "<li>中：文</li>",
            "<p/>\n\n",
        ] {
            let _ = to_doc(s);
            let _ = lines(s);
            let _ = super::super::enums::extract(s);
        }
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("&lt;a&gt; &#65;&#x42; &bogus; & &amp;"),
            "<a> AB &bogus; & &"
        );
    }
}

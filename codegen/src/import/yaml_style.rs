//! Restyles serde_yaml output the way the hand-written schema files look:
//! sequences inside mappings are indented by two spaces.
//!
//! serde_yaml writes
//! ```yaml
//! request:
//! - name: Agent
//! ```
//! and the schema files use `  - name: Agent`. The shift is applied outside
//! block scalars only; the caller checks that the result parses back to the
//! same value.

/// Indents every sequence that sits at the same column as its parent key.
pub fn indent_sequences(yaml: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = String::with_capacity(yaml.len() + yaml.len() / 4);
    // Columns of the compact sequences currently open, innermost last.
    let mut open: Vec<usize> = Vec::new();
    // Column of the key or item that opened a block scalar, while inside one.
    let mut block: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let blank = line.trim().is_empty();
        if let Some(col) = block {
            if blank || indent > col {
                push_shifted(&mut out, line, open.len(), blank);
                continue;
            }
            block = None;
        }
        if blank {
            out.push('\n');
            continue;
        }
        let item = line[indent..].starts_with("- ") || line[indent..] == *"-";
        while let Some(&col) = open.last() {
            if indent > col || (indent == col && item) {
                break;
            }
            open.pop();
        }
        push_shifted(&mut out, line, open.len(), false);
        if opens_block_scalar(line) {
            // Content is deeper than the key; for `- |` items, than the dash.
            block = Some(indent);
        }
        if line.trim_end().ends_with(':') {
            if let Some(next) = lines.get(i + 1) {
                let next_indent = next.len() - next.trim_start().len();
                if next_indent == indent && next[next_indent..].starts_with('-') {
                    open.push(indent);
                }
            }
        }
    }
    out
}

fn push_shifted(out: &mut String, line: &str, levels: usize, blank: bool) {
    if !blank {
        out.extend(std::iter::repeat_n("  ", levels));
        out.push_str(line);
    }
    out.push('\n');
}

/// Whether a line ends with a block scalar header (`key: |-`, `- >2`).
fn opens_block_scalar(line: &str) -> bool {
    let t = line.trim_end();
    let Some((head, last)) = t.rsplit_once(' ') else {
        return false;
    };
    let mut chars = last.chars();
    let header = matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit());
    header && (head.ends_with(':') || head.trim_start() == "-")
}

/// Re-indents pretty-printed JSON that uses four spaces per level to two.
/// Other layouts are returned unchanged.
pub fn json_two_space(json: &str) -> String {
    let indents: Vec<usize> = json
        .lines()
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .collect();
    let uses_four = indents.iter().any(|n| *n > 0) && indents.iter().all(|n| n % 4 == 0);
    if !uses_four {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len());
    for (line, n) in json.lines().zip(indents) {
        out.push_str(&" ".repeat(n / 2));
        out.push_str(&line[n..]);
        out.push('\n');
    }
    if !json.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_nested_sequences_but_not_block_text() {
        let yaml = "a: 1\nlist:\n- name: x\n  doc: |\n    key:\n    - not a list\n\n    end\n  values:\n  - v: 1\n  - v: 2\nafter: 2\n";
        let expected = "a: 1\nlist:\n  - name: x\n    doc: |\n      key:\n      - not a list\n\n      end\n    values:\n      - v: 1\n      - v: 2\nafter: 2\n";
        assert_eq!(indent_sequences(yaml), expected);
    }

    #[test]
    fn halves_four_space_json() {
        assert_eq!(
            json_two_space("{\n    \"A\": [\n        1\n    ]\n}"),
            "{\n  \"A\": [\n    1\n  ]\n}"
        );
        assert_eq!(json_two_space("{\n  \"A\": 1\n}"), "{\n  \"A\": 1\n}");
        assert_eq!(json_two_space("{\"A\": 1}"), "{\"A\": 1}");
    }
}

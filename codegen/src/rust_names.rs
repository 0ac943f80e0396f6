//! Every Rust name the generator emits is decided here, and only here.
//!
//! Wire names come from Tencent and may be Rust keywords (`Type`), clash with
//! prelude types (`String`, `Option`) or not be identifiers at all (`1`,
//! `WEIXIN-QR`). Generated code refers to std and serde items by fully
//! qualified paths, so inside the crate a structure called `Option` is
//! harmless; but users glob-import `types::*`, so validation refuses type
//! names of the prelude ([`PRELUDE_TYPES`]) and the schema gives such a
//! structure another `rust_name`. The rest is turning wire names into
//! identifiers that are valid and distinct.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const PLAIN_ONLY_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Methods `Client` has besides one per action (and common trait methods it
/// should not shadow).
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "builder",
    "runtime",
    "call_by_name",
    "clone",
    "fmt",
    "from",
    "into",
    "eq",
];

/// The Rust field every response has besides its declared ones.
pub const RESPONSE_REQUEST_ID_FIELD: &str = "request_id";

/// Name of the chainable setter of a field (the constructor is `new`).
pub fn setter_name(rust_field: &str) -> String {
    if rust_field == "new" {
        String::from("with_new")
    } else {
        rust_field.to_owned()
    }
}

/// Names the generated crate defines itself next to user types in signatures.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ErrorCode",
    "UnknownValue",
];

/// Type and variant names the Rust prelude brings into every module; a
/// generated type of that name would shadow it wherever `types::*` is imported.
pub const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Default",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Unpin",
];

/// True for a Rust keyword, which neither a type nor a crate can be named.
pub fn is_keyword(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name) || PLAIN_ONLY_KEYWORDS.contains(&name)
}

/// True for a schema identifier: an ASCII letter, then letters, digits or `_`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Escapes `name` so it can stand as an identifier.
fn escape(name: String) -> String {
    if PLAIN_ONLY_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Rust type name of a structure or enum called `name` in the schema.
pub fn type_name(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    let camel = if camel.is_empty() {
        String::from("Unnamed")
    } else {
        camel
    };
    // Type names are also module names and re-exports, so no raw identifiers.
    if PLAIN_ONLY_KEYWORDS.contains(&camel.as_str())
        || RESERVED_TYPE_NAMES.contains(&camel.as_str())
    {
        format!("{camel}_")
    } else {
        camel
    }
}

/// Rust name of a field whose wire name is `wire`.
pub fn field_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    let snake = match snake.chars().next() {
        None => String::from("field"),
        Some(c) if c.is_ascii_digit() => format!("_{snake}"),
        Some(_) => snake,
    };
    escape(snake)
}

/// Rust module name for a type or action name (never a raw identifier).
pub fn module_name(name: &str) -> String {
    let snake = name.to_snake_case();
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// Rust method name of an action.
pub fn method_name(action: &str) -> String {
    escape(action.to_snake_case())
}

/// Rust variant name for an enum value such as `AUTO_SIGN`; `None` when the
/// value holds nothing to build a name from.
pub fn variant_name(wire: &str) -> Option<String> {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let camel = cleaned.to_upper_camel_case();
    match camel.chars().next() {
        None => None,
        Some(c) if c.is_ascii_digit() => Some(format!("V{camel}")),
        Some(_) if camel == "Self" => Some(String::from("Self_")),
        Some(_) if camel == "Unknown" => Some(String::from("Unknown_")),
        Some(_) => Some(camel),
    }
}

/// Rust variant name for a dotted error code (`InvalidParameter.ParamError`
/// → `InvalidParameterParamError`); segments keep their own capitalization.
pub fn error_variant_name(code: &str) -> Option<String> {
    let mut out = String::new();
    for segment in code.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = segment.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    match out.chars().next() {
        None => None,
        Some(c) if c.is_ascii_digit() => Some(format!("E{out}")),
        Some(_) if out == "Unknown" || out == "Self" => Some(format!("{out}_")),
        Some(_) => Some(out),
    }
}

/// The wire name serde derives from `rust_field` under `rename_all = "PascalCase"`.
fn serde_pascal_case(rust_field: &str) -> String {
    let field = rust_field.strip_prefix("r#").unwrap_or(rust_field);
    let mut out = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// The generated crate's name as a path root (`-` is not allowed there).
pub fn crate_name(service: &str) -> String {
    service.replace('-', "_")
}

/// A snake-case name to build other names from, without a keyword escape.
pub fn snake_name(name: &str) -> String {
    module_name(name).trim_end_matches('_').to_owned()
}

/// Name of the static that holds an action's metadata.
pub fn static_name(action_module: &str) -> String {
    format!("{}_ACTION", action_module.to_uppercase())
}

/// Name of the static describing a structure's members (`kind` `MEMBERS`) or an
/// enum's values (`VALUES`) in the example program, e.g. `AGENT_MEMBERS`: distinct
/// for distinct snake names, and never one of an action's `*_ACTION` statics.
pub fn shape_static_name(name: &str, kind: &str) -> String {
    format!("{}_{kind}", snake_name(name).to_uppercase())
}

/// `#[serde(rename)]` value of a field: its wire name, when serde's
/// `rename_all = "PascalCase"` would not derive it from the Rust name.
pub fn serde_rename(rust_field: &str, wire: &str) -> Option<String> {
    (serde_pascal_case(rust_field) != wire).then(|| wire.to_owned())
}

/// Name of the test of the `number`th (1-based) example, from its title:
/// ASCII words in snake case.
pub fn example_test_name(number: usize, title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let slug = cleaned
        .split('_')
        .filter(|s| !s.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("_");
    let slug = if slug.is_empty() {
        String::from("documented")
    } else {
        slug
    };
    format!("example_{number}_{slug}")
}

/// Type name of an action's request.
pub fn request_type_name(action: &str) -> String {
    format!("{}Request", type_name(action))
}

/// Type name of an action's response.
pub fn response_type_name(action: &str) -> String {
    format!("{}Response", type_name(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_keywords_escaped() {
        assert_eq!(
            field_name("ProxyOrganizationOpenId"),
            "proxy_organization_open_id"
        );
        assert_eq!(field_name("Type"), "r#type");
        assert_eq!(field_name("Match"), "r#match");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("Crate"), "crate_");
        assert_eq!(field_name("2Fa"), "_2fa");
        assert_eq!(field_name("UserIds"), "user_ids");
    }

    #[test]
    fn types_avoid_keywords_and_crate_items() {
        assert_eq!(type_name("Agent"), "Agent");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("String"), "String");
        assert_eq!(type_name("Option"), "Option");
        assert_eq!(type_name("Client"), "Client_");
        assert_eq!(type_name("ErrorCode"), "ErrorCode_");
    }

    #[test]
    fn variants_from_wire_values() {
        assert_eq!(variant_name("AUTO_SIGN").as_deref(), Some("AutoSign"));
        assert_eq!(
            variant_name("WEIXIN_QRCODE_URL").as_deref(),
            Some("WeixinQrcodeUrl")
        );
        assert_eq!(variant_name("1").as_deref(), Some("V1"));
        assert_eq!(variant_name("x-y").as_deref(), Some("XY"));
        assert_eq!(variant_name("UNKNOWN").as_deref(), Some("Unknown_"));
        assert_eq!(variant_name("--"), None);
    }

    #[test]
    fn error_variants_keep_segment_case() {
        assert_eq!(
            error_variant_name("InvalidParameter.ParamError").as_deref(),
            Some("InvalidParameterParamError")
        );
        assert_eq!(
            error_variant_name("AuthFailure.MFAFailure").as_deref(),
            Some("AuthFailureMFAFailure")
        );
        assert_eq!(error_variant_name("."), None);
    }

    #[test]
    fn serde_rename_is_needed_only_when_round_trip_differs() {
        assert_eq!(
            serde_pascal_case("proxy_organization_open_id"),
            "ProxyOrganizationOpenId"
        );
        assert_eq!(serde_pascal_case("r#type"), "Type");
        assert_ne!(serde_pascal_case(&field_name("URL")), "URL");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("Agent"));
        assert!(is_identifier("A_1"));
        assert!(!is_identifier("1A"));
        assert!(!is_identifier("Ag ent"));
        assert!(!is_identifier(""));
    }
}

//! The names pass: every name is valid and stays distinct once it is a Rust
//! name. Type names share one namespace; field, setter and variant names
//! must be distinct within their list. The Rust names decided here are the
//! ones the model carries.

use std::collections::BTreeMap;

use super::type_expr::SCALARS;
use super::Context;
use crate::diagnostic::Diagnostic;
use crate::load::Parsed;
use crate::model::EnumValue;
use crate::raw::{RawAction, RawEnum, RawField};
use crate::rust_names;

/// What a type name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Named {
    Structure,
    Enum,
    /// Request or response type of an action; not usable in fields.
    ActionType,
    /// A callback message type; not usable in fields.
    Callback,
}

/// Every declared type name, with what it names.
pub(super) type Namespace = BTreeMap<String, Named>;

/// The Rust names of one field.
pub(super) struct FieldNames {
    /// Field name.
    pub rust_name: String,
    /// Setter name.
    pub setter: String,
    /// `#[serde(rename)]` value, when needed.
    pub serde_rename: Option<String>,
}

/// Collects every type name, reporting invalid and duplicate ones, and
/// checks that each file is named after what it declares.
pub(super) fn namespace(cx: &mut Context<'_>) -> Namespace {
    let raw = cx.raw;
    let mut names = Declared::default();
    for s in &raw.structures {
        let name = &s.value.structure;
        if name != file_stem(&s.file) {
            cx.report(s.error_at("structure", format!("structure `{name}` is in `{}`; the file must be named `structures/{name}.yaml`", s.file)));
        }
        let d = match &s.value.rust_name {
            Some(_) => s.error_at("rust_name", ""),
            None => s.error_at("structure", ""),
        };
        names.declare_as(
            cx,
            name,
            s.value.rust_name.as_deref(),
            Named::Structure,
            d,
            "structure",
        );
    }
    for a in &raw.actions {
        let name = &a.value.action;
        if name != file_stem(&a.file) {
            cx.report(a.error_at(
                "action",
                format!(
                    "action `{name}` is in `{}`; the file must be named `actions/{name}.yaml`",
                    a.file
                ),
            ));
        }
        if !rust_names::is_identifier(name) {
            cx.report(a.error_at("action", format!("`{name}` is not a valid action name")));
            continue;
        }
        action_names(cx, a);
        for ty in [format!("{name}Request"), format!("{name}Response")] {
            names.declare(cx, &ty, Named::ActionType, a.error_at("action", ""), "type");
        }
    }
    for c in &raw.callbacks {
        let name = &c.value.callback;
        if name != file_stem(&c.file) {
            cx.report(c.error_at(
                "callback",
                format!(
                    "callback `{name}` is in `{}`; the file must be named `callbacks/{name}.yaml`",
                    c.file
                ),
            ));
        }
        names.declare(
            cx,
            name,
            Named::Callback,
            c.error_at("callback", ""),
            "callback",
        );
    }
    for (file, list, positions) in raw.enum_lists() {
        for (i, e) in list.iter().enumerate() {
            let d = Diagnostic::new(file, positions.value(&format!("enums[{i}].name")), "");
            names.declare(cx, &e.name, Named::Enum, d, "enum");
        }
    }
    names.kinds
}

/// Type names declared so far, by schema name and by Rust name.
#[derive(Default)]
struct Declared {
    kinds: Namespace,
    files: BTreeMap<String, String>,
    rust_names: BTreeMap<String, String>,
}

impl Declared {
    /// Declares `name`, or reports at `d` why it cannot be declared.
    fn declare(
        &mut self,
        cx: &mut Context<'_>,
        name: &str,
        kind: Named,
        d: Diagnostic,
        what: &str,
    ) {
        self.declare_as(cx, name, None, kind, d, what);
    }

    /// Declares `name` with the Rust name `rust` (default: derived from the
    /// name), or reports at `d` why it cannot be declared.
    fn declare_as(
        &mut self,
        cx: &mut Context<'_>,
        name: &str,
        rust: Option<&str>,
        kind: Named,
        d: Diagnostic,
        what: &str,
    ) {
        let rust_name = rust.map_or_else(|| rust_names::type_name(name), str::to_owned);
        let message = if !rust_names::is_identifier(name) {
            format!("`{name}` is not a valid {what} name: use letters, digits and `_`, starting with a letter")
        } else if SCALARS.contains(&name) || name == "list" {
            format!("`{name}` is a built-in type and cannot be declared as a {what}")
        } else if let Some(file) = self.files.get(name) {
            format!("{what} `{name}` is already declared in {file}")
        } else if !rust_names::is_identifier(&rust_name) || rust_names::is_keyword(&rust_name) {
            format!("`{rust_name}` is not a valid Rust type name")
        } else if rust_names::PRELUDE_TYPES.contains(&rust_name.as_str()) {
            self.files.insert(name.to_owned(), d.file.clone());
            self.kinds.insert(name.to_owned(), kind);
            cx.report(
                Diagnostic {
                    message: format!(
                        "{what} `{name}` would become the Rust type `{rust_name}`, which shadows the Rust prelude's `{rust_name}` wherever `types::*` is imported"
                    ),
                    ..d
                }
                .with_help(if kind == Named::Structure {
                    format!("give it another Rust name, e.g. `rust_name: {rust_name}Item`")
                } else {
                    format!("rename the {what}, e.g. to `{rust_name}Kind`")
                }),
            );
            // Still declared above: its uses are not unknown types.
            return;
        } else {
            let rust = rust_name;
            if let Some(prev) = self.rust_names.get(&rust) {
                cx.report(
                    Diagnostic {
                        message: format!(
                            "{what} `{name}` and `{prev}` both become the Rust type `{rust}`"
                        ),
                        ..d
                    }
                    .with_help("rename one of them"),
                );
                return;
            }
            self.rust_names.insert(rust, name.to_owned());
            self.files.insert(name.to_owned(), d.file.clone());
            self.kinds.insert(name.to_owned(), kind);
            return;
        };
        cx.report(Diagnostic { message, ..d });
    }
}

/// The action's method must not shadow one `Client` has, and its response
/// must not declare what every response already has.
fn action_names(cx: &mut Context<'_>, a: &Parsed<RawAction>) {
    let method = rust_names::method_name(&a.value.action);
    if rust_names::RESERVED_CLIENT_METHODS.contains(&method.as_str()) {
        cx.report(a.error_at(
            "action",
            format!(
                "action `{}` would become `Client::{method}`, which the client already has",
                a.value.action
            ),
        ));
    }
    for (i, f) in a.value.response.iter().enumerate() {
        let at = format!("response[{i}].name");
        if f.name == "RequestId" {
            cx.report(a.error_at(
                &at,
                "`RequestId` is part of every response and must not be declared",
            ));
        }
        if rust_names::is_identifier(&f.name)
            && rust_names::field_name(&f.name) == rust_names::RESPONSE_REQUEST_ID_FIELD
        {
            cx.report(a.error_at(
                &at,
                format!(
                    "`{}` becomes the Rust field `request_id`, which every response already has",
                    f.name
                ),
            ));
        }
    }
}

/// The Rust names of each field of `list` (at `list_key` in `parsed`), or
/// `None` for a field whose name is invalid or collides with an earlier one.
pub(super) fn fields<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    list_key: &str,
    list: &[RawField],
) -> Vec<Option<FieldNames>> {
    let mut out = Vec::new();
    let mut seen_wire: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen_rust: BTreeMap<String, &str> = BTreeMap::new();
    let mut methods: BTreeMap<String, &str> =
        BTreeMap::from([(String::from("new"), "the constructor")]);
    for (i, f) in list.iter().enumerate() {
        let at = format!("{list_key}[{i}].name");
        if !rust_names::is_identifier(&f.name) {
            cx.report(parsed.error_at(&at, format!("`{}` is not a valid field name: use letters, digits and `_`, starting with a letter", f.name)));
            out.push(None);
            continue;
        }
        if let Some(first) = seen_wire.insert(f.name.as_str(), i) {
            cx.report(parsed.error_at(
                &at,
                format!(
                    "`{}` is declared twice (first at {list_key}[{first}])",
                    f.name
                ),
            ));
            out.push(None);
            continue;
        }
        let rust = rust_names::field_name(&f.name);
        if let Some(prev) = seen_rust.insert(rust.clone(), f.name.as_str()) {
            cx.report(
                parsed
                    .error_at(
                        &at,
                        format!(
                            "`{prev}` and `{}` both become the Rust field `{rust}`",
                            f.name
                        ),
                    )
                    .with_help("rename one of them"),
            );
            out.push(None);
            continue;
        }
        let setter = rust_names::setter_name(&rust);
        let optional = !f.required || f.deprecated;
        if optional {
            if let Some(prev) = methods.insert(setter.clone(), f.name.as_str()) {
                let other = if prev == "the constructor" {
                    prev.to_owned()
                } else {
                    format!("the setter of `{prev}`")
                };
                cx.report(
                    parsed
                        .error_at(
                            &at,
                            format!(
                                "the setter of `{}` would be `{setter}`, the same name as {other}",
                                f.name
                            ),
                        )
                        .with_help("rename one of them"),
                );
            }
        }
        out.push(Some(FieldNames {
            serde_rename: rust_names::serde_rename(&rust, &f.name),
            rust_name: rust,
            setter,
        }));
    }
    out
}

/// The values of enum `e` (at `base` in `parsed`) with their variant names;
/// a value repeated or colliding with an earlier one is reported and left out.
pub(super) fn enum_values<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    base: &str,
    e: &RawEnum,
) -> Vec<EnumValue> {
    let mut seen_wire: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen_rust: BTreeMap<String, &str> = BTreeMap::new();
    let mut values = Vec::new();
    for (j, value) in e.values.iter().enumerate() {
        let at = format!("{base}.values[{j}].value");
        if let Some(first) = seen_wire.insert(value.value.as_str(), j) {
            cx.report(parsed.error_at(
                &at,
                format!(
                    "enum `{}` lists `{}` twice (also at values[{first}])",
                    e.name, value.value
                ),
            ));
            continue;
        }
        let Some(rust) = rust_names::variant_name(&value.value) else {
            cx.report(
                parsed
                    .error_at(
                        &at,
                        format!(
                            "cannot make a Rust variant name from the value `{}`",
                            value.value
                        ),
                    )
                    .with_help("enum values need at least one ASCII letter or digit"),
            );
            continue;
        };
        if let Some(prev) = seen_rust.insert(rust.clone(), value.value.as_str()) {
            cx.report(parsed.error_at(
                &at,
                format!(
                    "values `{prev}` and `{}` of enum `{}` both become the variant `{rust}`",
                    value.value, e.name
                ),
            ));
            continue;
        }
        values.push(EnumValue {
            wire: value.value.clone(),
            rust_name: rust,
            doc: value.doc.clone(),
            deprecated: value.deprecated,
        });
    }
    values
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

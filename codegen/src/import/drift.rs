//! The drift report: what an import changes, per action and structure.
//!
//! [`report`] is a pure function of the existing schema, the upstream view and
//! the merged result; [`DriftReport`]'s `Display` is what the CLI prints.

use std::fmt;

use std::collections::BTreeMap;

use super::examples::align;
use super::subset::SchemaSubset;
use crate::raw::{RawEnum, RawExample, RawField};

/// What an import changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriftReport {
    /// One entry per imported action, then per imported structure, by name.
    pub items: Vec<ItemDrift>,
    /// Problems in the description the import worked around (a malformed
    /// example skipped, ...).
    pub warnings: Vec<String>,
}

/// The drift of one action or structure file.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemDrift {
    /// Action or structure.
    pub kind: ItemKind,
    /// Its name.
    pub name: String,
    /// New, changed or unchanged.
    pub state: ItemState,
}

/// Which kind of file an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// `actions/<Name>.yaml`.
    Action,
    /// `structures/<Name>.yaml`.
    Structure,
    /// An enum of `enums.yaml`.
    Enum,
}

/// How an item changes.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemState {
    /// The schema does not have it yet.
    New {
        /// Request parameters, or structure fields.
        fields: usize,
        /// Response fields (actions only).
        response: usize,
        /// Enums declared.
        enums: usize,
        /// Examples.
        examples: usize,
    },
    /// It exists and changes as listed.
    Changed(Vec<Change>),
    /// It exists and stays as it is.
    Unchanged,
}

/// Where a field lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// An action's request parameters.
    Request,
    /// An action's response fields.
    Response,
    /// A structure's fields.
    Field,
}

/// One change to an existing item.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Upstream added a field.
    FieldAdded {
        /// Where.
        section: Section,
        /// Field name.
        name: String,
        /// Type expression.
        ty: String,
        /// Must be sent.
        required: bool,
        /// Already deprecated upstream.
        deprecated: bool,
    },
    /// Upstream no longer has the field; it is kept, marked deprecated.
    FieldDropped {
        /// Where.
        section: Section,
        /// Field name.
        name: String,
    },
    /// Upstream now documents the field as deprecated.
    FieldDeprecated {
        /// Where.
        section: Section,
        /// Field name.
        name: String,
    },
    /// The field's type changes.
    TypeChanged {
        /// Where.
        section: Section,
        /// Field name.
        name: String,
        /// Old type expression.
        from: String,
        /// New type expression.
        to: String,
    },
    /// The field's required flag changes.
    RequiredChanged {
        /// Where.
        section: Section,
        /// Field name.
        name: String,
        /// The new flag.
        required: bool,
    },
    /// A new enum is declared.
    EnumAdded {
        /// Enum name.
        name: String,
        /// Its values.
        values: Vec<String>,
    },
    /// An enum gains a value.
    EnumValueAdded {
        /// Enum name.
        name: String,
        /// The new value.
        value: String,
    },
    /// Upstream no longer lists a value; it is kept, marked deprecated.
    EnumValueDropped {
        /// Enum name.
        name: String,
        /// The value.
        value: String,
    },
    /// Upstream documents a deprecated field as live again.
    FieldRevived {
        /// Where.
        section: Section,
        /// Field name.
        name: String,
    },
    /// Documented examples are appended.
    ExamplesAdded {
        /// Their titles.
        titles: Vec<String>,
    },
    /// Upstream changed the request or response of examples; their titles
    /// and docs are the schema's and may need a look.
    ExamplesEdited {
        /// Their titles.
        titles: Vec<String>,
    },
    /// Upstream no longer has these examples; they are dropped.
    ExamplesRemoved {
        /// Their titles.
        titles: Vec<String>,
    },
    /// An example lacked a parameter that is now required; the import put in
    /// a placeholder value so the example still shows a valid request.
    ExampleFilled {
        /// The example's title.
        title: String,
        /// The parameter added.
        parameter: String,
    },
    /// Upstream now documents the action as deprecated.
    ActionDeprecated,
    /// Upstream no longer has the action; it is kept, marked deprecated.
    ActionRemoved,
}

impl Change {
    /// Whether code written against the old SDK may stop compiling or start
    /// sending requests the service refuses: a new required parameter, a
    /// changed type, a removed member, value or action.
    pub fn is_breaking(&self) -> bool {
        match self {
            Change::FieldAdded {
                section,
                required,
                deprecated,
                ..
            } => *section != Section::Response && *required && !*deprecated,
            Change::RequiredChanged {
                section, required, ..
            } => *section != Section::Response && *required,
            Change::TypeChanged { .. }
            | Change::FieldDropped { .. }
            | Change::EnumValueDropped { .. }
            | Change::ActionRemoved => true,
            _ => false,
        }
    }
}

/// Describes how `merged` differs from `old`, using `upstream` to tell a
/// dropped item from a deprecated one.
/// `filled` lists, per action, the examples the import completed with a
/// placeholder for a new required parameter.
pub fn report(
    old: &SchemaSubset,
    upstream: &SchemaSubset,
    merged: &SchemaSubset,
    filled: &BTreeMap<String, Vec<(String, String)>>,
) -> DriftReport {
    let mut items = Vec::new();
    for (name, new) in &merged.actions {
        let state = match old.actions.get(name) {
            None => ItemState::New {
                fields: new.request.len(),
                response: new.response.len(),
                enums: new.enums.len(),
                examples: new.examples.len(),
            },
            Some(before) => {
                let up = upstream.actions.get(name);
                let mut changes = Vec::new();
                if up.is_none() {
                    // Reported once: when it goes, not on every later import.
                    if !before.deprecated {
                        changes.push(Change::ActionRemoved);
                    }
                } else if new.deprecated && !before.deprecated {
                    changes.push(Change::ActionDeprecated);
                }
                let up_request = up.map(|a| a.request.as_slice()).unwrap_or_default();
                let up_response = up.map(|a| a.response.as_slice()).unwrap_or_default();
                field_changes(
                    Section::Request,
                    &before.request,
                    up_request,
                    &new.request,
                    &mut changes,
                );
                field_changes(
                    Section::Response,
                    &before.response,
                    up_response,
                    &new.response,
                    &mut changes,
                );
                enum_changes(old, &new.enums, &mut changes);
                if let Some(up) = up {
                    example_changes(&before.examples, &up.examples, &mut changes);
                }
                for (title, parameter) in filled.get(name).into_iter().flatten() {
                    changes.push(Change::ExampleFilled {
                        title: title.clone(),
                        parameter: parameter.clone(),
                    });
                }
                state_of(changes, before == new)
            }
        };
        items.push(ItemDrift {
            kind: ItemKind::Action,
            name: name.clone(),
            state,
        });
    }
    for (name, new) in &merged.structures {
        let state = match old.structures.get(name) {
            None => ItemState::New {
                fields: new.fields.len(),
                response: 0,
                enums: new.enums.len(),
                examples: 0,
            },
            Some(before) => {
                let up = upstream
                    .structures
                    .get(name)
                    .map(|s| s.fields.as_slice())
                    .unwrap_or_default();
                let mut changes = Vec::new();
                field_changes(
                    Section::Field,
                    &before.fields,
                    up,
                    &new.fields,
                    &mut changes,
                );
                enum_changes(old, &new.enums, &mut changes);
                state_of(changes, before == new)
            }
        };
        items.push(ItemDrift {
            kind: ItemKind::Structure,
            name: name.clone(),
            state,
        });
    }
    for (name, new) in &merged.enums {
        let state = match old.enums().find(|e| e.name == *name) {
            None => ItemState::New {
                fields: new.values.len(),
                response: 0,
                enums: 0,
                examples: 0,
            },
            Some(before) => {
                let mut changes = Vec::new();
                enum_changes(old, std::slice::from_ref(new), &mut changes);
                state_of(changes, before == new && old.enums.contains_key(name))
            }
        };
        items.push(ItemDrift {
            kind: ItemKind::Enum,
            name: name.clone(),
            state,
        });
    }
    DriftReport {
        items,
        warnings: Vec::new(),
    }
}

fn state_of(changes: Vec<Change>, identical: bool) -> ItemState {
    if changes.is_empty() && identical {
        ItemState::Unchanged
    } else {
        ItemState::Changed(changes)
    }
}

fn field_changes(
    section: Section,
    old: &[RawField],
    up: &[RawField],
    new: &[RawField],
    out: &mut Vec<Change>,
) {
    for field in new {
        let name = field.name.clone();
        let Some(before) = old.iter().find(|f| f.name == field.name) else {
            out.push(Change::FieldAdded {
                section,
                name,
                ty: field.ty.clone(),
                required: field.required,
                deprecated: field.deprecated,
            });
            continue;
        };
        if before.ty != field.ty {
            out.push(Change::TypeChanged {
                section,
                name: name.clone(),
                from: before.ty.clone(),
                to: field.ty.clone(),
            });
        }
        if before.required != field.required {
            out.push(Change::RequiredChanged {
                section,
                name: name.clone(),
                required: field.required,
            });
        }
        if before.deprecated && !field.deprecated {
            out.push(Change::FieldRevived { section, name });
        } else if field.deprecated && !before.deprecated {
            if up.iter().any(|f| f.name == field.name) {
                out.push(Change::FieldDeprecated { section, name });
            } else {
                out.push(Change::FieldDropped { section, name });
            }
        }
    }
}

/// What changed in `new` against the existing declarations of the same enums,
/// wherever they were declared (an import may move an enum between files).
fn enum_changes(old: &SchemaSubset, new: &[RawEnum], out: &mut Vec<Change>) {
    for e in new {
        let Some(before) = old.enums().find(|o| o.name == e.name) else {
            out.push(Change::EnumAdded {
                name: e.name.clone(),
                values: e.values.iter().map(|v| v.value.clone()).collect(),
            });
            continue;
        };
        for value in &e.values {
            match before.values.iter().find(|v| v.value == value.value) {
                None => out.push(Change::EnumValueAdded {
                    name: e.name.clone(),
                    value: value.value.clone(),
                }),
                Some(b) if value.deprecated && !b.deprecated => {
                    out.push(Change::EnumValueDropped {
                        name: e.name.clone(),
                        value: value.value.clone(),
                    });
                }
                Some(_) => {}
            }
        }
    }
}

fn example_changes(old: &[RawExample], upstream: &[RawExample], out: &mut Vec<Change>) {
    let (_, changes) = align(old, upstream);
    if !changes.added.is_empty() {
        out.push(Change::ExamplesAdded {
            titles: changes.added,
        });
    }
    if !changes.edited.is_empty() {
        out.push(Change::ExamplesEdited {
            titles: changes.edited,
        });
    }
    if !changes.removed.is_empty() {
        out.push(Change::ExamplesRemoved {
            titles: changes.removed,
        });
    }
}

impl DriftReport {
    /// Counts of (new, changed, unchanged) items.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for item in &self.items {
            match item.state {
                ItemState::New { .. } => counts.0 += 1,
                ItemState::Changed(_) => counts.1 += 1,
                ItemState::Unchanged => counts.2 += 1,
            }
        }
        counts
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Section::Request => "request parameter",
            Section::Response => "response field",
            Section::Field => "field",
        })
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ItemKind::Action => "action",
            ItemKind::Structure => "structure",
            ItemKind::Enum => "shared enum",
        })
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::FieldAdded {
                section,
                name,
                ty,
                required,
                deprecated,
            } => {
                let presence = if *required { "required" } else { "optional" };
                let deprecated = if *deprecated { ", deprecated" } else { "" };
                write!(f, "+ {section} {name}: {ty} ({presence}{deprecated})")
            }
            Change::FieldDropped { section, name } => {
                write!(
                    f,
                    "- {section} {name}: gone upstream; kept, marked deprecated"
                )
            }
            Change::FieldDeprecated { section, name } => {
                write!(f, "~ {section} {name}: now deprecated")
            }
            Change::TypeChanged {
                section,
                name,
                from,
                to,
            } => write!(f, "~ {section} {name}: type {from} -> {to}"),
            Change::RequiredChanged {
                section,
                name,
                required,
            } => {
                let now = if *required { "required" } else { "optional" };
                write!(f, "~ {section} {name}: now {now}")
            }
            Change::EnumAdded { name, values } => write!(f, "+ enum {name}: {}", values.join(", ")),
            Change::EnumValueAdded { name, value } => write!(f, "+ enum value {name}::{value}"),
            Change::EnumValueDropped { name, value } => {
                write!(
                    f,
                    "- enum value {name}::{value}: gone upstream; kept, marked deprecated"
                )
            }
            Change::FieldRevived { section, name } => {
                write!(f, "~ {section} {name}: no longer deprecated")
            }
            Change::ExamplesAdded { titles } => write!(f, "+ {}", titled(titles, "example")),
            Change::ExamplesEdited { titles } => write!(
                f,
                "~ {} edited upstream (request or response; check title and doc)",
                titled(titles, "example")
            ),
            Change::ExamplesRemoved { titles } => {
                write!(f, "- {} gone upstream; dropped", titled(titles, "example"))
            }
            Change::ExampleFilled { title, parameter } => write!(
                f,
                "~ example \"{title}\": lacked the now required {parameter}; a placeholder value was put in, replace it"
            ),
            Change::ActionDeprecated => f.write_str("~ action now deprecated"),
            Change::ActionRemoved => {
                f.write_str("- action gone upstream; kept, marked deprecated")
            }
        }
    }
}

/// `n word` or `n words`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn titled(titles: &[String], word: &str) -> String {
    let quoted: Vec<String> = titles.iter().map(|t| format!("\"{t}\"")).collect();
    format!("{}: {}", plural(titles.len(), word), quoted.join(", "))
}

impl fmt::Display for ItemDrift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ItemDrift { kind, name, state } = self;
        match state {
            ItemState::New {
                fields,
                response,
                enums,
                examples,
            } => match kind {
                ItemKind::Action => writeln!(
                    f,
                    "{kind} {name}: new ({}, {}, {}, {})",
                    plural(*fields, "request parameter"),
                    plural(*response, "response field"),
                    plural(*enums, "enum"),
                    plural(*examples, "example"),
                ),
                ItemKind::Structure => writeln!(
                    f,
                    "{kind} {name}: new ({}, {})",
                    plural(*fields, "field"),
                    plural(*enums, "enum")
                ),
                ItemKind::Enum => writeln!(f, "{kind} {name}: new ({})", plural(*fields, "value")),
            },
            ItemState::Unchanged => writeln!(f, "{kind} {name}: unchanged"),
            ItemState::Changed(changes) if changes.is_empty() => {
                writeln!(f, "{kind} {name}: changed (order or details only)")
            }
            ItemState::Changed(changes) => {
                writeln!(f, "{kind} {name}: changed")?;
                changes.iter().try_for_each(|c| writeln!(f, "  {c}"))
            }
        }
    }
}

impl DriftReport {
    /// Every breaking change, as `(kind, item name, change)`.
    pub fn breaking(&self) -> Vec<(ItemKind, &str, &Change)> {
        self.items
            .iter()
            .flat_map(|item| {
                let changes = match &item.state {
                    ItemState::Changed(changes) => changes.as_slice(),
                    _ => &[],
                };
                changes
                    .iter()
                    .filter(|c| c.is_breaking())
                    .map(move |c| (item.kind, item.name.as_str(), c))
            })
            .collect()
    }
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for warning in &self.warnings {
            writeln!(f, "warning: {warning}")?;
        }
        self.items.iter().try_for_each(|item| item.fmt(f))?;
        let breaking = self.breaking();
        if !breaking.is_empty() {
            writeln!(
                f,
                "{} (code using the SDK may stop compiling, or send what the service now refuses):",
                plural(breaking.len(), "breaking change")
            )?;
            for (kind, name, change) in &breaking {
                writeln!(f, "  {kind} {name}: {change}")?;
            }
        }
        let (new, changed, unchanged) = self.counts();
        writeln!(f, "{new} new, {changed} changed, {unchanged} unchanged")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{RawAction, RawEnumValue, RawStructure};

    fn field(name: &str, ty: &str, required: bool, deprecated: bool) -> RawField {
        RawField {
            name: name.into(),
            ty: ty.into(),
            required,
            deprecated,
            doc: "d".into(),
            example: None,
        }
    }

    fn action(
        request: Vec<RawField>,
        values: &[(&str, bool)],
        examples: Vec<RawExample>,
    ) -> RawAction {
        RawAction {
            action: "Act".into(),
            host: None,
            pagination: None,
            summary: "s".into(),
            doc: None,
            rate_limit: None,
            deprecated: false,
            request,
            response: Vec::new(),
            enums: vec![RawEnum {
                name: "Kind".into(),
                doc: "d".into(),
                values: values
                    .iter()
                    .map(|(v, deprecated)| RawEnumValue {
                        value: (*v).into(),
                        doc: "d".into(),
                        deprecated: *deprecated,
                    })
                    .collect(),
            }],
            errors: Vec::new(),
            examples,
            notes: None,
        }
    }

    fn example(title: &str, request: &str) -> RawExample {
        RawExample {
            title: title.into(),
            doc: None,
            request: request.into(),
            response: "{}".into(),
            hand_written: false,
        }
    }

    fn subset(action: RawAction, structures: Vec<RawStructure>) -> SchemaSubset {
        SchemaSubset {
            actions: [(action.action.clone(), action)].into(),
            structures: structures
                .into_iter()
                .map(|s| (s.structure.clone(), s))
                .collect(),
            enums: Default::default(),
        }
    }

    #[test]
    fn reports_each_kind_of_change() {
        let old = subset(
            action(
                vec![
                    field("A", "string", true, false),
                    field("Gone", "string", false, false),
                    field("Dep", "string", false, false),
                ],
                &[("X", false), ("Y", false)],
                vec![example("kept", "{\"A\": 1}")],
            ),
            Vec::new(),
        );
        let upstream = subset(
            action(
                vec![
                    field("A", "int64", false, false),
                    field("Dep", "string", false, true),
                    field("New", "Kind", true, false),
                ],
                &[("X", false), ("Z", false)],
                vec![
                    example("same", "{ \"A\" : 1 }"),
                    example("fresh", "{\"A\": 2}"),
                ],
            ),
            Vec::new(),
        );
        let merged = subset(
            action(
                vec![
                    field("A", "int64", false, false),
                    field("Gone", "string", false, true),
                    field("Dep", "string", false, true),
                    field("New", "Kind", true, false),
                ],
                &[("X", false), ("Y", true), ("Z", false)],
                vec![
                    example("kept", "{\"A\": 1}"),
                    example("fresh", "{\"A\": 2}"),
                ],
            ),
            vec![RawStructure {
                structure: "S".into(),
                rust_name: None,
                doc: "d".into(),
                fields: vec![field("F", "bool", false, false)],
                enums: Vec::new(),
                notes: None,
            }],
        );
        let text = report(&old, &upstream, &merged, &BTreeMap::new()).to_string();
        assert_eq!(
            text,
            "action Act: changed
  ~ request parameter A: type string -> int64
  ~ request parameter A: now optional
  - request parameter Gone: gone upstream; kept, marked deprecated
  ~ request parameter Dep: now deprecated
  + request parameter New: Kind (required)
  - enum value Kind::Y: gone upstream; kept, marked deprecated
  + enum value Kind::Z
  + 1 example: \"fresh\"
structure S: new (1 field, 0 enums)
4 breaking changes (code using the SDK may stop compiling, or send what the service now refuses):
  action Act: ~ request parameter A: type string -> int64
  action Act: - request parameter Gone: gone upstream; kept, marked deprecated
  action Act: + request parameter New: Kind (required)
  action Act: - enum value Kind::Y: gone upstream; kept, marked deprecated
1 new, 1 changed, 0 unchanged
"
        );
    }

    #[test]
    fn identical_items_are_unchanged() {
        let a = subset(
            action(
                vec![field("A", "string", true, false)],
                &[("X", false)],
                Vec::new(),
            ),
            Vec::new(),
        );
        let report = report(&a, &a, &a, &BTreeMap::new());
        assert_eq!(report.counts(), (0, 0, 1));
        assert_eq!(
            report.to_string(),
            "action Act: unchanged\n0 new, 0 changed, 1 unchanged\n"
        );
    }
}

//! Builds the schema files the description implies for the selected actions
//! and every structure they reach, before any merging with hand edits.
//!
//! Enums are decided for the whole import at once by [`super::enum_plan`]:
//! a field that already references an enum keeps it, members listing the
//! same values share one enum, and values that successful documented examples
//! use are added to the member's list.

use std::collections::{BTreeMap, BTreeSet};

use super::description::{ApiDescription, ApiMember, ApiObject, ExamplesFile};
use super::enum_names::EnumNamer;
use super::enum_plan::{EnumPlanner, EnumUse, FileRef};
use super::error::ImportError;
use super::subset::SchemaSubset;
use super::types::{element_of, MemberType};
use super::{enums, examples, prose, Selection};
use crate::diagnostic::did_you_mean;
use crate::raw::{RawAction, RawExample, RawField, RawStructure};
use crate::rust_names;

/// The response member every action returns; the schema implies it.
const REQUEST_ID: &str = "RequestId";

/// Builds the upstream view of the selected actions and reached structures.
///
/// # Errors
/// Unknown actions, objects that do not exist or have unsupported member types,
/// names that clash with the existing schema, and malformed examples.
///
/// Also returns warnings: examples the description gets wrong are skipped,
/// one warning each, rather than blocking the import of every action.
pub fn build(
    api: &ApiDescription,
    examples: Option<&ExamplesFile>,
    selection: &Selection,
    existing: &SchemaSubset,
) -> Result<(SchemaSubset, Vec<String>), ImportError> {
    check_objects(api)?;
    let actions = selected_actions(api, selection)?;
    let structures = reached_structures(api, &actions)?;
    check_name_clashes(&structures, existing)?;

    let seen = example_values(api, examples, &actions);
    let mut planner = EnumPlanner::default();
    let mut out = SchemaSubset::default();
    let mut warnings = Vec::new();
    for name in &actions {
        let action = build_action(
            api,
            examples,
            name,
            existing,
            &seen,
            &mut planner,
            &mut warnings,
        )?;
        out.actions.insert(name.clone(), action);
    }
    for name in &structures {
        let object = &api.objects[name];
        let old = existing.structures.get(name).map(|s| s.fields.as_slice());
        let fields = object
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let ctx = FieldContext {
                    api,
                    object: name,
                    index: i,
                    file: FileRef::Structure(name.clone()),
                    response: false,
                    seen: &seen,
                };
                build_field(&ctx, m, old, existing, &mut planner)
            })
            .collect::<Result<_, _>>()?;
        // `Option` must not shadow the prelude in users' `use types::*`.
        let rust_name = rust_names::type_name(name);
        let structure = RawStructure {
            structure: name.clone(),
            rust_name: rust_names::PRELUDE_TYPES
                .contains(&rust_name.as_str())
                .then(|| format!("{rust_name}Item")),
            doc: prose::to_doc(&object.document),
            fields,
            enums: Vec::new(),
            notes: None,
        };
        out.structures.insert(name.clone(), structure);
    }

    let imported: BTreeSet<FileRef> = actions
        .iter()
        .map(|a| FileRef::Action(a.clone()))
        .chain(structures.iter().map(|s| FileRef::Structure(s.clone())))
        .collect();
    let mut namer = EnumNamer::new(api, existing);
    let mut plan = planner.resolve(existing, &imported, &mut namer);
    for (name, action) in &mut out.actions {
        for field in action.request.iter_mut().chain(action.response.iter_mut()) {
            name_enum(field, &plan.names);
        }
        action.enums = plan
            .inline
            .remove(&FileRef::Action(name.clone()))
            .unwrap_or_default();
    }
    for (name, structure) in &mut out.structures {
        for field in &mut structure.fields {
            name_enum(field, &plan.names);
        }
        structure.enums = plan
            .inline
            .remove(&FileRef::Structure(name.clone()))
            .unwrap_or_default();
    }
    out.enums = plan.shared;
    Ok((out, warnings))
}

/// Marks a field type as "the enum of use `n`" until names are decided.
const ENUM_SLOT: char = '\u{1}';

fn enum_slot(use_index: usize, list: bool) -> String {
    if list {
        format!("list<{ENUM_SLOT}{use_index}>")
    } else {
        format!("{ENUM_SLOT}{use_index}")
    }
}

/// Replaces an enum slot in a field's type by the decided enum name.
fn name_enum(field: &mut RawField, names: &[String]) {
    let (inner, list) = element_of(&field.ty);
    if let Some(index) = inner
        .strip_prefix(ENUM_SLOT)
        .and_then(|i| i.parse::<usize>().ok())
    {
        let name = &names[index];
        field.ty = if list {
            format!("list<{name}>")
        } else {
            name.clone()
        };
    }
}

/// The string values documented examples that succeed send or receive, by
/// `(object, member)`: a value an example uses is a value the member takes,
/// even when the member's prose forgot it. Examples answered with an error
/// are skipped (they often show a value the service rejects).
fn example_values(
    api: &ApiDescription,
    examples: Option<&ExamplesFile>,
    actions: &BTreeSet<String>,
) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut seen = BTreeMap::new();
    let Some(file) = examples else {
        return seen;
    };
    for name in actions {
        let action = &api.actions[name];
        for example in file.actions.get(name).into_iter().flatten() {
            let Some(request) = examples::request_json(example) else {
                continue;
            };
            let Ok(response) = serde_json::from_str::<serde_json::Value>(example.output.trim())
            else {
                continue;
            };
            let Some(response) = response.get("Response") else {
                continue;
            };
            if response.get("Error").is_some_and(|e| !e.is_null()) {
                continue;
            }
            collect_values(api, &action.input, &request, &mut seen);
            collect_values(api, &action.output, response, &mut seen);
        }
    }
    seen
}

fn collect_values(
    api: &ApiDescription,
    object: &str,
    value: &serde_json::Value,
    seen: &mut BTreeMap<(String, String), BTreeSet<String>>,
) {
    let (Some(object_def), Some(map)) = (api.objects.get(object), value.as_object()) else {
        return;
    };
    for member in &object_def.members {
        let Some(v) = map.get(&member.name) else {
            continue;
        };
        let Ok(ty) = MemberType::of(member) else {
            continue;
        };
        let items: Vec<&serde_json::Value> = match v {
            serde_json::Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            match (ty.object(), item) {
                (Some(target), _) => collect_values(api, target, item, seen),
                (None, serde_json::Value::String(s)) if !s.is_empty() => {
                    seen.entry((object.to_owned(), member.name.clone()))
                        .or_default()
                        .insert(s.clone());
                }
                _ => {}
            }
        }
    }
}

/// Replaces every text the description supplied (summaries, docs, enum
/// labels, example titles and docs) with `text`; facts stay.
pub fn replace_texts(subset: &mut SchemaSubset, text: &str) {
    let fields = |fields: &mut Vec<RawField>| {
        for f in fields {
            f.doc = text.to_owned();
        }
    };
    let enums = |enums: &mut dyn Iterator<Item = &mut crate::raw::RawEnum>| {
        for e in enums {
            e.doc = text.to_owned();
            for v in &mut e.values {
                v.doc = text.to_owned();
            }
        }
    };
    for a in subset.actions.values_mut() {
        a.summary = text.to_owned();
        a.doc = a.doc.as_ref().map(|_| text.to_owned());
        fields(&mut a.request);
        fields(&mut a.response);
        enums(&mut a.enums.iter_mut());
        for e in &mut a.examples {
            e.title = text.to_owned();
            e.doc = e.doc.as_ref().map(|_| text.to_owned());
        }
    }
    for s in subset.structures.values_mut() {
        s.doc = text.to_owned();
        fields(&mut s.fields);
        enums(&mut s.enums.iter_mut());
    }
    enums(&mut subset.enums.values_mut());
}

/// Every member of every object must have a supported type and refer only to
/// defined objects; every action's input and output must exist.
fn check_objects(api: &ApiDescription) -> Result<(), ImportError> {
    for (name, object) in &api.objects {
        for (i, member) in object.members.iter().enumerate() {
            let path = member_path(name, i, member);
            let ty =
                MemberType::of(member).map_err(|m| ImportError::format(&api.file, &path, m))?;
            if let Some(target) = ty.object() {
                if !api.objects.contains_key(target) {
                    return Err(ImportError::UnknownObject {
                        file: api.file.clone(),
                        path,
                        object: target.to_owned(),
                    });
                }
            }
        }
    }
    for (name, action) in &api.actions {
        for (key, object) in [("input", &action.input), ("output", &action.output)] {
            if !api.objects.contains_key(object) {
                return Err(ImportError::UnknownObject {
                    file: api.file.clone(),
                    path: format!("actions.{name}.{key}"),
                    object: object.clone(),
                });
            }
        }
    }
    Ok(())
}

fn member_path(object: &str, index: usize, member: &ApiMember) -> String {
    format!("objects.{object}.members[{index}] ({})", member.name)
}

fn selected_actions(
    api: &ApiDescription,
    selection: &Selection,
) -> Result<BTreeSet<String>, ImportError> {
    match selection {
        Selection::All => Ok(api.actions.keys().cloned().collect()),
        Selection::Actions(names) => names
            .iter()
            .map(|name| {
                if api.actions.contains_key(name) {
                    Ok(name.clone())
                } else {
                    Err(ImportError::UnknownAction {
                        file: api.file.clone(),
                        action: name.clone(),
                        suggestion: did_you_mean(name, api.actions.keys().map(String::as_str))
                            .map(str::to_owned),
                    })
                }
            })
            .collect(),
    }
}

/// Structures reachable from the actions' requests and responses, transitively.
fn reached_structures(
    api: &ApiDescription,
    actions: &BTreeSet<String>,
) -> Result<BTreeSet<String>, ImportError> {
    let mut reached = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    for name in actions {
        let action = &api.actions[name];
        queue.push(action.input.clone());
        queue.push(action.output.clone());
    }
    let roots: BTreeSet<String> = queue.iter().cloned().collect();
    while let Some(object) = queue.pop() {
        for member in &api.objects[&object].members {
            let ty =
                MemberType::of(member).map_err(|m| ImportError::format(&api.file, &object, m))?;
            if let Some(target) = ty.object() {
                if !roots.contains(target) && reached.insert(target.to_owned()) {
                    queue.push(target.to_owned());
                }
            }
        }
    }
    Ok(reached)
}

fn check_name_clashes(
    structures: &BTreeSet<String>,
    existing: &SchemaSubset,
) -> Result<(), ImportError> {
    match structures.iter().find(|s| existing.has_enum(s)) {
        Some(name) => Err(ImportError::Conflict {
            message: format!("structure `{name}` of the description clashes with an enum of the same name in the schema"),
        }),
        None => Ok(()),
    }
}

fn build_action(
    api: &ApiDescription,
    examples: Option<&ExamplesFile>,
    name: &str,
    existing: &SchemaSubset,
    seen: &SeenValues,
    planner: &mut EnumPlanner,
    warnings: &mut Vec<String>,
) -> Result<RawAction, ImportError> {
    let action = &api.actions[name];
    let old = existing.actions.get(name);
    let mut section = |object_name: &str, response: bool, old: Option<&[RawField]>| {
        let object: &ApiObject = &api.objects[object_name];
        object
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| !(response && m.name == REQUEST_ID))
            .map(|(i, m)| {
                let ctx = FieldContext {
                    api,
                    object: object_name,
                    index: i,
                    file: FileRef::Action(name.to_owned()),
                    response,
                    seen,
                };
                build_field(&ctx, m, old, existing, planner)
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let request = section(&action.input, false, old.map(|a| a.request.as_slice()))?;
    let response = section(&action.output, true, old.map(|a| a.response.as_slice()))?;
    let title = action.title.trim();
    let doc = prose::to_doc(&action.document);
    Ok(RawAction {
        action: name.to_owned(),
        host: None,
        pagination: None,
        summary: if title.is_empty() {
            name.to_owned()
        } else {
            title.to_owned()
        },
        doc: (!doc.is_empty()).then_some(doc),
        rate_limit: None,
        deprecated: action.deprecated,
        request,
        response,
        enums: Vec::new(),
        errors: Vec::new(),
        examples: action_examples(examples, name, warnings),
        notes: None,
    })
}

fn action_examples(
    examples: Option<&ExamplesFile>,
    name: &str,
    warnings: &mut Vec<String>,
) -> Vec<RawExample> {
    let Some(file) = examples else {
        return Vec::new();
    };
    let mut out: Vec<RawExample> = Vec::new();
    for (i, example) in file.actions.get(name).into_iter().flatten().enumerate() {
        match examples::convert(&file.file, &format!("actions.{name}[{i}]"), example) {
            // Two documented examples may send and receive the same JSON and
            // still say different things: both are kept.
            Ok(example) => out.push(example),
            Err(e) => warnings.push(format!("skipped a malformed example: {e}")),
        }
    }
    out
}

/// String values seen in successful examples, by `(object, member)`.
type SeenValues = BTreeMap<(String, String), BTreeSet<String>>;

/// Where a member sits, for names and messages.
struct FieldContext<'a> {
    api: &'a ApiDescription,
    object: &'a str,
    index: usize,
    /// The file the member goes into.
    file: FileRef,
    /// A response member: never required.
    response: bool,
    /// Values successful examples use.
    seen: &'a SeenValues,
}

fn build_field(
    ctx: &FieldContext<'_>,
    member: &ApiMember,
    old_fields: Option<&[RawField]>,
    existing: &SchemaSubset,
    planner: &mut EnumPlanner,
) -> Result<RawField, ImportError> {
    let ty = MemberType::of(member).map_err(|m| {
        ImportError::format(
            &ctx.api.file,
            &member_path(ctx.object, ctx.index, member),
            m,
        )
    })?;
    let doc = prose::to_doc(&member.document);
    let old_enum = old_fields
        .and_then(|fields| fields.iter().find(|f| f.name == member.name))
        .map(|f| element_of(&f.ty).0)
        .filter(|ty| existing.has_enum(ty));
    let mut expr = ty.expr();
    let list = ty.is_string_list();
    if ty.is_string() || list {
        let found = enums::extract_checked(&member.document, member.example.as_deref());
        let values = match (found, old_enum) {
            (Some(found), _) => Some(found.values),
            // The prose no longer lists values: the hand-made enum stays as it is.
            (None, Some(old)) => Some(
                existing
                    .enums()
                    .filter(|e| e.name == old)
                    .flat_map(|e| &e.values)
                    .filter(|v| !v.deprecated)
                    .map(|v| (v.value.clone(), v.doc.clone()))
                    .collect(),
            ),
            (None, None) => None,
        };
        if let Some(mut values) = values {
            let key = (ctx.object.to_owned(), member.name.clone());
            // Only values shaped like the listed ones: a response example may
            // also show a message where the member documents codes.
            let codes = values.iter().all(|(v, _)| enums::is_code(v));
            let seen = ctx.seen.get(&key).into_iter().flatten().filter(|v| {
                if codes {
                    enums::is_code(v)
                } else {
                    enums::is_word(v)
                }
            });
            for value in seen {
                // `select` for a documented `SELECT` is the same value sent loosely.
                if !values.iter().any(|(v, _)| v.eq_ignore_ascii_case(value)) {
                    values.push((value.clone(), String::new()));
                }
            }
            let index = planner.add(EnumUse {
                file: ctx.file.clone(),
                member: member.name.clone(),
                list,
                doc: enum_doc(&doc, ctx.file.name(), &member.name),
                values,
                old: old_enum.map(str::to_owned),
            });
            expr = enum_slot(index, list);
        }
    }
    let example = member
        .example
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty() && *e != "无");
    Ok(RawField {
        name: member.name.clone(),
        ty: expr,
        required: member.required && !ctx.response,
        deprecated: member.disabled,
        doc,
        example: example.map(str::to_owned),
    })
}

/// A new enum's doc: the first line of the member's doc, without the trailing
/// colon; a generic sentence when the doc opens with the list itself.
fn enum_doc(field_doc: &str, owner: &str, field: &str) -> String {
    let first = field_doc.lines().next().unwrap_or("").trim();
    let first = first
        .trim_end_matches([':', '：', ',', '，', '。', '.'])
        .trim();
    if first.is_empty() || first.starts_with("- ") || enums::extract(first).is_some() {
        format!("Allowed values of `{owner}.{field}`.")
    } else {
        first.to_owned()
    }
}

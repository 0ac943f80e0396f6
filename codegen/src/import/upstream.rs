//! Builds the schema files the description implies for the selected actions
//! and every structure they reach, before any merging with hand edits.
//!
//! Names are resolved against the existing schema here: a field that already
//! references an enum keeps that enum's name, and new enums get
//! `<Owner><Field>` names that clash with nothing.

use std::collections::BTreeSet;

use super::description::{ApiDescription, ApiMember, ApiObject, ExamplesFile};
use super::error::ImportError;
use super::naming::EnumNamer;
use super::subset::SchemaSubset;
use super::types::MemberType;
use super::{enums, examples, prose, Selection};
use crate::diagnostic::did_you_mean;
use crate::raw::{RawAction, RawEnum, RawEnumValue, RawExample, RawField, RawStructure};

/// The response member every action returns; the schema implies it.
const REQUEST_ID: &str = "RequestId";

/// Builds the upstream view of the selected actions and reached structures.
///
/// # Errors
/// Unknown actions, objects that do not exist or have unsupported member types,
/// names that clash with the existing schema, and malformed examples.
pub fn build(
    api: &ApiDescription,
    examples: Option<&ExamplesFile>,
    selection: &Selection,
    existing: &SchemaSubset,
) -> Result<SchemaSubset, ImportError> {
    check_objects(api)?;
    let actions = selected_actions(api, selection)?;
    let structures = reached_structures(api, &actions)?;
    check_name_clashes(&structures, existing)?;

    let mut namer = EnumNamer::new(api, existing);
    let mut out = SchemaSubset::default();
    for name in &actions {
        let action = build_action(api, examples, name, existing, &mut namer)?;
        out.actions.insert(name.clone(), action);
    }
    for name in &structures {
        let object = &api.objects[name];
        let old_file = existing.structures.get(name);
        let old = old_file.map(|s| s.fields.as_slice());
        let declared_here = old_file.map(|s| s.enums.as_slice()).unwrap_or_default();
        let mut enums = Vec::new();
        let fields = object
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let ctx = FieldContext {
                    api,
                    object: name,
                    index: i,
                    owner: name,
                    response: false,
                    declared_here,
                };
                build_field(&ctx, m, old, existing, &mut namer, &mut enums)
            })
            .collect::<Result<_, _>>()?;
        let structure = RawStructure {
            structure: name.clone(),
            doc: prose::to_doc(&object.document),
            fields,
            enums,
            notes: None,
        };
        out.structures.insert(name.clone(), structure);
    }
    Ok(out)
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
    namer: &mut EnumNamer,
) -> Result<RawAction, ImportError> {
    let action = &api.actions[name];
    let old = existing.actions.get(name);
    let declared_here = old.map(|a| a.enums.as_slice()).unwrap_or_default();
    let mut enums = Vec::new();
    let mut section =
        |object_name: &str, response: bool, old: Option<&[RawField]>, enums: &mut Vec<RawEnum>| {
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
                        owner: name,
                        response,
                        declared_here,
                    };
                    build_field(&ctx, m, old, existing, namer, enums)
                })
                .collect::<Result<Vec<_>, _>>()
        };
    let request = section(
        &action.input,
        false,
        old.map(|a| a.request.as_slice()),
        &mut enums,
    )?;
    let response = section(
        &action.output,
        true,
        old.map(|a| a.response.as_slice()),
        &mut enums,
    )?;
    let title = action.title.trim();
    let doc = prose::to_doc(&action.document);
    Ok(RawAction {
        action: name.to_owned(),
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
        enums,
        errors: Vec::new(),
        examples: action_examples(examples, name)?,
        notes: None,
    })
}

fn action_examples(
    examples: Option<&ExamplesFile>,
    name: &str,
) -> Result<Vec<RawExample>, ImportError> {
    let Some(file) = examples else {
        return Ok(Vec::new());
    };
    let mut out: Vec<RawExample> = Vec::new();
    for (i, example) in file.actions.get(name).into_iter().flatten().enumerate() {
        let example = examples::convert(&file.file, &format!("actions.{name}[{i}]"), example)?;
        if !out.iter().any(|e| examples::same_payload(e, &example)) {
            out.push(example);
        }
    }
    Ok(out)
}

/// Where a member sits, for names and messages.
struct FieldContext<'a> {
    api: &'a ApiDescription,
    object: &'a str,
    index: usize,
    /// Action or structure name: the prefix of new enum names.
    owner: &'a str,
    /// A response member: never required.
    response: bool,
    /// Enums the owner's existing file declares.
    declared_here: &'a [RawEnum],
}

fn build_field(
    ctx: &FieldContext<'_>,
    member: &ApiMember,
    old_fields: Option<&[RawField]>,
    existing: &SchemaSubset,
    namer: &mut EnumNamer,
    enums: &mut Vec<RawEnum>,
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
        .map(|f| f.ty.as_str())
        .filter(|ty| existing.has_enum(ty));
    let mut expr = ty.expr();
    if ty.is_string() {
        let found = enums::extract_checked(&member.document, member.example.as_deref());
        // An enum declared in another file is only referenced, never redeclared
        // or updated from here.
        let shared = old_enum.is_some_and(|e| !ctx.declared_here.iter().any(|d| d.name == e));
        match (found, old_enum) {
            (Some(_), Some(old)) if shared => expr = old.to_owned(),
            (Some(found), old) => {
                let name = match old {
                    Some(old) => old.to_owned(),
                    None => namer.allocate(&format!("{}{}", ctx.owner, member.name)),
                };
                add_enum(enums, &name, enum_doc(&doc, ctx.owner, &member.name), found);
                expr = name;
            }
            // The prose no longer lists values: keep the hand-made enum as it is.
            (None, Some(old)) => expr = old.to_owned(),
            (None, None) => {}
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

fn add_enum(enums: &mut Vec<RawEnum>, name: &str, doc: String, found: enums::FoundEnum) {
    let index = match enums.iter().position(|e| e.name == name) {
        Some(i) => i,
        None => {
            enums.push(RawEnum {
                name: name.to_owned(),
                doc,
                values: Vec::new(),
            });
            enums.len() - 1
        }
    };
    let values = &mut enums[index].values;
    for (value, label) in found.values {
        if !values.iter().any(|v| v.value == value) {
            let doc = if label.is_empty() {
                value.clone()
            } else {
                label
            };
            values.push(RawEnumValue {
                value,
                doc,
                deprecated: false,
            });
        }
    }
}

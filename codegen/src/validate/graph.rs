//! The structure-graph pass: all the work on which type reaches which.
//!
//! Structures refer to structures (directly or through lists) and to enums.
//! From those edges come: structures that can never be built (a cycle of
//! required members), fields that must be boxed (a type containing itself),
//! where each structure is used (requests, responses), and enums no field uses.

use std::collections::{BTreeMap, BTreeSet};

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Action, Callback, Enum, Field, Structure, TypeRef, Usage};

/// Reports structures that can never be built because their required,
/// non-list members lead back to themselves.
pub(super) fn check_required_cycles(cx: &mut Context<'_>, structures: &[Structure]) {
    let by_name: BTreeMap<&str, &Structure> =
        structures.iter().map(|s| (s.name.as_str(), s)).collect();
    let required_targets = |s: &Structure| -> Vec<String> {
        s.fields
            .iter()
            .filter(|f| f.required)
            .filter_map(|f| match &f.ty {
                TypeRef::Struct(target) => Some(target.clone()),
                _ => None,
            })
            .collect()
    };
    for s in structures {
        let Some(cycle) = find_cycle(&s.name, |name| {
            by_name
                .get(name)
                .map(|n| required_targets(n))
                .unwrap_or_default()
        }) else {
            continue;
        };
        let Some(parsed) = cx
            .raw
            .structures
            .iter()
            .find(|p| p.value.structure == s.name)
        else {
            continue;
        };
        let first_hop = &cycle[1];
        let index = parsed
            .value
            .fields
            .iter()
            .position(|f| f.required && !f.deprecated && &f.ty == first_hop)
            .unwrap_or(0);
        cx.report(
            parsed
                .error_at(&format!("fields[{index}].type"), format!("structure `{}` can never be built: its required members lead back to it ({})", s.name, cycle.join(" → ")))
                .with_help("make one member on that path optional, or a list"),
        );
    }
}

/// A path from `start` back to itself along `edges`, if there is one.
fn find_cycle(start: &str, edges: impl Fn(&str) -> Vec<String>) -> Option<Vec<String>> {
    // Depth-first search from `start`, looking for `start` again.
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((current, path)) = stack.pop() {
        for target in edges(&current) {
            let mut next = path.clone();
            next.push(target.clone());
            if target == start {
                return Some(next);
            }
            if seen.insert(target.clone()) {
                stack.push((target, next));
            }
        }
    }
    None
}

/// The structure a type mentions directly (through lists too).
fn struct_of(ty: &TypeRef) -> Option<&str> {
    match ty.element() {
        TypeRef::Struct(name) => Some(name),
        _ => None,
    }
}

/// Marks where structures are used (callback messages count as output: they
/// decode leniently) and boxes fields that would make a type infinitely large.
pub(super) fn mark_usage_and_boxes(
    structures: &mut [Structure],
    actions: &[Action],
    callbacks: &[Callback],
) {
    let index: BTreeMap<String, usize> = structures
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let targets = |fields: &mut dyn Iterator<Item = &Field>| -> Vec<usize> {
        fields
            .filter_map(|f| struct_of(&f.ty))
            .filter_map(|n| index.get(n).copied())
            .collect()
    };
    let edges: Vec<Vec<usize>> = structures
        .iter()
        .map(|s| targets(&mut s.fields.iter()))
        .collect();
    let reach = |starts: Vec<usize>| -> Vec<bool> {
        let mut seen = vec![false; structures.len()];
        let mut stack = starts;
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(&edges[i]);
            }
        }
        seen
    };
    let inputs = reach(targets(&mut actions.iter().flat_map(|a| &a.request)));
    let outputs = reach(targets(
        &mut actions
            .iter()
            .flat_map(|a| &a.response)
            .chain(callbacks.iter().flat_map(|c| &c.fields)),
    ));
    let reachable_from: Vec<Vec<bool>> = (0..structures.len()).map(|i| reach(vec![i])).collect();
    for (i, s) in structures.iter_mut().enumerate() {
        s.usage = Usage {
            input: inputs[i],
            output: outputs[i],
        };
        for f in &mut s.fields {
            if let TypeRef::Struct(name) = &f.ty {
                if let Some(&j) = index.get(name) {
                    f.boxed = reachable_from[j][i];
                }
            }
        }
    }
}

/// Reports enums that no field of any structure, request, response or
/// callback message uses.
pub(super) fn check_enums_used(
    cx: &mut Context<'_>,
    enums: &[Enum],
    structures: &[Structure],
    actions: &[Action],
    callbacks: &[Callback],
) {
    let mut used = BTreeSet::new();
    let all_fields = structures
        .iter()
        .flat_map(|s| &s.fields)
        .chain(
            actions
                .iter()
                .flat_map(|a| a.request.iter().chain(&a.response)),
        )
        .chain(callbacks.iter().flat_map(|c| &c.fields));
    for f in all_fields {
        if let TypeRef::Enum(name) = f.ty.element() {
            used.insert(name.as_str());
        }
    }
    for e in enums.iter().filter(|e| !used.contains(e.name.as_str())) {
        for (file, list, positions) in cx.raw.enum_lists().filter(|(f, _, _)| *f == e.file) {
            if let Some(i) = list.iter().position(|x| x.name == e.name) {
                cx.report(
                    Diagnostic::new(
                        file,
                        positions.value(&format!("enums[{i}].name")),
                        format!("enum `{}` is declared but no field uses it", e.name),
                    )
                    .with_help("use it as a field type, or remove it"),
                );
            }
        }
    }
}

//! Lays the upstream view over the existing schema so hand edits survive.
//!
//! Rules, per item present in both:
//! - docs, summaries, notes, rate limits, error codes, enum names and field
//!   examples come from the existing YAML;
//! - types, request `required` flags and new items come from upstream;
//! - `deprecated` is set if either side sets it;
//! - a field or enum value upstream dropped is kept, marked `deprecated`, at
//!   its old position; an enum upstream no longer lists is kept unchanged;
//! - existing examples are kept; upstream examples are appended unless an
//!   example with the same request and response JSON is already there.

use super::examples::same_payload;
use super::subset::SchemaSubset;
use crate::raw::{RawAction, RawEnum, RawEnumValue, RawExample, RawField, RawStructure};

/// Merges every upstream action and structure with its existing counterpart.
/// The result holds exactly the upstream items.
pub fn merge(existing: &SchemaSubset, upstream: &SchemaSubset) -> SchemaSubset {
    SchemaSubset {
        actions: merge_by_name(&existing.actions, &upstream.actions, merge_action),
        structures: merge_by_name(&existing.structures, &upstream.structures, merge_structure),
    }
}

/// Every upstream item, merged with the existing item of the same name when there is one.
fn merge_by_name<T: Clone>(
    existing: &std::collections::BTreeMap<String, T>,
    upstream: &std::collections::BTreeMap<String, T>,
    merge_one: fn(&T, &T) -> T,
) -> std::collections::BTreeMap<String, T> {
    upstream
        .iter()
        .map(|(name, new)| {
            let merged = existing
                .get(name)
                .map_or_else(|| new.clone(), |old| merge_one(old, new));
            (name.clone(), merged)
        })
        .collect()
}

pub fn merge_action(old: &RawAction, new: &RawAction) -> RawAction {
    RawAction {
        action: new.action.clone(),
        summary: old.summary.clone(),
        doc: old.doc.clone(),
        rate_limit: old.rate_limit,
        deprecated: old.deprecated || new.deprecated,
        request: merge_fields(&old.request, &new.request, false),
        response: merge_fields(&old.response, &new.response, true),
        enums: merge_enums(&old.enums, &new.enums),
        errors: old.errors.clone(),
        examples: merge_examples(&old.examples, &new.examples),
        notes: old.notes.clone(),
    }
}

/// Merges one structure.
pub fn merge_structure(old: &RawStructure, new: &RawStructure) -> RawStructure {
    RawStructure {
        structure: new.structure.clone(),
        doc: old.doc.clone(),
        fields: merge_fields(&old.fields, &new.fields, false),
        enums: merge_enums(&old.enums, &new.enums),
        notes: old.notes.clone(),
    }
}

fn merge_fields(old: &[RawField], new: &[RawField], response: bool) -> Vec<RawField> {
    merge_list(
        old,
        new,
        |f| &f.name,
        |old, new| RawField {
            name: new.name.clone(),
            ty: new.ty.clone(),
            // Responses are decoded leniently; keep whatever the YAML says.
            required: if response { old.required } else { new.required },
            deprecated: old.deprecated || new.deprecated,
            doc: old.doc.clone(),
            example: old.example.clone(),
        },
        |old| RawField {
            deprecated: true,
            ..old.clone()
        },
    )
}

fn merge_enums(old: &[RawEnum], new: &[RawEnum]) -> Vec<RawEnum> {
    merge_list(
        old,
        new,
        |e| &e.name,
        |old, new| RawEnum {
            name: old.name.clone(),
            doc: old.doc.clone(),
            values: merge_list(
                &old.values,
                &new.values,
                |v| &v.value,
                |old, _| old.clone(),
                |old| RawEnumValue {
                    deprecated: true,
                    ..old.clone()
                },
            ),
        },
        // An enum upstream does not list (its prose lost the values, or the
        // field was dropped) stays exactly as it was.
        RawEnum::clone,
    )
}

fn merge_examples(old: &[RawExample], new: &[RawExample]) -> Vec<RawExample> {
    let mut out = old.to_vec();
    for example in new {
        if !out.iter().any(|e| same_payload(e, example)) {
            out.push(example.clone());
        }
    }
    out
}

/// Merges two keyed lists: the new order, items in both combined with `both`,
/// and old-only items (transformed by `dropped`) re-inserted right after the
/// old item that preceded them.
fn merge_list<T: Clone>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> &String,
    both: impl Fn(&T, &T) -> T,
    dropped: impl Fn(&T) -> T,
) -> Vec<T> {
    let mut out: Vec<T> = new
        .iter()
        .map(|n| match old.iter().find(|o| key(o) == key(n)) {
            Some(o) => both(o, n),
            None => n.clone(),
        })
        .collect();
    let mut anchor: Option<&String> = None;
    for item in old {
        if !new.iter().any(|n| key(n) == key(item)) {
            let at = anchor
                .and_then(|a| out.iter().position(|o| key(o) == a))
                .map_or(0, |p| p + 1);
            out.insert(at, dropped(item));
        }
        anchor = Some(key(item));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: &str, deprecated: bool) -> RawEnumValue {
        RawEnumValue {
            value: v.into(),
            doc: format!("doc of {v}"),
            deprecated,
        }
    }

    #[test]
    fn dropped_values_stay_in_place_as_deprecated() {
        let old = [
            value("A", false),
            value("B", false),
            value("C", false),
            value("D", false),
        ];
        let new = [value("A", false), value("D", false), value("E", false)];
        let merged = merge_list(
            &old,
            &new,
            |v| &v.value,
            |o, _| o.clone(),
            |o| RawEnumValue {
                deprecated: true,
                ..o.clone()
            },
        );
        assert_eq!(
            merged,
            [
                value("A", false),
                value("B", true),
                value("C", true),
                value("D", false),
                value("E", false)
            ]
        );
    }

    #[test]
    fn dropped_first_item_goes_first() {
        let old = [value("X", false), value("A", false)];
        let new = [value("A", false)];
        let merged = merge_list(
            &old,
            &new,
            |v| &v.value,
            |o, _| o.clone(),
            |o| RawEnumValue {
                deprecated: true,
                ..o.clone()
            },
        );
        assert_eq!(merged, [value("X", true), value("A", false)]);
    }
}

//! Lays the upstream view over the existing schema so hand edits survive.
//!
//! Rules, per item present in both:
//! - docs, summaries, notes, rate limits, hosts, pagination, error codes, enum
//!   names and field examples come from the existing YAML;
//! - types, request `required` flags, `deprecated` flags of actions and
//!   fields, and new items come from upstream (a member upstream deprecated
//!   and then brought back is live again); an enum value's `deprecated` is
//!   the schema's (a maintainer may deprecate a value that is a slip);
//! - examples follow upstream (see [`super::examples::align`]): edited ones
//!   take the new payload and keep their title and doc, removed ones go,
//!   hand-written ones stay;
//! - when the import covers the whole description, an action upstream no
//!   longer has is kept, marked `deprecated`, so user code keeps compiling;
//! - a field or enum value upstream dropped is kept, marked `deprecated`, at
//!   its old position; an enum upstream no longer lists is kept unchanged;
//! - an enum is merged with the existing enum of the same name wherever that
//!   one was declared, since the import may move it (from a file into
//!   `enums.yaml` once a second file uses it);
//! - examples are upstream's, in upstream's order, each keeping the schema's
//!   title and doc where the schema has it ([`super::examples::align`]).

use std::collections::{BTreeMap, BTreeSet};

use super::examples::align;
use super::subset::SchemaSubset;
use crate::raw::{RawAction, RawEnum, RawEnumValue, RawField, RawStructure};

/// Merges every upstream action, structure and shared enum with its existing
/// counterpart. The result holds exactly the upstream items, plus the existing
/// shared enums upstream did not place anywhere.
///
/// `complete` says the import covers every action of the description, so an
/// existing action upstream lacks was removed upstream.
pub fn merge(existing: &SchemaSubset, upstream: &SchemaSubset, complete: bool) -> SchemaSubset {
    let enums = EnumMerge {
        old: existing.enums().map(|e| (e.name.as_str(), e)).collect(),
        placed: upstream.enums().map(|e| e.name.as_str()).collect(),
    };
    let mut shared: BTreeMap<String, RawEnum> = upstream
        .enums
        .iter()
        .map(|(name, e)| (name.clone(), enums.merge_one(e)))
        .collect();
    for (name, e) in &existing.enums {
        if !enums.placed.contains(name.as_str()) {
            shared.insert(name.clone(), e.clone());
        }
    }
    let mut actions = merge_by_name(&existing.actions, &upstream.actions, |old, new| {
        merge_action(old, new, &enums)
    });
    if complete {
        for (name, old) in &existing.actions {
            if !actions.contains_key(name) {
                let removed = RawAction {
                    deprecated: true,
                    ..old.clone()
                };
                actions.insert(name.clone(), removed);
            }
        }
    }
    SchemaSubset {
        actions,
        structures: merge_by_name(&existing.structures, &upstream.structures, |old, new| {
            merge_structure(old, new, &enums)
        }),
        enums: shared,
    }
}

/// Every upstream item, merged with the existing item of the same name when there is one.
fn merge_by_name<T: Clone>(
    existing: &BTreeMap<String, T>,
    upstream: &BTreeMap<String, T>,
    merge_one: impl Fn(&T, &T) -> T,
) -> BTreeMap<String, T> {
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

fn merge_action(old: &RawAction, new: &RawAction, enums: &EnumMerge<'_>) -> RawAction {
    RawAction {
        action: new.action.clone(),
        summary: old.summary.clone(),
        doc: old.doc.clone(),
        rate_limit: old.rate_limit,
        host: old.host.clone(),
        deprecated: new.deprecated,
        pagination: old.pagination.clone(),
        request: merge_fields(&old.request, &new.request, false),
        response: merge_fields(&old.response, &new.response, true),
        enums: enums.merge_declared(&old.enums, &new.enums),
        errors: old.errors.clone(),
        examples: align(&old.examples, &new.examples).0,
        notes: old.notes.clone(),
    }
}

fn merge_structure(old: &RawStructure, new: &RawStructure, enums: &EnumMerge<'_>) -> RawStructure {
    RawStructure {
        structure: new.structure.clone(),
        rust_name: old.rust_name.clone().or_else(|| new.rust_name.clone()),
        doc: old.doc.clone(),
        fields: merge_fields(&old.fields, &new.fields, false),
        enums: enums.merge_declared(&old.enums, &new.enums),
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
            deprecated: new.deprecated,
            doc: old.doc.clone(),
            example: old.example.clone(),
        },
        |old| RawField {
            deprecated: true,
            ..old.clone()
        },
    )
}

/// Every existing enum by name, and the names upstream declares somewhere.
struct EnumMerge<'a> {
    old: BTreeMap<&'a str, &'a RawEnum>,
    placed: BTreeSet<&'a str>,
}

impl EnumMerge<'_> {
    /// The enums a file declares: the upstream ones, merged, then the ones the
    /// file declared that upstream places nowhere (kept as they were).
    fn merge_declared(&self, old: &[RawEnum], new: &[RawEnum]) -> Vec<RawEnum> {
        let mut out: Vec<RawEnum> = new.iter().map(|e| self.merge_one(e)).collect();
        out.extend(
            old.iter()
                .filter(|e| !self.placed.contains(e.name.as_str()))
                .cloned(),
        );
        out
    }

    /// An upstream enum merged with the existing enum of its name.
    fn merge_one(&self, new: &RawEnum) -> RawEnum {
        let Some(old) = self.old.get(new.name.as_str()) else {
            return new.clone();
        };
        RawEnum {
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
        }
    }
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
    use crate::raw::{OffsetUnit, RawPagination};

    #[test]
    fn host_and_pagination_come_from_the_existing_yaml() {
        let new: RawAction =
            serde_yaml::from_str("action: A\nsummary: upstream\nrequest: []\nresponse: []\n")
                .unwrap();
        let pagination = RawPagination {
            offset: "Offset".into(),
            limit: "Limit".into(),
            items: "Items".into(),
            total: "Total".into(),
            offset_unit: OffsetUnit::Page,
            doc: Some("d".into()),
        };
        let old = RawAction {
            host: Some("file".into()),
            pagination: Some(pagination.clone()),
            ..new.clone()
        };
        let subset = |a: &RawAction| SchemaSubset {
            actions: [("A".to_owned(), a.clone())].into(),
            ..SchemaSubset::default()
        };
        let merged = merge(&subset(&old), &subset(&new), false);
        assert_eq!(merged.actions["A"].pagination, Some(pagination));
        assert_eq!(merged.actions["A"].host.as_deref(), Some("file"));
    }

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

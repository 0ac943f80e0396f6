//! Decides, for the whole import at once, which enum each value-listing member
//! uses, what it is called and which file declares it.
//!
//! - One enum per distinct meaning: members whose lists hold the same values
//!   share one enum, and so do lists of three or more values where one list
//!   contains the other (a member documenting fewer identity-document types
//!   still takes identity-document types). Two-value lists must match exactly:
//!   `ENABLE`/`DISABLE` is not an operation that may also `DELETE`.
//! - Existing decisions win: a member that references an enum keeps it, and a
//!   new member whose values match an existing enum reuses it by name, so a
//!   maintainer renames an enum once and re-imports keep the name.
//! - New enums are named after their members (`IdCardType`), singular for
//!   list members (`SealTypes` → `SealType`); when that name is taken, after
//!   owner and member (`<Owner><Member>`).
//! - An enum used by one file is declared in that file; one used by several
//!   lives in `enums.yaml`. An enum a file outside this import declares
//!   stays where it is and is only referenced.

use std::collections::{BTreeMap, BTreeSet};

use super::enum_names::EnumNamer;
use super::subset::SchemaSubset;
use super::types::element_of;
use crate::raw::{RawEnum, RawEnumValue, RawField};

/// The file a member belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileRef {
    /// `actions/<Name>.yaml`.
    Action(String),
    /// `structures/<Name>.yaml`.
    Structure(String),
}

impl FileRef {
    /// The action or structure name.
    pub fn name(&self) -> &str {
        match self {
            FileRef::Action(n) | FileRef::Structure(n) => n,
        }
    }
}

/// A member whose prose lists values, as the upstream build found it.
#[derive(Clone, Debug)]
pub struct EnumUse {
    /// The file of the member.
    pub file: FileRef,
    /// Wire name of the member.
    pub member: String,
    /// The member is a list of values.
    pub list: bool,
    /// Doc of the member, for a new enum's doc.
    pub doc: String,
    /// `(value, label)` pairs found, in documented order.
    pub values: Vec<(String, String)>,
    /// The enum the member references in the existing schema, if any.
    pub old: Option<String>,
}

/// Where an enum is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In the `enums` list of this file.
    Inline(FileRef),
    /// In `enums.yaml`.
    Shared,
    /// Where the existing schema declares it, outside this import: not emitted.
    Elsewhere,
}

/// The outcome: a name per use, and every enum to declare.
#[derive(Clone, Debug, Default)]
pub struct EnumPlan {
    /// The enum name of each use, by the index [`EnumPlanner::add`] returned.
    pub names: Vec<String>,
    /// Enums declared inline, by file.
    pub inline: BTreeMap<FileRef, Vec<RawEnum>>,
    /// Enums declared in `enums/`.
    pub shared: BTreeMap<String, RawEnum>,
}

/// Collects uses, then resolves them all at once.
#[derive(Default)]
pub struct EnumPlanner {
    uses: Vec<EnumUse>,
}

struct Group {
    name: Option<String>,
    doc: String,
    values: Vec<(String, String)>,
    uses: Vec<usize>,
}

impl Group {
    fn set(&self) -> BTreeSet<&str> {
        self.values.iter().map(|(v, _)| v.as_str()).collect()
    }

    fn absorb(&mut self, values: &[(String, String)]) {
        for (value, label) in values {
            if !self.values.iter().any(|(v, _)| v == value) {
                self.values.push((value.clone(), label.clone()));
            }
        }
    }
}

/// Whether two value lists name the same thing (see the module docs).
pub fn same_meaning(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> bool {
    a == b || (a.len().min(b.len()) >= 3 && (a.is_subset(b) || b.is_subset(a)))
}

impl EnumPlanner {
    /// Records a use; returns its index into [`EnumPlan::names`].
    pub fn add(&mut self, found: EnumUse) -> usize {
        self.uses.push(found);
        self.uses.len() - 1
    }

    /// Groups, names and places every use.
    ///
    /// `imported` are the files this import rewrites; `existing` is the whole
    /// current schema.
    pub fn resolve(
        self,
        existing: &SchemaSubset,
        imported: &BTreeSet<FileRef>,
        namer: &mut EnumNamer,
    ) -> EnumPlan {
        let old_enums: BTreeMap<&str, &RawEnum> =
            existing.enums().map(|e| (e.name.as_str(), e)).collect();
        let mut groups: Vec<Group> = Vec::new();
        for (i, u) in self.uses.iter().enumerate() {
            let set: BTreeSet<&str> = u.values.iter().map(|(v, _)| v.as_str()).collect();
            let by_name = |name: &str, groups: &[Group]| {
                groups.iter().position(|g| g.name.as_deref() == Some(name))
            };
            let index = match &u.old {
                Some(old) => by_name(old, &groups),
                None => groups.iter().position(|g| same_meaning(&g.set(), &set)),
            };
            let index = index.unwrap_or_else(|| {
                // An existing enum, by reference or by its values.
                let name = u.old.clone().or_else(|| {
                    old_enums
                        .values()
                        .filter(|e| by_name(&e.name, &groups).is_none())
                        .find(|e| {
                            let values = e.values.iter().map(|v| v.value.as_str()).collect();
                            same_meaning(&values, &set)
                        })
                        .map(|e| e.name.clone())
                });
                groups.push(Group {
                    name,
                    doc: u.doc.clone(),
                    values: Vec::new(),
                    uses: Vec::new(),
                });
                groups.len() - 1
            });
            groups[index].absorb(&u.values);
            groups[index].uses.push(i);
        }

        // Users outside this import still need every value they may send.
        let outside = outside_users(existing, imported);
        for g in &mut groups {
            let Some(name) = g.name.clone() else { continue };
            if outside.contains_key(name.as_str()) {
                if let Some(old) = old_enums.get(name.as_str()) {
                    let kept: Vec<(String, String)> = old
                        .values
                        .iter()
                        .filter(|v| !v.deprecated)
                        .map(|v| (v.value.clone(), v.doc.clone()))
                        .collect();
                    g.absorb(&kept);
                }
            }
        }

        for g in groups.iter_mut().filter(|g| g.name.is_none()) {
            g.name = Some(new_name(&self.uses, &g.uses, namer));
        }

        let declared_outside = declared_outside(existing, imported);
        let mut plan = EnumPlan {
            names: vec![String::new(); self.uses.len()],
            ..EnumPlan::default()
        };
        for g in groups {
            let name = g.name.expect("every group is named above");
            for &u in &g.uses {
                plan.names[u] = name.clone();
            }
            let mut files: BTreeSet<&FileRef> =
                g.uses.iter().map(|&u| &self.uses[u].file).collect();
            let outside_files = outside.get(name.as_str()).map_or(0, BTreeSet::len);
            let placement = if declared_outside.contains(name.as_str()) {
                Placement::Elsewhere
            } else if files.len() == 1 && outside_files == 0 {
                Placement::Inline(files.pop_first().expect("one file").clone())
            } else {
                Placement::Shared
            };
            let declared = RawEnum {
                name: name.clone(),
                doc: g.doc,
                values: g
                    .values
                    .into_iter()
                    .map(|(value, label)| RawEnumValue {
                        doc: if label.is_empty() {
                            value.clone()
                        } else {
                            label
                        },
                        value,
                        deprecated: false,
                    })
                    .collect(),
            };
            match placement {
                Placement::Inline(file) => plan.inline.entry(file).or_default().push(declared),
                Placement::Shared => {
                    plan.shared.insert(name, declared);
                }
                Placement::Elsewhere => {}
            }
        }
        plan
    }
}

/// A name for a new enum: the members' most common (singular) name, else
/// `<Owner><Member>` of the first use.
fn new_name(uses: &[EnumUse], members: &[usize], namer: &mut EnumNamer) -> String {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (order, &u) in members.iter().enumerate() {
        let base = singular(&uses[u].member, uses[u].list);
        let entry = counts.entry(base).or_insert((0, order));
        entry.0 += 1;
    }
    let best = counts
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(name, _)| name.clone())
        .unwrap_or_default();
    if namer.take(&best) {
        return best;
    }
    let first = &uses[members[0]];
    namer.allocate(&format!(
        "{}{}",
        first.file.name(),
        singular(&first.member, first.list)
    ))
}

/// `SealTypes` → `SealType` for list members; other names unchanged.
fn singular(member: &str, list: bool) -> String {
    if !list {
        return member.to_owned();
    }
    member
        .strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| {
            ["sses", "uses", "xes", "ches", "shes"]
                .iter()
                .find_map(|end| {
                    member
                        .strip_suffix(end)
                        .map(|s| format!("{s}{}", &end[..end.len() - 2]))
                })
        })
        .or_else(|| {
            member
                .strip_suffix('s')
                .filter(|s| !s.ends_with('s'))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| member.to_owned())
}

/// Enum names referenced by fields of files outside this import, with those files.
fn outside_users<'a>(
    existing: &'a SchemaSubset,
    imported: &BTreeSet<FileRef>,
) -> BTreeMap<&'a str, BTreeSet<FileRef>> {
    let mut users: BTreeMap<&str, BTreeSet<FileRef>> = BTreeMap::new();
    let mut note = |file: FileRef, fields: &'a [RawField]| {
        if imported.contains(&file) {
            return;
        }
        for f in fields {
            let (element, _) = element_of(&f.ty);
            if existing.has_enum(element) {
                users.entry(element).or_default().insert(file.clone());
            }
        }
    };
    for (name, a) in &existing.actions {
        note(FileRef::Action(name.clone()), &a.request);
        note(FileRef::Action(name.clone()), &a.response);
    }
    for (name, s) in &existing.structures {
        note(FileRef::Structure(name.clone()), &s.fields);
    }
    users
}

/// Enum names declared inline by files outside this import.
fn declared_outside<'a>(
    existing: &'a SchemaSubset,
    imported: &BTreeSet<FileRef>,
) -> BTreeSet<&'a str> {
    let actions = existing
        .actions
        .iter()
        .filter(|(n, _)| !imported.contains(&FileRef::Action((*n).clone())))
        .flat_map(|(_, a)| a.enums.iter());
    let structures = existing
        .structures
        .iter()
        .filter(|(n, _)| !imported.contains(&FileRef::Structure((*n).clone())))
        .flat_map(|(_, s)| s.enums.iter());
    actions.chain(structures).map(|e| e.name.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set<'a>(values: &[&'a str]) -> BTreeSet<&'a str> {
        values.iter().copied().collect()
    }

    #[test]
    fn meaning() {
        assert!(same_meaning(&set(&["A", "B"]), &set(&["B", "A"])));
        assert!(!same_meaning(&set(&["A", "B"]), &set(&["A", "B", "C"])));
        assert!(same_meaning(
            &set(&["A", "B", "C"]),
            &set(&["A", "B", "C", "D"])
        ));
        assert!(!same_meaning(
            &set(&["A", "B", "C"]),
            &set(&["A", "B", "D"])
        ));
    }

    #[test]
    fn singular_names() {
        assert_eq!(singular("SealTypes", true), "SealType");
        assert_eq!(singular("Categories", true), "Category");
        assert_eq!(singular("Status", false), "Status");
        assert_eq!(singular("Address", true), "Address");
        assert_eq!(singular("SealStatuses", true), "SealStatus");
        assert_eq!(singular("Boxes", true), "Box");
    }

    fn use_of(file: &str, member: &str, values: &[&str]) -> EnumUse {
        EnumUse {
            file: FileRef::Action(file.into()),
            member: member.into(),
            list: false,
            doc: format!("doc of {member}"),
            values: values
                .iter()
                .map(|v| ((*v).into(), String::new()))
                .collect(),
            old: None,
        }
    }

    fn namer() -> EnumNamer {
        EnumNamer::reserving(std::iter::empty::<String>())
    }

    #[test]
    fn shared_lists_become_one_shared_enum() {
        let mut planner = EnumPlanner::default();
        let a = planner.add(use_of("A", "IdCardType", &["ID_CARD", "PASSPORT", "OTHER"]));
        let b = planner.add(use_of("B", "AdminIdCardType", &["ID_CARD", "PASSPORT"]));
        let c = planner.add(use_of(
            "C",
            "IdCardType",
            &["ID_CARD", "PASSPORT", "OTHER", "X"],
        ));
        let d = planner.add(use_of("C", "Status", &["ON", "OFF"]));
        let imported = ["A", "B", "C"].map(|n| FileRef::Action(n.into())).into();
        let plan = planner.resolve(&SchemaSubset::default(), &imported, &mut namer());
        assert_eq!(plan.names[a], "IdCardType");
        assert_eq!(plan.names[c], "IdCardType");
        assert_eq!(plan.names[b], "AdminIdCardType", "two values never widen");
        assert_eq!(plan.names[d], "Status");
        let shared = &plan.shared["IdCardType"];
        let values: Vec<&str> = shared.values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["ID_CARD", "PASSPORT", "OTHER", "X"]);
        assert_eq!(plan.inline[&FileRef::Action("C".into())][0].name, "Status");
    }

    #[test]
    fn existing_names_are_kept_by_values() {
        let mut existing = SchemaSubset::default();
        existing.enums.insert(
            "Colour".into(),
            RawEnum {
                name: "Colour".into(),
                doc: "d".into(),
                values: ["RED", "GREEN"]
                    .map(|v| RawEnumValue {
                        value: v.into(),
                        doc: v.into(),
                        deprecated: false,
                    })
                    .into(),
            },
        );
        let mut planner = EnumPlanner::default();
        let a = planner.add(use_of("A", "Paint", &["GREEN", "RED"]));
        let imported = [FileRef::Action("A".into())].into();
        let plan = planner.resolve(&existing, &imported, &mut namer());
        assert_eq!(plan.names[a], "Colour");
        assert_eq!(plan.inline[&FileRef::Action("A".into())][0].name, "Colour");
    }
}

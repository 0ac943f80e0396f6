//! Names for new enums, unique across the whole schema (structures and enums
//! share one namespace).

use std::collections::{BTreeMap, BTreeSet};

use super::description::ApiDescription;
use super::subset::SchemaSubset;

/// Hands out enum names that clash with no object, structure or enum.
pub struct EnumNamer {
    taken: BTreeSet<String>,
    /// Names already handed out, by requested base, so repeated requests for
    /// the same owner and field within one run stay distinct.
    given: BTreeMap<String, usize>,
}

impl EnumNamer {
    /// Reserves every object name of the description and every structure and
    /// enum name of the existing schema.
    pub fn new(api: &ApiDescription, existing: &SchemaSubset) -> Self {
        Self::reserving(
            api.objects
                .keys()
                .cloned()
                .chain(existing.structures.keys().cloned())
                .chain(existing.enums().map(|e| e.name.clone())),
        )
    }

    /// Reserves exactly these names.
    pub fn reserving(names: impl IntoIterator<Item = String>) -> Self {
        EnumNamer {
            taken: names.into_iter().collect(),
            given: BTreeMap::new(),
        }
    }

    /// Reserves `name` if it is a free, non-empty name; says whether it did.
    pub fn take(&mut self, name: &str) -> bool {
        !name.is_empty() && self.taken.insert(name.to_owned())
    }

    /// Returns `base` (reduced to ASCII letters and digits), or `base2`,
    /// `base3`… if taken, and reserves it.
    pub fn allocate(&mut self, base: &str) -> String {
        let base: String = base.chars().filter(char::is_ascii_alphanumeric).collect();
        let mut n = self.given.get(&base).copied().unwrap_or(1);
        loop {
            let name = if n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            };
            if self.taken.insert(name.clone()) {
                self.given.insert(base, n + 1);
                return name;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_taken_names() {
        let api = ApiDescription {
            file: "api.json".into(),
            service: None,
            api_version: None,
            actions: BTreeMap::new(),
            objects: BTreeMap::new(),
        };
        let mut namer = EnumNamer::new(&api, &SchemaSubset::default());
        assert_eq!(namer.allocate("FooBar"), "FooBar");
        assert_eq!(namer.allocate("FooBar"), "FooBar2");
        assert_eq!(namer.allocate("Foo_Bar"), "FooBar3");
    }
}

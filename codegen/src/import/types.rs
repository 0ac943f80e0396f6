//! Maps a member's `type`/`member` pair onto a schema type expression.

use super::description::ApiMember;

/// What a member holds, before enums are recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberType {
    /// `string`, `int64`, `uint64`, `float`, `bool` or `date`.
    Scalar(&'static str),
    /// A structure, by object name.
    Object(String),
    /// A list of scalars or structures.
    List(Box<MemberType>),
}

impl MemberType {
    /// Classifies a member.
    ///
    /// # Errors
    /// A message naming the unsupported `type`/`member` combination.
    pub fn of(member: &ApiMember) -> Result<Self, String> {
        let element = || match scalar(&member.member) {
            Some(s) => MemberType::Scalar(s),
            None => MemberType::Object(member.member.clone()),
        };
        let ty = match (member.ty.as_str(), member.member.as_str()) {
            ("string", "string") => MemberType::Scalar("string"),
            ("string", "date") => MemberType::Scalar("date"),
            ("int", "int64" | "int") => MemberType::Scalar("int64"),
            ("int", "uint64") => MemberType::Scalar("uint64"),
            ("bool", "bool") => MemberType::Scalar("bool"),
            ("float", "float" | "double") => MemberType::Scalar("float"),
            ("object", m) if scalar(m).is_none() && is_object_name(m) => element(),
            ("list", m) if scalar(m).is_some() || is_object_name(m) => {
                MemberType::List(Box::new(element()))
            }
            (ty, m) => return Err(format!("unsupported type `{ty}` with member `{m}`")),
        };
        Ok(ty)
    }

    /// The referenced object name, if any (also through a list).
    pub fn object(&self) -> Option<&str> {
        match self {
            MemberType::Scalar(_) => None,
            MemberType::Object(name) => Some(name),
            MemberType::List(inner) => inner.object(),
        }
    }

    /// Whether this is a plain `string` (which may become an enum).
    pub fn is_string(&self) -> bool {
        *self == MemberType::Scalar("string")
    }

    /// Whether this is a `list<string>` (a list of enum values at most).
    pub fn is_string_list(&self) -> bool {
        matches!(self, MemberType::List(inner) if inner.is_string())
    }

    /// The schema type expression, e.g. `list<Agent>`.
    pub fn expr(&self) -> String {
        match self {
            MemberType::Scalar(s) => (*s).to_owned(),
            MemberType::Object(name) => name.clone(),
            MemberType::List(inner) => format!("list<{}>", inner.expr()),
        }
    }
}

/// The element of a schema type expression: `(T, true)` for `list<T>`, else
/// `(ty, false)`.
pub fn element_of(ty: &str) -> (&str, bool) {
    match ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
        Some(inner) => (inner, true),
        None => (ty, false),
    }
}

fn scalar(member: &str) -> Option<&'static str> {
    Some(match member {
        "string" => "string",
        "int64" | "int" => "int64",
        "uint64" => "uint64",
        "bool" => "bool",
        "float" | "double" => "float",
        "date" => "date",
        _ => return None,
    })
}

fn is_object_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(ty: &str, member: &str) -> ApiMember {
        ApiMember {
            name: "X".into(),
            ty: ty.into(),
            member: member.into(),
            required: false,
            disabled: false,
            document: String::new(),
            example: None,
        }
    }

    #[test]
    fn maps_every_kind() {
        let cases = [
            ("string", "string", "string"),
            ("string", "date", "date"),
            ("int", "int64", "int64"),
            ("int", "uint64", "uint64"),
            ("bool", "bool", "bool"),
            ("float", "float", "float"),
            ("object", "Agent", "Agent"),
            ("list", "string", "list<string>"),
            ("list", "uint64", "list<uint64>"),
            ("list", "Option", "list<Option>"),
        ];
        for (ty, m, expected) in cases {
            assert_eq!(
                MemberType::of(&member(ty, m)).unwrap().expr(),
                expected,
                "{ty}/{m}"
            );
        }
    }

    #[test]
    fn rejects_nonsense() {
        assert!(MemberType::of(&member("int", "string")).is_err());
        assert!(MemberType::of(&member("object", "string")).is_err());
        assert!(MemberType::of(&member("map", "Agent")).is_err());
        assert!(MemberType::of(&member("list", "not a name")).is_err());
    }

    #[test]
    fn finds_objects_through_lists() {
        assert_eq!(
            MemberType::of(&member("list", "Option")).unwrap().object(),
            Some("Option")
        );
        assert_eq!(
            MemberType::of(&member("list", "string")).unwrap().object(),
            None
        );
    }
}

//! Parsing type expressions such as `list<Agent>`.

/// A type expression before names are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeExpr {
    /// A built-in scalar or a name to resolve.
    Name(String),
    /// `list<T>`.
    List(Box<TypeExpr>),
}

/// Built-in scalar type names.
pub const SCALARS: &[&str] = &["string", "int64", "uint64", "float", "bool", "date"];

/// Parses `text`, or says what is wrong with it.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix("list<") {
        let inner = inner
            .strip_suffix('>')
            .ok_or_else(|| format!("malformed type `{text}`: `list<` needs a closing `>`"))?;
        return Ok(TypeExpr::List(Box::new(parse(inner)?)));
    }
    if t.is_empty() {
        return Err(String::from("the type is empty"));
    }
    if !crate::rust_names::is_identifier(t) {
        return Err(format!(
            "malformed type `{text}`: expected a built-in type ({}), `list<T>`, or a structure or enum name",
            SCALARS.join(", ")
        ));
    }
    Ok(TypeExpr::Name(t.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_lists() {
        assert_eq!(
            parse("list<list<Agent>>"),
            Ok(TypeExpr::List(Box::new(TypeExpr::List(Box::new(
                TypeExpr::Name("Agent".into())
            )))))
        );
        assert_eq!(parse(" string "), Ok(TypeExpr::Name("string".into())));
    }

    #[test]
    fn rejects_malformed() {
        assert!(parse("list<Agent").is_err());
        assert!(parse("Array of String").is_err());
        assert!(parse("").is_err());
        assert!(parse("list<>").is_err());
    }
}

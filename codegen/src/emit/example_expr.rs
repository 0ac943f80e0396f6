//! Rust expressions that build a documented example with the typed API.
//!
//! Used for the example in each client method's docs and in the generated
//! tests, where the built value must serialize to the documented JSON.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::type_paths::{ident, named};
use crate::model::{Field, Schema, TypeRef};

/// Whether deprecated members are set too (tests) or left out (docs).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Deprecated {
    /// Set them, as the example does.
    Include,
    /// Leave them out, as new code should.
    Skip,
}

/// Builds `<types>::<type_name>::new(..).setter(..)` from a JSON object.
pub fn record(
    schema: &Schema,
    types: &TokenStream,
    type_name: &str,
    fields: &[Field],
    value: &Value,
    deprecated: Deprecated,
) -> TokenStream {
    let object = value.as_object();
    let get = |f: &Field| {
        object
            .and_then(|o| o.get(&f.wire_name))
            .filter(|v| !v.is_null())
    };
    let ty = ident(type_name);
    let args = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| argument(schema, types, &f.ty, get(f), deprecated));
    let mut expr = quote!(#types::#ty::new(#(#args),*));
    for f in fields.iter().filter(|f| !f.required) {
        if f.deprecated && deprecated == Deprecated::Skip {
            continue;
        }
        if let Some(v) = get(f) {
            let setter = ident(&f.setter);
            let arg = argument(schema, types, &f.ty, Some(v), deprecated);
            expr = quote!(#expr.#setter(#arg));
        }
    }
    expr
}

/// A constructor or setter argument: strings as literals (`impl Into<String>`).
fn argument(
    schema: &Schema,
    types: &TokenStream,
    ty: &TypeRef,
    value: Option<&Value>,
    deprecated: Deprecated,
) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Date => {
            let s = value.and_then(Value::as_str).unwrap_or("");
            quote!(#s)
        }
        _ => owned(schema, types, ty, value, deprecated),
    }
}

/// A value of the member type itself.
fn owned(
    schema: &Schema,
    types: &TokenStream,
    ty: &TypeRef,
    value: Option<&Value>,
    deprecated: Deprecated,
) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Date => {
            let s = value.and_then(Value::as_str).unwrap_or("");
            quote!(::std::string::String::from(#s))
        }
        TypeRef::Int64 => {
            let n = Literal::i64_suffixed(value.and_then(Value::as_i64).unwrap_or(0));
            quote!(#n)
        }
        TypeRef::Uint64 => {
            let n = Literal::u64_suffixed(value.and_then(Value::as_u64).unwrap_or(0));
            quote!(#n)
        }
        TypeRef::Float => {
            let n = Literal::f64_suffixed(value.and_then(Value::as_f64).unwrap_or(0.0));
            quote!(#n)
        }
        TypeRef::Bool => {
            let b = value.and_then(Value::as_bool).unwrap_or(false);
            quote!(#b)
        }
        TypeRef::List(item) => {
            let items = value
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|v| owned(schema, types, item, Some(v), deprecated))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            quote!(::std::vec![#(#items),*])
        }
        TypeRef::Enum(name) => {
            let e = schema.enums.iter().find(|e| &e.name == name);
            let rust = ident(named(schema, name));
            let wire = value.and_then(Value::as_str).unwrap_or("");
            match e.and_then(|e| e.values.iter().find(|v| v.wire == wire)) {
                Some(v) => {
                    let variant = ident(&v.rust_name);
                    quote!(#types::#rust::#variant)
                }
                None => quote!(#types::#rust::from(#wire)),
            }
        }
        TypeRef::Struct(name) => match schema.structures.iter().find(|s| &s.name == name) {
            Some(s) => record(
                schema,
                types,
                &s.rust_name,
                &s.fields,
                value.unwrap_or(&Value::Null),
                deprecated,
            ),
            None => quote!(::std::default::Default::default()),
        },
    }
}

//! Rust types and paths of schema types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Schema, TypeRef};

/// An identifier, raw (`r#type`) when the name asks for it.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// Rust name of the named structure or enum.
///
/// # Panics
/// If the model names a type it does not declare, which validation rules out.
pub fn named<'a>(schema: &'a Schema, name: &str) -> &'a str {
    let structure = schema.structures.iter().find(|s| s.name == name);
    let rust_name = structure.map(|s| &s.rust_name).or_else(|| {
        schema
            .enums
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.rust_name)
    });
    rust_name.expect("a resolved type names a declared structure or enum")
}

/// The Rust type of `ty`, with named types under `prefix` (e.g. `crate::types`).
pub fn rust_type(schema: &Schema, ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Date => quote!(::std::string::String),
        TypeRef::Int64 => quote!(i64),
        TypeRef::Uint64 => quote!(u64),
        TypeRef::Float => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::List(inner) => {
            let inner = rust_type(schema, inner, prefix);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Struct(name) | TypeRef::Enum(name) => {
            let id = ident(named(schema, name));
            quote!(#prefix::#id)
        }
    }
}

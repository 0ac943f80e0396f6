//! Structs with named fields: structures, requests and responses.
//!
//! Required members are constructor arguments, so forgetting one is a compile
//! error; optional members get chainable setters. Every struct is
//! `#[non_exhaustive]`, which forbids struct literals outside the crate and so
//! forces the constructor.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, or_default};
use super::type_paths::{ident, rust_type};
use crate::model::{Field, Schema, TypeRef};

/// How strictly a struct decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// Only ever built by users or parsed from request examples: required
    /// members are plain values and must be present.
    Strict,
    /// Also decoded from responses: every member is optional and decodes with
    /// `tencentcloud_runtime::de::lenient::option`, so a missing, null or
    /// mistyped value never fails a call; members the schema does not declare
    /// are kept in `other`.
    Lenient,
    /// An action's response: lenient, plus the `RequestId` every response has.
    Response,
    /// A callback message's data: lenient member by member (a member that is
    /// null or does not decode is left unset), plus `other`, which keeps every
    /// member the struct does not type, and every mistyped one, exactly as sent.
    Callback,
}

impl Decoding {
    fn is_lenient(self) -> bool {
        self != Decoding::Strict
    }
}

/// The Rust name of the field keeping undeclared members: `other`, or
/// `other_members` when the schema declares a member named `Other`.
pub fn other_field(fields: &[Field]) -> &'static str {
    if fields.iter().any(|f| f.rust_name == "other") {
        "other_members"
    } else {
        "other"
    }
}

/// What to emit for one struct.
pub struct Record<'a> {
    /// Rust type name.
    pub rust_name: &'a str,
    /// Documentation.
    pub doc: String,
    /// Members.
    pub fields: &'a [Field],
    /// Decoding strictness.
    pub decoding: Decoding,
}

fn field_is_plain(field: &Field, decoding: Decoding) -> bool {
    field.required && decoding == Decoding::Strict
}

/// The member type inside `Option` (boxed when the type contains its owner).
fn value_type(schema: &Schema, field: &Field) -> TokenStream {
    let ty = rust_type(schema, &field.ty, &quote!(crate::types));
    if field.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// The argument type a constructor or setter takes for `field`.
fn argument(schema: &Schema, field: &Field) -> (TokenStream, TokenStream) {
    let name = ident(&field.rust_name);
    let ty = rust_type(schema, &field.ty, &quote!(crate::types));
    match (&field.ty, field.boxed) {
        (TypeRef::String | TypeRef::Date, _) => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(#name.into()),
        ),
        (_, true) => (ty, quote!(::std::boxed::Box::new(#name))),
        (_, false) => (ty, quote!(#name)),
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let mut text = or_default(&field.doc, "Not documented.")
        .trim_end()
        .to_owned();
    if let Some(example) = &field.example {
        text.push_str(&format!("\n\nExample: `{}`", example.replace('`', "'")));
    }
    doc(&text)
}

fn deprecated_attr(field: &Field) -> TokenStream {
    if field.deprecated {
        quote!(#[deprecated(note = "documented as no longer used; still accepted and decoded")])
    } else {
        quote!()
    }
}

/// Emits the struct, its constructor and setters.
pub fn emit(schema: &Schema, record: &Record<'_>) -> TokenStream {
    let name = ident(record.rust_name);
    let type_doc = doc(&record.doc);
    let decoding = record.decoding;

    let members = record.fields.iter().map(|f| {
        let field_name = ident(&f.rust_name);
        let doc = field_doc(f);
        let deprecated = deprecated_attr(f);
        let rename = rename_attr(f);
        let ty = value_type(schema, f);
        if field_is_plain(f, decoding) {
            quote! { #doc #deprecated #rename pub #field_name: #ty, }
        } else if decoding.is_lenient() && decoding != Decoding::Callback {
            quote! {
                #doc #deprecated #rename
                #[serde(
                    default,
                    deserialize_with = "::tencentcloud_runtime::de::lenient::option",
                    skip_serializing_if = "::std::option::Option::is_none"
                )]
                pub #field_name: ::std::option::Option<#ty>,
            }
        } else {
            quote! {
                #doc #deprecated #rename
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #field_name: ::std::option::Option<#ty>,
            }
        }
    });
    let request_id = (decoding == Decoding::Response).then(|| {
        quote! {
            /// Identifier of the request, assigned by the service; quote it when reporting a problem.
            #[serde(rename = "RequestId", default, deserialize_with = "::tencentcloud_runtime::de::null_as_default")]
            pub request_id: ::std::string::String,
        }
    });

    let other_name = ident(other_field(record.fields));
    let other = match decoding {
        Decoding::Strict => None,
        // A callback is never sent back: everything kept is serialized again.
        Decoding::Callback => Some(quote! {
            /// Members this version does not declare, and declared members whose value
            /// is of another type than documented, exactly as sent; serialized back
            /// after the typed members, so nothing is lost.
            #[serde(flatten)]
            pub #other_name: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }),
        Decoding::Lenient | Decoding::Response => Some(quote! {
            /// Members the service returned that this version of the SDK does not
            /// declare, kept as received: they are printed and compared with the
            /// rest, but never sent back in a request.
            #[serde(flatten, skip_serializing_if = "::tencentcloud_runtime::de::lenient::skip_other")]
            pub #other_name: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }),
    };
    let (derive_deserialize, deserialize_impl) = if decoding == Decoding::Callback {
        (quote!(), lenient_deserialize(record))
    } else {
        (quote!(::serde::Deserialize), quote!())
    };
    let lenient_impl = (decoding == Decoding::Lenient).then(|| {
        quote! {
            impl<'de> ::tencentcloud_runtime::de::lenient::Lenient<'de> for #name {
                fn deserialize_lenient<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                    ::tencentcloud_runtime::de::lenient::record(deserializer)
                }
            }
        }
    });

    let required: Vec<&Field> = record.fields.iter().filter(|f| f.required).collect();
    let derive_default = required.is_empty() || decoding == Decoding::Response;
    let default = derive_default.then(|| quote!(Default,));

    let constructor = constructor(schema, record, &required);
    let setters = record
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| setter(schema, f));

    quote! {
        #type_doc
        #[derive(Clone, Debug, PartialEq, #default ::serde::Serialize, #derive_deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
            #request_id
            #other
        }

        #[allow(deprecated)]
        impl #name {
            #constructor
            #(#setters)*
        }

        #lenient_impl
        #deserialize_impl
    }
}

/// `Deserialize` of a callback data struct: the members as a JSON object,
/// each declared one taken out and decoded on its own; what does not decode
/// stays in the `other` map with the members nobody declared.
fn lenient_deserialize(record: &Record<'_>) -> TokenStream {
    let name = ident(record.rust_name);
    let other = ident(other_field(record.fields));
    let inits = record.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        quote!(#field: crate::callbacks::member(&mut #other, #wire),)
    });
    let binding = if record.fields.is_empty() {
        quote!(#other)
    } else {
        quote!(mut #other)
    };
    quote! {
        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let #binding = <::serde_json::Map<::std::string::String, ::serde_json::Value> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self {
                    #(#inits)*
                    #other,
                })
            }
        }
    }
}

fn rename_attr(field: &Field) -> TokenStream {
    match &field.serde_rename {
        Some(wire) => quote!(#[serde(rename = #wire)]),
        None => quote!(),
    }
}

fn constructor(schema: &Schema, record: &Record<'_>, required: &[&Field]) -> TokenStream {
    let params = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let (ty, _) = argument(schema, f);
        quote!(#name: #ty)
    });
    let inits = record.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.required {
            let (_, value) = argument(schema, f);
            if field_is_plain(f, record.decoding) {
                if name == value.to_string() {
                    quote!(#name,)
                } else {
                    quote!(#name: #value,)
                }
            } else {
                quote!(#name: ::std::option::Option::Some(#value),)
            }
        } else {
            quote!(#name: ::std::option::Option::None,)
        }
    });
    let request_id = (record.decoding == Decoding::Response)
        .then(|| quote!(request_id: ::std::string::String::new(),));
    let other = record.decoding.is_lenient().then(|| {
        let other = ident(other_field(record.fields));
        quote!(#other: ::serde_json::Map::new(),)
    });
    let doc_text = if required.is_empty() {
        String::from("Creates a value with every member unset.")
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.wire_name))
            .collect();
        format!("Creates a value from its required members ({}); set the others with the chainable setters.", names.join(", "))
    };
    let doc = doc(&doc_text);
    quote! {
        #doc
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits)* #request_id #other }
        }
    }
}

fn setter(schema: &Schema, field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let method = ident(&field.setter);
    let (ty, value) = argument(schema, field);
    let deprecated = deprecated_attr(field);
    let doc = doc(&format!("Sets `{}`.", field.wire_name));
    quote! {
        #doc
        #deprecated
        #[must_use]
        pub fn #method(mut self, #name: #ty) -> Self {
            self.#name = ::std::option::Option::Some(#value);
            self
        }
    }
}

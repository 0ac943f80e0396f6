//! String enums that keep values they do not know.
//!
//! Every enum is `#[non_exhaustive]` and ends in `Unknown(UnknownValue)`: a
//! value the service starts sending tomorrow decodes instead of failing, and
//! serializes back unchanged. `UnknownValue<Self>` cannot be built outside the
//! crate, so a known value always has exactly one representation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, or_default};
use super::type_paths::ident;
use crate::model::Enum;

/// Emits the enum and its conversions.
pub fn emit(e: &Enum) -> TokenStream {
    let name = ident(&e.rust_name);
    let type_doc = doc(or_default(&e.doc, "Not documented."));
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = doc(&format!("`{}`: {}", v.wire, or_default(&v.doc, "not documented.")));
        let deprecated = v
            .deprecated
            .then(|| quote!(#[deprecated(note = "no longer listed by the API documentation; kept so existing code compiles")]));
        quote! { #doc #deprecated #variant, }
    });
    let to_str = e.values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote! { Self::#variant => #wire, }
    });
    let from_str = e.values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote! { #wire => Self::#variant, }
    });
    let wires = e.values.iter().map(|v| &v.wire);

    quote! {
        #type_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know; it round-trips unchanged.
            Unknown(crate::UnknownValue<Self>),
        }

        #[allow(deprecated)]
        impl #name {
            /// Every value the schema documents, in documented order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(crate::UnknownValue::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_ref()))
            }
        }

        impl<'de> ::tencentcloud_runtime::de::lenient::Lenient<'de> for #name {
            fn deserialize_lenient<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                ::tencentcloud_runtime::de::lenient::enumeration(deserializer)
            }
        }
    }
}

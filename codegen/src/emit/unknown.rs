//! The payload of every enum's `Unknown` variant.

use proc_macro2::TokenStream;
use quote::quote;

/// Emits `UnknownValue`.
pub fn emit() -> TokenStream {
    quote! {
        /// A wire value this version of the SDK does not know, kept verbatim.
        ///
        /// Only the SDK creates it, so a value it knows always decodes to its own
        /// variant and never to `Unknown`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct UnknownValue(::std::string::String);

        impl UnknownValue {
            pub(crate) fn new(value: &str) -> Self {
                Self(value.to_owned())
            }

            /// The value as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for UnknownValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}

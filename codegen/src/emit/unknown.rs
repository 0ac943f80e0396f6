//! The payload of every enum's `Unknown` variant.

use proc_macro2::TokenStream;
use quote::quote;

/// Emits `UnknownValue<E>`.
pub fn emit() -> TokenStream {
    quote! {
        /// A wire value this version of the SDK does not know, kept verbatim.
        ///
        /// Only the SDK creates it, and its type names the enum it belongs to, so
        /// a value the SDK knows always decodes to its own variant and an unknown
        /// value of one enum cannot be passed off as another's.
        pub struct UnknownValue<E> {
            value: ::std::string::String,
            of: ::std::marker::PhantomData<fn() -> E>,
        }

        impl<E> UnknownValue<E> {
            pub(crate) fn new(value: &str) -> Self {
                Self { value: value.to_owned(), of: ::std::marker::PhantomData }
            }

            /// The value as received.
            pub fn as_str(&self) -> &str {
                &self.value
            }
        }

        impl<E> ::std::clone::Clone for UnknownValue<E> {
            fn clone(&self) -> Self {
                Self { value: self.value.clone(), of: ::std::marker::PhantomData }
            }
        }

        impl<E> ::std::fmt::Debug for UnknownValue<E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple("UnknownValue").field(&self.value).finish()
            }
        }

        impl<E> ::std::fmt::Display for UnknownValue<E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.value)
            }
        }

        impl<E> ::std::cmp::PartialEq for UnknownValue<E> {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl<E> ::std::cmp::Eq for UnknownValue<E> {}

        impl<E> ::std::cmp::PartialOrd for UnknownValue<E> {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl<E> ::std::cmp::Ord for UnknownValue<E> {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.value.cmp(&other.value)
            }
        }

        impl<E> ::std::hash::Hash for UnknownValue<E> {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.value.hash(state);
            }
        }
    }
}

//! The one enum over every error code the service documents.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::type_paths::ident;
use crate::model::Schema;

/// Emits `ErrorCode` with its wire mapping, descriptions and retry advice.
pub fn emit(schema: &Schema) -> TokenStream {
    let codes = &schema.error_codes;
    let variants = codes.iter().map(|c| {
        let v = ident(&c.rust_name);
        let mut text = format!("`{}`: {}", c.code, c.doc.trim());
        if c.common {
            text.push_str("\n\nAny action may return it.");
        }
        if !c.actions.is_empty() {
            let list: Vec<String> = c.actions.iter().map(|a| format!("`{a}`")).collect();
            text.push_str(&format!("\n\nDocumented by {}.", list.join(", ")));
        }
        let doc = doc(&text);
        quote! { #doc #v, }
    });
    let to_str = codes.iter().map(|c| {
        let v = ident(&c.rust_name);
        let code = &c.code;
        quote! { Self::#v => #code, }
    });
    let from_str = codes.iter().map(|c| {
        let v = ident(&c.rust_name);
        let code = &c.code;
        quote! { #code => Self::#v, }
    });
    let descriptions = codes.iter().map(|c| {
        let v = ident(&c.rust_name);
        let d = c.doc.trim();
        quote! { Self::#v => ::std::option::Option::Some(#d), }
    });
    let retryable: Vec<TokenStream> = codes
        .iter()
        .filter(|c| c.retryable)
        .map(|c| {
            let v = ident(&c.rust_name);
            quote!(Self::#v)
        })
        .collect();
    let known_retryable = if retryable.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(#retryable)|*))
    };
    let all = codes.iter().map(|c| &c.code);

    quote! {
        /// Every error code the service documents: the common codes of the
        /// Tencent Cloud API and each action's own.
        ///
        /// Converts from and to the dotted wire code (`InvalidParameter.ParamError`);
        /// codes this version does not know are kept in `Unknown`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            /// A code this version of the SDK does not know.
            Unknown(crate::UnknownValue<Self>),
        }

        impl ErrorCode {
            /// Every documented code, sorted.
            pub const VALUES: &'static [&'static str] = &[#(#all),*];

            /// The dotted wire code.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(code) => code.as_str(),
                }
            }

            /// What the code means, when it is documented.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#descriptions)*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }

            /// The part before the first dot: `InvalidParameter` for `InvalidParameter.ParamError`.
            pub fn category(&self) -> &str {
                let code = self.as_str();
                code.split_once('.').map_or(code, |(category, _)| category)
            }

            /// Whether the request surely did not run, so sending it again is safe:
            /// the runtime's rule for every service
            /// ([`tencentcloud_runtime::is_retryable_code`]: rate-limit codes, known or
            /// not) and the codes the schema marks `retryable`.
            pub fn is_retryable(&self) -> bool {
                ::tencentcloud_runtime::is_retryable_code(self.as_str()) || #known_retryable
            }
        }

        impl ::std::convert::From<&str> for ErrorCode {
            fn from(code: &str) -> Self {
                match code {
                    #(#from_str)*
                    other => Self::Unknown(crate::UnknownValue::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for ErrorCode {
            type Err = ::std::convert::Infallible;
            fn from_str(code: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(code))
            }
        }

        impl ::std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::tencentcloud_runtime::ErrorCode for ErrorCode {
            fn from_wire(code: &str) -> Self {
                Self::from(code)
            }
            fn as_wire(&self) -> &str {
                self.as_str()
            }
            fn is_retryable(&self) -> bool {
                ErrorCode::is_retryable(self)
            }
        }
    }
}

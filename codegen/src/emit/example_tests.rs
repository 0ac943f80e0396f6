//! `tests/examples.rs`: every documented example as a test.
//!
//! For each example: the request JSON parses into the typed request and
//! serializes back to the same JSON; the typed constructors and setters build
//! that same request; the response decodes, through the runtime's decoder,
//! into the typed response (which serializes back to the documented fields)
//! or into the documented error code.

use proc_macro2::TokenStream;
use quote::quote;

use super::example_expr::{self, Deprecated};
use super::type_paths::ident;
use crate::model::{Action, ExampleOutcome, Schema};

/// Emits the test file.
pub fn emit(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let modules = schema
        .actions
        .iter()
        .filter(|a| !a.examples.is_empty())
        .map(|a| action_tests(schema, a));
    quote! {
        //! Tests made from the documented examples.
        #![allow(deprecated)]

        /// Drops nulls and writes whole floats as integers, so values compare as the wire means them.
        fn normalize(value: ::serde_json::Value) -> ::serde_json::Value {
            use ::serde_json::Value;
            match value {
                Value::Object(map) => Value::Object(
                    map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, normalize(v))).collect(),
                ),
                Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
                // 119 and 119.0 are the same number on the wire.
                Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => ::serde_json::json!(f as i64),
                    _ => Value::Number(n),
                },
                other => other,
            }
        }

        fn json(text: &str) -> ::serde_json::Value {
            normalize(::serde_json::from_str(text).expect("the documented JSON is valid"))
        }

        fn check_request<T>(documented: &str, built: &T)
        where
            T: ::serde::Serialize + ::serde::de::DeserializeOwned + ::std::fmt::Debug + ::std::cmp::PartialEq,
        {
            let parsed: T = ::serde_json::from_str(documented).expect("the documented request parses into the typed request");
            assert_eq!(normalize(::serde_json::to_value(&parsed).unwrap()), json(documented), "parse → serialize changes the request");
            assert_eq!(&parsed, built, "the typed builder does not produce the documented request");
            assert_eq!(normalize(::serde_json::to_value(built).unwrap()), json(documented));
        }

        fn check_success<T>(documented: &str, request_id: &str) -> T
        where
            T: ::serde::Serialize + ::serde::de::DeserializeOwned,
        {
            let decoded = ::tencentcloud_runtime::decode_response::<T, #krate::ErrorCode>(200, documented.as_bytes())
                .unwrap_or_else(|e| panic!("the documented response does not decode: {e}"));
            let mut expected = json(documented)["Response"].take();
            if let Some(map) = expected.as_object_mut() {
                map.remove("DeprecatedWarning");
            }
            let reencoded = normalize(::serde_json::to_value(&decoded).unwrap());
            assert_eq!(reencoded["RequestId"], request_id);
            assert_eq!(reencoded, expected, "decode → serialize changes the response");
            decoded
        }

        fn check_error<T: ::serde::Serialize + ::serde::de::DeserializeOwned + ::std::fmt::Debug>(documented: &str, code: #krate::ErrorCode, request_id: &str) {
            let error = ::tencentcloud_runtime::decode_response::<T, #krate::ErrorCode>(200, documented.as_bytes())
                .expect_err("the documented response is an error");
            assert_eq!(error.code(), Some(&code), "{error}");
            assert_eq!(error.request_id(), Some(request_id));
            assert!(code.description().is_some(), "documented codes have a description");
        }

        #(#modules)*
    }
}

fn action_tests(schema: &Schema, action: &Action) -> TokenStream {
    let module = ident(&action.module);
    let req = ident(&action.request_type);
    let resp = ident(&action.response_type);
    let krate = super::crate_ident(schema);
    let tests = action.examples.iter().map(|ex| {
        let name = ident(&ex.test_name);
        let built = example_expr::record(schema, &quote!(#krate::types), &action.request_type, &action.request, &ex.request, Deprecated::Include);
        let request_text = &ex.request_text;
        let response_text = &ex.response_text;
        let doc = format!(" {}", ex.title);
        let response_check = match &ex.outcome {
            ExampleOutcome::Success { request_id } => quote! {
                let response: #krate::types::#resp = check_success(#response_text, #request_id);
                assert_eq!(response.request_id, #request_id);
            },
            ExampleOutcome::Error { rust_name, request_id, .. } => {
                let variant = ident(rust_name);
                quote! { check_error::<#krate::types::#resp>(#response_text, #krate::ErrorCode::#variant, #request_id); }
            }
        };
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let built: #krate::types::#req = #built;
                check_request(#request_text, &built);
                #response_check
            }
        }
    });
    quote! {
        mod #module {
            use super::*;
            #(#tests)*
        }
    }
}

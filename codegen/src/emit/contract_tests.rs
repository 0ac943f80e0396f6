//! `tests/contract.rs`: the promises every generated type makes, checked for each one.
//!
//! Enums convert both ways for every documented value and keep unknown values;
//! responses decode with every field null or absent, with every field of the
//! wrong kind (left unset) and with fields the SDK does not know (kept); a
//! success without a `RequestId` is refused; every error code maps both ways.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::type_paths::ident;
use crate::model::{Schema, TypeRef};

/// Emits the test file.
pub fn emit(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let enum_tests = schema.enums.iter().map(|e| {
        let krate = &krate;
        let ty = ident(&e.rust_name);
        let name = format_ident!("enum_{}", e.snake_name);
        quote! {
            #[test]
            fn #name() {
                check_enum::<#krate::types::#ty>(#krate::types::#ty::VALUES, |v| matches!(v, #krate::types::#ty::Unknown(_)));
            }
        }
    });
    let response_tests = schema.actions.iter().map(|a| {
        let krate = &krate;
        let ty = ident(&a.response_type);
        let name = format_ident!("response_{}_decodes_leniently", a.snake_name);
        let nulls: Vec<String> = a.response.iter().map(|f| format!("\"{}\": null", f.wire_name)).collect();
        let all_null = format!(
            "{{\"Response\": {{{}\"FieldFromTheFuture\": {{\"Nested\": [1, 2]}}, \"RequestId\": \"req-null\"}}}}",
            nulls.iter().map(|n| format!("{n}, ")).collect::<String>()
        );
        // A value of the wrong kind for each member: an object where a string is
        // documented, a string anywhere else.
        let wrong: Vec<String> = a
            .response
            .iter()
            .map(|f| {
                let value = match f.ty {
                    TypeRef::String | TypeRef::Date | TypeRef::Enum(_) => r#"{"Unexpected": true}"#,
                    _ => r#""not of the documented type""#,
                };
                format!("\"{}\": {value}, ", f.wire_name)
            })
            .collect();
        let mistyped = format!(
            "{{\"Response\": {{{}\"RequestId\": \"req-mistyped\"}}}}",
            wrong.concat()
        );
        quote! {
            #[test]
            fn #name() {
                check_lenient::<#krate::types::#ty>(#all_null, r#"{"FieldFromTheFuture": {"Nested": [1, 2]}, "RequestId": "req-null"}"#);
                check_lenient::<#krate::types::#ty>("{\"Response\": {\"RequestId\": \"req-empty\"}}", r#"{"RequestId": "req-empty"}"#);
                check_lenient::<#krate::types::#ty>(#mistyped, r#"{"RequestId": "req-mistyped"}"#);
                check_no_request_id::<#krate::types::#ty>("{\"Response\": {\"Error\": null, \"RequestId\": null}}");
            }
        }
    });
    quote! {
        //! What every generated type promises, checked type by type.
        #![allow(deprecated)]

        use #krate::ErrorCode;

        fn check_enum<T>(values: &[&str], is_unknown: fn(&T) -> bool)
        where
            T: for<'a> ::std::convert::From<&'a str> + ::std::str::FromStr + ::std::fmt::Display + ::std::fmt::Debug
                + ::std::cmp::PartialEq + ::serde::Serialize + ::serde::de::DeserializeOwned,
            <T as ::std::str::FromStr>::Err: ::std::fmt::Debug,
        {
            assert!(!values.is_empty());
            for value in values {
                let known = T::from(value);
                assert!(!is_unknown(&known), "{value} decodes to Unknown");
                assert_eq!(known.to_string(), *value);
                assert_eq!(value.parse::<T>().unwrap(), known);
                assert_eq!(::serde_json::to_value(&known).unwrap(), ::serde_json::json!(value));
                assert_eq!(::serde_json::from_value::<T>(::serde_json::json!(value)).unwrap(), known);
            }
            let new = "VALUE_FROM_THE_FUTURE";
            let unknown: T = ::serde_json::from_value(::serde_json::json!(new)).unwrap();
            assert!(is_unknown(&unknown));
            assert_eq!(unknown.to_string(), new);
            assert_eq!(::serde_json::to_value(&unknown).unwrap(), ::serde_json::json!(new));
            assert!(::serde_json::from_value::<T>(::serde_json::json!(7)).is_err(), "a non-string is rejected");
        }

        fn check_lenient<T: ::serde::Serialize + ::serde::de::DeserializeOwned>(body: &str, expected: &str) {
            let decoded = ::tencentcloud_runtime::decode_response::<T, ErrorCode>(200, body.as_bytes())
                .unwrap_or_else(|e| panic!("a lenient response must decode: {e}"));
            assert_eq!(
                ::serde_json::to_value(&decoded).unwrap(),
                ::serde_json::from_str::<::serde_json::Value>(expected).unwrap(),
                "null, absent and mistyped fields decode as unset, unknown ones are kept"
            );
        }

        fn check_no_request_id<T: ::serde::Serialize + ::serde::de::DeserializeOwned + ::std::fmt::Debug>(body: &str) {
            let error = ::tencentcloud_runtime::decode_response::<T, ErrorCode>(200, body.as_bytes())
                .expect_err("a success needs a RequestId");
            assert!(
                matches!(
                    error,
                    ::tencentcloud_runtime::Error::InvalidResponse {
                        reason: ::tencentcloud_runtime::InvalidBodyReason::MissingRequestId,
                        ..
                    }
                ),
                "{error:?}"
            );
        }

        #[test]
        fn every_error_code_maps_both_ways() {
            assert!(!ErrorCode::VALUES.is_empty());
            for code in ErrorCode::VALUES {
                let typed = ErrorCode::from(*code);
                assert!(!matches!(typed, ErrorCode::Unknown(_)), "{code}");
                assert_eq!(typed.as_str(), *code);
                assert_eq!(code.parse::<ErrorCode>().unwrap(), typed);
                assert!(typed.description().is_some_and(|d| !d.is_empty()), "{code} has a description");
                assert_eq!(typed.category(), code.split('.').next().unwrap());
                assert_eq!(<ErrorCode as ::tencentcloud_runtime::ErrorCode>::from_wire(code), typed);
            }
            let unknown = ErrorCode::from("FailedOperation.FromTheFuture");
            assert!(matches!(unknown, ErrorCode::Unknown(_)));
            assert_eq!(unknown.as_str(), "FailedOperation.FromTheFuture");
            assert_eq!(unknown.category(), "FailedOperation");
            assert_eq!(unknown.description(), None);
            assert!(!unknown.is_retryable());
            assert!(ErrorCode::from("RequestLimitExceeded.FromTheFuture").is_retryable(), "rate limits are retryable even when new");
        }

        #(#enum_tests)*
        #(#response_tests)*
    }
}

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
use crate::model::{Action, Callback, ExampleOutcome, Schema, TypeRef};

/// Emits the test file.
pub fn emit(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let modules = schema
        .actions
        .iter()
        .filter(|a| !a.examples.is_empty())
        .map(|a| action_tests(schema, a));
    let callbacks = callback_tests(schema);
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

        #callbacks
    }
}

/// Tests of the callback messages: each documented message decodes, plain and
/// encrypted and signed, into its typed event and serializes back unchanged;
/// unknown types, unknown, null and mistyped members are kept.
fn callback_tests(schema: &Schema) -> TokenStream {
    if schema.callbacks.is_empty() {
        return quote!();
    }
    let krate = super::crate_ident(schema);
    let modules = schema
        .callbacks
        .iter()
        .filter(|c| !c.examples.is_empty())
        .map(|c| callback_module(schema, c));
    let first = schema.callbacks.iter().find(|c| !c.examples.is_empty());
    let unknown_type = first.map(|c| {
        let text = &c.examples[0].message_text;
        quote! {
            #[test]
            fn an_unknown_msg_type_keeps_its_data() {
                let mut message = json(#text);
                message["MsgType"] = ::serde_json::json!("MessageTypeAddedLater");
                let callback = decode(&message.to_string());
                let expected_data = message["MsgData"].clone();
                match &callback.event {
                    #krate::callbacks::Event::Unknown { msg_type, data } => {
                        assert_eq!(msg_type, "MessageTypeAddedLater");
                        assert_eq!(normalize(data.clone()), expected_data);
                    }
                    other => panic!("expected Event::Unknown, got {other:?}"),
                }
                assert_eq!(normalize(::serde_json::to_value(&callback).unwrap()), message);
            }
        }
    });
    let mistyped = schema
        .callbacks
        .iter()
        .filter(|c| !c.examples.is_empty())
        .find_map(|c| c.fields.first().map(|f| (c, f)))
        .map(|(c, f)| {
            let variant = ident(&c.rust_name);
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            let text = &c.examples[0].message_text;
            let wrong = match &f.ty {
                TypeRef::String | TypeRef::Date | TypeRef::Enum(_) => quote!(::serde_json::json!(12345)),
                _ => quote!(::serde_json::json!("not of the documented type")),
            };
            quote! {
                #[test]
                fn unknown_null_and_mistyped_members_do_not_fail_and_are_kept() {
                    let mut message = json(#text);
                    message["MsgData"][#wire] = #wrong;
                    message["MsgData"]["MemberAddedLater"] = ::serde_json::json!({"Nested": [1, "two"]});
                    let callback = decode(&message.to_string());
                    let #krate::callbacks::Event::#variant(data) = &callback.event else {
                        panic!("expected Event::{}, got {:?}", stringify!(#variant), callback.event);
                    };
                    assert_eq!(data.#field, None, "a mistyped member is left unset");
                    assert_eq!(data.other.get(#wire), Some(&message["MsgData"][#wire]), "and kept as sent");
                    assert_eq!(data.other["MemberAddedLater"], message["MsgData"]["MemberAddedLater"]);
                    assert_eq!(normalize(callback.event.to_data()), normalize(message["MsgData"].clone()));
                    assert_eq!(normalize(::serde_json::to_value(&callback).unwrap()), message);

                    message["MsgData"][#wire] = ::serde_json::Value::Null;
                    let callback = decode(&message.to_string());
                    assert!(matches!(&callback.event, #krate::callbacks::Event::#variant(data) if data.#field.is_none() && !data.other.contains_key(#wire)));
                    assert_eq!(callback.data()[#wire], ::serde_json::Value::Null, "the message as received still has it");
                }
            }
        });
    quote! {
        /// The callback messages: decoded through the receiver, plain and sealed
        /// (encrypted and signed) like the platform sends them.
        mod callback_messages {
            use super::*;

            const KEY: &str = "0123456789abcdef0123456789ABCDEF";
            const TOKEN: &str = "example-token";

            /// A plaintext message through a receiver without key or token.
            fn decode(text: &str) -> #krate::callbacks::Callback {
                let receiver = #krate::callbacks::Receiver::builder().build().unwrap();
                match receiver.parse(text.as_bytes(), None) {
                    Ok(#krate::callbacks::Delivery::Callback(callback)) => callback,
                    other => panic!("expected a callback, got {other:?}"),
                }
            }

            /// The documented message decodes, plain and sealed, to the same callback,
            /// which serializes back to the documented message.
            fn check_callback(documented: &str) -> #krate::callbacks::Callback {
                let callback = decode(documented);
                let expected = json(documented);
                assert_eq!(callback.msg_type, expected["MsgType"]);
                assert_eq!(callback.msg_id, expected["MsgId"]);
                assert_eq!(callback.msg_version, expected["MsgVersion"]);
                assert_eq!(normalize(::serde_json::to_value(&callback).unwrap()), expected, "decode → serialize changes the message");
                assert_eq!(normalize(callback.event.to_data()), expected["MsgData"], "the typed event loses or changes members");

                let sender = ::tencentcloud_runtime::callback::sender::CallbackSender::builder()
                    .callback_key(KEY)
                    .token(TOKEN)
                    .build()
                    .unwrap();
                let sealed = sender.seal_plaintext(documented.as_bytes());
                let receiver = #krate::callbacks::Receiver::builder().callback_key(KEY).token(TOKEN).build().unwrap();
                match receiver.parse(&sealed.body, sealed.content_signature.as_deref()) {
                    Ok(#krate::callbacks::Delivery::Callback(sealed)) => assert_eq!(sealed, callback),
                    other => panic!("the sealed message does not decode: {other:?}"),
                }
                callback
            }

            #unknown_type
            #mistyped

            #(#modules)*
        }
    }
}

fn callback_module(schema: &Schema, callback: &Callback) -> TokenStream {
    let krate = super::crate_ident(schema);
    let module = ident(&callback.module);
    let variant = ident(&callback.rust_name);
    let tests = callback.examples.iter().map(|ex| {
        let name = ident(&ex.test_name);
        let text = &ex.message_text;
        let doc = format!(" {}", ex.title);
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let callback = check_callback(#text);
                let #krate::callbacks::Event::#variant(data) = &callback.event else {
                    panic!("expected Event::{}, got {:?}", stringify!(#variant), callback.event);
                };
                assert!(data.other.is_empty(), "every documented member is typed: {:?}", data.other);
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

//! `src/callbacks/`: typed callback messages and the receiver.
//!
//! One file per message type holds its data struct (the record emitter in
//! [`Decoding::Callback`] mode: every member optional, decoded member by
//! member, unknown and undecodable members kept in `other`) and the enums the
//! file declares. `mod.rs` holds what ties them together: `Event` (one variant
//! per message type, `Unknown` for the others), `Callback` (the envelope with
//! its event), `Delivery` (what a request turned out to be) and `Receiver`,
//! which wraps the runtime's `CallbackVerifier`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::record::{self, Decoding, Record};
use super::type_paths::ident;
use crate::model::{Callback, Schema};

/// The data struct of one message type.
pub fn data_struct(schema: &Schema, callback: &Callback) -> TokenStream {
    let text = paragraphs([
        format!("`{}`: {}", callback.name, callback.summary).as_str(),
        callback.doc.as_deref().unwrap_or(""),
        "The `MsgData` of these messages. Every member is optional: a member that is missing \
         or null is `None`; one of another type than documented is `None` too, and its value, \
         like every member this version does not declare, is kept in `other`.",
    ]);
    record::emit(
        schema,
        &Record {
            rust_name: &callback.rust_name,
            doc: text,
            fields: &callback.fields,
            decoding: Decoding::Callback,
        },
    )
}

/// `src/callbacks/mod.rs`.
pub fn module(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let mods = schema.callbacks.iter().map(|c| ident(&c.module));
    let uses = schema.callbacks.iter().map(|c| {
        let m = ident(&c.module);
        let t = ident(&c.rust_name);
        quote!(pub use self::#m::#t;)
    });
    let variants = schema.callbacks.iter().map(|c| {
        let t = ident(&c.rust_name);
        let d = doc(&format!("`{}`: {}", c.name, c.summary));
        quote!(#d #t(#t),)
    });
    let names: Vec<&str> = schema.callbacks.iter().map(|c| c.name.as_str()).collect();
    let decode_arms = schema.callbacks.iter().map(|c| {
        let t = ident(&c.rust_name);
        let wire = &c.name;
        quote! {
            #wire => match <#t as ::serde::Deserialize>::deserialize(&data) {
                ::std::result::Result::Ok(typed) => Self::#t(typed),
                ::std::result::Result::Err(_) => Self::Unknown { msg_type: msg_type.to_owned(), data },
            },
        }
    });
    let type_arms = schema.callbacks.iter().map(|c| {
        let t = ident(&c.rust_name);
        let wire = &c.name;
        quote!(Self::#t(_) => #wire,)
    });
    let serialize_arms = schema.callbacks.iter().map(|c| {
        let t = ident(&c.rust_name);
        quote!(Self::#t(data) => ::serde::Serialize::serialize(data, serializer),)
    });
    let first = schema.callbacks.first();
    let example_type = first.map_or("FlowStatusChange", |c| c.rust_name.as_str());
    let module_doc = format!(
        "Typed callback messages (webhooks) and the receiver that verifies, decrypts and decodes them.\n\n\
         The platform POSTs a notification to your callback URL for every event it reports \
         (a contract changed state, a seal was created, ...). In your HTTP handler, pass the raw \
         body and the `Content-Signature` header to [`Receiver::parse`]; answer HTTP 200 to every \
         `Ok` (the platform resends until it gets a 200) and one non-200 status, e.g. 400, to \
         every error, which you log.\n\n\
         ```\n\
         use {krate}::callbacks::{{Delivery, Event, Receiver}};\n\n\
         let receiver = Receiver::builder()\n    \
             .callback_key(\"CC23FB38AE1D47B09D939CFBAE64195F\") // console \"CallbackKey\" (CallbackUrlKey)\n    \
             .token(\"test_token_123\") // console \"callback signature verification TOKEN\"\n    \
             .build()?;\n\n\
         # let body = br#\"{{}}\"#;\n\
         # let signature = Some(\"sha256=f5698f4208ddf09c5f9103aa38e6f42992e745dd5015fc43831e97e3a5723dba\");\n\
         // In the handler: the body exactly as received and the Content-Signature header.\n\
         let status = match receiver.parse(body, signature) {{\n    \
             Ok(Delivery::Callback(callback)) => {{\n        \
                 match &callback.event {{\n            \
                     Event::{example_type}(data) => println!(\"{{data:?}}\"),\n            \
                     other => println!(\"{{}} {{}}\", callback.msg_type, other.msg_type()),\n        \
                 }}\n        \
                 200\n    \
             }}\n    \
             Ok(_) => 200, // the reachability probe `{{}}`, or a legacy V1 message\n    \
             Err(error) => {{\n        \
                 eprintln!(\"refused callback: {{error}}\");\n        \
                 400\n    \
             }}\n\
         }};\n\
         assert_eq!(status, 200);\n\
         # Ok::<(), {krate}::callbacks::CallbackConfigError>(())\n\
         ```\n\n\
         Decoding never fails because of the data: members that are missing or null are `None` \
         in the typed struct, members of an unexpected type are `None` and kept in its `other` \
         map as sent, members added later are kept there too, and message types this version \
         does not know arrive as [`Event::Unknown`] with their data. [`Callback`] serializes back to the message \
         the platform sent, every member included.\n\n\
         Messages can arrive more than once and out of order; `MsgId` is the de-duplication key. \
         With the runtime's cargo feature `testing`, `tencentcloud_runtime::callback::sender` \
         encrypts, signs and POSTs messages like the platform, for testing a receiver offline."
    );
    let module_lines: Vec<String> = module_doc.lines().map(|l| format!(" {l}")).collect();

    quote! {
        #(#![doc = #module_lines])*

        #(pub(crate) mod #mods;)*

        #(#uses)*

        pub use ::tencentcloud_runtime::callback::{CallbackConfigError, CallbackError, Envelope};

        /// Takes member `name` out of `members` and decodes it; null counts as absent,
        /// and a value of another type goes back into `members` as it was.
        pub(crate) fn member<T: ::serde::de::DeserializeOwned>(
            members: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            name: &str,
        ) -> ::std::option::Option<T> {
            let value = members.remove(name)?;
            if value.is_null() {
                return ::std::option::Option::None;
            }
            match T::deserialize(&value) {
                ::std::result::Result::Ok(typed) => ::std::option::Option::Some(typed),
                ::std::result::Result::Err(_) => {
                    members.insert(name.to_owned(), value);
                    ::std::option::Option::None
                }
            }
        }

        /// What a callback message reports: its typed data, by `MsgType`.
        ///
        /// Serializes to the `MsgData` object.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            #(#variants)*
            /// A message type this version does not know, with its `MsgData` exactly as sent.
            Unknown {
                /// The `MsgType` value.
                msg_type: ::std::string::String,
                /// The `MsgData` object.
                data: ::serde_json::Value,
            },
        }

        impl Event {
            /// Every `MsgType` this version decodes into a typed variant.
            pub const MSG_TYPES: &'static [&'static str] = &[#(#names),*];

            /// The event of a message of type `msg_type` whose `MsgData` is `data`.
            /// Never fails: see the module documentation for what happens to
            /// members that do not decode.
            pub fn decode(msg_type: &str, data: ::serde_json::Value) -> Self {
                match msg_type {
                    #(#decode_arms)*
                    _ => Self::Unknown { msg_type: msg_type.to_owned(), data },
                }
            }

            /// The `MsgType` of this event.
            pub fn msg_type(&self) -> &str {
                match self {
                    #(#type_arms)*
                    Self::Unknown { msg_type, .. } => msg_type,
                }
            }

            /// The `MsgData` object this event serializes to.
            pub fn to_data(&self) -> ::serde_json::Value {
                ::serde_json::to_value(self).unwrap_or_else(|_| ::serde_json::Value::Object(::serde_json::Map::new()))
            }
        }

        impl ::serde::Serialize for Event {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown { data, .. } => ::serde::Serialize::serialize(data, serializer),
                }
            }
        }

        /// One callback message: the envelope and its typed [`Event`].
        ///
        /// Serializes to the message the platform sent: `MsgId`, `MsgType`,
        /// `MsgVersion`, `MsgData` (as received, every member included) and any other
        /// top-level members.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct Callback {
            /// `MsgId`: the message id, the key for recognising a message sent again.
            pub msg_id: ::std::string::String,
            /// `MsgType`: which notification, e.g. `FlowStatusChange`.
            pub msg_type: ::std::string::String,
            /// `MsgVersion`: `ThirdPartyApp` for this (partner) edition.
            pub msg_version: ::std::string::String,
            /// The typed `MsgData`.
            pub event: Event,
            /// Top-level members besides the envelope's four, as sent (none are documented).
            pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            data: ::serde_json::Value,
        }

        impl Callback {
            /// The callback of a verified, decrypted envelope.
            pub fn from_envelope(envelope: Envelope) -> Self {
                let event = Event::decode(&envelope.msg_type, envelope.msg_data.clone());
                Callback {
                    msg_id: envelope.msg_id,
                    msg_type: envelope.msg_type,
                    msg_version: envelope.msg_version,
                    event,
                    extra: envelope.extra,
                    data: envelope.msg_data,
                }
            }

            /// `MsgData` exactly as received.
            pub fn data(&self) -> &::serde_json::Value {
                &self.data
            }

            /// The envelope again, with `MsgData` as received.
            pub fn to_envelope(&self) -> Envelope {
                let mut envelope = Envelope::new(
                    self.msg_id.clone(),
                    self.msg_type.clone(),
                    self.msg_version.clone(),
                    self.data.clone(),
                );
                envelope.extra = self.extra.clone();
                envelope
            }
        }

        impl ::std::convert::From<Envelope> for Callback {
            fn from(envelope: Envelope) -> Self {
                Self::from_envelope(envelope)
            }
        }

        impl ::serde::Serialize for Callback {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.to_envelope(), serializer)
            }
        }

        /// What a verified callback request turned out to be. Answer HTTP 200 to every
        /// variant: a 200 tells the platform the request was delivered.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum Delivery {
            /// A callback message.
            Callback(Callback),
            /// The reachability probe, the body `{}`: the platform (or you, from the
            /// console) checking that the URL answers. It carries nothing.
            Probe,
            /// A legacy V1 message: a JSON object without the envelope, sent to
            /// integrations registered before V2 messages existed. Refused when the
            /// receiver is built with `accept_legacy_v1(false)`.
            LegacyV1(::serde_json::Map<::std::string::String, ::serde_json::Value>),
        }

        /// Verifies, decrypts and decodes callback requests; build it once with
        /// [`Receiver::builder`] from the console settings and share it.
        ///
        /// Checks, in this order: body size (default limit 1 MiB, before any other
        /// work), `Content-Signature` (required when a token is configured), body form,
        /// base64 and AES-256-CBC decryption (when a key is configured), the envelope.
        /// `Debug` output redacts the key and the token.
        #[derive(Clone, Debug)]
        pub struct Receiver {
            verifier: ::tencentcloud_runtime::callback::CallbackVerifier,
        }

        /// Settings of a [`Receiver`]; checked by [`build`](Self::build).
        #[derive(Clone, Debug, Default)]
        pub struct ReceiverBuilder {
            inner: ::tencentcloud_runtime::callback::CallbackVerifierBuilder,
        }

        impl ReceiverBuilder {
            /// The application's callback encryption key (`CallbackUrlKey`, console
            /// "CallbackKey"): 32 printable ASCII characters. Without it, bodies are
            /// expected in plaintext.
            #[must_use]
            pub fn callback_key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.callback_key(key) }
            }

            /// The signature verification token. With it, every request but the probe
            /// must carry a matching `Content-Signature` header.
            #[must_use]
            pub fn token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.token(token) }
            }

            /// Largest body accepted, in bytes (default 1 MiB); larger ones are refused
            /// before anything else. Apply the same limit when reading the body.
            #[must_use]
            pub fn max_body_len(self, bytes: usize) -> Self {
                Self { inner: self.inner.max_body_len(bytes) }
            }

            /// With a key configured, also accept plaintext messages (default: refused,
            /// as the platform encrypts whenever a key is configured).
            #[must_use]
            pub fn allow_plaintext(self, allow: bool) -> Self {
                Self { inner: self.inner.allow_plaintext(allow) }
            }

            /// Accept legacy V1 messages as [`Delivery::LegacyV1`] (default: on).
            #[must_use]
            pub fn accept_legacy_v1(self, accept: bool) -> Self {
                Self { inner: self.inner.accept_legacy_v1(accept) }
            }

            /// Checks the settings and builds the receiver.
            ///
            /// # Errors
            ///
            /// A key that is not 32 printable ASCII characters, an empty token, a zero
            /// body limit.
            pub fn build(self) -> ::std::result::Result<Receiver, CallbackConfigError> {
                ::std::result::Result::Ok(Receiver { verifier: self.inner.build()? })
            }
        }

        impl Receiver {
            /// Starts a configuration: no key, no token, 1 MiB body limit.
            pub fn builder() -> ReceiverBuilder {
                ReceiverBuilder::default()
            }

            /// The body size limit in bytes.
            pub fn max_body_len(&self) -> usize {
                self.verifier.max_body_len()
            }

            /// The runtime's verifier underneath.
            pub fn verifier(&self) -> &::tencentcloud_runtime::callback::CallbackVerifier {
                &self.verifier
            }

            /// Verifies, decrypts and decodes one request: `body` exactly as received
            /// (the signature covers these bytes), `content_signature` the value of the
            /// `Content-Signature` header when the request had one.
            ///
            /// # Errors
            ///
            /// A [`CallbackError`] naming the step that failed; it never contains the
            /// key, the token or decrypted text. Never panics, whatever the input.
            pub fn parse(&self, body: &[u8], content_signature: ::std::option::Option<&str>) -> ::std::result::Result<Delivery, CallbackError> {
                use ::tencentcloud_runtime::callback::Parsed;
                match self.verifier.parse(body, content_signature)? {
                    Parsed::Message(envelope) => ::std::result::Result::Ok(Delivery::Callback(Callback::from_envelope(envelope))),
                    Parsed::LegacyV1(object) => ::std::result::Result::Ok(Delivery::LegacyV1(object)),
                    Parsed::Probe => ::std::result::Result::Ok(Delivery::Probe),
                    _ => ::std::result::Result::Err(CallbackError::NotEnvelope {
                        path: ::std::string::String::from("$"),
                        reason: ::std::string::String::from("a message form this version does not know"),
                    }),
                }
            }
        }
    }
}

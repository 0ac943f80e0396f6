//! `examples/call.rs`: call any action from the command line.
//!
//! Besides `main`, the file holds the request table the driver checks a request
//! against before sending it: each action's request members and, for the
//! structures and enums requests use, their members and documented values (what
//! the runtime's `cli::shape` types describe). Only what requests reach is listed.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Field, Schema, TypeRef};

/// Emits the example program; its logic lives in the runtime's `cli` module.
pub fn emit(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let usage = format!(
        " Calls one action: `cargo run -p {krate} --example call -- <Action> <request.json | ->`.\n\n \
         Credentials come from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and\n \
         `TENCENTCLOUD_SESSION_TOKEN`; `{upper}_ENDPOINT` (a full URL), `{upper}_ENVIRONMENT`,\n \
         `TENCENTCLOUD_REGION`, `HTTPS_PROXY`/`NO_PROXY` and `RUST_LOG` are honoured. The request\n \
         is checked against the table below first: an unknown member is an error with a\n \
         did-you-mean, an undocumented enum value a warning. Prints the response as JSON and\n \
         exits 0; on an API error prints the code, message and request id and exits 1; on a\n \
         local error exits 2; when the service answered but its answer cannot be decoded (the\n \
         action may have been carried out, so do not simply resend it) prints the reason and\n \
         the body and exits 3.",
        upper = schema.service.env_prefix
    );
    let lines: Vec<&str> = usage.lines().collect();
    let table = request_table(schema);
    quote! {
        #(#![doc = #lines])*

        use ::tencentcloud_runtime::cli::shape::{ActionShape, EnumShape, Member, RequestSchema, StructureShape};

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> ::std::process::ExitCode {
            ::tencentcloud_runtime::cli::run(#krate::Client::builder(), &REQUESTS, |client: #krate::Client, action: ::std::string::String, request: ::std::string::String| async move {
                client.call_by_name(&action, &request).await
            })
            .await
        }

        #table
    }
}

/// `REQUESTS` and the statics of the structures and enums requests reach.
fn request_table(schema: &Schema) -> TokenStream {
    let actions = schema.actions.iter().map(|a| {
        let name = &a.name;
        let members = members(schema, &a.request);
        quote! { ActionShape { name: #name, request: &[#(#members),*] } }
    });
    let structures: Vec<TokenStream> = schema
        .structures
        .iter()
        .filter(|s| s.usage.input)
        .map(|s| {
            let ident = format_ident!("{}", s.shape_static);
            let name = &s.name;
            let members = members(schema, &s.fields);
            quote! {
                static #ident: StructureShape = StructureShape { name: #name, members: &[#(#members),*] };
            }
        })
        .collect();
    let used = input_enums(schema);
    let enums = schema
        .enums
        .iter()
        .filter(|e| used.contains(e.name.as_str()))
        .map(|e| {
            let ident = format_ident!("{}", e.shape_static);
            let name = &e.name;
            let values = e.values.iter().map(|v| &v.wire);
            quote! {
                static #ident: EnumShape = EnumShape { name: #name, values: &[#(#values),*] };
            }
        });
    quote! {
        /// Each action's request members, as the schema describes them.
        static REQUESTS: RequestSchema = RequestSchema { actions: &[#(#actions),*] };
        #(#structures)*
        #(#enums)*
    }
}

fn members(schema: &Schema, fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let name = &f.wire_name;
            match f.ty.element() {
                TypeRef::Struct(s) => {
                    let shape = schema
                        .structures
                        .iter()
                        .find(|st| &st.name == s)
                        .map(|st| format_ident!("{}", st.shape_static));
                    match shape {
                        Some(shape) => quote! { Member::structure(#name, &#shape) },
                        None => quote! { Member::value(#name) },
                    }
                }
                TypeRef::Enum(e) => {
                    let shape = schema
                        .enums
                        .iter()
                        .find(|en| &en.name == e)
                        .map(|en| format_ident!("{}", en.shape_static));
                    match shape {
                        Some(shape) => quote! { Member::enumeration(#name, &#shape) },
                        None => quote! { Member::value(#name) },
                    }
                }
                _ => quote! { Member::value(#name) },
            }
        })
        .collect()
}

/// Names of the enums some request member uses, directly or in a structure.
fn input_enums(schema: &Schema) -> BTreeSet<&str> {
    let request_fields = schema.actions.iter().flat_map(|a| &a.request);
    let structure_fields = schema
        .structures
        .iter()
        .filter(|s| s.usage.input)
        .flat_map(|s| &s.fields);
    request_fields
        .chain(structure_fields)
        .filter_map(|f| match f.ty.element() {
            TypeRef::Enum(e) => Some(e.as_str()),
            _ => None,
        })
        .collect()
}

//! One file per action: request, response, the enums it declares and its client
//! method (and paginator, for listing actions).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, paragraphs};
use super::example_expr::{self, Deprecated};
use super::record::{self, Decoding, Record};
use super::type_paths::ident;
use super::{enumeration, owned_enums};
use crate::model::{Action, ExampleOutcome, Owner, Schema};

/// Emits the items of `actions/<method>.rs`.
pub fn emit(schema: &Schema, action: &Action) -> TokenStream {
    let request = record::emit(
        schema,
        &Record {
            rust_name: &action.request_type,
            doc: format!("Parameters of `{}`: {}", action.name, action.summary),
            fields: &action.request,
            decoding: Decoding::Strict,
        },
    );
    let response = record::emit(
        schema,
        &Record {
            rust_name: &action.response_type,
            doc: format!("What `{}` returns.", action.name),
            fields: &action.response,
            decoding: Decoding::Response,
        },
    );
    let owner = Owner::Action(action.module.clone());
    let enums = owned_enums(schema, &owner).map(enumeration::emit);
    let meta = format_ident!("{}", action.static_name);
    let name = &action.name;
    let rate = action.rate_limit;
    let host = match action.host.as_deref() {
        Some("file") => quote!(::tencentcloud_runtime::HostRole::File),
        _ => quote!(::tencentcloud_runtime::HostRole::Main),
    };
    let method = ident(&action.method);
    let request_ty = ident(&action.request_type);
    let response_ty = ident(&action.response_type);
    let method_doc = doc(&method_doc(schema, action));
    let deprecated = action
        .deprecated
        .then(|| quote!(#[deprecated(note = "the action is documented as deprecated")]));
    let paginator = super::pagination::emit(schema, action);

    quote! {
        #request
        #response
        #(#enums)*

        /// Name, rate limit and host of the action, for the runtime.
        pub(crate) static #meta: ::tencentcloud_runtime::ActionMeta = ::tencentcloud_runtime::ActionMeta {
            name: #name,
            rate_limit: #rate,
            host: #host,
        };

        impl crate::Client {
            #method_doc
            #deprecated
            pub async fn #method(&self, request: &#request_ty) -> ::std::result::Result<#response_ty, crate::Error> {
                self.runtime().call::<_, _, crate::ErrorCode>(&#meta, request).await
            }
        }

        #paginator
    }
}

fn method_doc(schema: &Schema, action: &Action) -> String {
    let mut errors = String::from("# Errors\n\nBesides the common codes of the Tencent Cloud API (see [`crate::ErrorCode`]), the service documents:\n");
    if action.errors.is_empty() {
        errors = String::from("# Errors\n\nThe common codes of the Tencent Cloud API (see [`crate::ErrorCode`]); the action documents no codes of its own.\n");
    }
    for e in &action.errors {
        errors.push_str(&format!(
            "\n- [`{}`](crate::ErrorCode::{}): {}",
            e.code,
            e.rust_name,
            e.doc.trim()
        ));
    }
    let example = example_doc(schema, action);
    paragraphs([
        action.summary.as_str(),
        action.doc.as_deref().unwrap_or(""),
        &format!("Sends `{}`; the service accepts at most {} calls per second, and the client keeps to that limit. Reference: [`{}` in Tencent's API Explorer](<{}>).", action.name, action.rate_limit, action.name, action.reference_url),
        &errors,
        &example,
    ])
}

fn example_doc(schema: &Schema, action: &Action) -> String {
    let example = action
        .examples
        .iter()
        .find(|e| matches!(e.outcome, ExampleOutcome::Success { .. }))
        .or_else(|| action.examples.first());
    let build = match example {
        Some(e) => example_expr::record(
            schema,
            &super::crate_types(schema),
            &action.request_type,
            &action.request,
            &e.request,
            Deprecated::Skip,
        ),
        None => example_expr::record(
            schema,
            &super::crate_types(schema),
            &action.request_type,
            &action.request,
            &serde_json::Value::Null,
            Deprecated::Skip,
        ),
    };
    let method = ident(&action.method);
    let krate = super::crate_ident(schema);
    let body = quote! {
        async fn example(client: #krate::Client) -> Result<(), #krate::Error> {
            let request = #build;
            let response = client.#method(&request).await?;
            println!("{response:?}");
            Ok(())
        }
    };
    let code = super::format_snippet(body);
    let title = example
        .map(|e| e.title.as_str())
        .unwrap_or("Calling the action");
    format!("# Example\n\n{title}:\n\n```no_run\n{code}```")
}

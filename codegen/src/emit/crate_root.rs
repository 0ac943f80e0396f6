//! `lib.rs` and the module index files.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::type_paths::ident;
use crate::model::{Owner, Schema};

/// Emits `lib.rs`.
pub fn emit(schema: &Schema) -> TokenStream {
    let s = &schema.service;
    let krate = super::crate_ident(schema).to_string();
    let overview = format!(
        "# Using it\n\n\
         Build a [`Client`] once and share it. Each action is an async method taking its\n\
         request type from [`types`]; required parameters are arguments of the request's\n\
         `new`, optional ones are chainable setters.\n\n\
         ```no_run\n\
         # async fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = {krate}::Client::builder().build()?;\n\
         # let _ = client;\n\
         # Ok(()) }}\n\
         ```\n\n\
         Errors are [`Error`]; when the service answered with an error code it is typed as\n\
         [`ErrorCode`], and unknown codes and enum values are kept, never rejected."
    );
    let guarantee = schema
        .actions
        .iter()
        .find(|a| a.request.iter().any(|f| f.required))
        .map(|a| {
            let required: Vec<String> = a
                .request
                .iter()
                .filter(|f| f.required)
                .map(|f| format!("`{}`", f.wire_name))
                .collect();
            format!(
                "Leaving out a required parameter is a compile error, not a runtime one: \
             `{req}::new` takes {list}, and the `#[non_exhaustive]` request types cannot be \
             built any other way.\n\n\
             ```compile_fail\n\
             let request = {krate}::types::{req}::new();\n\
             ```",
                req = a.request_type,
                list = required.join(", "),
            )
        });
    let paged: Vec<String> = schema
        .actions
        .iter()
        .filter_map(|a| a.pagination.as_ref())
        .map(|p| format!("[`{m}`](Client::{m})", m = p.method))
        .collect();
    let paging = (!paged.is_empty()).then(|| {
        format!(
            "# Listings\n\n\
             Actions that list page by page also have a method returning a [`Paginator`] \
             ({}): a stream of pages, each one ordinary call under the client's rate limit \
             and retries, which advances the offset and stops at the reported total, at an \
             empty page or at the first error.",
            paged.join(", ")
        )
    });
    let crate_doc = paragraphs([
        format!(
            "{} (`{}`, API version {}).",
            s.title.trim(),
            s.name,
            s.api_version
        )
        .as_str(),
        s.doc.as_deref().unwrap_or(""),
        &overview,
        paging.as_deref().unwrap_or(""),
        guarantee.as_deref().unwrap_or(""),
    ]);
    let lines: Vec<String> = crate_doc.lines().map(|l| format!(" {l}")).collect();

    let mut reexports = Vec::new();
    for a in &schema.actions {
        let module = ident(&a.module);
        let req = ident(&a.request_type);
        let resp = ident(&a.response_type);
        reexports.push(quote!(pub use crate::actions::#module::{#req, #resp};));
    }
    for st in &schema.structures {
        let module = ident(&st.module);
        let name = ident(&st.rust_name);
        reexports.push(quote!(pub use crate::structures::#module::#name;));
    }
    for e in &schema.enums {
        let name = ident(&e.rust_name);
        let path = match &e.owner {
            Owner::Action(m) => {
                let m = ident(m);
                quote!(crate::actions::#m)
            }
            Owner::Structure(m) => {
                let m = ident(m);
                quote!(crate::structures::#m)
            }
            Owner::Callback(m) => {
                let m = ident(m);
                quote!(crate::callbacks::#m)
            }
            Owner::Shared => quote!(crate::enums),
        };
        reexports.push(quote!(pub use #path::#name;));
    }
    let types_doc = doc("Every request, response, structure and enum of the service.");
    let enums_mod = schema
        .enums
        .iter()
        .any(|e| e.owner == Owner::Shared)
        .then(|| {
            quote!(
                mod enums;
            )
        });

    let callbacks_mod = (!schema.callbacks.is_empty()).then(|| {
        quote! {
            pub mod callbacks;
        }
    });

    let paginator = (!paged.is_empty()).then(|| {
        quote!(
            pub use client::Paginator;
        )
    });
    quote! {
        #(#![doc = #lines])*
        #![deny(missing_docs)]
        // Docs carry the service's own prose, which may hold bare links or brackets.
        #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

        mod actions;
        #callbacks_mod
        mod client;
        #enums_mod
        mod error_code;
        mod structures;
        mod unknown;

        pub use client::{Client, ClientBuilder, Error, SERVICE};
        #paginator
        pub use error_code::ErrorCode;
        pub use unknown::UnknownValue;
        /// The service-agnostic runtime: credentials, retry and rate-limit policies, transports.
        pub use ::tencentcloud_runtime as runtime;

        #types_doc
        pub mod types {
            #(#reexports)*
        }
    }
}

/// Emits a module index (`actions/mod.rs` or `structures/mod.rs`).
pub fn index(modules: &[String]) -> TokenStream {
    let mods = modules.iter().map(|m| ident(m));
    quote! { #(pub(crate) mod #mods;)* }
}

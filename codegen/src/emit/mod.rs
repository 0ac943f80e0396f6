//! Emitters: the resolved model to the files of the generated crate.
//!
//! Each emitter returns tokens; this module formats them with prettyplease
//! and puts the "do not edit" header on top. Nothing here touches the file
//! system, and the output depends only on the model, so generating twice
//! gives identical bytes.

mod action;
mod call_example;
mod callback_examples;
mod callbacks;
mod client;
mod contract_tests;
mod crate_root;
mod docs;
mod enumeration;
mod error_code;
mod example_expr;
mod example_tests;
mod manifest;
mod pagination;
mod record;
mod type_paths;
mod unknown;

use proc_macro2::{Ident, TokenStream};
use quote::format_ident;

use crate::model::{Enum, Owner, Schema};
use record::{Decoding, Record};

/// One file of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Emitted code that did not parse: a bug in the generator, never in the schema.
#[derive(Debug)]
pub struct EmitError {
    /// The file being emitted.
    pub path: String,
    /// What syn said.
    pub message: String,
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "internal error: the code emitted for `{}` does not parse ({}); please report it",
            self.path, self.message
        )
    }
}

impl std::error::Error for EmitError {}

/// Every file of the generated crate, sorted by path.
pub fn emit(schema: &Schema) -> Result<Vec<OutputFile>, EmitError> {
    let mut files = Vec::new();
    let all_actions = "schema/actions/";
    for action in &schema.actions {
        let module = &action.module;
        files.push(rust_file(
            &format!("src/actions/{module}.rs"),
            &[&format!("schema/{}", action.file)],
            action::emit(schema, action),
        )?);
    }
    for structure in &schema.structures {
        let decoding = if structure.usage.output {
            Decoding::Lenient
        } else {
            Decoding::Strict
        };
        let record = record::emit(
            schema,
            &Record {
                rust_name: &structure.rust_name,
                doc: docs::or_default(&structure.doc, "Not documented.").to_owned(),
                fields: &structure.fields,
                decoding,
            },
        );
        let owner = Owner::Structure(structure.module.clone());
        let enums = owned_enums(schema, &owner).map(enumeration::emit);
        files.push(rust_file(
            &format!("src/structures/{}.rs", structure.module),
            &[&format!("schema/{}", structure.file)],
            quote::quote! { #record #(#enums)* },
        )?);
    }
    let shared: Vec<TokenStream> = owned_enums(schema, &Owner::Shared)
        .map(enumeration::emit)
        .collect();
    if !shared.is_empty() {
        files.push(rust_file(
            "src/enums.rs",
            &["schema/enums.yaml"],
            quote::quote! { #(#shared)* },
        )?);
    }
    if !schema.callbacks.is_empty() {
        for callback in &schema.callbacks {
            let owner = Owner::Callback(callback.module.clone());
            let enums = owned_enums(schema, &owner).map(enumeration::emit);
            let data = callbacks::data_struct(schema, callback);
            files.push(rust_file(
                &format!("src/callbacks/{}.rs", callback.module),
                &[&format!("schema/{}", callback.file)],
                quote::quote! { #data #(#enums)* },
            )?);
        }
        files.push(rust_file(
            "src/callbacks/mod.rs",
            &["schema/callbacks/"],
            callbacks::module(schema),
        )?);
        files.push(rust_file(
            "examples/callback.rs",
            &["schema/service.yaml"],
            callback_examples::program(schema),
        )?);
        files.push(rust_file(
            "examples/receiver.rs",
            &["schema/service.yaml"],
            callback_examples::receiver(schema),
        )?);
    }
    let action_modules: Vec<String> = schema.actions.iter().map(|a| a.module.clone()).collect();
    let structure_modules: Vec<String> =
        schema.structures.iter().map(|s| s.module.clone()).collect();
    files.push(rust_file(
        "src/actions/mod.rs",
        &[all_actions],
        crate_root::index(&action_modules),
    )?);
    files.push(rust_file(
        "src/structures/mod.rs",
        &["schema/structures/"],
        crate_root::index(&structure_modules),
    )?);
    files.push(rust_file(
        "src/lib.rs",
        &["schema/"],
        crate_root::emit(schema),
    )?);
    files.push(rust_file(
        "src/client.rs",
        &["schema/service.yaml", all_actions],
        client::emit(schema),
    )?);
    files.push(rust_file(
        "src/error_code.rs",
        &["schema/service.yaml", all_actions],
        error_code::emit(schema),
    )?);
    files.push(rust_file(
        "src/unknown.rs",
        &["schema/service.yaml"],
        unknown::emit(),
    )?);
    files.push(rust_file(
        "tests/examples.rs",
        &[all_actions],
        example_tests::emit(schema),
    )?);
    files.push(rust_file(
        "tests/contract.rs",
        &["schema/"],
        contract_tests::emit(schema),
    )?);
    files.push(rust_file(
        "examples/call.rs",
        &["schema/"],
        call_example::emit(schema),
    )?);
    files.push(OutputFile {
        path: String::from("Cargo.toml"),
        contents: manifest::emit(schema, &header("#", &["schema/service.yaml"])),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The first lines of every generated file.
fn header(comment: &str, sources: &[&str]) -> String {
    format!(
        "{comment} Generated by `cargo xtask codegen` from {}; do not edit.\n\n",
        sources.join(", ")
    )
}

fn rust_file(path: &str, sources: &[&str], tokens: TokenStream) -> Result<OutputFile, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    Ok(OutputFile {
        path: path.to_owned(),
        contents: format!("{}{}", header("//", sources), prettyplease::unparse(&file)),
    })
}

/// Formats a few items for a doc example.
fn format_snippet(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    }
}

/// The generated crate's name as a path root, e.g. `essbasic`.
fn crate_ident(schema: &Schema) -> Ident {
    format_ident!("{}", schema.service.crate_name)
}

/// `<crate>::types`, the path doc examples use.
fn crate_types(schema: &Schema) -> TokenStream {
    let krate = crate_ident(schema);
    quote::quote!(#krate::types)
}

/// The enums declared in the file that `owner` names.
fn owned_enums<'a>(schema: &'a Schema, owner: &'a Owner) -> impl Iterator<Item = &'a Enum> + 'a {
    schema.enums.iter().filter(move |e| &e.owner == owner)
}

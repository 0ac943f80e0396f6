//! Prose to `#[doc]` attributes (prettyplease drops `//` comments).

use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc = "..."]` per line of `text`, trailing blank lines dropped.
pub fn doc(text: &str) -> TokenStream {
    let lines: Vec<String> = text.trim_end().lines().map(|l| format!(" {}", l.trim_end())).collect();
    quote! { #( #[doc = #lines] )* }
}

/// Documentation built from several paragraphs, skipping empty ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `text`, or `fallback` when the schema left it empty.
pub fn or_default<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

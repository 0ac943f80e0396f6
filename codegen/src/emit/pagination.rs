//! The paginator of a listing action: the runtime's paging traits for its
//! request and response, and `Client::<action>_pages`.
//!
//! The runtime's `paginate` module does the work; the emitted code only says
//! which members are the offset, the limit, the items and the total.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, paragraphs};
use super::example_expr::{self, Deprecated};
use super::type_paths::{ident, rust_type};
use crate::model::{Action, ExampleOutcome, Field, Pagination, Schema, TypeRef};
use crate::raw::OffsetUnit;

/// The trait impls and the client method, or nothing when the action does not page.
pub fn emit(schema: &Schema, action: &Action) -> TokenStream {
    let Some(p) = &action.pagination else {
        return quote!();
    };
    let request_ty = ident(&action.request_type);
    let response_ty = ident(&action.response_type);
    let meta = format_ident!("{}", action.static_name);
    let method = ident(&p.method);
    let unit = match p.unit {
        OffsetUnit::Item => quote!(Item),
        OffsetUnit::Page => quote!(Page),
    };
    let offset = ident(&p.offset.rust_name);
    let get_offset = read_count(&p.offset, quote!(self.#offset), true);
    let set_offset = write_count(&p.offset);
    let get_limit = read_count(
        &p.limit,
        {
            let limit = ident(&p.limit.rust_name);
            quote!(self.#limit)
        },
        true,
    );
    let items = ident(&p.items.rust_name);
    let item_ty = rust_type(schema, &p.item_type, &quote!(crate::types));
    let get_total = read_count(
        &p.total,
        {
            let total = ident(&p.total.rust_name);
            quote!(self.#total)
        },
        false,
    );
    let method_doc = doc(&method_doc(schema, action, p));
    let deprecated = action
        .deprecated
        .then(|| quote!(#[deprecated(note = "the action is documented as deprecated")]));
    quote! {
        impl ::tencentcloud_runtime::paginate::PagedRequest for #request_ty {
            type Response = #response_ty;
            const OFFSET_UNIT: ::tencentcloud_runtime::paginate::OffsetUnit =
                ::tencentcloud_runtime::paginate::OffsetUnit::#unit;
            fn offset(&self) -> ::std::option::Option<u64> {
                #get_offset
            }
            fn set_offset(&mut self, offset: u64) -> bool {
                #set_offset
            }
            fn limit(&self) -> ::std::option::Option<u64> {
                #get_limit
            }
        }

        impl ::tencentcloud_runtime::paginate::PagedResponse for #response_ty {
            type Item = #item_ty;
            fn items(&self) -> &[Self::Item] {
                self.#items.as_deref().unwrap_or_default()
            }
            fn into_items(self) -> ::std::vec::Vec<Self::Item> {
                self.#items.unwrap_or_default()
            }
            fn total(&self) -> ::std::option::Option<u64> {
                #get_total
            }
        }

        impl crate::Client {
            #method_doc
            #deprecated
            pub fn #method(&self, request: #request_ty) -> crate::Paginator<#request_ty> {
                ::tencentcloud_runtime::paginate::Paginator::new(self.runtime().clone(), &#meta, request)
            }
        }
    }
}

/// `Option<u64>` from an integer member `value` (plain when `required` and
/// `strict`, else an `Option`); negative values read as `None`.
fn read_count(field: &Field, value: TokenStream, strict: bool) -> TokenStream {
    let plain = field.required && strict;
    match (&field.ty, plain) {
        // A page size sent as text: its number, when it is one.
        (TypeRef::String, true) => quote!(#value.trim().parse::<u64>().ok()),
        (TypeRef::String, false) => {
            quote!(#value.as_deref().and_then(|v| v.trim().parse::<u64>().ok()))
        }
        (TypeRef::Uint64, true) => quote!(::std::option::Option::Some(#value)),
        (TypeRef::Uint64, false) => quote!(#value),
        (_, true) => quote!(u64::try_from(#value).ok()),
        (_, false) => quote!(#value.and_then(|v| u64::try_from(v).ok())),
    }
}

/// Sets the offset member, refusing values its type cannot hold.
fn write_count(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let wrap = |v: TokenStream| {
        if field.required {
            v
        } else {
            quote!(::std::option::Option::Some(#v))
        }
    };
    match field.ty {
        TypeRef::Uint64 => {
            let value = wrap(quote!(offset));
            quote! {
                self.#name = #value;
                true
            }
        }
        _ => {
            let value = wrap(quote!(offset));
            quote! {
                match i64::try_from(offset) {
                    ::std::result::Result::Ok(offset) => {
                        self.#name = #value;
                        true
                    }
                    ::std::result::Result::Err(_) => false,
                }
            }
        }
    }
}

fn method_doc(schema: &Schema, action: &Action, p: &Pagination) -> String {
    let advance = match p.unit {
        OffsetUnit::Item => format!(
            "Each page starts where the previous one ended: `{}` (the position of the first item) \
             advances by the number of items received.",
            p.offset.wire_name
        ),
        OffsetUnit::Page => format!(
            "`{}` is a page number, from 0: each page asks for the next one.",
            p.offset.wire_name
        ),
    };
    let summary = format!(
        "Every page of `{name}`, as a stream: {summary}",
        name = action.name,
        summary = action.summary
    );
    let how = format!(
        "The first page is `request` as given. {advance} Pages hold `{limit}` items each \
         (the request's `{limit}`, or the service's default). The listing ends after an empty \
         page or once the items before where the next page would start reach `{total}`, the \
         total the latest page reports; the first error ends it too, after being yielded once. Each page is \
         one call of [`Client::{call}`](crate::Client::{call}), under the client's rate \
         limit and retries; see [`tencentcloud_runtime::paginate`] for the details.",
        limit = p.limit.wire_name,
        total = p.total.wire_name,
        call = action.method,
    );
    let items = format!(
        "[`Paginator::next_page`](tencentcloud_runtime::paginate::Paginator::next_page) returns \
         each response; [`items`](tencentcloud_runtime::paginate::Paginator::items) streams \
         the `{items}` of every page and \
         [`collect_items`](tencentcloud_runtime::paginate::Paginator::collect_items) gathers \
         them.",
        items = p.items.wire_name
    );
    paragraphs([
        summary.as_str(),
        &how,
        p.doc.as_deref().unwrap_or(""),
        &items,
        &example_doc(schema, action, p),
    ])
}

fn example_doc(schema: &Schema, action: &Action, p: &Pagination) -> String {
    let example = action
        .examples
        .iter()
        .find(|e| matches!(e.outcome, ExampleOutcome::Success { .. }))
        .or_else(|| action.examples.first());
    // The required members and the page size of the documented example: the
    // paginator sets the offset, and other members may turn paging off.
    let mut value = example.map_or(serde_json::Value::Null, |e| e.request.clone());
    if let Some(object) = value.as_object_mut() {
        object.retain(|name, _| {
            *name == p.limit.wire_name
                || action
                    .request
                    .iter()
                    .any(|f| f.required && f.wire_name == *name)
        });
    }
    let build = example_expr::record(
        schema,
        &super::crate_types(schema),
        &action.request_type,
        &action.request,
        &value,
        Deprecated::Skip,
    );
    let method = ident(&p.method);
    let krate = super::crate_ident(schema);
    let items = ident(&p.items.rust_name);
    let total = ident(&p.total.rust_name);
    let body = quote! {
        async fn example(client: #krate::Client) -> Result<(), #krate::Error> {
            let request = #build;
            let mut pages = client.#method(request.clone());
            while let Some(page) = pages.next_page().await {
                let page = page?;
                println!("{} of {:?}", page.#items.unwrap_or_default().len(), page.#total);
            }
            let all = client.#method(request).collect_items().await?;
            println!("{} in all", all.len());
            Ok(())
        }
    };
    let code = super::format_snippet(body);
    format!("# Example\n\nPage by page, then every item at once:\n\n```no_run\n{code}```")
}

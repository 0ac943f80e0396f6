//! The pagination pass: an action's `pagination` block names members that
//! exist with the kind the paginator needs, and its client method is free.
//!
//! - `offset` and `limit`: live (not deprecated) integer request members,
//!   not the same one (a `limit` may also be a string holding the number);
//! - `items`: a live list response member;
//! - `total`: a live integer response member;
//! - the method `<action>_pages` is no other action's method and none the
//!   client already has.

use std::collections::BTreeMap;

use super::Context;
use crate::diagnostic::did_you_mean;
use crate::load::Parsed;
use crate::model::{Action, Field, Pagination, TypeRef};
use crate::raw::{RawAction, RawField, RawPagination};
use crate::rust_names;

/// Resolves the `pagination` block of every action; `actions` are in the
/// order of the loaded files.
pub(super) fn resolve(cx: &mut Context<'_>, actions: &mut [Action]) {
    let raw = cx.raw;
    let methods: BTreeMap<String, String> = actions
        .iter()
        .map(|a| (a.method.clone(), a.name.clone()))
        .collect();
    for (parsed, action) in raw.actions.iter().zip(actions.iter_mut()) {
        let Some(block) = &parsed.value.pagination else {
            continue;
        };
        action.pagination = check(cx, parsed, block, action, &methods);
    }
}

/// What a member must be.
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    /// An integer, or a string holding one (a page size some actions take as
    /// text "for historical reasons").
    Count,
    List,
}

impl Kind {
    fn matches(self, ty: &TypeRef) -> bool {
        match self {
            Kind::Integer => matches!(ty, TypeRef::Int64 | TypeRef::Uint64),
            Kind::Count => matches!(ty, TypeRef::Int64 | TypeRef::Uint64 | TypeRef::String),
            Kind::List => matches!(ty, TypeRef::List(_)),
        }
    }

    fn wanted(self) -> &'static str {
        match self {
            Kind::Integer => "an integer (`int64` or `uint64`)",
            Kind::Count => "an integer (`int64` or `uint64`), or a `string` holding one",
            Kind::List => "a list (`list<T>`)",
        }
    }
}

fn check(
    cx: &mut Context<'_>,
    parsed: &Parsed<RawAction>,
    block: &RawPagination,
    action: &Action,
    methods: &BTreeMap<String, String>,
) -> Option<Pagination> {
    let v = &parsed.value;
    let mut member = |key: &str, name: &str, side: Side, kind: Kind| {
        let (raw, resolved) = match side {
            Side::Request => (&v.request, &action.request),
            Side::Response => (&v.response, &action.response),
        };
        find(cx, parsed, key, name, side, kind, raw, resolved)
    };
    let offset = member("offset", &block.offset, Side::Request, Kind::Integer);
    let limit = member("limit", &block.limit, Side::Request, Kind::Count);
    let items = member("items", &block.items, Side::Response, Kind::List);
    let total = member("total", &block.total, Side::Response, Kind::Integer);
    if block.offset == block.limit {
        cx.report(
            parsed
                .error_at(
                    "pagination.limit",
                    format!("`{}` cannot be both the offset and the limit", block.limit),
                )
                .with_help("name the page-size member, usually `Limit`"),
        );
    }
    if block.doc.as_deref().is_some_and(|d| d.trim().is_empty()) {
        cx.report(parsed.error_at(
            "pagination.doc",
            "`doc` must not be empty; leave it out instead",
        ));
    }
    let method = format!("{}_pages", rust_names::snake_name(&v.action));
    let taken_by = match methods.get(&method) {
        Some(other) => Some(format!("the method of action `{other}`")),
        None => rust_names::RESERVED_CLIENT_METHODS
            .contains(&method.as_str())
            .then(|| String::from("a method the client already has")),
    };
    if let Some(taken_by) = taken_by {
        cx.report(
            parsed
                .error_at_key(
                    "pagination",
                    format!(
                        "the paginator of `{}` would be `Client::{method}`, {taken_by}",
                        v.action
                    ),
                )
                .with_help("leave this action unpaged, or rename the other one"),
        );
        return None;
    }
    let (offset, limit, items, total) = (offset?, limit?, items?, total?);
    if block.offset == block.limit {
        return None;
    }
    let TypeRef::List(item_type) = &items.ty else {
        return None;
    };
    Some(Pagination {
        method,
        item_type: (**item_type).clone(),
        offset,
        limit,
        items,
        total,
        unit: block.offset_unit,
        doc: block.doc.as_ref().map(|d| d.trim().to_owned()),
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Request,
    Response,
}

/// The member `name` of the request or response, checked to be `kind`, or
/// `None` once reported. A member that exists but did not resolve was
/// reported by the resolution pass and is skipped silently.
#[allow(clippy::too_many_arguments)]
fn find(
    cx: &mut Context<'_>,
    parsed: &Parsed<RawAction>,
    key: &str,
    name: &str,
    side: Side,
    kind: Kind,
    raw: &[RawField],
    resolved: &[Field],
) -> Option<Field> {
    let at = format!("pagination.{key}");
    let list = match side {
        Side::Request => "request",
        Side::Response => "response",
    };
    let Some(raw_field) = raw.iter().find(|f| f.name == name) else {
        let candidates = raw
            .iter()
            .filter(|f| !f.deprecated && type_is(kind, &f.ty))
            .map(|f| f.name.as_str());
        let d = parsed.error_at(
            &at,
            format!(
                "`{name}` is not a {list} member of `{}`",
                parsed.value.action
            ),
        );
        cx.report(match did_you_mean(name, candidates) {
            Some(m) => d.with_help(format!("did you mean `{m}`?")),
            None => d.with_help(format!(
                "`{key}` names a {list} member by its wire name; the {list} has: {}",
                names(raw)
            )),
        });
        return None;
    };
    let field = resolved.iter().find(|f| f.wire_name == name)?;
    if !kind.matches(&field.ty) {
        let d = parsed.error_at(
            &at,
            format!(
                "`{key}` must name {}, but `{name}` is `{}`",
                kind.wanted(),
                raw_field.ty
            ),
        );
        let others: Vec<&str> = raw
            .iter()
            .filter(|f| !f.deprecated && type_is(kind, &f.ty))
            .map(|f| f.name.as_str())
            .collect();
        cx.report(match did_you_mean(name, others.iter().copied()) {
            Some(m) => d.with_help(format!("did you mean `{m}`?")),
            None if others.is_empty() => d.with_help(format!(
                "the {list} has no such member, so the action cannot be paged"
            )),
            None => d.with_help(format!("candidates: {}", quoted(&others))),
        });
        return None;
    }
    if field.deprecated {
        cx.report(
            parsed
                .error_at(
                    &at,
                    format!("`{name}` is deprecated and cannot be the `{key}`"),
                )
                .with_help("leave the action unpaged until the service documents another member"),
        );
        return None;
    }
    Some(field.clone())
}

/// Whether the type text is of `kind`, judged from the text alone (for hints).
fn type_is(kind: Kind, ty: &str) -> bool {
    let ty = ty.trim();
    match kind {
        Kind::Integer => ty == "int64" || ty == "uint64",
        Kind::Count => ty == "int64" || ty == "uint64" || ty == "string",
        Kind::List => ty.starts_with("list<"),
    }
}

fn names(fields: &[RawField]) -> String {
    if fields.is_empty() {
        return String::from("no members");
    }
    quoted(&fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>())
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

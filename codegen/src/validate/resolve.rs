//! The resolution pass: model items built from the raw files, with every type
//! expression resolved against the namespace and every value checked.

use super::names::{self, Named, Namespace};
use super::type_expr::{self, TypeExpr, SCALARS};
use super::Context;
use crate::diagnostic::did_you_mean;
use crate::load::Parsed;
use std::collections::BTreeMap;

use crate::model::{
    Action, Enum, Environment, Field, Owner, Service, Structure, TypeRef, Usage, ENVIRONMENTS,
    HOST_ROLES,
};
use crate::raw::{RawAction, RawEnum, RawField, RawService};
use crate::rust_names;

/// The service, with its values checked.
pub(super) fn service(cx: &mut Context<'_>, s: &Parsed<RawService>) -> Service {
    let v = &s.value;
    if !rust_names::is_identifier(&v.name) {
        cx.report(s.error_at("name", format!("`{}` is not a valid service name", v.name)));
    } else if rust_names::is_keyword(&v.name) {
        // It names the generated crate, and a crate cannot be called like a keyword.
        cx.report(
            s.error_at(
                "name",
                format!("`{}` is a Rust keyword and cannot name the crate", v.name),
            )
            .with_help("use the service's short name as Tencent spells it, e.g. `essbasic`"),
        );
    }
    for (key, value) in [
        ("api_version", &v.api_version),
        ("endpoint", &v.endpoint),
        ("title", &v.title),
    ] {
        if value.trim().is_empty() {
            cx.report(s.error_at(key, format!("`{key}` must not be empty")));
        }
    }
    if v.rate_limit == 0 {
        cx.report(s.error_at(
            "rate_limit",
            "the rate limit must be at least 1 request per second",
        ));
    }
    hosts(cx, s, "hosts", &v.hosts);
    let mut environments = BTreeMap::new();
    for (name, env) in &v.environments {
        let at = format!("environments.{name}");
        if !ENVIRONMENTS.contains(&name.as_str()) {
            cx.report(
                s.error_at_key(&at, format!("unknown environment `{name}`"))
                    .with_help(format!("the runtime knows: {}", ENVIRONMENTS.join(", "))),
            );
        }
        if env.endpoint.trim().is_empty() {
            cx.report(s.error_at(&format!("{at}.endpoint"), "`endpoint` must not be empty"));
        }
        hosts(cx, s, &format!("{at}.hosts"), &env.hosts);
        for role in v.hosts.keys().filter(|r| !env.hosts.contains_key(*r)) {
            cx.report(
                s.error_at_key(&at, format!("environment `{name}` has no `{role}` host"))
                    .with_help(format!(
                        "add `{role}:` under its `hosts`, as the service has one"
                    )),
            );
        }
        for role in env.hosts.keys().filter(|r| !v.hosts.contains_key(*r)) {
            cx.report(s.error_at_key(
                &format!("{at}.hosts.{role}"),
                format!("the service has no `{role}` host outside environment `{name}`"),
            ));
        }
        environments.insert(
            name.clone(),
            Environment {
                endpoint: env.endpoint.clone(),
                hosts: env.hosts.clone(),
            },
        );
    }
    Service {
        name: v.name.clone(),
        crate_name: rust_names::crate_name(&v.name),
        env_prefix: v.name.to_uppercase(),
        title: v.title.clone(),
        api_version: v.api_version.clone(),
        endpoint: v.endpoint.clone(),
        hosts: v.hosts.clone(),
        environments,
        doc: v.doc.clone(),
        rate_limit: v.rate_limit,
        file: s.file.clone(),
    }
}

/// Every enum of every file, sorted by name.
pub(super) fn enums(cx: &mut Context<'_>) -> Vec<Enum> {
    let mut out = Vec::new();
    for s in &cx.raw.structures {
        let owner = Owner::Structure(rust_names::module_name(&s.value.structure));
        file_enums(cx, s, &s.value.enums, &owner, &mut out);
    }
    for a in &cx.raw.actions {
        let owner = Owner::Action(rust_names::module_name(&a.value.action));
        file_enums(cx, a, &a.value.enums, &owner, &mut out);
    }
    for c in &cx.raw.callbacks {
        let owner = Owner::Callback(rust_names::module_name(&c.value.callback));
        file_enums(cx, c, &c.value.enums, &owner, &mut out);
    }
    if let Some(shared) = &cx.raw.enums {
        file_enums(cx, shared, &shared.value.enums, &Owner::Shared, &mut out);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn file_enums<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    list: &[RawEnum],
    owner: &Owner,
    out: &mut Vec<Enum>,
) {
    for (i, e) in list.iter().enumerate() {
        let base = format!("enums[{i}]");
        if e.values.is_empty() {
            cx.report(
                parsed
                    .error_at(
                        &format!("{base}.values"),
                        format!("enum `{}` has no values", e.name),
                    )
                    .with_help("list at least one value, or use `string`"),
            );
        }
        out.push(Enum {
            name: e.name.clone(),
            rust_name: rust_names::type_name(&e.name),
            snake_name: rust_names::snake_name(&e.name),
            doc: e.doc.clone(),
            values: names::enum_values(cx, parsed, &base, e),
            owner: owner.clone(),
            shape_static: rust_names::shape_static_name(&e.name, "VALUES"),
            file: parsed.file.clone(),
        });
    }
}

/// Every structure, sorted by name; usage and boxing are left to the graph pass.
pub(super) fn structures(cx: &mut Context<'_>, namespace: &Namespace) -> Vec<Structure> {
    let mut out: Vec<Structure> = cx
        .raw
        .structures
        .iter()
        .map(|s| Structure {
            name: s.value.structure.clone(),
            rust_name: s
                .value
                .rust_name
                .clone()
                .unwrap_or_else(|| rust_names::type_name(&s.value.structure)),
            module: rust_names::module_name(&s.value.structure),
            doc: s.value.doc.clone(),
            fields: fields(cx, s, "fields", &s.value.fields, namespace),
            usage: Usage::default(),
            shape_static: rust_names::shape_static_name(&s.value.structure, "MEMBERS"),
            file: s.file.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Every action, in the order of the loaded files; error codes and examples
/// are left to their passes.
pub(super) fn actions(
    cx: &mut Context<'_>,
    namespace: &Namespace,
    default_rate: u32,
) -> Vec<Action> {
    let mut out = Vec::new();
    for a in &cx.raw.actions {
        let v = &a.value;
        if v.rate_limit == Some(0) {
            cx.report(a.error_at(
                "rate_limit",
                "the rate limit must be at least 1 request per second",
            ));
        }
        let module = rust_names::module_name(&v.action);
        out.push(Action {
            name: v.action.clone(),
            method: rust_names::method_name(&v.action),
            snake_name: rust_names::snake_name(&v.action),
            static_name: rust_names::static_name(&module),
            module,
            request_type: rust_names::request_type_name(&v.action),
            response_type: rust_names::response_type_name(&v.action),
            summary: v.summary.trim().to_owned(),
            doc: v.doc.clone(),
            rate_limit: v.rate_limit.unwrap_or(default_rate),
            deprecated: v.deprecated,
            reference_url: reference_url(cx, &v.action),
            host: action_host(cx, a),
            request: fields(cx, a, "request", &v.request, namespace),
            response: fields(cx, a, "response", &v.response, namespace),
            pagination: None,
            errors: Vec::new(),
            examples: Vec::new(),
            file: a.file.clone(),
        });
    }
    out
}

/// Host roles must be ones the runtime routes, with non-empty host names.
fn hosts(cx: &mut Context<'_>, s: &Parsed<RawService>, at: &str, hosts: &BTreeMap<String, String>) {
    for (role, host) in hosts {
        let path = format!("{at}.{role}");
        if !HOST_ROLES.contains(&role.as_str()) {
            cx.report(
                s.error_at_key(&path, format!("unknown host role `{role}`"))
                    .with_help(format!("the runtime routes: {}", HOST_ROLES.join(", "))),
            );
        }
        if host.trim().is_empty() {
            cx.report(s.error_at(&path, "the host must not be empty"));
        }
    }
}

/// The action's host role, which the service must define.
fn action_host(cx: &mut Context<'_>, a: &Parsed<RawAction>) -> Option<String> {
    let role = a.value.host.as_ref()?;
    let defined = cx
        .raw
        .service
        .as_ref()
        .is_some_and(|s| s.value.hosts.contains_key(role));
    if !defined {
        let known: Vec<&str> = cx
            .raw
            .service
            .iter()
            .flat_map(|s| s.value.hosts.keys().map(String::as_str))
            .collect();
        let d = a.error_at("host", format!("the service defines no `{role}` host"));
        cx.report(match did_you_mean(role, known.iter().copied()) {
            Some(m) => d.with_help(format!("did you mean `{m}`?")),
            None => d.with_help("define it under `hosts` in service.yaml"),
        });
    }
    Some(role.clone())
}

/// The action's page in Tencent's API Explorer, where its parameters can be
/// tried out with real credentials.
fn reference_url(cx: &Context<'_>, action: &str) -> String {
    let (product, version) = cx.raw.service.as_ref().map_or(("", ""), |s| {
        (s.value.name.as_str(), s.value.api_version.as_str())
    });
    format!("https://console.cloud.tencent.com/api/explorer?Product={product}&Version={version}&Action={action}")
}

/// The fields of `list` whose names are valid and whose types resolve.
pub(super) fn fields<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    list_key: &str,
    list: &[RawField],
    namespace: &Namespace,
) -> Vec<Field> {
    let names = names::fields(cx, parsed, list_key, list);
    let mut out = Vec::new();
    for (i, (f, names)) in list.iter().zip(names).enumerate() {
        let Some(names) = names else { continue };
        let at = format!("{list_key}[{i}].type");
        let Some(ty) = resolve(cx, parsed, &at, &f.ty, namespace) else {
            continue;
        };
        out.push(Field {
            wire_name: f.name.clone(),
            rust_name: names.rust_name,
            serde_rename: names.serde_rename,
            setter: names.setter,
            ty,
            required: f.required && !f.deprecated,
            deprecated: f.deprecated,
            doc: f.doc.clone(),
            example: f.example.clone(),
            boxed: false,
        });
    }
    out
}

/// The type `text` (at `at` in `parsed`) stands for, or `None` once reported.
fn resolve<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    at: &str,
    text: &str,
    namespace: &Namespace,
) -> Option<TypeRef> {
    match type_expr::parse(text) {
        Ok(expr) => resolve_expr(cx, parsed, at, &expr, namespace),
        Err(message) => {
            cx.report(parsed.error_at(at, message));
            None
        }
    }
}

fn resolve_expr<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    at: &str,
    expr: &TypeExpr,
    namespace: &Namespace,
) -> Option<TypeRef> {
    let name = match expr {
        TypeExpr::List(inner) => {
            let inner = resolve_expr(cx, parsed, at, inner, namespace)?;
            return Some(TypeRef::List(Box::new(inner)));
        }
        TypeExpr::Name(name) => name,
    };
    let scalar = match name.as_str() {
        "string" => Some(TypeRef::String),
        "int64" => Some(TypeRef::Int64),
        "uint64" => Some(TypeRef::Uint64),
        "float" => Some(TypeRef::Float),
        "bool" => Some(TypeRef::Bool),
        "date" => Some(TypeRef::Date),
        _ => None,
    };
    if scalar.is_some() {
        return scalar;
    }
    match namespace.get(name) {
        Some(Named::Structure) => Some(TypeRef::Struct(name.clone())),
        Some(Named::Enum) => Some(TypeRef::Enum(name.clone())),
        Some(Named::Callback) => {
            cx.report(parsed.error_at(
                at,
                format!("`{name}` is a callback message type and cannot be used as a field type"),
            ));
            None
        }
        Some(Named::ActionType) => {
            cx.report(parsed.error_at(at, format!("`{name}` is an action's request or response and cannot be used as a field type")));
            None
        }
        None => {
            let candidates = namespace
                .iter()
                .filter(|(_, kind)| !matches!(kind, Named::ActionType | Named::Callback))
                .map(|(n, _)| n.as_str())
                .chain(SCALARS.iter().copied());
            let d = parsed.error_at(at, format!("unknown type `{name}`"));
            cx.report(match did_you_mean(name, candidates) {
                Some(m) => d.with_help(format!("did you mean `{m}`?")),
                None => d.with_help("declare it under `structures/` or in an `enums:` list"),
            });
            None
        }
    }
}

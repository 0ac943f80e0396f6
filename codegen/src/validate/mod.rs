//! Turning the raw schema into the resolved [`Schema`], or every problem in it.
//!
//! All checks run even after a problem is found, so one run reports
//! everything. Each problem names the file, line and column and, where a
//! likely intention is visible, what was probably meant.

mod examples;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::load::{Parsed, RawSchema};
use crate::model::{
    Action, ActionError, Enum, EnumValue, ErrorCode, Example, ExampleOutcome, Field, Owner, Schema,
    Service, Structure, TypeRef, Usage,
};
use crate::naming;
use crate::raw::{RawEnum, RawErrorCode, RawField};
use examples::{check_object, locate_in_block, Mismatch, TypeLookup};
use types::{TypeExpr, SCALARS};

/// Validates `raw`; `problems` are diagnostics already found while loading.
pub fn validate(raw: &RawSchema, problems: Vec<Diagnostic>) -> Result<Schema, Diagnostics> {
    let mut v = Validator { problems };
    let schema = v.run(raw);
    let problems = Diagnostics(v.problems).finish();
    match schema {
        Some(schema) if problems.is_empty() => Ok(schema),
        _ => Err(if problems.is_empty() {
            Diagnostics(vec![Diagnostic::new(
                "service.yaml",
                Default::default(),
                "the schema is incomplete",
            )])
        } else {
            problems
        }),
    }
}

/// What a type name refers to.
#[derive(Clone, Debug)]
enum Named {
    Structure,
    Enum,
    /// Request or response type of an action; not usable in fields.
    ActionType,
}

struct NameEntry {
    kind: Named,
    file: String,
}

struct Validator {
    problems: Vec<Diagnostic>,
}

impl Validator {
    fn report(&mut self, d: Diagnostic) {
        self.problems.push(d);
    }

    fn run(&mut self, raw: &RawSchema) -> Option<Schema> {
        let service = raw.service.as_ref().map(|s| self.service(s));
        let names = self.namespace(raw);

        let mut enums = Vec::new();
        for s in &raw.structures {
            let owner = Owner::Structure(naming::module_name(&s.value.structure));
            enums.extend(self.enums(s, &s.value.enums, owner));
        }
        for a in &raw.actions {
            let owner = Owner::Action(naming::module_name(&a.value.action));
            enums.extend(self.enums(a, &a.value.enums, owner));
        }
        if let Some(shared) = &raw.enums {
            enums.extend(self.enums(shared, &shared.value.enums, Owner::Shared));
        }

        let mut structures = Vec::new();
        for s in &raw.structures {
            let fields = self.fields(s, "fields", &s.value.fields, &names);
            structures.push(Structure {
                name: s.value.structure.clone(),
                rust_name: naming::type_name(&s.value.structure),
                module: naming::module_name(&s.value.structure),
                doc: s.value.doc.clone(),
                fields,
                usage: Usage::default(),
                file: s.file.clone(),
            });
        }

        let default_rate = service.as_ref().map_or(20, |s| s.rate_limit);
        let mut actions = Vec::new();
        for a in &raw.actions {
            let request = self.fields(a, "request", &a.value.request, &names);
            let response = self.fields(a, "response", &a.value.response, &names);
            for (i, f) in a.value.response.iter().enumerate() {
                if f.name == "RequestId" {
                    self.report(a.error_at(
                        &format!("response[{i}].name"),
                        "`RequestId` is part of every response and must not be declared",
                    ));
                }
            }
            if naming::RESERVED_CLIENT_METHODS
                .contains(&naming::method_name(&a.value.action).as_str())
            {
                self.report(a.error_at(
                    "action",
                    format!(
                        "action `{}` would become `Client::{}`, which the client already has",
                        a.value.action,
                        naming::method_name(&a.value.action)
                    ),
                ));
            }
            for (i, f) in response.iter().enumerate() {
                if f.rust_name == naming::RESPONSE_REQUEST_ID_FIELD {
                    self.report(a.error_at(&format!("response[{i}].name"), format!("`{}` becomes the Rust field `request_id`, which every response already has", f.wire_name)));
                }
            }
            if a.value.rate_limit == Some(0) {
                self.report(a.error_at(
                    "rate_limit",
                    "the rate limit must be at least 1 request per second",
                ));
            }
            actions.push(Action {
                name: a.value.action.clone(),
                method: naming::method_name(&a.value.action),
                module: naming::module_name(&a.value.action),
                request_type: naming::request_type_name(&a.value.action),
                response_type: naming::response_type_name(&a.value.action),
                summary: a.value.summary.trim().to_owned(),
                doc: a.value.doc.clone(),
                rate_limit: a.value.rate_limit.unwrap_or(default_rate),
                deprecated: a.value.deprecated,
                request,
                response,
                errors: Vec::new(),
                examples: Vec::new(),
                file: a.file.clone(),
            });
        }

        structures.sort_by(|a, b| a.name.cmp(&b.name));
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.required_cycles(raw, &structures);
        mark_usage_and_boxes(&mut structures, &actions);

        let error_codes = self.error_codes(raw, &mut actions);
        let known_codes: BTreeSet<&str> = error_codes.iter().map(|c| c.code.as_str()).collect();
        // Examples and enum use are checked against the declarations; when those
        // are broken, checking would only repeat the same problems in other words.
        if self.problems.is_empty() {
            let lookup = Lookup {
                structures: &structures,
            };
            for (action, parsed) in actions.iter_mut().zip(&raw.actions) {
                action.examples =
                    self.examples(parsed, action, &lookup, &known_codes, &error_codes);
            }
            self.unused_enums(raw, &enums, &structures, &actions);
        }

        actions.sort_by(|a, b| a.name.cmp(&b.name));
        Some(Schema {
            service: service?,
            structures,
            enums,
            actions,
            error_codes,
        })
    }

    /// Reports structures that can never be built because their required,
    /// non-list members lead back to themselves.
    fn required_cycles(&mut self, raw: &RawSchema, structures: &[Structure]) {
        let required_edges = |s: &Structure| -> Vec<(String, String)> {
            s.fields
                .iter()
                .filter(|f| f.required)
                .filter_map(|f| match &f.ty {
                    TypeRef::Struct(target) => Some((f.wire_name.clone(), target.clone())),
                    _ => None,
                })
                .collect()
        };
        for s in structures {
            // Depth-first search from `s` along required members, looking for `s` again.
            let mut stack: Vec<(String, Vec<String>)> =
                vec![(s.name.clone(), vec![s.name.clone()])];
            let mut seen = BTreeSet::new();
            let mut cycle = None;
            while let Some((current, path)) = stack.pop() {
                let Some(node) = structures.iter().find(|x| x.name == current) else {
                    continue;
                };
                for (_, target) in required_edges(node) {
                    let mut next = path.clone();
                    next.push(target.clone());
                    if target == s.name {
                        cycle = Some(next);
                        break;
                    }
                    if seen.insert(target.clone()) {
                        stack.push((target, next));
                    }
                }
                if cycle.is_some() {
                    break;
                }
            }
            let Some(cycle) = cycle else { continue };
            let Some(parsed) = raw.structures.iter().find(|p| p.value.structure == s.name) else {
                continue;
            };
            let first_hop = &cycle[1];
            let index = parsed
                .value
                .fields
                .iter()
                .position(|f| f.required && !f.deprecated && &f.ty == first_hop)
                .unwrap_or(0);
            self.report(
                parsed
                    .error_at(&format!("fields[{index}].type"), format!("structure `{}` can never be built: its required members lead back to it ({})", s.name, cycle.join(" → ")))
                    .with_help("make one member on that path optional, or a list"),
            );
        }
    }

    fn service(&mut self, s: &Parsed<crate::raw::RawService>) -> Service {
        let v = &s.value;
        if !naming::is_identifier(&v.name) {
            self.report(s.error_at("name", format!("`{}` is not a valid service name", v.name)));
        }
        for (key, value) in [
            ("api_version", &v.api_version),
            ("endpoint", &v.endpoint),
            ("title", &v.title),
        ] {
            if value.trim().is_empty() {
                self.report(s.error_at(key, format!("`{key}` must not be empty")));
            }
        }
        if v.rate_limit == 0 {
            self.report(s.error_at(
                "rate_limit",
                "the rate limit must be at least 1 request per second",
            ));
        }
        self.error_list(s, "errors", &v.errors);
        Service {
            name: v.name.clone(),
            title: v.title.clone(),
            api_version: v.api_version.clone(),
            endpoint: v.endpoint.clone(),
            doc: v.doc.clone(),
            rate_limit: v.rate_limit,
            file: s.file.clone(),
        }
    }

    /// Collects every type name, reporting invalid and duplicate ones.
    fn namespace(&mut self, raw: &RawSchema) -> BTreeMap<String, NameEntry> {
        let mut names: BTreeMap<String, NameEntry> = BTreeMap::new();
        let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
        let mut declare = |v: &mut Validator,
                           name: &str,
                           kind: Named,
                           d: Diagnostic,
                           what: &str| {
            if !naming::is_identifier(name) {
                v.report(Diagnostic { message: format!("`{name}` is not a valid {what} name: use letters, digits and `_`, starting with a letter"), ..d });
                return;
            }
            if SCALARS.contains(&name) || name == "list" {
                v.report(Diagnostic {
                    message: format!(
                        "`{name}` is a built-in type and cannot be declared as a {what}"
                    ),
                    ..d
                });
                return;
            }
            if let Some(prev) = names.get(name) {
                v.report(Diagnostic {
                    message: format!("{what} `{name}` is already declared in {}", prev.file),
                    ..d
                });
                return;
            }
            let rust = naming::type_name(name);
            if let Some(prev) = rust_names.get(&rust) {
                v.report(
                    Diagnostic {
                        message: format!(
                            "{what} `{name}` and `{prev}` both become the Rust type `{rust}`"
                        ),
                        ..d
                    }
                    .with_help("rename one of them"),
                );
                return;
            }
            rust_names.insert(rust, name.to_owned());
            names.insert(
                name.to_owned(),
                NameEntry {
                    kind,
                    file: d.file.clone(),
                },
            );
        };
        for s in &raw.structures {
            let name = &s.value.structure;
            let expected = file_stem(&s.file);
            if name != expected {
                self.report(s.error_at("structure", format!("structure `{name}` is in `{}`; the file must be named `structures/{name}.yaml`", s.file)));
            }
            declare(
                self,
                name,
                Named::Structure,
                s.error_at("structure", ""),
                "structure",
            );
        }
        for a in &raw.actions {
            let name = &a.value.action;
            let expected = file_stem(&a.file);
            if name != expected {
                self.report(a.error_at(
                    "action",
                    format!(
                        "action `{name}` is in `{}`; the file must be named `actions/{name}.yaml`",
                        a.file
                    ),
                ));
            }
            if !naming::is_identifier(name) {
                self.report(a.error_at("action", format!("`{name}` is not a valid action name")));
                continue;
            }
            for ty in [format!("{name}Request"), format!("{name}Response")] {
                declare(
                    self,
                    &ty,
                    Named::ActionType,
                    a.error_at("action", ""),
                    "type",
                );
            }
        }
        for (file, list, positions) in enum_lists(raw) {
            for (i, e) in list.iter().enumerate() {
                let d = Diagnostic::new(file, positions.value(&format!("enums[{i}].name")), "");
                declare(self, &e.name, Named::Enum, d, "enum");
            }
        }
        names
    }

    fn enums<T>(&mut self, parsed: &Parsed<T>, list: &[RawEnum], owner: Owner) -> Vec<Enum> {
        let mut out = Vec::new();
        for (i, e) in list.iter().enumerate() {
            let base = format!("enums[{i}]");
            if e.values.is_empty() {
                self.report(
                    parsed
                        .error_at(
                            &format!("{base}.values"),
                            format!("enum `{}` has no values", e.name),
                        )
                        .with_help("list at least one value, or use `string`"),
                );
            }
            let mut seen_wire: BTreeMap<&str, usize> = BTreeMap::new();
            let mut seen_rust: BTreeMap<String, &str> = BTreeMap::new();
            let mut values = Vec::new();
            for (j, value) in e.values.iter().enumerate() {
                let at = format!("{base}.values[{j}].value");
                if let Some(first) = seen_wire.insert(value.value.as_str(), j) {
                    self.report(parsed.error_at(
                        &at,
                        format!(
                            "enum `{}` lists `{}` twice (also at values[{first}])",
                            e.name, value.value
                        ),
                    ));
                    continue;
                }
                let Some(rust) = naming::variant_name(&value.value) else {
                    self.report(
                        parsed
                            .error_at(
                                &at,
                                format!(
                                    "cannot make a Rust variant name from the value `{}`",
                                    value.value
                                ),
                            )
                            .with_help("enum values need at least one ASCII letter or digit"),
                    );
                    continue;
                };
                if let Some(prev) = seen_rust.insert(rust.clone(), value.value.as_str()) {
                    self.report(parsed.error_at(&at, format!("values `{prev}` and `{}` of enum `{}` both become the variant `{rust}`", value.value, e.name)));
                    continue;
                }
                values.push(EnumValue {
                    wire: value.value.clone(),
                    rust_name: rust,
                    doc: value.doc.clone(),
                    deprecated: value.deprecated,
                });
            }
            out.push(Enum {
                name: e.name.clone(),
                rust_name: naming::type_name(&e.name),
                doc: e.doc.clone(),
                values,
                owner: owner.clone(),
                file: parsed.file.clone(),
            });
        }
        out
    }

    fn fields<T>(
        &mut self,
        parsed: &Parsed<T>,
        list_key: &str,
        list: &[RawField],
        names: &BTreeMap<String, NameEntry>,
    ) -> Vec<Field> {
        let mut out = Vec::new();
        let mut seen_wire: BTreeMap<&str, usize> = BTreeMap::new();
        let mut seen_rust: BTreeMap<String, &str> = BTreeMap::new();
        for (i, f) in list.iter().enumerate() {
            let base = format!("{list_key}[{i}]");
            if !naming::is_identifier(&f.name) {
                self.report(parsed.error_at(&format!("{base}.name"), format!("`{}` is not a valid field name: use letters, digits and `_`, starting with a letter", f.name)));
                continue;
            }
            if let Some(first) = seen_wire.insert(f.name.as_str(), i) {
                self.report(parsed.error_at(
                    &format!("{base}.name"),
                    format!(
                        "`{}` is declared twice (first at {list_key}[{first}])",
                        f.name
                    ),
                ));
                continue;
            }
            let rust = naming::field_name(&f.name);
            if let Some(prev) = seen_rust.insert(rust.clone(), f.name.as_str()) {
                self.report(
                    parsed
                        .error_at(
                            &format!("{base}.name"),
                            format!(
                                "`{prev}` and `{}` both become the Rust field `{rust}`",
                                f.name
                            ),
                        )
                        .with_help("rename one of them"),
                );
                continue;
            }
            let Some(ty) = self.resolve(parsed, &format!("{base}.type"), &f.ty, names) else {
                continue;
            };
            out.push(Field {
                wire_name: f.name.clone(),
                rust_name: rust,
                ty,
                required: f.required && !f.deprecated,
                deprecated: f.deprecated,
                doc: f.doc.clone(),
                example: f.example.clone(),
                boxed: false,
            });
        }
        let mut methods: BTreeMap<String, &str> =
            BTreeMap::from([(String::from("new"), "the constructor")]);
        for (i, f) in list.iter().enumerate() {
            let Some(field) = out
                .iter()
                .find(|o| o.wire_name == f.name)
                .filter(|o| !o.required)
            else {
                continue;
            };
            let setter = naming::setter_name(&field.rust_name);
            if let Some(prev) = methods.insert(setter.clone(), f.name.as_str()) {
                self.report(
                    parsed
                        .error_at(
                            &format!("{list_key}[{i}].name"),
                            format!(
                                "the setter of `{}` would be `{setter}`, the same name as {}",
                                f.name,
                                if prev == "the constructor" {
                                    prev.to_owned()
                                } else {
                                    format!("the setter of `{prev}`")
                                }
                            ),
                        )
                        .with_help("rename one of them"),
                );
            }
        }
        out
    }

    fn resolve<T>(
        &mut self,
        parsed: &Parsed<T>,
        at: &str,
        text: &str,
        names: &BTreeMap<String, NameEntry>,
    ) -> Option<TypeRef> {
        let expr = match types::parse(text) {
            Ok(e) => e,
            Err(message) => {
                self.report(parsed.error_at(at, message));
                return None;
            }
        };
        self.resolve_expr(parsed, at, &expr, names)
    }

    fn resolve_expr<T>(
        &mut self,
        parsed: &Parsed<T>,
        at: &str,
        expr: &TypeExpr,
        names: &BTreeMap<String, NameEntry>,
    ) -> Option<TypeRef> {
        match expr {
            TypeExpr::List(inner) => Some(TypeRef::List(Box::new(
                self.resolve_expr(parsed, at, inner, names)?,
            ))),
            TypeExpr::Name(name) => match name.as_str() {
                "string" => Some(TypeRef::String),
                "int64" => Some(TypeRef::Int64),
                "uint64" => Some(TypeRef::Uint64),
                "float" => Some(TypeRef::Float),
                "bool" => Some(TypeRef::Bool),
                "date" => Some(TypeRef::Date),
                _ => match names.get(name).map(|e| &e.kind) {
                    Some(Named::Structure) => Some(TypeRef::Struct(name.clone())),
                    Some(Named::Enum) => Some(TypeRef::Enum(name.clone())),
                    Some(Named::ActionType) => {
                        self.report(parsed.error_at(at, format!("`{name}` is an action's request or response and cannot be used as a field type")));
                        None
                    }
                    None => {
                        let candidates = names
                            .iter()
                            .filter(|(_, e)| !matches!(e.kind, Named::ActionType))
                            .map(|(n, _)| n.as_str())
                            .chain(SCALARS.iter().copied());
                        let mut d = parsed.error_at(at, format!("unknown type `{name}`"));
                        d = match did_you_mean(name, candidates) {
                            Some(m) => d.with_help(format!("did you mean `{m}`?")),
                            None => {
                                d.with_help("declare it under `structures/` or in an `enums:` list")
                            }
                        };
                        self.report(d);
                        None
                    }
                },
            },
        }
    }

    fn error_list<T>(&mut self, parsed: &Parsed<T>, key: &str, list: &[RawErrorCode]) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, e) in list.iter().enumerate() {
            let at = format!("{key}[{i}].code");
            if !is_error_code(&e.code) {
                self.report(parsed.error_at(&at, format!("`{}` is not an error code: expected dotted words such as `InvalidParameter.ParamError`", e.code)));
                continue;
            }
            if let Some(first) = seen.insert(e.code.as_str(), i) {
                self.report(parsed.error_at(
                    &at,
                    format!(
                        "error code `{}` is listed twice (first at {key}[{first}])",
                        e.code
                    ),
                ));
            }
        }
    }

    /// Merges common and per-action codes into one list and fills in each action's codes.
    fn error_codes(&mut self, raw: &RawSchema, actions: &mut [Action]) -> Vec<ErrorCode> {
        let mut codes: BTreeMap<String, ErrorCode> = BTreeMap::new();
        if let Some(service) = &raw.service {
            for e in service
                .value
                .errors
                .iter()
                .filter(|e| is_error_code(&e.code))
            {
                codes
                    .entry(e.code.clone())
                    .or_insert_with(|| new_error_code(e, true));
            }
        }
        for (action, parsed) in actions.iter_mut().zip(&raw.actions) {
            self.error_list(parsed, "errors", &parsed.value.errors);
            let mut seen = BTreeSet::new();
            for e in parsed
                .value
                .errors
                .iter()
                .filter(|e| is_error_code(&e.code))
            {
                if !seen.insert(e.code.as_str()) {
                    continue;
                }
                let entry = codes
                    .entry(e.code.clone())
                    .or_insert_with(|| new_error_code(e, false));
                entry.retryable |= e.retryable;
                entry.actions.push(action.name.clone());
                action.errors.push(ActionError {
                    code: e.code.clone(),
                    rust_name: entry.rust_name.clone(),
                    doc: e.doc.clone(),
                });
            }
        }
        let mut by_rust: BTreeMap<&str, &str> = BTreeMap::new();
        let mut collisions = Vec::new();
        for c in codes.values() {
            if let Some(prev) = by_rust.insert(&c.rust_name, &c.code) {
                collisions.push((
                    c.code.clone(),
                    format!(
                        "error codes `{prev}` and `{}` both become the variant `{}`",
                        c.code, c.rust_name
                    ),
                ));
            }
        }
        for (code, message) in collisions {
            let d = first_listing(raw, &code)
                .unwrap_or_else(|| Diagnostic::new("service.yaml", Default::default(), ""));
            self.report(
                Diagnostic { message, ..d }
                    .with_help("error codes must stay distinct once their dots are removed"),
            );
        }
        let mut list: Vec<ErrorCode> = codes.into_values().collect();
        for c in &mut list {
            c.actions.sort();
        }
        list
    }

    fn examples(
        &mut self,
        parsed: &Parsed<crate::raw::RawAction>,
        action: &Action,
        lookup: &Lookup<'_>,
        known_codes: &BTreeSet<&str>,
        codes: &[ErrorCode],
    ) -> Vec<Example> {
        let mut out = Vec::new();
        for (i, ex) in parsed.value.examples.iter().enumerate() {
            let base = format!("examples[{i}]");
            let request = self.example_json(parsed, &format!("{base}.request"), &ex.request);
            let response = self.example_json(parsed, &format!("{base}.response"), &ex.response);
            let (Some(request), Some(response)) = (request, response) else {
                continue;
            };

            let mut mismatches = Vec::new();
            match request.as_object() {
                Some(obj) => check_object(obj, &action.request, lookup, "", true, &mut mismatches),
                None => mismatches.push(Mismatch {
                    path: String::new(),
                    key: None,
                    message: "the example request must be a JSON object".into(),
                    help: None,
                }),
            }
            self.report_mismatches(parsed, &format!("{base}.request"), mismatches);

            let Some(outcome) = self.example_response(
                parsed,
                &format!("{base}.response"),
                &response,
                action,
                lookup,
                known_codes,
                codes,
            ) else {
                continue;
            };
            out.push(Example {
                title: ex.title.trim().to_owned(),
                doc: ex.doc.clone(),
                request,
                request_text: ex.request.clone(),
                response_text: ex.response.clone(),
                outcome,
            });
        }
        out
    }

    fn example_json(
        &mut self,
        parsed: &Parsed<crate::raw::RawAction>,
        at: &str,
        text: &str,
    ) -> Option<Value> {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let location =
                    locate_in_block(parsed, at, Some((e.line().max(1), e.column().max(1))), None);
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m)
                    .to_owned();
                self.report(Diagnostic::new(
                    &parsed.file,
                    location,
                    format!("the example is not valid JSON: {message}"),
                ));
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn example_response(
        &mut self,
        parsed: &Parsed<crate::raw::RawAction>,
        at: &str,
        response: &Value,
        action: &Action,
        lookup: &Lookup<'_>,
        known_codes: &BTreeSet<&str>,
        codes: &[ErrorCode],
    ) -> Option<ExampleOutcome> {
        let Some(inner) = response.get("Response").and_then(Value::as_object) else {
            self.report(Diagnostic::new(
                &parsed.file,
                locate_in_block(parsed, at, None, None),
                "the example response must be an object `{\"Response\": {...}}`",
            ));
            return None;
        };
        let request_id = match inner.get("RequestId") {
            Some(Value::String(id)) => id.clone(),
            _ => {
                self.report(Diagnostic::new(
                    &parsed.file,
                    locate_in_block(parsed, at, None, Some("Response")),
                    "the example response has no string `RequestId`",
                ));
                return None;
            }
        };
        if let Some(error) = inner.get("Error") {
            let code = error.get("Code").and_then(Value::as_str);
            let message_ok = error.get("Message").is_some_and(Value::is_string);
            let Some(code) = code.filter(|_| message_ok) else {
                self.report(Diagnostic::new(
                    &parsed.file,
                    locate_in_block(parsed, at, None, Some("Error")),
                    "the example's `Error` needs string `Code` and `Message`",
                ));
                return None;
            };
            if !known_codes.contains(code) {
                let d = Diagnostic::new(&parsed.file, locate_in_block(parsed, at, None, Some("Code")), format!("the example answers with error code `{code}`, which neither this action nor the service lists"));
                self.report(match did_you_mean(code, known_codes.iter().copied()) {
                    Some(m) => {
                        d.with_help(format!("did you mean `{m}`? Otherwise add it to `errors`"))
                    }
                    None => d.with_help("add it to this action's `errors`"),
                });
                return None;
            }
            let rust_name = codes
                .iter()
                .find(|c| c.code == code)
                .map(|c| c.rust_name.clone())
                .unwrap_or_default();
            return Some(ExampleOutcome::Error {
                code: code.to_owned(),
                rust_name,
                request_id,
            });
        }
        let mut fields = inner.clone();
        fields.remove("RequestId");
        fields.remove("DeprecatedWarning");
        let mut mismatches = Vec::new();
        check_object(
            &fields,
            &action.response,
            lookup,
            "",
            false,
            &mut mismatches,
        );
        self.report_mismatches(parsed, at, mismatches);
        Some(ExampleOutcome::Success { request_id })
    }

    fn report_mismatches(
        &mut self,
        parsed: &Parsed<crate::raw::RawAction>,
        at: &str,
        mismatches: Vec<Mismatch>,
    ) {
        for m in mismatches {
            let location = locate_in_block(parsed, at, None, m.key.as_deref());
            let mut d = Diagnostic::new(&parsed.file, location, m.message);
            d.help = m.help;
            self.report(d);
        }
    }

    fn unused_enums(
        &mut self,
        raw: &RawSchema,
        enums: &[Enum],
        structures: &[Structure],
        actions: &[Action],
    ) {
        let mut used = BTreeSet::new();
        let all_fields = structures.iter().flat_map(|s| &s.fields).chain(
            actions
                .iter()
                .flat_map(|a| a.request.iter().chain(&a.response)),
        );
        for f in all_fields {
            let mut ty = &f.ty;
            while let TypeRef::List(inner) = ty {
                ty = inner;
            }
            if let TypeRef::Enum(name) = ty {
                used.insert(name.as_str());
            }
        }
        for e in enums.iter().filter(|e| !used.contains(e.name.as_str())) {
            for (file, list, positions) in enum_lists(raw).filter(|(f, _, _)| *f == e.file) {
                if let Some(i) = list.iter().position(|x| x.name == e.name) {
                    self.report(
                        Diagnostic::new(
                            file,
                            positions.value(&format!("enums[{i}].name")),
                            format!("enum `{}` is declared but no field uses it", e.name),
                        )
                        .with_help("use it as a field type, or remove it"),
                    );
                }
            }
        }
    }
}

/// The service-wide entry for `e`, as first documented (commonly or by one action).
fn new_error_code(e: &RawErrorCode, common: bool) -> ErrorCode {
    ErrorCode {
        code: e.code.clone(),
        rust_name: naming::error_variant_name(&e.code).unwrap_or_default(),
        doc: e.doc.clone(),
        retryable: e.retryable,
        common,
        actions: Vec::new(),
    }
}

/// The `enums` list of every structure and action file, with what is needed to point into it.
fn enum_lists(
    raw: &RawSchema,
) -> impl Iterator<Item = (&str, &[RawEnum], &crate::positions::Positions)> {
    let structures = raw
        .structures
        .iter()
        .map(|s| (s.file.as_str(), s.value.enums.as_slice(), &s.positions));
    let actions = raw
        .actions
        .iter()
        .map(|a| (a.file.as_str(), a.value.enums.as_slice(), &a.positions));
    let shared = raw
        .enums
        .iter()
        .map(|e| (e.file.as_str(), e.value.enums.as_slice(), &e.positions));
    structures.chain(actions).chain(shared)
}

/// Where `code` is first listed: in `service.yaml`, else in an action file.
fn first_listing(raw: &RawSchema, code: &str) -> Option<Diagnostic> {
    if let Some(service) = &raw.service {
        if let Some(i) = service.value.errors.iter().position(|e| e.code == code) {
            return Some(service.error_at(&format!("errors[{i}].code"), ""));
        }
    }
    raw.actions.iter().find_map(|a| {
        let i = a.value.errors.iter().position(|e| e.code == code)?;
        Some(a.error_at(&format!("errors[{i}].code"), ""))
    })
}

struct Lookup<'a> {
    structures: &'a [Structure],
}

impl TypeLookup for Lookup<'_> {
    fn fields(&self, structure: &str) -> Option<&[Field]> {
        self.structures
            .iter()
            .find(|s| s.name == structure)
            .map(|s| s.fields.as_slice())
    }
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

fn is_error_code(code: &str) -> bool {
    !code.is_empty()
        && code.split('.').all(|segment| {
            let mut chars = segment.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Names of the structures a type mentions directly (through lists too).
fn struct_of(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Struct(name) => Some(name),
        TypeRef::List(inner) => struct_of(inner),
        _ => None,
    }
}

/// Marks where structures are used and boxes fields that would make a type infinitely large.
fn mark_usage_and_boxes(structures: &mut [Structure], actions: &[Action]) {
    let index: BTreeMap<String, usize> = structures
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = structures
        .iter()
        .map(|s| {
            s.fields
                .iter()
                .filter_map(|f| struct_of(&f.ty))
                .filter_map(|n| index.get(n).copied())
                .collect()
        })
        .collect();
    let reach = |starts: &mut dyn Iterator<Item = usize>| -> Vec<bool> {
        let mut seen = vec![false; structures.len()];
        let mut stack: Vec<usize> = starts.collect();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(&edges[i]);
            }
        }
        seen
    };
    let roots = |fields: &mut dyn Iterator<Item = &Field>| -> Vec<usize> {
        fields
            .filter_map(|f| struct_of(&f.ty))
            .filter_map(|n| index.get(n).copied())
            .collect()
    };
    let inputs = reach(&mut roots(&mut actions.iter().flat_map(|a| &a.request)).into_iter());
    let outputs = reach(&mut roots(&mut actions.iter().flat_map(|a| &a.response)).into_iter());
    let reachable_from: Vec<Vec<bool>> = (0..structures.len())
        .map(|i| reach(&mut std::iter::once(i)))
        .collect();
    for (i, s) in structures.iter_mut().enumerate() {
        s.usage = Usage {
            input: inputs[i],
            output: outputs[i],
        };
        for f in &mut s.fields {
            if let TypeRef::Struct(name) = &f.ty {
                if let Some(&j) = index.get(name) {
                    f.boxed = reachable_from[j][i];
                }
            }
        }
    }
}

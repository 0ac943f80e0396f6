//! The callbacks pass: each `callbacks/<MsgType>.yaml` resolved into a model
//! [`Callback`], with the rules only callbacks have (no `required` members,
//! names the generated `callbacks` module already uses), and its example
//! messages checked: an envelope whose `MsgType` is the file's and whose
//! `MsgData` holds declared members of compatible types.

use serde_json::{Map, Value};

use super::example_json::{check_object, Mismatch};
use super::examples::{json, report_mismatches, Lookup};
use super::names::Namespace;
use super::{resolve, Context};
use crate::diagnostic::did_you_mean;
use crate::load::Parsed;
use crate::model::{Callback, CallbackExample, Structure};
use crate::raw::RawCallback;
use crate::rust_names;

/// Names the generated `callbacks` module declares itself; a callback's data
/// struct (re-exported there) or `Event` variant must not take them.
pub const RESERVED_CALLBACK_NAMES: &[&str] = &[
    "Callback",
    "CallbackConfigError",
    "CallbackError",
    "Delivery",
    "Event",
    "Receiver",
    "ReceiverBuilder",
    "Unknown",
];

/// The Rust field of every callback data struct that keeps the members it
/// does not type.
pub const OTHER_MEMBERS_FIELD: &str = "other";

/// The envelope members of a callback message.
const ENVELOPE: [&str; 4] = ["MsgId", "MsgType", "MsgVersion", "MsgData"];

/// Every callback, sorted by name; examples are left to [`check_examples`].
pub(super) fn resolve(cx: &mut Context<'_>, namespace: &Namespace) -> Vec<Callback> {
    let mut out = Vec::new();
    for c in &cx.raw.callbacks {
        let v = &c.value;
        let rust_name = rust_names::type_name(&v.callback);
        if RESERVED_CALLBACK_NAMES.contains(&rust_name.as_str()) {
            cx.report(
                c.error_at(
                    "callback",
                    format!(
                        "callback `{}` would become `callbacks::{rust_name}`, a name the generated `callbacks` module already uses",
                        v.callback
                    ),
                )
                .with_help(format!("reserved: {}", RESERVED_CALLBACK_NAMES.join(", "))),
            );
        }
        if v.summary.trim().is_empty() {
            cx.report(c.error_at("summary", "`summary` must not be empty"));
        }
        for (i, f) in v.fields.iter().enumerate() {
            if f.required {
                cx.report(
                    c.error_at(
                        &format!("fields[{i}].required"),
                        format!("callback member `{}` is marked required, but callback messages decode leniently and every member is optional", f.name),
                    )
                    .with_help("remove `required`"),
                );
            }
            if rust_names::is_identifier(&f.name)
                && rust_names::field_name(&f.name) == OTHER_MEMBERS_FIELD
            {
                cx.report(
                    c.error_at(
                        &format!("fields[{i}].name"),
                        format!(
                            "`{}` becomes the Rust field `{OTHER_MEMBERS_FIELD}`, which every callback data struct already has for the members it does not type",
                            f.name
                        ),
                    ),
                );
            }
        }
        if v.examples.is_empty() {
            cx.report(
                c.error_at_key("callback", format!("callback `{}` has no example message", v.callback))
                    .with_help("add `examples:` with at least one `message` (the decrypted body as JSON); each becomes a test"),
            );
        }
        let mut fields = resolve::fields(cx, c, "fields", &v.fields, namespace);
        for f in &mut fields {
            f.required = false;
        }
        out.push(Callback {
            name: v.callback.clone(),
            module: rust_names::module_name(&v.callback),
            rust_name,
            summary: v.summary.trim().to_owned(),
            doc: v.doc.clone(),
            fields,
            examples: Vec::new(),
            file: c.file.clone(),
        });
    }
    out
}

/// Checks the example messages of every callback and stores those that pass;
/// `callbacks` are in the order of the loaded files.
pub(super) fn check_examples(
    cx: &mut Context<'_>,
    callbacks: &mut [Callback],
    structures: &[Structure],
) {
    let lookup = Lookup { structures };
    for (callback, parsed) in callbacks.iter_mut().zip(&cx.raw.callbacks) {
        callback.examples = examples(cx, parsed, callback, &lookup);
    }
}

fn examples(
    cx: &mut Context<'_>,
    parsed: &Parsed<RawCallback>,
    callback: &Callback,
    lookup: &Lookup<'_>,
) -> Vec<CallbackExample> {
    let mut out = Vec::new();
    for (i, ex) in parsed.value.examples.iter().enumerate() {
        let at = format!("examples[{i}].message");
        let Some(message) = json(cx, parsed, &at, &ex.message) else {
            continue;
        };
        let mut mismatches = Vec::new();
        match message.as_object() {
            Some(envelope) => check_envelope(envelope, callback, lookup, &mut mismatches),
            None => mismatches.push(problem(
                None,
                "the example message must be a JSON object `{\"MsgId\": .., \"MsgType\": .., \"MsgVersion\": .., \"MsgData\": {..}}`",
                None,
            )),
        }
        let sound = mismatches.is_empty();
        report_mismatches(cx, parsed, &at, mismatches);
        if !sound {
            continue;
        }
        let title = ex.title.trim().to_owned();
        out.push(CallbackExample {
            test_name: rust_names::example_test_name(out.len() + 1, &title),
            title,
            doc: ex.doc.clone(),
            message,
            message_text: ex.message.clone(),
        });
    }
    out
}

fn problem(key: Option<&str>, message: impl Into<String>, help: Option<String>) -> Mismatch {
    Mismatch {
        path: key.unwrap_or_default().to_owned(),
        key: key.map(str::to_owned),
        message: message.into(),
        help,
    }
}

fn check_envelope(
    envelope: &Map<String, Value>,
    callback: &Callback,
    lookup: &Lookup<'_>,
    out: &mut Vec<Mismatch>,
) {
    for key in envelope.keys().filter(|k| !ENVELOPE.contains(&k.as_str())) {
        out.push(problem(
            Some(key),
            format!("the example message has `{key}`, which is not an envelope member"),
            Some(match did_you_mean(key, ENVELOPE.iter().copied()) {
                Some(m) => format!("did you mean `{m}`? Members of the data go inside `MsgData`"),
                None => String::from("the envelope has `MsgId`, `MsgType`, `MsgVersion` and `MsgData`; members of the data go inside `MsgData`"),
            }),
        ));
    }
    for member in ["MsgId", "MsgType", "MsgVersion"] {
        match envelope.get(member) {
            Some(Value::String(_)) => {}
            Some(_) => out.push(problem(
                Some(member),
                format!("the example message's `{member}` must be a string"),
                None,
            )),
            None => out.push(problem(
                None,
                format!("the example message lacks `{member}`"),
                Some(String::from(
                    "a message is the whole envelope: `MsgId`, `MsgType`, `MsgVersion`, `MsgData`",
                )),
            )),
        }
    }
    if let Some(Value::String(msg_type)) = envelope.get("MsgType") {
        if msg_type != &callback.name {
            out.push(problem(
                Some("MsgType"),
                format!(
                    "the example message's `MsgType` is `{msg_type}`, but this file describes `{}`",
                    callback.name
                ),
                Some(format!("use `\"MsgType\": \"{}\"`", callback.name)),
            ));
        }
    }
    match envelope.get("MsgData") {
        Some(Value::Object(data)) => {
            check_object(data, &callback.fields, lookup, "", false, out);
        }
        Some(_) => out.push(problem(
            Some("MsgData"),
            "the example message's `MsgData` must be a JSON object",
            None,
        )),
        None => out.push(problem(
            None,
            "the example message lacks `MsgData`",
            Some(String::from(
                "give it `\"MsgData\": {}` when the data is unknown",
            )),
        )),
    }
}

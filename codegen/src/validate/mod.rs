//! Turning the raw schema into the resolved [`Schema`], or every problem in it.
//!
//! Validation runs in passes, each with one job (a private module each),
//! sharing a `Context` that holds the loaded files and collects problems:
//!
//! 1. `names`: type names, file names and every Rust name, with collisions;
//! 2. `resolve`: model items with their types resolved, then `pagination`:
//!    the members an action's `pagination` block names;
//! 3. `graph`: the structure graph (required cycles, boxing, usage);
//! 4. `error_codes`: the service's and each action's codes, merged;
//! 5. `examples`: documented examples against their action;
//! 6. `callbacks`: callback message types (resolved after the actions,
//!    their example messages checked with the examples).
//!
//! [`docs`] is a separate pass that [`crate::check`] adds: an import may write
//! texts that still need words, the generator may not emit them.
//!
//! All passes run even after a problem is found, so one run reports
//! everything; only the checks that compare examples and enum use against the
//! declarations wait until the declarations themselves are sound. Each
//! problem names the file, line and column and, where a likely intention is
//! visible, what was probably meant.

mod callbacks;
pub mod docs;
mod error_codes;
mod example_json;
mod examples;
mod graph;
mod names;
mod pagination;
mod resolve;
mod type_expr;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::RawSchema;
use crate::model::Schema;

/// What every pass works on: the loaded files and the problems found so far.
pub(crate) struct Context<'a> {
    /// The schema as loaded.
    raw: &'a RawSchema,
    /// Every problem found, by the loader and by the passes.
    problems: Vec<Diagnostic>,
}

impl Context<'_> {
    fn report(&mut self, d: Diagnostic) {
        self.problems.push(d);
    }
}

/// Validates `raw`; `problems` are diagnostics already found while loading.
pub fn validate(raw: &RawSchema, problems: Vec<Diagnostic>) -> Result<Schema, Diagnostics> {
    let mut cx = Context { raw, problems };
    let load_problems = cx.problems.len();

    let namespace = names::namespace(&mut cx);
    let service = raw.service.as_ref().map(|s| resolve::service(&mut cx, s));
    let enums = resolve::enums(&mut cx);
    let mut structures = resolve::structures(&mut cx, &namespace);
    let default_rate = service.as_ref().map_or(20, |s| s.rate_limit);
    let mut actions = resolve::actions(&mut cx, &namespace, default_rate);
    pagination::resolve(&mut cx, &mut actions);
    let mut callbacks = callbacks::resolve(&mut cx, &namespace);
    graph::check_required_cycles(&mut cx, &structures);
    graph::mark_usage_and_boxes(&mut structures, &actions, &callbacks);
    let error_codes = error_codes::collect(&mut cx, &mut actions);

    // Examples and enum use are checked against the declarations; when those
    // are broken, checking would only repeat the same problems in other
    // words. A file that failed to load elsewhere does not hold them back.
    let declarations_sound = cx.problems.len() == load_problems && raw.service.is_some();
    if declarations_sound {
        examples::check(&mut cx, &mut actions, &structures, &error_codes);
        callbacks::check_examples(&mut cx, &mut callbacks, &structures);
        graph::check_enums_used(&mut cx, &enums, &structures, &actions, &callbacks);
    }

    actions.sort_by(|a, b| a.name.cmp(&b.name));
    callbacks.sort_by(|a, b| a.name.cmp(&b.name));
    let problems = Diagnostics(cx.problems).finish();
    match service {
        Some(service) if problems.is_empty() => Ok(Schema {
            service,
            structures,
            enums,
            actions,
            error_codes,
            callbacks,
        }),
        _ if problems.is_empty() => Err(Diagnostics(vec![Diagnostic::new(
            "service.yaml",
            Default::default(),
            "the schema is incomplete",
        )])),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use crate::load::SchemaSource;

    const SERVICE: &str =
        "name: demo\ntitle: Demo\napi_version: \"1\"\nendpoint: e\nrate_limit: 20\n";

    fn action(name: &str, extra: &str) -> String {
        format!("action: {name}\nsummary: s\nrequest:\n  - name: Id\n    type: string\n    doc: d\nresponse: []\n{extra}")
    }

    #[test]
    fn a_file_that_fails_to_load_does_not_hide_the_problems_of_others() {
        let broken = action("Broken", "bogus: 1\n");
        let example = action("Good", "examples:\n  - title: t\n    request: '{\"Idd\": \"x\"}'\n    response: '{\"Response\": {\"RequestId\": \"r\"}}'\n");
        let source = SchemaSource::from_files(&[
            ("service.yaml", SERVICE),
            ("actions/Broken.yaml", &broken),
            ("actions/Good.yaml", &example),
        ]);
        let problems = crate::check(&source).unwrap_err().to_string();
        assert!(
            problems.contains("actions/Broken.yaml:8:1: error: unknown field `bogus`"),
            "{problems}"
        );
        assert!(problems.contains("actions/Good.yaml:"), "{problems}");
        assert!(problems.contains("the example sends `Idd`"), "{problems}");
    }
}

//! End-to-end tests of the importer on hand-written fixtures in Tencent's
//! description format (`fixtures/import/`).

mod common;

use codegen::import::{ImportError, ImportPlan, SchemaSubset, Selection, Texts};
use codegen::load::SchemaSource;
use codegen::raw::{RawAction, RawField, RawService, RawStructure};

use common::import::{fixture, plan_import};

fn service() -> RawService {
    // A common code, as service.yaml lists it; examples answering with it add nothing.
    common::import::service(
        "2021-05-26",
        vec![codegen::raw::RawErrorCode {
            code: "InvalidParameter".into(),
            doc: "Bad parameter.".into(),
            retryable: false,
        }],
    )
}

fn run(
    api: &str,
    examples: Option<&str>,
    selection: Selection,
    existing: &SchemaSubset,
) -> Result<ImportPlan, ImportError> {
    plan_import(
        "",
        api,
        examples,
        selection,
        &service(),
        existing,
        Texts::Upstream,
    )
}

fn fresh_all() -> ImportPlan {
    run(
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &SchemaSubset::default(),
    )
    .unwrap()
}

/// The planned files parsed back, as the schema would read them.
fn reload(plan: &ImportPlan) -> SchemaSubset {
    let files: Vec<(&str, &str)> = plan
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    load(&files)
}

/// `files` (path, text) as the generator's reader loads them.
fn load(files: &[(&str, &str)]) -> SchemaSubset {
    let source = SchemaSource::from_files(files);
    let (raw, problems) = codegen::load::parse(&source);
    assert!(
        problems.iter().all(|d| d.file == "service.yaml"),
        "{problems:?}"
    );
    SchemaSubset::from_raw(&raw).unwrap()
}

fn field<'a>(fields: &'a [RawField], name: &str) -> &'a RawField {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn hand_edited() -> SchemaSubset {
    let action = fixture("hand_edited/actions/CreateWidget.yaml");
    let structure = fixture("hand_edited/structures/Caller.yaml");
    load(&[
        ("actions/CreateWidget.yaml", action.as_str()),
        ("structures/Caller.yaml", structure.as_str()),
    ])
}

#[test]
fn fresh_import_maps_every_type() {
    let schema = reload(&fresh_all());
    let action = &schema.actions["CreateWidget"];
    let types: Vec<(&str, &str, bool)> = action
        .request
        .iter()
        .map(|f| (f.name.as_str(), f.ty.as_str(), f.required))
        .collect();
    assert_eq!(
        types,
        [
            ("Caller", "Caller", true),
            ("Name", "string", true),
            ("Count", "int64", false),
            ("Size", "uint64", false),
            ("Ratio", "float", false),
            ("Enabled", "bool", false),
            ("CreatedOn", "date", false),
            ("Tags", "list<string>", false),
            ("Colour", "Colour", true),
            ("Shape", "Shape", false),
            ("Speed", "Speed", false),
            ("Note", "string", false),
            ("Layout", "string", false),
            ("Legacy", "string", false),
            ("Options", "list<Option>", false),
            ("Root", "Node", false),
        ]
    );
    assert!(field(&action.request, "Legacy").deprecated);
    assert!(!field(&action.request, "Name").deprecated);
    assert_eq!(
        field(&action.request, "Name").example.as_deref(),
        Some("widget-1")
    );
    assert_eq!(
        field(&action.request, "Caller").example,
        None,
        "`无` means no example"
    );
    assert_eq!(action.summary, "创建小部件");
    assert_eq!(
        action.doc.as_deref(),
        Some("Creates a widget.\n\nSee [the guide](https://example.test/widgets).")
    );
    assert!(!action.deprecated);
    assert!(schema.actions["DescribeTree"].deprecated);
}

#[test]
fn fresh_import_handles_responses_and_structures() {
    let schema = reload(&fresh_all());
    let action = &schema.actions["CreateWidget"];
    let response: Vec<(&str, &str, bool)> = action
        .response
        .iter()
        .map(|f| (f.name.as_str(), f.ty.as_str(), f.required))
        .collect();
    // RequestId is implied; response fields are never required.
    assert_eq!(
        response,
        [
            ("WidgetId", "string", false),
            ("Status", "Status", false),
            ("Owner", "Caller", false)
        ]
    );

    // Caller is reached from a request and a response: one file. Only reached
    // structures are written, each once.
    let names: Vec<&str> = schema.structures.keys().map(String::as_str).collect();
    assert_eq!(names, ["Caller", "Node", "Option"]);
    let node = &schema.structures["Node"];
    assert_eq!(
        field(&node.fields, "Children").ty,
        "list<Node>",
        "self-reference"
    );
    assert_eq!(field(&node.fields, "Kind").ty, "Kind");
    assert_eq!(
        node.enums[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect::<Vec<_>>(),
        ["LEAF", "BRANCH"]
    );
    let option = &schema.structures["Option"];
    assert!(option.fields.iter().all(|f| f.required && f.ty == "string"));
}

#[test]
fn enums_come_from_every_prose_variant() {
    let schema = reload(&fresh_all());
    let action = &schema.actions["CreateWidget"];
    let enums: Vec<(&str, Vec<&str>)> = action
        .enums
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.values.iter().map(|v| v.value.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        enums,
        [
            ("Colour", vec!["RED", "DARK_BLUE"]),
            ("Shape", vec!["SQUARE", "ROUND"]),
            ("Speed", vec!["FAST", "SLOW"]),
            ("Status", vec!["ACTIVE", "PAUSED"]),
        ]
    );
    let colour = &action.enums[0];
    assert_eq!(colour.doc, "颜色");
    assert_eq!(colour.values[1].doc, "深蓝色");
    assert_eq!(action.enums[3].values[0].doc, "在用");
}

#[test]
fn examples_are_extracted() {
    let schema = reload(&fresh_all());
    let examples = &schema.actions["CreateWidget"].examples;
    assert_eq!(examples.len(), 2);
    assert_eq!(examples[0].title, "创建红色小部件");
    assert_eq!(examples[0].doc.as_deref(), Some("Creates a red widget."));
    assert_eq!(
        examples[0].request,
        "{\n  \"Caller\": {\n    \"Id\": \"c-1\"\n  },\n  \"Name\": \"widget-1\",\n  \"Colour\": \"RED\"\n}\n"
    );
    assert!(examples[1].response.contains("InvalidParameter"));
    assert_eq!(schema.actions["DescribeTree"].examples[0].doc, None);
}

#[test]
fn output_is_deterministic_and_styled() {
    let a = fresh_all();
    let b = fresh_all();
    assert_eq!(a.files, b.files);
    let paths: Vec<&str> = a.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "actions/CreateWidget.yaml",
            "actions/DescribeTree.yaml",
            "structures/Caller.yaml",
            "structures/Node.yaml",
            "structures/Option.yaml"
        ]
    );
    for file in &a.files {
        assert!(file.changed);
        assert!(
            file.contents
                .starts_with("# yaml-language-server: $schema=../schema.json\n"),
            "{}",
            file.path
        );
    }
    assert!(a.files[0]
        .contents
        .contains("\nrequest:\n  - name: Caller\n"));
}

#[test]
fn selecting_one_action_reaches_only_its_structures() {
    let plan = run(
        &fixture("api.json"),
        None,
        Selection::Actions(vec!["DescribeTree".into()]),
        &SchemaSubset::default(),
    )
    .unwrap();
    let paths: Vec<&str> = plan.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "actions/DescribeTree.yaml",
            "structures/Caller.yaml",
            "structures/Node.yaml"
        ]
    );
    // Without examples.json no examples appear.
    assert!(reload(&plan).actions["DescribeTree"].examples.is_empty());
}

#[test]
fn reimport_keeps_every_hand_edit() {
    let existing = hand_edited();
    let plan = run(
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &existing,
    )
    .unwrap();
    let schema = reload(&plan);
    let action: &RawAction = &schema.actions["CreateWidget"];
    let old = &existing.actions["CreateWidget"];

    // Action-level hand edits.
    assert_eq!(action.summary, old.summary);
    assert_eq!(action.doc, old.doc);
    assert_eq!(action.rate_limit, Some(5));
    assert_eq!(action.errors, old.errors);
    assert_eq!(action.notes, old.notes);

    // Field docs and examples survive; shape follows upstream.
    assert_eq!(
        field(&action.request, "Caller").doc,
        "The caller (hand-tuned doc)."
    );
    assert_eq!(
        field(&action.request, "Name").example.as_deref(),
        Some("my-widget")
    );
    assert_eq!(field(&action.request, "Count").ty, "int64");
    assert!(!field(&action.request, "Tags").required);
    assert_eq!(
        field(&action.request, "Size").doc,
        "Size in bytes.",
        "new fields take upstream docs"
    );
    // Dropped upstream: kept at its place, deprecated.
    let old_param = field(&action.request, "OldParam");
    assert!(old_param.deprecated);
    assert_eq!(old_param.doc, "A parameter upstream no longer documents.");
    let order: Vec<&str> = action
        .request
        .iter()
        .take(4)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(order, ["Caller", "Name", "OldParam", "Count"]);
    // Response required flags are the YAML's business.
    assert!(field(&action.response, "WidgetId").required);

    // Hand-tuned enum names survive, with their docs; new values are added and
    // dropped values kept as deprecated.
    assert_eq!(field(&action.request, "Colour").ty, "WidgetColour");
    assert_eq!(field(&action.response, "Status").ty, "WidgetState");
    let colour = action
        .enums
        .iter()
        .find(|e| e.name == "WidgetColour")
        .unwrap();
    assert_eq!(colour.doc, "Colour of a widget.");
    let values: Vec<(&str, &str, bool)> = colour
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.doc.as_str(), v.deprecated))
        .collect();
    assert_eq!(
        values,
        [
            ("RED", "Red.", false),
            ("GREEN", "Green, added by hand.", true),
            ("DARK_BLUE", "深蓝色", false)
        ]
    );
    assert!(!action.enums.iter().any(|e| e.name == "CreateWidgetColour"));

    // Examples follow upstream: the one with the same JSON keeps its title,
    // the new one is added; the hand-written one stays, after them.
    let titles: Vec<&str> = action.examples.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Red widget", "颜色无效", "Hand-made example"]);
    assert_eq!(action.examples[0], old.examples[1]);
    assert_eq!(action.examples[2], old.examples[0]);

    // Structure hand edits.
    let caller: &RawStructure = &schema.structures["Caller"];
    assert_eq!(caller.doc, "Hand-tuned caller doc.");
    assert_eq!(caller.notes.as_deref(), Some("Maintainer note."));
    assert_eq!(
        field(&caller.fields, "Id").example.as_deref(),
        Some("custom-id")
    );
    assert!(field(&caller.fields, "Extra").deprecated);
    assert_eq!(field(&caller.fields, "Label").doc, "Display label.");
}

#[test]
fn reimport_reports_the_drift() {
    let plan = run(
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &hand_edited(),
    )
    .unwrap();
    let report = plan.report.to_string();
    let expected_lines = [
        "action CreateWidget: changed",
        "  + request parameter Size: uint64 (optional)",
        "  - request parameter OldParam: gone upstream; kept, marked deprecated",
        "  ~ request parameter Count: type string -> int64",
        "  ~ request parameter Tags: now optional",
        "  + request parameter Legacy: string (optional, deprecated)",
        "  + request parameter Options: list<Option> (optional)",
        "  + response field Owner: Caller (optional)",
        "  + enum value WidgetColour::DARK_BLUE",
        "  - enum value WidgetColour::GREEN: gone upstream; kept, marked deprecated",
        "  + enum value WidgetState::PAUSED",
        "  + enum Shape: SQUARE, ROUND",
        "  + 1 example: \"颜色无效\"",
        "action DescribeTree: new (1 request parameter, 1 response field, 0 enums, 1 example)",
        "structure Caller: changed",
        "  + field Label: string (optional)",
        "  - field Extra: gone upstream; kept, marked deprecated",
        "structure Node: new (3 fields, 1 enum)",
        "structure Option: new (2 fields, 0 enums)",
        "4 breaking changes (code using the SDK may stop compiling, or send what the service now refuses):",
        "  action CreateWidget: - request parameter OldParam: gone upstream; kept, marked deprecated",
        "  action CreateWidget: ~ request parameter Count: type string -> int64",
        "  action CreateWidget: - enum value WidgetColour::GREEN: gone upstream; kept, marked deprecated",
        "  structure Caller: - field Extra: gone upstream; kept, marked deprecated",
        "3 new, 2 changed, 0 unchanged",
    ];
    for line in expected_lines {
        assert!(
            report.lines().any(|l| l == line),
            "missing line {line:?} in report:\n{report}"
        );
    }
}

#[test]
fn reimport_of_own_output_changes_nothing() {
    let first = run(
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &hand_edited(),
    )
    .unwrap();
    let again = run(
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &reload(&first),
    )
    .unwrap();
    assert_eq!(again.changed_files().count(), 0, "{}", again.report);
    assert_eq!(again.report.counts(), (0, 0, 5));
    assert!(again
        .report
        .to_string()
        .contains("action CreateWidget: unchanged"));
}

#[test]
fn newly_deprecated_field_is_reported() {
    let existing = reload(&fresh_all());
    let api = fixture("api.json").replace(
        r#""name": "Ratio", "type": "float", "member": "float", "required": false, "disabled": false"#,
        r#""name": "Ratio", "type": "float", "member": "float", "required": false, "disabled": true"#,
    );
    let plan = run(
        &api,
        None,
        Selection::Actions(vec!["CreateWidget".into()]),
        &existing,
    )
    .unwrap();
    assert!(
        plan.report
            .to_string()
            .contains("  ~ request parameter Ratio: now deprecated\n"),
        "{}",
        plan.report
    );
    assert_eq!(plan.changed_files().count(), 1);
}

#[test]
fn new_enum_names_avoid_clashes() {
    // A structure named like the member: the enum takes owner and member.
    let mut existing = SchemaSubset::default();
    existing.structures.insert(
        "Colour".into(),
        RawStructure {
            structure: "Colour".into(),
            rust_name: None,
            doc: "d".into(),
            fields: Vec::new(),
            enums: Vec::new(),
            notes: None,
        },
    );
    let plan = run(
        &fixture("api.json"),
        None,
        Selection::Actions(vec!["CreateWidget".into()]),
        &existing,
    )
    .unwrap();
    let schema = reload(&plan);
    assert_eq!(
        field(&schema.actions["CreateWidget"].request, "Colour").ty,
        "CreateWidgetColour"
    );
}

#[test]
fn facts_only_marks_every_new_text_and_keeps_written_ones() {
    let service = service();
    let existing = hand_edited();
    let plan = plan_import(
        "",
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &service,
        &existing,
        Texts::Todo,
    )
    .unwrap();
    let schema = reload(&plan);
    let tree = &schema.actions["DescribeTree"];
    assert_eq!(tree.summary, "TODO");
    assert!(tree.request.iter().all(|f| f.doc == "TODO"));
    assert!(tree.examples.iter().all(|e| e.title == "TODO"));
    assert_eq!(schema.structures["Node"].doc, "TODO");
    // Written texts stay; only what is new needs words.
    let widget = &schema.actions["CreateWidget"];
    assert_eq!(widget.summary, existing.actions["CreateWidget"].summary);
    assert_eq!(field(&widget.request, "Size").doc, "TODO");
    assert_ne!(field(&widget.request, "Name").doc, "TODO");
    // No Chinese prose anywhere.
    let texts: String = plan.files.iter().map(|f| f.contents.as_str()).collect();
    let prose: Vec<&str> = texts
        .lines()
        .filter(|l| {
            let l = l.trim_start().trim_start_matches("- ");
            (l.starts_with("doc:") || l.starts_with("summary:") || l.starts_with("title:"))
                && l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        .collect();
    assert!(prose.is_empty(), "{prose:?}");
}

#[test]
fn an_action_gone_upstream_stays_deprecated_and_is_reported_once() {
    let mut existing = hand_edited();
    let mut gone = existing.actions["CreateWidget"].clone();
    gone.action = "RetiredWidget".into();
    gone.enums.clear();
    gone.request.retain(|f| !f.ty.starts_with("Widget"));
    existing.actions.insert("RetiredWidget".into(), gone);
    let plan = run(
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &existing,
    )
    .unwrap();
    let report = plan.report.to_string();
    assert!(
        report.contains(
            "action RetiredWidget: changed\n  - action gone upstream; kept, marked deprecated\n"
        ),
        "{report}"
    );
    assert!(
        report.contains("  action RetiredWidget: - action gone upstream"),
        "{report}"
    );
    let after = reload(&plan);
    assert!(after.actions["RetiredWidget"].deprecated);
    // A later import over the result does not report it again.
    let again = run(
        &fixture("api.json"),
        Some(&fixture("examples.json")),
        Selection::All,
        &after,
    )
    .unwrap();
    assert!(
        again
            .report
            .to_string()
            .contains("action RetiredWidget: unchanged"),
        "{}",
        again.report
    );
    // A partial import knows nothing about other actions: they are left alone.
    let partial = run(
        &fixture("api.json"),
        None,
        Selection::Actions(vec!["CreateWidget".into()]),
        &existing,
    )
    .unwrap();
    assert!(!partial.report.to_string().contains("RetiredWidget"));
}

//! Broken schemas: every problem is reported at once, with file, line,
//! column and a hint, and none of them makes the generator panic.

mod common;

use common::{source, ACTION, SERVICE};

const AGENT: &str = "structure: Agent
doc: Caller.
fields:
  - name: AppId
    type: string
    required: true
    doc: Application.
";

/// The diagnostics for the base schema with `changes` applied (a `None` text removes the file).
fn diagnostics(changes: &[(&str, Option<&str>)]) -> String {
    let mut files = vec![
        ("service.yaml", SERVICE),
        ("structures/Agent.yaml", AGENT),
        ("actions/DoThing.yaml", ACTION),
    ];
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        if let Some(text) = text {
            files.push((path, text));
        }
    }
    match codegen::generate(&source(&files)) {
        Ok(_) => String::from("(no problems)"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn base_schema_is_valid() {
    assert_eq!(diagnostics(&[]), "(no problems)");
}

macro_rules! broken {
    ($name:ident, $changes:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(diagnostics(&$changes));
        }
    };
}

broken!(
    yaml_syntax_error,
    [(
        "actions/DoThing.yaml",
        Some("action: DoThing\nsummary: \"unclosed\nrequest:\n  - name: [\n")
    )]
);
broken!(
    unknown_key,
    [(
        "structures/Agent.yaml",
        Some(&AGENT.replace("    required: true", "    requird: true"))
    )]
);
broken!(
    unknown_type_reference,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("type: Agent", "type: Agnet"))
    )]
);
broken!(
    malformed_type,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("type: string", "type: Array of String"))
    )]
);
broken!(
    duplicate_parameter,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace(
            "  - name: Mode\n    type: Mode",
            "  - name: Agent\n    type: Mode"
        ))
    )]
);
broken!(
    duplicate_enum_value,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("value: SLOW", "value: FAST"))
    )]
);
broken!(empty_enum, [("actions/DoThing.yaml", Some(&ACTION.replace("    values:\n      - value: FAST\n        doc: Quickly.\n      - value: SLOW\n        doc: Slowly.\n", "    values: []\n")))]);
broken!(
    invalid_identifiers,
    [
        (
            "structures/Agent.yaml",
            Some(&AGENT.replace("name: AppId", "name: App Id"))
        ),
        (
            "actions/DoThing.yaml",
            Some(
                &ACTION
                    .replace(
                        "  - name: Mode\n    doc: A mode.",
                        "  - name: 9Mode\n    doc: A mode."
                    )
                    .replace("type: Mode", "type: 9Mode")
            )
        ),
    ]
);
broken!(
    wire_names_collide_after_case_conversion,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace(
            "  - name: Url\n",
            "  - name: Url\n    type: string\n    doc: Same.\n  - name: URL\n"
        ))
    )]
);
broken!(
    enum_values_collide_after_case_conversion,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("value: SLOW", "value: fast"))
    )]
);
broken!(
    duplicate_type_across_files,
    [(
        "structures/Mode.yaml",
        Some("structure: Mode\ndoc: Clash.\nfields: []\n")
    )]
);
broken!(
    file_name_does_not_match,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("action: DoThing", "action: DoOtherThing"))
    )]
);
broken!(
    duplicate_error_code,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace(
            "errors:\n",
            "errors:\n  - code: FailedOperation\n    doc: Again.\n"
        ))
    )]
);
broken!(
    example_with_undeclared_parameter,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("\"Mode\": \"FAST\"}", "\"Mode\": \"FAST\", \"Moed\": 1}"))
    )]
);
broken!(
    example_missing_required_parameter,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("{\"Agent\": {\"AppId\": \"a\"}, ", "{"))
    )]
);
broken!(
    example_with_wrong_type,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("{\"AppId\": \"a\"}", "{\"AppId\": 7}"))
    )]
);
broken!(
    example_with_undeclared_response_field,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("\"Url\": \"u\"", "\"Link\": \"u\""))
    )]
);
broken!(
    example_not_json,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("\"Mode\": \"FAST\"}", "\"Mode\": FAST}"))
    )]
);
broken!(
    example_with_unknown_error_code,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace(
            "{\"Url\": \"u\", \"RequestId\": \"r\"}",
            "{\"Error\": {\"Code\": \"FailedOperaton\", \"Message\": \"m\"}, \"RequestId\": \"r\"}"
        ))
    )]
);
broken!(
    request_id_declared,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace(
            "  - name: Url\n",
            "  - name: RequestId\n    type: string\n    doc: Id.\n  - name: Url\n"
        ))
    )]
);
broken!(missing_service_file, [("service.yaml", None)]);
broken!(misplaced_file, [("DoThing.yaml", Some(ACTION))]);
broken!(empty_file, [("structures/Agent.yaml", Some("\n"))]);
broken!(
    unused_enum,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace("    type: Mode\n", "    type: string\n"))
    )]
);
broken!(
    many_problems_at_once,
    [
        (
            "structures/Agent.yaml",
            Some(&AGENT.replace("type: string", "type: strnig"))
        ),
        (
            "actions/DoThing.yaml",
            Some(
                &ACTION
                    .replace("type: Agent", "type: Agnet")
                    .replace("value: SLOW", "value: FAST")
            )
        ),
    ]
);

broken!(
    required_self_reference,
    [(
        "structures/Agent.yaml",
        Some(&format!(
            "{AGENT}  - name: Parent\n    type: Agent\n    required: true\n    doc: Loops.\n"
        ))
    )]
);
broken!(required_mutual_reference, [
    ("structures/Agent.yaml", Some(&format!("{AGENT}  - name: Team\n    type: Team\n    required: true\n    doc: Loops.\n"))),
    ("structures/Team.yaml", Some("structure: Team\ndoc: A team.\nfields:\n  - name: Lead\n    type: Agent\n    required: true\n    doc: Loops back.\n")),
]);
broken!(
    action_named_like_a_client_method,
    [(
        "actions/Builder.yaml",
        Some("action: Builder\nsummary: Clashes.\n")
    )]
);
broken!(
    response_field_becomes_request_id,
    [(
        "actions/DoThing.yaml",
        Some(&ACTION.replace(
            "  - name: Url\n",
            "  - name: Request_Id\n    type: string\n    doc: Clash.\n  - name: Url\n"
        ))
    )]
);
broken!(setter_names_collide, [("structures/Agent.yaml", Some(&format!("{AGENT}  - name: New\n    type: string\n    doc: Setter with_new.\n  - name: WithNew\n    type: string\n    doc: Also with_new.\n")))]);
broken!(error_code_variants_collide, [("actions/DoThing.yaml", Some(&ACTION.replace("errors:\n", "errors:\n  - code: Invalid.ParameterValue\n    doc: One.\n  - code: InvalidParameter.Value\n    doc: Other.\n")))]);

broken!(
    service_named_like_a_keyword,
    [(
        "service.yaml",
        Some(&SERVICE.replace("name: demo", "name: \"false\""))
    )]
);

#[test]
fn arbitrary_bytes_never_panic() {
    // A crude fuzz over mutations of a valid file: every outcome is Ok or diagnostics.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2000 {
        let mut bytes = ACTION.as_bytes().to_vec();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % bytes.len() as u64) as usize;
            bytes[at] = b" :-[]{}\"|>\nxA1#&*!"[(seed >> 32) as usize % 18];
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let files = [
            ("service.yaml", SERVICE),
            ("structures/Agent.yaml", AGENT),
            ("actions/DoThing.yaml", text.as_str()),
        ];
        let _ = codegen::generate(&source(&files));
    }
}
broken!(
    prelude_type_names,
    [
        (
            "structures/Option.yaml",
            Some("structure: Option\ndoc: A key and a value.\nfields:\n  - name: Key\n    type: string\n    doc: Key.\n")
        ),
        (
            "structures/Vec.yaml",
            Some("structure: Vec\nrust_name: Result\ndoc: A list.\nfields:\n  - name: Key\n    type: string\n    doc: Key.\n")
        ),
        (
            "actions/DoThing.yaml",
            Some(&ACTION.replace("name: Mode\n    doc: A mode.", "name: Some\n    doc: A mode.").replace("type: Mode", "type: Some").replace("    type: string\n    doc: Link.", "    type: list<Option>\n    doc: Link.").replace("\"Url\": \"u\", ", "").replace("\"Mode\": \"FAST\"", "\"Some\": \"FAST\""))
        ),
    ]
);
broken!(
    docs_still_to_write,
    [(
        "actions/DoThing.yaml",
        Some(
            &ACTION
                .replace("summary: Does a thing.", "summary: TODO")
                .replace("doc: Quickly.", "doc: 快速")
                .replace("doc: Failed.", "doc: ' TODO '")
                .replace("  - title: Works", "  - title: 正常")
        )
    )]
);
broken!(
    hosts_and_environments,
    [
        (
            "service.yaml",
            Some(&format!("{SERVICE}hosts:\n  file: f.example.com\n  upload: u.example.com\nenvironments:\n  staging:\n    endpoint: s.example.com\n    hosts:\n      file: sf.example.com\n  test:\n    endpoint: ''\n"))
        ),
        (
            "actions/DoThing.yaml",
            Some(&ACTION.replace("summary: Does a thing.", "summary: Does a thing.\nhost: fiel"))
        ),
    ]
);

/// The diagnostics for the base schema with `path` replaced by raw bytes.
fn diagnostics_of_bytes(path: &str, bytes: &[u8]) -> String {
    let mut source = source(&[
        ("service.yaml", SERVICE),
        ("structures/Agent.yaml", AGENT),
        ("actions/DoThing.yaml", ACTION),
    ]);
    source.files.retain(|f| f.path != path);
    source.add_bytes(path, bytes.to_vec());
    match codegen::generate(&source) {
        Ok(_) => String::from("(no problems)"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_file_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    // Latin-1 `é` (0xE9) on line 2, after `doc: Cüf` (a UTF-8 `ü`, two bytes):
    // column 9 counts characters, not bytes.
    let mut bytes = AGENT.as_bytes().to_vec();
    let at = AGENT.find("Caller.").unwrap();
    bytes.splice(at..at + "Caller.".len(), "Cüf\u{0}".bytes());
    let nul = bytes.iter().position(|b| *b == 0).unwrap();
    bytes[nul] = 0xE9;
    insta::assert_snapshot!(diagnostics_of_bytes("structures/Agent.yaml", &bytes));
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in ACTION.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    insta::assert_snapshot!(diagnostics_of_bytes("actions/DoThing.yaml", &bytes));
}

#[test]
fn files_that_are_not_schema_input_may_be_binary() {
    assert_eq!(
        diagnostics_of_bytes("logo.png", &[0x89, b'P', b'N', b'G', 0xFF]),
        "(no problems)"
    );
}

/// A callback file using the shared structure, an enum of its own and one of the action's.
const CALLBACK: &str = "callback: ThingDone
summary: A thing was done.
doc: Sent when the thing is done.
fields:
  - name: Caller
    type: Agent
    doc: Who did it.
  - name: Speed
    type: Speed
    doc: How fast.
  - name: Count
    type: int64
    doc: How many.
enums:
  - name: Speed
    doc: A speed.
    values:
      - value: QUICK
        doc: Quick.
examples:
  - title: Done
    message: |
      {\"MsgId\": \"m\", \"MsgType\": \"ThingDone\", \"MsgVersion\": \"ThirdPartyApp\",
       \"MsgData\": {\"Caller\": {\"AppId\": \"a\"}, \"Speed\": \"QUICK\", \"Count\": 3}}
";

#[test]
fn a_valid_callback_file_is_accepted() {
    assert_eq!(
        diagnostics(&[("callbacks/ThingDone.yaml", Some(CALLBACK))]),
        "(no problems)"
    );
}

broken!(
    callback_problems,
    [(
        "callbacks/ThingDone.yaml",
        Some(
            &CALLBACK
                .replace(
                    "type: int64\n    doc: How many.",
                    "type: int46\n    doc: How many."
                )
                .replace("    type: Agent\n", "    type: Agent\n    required: true\n")
                .replace("summary: A thing was done.", "summary: TODO")
        )
    )]
);
broken!(
    callback_example_problems,
    [(
        "callbacks/ThingDone.yaml",
        Some(&CALLBACK.replace(
            "\"MsgType\": \"ThingDone\", \"MsgVersion\": \"ThirdPartyApp\",\n       \"MsgData\": {\"Caller\": {\"AppId\": \"a\"}, \"Speed\": \"QUICK\", \"Count\": 3}}",
            "\"MsgType\": \"ThingDon\", \"MsgVersoin\": \"ThirdPartyApp\",\n       \"MsgData\": {\"Caller\": {\"AppId\": 1}, \"Speeed\": \"QUICK\", \"Count\": \"3\"}}"
        ))
    )]
);
broken!(
    callback_file_name_other_field_and_no_examples,
    [(
        "callbacks/Other.yaml",
        Some(
            "callback: Event\nsummary: s\nfields:\n  - name: Other\n    type: string\n    doc: d\n  - name: Thing\n    type: ThingDone\n    doc: d\n"
        )
    ), ("callbacks/ThingDone.yaml", Some(CALLBACK))]
);
broken!(
    callback_enum_unused_and_message_not_json,
    [(
        "callbacks/ThingDone.yaml",
        Some(
            &CALLBACK
                .replace("    type: Speed\n", "    type: string\n")
                .replace("\"Count\": 3}}", "\"Count\": 3}")
        )
    )]
);

/// `DoThing` as a listing: `Offset`/`Limit` in, `Items`/`Total` out, with `block`
/// as its `pagination`.
fn paged_action(block: &str) -> String {
    ACTION
        .replace(
            "response:\n",
            "  - name: Offset\n    type: int64\n    doc: First item.\n  - name: Limit\n    type: uint64\n    doc: Page size.\n  - name: Deprecated\n    type: int64\n    deprecated: true\n    doc: Old.\nresponse:\n",
        )
        .replace(
            "enums:\n",
            &format!("  - name: Items\n    type: list<string>\n    doc: This page.\n  - name: Total\n    type: int64\n    doc: All items.\n  - name: Note\n    type: string\n    doc: A note.\npagination:\n{block}enums:\n"),
        )
}

#[test]
fn a_sound_pagination_block_is_accepted() {
    let action = paged_action("  offset: Offset\n  limit: Limit\n  items: Items\n  total: Total\n");
    assert_eq!(
        diagnostics(&[("actions/DoThing.yaml", Some(&action))]),
        "(no problems)"
    );
}

broken!(
    pagination_names_missing_members,
    [(
        "actions/DoThing.yaml",
        Some(&paged_action(
            "  offset: Ofset\n  limit: Limit\n  items: Itemz\n  total: Count\n"
        ))
    )]
);
broken!(
    pagination_members_of_the_wrong_kind,
    [(
        "actions/DoThing.yaml",
        Some(&paged_action(
            "  offset: Mode\n  limit: Deprecated\n  items: Total\n  total: Note\n"
        ))
    ),]
);
broken!(
    pagination_with_an_unknown_offset_unit,
    [(
        "actions/DoThing.yaml",
        Some(&paged_action(
            "  offset: Offset\n  limit: Limit\n  items: Items\n  total: Total\n  offset_unit: pages\n"
        ))
    )]
);
broken!(
    pagination_with_the_same_offset_and_limit_and_a_taken_method,
    [
        (
            "actions/DoThing.yaml",
            Some(&paged_action(
                "  offset: Offset\n  limit: Offset\n  items: Items\n  total: Total\n  doc: ' '\n"
            ))
        ),
        (
            "actions/DoThingPages.yaml",
            Some("action: DoThingPages\nsummary: s\nrequest: []\nresponse: []\n")
        ),
    ]
);

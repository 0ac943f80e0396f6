//! Snapshots of the emitted code: one per generated source file of the
//! repository's schema (split per item where a file is long), and one per
//! edge-case fixture under `tests/fixtures/`.
//!
//! A change to a schema file shows up here as a small snapshot diff of
//! exactly the files it changes; review it with `cargo insta review`.

mod common;

use codegen::emit::OutputFile;
use codegen::load::SourceFile;

fn generate_repo() -> Vec<OutputFile> {
    let source = codegen::sync::read_schema_dir(&common::repo_root().join("schema")).unwrap();
    codegen::generate(&source).unwrap_or_else(|e| panic!("{e}"))
}

/// Files longer than this are snapshotted per type (the type with its
/// impls), and types longer than this item by item.
const LONG_LINES: usize = 600;

/// `(snapshot name, text)` for each generated source file, or for each type
/// or item of a long one.
fn snapshots(files: &[OutputFile]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.path.starts_with("src/")) {
        let base = f.path.trim_end_matches(".rs").replace('/', "__");
        if f.contents.lines().count() <= LONG_LINES {
            out.push((base, f.contents.clone()));
            continue;
        }
        // Items grouped by the type they define or implement, in file order.
        let mut groups: Vec<(String, Vec<syn::Item>)> = Vec::new();
        for item in syn::parse_file(&f.contents).unwrap().items {
            let key = subject(&item);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, items)) => items.push(item),
                None => groups.push((key, vec![item])),
            }
        }
        for (key, items) in groups {
            let (text, items) = unparse(items);
            if text.lines().count() <= LONG_LINES {
                out.push((format!("{base}__{key}"), text));
                continue;
            }
            for (i, item) in items.into_iter().enumerate() {
                out.push((format!("{base}__{key}_{i}"), unparse(vec![item]).0));
            }
        }
    }
    out
}

/// The items formatted as a file, and the items back.
fn unparse(items: Vec<syn::Item>) -> (String, Vec<syn::Item>) {
    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    };
    (prettyplease::unparse(&file), file.items)
}

/// The type an item defines or implements, else the item's own name.
fn subject(item: &syn::Item) -> String {
    use quote::ToTokens;
    match item {
        syn::Item::Struct(i) => i.ident.to_string(),
        syn::Item::Enum(i) => i.ident.to_string(),
        syn::Item::Impl(i) => i
            .self_ty
            .to_token_stream()
            .to_string()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        syn::Item::Fn(i) => i.sig.ident.to_string(),
        syn::Item::Static(i) => i.ident.to_string(),
        syn::Item::Const(i) => i.ident.to_string(),
        syn::Item::Mod(i) => i.ident.to_string(),
        _ => String::from("items"),
    }
}

#[test]
fn generated_source_files() {
    let files = generate_repo();
    let snapshots = snapshots(&files);
    assert!(
        snapshots.len() > 200,
        "one snapshot per action and structure file at least"
    );
    for (name, text) in snapshots {
        assert!(
            text.lines().count() < 1500,
            "snapshot {name} is too long to review"
        );
        insta::with_settings!({
            snapshot_path => "snapshots/generated",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, text);
        });
    }
}

#[test]
fn generating_twice_gives_identical_output() {
    assert_eq!(generate_repo(), generate_repo());
}

/// The generated files of a fixture that differ from one fixture to the next.
fn fixture(name: &str) -> String {
    let dir = common::repo_root()
        .join("codegen/tests/fixtures")
        .join(name);
    let mut source = codegen::sync::read_schema_dir(&dir).unwrap();
    source.files.push(SourceFile {
        path: "service.yaml".into(),
        text: common::SERVICE.into(),
    });
    let files = codegen::generate(&source).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    files
        .iter()
        .filter(|f| {
            f.path.starts_with("src/actions/")
                || f.path.starts_with("src/structures/")
                || f.path.starts_with("src/callbacks/")
                || f.path == "tests/examples.rs"
        })
        .filter(|f| !f.path.ends_with("mod.rs"))
        .map(|f| format!("==> {}\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! fixture_snapshot {
    ($name:ident) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(fixture(stringify!($name)));
        }
    };
}

fixture_snapshot!(keywords);
fixture_snapshot!(prelude_names);
fixture_snapshot!(recursive);
fixture_snapshot!(deprecated);
fixture_snapshot!(scalar_types);
fixture_snapshot!(output_structures);
fixture_snapshot!(renames);
fixture_snapshot!(callbacks);
fixture_snapshot!(paging);

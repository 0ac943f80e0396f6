//! The repository's own schema is valid.
use codegen::load::{SchemaSource, SourceFile};

fn read_dir(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<SourceFile>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_dir(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push(SourceFile { path: rel, text: std::fs::read_to_string(&path).unwrap() });
        }
    }
}

#[test]
fn repo_schema_is_valid() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut files = Vec::new();
    read_dir(&root, &root, &mut files);
    match codegen::check(&SchemaSource { files }) {
        Ok(s) => { println!("{:#?}", s.structures.iter().map(|s| (&s.name, s.usage)).collect::<Vec<_>>()); }
        Err(d) => panic!("{d}"),
    }
}

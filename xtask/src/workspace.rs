//! Finding the workspace a command works on, when it runs.
//!
//! The path is never fixed at compile time: with a shared `CARGO_TARGET_DIR`,
//! one binary serves several clones, and each run must touch its own.

use std::path::{Path, PathBuf};

/// The root of the workspace to work on: the one `cargo run` was started in
/// (it sets `CARGO_MANIFEST_DIR` to xtask's folder there), else the nearest
/// folder at or above the current one whose `Cargo.toml` has `[workspace]`.
pub fn root() -> Result<PathBuf, String> {
    if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        if let Some(root) = enclosing_workspace(Path::new(&manifest_dir)) {
            return Ok(root);
        }
    }
    let current =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    enclosing_workspace(&current).ok_or_else(|| {
        format!(
            "no Cargo.toml with [workspace] in {} or above; run this from the repository",
            current.display()
        )
    })
}

/// Shows `path` relative to `root` when it lies inside it, else as it is.
pub fn display(root: &Path, path: &Path) -> String {
    let absolute = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    match absolute.strip_prefix(root) {
        Ok(relative) => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

fn enclosing_workspace(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
        })
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_workspace_above_a_member() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(enclosing_workspace(here).as_deref(), here.parent());
        assert_eq!(
            enclosing_workspace(&here.join("src")).as_deref(),
            here.parent()
        );
    }

    #[test]
    fn shows_paths_inside_the_root_relative_to_it() {
        let root = Path::new("/repo");
        assert_eq!(display(root, Path::new("/repo/schema")), "schema");
        assert_eq!(display(root, Path::new("/elsewhere/s")), "/elsewhere/s");
    }
}

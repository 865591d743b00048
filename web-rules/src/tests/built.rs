//! The committed build in http/web/rules/ is what these sources build: the digest
//! `sources-digest` recorded when `scripts/build-web-rules` ran, computed again here.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn files_under(root: &Path, folder: &Path, found: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(folder))? {
        let path = folder.join(entry?.file_name());
        if path.components().any(|c| c.as_os_str() == "target") {
            continue;
        }
        if root.join(&path).is_dir() {
            files_under(root, &path, found)?;
        } else {
            found.push(path.to_string_lossy().into_owned());
        }
    }
    Ok(())
}

/// What `web-rules/sources-digest` prints: the SHA-256 of `sha256sum`'s lines for every source.
fn sources_digest(root: &Path) -> std::io::Result<String> {
    let mut paths = vec!["Cargo.toml".to_owned(), "Cargo.lock".to_owned()];
    files_under(root, Path::new("domain"), &mut paths)?;
    files_under(root, Path::new("web-rules"), &mut paths)?;
    paths.sort();
    let mut listing = String::new();
    for path in paths {
        let digest = Sha256::digest(std::fs::read(root.join(&path))?);
        listing.extend([hex::encode(digest).as_str(), "  ", path.as_str(), "\n"]);
    }
    Ok(hex::encode(Sha256::digest(listing.as_bytes())))
}

#[test]
fn the_committed_rules_are_built_from_these_sources() -> std::io::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let recorded = std::fs::read_to_string(root.join("http/web/rules/sources.sha256"))?;
    assert_eq!(
        recorded.trim(),
        sources_digest(&root)?,
        "domain/, web-rules/ or Cargo.lock changed since http/web/rules/ was built: run scripts/build-web-rules and commit it"
    );
    Ok(())
}

//! Build script: the version string `aiperture --version` prints. Built from a git checkout,
//! it names the commit (and `-dirty` for uncommitted changes): `0.1.0 (git 1a2b3c4)`. Elsewhere
//! (a crates.io package, no git) it is the crate version alone. Nothing else is generated.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let long = match git(&["rev-parse", "--short=7", "HEAD"]) {
        Some(hash) if !hash.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            format!("{version} (git {hash}{})", if dirty { "-dirty" } else { "" })
        }
        _ => version,
    };
    println!("cargo:rustc-env=AIPERTURE_VERSION_LONG={long}");
    // Rebuild when the checked-out commit moves.
    for path in [".git/HEAD", ".git/index"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}

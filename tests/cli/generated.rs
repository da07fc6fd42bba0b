//! `completions/` and `man/` are generated from the CLI and committed; these tests fail when
//! either is out of date. Regenerate with `AIPERTURE_BLESS=1 cargo test --test cli generated`.

use std::path::Path;

use crate::common::TestEnv;

fn bless() -> bool {
    std::env::var_os("AIPERTURE_BLESS").is_some_and(|v| v == "1")
}

fn compare(path: &Path, fresh: &[u8], stale: &mut Vec<String>) {
    if bless() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(path, fresh).expect("write");
    } else if std::fs::read(path).ok().as_deref() != Some(fresh) {
        stale.push(path.display().to_string());
    }
}

#[test]
fn generated_completions_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let t = TestEnv::new();
    let mut stale = Vec::new();
    for (shell, file) in [
        ("bash", "aiperture.bash"),
        ("zsh", "_aiperture"),
        ("fish", "aiperture.fish"),
        ("elvish", "aiperture.elv"),
        ("powershell", "_aiperture.ps1"),
    ] {
        let r = t.run(&["completions", shell]);
        r.code(0);
        compare(&root.join(file), r.stdout.as_bytes(), &mut stale);
    }
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `AIPERTURE_BLESS=1 cargo test --test cli generated`"
    );
}

#[test]
fn generated_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let pages = aiperture::cli::man::pages();
    let mut stale = Vec::new();
    for (name, bytes) in &pages {
        compare(&root.join(name), bytes, &mut stale);
    }
    for e in std::fs::read_dir(&root).expect("man/") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        if !pages.iter().any(|(n, _)| *n == name) {
            stale.push(format!("man/{name} (no longer generated)"));
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `AIPERTURE_BLESS=1 cargo test --test cli generated`"
    );
    let main = String::from_utf8_lossy(&pages[0].1);
    for section in ["EXIT STATUS", "FILES", "ENVIRONMENT", "EXAMPLES"] {
        assert!(main.contains(section), "aiperture.1 lacks {section}");
    }
    for sub in [
        "check",
        "approve",
        "deny",
        "pending",
        "patterns",
        "verify-chain",
        "config-set",
        "policy-trust",
        "grant",
        "init",
        "where",
        "reindex",
        "completions",
    ] {
        assert!(pages.iter().any(|(n, _)| *n == format!("aiperture-{sub}.1")), "no page for {sub}");
    }
}

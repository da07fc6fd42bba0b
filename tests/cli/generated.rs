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
        "review",
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

/// Every test SECURITY.md cites as evidence exists (a renamed or deleted test would leave a
/// guarantee unproven).
#[test]
fn security_md_cites_only_existing_tests() {
    let root = env!("CARGO_MANIFEST_DIR");
    let doc = std::fs::read_to_string(format!("{root}/SECURITY.md")).expect("SECURITY.md");
    let mut sources = String::new();
    for dir in ["src", "tests"] {
        for entry in walkdir::WalkDir::new(format!("{root}/{dir}")).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "rs") {
                sources.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
    }
    let cited: Vec<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            w.contains('_')
                && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .filter(|w| w.matches('_').count() >= 3)
        .collect();
    assert!(cited.len() > 40, "too few citations found: {cited:?}");
    let missing: Vec<&&str> =
        cited.iter().filter(|name| !sources.contains(&format!("fn {name}("))).collect();
    assert!(missing.is_empty(), "SECURITY.md cites tests that do not exist: {missing:?}");
}

/// The configuration reference in README.md, rendered from `src/config/defaults.toml` (the
/// schema: every key with its default and its comment).
fn config_reference() -> String {
    let text = include_str!("../../src/config/defaults.toml");
    let mut out = String::new();
    let mut comments: Vec<String> = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let l = line.trim();
        if let Some(name) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = name.to_string();
            out.push_str(&format!(
                "\n**`[{section}]`**\n\n| key | default | meaning |\n|---|---|---|\n"
            ));
            comments.clear();
        } else if let Some(c) = l.strip_prefix('#') {
            comments.push(c.trim().to_string());
        } else if let Some((key, value)) = l.split_once(" = ") {
            let mut value = value.to_string();
            // Arrays may span lines.
            while value.matches('[').count() > value.matches(']').count() {
                match lines.next() {
                    Some(more) => {
                        value.push(' ');
                        value.push_str(more.trim());
                    }
                    None => break,
                }
            }
            let meaning = comments.join(" ").replace('|', "\\|");
            out.push_str(&format!(
                "| `{section}.{key}` | `{}` | {meaning} |\n",
                value.replace('|', "\\|")
            ));
            comments.clear();
        } else if l.is_empty() && section.is_empty() {
            comments.clear();
        }
    }
    out
}

#[test]
fn readme_config_reference_is_up_to_date() {
    const START: &str =
        "<!-- config-reference:start (generated from src/config/defaults.toml) -->\n";
    const END: &str = "<!-- config-reference:end -->";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the config-reference markers");
    };
    let fresh = format!("{}{START}{}\n{}", &readme[..a], config_reference(), &readme[b..]);
    let mut stale = Vec::new();
    compare(&path, fresh.as_bytes(), &mut stale);
    assert!(
        stale.is_empty(),
        "the configuration reference in README.md is out of date; run \
         `AIPERTURE_BLESS=1 cargo test --test cli generated`"
    );
    // Every key of the schema is in it.
    for key in aiperture::config::schema().expect("schema").keys() {
        assert!(fresh.contains(&format!("`{key}`")), "{key} missing from the reference");
    }
}

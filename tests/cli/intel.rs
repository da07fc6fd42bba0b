//! `aiperture intel`: exports leak nothing beyond command and subcommand, tampered exports are
//! refused, pooling counts each organisation once, and the signal is advisory.

use serde_json::Value;

use crate::common::{TestEnv, at};

/// One human decision on `tool action scope` (allow or deny).
fn decide(t: &mut TestEnv, store: &str, tool: &str, action: &str, scope: &str, allow: bool) {
    let v = t.check_json(tool, action, scope, &["--store", store]);
    let id = TestEnv::challenge(&v);
    t.run(&["--store", store, if allow { "approve" } else { "deny" }, &id, "--yes"]).code(0);
    t.now = at(&t.now, 120);
}

fn init(t: &TestEnv, name: &str) -> String {
    let dir = t.cwd.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let dir = dir.display().to_string();
    t.run(&["init", &dir]).code(0);
    dir
}

#[test]
fn exports_carry_no_names_paths_hosts_or_arguments() {
    let mut t = TestEnv::new();
    let s = init(&t, "org");
    for (tool, action, scope) in [
        ("shell", "execute", "git push origin feature/acme-secret"),
        ("shell", "execute", "cat /etc/passwd"),
        ("shell", "execute", "curl https://internal.acme.corp/x?token=abc"),
        ("shell", "execute", "./scripts/deploy-acme.sh --prod"),
        ("shell", "execute", "acme-release v2"),
        ("filesystem", "write", "src/acme/secret_plan.rs"),
        ("web", "fetch", "https://internal.acme.corp/api"),
        ("mcp", "acme.internal_tool", "ticket-4711"),
    ] {
        decide(&mut t, &s, tool, action, scope, true);
    }
    let r = t.run(&["--store", &s, "intel", "export"]);
    r.code(0);
    let text = r.stdout;
    for secret in [
        "acme",
        "passwd",
        "/etc",
        "origin",
        "feature",
        "internal",
        "token",
        "https",
        "secret_plan",
        "deploy",
        "scripts",
        "prod",
        "ticket",
        "4711",
        ".rs",
        "v2",
    ] {
        assert!(!text.contains(secret), "the export leaks {secret:?}: {text}");
    }
    let v: Value = serde_json::from_str(&text).expect("export JSON");
    assert_eq!(v["format"], "aiperture.intel.v1");
    let patterns: Vec<String> = v["payload"]["reports"]
        .as_array()
        .map(|a| {
            a.iter().map(|r| format!("{} {} {}", r["tool"], r["action"], r["pattern"])).collect()
        })
        .unwrap_or_default();
    assert_eq!(
        patterns,
        [
            "\"filesystem\" \"write\" \"*\"",
            "\"shell\" \"execute\" \"cat\"",
            "\"shell\" \"execute\" \"curl\"",
            "\"shell\" \"execute\" \"git push\"",
            "\"web\" \"fetch\" \"*\"",
        ]
    );
    let p = &v["payload"]["privacy"];
    assert_eq!(p["mechanism"], "randomized_response");
    assert_eq!(p["epsilon"], 1.0);
    assert_eq!(p["patterns"], 5);
    assert_eq!(p["total_epsilon"], 5.0);
    // The key stays private to the store, and the agent cannot reach it or the command.
    let key = std::path::Path::new(&s).join(".aiperture/intel.key");
    assert_eq!(std::fs::metadata(&key).map_or(0, |m| m.len()), 32);
    for cmd in ["cat .aiperture/intel.key", "aiperture intel export --out /tmp/x"] {
        let v = t.check_json("shell", "execute", cmd, &["--store", &s]);
        assert_eq!(v["decided_by"], "self_protection", "{cmd}: {v}");
    }
}

#[test]
fn tampered_or_foreign_files_are_refused_and_nothing_is_kept() {
    let mut t = TestEnv::new();
    let a = init(&t, "a");
    let b = init(&t, "b");
    decide(&mut t, &a, "shell", "execute", "git status", true);
    let good = t.cwd.join("good.json");
    t.run(&["--store", &a, "intel", "export", "--out", &good.display().to_string()]).code(0);
    let text = std::fs::read_to_string(&good).expect("export");
    // Change one byte inside the payload (a digit of the creation time).
    let pos = text.find("\"created\":\"").expect("created") + "\"created\":\"".len() + 3;
    let mut bytes = text.clone().into_bytes();
    bytes[pos] = if bytes[pos] == b'1' { b'2' } else { b'1' };
    let bad = t.cwd.join("bad.json");
    std::fs::write(&bad, &bytes).expect("write");
    std::fs::write(t.cwd.join("junk.json"), "{\"format\": 1}").expect("write");
    let r = t.run(&[
        "--store",
        &b,
        "intel",
        "import",
        &bad.display().to_string(),
        &t.cwd.join("junk.json").display().to_string(),
    ]);
    r.code(1);
    assert!(r.stdout.contains("refused") && r.stdout.contains("signature"), "{r}");
    let store_b = std::path::Path::new(&b).join(".aiperture");
    if store_b.join("journal").exists() {
        assert!(
            t.events(&store_b).iter().all(|e| e["kind"] != "intel"),
            "a refused export was kept"
        );
    }
    let r = t.run(&["--store", &b, "intel", "import", &good.display().to_string(), "--json"]);
    r.code(0);
    assert_eq!(r.json()["results"][0]["reports"], 1);
    // Only the good file was kept.
    let kept = t.events(&store_b).into_iter().filter(|e| e["kind"] == "intel").count();
    assert_eq!(kept, 1);
}

#[test]
fn pooled_signal_counts_each_org_once_shows_at_min_orgs_and_never_decides() {
    let mut t = TestEnv::new();
    let me = init(&t, "me");
    let mut files = Vec::new();
    for i in 0..6 {
        let org = init(&t, &format!("org{i}"));
        decide(&mut t, &org, "shell", "execute", "git status", true);
        let f = t.cwd.join(format!("org{i}.json"));
        // ε = 10: each bit is reported truthfully with probability 0.99995.
        t.run(&[
            "--store",
            &org,
            "intel",
            "export",
            "--epsilon",
            "10",
            "--out",
            &f.display().to_string(),
        ])
        .code(0);
        files.push(f.display().to_string());
        // A second export of the same organisation counts once.
        if i == 0 {
            let again = t.cwd.join("org0-again.json");
            t.now = at(&t.now, 60);
            t.run(&[
                "--store",
                &org,
                "intel",
                "export",
                "--epsilon",
                "10",
                "--out",
                &again.display().to_string(),
            ])
            .code(0);
            files.push(again.display().to_string());
        }
    }
    let mut args = vec!["--store", me.as_str(), "intel", "import"];
    args.extend(files.iter().map(String::as_str));
    t.run(&args).code(0);

    let r = t.run(&["--store", &me, "intel", "show", "--json"]);
    let s = &r.json()["signals"][0];
    assert_eq!(s["pattern"], "git status");
    assert_eq!(s["orgs"], 6, "{r}");
    assert_eq!(s["shown"], true);
    assert!(s["rate"].as_f64().is_some_and(|x| x > 0.9), "{r}");

    // Off by default: nothing shown in checks.
    let v = t.check_json("shell", "execute", "git status --short", &["--store", &me, "--explain"]);
    assert!(v.get("shared").is_none(), "{v}");
    // Enabled: shown, advisory only (the check still asks; the risk is unchanged).
    t.run(&["--store", &me, "config", "set", "intel.enabled", "true"]).code(0);
    let v = t.check_json("shell", "execute", "git status --short", &["--store", &me, "--explain"]);
    assert_eq!(v["shared"]["pattern"], "git status", "{v}");
    assert_eq!(v["shared"]["orgs"], 6);
    assert_eq!(v["decision"], "ask");
    assert_eq!(v["risk"]["tier"], "low");
    let r = t.run(&["--store", &me, "check", "shell", "execute", "git status -s", "--explain"]);
    assert!(r.stdout.contains("shared: `git status`: ") && r.stdout.contains("6 orgs"), "{r}");
    let r = t.run(&["--store", &me, "explain", "shell", "execute", "git status"]);
    assert!(r.stdout.contains("6 orgs; advisory"), "{r}");
    decide(&mut t, &me, "shell", "execute", "git status", true);
    let r = t.run(&["--store", &me, "patterns", "--json"]);
    assert_eq!(r.json()["patterns"][0]["shared"]["orgs"], 6, "{r}");

    // Below intel.min_orgs the signal is not shown.
    t.run(&["--store", &me, "config", "set", "intel.min_orgs", "7"]).code(0);
    let v = t.check_json("shell", "execute", "git status --short", &["--store", &me, "--explain"]);
    assert!(v.get("shared").is_none(), "{v}");
    // And it survives a rebuild of the index (it is journaled).
    t.run(&["--store", &me, "config", "set", "intel.min_orgs", "5"]).code(0);
    t.run(&["--store", &me, "reindex"]).code(0);
    let r = t.run(&["--store", &me, "intel", "show", "--json"]);
    assert_eq!(r.json()["signals"][0]["orgs"], 6, "{r}");
}

/// `--out NAME` with a bare file name writes into the current folder and succeeds, and the
/// export is dated to the day only.
#[test]
fn an_export_to_a_bare_file_name_succeeds_and_carries_the_day_only() {
    let mut t = TestEnv::new();
    let s = init(&t, "org");
    decide(&mut t, &s, "shell", "execute", "git status", true);
    t.run(&["--store", &s, "intel", "export", "--out", "acme.json"]).code(0);
    let text = std::fs::read_to_string(t.cwd.join("acme.json")).expect("written in the cwd");
    let v: Value = serde_json::from_str(&text).expect("json");
    let created = v["payload"]["created"].as_str().unwrap_or_default().to_string();
    assert!(created.ends_with("T00:00:00.000000Z"), "{created}");
    assert!(created.starts_with(&t.now[..10]), "{created} vs {}", t.now);
}

/// An "approve" report, as another organisation's export would carry it.
fn approving(tool: &str, action: &str, pattern: &str) -> aiperture::intel::document::Report {
    aiperture::intel::document::Report {
        tool: tool.into(),
        action: action.into(),
        pattern: pattern.into(),
        approve: true,
    }
}

/// `intel show --json` of `store`: the whole answer and the pooled patterns in it.
fn pooled(t: &TestEnv, store: &str) -> (Value, Vec<String>) {
    let v: Value =
        serde_json::from_str(&t.run(&["--store", store, "--json", "intel", "show"]).stdout)
            .expect("json");
    let patterns = v["signals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["pattern"].as_str().map(String::from))
        .collect();
    (v, patterns)
}

/// A signed export from another organisation is pooled only for patterns this version would
/// export itself, and what the import prints about it never reaches the terminal raw.
#[test]
fn foreign_patterns_outside_the_rules_are_not_pooled_and_nothing_prints_raw() {
    let t = TestEnv::new();
    let s = init(&t, "org");
    let (key, _) = aiperture::intel::document::Key::generate().expect("key");
    let text = key
        .export(
            vec![
                approving("shell", "execute", "git push"),
                approving("shell", "execute", "\u{1b}[2J\u{1b}[31mgit push"),
                approving("shell", "execute", "git push origin main"),
                approving("shell", "execute", "git\u{202e}hsup"),
                approving("mcp", "acme.internal_tool", "*"),
            ],
            1.0,
            "2026-11-26T00:00:00.000000Z",
        )
        .expect("export");
    let file = "evil-\u{1b}[2J.json";
    std::fs::write(t.cwd.join(file), text).expect("write");
    let r = t.run(&["--store", &s, "intel", "import", file]);
    r.code(0);
    assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
    assert!(
        r.stdout.contains("1 reports") && r.stdout.contains("4 more not pooled"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("evil-\\u{1b}[2J.json"), "{}", r.stdout);
    assert_eq!(pooled(&t, &s).1, ["git push"]);
    let shown = t.run(&["--store", &s, "intel", "show"]);
    assert!(!shown.stdout.contains('\u{1b}') && !shown.stdout.contains('\u{202e}'));
}

/// An organisation's newest export replaces its older ones completely: a pattern it left out
/// no longer counts its older bit, whichever order the files are imported in.
#[test]
fn the_newest_export_of_an_organisation_replaces_its_older_ones_completely() {
    let t = TestEnv::new();
    let (key, _) = aiperture::intel::document::Key::generate().expect("key");
    let report = |pattern: &str| approving("shell", "execute", pattern);
    let old = key
        .export(vec![report("git push"), report("cargo test")], 1.0, "2026-11-20T00:00:00.000000Z")
        .expect("export");
    let new =
        key.export(vec![report("git push")], 1.0, "2026-11-26T00:00:00.000000Z").expect("export");
    std::fs::write(t.cwd.join("old.json"), old).expect("write");
    std::fs::write(t.cwd.join("new.json"), new).expect("write");
    for (name, order) in
        [("in-order", ["old.json", "new.json"]), ("reversed", ["new.json", "old.json"])]
    {
        let s = init(&t, name);
        for f in order {
            t.run(&["--store", &s, "intel", "import", f]).code(0);
        }
        let (v, patterns) = pooled(&t, &s);
        assert_eq!(patterns, ["git push"], "{name}: {v}");
        // The index is derived: a rebuild from the journal agrees.
        t.run(&["--store", &s, "reindex"]).code(0);
        assert_eq!(pooled(&t, &s).0["signals"], v["signals"], "{name}");
    }
}

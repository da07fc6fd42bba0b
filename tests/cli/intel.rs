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
        ("shell", "execute", "acme-release v7x"),
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
        "v7x",
    ] {
        assert!(!text.contains(secret), "the export leaks {secret:?}: {text}");
    }
    let v: Value = serde_json::from_str(&text).expect("export JSON");
    assert_eq!(v["format"], "aiperture.intel.v2");
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
    assert_eq!(p["mechanism"], "permanent_randomized_response");
    assert_eq!(p["epsilon"], 1.0);
    assert_eq!(p["patterns"], 5);
    assert_eq!(p["total_epsilon"], 5.0);
    assert_eq!(p["lifetime_cap"], 100.0);
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
    let r = t.run(&args);
    r.code(0);
    assert!(r.stdout.contains("not in the pool, so it does not count"), "{r}");

    // Nobody is in the pool yet: every report is kept and ignored.
    let r = t.run(&["--store", &me, "intel", "show", "--json"]);
    let s = &r.json()["signals"][0];
    assert_eq!(s["pattern"], "git status");
    assert_eq!(s["ignored"], 6, "{r}");
    assert!(s.get("orgs").is_none() && s["shown"] == false, "{r}");
    let r = t.run(&["--store", &me, "intel", "show"]);
    assert!(r.stdout.contains("no member") && r.stdout.contains("the pool is empty"), "{r}");
    // Trusting five by their files (org0's two name one organisation): the sixth is ignored.
    let mut args = vec!["--store", me.as_str(), "intel", "trust"];
    args.extend(files[..6].iter().map(String::as_str));
    t.run(&args).code(0);
    let r = t.run(&["--store", &me, "intel", "show", "--json"]);
    let s = &r.json()["signals"][0];
    assert_eq!((s["orgs"].as_u64(), s["ignored"].as_u64()), (Some(5), Some(1)), "{r}");
    // And the sixth by its id, as `intel show` and every export name it.
    let last = std::fs::read_to_string(&files[6]).expect("export");
    let last: Value = serde_json::from_str(&last).expect("json");
    let id = last["payload"]["org"].as_str().expect("org").to_string();
    t.run(&["--store", &me, "intel", "trust", &id.to_uppercase()]).code(0);
    let r = t.run(&["--store", &me, "config", "get", "intel.pool", "--json"]);
    assert_eq!(r.json()["value"].as_array().map(Vec::len), Some(6), "{r}");

    let r = t.run(&["--store", &me, "intel", "show", "--json"]);
    let s = &r.json()["signals"][0];
    assert_eq!(s["ignored"], 0, "{r}");
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
            100.0,
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
        .export(
            vec![report("git push"), report("cargo test")],
            1.0,
            100.0,
            "2026-11-20T00:00:00.000000Z",
        )
        .expect("export");
    let new = key
        .export(vec![report("git push")], 1.0, 100.0, "2026-11-26T00:00:00.000000Z")
        .expect("export");
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

/// The reports of an export, as `pattern → bit`.
fn bits(text: &str) -> std::collections::BTreeMap<String, bool> {
    let v: Value = serde_json::from_str(text).expect("export JSON");
    v["payload"]["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let key = format!("{} {} {}", r["tool"], r["action"], r["pattern"]);
            (key, r["approve"].as_bool().expect("bit"))
        })
        .collect()
}

/// The `intel_export` events of a store.
fn ledger_events(t: &TestEnv, store: &str) -> Vec<Value> {
    let dir = std::path::Path::new(store).join(".aiperture");
    t.events(&dir).into_iter().filter(|e| e["kind"] == "intel_export").collect()
}

const SIX: [(&str, &str, &str); 6] = [
    ("shell", "execute", "git status"),
    ("shell", "execute", "git log -5"),
    ("shell", "execute", "cargo test"),
    ("shell", "execute", "ls -la"),
    ("filesystem", "write", "src/main.rs"),
    ("web", "fetch", "https://example.com"),
];

/// Permanent randomized response: however often a store exports, each answer is drawn once
/// and every export repeats it, so a majority vote over many exports learns nothing more than
/// one export; the draws are the journaled ledger. A changed answer or another ε draws again
/// and spends again.
#[test]
fn repeated_exports_repeat_every_answer_and_spend_it_once() {
    let mut t = TestEnv::new();
    let s = init(&t, "org");
    for (tool, action, scope) in SIX {
        decide(&mut t, &s, tool, action, scope, true);
    }
    let mut first = None;
    for i in 0..25 {
        let r = t.run(&["--store", &s, "intel", "export"]);
        r.code(0);
        let b = bits(&r.stdout);
        assert_eq!(b.len(), 6, "{r}");
        // With fresh coins, 24 more exports of 6 answers at p ≈ 0.73 would all agree with the
        // first with probability below 10⁻⁵⁰.
        match &first {
            None => first = Some(b),
            Some(f) => assert_eq!(&b, f, "export {i} drew again"),
        }
        if i == 0 {
            assert!(r.stderr.contains("6 answers randomized now"), "{r}");
        } else {
            assert!(r.stderr.contains("0 answers randomized now"), "{r}");
        }
    }
    let events = ledger_events(&t, &s);
    assert_eq!(events.len(), 25);
    assert_eq!(events[0]["drawn"].as_array().map(Vec::len), Some(6));
    assert!(events[1..].iter().all(|e| e["drawn"] == serde_json::json!([]) && e["spent"] == 0.0));
    assert!(events.iter().all(|e| e["lifetime"] == 6.0 && e["cap"] == 100.0));
    let (v, _) = pooled(&t, &s);
    assert_eq!(v["ledger"], serde_json::json!({"draws": 6, "spent": 6.0, "cap": 100.0}), "{v}");

    // The answer on `git status` changes (denials now outnumber the approval): that one answer
    // is drawn again, journaled with the new truth, and spends ε once more.
    decide(&mut t, &s, "shell", "execute", "git status -s", false);
    decide(&mut t, &s, "shell", "execute", "git status --short", false);
    t.run(&["--store", &s, "intel", "export"]).code(0);
    let events = ledger_events(&t, &s);
    let last = &events[25];
    assert_eq!(last["drawn"].as_array().map(Vec::len), Some(1), "{last}");
    assert_eq!(last["drawn"][0]["pattern"], "git status");
    assert_eq!(last["drawn"][0]["truth"], false);
    assert_eq!(last["lifetime"], 7.0);
    // Another ε draws every answer again at that ε.
    t.run(&["--store", &s, "intel", "export", "--epsilon", "0.5"]).code(0);
    assert_eq!(ledger_events(&t, &s)[26]["lifetime"], 10.0);
    // The ledger is journaled: a rebuilt index agrees, and the old answers are still repeated.
    t.run(&["--store", &s, "reindex"]).code(0);
    let (v, _) = pooled(&t, &s);
    assert_eq!(v["ledger"], serde_json::json!({"draws": 13, "spent": 10.0, "cap": 100.0}), "{v}");
    let r = t.run(&["--store", &s, "intel", "export"]);
    r.code(0);
    let again = bits(&r.stdout);
    let first = first.expect("exports");
    for (k, bit) in &again {
        if !k.contains("git status") {
            assert_eq!(Some(bit), first.get(k), "{k}");
        }
    }
    assert!(r.stderr.contains("0 answers randomized now"), "{r}");
}

/// An export whose new draws would pass `intel.lifetime_epsilon` is refused (exit 1): no
/// file, no ledger entry, nothing drawn kept; an export that repeats earlier draws costs
/// nothing and still goes through.
#[test]
fn the_ledger_refuses_an_export_past_the_lifetime_cap() {
    let mut t = TestEnv::new();
    let s = init(&t, "org");
    for (tool, action, scope) in SIX {
        decide(&mut t, &s, tool, action, scope, true);
    }
    t.run(&["--store", &s, "config", "set", "intel.lifetime_epsilon", "5"]).code(0);
    let r = t.run(&["--store", &s, "--json", "intel", "export", "--out", "x.json"]);
    r.code(1);
    let e: Value = serde_json::from_str(&r.stderr).expect("json error");
    assert_eq!(e["error"]["code"], "privacy_budget", "{r}");
    assert!(e["error"]["message"].as_str().is_some_and(|m| m.contains("nothing was exported")));
    assert!(!t.cwd.join("x.json").exists());
    assert!(ledger_events(&t, &s).is_empty());
    // At ε = 0.5 the six answers cost 3.
    let r = t.run(&["--store", &s, "--json", "intel", "export", "--epsilon", "0.5", "--out", "x"]);
    r.code(0);
    assert_eq!(r.json()["ledger"]["spent"], 3.0, "{r}");
    assert_eq!(r.json()["drawn"], 6);
    // Repeating them is free, as often as wanted.
    for _ in 0..3 {
        t.run(&["--store", &s, "intel", "export", "--epsilon", "0.5"]).code(0);
    }
    // One new pattern at 0.5 fits (3.5); six answers at ε = 1 do not (9.5).
    decide(&mut t, &s, "shell", "execute", "cargo build", true);
    t.run(&["--store", &s, "intel", "export", "--epsilon", "0.5"]).code(0);
    let r = t.run(&["--store", &s, "intel", "export"]);
    r.code(1);
    assert!(r.stderr.contains("past its lifetime cap"), "{r}");
    let events = ledger_events(&t, &s);
    assert_eq!(events.len(), 5);
    assert_eq!(events[4]["lifetime"], 3.5);
}

/// The pool holds organisation ids only; `intel untrust` removes a member.
#[test]
fn the_pool_takes_ids_keys_and_files_and_refuses_anything_else() {
    let mut t = TestEnv::new();
    let s = init(&t, "org");
    decide(&mut t, &s, "shell", "execute", "git status", true);
    t.run(&["--store", &s, "intel", "export", "--out", "mine.json"]).code(0);
    let text = std::fs::read_to_string(t.cwd.join("mine.json")).expect("export");
    let v: Value = serde_json::from_str(&text).expect("json");
    let (org, key) = (
        v["payload"]["org"].as_str().expect("org"),
        v["payload"]["public_key"].as_str().expect("key"),
    );
    t.run(&["--store", &s, "intel", "trust", key]).code(0);
    let pool = |t: &TestEnv| {
        t.run(&["--store", &s, "--json", "config", "get", "intel.pool"]).json()["value"].clone()
    };
    assert_eq!(pool(&t), serde_json::json!([org]));
    // Trusting again changes nothing; a file of the same organisation names the same id.
    t.run(&["--store", &s, "intel", "trust", org, "mine.json"]).code(0);
    assert_eq!(pool(&t), serde_json::json!([org]));
    for bad in ["not-a-key", "0123", "zz23456789abcdef0123456789abcdef"] {
        let r = t.run(&["--store", &s, "intel", "trust", bad]);
        r.code(2);
        assert!(r.stderr.contains("neither an organisation id"), "{bad}: {r}");
    }
    let r = t.run(&["--store", &s, "config", "set", "intel.pool", "[\"nope\"]"]);
    r.code(2);
    assert!(r.stderr.contains("is not an organisation id"), "{r}");
    t.run(&["--store", &s, "intel", "untrust", org]).code(0);
    assert_eq!(pool(&t), serde_json::json!([]));
    // Only a human may change who counts.
    let v =
        t.check_json("shell", "execute", &format!("aiperture intel trust {org}"), &["--store", &s]);
    assert_eq!(v["decided_by"], "self_protection", "{v}");
}

/// `examples/intel/pool.sh`, the README's example run: organisations that each decide, export
/// and are trusted by one more store, whose check shows the pooled signal (too few here for a
/// percentage: six reports at ε = 1 leave an interval of about ±87 points).
#[test]
fn the_pool_example_runs_end_to_end() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/intel/pool.sh");
    let out = std::process::Command::new("sh")
        .arg(&script)
        .args(["6", "5"])
        .env("AIPERTURE", env!("CARGO_BIN_EXE_aiperture"))
        .output()
        .expect("run sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("5 of 6 organisations approve")
            && stdout.contains("shared: `git push`: not enough data yet (6 orgs"),
        "{stdout}{stderr}"
    );
}

/// Words a user chooses after a program (a package script, a task runner's target, a git
/// alias, a cargo plugin) never leave in an export: the program goes alone, built-in
/// subcommands go with it, and an import pools a foreign report only under the same rule.
#[test]
fn user_named_subcommands_leave_as_the_program_alone_and_are_not_pooled() {
    let mut t = TestEnv::new();
    let s = init(&t, "org");
    for scope in [
        "yarn deploy-bigbank-prod",
        "just release-bigbank",
        "make ship-bigbank",
        "git bigbank-alias",
        "cargo bigbank-plugin --fast",
        "yarn install --frozen-lockfile",
        "podman ps -a",
    ] {
        decide(&mut t, &s, "shell", "execute", scope, true);
    }
    let r = t.run(&["--store", &s, "intel", "export"]);
    r.code(0);
    assert!(!r.stdout.contains("bigbank"), "the export leaks a user's name: {}", r.stdout);
    let v: Value = serde_json::from_str(&r.stdout).expect("export JSON");
    let mut patterns: Vec<&str> = v["payload"]["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["pattern"].as_str())
        .collect();
    patterns.sort_unstable();
    assert_eq!(patterns, ["cargo", "docker ps", "git", "just", "make", "yarn", "yarn install"]);

    let (key, _) = aiperture::intel::document::Key::generate().expect("key");
    let text = key
        .export(
            vec![
                approving("shell", "execute", "yarn deploy-bigbank-prod"),
                approving("shell", "execute", "git bigbank-alias"),
                approving("shell", "execute", "podman ps"),
                approving("shell", "execute", "yarn"),
                approving("shell", "execute", "cargo test"),
            ],
            1.0,
            100.0,
            "2026-11-26T00:00:00.000000Z",
        )
        .expect("export");
    std::fs::write(t.cwd.join("other.json"), text).expect("write");
    let r = t.run(&["--store", &s, "intel", "import", "other.json"]);
    r.code(0);
    assert!(r.stdout.contains("3 more not pooled"), "{}", r.stdout);
    assert_eq!(pooled(&t, &s).1, ["cargo test", "yarn"]);
}

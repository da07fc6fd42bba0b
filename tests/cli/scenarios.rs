//! Learning scenarios driven by `fixtures/scenarios/*/` (see the README there): every folder
//! is a case, every step runs the real binary on one store.

use std::path::Path;

use serde_json::Value;

use crate::common::{TestEnv, at};

fn subst(v: &Value, i: usize) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace("{i}", &i.to_string())),
        Value::Array(a) => Value::Array(a.iter().map(|x| subst(x, i)).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, x)| (k.clone(), subst(x, i))).collect())
        }
        other => other.clone(),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

struct Runner {
    t: TestEnv,
    name: String,
    last: Option<Value>,
    /// The last check's request and extra arguments.
    last_check: Vec<String>,
    step: usize,
}

impl Runner {
    fn run(&mut self, step: &Value) {
        self.step += 1;
        let at_step = format!("{} step {}: {step}", self.name, self.step);
        if let Some(n) = step.get("repeat").and_then(Value::as_u64) {
            let steps = step["steps"].as_array().unwrap_or_else(|| panic!("{at_step}: no steps"));
            for i in 0..n as usize {
                for s in steps {
                    self.run(&subst(s, i));
                }
            }
        } else if let Some(c) = step.get("check") {
            let c = strings(c);
            assert_eq!(c.len(), 3, "{at_step}");
            let extra = strings(&step["args"]);
            let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
            let v = self.t.check_json(&c[0], &c[1], &c[2], &extra);
            self.last_check = c.iter().chain(strings(&step["args"]).iter()).cloned().collect();
            if let Some(want) = step.get("expect").and_then(Value::as_str) {
                assert_eq!(v["decision"], want, "{at_step}\n{v}");
            }
            if let Some(not) = step.get("not").and_then(Value::as_str) {
                assert_ne!(v["decision"], not, "{at_step}\n{v}");
            }
            if let Some(by) = step.get("decided_by").and_then(Value::as_str) {
                assert_eq!(v["decided_by"], by, "{at_step}\n{v}");
            }
            self.last = Some(v);
        } else if step.get("approve").is_some() || step.get("deny").is_some() {
            let verb = if step.get("approve").is_some() { "approve" } else { "deny" };
            let last = self.last.take().unwrap_or_else(|| panic!("{at_step}: no check before"));
            if last["decision"] == "allow" {
                return; // nothing to decide: it was allowed already
            }
            let r = self.t.run(&[verb, &TestEnv::challenge(&last), "--yes"]);
            assert_eq!(r.code, 0, "{at_step}\n{r}");
            if verb == "approve" {
                // The approval lets the same request through once.
                let c: Vec<&str> = self.last_check.iter().map(String::as_str).collect();
                if let [tool, action, scope, extra @ ..] = c.as_slice() {
                    self.t.use_approval(tool, action, scope, extra);
                }
            }
        } else if let Some(secs) = step.get("advance").and_then(Value::as_i64) {
            self.t.now = at(&self.t.now, secs);
        } else if let Some(r) = step.get("revoke") {
            let r = strings(r);
            let out = self.t.run(&["revoke", &r[0], &r[1], &r[2], "--yes"]);
            assert_eq!(out.code, 0, "{at_step}\n{out}");
        } else {
            panic!("{at_step}: unknown step");
        }
    }
}

#[test]
fn every_learning_scenario_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenarios");
    let mut ran = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/scenarios")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let t = TestEnv::with_project();
        for file in ["config.toml", "policy.toml"] {
            if dir.join(file).is_file() {
                std::fs::copy(dir.join(file), t.store().join(file)).expect("copy");
            }
        }
        if dir.join("policy.toml").is_file() {
            t.run(&["policy", "trust"]).code(0);
        }
        let mut runner =
            Runner { t, name: name.clone(), last: None, last_check: Vec::new(), step: 0 };
        let steps = std::fs::read_to_string(dir.join("steps.jsonl")).expect("steps.jsonl");
        for line in steps.lines().filter(|l| !l.trim().is_empty()) {
            let step: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{name}: bad step {line:?}: {e}"));
            runner.run(&step);
        }
        // Whatever the scenario did, the journal verifies and a rebuilt index agrees.
        runner.t.run(&["verify-chain"]).code(0);
        let before = runner.t.run(&["patterns", "--json"]).stdout;
        runner.t.run(&["reindex"]).code(0);
        assert_eq!(runner.t.run(&["patterns", "--json"]).stdout, before, "{name}: reindex differs");
        ran += 1;
    }
    assert!(ran >= 7, "scenarios run: {ran}");
}

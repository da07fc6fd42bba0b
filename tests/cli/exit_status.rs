//! Exit status contract: every command that is named something that does not exist exits 4.

use crate::common::TestEnv;

/// A challenge, a grant, an artifact, a journal event and a configuration key that do not
/// exist: each command that names one exits 4 ("not found"), in text and in JSON, and says
/// what was missing. (An unknown preset or subcommand is a usage error, 2, from the parser.)
#[test]
fn every_not_found_exits_4() {
    let t = TestEnv::with_project();
    let cases: &[(&[&str], &str)] = &[
        (&["approve", "ch_aaaaaaaaaaaaaaaaaaaaaaaa", "--yes"], "no such challenge"),
        (&["deny", "ch_aaaaaaaaaaaaaaaaaaaaaaaa", "--yes"], "no such challenge"),
        (&["grant", "revoke", "gr_nosuchgrant"], "no grant gr_nosuchgrant"),
        (&["artifact", "show", "deadbeef00"], "no artifact deadbeef00"),
        (&["artifact", "verify", "deadbeef00"], "no artifact deadbeef00"),
        (&["audit", "show", "99"], "no event with seq 99"),
        (&["config", "get", "learning.nope"], "unknown configuration key `learning.nope`"),
        (&["config", "set", "learning.nope", "3"], "unknown configuration key `learning.nope`"),
        (&["config", "unset", "learning.min_decisions"], "`learning.min_decisions` is not set in"),
        (&["config", "get", "--user", "learning.min_decisions"], "is not set in"),
    ];
    for (args, msg) in cases {
        let r = t.run(args);
        assert_eq!(r.code, 4, "{args:?}\n{r}");
        assert!(r.stderr.contains(msg), "{args:?}: expected {msg:?}\n{r}");
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let r = t.run(&with_json);
        assert_eq!(r.code, 4, "{with_json:?}\n{r}");
        let v: serde_json::Value = serde_json::from_str(r.stderr.trim()).expect("JSON error");
        assert_eq!(v["error"]["exit"], 4, "{r}");
    }
    // A refusal of something that exists stays a negative answer (1), an invalid id an error.
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "npm test", &[]));
    t.run(&["deny", &id, "--yes"]).code(0);
    t.run(&["approve", &id, "--yes"]).code(1);
    t.run(&["artifact", "show", "nothex"]).code(2);
}

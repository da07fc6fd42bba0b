//! The command lines the benches teach: shared by `common/mod.rs` (library population) and
//! `doors` (population through HTTP), which includes it as
//! `#[path = "common/scopes.rs"] mod scopes;`.

/// Scope of pattern `i`: realistic, diverse, below HIGH risk (so learning may allow it), and
/// distinct even after learning's normalization: every shape is one that learning never
/// widens (task runners with arguments, `npm run`, `cargo run`, interpreters, `cp`, `sed -i`,
/// `git checkout`) or whose widened pattern is unique (`./scripts/check-K.sh*`). Widened
/// shapes such as `git log --oneline -K` would all teach `git log*`, which then allows the
/// next ones before they get their 10 human decisions.
pub(crate) fn pattern_scope(i: usize) -> String {
    let k = i / 10;
    match i % 10 {
        0 => format!("make test-{k}"),
        1 => format!("just lint-{k}"),
        2 => format!("npm run build:{k}"),
        3 => format!("cargo run --bin tool{k}"),
        4 => format!("./scripts/check-{k}.sh"),
        5 => format!("python3 tools/gen{k}.py"),
        6 => format!("node scripts/build{k}.js"),
        7 => format!("cp docs/a{k}.md docs/b{k}.md"),
        8 => format!("git checkout -b feature/{k}"),
        _ => format!("sed -i s/foo{k}/bar{k}/ src/mod{k}.rs"),
    }
}

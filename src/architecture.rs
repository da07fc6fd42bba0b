//! The architecture test: the crate's module graph follows the module map in `src/lib.rs`.
//!
//! The map is read from the crate documentation itself (the `text` block under "Module map"),
//! so the documentation cannot drift from what is checked. Every `.rs` file under `src/`
//! belongs to the top-level module it sits in (`src/cli/x.rs` to `cli`, `src/clock.rs` to
//! `clock`; `main.rs` is `main`); an edge is each `crate::m` path it writes (in `use` lines,
//! grouped or not, and inline in code), each `super::` path that climbs out of its top-level
//! module, and in `main.rs` each `aiperture::m` path. Comments and string and character
//! literals are blanked before reading, so neither a doc link nor a fixture is an edge. Code
//! under `#[cfg(test)]` (an item, an inline module, or a module file declared that way) may
//! also use the map's `test->` edges.
//!
//! Invariants checked: the map's `->` edges have no cycle; every module under `src/` is in the
//! map; every edge is allowed by the map; clap is named only in `cli/` and `main.rs`, tiny_http
//! only in `server/`. `lib.rs` (module declarations) and this file are not part of the graph.
//! Test-only code, compiled under `cfg(test)` alone.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// Where the map lives, named in every violation.
const MAP_FILE: &str = "src/lib.rs";

/// Crates only some folders may name: (crate, allowed path prefixes under `src/`).
const CONFINED_CRATES: &[(&str, &[&str])] = &[
    ("clap", &["cli/", "main.rs"]),
    ("clap_complete", &["cli/", "main.rs"]),
    ("clap_mangen", &["cli/", "main.rs"]),
    ("tiny_http", &["server/"]),
    ("rustix", &["journal/"]),
];

/// The module map: which module may use which.
#[derive(Debug, Default)]
struct Map {
    /// `a -> b`: `a` may use `b` anywhere.
    uses: BTreeMap<String, BTreeSet<String>>,
    /// `a test-> b`: `a` may use `b` in test code only.
    test_uses: BTreeMap<String, BTreeSet<String>>,
}

impl Map {
    /// Parse the lines of a map block: `name -> a b c`, `name test-> a`, `# reason`.
    fn parse(block: &str) -> Result<Map, String> {
        let mut map = Map::default();
        for (i, raw) in block.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let from = words.next().unwrap_or("").to_owned();
            let table = match words.next() {
                Some("->") => &mut map.uses,
                Some("test->") => &mut map.test_uses,
                _ => return Err(format!("map line {}: expected `name -> …`: {raw:?}", i + 1)),
            };
            table.entry(from.clone()).or_default().extend(words.map(str::to_owned));
            // A module with only a `test->` line still is a module of the map.
            map.uses.entry(from).or_default();
        }
        let known: BTreeSet<&String> = map.uses.keys().collect();
        for (from, to) in map.uses.iter().chain(&map.test_uses) {
            if let Some(unknown) = to.iter().find(|t| !known.contains(t)) {
                return Err(format!("map: {from} -> {unknown}, but {unknown} has no line"));
            }
        }
        if let Some(cycle) = map.cycle() {
            return Err(format!("map: the `->` edges form a cycle: {}", cycle.join(" -> ")));
        }
        Ok(map)
    }

    /// A cycle of `->` edges, as the modules along it (the first repeated at the end).
    fn cycle(&self) -> Option<Vec<String>> {
        fn visit<'a>(
            m: &'a str,
            map: &'a Map,
            path: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) -> Option<Vec<String>> {
            if let Some(at) = path.iter().position(|p| *p == m) {
                let mut cycle: Vec<String> = path[at..].iter().map(|s| (*s).to_owned()).collect();
                cycle.push(m.to_owned());
                return Some(cycle);
            }
            if !done.insert(m) {
                return None;
            }
            path.push(m);
            for next in map.uses.get(m).into_iter().flatten() {
                if let Some(c) = visit(next, map, path, done) {
                    return Some(c);
                }
            }
            path.pop();
            None
        }
        let mut done = BTreeSet::new();
        self.uses.keys().find_map(|m| visit(m, self, &mut Vec::new(), &mut done))
    }

    fn allows(&self, edge: &Edge) -> bool {
        let listed = |t: &BTreeMap<String, BTreeSet<String>>| {
            t.get(&edge.from).is_some_and(|to| to.contains(&edge.to))
        };
        listed(&self.uses) || (edge.in_test && listed(&self.test_uses))
    }
}

/// The map block of the crate documentation in `lib_rs`: the first `text` fence after the
/// "# Module map" heading.
fn map_block(lib_rs: &str) -> Result<String, String> {
    let docs: Vec<&str> = lib_rs
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let heading = docs
        .iter()
        .position(|l| l.trim() == "# Module map")
        .ok_or("no `# Module map` heading in the crate documentation")?;
    let open = docs[heading..]
        .iter()
        .position(|l| l.trim() == "```text")
        .ok_or("no ```text block after `# Module map`")?
        + heading;
    let len = docs[open + 1..].iter().position(|l| l.trim() == "```").ok_or("unclosed block")?;
    Ok(docs[open + 1..open + 1 + len].join("\n"))
}

/// One source file: its path under `src/` (with `/`) and its text.
struct Source {
    path: String,
    text: String,
}

/// One use of a module by another.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    from: String,
    to: String,
    /// 1-based line in the file.
    line: usize,
    /// In `#[cfg(test)]` code.
    in_test: bool,
}

/// Every `.rs` file under `dir`, sorted, with paths relative to it.
fn read_sources(dir: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk src/");
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(dir).expect("under src/");
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
            let text = std::fs::read_to_string(path).expect("read a source file");
            out.push(Source { path: rel.join("/"), text });
        }
    }
    out
}

/// The module path of a file: `risk/shell/loops.rs` is `[risk, shell, loops]`, `risk/mod.rs`
/// is `[risk]`, `lib.rs` and `main.rs` are the root.
fn module_path(path: &str) -> Vec<&str> {
    let stem = path.strip_suffix(".rs").unwrap_or(path);
    let mut parts: Vec<&str> = stem.split('/').collect();
    if parts.last() == Some(&"mod") || matches!(parts.as_slice(), ["lib" | "main"]) {
        parts.pop();
    }
    parts
}

/// The top-level module a file belongs to (`main` for `main.rs`).
fn top_module(path: &str) -> &str {
    if path == "main.rs" { "main" } else { module_path(path).first().copied().unwrap_or("") }
}

/// `text` with comments and string and character literals replaced by spaces (line breaks
/// kept), so that byte offsets and line numbers stay those of the file.
fn blank_comments_and_literals(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let prev_ident = i > 0 && ident(b[i - 1]);
        // `b'x'`, `b"…"`, `br"…"`, `c"…"`: a prefix letter that is not the end of a word.
        let after_prefix = i > 0 && matches!(b[i - 1], b'b' | b'c') && (i < 2 || !ident(b[i - 2]));
        if b[i..].starts_with(b"//") {
            let end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let (mut depth, mut j) = (1, i + 2);
            while j < b.len() && depth > 0 {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if b[i] == b'r'
            && (!prev_ident || after_prefix)
            && b[i + 1..]
                .iter()
                .position(|&c| c != b'#')
                .is_some_and(|n| b.get(i + 1 + n) == Some(&b'"'))
        {
            // A raw string r"…", r#"…"#, br"…", cr"…".
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            let body = i + 2 + hashes;
            let end = b[body..].windows(close.len()).position(|w| w == close.as_slice());
            let end = end.map_or(b.len(), |p| body + p + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if b[i] == b'\'' && (!prev_ident || after_prefix) {
            // A character literal ('x', '\n', '\u{..}', 'é'), or else a lifetime or label.
            let end = if b.get(i + 1) == Some(&b'\\') {
                b.get(i + 3..).and_then(|r| r.iter().position(|&c| c == b'\'')).map(|p| i + 4 + p)
            } else {
                let ch = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 2 + ch)
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The identifier starting at `at`, if any.
fn ident_at(code: &str, at: usize) -> Option<&str> {
    let rest = &code[at..];
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    (len > 0 && !rest.starts_with(|c: char| c.is_ascii_digit())).then(|| &rest[..len])
}

/// Offset just past `::` (with any spaces around) at `at`, if that is what is there.
fn after_path_sep(code: &str, at: usize) -> Option<usize> {
    let rest = &code[at..];
    let trimmed = rest.trim_start();
    let sep = trimmed.strip_prefix("::")?;
    Some(code.len() - sep.trim_start().len())
}

/// Whether `word` stands at `at` as a word of its own.
fn word_at(code: &str, at: usize, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    code[at..].starts_with(word)
        && !code[at + word.len()..].starts_with(ident)
        && !code[..at].ends_with(|c: char| ident(c) || c == '$')
}

/// Whether the word at `at` starts a path (not `$crate`, not the middle of `a::super`).
fn starts_path(code: &str, at: usize, word: &str) -> bool {
    word_at(code, at, word) && !code[..at].trim_end().ends_with("::")
}

/// The first segments named at `at`: one identifier, or each entry of a `{…}` group.
fn first_segments(code: &str, at: usize) -> Vec<String> {
    if let Some(group) = code[at..].strip_prefix('{') {
        let mut out = Vec::new();
        let (mut depth, mut expect) = (0usize, true);
        for (k, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => expect = true,
                c if expect && depth == 0 && (c.is_ascii_alphabetic() || c == '_') => {
                    if let Some(id) = ident_at(group, k) {
                        out.push(id.to_owned());
                    }
                    expect = false;
                }
                _ => {}
            }
        }
        out
    } else {
        ident_at(code, at).map(str::to_owned).into_iter().collect()
    }
}

/// Byte ranges `[start, end)` in a file.
type Ranges = Vec<(usize, usize)>;

/// Byte ranges of the code under `#[cfg(test)]` (or `#[cfg(all(test, …))]`), and of inline
/// `mod name { … }` blocks, in blanked `code`.
fn test_and_mod_ranges(code: &str) -> (Ranges, Ranges) {
    let b = code.as_bytes();
    // Matching braces, by the offset of the opening one.
    let mut close = BTreeMap::new();
    let mut stack = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'{' => stack.push(i),
            b'}' => {
                if let Some(open) = stack.pop() {
                    close.insert(open, i);
                }
            }
            _ => {}
        }
    }
    // The end of the item starting at `from`: its first `;` outside brackets, or the brace
    // closing its first `{`.
    let item_end = |from: usize| -> usize {
        let mut depth = 0i32;
        for (i, &c) in b.iter().enumerate().skip(from) {
            match c {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                b';' if depth == 0 => return i + 1,
                b'{' if depth == 0 => return close.get(&i).map_or(b.len(), |c| c + 1),
                _ => {}
            }
        }
        b.len()
    };
    let mut tests = Vec::new();
    if code.contains("#![cfg(test)]") {
        tests.push((0, b.len()));
    }
    for attr in ["#[cfg(test)]", "#[cfg(all(test"] {
        for (at, _) in code.match_indices(attr) {
            tests.push((at, item_end(at + attr.len())));
        }
    }
    let mut mods = Vec::new();
    for (at, _) in code.match_indices("mod") {
        if !word_at(code, at, "mod") {
            continue;
        }
        let name_at = at + 3 + (code[at + 3..].len() - code[at + 3..].trim_start().len());
        let Some(name) = ident_at(code, name_at) else { continue };
        let after = name_at + name.len();
        let brace = after + (code[after..].len() - code[after..].trim_start().len());
        if b.get(brace) == Some(&b'{') {
            mods.push((at, close.get(&brace).map_or(b.len(), |c| c + 1)));
        }
    }
    (tests, mods)
}

/// Files declared `#[cfg(test)] mod name;`: their module paths (joined with `/`).
fn test_module_files(sources: &[Source]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in sources {
        let code = blank_comments_and_literals(&s.text);
        let (tests, _) = test_and_mod_ranges(&code);
        for (from, to) in tests {
            let item = code[from..to].trim_end();
            let Some(decl) = item.strip_suffix(';') else { continue };
            let words: Vec<&str> = decl.split_whitespace().collect();
            if let [.., "mod", name] = words.as_slice() {
                let mut path = module_path(&s.path);
                path.push(name);
                out.insert(path.join("/"));
            }
        }
    }
    out
}

/// The edges of one file (`test_file`: the whole file is test code).
fn edges_of(path: &str, text: &str, test_file: bool) -> Vec<Edge> {
    let code = blank_comments_and_literals(text);
    let from = top_module(path).to_owned();
    let depth = module_path(path).len();
    let (tests, mods) = test_and_mod_ranges(&code);
    let inside =
        |ranges: &[(usize, usize)], at: usize| ranges.iter().any(|&(a, z)| a <= at && at < z);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut push = |to: String, at: usize| {
        if to != from && !to.is_empty() {
            let in_test = test_file || inside(&tests, at);
            out.push(Edge { from: from.clone(), to, line: line_of(at), in_test });
        }
    };
    let root = if path == "main.rs" { "aiperture" } else { "crate" };
    for (at, _) in code.match_indices(root) {
        if starts_path(&code, at, root)
            && let Some(seg) = after_path_sep(&code, at + root.len())
        {
            for to in first_segments(&code, seg) {
                push(to, at);
            }
        }
    }
    for (at, _) in code.match_indices("super") {
        if !starts_path(&code, at, "super") {
            continue;
        }
        let mut climbs = 0;
        let mut next = at;
        while code[next..].starts_with("super") {
            let Some(seg) = after_path_sep(&code, next + "super".len()) else { break };
            climbs += 1;
            next = seg;
        }
        let level = depth + mods.iter().filter(|&&(a, z)| a < at && at < z).count();
        if climbs >= level {
            for to in first_segments(&code, next) {
                push(to, at);
            }
        }
    }
    out
}

/// Every violation of `map` in `sources`, one line each.
fn violations(map: &Map, sources: &[Source]) -> Vec<String> {
    let test_files = test_module_files(sources);
    let mut out = Vec::new();
    for s in sources {
        if s.path == "lib.rs" || s.path == "architecture.rs" {
            continue;
        }
        let from = top_module(&s.path);
        if !map.uses.contains_key(from) {
            out.push(format!(
                "src/{}: module `{from}` is not in the module map in {MAP_FILE}",
                s.path
            ));
            continue;
        }
        let mp = module_path(&s.path).join("/");
        let test_file = test_files.iter().any(|t| mp == *t || mp.starts_with(&format!("{t}/")));
        for e in edges_of(&s.path, &s.text, test_file) {
            if !map.allows(&e) {
                let test = if e.in_test { " (in test code)" } else { "" };
                out.push(format!(
                    "src/{}:{}: {} -> {}{test} is not allowed by the module map in {MAP_FILE}",
                    s.path, e.line, e.from, e.to
                ));
            }
        }
        let code = blank_comments_and_literals(&s.text);
        for (name, allowed) in CONFINED_CRATES {
            if allowed.iter().any(|p| s.path.starts_with(p)) {
                continue;
            }
            for (at, _) in code.match_indices(name) {
                if starts_path(&code, at, name) {
                    let line = code[..at].matches('\n').count() + 1;
                    out.push(format!(
                        "src/{}:{line}: names `{name}`, which only {} may use (see {MAP_FILE})",
                        s.path,
                        allowed.join(", ")
                    ));
                }
            }
        }
    }
    out
}

fn real_map() -> Map {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(MAP_FILE))
        .expect("read src/lib.rs");
    let block = map_block(&lib).unwrap_or_else(|e| panic!("{MAP_FILE}: {e}"));
    Map::parse(&block).unwrap_or_else(|e| panic!("{MAP_FILE}: {e}"))
}

fn fake(path: &str, text: &str) -> Source {
    Source { path: path.to_owned(), text: text.to_owned() }
}

#[test]
fn the_crate_follows_its_module_map() {
    let map = real_map();
    let sources = read_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(sources.len() > 50, "found {} files under src/", sources.len());
    let found = violations(&map, &sources);
    let mut msg = String::new();
    for v in &found {
        let _ = writeln!(msg, "{v}");
    }
    assert!(found.is_empty(), "{} edge(s) break the module map:\n{msg}", found.len());
}

#[test]
fn a_new_upward_edge_is_reported() {
    let map = real_map();
    let sources = [
        fake("risk/mod.rs", "//! Risk.\n\npub mod fake;\n"),
        fake("risk/fake.rs", "//! A fake.\n\nuse crate::glob::Glob;\nuse crate::engine::Engine;\n"),
    ];
    assert_eq!(
        violations(&map, &sources),
        ["src/risk/fake.rs:4: risk -> engine is not allowed by the module map in src/lib.rs"]
    );
}

#[test]
fn edges_are_found_in_every_form_and_not_in_comments_or_strings() {
    let text = r##"//! Doc: [`crate::engine::Engine`] is a link, not an edge.
use crate::{glob::Glob, error::{Error, Result}};
use crate :: clock;
/* crate::cli in a block comment */
fn f() {
    let s = "crate::server"; let r = r#"crate::hooks "quoted" "#; let c = '"';
    let (b, e) = (b'{', '\'');
    let t = $crate::journal::x; // crate::ops
    crate::store::layout::CONFIG.len();
    let q = super::super::risk::Tier;
}
mod inner {
    use super::super::normalize;
}
"##;
    let got: Vec<(String, usize)> =
        edges_of("scope/x.rs", text, false).into_iter().map(|e| (e.to, e.line)).collect();
    let want = [("glob", 2), ("error", 2), ("clock", 3), ("store", 9), ("risk", 10)];
    let want: Vec<(String, usize)> = want.iter().map(|(m, l)| ((*m).to_owned(), *l)).collect();
    assert_eq!(got, want);
    // From a nested file, `super` and `super::super` stay inside the module; three leave it.
    let nested = edges_of(
        "risk/shell/loops.rs",
        "use super::parse::x;\nuse super::super::super::glob::G;\n",
        false,
    );
    assert_eq!(nested.iter().map(|e| e.to.as_str()).collect::<Vec<_>>(), ["glob"]);
    // main.rs reaches the library as `aiperture::`.
    let main = edges_of("main.rs", "fn main() { aiperture::cli::run(); }\n", false);
    assert_eq!(main.iter().map(|e| e.to.as_str()).collect::<Vec<_>>(), ["cli"]);
}

#[test]
fn a_test_only_edge_is_allowed_only_in_test_code() {
    let map = real_map();
    let prod = [fake("engine/x.rs", "fn f() {\n    crate::cli::agent::register();\n}\n")];
    assert_eq!(
        violations(&map, &prod),
        ["src/engine/x.rs:2: engine -> cli is not allowed by the module map in src/lib.rs"]
    );
    let inline = [fake(
        "engine/x.rs",
        "fn f() {}\n\n#[cfg(test)]\nmod tests {\n    fn g() { crate::cli::agent::register(); }\n}\n\nfn h() { crate::cli::x(); }\n",
    )];
    assert_eq!(
        violations(&map, &inline),
        ["src/engine/x.rs:8: engine -> cli is not allowed by the module map in src/lib.rs"]
    );
    let file = [
        fake("engine/x.rs", "#[cfg(test)]\nmod tests;\n"),
        fake("engine/x/tests.rs", "use crate::cli::agent;\n"),
    ];
    assert_eq!(violations(&map, &file), Vec::<String>::new());
    // Test code gets no other upward edge.
    let other = [
        fake("engine/x.rs", "#[cfg(test)]\nmod tests;\n"),
        fake("engine/x/tests.rs", "use crate::server::mcp;\n"),
    ];
    assert_eq!(
        violations(&map, &other),
        ["src/engine/x/tests.rs:1: engine -> server (in test code) is not allowed by the \
             module map in src/lib.rs"]
    );
}

#[test]
fn a_cycle_or_an_unknown_module_in_the_map_is_refused() {
    let cycle = Map::parse("a -> b\nb -> c  # why\nc -> a\n").map(|_| ());
    assert_eq!(cycle, Err("map: the `->` edges form a cycle: a -> b -> c -> a".to_owned()));
    let unknown = Map::parse("a -> b\n").map(|_| ());
    assert_eq!(unknown, Err("map: a -> b, but b has no line".to_owned()));
    // A test-only edge may point back up: it is not part of the one-way graph.
    assert!(Map::parse("a -> b\nb ->\nb test-> a\n").is_ok());
}

#[test]
fn a_module_missing_from_the_map_is_reported() {
    let map = real_map();
    let sources = [fake("newmod.rs", "//! New.\n")];
    assert_eq!(
        violations(&map, &sources),
        ["src/newmod.rs: module `newmod` is not in the module map in src/lib.rs"]
    );
}

#[test]
fn clap_and_tiny_http_stay_in_their_doors() {
    let map = real_map();
    let sources = [
        fake("cli/x.rs", "use clap::Parser;\n"),
        fake("main.rs", "use clap::Parser;\n"),
        fake("server/x.rs", "use tiny_http::Server;\n"),
        fake("engine/x.rs", "// clap and tiny_http in a comment\nfn f() { let _ = \"clap::\"; }\n"),
        fake("engine/y.rs", "fn f() -> clap::Command { todo!() }\n"),
        fake("hooks/x.rs", "\nuse tiny_http::Server;\n"),
    ];
    assert_eq!(
        violations(&map, &sources),
        [
            "src/engine/y.rs:1: names `clap`, which only cli/, main.rs may use (see src/lib.rs)",
            "src/hooks/x.rs:2: names `tiny_http`, which only server/ may use (see src/lib.rs)",
        ]
    );
}

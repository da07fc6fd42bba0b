//! Loop facts for the classifier: whether a `while`/`until`/`for` loop can end by itself,
//! whether it pauses on every pass, and whether it starts background processes on every pass.
//! The walker attaches them as a [`super::Note::Loop`] to every command the loop runs.
//!
//! A loop counts as endless when its condition always holds (`while true`, `while :`,
//! `while sleep 1`, `until false`, `for ((;;))`) and its body has no `break`, `exit` or
//! `return`; a `for` loop counts as long when its word list or header names a number of at
//! least [`MANY`] (`$(seq 1 100000)`, `{1..5000}`, `i<100000`). A loop that waits for its
//! background jobs (`wait`) does not pile them up; one that does not is reported even when its
//! body has a `break`, which a test that never holds can make unreachable.
//!
//! Invariants: pure functions over the parsed tree; recursion is bounded by the parser's
//! nesting limit; no allocation beyond the returned facts.

use super::parse::{Command, Compound, Script, Word};

/// A pass count from which a loop that starts background processes is a flood.
const MANY: u64 = 1000;

/// What a loop does, for the classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LoopFacts {
    /// The loop never ends by itself.
    pub endless: bool,
    /// The loop runs thousands of passes.
    pub many: bool,
    /// Every pass starts a background process that the loop does not wait for.
    pub spawns: bool,
    /// The loop sleeps on every pass.
    pub paced: bool,
}

/// The facts of a loop whose condition makes it `endless` or `many` passes long; `None` when
/// it is neither, or when its body can leave it.
pub(super) fn facts(endless: bool, many: bool, body: &Script) -> Option<LoopFacts> {
    if !endless && !many {
        return None;
    }
    let mut b = Body::default();
    visit(body, &mut b, false, 0);
    let spawns = b.spawns && !b.waits;
    // A way out only counts for loops that do not pile up processes: `break` behind a test
    // that never holds is too cheap a disguise for `while true; do x & done`.
    if !spawns && (b.exits || !endless) {
        return None;
    }
    Some(LoopFacts { endless: endless && !b.exits, many, spawns, paced: b.paced })
}

/// Whether a `while` (or, with `until`, an `until`) condition always lets the loop go on.
pub(super) fn endless(cond: &Script, until: bool) -> bool {
    let [item] = cond.items.as_slice() else { return false };
    let [pipeline] = item.pipelines.as_slice() else { return false };
    let [cmd] = pipeline.cmds.as_slice() else { return false };
    match cmd {
        Command::Simple(s) => {
            let words: Vec<&str> = s.words.iter().map(|w| w.raw.as_str()).collect();
            if until {
                matches!(words.as_slice(), ["false" | "/bin/false" | "/usr/bin/false"])
            } else {
                matches!(
                    words.as_slice(),
                    ["true" | ":" | "/bin/true" | "/usr/bin/true"]
                        | ["[", "1" | "true", "]"]
                        | ["test", "1" | "true"]
                        | ["[", "1", "-eq" | "=" | "==", "1", "]"]
                        | ["sleep", _]
                )
            }
        }
        Command::Compound(c, _) => match c.as_ref() {
            Compound::Arith(w) => !until && arith_true(&w.raw),
            _ => false,
        },
        Command::Function(_) => false,
    }
}

/// An arithmetic condition that is a non-zero constant (`(( 1 ))`).
fn arith_true(raw: &str) -> bool {
    let t = raw.trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace());
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) && t.chars().any(|c| c != '0')
}

/// What the commands feeding a loop's input say about its pass count: (endless, many) —
/// `yes` never stops, `seq` with a big bound gives thousands of lines.
pub(super) fn fed(cmds: Option<&[super::Cmd]>) -> (bool, bool) {
    let mut out = (false, false);
    for c in cmds.unwrap_or_default() {
        match c.simple.program.as_deref() {
            Some("yes") => out.0 = true,
            Some("seq" | "jot") => out.1 |= c.argv.iter().any(|f| big_number(&f.text)),
            _ => {}
        }
    }
    out
}

/// Whether a `for` word list names a pass count of at least [`MANY`].
pub(super) fn many(words: &[Word]) -> bool {
    words.iter().any(|w| big_number(&w.raw))
}

/// For a `for (( init; cond; step ))` header: (endless, many).
pub(super) fn arith_header(words: &[Word]) -> (bool, bool) {
    let raw = words.first().map_or("", |w| w.raw.as_str());
    let mut parts = raw.split(';');
    let cond = parts.nth(1).map(str::trim);
    let endless = cond.is_some_and(|c| c.is_empty() || arith_true(c));
    (endless, big_number(raw))
}

/// Whether `text` holds a decimal number of at least [`MANY`].
fn big_number(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|d| !d.is_empty() && (d.len() > 19 || d.parse::<u64>().is_ok_and(|n| n >= MANY)))
}

#[derive(Default)]
struct Body {
    exits: bool,
    paced: bool,
    spawns: bool,
    waits: bool,
}

/// Collects body facts; a `break` inside a nested loop only leaves that loop.
fn visit(s: &Script, b: &mut Body, nested: bool, depth: usize) {
    if depth > 64 {
        return;
    }
    for item in &s.items {
        b.spawns |= item.background;
        let paced = b.paced;
        for p in &item.pipelines {
            for c in &p.cmds {
                visit_command(c, b, nested, depth);
            }
        }
        if item.background {
            // A sleep in the background does not slow the loop down.
            b.paced = paced;
        }
    }
}

fn visit_command(c: &Command, b: &mut Body, nested: bool, depth: usize) {
    match c {
        Command::Simple(s) => match s.words.first().map(|w| w.raw.as_str()) {
            Some("break") => b.exits |= !nested,
            Some("exit" | "return") => b.exits = true,
            // Commands that block until something happens pace a loop like `sleep`.
            Some("sleep" | "usleep" | "inotifywait" | "fswatch" | "read") => b.paced = true,
            Some("wait") => b.waits = true,
            _ => {}
        },
        Command::Compound(comp, _) => match comp.as_ref() {
            Compound::Subshell(s) | Compound::Group(s) => visit(s, b, nested, depth + 1),
            Compound::If(parts) => {
                for s in parts {
                    visit(s, b, nested, depth + 1);
                }
            }
            Compound::Loop(x, y, _) => {
                visit(x, b, true, depth + 1);
                visit(y, b, true, depth + 1);
            }
            Compound::For(_, _, s) | Compound::ArithFor(_, s) => visit(s, b, true, depth + 1),
            Compound::Case(_, arms) => {
                for (_, s) in arms {
                    visit(s, b, nested, depth + 1);
                }
            }
            Compound::Arith(_) | Compound::Cond(_) => {}
        },
        Command::Function(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    /// The facts of the first command of `src`, which must be a loop.
    fn loop_facts(src: &str) -> Option<LoopFacts> {
        let s = parse(src).ok()?;
        let cmd = s.items.first()?.pipelines.first()?.cmds.first()?;
        let Command::Compound(c, _) = cmd else { return None };
        match c.as_ref() {
            Compound::Loop(cond, body, until) => facts(endless(cond, *until), false, body),
            Compound::For(_, words, body) => facts(false, words.as_deref().is_some_and(many), body),
            Compound::ArithFor(words, body) => {
                let (e, m) = arith_header(words);
                facts(e, m, body)
            }
            _ => None,
        }
    }

    #[test]
    fn endless_loops_are_found() {
        for src in [
            "while true; do x; done",
            "while :; do curl x; done",
            "until false; do y; done",
            "while sleep 1; do z; done",
            "while [ 1 ]; do z; done",
            "while ((1)); do z; done",
            "for ((;;)); do z; done",
        ] {
            assert!(loop_facts(src).is_some_and(|f| f.endless), "{src}");
        }
    }

    #[test]
    fn loops_that_end_are_not() {
        for src in [
            "while read l; do echo $l; done",
            "while true; do sleep 5; curl -s localhost && break; done",
            "until curl -s localhost; do sleep 1; done",
            "while false; do x; done",
            "until true; do x; done",
            "for i in a b c; do x & done",
            "for i in $(seq 1 100000); do echo $i; done",
            "for i in $(seq 1 100000); do x & wait; done",
            "for ((i=0;i<10;i++)); do x & done",
            "while true; do x; exit 0; done",
            "while [ 1 -lt $n ]; do x; done",
        ] {
            assert_eq!(loop_facts(src), None, "{src}");
        }
    }

    #[test]
    fn spawning_and_pacing_are_told_apart() {
        let f = loop_facts("while true; do sleep 100 & done");
        assert!(f.is_some_and(|f| f.spawns && f.endless && !f.paced));
        let f = loop_facts("for i in $(seq 1 100000); do x & done");
        assert!(f.is_some_and(|f| f.spawns && f.many && !f.endless));
        let f = loop_facts("for ((i=0;i<100000;i++)); do x & done");
        assert!(f.is_some_and(|f| f.spawns && f.many));
        let f = loop_facts("while true; do date; sleep 1; done");
        assert!(f.is_some_and(|f| f.paced && !f.spawns));
        let f = loop_facts("while :; do inotifywait -e modify src; make; done");
        assert!(f.is_some_and(|f| f.paced), "a blocking watch paces the loop");
        let f = loop_facts("while true; do x & [ 1 = 2 ] && break; done");
        assert!(f.is_some_and(|f| f.spawns && !f.endless), "a break does not hide spawning");
        let f = loop_facts("while true; do for i in 1 2; do break; done; done");
        assert!(f.is_some_and(|f| f.endless), "a nested break leaves the inner loop only");
    }
}

//! `aiperture review`: an interactive inbox of pending asks on a terminal.
//!
//! The pending asks of the store found from the working folder and of every other store that
//! issued ask challenges (the user store's inbox, see [`crate::store::inbox`]) are listed,
//! numbered, then taken one by one: `a` approves, `d` denies, `s` skips, `e` explains the risk
//! in full, a number jumps to that ask, `q` quits. One line is read per answer, so no raw
//! terminal mode is needed. Decisions are recorded exactly as `approve` and `deny` record them
//! (the same journal events, through the channel `review`), and refusals are printed with
//! their reason. [`session`] is the interaction, over any reader and writer, so it is tested
//! with scripted input; [`run`] refuses to start unless standard input is a terminal.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::approve::{self, Target};
use super::exit::{CliError, Outcome};
use super::output::clip;
use super::{Ctx, GlobalArgs};
use crate::engine::{Decision, PendingAsk};
use crate::error::Error;
use crate::store::Store;

/// Go through pending asks one by one on a terminal (human use)
///
/// Lists every pending ask, numbered: risk tier, tool, action and scope, how many times it was
/// asked, why it asked, what learning recommends and the store that issued it. Pending asks
/// come from the store found from the working folder and, unless --store or AIPERTURE_STORE
/// names one, from every other store that issued ask challenges on this machine. Then, for each
/// ask, one answer per line:
///
///   a  approve (as `aiperture approve`: the next identical request is allowed once)
///   d  deny (as `aiperture deny`)
///   s  skip (or an empty line)
///   e  explain: the full risk analysis, part by part (as `aiperture explain`)
///   N  go to ask number N
///   q  quit (end of input quits too)
///
/// Each answer is the confirmation: decisions are journaled at once, with channel `review`.
/// A refused decision (expired, already decided, or a request a human approval cannot change)
/// is printed with its reason and the review goes on; the exit status is then 1. Standard
/// input must be a terminal: scripts list with `aiperture pending` and decide with
/// `aiperture approve ID` / `aiperture deny ID` (or `--last`). There is no --json output.
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ReviewArgs {
    /// Who decides (default: $USER)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Why (journaled with every decision of this review)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

/// One pending ask as reviewed.
#[derive(Debug, Clone)]
pub struct Item {
    /// The ask (the newest challenge and how many times it was asked).
    pub ask: PendingAsk,
    /// The store that issued it.
    pub store: PathBuf,
    /// What learning recommends, as one line.
    pub recommendation: Option<String>,
}

/// What a review does with an ask: record a decision or explain it.
pub trait Decider {
    /// Record `decision` on `item`: the lines to print, or the refusal or error as lines.
    fn decide(&mut self, item: &Item, decision: Decision) -> Result<String, String>;
    /// The full risk analysis of `item`'s request.
    fn explain(&mut self, item: &Item) -> String;
}

/// How a review ended.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Approvals recorded.
    pub approved: usize,
    /// Denials recorded.
    pub denied: usize,
    /// Decisions refused or failed.
    pub refused: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    Decided,
}

const KEYS: &str = "[a]pprove [d]eny [s]kip [e]xplain [q]uit, or a number";

/// Render the numbered list of `items`.
pub fn render_list(items: &[Item]) -> String {
    let mut s =
        format!("{} pending ask{}:\n", items.len(), if items.len() == 1 { "" } else { "s" });
    for (i, it) in items.iter().enumerate() {
        s.push_str(&format!("{:>3}. {}\n", i + 1, headline(it)));
        s.push_str(&details(it, "     "));
    }
    s
}

fn headline(it: &Item) -> String {
    let c = &it.ask.newest;
    let times =
        if it.ask.count > 1 { format!(" (asked {} times)", it.ask.count) } else { String::new() };
    format!(
        "[{}] {} {} {}{times}",
        c.tier,
        clip(&c.request.tool, 60),
        clip(&c.request.action, 60),
        clip(&c.request.scope, 120)
    )
}

fn details(it: &Item, indent: &str) -> String {
    let c = &it.ask.newest;
    // Every text may come from another store's files: one line each, no control characters.
    let mut s = format!("{indent}why: {}\n", clip(&c.reason, 1000));
    if let Some(r) = &it.recommendation {
        s.push_str(&format!("{indent}recommendation: {}\n", clip(r, 300)));
    }
    s.push_str(&format!(
        "{indent}{} (expires {}) in {}\n",
        clip(&c.challenge.id, 40),
        clip(&c.challenge.expires_at.to_string(), 40),
        clip(&it.store.display().to_string(), 300)
    ));
    s
}

/// The interaction: list `items`, then read one answer per line from `input` and act through
/// `decider`, writing everything to `out`. Ends at the last ask, on `q` or at the end of input.
pub fn session(
    items: &[Item],
    decider: &mut dyn Decider,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> std::io::Result<Tally> {
    let mut tally = Tally::default();
    if items.is_empty() {
        writeln!(out, "no pending asks")?;
        return Ok(tally);
    }
    write!(out, "{}", render_list(items))?;
    let mut state = vec![State::Open; items.len()];
    let mut at = 0;
    let mut line = String::new();
    'asks: while at < items.len() {
        if state[at] == State::Decided {
            at += 1;
            continue;
        }
        let it = &items[at];
        write!(out, "\n{}/{} {}\n{}", at + 1, items.len(), headline(it), details(it, "  "))?;
        loop {
            write!(out, "{KEYS}: ")?;
            out.flush()?;
            line.clear();
            if input.read_line(&mut line)? == 0 {
                writeln!(out)?;
                break 'asks;
            }
            let answer = line.trim().to_ascii_lowercase();
            let decision = match answer.as_str() {
                "a" | "approve" | "y" | "yes" => Decision::Allow,
                "d" | "deny" => Decision::Deny,
                "" | "s" | "skip" | "n" => {
                    at += 1;
                    continue 'asks;
                }
                "e" | "explain" => {
                    write!(out, "{}", decider.explain(it))?;
                    continue;
                }
                "q" | "quit" => break 'asks,
                n => match n.parse::<usize>() {
                    Ok(n) if (1..=items.len()).contains(&n) && state[n - 1] == State::Open => {
                        at = n - 1;
                        continue 'asks;
                    }
                    Ok(n) if (1..=items.len()).contains(&n) => {
                        writeln!(out, "ask {n} is already decided")?;
                        continue;
                    }
                    _ => {
                        writeln!(
                            out,
                            "unknown answer `{}`; one of {KEYS} 1-{}",
                            clip(n, 20),
                            items.len()
                        )?;
                        continue;
                    }
                },
            };
            match decider.decide(it, decision) {
                Ok(text) => {
                    write!(out, "{text}")?;
                    if decision == Decision::Allow {
                        tally.approved += 1;
                    } else {
                        tally.denied += 1;
                    }
                }
                Err(text) => {
                    write!(out, "{text}")?;
                    tally.refused += 1;
                }
            }
            state[at] = State::Decided;
            at += 1;
            continue 'asks;
        }
    }
    let skipped = state.iter().filter(|s| **s == State::Open).count();
    writeln!(
        out,
        "\n{} approved, {} denied, {} refused, {skipped} left pending",
        tally.approved, tally.denied, tally.refused
    )?;
    Ok(tally)
}

/// Decisions and explanations through the stores, as `approve`, `deny` and `explain` do.
struct StoreDecider {
    global: GlobalArgs,
    cwd: PathBuf,
    now: Option<chrono::DateTime<chrono::Utc>>,
    by: String,
    reason: String,
}

impl StoreDecider {
    /// Run `f` with a context of its own whose output is captured (the session prints it).
    fn with_ctx<T>(&self, f: impl FnOnce(&mut Ctx<'_>) -> T) -> (T, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut ctx = Ctx {
            global: self.global.clone(),
            out: &mut out,
            err: &mut err,
            cwd: self.cwd.clone(),
            now: self.now,
        };
        let v = f(&mut ctx);
        out.extend_from_slice(&err);
        (v, String::from_utf8_lossy(&out).into_owned())
    }
}

/// The store of `item`, listed again (it must still exist).
fn store_of(item: &Item) -> Result<Store, Error> {
    let user = crate::store::UserDirs::from_env()?;
    Store::listed(&item.store, &user).ok_or_else(|| Error::NoStore { path: item.store.clone() })
}

impl Decider for StoreDecider {
    fn decide(&mut self, item: &Item, decision: Decision) -> Result<String, String> {
        let (by, reason) = (self.by.clone(), self.reason.clone());
        let (result, said) = self.with_ctx(|ctx| -> Result<String, CliError> {
            let target = Target {
                store: store_of(item)?,
                id: item.ask.newest.challenge.id.clone(),
                looked: Vec::new(),
            };
            let recorded = approve::record(ctx, &target, decision, &by, &reason, "review")?;
            Ok(approve::describe_recorded(&recorded))
        });
        match result {
            Ok(text) => Ok(format!("{said}{text}")),
            Err(e) => {
                let mut text = Vec::new();
                e.render(&mut text);
                Err(format!("{said}{}", String::from_utf8_lossy(&text)))
            }
        }
    }

    fn explain(&mut self, item: &Item) -> String {
        let r = &item.ask.newest.request;
        let (result, said) = self.with_ctx(|ctx| -> Result<String, Error> {
            let store = store_of(item)?;
            let config = crate::config::load(&ctx.sources(&store))?.config;
            let analysis = crate::risk::analyze_in(
                Some(&ctx.cwd),
                &r.tool,
                &r.action,
                &r.scope,
                &config.risk.rule,
            );
            Ok(super::explain::render(&analysis))
        });
        match result {
            Ok(text) => format!("{said}{text}"),
            Err(e) => format!("{said}cannot explain: {e}\n"),
        }
    }
}

/// Every pending ask to review: of the store found from the folder, then (unless it was named)
/// of every other store in the inbox.
fn collect(ctx: &mut Ctx<'_>) -> Result<Vec<Item>, CliError> {
    let now = ctx.now()?;
    let (home, named) = approve::home_store(ctx)?;
    let mut stores = vec![home.clone()];
    if !named {
        stores.extend(approve::other_stores(ctx, &home)?);
    }
    let mut items = Vec::new();
    for (i, store) in stores.iter().enumerate() {
        let listed = (|| {
            let mut engine = approve::open_quietly(ctx, store)?;
            let mut v = Vec::new();
            for ask in engine.pending_asks(now)? {
                let r = engine.recommendation(&ask.newest, now)?;
                v.push(Item {
                    store: store.root().to_path_buf(),
                    recommendation: Some(format!("{} — {}", r.code, r.text)),
                    ask,
                });
            }
            Ok::<_, Error>(v)
        })();
        match listed {
            Ok(v) => items.extend(v),
            // The store in use must be readable; another one is reported and passed over.
            Err(e) if i == 0 => return Err(e.into()),
            Err(e) => {
                let msg =
                    format!("warning: could not read the store {}: {e}", store.root().display());
                ctx.status(&msg);
            }
        }
    }
    Ok(items)
}

/// Run `review`.
pub fn run(ctx: &mut Ctx<'_>, args: &ReviewArgs) -> Result<Outcome, CliError> {
    if ctx.global.json {
        return Err(CliError::from(Error::Invalid(
            "`aiperture review` is interactive and has no JSON output".into(),
        ))
        .hint("`aiperture pending --json` lists the pending asks as JSON"));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::from(Error::Invalid(
            "`aiperture review` is interactive, but standard input is not a terminal".into(),
        ))
        .hint(
            "list the pending asks with `aiperture pending`, then decide with \
             `aiperture approve ID` or `aiperture deny ID` (or `--last`)",
        ));
    }
    let items = collect(ctx)?;
    let mut decider = StoreDecider {
        global: ctx.global.clone(),
        cwd: ctx.cwd.clone(),
        now: Some(ctx.now()?),
        by: args.by.clone().unwrap_or_else(approve::default_decider),
        reason: args.reason.clone().unwrap_or_default(),
    };
    let tally = session(&items, &mut decider, &mut std::io::stdin().lock(), ctx.out)
        .map_err(|e| Error::Io { op: "read", path: "the terminal".into(), source: e })?;
    Ok(if tally.refused > 0 { Outcome::Negative } else { Outcome::Success })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Request;
    use crate::engine::challenge::Challenge;
    use crate::engine::state::ChallengeState;
    use crate::risk::Tier;

    fn item(n: u64, scope: &str, tier: Tier) -> Item {
        Item {
            ask: PendingAsk {
                count: n,
                first_seq: n,
                newest: ChallengeState {
                    challenge: Challenge {
                        id: format!("ch_{scope}"),
                        nonce: String::new(),
                        issued_at: "2026-11-26T10:00:00Z".into(),
                        expires_at: crate::clock::Timestamp::parse("2026-11-26T11:00:00.000000Z")
                            .unwrap(),
                        mac: String::new(),
                    },
                    request: Request::new("shell", "execute", scope),
                    verdict: Decision::Ask,
                    tier,
                    reason: "no rule decides".into(),
                    check_seq: n,
                    consumed: None,
                    decided_by: "default".into(),
                },
            },
            store: PathBuf::from("/p/.aiperture"),
            recommendation: Some("caution — proceed carefully".into()),
        }
    }

    /// Records what it was asked to do; refuses the scopes listed in `refuse`.
    #[derive(Default)]
    struct Fake {
        done: Vec<(String, Decision)>,
        explained: Vec<String>,
        refuse: Vec<&'static str>,
    }

    impl Decider for Fake {
        fn decide(&mut self, item: &Item, decision: Decision) -> Result<String, String> {
            let scope = item.ask.newest.request.scope.clone();
            if self.refuse.contains(&scope.as_str()) {
                return Err(format!("error: refused {scope}\n"));
            }
            self.done.push((scope.clone(), decision));
            Ok(format!("decided {scope}\n"))
        }
        fn explain(&mut self, item: &Item) -> String {
            self.explained.push(item.ask.newest.request.scope.clone());
            "risk LOW (full analysis)\n".into()
        }
    }

    fn drive(items: &[Item], fake: &mut Fake, input: &str) -> (Tally, String) {
        let mut out = Vec::new();
        let tally = session(items, fake, &mut input.as_bytes(), &mut out).unwrap();
        (tally, String::from_utf8(out).unwrap())
    }

    #[test]
    fn keys_approve_deny_skip_and_explain_in_order() {
        let items = [
            item(2, "cargo test", Tier::Low),
            item(1, "npm test", Tier::Medium),
            item(1, "ls", Tier::Low),
        ];
        let mut fake = Fake::default();
        let (tally, out) = drive(&items, &mut fake, "e\na\ns\nd\n");
        assert_eq!(
            fake.done,
            [("cargo test".to_string(), Decision::Allow), ("ls".to_string(), Decision::Deny)]
        );
        assert_eq!(fake.explained, ["cargo test"]);
        assert_eq!(tally, Tally { approved: 1, denied: 1, refused: 0 });
        assert!(
            out.starts_with(
                "3 pending asks:\n  1. [LOW] shell execute cargo test (asked 2 times)\n"
            ),
            "{out}"
        );
        assert!(out.contains("why: no rule decides"), "{out}");
        assert!(out.contains("recommendation: caution — proceed carefully"), "{out}");
        assert!(
            out.contains("ch_npm test (expires 2026-11-26T11:00:00.000000Z) in /p/.aiperture"),
            "{out}"
        );
        assert!(out.contains("risk LOW (full analysis)"), "{out}");
        assert!(out.contains("decided cargo test") && out.contains("decided ls"), "{out}");
        assert!(out.ends_with("1 approved, 1 denied, 0 refused, 1 left pending\n"), "{out}");
    }

    #[test]
    fn numbers_jump_quit_and_end_of_input_stop_without_deciding() {
        let items = [item(1, "a1", Tier::Low), item(1, "b2", Tier::High), item(1, "c3", Tier::Low)];
        let mut fake = Fake::default();
        let (_, out) = drive(&items, &mut fake, "3\nd\n3\n9\nwhat\nq\na\n");
        assert_eq!(fake.done, [("c3".to_string(), Decision::Deny)]);
        assert!(out.contains("3/3 [LOW] shell execute c3"), "{out}");
        // After the last ask the review ends: "3", "9", "what" and "a" are never read.
        assert!(out.ends_with("0 approved, 1 denied, 0 refused, 2 left pending\n"), "{out}");

        let mut fake = Fake::default();
        let (_, out) = drive(&items, &mut fake, "2\n2\n1\n9\nwhat\nq\na\n");
        assert!(fake.done.is_empty());
        assert!(
            out.contains("unknown answer `9`") && out.contains("unknown answer `what`"),
            "{out}"
        );
        assert!(out.ends_with("0 approved, 0 denied, 0 refused, 3 left pending\n"), "{out}");

        let mut fake = Fake::default();
        let (_, out) = drive(&items, &mut fake, "a\n");
        assert_eq!(fake.done, [("a1".to_string(), Decision::Allow)]);
        assert!(out.ends_with("1 approved, 0 denied, 0 refused, 2 left pending\n"), "{out}");
    }

    #[test]
    fn texts_from_a_store_cannot_move_the_terminal() {
        let mut it = item(1, "ls\u{1b}[2J", Tier::Low);
        it.ask.newest.reason = "fine\u{1b}]0;owned\u{7}\nnext".into();
        let out = render_list(&[it]);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("why: fine ]0;owned  next\n"), "{out:?}");
    }

    #[test]
    fn a_decided_ask_cannot_be_chosen_again_and_refusals_are_shown_and_counted() {
        let items = [item(1, "a1", Tier::Low), item(1, "b2", Tier::Low)];
        let mut fake = Fake { refuse: vec!["a1"], ..Fake::default() };
        let (tally, out) = drive(&items, &mut fake, "a\n1\nd\n");
        assert_eq!(tally, Tally { approved: 0, denied: 1, refused: 1 });
        assert!(out.contains("error: refused a1"), "{out}");
        // "1" is turned down (already decided) and the prompt stays on ask 2, which "d" denies.
        assert!(out.contains("ask 1 is already decided"), "{out}");
        assert_eq!(fake.done, [("b2".to_string(), Decision::Deny)]);
        assert_eq!(drive(&[], &mut Fake::default(), "a\n").1, "no pending asks\n");
    }
}

//! `aiperture approve`: a human approves a pending request by its challenge id.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json};
use crate::engine::state::ChallengeState;
use crate::engine::{Decision, Engine, HumanDecision, Recorded, challenge};
use crate::error::Error;
use crate::store::{FoundBy, Store, inbox};

/// Approve a pending request by its challenge id (human use)
///
/// Shows the request, its risk and the store that issued the challenge, asks for confirmation
/// on a terminal (or takes --yes), then journals the decision. Approve means "let it through":
/// the next check of that exact request (same project, tool, action, scope and content, in any
/// session) is allowed once while the challenge is valid (`decided_by = human_approval`); the
/// approval also counts once toward learning. The challenge is single use and expires (config
/// `challenge.ttl`). Expired, reused or forged challenges are refused (exit 1), an unknown one
/// is not found (exit 4), and the refusal is journaled too, as is an approval of a request that self-protection or a policy
/// deny rule denies, which a human decision cannot change. Agents cannot run this through
/// aiperture: it is a human channel.
///
/// The challenge is looked for in the store found from the working folder, then (unless
/// --store or AIPERTURE_STORE names one) in every other store that issued ask challenges on
/// this machine (the user store keeps a list), so it can be decided from any folder. Each
/// store verifies its own challenges with its own secret. `--last` takes the newest pending
/// ask instead of an id. `aiperture review` goes through every pending ask one by one.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "last"])))]
pub struct ApproveArgs {
    /// The challenge id (`ch_…`) printed by `check` or listed by `pending`
    #[arg(add = clap_complete::engine::ArgValueCompleter::new(super::completions::challenge_ids))]
    pub id: Option<String>,
    /// The newest pending ask (of the store found from the folder, else of any store with
    /// pending asks)
    #[arg(long)]
    pub last: bool,
    /// Who decides (default: $USER)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Why (journaled)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Do not ask for confirmation (for scripts run by a human)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Serialize)]
struct DecisionOutcome<'a> {
    #[serde(flatten)]
    recorded: &'a Recorded,
    by: &'a str,
    store: &'a Path,
}

/// The store a decision goes to: the one that issued the challenge, or, when no store knows
/// the id, the store found from the folder (which journals the refusal).
pub(crate) struct Target {
    /// The store.
    pub store: Store,
    /// The challenge id.
    pub id: String,
    /// Other stores looked in without finding the id.
    pub looked: Vec<PathBuf>,
}

/// The store found from the folder (or named), and whether it was named by --store or
/// AIPERTURE_STORE (then no other store is looked in).
pub(crate) fn home_store(ctx: &Ctx<'_>) -> Result<(Store, bool), CliError> {
    let store = ctx.store()?;
    let named = matches!(store.found_by(), FoundBy::Flag | FoundBy::Env);
    Ok((store, named))
}

/// The other stores of the inbox (listed because they issued ask challenges), pruned of stores
/// that no longer exist. An inbox that cannot be read only warns: it merely helps find.
pub(crate) fn other_stores(ctx: &mut Ctx<'_>, home: &Store) -> Result<Vec<Store>, CliError> {
    let user = ctx.user_dirs()?;
    let listed = match inbox::prune(&user) {
        Ok(l) => l,
        Err(e) => {
            ctx.status(&format!("warning: the list of stores with pending asks is unusable: {e}"));
            Vec::new()
        }
    };
    Ok(listed
        .iter()
        .filter(|p| !same_dir(p, home.root()))
        .filter_map(|p| Store::listed(p, &user))
        .collect())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Open the engine on `store` with its configuration, without the untrusted-settings warning
/// (a store merely looked in is not the one the user works in).
pub(crate) fn open_quietly(ctx: &mut Ctx<'_>, store: &Store) -> crate::error::Result<Engine> {
    let config = crate::config::load(&ctx.sources(store))?.config;
    ctx.engine_on(store, config)
}

/// Find the store that issued challenge `id`.
pub(crate) fn locate(ctx: &mut Ctx<'_>, id: &str) -> Result<Target, CliError> {
    let (home, named) = home_store(ctx)?;
    let mut target = Target { store: home, id: id.to_string(), looked: Vec::new() };
    if named || !challenge::is_id(id) || open_quietly(ctx, &target.store)?.challenge(id)?.is_some()
    {
        return Ok(target);
    }
    let mut found: Vec<Store> = Vec::new();
    for s in other_stores(ctx, &target.store)? {
        match open_quietly(ctx, &s).and_then(|mut e| e.challenge(id)) {
            Ok(Some(_)) => found.push(s),
            Ok(None) => target.looked.push(s.root().to_path_buf()),
            Err(e) => {
                let msg =
                    format!("warning: could not look in the store {}: {e}", s.root().display());
                ctx.status(&msg);
                target.looked.push(s.root().to_path_buf());
            }
        }
    }
    match found.len() {
        0 => Ok(target),
        1 => {
            target.store = found.swap_remove(0);
            Ok(target)
        }
        _ => {
            let roots: Vec<String> = found.iter().map(|s| s.root().display().to_string()).collect();
            Err(CliError::from(Error::Invalid(format!(
                "the challenge {id} is known to several stores: {}",
                roots.join(", ")
            )))
            .hint("pass `--store <DIR>` to name the store that issued it"))
        }
    }
}

/// The newest pending ask: of the store found from the folder, else (unless that store was
/// named) the newest of every store in the inbox.
pub(crate) fn newest(ctx: &mut Ctx<'_>) -> Result<Target, CliError> {
    let now = ctx.now()?;
    let (home, named) = home_store(ctx)?;
    let newest_of =
        |ctx: &mut Ctx<'_>, s: &Store| -> crate::error::Result<Option<ChallengeState>> {
            let mut engine = open_quietly(ctx, s)?;
            Ok(engine.pending_asks(now)?.into_iter().map(|g| g.newest).max_by_key(|c| c.check_seq))
        };
    if let Some(c) = newest_of(ctx, &home)? {
        return Ok(Target { store: home, id: c.challenge.id, looked: Vec::new() });
    }
    let mut looked = Vec::new();
    let mut best: Option<(String, Store, String)> = None;
    if !named {
        for s in other_stores(ctx, &home)? {
            looked.push(s.root().display().to_string());
            let Ok(Some(c)) = newest_of(ctx, &s) else { continue };
            if best.as_ref().is_none_or(|(at, ..)| c.challenge.issued_at > *at) {
                best = Some((c.challenge.issued_at.clone(), s, c.challenge.id));
            }
        }
    }
    if let Some((_, store, id)) = best {
        return Ok(Target { store, id, looked: Vec::new() });
    }
    let also = if looked.is_empty() {
        String::new()
    } else {
        format!(" nor in the other stores with pending asks ({})", looked.join(", "))
    };
    Err(CliError::from(Error::Invalid(format!(
        "no pending asks in the store {}{also}",
        home.root().display()
    )))
    .hint("`aiperture pending` lists open asks; pass `--store <DIR>` for another store"))
}

/// The challenge as shown before a decision: the request, its risk and the store.
pub(crate) fn describe_challenge(c: &ChallengeState, store: &Path) -> String {
    format!(
        "{} {} {}\n  risk {}, challenge expires {}\n  verdict was {} — {}\n  store {}\n",
        clip(&c.request.tool, 60),
        clip(&c.request.action, 60),
        clip(&c.request.scope, 300),
        c.tier,
        clip(&c.challenge.expires_at.to_string(), 40),
        c.verdict.as_str(),
        clip(&c.reason, 1000),
        clip(&store.display().to_string(), 300),
    )
}

/// The lines printed after a recorded decision.
pub(crate) fn describe_recorded(recorded: &Recorded) -> String {
    let verb = if recorded.decision == Decision::Allow { "approved" } else { "denied" };
    let mut line = format!(
        "{verb} {} {} {} (journal seq {})\n",
        recorded.request.tool,
        recorded.request.action,
        clip(&recorded.request.scope, 120),
        recorded.seq
    );
    if let Some(until) = &recorded.allowance {
        line.push_str(&format!(
            "note: the next identical request is allowed once (until {until})\n"
        ));
    }
    if let Some(why) = &recorded.not_learned {
        line.push_str(&format!("note: not learned from: {why}\n"));
    }
    if recorded.rapid {
        line.push_str(
            "note: many approvals in a short time: this one is journaled but not learned from\n",
        );
    }
    line
}

/// Journal a human decision on `target` through `channel`, exactly as `approve` and `deny` do.
pub(crate) fn record(
    ctx: &mut Ctx<'_>,
    target: &Target,
    decision: Decision,
    by: &str,
    reason: &str,
    channel: &str,
) -> Result<Recorded, CliError> {
    let recorded = crate::ops::human::record(
        &mut ctx.door_on(target.store.clone())?,
        &HumanDecision {
            id: &target.id,
            decision,
            by,
            reason,
            channel,
            expect: None,
            inferred: false,
        },
    );
    recorded.map_err(|e| {
        let unknown =
            matches!(e, Error::ChallengeRefused { reason: crate::error::Refusal::Unknown, .. });
        let mut e = CliError::from(e);
        if unknown && !target.looked.is_empty() {
            let looked: Vec<String> =
                target.looked.iter().map(|p| p.display().to_string()).collect();
            e.hints.insert(
                0,
                format!(
                    "not found either in the other stores with pending asks: {}",
                    looked.join(", ")
                ),
            );
        }
        e
    })
}

/// Shared by `approve` and `deny`.
pub(crate) fn decide(
    ctx: &mut Ctx<'_>,
    id: Option<&str>,
    last: bool,
    decision: Decision,
    by: Option<&str>,
    reason: Option<&str>,
    yes: bool,
) -> Result<Outcome, CliError> {
    let by = by.map_or_else(default_decider, str::to_string);
    let reason = reason.unwrap_or_default();
    let target = match id {
        Some(id) if !last => locate(ctx, id.trim())?,
        _ => newest(ctx)?,
    };

    // Show the request without holding the lock while a human reads it.
    let shown = open_quietly(ctx, &target.store)?.challenge(&target.id)?;
    if let Some(c) = &shown {
        let text = describe_challenge(c, target.store.root());
        if !yes {
            let _ = ctx.err.write_all(text.as_bytes());
            confirm(ctx, decision)?;
        } else if !ctx.global.quiet {
            let _ = ctx.err.write_all(text.as_bytes());
        }
    }

    let recorded = record(ctx, &target, decision, &by, reason, "cli")?;
    if ctx.global.json {
        print_json(
            ctx.out,
            &DecisionOutcome { recorded: &recorded, by: &by, store: target.store.root() },
        )?;
    } else {
        ctx.done(&describe_recorded(&recorded))?;
    }
    Ok(Outcome::Success)
}

fn confirm(ctx: &mut Ctx<'_>, decision: Decision) -> Result<(), CliError> {
    require_terminal("pass --yes to decide without a prompt")?;
    let verb = if decision == Decision::Allow { "Approve" } else { "Deny" };
    ask_yes(ctx, &format!("{verb}?"), "nothing was recorded")
}

/// Fail unless standard input is a terminal a confirmation can be read from.
pub(crate) fn require_terminal(hint: &str) -> Result<(), CliError> {
    if std::io::stdin().is_terminal() {
        return Ok(());
    }
    Err(CliError::from(Error::Invalid(
        "confirmation needed, but standard input is not a terminal".into(),
    ))
    .hint(hint))
}

/// Ask `question [y/N]` on the terminal; anything but yes fails with "not confirmed; …".
pub(crate) fn ask_yes(ctx: &mut Ctx<'_>, question: &str, not_done: &str) -> Result<(), CliError> {
    // One write: on a terminal, typed-ahead input is echoed between writes, and a prompt
    // written in pieces would come out split around the echo.
    let _ = ctx.err.write_all(format!("{question} [y/N] ").as_bytes());
    let _ = ctx.err.flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| Error::Io {
        op: "read",
        path: "standard input".into(),
        source: e,
    })?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(CliError::from(Error::Invalid(format!("not confirmed; {not_done}"))))
    }
}

pub(crate) fn default_decider() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "human".into())
}

/// Run `approve`.
pub fn run(ctx: &mut Ctx<'_>, args: &ApproveArgs) -> Result<Outcome, CliError> {
    decide(
        ctx,
        args.id.as_deref(),
        args.last,
        Decision::Allow,
        args.by.as_deref(),
        args.reason.as_deref(),
        args.yes,
    )
}

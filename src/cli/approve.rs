//! `aiperture approve`: a human approves a pending request by its challenge id.

use std::io::{BufRead, IsTerminal};

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json};
use crate::engine::{Decision, HumanDecision, Recorded};
use crate::error::Error;

/// Approve a pending request by its challenge id (human use)
///
/// Shows the request and its risk, asks for confirmation on a terminal (or takes --yes), then
/// journals the decision. Approve means "let it through": the next check of that exact
/// request (same project, tool, action, scope and content, in any session) is allowed once
/// while the challenge is valid (`decided_by = human_approval`); the approval also counts once
/// toward learning. The challenge is single use and expires (config `challenge.ttl`).
/// Expired, reused or forged challenges are refused (exit 1), an unknown one is not found
/// (exit 4), and the refusal is journaled too, as is an approval of a request that
/// self-protection or a policy deny rule denies, which a human decision cannot change. Agents
/// cannot run this through aiperture: it is a human channel.
#[derive(clap::Args, Debug)]
pub struct ApproveArgs {
    /// The challenge id (`ch_…`) printed by `check` or listed by `pending`
    pub id: String,
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
}

/// Shared by `approve` and `deny`.
pub(crate) fn decide(
    ctx: &mut Ctx<'_>,
    id: &str,
    decision: Decision,
    by: Option<&str>,
    reason: Option<&str>,
    yes: bool,
) -> Result<Outcome, CliError> {
    let id = id.trim();
    let by = by.map_or_else(default_decider, str::to_string);
    let reason = reason.unwrap_or_default();
    let now = ctx.now()?;
    let store = ctx.store()?;
    let config = ctx.config(&store)?.config;

    // Show the request without holding the lock while a human reads it.
    let shown = {
        let mut engine = ctx.engine_on(&store, config.clone())?;
        engine.challenge(id)?
    };
    if let Some(c) = &shown {
        let text = format!(
            "{} {} {}\n  risk {}, challenge expires {}\n  verdict was {} — {}\n",
            c.request.tool,
            c.request.action,
            clip(&c.request.scope, 300),
            c.tier,
            c.challenge.expires_at,
            c.verdict.as_str(),
            c.reason,
        );
        if !yes {
            let _ = ctx.err.write_all(text.as_bytes());
            confirm(ctx, decision)?;
        } else if !ctx.global.quiet {
            let _ = ctx.err.write_all(text.as_bytes());
        }
    }

    let mut engine = ctx.engine_on(&store, config)?;
    let recorded = engine.record(
        &HumanDecision {
            id,
            decision,
            by: &by,
            reason,
            channel: "cli",
            expect: None,
            inferred: false,
        },
        now,
    )?;
    drop(engine);
    if ctx.global.json {
        print_json(ctx.out, &DecisionOutcome { recorded: &recorded, by: &by })?;
    } else {
        let verb = if decision == Decision::Allow { "approved" } else { "denied" };
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
        ctx.done(&line)?;
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
    let _ = write!(ctx.err, "{question} [y/N] ");
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
    decide(ctx, &args.id, Decision::Allow, args.by.as_deref(), args.reason.as_deref(), args.yes)
}

//! `aiperture pending`: requests waiting for a human decision.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, table, write_out};
use crate::engine::state::ChallengeState;

/// List requests waiting for a human decision
///
/// Every challenge that is neither decided nor expired, oldest first. Approve or deny one with
/// `aiperture approve ID` / `aiperture deny ID`.
#[derive(clap::Args, Debug)]
pub struct PendingArgs {}

#[derive(Serialize)]
struct PendingList<'a> {
    pending: &'a [ChallengeState],
}

/// Run `pending`.
pub fn run(ctx: &mut Ctx<'_>, _args: &PendingArgs) -> Result<Outcome, CliError> {
    let now = ctx.now()?;
    let mut engine = ctx.engine()?;
    let pending = engine.pending(now)?;
    drop(engine);
    if ctx.global.json {
        print_json(ctx.out, &PendingList { pending: &pending })?;
        return Ok(Outcome::Success);
    }
    if pending.is_empty() {
        write_out(ctx.out, b"no pending requests\n")?;
        return Ok(Outcome::Success);
    }
    let mut t = table(&["CHALLENGE", "TOOL", "ACTION", "SCOPE", "RISK", "VERDICT", "EXPIRES"]);
    for c in &pending {
        t.add_row(vec![
            c.challenge.id.clone(),
            c.request.tool.clone(),
            c.request.action.clone(),
            clip(&c.request.scope, 60),
            c.tier.to_string(),
            c.verdict.as_str().to_string(),
            c.challenge.expires_at.clone(),
        ]);
    }
    write_out(ctx.out, format!("{t}\n").as_bytes())?;
    Ok(Outcome::Success)
}

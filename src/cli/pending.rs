//! `aiperture pending`: requests waiting for a human decision.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, table, write_out};
use crate::engine::PendingAsk;

/// List requests waiting for a human decision
///
/// Every open ask (neither decided nor expired), one line per request: the same tool, action,
/// scope, project and content asked about several times is listed once, with how many times
/// (COUNT) and the newest challenge id, oldest request first. Denies are not listed: a human
/// approval cannot turn them into allows. Approve or deny with `aiperture approve ID` /
/// `aiperture deny ID` (`--last` for the newest), or go through them with `aiperture review`.
#[derive(clap::Args, Debug)]
pub struct PendingArgs {}

#[derive(Serialize)]
struct PendingList<'a> {
    pending: &'a [PendingAsk],
}

/// Run `pending`.
pub fn run(ctx: &mut Ctx<'_>, _args: &PendingArgs) -> Result<Outcome, CliError> {
    let pending = crate::ops::learned::pending(&mut ctx.door()?, None, None)?;
    if ctx.global.json {
        print_json(ctx.out, &PendingList { pending: &pending })?;
        return Ok(Outcome::Success);
    }
    if pending.is_empty() {
        write_out(ctx.out, b"no pending requests\n")?;
        return Ok(Outcome::Success);
    }
    let mut t = table(&["CHALLENGE", "COUNT", "TOOL", "ACTION", "SCOPE", "RISK", "EXPIRES"]);
    for g in &pending {
        let c = &g.newest;
        t.add_row(vec![
            c.challenge.id.clone(),
            g.count.to_string(),
            c.request.tool.clone(),
            c.request.action.clone(),
            clip(&c.request.scope, 60),
            c.tier.to_string(),
            c.challenge.expires_at.to_string(),
        ]);
    }
    write_out(ctx.out, format!("{t}\n").as_bytes())?;
    Ok(Outcome::Success)
}

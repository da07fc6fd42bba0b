//! `aiperture patterns`: what learning knows, pattern by pattern.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, table, write_out};
use crate::engine::PatternReport;

/// Show what aiperture learned from human decisions
///
/// One row per pattern with its counted approvals and denials, approval rate and status:
/// AUTO-ALLOW or AUTO-DENY (the pattern decides), ASKING k of N (not enough decisions yet),
/// SPLIT (humans disagree), EXPIRED (the newest decision is older than
/// `learning.pattern_max_age_days`).
#[derive(clap::Args, Debug)]
pub struct PatternsArgs {}

#[derive(Serialize)]
struct PatternList<'a> {
    patterns: &'a [PatternReport],
}

/// Run `patterns`.
pub fn run(ctx: &mut Ctx<'_>, _args: &PatternsArgs) -> Result<Outcome, CliError> {
    let now = ctx.now()?;
    let mut engine = ctx.engine()?;
    let patterns = engine.patterns(now)?;
    drop(engine);
    if ctx.global.json {
        print_json(ctx.out, &PatternList { patterns: &patterns })?;
        return Ok(Outcome::Success);
    }
    if patterns.is_empty() {
        write_out(
            ctx.out,
            b"no learned patterns yet: approve or deny requests to teach aiperture\n",
        )?;
        return Ok(Outcome::Success);
    }
    let mut t = table(&["TOOL", "ACTION", "PATTERN", "ALLOW", "DENY", "RATE", "STATUS", "NEWEST"]);
    for p in &patterns {
        t.add_row(vec![
            p.stats.tool.clone(),
            p.stats.action.clone(),
            clip(&p.stats.pattern, 50),
            p.stats.allows.to_string(),
            p.stats.denies.to_string(),
            format!("{:.0}%", p.rate * 100.0),
            p.status.label(),
            p.stats.newest.chars().take(19).collect(),
        ]);
    }
    write_out(ctx.out, format!("{t}\n").as_bytes())?;
    Ok(Outcome::Success)
}

//! `aiperture stats`: what the journal says about checks and decisions.

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, write_out};

/// Summarise checks, decisions and the journal
#[derive(clap::Args, Debug)]
pub struct StatsArgs {}

/// Run `stats`.
pub fn run(ctx: &mut Ctx<'_>, _a: &StatsArgs) -> Result<Outcome, CliError> {
    let r = crate::ops::journal::stats(&mut ctx.door()?)?;
    if ctx.global.json {
        print_json(ctx.out, &r)?;
        return Ok(Outcome::Success);
    }
    let join = |m: &std::collections::BTreeMap<String, u64>| {
        m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
    };
    let mut s = format!(
        "events: {} in {} segment(s), {} bytes ({} … {})\n",
        r.events,
        r.segments,
        r.journal_bytes,
        r.first.as_deref().unwrap_or("-"),
        r.last.as_deref().unwrap_or("-")
    );
    s.push_str(&format!("by kind: {}\n", join(&r.by_kind)));
    s.push_str(&format!("checks: {}\n", join(&r.checks_by_decision)));
    s.push_str(&format!("decided by: {}\n", join(&r.checks_by_decided_by)));
    s.push_str(&format!(
        "human decisions: {} ({} refused)\n",
        join(&r.human_decisions),
        r.refused_decisions
    ));
    s.push_str(&format!("decided by learning: {:.1}% of checks\n", r.auto_learned_percent));
    if !r.top_asked.is_empty() {
        s.push_str("most asked:\n");
        for (tool, action, scope, n) in &r.top_asked {
            s.push_str(&format!("  {n:>5}  {tool} {action} {}\n", clip(scope, 60)));
        }
    }
    write_out(ctx.out, s.as_bytes())?;
    Ok(Outcome::Success)
}

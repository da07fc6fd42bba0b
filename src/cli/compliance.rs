//! `aiperture compliance`: did every tool that ran have an allow first?

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, table, write_out};

/// Check that every reported execution was allowed first
///
/// An execution (see `report-execution`) is covered when the latest verdict or human decision
/// for the same request in the same session, journaled before it, was allow. Anything else is
/// a violation: no check at all, a check after the fact, or a deny or ask.
///
/// Exit status: 0 no violations, 1 violations.
#[derive(clap::Args, Debug)]
pub struct ComplianceArgs {
    /// Only this session
    #[arg(long)]
    pub session: Option<String>,
}

/// Run `compliance`.
pub fn run(ctx: &mut Ctx<'_>, a: &ComplianceArgs) -> Result<Outcome, CliError> {
    let r = crate::ops::journal::compliance(&mut ctx.door()?, a.session.as_deref())?;
    if ctx.global.json {
        print_json(ctx.out, &r)?;
    } else {
        let mut s = format!(
            "{} execution(s), {} covered, {} violation(s), coverage {:.1}%\n",
            r.executions,
            r.covered,
            r.violations.len(),
            r.coverage_percent
        );
        if !r.violations.is_empty() {
            let mut t = table(&["SEQ", "TIME", "SESSION", "TOOL", "ACTION", "SCOPE", "WHY"]);
            for v in &r.violations {
                t.add_row(vec![
                    v.seq.to_string(),
                    v.ts.chars().take(19).collect(),
                    v.request.session.clone(),
                    v.request.tool.clone(),
                    v.request.action.clone(),
                    clip(&v.request.scope, 40),
                    v.reason.clone(),
                ]);
            }
            s.push_str(&format!("{t}\n"));
        }
        for (channel, n) in &r.human_decisions_by_channel {
            s.push_str(&format!("human decisions via {channel}: {n}\n"));
        }
        for (step, n) in &r.checks_by_decided_by {
            s.push_str(&format!("checks decided by {step}: {n}\n"));
        }
        write_out(ctx.out, s.as_bytes())?;
    }
    Ok(if r.violations.is_empty() { Outcome::Success } else { Outcome::Negative })
}

//! `aiperture revoke`: cancel what was learned from earlier human decisions.

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, write_out};
use crate::engine::{RevokeRequest, Revoked};

/// Cancel every earlier human decision a pattern covers (human use)
///
/// PATTERN is a glob over the exact scopes and the learned patterns of TOOL and ACTION (see
/// `aiperture patterns`), e.g. `git push*` or `src/*.rs`. The decisions stay in the journal
/// but no longer count; session memory of them is dropped too, so the next such request asks
/// again. The count is shown first; `--dry-run` shows it and changes nothing.
///
/// On a terminal it then asks for confirmation (when there is something to revoke); `--yes`
/// skips the question, and is required when standard input is not a terminal.
#[derive(clap::Args, Debug)]
pub struct RevokeArgs {
    /// Tool
    pub tool: String,
    /// Action
    pub action: String,
    /// Glob over exact scopes and learned patterns (quote it)
    #[arg(allow_hyphen_values = true)]
    pub pattern: String,
    /// Show what would be revoked and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required when standard input is not a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Organisation
    #[arg(long, default_value = "default")]
    pub org: String,
    /// Who revokes (default: $USER)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Why (journaled)
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
}

/// Run `revoke`.
pub fn run(ctx: &mut Ctx<'_>, a: &RevokeArgs) -> Result<Outcome, CliError> {
    let confirm = !a.dry_run && !a.yes;
    if confirm {
        super::approve::require_terminal(
            "pass --yes to revoke without a prompt (--dry-run shows what would be revoked)",
        )?;
    }
    let by = a.by.clone().unwrap_or_else(super::approve::default_decider);
    let req = RevokeRequest {
        org: &a.org,
        tool: &a.tool,
        action: &a.action,
        pattern: &a.pattern,
        by: &by,
        reason: &a.reason,
    };
    if confirm {
        // Show what would go without holding the lock while a human reads it.
        let preview = crate::ops::human::revoke(&mut ctx.door()?, &req, true)?;
        if preview.decisions > 0 {
            let _ = ctx.err.write_all(patterns_text(&preview).as_bytes());
            let question = format!(
                "Revoke {} decision(s) on {} pattern(s)?",
                preview.decisions,
                preview.patterns.len()
            );
            super::approve::ask_yes(ctx, &question, "nothing was revoked")?;
        }
    }
    let r: Revoked = crate::ops::human::revoke(&mut ctx.door()?, &req, a.dry_run)?;
    if ctx.global.json {
        print_json(ctx.out, &r)?;
        return Ok(Outcome::Success);
    }
    let mut s = patterns_text(&r);
    s.push_str(&match r.seq {
        None => {
            format!("would revoke {} decision(s) on {} pattern(s)\n", r.decisions, r.patterns.len())
        }
        Some(seq) => format!(
            "revoked {} decision(s) on {} pattern(s) (journal seq {seq})\n",
            r.decisions,
            r.patterns.len()
        ),
    });
    // A dry run's report is what was asked for; a done revocation is a confirmation.
    if r.seq.is_none() {
        write_out(ctx.out, s.as_bytes())?;
    } else {
        ctx.done(&s)?;
    }
    Ok(Outcome::Success)
}

/// One line per pattern revoked, with its counts.
fn patterns_text(r: &Revoked) -> String {
    let mut s = String::new();
    for p in &r.patterns {
        s.push_str(&format!(
            "  {} {} {}{}: {} allow, {} deny\n",
            p.tool,
            p.action,
            clip(&p.pattern, 60),
            if p.normalized { " (pattern)" } else { "" },
            p.allows,
            p.denies
        ));
    }
    s
}

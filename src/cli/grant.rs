//! `aiperture grant`: a human lets one task do something without asking.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, table, write_out};
use crate::engine::events::GrantEvent;
use crate::engine::{Decision, GrantRequest};
use crate::error::Error;

/// Let one task do something without asking (human use)
///
/// A grant applies to checks that carry `--task TASK` and match its TOOL, ACTION and SCOPE
/// globs (`*` matches anything, `/` included). The most specific live grant wins, deny > ask >
/// allow on a tie; policy deny rules still win over grants, and a CRITICAL request is allowed
/// only by a grant without wildcards, so an allow grant with wildcards for what is CRITICAL
/// (`dd of=/dev/sd*`) is refused. `grant list` shows grants, `grant revoke ID` ends one.
///
/// Without `--ttl` a grant never expires: a notice on standard error says so (hidden by
/// `--quiet`) until `grant revoke` ends it.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct GrantArgs {
    /// List or revoke grants
    #[command(subcommand)]
    pub sub: Option<GrantCommand>,
    /// Tool glob
    #[arg(required = true)]
    pub tool: Option<String>,
    /// Action glob
    #[arg(required = true)]
    pub action: Option<String>,
    /// Scope glob (quote it)
    #[arg(required = true, allow_hyphen_values = true)]
    pub scope: Option<String>,
    /// The task the grant is for
    #[arg(long, value_name = "TASK", required = true)]
    pub task: Option<String>,
    /// What the grant decides
    #[arg(long, default_value = "allow", value_parser = ["allow", "deny", "ask"])]
    pub decision: String,
    /// Shorthand for `--decision deny`
    #[arg(long, conflicts_with = "decision")]
    pub deny: bool,
    /// How long the grant lives: 90s, 15m, 8h, 7d (default: it never expires)
    #[arg(long, value_name = "DURATION")]
    pub ttl: Option<String>,
    /// Organisation
    #[arg(long, default_value = "default")]
    pub org: String,
    /// Who grants (default: $USER)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Why (journaled)
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
}

/// `grant list` / `grant revoke`.
#[derive(clap::Subcommand, Debug)]
pub enum GrantCommand {
    /// List grants (expired ones too, with their expiry)
    List {
        /// Only this task's grants
        #[arg(long, value_name = "TASK")]
        task: Option<String>,
    },
    /// End a grant before its time (human use)
    Revoke {
        /// The grant id (`gr_…`), as printed by `grant` and `grant list`
        id: String,
        /// Who revokes (default: $USER)
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
}

#[derive(Serialize)]
struct GrantList<'a> {
    grants: &'a [GrantEvent],
}

/// Run `grant`.
pub fn run(ctx: &mut Ctx<'_>, args: &GrantArgs) -> Result<Outcome, CliError> {
    if let Some(GrantCommand::Revoke { id, by }) = &args.sub {
        let by = by.clone().unwrap_or_else(super::approve::default_decider);
        let g = crate::ops::human::revoke_grant(&mut ctx.door()?, id, &by)?;
        if ctx.global.json {
            print_json(ctx.out, &g)?;
        } else {
            ctx.done(&format!("revoked {} (task {})\n", g.grant, g.task))?;
        }
        return Ok(Outcome::Success);
    }
    if let Some(GrantCommand::List { task }) = &args.sub {
        let grants = crate::ops::human::grants(&mut ctx.door()?, task.as_deref())?;
        if ctx.global.json {
            print_json(ctx.out, &GrantList { grants: &grants })?;
        } else if grants.is_empty() {
            write_out(ctx.out, b"no grants\n")?;
        } else {
            let mut t = table(&["GRANT", "TASK", "TOOL", "ACTION", "SCOPE", "DECISION", "EXPIRES"]);
            for g in &grants {
                t.add_row(vec![
                    g.grant.clone(),
                    g.task.clone(),
                    g.tool.clone(),
                    g.action.clone(),
                    clip(&g.scope, 50),
                    g.decision.as_str().to_string(),
                    g.expires_at.map_or_else(|| "never".into(), |e| e.to_string()),
                ]);
            }
            write_out(ctx.out, format!("{t}\n").as_bytes())?;
        }
        return Ok(Outcome::Success);
    }
    let ttl = args.ttl.as_deref().map(|t| crate::ops::human::parse_ttl("--ttl", t)).transpose()?;
    let decision: Decision =
        if args.deny { Decision::Deny } else { args.decision.parse().map_err(Error::Invalid)? };
    let by = args.by.clone().unwrap_or_else(super::approve::default_decider);
    let g = crate::ops::human::grant(
        &mut ctx.door()?,
        &GrantRequest {
            org: &args.org,
            task: args.task.as_deref().unwrap_or_default(),
            tool: args.tool.as_deref().unwrap_or_default(),
            action: args.action.as_deref().unwrap_or_default(),
            scope: args.scope.as_deref().unwrap_or_default(),
            decision,
            by: &by,
            reason: &args.reason,
            ttl,
        },
    )?;
    if g.expires_at.is_none() {
        ctx.status(&format!(
            "note: grant {id} never expires; `aiperture grant revoke {id}` ends it (give --ttl, \
             such as --ttl 8h, for a grant that ends by itself)",
            id = g.grant
        ));
    }
    if ctx.global.json {
        print_json(ctx.out, &g)?;
    } else {
        write_out(
            ctx.out,
            format!(
                "{} task {}: {} {} {} → {}{}\n",
                g.grant,
                g.task,
                g.tool,
                g.action,
                clip(&g.scope, 80),
                g.decision.as_str(),
                g.expires_at.map(|e| format!(" until {e}")).unwrap_or_default()
            )
            .as_bytes(),
        )?;
    }
    Ok(Outcome::Success)
}

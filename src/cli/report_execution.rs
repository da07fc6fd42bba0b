//! `aiperture report-execution`: record that a tool ran, for compliance.

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::print_json;
use crate::engine::Request;

/// Record that a tool ran, for compliance
///
/// Agent hooks call this after a tool ran (or failed). `aiperture compliance` then reports
/// every execution that no earlier allow for the same request in the same session covers.
#[derive(clap::Args, Debug)]
pub struct ReportExecutionArgs {
    /// Tool family
    pub tool: String,
    /// Action
    pub action: String,
    /// Scope (quote it)
    #[arg(allow_hyphen_values = true)]
    pub scope: String,
    /// Session
    #[arg(long, default_value = "")]
    pub session: String,
    /// Organisation
    #[arg(long, default_value = "default")]
    pub org: String,
    /// Project
    #[arg(long, default_value = "")]
    pub project: String,
    /// Task
    #[arg(long, default_value = "")]
    pub task: String,
    /// Content hash
    #[arg(long, default_value = "")]
    pub content_hash: String,
    /// Whether the tool succeeded
    #[arg(long, default_value = "ok", value_parser = ["ok", "failed"])]
    pub status: String,
}

#[derive(serde::Serialize)]
struct Out {
    seq: u64,
}

/// Run `report-execution`.
pub fn run(ctx: &mut Ctx<'_>, a: &ReportExecutionArgs) -> Result<Outcome, CliError> {
    let mut req = Request::new(&a.tool, &a.action, &a.scope);
    req.session.clone_from(&a.session);
    req.org.clone_from(&a.org);
    req.project.clone_from(&a.project);
    req.task.clone_from(&a.task);
    req.content_hash.clone_from(&a.content_hash);
    // Validated by the operation, before it takes the lock.
    let seq = crate::ops::journal::report_execution(&mut ctx.door()?, &req, &a.status, "cli")?;
    if ctx.global.json {
        print_json(ctx.out, &Out { seq })?;
    } else {
        ctx.done(&format!("recorded execution (journal seq {seq})\n"))?;
    }
    Ok(Outcome::Success)
}

//! `aiperture deny`: a human denies a pending request by its challenge id.

use super::Ctx;
use super::exit::{CliError, Outcome};
use crate::engine::Decision;

/// Deny a pending request by its challenge id (human use)
///
/// Shows the request and its risk, asks for confirmation on a terminal (or takes --yes), then
/// journals the decision; learning counts it against the request. Expired, reused or forged
/// challenges are refused (exit 1), an unknown one is not found (exit 4); the refusal is
/// journaled too.
#[derive(clap::Args, Debug)]
pub struct DenyArgs {
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

/// Run `deny`.
pub fn run(ctx: &mut Ctx<'_>, args: &DenyArgs) -> Result<Outcome, CliError> {
    super::approve::decide(
        ctx,
        &args.id,
        Decision::Deny,
        args.by.as_deref(),
        args.reason.as_deref(),
        args.yes,
    )
}

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
///
/// The challenge is found from any folder as for `approve` (the store of the working folder,
/// then every other store that issued ask challenges), and the store is shown before the
/// prompt. `--last` takes the newest pending ask instead of an id.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "last"])))]
pub struct DenyArgs {
    /// The challenge id (`ch_…`) printed by `check` or listed by `pending`
    #[arg(add = clap_complete::engine::ArgValueCompleter::new(super::completions::challenge_ids))]
    pub id: Option<String>,
    /// The newest pending ask (of the store found from the folder, else of any store with
    /// pending asks)
    #[arg(long)]
    pub last: bool,
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
        args.id.as_deref(),
        args.last,
        Decision::Deny,
        args.by.as_deref(),
        args.reason.as_deref(),
        args.yes,
    )
}

//! `aiperture completions`: shell completion scripts generated from the clap definitions.

use clap::CommandFactory;
use clap_complete::Shell;

use super::exit::{CliError, Outcome};
use super::output::write_out;
use super::{Cli, Ctx};

/// Print a shell completion script
///
/// For example: `aiperture completions bash > ~/.local/share/bash-completion/completions/aiperture`.
#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Run `completions`.
pub fn run(ctx: &mut Ctx<'_>, args: &CompletionsArgs) -> Result<Outcome, CliError> {
    let mut buf = Vec::new();
    // Subcommands are deferred (see `Command`): build them all so every one is completed. The
    // `help` subcommand's tree is made before they expand, so it lists the top level only.
    let mut cmd = Cli::command();
    cmd.build();
    clap_complete::generate(args.shell, &mut cmd, "aiperture", &mut buf);
    write_out(ctx.out, &buf)?;
    Ok(Outcome::Success)
}

//! `aiperture bootstrap`: start from a reviewed policy preset.

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, write_out};
use crate::engine::presets::PRESETS;

/// Start from a reviewed policy preset (human use)
///
/// Appends the preset's rules to the store's policy.toml under a marker line, checks that the
/// policy still parses, and trusts the result (its allow rules apply at once). Presets:
/// `developer` (routine reads, builds and tests allowed; publishing, force pushes and secrets
/// denied), `readonly` (reads allowed, never secrets; everything else asks) and `minimal`
/// (only the denials). Their text is in examples/presets/; `--show` prints it.
#[derive(clap::Args, Debug)]
pub struct BootstrapArgs {
    /// The preset
    #[arg(value_parser = ["developer", "readonly", "minimal"])]
    pub preset: String,
    /// Print the preset's rules and change nothing
    #[arg(long)]
    pub show: bool,
}

/// Run `bootstrap`.
pub fn run(ctx: &mut Ctx<'_>, a: &BootstrapArgs) -> Result<Outcome, CliError> {
    if a.show {
        let text = PRESETS.iter().find(|(n, _, _)| *n == a.preset).map_or("", |(_, _, t)| *t);
        write_out(ctx.out, text.as_bytes())?;
        return Ok(Outcome::Success);
    }
    let now = ctx.now()?;
    let mut engine = ctx.engine()?;
    let ev = engine.bootstrap(&a.preset, now)?;
    drop(engine);
    if ctx.global.json {
        print_json(ctx.out, &ev)?;
    } else {
        ctx.done(&format!(
            "added preset {} ({} rules) to {} and trusted it\n",
            ev.preset, ev.rules, ev.file
        ))?;
    }
    Ok(Outcome::Success)
}

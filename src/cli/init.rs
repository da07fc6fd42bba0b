//! `aiperture init`: create a project store.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::print_json;
use crate::store::Store;

/// Create a project store (.aiperture/) in a folder
///
/// Writes config.toml and policy.toml (commit both), a .gitignore that keeps local state out
/// of version control, and a fresh 32-byte secret (mode 0600). The journal and index are
/// created by the first check.
#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Folder to create .aiperture/ in (default: the working folder)
    pub dir: Option<PathBuf>,
}

#[derive(Serialize)]
struct InitOut {
    store: String,
    created: Vec<&'static str>,
    /// The seq an earlier journal at this place had reached, by its witness in the user
    /// store (forgotten now: this store starts a new history).
    #[serde(skip_serializing_if = "Option::is_none")]
    forgot_witness_of_seq: Option<u64>,
}

/// Run `init`.
pub fn run(ctx: &mut Ctx<'_>, args: &InitArgs) -> Result<Outcome, CliError> {
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => ctx.cwd.join(d),
        None => ctx.cwd.clone(),
    };
    if !dir.is_dir() {
        return Err(CliError::from(crate::error::Error::Invalid(format!(
            "{} is not a folder",
            dir.display()
        ))));
    }
    let store = Store::init(&dir, &ctx.user_dirs()?)?;
    let forgot = crate::store::witness::forget(&store)?;
    let out = InitOut {
        store: store.root().display().to_string(),
        created: vec!["config.toml", "policy.toml", ".gitignore", "secret"],
        forgot_witness_of_seq: forgot,
    };
    if ctx.global.json {
        print_json(ctx.out, &out)?;
    } else {
        ctx.done(&format!(
            "created {}\n  commit config.toml and policy.toml; the rest stays local\n",
            out.store
        ))?;
        if let Some(seq) = forgot {
            ctx.status(&format!(
                "note: a store here had journaled {seq} event(s) before; its witness is \
                 forgotten and this store starts a new history"
            ));
        }
    }
    Ok(Outcome::Success)
}

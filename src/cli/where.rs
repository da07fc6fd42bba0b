//! `aiperture where`: which store is in use and how it was found.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, write_out};
use crate::store::FoundBy;

/// Print which store is in use and how it was found
#[derive(clap::Args, Debug)]
pub struct WhereArgs {}

#[derive(Serialize)]
struct WhereOut {
    store: String,
    found_by: FoundBy,
    user_config: String,
}

/// Run `where`.
pub fn run(ctx: &mut Ctx<'_>, _args: &WhereArgs) -> Result<Outcome, CliError> {
    let store = ctx.store()?;
    let out = WhereOut {
        store: store.root().display().to_string(),
        found_by: store.found_by(),
        user_config: store.user_dirs().config_file.display().to_string(),
    };
    if ctx.global.json {
        print_json(ctx.out, &out)?;
    } else {
        write_out(ctx.out, format!("{}\n", out.store).as_bytes())?;
        let how = store.found_by().describe();
        ctx.status(&format!("({how})"));
    }
    Ok(Outcome::Success)
}

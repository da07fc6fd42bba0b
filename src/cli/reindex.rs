//! `aiperture reindex`: rebuild the derived index from the journal.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::print_json;

/// Rebuild the derived index from the journal
///
/// The index (learned statistics, session counters, pending challenges) is a cache of the
/// journal. It is rebuilt automatically when missing or inconsistent; this forces it.
#[derive(clap::Args, Debug)]
pub struct ReindexArgs {}

#[derive(Serialize)]
struct ReindexOut {
    events: u64,
}

/// Run `reindex`.
pub fn run(ctx: &mut Ctx<'_>, _args: &ReindexArgs) -> Result<Outcome, CliError> {
    let mut engine = ctx.engine()?;
    let started = std::time::Instant::now();
    let total = engine.last_seq();
    ctx.progress(&format!("rebuilding the index from {total} journal events…"));
    let events = engine.rebuild()?;
    drop(engine);
    ctx.progress(&format!("done in {:.1} s", started.elapsed().as_secs_f64()));
    if ctx.global.json {
        print_json(ctx.out, &ReindexOut { events })?;
    } else {
        ctx.done(&format!("rebuilt the index from {events} events\n"))?;
    }
    Ok(Outcome::Success)
}

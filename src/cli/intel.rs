//! `aiperture intel`: share what this organisation approves and denies, privately, and pool
//! what others share.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, printable, table, write_out};
use crate::engine::intel::{Imported, Signal};
use crate::error::{Error, IoContext};
use crate::store::fsutil;

/// Shared intelligence: learn across teams without revealing anyone's decisions
#[derive(clap::Subcommand, Debug)]
pub enum IntelCommand {
    Export(ExportArgs),
    Import(ImportArgs),
    Show(ShowArgs),
}

/// Write a signed, privacy-preserving export of the learned patterns
///
/// Each learned pattern is generalized to its command and subcommand (`git push`,
/// `cargo test`; tool and action alone for files, web and the rest; unknown programs, script
/// paths and compound commands are left out), so no file names, hosts or arguments leave the
/// organisation. Whether the organisation approves it is reported through randomized response
/// with privacy parameter ε per pattern: the true answer with probability e^ε/(1+e^ε), the
/// opposite otherwise, so every single answer is deniable. The file states ε, the number of
/// patterns and the total budget spent (patterns × ε). It is signed with this store's own
/// random ed25519 key (`.aiperture/intel.key`, created on first export); the organisation id
/// is the key's fingerprint and says nothing about who you are. The export is dated to the
/// day only.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Privacy parameter per pattern (default: `intel.epsilon`, 1.0)
    #[arg(long, value_name = "E")]
    pub epsilon: Option<f64>,
    /// Write the export to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Pool exports from other organisations (or this one)
///
/// Each file's signature is checked over the exact bytes of its payload; a file that does not
/// verify is refused (exit 1) and nothing of it is kept. Accepted exports are journaled and
/// pooled per pattern, one report per organisation (the newest export of an organisation
/// replaces its older ones completely: a pattern it left out no longer counts). Only reports
/// whose pattern comes out of this version's generalization rules unchanged are pooled (the
/// import says how many others it left out); imported strings are printed with control and
/// invisible characters escaped. The pooled signal is shown by `check --explain`, `explain`
/// and `patterns` once `intel.enabled` is true and `intel.min_orgs` organisations reported a
/// pattern; it never decides.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Export files
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Show the pooled signal of every pattern
///
/// The estimated share of organisations that approve each generalized pattern, with its 95 %
/// confidence interval and the number of organisations (SHOWN: whether it reaches
/// `intel.min_orgs`). While the interval is wider than ±25 points the share reads "not enough
/// data" and the interval its width.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {}

/// Run `intel`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &IntelCommand) -> Result<Outcome, CliError> {
    match cmd {
        IntelCommand::Export(a) => export(ctx, a),
        IntelCommand::Import(a) => import(ctx, a),
        IntelCommand::Show(_) => show(ctx),
    }
}

fn export(ctx: &mut Ctx<'_>, args: &ExportArgs) -> Result<Outcome, CliError> {
    let now = ctx.now()?;
    let mut engine = ctx.engine()?;
    let epsilon = args.epsilon.unwrap_or(engine.config().intel.epsilon);
    let text = engine.intel_export(epsilon, now, &mut crate::intel::os_uniform)?;
    drop(engine);
    match &args.out {
        Some(path) => {
            fsutil::write_atomic(path, text.as_bytes(), fsutil::Sync::Durable)?;
            let n = crate::intel::document::verify(&text).map_or(0, |p| p.reports.len());
            ctx.status(&format!(
                "wrote {} ({n} patterns, ε = {epsilon} each, {:.2} in all)",
                path.display(),
                epsilon * n as f64
            ));
        }
        None => write_out(ctx.out, text.as_bytes())?,
    }
    Ok(Outcome::Success)
}

#[derive(Serialize)]
struct ImportResult {
    file: String,
    #[serde(flatten)]
    imported: Option<Imported>,
    error: Option<String>,
}

fn import(ctx: &mut Ctx<'_>, args: &ImportArgs) -> Result<Outcome, CliError> {
    // Read every file before taking the lock.
    let mut texts = Vec::new();
    for f in &args.files {
        let bytes = std::fs::read(f).at("read", f)?;
        texts.push((f, String::from_utf8(bytes)));
    }
    let now = ctx.now()?;
    let mut engine = ctx.engine()?;
    let mut results = Vec::new();
    for (file, text) in texts {
        let r = match text {
            Err(_) => Err(Error::Invalid("not a valid intel export: not UTF-8".into())),
            Ok(t) => engine.intel_import(&t, now),
        };
        results.push(match r {
            Ok(i) => {
                ImportResult { file: file.display().to_string(), imported: Some(i), error: None }
            }
            Err(e @ Error::Invalid(_)) => ImportResult {
                file: file.display().to_string(),
                imported: None,
                error: Some(e.to_string()),
            },
            Err(e) => return Err(e.into()),
        });
    }
    drop(engine);
    let refused = results.iter().filter(|r| r.error.is_some()).count();
    if ctx.global.json {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'static str,
            results: &'a [ImportResult],
        }
        print_json(ctx.out, &Out { format: "aiperture.intel-import.v1", results: &results })?;
    } else {
        let mut s = String::new();
        for r in &results {
            match (&r.imported, &r.error) {
                (Some(i), _) => {
                    s.push_str(&format!(
                        "imported {}: org {}, {} reports, made {}",
                        printable(&r.file),
                        printable(&i.org),
                        i.reports,
                        printable(&i.created)
                    ));
                    if i.dropped > 0 {
                        s.push_str(&format!(
                            " ({} more not pooled: patterns this version would not export)",
                            i.dropped
                        ));
                    }
                    s.push('\n');
                }
                (None, Some(e)) => {
                    s.push_str(&format!("refused {}: {}\n", printable(&r.file), printable(e)));
                }
                (None, None) => {}
            }
        }
        write_out(ctx.out, s.as_bytes())?;
    }
    Ok(if refused > 0 { Outcome::Negative } else { Outcome::Success })
}

fn show(ctx: &mut Ctx<'_>) -> Result<Outcome, CliError> {
    let mut engine = ctx.engine()?;
    let signals = engine.intel_signals()?;
    let (enabled, min) = (engine.config().intel.enabled, engine.config().intel.min_orgs);
    drop(engine);
    if ctx.global.json {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'static str,
            enabled: bool,
            min_orgs: u64,
            signals: &'a [Signal],
        }
        print_json(
            ctx.out,
            &Out { format: "aiperture.intel.v1", enabled, min_orgs: min, signals: &signals },
        )?;
        return Ok(Outcome::Success);
    }
    if signals.is_empty() {
        write_out(
            ctx.out,
            b"no shared intelligence pooled yet: `aiperture intel import FILE...`\n",
        )?;
        return Ok(Outcome::Success);
    }
    let mut t = table(&["TOOL", "ACTION", "PATTERN", "APPROVE", "95% CI", "ORGS", "SHOWN"]);
    for s in &signals {
        let e = &s.estimate;
        let (share, interval) = if e.precise() {
            (
                format!("{:.0}%", e.shown() * 100.0),
                format!(
                    "{:.0}–{:.0}%",
                    e.low.clamp(0.0, 1.0) * 100.0,
                    e.high.clamp(0.0, 1.0) * 100.0
                ),
            )
        } else {
            ("not enough data".into(), format!("±{:.0} points", e.half_width() * 100.0))
        };
        // Imported strings come from other organisations: never print them raw.
        t.add_row(vec![
            printable(&s.tool),
            printable(&s.action),
            printable(&s.pattern),
            share,
            interval,
            e.orgs.to_string(),
            if s.shown { "yes".into() } else { format!("no (< {min})") },
        ]);
    }
    let mut out = format!("{t}\n");
    if !enabled {
        out.push_str("(intel.enabled is false: checks do not show these signals)\n");
    }
    write_out(ctx.out, out.as_bytes())?;
    Ok(Outcome::Success)
}

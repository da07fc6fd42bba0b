//! `aiperture intel`: share what this organisation approves and denies, privately, and pool
//! what others share.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, printable, table, write_out};
use crate::engine::intel::{Imported, Ledger, Signal};
use crate::error::{Error, IoContext};
use crate::store::fsutil;

/// Shared intelligence: learn across teams without revealing anyone's decisions
#[derive(clap::Subcommand, Debug)]
pub enum IntelCommand {
    Export(ExportArgs),
    Import(ImportArgs),
    Show(ShowArgs),
    Trust(TrustArgs),
    Untrust(UntrustArgs),
}

/// Write a signed, privacy-preserving export of the learned patterns
///
/// Each learned pattern is generalized to its command and subcommand (`git push`,
/// `cargo test`; tool and action alone for files, web and the rest; unknown programs, script
/// paths, wrappers and compound commands are left out), so no file names, hosts or arguments
/// leave the organisation. Programs and subcommands come from the risk registry: a word after
/// the program that is not one of its built-in subcommands (an alias, a package script, a
/// plugin, a make target) is left out and the program goes alone (`yarn deploy-x` → `yarn`).
/// Whether the organisation approves it is reported through randomized response with
/// privacy parameter ε per pattern: the true answer with probability e^ε/(1+e^ε), the
/// opposite otherwise, so every single answer is deniable. Each answer is randomized once:
/// the bit drawn is journaled before the file is written and every later export repeats it,
/// so exporting again reveals nothing new; only a new pattern, a changed answer or another ε
/// draws again. Every draw spends ε from the store's lifetime budget
/// (`intel.lifetime_epsilon`, 100): an export that would pass it is refused (exit 1) and
/// nothing is written. The file states ε, the number of patterns, their total (patterns × ε)
/// and the lifetime cap. It is signed with this store's own random ed25519 key
/// (`.aiperture/intel.key`, created on first export); the organisation id is the key's
/// fingerprint and says nothing about who you are. The export is dated to the day only.
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
/// invisible characters escaped. Only the reports of organisations in the pool
/// (`intel.pool`, see `intel trust`) count; others are kept and ignored, and the import says
/// so. The pooled signal is shown by `check --explain`, `explain` and `patterns` once
/// `intel.enabled` is true and `intel.min_orgs` members reported a pattern; it never decides.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Export files
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Show the pooled signal of every pattern
///
/// The estimated share of the pool's members that approve each generalized pattern, with its
/// 95 % confidence interval, the number of members that reported it and of reports ignored
/// (organisations outside `intel.pool`); SHOWN: whether it reaches `intel.min_orgs`. While
/// the interval is wider than ±25 points the share reads "not enough data" and the interval
/// its width. Also this store's privacy ledger: answers randomized and ε spent of the
/// lifetime cap.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {}

/// Add organisations to the pool: only members' reports count in the shared signal
///
/// Each argument is an organisation id (32 hex digits), an export's public key (64 hex
/// digits) or an export file (its signature is checked; its signer is added). Check an id
/// with its owner out of band before trusting it: a member can forge the signal, and anyone
/// can mint any number of keys. The pool is the list `intel.pool` in the store's config.toml
/// (committed: the team shares it; a cloned repository's list counts only after `aiperture
/// policy trust`), or with --user in your user config.
#[derive(clap::Args, Debug)]
pub struct TrustArgs {
    /// Organisation ids, public keys or export files
    #[arg(required = true, value_name = "ORG|KEY|FILE")]
    pub orgs: Vec<String>,
    /// Edit the user config file instead of the store's config.toml
    #[arg(long)]
    pub user: bool,
}

/// Remove organisations from the pool (their reports stay journaled and stop counting)
#[derive(clap::Args, Debug)]
pub struct UntrustArgs {
    /// Organisation ids, public keys or export files
    #[arg(required = true, value_name = "ORG|KEY|FILE")]
    pub orgs: Vec<String>,
    /// Edit the user config file instead of the store's config.toml
    #[arg(long)]
    pub user: bool,
}

/// Run `intel`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &IntelCommand) -> Result<Outcome, CliError> {
    match cmd {
        IntelCommand::Export(a) => export(ctx, a),
        IntelCommand::Import(a) => import(ctx, a),
        IntelCommand::Show(_) => show(ctx),
        IntelCommand::Trust(a) => pool(ctx, &a.orgs, a.user, true),
        IntelCommand::Untrust(a) => pool(ctx, &a.orgs, a.user, false),
    }
}

/// The organisation id an argument of `intel trust` names.
fn org_of(arg: &str) -> Result<String, CliError> {
    let lower = arg.to_ascii_lowercase();
    if crate::intel::is_org_id(&lower) {
        return Ok(lower);
    }
    if let Some(key) = crate::encoding::unhex::<32>(&lower) {
        let key = ed25519_dalek::VerifyingKey::from_bytes(&key)
            .map_err(|_| Error::Invalid(format!("{arg} is not a valid ed25519 public key")))?;
        return Ok(crate::intel::document::fingerprint(&key));
    }
    let path = std::path::Path::new(arg);
    if path.is_file() {
        let bytes = std::fs::read(path).at("read", path)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::Invalid(format!("{arg}: not a valid intel export: not UTF-8")))?;
        let payload = crate::intel::document::verify(&text)
            .map_err(|e| Error::Invalid(format!("{arg}: {e}")))?;
        return Ok(payload.org);
    }
    Err(CliError::from(Error::Invalid(format!(
        "{:?} is neither an organisation id (32 hex digits), a public key (64) nor an export file",
        printable(arg)
    ))))
}

/// `intel trust` / `intel untrust`: edit `intel.pool` under the store lock.
fn pool(ctx: &mut Ctx<'_>, args: &[String], user: bool, add: bool) -> Result<Outcome, CliError> {
    let orgs = args.iter().map(|a| org_of(a)).collect::<Result<Vec<_>, _>>()?;
    let edit = |now: Option<&toml::Value>| -> Result<String, CliError> {
        let mut list: Vec<String> = match now {
            Some(toml::Value::Array(items)) => {
                items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
            }
            _ => Vec::new(),
        };
        for org in &orgs {
            if add && !list.contains(org) {
                list.push(org.clone());
            } else if !add {
                list.retain(|o| o != org);
            }
        }
        serde_json::to_string(&list)
            .map_err(|e| CliError::from(Error::Json { what: "the pool".into(), source: e }))
    };
    super::config::set_with(ctx, "intel.pool", user, &edit)
}

fn export(ctx: &mut Ctx<'_>, args: &ExportArgs) -> Result<Outcome, CliError> {
    let now = ctx.now()?;
    let mut engine = ctx.engine()?;
    let epsilon = args.epsilon.unwrap_or(engine.config().intel.epsilon);
    let ex = engine.intel_export(epsilon, now, &mut crate::intel::os_uniform)?;
    drop(engine);
    let summary = format!(
        "{} patterns at ε = {epsilon}: {} answers randomized now ({:.2}), the others repeated; \
         lifetime {:.2} of {}",
        ex.patterns, ex.drawn, ex.spent, ex.ledger.spent, ex.ledger.cap
    );
    if let Some(path) = &args.out {
        fsutil::write_atomic(path, ex.text.as_bytes(), fsutil::Sync::Durable)?;
        if ctx.global.json {
            #[derive(Serialize)]
            struct Out<'a> {
                format: &'static str,
                file: String,
                #[serde(flatten)]
                export: &'a crate::engine::intel::Exported,
            }
            let file = path.display().to_string();
            print_json(ctx.out, &Out { format: "aiperture.intel-export.v1", file, export: &ex })?;
        } else {
            ctx.status(&format!("wrote {} ({summary})", path.display()));
        }
    } else {
        write_out(ctx.out, ex.text.as_bytes())?;
        ctx.status(&summary);
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
                    if !i.member {
                        s.push_str(&format!(
                            "; not in the pool, so it does not count until `aiperture intel \
                             trust {}`",
                            printable(&i.org)
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
    let ledger = engine.intel_ledger()?;
    let cfg = &engine.config().intel;
    let (enabled, min, members) = (cfg.enabled, cfg.min_orgs, cfg.pool.len());
    drop(engine);
    if ctx.global.json {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'static str,
            enabled: bool,
            min_orgs: u64,
            pool_members: usize,
            ledger: Ledger,
            signals: &'a [Signal],
        }
        let out = Out {
            format: "aiperture.intel.v1",
            enabled,
            min_orgs: min,
            pool_members: members,
            ledger,
            signals: &signals,
        };
        print_json(ctx.out, &out)?;
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    if signals.is_empty() {
        out.push_str("no shared intelligence pooled yet: `aiperture intel import FILE...`\n");
    } else {
        let mut t =
            table(&["TOOL", "ACTION", "PATTERN", "APPROVE", "95% CI", "ORGS", "IGNORED", "SHOWN"]);
        for s in &signals {
            let (share, interval, orgs) = match &s.estimate {
                Some(e) if e.precise() => (
                    format!("{:.0}%", e.shown() * 100.0),
                    format!(
                        "{:.0}–{:.0}%",
                        e.low.clamp(0.0, 1.0) * 100.0,
                        e.high.clamp(0.0, 1.0) * 100.0
                    ),
                    e.orgs,
                ),
                Some(e) => (
                    "not enough data".into(),
                    format!("±{:.0} points", e.half_width() * 100.0),
                    e.orgs,
                ),
                None => ("no member".into(), "-".into(), 0),
            };
            // Imported strings come from other organisations: never print them raw.
            t.add_row(vec![
                printable(&s.tool),
                printable(&s.action),
                printable(&s.pattern),
                share,
                interval,
                orgs.to_string(),
                s.ignored.to_string(),
                if s.shown { "yes".into() } else { format!("no (< {min})") },
            ]);
        }
        out.push_str(&format!("{t}\n"));
        if members == 0 {
            out.push_str(
                "(the pool is empty, so nothing counts: `aiperture intel trust ORG|FILE` adds a \
                 member)\n",
            );
        }
        if !enabled {
            out.push_str("(intel.enabled is false: checks do not show these signals)\n");
        }
    }
    out.push_str(&format!(
        "this store's ledger: {} answers randomized, ε {:.2} spent of its lifetime cap {}\n",
        ledger.draws, ledger.spent, ledger.cap
    ));
    write_out(ctx.out, out.as_bytes())?;
    Ok(Outcome::Success)
}

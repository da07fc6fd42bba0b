//! `aiperture policy check|trust`: lint the project policy, and trust the project's
//! `policy.toml` and `config.toml` together (one record over both hashes, see
//! [`crate::store::trust`]).

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, write_out};
use crate::engine::Decision;
use crate::engine::events::PolicyEvent;
use crate::engine::policy::{Lint, Policy};
use crate::store::trust;

/// Lint and trust the project policy
#[derive(clap::Subcommand, Debug)]
pub enum PolicyCommand {
    /// Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules
    ///
    /// Also says whether the project's policy.toml and config.toml are trusted, and which
    /// settings of an untrusted config.toml are ignored. An allow rule whose scope is `*`
    /// allows everything its tool and action can do and is a finding, unless the action only
    /// looks (read, list, search).
    ///
    /// Exit status: 0 clean, 1 findings (rules that never decide or allow every scope), 2 the
    /// file is invalid.
    Check(CheckArgs),
    /// Trust the project's policy.toml and config.toml as they are now
    ///
    /// Deny and ask rules of a project policy always apply; allow rules apply only once a
    /// human trusted the file's exact content. Likewise a project config.toml can only tighten
    /// (settings that loosen a limit or run something, such as `audit.forward_command`,
    /// `mcp.*` and `server.*`, are ignored with a warning) until trusted. One record covers
    /// both files' hashes: any later change to either needs trust again. The trust is recorded
    /// in the user store, not in the project.
    Trust(TrustArgs),
    /// Propose allow rules from what learning already allows by itself
    ///
    /// Prints policy rules for learned patterns with status AUTO-ALLOW that are LOW or MEDIUM
    /// risk and not yet allowed by the policy. With --write they are appended to policy.toml
    /// (review them, then run `aiperture policy trust`: written rules are not trusted for you).
    Suggest(SuggestArgs),
}

/// `policy suggest`.
#[derive(clap::Args, Debug)]
pub struct SuggestArgs {
    /// Append the suggestions to policy.toml
    #[arg(long)]
    pub write: bool,
}

/// `policy check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {}

/// `policy trust`.
#[derive(clap::Args, Debug)]
pub struct TrustArgs {}

#[derive(Serialize)]
struct CheckOut<'a> {
    file: String,
    rules: usize,
    trusted: bool,
    findings: &'a [Lint],
    config: ConfigOut<'a>,
}

/// The trust of the store's config.toml.
#[derive(Serialize)]
struct ConfigOut<'a> {
    file: String,
    /// False when the file exists and the trust record does not cover it as it is.
    trusted: bool,
    /// Settings ignored because the file is not trusted.
    ignored: &'a [crate::config::Ignored],
}

#[derive(Serialize)]
struct TrustOut {
    file: String,
    sha256: String,
    config_file: String,
    config_sha256: String,
    allow_rules: usize,
    previous: Option<trust::Record>,
}

/// Run `policy …`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &PolicyCommand) -> Result<Outcome, CliError> {
    let store = ctx.store()?;
    let mut policy = Policy::load(&store.policy_file())?;
    policy.trusted = trust::is_trusted(&store, &policy.sha256)?;
    match cmd {
        PolicyCommand::Check(_) => {
            let findings = policy.lint();
            let loaded = ctx.config(&store)?;
            let config_file = store.config_file();
            let config_trusted = trust::config_trusted(&store, &trust::file_sha256(&config_file)?)?;
            let config = ConfigOut {
                file: config_file.display().to_string(),
                trusted: config_trusted,
                ignored: &loaded.ignored,
            };
            if ctx.global.json {
                print_json(
                    ctx.out,
                    &CheckOut {
                        file: policy.path.display().to_string(),
                        rules: policy.rules.len(),
                        trusted: policy.trusted,
                        findings: &findings,
                        config,
                    },
                )?;
            } else {
                let mut s = String::new();
                for f in &findings {
                    s.push_str(&format!("warning: {}: {}\n", policy.path.display(), f.message));
                }
                s.push_str(&format!(
                    "{}: {} rule(s), {} finding(s), {}\n",
                    policy.path.display(),
                    policy.rules.len(),
                    findings.len(),
                    if policy.trusted { "trusted" } else { "allow rules not trusted" }
                ));
                if config.trusted {
                    s.push_str(&format!("{}: trusted\n", config.file));
                } else if config.ignored.is_empty() {
                    s.push_str(&format!(
                        "{}: not trusted (nothing in it loosens or runs, so all of it applies)\n",
                        config.file
                    ));
                } else {
                    s.push_str(&format!("{}: not trusted; ignored until trusted:\n", config.file));
                    for i in config.ignored {
                        s.push_str(&format!("  {} = {}    # {}\n", i.key, i.value, i.reason));
                    }
                }
                write_out(ctx.out, s.as_bytes())?;
            }
            Ok(if findings.is_empty() { Outcome::Success } else { Outcome::Negative })
        }
        PolicyCommand::Suggest(a) => {
            let now = ctx.now()?;
            let loaded = ctx.config(&store)?;
            let mut engine = ctx.engine_on(&store, loaded.config)?;
            let suggestions = engine.suggest(now)?;
            let text = crate::engine::policy::render_suggestions(&suggestions);
            if a.write && !suggestions.is_empty() {
                let path = store.policy_file();
                let current = match crate::store::fsutil::read_optional(&path)? {
                    Some(b) => String::from_utf8_lossy(&b).into_owned(),
                    None => String::new(),
                };
                let next = format!(
                    "{}\n\n# --- suggested by `aiperture policy suggest` on {} ---\n{text}",
                    current.trim_end(),
                    crate::clock::format_time(now)
                );
                crate::engine::policy::parse(&next, &path)?;
                crate::store::fsutil::write_atomic(
                    &path,
                    next.as_bytes(),
                    crate::store::fsutil::Sync::Durable,
                )?;
                engine.journal_policy(
                    &PolicyEvent {
                        action: "suggest".into(),
                        file: path.display().to_string(),
                        sha256: crate::encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(
                            next.as_bytes(),
                        )),
                    },
                    now,
                )?;
            }
            drop(engine);
            if ctx.global.json {
                #[derive(Serialize)]
                struct Out<'a> {
                    suggestions: &'a [crate::engine::policy::Suggestion],
                    written: bool,
                }
                print_json(ctx.out, &Out { suggestions: &suggestions, written: a.write })?;
            } else if suggestions.is_empty() {
                write_out(ctx.out, b"no suggestions: nothing learned allows by itself that the policy does not already allow\n")?;
            } else {
                write_out(ctx.out, text.as_bytes())?;
                if a.write {
                    ctx.status(
                        "appended to policy.toml; review it, then run `aiperture policy trust`",
                    );
                }
            }
            Ok(Outcome::Success)
        }
        PolicyCommand::Trust(_) => {
            let allows = policy.rules.iter().filter(|r| r.decision == Decision::Allow).count();
            let record = trust::current(&store)?;
            if record.policy_sha256 != policy.sha256 {
                return Err(crate::error::Error::Invalid(format!(
                    "{} changed while it was being trusted; run `aiperture policy trust` again",
                    policy.path.display()
                ))
                .into());
            }
            let config_sha256 = record.config_sha256.clone().unwrap_or_default();
            let previous = trust::trust(&store, &record)?;
            let now = ctx.now()?;
            let loaded = ctx.config(&store)?;
            let mut engine = ctx.engine_on(&store, loaded.config)?;
            engine.journal_policy(
                &PolicyEvent {
                    action: "trust".into(),
                    file: policy.path.display().to_string(),
                    sha256: policy.sha256.clone(),
                },
                now,
            )?;
            engine.journal_policy(
                &PolicyEvent {
                    action: "trust".into(),
                    file: store.config_file().display().to_string(),
                    sha256: config_sha256.clone(),
                },
                now,
            )?;
            drop(engine);
            if ctx.global.json {
                print_json(
                    ctx.out,
                    &TrustOut {
                        file: policy.path.display().to_string(),
                        sha256: policy.sha256.clone(),
                        config_file: store.config_file().display().to_string(),
                        config_sha256,
                        allow_rules: allows,
                        previous,
                    },
                )?;
            } else {
                ctx.done(&format!(
                    "trusted {} (sha256 {}): {allows} allow rule(s) now apply\n\
                     trusted {} (sha256 {}): all of its settings now apply\n",
                    policy.path.display(),
                    &policy.sha256.get(..16).unwrap_or_default(),
                    store.config_file().display(),
                    &config_sha256.get(..16).unwrap_or_default()
                ))?;
            }
            Ok(Outcome::Success)
        }
    }
}

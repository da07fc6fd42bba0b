//! The command line: the only module that knows clap.
//!
//! [`Cli`] holds the global options and the [`Command`] enum; [`run`] is the single dispatch.
//! Every subcommand lives in its own file with an `XxxArgs` struct and a `run` function that
//! turns arguments into library values (before any lock is taken), calls the operation in
//! [`crate::ops`] through a [`Door`] (or the library, for what only the command line does:
//! init, doctor, setup, policy review, …), and renders the result as text or, with `--json`,
//! as a JSON object with a `format` field.

pub mod agent;
pub mod approve;
pub mod artifact;
pub mod audit;
pub mod bootstrap;
pub mod check;
pub mod completions;
pub mod compliance;
pub mod config;
pub mod configure;
pub mod crash;
pub mod deny;
pub mod doctor;
pub mod exit;
pub mod explain;
mod fast;
pub mod grant;
pub mod hook;
pub mod init;
pub mod intel;
pub mod man;
pub mod mcp_serve;
pub mod output;
pub mod patterns;
pub mod pending;
pub mod policy;
pub mod reindex;
pub mod report_execution;
pub mod review;
pub mod revoke;
pub mod serve;
pub mod setup;
pub mod stats;
pub mod verify_chain;
pub mod r#where;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use crate::config::{self as cfg, Loaded, Sources};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::store::lock::Wait;
use crate::store::{Discover, STORE_ENV, Store, UserDirs};
pub use exit::{CliError, Outcome};

/// A permission layer for AI agents: allow, deny or ask for every tool call.
///
/// aiperture decides from committed policy, what it learned from your earlier decisions and a
/// risk analysis of the request, and records every check and decision in a hash-chained
/// journal that `aiperture verify-chain` can prove intact.
#[derive(Parser, Debug)]
#[command(
    name = "aiperture",
    version = env!("AIPERTURE_VERSION_LONG"),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "Global Options")]
pub struct GlobalArgs {
    /// Use the store in DIR (a `.aiperture` folder, or a folder containing one)
    ///
    /// Without it: $AIPERTURE_STORE, else the nearest .aiperture/ above the working folder,
    /// else the user store ($XDG_DATA_HOME/aiperture).
    #[arg(long, global = true, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Override a configuration value for this command (repeatable)
    #[arg(long = "config", global = true, value_name = "KEY=VALUE")]
    pub config: Vec<String>,
    /// Print machine-readable JSON (a stable object with a `format` field)
    ///
    /// An error is then one line of JSON on standard error:
    /// {"format":1,"error":{"code":…,"message":…,"caused_by":[…],"hints":[…],"exit":2}}.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only what was asked for: no notes, progress or confirmations
    ///
    /// Hides notes and progress on standard error, and the confirmation that a command which
    /// changes something prints on standard output ("approved …", "recorded execution …",
    /// "trusted …", "created …", `config set`'s "KEY = VALUE"), where the exit status says it
    /// all. Never hidden: errors with their hints, warnings, --json output, and the data a
    /// command was asked for (`check`'s verdict, listings, `config get`, `where`'s path, the id
    /// of a new grant or artifact, a dry run's report).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Fail at once instead of waiting when another process holds the store lock
    #[arg(long, global = true)]
    pub no_wait: bool,
}

/// The subcommands.
///
/// Deferred: a run builds the arguments of the one subcommand it runs, not of all 29 (clap
/// otherwise builds and propagates every subcommand's arguments on every start, about a
/// tenth of a millisecond and a few hundred kilobytes of heap per `aiperture check`). Listings
/// need every subcommand's summary, so [`command_for`] builds everything when help is asked
/// for.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    Check(check::CheckArgs),
    Approve(approve::ApproveArgs),
    Deny(deny::DenyArgs),
    Review(review::ReviewArgs),
    Explain(explain::ExplainArgs),
    Grant(grant::GrantArgs),
    Revoke(revoke::RevokeArgs),
    Pending(pending::PendingArgs),
    Patterns(patterns::PatternsArgs),
    VerifyChain(verify_chain::VerifyChainArgs),
    /// Read and change configuration
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Lint and trust the project policy
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Store, show, list and verify agent outputs, and sum their costs
    #[command(subcommand)]
    Artifact(artifact::ArtifactCommand),
    /// Query and export the journal
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    ReportExecution(report_execution::ReportExecutionArgs),
    Compliance(compliance::ComplianceArgs),
    Stats(stats::StatsArgs),
    Bootstrap(bootstrap::BootstrapArgs),
    Init(init::InitArgs),
    Where(r#where::WhereArgs),
    Reindex(reindex::ReindexArgs),
    Completions(completions::CompletionsArgs),
    Serve(serve::ServeArgs),
    McpServe(mcp_serve::McpServeArgs),
    Hook(hook::HookArgs),
    Setup(setup::SetupArgs),
    Doctor(doctor::DoctorArgs),
    /// Shared intelligence: learn across teams without revealing anyone's decisions
    #[command(subcommand)]
    Intel(intel::IntelCommand),
    Configure(configure::ConfigureArgs),
}

/// The command line definition, ready to parse `args` (the program name first).
///
/// When the arguments ask for help (`-h`, `--help`, `help`) or there are none, every deferred
/// subcommand is built so that listings show each one's summary; otherwise only the
/// subcommand that runs is built, during parsing.
pub fn command_for(args: &[std::ffi::OsString]) -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    if args.len() <= 1 || args[1..].iter().any(|a| a == "-h" || a == "--help" || a == "help") {
        cmd.build();
    }
    cmd
}

/// Parse the process's arguments like `Cli::parse`: on an error or a help/version request,
/// print clap's message and exit.
pub fn parse_env() -> Cli {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A shell asking for completions (`AIPERTURE_COMPLETE=bash aiperture -- …`) is answered here.
    if completions::complete_if_asked(&args) {
        std::process::exit(0);
    }
    // What hooks run on every tool call skips building the clap definition.
    if let Some(cli) = fast::parse(&args) {
        return cli;
    }
    let mut matches = command_for(&args).get_matches_from(&args);
    // Building the definition again only on this rare error keeps the common path free of a
    // copy of it; taking the values out of the matches (`_mut`) spares a copy of those.
    Cli::from_arg_matches_mut(&mut matches)
        .unwrap_or_else(|e| e.format(&mut command_for(&args)).exit())
}

/// Shared state of one command run.
pub struct Ctx<'a> {
    /// Global options.
    pub global: GlobalArgs,
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// The working folder.
    pub cwd: PathBuf,
    now: Option<DateTime<Utc>>,
}

impl Ctx<'_> {
    /// The time of this command (`AIPERTURE_NOW` or the clock), read once.
    pub fn now(&mut self) -> Result<DateTime<Utc>> {
        if let Some(t) = self.now {
            return Ok(t);
        }
        let t = crate::clock::now()?;
        self.now = Some(t);
        Ok(t)
    }

    /// Per-user folders.
    pub fn user_dirs(&self) -> Result<UserDirs> {
        UserDirs::from_env()
    }

    /// Find the store.
    pub fn store(&self) -> Result<Store> {
        let env = std::env::var_os(STORE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
        Store::discover(&Discover {
            flag: self.global.store.clone(),
            env,
            cwd: self.cwd.clone(),
            user: self.user_dirs()?,
        })
    }

    /// The configuration layers of `store`: the user config, the store's config (trusted
    /// as the user store's trust records say), the environment and the `--config` flags.
    pub fn sources(&self, store: &Store) -> Sources {
        Sources {
            user_file: Some(store.user_dirs().config_file.clone()),
            store_file: Some(store.config_file()),
            env: std::env::vars().filter(|(k, _)| k.starts_with("AIPERTURE_")).collect(),
            flags: self.global.config.clone(),
            store_trust: cfg::StoreTrust::Records(Box::new(store.clone())),
        }
    }

    /// Load the configuration for `store`, warning once per process on stderr about
    /// settings of an untrusted store config that were ignored.
    pub fn config(&mut self, store: &Store) -> Result<Loaded> {
        let loaded = cfg::load(&self.sources(store))?;
        warn_ignored(&loaded, &mut *self.err);
        Ok(loaded)
    }

    /// Open the engine on the discovered store.
    pub fn engine(&mut self) -> Result<Engine> {
        let store = self.store()?;
        let loaded = self.config(&store)?;
        self.engine_on(&store, loaded.config)
    }

    /// Open the engine on a given store and configuration.
    pub fn engine_on(&mut self, store: &Store, config: cfg::Config) -> Result<Engine> {
        let now = self.now()?;
        let wait = self.wait();
        let quiet = self.global.quiet;
        let mut engine =
            Engine::open(store, config, wait, &mut waiting_notice(quiet, &mut *self.err), now)?;
        engine.set_cwd(Some(self.cwd.clone()));
        Ok(engine)
    }

    /// Block on a busy store lock, or fail at once with `--no-wait`.
    pub fn wait(&self) -> Wait {
        if self.global.no_wait { Wait::NoWait } else { Wait::Block }
    }

    /// Take the store lock, saying so on stderr when another process holds it.
    pub fn lock_store(&mut self, store: &Store) -> Result<crate::store::lock::StoreLock> {
        let wait = self.wait();
        let quiet = self.global.quiet;
        store.lock(wait, &mut waiting_notice(quiet, &mut *self.err))
    }

    /// Lock the store for a read of the journal alone (no index, no writer): audit queries,
    /// exports, compliance, stats and verification read the source of truth directly.
    pub fn journal_reader(&mut self) -> Result<(crate::store::lock::StoreLock, PathBuf)> {
        let store = self.store()?;
        let lock = self.lock_store(&store)?;
        Ok((lock, store.path(crate::store::layout::JOURNAL)))
    }

    /// Print a progress line on stderr for a long operation: only when stderr is a terminal
    /// (scripts and hooks see nothing) and not `--quiet`.
    pub fn progress(&mut self, msg: &str) {
        if !self.global.quiet && std::io::stderr().is_terminal() {
            let _ = writeln!(self.err, "{msg}");
        }
    }

    /// Print a status line on stderr unless `--quiet`.
    pub fn status(&mut self, msg: &str) {
        if !self.global.quiet {
            let _ = writeln!(self.err, "{msg}");
        }
    }

    /// Print the confirmation of a change on stdout (what was done, in text mode), unless
    /// `--quiet`: a script learns the same from the exit status. Requested data and `--json`
    /// output never go through here.
    pub fn done(&mut self, text: &str) -> Result<()> {
        if self.global.quiet { Ok(()) } else { output::write_out(self.out, text.as_bytes()) }
    }
}

/// Warn (once per process) that settings of an untrusted store config were ignored.
pub fn warn_ignored(loaded: &Loaded, err: &mut dyn Write) {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let Some(first) = loaded.ignored.first() else { return };
    if WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let keys: Vec<&str> = loaded.ignored.iter().map(|i| i.key.as_str()).collect();
    let _ = writeln!(
        err,
        "warning: {} is not trusted, so these settings, which loosen limits or run something, \
         are ignored: {}; review the file, then run `aiperture policy trust`",
        first.origin,
        keys.join(", ")
    );
}

/// The command line's way into a store for an operation ([`crate::ops::Access`]): the
/// configuration loaded once, when an operation first needs it (reading the journal does
/// not, so `verify-chain` and `audit` work beside a broken configuration), one engine per
/// call (the store lock held for that call only), relative paths resolved against the
/// working folder.
pub struct Door<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    store: Store,
    loaded: Option<(std::sync::Arc<cfg::Config>, Vec<cfg::Entry>, Vec<cfg::Ignored>)>,
    /// Client mode's fallback: why the team server did not decide (see
    /// [`Engine::set_fallback`]).
    fallback: Option<String>,
}

impl<'a> Ctx<'a> {
    /// A door onto the discovered store.
    pub fn door(&mut self) -> Result<Door<'_, 'a>> {
        let store = self.store()?;
        self.door_on(store)
    }

    /// A door onto `store`.
    pub fn door_on(&mut self, store: Store) -> Result<Door<'_, 'a>> {
        Ok(Door { ctx: self, store, loaded: None, fallback: None })
    }

    /// A door onto `store` with its configuration already loaded.
    pub fn door_loaded(&mut self, store: Store, loaded: Loaded) -> Door<'_, 'a> {
        let Loaded { config, entries, ignored } = loaded;
        Door {
            ctx: self,
            store,
            loaded: Some((std::sync::Arc::new(config), entries, ignored)),
            fallback: None,
        }
    }
}

impl<'a> Door<'_, 'a> {
    /// The command's context (output, global options).
    pub fn ctx(&mut self) -> &mut Ctx<'a> {
        self.ctx
    }

    /// Decide on this store because client mode's team server could not (`why`).
    pub fn set_fallback(&mut self, why: Option<String>) {
        self.fallback = why;
    }

    /// The configuration with its origins, loaded on first use.
    fn load(
        &mut self,
    ) -> Result<&(std::sync::Arc<cfg::Config>, Vec<cfg::Entry>, Vec<cfg::Ignored>)> {
        let loaded = if let Some(l) = self.loaded.take() {
            l
        } else {
            let Loaded { config, entries, ignored } = self.ctx.config(&self.store)?;
            (std::sync::Arc::new(config), entries, ignored)
        };
        Ok(self.loaded.insert(loaded))
    }
}

impl crate::ops::Access for Door<'_, '_> {
    fn now(&mut self) -> Result<DateTime<Utc>> {
        self.ctx.now()
    }

    fn config(&mut self) -> Result<std::sync::Arc<cfg::Config>> {
        Ok(self.load()?.0.clone())
    }

    fn loaded(&mut self) -> Result<Loaded> {
        let (config, entries, ignored) = self.load()?;
        Ok(Loaded {
            config: (**config).clone(),
            entries: entries.clone(),
            ignored: ignored.clone(),
        })
    }

    fn store(&self) -> &Store {
        &self.store
    }

    fn cwd(&self) -> Option<&Path> {
        Some(&self.ctx.cwd)
    }

    fn with_engine<T>(
        &mut self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Engine) -> Result<T>,
    ) -> Result<T> {
        let config = crate::ops::Access::config(self)?;
        let wait = self.ctx.wait();
        let quiet = self.ctx.global.quiet;
        let mut engine = Engine::open(
            &self.store,
            config,
            wait,
            &mut waiting_notice(quiet, &mut *self.ctx.err),
            now,
        )?;
        engine.set_cwd(Some(self.ctx.cwd.clone()));
        engine.set_fallback(self.fallback.clone());
        f(&mut engine)
    }

    fn with_journal<T>(&mut self, f: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        let lock = self.ctx.lock_store(&self.store)?;
        let out = f(&self.store.path(crate::store::layout::JOURNAL));
        drop(lock);
        out
    }
}

/// The "waiting for lock" notice shown while another process holds the store lock.
fn waiting_notice(quiet: bool, err: &mut dyn Write) -> impl FnMut(&Path) + '_ {
    move |p: &Path| {
        if !quiet {
            let _ = writeln!(err, "waiting for lock on {}", p.display());
        }
    }
}

/// Run a parsed command line; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    agent::register();
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            let e = CliError::from(Error::Io { op: "read", path: ".".into(), source: e });
            if cli.global.json {
                e.render_json(err);
            } else {
                e.render(err);
            }
            return exit::ERROR;
        }
    };
    crash::set_mode(match &cli.command {
        Command::Serve(_) | Command::McpServe(_) => crash::Mode::Server,
        Command::Hook(a) => crash::Mode::Hook { stdout: hook::deny_form(a.agent, crash::REASON) },
        _ => crash::Mode::Exit,
    });
    let mut ctx = Ctx { global: cli.global, out, err, cwd, now: None };
    let result = match &cli.command {
        Command::Check(a) => check::run(&mut ctx, a),
        Command::Approve(a) => approve::run(&mut ctx, a),
        Command::Deny(a) => deny::run(&mut ctx, a),
        Command::Review(a) => review::run(&mut ctx, a),
        Command::Explain(a) => explain::run(&mut ctx, a),
        Command::Grant(a) => grant::run(&mut ctx, a),
        Command::Revoke(a) => revoke::run(&mut ctx, a),
        Command::Pending(a) => pending::run(&mut ctx, a),
        Command::Patterns(a) => patterns::run(&mut ctx, a),
        Command::VerifyChain(a) => verify_chain::run(&mut ctx, a),
        Command::Config(c) => config::run(&mut ctx, c),
        Command::Policy(c) => policy::run(&mut ctx, c),
        Command::Artifact(c) => artifact::run(&mut ctx, c),
        Command::Audit(c) => audit::run(&mut ctx, c),
        Command::ReportExecution(a) => report_execution::run(&mut ctx, a),
        Command::Compliance(a) => compliance::run(&mut ctx, a),
        Command::Stats(a) => stats::run(&mut ctx, a),
        Command::Bootstrap(a) => bootstrap::run(&mut ctx, a),
        Command::Init(a) => init::run(&mut ctx, a),
        Command::Where(a) => r#where::run(&mut ctx, a),
        Command::Reindex(a) => reindex::run(&mut ctx, a),
        Command::Completions(a) => completions::run(&mut ctx, a),
        Command::Serve(a) => serve::run(&mut ctx, a),
        Command::McpServe(a) => mcp_serve::run(&mut ctx, a),
        Command::Hook(a) => hook::run(&mut ctx, a),
        Command::Setup(a) => setup::run(&mut ctx, a),
        Command::Doctor(a) => doctor::run(&mut ctx, a),
        Command::Intel(c) => intel::run(&mut ctx, c),
        Command::Configure(a) => configure::run(&mut ctx, a),
    };
    match result {
        Ok(o) => o.code(),
        // A hook answers in its agent's format, never in ours.
        Err(e) if ctx.global.json && !matches!(cli.command, Command::Hook(_)) => {
            e.render_json(ctx.err);
            e.code
        }
        Err(e) => {
            e.render(ctx.err);
            e.code
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        super::Cli::command().debug_assert();
    }

    /// Deferred subcommands parse exactly as built ones.
    #[test]
    fn deferred_subcommands_parse_as_built_ones() {
        use clap::FromArgMatches;
        let words = ["aiperture", "--store", "/s", "check", "shell", "execute", "ls -la", "--json"];
        let args: Vec<std::ffi::OsString> = words.iter().map(Into::into).collect();
        let lazy = super::command_for(&args).try_get_matches_from(&args).unwrap();
        let mut full = super::Cli::command();
        full.build();
        let eager = full.try_get_matches_from(&args).unwrap();
        let (a, b) = (
            super::Cli::from_arg_matches(&lazy).unwrap(),
            super::Cli::from_arg_matches(&eager).unwrap(),
        );
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert!(format!("{a:?}").contains("ls -la"));
    }
}

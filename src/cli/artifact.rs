//! `aiperture artifact`: store, show, list and verify agent outputs, and sum their costs.

use std::io::Read;
use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, table, write_out};
use crate::engine::events::ArtifactEvent;
use crate::engine::state::ArtifactEntry;
use crate::error::{Error, IoContext};
use crate::ops;
use crate::store::artifacts::{ObjectsReport, format_usd};

/// Store, show, list and verify agent outputs, and sum their costs
///
/// Artifacts are content-addressed: an artifact's id is the SHA-256 of its content, the
/// object lives in .aiperture/objects/sha256/, and the journal records its digest and
/// metadata (money as integer micro-dollars).
#[derive(clap::Subcommand, Debug)]
pub enum ArtifactCommand {
    /// Store a file (or standard input) as an artifact
    Store(Box<StoreArgs>),
    /// Print an artifact's metadata, or its content with --raw
    Show(ShowArgs),
    /// List artifacts
    List(ListArgs),
    /// Re-hash objects against the journal; report missing, modified and orphaned objects
    ///
    /// Exit status: 0 all objects intact, 1 any missing, modified or orphaned object.
    Verify(VerifyArgs),
    /// Sum tokens and cost
    Costs(CostsArgs),
}

/// `artifact store`.
#[derive(clap::Args, Debug)]
pub struct StoreArgs {
    /// File to store; `-` or nothing reads standard input
    pub file: Option<PathBuf>,
    /// Task that produced it
    #[arg(long, default_value = "")]
    pub task: String,
    /// Kind of output: tool_call, tool_response, llm_response, file, message, custom
    #[arg(long = "type", default_value = "custom")]
    pub artifact_type: String,
    /// Tool that produced it
    #[arg(long, default_value = "")]
    pub tool: String,
    /// One-line summary
    #[arg(long, default_value = "")]
    pub summary: String,
    /// Session
    #[arg(long, default_value = "")]
    pub session: String,
    /// Organisation
    #[arg(long, default_value = "default")]
    pub org: String,
    /// Input tokens
    #[arg(long, default_value_t = 0)]
    pub tokens_in: u64,
    /// Output tokens
    #[arg(long, default_value_t = 0)]
    pub tokens_out: u64,
    /// Cost in US dollars, e.g. 0.0123 (kept exactly, as micro-dollars)
    #[arg(long, value_name = "USD")]
    pub cost: Option<String>,
    /// Model used
    #[arg(long, default_value = "")]
    pub model: String,
    /// Provider used
    #[arg(long, default_value = "")]
    pub provider: String,
}

/// `artifact show`.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// Artifact id (its SHA-256, or a unique prefix of at least 8 digits)
    pub id: String,
    /// Print the content itself (verified against its digest first)
    #[arg(long)]
    pub raw: bool,
}

/// `artifact list`.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Only this task's artifacts
    #[arg(long)]
    pub task: Option<String>,
}

/// `artifact verify`.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// Artifact id (or prefix); default with --all: every artifact and orphan check
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// Verify every object the journal names and look for orphaned objects
    #[arg(long)]
    pub all: bool,
}

/// `artifact costs`.
#[derive(clap::Args, Debug)]
pub struct CostsArgs {
    /// Group by
    #[arg(long, value_parser = ["provider", "model", "task"])]
    pub by: Option<String>,
}

#[derive(Serialize)]
struct StoredOut<'a> {
    id: &'a str,
    seq: u64,
    #[serde(flatten)]
    artifact: &'a ArtifactEvent,
}

#[derive(Serialize)]
struct ListOut<'a> {
    artifacts: &'a [ArtifactEntry],
}

#[derive(Serialize)]
struct VerifyOut<'a> {
    ok: bool,
    #[serde(flatten)]
    report: &'a ObjectsReport,
}

/// Run `artifact …`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &ArtifactCommand) -> Result<Outcome, CliError> {
    match cmd {
        ArtifactCommand::Store(a) => store(ctx, a),
        ArtifactCommand::Show(a) => show(ctx, a),
        ArtifactCommand::List(a) => list(ctx, a),
        ArtifactCommand::Verify(a) => verify(ctx, a),
        ArtifactCommand::Costs(a) => costs(ctx, a),
    }
}

fn store(ctx: &mut Ctx<'_>, a: &StoreArgs) -> Result<Outcome, CliError> {
    let cost_micros =
        a.cost.as_deref().map_or(Ok(0), |c| ops::artifacts::parse_cost("--cost", c))?;
    let limit = crate::store::artifacts::MAX_SIZE;
    let mut content = Vec::new();
    match a.file.as_deref() {
        None => read_limited(std::io::stdin(), &mut content, limit, "standard input")?,
        Some(p) if p.as_os_str() == "-" => {
            read_limited(std::io::stdin(), &mut content, limit, "standard input")?;
        }
        Some(p) => {
            let f = std::fs::File::open(p).at("open", p)?;
            read_limited(f, &mut content, limit, &p.display().to_string())?;
        }
    }
    let meta = ArtifactEvent {
        digest: String::new(),
        size: 0,
        task: a.task.clone(),
        artifact_type: a.artifact_type.clone(),
        tool: a.tool.clone(),
        summary: a.summary.clone(),
        org: a.org.clone(),
        session: a.session.clone(),
        tokens_in: a.tokens_in,
        tokens_out: a.tokens_out,
        cost_micros,
        model: a.model.clone(),
        provider: a.provider.clone(),
    };
    let stored = ops::artifacts::store(&mut ctx.door()?, &content, &meta)?;
    if ctx.global.json {
        print_json(
            ctx.out,
            &StoredOut { id: &stored.event.digest, seq: stored.seq, artifact: &stored.event },
        )?;
    } else {
        write_out(
            ctx.out,
            format!(
                "{} ({} bytes, journal seq {})\n",
                stored.event.digest, stored.event.size, stored.seq
            )
            .as_bytes(),
        )?;
    }
    Ok(Outcome::Success)
}

fn read_limited(r: impl Read, buf: &mut Vec<u8>, limit: u64, what: &str) -> Result<(), CliError> {
    r.take(limit + 1).read_to_end(buf).map_err(|e| Error::Io {
        op: "read",
        path: what.into(),
        source: e,
    })?;
    if buf.len() as u64 > limit {
        return Err(Error::Invalid(format!("{what} is larger than the {limit}-byte limit")).into());
    }
    Ok(())
}

fn show(ctx: &mut Ctx<'_>, a: &ShowArgs) -> Result<Outcome, CliError> {
    let limit = if a.raw { u64::MAX } else { 0 };
    let shown = ops::artifacts::show(&mut ctx.door()?, &a.id, limit)?;
    if let Some(bytes) = shown.content.filter(|_| a.raw) {
        write_out(ctx.out, &bytes)?;
        return Ok(Outcome::Success);
    }
    let entries = shown.entries;
    if ctx.global.json {
        print_json(ctx.out, &ListOut { artifacts: &entries })?;
    } else {
        let mut s = String::new();
        for e in &entries {
            s.push_str(&format!(
                "artifact {}\n  seq {}  {}\n  type {}  tool {}  task {}\n  size {} bytes  \
                 tokens {}/{}  cost {}  model {}  provider {}\n  {}\n",
                e.event.digest,
                e.seq,
                e.ts,
                e.event.artifact_type,
                e.event.tool,
                e.event.task,
                e.event.size,
                e.event.tokens_in,
                e.event.tokens_out,
                format_usd(e.event.cost_micros),
                e.event.model,
                e.event.provider,
                e.event.summary,
            ));
        }
        write_out(ctx.out, s.as_bytes())?;
    }
    Ok(Outcome::Success)
}

fn list(ctx: &mut Ctx<'_>, a: &ListArgs) -> Result<Outcome, CliError> {
    let f = ops::artifacts::ArtifactFilter { task: a.task.as_deref(), org: None };
    let all = ops::artifacts::list(&mut ctx.door()?, &f)?;
    if ctx.global.json {
        print_json(ctx.out, &ListOut { artifacts: &all })?;
        return Ok(Outcome::Success);
    }
    if all.is_empty() {
        write_out(ctx.out, b"no artifacts\n")?;
        return Ok(Outcome::Success);
    }
    let mut t = table(&["ID", "TYPE", "TOOL", "TASK", "SIZE", "COST", "SUMMARY"]);
    for e in &all {
        t.add_row(vec![
            e.event.digest[..12].to_string(),
            e.event.artifact_type.clone(),
            e.event.tool.clone(),
            e.event.task.clone(),
            e.event.size.to_string(),
            format_usd(e.event.cost_micros),
            clip(&e.event.summary, 40),
        ]);
    }
    write_out(ctx.out, format!("{t}\n").as_bytes())?;
    Ok(Outcome::Success)
}

fn verify(ctx: &mut Ctx<'_>, a: &VerifyArgs) -> Result<Outcome, CliError> {
    if a.all {
        ctx.progress("verifying every stored artifact…");
    }
    let (_, report) = ops::artifacts::verify(&mut ctx.door()?, a.id.as_deref(), a.all)?;
    if ctx.global.json {
        print_json(ctx.out, &VerifyOut { ok: report.ok(), report: &report })?;
    } else {
        let mut s = String::new();
        for d in &report.missing {
            s.push_str(&format!("missing: {d}\n"));
        }
        for d in &report.modified {
            s.push_str(&format!("modified: {d}\n"));
        }
        for p in &report.orphaned {
            s.push_str(&format!("orphaned: {p}\n"));
        }
        s.push_str(&format!(
            "{}: {} object(s) checked, {} missing, {} modified, {} orphaned\n",
            if report.ok() { "ok" } else { "NOT OK" },
            report.checked,
            report.missing.len(),
            report.modified.len(),
            report.orphaned.len()
        ));
        write_out(ctx.out, s.as_bytes())?;
    }
    Ok(if report.ok() { Outcome::Success } else { Outcome::Negative })
}

fn costs(ctx: &mut Ctx<'_>, a: &CostsArgs) -> Result<Outcome, CliError> {
    let f = ops::artifacts::ArtifactFilter::default();
    let r = ops::artifacts::costs(&mut ctx.door()?, &f, a.by.as_deref())?;
    if ctx.global.json {
        print_json(ctx.out, &r)?;
        return Ok(Outcome::Success);
    }
    let mut t = table(&[
        a.by.as_deref().unwrap_or("").to_uppercase().as_str(),
        "ARTIFACTS",
        "TOKENS IN",
        "TOKENS OUT",
        "COST",
    ]);
    for r in r.groups.iter().chain(std::iter::once(&r.total)) {
        t.add_row(vec![
            r.key.clone(),
            r.artifacts.to_string(),
            r.tokens_in.to_string(),
            r.tokens_out.to_string(),
            format_usd(r.cost_micros),
        ]);
    }
    write_out(ctx.out, format!("{t}\n").as_bytes())?;
    Ok(Outcome::Success)
}

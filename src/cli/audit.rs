//! `aiperture audit`: query and export the journal.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, write_out};
use crate::clock::parse_time;
use crate::engine::Decision;
use crate::engine::events::EventKind;
use crate::engine::report::{self, AuditEvent, AuditFilter};
use crate::error::Error;

/// Query and export the journal
#[derive(clap::Subcommand, Debug)]
pub enum AuditCommand {
    /// Show events, newest last (the last --limit that match)
    Log(LogArgs),
    /// Show one event by its seq
    Show(ShowArgs),
    /// Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV
    Export(ExportArgs),
}

/// `audit log`.
#[derive(clap::Args, Debug)]
pub struct LogArgs {
    /// Only events of this kind
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(EventKind::NAMES))]
    pub kind: Option<String>,
    /// Session of the request
    #[arg(long)]
    pub session: Option<String>,
    /// Tool of the request
    #[arg(long)]
    pub tool: Option<String>,
    /// Verdict or human decision
    #[arg(long, value_parser = ["allow", "deny", "ask"])]
    pub decision: Option<String>,
    /// Only events at or after this time (RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only events at or before this time (RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// At most this many events (the newest); 0 for all
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// `audit show`.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// The event's seq
    pub seq: u64,
}

/// `audit export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "csv"])]
    pub format: String,
    /// Only events at or after this time (RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
}

#[derive(Serialize)]
struct LogOut<'a> {
    events: &'a [AuditEvent],
}

fn time(flag: &str, v: Option<&String>) -> Result<Option<chrono::DateTime<chrono::Utc>>, CliError> {
    v.map(|s| {
        parse_time(s).ok_or_else(|| {
            CliError::from(Error::Invalid(format!("{flag}: not an RFC 3339 time: {s:?}")))
                .hint("for example 2026-11-26T10:00:00Z")
        })
    })
    .transpose()
}

/// Run `audit …`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &AuditCommand) -> Result<Outcome, CliError> {
    match cmd {
        AuditCommand::Log(a) => {
            let filter = AuditFilter {
                kind: a.kind.clone(),
                session: a.session.clone(),
                tool: a.tool.clone(),
                decision: a
                    .decision
                    .as_deref()
                    .map(str::parse::<Decision>)
                    .transpose()
                    .map_err(Error::Invalid)?,
                since: time("--since", a.since.as_ref())?,
                until: time("--until", a.until.as_ref())?,
                limit: a.limit,
            };
            let events = crate::ops::journal::audit(&mut ctx.door()?, &filter)?;
            if ctx.global.json {
                print_json(ctx.out, &LogOut { events: &events })?;
            } else {
                let mut s = String::new();
                for e in &events {
                    s.push_str(&summary_line(&e.event));
                    s.push('\n');
                }
                write_out(ctx.out, s.as_bytes())?;
            }
            Ok(Outcome::Success)
        }
        AuditCommand::Show(a) => {
            let found = crate::ops::journal::audit_event(&mut ctx.door()?, a.seq)?;
            let Some(e) = found else {
                return Err(Error::NotFound(format!("no event with seq {}", a.seq)).into());
            };
            print_json(ctx.out, &e)?;
            Ok(Outcome::Success)
        }
        AuditCommand::Export(a) => {
            let since = time("--since", a.since.as_ref())?;
            let (lock, journal) = ctx.journal_reader()?;
            let mut buf = Vec::new();
            let n = if a.format == "csv" {
                report::export_csv(&journal, since, &mut buf)?
            } else {
                report::export_jsonl(&journal, since, &mut buf)?
            };
            drop(lock);
            write_out(ctx.out, &buf)?;
            ctx.status(&format!("exported {n} events"));
            Ok(Outcome::Success)
        }
    }
}

/// One line per event: seq, time, kind and the essentials.
fn summary_line(v: &serde_json::Value) -> String {
    let s = |path: &[&str]| {
        let mut cur = v;
        for p in path {
            match cur.get(p) {
                Some(x) => cur = x,
                None => return String::new(),
            }
        }
        cur.as_str().map_or_else(|| cur.to_string(), str::to_string)
    };
    let head = format!("{:>6} {} {:<9}", s(&["seq"]), s(&["ts"]), s(&["kind"]));
    let req = format!(
        "{} {} {}",
        s(&["request", "tool"]),
        s(&["request", "action"]),
        clip(&s(&["request", "scope"]), 60)
    );
    match v.get("kind").and_then(|k| k.as_str()).unwrap_or("") {
        "check" => format!(
            "{head} {} ({}) {req}",
            s(&["verdict", "decision"]),
            s(&["verdict", "decided_by"])
        ),
        "decision" => format!(
            "{head} {} {} by {} via {} {}",
            s(&["outcome"]),
            s(&["decision"]),
            s(&["by"]),
            s(&["channel"]),
            s(&["challenge"])
        ),
        "execution" => format!("{head} {} {req}", s(&["status"])),
        "artifact" => format!(
            "{head} {} {} {}",
            &s(&["digest"]).chars().take(12).collect::<String>(),
            s(&["type"]),
            clip(&s(&["summary"]), 60)
        ),
        "grant" => format!(
            "{head} {} task {} {} {} {} → {}",
            s(&["grant"]),
            s(&["task"]),
            s(&["tool"]),
            s(&["action"]),
            clip(&s(&["scope"]), 40),
            s(&["decision"])
        ),
        "config" => format!("{head} {} = {}", s(&["key"]), s(&["value"])),
        "policy" => format!("{head} {} {}", s(&["action"]), s(&["file"])),
        _ => head,
    }
}

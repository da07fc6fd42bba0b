//! `aiperture check`: decide allow, deny or ask for one tool call.

use std::io::Read;

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, write_out};
use crate::engine::intel::Signal;
use crate::engine::{Decision, Request, SimilarPattern, Verdict};
use crate::error::Error;
use crate::remote::Team;
use crate::risk::Analysis;

/// Decide allow, deny or ask for one tool call
///
/// The request is TOOL ACTION SCOPE, e.g. `shell execute "git push origin main"` or
/// `filesystem write src/main.rs`. The verdict is journaled before it is printed. A non-allow
/// verdict carries a challenge id that a human can approve or deny with `aiperture approve ID`
/// or `aiperture deny ID`.
///
/// In client mode (`remote.url` in the user config, or AIPERTURE_URL) the team server decides
/// and journals, after this machine's self-protection; its verdict is printed as a local one
/// would be. When the server cannot be reached nothing is allowed (exit 2), unless
/// `remote.fallback = "local"` lets this machine's store decide (journaled with `fallback`).
///
/// Exit status: 0 allow, 1 deny, 3 ask, 2 error (an error never allows).
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Tool family: shell, filesystem, web, database, mcp, …
    #[arg(required_unless_present = "stdin")]
    pub tool: Option<String>,
    /// What the tool does: execute, read, write, delete, fetch, …
    #[arg(required_unless_present = "stdin")]
    pub action: Option<String>,
    /// The target: a command line, a path or a URL (quote it as one argument)
    #[arg(required_unless_present = "stdin", allow_hyphen_values = true)]
    pub scope: Option<String>,
    /// Read the request as one JSON object from standard input instead
    ///
    /// Fields: tool, action, scope, and optionally org, project, session, task,
    /// content_hash, runtime. Unknown fields are an error.
    #[arg(long, conflicts_with_all = ["tool", "action", "scope"])]
    pub stdin: bool,
    /// Agent session id (rate limit, session memory and risk budget are per session)
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    /// Task id (task grants)
    #[arg(long, value_name = "ID")]
    pub task: Option<String>,
    /// Organisation
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// Project within the organisation
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// Hash of the content a write would produce
    #[arg(long, value_name = "HASH")]
    pub content_hash: Option<String>,
    /// Agent runtime asking (claude-code, codex, …)
    #[arg(long, value_name = "NAME")]
    pub runtime: Option<String>,
    /// Also explain what the command does, part by part (see `aiperture explain`)
    #[arg(long)]
    pub explain: bool,
}

#[derive(Serialize)]
struct CheckOutcome<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    request: &'a Request,
    store: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a Analysis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    similar: Option<&'a [SimilarPattern]>,
    /// The shared signal (`[intel] enabled`, with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    shared: Option<&'a Signal>,
}

/// Build the request (before any lock is taken).
fn request(ctx: &mut Ctx<'_>, args: &CheckArgs) -> Result<Request, CliError> {
    let mut req = if args.stdin {
        let mut text = String::new();
        std::io::stdin()
            .take(2 * 1024 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| Error::Io { op: "read", path: "standard input".into(), source: e })?;
        serde_json::from_str::<Request>(&text)
            .map_err(|e| Error::Json { what: "the request on standard input".into(), source: e })?
    } else {
        Request::new(
            args.tool.as_deref().unwrap_or_default(),
            args.action.as_deref().unwrap_or_default(),
            args.scope.as_deref().unwrap_or_default(),
        )
    };
    let set = |field: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            field.clone_from(v);
        }
    };
    set(&mut req.session, &args.session);
    set(&mut req.task, &args.task);
    set(&mut req.org, &args.org);
    set(&mut req.project, &args.project);
    set(&mut req.content_hash, &args.content_hash);
    set(&mut req.runtime, &args.runtime);
    // Validated by the check operation, before it takes the lock.
    let _ = ctx;
    Ok(req)
}

/// Run `check`.
pub fn run(ctx: &mut Ctx<'_>, args: &CheckArgs) -> Result<Outcome, CliError> {
    let req = request(ctx, args)?;
    let show = crate::ops::check::Show {
        analysis: args.explain,
        similar: if args.explain { 5 } else { 0 },
        shared: args.explain,
    };
    let found = ctx.store()?;
    let loaded = ctx.config(&found)?;
    // Client mode: the team server decides, after this machine's self-protection.
    let mut fallback = None;
    let team = Team::new(&found, &loaded.config, Some(&ctx.cwd))?;
    let remote = match &team {
        Some(t) => {
            req.validate()?;
            t.decide(&req, &mut fallback, |c| c.check(&req))?
        }
        None => None,
    };
    let mut door = ctx.door_loaded(found, loaded);
    let (store, verdict, analysis, similar, shared) =
        if let (Some(verdict), Some(t)) = (remote, team) {
            // The server answers the verdict only; the analysis shown is this machine's.
            let analysis = if args.explain {
                Some(crate::ops::check::explain(&mut door, &req, false)?.analysis)
            } else {
                None
            };
            (t.client.url().to_string(), verdict, analysis, None, None)
        } else {
            door.set_fallback(fallback);
            let store = crate::ops::Access::store(&door).root().display().to_string();
            let checked = crate::ops::check::check(&mut door, &req, show)?;
            (store, checked.verdict, checked.analysis, checked.similar, checked.shared)
        };
    drop(door);
    if ctx.global.json {
        print_json(
            ctx.out,
            &CheckOutcome {
                verdict: &verdict,
                request: &req,
                store,
                explain: analysis.as_ref(),
                similar: similar.as_deref(),
                shared: shared.as_ref(),
            },
        )?;
    } else {
        // A self-protection or policy deny does not depend on the risk: say what refused it
        // instead of a tier that would read as "low risk" (the JSON keeps the tier).
        let risk = match verdict.refused_by() {
            Some(by) => format!("refused by {by} regardless of risk"),
            None => format!("risk={}", verdict.risk.tier),
        };
        let mut line = format!(
            "{}: {} [decided_by={} {risk}",
            verdict.decision.as_str(),
            clip(&verdict.reason, 200),
            verdict.decided_by.as_str(),
        );
        match &verdict.challenge {
            Some(ch) if verdict.overridable() => line.push_str(&format!(
                " challenge={id}] — a human can run `aiperture approve {id}` or `aiperture deny {id}`",
                id = ch.id
            )),
            Some(ch) => line.push_str(&format!(" challenge={}]", ch.id)),
            None => line.push(']'),
        }
        line.push('\n');
        if let Some(a) = &analysis {
            line.push_str(&super::explain::render(a));
            line.push_str(&format!(
                "recommendation: {} — {}\n",
                verdict.recommendation.code, verdict.recommendation.text
            ));
            if let Some(s) = &shared {
                line.push_str(&format!("shared: `{}`: {}\n", s.pattern, s.describe()));
            }
            for p in similar.as_deref().unwrap_or_default() {
                line.push_str(&format!(
                    "similar: {} {} {}{} — {:.0}% approved over {} decisions (similarity {:.2})\n",
                    p.tool,
                    p.action,
                    clip(&p.pattern, 60),
                    if p.normalized { " (pattern)" } else { "" },
                    p.rate * 100.0,
                    p.decisions,
                    p.similarity
                ));
            }
        }
        write_out(ctx.out, line.as_bytes())?;
    }
    Ok(match verdict.decision {
        Decision::Allow => Outcome::Success,
        Decision::Deny => Outcome::Negative,
        Decision::Ask => Outcome::Ask,
    })
}

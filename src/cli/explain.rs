//! `aiperture explain`: what a tool call would do, part by part, and how risky each part is.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, write_out};
use crate::engine::Request;
use crate::risk::{self, Analysis};

/// Explain what a tool call would do and how risky it is
///
/// Parses a shell command into its simple commands (through `;`, `&&`, `|`, substitutions,
/// wrappers such as `sudo`, `env`, `bash -c`, `xargs`, `find -exec` and inline interpreter
/// code) and says in plain words what each does, with its risk tier and the factors behind
/// it. Nothing is decided or journaled; `check --explain` adds the same to a verdict.
///
/// Each reason names what found it: a rule of the built-in program registry
/// (`git.stash.drop.destroys`), a classifier handler (`handler:rm`) or one of your own
/// `[[risk.rule]]`s, as `custom:<program>` followed by its subcommand words after dots
/// (`custom:terraform.apply`).
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Tool family: shell, filesystem, web, database, …
    pub tool: String,
    /// Action: execute, read, write, delete, fetch, …
    pub action: String,
    /// The target: a command line, a path or a URL (quote it as one argument)
    #[arg(allow_hyphen_values = true)]
    pub scope: String,
}

/// The explanation as printed with `--json`.
#[derive(Serialize)]
pub struct ExplainOut<'a> {
    /// The request explained.
    pub request: &'a Request,
    /// The analysis: overall risk, whether the command parsed, and every simple command.
    #[serde(flatten)]
    pub analysis: &'a Analysis,
    /// The shared signal, when `[intel] enabled` and enough organisations reported it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<&'a crate::engine::intel::Signal>,
}

/// One finding: `- HIGH recursive_delete (handler:rm): deletes …`.
fn finding_line(indent: &str, f: &risk::FindingOut) -> String {
    let factor = f.factor.as_deref().map_or(String::new(), |x| format!(" {x}"));
    format!("{indent}- {}{factor} ({}): {}\n", f.tier, f.rule, f.what)
}

/// Render the analysis as indented lines, each command with the findings behind its tier
/// and the rule or handler that found each.
pub fn render(analysis: &Analysis) -> String {
    let r = &analysis.risk;
    let mut s = format!(
        "risk {} (score {:.3}){}{}\n",
        r.tier,
        r.score,
        if r.factors.is_empty() { String::new() } else { format!(": {}", r.factors.join(", ")) },
        if r.reversible { "" } else { "; not reversible" }
    );
    if !analysis.parsed {
        s.push_str("  the command could not be parsed, so it is treated as HIGH risk\n");
    }
    for f in &analysis.findings {
        s.push_str(&finding_line("  ", f));
    }
    for (i, c) in analysis.commands.iter().enumerate() {
        let indent = if c.command.top_level { "  " } else { "      " };
        s.push_str(&format!(
            "{indent}{}. {}\n{indent}   {} — {}{}\n",
            i + 1,
            clip(&c.command.text, 100),
            c.explanation,
            c.risk.tier,
            if c.risk.factors.is_empty() {
                String::new()
            } else {
                format!(" [{}]", c.risk.factors.join(", "))
            }
        ));
        for f in &c.findings {
            s.push_str(&finding_line(&format!("{indent}   "), f));
        }
    }
    s
}

/// Run `explain`.
pub fn run(ctx: &mut Ctx<'_>, args: &ExplainArgs) -> Result<Outcome, CliError> {
    let req = Request::new(&args.tool, &args.action, &args.scope);
    // The shared signal needs the index (and so the lock); read only when it is enabled.
    let explained = crate::ops::check::explain(&mut ctx.door()?, &req, true)?;
    let (analysis, shared) = (explained.analysis, explained.shared);
    if ctx.global.json {
        print_json(
            ctx.out,
            &ExplainOut { request: &req, analysis: &analysis, shared: shared.as_ref() },
        )?;
    } else {
        let head = format!("{} {} {}\n", req.tool, req.action, clip(&req.scope, 200));
        let mut text = format!("{head}{}", render(&analysis));
        if let Some(s) = &shared {
            text.push_str(&format!("shared: `{}`: {}\n", s.pattern, s.describe()));
        }
        write_out(ctx.out, text.as_bytes())?;
    }
    Ok(Outcome::Success)
}

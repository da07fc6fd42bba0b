//! `aiperture patterns`: what learning knows, pattern by pattern.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{clip, print_json, table, write_out};
use crate::engine::PatternReport;
use crate::engine::intel::Signal;

/// Show what aiperture learned from human decisions
///
/// One row per pattern (an exact scope, or a normalized pattern such as `git log*`) with its
/// counted approvals and denials, time-weighted approval rate, number of deciders (BY), age of
/// the newest decision, status, and how many more approvals it needs before it allows by
/// itself (TO GO). Status: AUTO-ALLOW or AUTO-DENY (the pattern decides), ASKING k of N (not
/// enough decisions yet), SPLIT (humans disagree), EXPIRED (the newest decision is older than
/// `learning.pattern_max_age_days`).
#[derive(clap::Args, Debug)]
pub struct PatternsArgs {}

#[derive(Serialize)]
struct PatternList<'a> {
    patterns: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    report: &'a PatternReport,
    /// The shared signal of the pattern's generalization (`[intel] enabled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    shared: Option<Signal>,
}

/// Run `patterns`.
pub fn run(ctx: &mut Ctx<'_>, _args: &PatternsArgs) -> Result<Outcome, CliError> {
    let f = crate::ops::learned::PatternFilter { shared: true, ..Default::default() };
    let found = crate::ops::learned::patterns(&mut ctx.door()?, &f)?;
    let (patterns, shared) = (found.patterns, found.shared);
    let any_shared = shared.iter().any(Option::is_some);
    if ctx.global.json {
        let rows = patterns.iter().zip(shared).map(|(report, shared)| Row { report, shared });
        print_json(ctx.out, &PatternList { patterns: rows.collect() })?;
        return Ok(Outcome::Success);
    }
    if patterns.is_empty() {
        write_out(
            ctx.out,
            b"no learned patterns yet: approve or deny requests to teach aiperture\n",
        )?;
        return Ok(Outcome::Success);
    }
    let mut header =
        vec!["TOOL", "ACTION", "PATTERN", "ALLOW", "DENY", "RATE", "BY", "AGE", "STATUS", "TO GO"];
    if any_shared {
        header.push("SHARED");
    }
    let mut t = table(&header);
    for (p, s) in patterns.iter().zip(&shared) {
        let pattern = if p.stats.normalized {
            format!("{} (pattern)", clip(&p.stats.pattern, 40))
        } else {
            clip(&p.stats.pattern, 50)
        };
        let mut row = vec![
            p.stats.tool.clone(),
            p.stats.action.clone(),
            pattern,
            p.stats.allows.to_string(),
            p.stats.denies.to_string(),
            format!("{:.0}%", p.rate * 100.0),
            p.stats.deciders.len().to_string(),
            p.age_days.map_or_else(|| "-".into(), |d| format!("{d:.0}d")),
            p.status.label(),
            p.to_auto_allow.map_or_else(|| "never".into(), |n| n.to_string()),
        ];
        if any_shared {
            row.push(match s.as_ref().and_then(|s| s.estimate) {
                Some(e) if e.precise() => format!("{:.0}% of {}", e.shown() * 100.0, e.orgs),
                Some(e) => format!("not enough data ({} orgs)", e.orgs),
                None => "-".into(),
            });
        }
        t.add_row(row);
    }
    write_out(ctx.out, format!("{t}\n").as_bytes())?;
    Ok(Outcome::Success)
}

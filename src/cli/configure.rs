//! `aiperture configure`: a short interactive wizard that writes the store's config.toml.

use std::io::{BufRead, IsTerminal};

use super::Ctx;
use super::config::{SetArgs, set};
use super::exit::{CliError, Outcome};
use crate::error::Error;

/// Set the main tunables by answering a few questions (on a terminal)
///
/// Asks how fast aiperture should learn (`learning.min_decisions`), what it answers when
/// nothing decides (`decision.default`), the session risk budget (`session.risk_budget`) and
/// how appends reach the disk (`journal.durability`), showing the current value of each; an
/// empty answer keeps it. Each answer is validated and written like `aiperture config set`
/// (journaled, into the store's config.toml). Without a terminal it refuses: use
/// `aiperture config set KEY VALUE` in scripts.
#[derive(clap::Args, Debug)]
pub struct ConfigureArgs {}

struct Question {
    key: &'static str,
    text: &'static str,
    /// (answer prefix, value written).
    choices: &'static [(&'static str, &'static str)],
}

const QUESTIONS: &[Question] = &[
    Question {
        key: "learning.min_decisions",
        text: "How fast should aiperture learn from your answers? [f]ast (5 approvals), \
               [n]ormal (10), [c]areful (20)",
        choices: &[("f", "5"), ("n", "10"), ("c", "20")],
    },
    Question {
        key: "decision.default",
        text: "When no rule and nothing learned decides: [a]sk a human, or [d]eny (for \
               unattended runs)?",
        choices: &[("a", "ask"), ("d", "deny")],
    },
    Question {
        key: "session.risk_budget",
        text: "Risk points a session may use on automatic allows before it asks again \
               (a number; 0 turns the budget off)",
        choices: &[],
    },
    Question {
        key: "journal.durability",
        text: "Journal writes: [s]ync each one to disk (safest), or [f]lush (faster; a power \
               loss may lose the last checks)?",
        choices: &[("s", "fsync"), ("f", "flush")],
    },
];

/// Run `configure`.
pub fn run(ctx: &mut Ctx<'_>, _args: &ConfigureArgs) -> Result<Outcome, CliError> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::from(Error::Invalid(
            "`aiperture configure` asks its questions on a terminal, and this is not one".into(),
        ))
        .hint("in scripts, set each value with `aiperture config set KEY VALUE`"));
    }
    let store = ctx.store()?;
    let current = ctx.config(&store)?;
    let mut changes = Vec::new();
    let mut lines = stdin.lock().lines();
    for q in QUESTIONS {
        let now = current
            .entries
            .iter()
            .find(|e| e.key == q.key)
            .map(|e| e.value.to_string().trim_matches('"').to_string())
            .unwrap_or_default();
        let mut answered = None;
        for _ in 0..3 {
            let _ = write!(ctx.out, "{} [{now}]: ", q.text);
            let _ = ctx.out.flush();
            let Some(line) = lines.next() else { break };
            let line = line.map_err(|e| Error::Io {
                op: "read",
                path: "standard input".into(),
                source: e,
            })?;
            let a = line.trim().to_ascii_lowercase();
            if a.is_empty() {
                answered = Some(None);
                break;
            }
            let value = if q.choices.is_empty() {
                a.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).map(|_| a.clone())
            } else {
                q.choices.iter().find(|(p, _)| a.starts_with(p)).map(|(_, v)| (*v).to_string())
            };
            match value {
                Some(v) => {
                    answered = Some(Some(v));
                    break;
                }
                None => {
                    let _ = writeln!(ctx.out, "  not an answer: {line:?}");
                }
            }
        }
        match answered {
            None => {
                return Err(CliError::from(Error::Invalid(format!(
                    "no usable answer for `{}`; nothing more was changed",
                    q.key
                ))));
            }
            Some(None) => {}
            Some(Some(v)) if v == now => {}
            Some(Some(v)) => {
                set(ctx, &SetArgs { key: q.key.into(), value: v.clone(), user: false })?;
                changes.push(q.key);
            }
        }
    }
    let file = store.config_file();
    let msg = if changes.is_empty() {
        "nothing changed\n".to_string()
    } else {
        format!("wrote {} to {}\n", changes.join(", "), file.display())
    };
    let _ = ctx.out.write_all(msg.as_bytes());
    Ok(Outcome::Success)
}

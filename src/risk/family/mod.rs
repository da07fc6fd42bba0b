//! Named handlers for whole families of harm that no single program's registry rule can
//! describe: printing secrets, weakening trust, publishing, data-store resets, host
//! exhaustion and disruption, wide deletion, and editor/debugger/pager escapes.
//!
//! Each family is one module with one entry point of the [`Handler`] shape, called for every
//! simple command after the registry rules and the per-program handlers; it sees the whole
//! analysis (so it can link a command to its pipeline neighbours), the command, its program
//! name and its arguments, and appends findings. Findings are tagged `handler:<family>` for
//! `explain`.
//!
//! Invariants: handlers are pure and never panic; they only add findings (a tier can only be
//! raised here; false positives are fixed where the finding is made).

use std::borrow::Cow;

use super::classify::{Args, Finding, tag};
use super::shell::{Analysis, Cmd};

mod datastore;
mod deletion;
mod escapes;
mod host;
mod publish;
mod secrets;
mod trust;

/// One family's entry point.
type Handler = fn(&Analysis, &Cmd, &str, &Args, &mut Vec<Finding>);

/// Every family, in the order its findings are reported.
const FAMILIES: &[(&str, Handler)] = &[
    ("handler:secrets", secrets::check),
    ("handler:trust", trust::check),
    ("handler:publish", publish::check),
    ("handler:datastore", datastore::check),
    ("handler:host", host::check),
    ("handler:deletion", deletion::check),
    ("handler:escapes", escapes::check),
];

/// The program an `xargs`/`parallel` command runs: its first word after the options (which
/// options take a value is the registry's), without its folder.
fn inner_program<'a>(prog: &str, args: &Args<'a>) -> Option<&'a str> {
    let i = super::shell::skip_options(args.c.args(), super::registry::value_opts(prog));
    args.texts.get(i).map(|p| p.rsplit('/').next().unwrap_or(p))
}

/// Runs every family on one command.
pub(super) fn command(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    for (name, check) in FAMILIES {
        let from = out.len();
        check(a, c, prog, args, out);
        tag(out, from, Cow::Borrowed(name));
    }
}

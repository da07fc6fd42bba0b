//! The publish family (to be filled in).

use crate::risk::classify::{Args, Finding};
use crate::risk::shell::{Analysis, Cmd};

/// Adds this family's findings for one command.
pub(super) fn check(_a: &Analysis, _c: &Cmd, _prog: &str, _args: &Args, _out: &mut Vec<Finding>) {}

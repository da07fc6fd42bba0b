//! Panics fail closed.
//!
//! No code path is meant to panic (clippy denies `unwrap`, `expect` and `panic!` outside
//! tests), but a bug, an overflow in a dependency or an allocation failure still could. The
//! default panic exit status is 101, which every supported agent reads as "the hook had no
//! opinion" and lets the tool call run. [`install`] replaces it: after the panic message, a
//! command exits with status 2 (an error for `check` and the CLI; a block for every agent's
//! hook contract), and an `aiperture hook <agent>` process first prints its agent's deny form
//! on standard output, so an agent that reads the JSON rather than the status is told "deny"
//! as well. The long-running servers are the exception ([`Mode::Server`]): they catch a
//! panic per request and answer it with an error, so the hook only reports it.
//!
//! Invariant: a panic in any thread of a command process ends the process with status 2 and
//! never with a success or "no opinion" status.

use std::io::Write;
use std::sync::Mutex;

/// What a panic does, set once the command is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Exit with status 2 after the message (every command but the servers).
    Exit,
    /// Print `stdout` (an agent's deny form, one JSON line), then exit with status 2.
    Hook {
        /// The deny form to print.
        stdout: String,
    },
    /// Report only: the server answers the request that panicked with an error.
    Server,
}

static MODE: Mutex<Mode> = Mutex::new(Mode::Exit);

/// The exit status of a command that panicked.
pub const PANIC_EXIT: i32 = 2;

/// The reason given to an agent when aiperture panicked while deciding.
pub const REASON: &str = "aiperture failed while deciding (an internal error); the call is not \
                          allowed. Please report it with the message above.";

/// Install the panic hook (call first thing in `main`).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        let place =
            info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let mode = MODE.lock().map_or_else(|p| p.into_inner().clone(), |m| m.clone());
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "aiperture: internal error{place}: {what}");
        if mode == Mode::Server {
            return;
        }
        if let Mode::Hook { stdout } = &mode {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(stdout.as_bytes());
            let _ = out.flush();
        }
        let _ = writeln!(err, "{REASON}");
        let _ = err.flush();
        std::process::exit(PANIC_EXIT);
    }));
}

/// Set what a panic does from now on.
pub fn set_mode(mode: Mode) {
    match MODE.lock() {
        Ok(mut m) => *m = mode,
        Err(p) => *p.into_inner() = mode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_can_be_changed_and_read_back() {
        set_mode(Mode::Hook { stdout: "{}\n".into() });
        assert_eq!(*MODE.lock().unwrap(), Mode::Hook { stdout: "{}\n".into() });
        set_mode(Mode::Exit);
        assert_eq!(*MODE.lock().unwrap(), Mode::Exit);
    }
}

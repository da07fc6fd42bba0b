//! Man pages generated from the clap definitions (clap_mangen), plus the sections clap does
//! not know: EXIT STATUS, FILES, ENVIRONMENT and EXAMPLES.
//!
//! `man/` holds the committed output; a test fails when it is out of date with the CLI
//! (regenerate with `AIPERTURE_BLESS=1 cargo test --test cli generated`).

use clap::CommandFactory;

use super::Cli;

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success. \fBcheck\fR: allow. \fBverify\-chain\fR: the journal is intact. \fBdoctor\fR: no
problems.
.TP
\fB1\fR
A negative answer that is not an error: \fBcheck\fR denied, \fBverify\-chain\fR found an
integrity failure, \fBpolicy check\fR found rules that never decide, \fBapprove\fR or
\fBdeny\fR refused an expired, reused or forged challenge, \fBreview\fR had a
decision refused, \fBdoctor\fR found a problem (warnings alone exit 0).
.TP
\fB2\fR
An error or a usage error (\fBreview\fR without a terminal, \fBapprove \-\-last\fR with
nothing pending). Errors never exit 0, so a hook that blocks on a non\-zero status
fails closed.
.TP
\fB3\fR
\fBcheck\fR: ask (a human must decide).
.TP
\fB4\fR
Not found, for every command: the challenge (\fBapprove\fR, \fBdeny\fR), grant
(\fBgrant revoke\fR), artifact (\fBartifact show\fR, \fBartifact verify\fR), journal event
(\fBaudit show\fR) or configuration key (\fBconfig get\fR, \fBconfig set\fR,
\fBconfig unset\fR) named on the command line does not exist.
"#;

const FILES: &str = r".SH FILES
.TP
\fI.aiperture/config.toml\fR
Tunables of a project store (committed). Until \fBaiperture policy trust\fR, only values that
tighten apply; values that loosen a limit or run something (\fBaudit.forward_command\fR,
\fBmcp.*\fR, \fBserver.*\fR, a lower \fBlearning.auto_approve_threshold\fR, ...) are ignored
with a warning, and verdicts list them in \fBuntrusted_config_ignored\fR. Your own risk
rules (\fB[[risk.rule]]\fR: \fBprogram\fR, optional \fBsubcommand\fR, \fBany_flag\fR and
\fBargs\fR, then \fBtier\fR, \fBfactor\fR and optional \fBsays\fR) can only raise a tier,
so they always apply.
.TP
\fI.aiperture/policy.toml\fR
Static rules (committed). Allow rules apply only after \fBaiperture policy trust\fR, which
records the hashes of \fIpolicy.toml\fR and \fIconfig.toml\fR together: a change to either
needs trust again.
.TP
\fI.aiperture/secret\fR
32 random bytes, mode 0600: the HMAC key of challenges, of journal lines and of the journal HEAD.
.TP
\fI.aiperture/intel.key\fR
The ed25519 key that signs shared\-intelligence exports, mode 0600 (created on first export).
.TP
\fI.aiperture/lock\fR
The store's single writers' lock.
.TP
\fI.aiperture/journal/\fR
Hash\-chained JSON Lines segments \fI000001.jsonl\fR, ... and \fIHEAD\fR.
.TP
\fI.aiperture/index/\fR
Derived caches rebuilt from the journal; safe to delete.
.TP
\fI$XDG_DATA_HOME/aiperture/\fR
The user store, used when no \fI.aiperture/\fR is found; also holds
\fItrusted\-policies.json\fR (the trust records of project policies and configs).
.TP
\fI$XDG_DATA_HOME/aiperture/asking\-stores\fR
The inbox: one store folder per line, each store that issued an ask challenge, so that
\fBapprove\fR, \fBdeny\fR, \fBreview\fR and completion find a challenge from any folder.
Stores that no longer exist are pruned. It only finds challenges: each store verifies its own
with its secret.
.TP
\fI$XDG_DATA_HOME/aiperture/witness/\fR
The witness of each project store's journal: its latest seq and hash, recorded after every
append, so a journal deleted or rolled back inside the project is detected by
\fBverify\-chain\fR and refused by writers.
.TP
\fI$XDG_CONFIG_HOME/aiperture/config.toml\fR
The user's configuration layer.
.TP
\fI.claude/settings.json\fR, \fI.codex/hooks.json\fR, \fI.gemini/settings.json\fR, \fI.cursor/hooks.json\fR
Agent hook configuration written by \fBaiperture setup\fR (in the project, or with
\fB\-\-global\fR in the home folder).
";

const ENVIRONMENT: &str = r".SH ENVIRONMENT
.TP
\fBAIPERTURE_STORE\fR
The store to use, unless \fB\-\-store\fR is given.
.TP
\fBAIPERTURE_NOW\fR
Fixes the clock (RFC 3339), for tests and debugging.
.TP
\fBAIPERTURE_\fR\fIKEY\fR
Any configuration key, upper case with dots as underscores, e.g.
\fBAIPERTURE_LEARNING_MIN_DECISIONS\fR for \fBlearning.min_decisions\fR.
.TP
\fBXDG_DATA_HOME\fR, \fBXDG_CONFIG_HOME\fR, \fBHOME\fR
Locate the user store and the user configuration.
.TP
\fBCLAUDE_CONFIG_DIR\fR, \fBCODEX_HOME\fR
Where \fBaiperture setup \-\-global\fR writes Claude Code's and Codex's configuration.
.TP
\fBAIPERTURE_COMPLETE\fR
Set by the completion scripts of \fBaiperture completions\fR: \fBAIPERTURE_COMPLETE=\fR\fIshell\fR
\fBaiperture \-\- \fR\fIwords...\fR prints the completions of the words (challenge ids
included) and writes nothing.
.TP
\fBAIPERTURE_FAULT\fR
Tests only: \fIsite\fR:\fIn\fR makes the \fIn\fRth write at \fBjournal\fR, \fBhead\fR or
\fBindex\fR fail as a full disk would, or the \fIn\fRth journal sync (\fBsync\fR) fail as
a failing device would.
";

const EXAMPLES: &str = r#".SH EXAMPLES
.nf
aiperture init
aiperture bootstrap developer
aiperture setup claude\-code
aiperture doctor
aiperture check shell execute "cargo test"
aiperture pending
aiperture approve ch_...
aiperture deny \-\-last
aiperture review
aiperture patterns
aiperture verify\-chain \-\-expect\-head saved\-HEAD
aiperture setup claude\-code \-\-global
aiperture intel export \-\-out acme.json
.fi
"#;

/// The date in the pages' headers: when they last changed in substance (bump it then; a
/// build date would make the committed pages differ on every build).
const DATE: &str = "2026-11-26";

/// Replace clap_mangen's `.br`, blank line, `.br` (a paragraph gap written as two line
/// breaks around an empty line, which `mandoc -Tlint` warns about) with `.sp`.
fn tidy(page: Vec<u8>) -> Vec<u8> {
    match String::from_utf8(page) {
        Ok(s) => s.replace("\n.br\n\n.br\n", "\n.sp\n").into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// Every man page as `(file name, roff bytes)`: `aiperture.1` and one page per subcommand
/// (`aiperture-check.1`, `aiperture-config-set.1`, …).
pub fn pages() -> Vec<(String, Vec<u8>)> {
    // The plain crate version: the pages are committed, so no commit hash in them.
    let mut cmd = Cli::command().version(env!("CARGO_PKG_VERSION"));
    cmd.build();
    let mut out = Vec::new();
    let mut main = Vec::new();
    let _ = clap_mangen::Man::new(cmd.clone()).date(DATE).render(&mut main);
    for section in [EXIT_STATUS, FILES, ENVIRONMENT, EXAMPLES] {
        main.extend_from_slice(section.as_bytes());
    }
    out.push(("aiperture.1".to_string(), tidy(main)));
    collect(&cmd, "aiperture", &mut out);
    out
}

fn collect(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let name = format!("{prefix}-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).bin_name(name.replace('-', " "));
        let mut buf = Vec::new();
        let _ = clap_mangen::Man::new(page).date(DATE).render(&mut buf);
        if prefix == "aiperture"
            && matches!(
                sub.get_name(),
                "check" | "verify-chain" | "approve" | "deny" | "doctor" | "review"
            )
        {
            buf.extend_from_slice(EXIT_STATUS.as_bytes());
        }
        out.push((format!("{name}.1"), tidy(buf)));
        collect(sub, &name, out);
    }
}

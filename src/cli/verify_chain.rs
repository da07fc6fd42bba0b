//! `aiperture verify-chain`: prove the journal intact, or say exactly where it is not.

use std::fs::File;
use std::io::{BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, write_out};
use crate::encoding::unhex;
use crate::error::{Error, IoContext};
use crate::journal::head::Head;
use crate::journal::verify::{Expected, Progress, Start, VerifyReport, verify};
use crate::store::layout;

/// Verify the journal's hash chain and HEAD
///
/// Re-hashes every event from the bytes on disk, checks each link, the sequence numbers, each
/// line's MAC and HEAD's MAC (both under the store secret), and reports each problem as its own
/// finding: torn_write, parse_error, broken_link, hash_mismatch, seq_gap, mac_mismatch,
/// head_mismatch, witness_mismatch, no_events. With --file there is no secret, so MACs are not
/// checked. With --expect-head, the journal must also contain a head recorded earlier (for CI:
/// keep the head from the last run).
///
/// A journal with no events is intact, and says so, but proves nothing: a git checkout holds
/// no journal (the store's .gitignore keeps it local). Pass --require-events wherever a journal
/// is expected, as a CI job must: then an empty or missing journal is a no_events finding and
/// exit status 1.
///
/// A project store's journal is also compared with its witness: the latest (seq, hash) that
/// every append records in the user store, outside the project. A journal deleted, re-created
/// or rolled back behind it is not intact (witness_mismatch), and writers refuse it until a
/// human restores the journal or deletes the witness file. The output says whether a witness
/// was available: a fresh clone (CI) has none, so there only --expect-head catches a rollback.
///
/// Exit status: 0 intact, 1 integrity failure (or no events under --require-events), 2 error.
#[derive(clap::Args, Debug)]
pub struct VerifyChainArgs {
    /// A head recorded elsewhere: SEQ:HASH, a 64-digit hash, or a file holding a HEAD or a hash
    #[arg(long, value_name = "SEQ:HASH|HASH|FILE")]
    pub expect_head: Option<String>,
    /// Fail (exit 1, finding no_events) when the journal has no events, e.g. is missing
    #[arg(long)]
    pub require_events: bool,
    /// Verify one JSONL file (a segment or an export) instead of the store's journal
    #[arg(long, value_name = "PATH", conflicts_with = "store")]
    pub file: Option<PathBuf>,
}

fn expected_head(arg: &str) -> Result<Expected, CliError> {
    if let Ok(e) = crate::ops::journal::expected_hash("--expect-head", arg) {
        return Ok(e);
    }
    if let Some((seq, hash)) = arg.trim().split_once(':')
        && let Ok(seq) = seq.parse::<u64>()
        && let Some(hash) = unhex::<32>(&hash.to_ascii_lowercase())
    {
        return Ok(Expected::Recorded { seq: Some(seq), hash });
    }
    let path = Path::new(arg);
    let bytes = std::fs::read(path).at("read", path)?;
    if let Ok(head) = Head::parse(&bytes)
        && let Some(hash) = unhex::<32>(&head.hash)
    {
        return Ok(Expected::Recorded { seq: Some(head.seq), hash });
    }
    let text = String::from_utf8_lossy(&bytes);
    crate::ops::journal::expected_hash("--expect-head", &text).map_err(|_| {
        CliError::from(Error::Invalid(format!(
            "--expect-head: {arg:?} is neither SEQ:HASH, a 64-digit hash, nor a file holding a HEAD \
             or a hash"
        )))
    })
}

/// Run `verify-chain`.
pub fn run(ctx: &mut Ctx<'_>, args: &VerifyChainArgs) -> Result<Outcome, CliError> {
    let mut expected = Vec::new();
    if let Some(e) = &args.expect_head {
        expected.push(expected_head(e)?);
    }
    let (mut report, source) = if let Some(file) = &args.file {
        let f = File::open(file).at("open", file)?;
        let name = file
            .file_name()
            .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        (
            verify(vec![(name, BufReader::new(f))], None, &expected, Start::FirstHeader)?,
            file.display().to_string(),
        )
    } else {
        let store = ctx.store()?;
        let dir = store.path(layout::JOURNAL);
        let segments = crate::journal::list_segments(&dir)?.len();
        ctx.progress(&format!("verifying {segments} journal segment(s) in {}…", dir.display()));
        // Progress goes to the terminal itself, and only when standard error is one.
        let shown = !ctx.global.quiet && std::io::stderr().is_terminal();
        let mut last = std::time::Instant::now();
        let mut progress = |p: Progress| {
            if shown && last.elapsed() >= std::time::Duration::from_millis(250) {
                last = std::time::Instant::now();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r  {} events, {} MiB checked", p.events, p.bytes >> 20);
                let _ = err.flush();
            }
        };
        // The lock is held while reading, so no writer is half-way through an append.
        let report =
            crate::ops::journal::verify_chain(&mut ctx.door_on(store)?, &expected, &mut progress)?;
        if shown {
            // Clear the progress line.
            let _ = write!(ctx.err, "\r\x1b[K");
        }
        (report, dir.display().to_string())
    };
    if args.require_events {
        report.require_events();
    }
    render(ctx, &report, &source, args.file.is_none())?;
    Ok(if report.intact { Outcome::Success } else { Outcome::Negative })
}

#[derive(serde::Serialize)]
struct Out<'a> {
    source: &'a str,
    #[serde(flatten)]
    report: &'a VerifyReport,
}

/// `with_secret`: whether line MACs could be checked (a store's journal, not `--file`).
fn render(
    ctx: &mut Ctx<'_>,
    report: &VerifyReport,
    source: &str,
    with_secret: bool,
) -> Result<(), CliError> {
    if ctx.global.json {
        print_json(ctx.out, &Out { source, report })?;
        return Ok(());
    }
    let mut s = String::new();
    for f in &report.findings {
        let place =
            if f.line > 0 { format!("{}:{}", f.segment, f.line) } else { f.segment.clone() };
        let tag = if f.recovered { " (recovered)" } else { "" };
        s.push_str(&format!("{}{tag}: {place}: {}\n", f.kind.as_str(), f.message));
    }
    if report.intact {
        let macs = if with_secret {
            format!("{} of them authenticated by their MAC", report.authenticated)
        } else {
            "line MACs not checked (no store secret with --file)".to_string()
        };
        s.push_str(&format!(
            "intact: {} events in {} segment(s), last seq {} hash {}; {macs}\n",
            report.events, report.segments, report.last_seq, report.last_hash
        ));
        if report.events == 0 {
            s.push_str(
                "note: the journal has no events, so nothing was verified (a git checkout holds \
                 no journal: the store's .gitignore keeps it local); --require-events makes \
                 this a failure\n",
            );
        }
    } else {
        let n = report.findings.iter().filter(|f| !f.recovered).count();
        s.push_str(&format!("NOT INTACT: {n} finding(s) in {} events ({source})\n", report.events));
    }
    if let Some(w) = &report.witness {
        match (w.available, w.seq, &w.hash) {
            (true, Some(seq), Some(hash)) => s.push_str(&format!(
                "witness: seq {seq} hash {} in {}\n",
                hash.chars().take(12).collect::<String>(),
                w.path.as_deref().unwrap_or_default()
            )),
            _ => s.push_str(&format!("witness: none available: {}\n", w.note)),
        }
    }
    write_out(ctx.out, s.as_bytes())?;
    Ok(())
}

//! The publish family: commands that put a package, a crate, an image or a release in front of
//! other people, where it cannot be taken back (registries forbid re-using a version, mirrors
//! and caches keep what they fetched). Plain publishes (`npm publish`, `twine upload`, `gem
//! push`, `docker push`) are known to the per-program handlers and `rules::PUBLISHERS`, and
//! releases with assets (`gh release create|upload`) are registry rules; this family adds the
//! forms those miss: recursive and workspace publishes whose subcommand comes after options or
//! a workspace selector (`pnpm -r publish`, `yarn workspaces foreach npm publish`, `cargo
//! workspaces publish`, `nx release`, `deno publish`, bundler's `rake release`).
//!
//! Invariants: a publish is HIGH with the factor `package_publish`; `--dry-run` forms publish
//! nothing and add nothing (but `--dry-run=false` is a publish); programs outside the few this family knows return at the first
//! `match`.

use crate::risk::Tier;
use crate::risk::classify::{Args, Finding, finding};
use crate::risk::factor::Factor;
use crate::risk::shell::{Analysis, Cmd};

/// Adds this family's findings for one command.
pub(super) fn check(_a: &Analysis, _c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let publishes = match prog {
        "pnpm" | "yarn" | "bun" | "npm" => {
            let words = args.words(&[
                "--filter",
                "-F",
                "-C",
                "--dir",
                "--cwd",
                "--registry",
                "--otp",
                "--tag",
                "--access",
                "--workspace-concurrency",
                "--include",
                "--exclude",
                "--since",
                "-j",
                "--jobs",
                "--workspace",
                "-w",
            ]);
            match words.as_slice() {
                // `pnpm -r publish`, `pnpm --filter x publish` (the handler reads `-r x`).
                ["publish", ..] => prog == "pnpm",
                // `yarn workspaces foreach [opts] npm publish`, `yarn workspace a npm publish`.
                ["workspaces" | "workspace", rest @ ..] => rest.contains(&"publish"),
                _ => false,
            }
        }
        "cargo" => matches!(args.words(&[]).as_slice(), ["workspaces" | "ws", "publish", ..]),
        "nx" => matches!(args.words(&[]).as_slice(), ["release"] | ["release", "publish", ..]),
        "deno" | "jsr" => args.words(&[]).first() == Some(&"publish"),
        // Bundler's gem tasks: `rake release` builds, tags and pushes the gem.
        "rake" => args.words(&[]).iter().any(|w| w.starts_with("release")),
        _ => return,
    };
    let dry = args.long(&["--dry-run"])
        && !args.texts.iter().any(|t| matches!(*t, "--dry-run=false" | "--dry-run=0"))
        || args.has("-d") && prog == "nx";
    if !publishes || dry {
        return;
    }
    out.push(finding(
        Tier::High,
        Factor::PackagePublish,
        format!("publishes packages to a public registry ({prog} {})", args.texts.join(" ")),
    ));
}

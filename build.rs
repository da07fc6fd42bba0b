//! Build script: the version string `aiperture --version` prints, and how the unwinder is
//! linked on GNU/Linux.
//!
//! Version: built from a git checkout, it names the commit (and `-dirty` for uncommitted
//! changes): `0.1.0 (git 1a2b3c4)`. Elsewhere (a crates.io package, no git) it is the crate
//! version alone.
//!
//! Unwinder: on `*-linux-gnu`, std links the shared `libgcc_s.so.1` for unwinding. Loading it
//! costs every process about 0.1 ms, mostly its constructor's `cpuid` probes (which trap to
//! the hypervisor on virtual machines), and `aiperture check` runs once per agent tool call.
//! When the C compiler knows a static `libgcc_eh.a` (gcc's own unwinder archive, what
//! `-static-libgcc` links), the build puts a one-line linker script named `libgcc_s.so`
//! (`INPUT(<path of libgcc_eh.a>)`) first on the link path, so the same unwinder is linked
//! statically and the binary needs only libc (`exp` and `exp2` come from the `libm` crate,
//! not `libm.so.6`). Set `AIPERTURE_SHARED_LIBGCC=1` to keep the shared library. Nothing
//! else is generated.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let long = match git(&["rev-parse", "--short=7", "HEAD"]) {
        Some(hash) if !hash.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            format!("{version} (git {hash}{})", if dirty { "-dirty" } else { "" })
        }
        _ => version,
    };
    println!("cargo:rustc-env=AIPERTURE_VERSION_LONG={long}");
    // Rebuild when the checked-out commit moves.
    for path in [".git/HEAD", ".git/index"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=AIPERTURE_SHARED_LIBGCC");
    static_unwinder();
}

/// Link gcc's unwinder statically on GNU/Linux when the compiler has `libgcc_eh.a`.
fn static_unwinder() {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("TARGET") != var("HOST")
        || !var("AIPERTURE_SHARED_LIBGCC").is_empty()
        || var("CARGO_CFG_TARGET_FEATURE").split(',').any(|f| f == "crt-static")
    {
        return;
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let Ok(out) = Command::new(cc).arg("-print-file-name=libgcc_eh.a").output() else { return };
    let archive = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    // Without the archive the compiler prints the bare name back.
    if !out.status.success() || !archive.is_absolute() || !archive.is_file() {
        return;
    }
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { return };
    let dir = out_dir.join("static-unwinder");
    // GNU ld scripts take a quoted file name, so spaces in the path are fine.
    let script = format!("INPUT(\"{}\")\n", archive.display());
    if std::fs::create_dir_all(&dir).is_err()
        || std::fs::write(dir.join("libgcc_s.so"), script).is_err()
    {
        return;
    }
    println!("cargo:rustc-link-search=native={}", dir.display());
}

//! Where the hook program is: the command string an agent's hook runs, whether its program
//! resolves, and whether a path is likely to vanish.
//!
//! An agent runs a hook command through a shell (Claude Code, Gemini CLI and Cursor do; Codex
//! splits it the same way), and a command that is not found exits 127, which agents read as
//! "no opinion": the gate is then silently off. So `setup` writes an absolute path by default,
//! and `doctor` checks that every installed hook command resolves. A bare name is looked up
//! on the `PATH` given (this process's: the agent's own `PATH` may be shorter, e.g. when it is
//! started from a desktop launcher). Pure lookups over the file system; nothing is written.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// How a hook program resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// An absolute path to an executable file.
    Path(PathBuf),
    /// A bare name found on `PATH`, at this path.
    OnPath(PathBuf),
    /// Not found or not executable, with why.
    Missing(String),
}

/// The shell words of a hook command that runs `program hook <agent>`.
pub fn command(program: &str, agent: &str) -> String {
    format!("{} hook {agent}", shell_words::quote(program))
}

/// Whether `name` is a bare program name (looked up on `PATH`) rather than a path.
pub fn is_bare(name: &str) -> bool {
    !name.contains(['/', '\\'])
}

/// Whether `path` is a file this user may execute.
pub fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    true
}

/// The first executable `name` in the folders of `path` (a `PATH` value); relative folders
/// are skipped, as the agent's working folder is not ours.
pub fn which(name: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    let path = path?;
    std::env::split_paths(path)
        .filter(|d| d.is_absolute())
        .flat_map(|d| {
            let plain = d.join(name);
            let exe = cfg!(windows).then(|| d.join(format!("{name}.exe")));
            std::iter::once(plain).chain(exe)
        })
        .find(|p| is_executable(p))
}

/// How `program` resolves: an absolute path must be an executable file; a bare name must be
/// found on `path`; a relative path depends on the agent's working folder, so it counts as
/// missing.
pub fn resolve(program: &str, path: Option<&OsStr>) -> Resolution {
    if is_bare(program) {
        return match which(program, path) {
            Some(p) => Resolution::OnPath(p),
            None => Resolution::Missing(format!("`{program}` is not found on PATH")),
        };
    }
    let p = Path::new(program);
    if !p.is_absolute() {
        return Resolution::Missing(format!(
            "{program} is a relative path, which depends on the agent's working folder"
        ));
    }
    if !p.exists() {
        Resolution::Missing(format!("{program} does not exist"))
    } else if !is_executable(p) {
        Resolution::Missing(format!("{program} is not an executable file"))
    } else {
        Resolution::Path(p.to_path_buf())
    }
}

/// Why the program at `path` is likely to vanish (inside a cargo build folder, or a temporary
/// folder), or `None`. `temp_dirs` are the temporary folders of this system.
pub fn vanishing(path: &Path, temp_dirs: &[PathBuf]) -> Option<String> {
    let parent = path.parent()?;
    for dir in parent.ancestors() {
        // Cargo marks every target folder with these two files.
        if dir.join("CACHEDIR.TAG").is_file() && dir.join(".rustc_info.json").is_file() {
            return Some(format!(
                "{} is inside the cargo build folder {}, which `cargo clean` or the next build \
                 replaces",
                path.display(),
                dir.display()
            ));
        }
    }
    let comps: Vec<&OsStr> = parent.iter().collect();
    if comps.windows(2).any(|w| w[0] == "target" && (w[1] == "debug" || w[1] == "release")) {
        return Some(format!("{} is inside a cargo target/ folder", path.display()));
    }
    temp_dirs
        .iter()
        .find(|t| path.starts_with(t))
        .map(|t| format!("{} is inside the temporary folder {}", path.display(), t.display()))
}

/// The temporary folders of this system: `std::env::temp_dir()` (`TMPDIR`) and the usual
/// Unix ones, each also canonicalized (macOS's `/tmp` is `/private/tmp`).
pub fn temp_dirs() -> Vec<PathBuf> {
    let mut v = vec![std::env::temp_dir()];
    if cfg!(unix) {
        v.extend(["/tmp", "/var/tmp"].map(PathBuf::from));
    }
    let canon: Vec<PathBuf> = v.iter().filter_map(|p| p.canonicalize().ok()).collect();
    v.extend(canon);
    v.retain(|p| p.is_absolute() && p.parent().is_some());
    v.sort();
    v.dedup();
    v
}

/// The program `setup` writes when none is given: the running program's canonical path, or
/// the `PATH` entry named `aiperture` that leads to that same file (a package manager's
/// stable link, rather than the versioned file behind it that an upgrade removes). `None`
/// when the running program's path is unknown.
pub fn default_program(path: Option<&OsStr>) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let canon = exe.canonicalize().unwrap_or_else(|_| exe.clone());
    let name = if cfg!(windows) { "aiperture.exe" } else { "aiperture" };
    if let Some(found) = which(name, path)
        && found.canonicalize().is_ok_and(|c| c == canon)
    {
        return Some(found);
    }
    if canon.is_absolute() {
        return Some(canon);
    }
    exe.is_absolute().then_some(exe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_quoted_for_a_shell() {
        assert_eq!(command("/usr/bin/aiperture", "codex"), "/usr/bin/aiperture hook codex");
        assert_eq!(
            command("/opt/ai perture/aiperture", "claude-code"),
            "'/opt/ai perture/aiperture' hook claude-code"
        );
        assert_eq!(
            shell_words::split(&command("/a b/it's/aiperture", "x")).ok().map(|w| w[0].clone()),
            Some("/a b/it's/aiperture".into())
        );
    }

    #[test]
    fn resolves_paths_and_names() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let bin = tmp.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
        let prog = bin.join("aiperture");
        std::fs::write(&prog, "#!/bin/sh\n").unwrap_or_else(|e| panic!("{e}"));
        let plain = bin.join("plain");
        std::fs::write(&plain, "x").unwrap_or_else(|e| panic!("{e}"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&prog, std::fs::Permissions::from_mode(0o755))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o644))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let path = std::env::join_paths([PathBuf::from("rel"), bin.clone()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resolve("aiperture", Some(&path)), Resolution::OnPath(prog.clone()));
        assert!(matches!(resolve("aiperture", None), Resolution::Missing(_)));
        assert!(matches!(resolve("nope", Some(&path)), Resolution::Missing(_)));
        let abs = prog.display().to_string();
        assert_eq!(resolve(&abs, None), Resolution::Path(prog.clone()));
        assert!(matches!(resolve("bin/aiperture", Some(&path)), Resolution::Missing(_)));
        assert!(matches!(
            resolve(&bin.join("gone").display().to_string(), None),
            Resolution::Missing(m) if m.ends_with("does not exist")
        ));
        #[cfg(unix)]
        assert!(matches!(
            resolve(&plain.display().to_string(), None),
            Resolution::Missing(m) if m.ends_with("not an executable file")
        ));
    }

    #[test]
    fn build_and_temporary_folders_vanish() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = tmp.path().join("tgt");
        std::fs::create_dir_all(target.join("debug")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(target.join("CACHEDIR.TAG"), "").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(target.join(".rustc_info.json"), "").unwrap_or_else(|e| panic!("{e}"));
        let none: &[PathBuf] = &[];
        let why = vanishing(&target.join("debug/aiperture"), none).unwrap_or_default();
        assert!(why.contains("cargo build folder"), "{why}");
        assert!(vanishing(Path::new("/src/p/target/release/aiperture"), none).is_some());
        assert!(vanishing(Path::new("/src/target/aiperture"), none).is_none());
        assert!(vanishing(Path::new("/usr/local/bin/aiperture"), none).is_none());
        let temps = [PathBuf::from("/tmp")];
        assert!(vanishing(Path::new("/tmp/x/aiperture"), &temps).is_some());
        assert!(vanishing(Path::new("/tmpx/aiperture"), &temps).is_none());
        assert!(temp_dirs().iter().all(|p| p.parent().is_some()));
    }
}

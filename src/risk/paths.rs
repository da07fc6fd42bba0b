//! Path classification for the risk rules: where a path points once the working folder and
//! `~` are taken into account, and whether it is a secret, a persistence hook, a system path
//! or a block device.
//!
//! Paths are handled as text, lexically (`.` and `..` folded, repeated `/` collapsed); nothing
//! here touches the file system. The working folder starts as `.`, the project, and follows
//! the `cd` commands of the line being analysed. A path that cannot be known (a variable or a
//! substitution) is [`Loc::Unknown`].
//!
//! An absolute path below the working folder that [`in_folder`] sets for one analysis (the
//! engine's, from the CLI or a hook payload) is inside the project.
//!
//! Invariants: pure given that folder, total (every input gets a class), no panics; the tables
//! are lower-case ASCII and compared case-insensitively where file systems may be.

// Pedantic style lints that fight the shape of this code: parsers and tables naturally have
// match arms with equal bodies and short local names (`a`, `b`, `c` for bytes and atoms).
#![allow(
    clippy::match_same_arms,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::items_after_statements,
    clippy::case_sensitive_file_extension_comparisons
)]

/// Where a path points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Loc {
    /// The file-system root (`/`, `//`, `/*`).
    Root,
    /// A home folder itself (`~`, `~/`, `~user`, `$HOME`, `/home/x`, `/root`).
    Home,
    /// The working folder or one of its ancestors (`.`, `./`, `*`, `..`, `$PWD`).
    Cwd,
    /// A top-level or second-level system folder (`/usr`, `/usr/local`, `/etc`, `/opt`).
    SystemTop,
    /// Something deeper inside a system folder (`/etc/nginx/conf.d/x`).
    System,
    /// A block device or memory device under `/dev`.
    Device,
    /// A harmless device (`/dev/null`, `/dev/stdout`, `/dev/fd/…`).
    NullDevice,
    /// A network pseudo-device (`/dev/tcp/…`, `/dev/udp/…`).
    NetDevice,
    /// A path inside the project (relative, below the working folder).
    Project,
    /// A regenerable output folder inside the project (`target/`, `node_modules/`, …).
    Generated,
    /// A temporary folder (`/tmp/…`, `/var/tmp/…`).
    Temp,
    /// Elsewhere outside the project (inside the home folder, a sibling, another absolute path).
    Outside,
    /// Unknown (a variable or substitution decides it at run time).
    Unknown,
}

impl Loc {
    /// Whether deleting this recursively is catastrophic.
    #[cfg(test)]
    pub(crate) fn is_catastrophic(&self) -> bool {
        matches!(self, Loc::Root | Loc::Home | Loc::Cwd | Loc::SystemTop | Loc::Device)
    }

    /// Whether this is a system path (any depth) or the root.
    pub(crate) fn is_system(&self) -> bool {
        matches!(self, Loc::Root | Loc::SystemTop | Loc::System)
    }
}

/// Top-level folders whose deletion or rewrite breaks the machine.
const SYSTEM_TOP: &[&str] = &[
    "bin",
    "boot",
    "dev",
    "etc",
    "home",
    "lib",
    "lib32",
    "lib64",
    "libx32",
    "media",
    "mnt",
    "opt",
    "proc",
    "root",
    "run",
    "sbin",
    "snap",
    "srv",
    "sys",
    "usr",
    "var",
    "nix",
    "system",
    "library",
    "applications",
    "private",
    "users",
    "volumes",
    "cores",
    "windows",
    "program files",
];

/// System folders whose direct children are still catastrophic to delete (`/usr/local`).
const SYSTEM_TWO_LEVEL: &[&str] =
    &["usr", "var", "etc", "opt", "srv", "lib", "library", "system", "private", "nix", "snap"];

/// Regenerable output folders (the first component of a project path).
const GENERATED: &[&str] = &[
    "target",
    "build",
    "dist",
    "out",
    "node_modules",
    "coverage",
    ".cache",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".next",
    ".nuxt",
    ".turbo",
    ".parcel-cache",
    ".gradle",
    "obj",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "htmlcov",
    "_site",
    ".terraform",
    ".eggs",
    ".sass-cache",
    "storybook-static",
    "tmp",
    ".tmp",
    "cmake-build-debug",
    "cmake-build-release",
    ".svelte-kit",
    ".angular",
    "bazel-out",
];

/// Prefixes of real storage and memory devices under `/dev/`.
const BLOCK_DEVICES: &[&str] = &[
    "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "md", "dm-", "mapper/", "loop",
    "mem", "kmem", "port", "nbd", "zd", "sr", "fd0", "mtd", "ubi", "root",
];

/// Devices that are safe to write to or read from.
const NULL_DEVICES: &[&str] = &[
    "null", "stdout", "stderr", "stdin", "tty", "zero", "random", "urandom", "fd/", "shm/", "pts/",
    "console", "full",
];

/// A path resolved against the working folder: its normalized text and class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathInfo {
    /// The normalized path: `/usr/local`, `~/.ssh/id_rsa`, `src/main.rs`, `.` …
    pub norm: String,
    /// Its class.
    pub loc: Loc,
    /// It ends in `/*` or is `*`: everything inside the folder.
    pub all: bool,
}

/// Lexically joins `path` onto the working folder `cwd` (`None`: unknown) and normalizes it.
///
/// Returns `None` when the result cannot be known.
pub(crate) fn join(cwd: Option<&str>, path: &str) -> Option<String> {
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    let (base, rest): (String, &str) = if let Some(r) = path.strip_prefix('/') {
        ("/".to_owned(), r)
    } else if path == "~" || path.starts_with("~/") {
        ("~".to_owned(), path.get(1..).unwrap_or_default())
    } else if let Some(r) = path.strip_prefix('~') {
        // `~user` or `~user/…`.
        let (user, tail) = r.split_once('/').unwrap_or((r, ""));
        (format!("~{user}"), tail)
    } else {
        (cwd?.to_owned(), path)
    };
    Some(normalize(&base, rest))
}

/// Appends the components of `rest` to `base` (`/`, `~`, `~user`, `.`, or a normalized path).
fn normalize(base: &str, rest: &str) -> String {
    let (root, mut comps): (&str, Vec<String>) = if base == "/" {
        ("/", Vec::new())
    } else if base.starts_with('/') {
        ("/", base.split('/').filter(|c| !c.is_empty()).map(str::to_owned).collect())
    } else if base.starts_with('~') {
        let mut it = base.splitn(2, '/');
        let head = it.next().unwrap_or("~");
        let tail = it.next().unwrap_or("");
        let comps = tail.split('/').filter(|c| !c.is_empty() && *c != ".").map(str::to_owned);
        return finish(head, comps.collect(), rest);
    } else {
        ("", base.split('/').filter(|c| !c.is_empty() && *c != ".").map(str::to_owned).collect())
    };
    for c in rest.split('/') {
        push_comp(&mut comps, c, root == "/");
    }
    render(root, &comps)
}

fn finish(head: &str, mut comps: Vec<String>, rest: &str) -> String {
    for c in rest.split('/') {
        push_comp(&mut comps, c, false);
    }
    if comps.is_empty() { head.to_owned() } else { format!("{head}/{}", comps.join("/")) }
}

fn push_comp(comps: &mut Vec<String>, c: &str, absolute: bool) {
    match c {
        "" | "." => {}
        ".." => {
            if comps.last().is_some_and(|l| l != "..") {
                comps.pop();
            } else if !absolute {
                comps.push("..".to_owned());
            }
        }
        other => comps.push(other.to_owned()),
    }
}

fn render(root: &str, comps: &[String]) -> String {
    match (root, comps.is_empty()) {
        ("/", true) => "/".to_owned(),
        ("/", false) => format!("/{}", comps.join("/")),
        (_, true) => ".".to_owned(),
        (_, false) => comps.join("/"),
    }
}

/// Resolves and classifies `path` against the working folder `cwd`.
///
/// `known` is false when the path text holds an unresolved expansion.
pub(crate) fn classify(cwd: Option<&str>, path: &str, known: bool) -> PathInfo {
    if !known {
        return PathInfo { norm: path.to_owned(), loc: Loc::Unknown, all: false };
    }
    let trimmed = path.trim();
    // `dir/*`, `*`, `dir/.*`, `dir/{*,.*}`: everything in the folder.
    let mut base = trimmed;
    let mut all = false;
    for suffix in ["/*", "/.*", "/{*,.*}", "/*.*"] {
        if let Some(b) = base.strip_suffix(suffix) {
            base = if b.is_empty() { "/" } else { b };
            all = true;
            break;
        }
    }
    if matches!(base, "*" | ".*" | "{*,.*}" | "*.*") {
        base = ".";
        all = true;
    }
    let Some(norm) = join(cwd, base) else {
        return PathInfo { norm: path.to_owned(), loc: Loc::Unknown, all };
    };
    let loc = loc_of(&norm);
    PathInfo { norm, loc, all }
}

thread_local! {
    /// The working folder as a normalized absolute path while [`in_folder`] runs an analysis:
    /// an absolute path below it is inside the project.
    static FOLDER: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (an analysis) with absolute paths below `folder` classified as the project's.
///
/// Only a folder that is itself an ordinary place (not the root, a home folder or a system
/// folder) counts: working in `/etc` does not make `/etc/passwd` a project file.
pub(crate) fn in_folder<T>(folder: Option<&std::path::Path>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0.take();
            FOLDER.with(|c| *c.borrow_mut() = prev);
        }
    }
    let norm = folder
        .and_then(|p| p.to_str())
        .filter(|p| p.starts_with('/'))
        .and_then(|p| join(None, p))
        .filter(|n| matches!(plain_loc_of(n), Loc::Outside | Loc::Temp));
    let _restore = Restore(FOLDER.with(|c| c.replace(norm)));
    f()
}

/// The class of a normalized path, inside the working folder of [`in_folder`] if any.
fn loc_of(norm: &str) -> Loc {
    if norm.starts_with('/') {
        let inside = FOLDER.with(|c| {
            let folder = c.borrow();
            let folder = folder.as_deref()?;
            if norm == folder {
                return Some(Loc::Cwd);
            }
            let rest = norm.strip_prefix(folder)?.strip_prefix('/')?;
            Some(if rest.is_empty() { Loc::Cwd } else { plain_loc_of(rest) })
        });
        if let Some(loc) = inside {
            return loc;
        }
    }
    plain_loc_of(norm)
}

/// The class of a normalized path, with no working folder known.
fn plain_loc_of(norm: &str) -> Loc {
    if norm == "/" {
        return Loc::Root;
    }
    if norm == "." || norm.split('/').all(|c| c == "..") {
        return Loc::Cwd;
    }
    if norm.starts_with('~') {
        return if norm.contains('/') { Loc::Outside } else { Loc::Home };
    }
    if let Some(abs) = norm.strip_prefix('/') {
        let comps: Vec<&str> = abs.split('/').collect();
        let top = comps.first().map(|c| c.to_ascii_lowercase()).unwrap_or_default();
        if top == "dev" {
            let dev = abs.get(4..).unwrap_or_default();
            if dev.is_empty() {
                return Loc::SystemTop;
            }
            if dev.starts_with("tcp/") || dev.starts_with("udp/") {
                return Loc::NetDevice;
            }
            if NULL_DEVICES.iter().any(|d| dev == d.trim_end_matches('/') || dev.starts_with(d)) {
                return Loc::NullDevice;
            }
            if BLOCK_DEVICES.iter().any(|d| dev.starts_with(d)) {
                return Loc::Device;
            }
            return Loc::System;
        }
        if top == "tmp" || (top == "var" && comps.get(1) == Some(&"tmp")) {
            let depth = if top == "tmp" { comps.len() } else { comps.len() - 1 };
            return if depth <= 1 { Loc::System } else { Loc::Temp };
        }
        if (top == "home" || top == "users") && comps.len() == 2 {
            return Loc::Home;
        }
        if top == "root" && comps.len() == 1 {
            return Loc::Home;
        }
        if (top == "home" || top == "users" || top == "root") && comps.len() > 2 {
            return Loc::Outside;
        }
        if SYSTEM_TOP.contains(&top.as_str()) {
            let two = SYSTEM_TWO_LEVEL.contains(&top.as_str());
            return if comps.len() == 1 || (two && comps.len() == 2) {
                Loc::SystemTop
            } else {
                Loc::System
            };
        }
        return Loc::Outside;
    }
    // Windows drive roots.
    if norm.len() <= 3 && norm.as_bytes().get(1) == Some(&b':') {
        return Loc::Root;
    }
    if norm.starts_with("..") {
        return Loc::Outside;
    }
    let first = norm.split('/').next().unwrap_or_default().to_ascii_lowercase();
    if GENERATED.contains(&first.as_str()) || first.ends_with(".egg-info") {
        return Loc::Generated;
    }
    // A cache folder at any depth (`*/__pycache__`, `pkg/node_modules`) can be rebuilt too.
    let last = norm.rsplit('/').next().unwrap_or_default();
    if matches!(
        last,
        "__pycache__" | ".pytest_cache" | ".mypy_cache" | ".ruff_cache" | "node_modules" | ".tox"
    ) {
        return Loc::Generated;
    }
    Loc::Project
}

/// The lower-cased file name of a path.
fn file_name(norm: &str) -> String {
    norm.rsplit('/').next().unwrap_or(norm).to_ascii_lowercase()
}

/// The path below the home folder (`.ssh/id_rsa` for `~/.ssh/id_rsa`), lower-cased.
fn home_rel(norm: &str) -> Option<String> {
    let lower = norm.to_ascii_lowercase();
    if let Some(r) = lower.strip_prefix("~/") {
        return Some(r.to_owned());
    }
    for prefix in ["/home/", "/users/"] {
        if let Some(r) = lower.strip_prefix(prefix) {
            return r.split_once('/').map(|(_, rest)| rest.to_owned());
        }
    }
    lower.strip_prefix("/root/").map(str::to_owned)
}

/// Secret files and folders under the home folder (prefixes of the home-relative path).
const HOME_SECRETS: &[&str] = &[
    ".ssh",
    ".aws",
    ".config/gcloud",
    ".config/gh/hosts.yml",
    ".config/hub",
    ".docker/config.json",
    ".kube",
    ".netrc",
    ".npmrc",
    ".pypirc",
    ".git-credentials",
    ".gnupg",
    ".password-store",
    ".vault-token",
    ".cargo/credentials",
    ".terraformrc",
    ".config/containers/auth.json",
    ".config/composer/auth.json",
    ".composer/auth.json",
    ".config/doctl",
    ".fly/config.yml",
    ".terraform.d/credentials",
    ".azure",
    ".oci",
    ".boto",
    ".s3cfg",
    ".pgpass",
    ".my.cnf",
    ".config/op",
    ".local/share/keyrings",
    "library/keychains",
    ".gem/credentials",
    ".m2/settings.xml",
    ".gradle/gradle.properties",
    ".config/rclone",
    ".bash_history",
    ".zsh_history",
    ".history",
    ".sh_history",
    ".python_history",
    ".psql_history",
    ".mysql_history",
    ".sqlite_history",
    ".node_repl_history",
    ".irb_history",
    ".lesshst",
    ".local/share/fish/fish_history",
    ".config/fish/fish_history",
    ".config/google-chrome",
    ".config/chromium",
    ".config/bravesoftware",
    ".config/microsoft-edge",
    ".mozilla/firefox",
    "library/application support/google/chrome",
    "library/application support/firefox",
    "library/cookies",
    "library/safari",
    ".aiperture/secret",
];

/// Leaving the working folder with `..` first lands somewhere unknown: `../../etc/shadow` is
/// `/etc/shadow` from a folder two levels deep, so it is judged as that absolute path too.
fn escaped(norm: &str) -> Option<String> {
    let mut rest = norm;
    let mut up = false;
    while let Some(r) = rest.strip_prefix("../") {
        rest = r;
        up = true;
    }
    (up && !rest.is_empty() && rest != "..").then(|| format!("/{rest}"))
}

/// Whether a path holds credentials or keys.
pub(crate) fn is_secret(norm: &str) -> bool {
    if escaped(norm).is_some_and(|abs| is_secret(&abs)) {
        return true;
    }
    let name = file_name(norm);
    if let Some(rel) = home_rel(norm) {
        for s in HOME_SECRETS {
            if rel == *s || rel.starts_with(&format!("{s}/")) {
                // Public keys and known_hosts are not secrets.
                if *s == ".ssh"
                    && (name.ends_with(".pub")
                        || name.starts_with("known_hosts")
                        || name == "config"
                        || name == "authorized_keys")
                {
                    return false;
                }
                return true;
            }
        }
    }
    let lower = norm.to_ascii_lowercase();
    if lower.contains(".aiperture/secret") {
        return true;
    }
    if name == ".env"
        || (name.starts_with(".env.")
            && ![".example", ".sample", ".template", ".dist", ".defaults", ".schema"]
                .iter()
                .any(|s| name.ends_with(s)))
    {
        return true;
    }
    if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"]
        .contains(&name.as_str())
    {
        return true;
    }
    if [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".kdbx"]
        .iter()
        .any(|e| name.ends_with(e))
        && !name.ends_with(".pub.pem")
    {
        return true;
    }
    if matches!(
        name.as_str(),
        "credentials"
            | "credentials.json"
            | "credentials.yml"
            | "credentials.yaml"
            | "secrets.json"
            | "secrets.yml"
            | "secrets.yaml"
            | "secrets.toml"
            | "application_default_credentials.json"
            | "service-account.json"
            | "terraform.tfstate"
            | ".git-credentials"
            | ".netrc"
            | ".pgpass"
            | ".my.cnf"
            | ".htpasswd"
            | ".dockercfg"
            | ".vault-token"
            | "kubeconfig"
            | "cookies"
            | "cookies.sqlite"
            | "cookies.binarycookies"
            | "login data"
            | "logins.json"
            | "key3.db"
            | "key4.db"
            | "login.keychain"
    ) || name.starts_with("service-account")
        || name.ends_with(".tfstate")
        || name.ends_with(".tfstate.backup")
        || name.ends_with(".keychain")
        || name.ends_with(".keychain-db")
        || (name.ends_with("_history") && name.starts_with('.'))
    {
        return true;
    }
    lower == "/etc/shadow"
        || lower == "/etc/gshadow"
        || lower.starts_with("/etc/ssh/ssh_host_") && !lower.ends_with(".pub")
        || (lower.starts_with("/proc/") && lower.ends_with("/environ"))
        || lower.starts_with("/run/secrets")
        || lower.starts_with("/var/run/secrets")
}

/// Home-relative paths that run code at login, at schedule or on connection.
const HOME_PERSISTENCE: &[&str] = &[
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".bash_logout",
    ".profile",
    ".zshrc",
    ".zshenv",
    ".zprofile",
    ".zlogin",
    ".zlogout",
    ".kshrc",
    ".mkshrc",
    ".cshrc",
    ".tcshrc",
    ".login",
    ".logout",
    ".xprofile",
    ".xinitrc",
    ".xsessionrc",
    ".pam_environment",
    ".bashrc.d",
    ".config/fish",
    ".config/autostart",
    ".config/systemd",
    ".config/environment.d",
    ".local/share/systemd",
    ".ssh/authorized_keys",
    ".ssh/authorized_keys2",
    ".ssh/rc",
    ".ssh/config",
    "library/launchagents",
    ".gitconfig",
    ".config/git/config",
    ".config/git/hooks",
    ".npmrc",
    ".pip/pip.conf",
    ".config/pip/pip.conf",
    ".vimrc",
    ".tmux.conf",
    ".inputrc",
];

/// Absolute paths (prefixes, lower case) that run code at boot, login or schedule, or grant
/// privileges.
const SYSTEM_PERSISTENCE: &[&str] = &[
    "/etc/profile",
    "/etc/bash.bashrc",
    "/etc/bashrc",
    "/etc/zshrc",
    "/etc/zsh/",
    "/etc/zprofile",
    "/etc/zshenv",
    "/etc/environment",
    "/etc/crontab",
    "/etc/cron.",
    "/etc/anacrontab",
    "/var/spool/cron",
    "/etc/sudoers",
    "/etc/systemd/",
    "/lib/systemd/",
    "/usr/lib/systemd/",
    "/etc/init.d/",
    "/etc/rc.local",
    "/etc/rc.d/",
    "/etc/ld.so.preload",
    "/etc/ld.so.conf",
    "/etc/ssh/sshd_config",
    "/etc/pam.d/",
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
    "/etc/security/",
    "/library/launchagents/",
    "/library/launchdaemons/",
    "/etc/update-motd.d/",
    "/etc/xdg/autostart/",
];

/// Whether a path holds a coding agent's own hook or permission settings: Claude Code's
/// `.claude/settings*.json` and `.claude/hooks/`, Codex's `.codex/`, Gemini CLI's
/// `.gemini/settings.json`, Cursor's `.cursor/hooks.json`, and the managed-settings folders
/// under `/etc` (in any folder: agents read them on the way up from the working folder), and
/// aiperture's own store.
pub(crate) fn is_agent_settings(norm: &str) -> bool {
    let lower = norm.to_ascii_lowercase();
    let name = file_name(&lower);
    let under =
        |dir: &str| lower.starts_with(&format!("{dir}/")) || lower.contains(&format!("/{dir}/"));
    under(".claude")
        && (name.starts_with("settings") && name.ends_with(".json")
            || lower.contains(".claude/hooks/"))
        || under(".aiperture")
        || under(".codex")
        || under(".gemini") && name.starts_with("settings")
        || under(".cursor") && (name == "hooks.json" || name == "cli.json")
        || ["/etc/claude-code/", "/etc/codex/", "/etc/gemini-cli/"]
            .iter()
            .any(|d| lower.starts_with(d))
}

/// Whether writing to a path installs code that runs later (shell rc files, cron, systemd,
/// authorized_keys, sudoers, git hooks, login hooks).
pub(crate) fn is_persistence(norm: &str) -> bool {
    if escaped(norm).is_some_and(|abs| is_persistence(&abs)) {
        return true;
    }
    if let Some(rel) = home_rel(norm)
        && HOME_PERSISTENCE.iter().any(|p| rel == *p || rel.starts_with(&format!("{p}/")))
    {
        return true;
    }
    let lower = norm.to_ascii_lowercase();
    if SYSTEM_PERSISTENCE.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    lower.starts_with(".git/hooks") || lower.contains("/.git/hooks/") || lower == ".git/config"
}

/// Whether the path is the sudoers file or folder.
pub(crate) fn is_sudoers(norm: &str) -> bool {
    norm.to_ascii_lowercase().starts_with("/etc/sudoers")
}

/// Whether a word names a production-like target: a component `prod`, `production`, `prd` or
/// `live` (split at anything but letters and digits).
pub(crate) fn is_prod_like(word: &str) -> bool {
    word.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| matches!(t.to_ascii_lowercase().as_str(), "prod" | "production" | "prd" | "live"))
}

/// Whether `target` looks like a remote `host:path` or URL.
pub(crate) fn is_remote(target: &str) -> bool {
    if target.contains("://") {
        return true;
    }
    match target.split_once(':') {
        Some((host, _)) => {
            !host.is_empty()
                && !host.contains('/')
                && host.len() > 1
                && host.chars().all(|c| c.is_ascii_alphanumeric() || "@.-_[]".contains(c))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(path: &str) -> Loc {
        classify(Some("."), path, true).loc
    }

    #[test]
    fn catastrophic_spellings() {
        for p in
            ["/", "//", "/*", "~", "~/", "~/*", "~deploy/", ".", "./", "*", "./*", "..", "../.."]
        {
            assert!(loc(p).is_catastrophic(), "{p}: {:?}", loc(p));
        }
        for p in ["/usr", "/usr/local", "/etc", "/opt", "/srv", "/var", "/usr/share", "/home/bob"] {
            assert!(loc(p).is_catastrophic(), "{p}: {:?}", loc(p));
        }
    }

    #[test]
    fn narrow_and_generated_paths() {
        assert_eq!(loc("app/models"), Loc::Project);
        assert_eq!(loc("./src/"), Loc::Project);
        assert_eq!(loc("target/debug/build"), Loc::Generated);
        assert_eq!(loc("node_modules"), Loc::Generated);
        assert_eq!(loc("/tmp/foo"), Loc::Temp);
        assert_eq!(loc("~/projects/x"), Loc::Outside);
        assert_eq!(loc("../sibling"), Loc::Outside);
        assert_eq!(loc("/var/log/app/x"), Loc::System);
        assert_eq!(loc("/dev/null"), Loc::NullDevice);
        assert_eq!(loc("/dev/sda1"), Loc::Device);
        assert_eq!(loc("/dev/tcp/192.0.2.1/80"), Loc::NetDevice);
        assert_eq!(classify(Some("~"), ".", true).loc, Loc::Home);
        assert_eq!(classify(Some("packages"), "core", true).norm, "packages/core");
        assert_eq!(classify(None, "core", true).loc, Loc::Unknown);
    }

    #[test]
    fn secrets_and_persistence() {
        assert!(is_secret("~/.ssh/id_ed25519"));
        assert!(is_secret("~/.ssh"));
        assert!(!is_secret("~/.ssh/agent.pub"));
        assert!(is_secret(".env.production"));
        assert!(!is_secret(".env.example"));
        assert!(is_secret("~/.aws/credentials"));
        assert!(is_secret("~/.config/gcloud/application_default_credentials.json"));
        assert!(!is_secret("src/main.rs"));
        assert!(is_persistence("~/.bash_profile"));
        assert!(is_persistence("~/.ssh/authorized_keys"));
        assert!(is_persistence("/etc/sudoers.d/x"));
        assert!(is_persistence(".git/hooks/pre-commit"));
        assert!(!is_persistence("docs/UNSAFE.md"));
    }

    #[test]
    fn prod_and_remote() {
        assert!(is_prod_like("prod-cluster"));
        assert!(is_prod_like("envs/production"));
        assert!(is_prod_like("rg-live"));
        assert!(!is_prod_like("preview-pr-418"));
        assert!(!is_prod_like("product"));
        assert!(is_remote("ops@192.0.2.21:/tmp/"));
        assert!(is_remote("https://x.example"));
        assert!(!is_remote("./a:b"));
        assert!(!is_remote("C:"));
    }
}

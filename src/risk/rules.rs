//! The data tables of the risk classifier, kept apart from the algorithm in `classify` so they
//! can be reviewed on their own: which programs fetch from the network, publish packages,
//! install packages, guard the machine's security, read secrets, and so on, and the effect
//! table (`EFFECT_CHANGES`): the subcommands and options that destroy state or make a
//! read-only subcommand run code, load a program or write a file. The classifier reports its
//! findings and learning's normalizer never widens a command it matches.
//!
//! Invariants: every entry is lower-case ASCII and programs are matched on their lower-cased
//! basename (`/usr/bin/NPM` → `npm`); subcommand patterns are matched against the leading
//! operands of a command, after its global options. Adding an entry can only make the
//! classifier stricter or more precise, never silently allow something it flagged before.

use super::Tier;
use super::factor::Factor;

/// Programs that download data from the network (their output is "remote").
pub(crate) const FETCHERS: &[&str] = &[
    "curl",
    "wget",
    "fetch",
    "http",
    "https",
    "xh",
    "aria2c",
    "axel",
    "lwp-request",
    "get",
    "nc",
    "ncat",
    "netcat",
    "socat",
    "ssh",
    "scp",
    "sftp",
    "ftp",
    "tftp",
    "lftp",
    "gsutil",
    "rclone",
    "iwr",
    "invoke-webrequest",
    "irm",
    "invoke-restmethod",
    "certutil",
    "bitsadmin",
    "openssl",
    "telnet",
    "gh",
    "glab",
    "s3cmd",
    "httpie",
    "curlie",
];

/// Shell commands that print the whole environment.
pub(crate) const ENV_DUMPERS: &[&str] =
    &["env", "printenv", "set", "export", "declare", "typeset", "compgen"];

/// Substrings of variable names that hold credentials.
pub(crate) const SECRET_VAR_MARKERS: &[&str] = &[
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "API_KEY",
    "APIKEY",
    "ACCESS_KEY",
    "PRIVATE_KEY",
    "CREDENTIAL",
    "AUTH",
    "SESSION_KEY",
    "SIGNING_KEY",
];

/// Programs whose file operands are used, not disclosed (`ssh -i key`, `chmod 600 key`).
pub(crate) const SECRET_USERS: &[&str] = &[
    "ls",
    "stat",
    "file",
    "du",
    "chmod",
    "chown",
    "chgrp",
    "rm",
    "touch",
    "mkdir",
    "test",
    "[",
    "ln",
    "find",
    "tree",
    "realpath",
    "readlink",
    "basename",
    "dirname",
    "which",
    "ssh",
    "ssh-add",
    "ssh-keygen",
    "ssh-copy-id",
    "git",
    "docker",
    "kubectl",
    "helm",
    "terraform",
    "source",
    ".",
    "cd",
    "shred",
    "srm",
    "unlink",
    "trash",
    "gpg",
    "age",
    "sops",
    "mv",
    "wc",
    "md5sum",
    "sha256sum",
    "sha1sum",
    "shasum",
    "b2sum",
    "cksum",
    "lsattr",
    "getfacl",
    "setfacl",
    "chattr",
    "dotenv",
    "direnv",
    "op",
    "aws-vault",
    "vault",
    "ansible-vault",
    "scp",
    "rsync",
    "code",
    "vim",
    "vi",
    "nano",
    "emacs",
];

/// Programs that print a credential when run (`gh auth token`): program and subcommand words.
pub(crate) const TOKEN_PRINTERS: &[(&str, &[&str])] = &[
    ("gh", &["auth", "token"]),
    ("glab", &["auth", "token"]),
    ("gcloud", &["auth", "print-access-token"]),
    ("gcloud", &["auth", "print-identity-token"]),
    ("gcloud", &["auth", "application-default", "print-access-token"]),
    ("aws", &["configure", "get"]),
    ("aws", &["secretsmanager", "get-secret-value"]),
    ("aws", &["ssm", "get-parameter"]),
    ("aws", &["ssm", "get-parameters"]),
    ("aws", &["sts", "get-session-token"]),
    ("aws", &["ecr", "get-login-password"]),
    ("az", &["account", "get-access-token"]),
    ("kubectl", &["config", "view", "--raw"]),
    ("vault", &["read"]),
    ("vault", &["kv", "get"]),
    ("op", &["read"]),
    ("op", &["item", "get"]),
    ("pass", &["show"]),
    ("security", &["find-generic-password"]),
    ("security", &["find-internet-password"]),
    ("security", &["dump-keychain"]),
    ("doppler", &["secrets"]),
    ("heroku", &["auth:token"]),
    ("npm", &["token"]),
    ("gpg", &["--export-secret-keys"]),
    ("gpg", &["--export-secret-subkeys"]),
    ("kubectl", &["get", "secret"]),
    ("kubectl", &["get", "secrets"]),
    ("docker", &["secret", "inspect"]),
];

/// Publishing a package, chart or image: program, subcommand words.
pub(crate) const PUBLISHERS: &[(&str, &[&str])] = &[
    ("npm", &["publish"]),
    ("npm", &["unpublish"]),
    ("npm", &["deprecate"]),
    ("npm", &["dist-tag", "add"]),
    ("yarn", &["publish"]),
    ("yarn", &["npm", "publish"]),
    ("pnpm", &["publish"]),
    ("bun", &["publish"]),
    ("lerna", &["publish"]),
    ("changeset", &["publish"]),
    ("changesets", &["publish"]),
    ("cli", &["publish"]),
    ("cargo", &["publish"]),
    ("cargo", &["yank"]),
    ("cargo", &["release"]),
    ("twine", &["upload"]),
    ("poetry", &["publish"]),
    ("flit", &["publish"]),
    ("hatch", &["publish"]),
    ("uv", &["publish"]),
    ("pdm", &["publish"]),
    ("gem", &["push"]),
    ("gem", &["yank"]),
    ("dotnet", &["nuget", "push"]),
    ("dotnet", &["nuget", "delete"]),
    ("nuget", &["push"]),
    ("helm", &["push"]),
    ("docker", &["push"]),
    ("docker", &["image", "push"]),
    ("docker", &["manifest", "push"]),
    ("podman", &["push"]),
    ("podman", &["image", "push"]),
    ("podman", &["manifest", "push"]),
    ("nerdctl", &["push"]),
    ("buildah", &["push"]),
    ("skopeo", &["copy"]),
    ("crane", &["push"]),
    ("oras", &["push"]),
    ("vsce", &["publish"]),
    ("ovsx", &["publish"]),
    ("goreleaser", &["release"]),
    ("semantic-release", &[]),
    ("release-it", &[]),
    ("np", &[]),
    ("anaconda", &["upload"]),
    ("conda", &["upload"]),
    ("mix", &["hex.publish"]),
    ("dart", &["pub", "publish"]),
    ("flutter", &["pub", "publish"]),
    ("pub", &["publish"]),
    ("pod", &["trunk", "push"]),
    ("jf", &["rt", "upload"]),
    ("mvn", &["deploy"]),
    ("gradle", &["publish"]),
    ("gradlew", &["publish"]),
];

/// Installing or removing packages: program, subcommand words (empty: any use).
pub(crate) const INSTALLERS: &[(&str, &[&str])] = &[
    ("npm", &["install"]),
    ("npm", &["i"]),
    ("npm", &["add"]),
    ("npm", &["ci"]),
    ("npm", &["update"]),
    ("npm", &["uninstall"]),
    ("npm", &["remove"]),
    ("npm", &["rm"]),
    ("npm", &["link"]),
    ("npm", &["audit", "fix"]),
    ("yarn", &["add"]),
    ("yarn", &["install"]),
    ("yarn", &["remove"]),
    ("yarn", &["upgrade"]),
    ("yarn", &["global", "add"]),
    ("pnpm", &["add"]),
    ("pnpm", &["install"]),
    ("pnpm", &["i"]),
    ("pnpm", &["remove"]),
    ("pnpm", &["update"]),
    ("bun", &["add"]),
    ("bun", &["install"]),
    ("bun", &["remove"]),
    ("pip", &["install"]),
    ("pip", &["uninstall"]),
    ("pip3", &["install"]),
    ("pip3", &["uninstall"]),
    ("pipx", &["install"]),
    ("pipx", &["uninstall"]),
    ("pipx", &["inject"]),
    ("uv", &["pip", "install"]),
    ("uv", &["pip", "uninstall"]),
    ("uv", &["add"]),
    ("uv", &["remove"]),
    ("uv", &["sync"]),
    ("uv", &["tool", "install"]),
    ("poetry", &["add"]),
    ("poetry", &["remove"]),
    ("poetry", &["install"]),
    ("poetry", &["update"]),
    ("pipenv", &["install"]),
    ("pipenv", &["uninstall"]),
    ("conda", &["install"]),
    ("conda", &["remove"]),
    ("conda", &["create"]),
    ("mamba", &["install"]),
    ("gem", &["install"]),
    ("gem", &["uninstall"]),
    ("bundle", &["install"]),
    ("bundle", &["update"]),
    ("bundle", &["add"]),
    ("cargo", &["install"]),
    ("cargo", &["uninstall"]),
    ("cargo", &["add"]),
    ("cargo", &["remove"]),
    ("cargo", &["update"]),
    ("go", &["install"]),
    ("go", &["get"]),
    ("brew", &["install"]),
    ("brew", &["uninstall"]),
    ("brew", &["remove"]),
    ("brew", &["upgrade"]),
    ("brew", &["reinstall"]),
    ("brew", &["tap"]),
    ("port", &["install"]),
    ("apt", &["install"]),
    ("apt", &["remove"]),
    ("apt", &["purge"]),
    ("apt", &["upgrade"]),
    ("apt", &["update"]),
    ("apt", &["autoremove"]),
    ("apt-get", &["install"]),
    ("apt-get", &["remove"]),
    ("apt-get", &["purge"]),
    ("apt-get", &["upgrade"]),
    ("apt-get", &["dist-upgrade"]),
    ("apt-get", &["update"]),
    ("apt-get", &["autoremove"]),
    ("aptitude", &["install"]),
    ("yum", &["install"]),
    ("yum", &["remove"]),
    ("yum", &["update"]),
    ("dnf", &["install"]),
    ("dnf", &["remove"]),
    ("dnf", &["upgrade"]),
    ("zypper", &["install"]),
    ("zypper", &["in"]),
    ("zypper", &["remove"]),
    ("pacman", &[]),
    ("apk", &["add"]),
    ("apk", &["del"]),
    ("emerge", &[]),
    ("snap", &["install"]),
    ("snap", &["remove"]),
    ("flatpak", &["install"]),
    ("flatpak", &["uninstall"]),
    ("nix-env", &[]),
    ("nix", &["profile", "install"]),
    ("pkg_add", &[]),
    ("pkg", &["install"]),
    ("composer", &["require"]),
    ("composer", &["install"]),
    ("composer", &["update"]),
    ("composer", &["remove"]),
    ("dotnet", &["add", "package"]),
    ("dotnet", &["tool", "install"]),
    ("rustup", &["toolchain", "install"]),
    ("rustup", &["target", "add"]),
    ("rustup", &["component", "add"]),
    ("rustup", &["update"]),
    ("deno", &["install"]),
    ("asdf", &["install"]),
    ("mise", &["install"]),
    ("mise", &["use"]),
    ("nvm", &["install"]),
    ("pyenv", &["install"]),
    ("sdk", &["install"]),
    ("winget", &["install"]),
    ("choco", &["install"]),
    ("scoop", &["install"]),
    ("helm", &["plugin", "install"]),
    ("gh", &["extension", "install"]),
    ("code", &["--install-extension"]),
    ("npx", &[]),
];

/// Security services whose stop/disable/mask is `security_disable`.
pub(crate) const SECURITY_SERVICES: &[&str] = &[
    "firewalld",
    "ufw",
    "iptables",
    "ip6tables",
    "nftables",
    "netfilter-persistent",
    "apparmor",
    "auditd",
    "selinux",
    "fail2ban",
    "crowdsec",
    "clamav-daemon",
    "clamav-freshclam",
    "clamd",
    "falco",
    "osqueryd",
    "wazuh-agent",
    "ossec",
    "sshguard",
    "csf",
    "lfd",
    "snort",
    "suricata",
    "tripwire",
    "aide",
    "rkhunter",
    "mdatp",
    "falcon-sensor",
    "sentinelone",
    "windefend",
    "pf",
    "alf",
    "socketfilterfw",
    "sysdig",
    "tetragon",
];

/// Services whose stop or restart interrupts remote access or the whole machine.
pub(crate) const CRITICAL_SERVICES: &[&str] = &[
    "sshd",
    "ssh",
    "networking",
    "network-manager",
    "networkmanager",
    "systemd-networkd",
    "docker",
    "containerd",
    "kubelet",
];

/// Cloud and infrastructure CLIs with a generic verb structure (`… delete …`).
pub(crate) const CLOUD_CLIS: &[&str] = &[
    "aws",
    "az",
    "gcloud",
    "doctl",
    "linode-cli",
    "hcloud",
    "vultr-cli",
    "scw",
    "oci",
    "ibmcloud",
    "exo",
    "civo",
    "heroku",
    "fly",
    "flyctl",
    "vercel",
    "netlify",
    "railway",
    "render",
    "eksctl",
    "gsutil",
    "s3cmd",
    "rclone",
    "openstack",
    "upcloud",
    "cf",
    "aliyun",
    "tccli",
    "firebase",
    "supabase",
    "wrangler",
    "neonctl",
    "planetscale",
    "pscale",
    "turso",
];

/// Verbs that delete something in cloud and unknown CLIs.
pub(crate) const DELETE_VERBS: &[&str] = &[
    "delete",
    "destroy",
    "remove",
    "rm",
    "purge",
    "terminate",
    "drop",
    "nuke",
    "wipe",
    "erase",
    "rb",
    "uninstall",
    "apps:destroy",
    "destroy-app",
    "teardown",
    "deprovision",
    "decommission",
    "reset",
];

/// Verbs that only read in cloud CLIs.
pub(crate) const READ_VERBS: &[&str] = &[
    "list", "ls", "get", "describe", "show", "status", "info", "view", "logs", "log", "top",
    "whoami", "version", "inspect", "output", "plan", "diff", "validate", "preview", "history",
    "search", "help", "explain", "cat", "tail", "watch", "check", "print", "du", "stat", "lint",
    "fmt", "template", "config",
];

/// Programs that only read or compute (LOW unless their arguments say otherwise). Used to
/// decide whether the unknown-program heuristics apply.
pub(crate) const READ_ONLY: &[&str] = &[
    "ls",
    "cat",
    "head",
    "tail",
    "less",
    "more",
    "bat",
    "wc",
    "grep",
    "egrep",
    "fgrep",
    "rg",
    "ag",
    "ack",
    "fd",
    "fdfind",
    "tree",
    "stat",
    "file",
    "du",
    "df",
    "pwd",
    "echo",
    "printf",
    "true",
    "false",
    "test",
    "[",
    "[[",
    "which",
    "type",
    "whereis",
    "uname",
    "hostname",
    "whoami",
    "id",
    "date",
    "jq",
    "yq",
    "sort",
    "uniq",
    "cut",
    "tr",
    "awk",
    "sed",
    "diff",
    "cmp",
    "comm",
    "column",
    "nl",
    "od",
    "hexdump",
    "xxd",
    "strings",
    "base64",
    "md5sum",
    "sha256sum",
    "sha1sum",
    "shasum",
    "sleep",
    "basename",
    "dirname",
    "realpath",
    "readlink",
    "seq",
    "yes",
    "ps",
    "pgrep",
    "pstree",
    "top",
    "htop",
    "lsof",
    "free",
    "uptime",
    "getconf",
    "locale",
    "man",
    "info",
    "help",
    "tldr",
    "whatis",
    "apropos",
    "getenforce",
    "sestatus",
    "lsblk",
    "blkid",
    "mount",
    "findmnt",
    "ping",
    "dig",
    "nslookup",
    "host",
    "traceroute",
    "mtr",
    "whois",
    "getent",
    "groups",
    "cd",
    "pushd",
    "popd",
    "export",
    "set",
    "unset",
    "alias",
    "history",
    "jobs",
    "wait",
    "read",
    "exit",
    "return",
    "shift",
    "local",
    "declare",
    "typeset",
    "readonly",
    ":",
    "env",
    "printenv",
    "umask",
    "ulimit",
    "shopt",
    "tac",
    "rev",
    "fold",
    "fmt",
    "paste",
    "join",
    "split",
    "expand",
    "unexpand",
    "tee",
    "xargs",
    "find",
    "nproc",
    "arch",
    "lscpu",
    "lsusb",
    "lspci",
    "dmesg",
    "journalctl",
    "vmstat",
    "iostat",
    "netstat",
    "ss",
    "ip",
    "ifconfig",
    "tput",
    "clear",
    "stty",
    "tty",
    "source",
    ".",
    "eval",
    "exec",
    "command",
    "builtin",
    "time",
    "timeout",
    "nice",
    "nohup",
    "watch",
    "bc",
    "expr",
    "factor",
    "cal",
    "printf",
    "column",
    "iconv",
    "file",
    "zcat",
    "zgrep",
    "zless",
    "bzcat",
    "xzcat",
    "gzip",
    "unzip",
    "zipinfo",
    "tar",
    "openssl",
    "gpg",
    "ssh-keygen",
    "pbpaste",
    "xclip",
    "shellcheck",
    "hadolint",
    "cloc",
    "tokei",
    "scc",
    "git",
    "cargo",
    "npm",
    "yarn",
    "pnpm",
    "node",
    "python",
    "python3",
    "go",
    "make",
    "docker",
    "kubectl",
    "helm",
    "terraform",
];

/// The tier for a cloud deletion: HIGH, or CRITICAL when a production-like target is named.
pub(crate) fn delete_tier(prod: bool) -> Tier {
    if prod { Tier::Critical } else { Tier::High }
}

/// A subcommand or option that changes what a command does: it destroys or rewrites state, or
/// makes a read-only subcommand run code, load a program or write a file. One table, read by
/// the classifier (which reports `finding`) and by learning's normalizer (which never widens a
/// command that matches a row: it learns only its exact scope).
#[derive(Debug, Clone, Copy)]
pub(crate) struct EffectChange {
    /// Program key (lower-case basename).
    pub program: &'static str,
    /// Leading operands after the program's global options (`["stash", "drop"]`); empty: any.
    pub sub: &'static [&'static str],
    /// Any of these options, before `--` (`--output` also matches `--output=x`, `-O` also
    /// `-Ovalue` and short clusters holding `O`); empty: the subcommand alone matches.
    pub opts: &'static [&'static str],
    /// What the classifier reports: tier, factor and plain-language text. `None` for rows that
    /// only stop widening (the classifier judges the inner command, such as `npx <pkg>`).
    pub finding: Option<(Tier, Factor, &'static str)>,
}

const fn row(
    program: &'static str,
    sub: &'static [&'static str],
    opts: &'static [&'static str],
    finding: Option<(Tier, Factor, &'static str)>,
) -> EffectChange {
    EffectChange { program, sub, opts, finding }
}

/// Runs code named on the command line.
const RUNS: Option<(Tier, Factor, &str)> =
    Some((Tier::High, Factor::CodeExecutionOption, "runs a program named in its options"));
/// Writes a file named on the command line.
const WRITES: Option<(Tier, Factor, &str)> =
    Some((Tier::Medium, Factor::FileWriteOption, "writes a file named in its options"));
/// Deletes or rewrites repository or container state.
const DESTROYS: Option<(Tier, Factor, &str)> = Some((
    Tier::Medium,
    Factor::DestructiveSubcommand,
    "deletes or rewrites state that may not come back",
));
/// Changes configuration that later commands obey.
const CONFIGURES: Option<(Tier, Factor, &str)> =
    Some((Tier::Medium, Factor::ConfigWrite, "changes configuration that later commands obey"));
/// Downloads a package and runs it.
const FETCH_RUN: Option<(Tier, Factor, &str)> =
    Some((Tier::Medium, Factor::PackageFetchRun, "downloads a package and runs it"));

/// The table of effect-changing subcommands and options (see [`EffectChange`]).
pub(crate) const EFFECT_CHANGES: &[EffectChange] = &[
    // git: options that run a program or write a file.
    row("git", &["grep"], &["-O", "--open-files-in-pager"], RUNS),
    row("git", &["fetch"], &["--upload-pack", "-u"], RUNS),
    row("git", &["pull"], &["--upload-pack"], RUNS),
    row("git", &["clone"], &["--upload-pack", "-u", "--template", "--config", "-c"], RUNS),
    row("git", &["ls-remote"], &["--upload-pack"], RUNS),
    row("git", &["archive"], &["--exec", "--output", "-o"], RUNS),
    row("git", &["push"], &["--receive-pack", "--exec"], RUNS),
    row("git", &["difftool"], &["-x", "--extcmd", "-t", "--tool"], RUNS),
    row("git", &["mergetool"], &["-t", "--tool"], RUNS),
    row("git", &["rebase"], &["-x", "--exec"], RUNS),
    row("git", &["submodule", "foreach"], &[], RUNS),
    row("git", &["bisect", "run"], &[], RUNS),
    row("git", &[], &["--exec-path", "--config-env", "--git-dir", "--work-tree"], RUNS),
    // Every subcommand that takes diff options (log, diff, show, stash show, shortlog, …).
    row("git", &[], &["--output"], WRITES),
    row("git", &["format-patch"], &["--output", "-o", "--output-directory"], WRITES),
    row("git", &["blame"], &["--contents", "-S"], WRITES),
    // git: subcommands that destroy or rewrite.
    row(
        "git",
        &["branch"],
        &[
            "-d",
            "-D",
            "--delete",
            "-m",
            "-M",
            "--move",
            "-c",
            "-C",
            "--copy",
            "-f",
            "--force",
            "-u",
            "--set-upstream-to",
            "--unset-upstream",
            "--edit-description",
        ],
        DESTROYS,
    ),
    row("git", &["tag"], &["-d", "--delete", "-f", "--force"], DESTROYS),
    row("git", &["stash", "drop"], &[], DESTROYS),
    row("git", &["stash", "clear"], &[], DESTROYS),
    row("git", &["stash", "pop"], &[], DESTROYS),
    row("git", &["worktree", "remove"], &[], DESTROYS),
    row("git", &["worktree", "prune"], &[], DESTROYS),
    row("git", &["reflog", "expire"], &[], DESTROYS),
    row("git", &["reflog", "delete"], &[], DESTROYS),
    row("git", &["update-ref"], &[], DESTROYS),
    row("git", &["gc"], &["--prune"], DESTROYS),
    row("git", &["push"], &[], None),
    row("git", &["reset"], &[], None),
    row("git", &["clean"], &[], None),
    row("git", &["checkout"], &[], None),
    row("git", &["restore"], &[], None),
    row("git", &["rm"], &[], None),
    row("git", &["filter-branch"], &[], None),
    row("git", &["filter-repo"], &[], None),
    row("git", &["remote", "set-url"], &[], CONFIGURES),
    row("git", &["remote", "add"], &[], CONFIGURES),
    row("git", &["remote", "remove"], &[], CONFIGURES),
    row("git", &["remote", "rm"], &[], CONFIGURES),
    row("git", &["remote", "rename"], &[], CONFIGURES),
    row("git", &["remote", "set-head"], &[], CONFIGURES),
    row("git", &["remote", "set-branches"], &[], CONFIGURES),
    row("git", &["remote", "prune"], &[], DESTROYS),
    row(
        "git",
        &["config"],
        &[
            "--global",
            "--system",
            "--file",
            "-f",
            "--add",
            "--unset",
            "--unset-all",
            "--replace-all",
            "--edit",
            "-e",
            "--rename-section",
            "--remove-section",
            "--worktree",
            "--local",
        ],
        CONFIGURES,
    ),
    row("git", &["config"], &[], None),
    // go.
    row("go", &[], &["-exec", "-toolexec", "-vettool", "-overlay"], RUNS),
    row("go", &["env"], &["-w", "-u"], CONFIGURES),
    row("go", &["run"], &[], None),
    row("go", &["generate"], &[], None),
    row("go", &["install"], &[], None),
    row("go", &["get"], &[], None),
    row("go", &["tool"], &[], None),
    // cargo.
    row("cargo", &[], &["--config", "-Z"], RUNS),
    row("cargo", &["add"], &[], Some((Tier::Medium, Factor::PackageInstall, "adds a dependency"))),
    row("cargo", &["remove"], &[], DESTROYS),
    row("cargo", &["rm"], &[], DESTROYS),
    row("cargo", &["install"], &[], None),
    row("cargo", &["run"], &[], None),
    row("cargo", &["publish"], &[], None),
    row("cargo", &["uninstall"], &[], None),
    row("cargo", &["yank"], &[], None),
    // npm, pnpm, yarn and their runners.
    row("npm", &[], &["--script-shell", "--node-options", "--userconfig", "--globalconfig"], RUNS),
    row("pnpm", &[], &["--script-shell", "--node-options", "--userconfig"], RUNS),
    row("yarn", &[], &["--script-shell", "--node-options", "--use-yarnrc"], RUNS),
    row("bun", &[], &["--preload", "-r", "--require"], RUNS),
    row("npm", &["config", "set"], &[], CONFIGURES),
    row("npm", &["config", "delete"], &[], CONFIGURES),
    row("npm", &["config", "edit"], &[], CONFIGURES),
    row("npm", &["set"], &[], CONFIGURES),
    row("pnpm", &["config", "set"], &[], CONFIGURES),
    row("yarn", &["config", "set"], &[], CONFIGURES),
    row("npx", &[], &["-y", "--yes", "-p", "--package"], FETCH_RUN),
    row("npx", &[], &[], None),
    row("pnpx", &[], &[], None),
    row("bunx", &[], &[], None),
    row("pnpm", &["dlx"], &[], FETCH_RUN),
    row("yarn", &["dlx"], &[], FETCH_RUN),
    row("npm", &["exec"], &[], None),
    row("npm", &["x"], &[], None),
    row("pnpm", &["exec"], &[], None),
    row("yarn", &["exec"], &[], None),
    row("npm", &["install"], &[], None),
    row("npm", &["i"], &[], None),
    row("npm", &["add"], &[], None),
    row("npm", &["ci"], &[], None),
    row("npm", &["uninstall"], &[], None),
    row("npm", &["run"], &[], None),
    row("npm", &["publish"], &[], None),
    row("pnpm", &["install"], &[], None),
    row("pnpm", &["add"], &[], None),
    row("yarn", &["add"], &[], None),
    // Python packaging and runners.
    row("pipx", &["run"], &[], FETCH_RUN),
    row(
        "pipx",
        &["install"],
        &[],
        Some((Tier::Medium, Factor::PackageInstall, "installs a package")),
    ),
    row(
        "pipx",
        &["inject"],
        &[],
        Some((Tier::Medium, Factor::PackageInstall, "installs a package")),
    ),
    row("pipx", &["upgrade"], &[], None),
    row("pipx", &["reinstall"], &[], None),
    row("uvx", &[], &[], FETCH_RUN),
    row("uv", &["tool", "run"], &[], FETCH_RUN),
    row("uv", &["tool", "install"], &[], None),
    row("uv", &["run"], &[], None),
    row("uv", &["add"], &[], None),
    row("uv", &["pip"], &[], None),
    row("poetry", &["run"], &[], None),
    row("poetry", &["add"], &[], None),
    row("poetry", &["remove"], &[], None),
    row("poetry", &["publish"], &[], None),
    row("pipenv", &["run"], &[], None),
    row("pipenv", &["install"], &[], None),
    row("pip", &["install"], &[], None),
    row("pip3", &["install"], &[], None),
    row("pip", &["download"], &[], None),
    // Ruby, conda, direnv.
    row("bundle", &["exec"], &[], None),
    row("bundle", &["add"], &[], None),
    row("conda", &["run"], &[], None),
    row("conda", &["install"], &[], None),
    row("conda", &["create"], &[], None),
    row("conda", &["remove"], &[], None),
    row(
        "direnv",
        &["allow"],
        &[],
        Some((
            Tier::High,
            Factor::CodeExecutionOption,
            "lets the folder's .envrc run code on every visit",
        )),
    ),
    row(
        "direnv",
        &["permit"],
        &[],
        Some((
            Tier::High,
            Factor::CodeExecutionOption,
            "lets the folder's .envrc run code on every visit",
        )),
    ),
    row(
        "direnv",
        &["grant"],
        &[],
        Some((
            Tier::High,
            Factor::CodeExecutionOption,
            "lets the folder's .envrc run code on every visit",
        )),
    ),
    row("direnv", &["exec"], &[], None),
    // Text tools whose options run code or write files.
    row("find", &[], &["-fprint", "-fprint0", "-fprintf", "-fls"], WRITES),
    row("find", &[], &["-exec", "-execdir", "-ok", "-okdir", "-delete"], None),
    row(
        "tar",
        &[],
        &[
            "--to-command",
            "--checkpoint-action",
            "--use-compress-program",
            "-I",
            "--info-script",
            "-F",
            "--new-volume-script",
            "--rsh-command",
            "--rmt-command",
        ],
        RUNS,
    ),
    row(
        "awk",
        &[],
        &["-f", "--file", "-E", "--exec", "-i", "--include", "-l", "--load"],
        Some((Tier::Medium, Factor::RunsScript, "runs an awk program from a file")),
    ),
    row("sed", &[], &["-i", "--in-place"], None),
    row("less", &[], &["-k", "--lesskey-file", "--lesskey-src"], RUNS),
    row("vim", &[], &["-c", "--cmd", "-S", "-s", "-u", "-W", "-w"], RUNS),
    row("vi", &[], &["-c", "--cmd", "-S", "-s", "-u"], RUNS),
    row("nvim", &[], &["-c", "--cmd", "-S", "-s", "-u", "-l", "--headless"], RUNS),
    row("view", &[], &["-c", "--cmd", "-S", "-s", "-u"], RUNS),
    row("ex", &[], &["-c", "--cmd", "-S", "-s", "-u"], RUNS),
    row(
        "gdb",
        &[],
        &[
            "-ex",
            "--ex",
            "-x",
            "--command",
            "-iex",
            "-ix",
            "-batch",
            "--batch",
            "-eval-command",
            "--eval-command",
            "-p",
            "--pid",
        ],
        RUNS,
    ),
    row(
        "lldb",
        &[],
        &["-o", "--one-line", "-s", "--source", "-k", "-b", "--batch", "-p", "--attach-pid"],
        RUNS,
    ),
    // Containers and clusters.
    row("docker", &["image", "prune"], &[], DESTROYS),
    row("docker", &["image", "rm"], &[], DESTROYS),
    row("docker", &["system", "prune"], &[], DESTROYS),
    row("docker", &["container", "prune"], &[], DESTROYS),
    row("docker", &["container", "rm"], &[], DESTROYS),
    row("docker", &["volume", "prune"], &[], DESTROYS),
    row("docker", &["volume", "rm"], &[], DESTROYS),
    row("docker", &["network", "prune"], &[], DESTROYS),
    row("docker", &["network", "rm"], &[], DESTROYS),
    row("docker", &["builder", "prune"], &[], DESTROYS),
    row("docker", &["buildx", "prune"], &[], DESTROYS),
    row("docker", &["rm"], &[], None),
    row("docker", &["rmi"], &[], None),
    row("docker", &["run"], &[], None),
    row("docker", &["exec"], &[], None),
    row("docker", &["push"], &[], None),
    row("docker", &["kill"], &[], None),
    row("docker", &["stop"], &[], None),
    row("docker", &["system"], &[], None),
    row("docker", &["volume"], &[], None),
    row(
        "kubectl",
        &["config", "view"],
        &["--raw"],
        Some((Tier::Medium, Factor::SecretRead, "prints the cluster credentials")),
    ),
    row("kubectl", &["config", "set"], &[], CONFIGURES),
    row("kubectl", &["config", "set-context"], &[], CONFIGURES),
    row("kubectl", &["config", "set-cluster"], &[], CONFIGURES),
    row("kubectl", &["config", "set-credentials"], &[], CONFIGURES),
    row("kubectl", &["config", "use-context"], &[], CONFIGURES),
    row("kubectl", &["config", "unset"], &[], CONFIGURES),
    row("kubectl", &["config", "delete-context"], &[], CONFIGURES),
    row("kubectl", &["config", "delete-cluster"], &[], CONFIGURES),
    row("kubectl", &["config", "delete-user"], &[], CONFIGURES),
    row("kubectl", &["config", "rename-context"], &[], CONFIGURES),
    row("kubectl", &["delete"], &[], None),
    row("kubectl", &["apply"], &[], None),
    row("kubectl", &["exec"], &[], None),
    row("kubectl", &["edit"], &[], None),
    row("kubectl", &["patch"], &[], None),
    row("kubectl", &["replace"], &[], None),
    row("kubectl", &["scale"], &[], None),
    row("kubectl", &["drain"], &[], None),
    row("kubectl", &["cp"], &[], None),
    // GitHub CLI: writes to the forge.
    row(
        "gh",
        &["pr", "merge"],
        &[],
        Some((Tier::Medium, Factor::VcsWrite, "merges a pull request")),
    ),
    row("gh", &["pr", "close"], &[], DESTROYS),
    row("gh", &["pr", "review"], &[], None),
    row("gh", &["pr", "edit"], &[], None),
    row("gh", &["pr", "create"], &[], None),
    row("gh", &["pr", "comment"], &[], None),
    row("gh", &["pr", "ready"], &[], None),
    row("gh", &["issue", "close"], &[], None),
    row("gh", &["issue", "delete"], &[], DESTROYS),
    row("gh", &["issue", "transfer"], &[], None),
    row("gh", &["issue", "create"], &[], None),
    row("gh", &["issue", "edit"], &[], None),
    row("gh", &["issue", "comment"], &[], None),
    row("gh", &["run", "cancel"], &[], None),
    row("gh", &["run", "delete"], &[], None),
    row("gh", &["extension"], &[], None),
    row("gh", &["alias"], &[], None),
    row("gh", &["auth"], &[], None),
    row("gh", &["release"], &[], None),
    row("gh", &["repo"], &[], None),
    row("gh", &["secret"], &[], None),
    row("gh", &["api"], &[], None),
    row("gh", &["workflow"], &[], None),
    // More kin: options that run a program or write a file, runners that fetch and run.
    row("rg", &[], &["--pre"], RUNS),
    row("fd", &[], &["-x", "--exec", "-X", "--exec-batch"], None),
    row("fdfind", &[], &["-x", "--exec", "-X", "--exec-batch"], None),
    row("sort", &[], &["--compress-program"], RUNS),
    row("man", &[], &["-P", "--pager", "-H", "--html"], RUNS),
    row("zip", &[], &["-TT", "--unzip-command"], RUNS),
    row("npm", &["init"], &[], None),
    row("npm", &["create"], &[], FETCH_RUN),
    row("pnpm", &["create"], &[], FETCH_RUN),
    row("yarn", &["create"], &[], FETCH_RUN),
    row("bun", &["create"], &[], FETCH_RUN),
    row("npm", &["rebuild"], &[], None),
    row("npm", &["link"], &[], None),
    row("go", &["build"], &["-o"], WRITES),
    row("go", &["test"], &["-o"], WRITES),
    row(
        "cargo",
        &["clippy"],
        &["--fix"],
        Some((Tier::Medium, Factor::FileWrite, "rewrites source files")),
    ),
    row("cargo", &["fix"], &[], Some((Tier::Medium, Factor::FileWrite, "rewrites source files"))),
    row("bundle", &["config"], &[], None),
    row("bundle", &["install"], &[], None),
    row(
        "conda",
        &["config"],
        &["--set", "--add", "--append", "--prepend", "--remove", "--remove-key"],
        CONFIGURES,
    ),
    row("conda", &["env"], &[], None),
    row(
        "direnv",
        &["edit"],
        &[],
        Some((
            Tier::High,
            Factor::CodeExecutionOption,
            "lets the folder's .envrc run code on every visit",
        )),
    ),
    row("gh", &["alias", "set"], &["--shell", "-s"], RUNS),
    row("docker", &["compose", "down"], &["-v", "--volumes", "--rmi"], DESTROYS),
    row("docker", &["compose", "rm"], &[], DESTROYS),
    row(
        "kubectl",
        &["get", "secret"],
        &["-o", "--output"],
        Some((Tier::Medium, Factor::SecretRead, "prints secret values")),
    ),
    row(
        "kubectl",
        &["get", "secrets"],
        &["-o", "--output"],
        Some((Tier::Medium, Factor::SecretRead, "prints secret values")),
    ),
    row("kubectl", &["port-forward"], &[], None),
    row("kubectl", &["proxy"], &[], None),
    row("ex", &[], &[], RUNS),
    row("vim", &[], &["-e", "-E"], RUNS),
    row("nvim", &[], &["-e", "-E"], RUNS),
    // Subcommands and options that discard work, fetch code into the tree, move state
    // elsewhere or change configuration, found beyond the first table.
    row(
        "git",
        &["switch"],
        &["-C", "--force-create", "-f", "--force", "--discard-changes"],
        DESTROYS,
    ),
    row("git", &["commit"], &["--amend"], None),
    row("git", &["merge"], &["--abort"], None),
    row("git", &["submodule", "add"], &[], None),
    row("git", &["submodule", "update"], &[], None),
    row("git", &["submodule", "init"], &[], None),
    row("git", &["submodule", "deinit"], &[], None),
    row("git", &["submodule", "set-url"], &[], CONFIGURES),
    row("git", &["submodule", "set-branch"], &[], CONFIGURES),
    row("git", &["submodule", "sync"], &[], CONFIGURES),
    row("git", &["submodule", "absorbgitdirs"], &[], None),
    row("sort", &[], &["-o", "--output"], WRITES),
    row("tree", &[], &["-o"], WRITES),
    row(
        "go",
        &["test"],
        &[
            "-coverprofile",
            "-cpuprofile",
            "-memprofile",
            "-blockprofile",
            "-mutexprofile",
            "-trace",
            "-outputdir",
            "-test.coverprofile",
            "-test.cpuprofile",
            "-test.memprofile",
            "-test.blockprofile",
            "-test.mutexprofile",
            "-test.trace",
            "-test.outputdir",
            "-test.testlogfile",
            "-test.gocoverdir",
        ],
        WRITES,
    ),
    // The linker, module file and package folder a build uses (`-ldflags=-extld=…` runs a
    // program): never widened.
    row("go", &[], &["-ldflags", "-gccgoflags", "-modfile", "-pkgdir", "-compiler"], None),
    row("go", &["mod", "edit"], &[], None),
    row("go", &["work"], &[], None),
    row("gcloud", &["config", "set"], &[], CONFIGURES),
    row("gcloud", &["config", "unset"], &[], CONFIGURES),
    row("gcloud", &["config", "configurations"], &[], CONFIGURES),
    row("gh", &["pr", "checkout"], &[], None),
    row("gh", &["run", "download"], &[], None),
    row("gh", &["release", "download"], &[], None),
    row("docker", &["compose", "config"], &[], None),
    row("docker", &["compose", "build"], &[], None),
    row("docker", &["compose", "pull"], &[], None),
    row("docker", &["compose", "push"], &[], None),
    row("docker", &["compose", "cp"], &[], None),
    row("docker", &["compose", "create"], &[], None),
    row("docker", &["compose", "start"], &[], None),
    row("docker", &["compose", "restart"], &[], None),
    row("docker", &["compose", "stop"], &[], None),
    row("docker", &["compose", "kill"], &[], None),
    row("docker", &["compose", "watch"], &[], None),
    row("docker", &["build"], &["-o", "--output"], WRITES),
    row("docker", &["build"], &["--ssh", "--secret", "--allow", "--network"], None),
    row("docker", &["buildx"], &[], None),
    // Another identity or cluster than the everyday one: impersonation, other credentials.
    row(
        "kubectl",
        &[],
        &[
            "--as",
            "--as-group",
            "--as-uid",
            "--token",
            "--kubeconfig",
            "-s",
            "--server",
            "--insecure-skip-tls-verify",
            "--client-key",
            "--client-certificate",
            "--certificate-authority",
            "--username",
            "--password",
        ],
        None,
    ),
    row("pnpm", &[], &["--config"], RUNS),
    row("pytest", &[], &["-p"], None),
    // Another package source than the everyday one: where installs and builds fetch the code
    // they run.
    row(
        "pip",
        &[],
        &["-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host"],
        None,
    ),
    row(
        "uv",
        &[],
        &[
            "-i",
            "--index-url",
            "--extra-index-url",
            "--index",
            "--default-index",
            "-f",
            "--find-links",
            "--no-build-isolation",
            "--config-file",
        ],
        None,
    ),
    row("poetry", &[], &["--source"], None),
    row("pipenv", &[], &["--pypi-mirror"], None),
    row("npm", &[], &["--registry"], None),
    row("pnpm", &[], &["--registry"], None),
    row("yarn", &[], &["--registry"], None),
    row("gem", &[], &["--source", "--clear-sources"], None),
    row("cargo", &[], &["--index", "--registry"], None),
    // Operands hidden in a file: the files read are named nowhere on the command line.
    row("sort", &[], &["--files0-from"], None),
    row("wc", &[], &["--files0-from"], None),
    row("du", &[], &["--files0-from"], None),
    row("tar", &[], &["-T", "--files-from"], None),
    // terraform: state, plugins and modules from elsewhere; written configuration.
    row("terraform", &["plan"], &["-generate-config-out", "-state-out", "-backup"], WRITES),
    row(
        "terraform",
        &[],
        &["-state", "-plugin-dir", "-from-module", "-backend-config", "-reconfigure"],
        None,
    ),
    row("terraform", &["init"], &["-migrate-state", "-force-copy"], None),
    row("tofu", &["plan"], &["-generate-config-out", "-state-out", "-backup"], WRITES),
    row(
        "tofu",
        &[],
        &["-state", "-plugin-dir", "-from-module", "-backend-config", "-reconfigure"],
        None,
    ),
    // Another identity than the everyday one.
    row(
        "helm",
        &[],
        &[
            "--kube-as-user",
            "--kube-as-group",
            "--kube-token",
            "--kubeconfig",
            "--kube-apiserver",
            "--kube-insecure-skip-tls-verify",
            "--post-renderer",
        ],
        None,
    ),
    row(
        "gcloud",
        &[],
        &["--impersonate-service-account", "--access-token-file", "--credential-file-override"],
        None,
    ),
    row("hg", &[], &["--config", "--debugger"], RUNS),
    // Other installers, services and infrastructure: never widened (the classifier judges
    // them by their own rules).
    row("pip", &["uninstall"], &[], None),
    row("gem", &["install"], &[], None),
    row("gem", &["uninstall"], &[], None),
    row("gem", &["push"], &[], None),
    row("brew", &["install"], &[], None),
    row("brew", &["uninstall"], &[], None),
    row("brew", &["reinstall"], &[], None),
    row("brew", &["upgrade"], &[], None),
    row("apt", &["install"], &[], None),
    row("apt", &["remove"], &[], None),
    row("apt", &["purge"], &[], None),
    row("apt", &["upgrade"], &[], None),
    row("apt-get", &["install"], &[], None),
    row("apt-get", &["remove"], &[], None),
    row("apt-get", &["purge"], &[], None),
    row("apt-get", &["upgrade"], &[], None),
    row("apt-get", &["dist-upgrade"], &[], None),
    row("dnf", &["install"], &[], None),
    row("dnf", &["remove"], &[], None),
    row("dnf", &["upgrade"], &[], None),
    row("yum", &["install"], &[], None),
    row("yum", &["remove"], &[], None),
    row("yum", &["upgrade"], &[], None),
    row("uv", &["tool"], &[], None),
    row("git", &["rebase"], &[], None),
    row("terraform", &["apply"], &[], None),
    row("terraform", &["destroy"], &[], None),
    row("terraform", &["import"], &[], None),
    row("terraform", &["state"], &[], None),
    row("terraform", &["taint"], &[], None),
    row("tofu", &["apply"], &[], None),
    row("tofu", &["destroy"], &[], None),
    row("tofu", &["import"], &[], None),
    row("tofu", &["state"], &[], None),
    row("tofu", &["taint"], &[], None),
    row("systemctl", &["stop"], &[], None),
    row("systemctl", &["disable"], &[], None),
    row("systemctl", &["mask"], &[], None),
    row("systemctl", &["kill"], &[], None),
    row("systemctl", &["restart"], &[], None),
    row("systemctl", &["start"], &[], None),
    row("systemctl", &["enable"], &[], None),
    row("helm", &["install"], &[], None),
    row("helm", &["uninstall"], &[], None),
    row("helm", &["upgrade"], &[], None),
    row("helm", &["delete"], &[], None),
    row("pnpm", &["i"], &[], None),
    row("pnpm", &["run"], &[], None),
    row("pnpm", &["publish"], &[], None),
    row("pnpm", &["remove"], &[], None),
    row("yarn", &["install"], &[], None),
    row("yarn", &["run"], &[], None),
    row("yarn", &["publish"], &[], None),
    row("yarn", &["remove"], &[], None),
];

/// Environment variables that make the programs of a command run another program (a pager,
/// an editor, an input filter, an ssh command): setting one on a command runs what it names.
pub(crate) const PROGRAM_VARS: &[&str] = &[
    "LESSOPEN",
    "LESSCLOSE",
    "PAGER",
    "GIT_PAGER",
    "MANPAGER",
    "EDITOR",
    "VISUAL",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_EXTERNAL_DIFF",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "GIT_EXEC_PATH",
    "GIT_PROXY_COMMAND",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_TEMPLATE_DIR",
    "BASH_ENV",
    "ENV",
    "PROMPT_COMMAND",
    "PYTHONSTARTUP",
    "PYTHONPATH",
    "NODE_OPTIONS",
    "RUBYOPT",
    "PERL5OPT",
    "PERL5LIB",
    "RUSTC_WRAPPER",
    "RUSTC",
    "CARGO_BUILD_RUSTC_WRAPPER",
    "GOFLAGS",
    "NPM_CONFIG_SCRIPT_SHELL",
    "npm_config_script_shell",
];

/// Values of [`PROGRAM_VARS`] and program-running git keys that run nothing of note (the
/// everyday `GIT_EDITOR=true`, `PAGER=cat`, `git -c core.pager=cat`).
pub(crate) fn harmless_program(value: &str) -> bool {
    matches!(
        value.trim(),
        "" | "true"
            | ":"
            | "cat"
            | "less"
            | "less -R"
            | "less -FRX"
            | "more"
            | "/bin/true"
            | "/usr/bin/true"
            | "/bin/cat"
            | "/usr/bin/cat"
    )
}

/// Global options that take a value, per program, skipped before the subcommand.
const GLOBAL_VALUE_OPTS: &[(&str, &[&str])] = &[
    ("git", &["-C", "-c", "--namespace", "--super-prefix", "--list-cmds"]),
    ("docker", &["-H", "--host", "--context", "-c", "--config", "-l", "--log-level"]),
    (
        "kubectl",
        &[
            "-n",
            "--namespace",
            "--context",
            "--kubeconfig",
            "--cluster",
            "--user",
            "-s",
            "--server",
            "--as",
            "-o",
            "--output",
            "-l",
            "--selector",
        ],
    ),
    ("gh", &["-R", "--repo"]),
    ("cargo", &["--config", "-Z", "--color", "-C"]),
    ("go", &["-C"]),
    ("npm", &["--prefix", "-w", "--workspace"]),
    ("pnpm", &["-C", "--dir", "--filter", "-F"]),
    ("yarn", &["--cwd"]),
    ("uv", &["--directory", "--project", "-p", "--python"]),
    ("conda", &["-n", "--name", "-p", "--prefix"]),
];

/// Global options without a value, per program, allowed before the subcommand.
const GLOBAL_FLAGS: &[(&str, &[&str])] = &[
    (
        "git",
        &[
            "--no-pager",
            "-p",
            "--paginate",
            "-P",
            "--bare",
            "--no-replace-objects",
            "--literal-pathspecs",
            "--no-optional-locks",
        ],
    ),
    ("docker", &["--debug", "-D"]),
    ("cargo", &["-q", "--quiet", "-v", "-vv", "--verbose", "--locked", "--offline", "--frozen"]),
    ("npm", &["-s", "--silent", "-q", "--quiet"]),
    ("pnpm", &["-s", "--silent", "-r", "--recursive"]),
    ("yarn", &["-s", "--silent"]),
];

/// The position of the subcommand in `args` when every option before it is a known global
/// option of `program` (`git --no-pager -C x log` → 3); `None` when there is no operand or
/// an unknown option comes first (its value could be mistaken for the subcommand).
pub(crate) fn subcommand_at(program: &str, args: &[&str]) -> Option<usize> {
    let program = program.to_ascii_lowercase();
    let find = |table: &[(&str, &'static [&'static str])]| {
        table.iter().find(|(p, _)| *p == program).map_or(&[][..], |(_, v)| *v)
    };
    let (with_value, flags) = (find(GLOBAL_VALUE_OPTS), find(GLOBAL_FLAGS));
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if !a.starts_with('-') || *a == "-" {
            return Some(i);
        }
        if with_value.contains(a) {
            i += 2;
        } else if flags.contains(a)
            || with_value.iter().any(|o| o.starts_with("--") && a.starts_with(&format!("{o}=")))
        {
            i += 1;
        } else {
            return None;
        }
    }
    None
}

/// Whether `arg` spells the option `opt` the way its program would read it: exactly, with an
/// attached `=value`, as an unambiguous abbreviation of a long option (git, npm and GNU
/// getopt accept `--outp=x` for `--output=x`; an abbreviation that is ambiguous is refused by
/// the program, so matching it too only ever asks more), a single-dash long option written
/// with two dashes (Go's flag package reads `--exec` as `-exec`), a dotted sub-key
/// (`--config.script-shell=x`), or a short option attached or inside a cluster.
fn opt_matches(arg: &str, opt: &str) -> bool {
    if arg == opt {
        return true;
    }
    if opt.starts_with("--") || opt.len() > 2 {
        let long = opt.trim_start_matches('-');
        let Some(given) = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-')) else {
            return false;
        };
        let name = given.split_once('=').map_or(given, |(n, _)| n);
        if name.is_empty() {
            return false;
        }
        if !arg.starts_with("--") {
            // A single dash: the same long option with an attached value only.
            return !opt.starts_with("--") && name == long;
        }
        // `--x`, `--x=v`, `--x.key=v`, or an abbreviation `--outp` of `--output`.
        return name == long
            || name.strip_prefix(long).is_some_and(|r| r.starts_with('.'))
            || long.starts_with(name);
    }
    // A short option: attached value (`-Ovalue`), a cluster holding it (`-Df`), or Go's
    // double-dash spelling (`go env --w`).
    let Some(letter) = opt.chars().nth(1) else { return false };
    let go_style = arg.strip_prefix("--").and_then(|r| r.strip_prefix(letter));
    if go_style.is_some_and(|r| r.is_empty() || r.starts_with('=')) {
        return true;
    }
    arg.starts_with(opt)
        || (arg.starts_with('-')
            && !arg.starts_with("--")
            && arg.len() > 2
            && arg[1..].chars().all(|c| c.is_ascii_alphanumeric())
            && arg[1..].contains(letter))
}

/// The leading operands of a command's arguments, after its global options, with their
/// positions in `args`.
fn leading_operands<'a>(program: &str, args: &[&'a str]) -> Vec<(usize, &'a str)> {
    let with_value =
        GLOBAL_VALUE_OPTS.iter().find(|(p, _)| *p == program).map_or(&[][..], |(_, v)| *v);
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if a == "--" {
            break;
        }
        if a.starts_with('-') && a.len() > 1 {
            if out.is_empty() && with_value.contains(&a) {
                i += 1;
            }
        } else {
            out.push((i, a));
            if out.len() >= 3 {
                break;
            }
        }
        i += 1;
    }
    out
}

/// Every row of [`EFFECT_CHANGES`] that `program` with `args` matches (a row's options count
/// after its subcommand, up to `--`), plus git's `-c` with a key outside the known-harmless
/// ones (pagers, aliases, hooks and filters run programs).
pub(crate) fn effect_changes(program: &str, args: &[&str]) -> Vec<&'static EffectChange> {
    let program = program.to_ascii_lowercase();
    let program = match program.as_str() {
        "pip3" => "pip".to_owned(),
        "podman" | "nerdctl" => "docker".to_owned(),
        "gvim" | "vimdiff" | "rvim" => "vim".to_owned(),
        "gawk" | "mawk" | "nawk" => "awk".to_owned(),
        "gtar" | "bsdtar" => "tar".to_owned(),
        "more" | "most" => "less".to_owned(),
        "mamba" | "micromamba" => "conda".to_owned(),
        _ => program,
    };
    let mut out = Vec::new();
    if !EFFECT_CHANGES.iter().any(|r| r.program == program) {
        return out;
    }
    let lead = leading_operands(&program, args);
    let end = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    for r in EFFECT_CHANGES.iter().filter(|r| r.program == program) {
        let sub_ok = r.sub.len() <= lead.len()
            && r.sub.iter().zip(&lead).all(|(s, (_, l))| l.eq_ignore_ascii_case(s));
        if !sub_ok {
            continue;
        }
        let from = r.sub.len().checked_sub(1).and_then(|k| lead.get(k)).map_or(0, |(i, _)| i + 1);
        let opts = args.get(from..end).unwrap_or_default();
        if r.opts.is_empty() || opts.iter().any(|a| r.opts.iter().any(|o| opt_matches(a, o))) {
            out.push(r);
        }
    }
    if program == "git" && git_config_runs(args) {
        out.push(&GIT_CONFIG_OPTION);
    }
    out
}

/// `git -c key=value …` with a key that can make git run a program.
const GIT_CONFIG_OPTION: EffectChange = row(
    "git",
    &[],
    &["-c"],
    Some((Tier::High, Factor::CodeExecutionOption, "sets a git option that can run a program")),
);

/// Configuration keys `git -c` may set without running anything.
const GIT_SAFE_CONFIG: &[&str] = &[
    "color.",
    "user.name",
    "user.email",
    "log.",
    "advice.",
    "init.defaultbranch",
    "core.quotepath",
    "core.autocrlf",
    "core.safecrlf",
    "diff.renames",
    "diff.algorithm",
    "merge.conflictstyle",
    "pull.rebase",
    "pull.ff",
    "column.",
    "format.pretty",
    "i18n.",
    "commit.gpgsign",
    "tag.gpgsign",
    "push.default",
    "fetch.prune",
    "status.",
    "branch.sort",
    "tag.sort",
];

fn git_config_runs(args: &[&str]) -> bool {
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if !a.starts_with('-') {
            return false;
        }
        let value = if a == "-c" {
            i += 1;
            args.get(i).copied()
        } else {
            a.strip_prefix("-c").filter(|v| !v.is_empty())
        };
        if let Some(v) = value {
            let (key, val) = v.split_once('=').unwrap_or((v, ""));
            let key = key.to_ascii_lowercase();
            let runs_value = matches!(
                key.as_str(),
                "core.pager" | "core.editor" | "sequence.editor" | "pager.log" | "pager.diff"
            );
            if runs_value && harmless_program(val) {
                i += 1;
                continue;
            }
            if !GIT_SAFE_CONFIG
                .iter()
                .any(|s| if s.ends_with('.') { key.starts_with(s) } else { key == *s })
            {
                return true;
            }
        } else if matches!(a, "-C" | "--namespace") {
            i += 1;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_lower_case() {
        for t in [
            FETCHERS,
            ENV_DUMPERS,
            SECRET_USERS,
            SECURITY_SERVICES,
            CLOUD_CLIS,
            DELETE_VERBS,
            READ_VERBS,
            READ_ONLY,
        ] {
            for e in t {
                assert_eq!(*e, e.to_ascii_lowercase(), "{e}");
            }
        }
        for (p, words) in PUBLISHERS.iter().chain(INSTALLERS).chain(TOKEN_PRINTERS) {
            assert_eq!(*p, p.to_ascii_lowercase());
            for w in *words {
                assert!(!w.is_empty());
            }
        }
    }
}

#[cfg(test)]
mod effect_tests {
    use super::*;

    fn rows(cmd: &str) -> Vec<&'static str> {
        let words: Vec<&str> = cmd.split(' ').collect();
        effect_changes(words[0], &words[1..]).iter().map(|r| r.program).collect()
    }

    #[test]
    fn the_table_is_lower_case_and_rows_are_well_formed() {
        for r in EFFECT_CHANGES {
            assert_eq!(r.program, r.program.to_ascii_lowercase());
            assert!(r.sub.iter().all(|s| !s.is_empty() && !s.starts_with('-')), "{r:?}");
            assert!(r.opts.iter().all(|o| o.starts_with('-')), "{r:?}");
        }
    }

    #[test]
    fn subcommands_and_options_match_after_global_options() {
        for cmd in [
            "git branch -D main",
            "git -C sub branch -D main",
            "git --no-pager stash drop",
            "git grep -Ovi x",
            "git fetch --upload-pack=x",
            "docker image prune -af",
            "kubectl -n x config view --raw",
            "cargo add serde",
            "go test -exec=x ./...",
        ] {
            assert!(!rows(cmd).is_empty(), "{cmd}");
        }
        for cmd in [
            "git branch",
            "git -C sub branch",
            "git log -- --output=x",
            "git grep -o x",
            "docker image ls",
            "kubectl config view",
            "go test ./...",
            "git -c color.ui=never log",
        ] {
            assert!(rows(cmd).is_empty(), "{cmd}");
        }
    }

    #[test]
    fn options_match_abbreviated_respelled_and_dotted() {
        for (arg, opt) in [
            ("--output", "--output"),
            ("--output=x", "--output"),
            ("--outp=x", "--output"),
            ("--o", "--output"),
            ("-exec", "-exec"),
            ("-exec=x", "-exec"),
            ("--exec", "-exec"),
            ("--toolexec=x", "-toolexec"),
            ("--config.script-shell=x", "--config"),
            ("-Ox", "-O"),
            ("-nO", "-O"),
            ("--w", "-w"),
            ("--w=x", "-w"),
        ] {
            assert!(opt_matches(arg, opt), "{arg} should match {opt}");
        }
        for (arg, opt) in [
            ("--oneline", "--output"),
            ("--outputx", "--output"),
            ("-output", "--output"),
            ("-o", "-O"),
            ("--", "--output"),
            ("-execx", "-exec"),
            ("--wait", "-w"),
        ] {
            assert!(!opt_matches(arg, opt), "{arg} should not match {opt}");
        }
    }

    #[test]
    fn the_subcommand_follows_known_global_options_only() {
        let at = |cmd: &str| {
            let words: Vec<&str> = cmd.split(' ').collect();
            subcommand_at(words[0], &words[1..])
        };
        assert_eq!(at("git log -5"), Some(0));
        assert_eq!(at("git --no-pager -C x log"), Some(3));
        assert_eq!(at("npm --loglevel warn install x"), None);
        assert_eq!(at("git --version"), None);
    }
}

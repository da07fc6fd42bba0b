//! The data tables of the risk classifier, kept apart from the algorithm in `classify` so they
//! can be reviewed on their own: which programs fetch from the network, publish packages,
//! install packages, guard the machine's security, read secrets, and so on. Knowledge about
//! single programs (their aliases, global options, and the subcommands and options that
//! destroy state or make a read-only subcommand run code) lives in `risk::registry`.
//!
//! Invariants: every entry is lower-case ASCII and programs are matched on their lower-cased
//! basename (`/usr/bin/NPM` → `npm`); subcommand patterns are matched against the leading
//! operands of a command, after its global options. Adding an entry can only make the
//! classifier stricter or more precise, never silently allow something it flagged before.

use super::Tier;

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
    ("docker", &["secret", "inspect"]),
    ("bw", &["get"]),
    ("lpass", &["show"]),
    ("keepassxc-cli", &["show"]),
    ("gcloud", &["secrets", "versions", "access"]),
    ("az", &["keyvault", "secret", "show"]),
    ("git", &["credential", "fill"]),
    ("sops", &["-d"]),
    ("sops", &["--decrypt"]),
    ("ansible-vault", &["view"]),
    ("gh", &["auth", "status", "--show-token"]),
    ("gh", &["auth", "status", "-t"]),
    ("kubectl", &["create", "token"]),
    ("vault", &["token", "create"]),
    ("aws", &["configure", "export-credentials"]),
    ("gpg", &["-d"]),
    ("gpg", &["--decrypt"]),
    ("age", &["-d"]),
    ("age", &["--decrypt"]),
    ("heroku", &["config"]),
    ("heroku", &["config:get"]),
    ("railway", &["variables"]),
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

/// The tier for a cloud deletion: HIGH, or CRITICAL when a production-like target is named.
pub(crate) fn delete_tier(prod: bool) -> Tier {
    if prod { Tier::Critical } else { Tier::High }
}

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
    "GH_PAGER",
    "GH_EDITOR",
    "GLAB_PAGER",
    "AWS_PAGER",
    "SYSTEMD_PAGER",
    "SYSTEMD_EDITOR",
    "KUBE_EDITOR",
    "SUDO_EDITOR",
    "SUDO_ASKPASS",
    "PSQL_PAGER",
    "PSQL_EDITOR",
    "BAT_PAGER",
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

/// Values of [`PROGRAM_VARS`] that load or run nothing from outside the project, by variable
/// (an allow-list: anything not understood stays a finding):
/// - module search paths (`PYTHONPATH`, `PERL5LIB`) whose every entry is a relative path
///   inside the working folder (`src`, `.`, `lib:tests`): they only load the project's own
///   code, which the agent can run anyway;
/// - `NODE_OPTIONS` and `GOFLAGS` made only of options that tune memory, warnings or the build
///   (`--max-old-space-size=4096`, `-mod=vendor`), none of which loads or runs a program;
/// - `RUSTC_WRAPPER` set to the compiler caches `sccache` or `ccache`.
pub(crate) fn harmless_setting(name: &str, value: &str) -> bool {
    let value = value.trim();
    let inside = |entry: &str| {
        !entry.starts_with(['/', '~', '$', '\\'])
            && !entry.contains("${")
            && !entry.contains('`')
            && !entry.split(['/', '\\']).any(|c| c == "..")
    };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match name {
        "PYTHONPATH" | "PERL5LIB" => value.split(':').all(inside),
        "NODE_OPTIONS" => value.split_whitespace().all(|t| {
            let (flag, arg) = t.split_once('=').unwrap_or((t, ""));
            match flag {
                "--max-old-space-size"
                | "--max-semi-space-size"
                | "--stack-size"
                | "--max-http-header-size" => number(arg),
                "--unhandled-rejections" => {
                    matches!(arg, "strict" | "warn" | "none" | "throw" | "warn-with-error-code")
                }
                "--dns-result-order" => matches!(arg, "ipv4first" | "ipv6first" | "verbatim"),
                "--enable-source-maps"
                | "--no-warnings"
                | "--no-deprecation"
                | "--trace-warnings"
                | "--trace-deprecation"
                | "--trace-uncaught"
                | "--openssl-legacy-provider"
                | "--experimental-vm-modules"
                | "--no-experimental-fetch"
                | "--preserve-symlinks"
                | "--expose-gc" => arg.is_empty(),
                _ => false,
            }
        }),
        "GOFLAGS" => value.split_whitespace().all(|t| {
            let (flag, arg) = t.split_once('=').unwrap_or((t, ""));
            match flag {
                "-mod" => matches!(arg, "mod" | "vendor" | "readonly"),
                "-buildvcs" => matches!(arg, "true" | "false" | "auto"),
                "-count" | "-p" => number(arg),
                "-trimpath" | "-race" | "-v" => arg.is_empty() || matches!(arg, "true" | "false"),
                "-tags" => arg.bytes().all(|b| b.is_ascii_alphanumeric() || b"_,.-".contains(&b)),
                _ => false,
            }
        }),
        "RUSTC_WRAPPER" | "CARGO_BUILD_RUSTC_WRAPPER" => matches!(value, "sccache" | "ccache"),
        _ => false,
    }
}

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

/// Whether setting the git configuration key `key` (lower case) to `value` makes git run a
/// program or read code later: hooks, pagers, editors, ssh, proxy and askpass commands,
/// credential helpers, filters, external diff and merge drivers, `!` aliases and submodule
/// update commands, other configuration files (`include.path`), hook templates, and the
/// `ext::` transport (`protocol.ext.allow`, or a `url.ext::….insteadOf` rewrite).
pub(crate) fn git_key_runs(key: &str, value: &str) -> bool {
    let (section, rest) = key.split_once('.').unwrap_or((key, ""));
    let name = rest.rsplit('.').next().unwrap_or(rest);
    let subsection = rest.contains('.');
    let boolean = matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "1" | "0"
    );
    match section {
        // A value only known at run time (`"$CMD"`) may start with `!` too.
        "alias" => value.trim_start().starts_with('!') || value.contains('$'),
        "core" => matches!(
            name,
            "hookspath" | "sshcommand" | "pager" | "editor" | "fsmonitor" | "gitproxy" | "askpass"
        ),
        "pager" => !boolean && !harmless_program(value),
        "sequence" => name == "editor",
        "credential" | "gpg" => matches!(name, "helper" | "program"),
        "diff" => name == "external" || subsection && matches!(name, "textconv" | "command"),
        "filter" => matches!(name, "clean" | "smudge" | "process"),
        "merge" => subsection && name == "driver",
        "mergetool" | "difftool" | "browser" | "man" | "trailer" => {
            subsection && matches!(name, "cmd" | "command" | "path")
        }
        "submodule" => {
            name == "update" && (value.trim_start().starts_with('!') || value.contains('$'))
        }
        "uploadpack" => name == "packobjectshook",
        "remote" => matches!(name, "uploadpack" | "receivepack"),
        "include" | "includeif" => name == "path",
        "init" => name == "templatedir",
        "interactive" => name == "difffilter",
        "imap" => name == "tunnel",
        "sendemail" => matches!(name, "smtpserver" | "tocmd" | "cccmd" | "sendmailcmd"),
        "protocol" => value.trim().eq_ignore_ascii_case("always") || rest == "ext.allow",
        "url" => rest.starts_with("ext::"),
        _ => false,
    }
}

/// Whether `git` with `args` sets, through `-c` before its subcommand, a configuration key
/// that can make it run a program.
pub(crate) fn git_config_runs(args: &[&str]) -> bool {
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
    fn git_keys_that_run_programs() {
        for (key, value) in [
            ("alias.x", "!curl x | sh"),
            ("core.pager", "less"),
            ("pager.log", "sh -c id"),
            ("diff.external", "/tmp/x"),
            ("diff.pdf.textconv", "pdftotext"),
            ("filter.lfs.smudge", "x"),
            ("credential.https://example.com.helper", "!x"),
            ("include.path", "/tmp/x"),
            ("includeif.gitdir:~/w/.path", "/tmp/x"),
            ("init.templatedir", "/tmp/t"),
            ("protocol.ext.allow", "user"),
            ("protocol.allow", "always"),
            ("url.ext::sh -c id.insteadof", "https://"),
            ("submodule.m.update", "!sh -c id"),
            ("mergetool.x.cmd", "x"),
        ] {
            assert!(git_key_runs(key, value), "{key}={value}");
        }
        for (key, value) in [
            ("alias.st", "status"),
            ("pager.branch", "false"),
            ("pager.log", "cat"),
            ("user.name", "A"),
            ("protocol.version", "2"),
            ("submodule.m.update", "rebase"),
            ("diff.renames", "true"),
        ] {
            assert!(!git_key_runs(key, value), "{key}={value}");
        }
    }

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

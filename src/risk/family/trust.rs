//! The trust family: commands that weaken a check the user relies on without noticing it is
//! gone — TLS or signature verification turned off (`git -c http.sslVerify=false`, `npm config
//! set strict-ssl false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, an empty `CURL_CA_BUNDLE`, `dnf
//! --nogpgcheck`, a CA file of one's own), and package registries, indexes and git URLs
//! pointed at other hosts (`npm config set registry …`, `pip install --index-url …`, `git
//! config url.<x>.insteadOf`, `git remote set-url`, `go env -w GOPROXY=…`, cargo source
//! replacement, `poetry source add`), whether by the program's own command, a variable (prefix,
//! `env`, `export`, `go env -w`) or literal text written into its configuration file (`echo
//! registry=… > .npmrc`). Writes to the agent's own hook and permission settings (and to
//! aiperture's store) are judged where every write is judged (`paths::is_agent_settings`).
//!
//! Invariants: only changes are judged, never reads (`git config --get`, `npm config get`,
//! `pip config list`); a registry or index is judged by an allow-list of the public default
//! hosts over HTTPS, so any other host, however spelled, is a redirect; everything here is HIGH
//! with the factor `trust_weakened`. Cost: programs outside the few this family knows return
//! at the first `match`, after a look at the command's prefix assignments and write
//! redirections (usually none).

use crate::risk::Tier;
use crate::risk::classify::{Args, Finding, finding};
use crate::risk::factor::Factor;
use crate::risk::shell::{Analysis, Cmd};

/// Adds this family's findings for one command.
pub(super) fn check(_a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    // Prefix assignments, and those a wrapper passes on (`sudo VAR=x cmd`).
    let env = c.simple.env.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    let assigns = c.assigns.iter().map(|(n, v)| (n.as_str(), v.text.as_str()));
    let mut seen = false;
    for (name, value) in assigns.chain(env) {
        if let Some(what) = variable(name, value).filter(|_| !seen) {
            seen = true;
            push(out, what);
        }
    }
    match prog {
        "export" | "declare" | "typeset" | "env" | "setenv" | "set" => {
            for t in &args.texts {
                let Some((name, value)) = t.split_once('=') else { continue };
                if let Some(what) = variable(name, unquote(value)) {
                    push(out, what);
                }
            }
        }
        "git" => git(args, out),
        "npm" | "pnpm" | "yarn" | "bun" | "npx" | "bunx" | "pnpx" => node(args, out),
        "pip" | "pip3" | "uv" | "pipx" | "pdm" | "poetry" => python(args, out),
        "go" => go(args, out),
        "cargo" => cargo(args, out),
        "gem" | "bundle" => ruby(prog, args, out),
        "conda" | "mamba" | "micromamba" => {
            let off = args.texts.windows(3).any(|w| {
                w[0] == "--set" && matches!(w[1], "ssl_verify" | "ssl-verify") && falsy(w[2])
            });
            if off {
                push(out, "turns off TLS verification for conda".to_owned());
            }
        }
        "apt" | "apt-get" | "dnf" | "yum" | "zypper" | "tdnf" | "microdnf" => {
            let off = args.texts.iter().any(|t| {
                let lower = t.to_ascii_lowercase();
                matches!(
                    lower.as_str(),
                    "--nogpgcheck"
                        | "--no-gpg-checks"
                        | "--allow-unauthenticated"
                        | "--allow-insecure-repositories"
                        | "--setopt=sslverify=0"
                        | "--setopt=sslverify=false"
                        | "--setopt=gpgcheck=0"
                ) || lower.contains("verify-peer=false")
                    || lower.contains("verify-host=false")
                    || lower.contains("allowinsecurerepositories=true")
            });
            if off {
                push(out, format!("installs packages without signature or TLS checks ({prog})"));
            }
        }
        "composer" => {
            let w = args.words(&[]);
            if w.first() == Some(&"config") && w.contains(&"secure-http") && w.contains(&"false") {
                push(out, "lets composer download packages over plain HTTP".to_owned());
            }
        }
        _ => {}
    }
    if prog.starts_with("pip") && prog != "pip" && prog != "pip3" && prog != "pipx" {
        python(args, out);
    }
    if !c.redirs.is_empty() || prog == "tee" {
        config_file(c, prog, args, out);
    }
}

/// Package-manager and git configuration files, by name.
const CONFIG_FILES: &[&str] = &[
    ".npmrc",
    ".yarnrc",
    ".yarnrc.yml",
    "pip.conf",
    "pip.ini",
    "uv.toml",
    ".condarc",
    "bunfig.toml",
    ".gitconfig",
    "go.env",
    ".bowerrc",
    ".gemrc",
];

/// Literal text written into a package-manager or git configuration file (`echo
/// "registry=http://…" > .npmrc`, a heredoc into `~/.config/pip/pip.conf`): every `key=value`
/// or `key: value` line is judged like the same setting made with the program's own command.
fn config_file(c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let mut targets = c.redirs.iter().filter(|r| r.is_write()).map(|r| &r.target);
    let tee_targets = if prog == "tee" { args.operands(&[]) } else { Vec::new() };
    let config = |text: &str| {
        let lower = text.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        CONFIG_FILES.contains(&name)
            || name.starts_with("config")
                && (lower.contains(".cargo/") || lower.contains(".git/") || lower.contains("/git/"))
    };
    let Some(file) = targets
        .find(|t| t.known && config(&t.text))
        .or_else(|| tee_targets.into_iter().find(|t| t.known && config(&t.text)))
    else {
        return;
    };
    let mut text = String::new();
    // `echo`, `printf`, or a wrapper around them (`env echo … > .npmrc`).
    if matches!(prog, "echo" | "printf")
        || args.texts.iter().any(|t| matches!(*t, "echo" | "printf"))
    {
        text = args
            .texts
            .iter()
            .filter(|t| !t.starts_with('-') && !matches!(**t, "echo" | "printf"))
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        text = text.replace("\\n", "\n");
    }
    if let crate::risk::shell::Stdin::Literal(body) = &c.stdin {
        text.push('\n');
        text.push_str(body);
    }
    for line in text.lines() {
        let line = line.trim().trim_start_matches('[');
        let Some((key, value)) =
            line.split_once(['=', ':']).filter(|(k, _)| !k.trim().contains(' '))
        else {
            continue;
        };
        let (key, value) = (key.trim(), unquote(value.trim()));
        if let Some(what) = config_line(key, value) {
            push(out, format!("writes into {}: {what}", file.text));
            return;
        }
    }
}

/// A setting in a configuration file that weakens trust.
fn config_line(key: &str, value: &str) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    let k = k.rsplit('.').next().unwrap_or(&k);
    let off =
        matches!(k, "strict-ssl" | "enablestrictssl" | "sslverify" | "ssl_verify" | "strict_ssl")
            && falsy(value)
            || matches!(k, "trusted-host" | "allow-insecure-host" | "goinsecure" | "gonosumdb")
            || k == "gosumdb" && value == "off";
    if off {
        return Some("turns off TLS or checksum verification");
    }
    let redirect = match k {
        "registry" | "npmregistryserver" => !default_npm_registry(value),
        "index-url" | "extra-index-url" | "index_url" | "extra_index_url" => {
            !default_python_index(value)
        }
        "insteadof" | "pushinsteadof" | "replace-with" => true,
        "goproxy" => !default_goproxy(value),
        _ => k.ends_with(":registry") && !default_npm_registry(value),
    };
    redirect.then_some("points package downloads or git URLs at another host")
}

fn push(out: &mut Vec<Finding>, what: String) {
    out.push(finding(Tier::High, Factor::TrustWeakened, what));
}

fn unquote(v: &str) -> &str {
    v.trim_matches(|ch| ch == '"' || ch == '\'')
}

fn falsy(v: &str) -> bool {
    matches!(unquote(v).to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off")
}

/// An environment variable that turns off TLS checks or redirects downloads.
fn variable(name: &str, value: &str) -> Option<String> {
    let upper = name.to_ascii_uppercase();
    let v = unquote(value);
    let off = match upper.as_str() {
        "GIT_SSL_NO_VERIFY" => !v.is_empty() && !falsy(v),
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => v == "0",
        "CURL_CA_BUNDLE" | "REQUESTS_CA_BUNDLE" | "SSL_CERT_FILE" => v.is_empty(),
        "NPM_CONFIG_STRICT_SSL"
        | "YARN_ENABLE_STRICT_SSL"
        | "YARN_STRICT_SSL"
        | "CARGO_HTTP_CHECK_REVOKE" => falsy(v),
        "GOINSECURE" | "GONOSUMDB" | "GONOSUMCHECK" | "GONOVERIFY" | "PIP_TRUSTED_HOST"
        | "UV_INSECURE_HOST" => !v.is_empty(),
        "GOSUMDB" => v == "off",
        "GIT_CONFIG_PARAMETERS" => {
            let lower = v.to_ascii_lowercase();
            lower.contains("sslverify") || lower.contains("insteadof")
        }
        _ if upper.starts_with("GIT_CONFIG_KEY_") => {
            let lower = v.to_ascii_lowercase();
            lower.ends_with("sslverify") || lower.ends_with("insteadof")
        }
        "GOFLAGS" => v.contains("-insecure"),
        _ => false,
    };
    if off {
        return Some(format!("turns off a TLS or checksum verification ({name}={v})"));
    }
    let redirect = match upper.as_str() {
        "NPM_CONFIG_REGISTRY" | "YARN_REGISTRY" | "YARN_NPM_REGISTRY_SERVER" => {
            !default_npm_registry(v)
        }
        "PIP_INDEX_URL"
        | "PIP_EXTRA_INDEX_URL"
        | "UV_INDEX_URL"
        | "UV_EXTRA_INDEX_URL"
        | "UV_INDEX"
        | "UV_DEFAULT_INDEX" => !default_python_index(v),
        "GOPROXY" => !default_goproxy(v),
        _ => false,
    };
    redirect.then(|| format!("points package downloads at another host ({name}={v})"))
}

/// The host part of a URL, lower case (`https://u@h.example:1/x` → `h.example`).
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let auth = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let hostport = auth.rsplit('@').next().unwrap_or_default();
    let h = hostport.split(':').next().unwrap_or_default();
    h.to_ascii_lowercase()
}

fn https(url: &str) -> bool {
    url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

fn default_npm_registry(url: &str) -> bool {
    https(url) && matches!(host(url).as_str(), "registry.npmjs.org" | "registry.yarnpkg.com")
}

/// PyPI, and the vendor indexes that projects' own install instructions name (PyTorch's
/// and NVIDIA's wheels).
fn default_python_index(url: &str) -> bool {
    https(url)
        && matches!(
            host(url).as_str(),
            "pypi.org" | "pypi.python.org" | "download.pytorch.org" | "pypi.nvidia.com"
        )
}

fn default_goproxy(v: &str) -> bool {
    v.split([',', '|']).all(|p| {
        matches!(p, "direct" | "off" | "")
            || (https(p) && matches!(host(p).as_str(), "proxy.golang.org" | "goproxy.io"))
    })
}

/// The value of option `name` (`--x v`, `--x=v`; for a one-letter `-x` also `-xv`).
fn values<'a>(args: &'a Args, names: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (i, t) in args.texts.iter().enumerate() {
        if *t == "--" {
            break;
        }
        for n in names {
            if t == n {
                if let Some(v) = args.texts.get(i + 1) {
                    out.push(*v);
                }
            } else if let Some(v) = t.strip_prefix(n) {
                if let Some(v) = v.strip_prefix('=') {
                    out.push(v);
                } else if n.len() == 2 && !n.starts_with("--") && !v.is_empty() {
                    out.push(v);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// git

/// A git configuration key and value that weakens trust.
fn git_key(key: &str, value: &str) -> Option<String> {
    let k = key.to_ascii_lowercase();
    if (k == "http.sslverify" || k.starts_with("http.") && k.ends_with(".sslverify"))
        && falsy(value)
    {
        return Some(format!("turns off TLS verification for git ({key}={value})"));
    }
    let last = k.rsplit('.').next().unwrap_or_default();
    if k.starts_with("url.") && matches!(last, "insteadof" | "pushinsteadof") {
        return Some(format!("rewrites git URLs to another location ({key} {value})"));
    }
    if k.starts_with("remote.") && matches!(last, "url" | "pushurl") {
        return Some(format!("points a git remote at another location ({key} {value})"));
    }
    if k.starts_with("submodule.") && last == "url" {
        return Some(format!("points a submodule at another location ({key} {value})"));
    }
    if (k == "transfer.fsckobjects" || k == "fetch.fsckobjects") && falsy(value)
        || k.starts_with("http.") && matches!(last, "sslcainfo" | "sslcapath")
    {
        return Some(format!("turns off a git integrity check ({key}={value})"));
    }
    None
}

fn git(args: &Args, out: &mut Vec<Finding>) {
    // `-c key=value` before the subcommand, and `clone -c/--config key=value`.
    for v in values(args, &["-c", "--config"]) {
        if let Some((k, val)) = v.split_once('=')
            && let Some(what) = git_key(k, val)
        {
            push(out, what);
        }
    }
    let Some(at) = crate::risk::registry::subcommand_at("git", &args.texts) else { return };
    let rest = args.texts.get(at + 1..).unwrap_or_default();
    match args.texts.get(at).copied() {
        Some("config") => git_config(rest, out),
        Some("remote") => {
            let words: Vec<&str> = rest.iter().copied().filter(|t| !t.starts_with('-')).collect();
            if let ["set-url", name, .., url] = words.as_slice() {
                push(out, format!("points the git remote {name} at {url}"));
            }
        }
        _ => {}
    }
}

fn git_config(rest: &[&str], out: &mut Vec<Finding>) {
    // Reads, and changes that only go back to the defaults.
    const HARMLESS: &[&str] = &[
        "--get",
        "--get-all",
        "--get-regexp",
        "--get-urlmatch",
        "--list",
        "-l",
        "--get-color",
        "--get-colorbool",
        "--show-origin",
        "--show-scope",
        "--name-only",
        "--unset",
        "--unset-all",
        "--remove-section",
    ];
    if rest.iter().any(|t| HARMLESS.contains(t)) {
        return;
    }
    let mut words = Vec::new();
    let mut i = 0;
    while let Some(t) = rest.get(i) {
        if matches!(*t, "-f" | "--file" | "--blob" | "--type" | "--default" | "--comment") {
            i += 1;
        } else if !t.starts_with('-') {
            words.push(*t);
        }
        i += 1;
    }
    if matches!(words.first(), Some(&("get" | "list" | "unset" | "remove-section"))) {
        return;
    }
    if words.first() == Some(&"set") {
        words.remove(0);
    }
    if let [key, value, ..] = words.as_slice()
        && let Some(what) = git_key(key, value)
    {
        push(out, what);
    }
}

// ---------------------------------------------------------------------------------------------
// Package managers

/// `npm|yarn|pnpm config set key value` (or `key=value`), and `--registry`/`--strict-ssl`
/// given on any command line.
fn node(args: &Args, out: &mut Vec<Finding>) {
    for v in values(args, &["--registry"]) {
        if !default_npm_registry(unquote(v)) {
            push(out, format!("downloads or publishes packages through the registry {v}"));
        }
    }
    for v in values(args, &["--strict-ssl"]) {
        if falsy(v) {
            push(out, "turns off TLS verification for package downloads".to_owned());
        }
    }
    if args.has("--no-strict-ssl") {
        push(out, "turns off TLS verification for package downloads".to_owned());
    }
    let words = args.words(&[]);
    let (["config" | "c", "set", set @ ..] | ["set", set @ ..]) = words.as_slice() else {
        return;
    };
    let (key, value) = match set {
        [kv] => kv.split_once('=').unwrap_or((kv, "")),
        [k, v, ..] => (*k, *v),
        [] => return,
    };
    let k = key.to_ascii_lowercase();
    let v = unquote(value);
    if matches!(k.as_str(), "strict-ssl" | "enablestrictssl") && falsy(v) {
        push(out, format!("turns off TLS verification for package downloads ({key} {v})"));
    } else if (k == "registry" || k.ends_with(":registry") || k == "npmregistryserver")
        && !default_npm_registry(v)
    {
        push(out, format!("points package downloads at {v} ({key})"));
    } else if matches!(k.as_str(), "ca" | "cafile" | "httpscafilepath" | "unsafehttpwhitelist") {
        push(out, format!("changes which servers package downloads trust ({key} {v})"));
    }
}

/// pip/uv/pipx/pdm/poetry: `--trusted-host`, `--index-url`/`-i`, `--extra-index-url`,
/// `--find-links` to a host, and `pip config set`.
fn python(args: &Args, out: &mut Vec<Finding>) {
    for v in values(args, &["--trusted-host", "--allow-insecure-host"]) {
        push(out, format!("turns off TLS verification for the package host {v}"));
    }
    let index = values(
        args,
        &["--index-url", "--extra-index-url", "-i", "--index", "--default-index", "--pip-args"],
    );
    for v in index {
        let v = unquote(v);
        let url = v.split_whitespace().find(|w| w.contains("://")).unwrap_or(v);
        if url.contains("://") && !default_python_index(url) {
            push(out, format!("installs packages from the index {url}"));
        }
    }
    for v in values(args, &["--find-links", "-f"]) {
        if v.contains("://") && !default_python_index(v) {
            push(out, format!("installs packages from the page {v}"));
        }
    }
    let words = args.words(&[]);
    if let ["source", "add", name, url, ..] = words.as_slice()
        && !default_python_index(url)
    {
        push(out, format!("adds the package source {name} at {url}"));
    }
    if let ["config", "set", key, value, ..] = words.as_slice() {
        let k = key.to_ascii_lowercase();
        if k.ends_with("trusted-host") {
            push(out, format!("trusts the package host {value} without TLS checks"));
        } else if (k.ends_with("index-url") || k.ends_with("find-links") || k == "global.index")
            && !default_python_index(unquote(value))
        {
            push(out, format!("points package downloads at {value} ({key})"));
        }
    }
}

/// `go env -w K=V`, `go get -insecure`.
fn go(args: &Args, out: &mut Vec<Finding>) {
    let words = args.words(&[]);
    if words.first() == Some(&"env") && args.texts.iter().any(|t| t.starts_with("-w")) {
        for (name, value) in words.iter().skip(1).filter_map(|w| w.split_once('=')) {
            if let Some(what) = variable(name, value) {
                push(out, what);
            }
        }
    }
    if args.has("-insecure") {
        push(out, "fetches Go modules without TLS verification".to_owned());
    }
}

/// `cargo --config source.…`/`registries.…`/`http.…`, `--index <url>`.
fn cargo(args: &Args, out: &mut Vec<Finding>) {
    for v in values(args, &["--config"]) {
        let k = unquote(v).trim_start().to_ascii_lowercase();
        if k.starts_with("source.")
            || k.starts_with("registries.")
            || k.starts_with("registry.")
            || k.starts_with("http.cainfo")
            || k.starts_with("http.check-revoke")
            || k.starts_with("net.git-fetch-with-cli")
        {
            push(out, format!("replaces where cargo downloads crates from ({v})"));
        }
    }
    for v in values(args, &["--index"]) {
        if !(v.contains("github.com/rust-lang") || https(v) && host(v) == "index.crates.io") {
            push(out, format!("downloads crates from the index {v}"));
        }
    }
}

/// `gem sources --add`, `gem install --source`, `bundle config mirror.…`.
fn ruby(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let words = args.words(&[]);
    let trusted = |v: &str| https(v) && host(v) == "rubygems.org";
    if prog == "gem" {
        for v in values(args, &["--add", "-a", "--source", "-s"]) {
            if !trusted(v) {
                push(out, format!("installs gems from {v}"));
            }
        }
    } else if words.first() == Some(&"config")
        && words.iter().any(|w| w.to_ascii_lowercase().starts_with("mirror."))
    {
        push(out, "points gem downloads at a mirror".to_owned());
    }
}

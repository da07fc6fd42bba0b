//! The data tables of the risk classifier (seed spec §6.1), kept apart from the algorithm so
//! they can be reviewed, and later explained, on their own.
//!
//! Invariants: every key and marker is ASCII; tool and action keys are lower case; every table
//! is in the order the classifier reports its factors, so the output order is fixed. The seed's
//! critical patterns that `classify` replaced with precise checks (`rm -rf …`, `format *`,
//! `> /dev/*`, the SQL statements) are not in [`SEED_CRITICAL_PATTERNS`]; their replacements
//! are the `CRITICAL_*` and `BLOCK_DEVICE_PREFIXES` tables below.

/// Likelihood: how dangerous a tool is, keyed by lower-cased tool name.
pub(crate) const TOOL_DANGER: &[(&str, f64)] = &[
    ("shell", 0.9),
    ("bash", 0.9),
    ("terminal", 0.9),
    ("database", 0.8),
    ("db", 0.8),
    ("sql", 0.8),
    ("network", 0.7),
    ("http", 0.6),
    ("filesystem", 0.6),
    ("file", 0.6),
    ("fs", 0.6),
    ("api", 0.5),
    ("browser", 0.4),
    ("read", 0.1),
    ("viewer", 0.1),
];

/// Likelihood of a tool missing from [`TOOL_DANGER`].
pub(crate) const DEFAULT_TOOL_DANGER: f64 = 0.5;

/// Impact: how severe an action is, keyed by lower-cased action name.
pub(crate) const ACTION_SEVERITY: &[(&str, f64)] = &[
    ("drop", 0.95),
    ("format", 0.95),
    ("truncate", 0.9),
    ("execute", 0.9),
    ("destroy", 0.9),
    ("delete", 0.8),
    ("remove", 0.8),
    ("overwrite", 0.7),
    ("write", 0.5),
    ("modify", 0.5),
    ("update", 0.4),
    ("post", 0.4),
    ("put", 0.4),
    ("create", 0.3),
    ("insert", 0.3),
    ("patch", 0.3),
    ("query", 0.2),
    ("read", 0.1),
    ("get", 0.1),
    ("list", 0.1),
    ("select", 0.1),
    ("view", 0.1),
];

/// Impact of an action missing from [`ACTION_SEVERITY`].
pub(crate) const DEFAULT_ACTION_SEVERITY: f64 = 0.5;

/// Actions that can be undone (lower case). Everything else, `execute` included, cannot.
pub(crate) const REVERSIBLE_ACTIONS: &[&str] =
    &["read", "get", "list", "view", "query", "select", "create", "insert", "post"];

/// Tool danger at or above which the `high_danger_tool` factor is reported.
pub(crate) const HIGH_DANGER_THRESHOLD: f64 = 0.8;

/// Action severity at or above which the `high_severity_action` factor is reported.
pub(crate) const HIGH_SEVERITY_THRESHOLD: f64 = 0.8;

/// Score at or above which the formula gives HIGH.
pub(crate) const HIGH_SCORE: f64 = 0.6;

/// Score at or above which the formula gives MEDIUM.
pub(crate) const MEDIUM_SCORE: f64 = 0.3;

/// Score of the result returned when wrappers nest deeper than [`MAX_WRAPPER_DEPTH`].
pub(crate) const MAX_DEPTH_SCORE: f64 = 0.9;

/// The seed's critical patterns that are kept unchanged.
///
/// Each is tested against the stripped scope as `fnmatch(scope, P)` or, when `P` ends with
/// `*`, as "`P` without its trailing stars is a substring of the scope". Case-sensitive.
pub(crate) const SEED_CRITICAL_PATTERNS: &[&str] = &[
    "mkfs*",
    "dd if=/dev/zero*",
    "dd if=/dev/random*",
    "chmod -R 777 /",
    "chmod -R 777 /*",
    ":(){ :|:& };:",
];

/// Critical SQL statements as (verb, objects): the verb, whitespace, then one of the objects.
/// Matched case-insensitively anywhere in the scope.
pub(crate) const CRITICAL_SQL: &[(&str, &[&str])] =
    &[("drop", &["database", "table"]), ("truncate", &["table"])];

/// `rm` targets that make a recursive forced removal critical: the root, the home folder, the
/// current folder, and everything in them. Compared after quotes are removed, repeated `/` are
/// collapsed, and `$HOME` or `${HOME}` is read as `~`.
pub(crate) const CRITICAL_RM_TARGETS: &[&str] =
    &["/", "/*", "~", "~/", "~/*", ".", "./", "./*", "*"];

/// Names under `/dev/` of real storage and memory devices: redirecting output into one of them
/// (`> /dev/sda`) or writing it with `dd of=` destroys data. `/dev/null`, `/dev/stdout`,
/// `/dev/stderr`, `/dev/tty` and the like are deliberately absent.
pub(crate) const BLOCK_DEVICE_PREFIXES: &[&str] = &[
    "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "md", "dm-", "mapper/", "mem",
    "kmem", "port",
];

/// Substrings of the scope (or of the lower-cased scope) that report `destructive_action`.
pub(crate) const DESTRUCTIVE_MARKERS: &[&str] = &[
    "rm ",
    "rm\t",
    "rmdir",
    "delete",
    "drop ",
    "truncate",
    "format ",
    "--force",
    "-rf",
    "-f ",
    "overwrite",
    "destroy",
    "> /dev/",
    "dd if=",
    "mkfs",
    "shred",
    "-delete",
    "-exec rm",
    "-exec /bin/rm",
];

/// Commands that execute what is piped into them (`curl … | sh`), lower case. The seed's
/// eight, plus other common shells and interpreters; any `python` with a version suffix
/// (`python3.12`) also counts.
pub(crate) const PIPE_EXECUTORS: &[&str] = &[
    "sh",
    "bash",
    "zsh",
    "python",
    "python3",
    "perl",
    "ruby",
    "node",
    "dash",
    "ksh",
    "csh",
    "tcsh",
    "fish",
    "python2",
    "php",
    "pwsh",
    "powershell",
];

/// Words that run the command after them (`sudo rm …`), so the word after them (and after their
/// options and `VAR=value` assignments) is the real command name.
pub(crate) const COMMAND_PREFIXES: &[&str] =
    &["sudo", "doas", "env", "nohup", "exec", "command", "time", "nice", "cmd", "cmd.exe"];

/// Scripting one-liners as (interpreter, the flag that introduces inline code).
pub(crate) const ONELINER_INTERPRETERS: &[(&str, &str)] =
    &[("python", "-c"), ("python3", "-c"), ("ruby", "-e"), ("perl", "-e"), ("node", "-e")];

/// Calls that make a scripting one-liner dangerous; matched case-insensitively and reported in
/// this order as `dangerous_call:<name>`.
pub(crate) const DANGEROUS_CALLS: &[&str] = &[
    "os.system",
    "os.remove",
    "os.unlink",
    "os.rmdir",
    "os.removedirs",
    "shutil.rmtree",
    "shutil.move",
    "subprocess.run",
    "subprocess.call",
    "subprocess.Popen",
    "subprocess.check_call",
    "subprocess.check_output",
    "exec(",
    "eval(",
    "__import__",
    "File.delete",
    "FileUtils.rm",
    "unlink(",
    "system(",
    "execSync",
    "spawnSync",
    "child_process",
];

/// Leading words a shell-wrapper scan skips (case-insensitive).
pub(crate) const WRAPPER_SKIPPED: &[&str] = &["env", "nohup"];

/// Wrappers whose remaining tokens are the inner command (`sudo apt-get install foo`).
pub(crate) const PRIVILEGE_WRAPPERS: &[&str] = &["sudo", "su"];

/// Wrappers whose inner command follows `-c` or `--command` (`bash -c "…"`).
pub(crate) const COMMAND_WRAPPERS: &[&str] =
    &["bash", "sh", "zsh", "ksh", "dash", "csh", "env", "nohup", "sudo", "su"];

/// The flags that introduce the inner command of a [`COMMAND_WRAPPERS`] entry.
pub(crate) const COMMAND_FLAGS: &[&str] = &["-c", "--command"];

/// How deep nested wrappers are analysed; a wrapper found at this depth yields HIGH.
pub(crate) const MAX_WRAPPER_DEPTH: u32 = 5;

/// Factors that keep a MEDIUM result from being demoted to LOW.
pub(crate) const SCOPE_CONCERNS: &[&str] = &[
    "destructive_action",
    "broad_scope",
    "system_path",
    "production_target",
    "pipe_to_execution",
    "shell_expansion",
    "shell_wrapper",
    "recursive_delete",
];

/// Factor prefixes that also count as scope concerns.
pub(crate) const SCOPE_CONCERN_PREFIXES: &[&str] =
    &["scripting_oneliner:", "dangerous_call:", "inner:"];

/// Scope prefixes that report `system_path` (anchored at the start, prefix only).
pub(crate) const SYSTEM_PATH_PREFIXES: &[&str] =
    &["/etc", "/usr", "/bin", "/sbin", "/var", "/boot", "/sys", "/proc", "/dev", "C:\\Windows"];

/// Likelihood of `tool`, compared after full Unicode lower-casing as Python's `str.lower` does.
pub(crate) fn tool_danger(tool: &str) -> f64 {
    lookup(TOOL_DANGER, tool).unwrap_or(DEFAULT_TOOL_DANGER)
}

/// Impact of `action`, compared after full Unicode lower-casing.
pub(crate) fn action_severity(action: &str) -> f64 {
    lookup(ACTION_SEVERITY, action).unwrap_or(DEFAULT_ACTION_SEVERITY)
}

/// Whether `action` (lower-cased) is one of the [`REVERSIBLE_ACTIONS`].
pub(crate) fn is_reversible(action: &str) -> bool {
    REVERSIBLE_ACTIONS.iter().any(|key| lower_eq(action, key))
}

/// Whether `factor` keeps a MEDIUM result from being demoted.
pub(crate) fn is_scope_concern(factor: &str) -> bool {
    SCOPE_CONCERNS.contains(&factor) || SCOPE_CONCERN_PREFIXES.iter().any(|p| factor.starts_with(p))
}

/// Whether `s`, lower-cased with full Unicode rules, equals the lower-case ASCII `key`.
///
/// Allocation-free version of Python's `s.lower() == key`.
pub(crate) fn lower_eq(s: &str, key: &str) -> bool {
    s.chars().flat_map(char::to_lowercase).eq(key.chars())
}

/// The value of the first entry whose key equals `name` lower-cased.
fn lookup(table: &[(&str, f64)], name: &str) -> Option<f64> {
    table.iter().find(|(key, _)| lower_eq(name, key)).map(|&(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_lower_case_like_python() {
        assert!((tool_danger("Shell") - 0.9).abs() < 1e-12);
        assert!((tool_danger("unknown") - 0.5).abs() < 1e-12);
        assert!((action_severity("DROP") - 0.95).abs() < 1e-12);
        assert!((action_severity("custom") - 0.5).abs() < 1e-12);
        // The Kelvin sign lower-cases to an ASCII `k`, as in Python.
        assert!((tool_danger("networ\u{212A}") - 0.7).abs() < 1e-12);
        assert!(is_reversible("Read"));
        assert!(!is_reversible("execute"));
    }

    #[test]
    fn tables_are_ascii_and_lower_case_where_keyed() {
        for (key, _) in TOOL_DANGER.iter().chain(ACTION_SEVERITY) {
            assert!(key.is_ascii() && key.to_ascii_lowercase() == *key, "{key}");
        }
        for marker in DESTRUCTIVE_MARKERS.iter().chain(PIPE_EXECUTORS).chain(COMMAND_PREFIXES) {
            assert!(marker.is_ascii() && marker.to_ascii_lowercase() == *marker, "{marker}");
        }
    }

    #[test]
    fn scope_concerns() {
        assert!(is_scope_concern("broad_scope"));
        assert!(is_scope_concern("inner:high_danger_tool"));
        assert!(is_scope_concern("dangerous_call:exec("));
        assert!(!is_scope_concern("high_danger_tool"));
        assert!(!is_scope_concern("high_severity_action"));
    }
}

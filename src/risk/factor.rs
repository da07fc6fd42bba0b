//! The named reasons for a risk tier: one [`Factor`] per reason the classifier reports, each
//! with its stable snake_case name (what `RiskAssessment.factors`, the journal, `--json`
//! output and learned effect signatures carry) and a one-sentence explanation.
//!
//! [`FACTORS`] is the one table, sorted by name, in the same order as the enum's variants, so
//! that [`Factor::name`] is an index and [`Factor::from_name`] a binary search; nothing is
//! built at start-up. A typo in a factor no longer compiles.
//!
//! Adding a factor: add a variant (in name order) and a row to [`FACTORS`] at the same place,
//! and an example in the test `every_factor_is_reachable`. The names are a stable interface:
//! never rename one.

use std::fmt;

/// A reason for a command's risk tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Factor {
    /// Runs a build target whose recipe may do anything the build file says (deploy, publish, clean).
    BuildSideEffects,
    /// Creates, changes or starts resources in a cloud account.
    CloudChange,
    /// Deletes cloud resources, or many of them at once.
    CloudDestruction,
    /// Reads the instance metadata service, where cloud machines keep their credentials.
    CloudMetadata,
    /// An option, configuration key or subcommand makes an otherwise harmless program run another program.
    CodeExecutionOption,
    /// Loads a library into every program a command starts (LD_PRELOAD and kin).
    CodeInjection,
    /// Changes configuration that later commands obey.
    ConfigWrite,
    /// Starts, stops or changes containers, images or clusters.
    ContainerChange,
    /// Deletes containers, images, volumes or cluster resources.
    ContainerDestruction,
    /// Drops or empties tables, schemas or whole databases.
    DatabaseDestruction,
    /// Grants or revokes database roles and privileges.
    DatabasePrivilege,
    /// Changes rows or schema in a database.
    DatabaseWrite,
    /// A non-shell tool call that deletes, overwrites or destroys what its scope names.
    DestructiveAction,
    /// A subcommand or option that deletes or rewrites state that may not come back.
    DestructiveSubcommand,
    /// Writes raw data over a disk or device, or formats it.
    DiskDestruction,
    /// Changes a disk's partition table.
    DiskPartitioning,
    /// Reads a raw disk or device directly.
    DiskRead,
    /// Writes to a disk or mounts, unmounts or resizes a file system.
    DiskWrite,
    /// Runs code that is only known at run time (a variable or substitution names the program or script).
    DynamicCode,
    /// Prints the environment, which may hold secrets.
    EnvironmentRead,
    /// Deletes files.
    FileDelete,
    /// Writes or overwrites a file.
    FileWrite,
    /// An option makes the program write a file named on the command line.
    FileWriteOption,
    /// Deletes or overwrites the whole file system, the home folder or another top-level folder.
    FilesystemDestruction,
    /// Starts processes without bound until the machine stops responding.
    ForkBomb,
    /// Erases or rewrites the shell history.
    HistoryTamper,
    /// Inline interpreter code deletes files.
    InlineCodeDelete,
    /// Inline interpreter code starts other programs.
    InlineCodeExec,
    /// Inline interpreter code opens network connections.
    NetworkAccess,
    /// Opens a network connection or tunnel to another host.
    NetworkConnection,
    /// Listens for incoming network connections.
    NetworkListen,
    /// Sends data or files to another host.
    NetworkSend,
    /// Changes a package manager's configuration.
    PackageConfig,
    /// Downloads a package and runs it.
    PackageFetchRun,
    /// Installs or adds packages, which may run their install scripts.
    PackageInstall,
    /// Publishes a package, image or release for others to download.
    PackagePublish,
    /// Changes file permissions or ownership.
    PermissionChange,
    /// Writes somewhere that runs commands automatically later (shell start-up files, cron, services, sudoers).
    Persistence,
    /// Pipes data into a shell or interpreter that runs it as code.
    PipeToShell,
    /// Runs a project script whose name says it deletes or resets something.
    PossiblyDestructive,
    /// Runs a project script whose name says it publishes or deploys.
    PossiblyPublishes,
    /// Runs as another user, usually root, or changes who may do so.
    PrivilegeEscalation,
    /// Stops or signals running processes.
    ProcessKill,
    /// Inline interpreter code forks or starts processes.
    ProcessSpawn,
    /// Deletes a folder and everything under it.
    RecursiveDelete,
    /// Downloads code from the network and runs it.
    RemoteCodeExecution,
    /// Runs a command on another host.
    RemoteCommand,
    /// Consumes memory, disk or processes without bound.
    ResourceExhaustion,
    /// Connects a shell to another host, giving it control of this machine.
    ReverseShell,
    /// Runs a script file or program named on the command line.
    RunsScript,
    /// Schedules a command to run later.
    ScheduledTask,
    /// Sends secrets read in the same command line over the network.
    SecretExfiltration,
    /// Overwrites a credentials file.
    SecretOverwrite,
    /// Reads a credentials file or prints a secret.
    SecretRead,
    /// Changes security settings (firewall, SELinux, audit, keys).
    SecurityChange,
    /// Turns off a security control (firewall, SELinux, audit, antivirus).
    SecurityDisable,
    /// Starts, stops or reconfigures system services.
    ServiceChange,
    /// Changes system configuration (host name, time, kernel parameters, users).
    SystemChange,
    /// Deletes files in a system folder.
    SystemPathDelete,
    /// Writes into a system folder.
    SystemPathWrite,
    /// Changes permissions or ownership of a system folder or of everything under a top-level folder.
    SystemPermissions,
    /// Shuts down, reboots or suspends the machine.
    SystemPower,
    /// Weakens a trust check: turns off TLS or checksum verification, points package
    /// downloads or git URLs at another host, or rewrites the agent's own permission settings.
    TrustWeakened,
    /// A non-shell tool call whose action is not recognised.
    UnknownAction,
    /// Runs a program whose name is only known at run time.
    UnknownProgram,
    /// The command cannot be parsed, so what it does cannot be known.
    Unparseable,
    /// Changes version-control configuration or hooks.
    VcsConfig,
    /// Destroys version-control history or work (force push, hard reset, clean).
    VcsDestruction,
    /// Pushes commits to a remote repository.
    VcsPush,
    /// Changes a repository or its forge (commits, merges, branches, pull requests).
    VcsWrite,
    /// Fetches a web page or URL.
    WebFetch,
    /// Makes files writable by everyone.
    WorldWritable,
    /// Writes a file outside the project folder.
    WriteOutsideProject,
}

/// Every factor with its stable name and a one-sentence explanation, sorted by name and in the
/// order of [`Factor`]'s variants (a test keeps both true).
pub const FACTORS: &[(Factor, &str, &str)] = &[
    (
        Factor::BuildSideEffects,
        "build_side_effects",
        "Runs a build target whose recipe may do anything the build file says (deploy, publish, clean).",
    ),
    (
        Factor::CloudChange,
        "cloud_change",
        "Creates, changes or starts resources in a cloud account.",
    ),
    (
        Factor::CloudDestruction,
        "cloud_destruction",
        "Deletes cloud resources, or many of them at once.",
    ),
    (
        Factor::CloudMetadata,
        "cloud_metadata",
        "Reads the instance metadata service, where cloud machines keep their credentials.",
    ),
    (
        Factor::CodeExecutionOption,
        "code_execution_option",
        "An option, configuration key or subcommand makes an otherwise harmless program run another program.",
    ),
    (
        Factor::CodeInjection,
        "code_injection",
        "Loads a library into every program a command starts (LD_PRELOAD and kin).",
    ),
    (Factor::ConfigWrite, "config_write", "Changes configuration that later commands obey."),
    (
        Factor::ContainerChange,
        "container_change",
        "Starts, stops or changes containers, images or clusters.",
    ),
    (
        Factor::ContainerDestruction,
        "container_destruction",
        "Deletes containers, images, volumes or cluster resources.",
    ),
    (
        Factor::DatabaseDestruction,
        "database_destruction",
        "Drops or empties tables, schemas or whole databases.",
    ),
    (
        Factor::DatabasePrivilege,
        "database_privilege",
        "Grants or revokes database roles and privileges.",
    ),
    (Factor::DatabaseWrite, "database_write", "Changes rows or schema in a database."),
    (
        Factor::DestructiveAction,
        "destructive_action",
        "A non-shell tool call that deletes, overwrites or destroys what its scope names.",
    ),
    (
        Factor::DestructiveSubcommand,
        "destructive_subcommand",
        "A subcommand or option that deletes or rewrites state that may not come back.",
    ),
    (
        Factor::DiskDestruction,
        "disk_destruction",
        "Writes raw data over a disk or device, or formats it.",
    ),
    (Factor::DiskPartitioning, "disk_partitioning", "Changes a disk's partition table."),
    (Factor::DiskRead, "disk_read", "Reads a raw disk or device directly."),
    (
        Factor::DiskWrite,
        "disk_write",
        "Writes to a disk or mounts, unmounts or resizes a file system.",
    ),
    (
        Factor::DynamicCode,
        "dynamic_code",
        "Runs code that is only known at run time (a variable or substitution names the program or script).",
    ),
    (
        Factor::EnvironmentRead,
        "environment_read",
        "Prints the environment, which may hold secrets.",
    ),
    (Factor::FileDelete, "file_delete", "Deletes files."),
    (Factor::FileWrite, "file_write", "Writes or overwrites a file."),
    (
        Factor::FileWriteOption,
        "file_write_option",
        "An option makes the program write a file named on the command line.",
    ),
    (
        Factor::FilesystemDestruction,
        "filesystem_destruction",
        "Deletes or overwrites the whole file system, the home folder or another top-level folder.",
    ),
    (
        Factor::ForkBomb,
        "fork_bomb",
        "Starts processes without bound until the machine stops responding.",
    ),
    (Factor::HistoryTamper, "history_tamper", "Erases or rewrites the shell history."),
    (Factor::InlineCodeDelete, "inline_code_delete", "Inline interpreter code deletes files."),
    (Factor::InlineCodeExec, "inline_code_exec", "Inline interpreter code starts other programs."),
    (Factor::NetworkAccess, "network_access", "Inline interpreter code opens network connections."),
    (
        Factor::NetworkConnection,
        "network_connection",
        "Opens a network connection or tunnel to another host.",
    ),
    (Factor::NetworkListen, "network_listen", "Listens for incoming network connections."),
    (Factor::NetworkSend, "network_send", "Sends data or files to another host."),
    (Factor::PackageConfig, "package_config", "Changes a package manager's configuration."),
    (Factor::PackageFetchRun, "package_fetch_run", "Downloads a package and runs it."),
    (
        Factor::PackageInstall,
        "package_install",
        "Installs or adds packages, which may run their install scripts.",
    ),
    (
        Factor::PackagePublish,
        "package_publish",
        "Publishes a package, image or release for others to download.",
    ),
    (Factor::PermissionChange, "permission_change", "Changes file permissions or ownership."),
    (
        Factor::Persistence,
        "persistence",
        "Writes somewhere that runs commands automatically later (shell start-up files, cron, services, sudoers).",
    ),
    (
        Factor::PipeToShell,
        "pipe_to_shell",
        "Pipes data into a shell or interpreter that runs it as code.",
    ),
    (
        Factor::PossiblyDestructive,
        "possibly_destructive",
        "Runs a project script whose name says it deletes or resets something.",
    ),
    (
        Factor::PossiblyPublishes,
        "possibly_publishes",
        "Runs a project script whose name says it publishes or deploys.",
    ),
    (
        Factor::PrivilegeEscalation,
        "privilege_escalation",
        "Runs as another user, usually root, or changes who may do so.",
    ),
    (Factor::ProcessKill, "process_kill", "Stops or signals running processes."),
    (Factor::ProcessSpawn, "process_spawn", "Inline interpreter code forks or starts processes."),
    (Factor::RecursiveDelete, "recursive_delete", "Deletes a folder and everything under it."),
    (
        Factor::RemoteCodeExecution,
        "remote_code_execution",
        "Downloads code from the network and runs it.",
    ),
    (Factor::RemoteCommand, "remote_command", "Runs a command on another host."),
    (
        Factor::ResourceExhaustion,
        "resource_exhaustion",
        "Consumes memory, disk or processes without bound.",
    ),
    (
        Factor::ReverseShell,
        "reverse_shell",
        "Connects a shell to another host, giving it control of this machine.",
    ),
    (Factor::RunsScript, "runs_script", "Runs a script file or program named on the command line."),
    (Factor::ScheduledTask, "scheduled_task", "Schedules a command to run later."),
    (
        Factor::SecretExfiltration,
        "secret_exfiltration",
        "Sends secrets read in the same command line over the network.",
    ),
    (Factor::SecretOverwrite, "secret_overwrite", "Overwrites a credentials file."),
    (Factor::SecretRead, "secret_read", "Reads a credentials file or prints a secret."),
    (
        Factor::SecurityChange,
        "security_change",
        "Changes security settings (firewall, SELinux, audit, keys).",
    ),
    (
        Factor::SecurityDisable,
        "security_disable",
        "Turns off a security control (firewall, SELinux, audit, antivirus).",
    ),
    (Factor::ServiceChange, "service_change", "Starts, stops or reconfigures system services."),
    (
        Factor::SystemChange,
        "system_change",
        "Changes system configuration (host name, time, kernel parameters, users).",
    ),
    (Factor::SystemPathDelete, "system_path_delete", "Deletes files in a system folder."),
    (Factor::SystemPathWrite, "system_path_write", "Writes into a system folder."),
    (
        Factor::SystemPermissions,
        "system_permissions",
        "Changes permissions or ownership of a system folder or of everything under a top-level folder.",
    ),
    (Factor::SystemPower, "system_power", "Shuts down, reboots or suspends the machine."),
    (
        Factor::TrustWeakened,
        "trust_weakened",
        "Turns off TLS or checksum checks, or points downloads, git URLs or agent settings elsewhere.",
    ),
    (
        Factor::UnknownAction,
        "unknown_action",
        "A non-shell tool call whose action is not recognised.",
    ),
    (
        Factor::UnknownProgram,
        "unknown_program",
        "Runs a program whose name is only known at run time.",
    ),
    (
        Factor::Unparseable,
        "unparseable",
        "The command cannot be parsed, so what it does cannot be known.",
    ),
    (Factor::VcsConfig, "vcs_config", "Changes version-control configuration or hooks."),
    (
        Factor::VcsDestruction,
        "vcs_destruction",
        "Destroys version-control history or work (force push, hard reset, clean).",
    ),
    (Factor::VcsPush, "vcs_push", "Pushes commits to a remote repository."),
    (
        Factor::VcsWrite,
        "vcs_write",
        "Changes a repository or its forge (commits, merges, branches, pull requests).",
    ),
    (Factor::WebFetch, "web_fetch", "Fetches a web page or URL."),
    (Factor::WorldWritable, "world_writable", "Makes files writable by everyone."),
    (
        Factor::WriteOutsideProject,
        "write_outside_project",
        "Writes a file outside the project folder.",
    ),
];

impl Factor {
    /// The stable snake_case name (`recursive_delete`).
    pub fn name(self) -> &'static str {
        FACTORS.get(self as usize).map_or("", |row| row.1)
    }

    /// One sentence on what the factor means.
    pub fn explanation(self) -> &'static str {
        FACTORS.get(self as usize).map_or("", |row| row.2)
    }

    /// The factor with this exact name, if any.
    pub fn from_name(name: &str) -> Option<Factor> {
        FACTORS
            .binary_search_by(|row| row.1.cmp(name))
            .ok()
            .and_then(|i| FACTORS.get(i))
            .map(|r| r.0)
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Factor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_in_variant_order() {
        for (i, (factor, name, _)) in FACTORS.iter().enumerate() {
            assert_eq!(*factor as usize, i, "{name} is out of the variants' order");
            assert_eq!(factor.name(), *name);
            assert_eq!(Factor::from_name(name), Some(*factor));
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not snake_case"
            );
        }
        for pair in FACTORS.windows(2) {
            assert!(pair[0].1 < pair[1].1, "{} must sort before {}", pair[0].1, pair[1].1);
        }
        assert_eq!(Factor::from_name("no_such_factor"), None);
    }

    #[test]
    fn every_factor_is_explained_in_one_sentence() {
        for (_, name, explanation) in FACTORS {
            assert!(explanation.len() > 10, "{name}");
            assert!(explanation.ends_with('.'), "{name}: {explanation}");
            assert!(explanation.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
        }
    }
}

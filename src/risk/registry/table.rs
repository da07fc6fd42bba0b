//! The table of [`Spec`]s, one per program, sorted by name (a test keeps it sorted). Generated
//! once from the tables it replaced; edit it by hand, keeping the order.

use super::{CONFIGURES, DESTROYS, Effect, FETCH_RUN, Props, RUNS, Rule, Spec, WRITES};
use crate::risk::Tier;
use crate::risk::factor::Factor;

/// Cuts the machine off the network.
const DISRUPTS: Option<Effect> = Some(Effect {
    tier: Tier::High,
    factor: Factor::NetworkDisruption,
    says: "cuts the machine off the network",
});

/// Other names of a program, sorted by alias: `(alias, name)`.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("bsdtar", "tar"),
    ("gawk", "awk"),
    ("gtar", "tar"),
    ("gvim", "vim"),
    ("kafka-consumer-groups.sh", "kafka-consumer-groups"),
    ("kafka-delete-records.sh", "kafka-delete-records"),
    ("kafka-topics.sh", "kafka-topics"),
    ("mamba", "conda"),
    ("mawk", "awk"),
    ("micromamba", "conda"),
    ("more", "less"),
    ("most", "less"),
    ("nawk", "awk"),
    ("neon", "neonctl"),
    ("nerdctl", "docker"),
    ("pip3", "pip"),
    ("podman", "docker"),
    ("rvim", "vim"),
    ("vimdiff", "vim"),
];

/// Every program the registry knows, sorted by name.
pub(crate) const SPECS: &[Spec] = &[
    Spec { name: ".", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: ":", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "[",
        props: Props(Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "[[",
        props: Props(Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "ack", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "ag", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "airflow",
        rules: &[
            Rule {
                id: "airflow.db.reset.destroys",
                sub: &["db", "reset"],
                any_flag: &[],
                effect: Some(wipes("deletes and recreates Airflow's metadata database")),
            },
            Rule {
                id: "airflow.resetdb.destroys",
                sub: &["resetdb"],
                any_flag: &[],
                effect: Some(wipes("deletes and recreates Airflow's metadata database")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "algolia",
        rules: &[
            Rule {
                id: "algolia.indices.delete.destroys",
                sub: &["indices", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes an Algolia index and its records")),
            },
            Rule {
                id: "algolia.indices.clear.destroys",
                sub: &["indices", "clear"],
                any_flag: &[],
                effect: Some(wipes("deletes every record of an Algolia index")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "alias", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "apropos", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "apt",
        props: Props::SUBCOMMANDS,
        rules: &[
            Rule { id: "apt.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "apt.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
            Rule { id: "apt.purge.no_widen", sub: &["purge"], any_flag: &[], effect: None },
            Rule { id: "apt.upgrade.no_widen", sub: &["upgrade"], any_flag: &[], effect: None },
        ],
        verbs: APT_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "apt-get",
        props: Props::SUBCOMMANDS,
        rules: &[
            Rule { id: "apt-get.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "apt-get.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
            Rule { id: "apt-get.purge.no_widen", sub: &["purge"], any_flag: &[], effect: None },
            Rule { id: "apt-get.upgrade.no_widen", sub: &["upgrade"], any_flag: &[], effect: None },
            Rule {
                id: "apt-get.dist_upgrade.no_widen",
                sub: &["dist-upgrade"],
                any_flag: &[],
                effect: None,
            },
        ],
        verbs: APT_GET_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "arch", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "aria2c",
        rules: &[Rule {
            id: "aria2c.runs",
            sub: &[],
            any_flag: &[
                "--on-download-complete",
                "--on-download-start",
                "--on-download-error",
                "--on-download-stop",
                "--on-download-pause",
                "--on-bt-download-complete",
            ],
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "awk",
        aliases: &["gawk", "mawk", "nawk"],
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[Rule {
            id: "awk.runs_script",
            sub: &[],
            any_flag: &["-f", "--file", "-E", "--exec", "-i", "--include", "-l", "--load"],
            effect: Some(Effect {
                tier: Tier::Medium,
                factor: Factor::RunsScript,
                says: "runs an awk program from a file",
            }),
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "aws",
        props: Props::SUBCOMMANDS,
        groups: &["*"],
        verbs: AWS_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "az", props: Props::SUBCOMMANDS, groups: &["*"], verbs: AZ_VERBS, ..Spec::EMPTY },
    Spec {
        name: "azcopy",
        rules: &[Rule {
            id: "azcopy.remove.recursive.destroys",
            sub: &["remove"],
            any_flag: &["--recursive"],
            effect: Some(wipes("deletes every blob under a storage path")),
        }],
        ..Spec::EMPTY
    },
    Spec { name: "b2sum", props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0), ..Spec::EMPTY },
    Spec { name: "base64", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "basename",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "bash", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "bat", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "bc", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "black", ..Spec::EMPTY },
    Spec { name: "blkid", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "brew",
        props: Props::SUBCOMMANDS,
        groups: &["services", "bundle"],
        rules: &[
            Rule { id: "brew.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule {
                id: "brew.uninstall.no_widen",
                sub: &["uninstall"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "brew.reinstall.no_widen",
                sub: &["reinstall"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "brew.upgrade.no_widen", sub: &["upgrade"], any_flag: &[], effect: None },
        ],
        verbs: BREW_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "builtin", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "bun",
        props: Props::NEVER_WIDEN,
        rules: &[
            Rule {
                id: "bun.runs",
                sub: &[],
                any_flag: &["--preload", "-r", "--require"],
                effect: RUNS,
            },
            Rule { id: "bun.create.fetch_run", sub: &["create"], any_flag: &[], effect: FETCH_RUN },
        ],
        verbs: BUN_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "bundle",
        props: Props::SUBCOMMANDS,
        groups: &["config", "plugin"],
        rules: &[
            Rule { id: "bundle.exec.no_widen", sub: &["exec"], any_flag: &[], effect: None },
            Rule { id: "bundle.add.no_widen", sub: &["add"], any_flag: &[], effect: None },
            Rule { id: "bundle.config.no_widen", sub: &["config"], any_flag: &[], effect: None },
            Rule { id: "bundle.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
        ],
        verbs: BUNDLE_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "bunx",
        rules: &[Rule { id: "bunx.no_widen", sub: &[], any_flag: &[], effect: None }],
        ..Spec::EMPTY
    },
    Spec {
        name: "bwrap",
        value_opts: &[
            "--bind",
            "--ro-bind",
            "--dev-bind",
            "--chdir",
            "--setenv",
            "--unsetenv",
            "--tmpfs",
            "--proc",
            "--dev",
            "--symlink",
            "--dir",
            "--file",
            "--uid",
            "--gid",
            "--hostname",
        ],
        ..Spec::EMPTY
    },
    Spec { name: "bzcat", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "caffeinate", value_opts: &["-t", "-w"], ..Spec::EMPTY },
    Spec { name: "cal", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "cargo",
        global_value_opts: &["--config", "-Z", "--color", "-C"],
        global_flags: &[
            "-q",
            "--quiet",
            "-v",
            "-vv",
            "--verbose",
            "--locked",
            "--offline",
            "--frozen",
        ],
        groups: &["xtask", "make"],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule { id: "cargo.runs", sub: &[], any_flag: &["--config", "-Z"], effect: RUNS },
            Rule {
                id: "cargo.add.package_install",
                sub: &["add"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::Medium,
                    factor: Factor::PackageInstall,
                    says: "adds a dependency",
                }),
            },
            Rule { id: "cargo.remove.destroys", sub: &["remove"], any_flag: &[], effect: DESTROYS },
            Rule { id: "cargo.rm.destroys", sub: &["rm"], any_flag: &[], effect: DESTROYS },
            Rule { id: "cargo.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "cargo.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "cargo.publish.no_widen", sub: &["publish"], any_flag: &[], effect: None },
            Rule {
                id: "cargo.uninstall.no_widen",
                sub: &["uninstall"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "cargo.yank.no_widen", sub: &["yank"], any_flag: &[], effect: None },
            Rule {
                id: "cargo.clippy.file_write",
                sub: &["clippy"],
                any_flag: &["--fix"],
                effect: Some(Effect {
                    tier: Tier::Medium,
                    factor: Factor::FileWrite,
                    says: "rewrites source files",
                }),
            },
            Rule {
                id: "cargo.fix.file_write",
                sub: &["fix"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::Medium,
                    factor: Factor::FileWrite,
                    says: "rewrites source files",
                }),
            },
            Rule {
                id: "cargo.no_widen",
                sub: &[],
                any_flag: &["--index", "--registry"],
                effect: None,
            },
        ],
        verbs: CARGO_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "cat",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "cd",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "chattr", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "chgrp", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "chmod", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "chown", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "chpst",
        value_opts: &[
            "-u", "-U", "-e", "-n", "-l", "-L", "-m", "-d", "-o", "-p", "-f", "-c", "-r", "-t",
        ],
        ..Spec::EMPTY
    },
    Spec { name: "chroot", value_opts: &["--userspec", "--groups"], ..Spec::EMPTY },
    Spec { name: "chrt", value_opts: &["-T", "-P", "-D"], ..Spec::EMPTY },
    Spec { name: "cksum", props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0), ..Spec::EMPTY },
    Spec { name: "clang", ..Spec::EMPTY },
    Spec { name: "clang-format", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "clear", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "cloc", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "cmake", ..Spec::EMPTY },
    Spec {
        name: "cmp",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "column",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "comm",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "command", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "composer", verbs: COMPOSER_VERBS, ..Spec::EMPTY },
    Spec {
        name: "conda",
        props: Props::SUBCOMMANDS,
        aliases: &["mamba", "micromamba"],
        global_value_opts: &["-n", "--name", "-p", "--prefix"],
        groups: &["env", "config"],
        rules: &[
            Rule { id: "conda.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "conda.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "conda.create.no_widen", sub: &["create"], any_flag: &[], effect: None },
            Rule { id: "conda.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
            Rule {
                id: "conda.config.configures",
                sub: &["config"],
                any_flag: &["--set", "--add", "--append", "--prepend", "--remove", "--remove-key"],
                effect: CONFIGURES,
            },
            Rule { id: "conda.env.no_widen", sub: &["env"], any_flag: &[], effect: None },
        ],
        verbs: CONDA_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "consul",
        value_opts: &[
            "-http-addr",
            "-token",
            "-token-file",
            "-datacenter",
            "-ca-file",
            "-namespace",
        ],
        rules: &[Rule {
            id: "consul.kv.delete.recurse.destroys",
            sub: &["kv", "delete"],
            any_flag: &["-recurse"],
            effect: Some(wipes("deletes a whole tree of Consul's key-value store")),
        }],
        ..Spec::EMPTY
    },
    Spec { name: "cp", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "cpulimit",
        value_opts: &["-l", "--limit", "-p", "--pid", "-e", "--exe"],
        ..Spec::EMPTY
    },
    Spec { name: "crontab", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "curator_cli",
        rules: &[
            Rule {
                id: "curator_cli.delete_indices.destroys",
                sub: &["delete_indices"],
                any_flag: &[],
                effect: Some(wipes("deletes the Elasticsearch indices a filter selects")),
            },
            Rule {
                id: "curator_cli.delete_snapshots.destroys",
                sub: &["delete_snapshots"],
                any_flag: &[],
                effect: Some(wipes("deletes Elasticsearch snapshots")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "curl", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "cut",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "dash", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "date", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "dd", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "declare", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "deno", props: Props::NEVER_WIDEN, verbs: DENO_VERBS, ..Spec::EMPTY },
    Spec {
        name: "df",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec {
        name: "diff",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "dig", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "direnv",
        rules: &[
            Rule {
                id: "direnv.allow.code_execution_option",
                sub: &["allow"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::CodeExecutionOption,
                    says: "lets the folder's .envrc run code on every visit",
                }),
            },
            Rule {
                id: "direnv.permit.code_execution_option",
                sub: &["permit"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::CodeExecutionOption,
                    says: "lets the folder's .envrc run code on every visit",
                }),
            },
            Rule {
                id: "direnv.grant.code_execution_option",
                sub: &["grant"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::CodeExecutionOption,
                    says: "lets the folder's .envrc run code on every visit",
                }),
            },
            Rule { id: "direnv.exec.no_widen", sub: &["exec"], any_flag: &[], effect: None },
            Rule {
                id: "direnv.edit.code_execution_option",
                sub: &["edit"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::CodeExecutionOption,
                    says: "lets the folder's .envrc run code on every visit",
                }),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "dirname",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "dmesg", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "dnf",
        props: Props::SUBCOMMANDS,
        rules: &[
            Rule { id: "dnf.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "dnf.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
            Rule { id: "dnf.upgrade.no_widen", sub: &["upgrade"], any_flag: &[], effect: None },
        ],
        verbs: DNF_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "doas", props: Props::NEVER_WIDEN, value_opts: &["-u", "-C"], ..Spec::EMPTY },
    Spec {
        name: "docker",
        aliases: &["nerdctl", "podman"],
        global_value_opts: &["-H", "--host", "--context", "-c", "--config", "-l", "--log-level"],
        global_flags: &["--debug", "-D"],
        groups: &[
            "compose",
            "image",
            "container",
            "volume",
            "network",
            "system",
            "buildx",
            "builder",
            "context",
            "plugin",
            "swarm",
            "service",
            "stack",
            "secret",
            "config",
            "trust",
            "manifest",
            "node",
            "scout",
        ],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "docker.image.prune.destroys",
                sub: &["image", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.image.rm.destroys",
                sub: &["image", "rm"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.system.prune.destroys",
                sub: &["system", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.container.prune.destroys",
                sub: &["container", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.container.rm.destroys",
                sub: &["container", "rm"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.volume.prune.destroys",
                sub: &["volume", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.volume.rm.destroys",
                sub: &["volume", "rm"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.network.prune.destroys",
                sub: &["network", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.network.rm.destroys",
                sub: &["network", "rm"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.builder.prune.destroys",
                sub: &["builder", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.buildx.prune.destroys",
                sub: &["buildx", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule { id: "docker.rm.no_widen", sub: &["rm"], any_flag: &[], effect: None },
            Rule { id: "docker.rmi.no_widen", sub: &["rmi"], any_flag: &[], effect: None },
            Rule { id: "docker.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "docker.exec.no_widen", sub: &["exec"], any_flag: &[], effect: None },
            Rule { id: "docker.push.no_widen", sub: &["push"], any_flag: &[], effect: None },
            Rule { id: "docker.kill.no_widen", sub: &["kill"], any_flag: &[], effect: None },
            Rule { id: "docker.stop.no_widen", sub: &["stop"], any_flag: &[], effect: None },
            Rule { id: "docker.system.no_widen", sub: &["system"], any_flag: &[], effect: None },
            Rule { id: "docker.volume.no_widen", sub: &["volume"], any_flag: &[], effect: None },
            Rule {
                id: "docker.compose.down.destroys",
                sub: &["compose", "down"],
                any_flag: &["-v", "--volumes", "--rmi"],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.compose.rm.destroys",
                sub: &["compose", "rm"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "docker.compose.config.no_widen",
                sub: &["compose", "config"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.build.no_widen",
                sub: &["compose", "build"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.pull.no_widen",
                sub: &["compose", "pull"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.push.no_widen",
                sub: &["compose", "push"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.cp.no_widen",
                sub: &["compose", "cp"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.create.no_widen",
                sub: &["compose", "create"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.start.no_widen",
                sub: &["compose", "start"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.restart.no_widen",
                sub: &["compose", "restart"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.stop.no_widen",
                sub: &["compose", "stop"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.kill.no_widen",
                sub: &["compose", "kill"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.compose.watch.no_widen",
                sub: &["compose", "watch"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "docker.build.writes",
                sub: &["build"],
                any_flag: &["-o", "--output"],
                effect: WRITES,
            },
            Rule {
                id: "docker.build.no_widen",
                sub: &["build"],
                any_flag: &["--ssh", "--secret", "--allow", "--network"],
                effect: None,
            },
            Rule { id: "docker.buildx.no_widen", sub: &["buildx"], any_flag: &[], effect: None },
        ],
        verbs: DOCKER_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "dotnet",
        props: Props::SUBCOMMANDS,
        groups: &["tool", "nuget", "new", "workload", "dev-certs", "sln"],
        verbs: DOTNET_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "drush",
        rules: &[
            Rule {
                id: "drush.sql_drop.destroys",
                sub: &["sql-drop"],
                any_flag: &[],
                effect: Some(wipes("drops every table of the Drupal database")),
            },
            Rule {
                id: "drush.sql.drop.destroys",
                sub: &["sql:drop"],
                any_flag: &[],
                effect: Some(wipes("drops every table of the Drupal database")),
            },
            Rule {
                id: "drush.site_install.destroys",
                sub: &["site:install"],
                any_flag: &[],
                effect: Some(wipes("reinstalls Drupal over its database")),
            },
            Rule {
                id: "drush.site_install_legacy.destroys",
                sub: &["site-install"],
                any_flag: &[],
                effect: Some(wipes("reinstalls Drupal over its database")),
            },
            Rule {
                id: "drush.si.destroys",
                sub: &["si"],
                any_flag: &[],
                effect: Some(wipes("reinstalls Drupal over its database")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "du",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        rules: &[Rule { id: "du.no_widen", sub: &[], any_flag: &["--files0-from"], effect: None }],
        ..Spec::EMPTY
    },
    Spec {
        name: "echo",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "egrep",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "env", props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0), ..Spec::EMPTY },
    Spec { name: "eslint", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec {
        name: "etcdctl",
        global_value_opts: ETCDCTL_VALUE_OPTS,
        value_opts: ETCDCTL_VALUE_OPTS,
        rules: &[
            Rule { id: "etcdctl.del.destroys", sub: &["del"], any_flag: &[], effect: DESTROYS },
            Rule {
                id: "etcdctl.del.prefix.destroys",
                sub: &["del"],
                any_flag: &["--prefix", "--from-key"],
                effect: Some(wipes("deletes every etcd key under a prefix or from a key on")),
            },
            Rule {
                id: "etcdctl.rm.recursive.destroys",
                sub: &["rm"],
                any_flag: &["-r", "--recursive"],
                effect: Some(wipes("deletes a whole etcd directory")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "eval", props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0), ..Spec::EMPTY },
    Spec {
        name: "ex",
        rules: &[
            Rule {
                id: "ex.runs",
                sub: &[],
                any_flag: &["-c", "--cmd", "-S", "-s", "-u"],
                effect: RUNS,
            },
            Rule { id: "ex.runs.2", sub: &[], any_flag: &[], effect: RUNS },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "exa", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec {
        name: "exec",
        props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0),
        value_opts: &["-a"],
        ..Spec::EMPTY
    },
    Spec { name: "exit", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "expand",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "expect",
        rules: &[Rule { id: "expect.runs", sub: &[], any_flag: &["-c"], effect: RUNS }],
        ..Spec::EMPTY
    },
    Spec { name: "export", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "expr", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "eza", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "factor", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "fakeroot",
        value_opts: &["-l", "--lib", "--faked", "-s", "-i", "-b"],
        ..Spec::EMPTY
    },
    Spec { name: "faketime", value_opts: &["-f"], ..Spec::EMPTY },
    Spec {
        name: "false",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "fd",
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[Rule {
            id: "fd.no_widen",
            sub: &[],
            any_flag: &["-x", "--exec", "-X", "--exec-batch"],
            effect: None,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "fdfind",
        props: Props::QUIET,
        rules: &[Rule {
            id: "fdfind.no_widen",
            sub: &[],
            any_flag: &["-x", "--exec", "-X", "--exec-batch"],
            effect: None,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "fgrep",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "file", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "find",
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[
            Rule {
                id: "find.writes",
                sub: &[],
                any_flag: &["-fprint", "-fprint0", "-fprintf", "-fls"],
                effect: WRITES,
            },
            Rule {
                id: "find.no_widen",
                sub: &[],
                any_flag: &["-exec", "-execdir", "-ok", "-okdir", "-delete"],
                effect: None,
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "findmnt", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "firebase",
        global_value_opts: &["-P", "--project", "--token"],
        value_opts: &["-P", "--project", "--token", "--instance"],
        rules: &[
            Rule {
                id: "firebase.firestore_delete.destroys",
                sub: &["firestore:delete"],
                any_flag: &["--all-collections", "-r", "--recursive"],
                effect: Some(wipes("deletes Firestore collections and every document under them")),
            },
            Rule {
                id: "firebase.database_remove.destroys",
                sub: &["database:remove"],
                any_flag: &[],
                effect: Some(wipes("deletes a Realtime Database path and everything under it")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "firewall-cmd",
        rules: &[Rule {
            id: "firewall-cmd.panic_on.disrupts",
            sub: &[],
            any_flag: &["--panic-on"],
            effect: DISRUPTS,
        }],
        ..Spec::EMPTY
    },
    Spec { name: "fish", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "flake8", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "flatpak", verbs: FLATPAK_VERBS, ..Spec::EMPTY },
    Spec {
        name: "flock",
        value_opts: &["-w", "-E", "--timeout", "--conflict-exit-code"],
        ..Spec::EMPTY
    },
    Spec {
        name: "fmt",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "fold",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "free", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "gcc", ..Spec::EMPTY },
    Spec {
        name: "gcloud",
        props: Props::SUBCOMMANDS,
        groups: &["*"],
        rules: &[
            Rule {
                id: "gcloud.config.set.configures",
                sub: &["config", "set"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "gcloud.config.unset.configures",
                sub: &["config", "unset"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "gcloud.config.configurations.configures",
                sub: &["config", "configurations"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "gcloud.firestore.bulk_delete.destroys",
                sub: &["firestore", "bulk-delete"],
                any_flag: &[],
                effect: Some(wipes("deletes every document of Firestore collections")),
            },
            Rule {
                id: "gcloud.no_widen",
                sub: &[],
                any_flag: &[
                    "--impersonate-service-account",
                    "--access-token-file",
                    "--credential-file-override",
                ],
                effect: None,
            },
        ],
        verbs: GCLOUD_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "gdb",
        rules: &[Rule {
            id: "gdb.runs",
            sub: &[],
            any_flag: &[
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
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "gem",
        props: Props::SUBCOMMANDS,
        rules: &[
            Rule {
                id: "gem.no_widen",
                sub: &[],
                any_flag: &["--source", "--clear-sources"],
                effect: None,
            },
            Rule { id: "gem.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "gem.uninstall.no_widen", sub: &["uninstall"], any_flag: &[], effect: None },
            Rule { id: "gem.push.no_widen", sub: &["push"], any_flag: &[], effect: None },
        ],
        verbs: GEM_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "getconf", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "getenforce", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "getent", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "gh",
        props: Props::SUBCOMMANDS,
        global_value_opts: &["-R", "--repo"],
        groups: &["*"],
        rules: &[
            Rule {
                id: "gh.pr.merge.vcs_write",
                sub: &["pr", "merge"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::Medium,
                    factor: Factor::VcsWrite,
                    says: "merges a pull request",
                }),
            },
            Rule {
                id: "gh.pr.close.destroys",
                sub: &["pr", "close"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "gh.pr.review.no_widen",
                sub: &["pr", "review"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "gh.pr.edit.no_widen", sub: &["pr", "edit"], any_flag: &[], effect: None },
            Rule {
                id: "gh.pr.create.no_widen",
                sub: &["pr", "create"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.pr.comment.no_widen",
                sub: &["pr", "comment"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "gh.pr.ready.no_widen", sub: &["pr", "ready"], any_flag: &[], effect: None },
            Rule {
                id: "gh.issue.close.no_widen",
                sub: &["issue", "close"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.issue.delete.destroys",
                sub: &["issue", "delete"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "gh.issue.transfer.no_widen",
                sub: &["issue", "transfer"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.issue.create.no_widen",
                sub: &["issue", "create"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.issue.edit.no_widen",
                sub: &["issue", "edit"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.issue.comment.no_widen",
                sub: &["issue", "comment"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.run.cancel.no_widen",
                sub: &["run", "cancel"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.run.delete.no_widen",
                sub: &["run", "delete"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "gh.extension.no_widen", sub: &["extension"], any_flag: &[], effect: None },
            Rule { id: "gh.alias.no_widen", sub: &["alias"], any_flag: &[], effect: None },
            Rule { id: "gh.auth.no_widen", sub: &["auth"], any_flag: &[], effect: None },
            Rule {
                id: "gh.release.create.publishes",
                sub: &["release", "create"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::PackagePublish,
                    says: "publishes a release (with any assets named)",
                }),
            },
            Rule {
                id: "gh.release.edit.publishes",
                sub: &["release", "edit"],
                any_flag: &["--draft"],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::PackagePublish,
                    says: "publishes a draft release, or takes a release back",
                }),
            },
            Rule {
                id: "gh.release.upload.publishes",
                sub: &["release", "upload"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::PackagePublish,
                    says: "uploads assets to a published release",
                }),
            },
            Rule { id: "gh.release.no_widen", sub: &["release"], any_flag: &[], effect: None },
            Rule { id: "gh.repo.no_widen", sub: &["repo"], any_flag: &[], effect: None },
            Rule { id: "gh.secret.no_widen", sub: &["secret"], any_flag: &[], effect: None },
            Rule { id: "gh.api.no_widen", sub: &["api"], any_flag: &[], effect: None },
            Rule { id: "gh.workflow.no_widen", sub: &["workflow"], any_flag: &[], effect: None },
            Rule {
                id: "gh.alias.set.runs",
                sub: &["alias", "set"],
                any_flag: &["--shell", "-s"],
                effect: RUNS,
            },
            Rule {
                id: "gh.pr.checkout.no_widen",
                sub: &["pr", "checkout"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.run.download.no_widen",
                sub: &["run", "download"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "gh.release.download.no_widen",
                sub: &["release", "download"],
                any_flag: &[],
                effect: None,
            },
        ],
        verbs: GH_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "git",
        global_value_opts: &["-C", "-c", "--namespace", "--super-prefix", "--list-cmds"],
        global_flags: &[
            "--no-pager",
            "-p",
            "--paginate",
            "-P",
            "--bare",
            "--no-replace-objects",
            "--literal-pathspecs",
            "--no-optional-locks",
        ],
        groups: &[
            "stash",
            "remote",
            "submodule",
            "worktree",
            "lfs",
            "notes",
            "bisect",
            "reflog",
            "sparse-checkout",
            "maintenance",
            "bundle",
        ],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "git.grep.runs",
                sub: &["grep"],
                any_flag: &["-O", "--open-files-in-pager"],
                effect: RUNS,
            },
            Rule {
                id: "git.fetch.runs",
                sub: &["fetch"],
                any_flag: &["--upload-pack", "-u"],
                effect: RUNS,
            },
            Rule {
                id: "git.pull.runs",
                sub: &["pull"],
                any_flag: &["--upload-pack"],
                effect: RUNS,
            },
            Rule {
                id: "git.clone.runs",
                sub: &["clone"],
                any_flag: &["--upload-pack", "-u", "--template", "--config", "-c"],
                effect: RUNS,
            },
            Rule { id: "git.init.runs", sub: &["init"], any_flag: &["--template"], effect: RUNS },
            Rule {
                id: "git.send_email.runs",
                sub: &["send-email"],
                any_flag: &["--to-cmd", "--cc-cmd", "--header-cmd", "--sendmail-cmd"],
                effect: RUNS,
            },
            Rule {
                id: "git.instaweb.runs",
                sub: &["instaweb"],
                any_flag: &["--httpd", "--browser"],
                effect: RUNS,
            },
            Rule {
                id: "git.ls_remote.runs",
                sub: &["ls-remote"],
                any_flag: &["--upload-pack"],
                effect: RUNS,
            },
            Rule {
                id: "git.archive.runs",
                sub: &["archive"],
                any_flag: &["--exec", "--output", "-o"],
                effect: RUNS,
            },
            Rule {
                id: "git.push.runs",
                sub: &["push"],
                any_flag: &["--receive-pack", "--exec"],
                effect: RUNS,
            },
            Rule {
                id: "git.difftool.runs",
                sub: &["difftool"],
                any_flag: &["-x", "--extcmd", "-t", "--tool"],
                effect: RUNS,
            },
            Rule {
                id: "git.mergetool.runs",
                sub: &["mergetool"],
                any_flag: &["-t", "--tool"],
                effect: RUNS,
            },
            Rule {
                id: "git.rebase.runs",
                sub: &["rebase"],
                any_flag: &["-x", "--exec"],
                effect: RUNS,
            },
            Rule {
                id: "git.submodule.foreach.runs",
                sub: &["submodule", "foreach"],
                any_flag: &[],
                effect: RUNS,
            },
            Rule {
                id: "git.bisect.run.runs",
                sub: &["bisect", "run"],
                any_flag: &[],
                effect: RUNS,
            },
            Rule {
                id: "git.runs",
                sub: &[],
                any_flag: &["--exec-path", "--config-env", "--git-dir", "--work-tree"],
                effect: RUNS,
            },
            Rule { id: "git.writes", sub: &[], any_flag: &["--output"], effect: WRITES },
            Rule {
                id: "git.format_patch.writes",
                sub: &["format-patch"],
                any_flag: &["--output", "-o", "--output-directory"],
                effect: WRITES,
            },
            Rule {
                id: "git.blame.writes",
                sub: &["blame"],
                any_flag: &["--contents", "-S"],
                effect: WRITES,
            },
            Rule {
                id: "git.branch.destroys",
                sub: &["branch"],
                any_flag: &[
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
                effect: DESTROYS,
            },
            Rule {
                id: "git.tag.destroys",
                sub: &["tag"],
                any_flag: &["-d", "--delete", "-f", "--force"],
                effect: DESTROYS,
            },
            Rule {
                id: "git.stash.drop.destroys",
                sub: &["stash", "drop"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.stash.clear.destroys",
                sub: &["stash", "clear"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.stash.pop.destroys",
                sub: &["stash", "pop"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.worktree.remove.destroys",
                sub: &["worktree", "remove"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.worktree.prune.destroys",
                sub: &["worktree", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.reflog.expire.destroys",
                sub: &["reflog", "expire"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.reflog.delete.destroys",
                sub: &["reflog", "delete"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.update_ref.destroys",
                sub: &["update-ref"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule { id: "git.gc.destroys", sub: &["gc"], any_flag: &["--prune"], effect: DESTROYS },
            Rule { id: "git.push.no_widen", sub: &["push"], any_flag: &[], effect: None },
            Rule { id: "git.reset.no_widen", sub: &["reset"], any_flag: &[], effect: None },
            Rule { id: "git.clean.no_widen", sub: &["clean"], any_flag: &[], effect: None },
            Rule { id: "git.checkout.no_widen", sub: &["checkout"], any_flag: &[], effect: None },
            Rule { id: "git.restore.no_widen", sub: &["restore"], any_flag: &[], effect: None },
            Rule { id: "git.rm.no_widen", sub: &["rm"], any_flag: &[], effect: None },
            Rule {
                id: "git.filter_branch.no_widen",
                sub: &["filter-branch"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "git.filter_repo.no_widen",
                sub: &["filter-repo"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "git.remote.set_url.configures",
                sub: &["remote", "set-url"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.remote.add.configures",
                sub: &["remote", "add"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.remote.remove.configures",
                sub: &["remote", "remove"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.remote.rm.configures",
                sub: &["remote", "rm"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.remote.rename.configures",
                sub: &["remote", "rename"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.remote.set_head.configures",
                sub: &["remote", "set-head"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.remote.set_branches.configures",
                sub: &["remote", "set-branches"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.remote.prune.destroys",
                sub: &["remote", "prune"],
                any_flag: &[],
                effect: DESTROYS,
            },
            Rule {
                id: "git.config.configures",
                sub: &["config"],
                // Changes only: `--global`, `--file` and kin choose a scope, also for reads
                // (`git config --global --get-regexp alias`); the git handler judges writes.
                any_flag: &[
                    "--add",
                    "--unset",
                    "--unset-all",
                    "--replace-all",
                    "--edit",
                    "-e",
                    "--rename-section",
                    "--remove-section",
                ],
                effect: CONFIGURES,
            },
            Rule { id: "git.config.no_widen", sub: &["config"], any_flag: &[], effect: None },
            Rule {
                id: "git.switch.destroys",
                sub: &["switch"],
                any_flag: &["-C", "--force-create", "-f", "--force", "--discard-changes"],
                effect: DESTROYS,
            },
            Rule {
                id: "git.commit.no_widen",
                sub: &["commit"],
                any_flag: &["--amend"],
                effect: None,
            },
            Rule {
                id: "git.merge.no_widen",
                sub: &["merge"],
                any_flag: &["--abort"],
                effect: None,
            },
            Rule {
                id: "git.submodule.add.no_widen",
                sub: &["submodule", "add"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "git.submodule.update.no_widen",
                sub: &["submodule", "update"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "git.submodule.init.no_widen",
                sub: &["submodule", "init"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "git.submodule.deinit.no_widen",
                sub: &["submodule", "deinit"],
                any_flag: &[],
                effect: None,
            },
            Rule {
                id: "git.submodule.set_url.configures",
                sub: &["submodule", "set-url"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.submodule.set_branch.configures",
                sub: &["submodule", "set-branch"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.submodule.sync.configures",
                sub: &["submodule", "sync"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "git.submodule.absorbgitdirs.no_widen",
                sub: &["submodule", "absorbgitdirs"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "git.rebase.no_widen", sub: &["rebase"], any_flag: &[], effect: None },
        ],
        verbs: GIT_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "glab",
        props: Props::SUBCOMMANDS,
        groups: &["*"],
        verbs: GLAB_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "go",
        global_value_opts: &["-C"],
        groups: &["mod", "work", "tool"],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "go.runs",
                sub: &[],
                any_flag: &["-exec", "-toolexec", "-vettool", "-overlay"],
                effect: RUNS,
            },
            Rule {
                id: "go.env.configures",
                sub: &["env"],
                any_flag: &["-w", "-u"],
                effect: CONFIGURES,
            },
            Rule { id: "go.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "go.generate.no_widen", sub: &["generate"], any_flag: &[], effect: None },
            Rule { id: "go.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "go.get.no_widen", sub: &["get"], any_flag: &[], effect: None },
            Rule { id: "go.tool.no_widen", sub: &["tool"], any_flag: &[], effect: None },
            Rule { id: "go.build.writes", sub: &["build"], any_flag: &["-o"], effect: WRITES },
            Rule { id: "go.test.writes", sub: &["test"], any_flag: &["-o"], effect: WRITES },
            Rule {
                id: "go.test.writes.2",
                sub: &["test"],
                any_flag: &[
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
                effect: WRITES,
            },
            Rule {
                id: "go.no_widen",
                sub: &[],
                any_flag: &["-ldflags", "-gccgoflags", "-modfile", "-pkgdir", "-compiler"],
                effect: None,
            },
            Rule { id: "go.mod.edit.no_widen", sub: &["mod", "edit"], any_flag: &[], effect: None },
            Rule { id: "go.work.no_widen", sub: &["work"], any_flag: &[], effect: None },
        ],
        verbs: GO_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "gofmt", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "gpg", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "gradle", props: Props::SUBCOMMANDS, verbs: GRADLE_VERBS, ..Spec::EMPTY },
    Spec {
        name: "grep",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "groups", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "gzip", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "hadolint", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "head",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "helm",
        groups: &["repo", "plugin", "registry", "dependency", "dep", "get", "show", "search"],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "helm.no_widen",
                sub: &[],
                any_flag: &[
                    "--kube-as-user",
                    "--kube-as-group",
                    "--kube-token",
                    "--kubeconfig",
                    "--kube-apiserver",
                    "--kube-insecure-skip-tls-verify",
                    "--post-renderer",
                ],
                effect: None,
            },
            Rule { id: "helm.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule {
                id: "helm.uninstall.no_widen",
                sub: &["uninstall"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "helm.upgrade.no_widen", sub: &["upgrade"], any_flag: &[], effect: None },
            Rule { id: "helm.delete.no_widen", sub: &["delete"], any_flag: &[], effect: None },
        ],
        value_opts: &[
            "-n",
            "--namespace",
            "--kube-context",
            "--kubeconfig",
            "-f",
            "--values",
            "--set",
            "--version",
            "--repo",
            "-o",
            "--output",
            "--timeout",
        ],
        verbs: HELM_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "help", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "heroku",
        rules: &[
            Rule {
                id: "heroku.pg_reset.destroys",
                sub: &["pg:reset"],
                any_flag: &[],
                effect: Some(wipes("deletes every table of a Heroku Postgres database")),
            },
            Rule {
                id: "heroku.pg_copy.destroys",
                sub: &["pg:copy"],
                any_flag: &[],
                effect: Some(wipes("overwrites a Heroku Postgres database with another")),
            },
            Rule {
                id: "heroku.pg_backups_restore.destroys",
                sub: &["pg:backups:restore"],
                any_flag: &[],
                effect: Some(wipes("overwrites a Heroku Postgres database with a backup")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "hexdump", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "hg",
        rules: &[Rule {
            id: "hg.runs",
            sub: &[],
            any_flag: &["--config", "--debugger"],
            effect: RUNS,
        }],
        verbs: HG_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "history", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "host", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "hostname", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "htop", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "iconv", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "id", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "ifconfig", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "ifdown",
        rules: &[Rule { id: "ifdown.disrupts", sub: &[], any_flag: &[], effect: DISRUPTS }],
        ..Spec::EMPTY
    },
    Spec {
        name: "influx",
        value_opts: &["--host", "-t", "--token", "-o", "--org", "-n", "--name", "-i", "--id"],
        rules: &[
            Rule {
                id: "influx.bucket.delete.destroys",
                sub: &["bucket", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes an InfluxDB bucket and its data")),
            },
            Rule {
                id: "influx.org.delete.destroys",
                sub: &["org", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes an InfluxDB organization and its buckets")),
            },
            Rule {
                id: "influx.delete.destroys",
                sub: &["delete"],
                any_flag: &[],
                effect: Some(wipes("deletes the data points of a bucket in a time range")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "info", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "install", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "invoke", props: Props::TASK_RUNNER, ..Spec::EMPTY },
    Spec {
        name: "ionice",
        value_opts: &["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"],
        ..Spec::EMPTY
    },
    Spec { name: "iostat", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "ip", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "isort", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "java", ..Spec::EMPTY },
    Spec { name: "javac", ..Spec::EMPTY },
    Spec { name: "jest", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "jobs", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "join",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "journalctl", props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0), ..Spec::EMPTY },
    Spec {
        name: "jq",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "just", props: Props::TASK_RUNNER, ..Spec::EMPTY },
    Spec {
        name: "kafka-consumer-groups",
        aliases: &["kafka-consumer-groups.sh"],
        rules: &[
            Rule {
                id: "kafka-consumer-groups.execute.destroys",
                sub: &[],
                any_flag: &["--execute"],
                effect: Some(wipes("rewinds or deletes a consumer group's offsets")),
            },
            Rule {
                id: "kafka-consumer-groups.delete.destroys",
                sub: &[],
                any_flag: &["--delete"],
                effect: Some(wipes("deletes consumer groups and their offsets")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "kafka-delete-records",
        aliases: &["kafka-delete-records.sh"],
        rules: &[Rule {
            id: "kafka-delete-records.destroys",
            sub: &[],
            any_flag: &[],
            effect: Some(wipes("deletes the messages of topic partitions")),
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "kafka-topics",
        aliases: &["kafka-topics.sh"],
        rules: &[Rule {
            id: "kafka-topics.delete.destroys",
            sub: &[],
            any_flag: &["--delete"],
            effect: Some(wipes("deletes Kafka topics and their messages")),
        }],
        ..Spec::EMPTY
    },
    Spec { name: "kill", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "killall", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "ksh", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "kubectl",
        global_value_opts: &[
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
        groups: &["config", "rollout", "auth", "certificate", "create", "set", "plugin"],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "kubectl.config.view.secret_read",
                sub: &["config", "view"],
                any_flag: &["--raw"],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::SecretRead,
                    says: "prints the cluster credentials",
                }),
            },
            Rule {
                id: "kubectl.config.set.configures",
                sub: &["config", "set"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.set_context.configures",
                sub: &["config", "set-context"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.set_cluster.configures",
                sub: &["config", "set-cluster"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.set_credentials.configures",
                sub: &["config", "set-credentials"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.use_context.configures",
                sub: &["config", "use-context"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.unset.configures",
                sub: &["config", "unset"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.delete_context.configures",
                sub: &["config", "delete-context"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.delete_cluster.configures",
                sub: &["config", "delete-cluster"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.delete_user.configures",
                sub: &["config", "delete-user"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "kubectl.config.rename_context.configures",
                sub: &["config", "rename-context"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule { id: "kubectl.delete.no_widen", sub: &["delete"], any_flag: &[], effect: None },
            Rule { id: "kubectl.apply.no_widen", sub: &["apply"], any_flag: &[], effect: None },
            Rule { id: "kubectl.exec.no_widen", sub: &["exec"], any_flag: &[], effect: None },
            Rule { id: "kubectl.edit.no_widen", sub: &["edit"], any_flag: &[], effect: None },
            Rule { id: "kubectl.patch.no_widen", sub: &["patch"], any_flag: &[], effect: None },
            Rule { id: "kubectl.replace.no_widen", sub: &["replace"], any_flag: &[], effect: None },
            Rule { id: "kubectl.scale.no_widen", sub: &["scale"], any_flag: &[], effect: None },
            Rule { id: "kubectl.drain.no_widen", sub: &["drain"], any_flag: &[], effect: None },
            Rule { id: "kubectl.cp.no_widen", sub: &["cp"], any_flag: &[], effect: None },
            Rule {
                id: "kubectl.get.secret.secret_read",
                sub: &["get", "secret"],
                any_flag: &["-o", "--output"],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::SecretRead,
                    says: "prints secret values",
                }),
            },
            Rule {
                id: "kubectl.get.secrets.secret_read",
                sub: &["get", "secrets"],
                any_flag: &["-o", "--output"],
                effect: Some(Effect {
                    tier: Tier::High,
                    factor: Factor::SecretRead,
                    says: "prints secret values",
                }),
            },
            Rule {
                id: "kubectl.port_forward.no_widen",
                sub: &["port-forward"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "kubectl.proxy.no_widen", sub: &["proxy"], any_flag: &[], effect: None },
            Rule {
                id: "kubectl.no_widen",
                sub: &[],
                any_flag: &[
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
                effect: None,
            },
        ],
        value_opts: &[
            "-n",
            "--namespace",
            "--context",
            "--cluster",
            "--user",
            "--kubeconfig",
            "-s",
            "--server",
            "--token",
            "-l",
            "--selector",
            "-o",
            "--output",
            "-f",
            "--filename",
            "-c",
            "--container",
            "--field-selector",
            "--as",
            "--as-group",
            "-L",
            "--sort-by",
            "--template",
            "--timeout",
            "--grace-period",
            "--type",
            "-p",
            "--patch",
            "-k",
            "--kustomize",
            "--replicas",
            "--image",
            "--port",
        ],
        verbs: KUBECTL_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "less",
        aliases: &["more", "most"],
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[Rule {
            id: "less.runs",
            sub: &[],
            any_flag: &["-k", "--lesskey-file", "--lesskey-src"],
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "lldb",
        rules: &[Rule {
            id: "lldb.runs",
            sub: &[],
            any_flag: &[
                "-o",
                "--one-line",
                "-s",
                "--source",
                "-k",
                "-b",
                "--batch",
                "-p",
                "--attach-pid",
            ],
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec { name: "ln", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "local", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "locale", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "ls",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "lsblk", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "lscpu", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "lsd", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "lsof", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "lspci", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "lsusb", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "ltrace",
        value_opts: &["-o", "-e", "-p", "-s", "-a", "-n", "-u", "-x", "-l"],
        ..Spec::EMPTY
    },
    Spec { name: "lua", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "magento",
        rules: &[Rule {
            id: "magento.setup.uninstall.destroys",
            sub: &["setup:uninstall"],
            any_flag: &[],
            effect: Some(wipes("drops Magento's database")),
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "make",
        props: Props(Props::QUIET.0 | Props::TASK_RUNNER.0),
        rules: &[Rule { id: "make.runs", sub: &[], any_flag: &["--eval", "-E"], effect: RUNS }],
        ..Spec::EMPTY
    },
    Spec {
        name: "man",
        props: Props::QUIET,
        rules: &[Rule {
            id: "man.runs",
            sub: &[],
            any_flag: &["-P", "--pager", "-H", "--html"],
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec { name: "markdownlint", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec {
        name: "mc",
        global_value_opts: &["--config-dir", "-C"],
        rules: &[
            Rule {
                id: "mc.rb.force.destroys",
                sub: &["rb"],
                any_flag: &["--force", "--dangerous"],
                effect: Some(wipes("deletes a bucket and every object in it")),
            },
            Rule {
                id: "mc.rm.recursive.destroys",
                sub: &["rm"],
                any_flag: &["-r", "--recursive"],
                effect: Some(wipes("deletes every object under a bucket path")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "md5sum",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "mkdir", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "mkfs", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "mocha", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "mongosh", ..Spec::EMPTY },
    Spec { name: "mount", props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0), ..Spec::EMPTY },
    Spec { name: "mtr", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "mv", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "mvn", props: Props::SUBCOMMANDS, verbs: MVN_VERBS, ..Spec::EMPTY },
    Spec { name: "mypy", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "mysql", ..Spec::EMPTY },
    Spec {
        name: "nano",
        rules: &[Rule { id: "nano.runs", sub: &[], any_flag: &["-s", "--speller"], effect: RUNS }],
        ..Spec::EMPTY
    },
    Spec {
        name: "nats",
        global_value_opts: &["-s", "--server", "--context", "--creds", "--user", "--password"],
        rules: &[
            Rule {
                id: "nats.stream.rm.destroys",
                sub: &["stream", "rm"],
                any_flag: &[],
                effect: Some(wipes("deletes a JetStream stream and its messages")),
            },
            Rule {
                id: "nats.stream.purge.destroys",
                sub: &["stream", "purge"],
                any_flag: &[],
                effect: Some(wipes("deletes every message of a JetStream stream")),
            },
            Rule {
                id: "nats.str.rm.destroys",
                sub: &["str", "rm"],
                any_flag: &[],
                effect: Some(wipes("deletes a JetStream stream and its messages")),
            },
            Rule {
                id: "nats.str.purge.destroys",
                sub: &["str", "purge"],
                any_flag: &[],
                effect: Some(wipes("deletes every message of a JetStream stream")),
            },
            Rule {
                id: "nats.kv.rm.destroys",
                sub: &["kv", "rm"],
                any_flag: &[],
                effect: Some(wipes("deletes a key-value bucket and its keys")),
            },
            Rule {
                id: "nats.object.rm.destroys",
                sub: &["object", "rm"],
                any_flag: &[],
                effect: Some(wipes("deletes an object store bucket or object")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "nc", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "ncat", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "neonctl",
        aliases: &["neon"],
        rules: &[
            Rule {
                id: "neonctl.databases.delete.destroys",
                sub: &["databases", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes a Neon database")),
            },
            Rule {
                id: "neonctl.branches.delete.destroys",
                sub: &["branches", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes a Neon branch and its data")),
            },
            Rule {
                id: "neonctl.branches.reset.destroys",
                sub: &["branches", "reset"],
                any_flag: &[],
                effect: Some(wipes("resets a Neon branch, discarding its changes")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "netstat", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "nice", props: Props::QUIET, value_opts: &["-n", "--adjustment"], ..Spec::EMPTY },
    Spec {
        name: "nix",
        props: Props::SUBCOMMANDS,
        groups: &["flake", "profile", "store", "registry"],
        verbs: NIX_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "nl",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "nmcli",
        rules: &[
            Rule {
                id: "nmcli.networking.off.disrupts",
                sub: &["networking", "off"],
                any_flag: &[],
                effect: DISRUPTS,
            },
            Rule {
                id: "nmcli.radio.all.off.disrupts",
                sub: &["radio", "all", "off"],
                any_flag: &[],
                effect: DISRUPTS,
            },
            Rule {
                id: "nmcli.radio.wifi.off.disrupts",
                sub: &["radio", "wifi", "off"],
                any_flag: &[],
                effect: DISRUPTS,
            },
            Rule {
                id: "nmcli.device.disconnect.disrupts",
                sub: &["device", "disconnect"],
                any_flag: &[],
                effect: DISRUPTS,
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "node", props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0), ..Spec::EMPTY },
    Spec {
        name: "nodetool",
        global_value_opts: &["-h", "--host", "-p", "--port", "-u", "--username", "-pw"],
        rules: &[Rule {
            id: "nodetool.clearsnapshot.destroys",
            sub: &["clearsnapshot"],
            any_flag: &[],
            effect: Some(wipes("deletes Cassandra snapshots, the node's backups")),
        }],
        ..Spec::EMPTY
    },
    Spec { name: "nohup", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "nox", props: Props::TASK_RUNNER, ..Spec::EMPTY },
    Spec {
        name: "npm",
        global_value_opts: &["--prefix", "-w", "--workspace"],
        global_flags: &["-s", "--silent", "-q", "--quiet"],
        groups: &[
            "config", "cache", "pkg", "token", "owner", "dist-tag", "access", "team", "org", "hook",
        ],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "npm.runs",
                sub: &[],
                any_flag: &["--script-shell", "--node-options", "--userconfig", "--globalconfig"],
                effect: RUNS,
            },
            Rule {
                id: "npm.config.set.configures",
                sub: &["config", "set"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "npm.config.delete.configures",
                sub: &["config", "delete"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule {
                id: "npm.config.edit.configures",
                sub: &["config", "edit"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule { id: "npm.set.configures", sub: &["set"], any_flag: &[], effect: CONFIGURES },
            Rule { id: "npm.exec.no_widen", sub: &["exec"], any_flag: &[], effect: None },
            Rule { id: "npm.x.no_widen", sub: &["x"], any_flag: &[], effect: None },
            Rule { id: "npm.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "npm.i.no_widen", sub: &["i"], any_flag: &[], effect: None },
            Rule { id: "npm.add.no_widen", sub: &["add"], any_flag: &[], effect: None },
            Rule { id: "npm.ci.no_widen", sub: &["ci"], any_flag: &[], effect: None },
            Rule { id: "npm.uninstall.no_widen", sub: &["uninstall"], any_flag: &[], effect: None },
            Rule { id: "npm.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "npm.publish.no_widen", sub: &["publish"], any_flag: &[], effect: None },
            Rule { id: "npm.init.no_widen", sub: &["init"], any_flag: &[], effect: None },
            Rule { id: "npm.create.fetch_run", sub: &["create"], any_flag: &[], effect: FETCH_RUN },
            Rule { id: "npm.rebuild.no_widen", sub: &["rebuild"], any_flag: &[], effect: None },
            Rule { id: "npm.link.no_widen", sub: &["link"], any_flag: &[], effect: None },
            Rule { id: "npm.no_widen", sub: &[], any_flag: &["--registry"], effect: None },
        ],
        verbs: NPM_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "nproc", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "npx",
        rules: &[
            Rule {
                id: "npx.fetch_run",
                sub: &[],
                any_flag: &["-y", "--yes", "-p", "--package"],
                effect: FETCH_RUN,
            },
            Rule { id: "npx.no_widen", sub: &[], any_flag: &[], effect: None },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "nsenter",
        value_opts: &["-t", "--target", "-S", "-G", "-r", "-w"],
        ..Spec::EMPTY
    },
    Spec { name: "nslookup", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "numactl", value_opts: &["-C", "-N", "-m", "-p", "-i"], ..Spec::EMPTY },
    Spec {
        name: "nvim",
        rules: &[
            Rule {
                id: "nvim.runs",
                sub: &[],
                any_flag: &["-c", "--cmd", "-S", "-s", "-u", "-l", "--headless"],
                effect: RUNS,
            },
            Rule { id: "nvim.runs.2", sub: &[], any_flag: &["-e", "-E"], effect: RUNS },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "od",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "openssl", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "osascript", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "pacman", ..Spec::EMPTY },
    Spec {
        name: "parallel",
        value_opts: &[
            "-j",
            "--jobs",
            "-S",
            "--sshlogin",
            "--joblog",
            "-a",
            "--arg-file",
            "--delay",
            "--timeout",
            "--results",
            "-I",
            "--colsep",
            "-d",
            "--delimiter",
            "-N",
            "-n",
            "--max-args",
            "-L",
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "paste",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "pbpaste", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "perl", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "pgrep", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "php", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "ping", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "pip",
        props: Props::SUBCOMMANDS,
        aliases: &["pip3"],
        groups: &["cache", "config"],
        rules: &[
            Rule { id: "pip.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "pip.download.no_widen", sub: &["download"], any_flag: &[], effect: None },
            Rule {
                id: "pip.no_widen",
                sub: &[],
                any_flag: &[
                    "-i",
                    "--index-url",
                    "--extra-index-url",
                    "-f",
                    "--find-links",
                    "--trusted-host",
                ],
                effect: None,
            },
            Rule { id: "pip.uninstall.no_widen", sub: &["uninstall"], any_flag: &[], effect: None },
        ],
        verbs: PIP_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "pipenv",
        rules: &[
            Rule { id: "pipenv.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "pipenv.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "pipenv.no_widen", sub: &[], any_flag: &["--pypi-mirror"], effect: None },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "pipx",
        rules: &[
            Rule { id: "pipx.run.fetch_run", sub: &["run"], any_flag: &[], effect: FETCH_RUN },
            Rule {
                id: "pipx.install.package_install",
                sub: &["install"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::Medium,
                    factor: Factor::PackageInstall,
                    says: "installs a package",
                }),
            },
            Rule {
                id: "pipx.inject.package_install",
                sub: &["inject"],
                any_flag: &[],
                effect: Some(Effect {
                    tier: Tier::Medium,
                    factor: Factor::PackageInstall,
                    says: "installs a package",
                }),
            },
            Rule { id: "pipx.upgrade.no_widen", sub: &["upgrade"], any_flag: &[], effect: None },
            Rule {
                id: "pipx.reinstall.no_widen",
                sub: &["reinstall"],
                any_flag: &[],
                effect: None,
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "pkexec", value_opts: &["--user", "-u"], ..Spec::EMPTY },
    Spec { name: "pkill", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "pnpm",
        global_value_opts: &["-C", "--dir", "--filter", "-F"],
        global_flags: &["-s", "--silent", "-r", "--recursive"],
        groups: &["store", "env", "config"],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "pnpm.runs",
                sub: &[],
                any_flag: &["--script-shell", "--node-options", "--userconfig"],
                effect: RUNS,
            },
            Rule {
                id: "pnpm.config.set.configures",
                sub: &["config", "set"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule { id: "pnpm.dlx.fetch_run", sub: &["dlx"], any_flag: &[], effect: FETCH_RUN },
            Rule { id: "pnpm.exec.no_widen", sub: &["exec"], any_flag: &[], effect: None },
            Rule { id: "pnpm.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "pnpm.add.no_widen", sub: &["add"], any_flag: &[], effect: None },
            Rule {
                id: "pnpm.create.fetch_run",
                sub: &["create"],
                any_flag: &[],
                effect: FETCH_RUN,
            },
            Rule { id: "pnpm.runs.2", sub: &[], any_flag: &["--config"], effect: RUNS },
            Rule { id: "pnpm.no_widen", sub: &[], any_flag: &["--registry"], effect: None },
            Rule { id: "pnpm.i.no_widen", sub: &["i"], any_flag: &[], effect: None },
            Rule { id: "pnpm.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "pnpm.publish.no_widen", sub: &["publish"], any_flag: &[], effect: None },
            Rule { id: "pnpm.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
        ],
        verbs: PNPM_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "pnpx",
        rules: &[Rule { id: "pnpx.no_widen", sub: &[], any_flag: &[], effect: None }],
        ..Spec::EMPTY
    },
    Spec {
        name: "poetry",
        props: Props::SUBCOMMANDS,
        groups: &["env", "self", "config", "source", "cache", "debug"],
        rules: &[
            Rule { id: "poetry.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "poetry.add.no_widen", sub: &["add"], any_flag: &[], effect: None },
            Rule { id: "poetry.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
            Rule { id: "poetry.publish.no_widen", sub: &["publish"], any_flag: &[], effect: None },
            Rule { id: "poetry.no_widen", sub: &[], any_flag: &["--source"], effect: None },
        ],
        verbs: POETRY_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "popd",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "prettier", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "printenv", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "printf",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "proxychains", value_opts: &["-f"], ..Spec::EMPTY },
    Spec { name: "proxychains4", value_opts: &["-f"], ..Spec::EMPTY },
    Spec { name: "ps", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "pscale",
        rules: &[
            Rule {
                id: "pscale.database.delete.destroys",
                sub: &["database", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes a PlanetScale database")),
            },
            Rule {
                id: "pscale.branch.delete.destroys",
                sub: &["branch", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes a PlanetScale branch and its data")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "psql", ..Spec::EMPTY },
    Spec { name: "pstree", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "pulsar-admin",
        rules: &[
            Rule {
                id: "pulsar-admin.topics.delete.destroys",
                sub: &["topics", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes a Pulsar topic and its messages")),
            },
            Rule {
                id: "pulsar-admin.namespaces.delete.destroys",
                sub: &["namespaces", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes a Pulsar namespace and its topics")),
            },
            Rule {
                id: "pulsar-admin.tenants.delete.destroys",
                sub: &["tenants", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes a Pulsar tenant")),
            },
            Rule {
                id: "pulsar-admin.topics.delete_partitioned_topic.destroys",
                sub: &["topics", "delete-partitioned-topic"],
                any_flag: &[],
                effect: Some(wipes("deletes a partitioned Pulsar topic and its messages")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "pushd",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec {
        name: "pwd",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "pylint", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "pyright", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec {
        name: "pytest",
        props: Props::DATA_TOOL,
        rules: &[Rule { id: "pytest.no_widen", sub: &[], any_flag: &["-p"], effect: None }],
        ..Spec::EMPTY
    },
    Spec { name: "python", props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0), ..Spec::EMPTY },
    Spec { name: "python3", props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0), ..Spec::EMPTY },
    Spec {
        name: "rabbitmqadmin",
        global_value_opts: &[
            "-H",
            "--host",
            "-P",
            "--port",
            "-V",
            "--vhost",
            "-u",
            "--username",
            "-p",
            "--password",
            "-c",
            "--config",
            "-N",
            "--node",
        ],
        rules: &[
            Rule {
                id: "rabbitmqadmin.delete.queue.destroys",
                sub: &["delete", "queue"],
                any_flag: &[],
                effect: Some(wipes("deletes a RabbitMQ queue and its messages")),
            },
            Rule {
                id: "rabbitmqadmin.purge.queue.destroys",
                sub: &["purge", "queue"],
                any_flag: &[],
                effect: Some(wipes("deletes every message of a RabbitMQ queue")),
            },
            Rule {
                id: "rabbitmqadmin.delete.vhost.destroys",
                sub: &["delete", "vhost"],
                any_flag: &[],
                effect: Some(wipes("deletes a RabbitMQ virtual host with its queues")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "rabbitmqctl",
        global_value_opts: &["-n", "--node", "-p", "--vhost", "-t", "--timeout"],
        rules: &[
            Rule {
                id: "rabbitmqctl.purge_queue.destroys",
                sub: &["purge_queue"],
                any_flag: &[],
                effect: Some(wipes("deletes every message of a RabbitMQ queue")),
            },
            Rule {
                id: "rabbitmqctl.delete_queue.destroys",
                sub: &["delete_queue"],
                any_flag: &[],
                effect: Some(wipes("deletes a RabbitMQ queue and its messages")),
            },
            Rule {
                id: "rabbitmqctl.delete_vhost.destroys",
                sub: &["delete_vhost"],
                any_flag: &[],
                effect: Some(wipes("deletes a RabbitMQ virtual host with its queues")),
            },
            Rule {
                id: "rabbitmqctl.reset.destroys",
                sub: &["reset"],
                any_flag: &[],
                effect: Some(wipes("returns a RabbitMQ node to a blank state, deleting its data")),
            },
            Rule {
                id: "rabbitmqctl.force_reset.destroys",
                sub: &["force_reset"],
                any_flag: &[],
                effect: Some(wipes("returns a RabbitMQ node to a blank state, deleting its data")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "rake", props: Props::TASK_RUNNER, ..Spec::EMPTY },
    Spec { name: "read", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "readlink",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "readonly", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "realpath",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec {
        name: "redis-cli",
        value_opts: &[
            "-h",
            "-p",
            "-a",
            "-n",
            "-u",
            "--user",
            "--pass",
            "-s",
            "--tls",
            "-r",
            "-i",
            "--cacert",
            "--cert",
            "--key",
            "--pattern",
            "--count",
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "retry",
        value_opts: &["-t", "--times", "-d", "--delay", "-m", "--min", "-x", "--max"],
        ..Spec::EMPTY
    },
    Spec { name: "return", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "rev",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "rfkill",
        rules: &[Rule {
            id: "rfkill.block.disrupts",
            sub: &["block"],
            any_flag: &[],
            effect: DISRUPTS,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "rg",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[Rule { id: "rg.runs", sub: &[], any_flag: &["--pre"], effect: RUNS }],
        ..Spec::EMPTY
    },
    Spec { name: "rlwrap", value_opts: &["-f", "-H", "-p", "-P", "-S", "-w", "-l"], ..Spec::EMPTY },
    Spec { name: "rm", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "rmdir", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "rpk",
        rules: &[
            Rule {
                id: "rpk.topic.delete.destroys",
                sub: &["topic", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes Redpanda topics and their messages")),
            },
            Rule {
                id: "rpk.topic.trim_prefix.destroys",
                sub: &["topic", "trim-prefix"],
                any_flag: &[],
                effect: Some(wipes("deletes the messages of a topic up to an offset")),
            },
            Rule {
                id: "rpk.group.delete.destroys",
                sub: &["group", "delete"],
                any_flag: &[],
                effect: Some(wipes("deletes consumer groups and their offsets")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "rsync", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "ruby", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "ruff", verbs: RUFF_VERBS, ..Spec::EMPTY },
    Spec { name: "run0", value_opts: &["--user", "-u"], ..Spec::EMPTY },
    Spec {
        name: "runuser",
        value_opts: &["-u", "-g", "-G", "-s", "--user", "--group", "--shell"],
        ..Spec::EMPTY
    },
    Spec { name: "rustc", ..Spec::EMPTY },
    Spec { name: "rustfmt", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec {
        name: "rustup",
        props: Props::SUBCOMMANDS,
        groups: &["toolchain", "target", "component", "override", "self", "set"],
        verbs: RUSTUP_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "scc", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "scp", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "script",
        value_opts: &[
            "-c",
            "--command",
            "-E",
            "--echo",
            "-o",
            "--output-limit",
            "-T",
            "--log-timing",
            "-I",
            "-O",
            "-B",
            "--log-in",
            "--log-out",
            "--log-io",
            "-m",
            "--logging-format",
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "sed",
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[Rule {
            id: "sed.no_widen",
            sub: &[],
            any_flag: &["-i", "--in-place"],
            effect: None,
        }],
        ..Spec::EMPTY
    },
    Spec { name: "seq", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "sestatus", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "set", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "sg", value_opts: &["-c"], ..Spec::EMPTY },
    Spec { name: "sh", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "sha1sum",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "sha224sum", props: Props::READS_ONLY, ..Spec::EMPTY },
    Spec {
        name: "sha256sum",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "sha384sum", props: Props::READS_ONLY, ..Spec::EMPTY },
    Spec {
        name: "sha512sum",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0),
        ..Spec::EMPTY
    },
    Spec { name: "shasum", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "shellcheck", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "shift", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "shopt", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "shred", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "sleep", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "snap", verbs: SNAP_VERBS, ..Spec::EMPTY },
    Spec { name: "socat", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "sort",
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[
            Rule { id: "sort.runs", sub: &[], any_flag: &["--compress-program"], effect: RUNS },
            Rule { id: "sort.writes", sub: &[], any_flag: &["-o", "--output"], effect: WRITES },
            Rule { id: "sort.no_widen", sub: &[], any_flag: &["--files0-from"], effect: None },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "source", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "split", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "sqlite3", ..Spec::EMPTY },
    Spec { name: "ss", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "ssh",
        props: Props::NEVER_WIDEN,
        value_opts: &[
            "-b", "-B", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O",
            "-o", "-p", "-Q", "-R", "-S", "-W", "-w",
        ],
        ..Spec::EMPTY
    },
    Spec { name: "ssh-agent", value_opts: &["-a", "-E", "-t", "-P", "-O"], ..Spec::EMPTY },
    Spec { name: "ssh-keygen", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "sshpass", value_opts: &["-p", "-f", "-d", "-P", "-e"], ..Spec::EMPTY },
    Spec {
        name: "stat",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec {
        name: "stdbuf",
        value_opts: &["-i", "-o", "-e", "--input", "--output", "--error"],
        ..Spec::EMPTY
    },
    Spec {
        name: "strace",
        value_opts: &["-o", "-e", "-p", "-s", "-a", "-b", "-E", "-I", "-O", "-S", "-u", "-P", "-X"],
        ..Spec::EMPTY
    },
    Spec {
        name: "strings",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "stty", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "su", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec {
        name: "sudo",
        props: Props::NEVER_WIDEN,
        value_opts: &[
            "-u",
            "-g",
            "-C",
            "-h",
            "-p",
            "-r",
            "-t",
            "-T",
            "-U",
            "-D",
            "--user",
            "--group",
            "--close-from",
            "--prompt",
            "--role",
            "--type",
            "--command-timeout",
            "--other-user",
            "--chdir",
            "--host",
        ],
        ..Spec::EMPTY
    },
    Spec { name: "sum", props: Props::READS_ONLY, ..Spec::EMPTY },
    Spec { name: "svn", verbs: SVN_VERBS, ..Spec::EMPTY },
    Spec {
        name: "systemctl",
        props: Props::SUBCOMMANDS,
        rules: &[
            Rule { id: "systemctl.stop.no_widen", sub: &["stop"], any_flag: &[], effect: None },
            Rule {
                id: "systemctl.disable.no_widen",
                sub: &["disable"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "systemctl.mask.no_widen", sub: &["mask"], any_flag: &[], effect: None },
            Rule { id: "systemctl.kill.no_widen", sub: &["kill"], any_flag: &[], effect: None },
            Rule {
                id: "systemctl.restart.no_widen",
                sub: &["restart"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "systemctl.start.no_widen", sub: &["start"], any_flag: &[], effect: None },
            Rule { id: "systemctl.enable.no_widen", sub: &["enable"], any_flag: &[], effect: None },
        ],
        verbs: SYSTEMCTL_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "systemd-run",
        value_opts: &[
            "-p",
            "--property",
            "-u",
            "--unit",
            "-E",
            "--setenv",
            "-M",
            "--machine",
            "--uid",
            "--gid",
            "--nice",
            "--working-directory",
            "-H",
            "--host",
            "--description",
            "--slice",
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "tac",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "tail",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec {
        name: "tar",
        aliases: &["bsdtar", "gtar"],
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[
            Rule {
                id: "tar.runs",
                sub: &[],
                any_flag: &[
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
                effect: RUNS,
            },
            Rule { id: "tar.no_widen", sub: &[], any_flag: &["-T", "--files-from"], effect: None },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "task", props: Props::TASK_RUNNER, ..Spec::EMPTY },
    Spec {
        name: "tcpdump",
        rules: &[Rule { id: "tcpdump.runs", sub: &[], any_flag: &["-z"], effect: RUNS }],
        ..Spec::EMPTY
    },
    Spec { name: "tee", props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0), ..Spec::EMPTY },
    Spec {
        name: "terraform",
        groups: &["state", "workspace", "providers"],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "terraform.plan.writes",
                sub: &["plan"],
                any_flag: &["-generate-config-out", "-state-out", "-backup"],
                effect: WRITES,
            },
            Rule {
                id: "terraform.no_widen",
                sub: &[],
                any_flag: &[
                    "-state",
                    "-plugin-dir",
                    "-from-module",
                    "-backend-config",
                    "-reconfigure",
                ],
                effect: None,
            },
            Rule {
                id: "terraform.init.no_widen",
                sub: &["init"],
                any_flag: &["-migrate-state", "-force-copy"],
                effect: None,
            },
            Rule { id: "terraform.apply.no_widen", sub: &["apply"], any_flag: &[], effect: None },
            Rule {
                id: "terraform.destroy.no_widen",
                sub: &["destroy"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "terraform.import.no_widen", sub: &["import"], any_flag: &[], effect: None },
            Rule { id: "terraform.state.no_widen", sub: &["state"], any_flag: &[], effect: None },
            Rule { id: "terraform.taint.no_widen", sub: &["taint"], any_flag: &[], effect: None },
        ],
        verbs: TERRAFORM_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "test",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec {
        name: "time",
        props: Props::QUIET,
        value_opts: &["-f", "-o", "--format", "--output"],
        ..Spec::EMPTY
    },
    Spec {
        name: "timeout",
        props: Props::QUIET,
        value_opts: &["-s", "-k", "--signal", "--kill-after"],
        ..Spec::EMPTY
    },
    Spec { name: "tldr", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "tofu",
        props: Props::SUBCOMMANDS,
        groups: &["state", "workspace", "providers"],
        rules: &[
            Rule {
                id: "tofu.plan.writes",
                sub: &["plan"],
                any_flag: &["-generate-config-out", "-state-out", "-backup"],
                effect: WRITES,
            },
            Rule {
                id: "tofu.no_widen",
                sub: &[],
                any_flag: &[
                    "-state",
                    "-plugin-dir",
                    "-from-module",
                    "-backend-config",
                    "-reconfigure",
                ],
                effect: None,
            },
            Rule { id: "tofu.apply.no_widen", sub: &["apply"], any_flag: &[], effect: None },
            Rule { id: "tofu.destroy.no_widen", sub: &["destroy"], any_flag: &[], effect: None },
            Rule { id: "tofu.import.no_widen", sub: &["import"], any_flag: &[], effect: None },
            Rule { id: "tofu.state.no_widen", sub: &["state"], any_flag: &[], effect: None },
            Rule { id: "tofu.taint.no_widen", sub: &["taint"], any_flag: &[], effect: None },
        ],
        verbs: TERRAFORM_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "tokei", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "top", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "torsocks", value_opts: &["-u", "-p", "-a", "-P"], ..Spec::EMPTY },
    Spec { name: "touch", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "tox", props: Props::TASK_RUNNER, ..Spec::EMPTY },
    Spec { name: "tput", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "tr",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "traceroute", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "tree",
        props: Props(Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[Rule { id: "tree.writes", sub: &[], any_flag: &["-o"], effect: WRITES }],
        ..Spec::EMPTY
    },
    Spec {
        name: "true",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "truncate", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "tsc", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "tsp", value_opts: &["-L", "-D", "-W", "-N"], ..Spec::EMPTY },
    Spec { name: "tty", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "turso",
        rules: &[
            Rule {
                id: "turso.db.destroy.destroys",
                sub: &["db", "destroy"],
                any_flag: &[],
                effect: Some(wipes("deletes a Turso database")),
            },
            Rule {
                id: "turso.group.destroy.destroys",
                sub: &["group", "destroy"],
                any_flag: &[],
                effect: Some(wipes("deletes a Turso group and its databases")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "type",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "typeset", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "ufw",
        rules: &[
            Rule {
                id: "ufw.default.deny.outgoing.disrupts",
                sub: &["default", "deny", "outgoing"],
                any_flag: &[],
                effect: DISRUPTS,
            },
            Rule {
                id: "ufw.default.reject.outgoing.disrupts",
                sub: &["default", "reject", "outgoing"],
                any_flag: &[],
                effect: DISRUPTS,
            },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "ulimit", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "umask", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "umount", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "uname", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "unexpand",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        ..Spec::EMPTY
    },
    Spec { name: "uniq", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "unlink", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "unset", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "unzip", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "uptime", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "uv",
        props: Props::SUBCOMMANDS,
        global_value_opts: &["--directory", "--project", "-p", "--python"],
        groups: &["pip", "tool", "python", "cache", "self"],
        rules: &[
            Rule {
                id: "uv.tool.run.fetch_run",
                sub: &["tool", "run"],
                any_flag: &[],
                effect: FETCH_RUN,
            },
            Rule {
                id: "uv.tool.install.no_widen",
                sub: &["tool", "install"],
                any_flag: &[],
                effect: None,
            },
            Rule { id: "uv.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "uv.add.no_widen", sub: &["add"], any_flag: &[], effect: None },
            Rule { id: "uv.pip.no_widen", sub: &["pip"], any_flag: &[], effect: None },
            Rule {
                id: "uv.no_widen",
                sub: &[],
                any_flag: &[
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
                effect: None,
            },
            Rule { id: "uv.tool.no_widen", sub: &["tool"], any_flag: &[], effect: None },
        ],
        verbs: UV_VERBS,
        ..Spec::EMPTY
    },
    Spec {
        name: "uvx",
        rules: &[Rule { id: "uvx.fetch_run", sub: &[], any_flag: &[], effect: FETCH_RUN }],
        ..Spec::EMPTY
    },
    Spec {
        name: "vi",
        rules: &[Rule {
            id: "vi.runs",
            sub: &[],
            any_flag: &["-c", "--cmd", "-S", "-s", "-u"],
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "view",
        rules: &[Rule {
            id: "view.runs",
            sub: &[],
            any_flag: &["-c", "--cmd", "-S", "-s", "-u"],
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec {
        name: "vim",
        aliases: &["gvim", "rvim", "vimdiff"],
        rules: &[
            Rule {
                id: "vim.runs",
                sub: &[],
                any_flag: &["-c", "--cmd", "-S", "-s", "-u", "-W", "-w"],
                effect: RUNS,
            },
            Rule { id: "vim.runs.2", sub: &[], any_flag: &["-e", "-E"], effect: RUNS },
        ],
        ..Spec::EMPTY
    },
    Spec { name: "vitest", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec { name: "vmstat", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "wait", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "watch",
        props: Props::QUIET,
        value_opts: &["-n", "--interval", "-q", "--equexit"],
        ..Spec::EMPTY
    },
    Spec {
        name: "wc",
        props: Props(Props::READS_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0),
        rules: &[Rule { id: "wc.no_widen", sub: &[], any_flag: &["--files0-from"], effect: None }],
        ..Spec::EMPTY
    },
    Spec { name: "wget", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
    Spec { name: "whatis", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "whereis", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "which",
        props: Props(
            Props::READS_ONLY.0 | Props::METADATA_ONLY.0 | Props::DATA_TOOL.0 | Props::QUIET.0,
        ),
        ..Spec::EMPTY
    },
    Spec { name: "whoami", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "whois", props: Props::QUIET, ..Spec::EMPTY },
    Spec {
        name: "wp",
        rules: &[
            Rule {
                id: "wp.db.reset.destroys",
                sub: &["db", "reset"],
                any_flag: &[],
                effect: Some(wipes("drops and recreates the WordPress database")),
            },
            Rule {
                id: "wp.db.drop.destroys",
                sub: &["db", "drop"],
                any_flag: &[],
                effect: Some(wipes("drops the WordPress database")),
            },
            Rule {
                id: "wp.db.clean.destroys",
                sub: &["db", "clean"],
                any_flag: &[],
                effect: Some(wipes("drops every WordPress table")),
            },
            Rule {
                id: "wp.site.empty.destroys",
                sub: &["site", "empty"],
                any_flag: &[],
                effect: Some(wipes("deletes every post, comment and term of the site")),
            },
        ],
        ..Spec::EMPTY
    },
    Spec {
        name: "xargs",
        props: Props(Props::QUIET.0 | Props::NEVER_WIDEN.0),
        value_opts: &[
            "-a",
            "--arg-file",
            "-d",
            "--delimiter",
            "-E",
            "-I",
            "-L",
            "-n",
            "--max-args",
            "-P",
            "--max-procs",
            "-s",
            "--max-chars",
            "--process-slot-var",
        ],
        ..Spec::EMPTY
    },
    Spec { name: "xclip", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "xvfb-run", value_opts: &["-n", "-s", "-f", "-e", "-p", "-l"], ..Spec::EMPTY },
    Spec { name: "xxd", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "xzcat", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "yamllint", props: Props::DATA_TOOL, ..Spec::EMPTY },
    Spec {
        name: "yarn",
        global_value_opts: &["--cwd"],
        global_flags: &["-s", "--silent"],
        groups: &["config", "plugin", "policies", "workspaces", "cache", "npm"],
        props: Props(Props::QUIET.0 | Props::SUBCOMMANDS.0),
        rules: &[
            Rule {
                id: "yarn.runs",
                sub: &[],
                any_flag: &["--script-shell", "--node-options", "--use-yarnrc"],
                effect: RUNS,
            },
            Rule {
                id: "yarn.config.set.configures",
                sub: &["config", "set"],
                any_flag: &[],
                effect: CONFIGURES,
            },
            Rule { id: "yarn.dlx.fetch_run", sub: &["dlx"], any_flag: &[], effect: FETCH_RUN },
            Rule { id: "yarn.exec.no_widen", sub: &["exec"], any_flag: &[], effect: None },
            Rule { id: "yarn.add.no_widen", sub: &["add"], any_flag: &[], effect: None },
            Rule {
                id: "yarn.create.fetch_run",
                sub: &["create"],
                any_flag: &[],
                effect: FETCH_RUN,
            },
            Rule { id: "yarn.no_widen", sub: &[], any_flag: &["--registry"], effect: None },
            Rule { id: "yarn.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "yarn.run.no_widen", sub: &["run"], any_flag: &[], effect: None },
            Rule { id: "yarn.publish.no_widen", sub: &["publish"], any_flag: &[], effect: None },
            Rule { id: "yarn.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
        ],
        verbs: YARN_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "yes", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "yq", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "yum",
        props: Props::SUBCOMMANDS,
        rules: &[
            Rule { id: "yum.install.no_widen", sub: &["install"], any_flag: &[], effect: None },
            Rule { id: "yum.remove.no_widen", sub: &["remove"], any_flag: &[], effect: None },
            Rule { id: "yum.upgrade.no_widen", sub: &["upgrade"], any_flag: &[], effect: None },
        ],
        verbs: YUM_VERBS,
        ..Spec::EMPTY
    },
    Spec { name: "zcat", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec { name: "zgrep", props: Props(Props::DATA_TOOL.0 | Props::QUIET.0), ..Spec::EMPTY },
    Spec {
        name: "zip",
        rules: &[Rule {
            id: "zip.runs",
            sub: &[],
            any_flag: &["-TT", "--unzip-command"],
            effect: RUNS,
        }],
        ..Spec::EMPTY
    },
    Spec { name: "zipinfo", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "zless", props: Props::QUIET, ..Spec::EMPTY },
    Spec { name: "zsh", props: Props::NEVER_WIDEN, ..Spec::EMPTY },
];

/// etcdctl's global options that take a value.
const ETCDCTL_VALUE_OPTS: &[&str] = &[
    "--endpoints",
    "--user",
    "--password",
    "--cacert",
    "--cert",
    "--key",
    "-w",
    "--write-out",
    "--dial-timeout",
    "--command-timeout",
];

/// Deletes or empties what a data store holds (HIGH).
const fn wipes(says: &'static str) -> Effect {
    Effect { tier: Tier::High, factor: Factor::DatabaseDestruction, says }
}

// The built-in subcommands of each program (`Spec::verbs`), one constant per program: sorted,
// unique, lower case (a test checks it), taken from each tool's own documentation.

/// apt's commands (apt(8)).
#[rustfmt::skip]
const APT_VERBS: &[&str] = &[
    "autoclean", "autopurge", "autoremove", "build-dep", "changelog", "clean", "depends",
    "download", "edit-sources", "full-upgrade", "install", "list", "moo", "policy", "purge",
    "rdepends", "reinstall", "remove", "satisfy", "search", "show", "showsrc", "source", "update",
    "upgrade",
];

/// apt-get's commands (apt-get(8)).
#[rustfmt::skip]
const APT_GET_VERBS: &[&str] = &[
    "autoclean", "autopurge", "autoremove", "build-dep", "changelog", "check", "clean",
    "dist-upgrade", "download", "dselect-upgrade", "full-upgrade", "indextargets", "install",
    "markauto", "moo", "purge", "remove", "satisfy", "source", "unmarkauto", "update", "upgrade",
];

/// The AWS CLI's service commands and its own commands (`configure`, `history`; `aws s3`,
/// `aws ec2`, …); a word outside them may be an alias of `~/.aws/cli/alias`.
#[rustfmt::skip]
const AWS_VERBS: &[&str] = &[
    "accessanalyzer", "account", "acm", "acm-pca", "amp", "amplify", "apigateway",
    "apigatewaymanagementapi", "apigatewayv2", "appconfig", "appflow", "application-autoscaling",
    "appmesh", "apprunner", "appstream", "appsync", "athena", "auditmanager", "autoscaling",
    "backup", "batch", "bedrock", "bedrock-agent", "bedrock-agent-runtime", "bedrock-runtime",
    "budgets", "ce", "chime", "cloud9", "cloudcontrol", "cloudformation", "cloudfront",
    "cloudhsmv2", "cloudsearch", "cloudtrail", "cloudwatch", "codeartifact", "codebuild",
    "codecommit", "codeconnections", "codeguru-reviewer", "codepipeline", "codestar-connections",
    "cognito-identity", "cognito-idp", "comprehend", "compute-optimizer", "configservice",
    "configure", "connect", "cur", "databrew", "datapipeline", "datasync", "dax", "ddb", "deploy",
    "detective", "devicefarm", "directconnect", "discovery", "dlm", "dms", "docdb", "ds",
    "dynamodb", "dynamodbstreams", "ebs", "ec2", "ec2-instance-connect", "ecr", "ecr-public", "ecs",
    "efs", "eks", "elasticache", "elasticbeanstalk", "elastictranscoder", "elb", "elbv2", "emr",
    "emr-containers", "emr-serverless", "es", "events", "firehose", "fis", "fms", "forecast", "fsx",
    "gamelift", "glacier", "globalaccelerator", "glue", "grafana", "greengrass", "guardduty",
    "health", "help", "history", "iam", "identitystore", "imagebuilder", "inspector", "inspector2",
    "iot", "iot-data", "kafka", "kendra", "kinesis", "kinesisanalytics", "kinesisanalyticsv2",
    "kinesisvideo", "kms", "lakeformation", "lambda", "lex-models", "lexv2-models", "lightsail",
    "location", "logs", "macie2", "mediaconvert", "medialive", "mediapackage", "mediastore",
    "memorydb", "mq", "mwaa", "neptune", "network-firewall", "networkmanager", "opensearch",
    "opensearchserverless", "organizations", "outposts", "personalize", "pi", "pinpoint", "pipes",
    "polly", "pricing", "qldb", "quicksight", "ram", "rds", "rds-data", "redshift", "redshift-data",
    "redshift-serverless", "rekognition", "resource-explorer-2", "resource-groups",
    "resourcegroupstaggingapi", "route53", "route53domains", "route53resolver", "s3", "s3api",
    "s3control", "s3outposts", "sagemaker", "sagemaker-runtime", "scheduler", "schemas", "sdb",
    "secretsmanager", "securityhub", "serverlessrepo", "service-quotas", "servicecatalog",
    "servicediscovery", "ses", "sesv2", "shield", "signer", "sns", "sqs", "ssm", "ssm-contacts",
    "ssm-incidents", "sso", "sso-admin", "sso-oidc", "stepfunctions", "storagegateway", "sts",
    "support", "swf", "synthetics", "textract", "timestream-query", "timestream-write",
    "transcribe", "transfer", "translate", "verifiedpermissions", "waf", "waf-regional", "wafv2",
    "wellarchitected", "workdocs", "workmail", "workspaces", "xray",
];

/// The Azure CLI's command groups and commands; a word outside them may be an extension's.
#[rustfmt::skip]
const AZ_VERBS: &[&str] = &[
    "account", "acr", "ad", "advisor", "afd", "aks", "ams", "apim", "appconfig", "appservice",
    "aro", "backup", "batch", "bicep", "billing", "bot", "cache", "capacity", "cdn", "cloud",
    "cognitiveservices", "config", "configure", "connection", "consumption", "container",
    "containerapp", "cosmosdb", "databoxedge", "deployment", "deployment-scripts", "disk",
    "disk-access", "disk-encryption-set", "dla", "dls", "dms", "eventgrid", "eventhubs",
    "extension", "feature", "feedback", "find", "functionapp", "group", "hdinsight", "identity",
    "image", "interactive", "iot", "keyvault", "kusto", "lab", "lock", "logicapp", "login",
    "logout", "managed-cassandra", "managedapp", "managedservices", "maps", "mariadb", "monitor",
    "mysql", "netappfiles", "network", "policy", "postgres", "ppg", "private-link", "provider",
    "redis", "relay", "resource", "resourcemanagement", "rest", "restore-point", "role", "search",
    "security", "servicebus", "sf", "sig", "signalr", "snapshot", "sql", "sshkey", "stack",
    "staticwebapp", "storage", "survey", "synapse", "tag", "term", "ts", "upgrade", "version", "vm",
    "vmss", "webapp",
];

/// Homebrew's built-in and developer commands and their aliases; a word outside them may be
/// an external command of a tap.
#[rustfmt::skip]
const BREW_VERBS: &[&str] = &[
    "abv", "analytics", "audit", "autoremove", "bottle", "bump", "bump-cask-pr", "bump-formula-pr",
    "bundle", "casks", "cat", "cleanup", "command", "commands", "completions", "config", "create",
    "deps", "desc", "developer", "docs", "doctor", "dr", "edit", "extract", "fetch", "formula",
    "formulae", "gist-logs", "home", "info", "install", "leaves", "link", "list", "livecheck", "ln",
    "log", "ls", "migrate", "missing", "options", "outdated", "pin", "postinstall", "readall",
    "reinstall", "remove", "rm", "search", "services", "sh", "shellenv", "style", "tap", "tap-info",
    "test", "uninstall", "unlink", "unpin", "untap", "up", "update", "update-reset", "upgrade",
    "uses",
];

/// Bun's commands and their aliases; a word outside them is a script or file it runs.
#[rustfmt::skip]
const BUN_VERBS: &[&str] = &[
    "a", "add", "audit", "build", "c", "completions", "create", "exec", "help", "i", "info", "init",
    "install", "link", "outdated", "patch", "patch-commit", "pm", "publish", "remove", "repl", "rm",
    "run", "test", "unlink", "update", "upgrade", "why", "x",
];

/// Bundler's commands.
#[rustfmt::skip]
const BUNDLE_VERBS: &[&str] = &[
    "add", "binstubs", "cache", "check", "clean", "config", "console", "doctor", "exec", "fund",
    "gem", "help", "info", "init", "inject", "install", "issue", "licenses", "list", "lock", "open",
    "outdated", "platform", "plugin", "pristine", "remove", "show", "update", "version", "viz",
];

/// Cargo's built-in commands and aliases, with `fmt` and `clippy` (shipped with rustup); a
/// word outside them may be a user's alias or a `cargo-*` plugin.
#[rustfmt::skip]
const CARGO_VERBS: &[&str] = &[
    "add", "b", "bench", "build", "c", "check", "clean", "clippy", "d", "doc", "fetch", "fix",
    "fmt", "generate-lockfile", "help", "info", "init", "install", "locate-project", "login",
    "logout", "metadata", "new", "owner", "package", "pkgid", "publish", "r", "read-manifest",
    "remove", "report", "rm", "run", "rustc", "rustdoc", "search", "t", "test", "tree", "uninstall",
    "update", "vendor", "verify-project", "version", "yank",
];

/// Composer's commands and aliases; a word outside them may be a script of composer.json.
#[rustfmt::skip]
const COMPOSER_VERBS: &[&str] = &[
    "about", "archive", "audit", "browse", "bump", "cc", "check-platform-reqs", "clear-cache",
    "clearcache", "config", "create-project", "depends", "diagnose", "dump-autoload",
    "dumpautoload", "exec", "fund", "global", "help", "home", "i", "info", "init", "install",
    "licenses", "list", "outdated", "prohibits", "reinstall", "remove", "require", "run",
    "run-script", "search", "self-update", "selfupdate", "show", "status", "suggests", "u",
    "update", "upgrade", "validate", "why", "why-not",
];

/// conda's (and mamba's) commands.
#[rustfmt::skip]
const CONDA_VERBS: &[&str] = &[
    "activate", "clean", "compare", "config", "create", "deactivate", "doctor", "env", "export",
    "info", "init", "install", "list", "notices", "package", "remove", "rename", "repoquery", "run",
    "search", "shell", "uninstall", "update", "upgrade",
];

/// Deno's commands; a word outside them is a script it runs.
#[rustfmt::skip]
const DENO_VERBS: &[&str] = &[
    "add", "bench", "bundle", "check", "clean", "compile", "completions", "coverage", "doc", "eval",
    "fmt", "help", "info", "init", "install", "jupyter", "lint", "lsp", "outdated", "publish",
    "remove", "repl", "run", "serve", "task", "test", "types", "uninstall", "upgrade", "vendor",
    "x",
];

/// dnf's commands, those of its core plugins, and their aliases; a word outside them may be
/// a user's alias.
#[rustfmt::skip]
const DNF_VERBS: &[&str] = &[
    "advisory", "alias", "autoremove", "builddep", "changelog", "check", "check-update", "clean",
    "config-manager", "copr", "debuginfo-install", "deplist", "distro-sync", "downgrade",
    "download", "environment", "erase", "group", "groupinfo", "groupinstall", "grouplist",
    "groupremove", "help", "history", "in", "info", "install", "leaves", "list", "ls", "makecache",
    "mark", "module", "needs-restarting", "offline", "provides", "reinstall", "remove", "repo",
    "repoclosure", "repoinfo", "repolist", "repoquery", "repository-packages", "reposync", "rm",
    "search", "shell", "swap", "system-upgrade", "up", "update", "updateinfo", "upgrade",
    "upgrade-minimal", "versionlock",
];

/// Docker's commands and official plugins (`compose`, `buildx`, `scout`), with those of podman
/// and nerdctl, its aliases; a word outside them may be another plugin.
#[rustfmt::skip]
const DOCKER_VERBS: &[&str] = &[
    "attach", "auto-update", "build", "builder", "buildx", "checkpoint", "commit", "compose",
    "config", "container", "context", "cp", "create", "diff", "events", "exec", "export", "farm",
    "generate", "healthcheck", "history", "image", "images", "import", "info", "init", "inspect",
    "kill", "kube", "load", "login", "logout", "logs", "machine", "manifest", "mount", "namespace",
    "network", "node", "pause", "play", "plugin", "pod", "port", "ps", "pull", "push", "rename",
    "restart", "rm", "rmi", "run", "save", "scout", "search", "secret", "service", "stack", "start",
    "stats", "stop", "swarm", "system", "tag", "top", "trust", "umount", "unmount", "unpause",
    "unshare", "untag", "update", "version", "volume", "wait",
];

/// The .NET SDK's commands; a word outside them may be a local tool or a program's path.
#[rustfmt::skip]
const DOTNET_VERBS: &[&str] = &[
    "add", "build", "build-server", "clean", "dev-certs", "format", "fsi", "help", "list",
    "msbuild", "new", "nuget", "pack", "package", "publish", "reference", "remove", "restore",
    "run", "sdk", "sln", "store", "test", "tool", "user-jwts", "user-secrets", "vstest", "watch",
    "workload",
];

/// Flatpak's commands.
#[rustfmt::skip]
const FLATPAK_VERBS: &[&str] = &[
    "build", "build-bundle", "build-commit-from", "build-export", "build-finish",
    "build-import-bundle", "build-init", "build-sign", "build-update-repo", "config", "create-usb",
    "document-export", "document-info", "document-unexport", "documents", "enter", "history",
    "info", "install", "kill", "list", "make-current", "mask", "override", "permission-remove",
    "permission-reset", "permission-set", "permission-show", "permissions", "pin", "ps",
    "remote-add", "remote-delete", "remote-info", "remote-ls", "remote-modify", "remotes", "repair",
    "repo", "run", "search", "uninstall", "update",
];

/// gcloud's command groups and commands; a word outside them is not gcloud's.
#[rustfmt::skip]
const GCLOUD_VERBS: &[&str] = &[
    "access-approval", "access-context-manager", "active-directory", "ai", "ai-platform", "alloydb",
    "alpha", "anthos", "api-gateway", "apigee", "app", "artifacts", "asset", "assured", "auth",
    "backup-dr", "batch", "beta", "bigtable", "billing", "bms", "builds", "certificate-manager",
    "cloud-shell", "components", "composer", "compute", "config", "container", "data-catalog",
    "database-migration", "dataflow", "dataplex", "dataproc", "datastore", "datastream", "deploy",
    "deployment-manager", "dns", "domains", "edge-cache", "edge-cloud", "emulators", "endpoints",
    "essential-contacts", "eventarc", "feedback", "filestore", "firebase", "firestore", "functions",
    "healthcare", "help", "iam", "iap", "identity", "ids", "info", "init", "kms", "logging",
    "looker", "managed-kafka", "memcache", "metastore", "ml", "ml-engine", "monitoring", "netapp",
    "network-connectivity", "network-management", "network-security", "network-services",
    "notebooks", "organizations", "policy-intelligence", "policy-troubleshoot", "privateca",
    "projects", "publicca", "pubsub", "recaptcha", "recommender", "redis", "resource-manager",
    "resource-settings", "run", "scc", "scheduler", "secrets", "service-directory", "services",
    "source", "spanner", "sql", "storage", "survey", "tasks", "topic", "transcoder", "transfer",
    "version", "workbench", "workflows", "workspace-add-ons", "workstations",
];

/// RubyGems' commands.
#[rustfmt::skip]
const GEM_VERBS: &[&str] = &[
    "build", "cert", "check", "cleanup", "contents", "dependency", "environment", "exec", "fetch",
    "generate_index", "help", "info", "install", "list", "lock", "mirror", "open", "outdated",
    "owner", "pristine", "push", "query", "rdoc", "rebuild", "search", "signin", "signout",
    "sources", "specification", "stale", "uninstall", "unpack", "update", "which", "yank",
];

/// GitHub CLI's commands (and its default alias `co`); a word outside them may be a user's
/// alias or an extension.
#[rustfmt::skip]
const GH_VERBS: &[&str] = &[
    "alias", "api", "attestation", "auth", "browse", "cache", "co", "codespace", "completion",
    "config", "extension", "gist", "gpg-key", "help", "issue", "label", "org", "pr", "preview",
    "project", "release", "repo", "ruleset", "run", "search", "secret", "ssh-key", "status",
    "variable", "workflow",
];

/// git's commands, porcelain and plumbing (`git help -a`), with `lfs` and `subtree`; a word
/// outside them may be a user's alias or a `git-*` program.
#[rustfmt::skip]
const GIT_VERBS: &[&str] = &[
    "add", "am", "annotate", "apply", "archimport", "archive", "backfill", "bisect", "blame",
    "branch", "bugreport", "bundle", "cat-file", "check-attr", "check-ignore", "check-mailmap",
    "check-ref-format", "checkout", "checkout-index", "cherry", "cherry-pick", "citool", "clean",
    "clone", "column", "commit", "commit-graph", "commit-tree", "config", "count-objects",
    "credential", "credential-cache", "credential-store", "cvsexportcommit", "cvsimport",
    "cvsserver", "daemon", "describe", "diagnose", "diff", "diff-files", "diff-index", "diff-tree",
    "difftool", "fast-export", "fast-import", "fetch", "fetch-pack", "filter-branch",
    "fmt-merge-msg", "for-each-ref", "for-each-repo", "format-patch", "fsck", "fsck-objects", "gc",
    "get-tar-commit-id", "grep", "gui", "hash-object", "help", "hook", "http-backend", "imap-send",
    "index-pack", "init", "init-db", "instaweb", "interpret-trailers", "lfs", "log", "ls-files",
    "ls-remote", "ls-tree", "mailinfo", "mailsplit", "maintenance", "merge", "merge-base",
    "merge-file", "merge-index", "merge-one-file", "merge-tree", "mergetool", "mktag", "mktree",
    "multi-pack-index", "mv", "name-rev", "notes", "p4", "pack-objects", "pack-redundant",
    "pack-refs", "patch-id", "prune", "prune-packed", "pull", "push", "quiltimport", "range-diff",
    "read-tree", "rebase", "receive-pack", "reflog", "refs", "remote", "repack", "replace",
    "replay", "request-pull", "rerere", "reset", "restore", "rev-list", "rev-parse", "revert", "rm",
    "scalar", "send-email", "send-pack", "shortlog", "show", "show-branch", "show-index",
    "show-ref", "sparse-checkout", "stage", "stash", "status", "stripspace", "submodule", "subtree",
    "svn", "switch", "symbolic-ref", "tag", "unpack-file", "unpack-objects", "update-index",
    "update-ref", "update-server-info", "upload-archive", "upload-pack", "var", "verify-commit",
    "verify-pack", "verify-tag", "version", "whatchanged", "worktree", "write-tree",
];

/// GitLab CLI's commands; a word outside them may be a user's alias.
#[rustfmt::skip]
const GLAB_VERBS: &[&str] = &[
    "alias", "api", "auth", "changelog", "check-update", "ci", "cluster", "completion", "config",
    "deploy-key", "duo", "gpg-key", "help", "incident", "issue", "iteration", "job", "label", "mr",
    "opentofu", "release", "repo", "schedule", "securefile", "snippet", "ssh-key", "stack", "token",
    "user", "variable", "version",
];

/// The go command's commands.
#[rustfmt::skip]
const GO_VERBS: &[&str] = &[
    "bug", "build", "clean", "doc", "env", "fix", "fmt", "generate", "get", "help", "install",
    "list", "mod", "run", "telemetry", "test", "tool", "version", "vet", "work",
];

/// Gradle's built-in tasks and those of its core plugins whose names are lower case; any
/// other word may be a build's own task.
#[rustfmt::skip]
const GRADLE_VERBS: &[&str] = &[
    "assemble", "build", "check", "classes", "clean", "dependencies", "help", "init", "jar",
    "javadoc", "projects", "properties", "run", "tasks", "test", "wrapper",
];

/// Helm's commands and their aliases; a word outside them may be a plugin.
#[rustfmt::skip]
const HELM_VERBS: &[&str] = &[
    "completion", "create", "del", "delete", "dep", "dependency", "env", "fetch", "get", "help",
    "hist", "history", "inspect", "install", "lint", "list", "ls", "package", "plugin", "pull",
    "push", "registry", "repo", "rollback", "search", "show", "status", "template", "test", "un",
    "uninstall", "upgrade", "verify", "version",
];

/// Mercurial's commands, those of its bundled extensions, and their aliases; a word outside
/// them may be a user's alias.
#[rustfmt::skip]
const HG_VERBS: &[&str] = &[
    "add", "addremove", "annotate", "archive", "backout", "bisect", "blame", "bookmark",
    "bookmarks", "branch", "branches", "bundle", "cat", "checkout", "ci", "clone", "co", "commit",
    "config", "copy", "cp", "diff", "export", "files", "forget", "graft", "grep", "heads", "help",
    "histedit", "id", "identify", "import", "incoming", "init", "log", "manifest", "merge", "mv",
    "outgoing", "parents", "paths", "phase", "pull", "purge", "push", "rebase", "recover", "remove",
    "rename", "resolve", "revert", "rm", "rollback", "root", "serve", "shelve", "st", "status",
    "strip", "summary", "tag", "tags", "tip", "unbundle", "unshelve", "up", "update", "verify",
    "version",
];

/// kubectl's commands; a word outside them may be a plugin.
#[rustfmt::skip]
const KUBECTL_VERBS: &[&str] = &[
    "alpha", "annotate", "api-resources", "api-versions", "apply", "attach", "auth", "autoscale",
    "certificate", "cluster-info", "completion", "config", "cordon", "cp", "create", "debug",
    "delete", "describe", "diff", "drain", "edit", "events", "exec", "explain", "expose", "get",
    "help", "kustomize", "label", "logs", "options", "patch", "plugin", "port-forward", "proxy",
    "replace", "rollout", "run", "scale", "set", "taint", "top", "uncordon", "version", "wait",
];

/// Maven's lifecycle phases; plugin goals (`dependency:tree`) are not kept.
#[rustfmt::skip]
const MVN_VERBS: &[&str] = &[
    "clean", "compile", "deploy", "generate-resources", "generate-sources",
    "generate-test-resources", "generate-test-sources", "initialize", "install", "integration-test",
    "package", "post-clean", "post-integration-test", "post-site", "pre-clean",
    "pre-integration-test", "pre-site", "prepare-package", "process-classes", "process-resources",
    "process-sources", "process-test-classes", "process-test-resources", "process-test-sources",
    "site", "site-deploy", "test", "test-compile", "validate", "verify",
];

/// The nix command's commands.
#[rustfmt::skip]
const NIX_VERBS: &[&str] = &[
    "build", "bundle", "config", "copy", "daemon", "derivation", "develop", "edit", "env", "eval",
    "flake", "fmt", "formatter", "hash", "help", "help-stores", "key", "log", "nar", "path-info",
    "print-dev-env", "profile", "realisation", "registry", "repl", "run", "search", "shell",
    "store", "upgrade-nix", "why-depends",
];

/// npm's commands and their aliases; a package's scripts run only through `run`, `test`,
/// `start`, `stop` and `restart`.
#[rustfmt::skip]
const NPM_VERBS: &[&str] = &[
    "access", "add", "adduser", "audit", "author", "bugs", "c", "cache", "ci", "cit",
    "clean-install", "clean-install-test", "completion", "config", "create", "ddp", "dedupe",
    "deprecate", "diff", "dist-tag", "dist-tags", "docs", "doctor", "edit", "exec", "explain",
    "explore", "find", "find-dupes", "fund", "get", "help", "help-search", "home", "hook", "i",
    "info", "init", "innit", "install", "install-ci-test", "install-clean", "install-test",
    "issues", "it", "la", "link", "list", "ll", "ln", "login", "logout", "ls", "org", "outdated",
    "owner", "pack", "ping", "pkg", "prefix", "profile", "prune", "publish", "query", "r", "rb",
    "rebuild", "remove", "repo", "restart", "rm", "root", "run", "run-script", "s", "sbom", "se",
    "search", "set", "show", "shrinkwrap", "sit", "star", "stars", "start", "stop", "t", "team",
    "test", "token", "tst", "un", "undeprecate", "uninstall", "unlink", "unpublish", "unstar", "up",
    "update", "upgrade", "v", "version", "view", "whoami", "x",
];

/// pip's commands.
#[rustfmt::skip]
const PIP_VERBS: &[&str] = &[
    "cache", "check", "config", "debug", "download", "freeze", "hash", "help", "index", "inspect",
    "install", "list", "lock", "search", "show", "uninstall", "wheel",
];

/// pnpm's commands, their aliases and the npm commands it passes on; a word outside them may
/// be a script.
#[rustfmt::skip]
const PNPM_VERBS: &[&str] = &[
    "access", "add", "approve-builds", "audit", "bin", "cat-file", "cat-index", "config", "create",
    "dedupe", "deploy", "deprecate", "dist-tag", "dlx", "docs", "doctor", "env", "exec", "fetch",
    "find-hash", "get", "help", "i", "ignored-builds", "import", "info", "init", "install",
    "install-test", "it", "licenses", "link", "list", "ll", "ln", "login", "logout", "ls",
    "outdated", "owner", "pack", "patch", "patch-commit", "patch-remove", "prune", "publish", "rb",
    "rebuild", "recursive", "remove", "rm", "root", "run", "search", "self-update", "server", "set",
    "setup", "start", "store", "t", "test", "token", "un", "uninstall", "unlink", "unpublish", "up",
    "update", "upgrade", "version", "view", "whoami", "why",
];

/// Poetry's commands.
#[rustfmt::skip]
const POETRY_VERBS: &[&str] = &[
    "about", "add", "build", "cache", "check", "config", "debug", "env", "export", "help", "init",
    "install", "list", "lock", "new", "publish", "python", "remove", "run", "search", "self",
    "shell", "show", "source", "sync", "update", "version",
];

/// Ruff's commands.
#[rustfmt::skip]
const RUFF_VERBS: &[&str] = &[
    "analyze", "check", "clean", "config", "format", "help", "linter", "rule", "server", "version",
];

/// rustup's commands.
#[rustfmt::skip]
const RUSTUP_VERBS: &[&str] = &[
    "check", "completions", "component", "default", "doc", "dump-testament", "help", "install",
    "man", "override", "run", "self", "set", "show", "target", "toolchain", "uninstall", "update",
    "which",
];

/// snapd's commands.
#[rustfmt::skip]
const SNAP_VERBS: &[&str] = &[
    "abort", "ack", "advise-snap", "alias", "aliases", "changes", "connect", "connections", "debug",
    "disable", "disconnect", "download", "enable", "find", "get", "help", "info", "install",
    "interfaces", "known", "list", "login", "logout", "logs", "model", "okay", "pack", "prefer",
    "prepare-image", "refresh", "remodel", "remove", "repair", "restart", "restore", "revert",
    "run", "save", "saved", "services", "set", "sign", "sign-build", "start", "stop", "switch",
    "tasks", "try", "unalias", "unset", "version", "wait", "warnings", "watch", "whoami",
];

/// Subversion's commands and their aliases.
#[rustfmt::skip]
const SVN_VERBS: &[&str] = &[
    "add", "ann", "annotate", "auth", "blame", "cat", "changelist", "checkout", "ci", "cl",
    "cleanup", "co", "commit", "copy", "cp", "del", "delete", "di", "diff", "export", "help",
    "import", "info", "list", "lock", "log", "ls", "merge", "mergeinfo", "mkdir", "move", "mv",
    "patch", "pd", "pdel", "pe", "pedit", "pg", "pget", "pl", "plist", "praise", "propdel",
    "propedit", "propget", "proplist", "propset", "ps", "pset", "relocate", "remove", "rename",
    "resolve", "resolved", "revert", "rm", "shelve", "shelves", "st", "stat", "status", "sw",
    "switch", "unlock", "unshelve", "up", "update", "upgrade",
];

/// systemctl's commands; unit names come after them.
#[rustfmt::skip]
const SYSTEMCTL_VERBS: &[&str] = &[
    "add-requires", "add-wants", "bind", "cancel", "cat", "clean", "daemon-reexec", "daemon-reload",
    "default", "disable", "edit", "emergency", "enable", "exit", "freeze", "get-default", "halt",
    "help", "hibernate", "hybrid-sleep", "import-environment", "is-active", "is-enabled",
    "is-failed", "is-system-running", "isolate", "kexec", "kill", "link", "list-automounts",
    "list-dependencies", "list-jobs", "list-machines", "list-paths", "list-sockets", "list-timers",
    "list-unit-files", "list-units", "log-level", "log-target", "mask", "mount-image", "poweroff",
    "preset", "preset-all", "reboot", "reenable", "reload", "reload-or-restart", "rescue",
    "reset-failed", "restart", "revert", "service-log-level", "service-log-target", "set-default",
    "set-environment", "set-property", "show", "show-environment", "soft-reboot", "start", "status",
    "stop", "suspend", "suspend-then-hibernate", "switch-root", "thaw", "try-reload-or-restart",
    "try-restart", "unmask", "unset-environment", "whoami",
];

/// Terraform's (and OpenTofu's) commands.
#[rustfmt::skip]
const TERRAFORM_VERBS: &[&str] = &[
    "apply", "console", "destroy", "env", "fmt", "force-unlock", "get", "graph", "import", "init",
    "login", "logout", "metadata", "output", "plan", "providers", "refresh", "show", "state",
    "taint", "test", "untaint", "validate", "version", "workspace",
];

/// uv's commands.
#[rustfmt::skip]
const UV_VERBS: &[&str] = &[
    "add", "auth", "build", "cache", "export", "format", "help", "init", "lock", "pip", "publish",
    "python", "remove", "run", "self", "sync", "tool", "tree", "venv", "version",
];

/// Yarn's commands (classic and modern); a word outside them may be a script.
#[rustfmt::skip]
const YARN_VERBS: &[&str] = &[
    "add", "audit", "autoclean", "bin", "cache", "check", "config", "constraints", "create",
    "dedupe", "dlx", "exec", "explain", "generate-lock-entry", "global", "help", "import", "info",
    "init", "install", "licenses", "link", "list", "login", "logout", "node", "npm", "outdated",
    "owner", "pack", "patch", "patch-commit", "plugin", "policies", "publish", "rebuild", "remove",
    "run", "search", "set", "stage", "tag", "team", "test", "unlink", "unplug", "up", "upgrade",
    "upgrade-interactive", "version", "versions", "why", "workspace", "workspaces",
];

/// yum's commands.
#[rustfmt::skip]
const YUM_VERBS: &[&str] = &[
    "autoremove", "check", "check-update", "clean", "deplist", "distribution-synchronization",
    "distro-sync", "downgrade", "erase", "fs", "fssnapshot", "groupinfo", "groupinstall",
    "grouplist", "groupremove", "groups", "help", "history", "info", "install", "list",
    "load-transaction", "localinstall", "localupdate", "makecache", "provides", "reinstall",
    "remove", "repo-pkgs", "repolist", "search", "shell", "swap", "update", "update-minimal",
    "updateinfo", "upgrade", "upgrade-minimal", "version", "whatprovides",
];

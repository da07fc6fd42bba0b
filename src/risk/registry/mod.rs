//! The registry of program knowledge: one [`Spec`] per program, in the sorted static table
//! [`table::SPECS`], read by the classifier, the unwrapper's subcommand logic, learning's
//! normalizer and self-protection, so that a fact about a program (its other names, which
//! global options take a value, which subcommands destroy or run code, whether it only reads)
//! is written once.
//!
//! A spec holds the program's name and aliases, its global options (with and without a value)
//! that may come before the subcommand, options that take a value anywhere, the subcommands
//! that are groups of their own (learning keeps their verb), property flags ([`Props`]) and
//! declarative [`Rule`]s: *when* the leading operands are `sub` and any of `any_flag` is given
//! (after the subcommand, before `--`), the command has the rule's [`Effect`] (tier, factor,
//! plain-language text) — or, for a rule without an effect, the command is never widened by
//! learning. Every rule has a stable id (`git.branch.destroys`) that `explain` shows.
//!
//! The flags [`Props::SUBCOMMANDS`], [`Props::NEVER_WIDEN`] and [`Props::TASK_RUNNER`] are
//! learning's knowledge of a program ([`widening`]), and the matcher of rules ([`Operands`])
//! is also the matcher of the user's `[[risk.rule]]`s, which have the same shape.
//!
//! The registry is also the vocabulary of shared intelligence ([`crate::intel::generalize`]):
//! an export names only programs that have a spec here (by their key, so `podman` is `docker`)
//! and, after them, only words of the spec's [`Spec::verbs`], the program's built-in
//! subcommands. A few specs exist for that alone (`gcc`, `psql`, `svn`, …): a spec with no
//! options, flags or rules reads to the classifier, learning and self-protection exactly like
//! an unknown program.
//!
//! Procedural knowledge (rm path analysis, find -exec, tar mode letters, sed scripts, SQL) is
//! not here: it stays in named handlers of the classifier.
//!
//! Invariants: the tables are static data, sorted by name (a test checks it), so a lookup is a
//! binary search and nothing is built at start-up; names are lower case; every rule id is
//! unique and every rule's factor is a [`Factor`], which is explained.

mod table;

use super::Tier;
use super::factor::Factor;

pub(crate) use table::SPECS;

/// Property flags of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Props(pub(crate) u8);

impl Props {
    /// No property.
    pub(crate) const NONE: Props = Props(0);
    /// Reads the files it names and writes nothing but standard output (self-protection lets
    /// it name protected files).
    pub(crate) const READS_ONLY: Props = Props(1);
    /// Of [`Props::READS_ONLY`], looks at names and metadata only, never at contents.
    pub(crate) const METADATA_ONLY: Props = Props(1 << 1);
    /// Takes only options and data operands, with no subcommand that changes what it does:
    /// learning widens it at the program level (`ls -la` → `ls*`).
    pub(crate) const DATA_TOOL: Props = Props(1 << 2);
    /// Known to the classifier: without another finding it is not reported as an unknown
    /// program that may do anything.
    pub(crate) const QUIET: Props = Props(1 << 3);
    /// Its first operand is a subcommand worth keeping: learning widens `git log -5` to
    /// `git log*` (and keeps the verb after a group of [`Spec::groups`]).
    pub(crate) const SUBCOMMANDS: Props = Props(1 << 4);
    /// Never widened by learning, whatever its arguments: it deletes, changes permissions,
    /// runs other programs or code, or moves data over the network (wins over every other
    /// flag).
    pub(crate) const NEVER_WIDEN: Props = Props(1 << 5);
    /// Runs the targets named on its command line (`make deploy`): learning widens it only
    /// when it has no arguments.
    pub(crate) const TASK_RUNNER: Props = Props(1 << 6);

    /// Whether every flag of `other` is set.
    pub(crate) fn contains(self, other: Props) -> bool {
        self.0 & other.0 == other.0
    }
}

/// What a matching rule reports: tier, factor and a plain-language phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Effect {
    /// The tier the rule implies.
    pub(crate) tier: Tier,
    /// The factor reported.
    pub(crate) factor: Factor,
    /// What the command does, in plain language.
    pub(crate) says: &'static str,
}

/// A declarative rule of a program: when the leading operands are `sub` and (unless
/// `any_flag` is empty) any of `any_flag` is given after them and before `--`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// A stable id, `program.subcommand….kind` (`git.stash.drop.destroys`).
    pub(crate) id: &'static str,
    /// Leading operands after the program's global options (`["stash", "drop"]`); empty: any.
    pub(crate) sub: &'static [&'static str],
    /// Any of these options, before `--` (`--output` also matches `--output=x` and
    /// unambiguous abbreviations, `-O` also `-Ovalue` and short clusters holding `O`); empty:
    /// the subcommand alone matches.
    pub(crate) any_flag: &'static [&'static str],
    /// What the classifier reports. `None` for rules that only stop widening (the classifier
    /// judges the command by its handler, such as `npx <pkg>`).
    pub(crate) effect: Option<Effect>,
}

/// Everything the registry knows about one program.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// The program key: lower-case basename.
    pub(crate) name: &'static str,
    /// Other names that mean this program (`podman` for `docker`); each is a row of
    /// [`table::ALIASES`] too (which is what lookups read; a test keeps both in step).
    #[cfg_attr(not(test), allow(dead_code, reason = "documents the spec; lookups use ALIASES"))]
    pub(crate) aliases: &'static [&'static str],
    /// Options before the subcommand that take a separate value (`git -C dir`).
    pub(crate) global_value_opts: &'static [&'static str],
    /// Options before the subcommand without a value (`git --no-pager`).
    pub(crate) global_flags: &'static [&'static str],
    /// Options that take a separate value anywhere in the command (`ssh -p 22`).
    pub(crate) value_opts: &'static [&'static str],
    /// Subcommands that are groups of their own (`git stash list|drop`); `*`: all are.
    pub(crate) groups: &'static [&'static str],
    /// Property flags.
    pub(crate) props: Props,
    /// Declarative rules, in the order they are reported.
    pub(crate) rules: &'static [Rule],
    /// The program's built-in subcommands (sorted, lower case; empty for a program without
    /// subcommands, or whose first word is the user's own, such as a make target): the only
    /// words after the program that a shared-intelligence export may name
    /// ([`crate::intel::generalize`]). A word outside them may be a user's alias, script,
    /// plugin or target (`git ship-it`, `yarn deploy-acme`, `cargo xtask`), so it never leaves
    /// the organisation.
    pub(crate) verbs: &'static [&'static str],
}

impl Spec {
    /// A spec with nothing set, for `..Spec::EMPTY` in the table.
    pub(crate) const EMPTY: Spec = Spec {
        name: "",
        aliases: &[],
        global_value_opts: &[],
        global_flags: &[],
        value_opts: &[],
        groups: &[],
        props: Props::NONE,
        rules: &[],
        verbs: &[],
    };
}

/// Runs code named on the command line.
pub(crate) const RUNS: Option<Effect> = Some(Effect {
    tier: Tier::High,
    factor: Factor::CodeExecutionOption,
    says: "runs a program named in its options",
});
/// Writes a file named on the command line.
pub(crate) const WRITES: Option<Effect> = Some(Effect {
    tier: Tier::Medium,
    factor: Factor::FileWriteOption,
    says: "writes a file named in its options",
});
/// Deletes or rewrites repository or container state.
pub(crate) const DESTROYS: Option<Effect> = Some(Effect {
    tier: Tier::Medium,
    factor: Factor::DestructiveSubcommand,
    says: "deletes or rewrites state that may not come back",
});
/// Changes configuration that later commands obey.
pub(crate) const CONFIGURES: Option<Effect> = Some(Effect {
    tier: Tier::Medium,
    factor: Factor::ConfigWrite,
    says: "changes configuration that later commands obey",
});
/// Downloads a package and runs it.
pub(crate) const FETCH_RUN: Option<Effect> = Some(Effect {
    tier: Tier::Medium,
    factor: Factor::PackageFetchRun,
    says: "downloads a package and runs it",
});

/// The spec of a program by its key or one of its aliases (case-insensitive).
pub(crate) fn spec(program: &str) -> Option<&'static Spec> {
    let lower;
    let name = if program.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = program.to_ascii_lowercase();
        lower.as_str()
    } else {
        program
    };
    let name = table::ALIASES
        .binary_search_by(|(alias, _)| (*alias).cmp(name))
        .ok()
        .and_then(|i| table::ALIASES.get(i))
        .map_or(name, |(_, canonical)| *canonical);
    SPECS.binary_search_by(|s| s.name.cmp(name)).ok().and_then(|i| SPECS.get(i))
}

/// The program key `program` (a key or alias, any case) stands for: the spec's name when the
/// registry knows it (`podman` → `docker`), else `program` in lower case.
pub(crate) fn canonical(program: &str) -> std::borrow::Cow<'static, str> {
    spec(program).map_or_else(
        || std::borrow::Cow::Owned(program.to_ascii_lowercase()),
        |s| std::borrow::Cow::Borrowed(s.name),
    )
}

/// Whether the registry has a spec for `program` (a key or alias, any case).
pub(crate) fn known(program: &str) -> bool {
    spec(program).is_some()
}

/// The built-in subcommands of `program` (a key or alias, any case) that shared intelligence
/// may export ([`Spec::verbs`]); empty for a program the registry does not know.
pub(crate) fn verbs(program: &str) -> &'static [&'static str] {
    spec(program).map_or(&[], |s| s.verbs)
}

/// How learning may widen a command of a program, from its spec's [`Props`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Widening {
    /// Never ([`Props::NEVER_WIDEN`]).
    Never,
    /// Only without arguments ([`Props::TASK_RUNNER`]).
    TaskRunner,
    /// To its subcommand ([`Props::SUBCOMMANDS`]); the spec is the program's.
    Subcommand(&'static Spec),
    /// To the program ([`Props::DATA_TOOL`]).
    Program,
    /// Nothing the registry knows: the normalizer's own rule for other programs.
    Other,
}

/// How learning may widen a command of `program` (a key or alias).
pub(crate) fn widening(program: &str) -> Widening {
    let Some(s) = spec(program) else { return Widening::Other };
    if s.props.contains(Props::NEVER_WIDEN) {
        Widening::Never
    } else if s.props.contains(Props::TASK_RUNNER) {
        Widening::TaskRunner
    } else if s.props.contains(Props::SUBCOMMANDS) {
        Widening::Subcommand(s)
    } else if s.props.contains(Props::DATA_TOOL) {
        Widening::Program
    } else {
        Widening::Other
    }
}

/// Whether `program` (a key or alias) has every flag of `props`.
pub(crate) fn has(program: &str, props: Props) -> bool {
    spec(program).is_some_and(|s| s.props.contains(props))
}

/// Options of `program` (a key or alias) that take a separate value anywhere in its command.
pub(crate) fn value_opts(program: &str) -> &'static [&'static str] {
    spec(program).map_or(&[], |s| s.value_opts)
}

/// The position of the subcommand in `args` when every option before it is a known global
/// option of `program` (`git --no-pager -C x log` → 3); `None` when there is no operand or
/// an unknown option comes first (its value could be mistaken for the subcommand).
pub(crate) fn subcommand_at(program: &str, args: &[&str]) -> Option<usize> {
    let (with_value, flags) =
        spec(program).map_or((&[][..], &[][..]), |s| (s.global_value_opts, s.global_flags));
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if !a.starts_with('-') || *a == "-" {
            return Some(i);
        }
        if with_value.contains(a) {
            i += 2;
        } else if flags.contains(a)
            || with_value.iter().any(|o| {
                o.starts_with("--") && a.strip_prefix(o).is_some_and(|r| r.starts_with('='))
            })
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
pub(crate) fn opt_matches(arg: &str, opt: &str) -> bool {
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

/// A command's arguments as rules read them: the leading operands after the program's
/// global options (at most three, with their positions) and where the options end (`--`).
/// Shared by the registry's rules and the user's `[[risk.rule]]`s, so both match alike.
pub(crate) struct Operands<'a, 'b> {
    args: &'b [&'a str],
    lead: Vec<(usize, &'a str)>,
    end: usize,
}

impl<'a, 'b> Operands<'a, 'b> {
    /// Reads `args` of `program` (a key or alias; an unknown program has no global options).
    pub(crate) fn new(program: &str, args: &'b [&'a str]) -> Operands<'a, 'b> {
        Operands::of(spec(program).unwrap_or(&Spec::EMPTY), args)
    }

    fn of(spec: &Spec, args: &'b [&'a str]) -> Operands<'a, 'b> {
        let mut lead = Vec::new();
        let mut i = 0;
        while let Some(a) = args.get(i) {
            if *a == "--" {
                break;
            }
            if a.starts_with('-') && a.len() > 1 {
                if lead.is_empty() && spec.global_value_opts.contains(a) {
                    i += 1;
                }
            } else {
                lead.push((i, *a));
                if lead.len() >= 3 {
                    break;
                }
            }
            i += 1;
        }
        let end = args.iter().position(|a| *a == "--").unwrap_or(args.len());
        Operands { args, lead, end }
    }

    /// Whether the leading operands are `sub` (case-insensitive; empty: any) and, unless
    /// `any_flag` is empty, any of `any_flag` is given after them and before `--` (spelled
    /// as [`opt_matches`] reads it: `--flag=value`, abbreviations, short clusters).
    pub(crate) fn matches<S: AsRef<str>>(&self, sub: &[S], any_flag: &[S]) -> bool {
        let sub_ok = sub.len() <= self.lead.len()
            && sub.iter().zip(&self.lead).all(|(s, (_, l))| l.eq_ignore_ascii_case(s.as_ref()));
        if !sub_ok {
            return false;
        }
        let from =
            sub.len().checked_sub(1).and_then(|k| self.lead.get(k)).map_or(0, |(i, _)| i + 1);
        let opts = self.args.get(from..self.end).unwrap_or_default();
        any_flag.is_empty()
            || opts.iter().any(|a| any_flag.iter().any(|o| opt_matches(a, o.as_ref())))
    }
}

/// Every rule of `program`'s spec that `args` match (a rule's options count after its
/// subcommand, up to `--`), plus git's `-c` with a key outside the known-harmless ones
/// (pagers, aliases, hooks and filters run programs), in table order.
pub(crate) fn matching_rules(program: &str, args: &[&str]) -> Vec<&'static Rule> {
    let mut out = Vec::new();
    let Some(spec) = spec(program) else { return out };
    if spec.rules.is_empty() {
        return out;
    }
    let ops = Operands::of(spec, args);
    out.extend(spec.rules.iter().filter(|r| ops.matches(r.sub, r.any_flag)));
    if spec.name == "git" && super::rules::git_config_runs(args) {
        out.push(&GIT_CONFIG_OPTION);
    }
    out
}

/// `git -c key=value …` with a key that can make git run a program.
const GIT_CONFIG_OPTION: Rule = Rule {
    id: "git.config_option.runs",
    sub: &[],
    any_flag: &["-c"],
    effect: Some(Effect {
        tier: Tier::High,
        factor: Factor::CodeExecutionOption,
        says: "sets a git option that can run a program",
    }),
};

#[cfg(test)]
mod tests {
    use super::table::ALIASES;
    use super::*;

    #[test]
    fn tables_are_sorted_lower_case_and_well_formed() {
        for pair in SPECS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} must sort before {}",
                pair[0].name,
                pair[1].name
            );
        }
        for pair in ALIASES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "alias {} must sort before {}", pair[0].0, pair[1].0);
        }
        for (alias, name) in ALIASES {
            let s = spec(name);
            assert!(s.is_some_and(|s| s.aliases.contains(alias)), "{alias} → {name}");
            assert!(SPECS.binary_search_by(|s| s.name.cmp(alias)).is_err(), "{alias} has a spec");
        }
        let mut ids = std::collections::HashSet::new();
        for s in SPECS {
            assert_eq!(s.name, s.name.to_ascii_lowercase());
            for a in s.aliases {
                assert_eq!(spec(a).map(|t| t.name), Some(s.name), "alias {a}");
            }
            for r in s.rules {
                assert!(ids.insert(r.id), "duplicate rule id {}", r.id);
                assert!(r.id.starts_with(&format!("{}.", s.name)), "{}", r.id);
                assert!(r.sub.iter().all(|w| !w.is_empty() && !w.starts_with('-')), "{}", r.id);
                assert!(r.any_flag.iter().all(|o| o.starts_with('-')), "{}", r.id);
                if let Some(e) = r.effect {
                    assert!(!e.factor.explanation().is_empty(), "{}", r.id);
                    assert!(!e.says.is_empty(), "{}", r.id);
                }
            }
            for o in s.global_value_opts.iter().chain(s.global_flags).chain(s.value_opts) {
                assert!(o.starts_with('-'), "{}: {o}", s.name);
            }
        }
        assert!(ids.insert(GIT_CONFIG_OPTION.id));
    }

    /// Every vocabulary is sorted, unique and lower case (lookups binary-search it), every
    /// program whose first operand learning keeps has one, and it holds every subcommand the
    /// spec's own groups and rules name (a rule about `git stash drop` is about a built-in),
    /// except the plugins and conventions the classifier knows, which are not built in.
    #[test]
    fn every_vocabulary_is_sorted_lower_case_and_covers_the_specs_subcommands() {
        // journalctl's operands are journal matches (`_PID=1`, a unit's path), not subcommands.
        const NO_SUBCOMMANDS: &[&str] = &["journalctl"];
        // cargo-make, the `cargo xtask` alias convention, git-filter-repo.
        const NOT_BUILT_IN: &[(&str, &str)] =
            &[("cargo", "make"), ("cargo", "xtask"), ("git", "filter-repo")];
        let mut with_verbs = 0;
        for s in SPECS {
            for pair in s.verbs.windows(2) {
                assert!(pair[0] < pair[1], "{}: {} must sort before {}", s.name, pair[0], pair[1]);
            }
            for v in s.verbs {
                let word =
                    |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c);
                assert!(
                    v.starts_with(|c: char| c.is_ascii_lowercase()) && v.chars().all(word),
                    "{}: {v:?}",
                    s.name
                );
            }
            if s.props.contains(Props::SUBCOMMANDS) && !NO_SUBCOMMANDS.contains(&s.name) {
                assert!(!s.verbs.is_empty(), "{} keeps a subcommand but names none", s.name);
            }
            if s.verbs.is_empty() {
                continue;
            }
            with_verbs += 1;
            let named = s
                .groups
                .iter()
                .filter(|g| **g != "*")
                .chain(s.rules.iter().filter_map(|r| r.sub.first()));
            for sub in named.filter(|sub| !NOT_BUILT_IN.contains(&(s.name, **sub))) {
                assert!(s.verbs.binary_search(sub).is_ok(), "{}: {sub} is not a verb", s.name);
            }
            for (program, sub) in NOT_BUILT_IN {
                assert!(s.name != *program || !s.verbs.contains(sub), "{program} {sub}");
            }
        }
        assert!(with_verbs >= 40, "{with_verbs}");
        for p in ["make", "just", "task", "npx", "ls"] {
            assert!(verbs(p).is_empty(), "{p}: its first word is the user's own or an operand");
        }
        assert_eq!(verbs("podman"), verbs("docker"));
        assert!(verbs("Git").contains(&"log") && !verbs("git").contains(&"my-alias"));
        assert!(verbs("nosuchprogram").is_empty());
        assert!(known("pip3") && known("gcc") && !known("acme-deploy"));
    }

    fn rules(cmd: &str) -> Vec<&'static str> {
        let words: Vec<&str> = cmd.split(' ').collect();
        matching_rules(words[0], &words[1..]).iter().map(|r| r.id).collect()
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
            "podman image prune -af",
            "kubectl -n x config view --raw",
            "cargo add serde",
            "go test -exec=x ./...",
            "Git stash drop",
        ] {
            assert!(!rules(cmd).is_empty(), "{cmd}");
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
            "nosuchprogram x",
        ] {
            assert!(rules(cmd).is_empty(), "{cmd}");
        }
        assert_eq!(rules("git stash drop"), ["git.stash.drop.destroys"]);
        assert_eq!(rules("git -c core.pager=x log"), ["git.config_option.runs"]);
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
        assert_eq!(at("git --namespace=x log"), Some(1));
        assert_eq!(at("npm --loglevel warn install x"), None);
        assert_eq!(at("git --version"), None);
    }

    #[test]
    fn learning_reads_its_widening_from_the_props() {
        let kind = |p: &str| match widening(p) {
            Widening::Never => "never",
            Widening::TaskRunner => "task",
            Widening::Subcommand(s) => s.name,
            Widening::Program => "program",
            Widening::Other => "other",
        };
        for (p, k) in [
            ("git", "git"),
            ("podman", "docker"),
            ("PIP3", "pip"),
            ("rm", "never"),
            ("deno", "never"),
            ("bash", "never"),
            ("make", "task"),
            ("tox", "task"),
            ("ls", "program"),
            ("tmux", "other"),
            ("nosuchprogram", "other"),
        ] {
            assert_eq!(kind(p), k, "{p}");
        }
        assert_eq!(canonical("Podman"), "docker");
        assert_eq!(canonical("Terraform"), "terraform");
        assert_eq!(canonical("NoSuch"), "nosuch");
    }

    #[test]
    fn operands_match_words_and_options_of_any_string_type() {
        let args = ["-C", "x", "stash", "drop", "--quiet", "--", "-f"];
        let ops = Operands::new("git", &args);
        assert!(ops.matches(&["stash", "drop"], &[]));
        assert!(ops.matches(&["STASH".to_owned()], &["--quiet".to_owned()]));
        assert!(!ops.matches(&["stash"], &["-f"]));
        assert!(!ops.matches(&["drop"], &[]));
        let ops = Operands::new("kubectl", &["get", "pods", "--all-namespaces=true"]);
        assert!(ops.matches(&[], &["--all-namespaces"]));
        assert!(ops.matches(&["get"], &["--all-namespaces"]));
    }

    #[test]
    fn properties_and_aliases() {
        assert!(has("cat", Props::READS_ONLY));
        assert!(has("ls", Props::METADATA_ONLY));
        assert!(!has("rm", Props::READS_ONLY));
        assert!(has("jq", Props::DATA_TOOL));
        assert_eq!(spec("podman").map(|s| s.name), Some("docker"));
        assert_eq!(spec("PIP3").map(|s| s.name), Some("pip"));
        assert!(spec("nosuchprogram").is_none());
    }
}

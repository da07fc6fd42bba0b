//! Shared intelligence: what many organisations approve and deny, without revealing anyone's
//! decisions.
//!
//! An export holds, for each learned pattern generalized to its command and subcommand
//! ([`generalize`]), one bit — "this organisation approves it" — passed through **randomized
//! response** with privacy parameter ε ([`Mechanism`]): the true bit is reported with
//! probability `p = e^ε / (1 + e^ε)`, the flipped bit otherwise, so any report is at most
//! `e^ε` times likelier under one true answer than the other (ε-local differential privacy
//! per pattern; an export of `k` patterns spends `k·ε` in all, stated in the file). The
//! export is signed with an ed25519 key of the store (`intel.key`, random, unrelated to any
//! identity); the organisation id is the public key's fingerprint, so anyone can check that an
//! export was not altered and no one learns who made it.
//!
//! Pooling many exports, [`estimate`] undoes the noise with the unbiased estimator of the
//! mechanism, `x = (r − (1 − p)) / (2p − 1)` per report, averaged over organisations, with its
//! variance `Σ λᵢ(1 − λᵢ)/(2pᵢ − 1)² / n²` where `λᵢ = π pᵢ + (1 − π)(1 − pᵢ)` is the chance of
//! a 1-report, and a normal 95 % interval. The signal is advisory only: it never decides and
//! never lowers a risk tier.
//!
//! What leaves the machine: the generalized patterns, the randomized bits, ε, the creation
//! time, and the public key. A shell pattern is reduced to a program of the risk registry
//! (under its key: `podman` is `docker`) and at most one of that program's built-in
//! subcommands as the registry lists them (`git log`, `cargo test`, `yarn install`); a word a
//! user could have chosen (an alias, a package script, a plugin, a make or just target:
//! `git ship-it`, `yarn deploy-acme`, `make release`) is never exported, the program goes
//! alone (`git`, `yarn`, `make`). Unknown programs, script paths, scripts and code run by
//! shells and interpreters, wrappers and compound lines are left out; files, web and
//! everything else are reduced to tool and action. Import applies the same rule again. Which
//! command/subcommand pairs an organisation has decided on is visible; what it decided is
//! deniable.

pub mod document;

use serde::{Deserialize, Serialize};

/// Generalized pattern for every non-shell request and for shell commands that do not
/// generalize: nothing beyond tool and action.
pub const ANY: &str = "*";

/// Generalize a learned pattern so that nothing but the tool, the action and (for shell
/// commands of programs the registry knows) the program and one of its built-in subcommands
/// leaves the organisation. `None` when nothing shareable is left.
///
/// A shell command is exported only when it is one simple command that runs nothing inside it
/// (not a compound line, not a wrapper such as `sudo`, `env`, `xargs`, `bash -c` or
/// `find -exec`), named by its bare name (not a path, not a function), and the registry has a
/// spec for the program: it is exported under the spec's key (`podman ps` → `docker ps`). The
/// first operand after the program's known global options is kept only when it is one of the
/// spec's built-in subcommands (the registry's `verbs`); anything else (a user's alias,
/// script, plugin or target: `yarn deploy-acme`, `git ship-it`, `make release`) leaves the
/// program alone. A shell or interpreter given an operand that is not such a subcommand, or
/// given input, runs a script or code of the user's (`python3 deploy.py`, `bash x.sh`,
/// `awk '…'`, `python3 <<EOF`) and is not exported at all. Unknown programs and script paths
/// are left out.
///
/// A fixed point: whatever it returns generalizes to itself, which is what an import checks
/// before it pools a report.
pub fn generalize(tool: &str, action: &str, pattern: &str) -> Option<(String, String, String)> {
    use crate::risk::registry;
    use crate::risk::shell::{interpreter_lang, is_shell};
    // Tool families every runtime shares, and plain verbs as actions: an MCP server's or a
    // custom tool's name could itself be private.
    const FAMILIES: &[&str] = &["shell", "filesystem", "web", "agent", "database", "network"];
    let verb = |s: &str| (2..=16).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase());
    if !FAMILIES.contains(&tool) || !verb(action) {
        return None;
    }
    if tool != "shell" {
        return Some((tool.into(), action.into(), ANY.into()));
    }
    let pattern = pattern.trim_end_matches('*').trim();
    let analysis = crate::risk::analyze(tool, action, pattern, &[]);
    // One simple command and nothing inside it: a compound line is several decisions, and a
    // wrapper's name says nothing of what it runs.
    let [only] = analysis.commands.as_slice() else { return None };
    let c = &only.command;
    if !c.top_level || !c.wrappers.is_empty() || c.program_dir.is_some() || c.function {
        return None;
    }
    let program = c.program.as_deref()?;
    // Known to the registry, and a name (not `.`, `:` or `[`).
    if !registry::known(program) || !program.starts_with(|ch: char| ch.is_ascii_alphanumeric()) {
        return None;
    }
    let name = registry::canonical(program);
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    let verbs = registry::verbs(program);
    let sub = registry::subcommand_at(program, &args)
        .and_then(|i| args.get(i))
        .filter(|a| verbs.binary_search(a).is_ok());
    // A shell or interpreter given an operand or input runs the user's script or code.
    let runs_code = || {
        (is_shell(&name) || interpreter_lang(&name).is_some())
            && (args.iter().any(|a| !a.starts_with('-'))
                || c.redirects.iter().any(|r| {
                    r.op.trim_start_matches(|ch: char| ch.is_ascii_digit()).starts_with('<')
                }))
    };
    let general = match sub {
        Some(s) => format!("{name} {s}"),
        None if runs_code() => return None,
        None => name.into_owned(),
    };
    Some((tool.into(), action.into(), general))
}

/// Whether `id` is an organisation id: 32 lower-case hex digits (the first 16 bytes of the
/// SHA-256 of an export's public key, [`document::fingerprint`]).
pub fn is_org_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Randomized response with privacy parameter ε.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mechanism {
    /// Privacy parameter per reported bit.
    pub epsilon: f64,
}

impl Mechanism {
    /// Smallest and largest ε accepted.
    pub const RANGE: (f64, f64) = (0.01, 10.0);

    /// Probability of reporting the true bit: `e^ε / (1 + e^ε)`.
    pub fn p_truth(self) -> f64 {
        1.0 / (1.0 + libm::exp(-self.epsilon))
    }

    /// Report `bit` given a uniform draw `u` in [0, 1).
    pub fn report(self, bit: bool, u: f64) -> bool {
        if u < self.p_truth() { bit } else { !bit }
    }
}

/// One organisation's (randomized) report on a pattern, as pooled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pooled {
    /// The reported bit.
    pub approve: bool,
    /// ε it was reported with.
    pub epsilon: f64,
}

/// The pooled estimate of the approval rate of one pattern.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Unbiased estimate of the share of organisations that approve (may fall outside
    /// [0, 1] by noise; [`Estimate::shown`] clamps it).
    pub rate: f64,
    /// Standard error.
    pub std_error: f64,
    /// Lower end of the 95 % interval.
    pub low: f64,
    /// Upper end of the 95 % interval.
    pub high: f64,
    /// Organisations that reported.
    pub orgs: usize,
}

/// The widest 95 % half-interval (as a share) for which a percentage is shown; a wider one
/// says "not enough data" (at ε = 1 that takes about 60 organisations).
pub const MAX_HALF_WIDTH: f64 = 0.25;

impl Estimate {
    /// The rate clamped to [0, 1], for display.
    pub fn shown(&self) -> f64 {
        self.rate.clamp(0.0, 1.0)
    }

    /// Half the width of the 95 % interval, as a share.
    pub fn half_width(&self) -> f64 {
        (self.high - self.low) / 2.0
    }

    /// Whether the interval is narrow enough for a percentage to mean something
    /// ([`MAX_HALF_WIDTH`]).
    pub fn precise(&self) -> bool {
        self.half_width() <= MAX_HALF_WIDTH
    }

    /// "72% of organisations approve (95% CI 55–89%, 12 orgs; advisory)", or "not enough
    /// data" with the interval's width when it is too wide for a percentage.
    pub fn describe(&self) -> String {
        if !self.precise() {
            return format!(
                "not enough data yet ({} orgs: the 95% interval spans ±{:.0} points; advisory)",
                self.orgs,
                self.half_width() * 100.0
            );
        }
        format!(
            "{:.0}% of organisations approve (95% CI {:.0}–{:.0}%, {} orgs; advisory)",
            self.shown() * 100.0,
            self.low.clamp(0.0, 1.0) * 100.0,
            self.high.clamp(0.0, 1.0) * 100.0,
            self.orgs
        )
    }
}

/// z for a two-sided 95 % normal interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The unbiased estimate of the approval share from randomized reports (one per
/// organisation), with its standard error and 95 % interval; `None` without reports.
///
/// Each report's debiased bit is weighted by `(2p − 1)²`, the inverse of its variance up to
/// a factor that does not depend on ε, so a report that claims a tiny ε (almost pure noise,
/// whose debiased value is about ±1/(2p − 1)) counts as little as it tells: one ε = 0.01
/// report among ε = 1 reports moves the estimate by a fraction of a point instead of about
/// a hundred. With one ε for every report the weights are equal and this is the plain mean.
pub fn estimate(reports: &[Pooled]) -> Option<Estimate> {
    if reports.is_empty() {
        return None;
    }
    let gain = |r: &Pooled| 2.0 * Mechanism { epsilon: r.epsilon }.p_truth() - 1.0;
    let weight = |r: &Pooled| gain(r).powi(2);
    let total: f64 = reports.iter().map(weight).sum();
    if total <= 0.0 {
        return None;
    }
    let debias = |r: &Pooled| {
        let p = Mechanism { epsilon: r.epsilon }.p_truth();
        (f64::from(u8::from(r.approve)) - (1.0 - p)) / gain(r)
    };
    let rate = reports.iter().map(|r| weight(r) * debias(r)).sum::<f64>() / total;
    let pi = rate.clamp(0.0, 1.0);
    // Var(Σ wᵢxᵢ / Σ wᵢ) = Σ wᵢ² vᵢ / (Σ wᵢ)², vᵢ = λᵢ(1 − λᵢ) / (2pᵢ − 1)².
    let var = reports
        .iter()
        .map(|r| {
            let p = Mechanism { epsilon: r.epsilon }.p_truth();
            let lambda = pi * p + (1.0 - pi) * (1.0 - p);
            weight(r).powi(2) * lambda * (1.0 - lambda) / gain(r).powi(2)
        })
        .sum::<f64>()
        / (total * total);
    let se = var.sqrt();
    Some(Estimate {
        rate,
        std_error: se,
        low: rate - Z95 * se,
        high: rate + Z95 * se,
        orgs: reports.len(),
    })
}

/// A uniform draw in [0, 1) from the operating system's random source.
pub fn os_uniform() -> crate::error::Result<f64> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b)
        .map_err(|e| crate::error::Error::Invalid(format!("no random numbers: {e}")))?;
    Ok((u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five organisations at ε = 1 that all report "approve" are far too few for a
    /// percentage (the "100% approve (CI 74–100%)" for five that truly deny).
    #[test]
    fn too_wide_an_interval_says_not_enough_data() {
        let five = vec![Pooled { approve: true, epsilon: 1.0 }; 5];
        let e = estimate(&five).expect("estimate");
        assert!(!e.precise());
        let text = e.describe();
        assert!(text.starts_with("not enough data yet (5 orgs"), "{text}");
        assert!(!text.contains("100%"), "{text}");
        // Enough organisations, or little noise, give a percentage.
        let many: Vec<Pooled> =
            (0..200).map(|i| Pooled { approve: i % 4 != 0, epsilon: 1.0 }).collect();
        assert!(
            estimate(&many).expect("estimate").describe().contains("% of organisations approve")
        );
        let clear = vec![Pooled { approve: true, epsilon: 10.0 }; 6];
        assert!(estimate(&clear).expect("estimate").precise());
    }

    /// A report that claims a tiny ε is almost pure noise and is weighted so: it cannot move
    /// the estimate of five ε = 1 reports (unweighted, its debiased value of about +100 made
    /// the mean read 100%).
    #[test]
    fn a_tiny_epsilon_report_cannot_move_the_estimate() {
        let mut reports = vec![Pooled { approve: false, epsilon: 1.0 }; 5];
        let honest = estimate(&reports).expect("estimate");
        reports.push(Pooled { approve: true, epsilon: 0.01 });
        let with = estimate(&reports).expect("estimate");
        assert!((with.rate - honest.rate).abs() < 0.01, "{} vs {}", with.rate, honest.rate);
        assert!(with.shown() < 0.01, "{}", with.shown());
        // Equal ε: the plain mean of the debiased bits.
        let p = Mechanism { epsilon: 1.0 }.p_truth();
        let mixed = [true, false, true, true].map(|approve| Pooled { approve, epsilon: 1.0 });
        let plain = (3.0 * p - (1.0 - p)) / (4.0 * (2.0 * p - 1.0));
        let e = estimate(&mixed).expect("estimate");
        assert!((e.rate - plain).abs() < 1e-12, "{} vs {plain}", e.rate);
    }

    /// SplitMix64: a small seeded generator for reproducible simulations.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn generalization_keeps_only_command_and_subcommand() {
        let g = |t: &str, a: &str, p: &str| generalize(t, a, p).map(|(_, _, p)| p);
        assert_eq!(
            g("shell", "execute", "git push origin feature/acme-secret"),
            Some("git push".into())
        );
        assert_eq!(g("shell", "execute", "git log*"), Some("git log".into()));
        assert_eq!(g("shell", "execute", "cargo test --workspace"), Some("cargo test".into()));
        assert_eq!(g("shell", "execute", "cat /etc/passwd"), Some("cat".into()));
        assert_eq!(g("shell", "execute", "curl https://internal.acme.corp/x"), Some("curl".into()));
        // Subcommands that look like names, paths or values are dropped.
        assert_eq!(g("shell", "execute", "git deploy2prod"), Some("git".into()));
        assert_eq!(g("shell", "execute", "npm run build:acme"), Some("npm run".into()));
        assert_eq!(g("shell", "execute", "docker ./x"), Some("docker".into()));
        // Unknown programs, scripts, wrappers and compound lines are not shared.
        assert_eq!(g("shell", "execute", "./scripts/deploy-acme.sh"), None);
        assert_eq!(g("shell", "execute", "acme-release --now"), None);
        assert_eq!(g("shell", "execute", "sudo git push"), None);
        assert_eq!(g("shell", "execute", "git status && ls"), None);
        // Everything else: tool and action only.
        assert_eq!(g("filesystem", "write", "src/acme/secret_plan.rs"), Some("*".into()));
        assert_eq!(g("web", "fetch", "https://internal.acme.corp"), Some("*".into()));
        assert_eq!(g("mcp", "acme.internal_tool", "x"), None);
    }

    /// The rule: an exported pattern names only a program of the registry and one of
    /// its built-in subcommands; a user's alias, script, plugin or target leaves the program
    /// alone, and a shell or interpreter running the user's script is not exported.
    #[test]
    fn user_named_subcommands_never_leave_only_built_ins_do() {
        let g = |p: &str| generalize("shell", "execute", p).map(|(_, _, p)| p);
        for (input, want) in [
            // User-named words after the program: the program alone.
            ("yarn deploy-acme-prod", Some("yarn")),
            ("npm acme-release", Some("npm")),
            ("pnpm release-bigbank --prod", Some("pnpm")),
            ("just release-bigbank", Some("just")),
            ("task ship-x", Some("task")),
            ("make deploy-prod", Some("make")),
            ("git my-alias", Some("git")),
            ("cargo xtask-thing", Some("cargo")),
            ("cargo xtask dist", Some("cargo")),
            ("gh acme-alias", Some("gh")),
            ("kubectl acme-plugin get", Some("kubectl")),
            ("docker acme-plugin", Some("docker")),
            ("helm acme-secrets", Some("helm")),
            ("composer deploy-acme", Some("composer")),
            ("aws acme-alias", Some("aws")),
            ("npx acme-tool", None),
            // Built-in subcommands are kept, after known global options.
            ("npm run deploy", Some("npm run")),
            ("yarn install", Some("yarn install")),
            ("git log --oneline -5", Some("git log")),
            ("git --no-pager -C /srv/acme log", Some("git log")),
            ("cargo test --release", Some("cargo test")),
            ("cargo clippy --all-targets", Some("cargo clippy")),
            ("kubectl get pods -n acme", Some("kubectl get")),
            ("aws s3 cp s3://acme-bucket/x .", Some("aws s3")),
            ("mvn dependency:tree", Some("mvn")),
            ("mvn package", Some("mvn package")),
            // Aliases are exported under the registry's key.
            ("podman ps -a", Some("docker ps")),
            ("pip3 install acme-internal", Some("pip install")),
            ("more notes.txt", Some("less")),
            // Programs of the registry without subcommands: the program alone.
            ("rm -rf build", Some("rm")),
            ("psql -h db.acme.corp", Some("psql")),
            ("python3 --version", Some("python3")),
            ("deno run acme.ts", Some("deno run")),
            // Scripts, code, wrappers, unknown programs and programs named by a path: nothing.
            ("python3 deploy_acme.py", None),
            ("python3 -m acme.deploy", None),
            ("node acme-server.js", None),
            ("bash deploy-acme.sh", None),
            ("bun ship-acme", None),
            ("bun acme.ts --prod", None),
            ("awk -f acme.awk data", None),
            ("python3 - <<'EOF'\nprint('acme')\nEOF", None),
            ("bash < deploy-acme.sh", None),
            ("env git log", None),
            ("bash -c 'git log'", None),
            ("find . -name x -exec rm {} +", None),
            ("acme-deploy", None),
            ("./git log", None),
            ("/opt/acme/bin/cargo test", None),
            ("[ -f acme ]", None),
        ] {
            assert_eq!(g(input).as_deref(), want, "{input}");
        }
    }

    /// Every command the corpus and our own risk cases hold, every program of the registry
    /// alone, with each of its verbs and with a made-up word: what `generalize` returns names
    /// only a program key and one of its verbs, and generalizes to itself (import pools only
    /// such reports).
    #[test]
    fn generalization_is_a_fixed_point_that_names_only_registry_words() {
        use crate::risk::registry::{SPECS, spec};
        let files = [
            include_str!("../../fixtures/risk.jsonl"),
            include_str!("../../fixtures/risk-cases/datastore.jsonl"),
            include_str!("../../fixtures/risk-cases/deletion.jsonl"),
            include_str!("../../fixtures/risk-cases/escapes.jsonl"),
            include_str!("../../fixtures/risk-cases/everyday.jsonl"),
            include_str!("../../fixtures/risk-cases/host.jsonl"),
            include_str!("../../fixtures/risk-cases/secrets.jsonl"),
        ];
        let mut inputs: Vec<String> = files
            .iter()
            .flat_map(|f| f.lines())
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["cmd"].as_str().map(String::from))
            .collect();
        assert!(inputs.len() > 1000, "{}", inputs.len());
        for s in SPECS {
            inputs.push(s.name.to_owned());
            inputs.push(format!("{} acme-own-word --flag x", s.name));
            inputs.extend(s.verbs.iter().map(|v| format!("{} {v} acme.txt", s.name)));
            inputs.extend(s.aliases.iter().flat_map(|a| [a.to_string(), format!("{a} run x")]));
        }
        let mut exported = 0;
        for input in &inputs {
            let Some((_, _, out)) = generalize("shell", "execute", input) else { continue };
            exported += 1;
            let again = generalize("shell", "execute", &out).map(|(_, _, p)| p);
            assert_eq!(again.as_deref(), Some(out.as_str()), "{input:?} → {out:?}");
            let mut words = out.split(' ');
            let program = words.next().unwrap_or_default();
            let s = spec(program).filter(|s| s.name == program);
            assert!(s.is_some(), "{input:?} → {out:?}: not a registry key");
            if let Some(verb) = words.next() {
                assert!(s.is_some_and(|s| s.verbs.contains(&verb)), "{input:?} → {out:?}");
            }
            assert_eq!(words.next(), None, "{input:?} → {out:?}");
            assert!(!out.contains("acme"), "{input:?} → {out:?}");
        }
        assert!(exported > 1000, "{exported} of {}", inputs.len());
    }

    #[test]
    fn the_mechanism_honours_epsilon() {
        for eps in [0.1, 0.5, 1.0, 2.0, 5.0] {
            let m = Mechanism { epsilon: eps };
            let p = m.p_truth();
            // The likelihood ratio of any report under the two true answers is e^ε.
            assert!((p / (1.0 - p) - eps.exp()).abs() < 1e-9 * eps.exp());
            // The empirical report distribution matches the mechanism.
            let mut rng = Rng(42 + (eps * 1000.0) as u64);
            let n = 200_000;
            let kept = (0..n).filter(|_| m.report(true, rng.next())).count() as f64 / f64::from(n);
            let flipped_to_one =
                (0..n).filter(|_| m.report(false, rng.next())).count() as f64 / f64::from(n);
            let sd = (p * (1.0 - p) / f64::from(n)).sqrt();
            assert!((kept - p).abs() < 5.0 * sd, "ε={eps}: kept {kept} vs p {p}");
            assert!((flipped_to_one - (1.0 - p)).abs() < 5.0 * sd, "ε={eps}: {flipped_to_one}");
        }
    }

    /// Simulate `orgs` organisations whose true bits are Bernoulli(`truth`), report through
    /// the mechanism, estimate.
    fn trial(rng: &mut Rng, orgs: usize, truth: f64, eps: &dyn Fn(usize) -> f64) -> Estimate {
        let reports: Vec<Pooled> = (0..orgs)
            .map(|i| {
                let bit = rng.next() < truth;
                let m = Mechanism { epsilon: eps(i) };
                Pooled { approve: m.report(bit, rng.next()), epsilon: m.epsilon }
            })
            .collect();
        estimate(&reports).unwrap_or(Estimate {
            rate: f64::NAN,
            std_error: 0.0,
            low: 0.0,
            high: 0.0,
            orgs: 0,
        })
    }

    #[test]
    fn seed_16_25_the_estimator_is_unbiased_and_its_interval_covers_at_the_stated_rate() {
        let mut rng = Rng(7);
        let trials = 3_000;
        let uniform = |_: usize| 1.0;
        let mixed = |i: usize| [0.5, 1.0, 2.0][i % 3];
        for (truth, orgs, eps) in [
            (0.9, 200, &uniform as &dyn Fn(usize) -> f64),
            (0.5, 100, &uniform),
            (0.1, 400, &uniform),
            (0.75, 300, &mixed),
        ] {
            let mut sum = 0.0;
            let mut sum_sq = 0.0;
            let mut covered = 0;
            for _ in 0..trials {
                let e = trial(&mut rng, orgs, truth, eps);
                sum += e.rate;
                sum_sq += e.rate * e.rate;
                if e.low <= truth && truth <= e.high {
                    covered += 1;
                }
            }
            let t = f64::from(trials);
            let mean = sum / t;
            let sd = (sum_sq / t - mean * mean).sqrt();
            // Unbiased: the mean estimate is within 4 standard errors of the mean of the truth.
            assert!(
                (mean - truth).abs() < 4.0 * sd / t.sqrt(),
                "truth {truth}: mean {mean} (sd {sd})"
            );
            // The 95 % interval covers the truth 95 % of the time (±1.5 points at 3,000 trials).
            let coverage = f64::from(covered) / t;
            assert!((0.935..=0.965).contains(&coverage), "truth {truth}: coverage {coverage}");
        }
    }

    #[test]
    fn an_estimate_needs_reports() {
        assert!(estimate(&[]).is_none());
        let e = estimate(&[Pooled { approve: true, epsilon: 1.0 }]).unwrap_or_else(|| panic!());
        assert_eq!(e.orgs, 1);
        assert!(e.rate > 1.0, "one 1-report de-biases above 1: {}", e.rate);
        assert!((e.shown() - 1.0).abs() < f64::EPSILON);
    }
}

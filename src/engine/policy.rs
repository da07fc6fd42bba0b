//! Static policy: `[[rule]]` tables in `.aiperture/policy.toml`.
//!
//! A rule has tool, action and scope globs (fnmatch semantics: `*` crosses `/`), a decision and
//! an optional reason. Deny rules are committed law: any matching deny rule denies (step 3 of
//! the decision order). Allow and ask rules decide late (step 7): the most specific matching
//! rule wins, specificity being the number of literal characters in its three globs, and on a
//! tie deny > ask > allow. Allow rules of a project policy apply only when the file's SHA-256
//! is trusted (see [`crate::store::trust`]); deny rules always apply, and so do ask rules, except
//! that an untrusted ask rule never displaces a `decision.default` of deny (the engine checks).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::request::{Decision, Request};
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::glob::Glob;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    rule: Vec<RuleIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleIn {
    tool: String,
    action: String,
    scope: String,
    decision: String,
    #[serde(default)]
    reason: Option<String>,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// 1-based position in the file.
    pub number: usize,
    /// Tool glob.
    pub tool: Glob,
    /// Action glob.
    pub action: Glob,
    /// Scope glob.
    pub scope: Glob,
    /// Decision.
    pub decision: Decision,
    /// Why the rule exists.
    pub reason: Option<String>,
}

impl Rule {
    /// Literal characters in the three globs.
    pub fn specificity(&self) -> usize {
        self.tool.literal_len() + self.action.literal_len() + self.scope.literal_len()
    }

    /// Whether the rule matches a request.
    pub fn matches(&self, req: &Request) -> bool {
        self.tool.matches(&req.tool)
            && self.action.matches(&req.action)
            && self.scope.matches(&req.scope)
    }

    /// Whether all three globs are literal (no wildcard).
    pub fn is_literal(&self) -> bool {
        self.tool.is_literal() && self.action.is_literal() && self.scope.is_literal()
    }

    /// A reference for verdicts and reports.
    pub fn reference(&self, path: &Path) -> RuleRef {
        RuleRef {
            file: path.display().to_string(),
            number: self.number,
            tool: self.tool.as_str().to_string(),
            action: self.action.as_str().to_string(),
            scope: self.scope.as_str().to_string(),
            decision: self.decision,
            reason: self.reason.clone(),
        }
    }
}

/// A rule as reported in a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRef {
    /// Policy file.
    pub file: String,
    /// 1-based rule number.
    pub number: usize,
    /// Tool glob.
    pub tool: String,
    /// Action glob.
    pub action: String,
    /// Scope glob.
    pub scope: String,
    /// Decision.
    pub decision: Decision,
    /// Reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A loaded policy file.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Where it was read from.
    pub path: PathBuf,
    /// SHA-256 of its bytes, hex (empty when the file does not exist).
    pub sha256: String,
    /// Rules in file order.
    pub rules: Vec<Rule>,
    /// Whether allow rules apply.
    pub trusted: bool,
}

/// The step-7 outcome.
#[derive(Debug, Clone)]
pub struct Matched<'a> {
    /// The winning rule, if any.
    pub rule: Option<&'a Rule>,
    /// True when an allow rule matched but was skipped because the policy is untrusted.
    pub untrusted_allow_ignored: bool,
}

/// The rules last parsed, by path and content hash (see [`Policy::load`]).
static LAST_PARSED: std::sync::Mutex<Option<(PathBuf, String, Vec<Rule>)>> =
    std::sync::Mutex::new(None);

impl Policy {
    /// An empty policy.
    pub fn empty(path: PathBuf) -> Policy {
        Policy { path, sha256: String::new(), rules: Vec::new(), trusted: true }
    }

    /// Read and compile `path`; a missing file is an empty policy. `trusted` is decided by the
    /// caller from the file hash.
    pub fn load(path: &Path) -> Result<Policy> {
        let Some(bytes) = crate::store::fsutil::read_optional(path)? else {
            return Ok(Policy::empty(path.to_path_buf()));
        };
        let sha256 = hex(&Sha256::digest(&bytes));
        // A long-running server checks with the same policy over and over: reuse the rules
        // parsed from the very same bytes (keyed by path and content hash).
        if let Ok(last) = LAST_PARSED.lock()
            && let Some((p, h, rules)) = last.as_ref()
            && p == path
            && *h == sha256
        {
            return Ok(Policy {
                path: path.to_path_buf(),
                sha256,
                rules: rules.clone(),
                trusted: false,
            });
        }
        let text = String::from_utf8(bytes).map_err(|_| Error::Policy {
            path: path.to_path_buf(),
            message: "not valid UTF-8".into(),
        })?;
        let rules = parse(&text, path)?;
        if let Ok(mut last) = LAST_PARSED.lock() {
            *last = Some((path.to_path_buf(), sha256.clone(), rules.clone()));
        }
        Ok(Policy { path: path.to_path_buf(), sha256, rules, trusted: false })
    }

    /// Step 3: the first matching deny rule.
    pub fn deny_rule(&self, req: &Request) -> Option<&Rule> {
        self.rules.iter().find(|r| r.decision == Decision::Deny && r.matches(req))
    }

    /// Step 7: the most specific matching allow or ask rule (deny rules were handled at step
    /// 3, but are kept here so a tie still resolves deny > ask > allow).
    pub fn best(&self, req: &Request) -> Matched<'_> {
        let mut best: Option<&Rule> = None;
        let mut ignored = false;
        for r in self.rules.iter().filter(|r| r.matches(req)) {
            if r.decision == Decision::Allow && !self.trusted {
                ignored = true;
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    (r.specificity(), r.decision.precedence())
                        > (b.specificity(), b.decision.precedence())
                }
            };
            if better {
                best = Some(r);
            }
        }
        Matched {
            rule: best,
            untrusted_allow_ignored: ignored && best.is_none_or(|b| b.decision != Decision::Deny),
        }
    }

    /// Lint: rules that can never decide because another rule always wins over them.
    pub fn lint(&self) -> Vec<Lint> {
        let mut out = Vec::new();
        for r in &self.rules {
            if r.decision == Decision::Allow
                && r.scope.as_str().chars().all(|c| c == '*')
                && !READ_ONLY_ACTIONS.contains(&r.action.as_str())
            {
                out.push(Lint {
                    rule: r.number,
                    message: format!(
                        "rule {} ({} {} {:?} → allow) allows every scope, risky ones included \
                         (only CRITICAL requests still need a human); narrow its scope \
                         (such as \"cargo *\") or make it ask",
                        r.number,
                        r.tool.as_str(),
                        r.action.as_str(),
                        r.scope.as_str(),
                    ),
                });
            }
            for other in &self.rules {
                if other.number == r.number || !covers(other, r) {
                    continue;
                }
                let wins = if other.decision == Decision::Deny {
                    r.decision != Decision::Deny || other.number < r.number
                } else if r.decision == Decision::Deny {
                    false
                } else {
                    (
                        other.specificity(),
                        other.decision.precedence(),
                        std::cmp::Reverse(other.number),
                    ) > (r.specificity(), r.decision.precedence(), std::cmp::Reverse(r.number))
                };
                if wins {
                    out.push(Lint {
                        rule: r.number,
                        message: format!(
                            "rule {} ({} {} {:?} → {}) is shadowed by rule {} ({} {} {:?} → {}) \
                             and never decides",
                            r.number,
                            r.tool.as_str(),
                            r.action.as_str(),
                            r.scope.as_str(),
                            r.decision.as_str(),
                            other.number,
                            other.tool.as_str(),
                            other.action.as_str(),
                            other.scope.as_str(),
                            other.decision.as_str(),
                        ),
                    });
                    break;
                }
            }
        }
        out
    }
}

/// A policy rule proposed from a strong learned pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Tool.
    pub tool: String,
    /// Action.
    pub action: String,
    /// Scope globs to allow (a normalized `prog sub*` becomes `prog sub` and `prog sub *`).
    pub scopes: Vec<String>,
    /// Why: the pattern and its record.
    pub reason: String,
}

/// Scope globs for a learned pattern: exact scopes are escaped so they match only
/// themselves; a normalized command pattern `prog sub*` becomes `prog sub` and `prog sub *`
/// (never a bare prefix, so `git log*` cannot cover `git logout`).
pub fn scopes_for(pattern: &str, normalized: bool) -> Vec<String> {
    if !normalized {
        return vec![escape_glob(pattern)];
    }
    match pattern.strip_suffix('*') {
        Some(stem) if !stem.contains('/') && !stem.ends_with('/') => {
            vec![escape_glob(stem), format!("{} *", escape_glob(stem))]
        }
        _ => vec![pattern.to_string()],
    }
}

/// Make every glob character of `s` literal (`*` → `[*]`, `?` → `[?]`, `[` → `[[]`).
pub fn escape_glob(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '*' | '?' | '[' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

/// Render suggestions as policy TOML.
pub fn render_suggestions(s: &[Suggestion]) -> String {
    let q = |v: &str| toml::Value::String(v.to_string()).to_string();
    let mut out = String::new();
    for sug in s {
        for scope in &sug.scopes {
            out.push_str(&format!(
                "[[rule]]\ntool = {}\naction = {}\nscope = {}\ndecision = \"allow\"\nreason = {}\n\n",
                q(&sug.tool),
                q(&sug.action),
                q(scope),
                q(&sug.reason)
            ));
        }
    }
    out
}

/// Actions that only look: an allow rule for every scope of these is not an allow-all.
const READ_ONLY_ACTIONS: &[&str] = &["read", "list", "search"];

/// A lint finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lint {
    /// The rule concerned.
    pub rule: usize,
    /// What is wrong.
    pub message: String,
}

/// Whether `a` matches everything `b` matches (checked by matching `b`'s globs as text, which
/// is exact for literal rules and a sound approximation for wildcards in the same position).
fn covers(a: &Rule, b: &Rule) -> bool {
    a.tool.matches(b.tool.as_str())
        && a.action.matches(b.action.as_str())
        && a.scope.matches(b.scope.as_str())
}

/// Parse and compile policy text.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Rule>> {
    let err = |message: String| Error::Policy { path: path.to_path_buf(), message };
    let file: PolicyFile = toml::from_str(text)
        .map_err(|e: toml::de::Error| err(e.to_string().trim_end().to_string()))?;
    let mut rules = Vec::with_capacity(file.rule.len());
    for (i, r) in file.rule.into_iter().enumerate() {
        let number = i + 1;
        let glob = |field: &str, s: &str| {
            Glob::new(s).map_err(|e| err(format!("rule {number}: bad {field} glob {s:?}: {e}")))
        };
        let decision: Decision =
            r.decision.parse().map_err(|e: String| err(format!("rule {number}: decision: {e}")))?;
        rules.push(Rule {
            number,
            tool: glob("tool", &r.tool)?,
            action: glob("action", &r.action)?,
            scope: glob("scope", &r.scope)?,
            decision,
            reason: r.reason,
        });
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(text: &str, trusted: bool) -> Policy {
        let rules = parse(text, Path::new("policy.toml")).unwrap();
        Policy { path: "policy.toml".into(), sha256: String::new(), rules, trusted }
    }

    const RULES: &str = r#"
[[rule]]
tool = "shell"
action = "execute"
scope = "git *"
decision = "allow"

[[rule]]
tool = "shell"
action = "execute"
scope = "git push*"
decision = "ask"

[[rule]]
tool = "shell"
action = "execute"
scope = "git push --force*"
decision = "deny"
reason = "no force pushes"
"#;

    #[test]
    fn most_specific_wins_and_deny_is_law() {
        let p = policy(RULES, true);
        let req = |s: &str| Request::new("shell", "execute", s);
        assert_eq!(p.best(&req("git status")).rule.map(|r| r.decision), Some(Decision::Allow));
        assert_eq!(p.best(&req("git push origin")).rule.map(|r| r.decision), Some(Decision::Ask));
        assert_eq!(p.deny_rule(&req("git push --force")).map(|r| r.number), Some(3));
        assert!(p.best(&req("ls")).rule.is_none());
    }

    #[test]
    fn untrusted_allow_rules_are_ignored_and_reported() {
        let p = policy(RULES, false);
        let m = p.best(&Request::new("shell", "execute", "git status"));
        assert!(m.rule.is_none());
        assert!(m.untrusted_allow_ignored);
    }

    #[test]
    fn tie_resolves_deny_over_ask_over_allow() {
        let text = r#"
[[rule]]
tool = "web"
action = "fetch"
scope = "https://a.example/*"
decision = "allow"
[[rule]]
tool = "web"
action = "fetch"
scope = "https://a.example/*"
decision = "ask"
"#;
        let p = policy(text, true);
        let m = p.best(&Request::new("web", "fetch", "https://a.example/x"));
        assert_eq!(m.rule.map(|r| r.decision), Some(Decision::Ask));
        assert_eq!(p.lint().len(), 1);
    }

    #[test]
    fn unknown_keys_and_bad_globs_are_errors() {
        let e = parse(
            "[[rule]]\ntool='a'\naction='b'\nscope='c'\ndecision='allow'\nextra=1\n",
            Path::new("p.toml"),
        );
        assert!(e.unwrap_err().to_string().contains("extra"));
        let e = parse(
            "[[rule]]\ntool='a'\naction='b'\nscope='[abc'\ndecision='allow'\n",
            Path::new("p.toml"),
        );
        assert!(e.unwrap_err().to_string().contains("bad scope glob"));
        let e = parse(
            "[[rule]]\ntool='a'\naction='b'\nscope='c'\ndecision='maybe'\n",
            Path::new("p.toml"),
        );
        assert!(e.unwrap_err().to_string().contains("decision"));
    }
}

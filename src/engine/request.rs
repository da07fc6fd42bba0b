//! Requests and decisions: the engine's input and output vocabulary.
//!
//! A [`Request`] is validated before anything else happens (non-empty tool and action, size
//! limits, no NUL or other control characters where they make no sense); bad input is an error,
//! never a verdict. The names the other operations take (who decided or grants, an
//! organisation, a task, an artifact's model…) go through the one [`validate_name`].

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Largest accepted scope, in bytes.
pub const MAX_SCOPE: usize = 64 * 1024;
/// Largest accepted tool, action or identifier, in bytes.
pub const MAX_NAME: usize = 256;

/// Check a name given by a human or an agent (who decided, an organisation, a task, a
/// tool…): at most [`MAX_NAME`] bytes without control characters and, when `required`, not
/// blank. The error calls it `what` ("grant task", "the decider's name").
pub fn validate_name(what: &str, value: &str, required: bool) -> Result<()> {
    if (required && value.trim().is_empty())
        || value.len() > MAX_NAME
        || value.chars().any(char::is_control)
    {
        let size = if required { "1 to" } else { "at most" };
        return Err(Error::Invalid(format!(
            "{what} must be {size} {MAX_NAME} printable characters"
        )));
    }
    Ok(())
}

/// A verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Do not.
    Deny,
    /// A human must decide.
    Ask,
}

impl Decision {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Deny => "deny",
            Decision::Ask => "ask",
        }
    }

    /// Precedence on a tie between equally specific rules: deny > ask > allow.
    pub fn precedence(self) -> u8 {
        match self {
            Decision::Deny => 2,
            Decision::Ask => 1,
            Decision::Allow => 0,
        }
    }
}

impl std::str::FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "allow" => Ok(Decision::Allow),
            "deny" => Ok(Decision::Deny),
            "ask" => Ok(Decision::Ask),
            other => Err(format!("expected allow, deny or ask, got {other:?}")),
        }
    }
}

fn default_org() -> String {
    "default".into()
}

/// One tool call to decide on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Tool family, e.g. `shell`, `filesystem`, `web`.
    pub tool: String,
    /// What the tool does, e.g. `execute`, `read`, `write`.
    pub action: String,
    /// The target: a command line, a path, a URL.
    pub scope: String,
    /// Organisation (tenant).
    #[serde(default = "default_org")]
    pub org: String,
    /// Project within the organisation.
    #[serde(default)]
    pub project: String,
    /// Agent session.
    #[serde(default)]
    pub session: String,
    /// Task (for task grants).
    #[serde(default)]
    pub task: String,
    /// Hash of content being written, when the tool writes content.
    #[serde(default)]
    pub content_hash: String,
    /// Which agent runtime asked.
    #[serde(default)]
    pub runtime: String,
}

impl Request {
    /// A request with defaults for everything but tool, action and scope.
    pub fn new(tool: &str, action: &str, scope: &str) -> Request {
        Request {
            tool: tool.into(),
            action: action.into(),
            scope: scope.into(),
            org: default_org(),
            project: String::new(),
            session: String::new(),
            task: String::new(),
            content_hash: String::new(),
            runtime: String::new(),
        }
    }

    /// Check sizes and characters.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &'static str, reason: String| Error::InvalidRequest { field, reason };
        for (field, v) in [("tool", &self.tool), ("action", &self.action)] {
            if v.trim().is_empty() {
                return Err(bad(field, "is empty".into()));
            }
        }
        for (field, v) in [
            ("tool", &self.tool),
            ("action", &self.action),
            ("org", &self.org),
            ("project", &self.project),
            ("session", &self.session),
            ("task", &self.task),
            ("content_hash", &self.content_hash),
            ("runtime", &self.runtime),
        ] {
            if v.len() > MAX_NAME {
                return Err(bad(field, format!("is {} bytes long (limit {MAX_NAME})", v.len())));
            }
            if v.chars().any(char::is_control) {
                return Err(bad(field, "contains a control character".into()));
            }
        }
        if self.org.is_empty() {
            return Err(bad("org", "is empty".into()));
        }
        if self.scope.len() > MAX_SCOPE {
            return Err(bad(
                "scope",
                format!("is {} bytes long (limit {MAX_SCOPE})", self.scope.len()),
            ));
        }
        if self.scope.contains('\0') {
            return Err(bad("scope", "contains a NUL byte".into()));
        }
        Ok(())
    }

    /// Identity of the request for session memory: everything that makes two requests the
    /// same action on the same thing (not the session, task or runtime).
    pub fn identity(&self) -> String {
        let mut h = Sha256::new();
        for part in
            [&self.org, &self.project, &self.tool, &self.action, &self.scope, &self.content_hash]
        {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        crate::encoding::hex(&h.finalize()[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(what: &str, value: &str, required: bool) -> String {
        match validate_name(what, value, required) {
            Err(Error::Invalid(m)) => m,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn validate_name_takes_up_to_max_name_bytes_without_control_characters() {
        assert!(validate_name("x", "alice@example.org", true).is_ok());
        assert!(validate_name("x", &"a".repeat(MAX_NAME), true).is_ok());
        assert!(validate_name("x", "", false).is_ok());
        assert_eq!(
            message("the decider's name", " \t", true),
            "the decider's name must be 1 to 256 printable characters"
        );
        assert_eq!(
            message("grant task", "", true),
            "grant task must be 1 to 256 printable characters"
        );
        assert_eq!(
            message("revoke tool", &"a".repeat(MAX_NAME + 1), true),
            "revoke tool must be 1 to 256 printable characters"
        );
        assert_eq!(
            message("artifact model", "gpt\u{1b}[31m", false),
            "artifact model must be at most 256 printable characters"
        );
        // The limit is in bytes: 129 two-byte characters are 258 bytes.
        assert!(validate_name("x", &"é".repeat(129), false).is_err());
        // C1 controls too, not only ASCII ones.
        assert!(validate_name("x", "a\u{85}b", true).is_err());
    }
}

//! What agents report after a check: that a tool ran, and the artifacts it made.
//!
//! A run of an approved request spends the approval's one-time allowance, as a check would:
//! one approval lets one run through. An artifact's content is stored (content-addressed)
//! before the event naming it is journaled, so the journal never names a missing object.

use chrono::{DateTime, Utc};

use super::Engine;
use super::events;
use super::request::{Request, validate_name};
use super::state;
use crate::error::{Error, Result};
use crate::store::layout;

impl Engine {
    /// Journal that a tool ran.
    pub fn report_execution(
        &mut self,
        req: &Request,
        status: &str,
        channel: &str,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        req.validate()?;
        if !matches!(status, "ok" | "failed") {
            return Err(Error::Invalid(format!("status must be ok or failed, got {status:?}")));
        }
        // A run of an approved request spends the approval's one-time allowance, as a check
        // would: one approval lets one run through.
        let approval = self
            .retrying(|e| e.state.allowance(&req.identity(), now.timestamp_micros()))?
            .map(|a| a.challenge);
        let ev = events::ExecutionEvent {
            request: req.clone(),
            status: status.to_string(),
            channel: channel.to_string(),
            approval,
        };
        Ok(self.append(&ev, now, false)?.seq)
    }

    /// Store an artifact: the object first, then the `artifact` event naming it.
    pub fn store_artifact(
        &mut self,
        content: &[u8],
        meta: &events::ArtifactEvent,
        now: DateTime<Utc>,
    ) -> Result<state::ArtifactEntry> {
        if content.len() as u64 > crate::store::artifacts::MAX_SIZE {
            return Err(Error::Invalid(format!(
                "the artifact is {} bytes (limit {})",
                content.len(),
                crate::store::artifacts::MAX_SIZE
            )));
        }
        for (field, v) in [
            ("task", &meta.task),
            ("type", &meta.artifact_type),
            ("tool", &meta.tool),
            ("org", &meta.org),
            ("session", &meta.session),
            ("model", &meta.model),
            ("provider", &meta.provider),
        ] {
            validate_name(&format!("artifact {field}"), v, false)?;
        }
        if meta.summary.len() > 4096 || meta.summary.contains('\0') {
            return Err(Error::Invalid(
                "the summary must be at most 4096 bytes without NUL".into(),
            ));
        }
        let digest = self.objects().put(content)?;
        let mut ev = meta.clone();
        ev.digest = digest;
        ev.size = content.len() as u64;
        let a = self.append(&ev, now, true)?;
        Ok(state::ArtifactEntry { seq: a.seq, ts: a.ts, event: ev })
    }

    /// The objects folder.
    pub fn objects(&self) -> crate::store::artifacts::Objects {
        crate::store::artifacts::Objects::new(self.store.path(layout::OBJECTS))
    }
}

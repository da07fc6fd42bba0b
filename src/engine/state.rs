//! Derived state: what the index holds and how each journal event changes it.
//!
//! Families of shards: `stats` (learned statistics per org, project, tool, action and
//! pattern, with the effect signature of the approvals behind each), `sessions` (rate-limit
//! window, risk used, session memory, recent approvals), `challenges` (issued challenges and
//! whether a decision consumed them: an appended log per shard, see `ChallengeLog`),
//! `allowances` (the one-time allowances human approvals left, removed by the check that
//! consumed each), grants, artifacts, prompts, pooled intel and this store's own remembered
//! randomized answers (`intel-memo`).
//! [`State::apply`] is a pure function of the event and the shard contents, using the event's
//! own time for every window and pruning, so an index built incrementally answers as one
//! rebuilt from scratch. (One difference in what is kept, none in a verdict: a challenge log
//! drops challenges a week past expiry when it is compacted, which depends on when commits
//! ran; a decision on such a challenge is refused as expired or as unknown.)

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::challenge::Challenge;
use super::events::{
    ArtifactEvent, CheckEvent, DecisionEvent, Effect, Event, EventKind, GrantEvent, LearnKey,
    Outcome, RevokeEvent,
};
use super::request::{Decision, Request};
use super::session::{APPROVAL_KEEP_MICROS, RATE_WINDOW_SECS, SESSION_IDLE_MICROS};
use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::risk::Tier;
use crate::store::index::{
    Family, Index, LOG_COMPACT_BYTES, Meta, Shard, ShardNo, shard_of, wide_shard_of,
};

/// Challenges are kept this long after expiry, so a late answer is told "expired".
pub const CHALLENGE_KEEP_MICROS: i64 = 7 * 86_400_000_000;

/// Learned statistics of one pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternStats {
    /// Organisation.
    pub org: String,
    /// Project.
    pub project: String,
    /// Tool.
    pub tool: String,
    /// Action.
    pub action: String,
    /// The exact scope, or a normalized pattern such as `git log*`.
    pub pattern: String,
    /// True for a normalized pattern (it needs twice as many decisions to decide).
    #[serde(default)]
    pub normalized: bool,
    /// Counted human approvals.
    pub allows: u64,
    /// Counted human denials.
    pub denies: u64,
    /// Decisions journaled but not counted (rubber-stamped).
    pub ignored: u64,
    /// Time of the newest counted decision (none before the first, written `""`).
    #[serde(with = "crate::clock::or_empty")]
    pub newest: Option<Timestamp>,
    /// Distinct deciders (at most 32 kept).
    pub deciders: Vec<String>,
    /// The most recent counted decisions `(time µs, allowed)`, newest last, at most
    /// [`RECENT`]: the approval rate weighs them by age (`learning.decay_half_life_days`).
    #[serde(default)]
    pub recent: Vec<(i64, bool)>,
    /// Decisions cancelled by `revoke` events.
    #[serde(default)]
    pub revoked: u64,
    /// The effect signature of the counted approvals: the union of their risk factors and
    /// their highest tier (none before the first approval). Learning allows a request through
    /// this pattern only when the request's own signature fits inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
}

/// Recent decisions kept per pattern for the time-weighted approval rate.
pub const RECENT: usize = 32;

impl PatternStats {
    /// Counted decisions.
    pub fn total(&self) -> u64 {
        self.allows + self.denies
    }

    /// Approval rate (0 when empty).
    pub fn rate(&self) -> f64 {
        if self.total() == 0 { 0.0 } else { self.allows as f64 / self.total() as f64 }
    }

    /// Approval rate of the recent decisions, each weighted by `0.5^(age / half_life)`;
    /// the plain rate when nothing recent is kept or the half-life is 0.
    pub fn weighted_rate(&self, now_micros: i64, half_life_days: f64) -> f64 {
        if self.recent.is_empty() || half_life_days <= 0.0 {
            return self.rate();
        }
        let half_life = half_life_days * 86_400e6;
        let (mut w_allow, mut w_total) = (0.0, 0.0);
        for &(t, allowed) in &self.recent {
            let age = (now_micros - t).max(0) as f64;
            // 0.5^(age / half_life), with the pure-Rust libm (see Cargo.toml).
            let w = libm::exp2(-(age / half_life));
            w_total += w;
            if allowed {
                w_allow += w;
            }
        }
        if w_total > 0.0 { w_allow / w_total } else { self.rate() }
    }
}

/// A human decision remembered for the rest of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    /// The decision.
    pub decision: Decision,
    /// `seq` of the decision event.
    pub seq: u64,
    /// Tool, action and scope decided (so a revocation can find it).
    #[serde(default)]
    pub what: (String, String, String),
    /// The content hash the human saw (empty when the tool writes no content).
    #[serde(default)]
    pub content_hash: String,
}

/// Per-session counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    /// Checks per second (`[unix second, count]`) over the last minute: at most 60 entries
    /// however fast checks come.
    pub checks: Vec<(i64, u32)>,
    /// Risk points used (tenths).
    pub risk_used: u64,
    /// Human decisions by request identity.
    pub memory: BTreeMap<String, Remembered>,
    /// Recent approval times (µs) by request identity.
    pub approvals: BTreeMap<String, Vec<i64>>,
    /// Time (µs) of the last event.
    pub last: i64,
}

/// An issued challenge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChallengeState {
    /// The challenge.
    pub challenge: Challenge,
    /// The request it is bound to.
    pub request: Request,
    /// The verdict it was issued with.
    pub verdict: Decision,
    /// Risk tier of the request.
    pub tier: Tier,
    /// Reason of the verdict.
    pub reason: String,
    /// `seq` of the check event.
    pub check_seq: u64,
    /// `seq` of the decision that consumed it.
    pub consumed: Option<u64>,
    /// The step that decided the check (`self_protection`, `policy_deny`, …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub decided_by: String,
}

/// One record of a challenges' log ([`Family::log`]): the challenge as the event `seq` left
/// it, its expiry read on the side. A record read from a log is kept as the JSON text it was
/// read as until it is used: a log holds every challenge of the last week that hashed there
/// (tens at a million decisions), and compacting it neither parses them in full (only each
/// one's expiry) nor serializes them again (their text is written back as it was read).
#[derive(Debug, Clone)]
pub(crate) struct KeptChallenge {
    /// `seq` of the event that left the challenge so: of all the records of one challenge,
    /// the one with the highest `seq` holds.
    seq: u64,
    /// When the challenge expires (µs).
    expires: i64,
    body: KeptBody,
}

#[derive(Debug, Clone)]
enum KeptBody {
    /// As read from the log, not parsed yet.
    Text(Box<serde_json::value::RawValue>),
    /// Parsed (or made here).
    Parsed(Box<ChallengeState>),
}

impl Serialize for KeptBody {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            KeptBody::Text(t) => t.serialize(s),
            KeptBody::Parsed(c) => c.serialize(s),
        }
    }
}

/// A log record as written: `{"seq":…,"id":…,"expires":…,"state":{…}}`.
#[derive(Serialize)]
struct RecordOut<'a> {
    seq: u64,
    id: &'a str,
    expires: i64,
    state: &'a KeptBody,
}

/// A log record as read, borrowing from the line.
#[derive(Deserialize)]
struct RecordIn<'a> {
    seq: u64,
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    expires: i64,
    #[serde(borrow)]
    state: &'a serde_json::value::RawValue,
}

impl KeptChallenge {
    fn new(seq: u64, c: ChallengeState) -> KeptChallenge {
        KeptChallenge {
            seq,
            expires: c.challenge.expires_at.micros(),
            body: KeptBody::Parsed(c.into()),
        }
    }

    /// The challenge, parsed if it was still text.
    fn state(&self) -> std::result::Result<ChallengeState, serde_json::Error> {
        match &self.body {
            KeptBody::Text(t) => serde_json::from_str(t.get()),
            KeptBody::Parsed(c) => Ok((**c).clone()),
        }
    }

    /// Append its sealed log line for challenge `id` to `out`.
    fn seal(&self, id: &str, out: &mut Vec<u8>) -> Result<()> {
        let record = RecordOut { seq: self.seq, id, expires: self.expires, state: &self.body };
        let json = serde_json::to_vec(&record)
            .map_err(|e| Error::Json { what: format!("challenge {id}"), source: e })?;
        crate::store::index::seal_record(&json, out);
        Ok(())
    }
}

/// Keep `record` of challenge `id` in `entries` unless a record of a later event is there.
fn merge_challenge(entries: &mut BTreeMap<String, KeptChallenge>, id: &str, record: KeptChallenge) {
    match entries.get_mut(id) {
        Some(have) if have.seq > record.seq => {}
        Some(have) => *have = record,
        None => {
            entries.insert(id.to_owned(), record);
        }
    }
}

/// One shard of the challenges: what its log holds, once read, and the records applied since
/// the last commit, not in the log yet.
#[derive(Debug)]
struct ChallengeLog {
    /// The newest record of each challenge, those applied since the last commit included
    /// (`None`: the log has not been read).
    entries: Option<BTreeMap<String, KeptChallenge>>,
    /// Records applied since the last commit while the log was not read, oldest first (moved
    /// into `entries` when it is read).
    unwritten: Vec<(String, KeptChallenge)>,
    /// The lowest `seq` applied since the last commit (`u64::MAX`: none). Once the log is read,
    /// the records of `entries` from this `seq` on are those to append: each applied record,
    /// unless a record of a later event holds (appending one again changes nothing).
    since: u64,
}

impl Default for ChallengeLog {
    fn default() -> Self {
        ChallengeLog { entries: None, unwritten: Vec::new(), since: u64::MAX }
    }
}

/// Unwritten records a log keeps before those of challenges expired for a week are dropped
/// (a rebuild applies a whole journal before it commits).
const UNWRITTEN_PRUNE: usize = 256;

/// A one-time allowance left by a human approval (see [`DecisionEvent::allowance`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowance {
    /// The approved challenge.
    pub challenge: String,
    /// `seq` of the decision event.
    pub seq: u64,
    /// Expiry (µs).
    pub expires: i64,
}

/// One answer of this store randomized once ([`Family::IntelMemo`]): later exports with the
/// same ε and the same true answer report the same bit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoBit {
    /// The true answer randomized.
    pub truth: bool,
    /// ε it was randomized with.
    pub epsilon: f64,
    /// The bit drawn.
    pub report: bool,
    /// `seq` of the export event that drew it.
    pub seq: u64,
}

impl MemoBit {
    /// Whether this is the draw for `truth` at `epsilon` (the same ε exactly: a journaled ε
    /// reads back to the same bits).
    pub fn answers(&self, truth: bool, epsilon: f64) -> bool {
        self.truth == truth && self.epsilon.to_bits() == epsilon.to_bits()
    }
}

/// The one shard of [`Family::IntelMemo`].
const MEMO_SHARD: ShardNo = 0;

/// One organisation's newest report on a generalized pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntelReport {
    /// When its export was made.
    pub created: String,
    /// The randomized bit and its ε.
    #[serde(flatten)]
    pub report: crate::intel::Pooled,
    /// The journal `seq` of the import that carried it.
    #[serde(default)]
    pub export: u64,
}

/// The intel entry (not a pattern: pattern keys are JSON arrays) that holds each
/// organisation's newest export; a report counts only while it came with that export, so a
/// pattern left out of an organisation's newest export no longer counts its older bit.
const NEWEST_EXPORTS: &str = "newest-exports";

/// Whether `org`'s report `r` came with its newest export (an organisation without a
/// recorded newest export counts as it is).
fn current(newest: &BTreeMap<String, IntelReport>, org: &str, r: &IntelReport) -> bool {
    newest.get(org).is_none_or(|n| n.export == r.export)
}

/// Key of a pooled pattern.
pub fn intel_key(tool: &str, action: &str, pattern: &str) -> String {
    serde_json::to_string(&[tool, action, pattern]).unwrap_or_default()
}

/// The shard of [`Family::Prompts`] that holds the prompts (calls the agent shows its dialog
/// for): few, since each is settled within `hooks.prompt_timeout`, and all listed by
/// [`State::prompts`] on every hook event.
const PROMPT_SHARD: ShardNo = 0;

/// The shard of a call no dialog showed for: one of the others, by agent and correlation key,
/// so that a hook reads only its own call's shard and not every call asked within a
/// challenge's life (thousands on a busy store). An entry stays until its challenge expires; a
/// decision consumes the challenge, which [`State::call`]'s callers check. Stores indexed
/// before calls were sharded keep theirs in [`PROMPT_SHARD`], which is still searched.
fn call_shard(agent: &str, key: &str) -> ShardNo {
    let others = (crate::store::index::SHARDS - 1) as ShardNo;
    1 + shard_of(&format!("{agent}\0{key}")) % others
}

/// One agent tool call that a hook check answered with a challenge (ask or deny), open until
/// the challenge is decided or expires. Every later hook event of the same call reuses its
/// challenge, so one tool call asks a human once however many events the agent sends.
///
/// When the agent shows its own permission dialog for the call (a hook check with
/// `prompt_from` set that answered ask), the entry is also a *prompt*: open until the tool
/// runs (an approval), a human decides the challenge through another channel, or it times
/// out (journaled as the agent's own refusal, never learned as a human's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptState {
    /// Agent name.
    pub agent: String,
    /// Correlation key of the tool call.
    pub key: String,
    /// The challenge issued for the call.
    pub challenge: String,
    /// When the prompt opened, or when the call was first answered if no dialog showed (µs).
    pub at: i64,
    /// When its challenge expires (µs).
    pub expires: i64,
    /// `seq` of the newest check event of the call.
    pub check_seq: u64,
    /// The agent shows its permission dialog for the call. Entries written before calls were
    /// tracked were all prompts.
    #[serde(default = "dialog_default")]
    pub dialog: bool,
}

fn dialog_default() -> bool {
    true
}

/// One `artifact` event as indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactEntry {
    /// `seq` of the event.
    pub seq: u64,
    /// Its time.
    pub ts: Timestamp,
    /// The event.
    #[serde(flatten)]
    pub event: ArtifactEvent,
}

/// Key of a task's grants.
pub fn task_key(org: &str, task: &str) -> String {
    serde_json::to_string(&[org, task]).unwrap_or_default()
}

/// Key of a stats entry.
pub fn stats_key(
    org: &str,
    project: &str,
    tool: &str,
    action: &str,
    pattern: &str,
    normalized: bool,
) -> String {
    let kind = if normalized { "pattern" } else { "exact" };
    serde_json::to_string(&[org, project, tool, action, kind, pattern]).unwrap_or_default()
}

/// Key of a session entry.
pub fn session_key(org: &str, session: &str) -> String {
    serde_json::to_string(&[org, session]).unwrap_or_default()
}

/// Loaded shards and what changed.
#[derive(Debug)]
pub struct State {
    index: Index,
    stats: BTreeMap<ShardNo, Shard<PatternStats>>,
    sessions: BTreeMap<ShardNo, Shard<SessionState>>,
    challenges: BTreeMap<ShardNo, ChallengeLog>,
    /// Time (µs) of the latest event applied: what compacting a log prunes by.
    latest: i64,
    grants: BTreeMap<ShardNo, Shard<Vec<GrantEvent>>>,
    artifacts: BTreeMap<ShardNo, Shard<Vec<ArtifactEntry>>>,
    prompts: BTreeMap<ShardNo, Shard<PromptState>>,
    intel: BTreeMap<ShardNo, Shard<BTreeMap<String, IntelReport>>>,
    allowances: BTreeMap<ShardNo, Shard<Vec<Allowance>>>,
    memo: BTreeMap<ShardNo, Shard<Vec<MemoBit>>>,
    dirty: BTreeSet<(Family, ShardNo)>,
}

fn load<'a, T: Serialize + DeserializeOwned>(
    index: &Index,
    cache: &'a mut BTreeMap<ShardNo, Shard<T>>,
    fam: Family,
    n: ShardNo,
) -> Result<&'a mut Shard<T>> {
    match cache.entry(n) {
        std::collections::btree_map::Entry::Occupied(e) => Ok(e.into_mut()),
        std::collections::btree_map::Entry::Vacant(e) => Ok(e.insert(index.read_shard(fam, n)?)),
    }
}

/// Every shard of a family: those on disk and those only in memory so far (during a rebuild
/// nothing is on disk until the end).
fn shard_numbers<T>(
    index: &Index,
    cache: &BTreeMap<ShardNo, T>,
    fam: Family,
) -> Result<Vec<ShardNo>> {
    let mut all: BTreeSet<ShardNo> = index.shards(fam)?.into_iter().collect();
    all.extend(cache.keys().copied());
    Ok(all.into_iter().collect())
}

impl State {
    /// State over `index`, loading shards lazily.
    pub fn new(index: Index) -> State {
        State {
            index,
            stats: BTreeMap::new(),
            sessions: BTreeMap::new(),
            challenges: BTreeMap::new(),
            grants: BTreeMap::new(),
            artifacts: BTreeMap::new(),
            prompts: BTreeMap::new(),
            intel: BTreeMap::new(),
            allowances: BTreeMap::new(),
            memo: BTreeMap::new(),
            latest: 0,
            dirty: BTreeSet::new(),
        }
    }

    /// The index folder.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Stats of a key.
    pub fn stats(&mut self, key: &str) -> Result<Option<PatternStats>> {
        let shard = load(&self.index, &mut self.stats, Family::Stats, wide_shard_of(key))?;
        Ok(shard.entries.get(key).cloned())
    }

    /// Session counters.
    ///
    /// Only what concerns one request is copied, so a check costs the same however many
    /// decisions its session has seen: the counters, the remembered decisions on the request
    /// (`identity`) or on the same `what` (tool, action, scope) for other content, and the
    /// recent approvals of the request.
    pub fn session(
        &mut self,
        key: &str,
        identity: &str,
        what: (&str, &str, &str),
    ) -> Result<SessionState> {
        let shard = load(&self.index, &mut self.sessions, Family::Sessions, wide_shard_of(key))?;
        let Some(s) = shard.entries.get(key) else { return Ok(SessionState::default()) };
        let memory = s
            .memory
            .iter()
            .filter(|(k, m)| {
                k.as_str() == identity
                    || (m.what.0 == what.0 && m.what.1 == what.1 && m.what.2 == what.2)
            })
            .map(|(k, m)| (k.clone(), m.clone()))
            .collect();
        let approvals = s
            .approvals
            .get(identity)
            .map(|v| BTreeMap::from([(identity.to_string(), v.clone())]))
            .unwrap_or_default();
        Ok(SessionState {
            checks: s.checks.clone(),
            risk_used: s.risk_used,
            memory,
            approvals,
            last: s.last,
        })
    }

    /// A challenge by id.
    pub fn challenge(&mut self, id: &str) -> Result<Option<ChallengeState>> {
        let n = wide_shard_of(id);
        match self.challenge_log(n)?.get(id) {
            None => Ok(None),
            Some(c) => c.state().map(Some).map_err(|e| corrupt_challenge(&self.index, n, &e)),
        }
    }

    /// The challenges of shard `n`: its log read (once) and what was applied since.
    fn challenge_log(&mut self, n: ShardNo) -> Result<&mut BTreeMap<String, KeptChallenge>> {
        let log = self.challenges.entry(n).or_default();
        if log.entries.is_none() {
            let mut entries = read_challenges(&self.index, n)?;
            for (id, record) in log.unwritten.drain(..) {
                merge_challenge(&mut entries, &id, record);
            }
            log.entries = Some(entries);
        }
        Ok(log.entries.get_or_insert_default())
    }

    /// Apply `record` of challenge `id`: appended to its log at the next commit, without
    /// reading the log.
    fn put_challenge(&mut self, id: &str, record: KeptChallenge) {
        let n = wide_shard_of(id);
        let log = self.challenges.entry(n).or_default();
        log.since = log.since.min(record.seq);
        if let Some(entries) = &mut log.entries {
            merge_challenge(entries, id, record);
            self.dirty.insert((Family::Challenges, n));
            return;
        }
        log.unwritten.push((id.to_owned(), record));
        if log.unwritten.len() >= UNWRITTEN_PRUNE && log.unwritten.len().is_power_of_two() {
            // Every record of a challenge has its expiry: dropping the expired ones of the
            // unwritten records can uncover no older record of the same challenge.
            let now = self.latest;
            log.unwritten.retain(|(_, c)| now - c.expires < CHALLENGE_KEEP_MICROS);
        }
        self.dirty.insert((Family::Challenges, n));
    }

    /// Grants of a task (expired ones included; the caller filters by time).
    pub fn grants(&mut self, org: &str, task: &str) -> Result<Vec<GrantEvent>> {
        let key = task_key(org, task);
        let shard = load(&self.index, &mut self.grants, Family::Grants, shard_of(&key))?;
        Ok(shard.entries.get(&key).cloned().unwrap_or_default())
    }

    /// Every grant (for listings).
    pub fn all_grants(&mut self) -> Result<Vec<GrantEvent>> {
        let mut out = Vec::new();
        for n in shard_numbers(&self.index, &self.grants, Family::Grants)? {
            let shard = load(&self.index, &mut self.grants, Family::Grants, n)?;
            out.extend(shard.entries.values().flatten().cloned());
        }
        Ok(out)
    }

    /// Every indexed artifact event, oldest first.
    pub fn all_artifacts(&mut self) -> Result<Vec<ArtifactEntry>> {
        let mut out = Vec::new();
        for n in shard_numbers(&self.index, &self.artifacts, Family::Artifacts)? {
            let shard = load(&self.index, &mut self.artifacts, Family::Artifacts, n)?;
            out.extend(shard.entries.values().flatten().cloned());
        }
        out.sort_by_key(|a| a.seq);
        Ok(out)
    }

    /// Every stats entry (for listings).
    pub fn all_stats(&mut self) -> Result<Vec<PatternStats>> {
        let mut out = Vec::new();
        for n in shard_numbers(&self.index, &self.stats, Family::Stats)? {
            let shard = load(&self.index, &mut self.stats, Family::Stats, n)?;
            out.extend(shard.entries.values().cloned());
        }
        Ok(out)
    }

    /// Open agent permission prompts, oldest first.
    pub fn prompts(&mut self) -> Result<Vec<PromptState>> {
        let shard = load(&self.index, &mut self.prompts, Family::Prompts, PROMPT_SHARD)?;
        let mut v: Vec<_> = shard.entries.values().filter(|p| p.dialog).cloned().collect();
        v.sort_by_key(|p| p.check_seq);
        Ok(v)
    }

    /// The newest open call of `agent` with correlation key `key` whose challenge is still
    /// valid at `now` (µs).
    pub fn call(&mut self, agent: &str, key: &str, now: i64) -> Result<Option<PromptState>> {
        let mut newest: Option<PromptState> = None;
        for n in [PROMPT_SHARD, call_shard(agent, key)] {
            let shard = load(&self.index, &mut self.prompts, Family::Prompts, n)?;
            let found = shard
                .entries
                .values()
                .filter(|p| p.agent == agent && p.key == key && p.expires > now)
                .max_by_key(|p| p.check_seq);
            if let Some(p) = found
                && newest.as_ref().is_none_or(|b| p.check_seq > b.check_seq)
            {
                newest = Some(p.clone());
            }
        }
        Ok(newest)
    }

    /// The pooled reports on a generalized pattern, one per organisation, each from that
    /// organisation's newest export.
    pub fn intel(&mut self, key: &str) -> Result<BTreeMap<String, IntelReport>> {
        let newest = self.newest_exports()?;
        let shard = load(&self.index, &mut self.intel, Family::Intel, shard_of(key))?;
        let mut reports = shard.entries.get(key).cloned().unwrap_or_default();
        reports.retain(|org, r| current(&newest, org, r));
        Ok(reports)
    }

    /// Every pooled pattern with its reports (as [`State::intel`]); patterns no organisation
    /// reports any more are left out.
    pub fn all_intel(&mut self) -> Result<Vec<(String, BTreeMap<String, IntelReport>)>> {
        let newest = self.newest_exports()?;
        let mut out = Vec::new();
        for n in shard_numbers(&self.index, &self.intel, Family::Intel)? {
            let shard = load(&self.index, &mut self.intel, Family::Intel, n)?;
            for (k, v) in &shard.entries {
                if k == NEWEST_EXPORTS {
                    continue;
                }
                let mut reports = v.clone();
                reports.retain(|org, r| current(&newest, org, r));
                if !reports.is_empty() {
                    out.push((k.clone(), reports));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Each organisation's newest export (`created`, then the import's `seq`).
    fn newest_exports(&mut self) -> Result<BTreeMap<String, IntelReport>> {
        let shard = load(&self.index, &mut self.intel, Family::Intel, shard_of(NEWEST_EXPORTS))?;
        Ok(shard.entries.get(NEWEST_EXPORTS).cloned().unwrap_or_default())
    }

    /// This store's remembered randomized answers by pattern key ([`intel_key`]).
    pub fn intel_memo(&mut self) -> Result<BTreeMap<String, Vec<MemoBit>>> {
        let shard = load(&self.index, &mut self.memo, Family::IntelMemo, MEMO_SHARD)?;
        Ok(shard.entries.clone())
    }

    /// The oldest live one-time allowance for the request with identity `id` at `now` (µs).
    pub fn allowance(&mut self, id: &str, now: i64) -> Result<Option<Allowance>> {
        let shard = load(&self.index, &mut self.allowances, Family::Allowances, shard_of(id))?;
        Ok(shard.entries.get(id).and_then(|l| l.iter().find(|a| a.expires > now)).cloned())
    }

    /// Every challenge (for listings).
    pub fn all_challenges(&mut self) -> Result<Vec<ChallengeState>> {
        let mut out = Vec::new();
        for n in shard_numbers(&self.index, &self.challenges, Family::Challenges)? {
            let parsed: std::result::Result<Vec<_>, _> =
                self.challenge_log(n)?.values().map(KeptChallenge::state).collect();
            out.extend(parsed.map_err(|e| corrupt_challenge(&self.index, n, &e))?);
        }
        Ok(out)
    }

    /// Apply one journal event as its line holds it: the kind the line names (`None` for a
    /// kind this version does not know) and the exact bytes of the event. Only the payloads
    /// of kinds that change the index are read ([`EventKind::indexed`]); the other kinds, and
    /// unknown ones, change nothing.
    pub fn apply_line(
        &mut self,
        seq: u64,
        ts: Timestamp,
        kind: Option<EventKind>,
        raw: &str,
    ) -> Result<()> {
        let Some(kind) = kind.filter(|k| k.indexed()) else { return Ok(()) };
        let event = Event::parse_known(kind, raw)
            .map_err(|source| Error::Json { what: format!("{kind} event seq {seq}"), source })?;
        self.apply(seq, ts, event)
    }

    /// Apply one journal event, at its own time `ts`.
    pub fn apply(&mut self, seq: u64, ts: Timestamp, event: Event) -> Result<()> {
        let now = ts.micros();
        self.latest = self.latest.max(now);
        match event {
            Event::Check(ev) => self.apply_check(seq, now, &ev),
            Event::Decision(ev) => self.apply_decision(seq, ts, &ev),
            Event::Execution(ev) => match &ev.approval {
                Some(used) => self.use_allowance(seq, now, &ev.request, used),
                None => Ok(()),
            },
            Event::Artifact(ev) => {
                let n = shard_of(&ev.digest);
                let shard = load(&self.index, &mut self.artifacts, Family::Artifacts, n)?;
                if shard.applied_seq < seq {
                    let entry = ArtifactEntry { seq, ts, event: ev };
                    shard.entries.entry(entry.event.digest.clone()).or_default().push(entry);
                    shard.applied_seq = seq;
                    self.dirty.insert((Family::Artifacts, n));
                }
                Ok(())
            }
            Event::Intel(ev) => self.apply_intel(seq, &ev),
            Event::IntelExport(ev) => {
                let shard = load(&self.index, &mut self.memo, Family::IntelMemo, MEMO_SHARD)?;
                if shard.applied_seq < seq {
                    for d in ev.drawn {
                        let key = intel_key(&d.tool, &d.action, &d.pattern);
                        let bits = shard.entries.entry(key).or_default();
                        // A draw is made only for an answer without one; a journal that says
                        // otherwise keeps the first (what the first export showed).
                        if !bits.iter().any(|b| b.answers(d.truth, ev.epsilon)) {
                            bits.push(MemoBit {
                                truth: d.truth,
                                epsilon: ev.epsilon,
                                report: d.report,
                                seq,
                            });
                        }
                    }
                    shard.applied_seq = seq;
                    self.dirty.insert((Family::IntelMemo, MEMO_SHARD));
                }
                Ok(())
            }
            Event::Revoke(ev) => self.apply_revoke(seq, &ev),
            Event::GrantRevoke(ev) => {
                let key = task_key(&ev.org, &ev.task);
                let n = shard_of(&key);
                let shard = load(&self.index, &mut self.grants, Family::Grants, n)?;
                if shard.applied_seq < seq {
                    if let Some(list) = shard.entries.get_mut(&key) {
                        list.retain(|g| g.grant != ev.grant);
                    }
                    shard.entries.retain(|_, l| !l.is_empty());
                    shard.applied_seq = seq;
                    self.dirty.insert((Family::Grants, n));
                }
                Ok(())
            }
            Event::Grant(ev) => {
                let key = task_key(&ev.org, &ev.task);
                let n = shard_of(&key);
                let shard = load(&self.index, &mut self.grants, Family::Grants, n)?;
                if shard.applied_seq < seq {
                    // Drop grants that expired more than a week before this event.
                    for list in shard.entries.values_mut() {
                        list.retain(|g| {
                            g.expires_at.is_none_or(|e| now - e.micros() < CHALLENGE_KEEP_MICROS)
                        });
                    }
                    shard.entries.retain(|_, l| !l.is_empty());
                    shard.entries.entry(key).or_default().push(ev);
                    shard.applied_seq = seq;
                    self.dirty.insert((Family::Grants, n));
                }
                Ok(())
            }
            // These kinds change no derived state, nor do kinds of a newer version.
            Event::Config(_)
            | Event::Policy(_)
            | Event::Preset(_)
            | Event::Recovered(_)
            | Event::Unknown { .. } => Ok(()),
        }
    }

    fn apply_check(&mut self, seq: u64, now: i64, ev: &CheckEvent) -> Result<()> {
        let req = &ev.request;
        let key = session_key(&req.org, &req.session);
        let n = wide_shard_of(&key);
        let shard = load(&self.index, &mut self.sessions, Family::Sessions, n)?;
        if shard.applied_seq < seq {
            prune_sessions(shard, now);
            let s = shard.entries.entry(key).or_default();
            let second = now.div_euclid(1_000_000);
            s.checks.retain(|&(sec, _)| second - sec < RATE_WINDOW_SECS);
            match s.checks.last_mut() {
                Some((sec, n)) if *sec == second => *n = n.saturating_add(1),
                _ => s.checks.push((second, 1)),
            }
            s.risk_used += ev.verdict.risk_points;
            s.last = now;
            shard.applied_seq = seq;
            self.dirty.insert((Family::Sessions, n));
        }
        if let Some(used) = &ev.verdict.approval {
            self.use_allowance(seq, now, req, used)?;
        }
        if let Some(ch) = &ev.verdict.challenge {
            // Appended without reading the log (a replay appending it again changes nothing).
            let state = ChallengeState {
                challenge: ch.clone(),
                request: req.clone(),
                verdict: ev.verdict.decision,
                tier: ev.verdict.risk.tier,
                reason: ev.verdict.reason.clone(),
                check_seq: seq,
                consumed: None,
                decided_by: ev.verdict.decided_by.clone(),
            };
            self.put_challenge(&ch.id, KeptChallenge::new(seq, state));
        }
        if let (Some(hook), Some(ch)) = (&ev.hook, &ev.verdict.challenge) {
            let prompted = hook.prompt_from.is_some_and(|t| ev.verdict.risk.tier >= t)
                && ev.verdict.decision == Decision::Ask;
            let home = call_shard(&hook.agent, &hook.key);
            // A prompt, or a call already kept in the prompts' shard (a prompt, or an entry of
            // a store indexed before calls were sharded), is kept there; any other call in its
            // own shard. A call whose dialog now shows moves to the prompts' shard.
            let in_prompts = load(&self.index, &mut self.prompts, Family::Prompts, PROMPT_SHARD)?
                .entries
                .contains_key(&ch.id);
            let target = if prompted || in_prompts { PROMPT_SHARD } else { home };
            for n in [PROMPT_SHARD, home] {
                let shard = load(&self.index, &mut self.prompts, Family::Prompts, n)?;
                if shard.applied_seq >= seq {
                    continue;
                }
                // Calls whose challenge expired can no longer be resolved: forget them.
                let before = shard.entries.len();
                shard.entries.retain(|_, p| p.expires > now);
                let mut changed = shard.entries.len() != before;
                if n == target {
                    changed = true;
                    match shard.entries.get_mut(&ch.id) {
                        // A later event of the same call, answered with the same challenge.
                        Some(p) => {
                            if prompted && !p.dialog {
                                p.dialog = true;
                                p.at = now;
                            }
                            p.check_seq = seq;
                        }
                        None => {
                            shard.entries.insert(
                                ch.id.clone(),
                                PromptState {
                                    agent: hook.agent.clone(),
                                    key: hook.key.clone(),
                                    challenge: ch.id.clone(),
                                    at: now,
                                    expires: ch.expires_at.micros(),
                                    check_seq: seq,
                                    dialog: prompted,
                                },
                            );
                        }
                    }
                } else {
                    changed |= shard.entries.remove(&ch.id).is_some();
                }
                shard.applied_seq = seq;
                // A shard this event left as it was is not rewritten (replaying the event
                // there again changes nothing either).
                if changed {
                    self.dirty.insert((Family::Prompts, n));
                }
            }
        }
        Ok(())
    }

    /// The one-time allowance of challenge `used` for `req` is spent (by an allowed check or
    /// a reported run of the request).
    fn use_allowance(&mut self, seq: u64, now: i64, req: &Request, used: &str) -> Result<()> {
        let id = req.identity();
        let n = shard_of(&id);
        let shard = load(&self.index, &mut self.allowances, Family::Allowances, n)?;
        if shard.applied_seq < seq {
            prune_allowances(shard, now);
            if let Some(list) = shard.entries.get_mut(&id) {
                list.retain(|a| a.challenge != used);
            }
            shard.entries.retain(|_, l| !l.is_empty());
            shard.applied_seq = seq;
            self.dirty.insert((Family::Allowances, n));
        }
        Ok(())
    }

    fn apply_decision(&mut self, seq: u64, ts: Timestamp, ev: &DecisionEvent) -> Result<()> {
        let now = ts.micros();
        if ev.outcome != Outcome::Recorded {
            return Ok(());
        }
        let Some(req) = &ev.request else { return Ok(()) };
        let shard = load(&self.index, &mut self.prompts, Family::Prompts, PROMPT_SHARD)?;
        if shard.applied_seq < seq && shard.entries.remove(&ev.challenge).is_some() {
            shard.applied_seq = seq;
            self.dirty.insert((Family::Prompts, PROMPT_SHARD));
        }
        if let Some(until) = &ev.allowance {
            let id = req.identity();
            let n = shard_of(&id);
            let shard = load(&self.index, &mut self.allowances, Family::Allowances, n)?;
            if shard.applied_seq < seq {
                prune_allowances(shard, now);
                let expires = until.micros();
                // One allowance per request: a newer approval replaces an unused one.
                if expires > now {
                    shard.entries.insert(
                        id,
                        vec![Allowance { challenge: ev.challenge.clone(), seq, expires }],
                    );
                }
                shard.applied_seq = seq;
                self.dirty.insert((Family::Allowances, n));
            }
        }
        let n = wide_shard_of(&ev.challenge);
        // A record of this event or a later one means the decision is applied already.
        if let Some(c) = self.challenge_log(n)?.get(&ev.challenge)
            && c.seq < seq
        {
            let mut state = c.state().map_err(|e| corrupt_challenge(&self.index, n, &e))?;
            state.consumed = Some(seq);
            self.put_challenge(&ev.challenge, KeptChallenge::new(seq, state));
        }

        // Every pattern the decision teaches (journaled with it); older events without the
        // list taught their exact scope only.
        let learn: Vec<LearnKey> = match &ev.learn {
            // Nobody was seen deciding: not learned, whatever an older version journaled with
            // it (`aiperture reindex` drops what such decisions taught).
            _ if ev.inferred => Vec::new(),
            Some(l) => l.clone(),
            None => vec![LearnKey { pattern: req.scope.clone(), normalized: false, effect: None }],
        };
        let mut by_shard: BTreeMap<ShardNo, Vec<(String, &LearnKey)>> = BTreeMap::new();
        for k in &learn {
            let key =
                stats_key(&req.org, &req.project, &req.tool, &req.action, &k.pattern, k.normalized);
            by_shard.entry(wide_shard_of(&key)).or_default().push((key, k));
        }
        for (n, keys) in by_shard {
            let shard = load(&self.index, &mut self.stats, Family::Stats, n)?;
            if shard.applied_seq >= seq {
                continue;
            }
            for (key, k) in keys {
                let st = shard.entries.entry(key).or_insert_with(|| PatternStats {
                    org: req.org.clone(),
                    project: req.project.clone(),
                    tool: req.tool.clone(),
                    action: req.action.clone(),
                    pattern: k.pattern.clone(),
                    normalized: k.normalized,
                    allows: 0,
                    denies: 0,
                    ignored: 0,
                    newest: None,
                    deciders: Vec::new(),
                    recent: Vec::new(),
                    revoked: 0,
                    effect: None,
                });
                if ev.rapid {
                    st.ignored += 1;
                    continue;
                }
                match ev.decision {
                    Decision::Allow => {
                        st.allows += 1;
                        let e = k.effect.clone().unwrap_or_else(Effect::unknown);
                        match &mut st.effect {
                            Some(have) => have.merge(&e),
                            None => st.effect = Some(e),
                        }
                    }
                    Decision::Deny | Decision::Ask => st.denies += 1,
                }
                st.newest = Some(ts);
                st.recent.push((now, ev.decision == Decision::Allow));
                if st.recent.len() > RECENT {
                    st.recent.remove(0);
                }
                if !st.deciders.contains(&ev.by) && st.deciders.len() < 32 {
                    st.deciders.push(ev.by.clone());
                }
            }
            shard.applied_seq = seq;
            self.dirty.insert((Family::Stats, n));
        }

        let key = session_key(&req.org, &req.session);
        let n = wide_shard_of(&key);
        let shard = load(&self.index, &mut self.sessions, Family::Sessions, n)?;
        if shard.applied_seq < seq {
            prune_sessions(shard, now);
            let s = shard.entries.entry(key).or_default();
            let id = req.identity();
            if !req.session.is_empty() && !ev.inferred {
                s.memory.insert(
                    id.clone(),
                    Remembered {
                        decision: ev.decision,
                        seq,
                        what: (req.tool.clone(), req.action.clone(), req.scope.clone()),
                        content_hash: req.content_hash.clone(),
                    },
                );
            }
            // Keep only approvals recent enough to matter for rubber-stamp detection, for
            // every request of the session, so a long session does not grow without bound.
            s.approvals.retain(|_, list| {
                list.retain(|&t| now - t < APPROVAL_KEEP_MICROS);
                !list.is_empty()
            });
            if ev.decision == Decision::Allow {
                s.approvals.entry(id).or_default().push(now);
            }
            s.last = now;
            shard.applied_seq = seq;
            self.dirty.insert((Family::Sessions, n));
        }
        Ok(())
    }

    fn apply_intel(&mut self, seq: u64, ev: &super::events::IntelEvent) -> Result<()> {
        let mut by_shard: BTreeMap<ShardNo, Vec<(String, bool)>> = BTreeMap::new();
        for r in &ev.reports {
            let key = intel_key(&r.tool, &r.action, &r.pattern);
            by_shard.entry(shard_of(&key)).or_default().push((key, r.approve));
        }
        // The organisation's newest export is recorded in the same pass (its shard may hold
        // reports of this event too, and a shard takes an event once).
        let newest_shard = shard_of(NEWEST_EXPORTS);
        by_shard.entry(newest_shard).or_default();
        let report = |approve| IntelReport {
            created: ev.created.clone(),
            report: crate::intel::Pooled { approve, epsilon: ev.epsilon },
            export: seq,
        };
        // Newer: a later `created`, or the same day imported later.
        let newer = |old: &IntelReport| (old.created.as_str(), old.export) <= (&ev.created, seq);
        for (n, reports) in by_shard {
            let shard = load(&self.index, &mut self.intel, Family::Intel, n)?;
            if shard.applied_seq >= seq {
                continue;
            }
            if n == newest_shard {
                let orgs = shard.entries.entry(NEWEST_EXPORTS.to_string()).or_default();
                if orgs.get(&ev.org).is_none_or(newer) {
                    orgs.insert(ev.org.clone(), report(false));
                }
            }
            for (key, approve) in reports {
                let orgs = shard.entries.entry(key).or_default();
                // Several exports of one organisation count once: its newest.
                if orgs.get(&ev.org).is_none_or(newer) {
                    orgs.insert(ev.org.clone(), report(approve));
                }
            }
            shard.applied_seq = seq;
            self.dirty.insert((Family::Intel, n));
        }
        Ok(())
    }

    /// Stats entries a revocation covers: same org, tool and action, and a pattern (exact scope
    /// or normalized pattern) that the revoked glob matches or equals.
    pub fn covered_by(
        &mut self,
        org: &str,
        tool: &str,
        action: &str,
        glob: &str,
    ) -> Result<Vec<PatternStats>> {
        let g = crate::glob::Glob::lenient(glob);
        Ok(self
            .all_stats()?
            .into_iter()
            .filter(|s| {
                s.org == org
                    && s.tool == tool
                    && s.action == action
                    && (s.pattern == glob || g.matches(&s.pattern))
            })
            .collect())
    }

    fn apply_revoke(&mut self, seq: u64, ev: &RevokeEvent) -> Result<()> {
        let g = crate::glob::Glob::lenient(&ev.pattern);
        let covers = |tool: &str, action: &str, pattern: &str| {
            tool == ev.tool && action == ev.action && (pattern == ev.pattern || g.matches(pattern))
        };
        for n in shard_numbers(&self.index, &self.stats, Family::Stats)? {
            let shard = load(&self.index, &mut self.stats, Family::Stats, n)?;
            if shard.applied_seq >= seq {
                continue;
            }
            let mut changed = false;
            for st in shard.entries.values_mut() {
                if st.org == ev.org && covers(&st.tool, &st.action, &st.pattern) && st.total() > 0 {
                    st.revoked += st.total();
                    st.allows = 0;
                    st.denies = 0;
                    st.recent.clear();
                    st.deciders.clear();
                    st.effect = None;
                    changed = true;
                }
            }
            if changed {
                shard.applied_seq = seq;
                self.dirty.insert((Family::Stats, n));
            }
        }
        for n in shard_numbers(&self.index, &self.sessions, Family::Sessions)? {
            let shard = load(&self.index, &mut self.sessions, Family::Sessions, n)?;
            if shard.applied_seq >= seq {
                continue;
            }
            let mut changed = false;
            for (key, s) in &mut shard.entries {
                let org = serde_json::from_str::<(String, String)>(key).map(|(o, _)| o);
                if org.as_deref().ok() != Some(ev.org.as_str()) {
                    continue;
                }
                let before = s.memory.len();
                s.memory.retain(|_, m| !covers(&m.what.0, &m.what.1, &m.what.2));
                changed |= s.memory.len() != before;
            }
            if changed {
                shard.applied_seq = seq;
                self.dirty.insert((Family::Sessions, n));
            }
        }
        Ok(())
    }

    /// Write changed shards, then the meta that says how far they reach.
    pub fn commit(&mut self, meta: &Meta) -> Result<()> {
        for (fam, n) in std::mem::take(&mut self.dirty) {
            match fam {
                Family::Stats => {
                    if let Some(s) = self.stats.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::Sessions => {
                    if let Some(s) = self.sessions.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::Grants => {
                    if let Some(s) = self.grants.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::Artifacts => {
                    if let Some(s) = self.artifacts.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::Prompts => {
                    if let Some(s) = self.prompts.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::Intel => {
                    if let Some(s) = self.intel.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::Allowances => {
                    if let Some(s) = self.allowances.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::IntelMemo => {
                    if let Some(s) = self.memo.get(&n) {
                        self.index.write_shard(fam, n, s)?;
                    }
                }
                Family::Challenges => {
                    if let Some(log) = self.challenges.get_mut(&n) {
                        commit_log(&self.index, n, log, self.latest)?;
                    }
                }
            }
        }
        self.index.write_meta(meta)
    }

    /// How many shards are loaded, all families together.
    pub fn loaded_shards(&self) -> usize {
        self.stats.len()
            + self.sessions.len()
            + self.challenges.len()
            + self.grants.len()
            + self.artifacts.len()
            + self.prompts.len()
            + self.intel.len()
            + self.allowances.len()
            + self.memo.len()
    }

    /// When more than `max` shards are loaded, forget every shard that holds nothing
    /// uncommitted (they are read again from the index on demand), so a long-running server's
    /// memory is bounded by `max` shards plus what changed since the last commit, whatever the
    /// store's size. Returns how many shards were dropped.
    pub fn shrink(&mut self, max: usize) -> usize {
        fn keep<T>(
            cache: &mut BTreeMap<ShardNo, T>,
            fam: Family,
            dirty: &BTreeSet<(Family, ShardNo)>,
        ) {
            cache.retain(|n, _| dirty.contains(&(fam, *n)));
        }
        let before = self.loaded_shards();
        if before <= max {
            return 0;
        }
        let dirty = &self.dirty;
        keep(&mut self.stats, Family::Stats, dirty);
        keep(&mut self.sessions, Family::Sessions, dirty);
        keep(&mut self.challenges, Family::Challenges, dirty);
        keep(&mut self.grants, Family::Grants, dirty);
        keep(&mut self.artifacts, Family::Artifacts, dirty);
        keep(&mut self.prompts, Family::Prompts, dirty);
        keep(&mut self.intel, Family::Intel, dirty);
        keep(&mut self.allowances, Family::Allowances, dirty);
        keep(&mut self.memo, Family::IntelMemo, dirty);
        before - self.loaded_shards()
    }

    /// Forget everything loaded (after the index folder was cleared).
    pub fn reset(&mut self) {
        self.stats.clear();
        self.sessions.clear();
        self.challenges.clear();
        self.grants.clear();
        self.artifacts.clear();
        self.prompts.clear();
        self.intel.clear();
        self.allowances.clear();
        self.memo.clear();
        self.dirty.clear();
    }
}

fn prune_sessions(shard: &mut Shard<SessionState>, now: i64) {
    shard.entries.retain(|_, s| now - s.last < SESSION_IDLE_MICROS);
}

fn prune_allowances(shard: &mut Shard<Vec<Allowance>>, now: i64) {
    for list in shard.entries.values_mut() {
        list.retain(|a| a.expires > now);
    }
    shard.entries.retain(|_, l| !l.is_empty());
}

/// A challenge of shard `n` that does not parse: the shard is corrupt (the index is rebuilt
/// from the journal), as it would have been had the whole shard been parsed when read.
fn corrupt_challenge(index: &Index, n: ShardNo, e: &serde_json::Error) -> Error {
    Error::IndexCorrupt { path: index.shard_path(Family::Challenges, n), reason: e.to_string() }
}

/// The newest record of each challenge in log `n` as it is on disk.
fn read_challenges(index: &Index, n: ShardNo) -> Result<BTreeMap<String, KeptChallenge>> {
    let mut entries = BTreeMap::new();
    index.read_log(Family::Challenges, n, |line| {
        let r: RecordIn<'_> =
            serde_json::from_str(line).map_err(|e| corrupt_challenge(index, n, &e))?;
        let kept = KeptChallenge {
            seq: r.seq,
            expires: r.expires,
            body: KeptBody::Text(r.state.to_owned()),
        };
        merge_challenge(&mut entries, &r.id, kept);
        Ok(())
    })?;
    Ok(entries)
}

/// How many times the bytes it appends an append past [`LOG_COMPACT_BYTES`] pays for in
/// compaction, on average (see [`compact_now`]).
const COMPACT_EFFORT: u128 = 8;

/// Whether a challenge log `len` bytes long after an append of `appended` bytes is compacted
/// now: never up to [`LOG_COMPACT_BYTES`]; past it with a chance of
/// `COMPACT_EFFORT × appended / len`, `coin` (uniform over `u64`, drawn only past the limit)
/// deciding.
///
/// A log rewritten on every append past the limit would cost a whole rewrite per ask once the
/// challenges it keeps alone fill the limit (about 22 of them, 1.4M over the 65,536 logs). By
/// chance, the work is `COMPACT_EFFORT × appended` bytes per append whatever the log's size,
/// and the log between compactions grows by about `1 / COMPACT_EFFORT` of itself (the chance
/// of outgrowing its compacted size `f` times over before a compaction is about `f^-8`).
fn compact_now(len: u64, appended: u64, coin: impl FnOnce() -> u64) -> bool {
    if len <= LOG_COMPACT_BYTES {
        return false;
    }
    // coin / 2^64 < EFFORT × appended / len, without rounding.
    u128::from(coin()) * u128::from(len) < (COMPACT_EFFORT * u128::from(appended)) << 64
}

/// The coin of an append to a log: the first 8 bytes of the appended lines' SHA-256 (their
/// records hold random challenge ids and MACs), so replaying the same events makes the same
/// choices.
fn append_coin(lines: &[u8]) -> u64 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(lines);
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    u64::from_le_bytes(first)
}

/// Append the unwritten records of challenge log `n`; compact the log when it grew past
/// [`LOG_COMPACT_BYTES`] and [`compact_now`] says so: rewritten with the newest record of each
/// challenge that expired less than [`CHALLENGE_KEEP_MICROS`] before `now`.
fn commit_log(index: &Index, n: ShardNo, log: &mut ChallengeLog, now: i64) -> Result<()> {
    if log.since == u64::MAX {
        return Ok(());
    }
    let mut lines = Vec::new();
    match &log.entries {
        Some(entries) => {
            for (id, record) in entries.iter().filter(|(_, r)| r.seq >= log.since) {
                record.seal(id, &mut lines)?;
            }
        }
        None => {
            for (id, record) in &log.unwritten {
                record.seal(id, &mut lines)?;
            }
        }
    }
    let len = index.append_log(Family::Challenges, n, &lines)?;
    log.unwritten.clear();
    log.since = u64::MAX;
    if !compact_now(len, lines.len() as u64, || append_coin(&lines)) {
        return Ok(());
    }
    let mut entries = match log.entries.take() {
        Some(e) => e,
        // Read as it is now, the records just appended included.
        None => read_challenges(index, n)?,
    };
    entries.retain(|_, c| now - c.expires < CHALLENGE_KEEP_MICROS);
    lines.clear();
    for (id, record) in &entries {
        record.seal(id, &mut lines)?;
    }
    index.rewrite_log(Family::Challenges, n, &lines)?;
    log.entries = Some(entries);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_that_change_nothing_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = State::new(Index::new(dir.path().join("index")));
        let ts = Timestamp::parse("2026-11-26T10:00:00.000000Z").unwrap();
        // A newer version's kind, and the kinds replay does not apply, whatever their payload.
        state.apply_line(1, ts, None, r#"{"seq":1,"kind":"attestation"}"#).unwrap();
        for kind in EventKind::ALL.into_iter().filter(|k| !k.indexed()) {
            state.apply_line(2, ts, Some(kind), "not json").unwrap();
        }
        assert_eq!(state.loaded_shards(), 0);
        assert!(state.dirty.is_empty());
        // A kind that changes the index must be read.
        assert!(state.apply_line(3, ts, Some(EventKind::Check), "{}").is_err());
    }

    fn issued(i: u32, expires: &str) -> ChallengeState {
        ChallengeState {
            challenge: Challenge {
                id: format!("ch_test{i:04}"),
                nonce: format!("{i:032x}"),
                issued_at: "2026-11-26T09:00:00.000000Z".into(),
                expires_at: Timestamp::parse(expires).unwrap(),
                mac: format!("{i:064x}"),
            },
            request: Request::new("shell", "execute", &format!("cat \"docs/{i} é\\n.md\"")),
            verdict: if i.is_multiple_of(2) { Decision::Ask } else { Decision::Deny },
            tier: Tier::Low,
            reason: format!("reason {i}, with \"quotes\" and\na new line"),
            check_seq: u64::from(i) + 1,
            consumed: i.is_multiple_of(3).then_some(u64::from(i) + 2),
            decided_by: if i.is_multiple_of(4) { String::new() } else { "default".into() },
        }
    }

    /// `count` challenge numbers whose ids (`ch_test…`) share one log shard, and that shard.
    fn same_shard(count: usize) -> (Vec<u32>, ShardNo) {
        let mut by: BTreeMap<ShardNo, Vec<u32>> = BTreeMap::new();
        for i in 0.. {
            let v = by.entry(wide_shard_of(&format!("ch_test{i:04}"))).or_default();
            v.push(i);
            if v.len() == count {
                let n = wide_shard_of(&format!("ch_test{i:04}"));
                return (v.clone(), n);
            }
        }
        unreachable!()
    }

    fn consumed(mut c: ChallengeState, seq: u64) -> ChallengeState {
        c.consumed = Some(seq);
        c
    }

    #[test]
    fn an_ask_appends_its_challenge_without_reading_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::new(dir.path().join("index"));
        let (ids, n) = same_shard(2);
        let (a, b) = (
            issued(ids[0], "2026-11-26T10:00:00.000000Z"),
            issued(ids[1], "2026-11-27T10:00:00.000000Z"),
        );
        let mut state = State::new(index.clone());
        state.put_challenge(&a.challenge.id, KeptChallenge::new(3, a.clone()));
        state.commit(&Meta::empty()).unwrap();
        // Whatever the log holds, an ask neither reads nor rewrites it: its record is appended.
        let path = index.shard_path(Family::Challenges, n);
        let before = std::fs::read(&path).unwrap();
        std::fs::write(&path, [&before[..], b"not a sealed record\n"].concat()).unwrap();
        let mut state = State::new(index.clone());
        state.put_challenge(&b.challenge.id, KeptChallenge::new(4, b.clone()));
        state.commit(&Meta::empty()).unwrap();
        assert_eq!(state.challenges[&n].entries.as_ref().map(BTreeMap::len), None, "not read");
        let after = std::fs::read(&path).unwrap();
        assert!(after.starts_with(&before) && after.len() > before.len() + 20);
        // Read, the line that is not sealed makes the index corrupt (it is rebuilt).
        let err = State::new(index.clone()).challenge(&a.challenge.id).unwrap_err();
        assert!(
            matches!(&err, Error::IndexCorrupt { reason, .. } if reason.contains("line 2")),
            "{err}"
        );
        std::fs::write(&path, [&before[..], &after[before.len() + 20..]].concat()).unwrap();
        let mut state = State::new(index);
        assert_eq!(state.challenge(&a.challenge.id).unwrap(), Some(a.clone()));
        assert_eq!(state.challenge(&b.challenge.id).unwrap(), Some(b.clone()));
        assert_eq!(state.challenge("ch_unknown").unwrap(), None);
    }

    #[test]
    fn the_record_of_the_latest_event_holds_however_records_were_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::new(dir.path().join("index"));
        let c = issued(1, "2026-11-26T10:00:00.000000Z");
        let id = c.challenge.id.clone();
        let mut state = State::new(index.clone());
        state.put_challenge(&id, KeptChallenge::new(2, c.clone()));
        state.put_challenge(&id, KeptChallenge::new(5, consumed(c.clone(), 5)));
        assert_eq!(state.challenge(&id).unwrap(), Some(consumed(c.clone(), 5)), "before commit");
        state.commit(&Meta::empty()).unwrap();
        // A crash before the meta was written: the check (seq 2) is replayed and appended
        // again after the decision's record (seq 5). The decision's record still holds, in a
        // state that read the log before and in one that reads it after.
        let mut replay = State::new(index.clone());
        assert_eq!(replay.challenge(&id).unwrap(), Some(consumed(c.clone(), 5)));
        replay.put_challenge(&id, KeptChallenge::new(2, c.clone()));
        assert_eq!(replay.challenge(&id).unwrap(), Some(consumed(c.clone(), 5)));
        replay.commit(&Meta::empty()).unwrap();
        let text =
            std::fs::read_to_string(index.shard_path(Family::Challenges, wide_shard_of(&id)))
                .unwrap();
        // The first state read the log before the decision, so it appended the newest record
        // only; the replay appended it again (the check's own record lost to it).
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.lines().all(|l| l.starts_with(r#"{"seq":5,"#)), "{text}");
        // Replayed by a state that does not read the log first: appended as it is.
        let mut blind = State::new(index.clone());
        blind.put_challenge(&id, KeptChallenge::new(2, c.clone()));
        blind.commit(&Meta::empty()).unwrap();
        let text =
            std::fs::read_to_string(index.shard_path(Family::Challenges, wide_shard_of(&id)))
                .unwrap();
        assert!(text.lines().nth(2).is_some_and(|l| l.starts_with(r#"{"seq":2,"#)), "{text}");
        let mut fresh = State::new(index.clone());
        assert_eq!(fresh.challenge(&id).unwrap(), Some(consumed(c.clone(), 5)));
        assert_eq!(fresh.all_challenges().unwrap(), vec![consumed(c, 5)]);
    }

    #[test]
    fn a_log_grown_past_its_limit_keeps_the_newest_record_of_each_live_challenge() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::new(dir.path().join("index"));
        let (ids, n) = same_shard(3);
        // Expired more than a week before the latest event, expired less, not expired.
        let old = issued(ids[0], "2026-11-01T10:00:00.000000Z");
        let late = issued(ids[1], "2026-11-20T10:00:00.000000Z");
        let live = issued(ids[2], "2026-11-26T10:00:00.000000Z");
        let mut state = State::new(index.clone());
        state.latest = Timestamp::parse("2026-11-26T09:00:00.000000Z").unwrap().micros();
        state.put_challenge(&old.challenge.id, KeptChallenge::new(1, old.clone()));
        state.put_challenge(&late.challenge.id, KeptChallenge::new(2, late.clone()));
        state.commit(&Meta::empty()).unwrap();
        let path = index.shard_path(Family::Challenges, n);
        let mut seq = 3;
        while std::fs::metadata(&path).unwrap().len() <= LOG_COMPACT_BYTES / 2 {
            let mut c = live.clone();
            c.reason = format!("asked again at {seq}");
            state.put_challenge(&live.challenge.id, KeptChallenge::new(seq, c));
            seq += 1;
            state.commit(&Meta::empty()).unwrap();
        }
        let newest = State::new(index.clone()).challenge(&live.challenge.id).unwrap().unwrap();
        assert_eq!(newest.reason, format!("asked again at {}", seq - 1));
        assert!(State::new(index.clone()).challenge(&old.challenge.id).unwrap().is_some());
        // Each commit appends; past the limit the log is rewritten, by chance (`compact_now`).
        let mut lens = Vec::new();
        while lens.len() < 2 || lens[lens.len() - 1] > lens[lens.len() - 2] {
            let mut c = live.clone();
            c.reason = format!("asked again at {seq}");
            state.put_challenge(&live.challenge.id, KeptChallenge::new(seq, c));
            seq += 1;
            state.commit(&Meta::empty()).unwrap();
            lens.push(std::fs::metadata(&path).unwrap().len());
        }
        // Not before an append took it past the limit (a record is ~650 bytes), and soon after.
        let last_grown = lens[lens.len() - 2];
        assert!(
            last_grown + 700 > LOG_COMPACT_BYTES && last_grown < 2 * LOG_COMPACT_BYTES,
            "{lens:?}"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        let mut fresh = State::new(index);
        assert_eq!(fresh.challenge(&old.challenge.id).unwrap(), None, "pruned");
        assert_eq!(fresh.challenge(&late.challenge.id).unwrap(), Some(late));
        let newest = fresh.challenge(&live.challenge.id).unwrap().unwrap();
        assert_eq!(newest.reason, format!("asked again at {}", seq - 1));
        // Records kept as read are written back as they were read: the same bytes again.
        let mut again = State::new(Index::new(dir.path().join("index")));
        again.challenge_log(n).unwrap();
        let log = again.challenges.get_mut(&n).unwrap();
        let mut lines = Vec::new();
        for (id, record) in log.entries.as_ref().unwrap() {
            assert!(matches!(record.body, KeptBody::Text(_)));
            record.seal(id, &mut lines).unwrap();
        }
        assert_eq!(String::from_utf8(lines).unwrap(), text);
    }

    #[test]
    fn compaction_past_the_limit_is_by_chance_in_proportion_to_what_was_appended() {
        for coin in [0, 1 << 40, u64::MAX] {
            assert!(!compact_now(LOG_COMPACT_BYTES, 700, || coin), "never up to the limit");
            assert!(!compact_now(LOG_COMPACT_BYTES / 2, 100_000, || coin));
        }
        assert!(compact_now(LOG_COMPACT_BYTES + 1, 1, || 0), "past it, the lowest coin compacts");
        assert!(
            !compact_now(LOG_COMPACT_BYTES + 1, 0, || 0),
            "nothing appended, nothing to pay for"
        );
        // An append of an eighth of the log or more always compacts it.
        for coin in [0, 1 << 40, u64::MAX] {
            assert!(compact_now(32 * 1024, 4 * 1024, || coin));
        }
        // Otherwise the chance is 8 × appended / len: 8 × 700 / 32 KiB ≈ 17.1 %.
        let coins = (0..10_000u64).map(|k| k * (u64::MAX / 10_000));
        let hits = coins.filter(|&c| compact_now(32 * 1024, 700, || c)).count();
        assert!((1_690..=1_730).contains(&hits), "{hits} of 10,000");
    }

    #[test]
    fn a_log_whose_kept_challenges_fill_it_is_not_rewritten_on_every_append() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::new(dir.path().join("index"));
        let n: ShardNo = 7;
        let path = index.shard_path(Family::Challenges, n);
        let now = Timestamp::parse("2026-11-26T09:00:00.000000Z").unwrap().micros();
        // 40 challenges, none expired: their newest records alone fill about 28 KB.
        let live: Vec<ChallengeState> =
            (0..40).map(|i| issued(i, "2026-11-27T10:00:00.000000Z")).collect();
        let (mut appended, mut rewritten, mut compactions, mut longest) = (0u64, 0u64, 0, 0u64);
        let mut compacted = Vec::new();
        let appends = 600u64;
        for seq in 1..=appends + 40 {
            // As a hook process does: a log not read, one record appended.
            let mut c = live[(seq % 40) as usize].clone();
            c.reason = format!("asked again at {seq}");
            let id = c.challenge.id.clone();
            let record = KeptChallenge::new(seq, c);
            let mut sealed = Vec::new();
            record.seal(&id, &mut sealed).unwrap();
            let before = std::fs::metadata(&path).map_or(0, |m| m.len());
            let mut log = ChallengeLog { entries: None, unwritten: vec![(id, record)], since: seq };
            commit_log(&index, n, &mut log, now).unwrap();
            let after = std::fs::metadata(&path).unwrap().len();
            longest = longest.max(after);
            if seq <= 40 {
                continue;
            }
            appended += sealed.len() as u64;
            if after != before + sealed.len() as u64 {
                compactions += 1;
                rewritten += after;
                compacted.push(after);
            }
        }
        // Rewriting on every append past the limit would have made 600 compactions and
        // rewritten some 15 MB; by chance the work stays a small multiple of what was appended.
        assert!(compactions > 0, "the log is compacted at all");
        assert!(compactions * 3 < appends, "{compactions} compactions of {appends} appends");
        let effort = u64::try_from(COMPACT_EFFORT).unwrap();
        assert!(
            rewritten <= 2 * effort * appended,
            "{rewritten} bytes rewritten for {appended} appended"
        );
        // Between compactions the log grows by a fraction of itself, not without bound.
        let smallest = compacted.iter().copied().min().unwrap();
        assert!(smallest > LOG_COMPACT_BYTES, "the kept challenges alone fill the limit");
        assert!(longest < 4 * smallest, "{longest} bytes at most, {smallest} compacted");
        // And it holds the newest record of each challenge.
        let mut state = State::new(index);
        let all = state.challenge_log(n).unwrap().clone();
        assert_eq!(all.len(), 40);
        for seq in appends + 1..=appends + 40 {
            let id = &live[(seq % 40) as usize].challenge.id;
            assert_eq!(all[id].seq, seq, "{id}");
        }
    }

    #[test]
    fn a_sealed_record_that_does_not_parse_is_a_corrupt_index() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::new(dir.path().join("index"));
        let c = issued(1, "2026-11-26T10:00:00.000000Z");
        let id = c.challenge.id.clone();
        let n = wide_shard_of(&id);
        let seal = |record: &serde_json::Value| {
            let mut out = Vec::new();
            crate::store::index::seal_record(record.to_string().as_bytes(), &mut out);
            index.rewrite_log(Family::Challenges, n, &out).unwrap();
        };
        // Its expiry reads, its state does not (a sealed file edited, or written by a bug).
        let mut bad = serde_json::to_value(&c).unwrap();
        bad["check_seq"] = "not a number".into();
        let expires = c.challenge.expires_at.micros();
        seal(&serde_json::json!({"seq": 2, "id": id, "expires": expires, "state": bad}));
        let mut state = State::new(index.clone());
        assert!(matches!(state.challenge(&id), Err(Error::IndexCorrupt { .. })));
        assert!(matches!(state.all_challenges(), Err(Error::IndexCorrupt { .. })));
        // Without an expiry, the record itself does not read.
        seal(&serde_json::json!({"seq": 2, "id": id, "state": c}));
        let mut state = State::new(index);
        assert!(matches!(state.challenge(&id), Err(Error::IndexCorrupt { .. })));
    }
}

//! The machine's floors, measured next to a bench's figures: what the operating system and the
//! hypervisor charge for the steps every check takes, whatever program takes them.
//!
//! * **sync**: append a 900-byte line to a file and `fdatasync` it (a check event's size and
//!   the default durability), in the folder the stores live in;
//! * **new file**: create a file, write 300 bytes and close it (a new index shard), in a new
//!   folder there. On ext4 without a journal a new inode is searched for past every inode
//!   deleted in the last minutes (`recently_deleted` in the kernel's inode allocator), so this
//!   floor rises from about 15 µs to 500 µs after a mass deletion nearby;
//! * **cpuid**: one `CPUID` instruction (x86-64 only). A hypervisor that traps it makes every
//!   process pay it for each one the dynamic loader runs at start (`benches/cpuid_count.py`
//!   counts them);
//! * **spawn**: `/bin/true`, spawned and waited for.
//!
//! Included as `#[path = "common/floors.rs"] mod floors;`. The files it makes stay in the
//! folder it is given (deleting them would raise the new-file floor of what runs next); the
//! caller's temporary folder removes them at the end.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Medians (and the sync's 90th percentile) of each floor, all in microseconds.
pub(crate) struct Floors {
    pub(crate) sync_p50: f64,
    pub(crate) sync_p90: f64,
    pub(crate) new_file_p50: f64,
    /// `None` off x86-64.
    pub(crate) cpuid: Option<f64>,
    pub(crate) spawn_true_p50: f64,
}

const ROUNDS: usize = 300;
const WARMUP: usize = 20;

fn micros(v: &mut [Duration], q: f64) -> f64 {
    v.sort_unstable();
    if v.is_empty() {
        return 0.0;
    }
    v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1].as_secs_f64() * 1e6
}

/// Measure every floor in `dir` (which must exist; a folder `floors` is made inside it).
pub(crate) fn measure(dir: &Path) -> Result<Floors, String> {
    let at = dir.join("floors");
    std::fs::create_dir_all(&at).map_err(|e| format!("mkdir {}: {e}", at.display()))?;

    let path = at.join("sync.jsonl");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("open {}: {e}", path.display()))?;
    let mut line = vec![b'x'; 899];
    line.push(b'\n');
    let mut syncs = Vec::with_capacity(ROUNDS);
    for i in 0..WARMUP + ROUNDS {
        let t = Instant::now();
        f.write_all(&line).and_then(|()| f.sync_data()).map_err(|e| format!("sync: {e}"))?;
        if i >= WARMUP {
            syncs.push(t.elapsed());
        }
    }

    let files = at.join("files");
    std::fs::create_dir_all(&files).map_err(|e| format!("mkdir {}: {e}", files.display()))?;
    let mut creates = Vec::with_capacity(ROUNDS);
    for i in 0..WARMUP + ROUNDS {
        let p = files.join(format!("{i:04x}.json"));
        let t = Instant::now();
        std::fs::File::create_new(&p)
            .and_then(|mut f| f.write_all(&[b'y'; 300]))
            .map_err(|e| format!("create {}: {e}", p.display()))?;
        if i >= WARMUP {
            creates.push(t.elapsed());
        }
    }

    let mut spawns = Vec::with_capacity(ROUNDS);
    for i in 0..WARMUP + ROUNDS {
        let t = Instant::now();
        let status = Command::new("/bin/true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("spawn /bin/true: {e}"))?;
        if !status.success() {
            return Err("/bin/true failed".into());
        }
        if i >= WARMUP {
            spawns.push(t.elapsed());
        }
    }

    #[cfg(target_arch = "x86_64")]
    let cpuid = Some(cpuid_us());
    #[cfg(not(target_arch = "x86_64"))]
    let cpuid = None;
    Ok(Floors {
        sync_p50: micros(&mut syncs, 0.5),
        sync_p90: micros(&mut syncs, 0.9),
        new_file_p50: micros(&mut creates, 0.5),
        cpuid,
        spawn_true_p50: micros(&mut spawns, 0.5),
    })
}

/// The median time of one `CPUID` (leaf 1) over 20 rounds of 50.
#[cfg(target_arch = "x86_64")]
fn cpuid_us() -> f64 {
    let mut rounds = Vec::with_capacity(20);
    for _ in 0..20 {
        let t = Instant::now();
        for _ in 0..50 {
            let r = std::arch::x86_64::__cpuid(1);
            std::hint::black_box(r);
        }
        rounds.push(t.elapsed() / 50);
    }
    micros(&mut rounds, 0.5)
}

impl Floors {
    /// One Markdown table row: sync p50 / p90, new file, cpuid, `/bin/true`.
    pub(crate) fn row(&self) -> String {
        format!(
            "| {:.0} / {:.0} µs | {:.0} µs | {} | {:.2} ms |",
            self.sync_p50,
            self.sync_p90,
            self.new_file_p50,
            self.cpuid.map_or("–".to_string(), |c| format!("{c:.2} µs")),
            self.spawn_true_p50 / 1e3
        )
    }

    /// The header matching [`Floors::row`] (after the caller's own first columns).
    pub(crate) const HEADER: &'static str =
        "| append + `fdatasync` p50 / p90 | new file p50 | one `CPUID` | `/bin/true` p50 |";
    pub(crate) const RULE: &'static str = "|---:|---:|---:|---:|";
}

//! The host family: commands that exhaust the machine's resources or disrupt its processes
//! and network, judged by effect rather than by program name.
//!
//! - Resource exhaustion: an endless or huge byte stream (`yes`, `/dev/zero`, `/dev/urandom`,
//!   `dd … count=`, `head -c 20G`) written to a file or to `/dev/shm`, `fallocate`/`mkfile`
//!   of a huge size, endless stream readers left running in the background, inline code that
//!   allocates huge or unbounded memory, loops the shell layer marks as endless or as
//!   starting background processes on every pass ([`Note::Loop`]), and `xargs`/`parallel`
//!   without a limit on parallel jobs.
//! - Process disruption: kills of every process of a user, kills of everything a name matches
//!   (`kill $(pgrep x)`, `pgrep x | xargs kill`, `pkill -9 x`) and of the whole process group.
//! - Network disruption: interfaces and routes taken down, firewall policies and rules that
//!   drop everything, traffic-control rules that lose most packets, packet floods.
//!
//! Invariants: the program name is matched first and every branch returns early, so a command
//! of any other program costs one `match` and a scan of its (usually empty) notes; nothing is
//! allocated unless a branch matches. Sizes are computed with saturating integer arithmetic.

use crate::risk::Tier;
use crate::risk::classify::{Args, Finding, finding};
use crate::risk::factor::Factor;
use crate::risk::paths::Loc;
use crate::risk::shell::{Analysis, Cmd, Field, LoopFacts, Note, Stdin};

/// A stream of at least this many bytes written to a file fills a disk.
const DISK_FILL: u64 = 10 << 30;
/// A stream of at least this many bytes written to `/dev/shm` fills memory.
const MEMORY_FILL: u64 = 1 << 30;
/// From this many parallel jobs on, a fan-out is a flood.
const MANY_JOBS: u64 = 64;

/// Adds this family's findings for one command.
pub(super) fn check(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    for n in &c.notes {
        if let Note::Loop(f) = n {
            loop_finding(*f, c.notes.contains(&Note::Background), out);
            break;
        }
    }
    match prog {
        "xargs" | "parallel" => {
            fan_out(prog, args, out);
            piped_kill(a, c, prog, args, out);
        }
        "kill" => kill_by_name(a, args, out),
        "pkill" | "killall" => broad_kill(prog, args, out),
        "fallocate" | "mkfile" | "xfs_mkfile" => preallocate(prog, args, out),
        "ip" => ip(args, out),
        "ifconfig" if args.texts.iter().skip(1).any(|t| *t == "down") => {
            out.push(disruption(format!(
                "takes the network interface {} down",
                args.texts.first().copied().unwrap_or_default()
            )));
        }
        "route" => {
            let w = &args.texts;
            let delete = w.iter().any(|t| matches!(*t, "del" | "delete"));
            if w.contains(&"flush") || (delete && w.iter().any(|t| is_default_route(t))) {
                out.push(disruption("removes the default route or every route".to_owned()));
            }
        }
        "iptables" | "ip6tables" | "iptables-legacy" | "iptables-nft" => iptables(args, out),
        "tc" => traffic_control(args, out),
        "nmcli" => nmcli(args, out),
        "ping" | "ping6" | "hping3" | "hping" | "nping"
            if (args.short('f') && prog.starts_with("ping"))
                || args.long(&["--flood", "--faster"]) =>
        {
            out.push(disruption(format!("floods a host with packets ({prog})")));
        }
        "nft" => {
            let t = &args.texts;
            let blanket_rule = matches!(t.first(), Some(&("add" | "insert")))
                && t.get(1) == Some(&"rule")
                && t.len() <= 6
                && t.last().is_some_and(|x| matches!(*x, "drop" | "reject"));
            let policy = t.windows(2).any(|w| {
                w[0] == "policy" && matches!(w[1].trim_end_matches(';'), "drop" | "reject")
            }) || t.iter().any(|x| x.contains("policy drop"));
            if blanket_rule || policy {
                out.push(disruption("makes the firewall drop all traffic of a chain".to_owned()));
            }
        }
        "networksetup" => {
            let off = args.texts.last().is_some_and(|t| t.eq_ignore_ascii_case("off"));
            if args
                .texts
                .iter()
                .any(|t| t.eq_ignore_ascii_case("-setv4off") || t.eq_ignore_ascii_case("-setv6off"))
                || (off
                    && args.texts.iter().any(|t| {
                        t.eq_ignore_ascii_case("-setairportpower")
                            || t.eq_ignore_ascii_case("-setnetworkserviceenabled")
                    }))
            {
                out.push(disruption("turns a network service off".to_owned()));
            }
        }
        _ => {}
    }
    if c.code.is_some() {
        inline_memory(c, args, out);
    }
    stream_fill(a, c, prog, args, out);
}

// ---------------------------------------------------------------------------------------------
// Resource exhaustion.

fn loop_finding(f: LoopFacts, background: bool, out: &mut Vec<Finding>) {
    if f.spawns {
        if f.endless && !f.paced {
            out.push(finding(
                Tier::Critical,
                Factor::ForkBomb,
                "starts background processes in a loop that never ends",
            ));
        } else {
            out.push(finding(
                Tier::High,
                Factor::ResourceExhaustion,
                if f.endless {
                    "starts a background process on every pass of a loop that never ends"
                } else if f.many {
                    "starts a background process on each of thousands of loop passes"
                } else {
                    "starts a background process on every pass of a loop that may never end"
                },
            ));
        }
    } else if f.endless && (!f.paced || background) {
        out.push(finding(
            Tier::High,
            Factor::ResourceExhaustion,
            if background {
                "runs in a loop that never ends, left running in the background"
            } else {
                "runs in a loop that never ends and never pauses"
            },
        ));
    } else if f.endless {
        out.push(finding(
            Tier::Medium,
            Factor::ResourceExhaustion,
            "runs in a loop that never ends until it is interrupted",
        ));
    }
}

/// A size such as `100G`, `1M`, `512`, `4KiB`, `20GB` in bytes (`b`: 512-byte blocks, as
/// `dd` and `head` read it); `None` when it is not a size.
fn size(text: &str) -> Option<u64> {
    let t = text.trim();
    let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: u64 = t.get(..end)?.parse().ok()?;
    let unit = t.get(end..).unwrap_or_default().trim_start_matches(|c: char| {
        c == '.' || c.is_ascii_digit() // a decimal part is ignored
    });
    let power = |p: u32, base: u64| n.saturating_mul(base.saturating_pow(p));
    let lower = unit.to_ascii_lowercase();
    let letter = lower.chars().next();
    let exp = match letter {
        None => return Some(n),
        Some('c') if lower == "c" => return Some(n),
        Some('w') if lower == "w" => return Some(n.saturating_mul(2)),
        Some('b') if lower == "b" => return Some(n.saturating_mul(512)),
        Some('k') => 1,
        Some('m') => 2,
        Some('g') => 3,
        Some('t') => 4,
        Some('p') => 5,
        Some('e') => 6,
        _ => return None,
    };
    match lower.get(1..) {
        Some("" | "ib") => Some(power(exp, 1024)),
        Some("b") => Some(power(exp, 1000)),
        _ => None,
    }
}

/// Whether a path is an endless source of bytes.
fn endless_device(text: &str) -> bool {
    matches!(text, "/dev/zero" | "/dev/urandom" | "/dev/random" | "/dev/full")
}

/// How many bytes one command emits on its own (`None`: not a generator).
fn own_stream(c: &Cmd, prog: &str, args: &Args) -> Option<u64> {
    let stdin_endless = matches!(&c.stdin, Stdin::File(f) if endless_device(&f.text));
    match prog {
        "yes" => Some(u64::MAX),
        "dd" => {
            let input = args.texts.iter().find_map(|t| t.strip_prefix("if="));
            let endless = input.map_or(stdin_endless, endless_device);
            if !endless {
                return None;
            }
            let count = args.texts.iter().find_map(|t| t.strip_prefix("count=")).and_then(size);
            Some(count.map_or(u64::MAX, |n| n.saturating_mul(dd_block(args))))
        }
        "head" => {
            let endless = stdin_endless || args.texts.iter().any(|t| endless_device(t));
            endless.then(|| head_limit(args))
        }
        "cp" | "install" => {
            let ops = args.operands(&["-t", "--target-directory", "-S", "--suffix"]);
            (ops.len() == 2 && endless_device(&ops[0].text)).then_some(u64::MAX)
        }
        "openssl" if args.texts.first() == Some(&"rand") => args
            .words(&["-out", "-rand", "-writerand", "-engine", "-provider"])
            .last()
            .and_then(|n| size(n)),
        _ => {
            let endless = stdin_endless
                || (args.texts.iter().any(|t| endless_device(t))
                    && !matches!(prog, "cp" | "ls" | "stat" | "file" | "echo" | "printf"));
            endless.then_some(u64::MAX)
        }
    }
}

/// A cheap test, without allocating, for whether a command may be a stream source.
fn may_stream(c: &Cmd) -> bool {
    matches!(c.simple.program.as_deref(), Some("yes" | "openssl"))
        || matches!(&c.stdin, Stdin::File(f) if endless_device(&f.text))
        || c.argv.iter().any(|f| {
            endless_device(&f.text) || f.text.strip_prefix("if=").is_some_and(endless_device)
        })
}

/// `dd`'s block size (`bs=` or `ibs=`, 512 by default).
fn dd_block(args: &Args) -> u64 {
    args.texts
        .iter()
        .find_map(|t| t.strip_prefix("bs=").or_else(|| t.strip_prefix("ibs=")))
        .and_then(size)
        .unwrap_or(512)
}

/// How much `head` lets through: `-c N` bytes, otherwise a few lines (0).
fn head_limit(args: &Args) -> u64 {
    let mut it = args.texts.iter();
    while let Some(t) = it.next() {
        let value = match *t {
            "-c" | "--bytes" => it.next().copied(),
            _ => t.strip_prefix("--bytes=").or_else(|| t.strip_prefix("-c")),
        };
        if let Some(v) = value.and_then(size) {
            return v;
        }
    }
    0
}

/// How many bytes a limiting stage lets through (`head`, `dd count=`), if it is one.
fn limit(c: &Cmd) -> Option<u64> {
    let prog = c.prog()?;
    let args = Args::new(c);
    match prog.as_str() {
        "head" => Some(head_limit(&args)),
        "dd" => args
            .texts
            .iter()
            .find_map(|t| t.strip_prefix("count="))
            .and_then(size)
            .map(|n| n.saturating_mul(dd_block(&args))),
        _ => None,
    }
}

/// Endless or huge streams written to a file or to shared memory, and endless readers left
/// running in the background.
fn stream_fill(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let own = own_stream(c, prog, args).or_else(|| wrapped_stream(a, c));
    let upstream = match &c.stdin {
        Stdin::Upstream(s, e) => a.cmds.get(*s..*e).filter(|cs| cs.iter().any(may_stream)),
        _ => None,
    };
    if own.is_none() && upstream.is_none() {
        return;
    }
    let mut bytes = own;
    if let Some(cmds) = upstream {
        let mut source = None;
        let mut cap = u64::MAX;
        for u in cmds {
            if let Some(p) = u.prog() {
                let ua = Args::new(u);
                if let Some(n) = own_stream(u, &p, &ua) {
                    source = Some(source.map_or(n, |s: u64| s.max(n)));
                }
            }
            if let Some(l) = limit(u) {
                cap = cap.min(l);
            }
        }
        if let Some(s) = source {
            bytes = Some(bytes.map_or(s, |b| b.max(s)).min(cap));
        }
    }
    let Some(mut bytes) = bytes else { return };
    if upstream.is_some() && own.is_none() {
        // This stage only passes the stream on; it may cut it short.
        if let Some(l) = limit(c) {
            bytes = bytes.min(l);
        }
    }
    let mut targets: Vec<&Field> = c
        .redirs
        .iter()
        .filter(|r| r.is_write() && r.fd.is_none_or(|f| f == 1) && r.target.proc_sub.is_none())
        .map(|r| &r.target)
        .collect();
    let of: Option<Field>;
    match prog {
        "tee" => targets.extend(args.operands(&[])),
        "openssl" => targets.extend(args.value_of(&["-out"])),
        "cp" | "install" => targets.extend(args.operands(&["-t", "--target-directory"]).get(1)),
        "dd" => {
            of = args.all.iter().find_map(|f| {
                f.text.strip_prefix("of=").map(|t| Field { text: t.to_owned(), ..(*f).clone() })
            });
            if let Some(f) = &of {
                targets.push(f);
            }
        }
        _ => {}
    }
    let mut written = false;
    for t in targets {
        let info = args.path(t);
        let memory = info.norm.starts_with("/dev/shm/") || info.norm.starts_with("/run/shm/");
        if !memory && matches!(info.loc, Loc::NullDevice | Loc::NetDevice | Loc::Device) {
            continue;
        }
        written = true;
        let (threshold, what) = if memory {
            (MEMORY_FILL, "fills shared memory")
        } else {
            (DISK_FILL, "fills the disk")
        };
        if bytes >= threshold {
            let amount = if bytes == u64::MAX {
                "an endless stream".to_owned()
            } else {
                format!("{} GiB", bytes >> 30)
            };
            out.push(finding(
                Tier::High,
                Factor::ResourceExhaustion,
                format!("{what}: writes {amount} to {}", info.norm),
            ));
        }
    }
    if !written
        && own == Some(u64::MAX)
        && c.notes.contains(&Note::Background)
        && c.redirs.iter().all(|r| !r.is_write() || r.fd != Some(1) || r.target.text == "/dev/null")
    {
        out.push(finding(
            Tier::High,
            Factor::ResourceExhaustion,
            format!("keeps a processor busy forever in the background ({prog})"),
        ));
    }
}

/// The stream of the command a wrapper runs (`nohup yes > f`: the wrapper holds the
/// redirection, the inner command makes the stream).
fn wrapped_stream(a: &Analysis, c: &Cmd) -> Option<u64> {
    if c.redirs.is_empty() || c.argv.len() < 2 {
        return None;
    }
    let i = a.cmds.iter().position(|x| std::ptr::eq(x, c))?;
    let inner = a.cmds.get(i + 1)?;
    if inner.simple.wrappers.len() <= c.simple.wrappers.len() {
        return None;
    }
    let p = inner.prog()?;
    own_stream(inner, &p, &Args::new(inner))
}

/// `fallocate -l 100G f`, `mkfile 100g f`.
fn preallocate(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let (amount, files) = if prog == "fallocate" {
        if args.short('p')
            || args.short('d')
            || args.short('c')
            || args.long(&["--punch-hole", "--dig-holes", "--collapse-range"])
        {
            return;
        }
        let mut amount = args.value_of(&["-l", "--length"]).and_then(|f| size(&f.text));
        for t in args.opts() {
            if let Some(v) = t.strip_prefix("--length=").or_else(|| {
                t.strip_prefix("-l").filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
            }) {
                amount = size(v);
            }
        }
        (amount, args.operands(&["-l", "--length", "-o", "--offset"]))
    } else {
        let ops = args.operands(&[]);
        (ops.first().and_then(|f| size(&f.text)), ops.into_iter().skip(1).collect())
    };
    let Some(bytes) = amount else { return };
    for f in files {
        let info = args.path(f);
        let memory = info.norm.starts_with("/dev/shm") || info.norm.starts_with("/run/shm");
        if bytes >= if memory { MEMORY_FILL } else { DISK_FILL } {
            out.push(finding(
                Tier::High,
                Factor::ResourceExhaustion,
                format!("reserves {} GiB for {}, which may fill the disk", bytes >> 30, info.norm),
            ));
        }
    }
}

/// `xargs -P 0`, `xargs -P 1000`, `parallel -j 0`: no useful limit on parallel jobs.
fn fan_out(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let (short, long): (&str, &str) =
        if prog == "xargs" { ("-P", "--max-procs") } else { ("-j", "--jobs") };
    let mut it = args.texts.iter();
    while let Some(t) = it.next() {
        let value = if *t == short || *t == long || (prog == "parallel" && *t == "-P") {
            it.next().copied()
        } else {
            t.strip_prefix(long)
                .and_then(|v| v.strip_prefix('='))
                .or_else(|| t.strip_prefix(short).filter(|v| !v.is_empty()))
        };
        let Some(v) = value else { continue };
        if let Ok(n) = v.parse::<u64>()
            && (n == 0 || n >= MANY_JOBS)
        {
            out.push(finding(
                Tier::High,
                Factor::ResourceExhaustion,
                if n == 0 {
                    format!("runs as many parallel jobs as it can start ({prog} {t} {v})")
                } else {
                    format!("runs {n} jobs in parallel")
                },
            ));
            return;
        }
    }
}

/// Inline code that allocates a huge block or grows without end.
fn inline_memory(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let literal = match &c.stdin {
        Stdin::Literal(t) => Some(t.as_str()),
        _ => None,
    };
    let huge = args.texts.iter().copied().chain(literal).any(|t| {
        let alloc = [
            "bytearray",
            "bytes(",
            "alloc",
            "Array(",
            "repeat",
            "range(",
            "zeros",
            "ones(",
            "fill(",
            " x ",
        ];
        let unbounded = [
            "while True",
            "while 1",
            "while(true)",
            "while (true)",
            "for(;;)",
            "for (;;)",
            "loop {",
            "loop do",
        ]
        .iter()
        .any(|l| t.contains(l))
            && ["append", "push", "+=", "extend", "<<", "concat"].iter().any(|g| t.contains(g))
            && !t.contains("break");
        unbounded || ((alloc.iter().any(|w| t.contains(w)) || lone_star(t)) && huge_number(t))
    });
    if huge {
        out.push(finding(
            Tier::High,
            Factor::ResourceExhaustion,
            "runs inline code that allocates huge or endless amounts of memory",
        ));
    }
}

/// Whether code text multiplies (a `*` that is not part of `**`).
fn lone_star(t: &str) -> bool {
    let b = t.as_bytes();
    b.iter().enumerate().any(|(i, ch)| {
        *ch == b'*' && (i == 0 || b[i - 1] != b'*') && b.get(i + 1).is_none_or(|n| *n != b'*')
    })
}

/// Whether code text holds a number of at least 2^30: `10**12`, `1 << 40`, `1e10` or a
/// literal of ten digits.
fn huge_number(t: &str) -> bool {
    const HUGE: u64 = 1 << 30;
    let b = t.as_bytes();
    let digits_before = |end: usize| {
        let mut s = end;
        while s > 0 && (b[s - 1] == b' ' || b[s - 1] == b'(') {
            s -= 1;
        }
        let stop = s;
        while s > 0 && b[s - 1].is_ascii_digit() {
            s -= 1;
        }
        t.get(s..stop).and_then(|d| d.parse::<u64>().ok())
    };
    let digits_after = |start: usize| {
        let rest = t.get(start..).unwrap_or_default().trim_start_matches([' ', '(']);
        let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        rest.get(..end).and_then(|d| d.parse::<u64>().ok())
    };
    for (i, _) in t.match_indices("**") {
        if let (Some(x), Some(y)) = (digits_before(i), digits_after(i + 2)) {
            let big =
                u32::try_from(y).ok().and_then(|y| x.checked_pow(y)).is_none_or(|v| v >= HUGE);
            if x > 1 && big {
                return true;
            }
        }
    }
    for (i, _) in t.match_indices("<<") {
        if digits_before(i).is_some_and(|x| x > 0) && digits_after(i + 2).is_some_and(|y| y >= 30) {
            return true;
        }
    }
    for (i, _) in t.match_indices(['e', 'E']) {
        if i > 0
            && b[i - 1].is_ascii_digit()
            && digits_before(i).is_some()
            && digits_after(i + 1).is_some_and(|y| (9..400).contains(&y))
            && !t.get(i + 1..).is_some_and(|r| r.starts_with(' '))
        {
            return true;
        }
    }
    t.split(|c: char| !c.is_ascii_digit() && c != '_').any(|d| {
        let digits: String = d.chars().filter(char::is_ascii_digit).collect();
        digits.len() >= 10 && !d.starts_with('0')
    })
}

// ---------------------------------------------------------------------------------------------
// Process disruption.

/// Whether commands produce process ids by name (`pgrep`, `pidof`, `ps`).
fn lists_pids_by_name(cmds: &[Cmd]) -> bool {
    cmds.iter()
        .any(|c| c.simple.program.as_deref().is_some_and(|p| matches!(p, "pgrep" | "pidof" | "ps")))
}

/// `kill $(pgrep node)`, `kill -9 0`.
fn kill_by_name(a: &Analysis, args: &Args, out: &mut Vec<Finding>) {
    for f in &args.all {
        if let Some((s, e)) = f.from
            && a.cmds.get(s..e).is_some_and(lists_pids_by_name)
        {
            out.push(finding(
                Tier::High,
                Factor::ProcessKill,
                format!("kills every process a name matches ({})", f.text),
            ));
            return;
        }
    }
    if args.texts.iter().any(|t| matches!(*t, "-l" | "-L" | "--list" | "--table")) {
        return;
    }
    let targets = args.operands(&["-s", "-n", "--signal"]);
    if targets.iter().any(|f| f.text == "0") || args.texts.windows(2).any(|w| w == ["--", "0"]) {
        out.push(finding(
            Tier::High,
            Factor::ProcessKill,
            "kills every process of its own process group, the agent's shell included",
        ));
    }
}

/// `pgrep x | xargs kill -9`.
fn piped_kill(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let Stdin::Upstream(s, e) = c.stdin else { return };
    if super::inner_program(prog, args) == Some("kill")
        && a.cmds.get(s..e).is_some_and(lists_pids_by_name)
    {
        out.push(finding(
            Tier::High,
            Factor::ProcessKill,
            "kills every process a name matches, fed by a process listing",
        ));
    }
}

/// `pkill -u bob`, `pkill -U 1000`, `killall -u bob`, `pkill -9 node`, `killall -KILL x`.
fn broad_kill(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let user_opts = ["-u", "-U", "--euid", "--uid", "--user"];
    let user = args.texts.iter().any(|t| {
        user_opts.contains(t) || user_opts.iter().any(|o| t.starts_with(o) && t.len() > o.len())
    });
    let names = args.words(&[
        "-s",
        "--signal",
        "-u",
        "-U",
        "-g",
        "-G",
        "-P",
        "-t",
        "-n",
        "--euid",
        "--uid",
        "--user",
        "--group",
        "--pgroup",
        "--parent",
        "--terminal",
        "--session",
        "-o",
        "-y",
        "--older-than",
        "--younger-than",
    ]);
    if names.iter().any(|n| n.is_empty()) {
        out.push(finding(
            Tier::High,
            Factor::ProcessKill,
            "kills every process: an empty pattern matches them all",
        ));
        return;
    }
    if user && names.is_empty() {
        out.push(finding(
            Tier::High,
            Factor::ProcessKill,
            "kills every process of a user, the agent's own session included",
        ));
        return;
    }
    let kill_signal = |s: &str| {
        let s = s.trim_start_matches('-').to_ascii_uppercase();
        matches!(s.as_str(), "9" | "KILL" | "SIGKILL")
    };
    let sigkill = args.texts.iter().any(|t| {
        matches!(*t, "-9" | "-KILL" | "-SIGKILL" | "-kill")
            || t.strip_prefix("--signal=").is_some_and(kill_signal)
    }) || args.value_of(&["-s", "--signal"]).is_some_and(|f| kill_signal(&f.text));
    if sigkill && !names.is_empty() {
        out.push(finding(
            Tier::High,
            Factor::ProcessKill,
            format!(
                "force-kills every process named {} without letting it clean up ({prog})",
                names.join(" ")
            ),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Network disruption.

fn disruption(what: String) -> Finding {
    finding(Tier::High, Factor::NetworkDisruption, what)
}

fn is_default_route(t: &str) -> bool {
    matches!(t, "default" | "0.0.0.0/0" | "0/0" | "::/0" | "0.0.0.0")
}

/// `ip link set eth0 down`, `ip link del x`, `ip route flush …`, `ip route del default`,
/// `ip addr flush dev x`; objects and verbs may be abbreviated as `ip` allows.
fn ip(args: &Args, out: &mut Vec<Finding>) {
    let w = args.words(&["-n", "-netns", "-b", "-batch", "-rc", "-rcvbuf", "-l", "-loops"]);
    let (Some(obj), Some(verb)) = (w.first(), w.get(1)) else { return };
    let is = |full: &str, min: usize, x: &str| x.len() >= min && full.starts_with(x);
    let link = is("link", 1, obj);
    let route = is("route", 1, obj);
    let addr = is("address", 1, obj) || *obj == "addr";
    let set = is("set", 1, verb);
    let delete = is("delete", 1, verb) || *verb == "del";
    let flush = is("flush", 1, verb);
    let what = if link && set && w.iter().skip(2).any(|t| *t == "down") {
        Some("takes a network interface down")
    } else if link && delete {
        Some("deletes a network interface")
    } else if (route || addr) && flush {
        Some("flushes the routes or addresses of the machine")
    } else if route && delete && w.iter().skip(2).any(|t| is_default_route(t)) {
        Some("deletes the default route")
    } else {
        None
    };
    if let Some(what) = what {
        out.push(disruption(what.to_owned()));
    }
}

/// `iptables -P INPUT DROP`, `iptables -I OUTPUT -j DROP` with no match.
fn iptables(args: &Args, out: &mut Vec<Finding>) {
    let t = &args.texts;
    let drops = |x: &str| x.eq_ignore_ascii_case("drop") || x.eq_ignore_ascii_case("reject");
    let policy = t.windows(3).any(|w| matches!(w[0], "-P" | "--policy") && drops(w[2]));
    let matchers = [
        "-p",
        "--protocol",
        "-s",
        "--source",
        "--src",
        "-d",
        "--destination",
        "--dst",
        "-i",
        "--in-interface",
        "-o",
        "--out-interface",
        "-m",
        "--match",
        "--dport",
        "--sport",
    ];
    let append = t.iter().any(|x| matches!(*x, "-A" | "-I" | "--append" | "--insert"));
    let blanket = append
        && t.windows(2).any(|w| matches!(w[0], "-j" | "--jump") && drops(w[1]))
        && !t.iter().any(|x| matchers.contains(x))
        && t.iter().any(|x| matches!(*x, "INPUT" | "OUTPUT" | "FORWARD"));
    if policy || blanket {
        out.push(disruption("makes the firewall drop all traffic of a chain".to_owned()));
    }
}

/// The abbreviated forms of what the registry's `nmcli` rules say in full (`nmcli n off`,
/// `nmcli r all off`, `nmcli d disconnect eth0`).
fn nmcli(args: &Args, out: &mut Vec<Finding>) {
    let w = args.words(&["-f", "--fields", "-e", "--escape", "-w", "--wait", "-c", "--colors"]);
    let (Some(obj), Some(verb)) = (w.first(), w.get(1)) else { return };
    let is = |full: &str, x: &str| !x.is_empty() && x != full && full.starts_with(x);
    let abbreviated = (is("networking", obj) && *verb == "off")
        || (is("radio", obj) && w.get(2) == Some(&"off"))
        || (is("device", obj) && "disconnect".starts_with(verb) && verb.len() >= 2);
    if abbreviated {
        out.push(disruption("turns networking off or disconnects a device (nmcli)".to_owned()));
    }
}

/// `tc qdisc add dev eth0 root netem loss 100%`.
fn traffic_control(args: &Args, out: &mut Vec<Finding>) {
    let t = &args.texts;
    let changes = t.iter().any(|x| matches!(*x, "add" | "change" | "replace" | "del" | "delete"));
    if !changes {
        return;
    }
    let lossy = t.windows(2).any(|w| {
        matches!(w[0], "loss" | "corrupt" | "drop")
            && w[1]
                .trim_end_matches('%')
                .split('.')
                .next()
                .and_then(|p| p.parse::<u32>().ok())
                .is_some_and(|p| p >= 50)
    });
    if lossy {
        out.push(disruption("makes the network lose most of its packets".to_owned()));
    } else {
        out.push(finding(
            Tier::Medium,
            Factor::SystemChange,
            "changes how network traffic is queued or shaped (tc)",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_dd_and_head() {
        assert_eq!(size("512"), Some(512));
        assert_eq!(size("1G"), Some(1 << 30));
        assert_eq!(size("20GB"), Some(20_000_000_000));
        assert_eq!(size("4KiB"), Some(4096));
        assert_eq!(size("2b"), Some(1024));
        assert_eq!(size("1.5G"), Some(1 << 30));
        assert_eq!(size("99999999999T"), Some(u64::MAX));
        assert_eq!(size("x"), None);
        assert_eq!(size("10Q"), None);
    }

    #[test]
    fn huge_numbers_in_code() {
        assert!(huge_number("x = bytearray(10**12)"));
        assert!(huge_number("a = ' ' * (1024**4)"));
        assert!(huge_number("Buffer.alloc(1e10)"));
        assert!(huge_number("b = 1 << 40"));
        assert!(huge_number("x = [0] * 100000000000"));
        assert!(!huge_number("print(2**8)"));
        assert!(!huge_number("x = [0] * 100"));
        assert!(!huge_number("print(1e3)"));
    }
}

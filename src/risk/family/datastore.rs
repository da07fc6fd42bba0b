//! Application and data-store resets: the commands that empty or drop what a database, search
//! index, key-value store, message bus or bucket holds, judged by their effect rather than by
//! the client that sends them.
//!
//! The registry holds the simple cases (`rabbitmqctl purge_queue`, `kafka-topics --delete`,
//! `etcdctl del --prefix`, `mc rb --force`); SQL, MongoDB and Redis statements are read by
//! `risk::sql` through the database handler of the classifier. This family adds what needs a
//! procedure: framework tasks reached through an interpreter or task runner (`python manage.py
//! flush`, `php artisan migrate:fresh`, `mix ecto.drop`), HTTP requests whose method and path
//! delete an index, database or bucket (`curl -X DELETE localhost:9200/_all`), mass key
//! deletion through pipes (`redis-cli --scan | xargs redis-cli DEL`), whole-store deletes
//! (`etcdctl del --prefix ""`), raw protocol commands (`echo flush_all | nc`), and the rise to
//! CRITICAL of any of these against a production-like target.
//!
//! Invariants: pure and panic-free; a command whose program is not one of ours costs one
//! string match and allocates nothing; findings only raise the tier, and narrow forms (one
//! key, one document, a filtered delete, forward migrations) are left to the other handlers.

// Pedantic style lints that fight the shape of this code: verdict tables have arms with equal
// bodies, and parsers use short local names.
#![allow(clippy::match_same_arms, clippy::many_single_char_names)]

use crate::risk::Tier;
use crate::risk::classify::{Args, Finding, finding};
use crate::risk::factor::Factor;
use crate::risk::registry;
use crate::risk::shell::{Analysis, Cmd, Stdin};
use crate::risk::sql;

/// Adds this family's findings for one command.
pub(super) fn check(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    match prog {
        "curl" | "curlie" | "http" | "https" | "xh" | "httpie" | "wget" | "wget2" => {
            http(prog, args, out);
        }
        "manage.py"
        | "django-admin"
        | "django-admin.py"
        | "php"
        | "flask"
        | "mix"
        | "rails"
        | "rake"
        | "sequelize"
        | "sequelize-cli"
        | "dbmate"
        | "migrate"
        | "typeorm"
        | "typeorm-ts-node-commonjs"
        | "typeorm-ts-node-esm"
        | "drizzle-kit" => {
            framework(a, c, prog, args, out);
            if prog == "php" {
                inline_code(c, args, out);
            }
        }
        p if p.starts_with("python") => {
            framework(a, c, prog, args, out);
            inline_code(c, args, out);
        }
        "node" | "nodejs" | "deno" | "ruby" | "perl" => inline_code(c, args, out),
        "redis-cli" => redis(a, c, args, out),
        "valkey-cli" | "keydb-cli" => {
            let ops = args.words(registry::value_opts("redis-cli"));
            let stdin = match &c.stdin {
                Stdin::Literal(t) => Some(t.as_str()),
                _ => None,
            };
            let lines: Vec<Vec<&str>> = match stdin {
                Some(t) if ops.is_empty() => {
                    t.lines().map(|l| l.split_whitespace().collect()).collect()
                }
                _ => vec![ops],
            };
            for words in lines.iter().filter(|w| !w.is_empty()) {
                for (tier, factor, says) in sql::classify_redis(words) {
                    if tier > Tier::Low {
                        out.push(finding(tier, factor, says));
                    }
                }
            }
            redis(a, c, args, out);
        }
        "psql" | "mysql" | "mariadb" | "sqlite3" | "sqlite" | "duckdb" | "clickhouse-client"
        | "clickhouse" | "cockroach" | "pgcli" | "mycli" | "usql" | "litecli" => {
            piped_sql(a, c, out);
        }
        "prisma" => {
            let w = args.words(&["--schema", "--url", "--file"]);
            if w.get(..2) == Some(&["db", "execute"][..]) {
                match &c.stdin {
                    Stdin::Literal(t) if args.long(&["--stdin"]) => statements(t, true, "SQL", out),
                    _ => out.push(finding(
                        Tier::Medium,
                        Factor::DatabaseWrite,
                        "runs SQL from a file or another command",
                    )),
                }
            }
        }
        "zkcli" | "zkcli.sh" | "zookeeper-shell" | "zookeeper-shell.sh" => zookeeper(args, out),
        "kafka-configs" | "kafka-configs.sh" => kafka_retention(args, out),
        "hbase" => hbase(c, args, out),
        "cypher-shell" => cypher(c, args, out),
        "rclone" => {
            let w = args.words(&["--config", "--max-depth", "--include", "--exclude", "--filter"]);
            if w.first() == Some(&"delete") && !args.long(&["--max-depth"]) {
                out.push(finding(
                    Tier::High,
                    Factor::CloudDestruction,
                    "deletes every file under a remote path (rclone delete is recursive)",
                ));
            }
        }
        "npm" | "yarn" | "pnpm" | "bun" | "make" | "gmake" | "just" | "task" => {
            named_reset(prog, args, out);
            if prog == "bun" {
                inline_code(c, args, out);
            }
        }
        "gsutil" => {
            let w = args.words(&["-o", "-h", "-p", "-u"]);
            if w.first() == Some(&"rm") && w.iter().skip(1).any(|u| u.contains('*')) {
                out.push(finding(
                    Tier::High,
                    Factor::CloudDestruction,
                    "deletes every object a wildcard matches in a bucket",
                ));
            }
        }
        "kafka-topics" | "kafka-topics.sh" => {
            let all = args
                .value_of(&["--topic"])
                .is_some_and(|t| matches!(t.text.as_str(), ".*" | "*" | ".+"));
            if args.long(&["--delete"]) && all {
                out.push(finding(
                    Tier::Critical,
                    Factor::DatabaseDestruction,
                    "deletes every Kafka topic",
                ));
            }
        }
        "wp" => {
            let w = args.words(&["--path", "--url", "--user"]);
            if w.get(..2) == Some(&["db", "query"][..])
                && let Some(q) = args.operands(&["--path", "--url", "--user"]).get(2)
            {
                statements(&q.text, q.known, "SQL", out);
            }
        }
        "etcdctl" => etcd(args, out),
        "consul" => consul(args, out),
        "influx" => {
            if let Some(q) = args.value_of(&["-execute", "--execute"]) {
                statements(&q.text, q.known, "InfluxQL", out);
            }
        }
        "nc" | "ncat" | "netcat" | "telnet" | "socat" => raw_protocol(c, out),
        _ => {}
    }
    if !c.redirs.is_empty() {
        raw_socket_write(c, args, out);
    }
    production(c, args, out);
}

/// Findings at or above HIGH from SQL text (`known`: statically known).
fn statements(text: &str, known: bool, what: &str, out: &mut Vec<Finding>) {
    if !known {
        out.push(finding(
            Tier::High,
            Factor::DatabaseWrite,
            format!("runs {what} built at run time"),
        ));
        return;
    }
    for (tier, factor, says) in sql::classify_sql(text) {
        if tier >= Tier::High {
            out.push(finding(tier, factor, says));
        }
    }
}

/// A data-store destruction (this family's, a registry rule's or the database handler's)
/// against a production-like target (a word of the command, its working folder or a prefix
/// assignment such as `RAILS_ENV=production`) is CRITICAL.
fn production(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let destroys =
        out.iter().any(|f| f.tier == Tier::High && f.factor == Some(Factor::DatabaseDestruction));
    if destroys
        && (args.prod() || c.assigns.iter().any(|(_, v)| crate::risk::paths::is_prod_like(&v.text)))
    {
        out.push(finding(
            Tier::Critical,
            Factor::DatabaseDestruction,
            "destroys data on a production target",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Framework tasks.

/// Which framework's task runner a command is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Django,
    Laravel,
    Symfony,
    Flask,
    Mix,
    Rails,
    Sequelize,
    Dbmate,
    GoMigrate,
    TypeOrm,
    Drizzle,
}

/// The framework and the task words of a command (`python manage.py migrate app zero` →
/// Django, `[migrate, app, zero]`), or `None` when it is not a framework task runner.
fn task<'a>(prog: &str, args: &Args<'a>) -> Option<(Tool, Vec<&'a str>)> {
    let words = |with_value: &[&str]| -> Vec<&'a str> { args.words(with_value) };
    let base = |w: &str| w.rsplit(['/', '\\']).next().unwrap_or(w).to_ascii_lowercase();
    match prog {
        "manage.py" | "django-admin" | "django-admin.py" => {
            Some((Tool::Django, words(&["--settings", "--pythonpath", "--verbosity", "-v"])))
        }
        "php" => {
            let w = words(&["-d", "-c", "-z"]);
            let tool = match w.first().map(|s| base(s)) {
                Some(s) if s == "artisan" => Tool::Laravel,
                Some(s) if s == "console" => Tool::Symfony,
                _ => return None,
            };
            Some((tool, w.into_iter().skip(1).collect()))
        }
        "flask" => {
            let w = words(&["--app", "-A", "-e", "--env-file"]);
            match w.first() {
                Some(&"db") => Some((Tool::Flask, w.into_iter().skip(1).collect())),
                Some(&"shell") => Some((Tool::Flask, w)),
                _ => None,
            }
        }
        "mix" => Some((Tool::Mix, words(&["-r", "--repo"]))),
        "rails" | "rake" => Some((Tool::Rails, words(&["-e", "--environment", "-f"]))),
        "sequelize" | "sequelize-cli" => Some((Tool::Sequelize, words(&["--env", "--url"]))),
        "dbmate" => Some((
            Tool::Dbmate,
            words(&["-u", "--url", "-d", "--migrations-dir", "-e", "--env", "--env-file"]),
        )),
        "migrate" => Some((
            Tool::GoMigrate,
            words(&["-path", "-database", "-source", "-lock-timeout", "-prefetch"]),
        )),
        "typeorm" | "typeorm-ts-node-commonjs" | "typeorm-ts-node-esm" => {
            Some((Tool::TypeOrm, words(&["-d", "--dataSource"])))
        }
        "drizzle-kit" => Some((Tool::Drizzle, words(&["--config"]))),
        _ => {
            // python [-W x] [-X y] manage.py …, python -m django …; not python -c code.
            let texts = &args.texts;
            let mut i = 0;
            while let Some(t) = texts.get(i) {
                match *t {
                    "-c" => return None,
                    "-m" if texts.get(i + 1) == Some(&"django") => {
                        let rest = texts[i + 2..].iter().copied();
                        return Some((
                            Tool::Django,
                            rest.filter(|t| !t.starts_with('-')).collect(),
                        ));
                    }
                    "-m" => return None,
                    "-W" | "-X" => i += 1,
                    t if !t.starts_with('-') => break,
                    _ => {}
                }
                i += 1;
            }
            let w = words(&["-W", "-X", "--settings"]);
            (w.first().is_some_and(|s| base(s) == "manage.py"))
                .then(|| (Tool::Django, w.into_iter().skip(1).collect()))
        }
    }
}

/// Destructive commands of Symfony-console applications (Laravel's artisan, Symfony's
/// bin/console), which accept abbreviations of them.
const CONSOLE_COMMANDS: &[&str] = &[
    "db:wipe",
    "dbal:run-sql",
    "doctrine:database:drop",
    "doctrine:fixtures:load",
    "doctrine:migrations:migrate",
    "doctrine:query:sql",
    "doctrine:schema:drop",
    "horizon:clear",
    "migrate:fresh",
    "migrate:refresh",
    "migrate:reset",
    "migrate:rollback",
    "queue:clear",
    "queue:flush",
];

/// Whether `given` abbreviates `full` part by part (`d:d:d`, `migrate:fr`).
fn abbreviates(given: &str, full: &str) -> bool {
    given.split(':').count() == full.split(':').count()
        && given.split(':').zip(full.split(':')).all(|(g, f)| !g.is_empty() && f.starts_with(g))
}

/// Code snippets (lower case, without spaces) that empty or drop a whole data store or table
/// from an ORM or client library.
const CODE_WIPES: &[&str] = &[
    ".drop_all(",
    "drop_database(",
    ".dropdatabase(",
    "flushall(",
    "flushdb(",
    ".deletemany()",
    ".deletemany({})",
    ".delete_many({})",
    ".all().delete()",
    ".objects.delete(",
    "sync({force:true})",
    "truncate:true",
    "->truncate()",
    "schema::drop",
    "drop_table",
    "purge_current_database",
];

/// The snippet of [`CODE_WIPES`] that `code` holds, or an unfiltered Rails `delete_all` /
/// `destroy_all`.
fn code_wipes(code: &str) -> Option<&'static str> {
    let lower: String =
        code.chars().filter(|ch| !ch.is_whitespace()).collect::<String>().to_ascii_lowercase();
    if let Some(w) = CODE_WIPES.iter().find(|w| lower.contains(*w)) {
        return Some(w);
    }
    ["delete_all", "destroy_all"]
        .into_iter()
        .find(|w| lower.contains(w) && !lower.contains("where("))
}

/// Inline interpreter code (`python -c`, `node -e`, a heredoc) that empties or drops a data
/// store through a client library: `db.drop_all()`, `r.flushall()`,
/// `prisma.user.deleteMany()`.
fn inline_code(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let code = args
        .value_of(&["-c", "-e", "--eval", "-p", "--print", "-r"])
        .filter(|f| f.known)
        .map(|f| f.text.as_str())
        .or(match &c.stdin {
            Stdin::Literal(t) if args.operands(&[]).is_empty() => Some(t.as_str()),
            _ => None,
        });
    if let Some(w) = code.and_then(code_wipes) {
        out.push(finding(
            Tier::High,
            Factor::DatabaseDestruction,
            format!("runs code that empties or drops a data store ({w})"),
        ));
    }
}

/// Framework database tasks that drop, empty or unapply everything.
fn framework(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let Some((tool, w)) = task(prog, args) else { return };
    let Some(first) = w.first().map(|s| s.to_ascii_lowercase()) else { return };
    // Symfony's console (and so Laravel's artisan) runs any unambiguous abbreviation of a
    // command name (`d:d:d` is `doctrine:database:drop`).
    let first = match tool {
        Tool::Laravel | Tool::Symfony => CONSOLE_COMMANDS
            .iter()
            .find(|full| abbreviates(&first, full))
            .map_or(first, |full| (*full).to_owned()),
        _ => first,
    };
    let second = w.get(1).map(|s| s.to_ascii_lowercase()).unwrap_or_default();
    let has = |word: &str| args.texts.iter().any(|t| t.eq_ignore_ascii_case(word));
    let drop_db = (Tier::Critical, "drops the application's database");
    let empties = (Tier::High, "empties or recreates every table of the application's database");
    let unapplies = (Tier::High, "unapplies migrations, dropping the tables and columns they made");
    let verdict = match (tool, first.as_str()) {
        (Tool::Django, "flush" | "reset_db" | "reset_schema" | "drop_test_database") => {
            Some(empties)
        }
        (Tool::Django, "migrate") if w.get(2).is_some_and(|v| v.eq_ignore_ascii_case("zero")) => {
            Some((Tier::High, "unapplies every migration of an app, dropping its tables"))
        }
        (Tool::Django, "dbshell") => {
            django_dbshell(a, c, args, out);
            None
        }
        (Tool::Django, "shell" | "shell_plus")
        | (Tool::Rails, "runner" | "r" | "console" | "c")
        | (Tool::Laravel, "tinker")
        | (Tool::Flask, "shell") => {
            let runner = matches!(first.as_str(), "runner" | "r");
            let code = args
                .value_of(&["-c", "--command", "--execute"])
                .or_else(|| {
                    runner.then(|| args.operands(&["-e", "--environment"]).get(1).copied())?
                })
                .map(|f| f.text.as_str())
                .or_else(|| args.opts().find_map(|t| t.strip_prefix("--execute=")));
            let code = code.or(match &c.stdin {
                Stdin::Literal(t) => Some(t.as_str()),
                _ => None,
            });
            code.and_then(code_wipes)
                .map(|_| (Tier::High, "runs code that empties or drops tables"))
        }
        (Tool::Laravel, "migrate:fresh" | "migrate:reset" | "migrate:refresh" | "db:wipe")
            if !has("--pretend") =>
        {
            Some(empties)
        }
        (Tool::Laravel, "migrate:rollback") if !has("--pretend") => Some(unapplies),
        (Tool::Laravel, "queue:clear" | "queue:flush" | "horizon:clear") => {
            Some((Tier::High, "deletes every job of a queue"))
        }
        (Tool::Symfony, "doctrine:database:drop") => {
            Some(if has("--force") { drop_db } else { (Tier::High, drop_db.1) })
        }
        (Tool::Symfony, "doctrine:schema:drop") => Some(empties),
        (Tool::Symfony, "doctrine:migrations:migrate")
            if matches!(second.as_str(), "first" | "prev") =>
        {
            Some(unapplies)
        }
        (Tool::Symfony, "doctrine:fixtures:load") if !has("--append") => {
            Some((Tier::High, "empties the database before loading fixtures"))
        }
        (Tool::Symfony, "doctrine:query:sql" | "dbal:run-sql") => {
            if let Some(f) = args.operands(&[]).get(2) {
                statements(&f.text, f.known, "SQL", out);
            }
            None
        }
        (Tool::Flask, "downgrade") => Some(unapplies),
        (Tool::Mix, "ecto.drop") => Some(drop_db),
        (Tool::Mix, "ecto.reset") => Some(empties),
        (Tool::Mix, "ecto.rollback") => Some(unapplies),
        (
            Tool::Rails,
            "db:purge" | "db:truncate_all" | "db:seed:replant" | "db:structure:load" | "db:setup",
        ) => Some(empties),
        (Tool::Rails, "db:migrate")
            if args.texts.iter().any(|t| t.eq_ignore_ascii_case("VERSION=0")) =>
        {
            Some(unapplies)
        }
        (Tool::Sequelize, "db:drop") if prog == "sequelize-cli" => Some(drop_db),
        (
            Tool::Sequelize,
            "db:migrate:undo" | "db:migrate:undo:all" | "db:seed:undo" | "db:seed:undo:all",
        ) => Some(unapplies),
        (Tool::Dbmate | Tool::GoMigrate, "drop") => Some(drop_db),
        (Tool::TypeOrm, "migration:revert") => Some(unapplies),
        (Tool::TypeOrm, "schema:drop") if prog != "typeorm" => Some(empties),
        (Tool::Drizzle, "push") if has("--force") => {
            Some((Tier::High, "pushes a schema, accepting statements that drop data"))
        }
        _ => None,
    };
    if let Some((tier, says)) = verdict {
        let runner = match tool {
            Tool::Django => "manage.py",
            Tool::Laravel => "artisan",
            Tool::Symfony => "console",
            _ => prog,
        };
        out.push(finding(tier, Factor::DatabaseDestruction, format!("{says} ({runner} {first})")));
    }
}

/// `manage.py dbshell` fed the output of `sqlflush`, SQL on standard input, or a client
/// command after `--`.
fn django_dbshell(a: &Analysis, c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    match &c.stdin {
        Stdin::Literal(t) => statements(t, true, "SQL", out),
        Stdin::Upstream(s, e) => {
            let upstream = a.cmds.get(*s..(*e).min(a.cmds.len())).unwrap_or_default();
            if upstream.iter().any(|u| u.args().iter().any(|f| f.text == "sqlflush")) {
                out.push(finding(
                    Tier::High,
                    Factor::DatabaseDestruction,
                    "empties every table: runs the SQL of `manage.py sqlflush`",
                ));
            }
        }
        _ => {}
    }
    if let Some(dash) = args.texts.iter().position(|t| *t == "--") {
        let rest = &args.texts[dash + 1..];
        if let Some(i) = rest.iter().position(|t| matches!(*t, "-c" | "-e" | "--command"))
            && let Some(sql) = rest.get(i + 1)
        {
            statements(sql, args.all.get(dash + 2 + i).is_none_or(|f| f.known), "SQL", out);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP APIs of data stores.

/// Path segments that name a collection of stores: what follows is one store
/// (`/api/v2/buckets/<id>`, `/api/queues/<vhost>/<name>`, `/collections/<name>`).
const STORE_KINDS: &[&str] = &[
    "_data_stream",
    "buckets",
    "collections",
    "databases",
    "exchanges",
    "indexes",
    "indices",
    "keyspaces",
    "namespaces",
    "queues",
    "streams",
    "tables",
    "topics",
    "vhosts",
];

/// Options of curl that take a separate value.
const CURL_VALUE_OPTS: &[&str] = &[
    "-A",
    "-b",
    "-c",
    "-d",
    "-e",
    "-E",
    "-F",
    "-H",
    "-K",
    "-m",
    "-o",
    "-r",
    "-T",
    "-u",
    "-U",
    "-w",
    "-x",
    "-X",
    "--cacert",
    "--cert",
    "--config",
    "--connect-timeout",
    "--cookie",
    "--cookie-jar",
    "--data",
    "--data-ascii",
    "--data-binary",
    "--data-raw",
    "--data-urlencode",
    "--form",
    "--header",
    "--json",
    "--key",
    "--max-time",
    "--output",
    "--proxy",
    "--range",
    "--referer",
    "--request",
    "--resolve",
    "--retry",
    "--upload-file",
    "--url",
    "--user",
    "--user-agent",
    "--write-out",
];

/// The method, URL and body of an HTTP client's request, as far as they are known.
struct Request<'a> {
    method: String,
    url: &'a str,
    /// The body, `Some("")` when it comes from a file or standard input.
    body: Option<String>,
}

fn request<'a>(prog: &str, a: &Args<'a>) -> Option<Request<'a>> {
    let texts = &a.texts;
    match prog {
        "curl" | "curlie" => {
            let mut method = None;
            let mut body: Option<String> = None;
            let mut url = a.value_of(&["--url"]).map(|f| f.text.as_str());
            let mut i = 0;
            while i < texts.len() {
                let t = texts[i];
                let next = texts.get(i + 1).copied();
                if t == "--" {
                    url = url.or(next);
                    break;
                }
                let (opt, attached) = match t.split_once('=') {
                    Some((o, v)) if o.starts_with("--") => (o, Some(v)),
                    _ => (t, None),
                };
                if matches!(opt, "-X" | "--request") {
                    method = attached.or(next);
                } else if let Some(m) = t.strip_prefix('-').filter(|r| !r.starts_with('-')) {
                    // A short cluster ending in X, or X with its value attached: `-sXDELETE`.
                    if let Some(at) = m.find('X')
                        && m[..at].chars().all(|ch| ch.is_ascii_alphabetic())
                    {
                        let v = &m[at + 1..];
                        method = if v.is_empty() { next } else { Some(v) };
                    }
                }
                if matches!(
                    opt,
                    "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--json"
                ) {
                    let v = attached.or(next).unwrap_or_default();
                    body = Some(if v.starts_with('@') { String::new() } else { v.to_owned() });
                } else if t.len() > 2 && t.starts_with("-d") && !t.starts_with("--") {
                    body = Some(t[2..].to_owned());
                }
                if (CURL_VALUE_OPTS.contains(&opt) && attached.is_none())
                    || (t.starts_with('-')
                        && !t.starts_with("--")
                        && t.ends_with(['X', 'd', 'H', 'o', 'u']))
                {
                    i += 1;
                } else if url.is_none() && !t.starts_with('-') {
                    url = Some(t);
                }
                i += 1;
            }
            let method = match method {
                Some(m) => m.to_ascii_uppercase(),
                None if body.is_some() => "POST".to_owned(),
                None => "GET".to_owned(),
            };
            Some(Request { method, url: url?, body })
        }
        "wget" | "wget2" => {
            let method = a
                .opts()
                .find_map(|t| t.strip_prefix("--method="))
                .or_else(|| a.value_of(&["--method"]).map(|f| f.text.as_str()))
                .map_or_else(
                    || {
                        if a.opts().any(|t| t.starts_with("--post-")) { "POST" } else { "GET" }
                            .to_owned()
                    },
                    str::to_ascii_uppercase,
                );
            let body = a
                .opts()
                .find_map(|t| t.strip_prefix("--body-data=").or(t.strip_prefix("--post-data=")))
                .map(str::to_owned);
            let url = texts.iter().copied().find(|t| t.contains("://")).or_else(|| {
                a.words(&["--method", "-O", "-o", "-P", "--header", "-U", "--user-agent"])
                    .into_iter()
                    .next()
            })?;
            Some(Request { method, url, body })
        }
        _ => {
            // HTTPie and xh: `http [METHOD] URL [items]`.
            let w = a.words(&["-a", "--auth", "-A", "--auth-type", "-o", "--output", "--session"]);
            let (method, url) = match w.as_slice() {
                [m, u, ..] if m.chars().all(|ch| ch.is_ascii_alphabetic()) => {
                    (m.to_ascii_uppercase(), *u)
                }
                [u, ..] => ("GET".to_owned(), *u),
                [] => return None,
            };
            Some(Request { method, url, body: None })
        }
    }
}

/// Decodes `%XX` escapes of ASCII characters (`%2A` → `*`, `%2F` → `/`).
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
            && v.is_ascii()
        {
            out.push(char::from(v));
            i += 3;
            continue;
        }
        let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

/// HTTP requests that delete an index, database, bucket or queue, or every document of one.
fn http(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let Some(req) = request(prog, a) else { return };
    let rest = req.url.split_once("://").map_or(req.url, |(_, r)| r);
    let (path, query) = match rest.split_once('/') {
        Some((_, p)) => p.split_once('?').map_or((p, ""), |(p, q)| (p, q)),
        None => ("", rest.split_once('?').map_or("", |(_, q)| q)),
    };
    let path = path.split('#').next().unwrap_or_default();
    let segs: Vec<String> =
        path.split('/').filter(|s| !s.is_empty()).map(percent_decoded).collect();
    let every = |s: &str| s == "_all" || (!s.is_empty() && s.chars().all(|ch| "*,".contains(ch)));
    let delete = req.method == "DELETE";
    if delete {
        let what = match segs.as_slice() {
            [] => Some((Tier::High, "deletes what the server at the root of the URL holds".into())),
            [one, ..] if every(one) => {
                Some((Tier::Critical, "deletes every index or database".to_owned()))
            }
            [one] if one.contains('*') => {
                Some((Tier::High, format!("deletes every index matching {one}")))
            }
            [one] => Some((Tier::High, format!("deletes the index, database or bucket {one}"))),
            _ => {
                let k = segs.iter().rposition(|s| STORE_KINDS.contains(&s.as_str()));
                match k {
                    Some(k) if k + 1 < segs.len() && segs.len() - k <= 3 => Some((
                        Tier::High,
                        format!("deletes the {} {}", segs[k], segs[segs.len() - 1]),
                    )),
                    _ if segs.last().is_some_and(|s| s == "contents")
                        && segs.iter().any(|s| s == "queues") =>
                    {
                        Some((Tier::High, "purges every message of a queue".to_owned()))
                    }
                    _ => None,
                }
            }
        };
        // Key-value HTTP APIs: Consul's `/v1/kv/…?recurse`, etcd v2's `/v2/keys/…?recursive`.
        let tree = segs.iter().position(|s| s == "kv" || s == "keys").filter(|_| {
            query
                .split('&')
                .any(|p| p == "recurse" || p.starts_with("recurse=") || p == "recursive=true")
        });
        let what = what.or_else(|| {
            tree.map(|k| {
                if k + 1 == segs.len() {
                    (Tier::Critical, "deletes every key of a key-value store".to_owned())
                } else {
                    (Tier::High, "deletes a whole tree of a key-value store".to_owned())
                }
            })
        });
        if let Some((tier, says)) = what {
            out.push(finding(tier, Factor::DatabaseDestruction, format!("{says} ({})", req.url)));
        }
        return;
    }
    let body: Option<String> =
        req.body.map(|b| b.chars().filter(|ch| !ch.is_whitespace()).collect());
    if segs.last().is_some_and(|s| s == "delete_series") {
        out.push(finding(
            Tier::High,
            Factor::DatabaseDestruction,
            format!("deletes stored time series ({})", req.url),
        ));
        return;
    }
    if segs.last().is_some_and(|s| s == "_delete_by_query") {
        let all = body.as_deref().is_none_or(|b| b.is_empty() || b.contains("match_all"));
        if all {
            let tier =
                if segs.first().is_some_and(|s| every(s)) { Tier::Critical } else { Tier::High };
            out.push(finding(
                tier,
                Factor::DatabaseDestruction,
                format!("deletes every document of an index ({})", req.url),
            ));
        }
        return;
    }
    if let Some(b) = &body {
        let lower = b.to_ascii_lowercase();
        if lower.contains("<delete><query>*:*</query>")
            || lower.contains("\"delete\":{\"query\":\"*:*\"")
        {
            out.push(finding(
                Tier::High,
                Factor::DatabaseDestruction,
                format!("deletes every document of a search core ({})", req.url),
            ));
        }
    }
    // ClickHouse's HTTP interface: SQL in `?query=` or in the body on its port.
    let sql_query = query
        .split('&')
        .find_map(|p| p.strip_prefix("query="))
        .map(|q| percent_decoded(&q.replace('+', " ")));
    let on_clickhouse = rest.split('/').next().is_some_and(|h| h.ends_with(":8123"));
    if let Some(q) = sql_query {
        statements(&q, true, "SQL", out);
    } else if on_clickhouse && let Some(b) = &req_body_text(a) {
        statements(b, true, "SQL", out);
    }
}

/// The raw body of a curl request given with `--data-binary`/`-d`, spaces kept.
fn req_body_text(a: &Args) -> Option<String> {
    a.value_of(&["-d", "--data", "--data-binary", "--data-raw"])
        .filter(|f| f.known && !f.text.starts_with('@'))
        .map(|f| f.text.clone())
}

// ---------------------------------------------------------------------------------------------
// Key-value stores.

/// `redis-cli DEL`/`UNLINK` fed every key another command lists (`xargs`, a loop over
/// `KEYS`), or commands piped in from a stage that writes `DEL` lines.
fn redis(a: &Analysis, c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    if let Some(p) = args.texts.iter().position(|t| *t == "--cluster")
        && args.texts.get(p + 1) == Some(&"call")
    {
        let words = args.texts.get(p + 3..).unwrap_or_default();
        for (tier, factor, says) in sql::classify_redis(words) {
            if tier >= Tier::High {
                out.push(finding(tier, factor, format!("{says}, on every node of the cluster")));
            }
        }
        return;
    }
    let ops = args.operands(registry::value_opts("redis-cli"));
    let Some(cmd) = ops.first() else {
        if matches!(c.stdin, Stdin::File(_) | Stdin::Network) {
            out.push(finding(
                Tier::Medium,
                Factor::DatabaseWrite,
                "runs Redis commands from a file or the network",
            ));
        }
        if let Stdin::Upstream(s, e) = &c.stdin {
            let upstream = a.cmds.get(*s..(*e).min(a.cmds.len())).unwrap_or_default();
            let writes_deletes = upstream.iter().any(|u| {
                u.args().iter().any(|f| {
                    let t = f.text.to_ascii_lowercase();
                    t.contains("del ") || t.contains("unlink ") || t.contains("flushall")
                })
            });
            if writes_deletes {
                out.push(finding(
                    Tier::High,
                    Factor::DatabaseDestruction,
                    "deletes the Redis keys an earlier command lists",
                ));
            } else {
                out.push(finding(
                    Tier::Medium,
                    Factor::DatabaseWrite,
                    "runs Redis commands another command writes",
                ));
            }
        }
        return;
    };
    if !matches!(cmd.text.to_ascii_uppercase().as_str(), "DEL" | "UNLINK") {
        return;
    }
    let listed = |f: &&crate::risk::shell::Field| {
        f.from.is_some_and(|(s, e)| {
            a.cmds.get(s..e.min(a.cmds.len())).unwrap_or_default().iter().any(|u| {
                u.args().iter().any(|x| {
                    matches!(x.text.to_ascii_uppercase().as_str(), "KEYS" | "SCAN" | "--SCAN")
                })
            })
        })
    };
    if c.extra_args || ops.iter().skip(1).any(listed) {
        out.push(finding(
            Tier::High,
            Factor::DatabaseDestruction,
            "deletes every Redis key another command lists",
        ));
    }
}

/// `etcdctl del --prefix ""` and `etcdctl del "" --from-key`: every key of the store (or
/// every object of the Kubernetes cluster it backs, under `/registry`).
fn etcd(args: &Args, out: &mut Vec<Finding>) {
    let ops = args.words(registry::value_opts("etcdctl"));
    if ops.first() != Some(&"del") {
        return;
    }
    let key = ops.get(1).copied().unwrap_or_default();
    let wide = args.long(&["--from-key"]) || args.long(&["--prefix"]);
    if wide && (matches!(key, "" | "/" | "\0") || key.trim_end_matches('/') == "/registry") {
        out.push(finding(Tier::Critical, Factor::DatabaseDestruction, "deletes every key of etcd"));
    }
}

/// `consul kv delete -recurse` of the root: the whole key-value store.
fn consul(args: &Args, out: &mut Vec<Finding>) {
    let ops = args.words(registry::value_opts("consul"));
    if ops.get(..2) != Some(&["kv", "delete"][..]) {
        return;
    }
    let recurse = args.opts().any(|t| registry::opt_matches(t, "-recurse"));
    if recurse && matches!(ops.get(2).copied().unwrap_or_default(), "" | "/") {
        out.push(finding(
            Tier::Critical,
            Factor::DatabaseDestruction,
            "deletes every key of Consul's key-value store",
        ));
    }
}

/// Flush commands written straight to a data store's socket: memcached's `flush_all`,
/// Redis's `FLUSHALL`/`FLUSHDB`.
fn raw_protocol(c: &Cmd, out: &mut Vec<Finding>) {
    if let Stdin::Literal(t) = &c.stdin {
        flush_words(t, out);
    }
}

/// Findings for raw protocol text that flushes a cache or key-value server.
fn flush_words(text: &str, out: &mut Vec<Finding>) {
    let has = |w: &str| {
        text.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .any(|t| t.eq_ignore_ascii_case(w))
    };
    if has("flushall") {
        out.push(finding(
            Tier::Critical,
            Factor::DatabaseDestruction,
            "sends FLUSHALL to a Redis server, deleting every key",
        ));
    } else if has("flush_all") || has("flushdb") {
        out.push(finding(
            Tier::High,
            Factor::DatabaseDestruction,
            "sends a flush command to a cache or key-value server, deleting every key",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Pipes, scripts and other stores.

/// An SQL client fed a dump or flush script that replaces or empties tables: the output of
/// `manage.py sqlflush`, `pg_dump --clean`, or `mysqldump` (which writes `DROP TABLE` first
/// unless told not to).
fn piped_sql(a: &Analysis, c: &Cmd, out: &mut Vec<Finding>) {
    let Stdin::Upstream(s, e) = &c.stdin else { return };
    let upstream = a.cmds.get(*s..(*e).min(a.cmds.len())).unwrap_or_default();
    for u in upstream {
        let texts: Vec<&str> = u.args().iter().map(|f| f.text.as_str()).collect();
        let drops = match u.prog().as_deref() {
            Some("pg_dump" | "pg_dumpall") => texts.iter().any(|t| {
                *t == "--clean"
                    || (t.starts_with('-')
                        && !t.starts_with("--")
                        && t[1..].chars().all(|ch| ch.is_ascii_alphabetic())
                        && t.contains('c')
                        && !t.contains('F'))
            }),
            Some("mysqldump" | "mariadb-dump") => !texts.iter().any(|t| {
                matches!(*t, "--skip-add-drop-table" | "--no-create-info" | "-t" | "--compact")
            }),
            _ => texts.contains(&"sqlflush"),
        };
        if drops {
            out.push(finding(
                Tier::High,
                Factor::DatabaseDestruction,
                "runs SQL that drops or empties tables before reloading them",
            ));
            return;
        }
    }
}

/// ZooKeeper's recursive deletes (`deleteall`, `rmr`); of the root, everything.
fn zookeeper(args: &Args, out: &mut Vec<Finding>) {
    let w = args.words(&["-server", "-timeout"]);
    let Some(i) = w.iter().position(|t| matches!(*t, "deleteall" | "rmr")) else { return };
    let root = w.get(i + 1).is_none_or(|p| *p == "/");
    let (tier, says) = if root {
        (Tier::Critical, "deletes every ZooKeeper node")
    } else {
        (Tier::High, "deletes a ZooKeeper node and everything under it")
    };
    out.push(finding(tier, Factor::DatabaseDestruction, says));
}

/// `kafka-configs --alter --add-config retention.ms=1`: a retention so short that Kafka
/// deletes the topic's messages.
fn kafka_retention(args: &Args, out: &mut Vec<Finding>) {
    if !args.long(&["--alter"]) {
        return;
    }
    let purges = args.texts.iter().any(|t| {
        t.split(',').any(|kv| {
            kv.strip_prefix("retention.ms=")
                .and_then(|v| v.trim_matches(['\'', '"']).parse::<i64>().ok())
                .is_some_and(|ms| (0..60_000).contains(&ms))
                || kv.strip_prefix("retention.bytes=").is_some_and(|v| v == "0")
        })
    });
    if purges {
        out.push(finding(
            Tier::High,
            Factor::DatabaseDestruction,
            "shrinks a topic's retention so that Kafka deletes its messages",
        ));
    }
}

/// `hbase shell` commands that drop or empty tables.
fn hbase(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    if args.texts.first() != Some(&"shell") {
        return;
    }
    let Stdin::Literal(t) = &c.stdin else { return };
    let destroys = t.split(['\n', ';']).any(|line| {
        let first = line.split_whitespace().next().unwrap_or_default();
        matches!(
            first,
            "drop" | "drop_all" | "truncate" | "truncate_preserve" | "deleteall" | "drop_namespace"
        )
    });
    if destroys {
        out.push(finding(Tier::High, Factor::DatabaseDestruction, "drops or empties HBase tables"));
    }
}

/// Cypher that deletes without a filter (`MATCH (n) DETACH DELETE n`) or drops a database.
fn cypher(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let query = match &c.stdin {
        Stdin::Literal(t) => t.clone(),
        _ => args
            .operands(&["-u", "-p", "-a", "--address", "-d", "--database", "-f", "--file"])
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    };
    let q = query.to_ascii_uppercase();
    if q.contains("DROP DATABASE") {
        out.push(finding(Tier::Critical, Factor::DatabaseDestruction, "drops a graph database"));
    } else if q.contains("DELETE") && !q.contains("WHERE") && !q.contains('{') {
        out.push(finding(
            Tier::High,
            Factor::DatabaseDestruction,
            "deletes every matching node of the graph, without a filter",
        ));
    }
}

/// Words that name a data store in a script or target name (`db:reset`, `reset-db`).
const STORE_WORDS: &[&str] = &[
    "data",
    "database",
    "databases",
    "db",
    "ecto",
    "indices",
    "knex",
    "migrate",
    "migrations",
    "mongo",
    "mysql",
    "pg",
    "postgres",
    "prisma",
    "redis",
    "schema",
    "sequelize",
    "sql",
    "sqlite",
    "tables",
    "typeorm",
];

/// Verbs that reset what a store holds, or unapply its migrations.
const RESET_WORDS: &[&str] = &[
    "clean",
    "destroy",
    "downgrade",
    "drop",
    "flush",
    "fresh",
    "nuke",
    "purge",
    "reset",
    "revert",
    "rollback",
    "truncate",
    "undo",
    "wipe",
];

/// A package-manager script, task-runner target or package binary whose name says it resets a
/// database (`npm run db:reset`, `make drop-db`, `yarn prisma migrate reset`); scripts for
/// the test database are left alone.
fn named_reset(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let w = args.words(&["-C", "-f", "--file", "-j", "--filter", "-w", "--workspace", "--cwd"]);
    let names: Vec<&str> = match prog {
        "npm" => match w.first() {
            Some(&("run" | "run-script")) => w.get(1).copied().into_iter().collect(),
            _ => return,
        },
        "yarn" | "pnpm" | "bun" => match w.first() {
            Some(&("run" | "exec" | "dlx" | "x")) => w.iter().skip(1).take(3).copied().collect(),
            Some(_) => w.iter().take(3).copied().collect(),
            None => return,
        },
        _ => w,
    };
    let resets = |tokens: &mut dyn Iterator<Item = &str>| {
        let (mut store, mut verb, mut test) = (false, false, false);
        for t in tokens {
            let t = t.to_ascii_lowercase();
            store |= STORE_WORDS.contains(&t.as_str());
            verb |= RESET_WORDS.contains(&t.as_str());
            test |= t == "test" || t == "testing";
        }
        store && verb && !test
    };
    let split = |n: &'_ str| {
        n.split([':', '-', '_', '.', '/'])
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let hit = if matches!(prog, "yarn" | "pnpm" | "bun") {
        // A package binary with its words (`prisma migrate reset`) or one script name.
        let tokens: Vec<String> = names.iter().flat_map(|n| split(n)).collect();
        resets(&mut tokens.iter().map(String::as_str)).then(|| names.join(" "))
    } else {
        names
            .iter()
            .find(|n| resets(&mut split(n).iter().map(String::as_str)))
            .map(|n| (*n).to_owned())
    };
    if let Some(name) = hit {
        out.push(finding(
            Tier::High,
            Factor::DatabaseDestruction,
            format!("runs `{prog} {name}`, which by its name resets or drops a database"),
        ));
    }
}

/// `echo FLUSHALL > /dev/tcp/host/6379`: a flush written straight to a socket by the shell
/// (the redirection may sit on a wrapper: `env echo FLUSHALL > /dev/tcp/…`).
fn raw_socket_write(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let to_socket = c.redirs.iter().any(|r| {
        r.is_write()
            && (r.target.text.starts_with("/dev/tcp/") || r.target.text.starts_with("/dev/udp/"))
    });
    if to_socket {
        for t in &args.texts {
            flush_words(t, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(percent_decoded("%2A,logs-%2a%2F%zz%"), "*,logs-*/%zz%");
        assert_eq!(percent_decoded("caf\u{e9}%41"), "caf\u{e9}A");
        assert!(abbreviates("d:d:d", "doctrine:database:drop"));
        assert!(abbreviates("migrate:fr", "migrate:fresh"));
        assert!(!abbreviates("migrate", "migrate:fresh"));
        assert!(!abbreviates("d::d", "doctrine:database:drop"));
        assert!(!abbreviates("m:s", "migrate:fresh"));
        assert_eq!(code_wipes("db.drop_all()"), Some(".drop_all("));
        assert_eq!(code_wipes("User.delete_all"), Some("delete_all"));
        assert_eq!(code_wipes("User.where(x: 1).delete_all"), None);
        assert_eq!(code_wipes("print(1)"), None);
    }
}
